"""Pages of the plans: outline, measures, indicators, the leaders' overview, reports and exports. Thin.

A plan of a municipality the user does not work for answers 404, as does a change the user may not
make: missing and forbidden look the same.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lagrundt.access.audit import Actor
from lagrundt.access.resources import CHANGE, MEASURES, PLANS, VIEW
from lagrundt.core import documents
from lagrundt.core.forms import add_errors
from lagrundt.core.measurement import Group
from lagrundt.tenancy.models import Sector, ServiceUnit

from . import exports, presenters, selectors, services
from .forms import (
    FigureForm,
    IndicatorFilterForm,
    LinkForm,
    MeasureForm,
    ProgressNoteForm,
    ReviseForm,
    SectorTextForm,
    StatusForm,
    SummaryForm,
    TargetForm,
)
from .models import Goal, MeasureStatus, Plan, Report, ReportStatus, Target


def _plan(request, pk: int) -> Plan:
    plan = selectors.plan_for(request.user, pk)
    if plan is None:
        raise Http404
    return plan


def plan_list(request):
    plans = selectors.plans_for(request.user)
    if not PLANS.user_has_permission(request.user, VIEW):
        raise Http404
    return render(request, "plans/plan_list.html", {"plans": plans})


def plan_detail(request, pk: int):
    plan = _plan(request, pk)
    today = timezone.localdate()
    status = request.GET.get("status", "")
    sector = request.GET.get("sektor", "")
    attention = request.GET.get("vis", "")
    chapters = selectors.outline(
        plan,
        today,
        status=status if status in MeasureStatus.values else "",
        sector=sector if sector in Sector.values else "",
        attention=attention if attention in ("overdue", "quiet") else "",
    )
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "chapters": chapters,
            "counts": selectors.plan_counts(plan),
            "statuses": MeasureStatus.choices,
            "sectors": [
                (s.value, s.label)
                for s in Sector
                if s not in (Sector.DATA_PROTECTION, Sector.SYSTEM_ADMINISTRATION)
            ],
            "filters": {"status": status, "sector": sector, "attention": attention},
            "may_edit": PLANS.user_has_permission_for_instance(request.user, CHANGE, plan),
            "may_report": PLANS.user_has_permission_for_instance(request.user, "report", plan),
            "newer": getattr(plan, "next_version", None) if not plan.is_active else None,
            "status_colours": presenters.STATUS_COLOURS,
        },
    )


def dashboard(request):
    """The leaders' start page: every plan in force, with what needs attention."""
    plans = selectors.active_plans_for(request.user)
    if not PLANS.user_has_permission(request.user, VIEW):
        raise Http404
    today = timezone.localdate()
    overviews = []
    for plan in plans:
        view = selectors.overview(plan, today)
        overviews.append(
            {
                "view": view,
                "targets": [presenters.target_dict(t, _kind(t.target.indicator)) for t in view.targets],
            }
        )
    return render(
        request,
        "plans/dashboard.html",
        {"overviews": overviews, "today": today, "status_colours": presenters.STATUS_COLOURS},
    )


def _kind(indicator_key: str) -> str:
    from . import registry

    found = registry.indicator(indicator_key)
    return found.kind if found else "count"


def indicators(request, pk: int):
    plan = _plan(request, pk)
    today = timezone.localdate()
    form = IndicatorFilterForm(request.GET or None)
    group, years = Group(), selectors.default_years(today)
    if form.is_bound and form.is_valid():
        group = Group.from_dict(form.group())
        years = selectors.clamp_years(form.cleaned_data.get("first"), form.cleaned_data.get("last"), today)
    evaluations = selectors.indicators_for(plan, years=years, group=group, today=today)
    items = []
    for evaluation in evaluations:
        item = presenters.indicator_dict(evaluation)
        item["svg"] = presenters.draw(item["chart"]) if item["chart"] else None
        item["applies"] = group.used() <= set(evaluation.indicator.groups)
        items.append(item)
    return render(
        request,
        "plans/indicators.html",
        {
            "plan": plan,
            "form": form,
            "items": items,
            "years": years,
            "group": group,
            "may_enter": PLANS.user_has_permission_for_instance(request.user, "enter_figures", plan),
        },
    )


