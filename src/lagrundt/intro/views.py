"""Pages of the introduction programme. Thin: the policy decides and audits, services change,
selectors read, presenters word it."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.resources import CHANGE, PROGRAMME, VIEW
from lagrundt.access.sections import Section
from lagrundt.core import documents
from lagrundt.core.forms import add_errors, date_or_none, error_messages, int_or_none, submit
from lagrundt.core.paging import page_of
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Municipality
from lagrundt.tenancy.selectors import municipalities_for

from . import exports, presenters, rules, selectors, services
from .forms import (
    ActivityEndForm,
    ActivityForm,
    AssessmentForm,
    AttendanceWeekForm,
    CaseForm,
    DecisionForm,
    EndForm,
    HolidayForm,
    LadderStepForm,
    LeaveForm,
    PayrollForm,
    PlanForm,
)
from .models import (
    Activity,
    Assessment,
    DayStatus,
    Decision,
    DecisionKind,
    IntegrationPlan,
    Leave,
    ProgrammeCase,
    ProgrammeEnd,
)
from .profiles import profile_for
from .rulebook import g_period_start
from .selectors.decisions import assumed_fact_decides, decision_checks
from .selectors.rules_in_force import assumptions_in_force

S = Section.PROGRAMME
PERSON = Person.objects.select_related("municipality", "household", "settlement")


# ---------------------------------------------------------------------------- helpers
def _person(request, pk: int, *, write: bool = False, audit_read: bool = True):
    return policy.access_person(
        Actor.from_request(request), pk, section=S, write=write, queryset=PERSON, audit_read=audit_read
    )


def _back(person) -> str:
    return reverse("intro:participant", args=[person.pk])


# ---------------------------------------------------------------------------- the list
def participant_list(request):
    if not PROGRAMME.user_has_permission(request.user, VIEW):
        raise Http404
    today = timezone.localdate()
    view = request.GET.get("vis") if request.GET.get("vis") in selectors.View.ALL else selectors.View.ACTIVE
    municipality_id = int_or_none(request.GET.get("kommune"))
    page = page_of(
        selectors.participant_search(request.user, view=view, municipality_id=municipality_id, today=today),
        int_or_none(request.GET.get("side")) or 1,
        related=selectors.PERSON_RELATED,
    )
    policy.record_list_reads(Actor.from_request(request), page.items, [S], channel=AuditChannel.SEARCH)
    book = selectors.rulebook()
    return render(
        request,
        "intro/participant_list.html",
        {
            "page": page,
            "rows": selectors.list_rows(book, page.items, today),
            "view": view,
            "views": [
                (selectors.View.ACTIVE, _("In the programme")),
                (selectors.View.WITHOUT_DECISION, _("No decision yet")),
                (selectors.View.ENDED, _("Ended")),
            ],
            "municipality_id": municipality_id,
            "municipalities": municipalities_for(request.user),
            "writes": PROGRAMME.user_has_permission(request.user, CHANGE),
            "query_string": request.GET.copy(),
            "today": today,
        },
    )


# ---------------------------------------------------------------------------- one participant
def participant(request, pk: int):
    person, grants = _person(request, pk)
    today = timezone.localdate()
    book = selectors.rulebook()
    record = selectors.record_for(person)
    page = selectors.participant_page(book, record, today=today)
    can_write = grants.can_write(S)
    profile = record.profile
    return render(
        request,
        "intro/participant.html",
        {
            "person": person,
            "page": page,
            "record": record,
            "profile": profile,
            "can_write": can_write,
            "reasons": [
                (r, presenters.reason_text(r), not record.answer and assumed_fact_decides(r))
                for r in page.eligibility.reasons
            ]
            if page.eligibility
            else [],
            "status_label": presenters.status_label(page.eligibility.status) if page.eligibility else "",
            "decision_kinds": [(k, k.label) for k in selectors.decision_kinds(record)] if can_write else [],
            "step_form": LadderStepForm(phases=profile.phase_choices) if profile.phases else None,
            "holiday_form": HolidayForm(),
            "this_monday": rules.monday_of(today),
            "uncertain": selectors.uncertain_rules(book, today),
        },
    )


def _person_form(request, person, form, title, *, save, fields, done: str, anchor: str = "", intro: str = ""):
    """A form about a person's programme: posted and saved (with ``fields`` of the form as the data),
    back to the programme with a message; or the form, with what the service refused."""
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form, lambda data: save(actor=actor, person=person, data={f: data[f] for f in fields})
    ):
        messages.success(request, done)
        return redirect(_back(person) + anchor)
    return render(
        request, "intro/form.html", {"person": person, "form": form, "title": title, "intro": intro}
    )


def _posted_from_programme(request, person, form, change, *, invalid: str, done: str, anchor: str):
    """A small form on the programme's page (a phase, a holiday week, an activity's end): saved, or
    what is wrong said above the page; back to the page either way."""
    if not form.is_valid():
        messages.error(request, invalid)
    elif submit(form, change):
        messages.success(request, done)
    else:
        messages.error(request, " ".join(error_messages(form)))
    return redirect(_back(person) + anchor)


@require_http_methods(["GET", "POST"])
def case_edit(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    instance = ProgrammeCase.objects.filter(person=person).first() or ProgrammeCase(person=person)
    form = CaseForm(request.POST or None, instance=instance)
    return _person_form(
        request,
        person,
        form,
        _("What the right rests on"),
        save=services.case_save,
        fields=services.CASE_FIELDS,
        done=_("The changes were saved."),
    )


@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    instance = Assessment.objects.filter(person=person).first() or Assessment(person=person)
    form = AssessmentForm(request.POST or None, instance=instance)
    return _person_form(
        request,
        person,
        form,
        _("Assessment and career guidance"),
        save=services.assessment_save,
        fields=services.ASSESSMENT_FIELDS,
        done=_("The assessment is saved."),
        intro=_(
            "Both before the decision: the assessment must be done (integreringsloven §§ 10, 12), career "
            "guidance should be (§ 11)."
        ),
    )


@require_http_methods(["GET", "POST"])
def decision_new(request, pk: int, kind: str):
    if kind not in DecisionKind.values:
        raise Http404
    person, _grants = _person(request, pk, write=True)
    book = selectors.rulebook()
    record = selectors.record_for(person)
    needs_confirmation = request.POST.get("asked_to_confirm") == "1"
    initial = {"language": record.profile.language}
    if kind == DecisionKind.PROGRAMME and record.settled_on:
        initial["starts_on"] = timezone.localdate()
    form = DecisionForm(
        request.POST or None,
        kind=kind,
        needs_confirmation=needs_confirmation,
        initial=initial,
        instance=Decision(person=person, kind=kind),
    )
    actor = Actor.from_request(request)
    asked: list[services.NeedsConfirmation] = []

    def make(data):
        try:
            return services.decision_make(
                actor=actor,
                person=person,
                kind=kind,
                data={f: data[f] for f in form.fields if f != "confirmed"},
                confirmed=bool(data.get("confirmed")),
                book=book,
            )
        except services.NeedsConfirmation as exc:
            asked.append(exc)
            raise

    if request.method == "POST" and (decision := submit(form, make)):
        messages.success(request, _("The decision is made. Print the letter and send it."))
        return redirect(reverse("intro:participant", args=[person.pk]) + f"#decision-{decision.pk}")
    if asked:
        # The decision departs from a main rule: asked again, with the box to confirm it.
        form = DecisionForm(request.POST, kind=kind, needs_confirmation=True, initial=initial)
        form.is_valid()
        add_errors(form, asked[0])
        needs_confirmation = True
    limits = (
        selectors.duration_limits_by_goal(book, record, timezone.localdate())
        if kind == DecisionKind.PROGRAMME
        else []
    )
    checks = decision_checks(book, record, kind, timezone.localdate())
    return render(
        request,
        "intro/decision_form.html",
        {
            "person": person,
            "form": form,
            "kind": kind,
            "title": DecisionKind(kind).label,
            "record": record,
            "limits": limits,
            "needs_confirmation": needs_confirmation,
            "checks": [(c, presenters.check_text(c)) for c in checks],
            "facts_to_check": any(c.reason for c in checks),
            "rules_to_check": any(c.version for c in checks),
        },
    )


# What a letter shows of the person besides the programme: the name and address, and in a decision
# the national ID; the plan has the name and birth date.
LETTER_SECTIONS = [Section.IDENTITY, Section.NATIONAL_ID, S]
PLAN_SECTIONS = [Section.IDENTITY, S]


def _record_pdf(request, person, sections) -> None:
    """A PDF downloaded is an export of the sections it shows (of those the user reads)."""
    policy.record_list_reads(Actor.from_request(request), [person], sections, channel=AuditChannel.EXPORT)


def decision_letter(request, pk: int):
    decision = Decision.objects.select_related("person", "decided_by").filter(pk=pk).first()
    if decision is None:
        raise Http404
    person, _grants = _person(request, decision.person_id, audit_read=False)
    book = selectors.rulebook()
    content = exports.decision_pdf(book, decision, person)
    _record_pdf(request, person, LETTER_SECTIONS)
    return documents.pdf_response(content, f"vedtak-{decision.reference}.pdf")


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    record = selectors.record_for(person)
    instance = IntegrationPlan.objects.filter(person=person).first()
    if instance is None:
        instance = IntegrationPlan(person=person, language=record.profile.language)
        if record.programme:
            instance.final_goal = record.programme.final_goal
    form = PlanForm(request.POST or None, instance=instance)
    return _person_form(
        request,
        person,
        form,
        _("Integration plan and contract"),
        save=services.plan_save,
        fields=services.PLAN_FIELDS,
        done=_("The integration plan is saved."),
        intro=_(
            "The plan (integreringsloven § 15) and the contract signed with it (§ 16). "
            "Its measures are the activities."
        ),
    )


def plan_pdf(request, pk: int):
    person, _grants = _person(request, pk, audit_read=False)
    record = selectors.record_for(person)
    if record.plan is None:
        raise Http404
    content = exports.plan_pdf(record)
    _record_pdf(request, person, PLAN_SECTIONS)
    return documents.pdf_response(content, f"integreringsplan-{person.pk}.pdf")


@require_http_methods(["GET", "POST"])
def activity_new(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    profile = profile_for(person.municipality.number)
    form = ActivityForm(request.POST or None, instance=Activity(person=person), phases=profile.phase_choices)
    return _person_form(
        request,
        person,
        form,
        _("New activity"),
        save=services.activity_add,
        fields=services.ACTIVITY_FIELDS,
        done=_("The activity is added."),
        anchor="#activities",
    )


@require_POST
def activity_end(request, pk: int):
    activity = Activity.objects.filter(pk=pk).first()
    if activity is None:
        raise Http404
    person, _grants = _person(request, activity.person_id, write=True)
    actor = Actor.from_request(request)
    return _posted_from_programme(
        request,
        person,
        ActivityEndForm(request.POST),
        lambda data: services.activity_end(actor=actor, activity=activity, ends_on=data["ends_on"]),
        invalid=_("Give the day the activity ended."),
        done=_("The activity is ended."),
        anchor="#activities",
    )


@require_POST
def ladder_step(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    actor = Actor.from_request(request)
    return _posted_from_programme(
        request,
        person,
        LadderStepForm(request.POST, phases=profile_for(person.municipality.number).phase_choices),
        lambda data: services.ladder_step_save(actor=actor, person=person, **data),
        invalid=_("Choose a phase and a date."),
        done=_("The phase is recorded."),
        anchor="#ladder",
    )


@require_POST
def holiday_week(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    actor = Actor.from_request(request)
    return _posted_from_programme(
        request,
        person,
        HolidayForm(request.POST),
        lambda data: services.holiday_week_set(actor=actor, person=person, **data),
        invalid=_("Choose a week."),
        done=_("The holiday week is saved."),
        anchor="#activities",
    )


@require_http_methods(["GET", "POST"])
def leave_new(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    form = LeaveForm(request.POST or None, instance=Leave(person=person))
    return _person_form(
        request,
        person,
        form,
        _("New leave"),
        save=services.leave_add,
        fields=services.LEAVE_FIELDS,
        done=_("The leave is recorded, and the end of the programme moved."),
        anchor="#leave",
    )


def _monday(value: str) -> dt.date:
    day = date_or_none(value)
    if day is None:
        raise Http404
    return rules.monday_of(day)


@require_http_methods(["GET", "POST"])
def attendance_week(request, pk: int, monday: str):
    start = _monday(monday)
    person, grants = _person(request, pk, write=request.method == "POST")
    today = timezone.localdate()
    days = selectors.attendance_week(selectors.record_for(person), start, today=today)
    form = AttendanceWeekForm(request.POST or None, days=days)
    actor = Actor.from_request(request)

    def register(data):
        try:
            return services.attendance_register(
                actor=actor, person=person, monday=start, days=form.days_data(), today=today
            )
        except ValidationError as exc:
            raise _on_days(exc) from exc

    if request.method == "POST" and submit(form, register):
        if any(wd.future for wd in days):
            messages.success(
                request, _("The attendance is registered up to today; register the later days on the day.")
            )
        else:
            messages.success(request, _("The week's attendance is registered."))
        return redirect(_back(person) + "#attendance")
    # Each day with its fields, or None where it has a status by rule or has not come yet (shown disabled).
    rows = [
        (
            wd,
            form[f"status_{wd.day.isoformat()}"] if wd.open else None,
            form[f"hours_{wd.day.isoformat()}"] if wd.open else None,
        )
        for wd in days
    ]
    return render(
        request,
        "intro/attendance_week.html",
        {
            "person": person,
            "form": form,
            "rows": rows,
            "monday": start,
            "friday": start + dt.timedelta(days=4),
            "previous": start - dt.timedelta(days=7),
            "next": start + dt.timedelta(days=7),
            "can_write": grants.can_write(S) and any(not wd.future for wd in days),
            "in_programme": bool(days),
            "not_begun": start > today,
            "today": today,
            "fixed_labels": dict(DayStatus.choices),
        },
    )


def _on_days(exc: ValidationError) -> ValidationError:
    """A refusal of the week's attendance with each day's errors on that day's status field (the service
    names the days by date); the rest stays above the form."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({f"status_{key}": errors for key, errors in exc.error_dict.items()})


