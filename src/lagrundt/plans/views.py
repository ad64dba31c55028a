"""Pages of the plans: outline, measures, indicators, the leaders' overview, reports and exports. Thin.

A plan of a municipality the user does not work for answers 404, as does a change the user may not
make: missing and forbidden look the same.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access import audit
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.resources import CHANGE, MEASURES, PLANS, VIEW
from lagrundt.core import documents
from lagrundt.core.forms import add_errors, submit
from lagrundt.core.measurement import Group
from lagrundt.core.models import DocumentJobStatus
from lagrundt.tenancy.models import Sector, ServiceUnit

from . import exports, presenters, registry, selectors, services
from .forms import (
    FigureForm,
    GroupFields,
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
    settlement = []
    for progress, aggregates_only in selectors.settlement_progress_for(request.user, today.year):
        card = presenters.progress_dict(progress, protect=aggregates_only)
        card["svg"] = presenters.draw(card["chart"])
        settlement.append(card)
    return render(
        request,
        "plans/dashboard.html",
        {
            "overviews": overviews,
            "settlement": settlement,
            "today": today,
            "status_colours": presenters.STATUS_COLOURS,
        },
    )


def _kind(indicator_key: str) -> str:
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


def _measure(request, pk: int, *, update: bool = False):
    """A measure the user reads (and may update, with ``update``: status, notes, links); 404 otherwise."""
    measure = selectors.measure_for(request.user, pk)
    if measure is None or (
        update and not MEASURES.user_has_permission_for_instance(request.user, CHANGE, measure)
    ):
        raise Http404
    return measure


def measure_detail(request, pk: int):
    return _measure_page(request, _measure(request, pk))


def _measure_page(request, measure, *, open_form: str = "", form=None):
    """The measure's page; ``form`` is the one posted (``open_form``) and refused, shown with its errors."""
    forms = {
        "status": StatusForm(
            prefix="status", initial={"status": measure.status, "reason": measure.status_reason}
        ),
        "note": ProgressNoteForm(prefix="note"),
        "link": LinkForm(prefix="link"),
    }
    if open_form:
        forms[open_form] = form
    return render(
        request,
        "plans/measure_detail.html",
        {
            "measure": measure,
            "row": selectors.measure_row(measure, timezone.localdate()),
            "plan": measure.plan,
            "notes": selectors.notes(measure),
            "links": list(measure.links.all()),
            "other_sectors": ", ".join(
                str(Sector(s).label) for s in measure.other_sectors if s in Sector.values
            ),
            "history": selectors.history(measure),
            "recorded": selectors.recorded(measure, timezone.localdate()),
            "forms": forms,
            "open_form": open_form,
            "may_update": MEASURES.user_has_permission_for_instance(request.user, CHANGE, measure),
            "may_edit": PLANS.user_has_permission_for_instance(request.user, CHANGE, measure.plan),
            "status_colours": presenters.STATUS_COLOURS,
        },
    )


def _measure_update(request, pk: int, key: str, form_class, change, done: str):
    """A measure's status, a progress note or a link, posted from its page to its own address."""
    measure = _measure(request, pk, update=True)
    form = form_class(request.POST, prefix=key)
    actor = Actor.from_request(request)
    if submit(form, lambda data: change(actor=actor, measure=measure, **data)):
        messages.success(request, done)
        return redirect("plans:measure_detail", pk=measure.pk)
    return _measure_page(request, measure, open_form=key, form=form)


@require_POST
def measure_status(request, pk: int):
    return _measure_update(
        request, pk, "status", StatusForm, services.measure_set_status, _("The status is saved.")
    )


@require_POST
def measure_note(request, pk: int):
    return _measure_update(
        request, pk, "note", ProgressNoteForm, services.progress_note_add, _("The progress note is saved.")
    )