def _measure(request, pk: int):
    measure = selectors.measure_for(request.user, pk)
    if measure is None:
        raise Http404
    return measure


@require_http_methods(["GET", "POST"])
def measure_detail(request, pk: int):
    measure = _measure(request, pk)
    actor = Actor.from_request(request)
    may_update = MEASURES.user_has_permission_for_instance(request.user, CHANGE, measure)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not may_update:
        raise Http404
    forms = {
        "status": StatusForm(
            request.POST if action == "status" else None,
            prefix="status",
            initial={"status": measure.status, "reason": measure.status_reason},
        ),
        "note": ProgressNoteForm(request.POST if action == "note" else None, prefix="note"),
        "link": LinkForm(request.POST if action == "link" else None, prefix="link"),
    }
    if action in forms and forms[action].is_valid():
        data = forms[action].cleaned_data
        try:
            if action == "status":
                services.measure_set_status(
                    actor=actor, measure=measure, status=data["status"], reason=data["reason"]
                )
                messages.success(request, _("The status is saved."))
            elif action == "note":
                services.progress_note_add(
                    actor=actor, measure=measure, written_on=data["written_on"], text=data["text"]
                )
                messages.success(request, _("The progress note is saved."))
            else:
                services.measure_link_add(actor=actor, measure=measure, title=data["title"], url=data["url"])
                messages.success(request, _("The link is saved."))
        except ValidationError as exc:
            add_errors(forms[action], exc)
        else:
            return redirect("plans:measure_detail", pk=measure.pk)
    today = timezone.localdate()
    (row,) = selectors.measure_rows(
        measure.plan, today, [selectors._measures(measure.plan).get(pk=measure.pk)]
    )
    return render(
        request,
        "plans/measure_detail.html",
        {
            "measure": measure,
            "row": row,
            "plan": measure.plan,
            "notes": selectors.notes(measure),
            "links": list(measure.links.all()),
            "other_sectors": ", ".join(
                str(Sector(s).label) for s in measure.other_sectors if s in Sector.values
            ),
            "history": selectors.history(measure),
            "forms": forms,
            "open_form": action,
            "may_update": may_update,
            "may_edit": PLANS.user_has_permission_for_instance(request.user, CHANGE, measure.plan),
            "status_colours": presenters.STATUS_COLOURS,
        },
    )


def _units(plan: Plan):
    return list(ServiceUnit.objects.filter(municipalities=plan.municipality).order_by("name"))