@require_http_methods(["GET", "POST"])
def end_edit(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    instance = ProgrammeEnd.objects.filter(person=person).first() or ProgrammeEnd(
        person=person, municipality_id=person.municipality_id
    )
    form = EndForm(request.POST or None, instance=instance)
    return _person_form(
        request,
        person,
        form,
        _("End and outcome"),
        save=services.programme_end_save,
        fields=services.END_FIELDS,
        done=_("The end of the programme is saved."),
        anchor="#outcome",
        intro=_("The status one year later is what the programme's results are measured by."),
    )


# ---------------------------------------------------------------------------- the register (NIR)
def nir_person(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    book = selectors.rulebook()
    policy.record_list_reads(Actor.from_request(request), [person], [S], channel=AuditChannel.EXPORT)
    sheet = exports.nir_sheet(book, [person], today=timezone.localdate())
    return documents.csv_response(sheet, f"nir-{person.pk}.csv")


def nir_export(request):
    municipality_id = int_or_none(request.GET.get("kommune"))
    allowed = PROGRAMME.municipality_ids(request.user, CHANGE)
    if not allowed or (municipality_id and municipality_id not in allowed):
        raise Http404
    persons = list(
        policy.visible_to(request.user, section=S)
        .filter(municipality_id__in=[municipality_id] if municipality_id else sorted(allowed))
        .filter(programme_decisions__kind=DecisionKind.PROGRAMME)
        .distinct()
        .select_related(*selectors.PERSON_RELATED)
        .order_by("family_name", "given_name", "pk")
    )
    policy.record_list_reads(Actor.from_request(request), persons, [S], channel=AuditChannel.EXPORT)
    sheet = exports.nir_sheet(selectors.rulebook(), persons, today=timezone.localdate())
    return documents.csv_response(sheet, "nir-introduksjonsprogram.csv")


# ---------------------------------------------------------------------------- payroll
def payroll_index(request):
    allowed = PROGRAMME.municipality_ids(request.user, CHANGE)
    if not allowed:
        raise Http404
    months = selectors.payroll_months(timezone.localdate())
    exports_done = selectors.payroll_exports(allowed, months)
    municipalities = list(Municipality.objects.filter(pk__in=allowed).order_by("name"))
    return render(
        request,
        "intro/payroll_index.html",
        {
            "rows": [
                (m, [(month, exports_done.get((m.pk, month))) for month in months]) for m in municipalities
            ],
            "months": months,
        },
    )


def _payroll_month(request, municipality_pk: int, month: str):
    allowed = PROGRAMME.municipality_ids(request.user, CHANGE)
    if municipality_pk not in allowed:
        raise Http404
    first = date_or_none(f"{month}-01")
    if first is None:
        raise Http404
    municipality = Municipality.objects.get(pk=municipality_pk)
    return municipality, first


@require_http_methods(["GET", "POST"])
def payroll_month(request, municipality_pk: int, month: str):
    municipality, first = _payroll_month(request, municipality_pk, month)
    today = timezone.localdate()
    book = selectors.rulebook()
    persons = selectors.payroll_persons(request.user, municipality.pk)
    form = PayrollForm(request.POST or None)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda data: services.payroll_export(
            actor=actor, user_persons=persons, municipality=municipality, month=first, book=book
        ),
    ):
        messages.success(request, _("The month is locked. Download the files for the payroll system."))
        return redirect("intro:payroll_month", municipality_pk=municipality.pk, month=month)
    result = selectors.payroll(book, persons, municipality, first, today=today)
    policy.record_list_reads(
        Actor.from_request(request), [line.person for line in result.lines], [S], channel=AuditChannel.SEARCH
    )
    return render(
        request,
        "intro/payroll_month.html",
        {
            "municipality": municipality,
            "result": result,
            "month": first,
            "month_key": month,
            "form": form,
            "problems": [
                (line, [presenters.payroll_problem(line, p) for p in line.problems]) for line in result.lines
            ],
            "total": sum((line.row.payment.amount for line in result.lines if line.row.payment), start=0),
            "previous": rules.Offset(months=-1).after(first).strftime("%Y-%m"),
            "next": rules.Offset(months=1).after(first).strftime("%Y-%m"),
            "uncertain": selectors.uncertain_rules(book, first),
            "ended": result.last < today,
        },
    )


def payroll_file(request, municipality_pk: int, month: str, fmt: str):
    municipality, first = _payroll_month(request, municipality_pk, month)
    export = selectors.payroll_export(municipality.pk, first)
    if export is None or fmt not in ("csv", "xlsx"):
        raise Http404
    payments = selectors.exported_payments(export)
    policy.record_list_reads(
        Actor.from_request(request), [p.person for p in payments], [S], channel=AuditChannel.EXPORT
    )
    sheet = exports.payroll_sheet(export, payments, municipality)
    name = f"introduksjonsstonad-{municipality.number}-{month}"
    if fmt == "csv":
        return documents.csv_response(sheet, f"{name}.csv")
    return documents.xlsx_response([sheet], f"{name}.xlsx")


# ---------------------------------------------------------------------------- results and rules
def indicators(request):
    reads = PROGRAMME.user_has_permission(request.user, VIEW)
    if not (reads or policy.sees_aggregates(request.user)):
        raise Http404
    today = timezone.localdate()
    ids = {m.pk for m in municipalities_for(request.user)} | policy.aggregate_municipality_ids(request.user)
    years = list(range(today.year - 4, today.year + 1))
    rows = selectors.programme_indicators(ids, years)
    # Who may see the participants sees their counts; leaders see them with small numbers hidden.
    context = exports.indicator_context(rows, years, suppress=not reads)
    context["writes"] = PROGRAMME.user_has_permission(request.user, CHANGE)
    return render(request, "intro/indicators.html", context)


def rules_page(request):
    book = selectors.rulebook()
    today = timezone.localdate()
    period = g_period_start(today)
    return render(
        request,
        "intro/rules.html",
        {
            "rows": selectors.rules_in_force(book, today),
            "amounts": selectors.base_amounts(book),
            "current_g_missing": period not in book.base_amounts,
            "current_period": period,
            "language": (request.LANGUAGE_CODE or "nb")[:2],
            "assumptions": assumptions_in_force(book, today),
            "today": today,
            "administrator": request.user.is_staff,
            "writes": PROGRAMME.user_has_permission(request.user, CHANGE),
        },
    )
