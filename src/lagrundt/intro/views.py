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
from lagrundt.core.forms import add_errors, int_or_none
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
            "reasons": [(r, presenters.reason_text(r)) for r in page.eligibility.reasons]
            if page.eligibility
            else [],
            "status_label": presenters.status_label(page.eligibility.status) if page.eligibility else "",
            "decision_kinds": _decision_kinds(record) if can_write else [],
            "step_form": LadderStepForm(phases=profile.phase_choices) if profile.phases else None,
            "holiday_form": HolidayForm(),
            "this_monday": rules.monday_of(today),
            "uncertain": _uncertain_rules(book, today),
        },
    )


def _decision_kinds(record) -> list[tuple[str, str]]:
    """The decisions that can be made now: a programme or a refusal first, then changes to it."""
    if record.programme is None or record.end is not None or record.stopped_on:
        kinds = (
            [DecisionKind.PROGRAMME, DecisionKind.REFUSAL]
            if record.end is None or record.programme is None
            else []
        )
    else:
        kinds = [
            DecisionKind.EXTENSION,
            DecisionKind.STOP_TEMPORARY,
            DecisionKind.STOP_PERMANENT,
            DecisionKind.DEDUCTION,
        ]
    return [(k, DecisionKind(k).label) for k in kinds]


def _uncertain_rules(book, on) -> list:
    """Rules in force that the sources do not verify: named on every page that uses them."""
    found = []
    for key in (
        "absence.reduction_units",
        "benefit.payment",
        "benefit.rounding",
        "decision.complaint_deadline",
    ):
        version = book.version(key, on)
        if not version.verified:
            found.append((book.rule(key), version))
    return found