@require_POST
def measure_link(request, pk: int):
    return _measure_update(request, pk, "link", LinkForm, services.measure_link_add, _("The link is saved."))


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
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form, lambda data: services.measure_update(actor=actor, measure=measure, data=data)
    ):
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
    actor = Actor.from_request(request)
    if request.method == "POST" and (
        measure := submit(
            form,
            lambda data: services.measure_add(actor=actor, plan=plan, chapter=chapter, goal=goal, data=data),
        )
    ):
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
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda data: services.target_set(
            actor=actor,
            goal=goal,
            indicator=data["indicator"],
            value=data["value"],
            by=data["by"],
            direction=data["direction"],
            series=data["series"],
            group=form.group(),
            source=data["source"],
            target=target,
        ),
    ):
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
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda data: services.figure_enter(
            actor=actor,
            municipality=plan.municipality,
            indicator=data["indicator"],
            year=data["year"],
            value=data["value"],
            source=data["source"],
            series=data["series"],
            measured_on=data["measured_on"],
            note=data["note"],
            group=form.group(),
        ),
    ):
        messages.success(request, _("The figure is saved, marked as entered, with its source."))
        return redirect("plans:figures", pk=plan.pk)
    found = registry.all_indicators()
    entered = [
        {
            "figure": f,
            "label": found[f.indicator].label if f.indicator in found else f.indicator,
            "value": presenters.value_text(
                f.value, found[f.indicator].kind if f.indicator in found else "count"
            ),
            # The series and the group by their labels, never their keys.
            "series": next((s.label for s in (found[f.indicator].series or ()) if s.key == f.series), "")
            if f.indicator in found
            else "",
            "group": GroupFields.describe(f.group or {}),
        }
        for f in selectors.entered_figures(plan)
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
    actor = Actor.from_request(request)
    if request.method == "POST" and (
        new := submit(form, lambda data: services.plan_revise(actor=actor, plan=plan, **data))
    ):
        messages.success(request, _("Version %(version)s of the plan is made.") % {"version": new.version})
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
    report = selectors.report_of(plan, year)
    if report is None:
        if not create:
            return Report(plan=plan, year=year)
        report = services.report_for(plan=plan, year=year)
    return report


def report(request, pk: int, year: int):
    plan = _plan(request, pk)
    return _report_page(request, plan, _report(request, plan, year, create=False))


def _report_page(request, plan: Plan, report: Report, *, summary_form=None, text_form=None):
    """The report's page; a form posted and refused is shown with its errors."""
    today = timezone.localdate()
    sectors = PLANS.report_sectors(request.user, plan)
    data = presenters.report_for_display(report.plan if report.pk else plan, report, today)
    with translation.override(data["plan"]["language"]):
        body = render_to_string("plans/_report_body.html", {"report": data, "for_pdf": False})
    draft = report.status == ReportStatus.DRAFT
    return render(
        request,
        "plans/report.html",
        {
            "plan": plan,
            "report": report,
            "body": mark_safe(body),  # noqa: S308 (rendered by our template, which escapes its data)
            "data": data,
            "may_report": PLANS.user_has_permission_for_instance(request.user, "report", plan) and draft,
            "sectors": sectors if draft else [],
            "summary_form": SummaryForm(initial={"summary": report.summary}, prefix="summary")
            if summary_form is None
            else summary_form,
            "text_form": SectorTextForm(sectors=sectors, prefix="text") if text_form is None else text_form,
        },
    )


def _report_to_change(request, pk: int, year: int, *, sector_text: bool = False):
    """The plan and its report for the year (begun now if need be), for who writes it: the coordinators,
    and for a sector's own text also the members of the sectors that serve refugees."""
    plan = _plan(request, pk)
    may_report = PLANS.user_has_permission_for_instance(request.user, "report", plan)
    if not (may_report or (sector_text and PLANS.report_sectors(request.user, plan))):
        raise Http404
    return plan, _report(request, plan, year, create=True)


def _said(request, change):
    """A change to a report whose refusal is also said above the page: a sent report shows no forms."""

    def call(data):
        try:
            return change(data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            raise

    return call


@require_POST
def report_summary(request, pk: int, year: int):
    plan, report = _report_to_change(request, pk, year)
    form = SummaryForm(request.POST, initial={"summary": report.summary}, prefix="summary")
    actor = Actor.from_request(request)
    if submit(
        form,
        _said(
            request, lambda data: services.report_update(actor=actor, report=report, summary=data["summary"])
        ),
    ):
        messages.success(request, _("The summary is saved."))
        return redirect("plans:report", pk=plan.pk, year=year)
    return _report_page(request, plan, report, summary_form=form)


@require_POST
def report_text(request, pk: int, year: int):
    plan, report = _report_to_change(request, pk, year, sector_text=True)
    form = SectorTextForm(request.POST, sectors=PLANS.report_sectors(request.user, plan), prefix="text")
    actor = Actor.from_request(request)
    if submit(
        form, _said(request, lambda data: services.report_text_set(actor=actor, report=report, **data))
    ):
        messages.success(request, _("The text is saved."))
        return redirect("plans:report", pk=plan.pk, year=year)
    return _report_page(request, plan, report, text_form=form)


@require_POST
def report_issue(request, pk: int, year: int):
    """The report marked as sent to the council, with its content fixed: a button, no form of its own."""
    plan, report = _report_to_change(request, pk, year)
    data = presenters.report_data(report.plan, report, timezone.localdate())
    try:
        services.report_issue(actor=Actor.from_request(request), report=report, snapshot=data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        summary_form = SummaryForm(initial={"summary": report.summary}, prefix="summary")
        add_errors(summary_form, exc)
        return _report_page(request, plan, report, summary_form=summary_form)
    messages.success(request, _("The report is marked as sent to the council. Its content is now fixed."))
    return redirect("plans:report", pk=plan.pk, year=year)


def report_pdf(request, pk: int, year: int):
    """The report as PDF at once (kept for links and the archive; the page makes it in the background)."""
    plan = _plan(request, pk)
    _report(request, plan, year, create=False)  # 404 outside the plan's years
    pdf, filename = council_report_pdf(plan_id=plan.pk, year=year)
    # The report names no person; its download is still an export of the municipality's figures.
    audit.record(
        Actor.from_request(request),
        action=AuditAction.EXPORT,
        channel=AuditChannel.EXPORT,
        municipality_id=plan.municipality_id,
    )
    return documents.pdf_response(pdf, filename)


# ---------------------------------------------------------------------------- the report as a document job
@documents.document_kind
def council_report_pdf(*, plan_id: int, year: int, progress=None) -> tuple[bytes, str]:
    """The report to the council as PDF bytes and a file name, as of now (the draft computed today, a
    sent report as it was sent). Who may have it was decided by whoever asked for it."""
    plan = Plan.objects.select_related("municipality").get(pk=plan_id)
    report = selectors.report_of(plan, year) or Report(plan=plan, year=year)
    data = presenters.report_for_display(report.plan if report.pk else plan, report, timezone.localdate())
    if progress:
        progress(20)
    pdf = documents.render_pdf(
        "plans/report_pdf.html",
        {"report": data, "for_pdf": True},
        language=data["plan"]["language"],
        progress=progress,
    )
    return pdf, f"{plan.municipality.slug}-rapport-{year}.pdf"


def _report_job_parameters(request, pk: int, year: int) -> tuple[Plan, dict]:
    """The plan and the job parameters of its report for the year; 404 where the user may not read it."""
    plan = _plan(request, pk)
    _report(request, plan, year, create=False)  # 404 outside the plan's years
    return plan, {"plan_id": plan.pk, "year": year}


@require_POST
def report_pdf_make(request, pk: int, year: int):
    """The report's PDF asked for: made in the background, followed on the job's page."""
    plan, parameters = _report_job_parameters(request, pk, year)
    job = documents.document_job_make(
        user=request.user,
        render=council_report_pdf,
        parameters=parameters,
        title=_("Report to the council for %(year)s – %(plan)s") % {"year": year, "plan": plan.title},
    )
    return redirect("plans:report_pdf_job", pk=plan.pk, year=year, job=job.pk)


def _report_job(request, pk: int, year: int, job: int):
    plan, parameters = _report_job_parameters(request, pk, year)
    found = documents.document_job_of(request.user, job, render=council_report_pdf, parameters=parameters)
    if found is None:
        raise Http404
    return plan, found


def report_pdf_job(request, pk: int, year: int, job: int):
    """The job's page: its progress while it runs (htmx asks again every second), then the download."""
    plan, found = _report_job(request, pk, year, job)
    context = {
        "job": found,
        "download_url": reverse("plans:report_pdf_download", args=[plan.pk, year, found.pk]),
        "status_url": reverse("plans:report_pdf_job", args=[plan.pk, year, found.pk]),
        "retry_url": reverse("plans:report_pdf_make", args=[plan.pk, year]),
        "back_url": reverse("plans:report", args=[plan.pk, year]),
        "back_label": _("Back to the report"),
    }
    if request.headers.get("HX-Request"):
        return render(request, "web/_document_job_status.html", context)
    return render(request, "web/document_job.html", context)


def report_pdf_download(request, pk: int, year: int, job: int):
    """The finished PDF, for the user who asked for it: an export, audited as the direct download is."""
    plan, found = _report_job(request, pk, year, job)
    if found.status != DocumentJobStatus.DONE:
        raise Http404
    audit.record(
        Actor.from_request(request),
        action=AuditAction.EXPORT,
        channel=AuditChannel.EXPORT,
        municipality_id=plan.municipality_id,
    )
    return documents.pdf_response(bytes(found.content), found.filename, inline=False)