@require_http_methods(["GET", "POST"])
def measure_edit(request, pk: int):
    measure = _measure(request, pk)
    if not PLANS.user_has_permission_for_instance(request.user, CHANGE, measure.plan):
        raise Http404
    initial = {
        f: getattr(measure, f)
        for f in (
            "text",
            "description",
            "sector",
            "other_sectors",
            "responsible",
            "starts_on",
            "ends_on",
            "budget",
            "budget_note",
        )
    }
    initial["unit"] = measure.unit_id
    form = MeasureForm(request.POST or None, initial=initial, units=_units(measure.plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_update(
                actor=Actor.from_request(request), measure=measure, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The measure is saved."))
            return redirect("plans:measure_detail", pk=measure.pk)
    return render(
        request, "plans/measure_form.html", {"form": form, "measure": measure, "plan": measure.plan}
    )


@require_http_methods(["GET", "POST"])
def measure_add(request, pk: int, chapter_pk: int):
    plan = _plan(request, pk)
    if not PLANS.user_has_permission_for_instance(request.user, CHANGE, plan):
        raise Http404
    chapter = plan.chapters.filter(pk=chapter_pk).first()
    if chapter is None:
        raise Http404
    goal = None
    goal_id = request.GET.get("mal") or request.POST.get("goal")
    if goal_id and str(goal_id).isdigit():
        goal = Goal.objects.filter(plan=plan, chapter=chapter, pk=int(goal_id)).first()
    form = MeasureForm(request.POST or None, units=_units(plan))
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_add(
                actor=Actor.from_request(request),
                plan=plan,
                chapter=chapter,
                goal=goal,
                data=form.cleaned_data,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The measure is added."))
            return redirect("plans:measure_detail", pk=measure.pk)
    return render(
        request, "plans/measure_form.html", {"form": form, "plan": plan, "chapter": chapter, "goal": goal}
    )


@require_http_methods(["GET", "POST"])
def target_edit(request, pk: int, goal_pk: int):
    plan = _plan(request, pk)
    if not PLANS.user_has_permission_for_instance(request.user, CHANGE, plan):
        raise Http404
    goal = Goal.objects.filter(plan=plan, pk=goal_pk).first()
    if goal is None:
        raise Http404
    target = None
    target_id = request.GET.get("mal") or request.POST.get("target")
    if target_id and str(target_id).isdigit():
        target = Target.objects.filter(goal=goal, pk=int(target_id)).first()
    if request.method == "POST" and request.POST.get("action") == "delete" and target is not None:
        services.target_delete(actor=Actor.from_request(request), target=target)
        messages.success(request, _("The target is removed."))
        return redirect("plans:plan_detail", pk=plan.pk)
    initial = {}
    if target is not None:
        initial = {
            "indicator": target.indicator,
            "series": target.series,
            "direction": target.direction,
            "value": target.value,
            "by": target.by,
            "source": target.source,
            **target.group,
        }
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.target_set(
                actor=Actor.from_request(request),
                goal=goal,
                indicator=data["indicator"],
                value=data["value"],
                by=data["by"],
                direction=data["direction"],
                series=data["series"],
                group=form.group(),
                source=data["source"],
                target=target,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The target is saved."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(
        request, "plans/target_form.html", {"form": form, "plan": plan, "goal": goal, "target": target}
    )


@require_http_methods(["GET", "POST"])
def figures(request, pk: int):
    plan = _plan(request, pk)
    may_enter = PLANS.user_has_permission_for_instance(request.user, "enter_figures", plan)
    if request.method == "POST" and not may_enter:
        raise Http404
    form = FigureForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.figure_enter(
                actor=Actor.from_request(request),
                municipality=plan.municipality,
                indicator=data["indicator"],
                year=data["year"],
                value=data["value"],
                source=data["source"],
                series=data["series"],
                measured_on=data["measured_on"],
                note=data["note"],
                group=form.group(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The figure is saved, marked as entered, with its source."))
            return redirect("plans:figures", pk=plan.pk)
    from . import registry
    from .models import EnteredFigure

    found = registry.all_indicators()
    entered = [
        {
            "figure": f,
            "label": found[f.indicator].label if f.indicator in found else f.indicator,
            "value": presenters.value_text(
                f.value, found[f.indicator].kind if f.indicator in found else "count"
            ),
        }
        for f in EnteredFigure.objects.filter(municipality=plan.municipality)
        .select_related("entered_by")
        .order_by("indicator", "-year", "-entered_at")[:500]
    ]
    return render(
        request,
        "plans/figures.html",
        {"plan": plan, "form": form, "entered": entered, "may_enter": may_enter},
    )


@require_http_methods(["GET", "POST"])
def revise(request, pk: int):
    plan = _plan(request, pk)
    if not PLANS.user_has_permission_for_instance(request.user, CHANGE, plan):
        raise Http404
    form = ReviseForm(
        request.POST or None,
        initial={
            "title": plan.title,
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
            "vision": plan.vision,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.plan_revise(actor=Actor.from_request(request), plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("Version %(version)s of the plan is made.") % {"version": new.version}
            )
            return redirect("plans:plan_detail", pk=new.pk)
    return render(request, "plans/revise.html", {"plan": plan, "form": form})


def export(request, pk: int):
    plan = _plan(request, pk)
    today = timezone.localdate()
    return documents.xlsx_response(
        exports.plan_sheets(plan, today), f"{plan.municipality.slug}-{plan.key}-v{plan.version}.xlsx"
    )


# ---------------------------------------------------------------------------- reports
def report_list(request, pk: int):
    plan = _plan(request, pk)
    today = timezone.localdate()
    years = range(plan.starts_on.year, min(plan.ends_on.year, today.year) + 1)
    reports = {r.year: r for r in selectors.reports_of(plan)}
    return render(
        request,
        "plans/report_list.html",
        {
            "plan": plan,
            "rows": [(year, reports.get(year)) for year in reversed(list(years))],
            "may_report": PLANS.user_has_permission_for_instance(request.user, "report", plan),
        },
    )


def _report(request, plan: Plan, year: int, *, create: bool) -> Report:
    today = timezone.localdate()
    if not plan.starts_on.year - 1 <= year <= today.year:
        raise Http404
    report = Report.objects.filter(
        plan__municipality=plan.municipality, plan__key=plan.key, year=year
    ).first()
    if report is None:
        if not create:
            return Report(plan=plan, year=year)
        report = services.report_for(plan=plan, year=year)
    return report


@require_http_methods(["GET", "POST"])
def report(request, pk: int, year: int):
    plan = _plan(request, pk)
    today = timezone.localdate()
    may_report = PLANS.user_has_permission_for_instance(request.user, "report", plan)
    sectors = PLANS.report_sectors(request.user, plan)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not (may_report or (action == "text" and sectors)):
        raise Http404
    report = _report(request, plan, year, create=bool(action))
    report_plan = report.plan if report.pk else plan
    summary_form = SummaryForm(
        request.POST if action == "summary" else None, initial={"summary": report.summary}, prefix="summary"
    )
    text_form = SectorTextForm(request.POST if action == "text" else None, sectors=sectors, prefix="text")
    actor = Actor.from_request(request)
    if action:
        try:
            if action == "summary" and summary_form.is_valid():
                services.report_update(
                    actor=actor, report=report, summary=summary_form.cleaned_data["summary"]
                )
                messages.success(request, _("The summary is saved."))
                return redirect("plans:report", pk=plan.pk, year=year)
            if action == "text" and text_form.is_valid():
                services.report_text_set(actor=actor, report=report, **text_form.cleaned_data)
                messages.success(request, _("The text is saved."))
                return redirect("plans:report", pk=plan.pk, year=year)
            if action == "issue":
                data = presenters.report_data(report_plan, report, today)
                services.report_issue(actor=actor, report=report, snapshot=data)
                messages.success(
                    request, _("The report is marked as sent to the council. Its content is now fixed.")
                )
                return redirect("plans:report", pk=plan.pk, year=year)
        except ValidationError as exc:
            add_errors(summary_form if action != "text" else text_form, exc)
            messages.error(request, " ".join(exc.messages))
    data = presenters.report_for_display(report_plan, report, today)
    with translation.override(data["plan"]["language"]):
        body = render_to_string("plans/_report_body.html", {"report": data, "for_pdf": False})
    return render(
        request,
        "plans/report.html",
        {
            "plan": plan,
            "report": report,
            "body": mark_safe(body),  # noqa: S308 (rendered by our template, which escapes its data)
            "data": data,
            "may_report": may_report and report.status == ReportStatus.DRAFT,
            "sectors": sectors if report.status == ReportStatus.DRAFT else [],
            "summary_form": summary_form,
            "text_form": text_form,
        },
    )


def report_pdf(request, pk: int, year: int):
    plan = _plan(request, pk)
    report = _report(request, plan, year, create=False)
    data = presenters.report_for_display(report.plan if report.pk else plan, report, timezone.localdate())
    pdf = documents.render_pdf(
        "plans/report_pdf.html", {"report": data, "for_pdf": True}, language=data["plan"]["language"]
    )
    return documents.pdf_response(pdf, f"{plan.municipality.slug}-rapport-{year}.pdf")