def _save(request, form, person, service, fields, message, *, anchor: str = ""):
    """A person's programme form posted: the service records it (or its refusal goes onto the form),
    then back to the person's programme with a message. None while the form is to be shown."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        service(
            actor=Actor.from_request(request),
            person=person,
            data={f: form.cleaned_data[f] for f in fields},
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return None
    messages.success(request, message)
    return redirect(_back(person) + anchor)


def _form_page(request, person, form, title, *, intro: str = "", extra=None):
    return render(
        request,
        "intro/form.html",
        {"person": person, "form": form, "title": title, "intro": intro, **(extra or {})},
    )


@require_http_methods(["GET", "POST"])
def case_edit(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    instance = ProgrammeCase.objects.filter(person=person).first() or ProgrammeCase(person=person)
    form = CaseForm(request.POST or None, instance=instance)
    saved = _save(
        request, form, person, services.case_record, services.CASE_FIELDS, _("The changes were saved.")
    )
    if saved:
        return saved
    return _form_page(request, person, form, _("What the right rests on"))


@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    instance = Assessment.objects.filter(person=person).first() or Assessment(person=person)
    form = AssessmentForm(request.POST or None, instance=instance)
    saved = _save(
        request,
        form,
        person,
        services.assessment_record,
        services.ASSESSMENT_FIELDS,
        _("The assessment is saved."),
    )
    if saved:
        return saved
    return _form_page(
        request,
        person,
        form,
        _("Assessment and career guidance"),
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
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.fields if f != "confirmed"}
        try:
            decision = services.decision_make(
                actor=Actor.from_request(request),
                person=person,
                kind=kind,
                data=data,
                confirmed=bool(form.cleaned_data.get("confirmed")),
                book=book,
            )
        except services.NeedsConfirmation as exc:
            form = DecisionForm(request.POST, kind=kind, needs_confirmation=True, initial=initial)
            form.is_valid()
            add_errors(form, exc)
            needs_confirmation = True
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The decision is made. Print the letter and send it."))
            return redirect(reverse("intro:participant", args=[person.pk]) + f"#decision-{decision.pk}")
    limits = []
    if kind == DecisionKind.PROGRAMME and record.assessment:
        from .models import FinalGoal

        on = timezone.localdate()
        for goal, label in FinalGoal.choices:
            found = rules.duration_limits(
                book, has_upper_secondary=bool(record.has_upper_secondary), final_goal=goal, on=on
            )
            limits.append((label, found))
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
        },
    )


def decision_letter(request, pk: int):
    decision = Decision.objects.select_related("person", "decided_by").filter(pk=pk).first()
    if decision is None:
        raise Http404
    person, _grants = _person(request, decision.person_id)
    book = selectors.rulebook()
    content = exports.decision_pdf(book, decision, person)
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
    saved = _save(
        request, form, person, services.plan_record, services.PLAN_FIELDS, _("The integration plan is saved.")
    )
    if saved:
        return saved
    return _form_page(
        request,
        person,
        form,
        _("Integration plan and contract"),
        intro=_(
            "The plan (integreringsloven § 15) and the contract signed with it (§ 16). "
            "Its measures are the activities."
        ),
    )


def plan_pdf(request, pk: int):
    person, _grants = _person(request, pk)
    record = selectors.record_for(person)
    if record.plan is None:
        raise Http404
    content = exports.plan_pdf(record)
    return documents.pdf_response(content, f"integreringsplan-{person.pk}.pdf")


@require_http_methods(["GET", "POST"])
def activity_new(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    profile = profile_for(person.municipality.number)
    form = ActivityForm(request.POST or None, instance=Activity(person=person), phases=profile.phase_choices)
    saved = _save(
        request,
        form,
        person,
        services.activity_add,
        services.ACTIVITY_FIELDS,
        _("The activity is added."),
        anchor="#activities",
    )
    if saved:
        return saved
    return _form_page(request, person, form, _("New activity"))


@require_POST
def activity_end(request, pk: int):
    activity = Activity.objects.filter(pk=pk).first()
    if activity is None:
        raise Http404
    person, _grants = _person(request, activity.person_id, write=True)
    form = ActivityEndForm(request.POST)
    if form.is_valid():
        try:
            services.activity_end(
                actor=Actor.from_request(request), activity=activity, ends_on=form.cleaned_data["ends_on"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The activity is ended."))
    else:
        messages.error(request, _("Give the day the activity ended."))
    return redirect(_back(person) + "#activities")


@require_POST
def ladder_step(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    form = LadderStepForm(request.POST, phases=profile_for(person.municipality.number).phase_choices)
    if form.is_valid():
        try:
            services.ladder_step_record(actor=Actor.from_request(request), person=person, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The phase is recorded."))
    else:
        messages.error(request, _("Choose a phase and a date."))
    return redirect(_back(person) + "#ladder")


@require_POST
def holiday_week(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    form = HolidayForm(request.POST)
    if form.is_valid():
        services.holiday_week_set(actor=Actor.from_request(request), person=person, **form.cleaned_data)
        messages.success(request, _("The holiday week is saved."))
    else:
        messages.error(request, _("Choose a week."))
    return redirect(_back(person) + "#activities")


@require_http_methods(["GET", "POST"])
def leave_new(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    form = LeaveForm(request.POST or None, instance=Leave(person=person))
    saved = _save(
        request,
        form,
        person,
        services.leave_add,
        services.LEAVE_FIELDS,
        _("The leave is recorded, and the end of the programme moved."),
        anchor="#leave",
    )
    if saved:
        return saved
    return _form_page(request, person, form, _("New leave"))


def _monday(value: str) -> dt.date:
    try:
        return rules.monday_of(dt.date.fromisoformat(value))
    except ValueError as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def attendance_week(request, pk: int, monday: str):
    start = _monday(monday)
    person, grants = _person(request, pk, write=request.method == "POST")
    record = selectors.record_for(person)
    timeline = record.timeline
    registered = selectors.attendance_of([person.pk], start, start + dt.timedelta(days=4)).get(person.pk, {})
    days = []
    for day in services.week_days(start):
        if not timeline.in_programme(day) or timeline.stopped(day):
            continue
        fixed = None
        if not rules.is_working_day(day):
            fixed = DayStatus.PUBLIC_HOLIDAY
        elif timeline.on_leave(day):
            fixed = DayStatus.LEAVE
        days.append((day, fixed, registered.get(day)))
    form = AttendanceWeekForm(request.POST or None, days=days)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_register(
                actor=Actor.from_request(request), person=person, monday=start, days=form.days_data()
            )
        except ValidationError as exc:
            _attendance_errors(form, exc)
        else:
            messages.success(request, _("The week's attendance is registered."))
            return redirect(_back(person) + "#attendance")
    rows = [
        (
            day,
            fixed,
            form[f"status_{day.isoformat()}"] if not fixed else None,
            form[f"hours_{day.isoformat()}"] if not fixed else None,
        )
        for day, fixed, _row in days
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
            "can_write": grants.can_write(S),
            "in_programme": bool(days),
            "fixed_labels": dict(DayStatus.choices),
        },
    )


def _attendance_errors(form, exc: ValidationError) -> None:
    """Put each day's errors on that day's status field; the rest above the form."""
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            field = f"status_{key}"
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_http_methods(["GET", "POST"])
def end_edit(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    instance = ProgrammeEnd.objects.filter(person=person).first() or ProgrammeEnd(
        person=person, municipality_id=person.municipality_id
    )
    form = EndForm(request.POST or None, instance=instance)
    saved = _save(
        request,
        form,
        person,
        services.programme_end_record,
        services.END_FIELDS,
        _("The end of the programme is saved."),
        anchor="#outcome",
    )
    if saved:
        return saved
    return _form_page(
        request,
        person,
        form,
        _("End and outcome"),
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
    today = timezone.localdate()
    last_month = rules.Offset(months=-1).after(today.replace(day=1))
    months = [rules.Offset(months=-i).after(last_month) for i in range(0, 6)]
    from .models import PayrollExport

    exports_done = {
        (e.municipality_id, e.month): e
        for e in PayrollExport.objects.filter(municipality_id__in=allowed, month__in=months)
    }
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
    try:
        first = dt.date.fromisoformat(month + "-01")
    except ValueError as exc:
        raise Http404 from exc
    municipality = Municipality.objects.get(pk=municipality_pk)
    return municipality, first


@require_http_methods(["GET", "POST"])
def payroll_month(request, municipality_pk: int, month: str):
    municipality, first = _payroll_month(request, municipality_pk, month)
    today = timezone.localdate()
    book = selectors.rulebook()
    persons = selectors.payroll_persons(request.user, municipality.pk)
    form = PayrollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.payroll_export(
                actor=Actor.from_request(request),
                user_persons=persons,
                municipality=municipality,
                month=first,
                book=book,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
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
            "uncertain": _uncertain_rules(book, first),
            "ended": result.last < today,
        },
    )


def payroll_file(request, municipality_pk: int, month: str, fmt: str):
    municipality, first = _payroll_month(request, municipality_pk, month)
    from .models import BenefitPayment, PayrollExport

    export = PayrollExport.objects.filter(municipality=municipality, month=first).first()
    if export is None or fmt not in ("csv", "xlsx"):
        raise Http404
    payments = list(
        BenefitPayment.objects.filter(export=export)
        .select_related("person")
        .order_by("person__family_name", "person__given_name", "person__pk")
    )
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
    return render(request, "intro/indicators.html", context)


def rules_page(request):
    book = selectors.rulebook()
    today = timezone.localdate()
    rows = []
    for rule in book.rules.values():
        current = book.version(rule.key, today) if book.has(rule.key, today) else None
        rows.append((rule, current))
    from .rulebook import g_period_start

    period = g_period_start(today)
    amounts = sorted(book.base_amounts.values(), key=lambda b: b.valid_from)
    return render(
        request,
        "intro/rules.html",
        {
            "rows": rows,
            "amounts": amounts,
            "current_g_missing": period not in book.base_amounts,
            "current_period": period,
            "language": (request.LANGUAGE_CODE or "nb")[:2],
        },
    )
