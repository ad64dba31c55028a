"""The settlement pages: the board, the cases, a case's reply, arrival and members, and the year.

Thin: each page opens what it shows through ``access.resources`` (404 when not allowed) and hands
what is posted to the services. Forms keep what was typed when a service refuses it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access import policy
from lagrundt.access.audit import Actor, record, record_many
from lagrundt.access.disclosure import protect_count, protect_table
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.resources import CHANGE, DWELLINGS, SETTLEMENT_CASES, SETTLEMENT_YEARS, VIEW
from lagrundt.access.sections import Section
from lagrundt.core.charts import Bar, grouped_bars
from lagrundt.core.forms import add_errors, error_messages, int_or_none, submit
from lagrundt.core.paging import page_of
from lagrundt.people.languages import Language
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Municipality

from . import forms, selectors, services
from .models import (
    CaseKind,
    CaseMember,
    IntegrationRecord,
    NorwegianTest,
    NorwegianTraining,
    Reply,
    SettlementCase,
    SettlementRequest,
    SettlementSetting,
    Stage,
)
from .progress import year_progress

KIND_PARAM = {"forslag": CaseKind.PROPOSAL, "gjenforening": CaseKind.FAMILY_REUNIFICATION}
KIND_SLUG = {v: k for k, v in KIND_PARAM.items()}


def _municipalities(resource, user, action) -> list[Municipality]:
    return list(
        Municipality.objects.filter(pk__in=sorted(resource.municipality_ids(user, action))).order_by("name")
    )


def _case(request, pk: int, *, write: bool = False) -> SettlementCase:
    """A case the user may see (and change, with ``write``); 404 otherwise, as for a missing one."""
    found = (
        selectors.cases_visible_to(request.user).select_related("municipality", "joins").filter(pk=pk).first()
    )
    if found is None or (
        write and not SETTLEMENT_CASES.user_has_permission_for_instance(request.user, CHANGE, found)
    ):
        raise Http404
    return found


def _filters(request, source=None) -> tuple[int | None, str | None]:
    source = source if source is not None else request.GET
    municipality_id = int_or_none(source.get("kommune"))
    kind = KIND_PARAM.get(source.get("slag", ""))
    return municipality_id, kind


def _filter_query(municipality_id, kind) -> dict:
    query = {}
    if municipality_id:
        query["kommune"] = municipality_id
    if kind:
        query["slag"] = KIND_SLUG[kind]
    return query


# ---------------------------------------------------------------------------- the board
def _board_context(request, municipality_id, kind) -> dict:
    today = timezone.localdate()
    return {
        "columns": selectors.board(request.user, today=today, municipality_id=municipality_id, kind=kind),
        "today": today,
        "municipalities": _municipalities(SETTLEMENT_CASES, request.user, VIEW),
        "municipality_id": municipality_id,
        "kind": KIND_SLUG.get(kind, ""),
        "kinds": [(slug, CaseKind(value).label) for slug, value in KIND_PARAM.items()],
        "filter_query": urlencode(_filter_query(municipality_id, kind)),
        "can_change": SETTLEMENT_CASES.user_has_permission(request.user, CHANGE),
    }


def board(request):
    if not SETTLEMENT_CASES.user_has_permission(request.user, VIEW):
        raise Http404
    municipality_id, kind = _filters(request)
    return render(request, "settlement/board.html", _board_context(request, municipality_id, kind))


# The moves a card's button makes without a form of its own (declining needs a reason: the case page).
BOARD_MOVES = {"accepted", "settled"}


@require_POST
def case_move(request, pk: int, to: str):
    """A card's move on the board: accept the proposal, or the first weeks are done. With htmx the
    board's columns are sent back and swapped in; without, the board is shown again."""
    if to not in BOARD_MOVES:
        raise Http404
    case = _case(request, pk, write=True)
    actor = Actor.from_request(request)
    today = timezone.localdate()
    error = ""
    try:
        if to == "accepted":
            services.case_reply(actor, case, True, today)
            done = _("%(name)s: accepted.") % {"name": case.name}
        else:
            services.case_settle(actor, case, today)
            done = _("%(name)s: the first weeks are done.") % {"name": case.name}
    except ValidationError as exc:
        error = " ".join(exc.messages)
    municipality_id, kind = _filters(request, request.POST)
    if request.headers.get("HX-Request"):
        context = _board_context(request, municipality_id, kind)
        context["notice"], context["error"] = ("" if error else done), error
        return render(request, "settlement/_board.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    query = urlencode(_filter_query(municipality_id, kind))
    return redirect(reverse("settlement:board") + (f"?{query}" if query else ""))


def case_list(request):
    """Every case of a stage (a column's «show all»), a page at a time."""
    if not SETTLEMENT_CASES.user_has_permission(request.user, VIEW):
        raise Http404
    municipality_id, kind = _filters(request)
    stage = request.GET.get("steg", "")
    stage = stage if stage in Stage.values else ""
    cases = selectors.cases_in_stage(request.user, stage=stage, municipality_id=municipality_id, kind=kind)
    page = page_of(cases, int_or_none(request.GET.get("side")) or 1, related=("municipality",))
    counted = {
        c.pk: c
        for c in selectors.with_member_counts(
            SettlementCase.objects.filter(pk__in=[c.pk for c in page.items]), timezone.localdate()
        )
    }
    query = {**_filter_query(municipality_id, kind), **({"steg": stage} if stage else {})}
    return render(
        request,
        "settlement/case_list.html",
        {
            "page": page,
            "cases": [counted[c.pk] for c in page.items],
            "stage": stage,
            "stages": Stage.choices,
            "municipalities": _municipalities(SETTLEMENT_CASES, request.user, VIEW),
            "municipality_id": municipality_id,
            "kind": KIND_SLUG.get(kind, ""),
            "kinds": [(slug, CaseKind(value).label) for slug, value in KIND_PARAM.items()],
            "query": urlencode(query),
            "can_change": SETTLEMENT_CASES.user_has_permission(request.user, CHANGE),
        },
    )


# ---------------------------------------------------------------------------- one case
def _record_read(request, case: SettlementCase) -> None:
    """The case holds personal data of persons not yet in the register: reading it is an entry."""
    actor = Actor.from_request(request)
    detail = f"settlement case {case.pk}"
    persons = list(
        Person.objects.filter(settlement_case_member__case=case).values_list("pk", "municipality_id")
    )
    if persons:
        record_many(
            actor,
            [
                dict(
                    action=AuditAction.READ,
                    channel=AuditChannel.PAGE,
                    person_id=pk,
                    municipality_id=municipality_id,
                    section=Section.SETTLEMENT,
                    detail=detail,
                )
                for pk, municipality_id in persons
            ],
        )
    else:
        record(
            actor,
            action=AuditAction.READ,
            channel=AuditChannel.PAGE,
            municipality_id=case.municipality_id,
            section=Section.SETTLEMENT,
            detail=detail,
        )


def _joinable(user, municipality_ids):
    """Settled persons a family may join: those the user sees, with a household, where the user works."""
    return (
        policy.visible_to(user, section=Section.FAMILY)
        .filter(municipality_id__in=sorted(municipality_ids), household__isnull=False)
        .order_by("family_name", "given_name", "pk")
    )


@require_http_methods(["GET", "POST"])
def case_create(request):
    municipalities = _municipalities(SETTLEMENT_CASES, request.user, CHANGE)
    if not municipalities:
        raise Http404
    kind = KIND_PARAM.get(request.GET.get("slag", ""), CaseKind.PROPOSAL)
    data = request.POST if request.method == "POST" else None
    form = forms.CaseForm(
        data,
        kind=kind,
        municipalities=Municipality.objects.filter(pk__in=[m.pk for m in municipalities]).order_by("name"),
        joinable=_joinable(request.user, [m.pk for m in municipalities]),
    )
    formset = forms.MemberFormSet(data, prefix="member")
    if data is not None and form.is_valid() & formset.is_valid():
        values = dict(form.cleaned_data)
        municipality = values.pop("municipality")
        values["kind"] = kind
        filled = [f for f in formset.forms if f.has_changed()]
        try:
            case = services.case_create(
                Actor.from_request(request), municipality, values, [forms.member_values(f) for f in filled]
            )
        except services.MemberErrors as exc:
            for index, error in exc.member_errors.items():
                add_errors(filled[index], error)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The case %(name)s was registered.") % {"name": case.name})
            return redirect("settlement:case_detail", pk=case.pk)
    return render(
        request,
        "settlement/case_form.html",
        {
            "form": form,
            "formset": formset,
            "kind": kind,
            "kind_label": CaseKind(kind).label,
            "creating": True,
        },
    )


def case_detail(request, pk: int):
    case = _case(request, pk)
    return _case_page(request, case)


def _case_page(request, case: SettlementCase, *, open_form: str = "", form=None, status: int = 200):
    """The case's page; ``form`` is the one posted (``open_form``) and refused, shown with its errors."""
    _record_read(request, case)

    def shown(key, make):
        return form if key == open_form else make()

    today = timezone.localdate()
    can_change = SETTLEMENT_CASES.user_has_permission_for_instance(request.user, CHANGE, case)
    before_arrival = case.arrived_on is None and case.stage != Stage.CLOSED
    members = list(case.members.select_related("person").order_by("pk"))
    labels = dict(Language.choices)
    for member in members:
        member.language_labels = ", ".join(str(labels.get(code, code)) for code in member.languages or [])
    tasks = selectors.case_tasks(case)
    return render(
        request,
        "settlement/case_detail.html",
        {
            "case": case,
            "members": members,
            "tasks": tasks,
            "today": today,
            "can_change": can_change,
            "before_arrival": before_arrival,
            "can_reply": can_change and case.reply == Reply.PENDING and case.stage != Stage.CLOSED,
            "can_arrive": can_change and case.reply == Reply.ACCEPTED and before_arrival,
            "can_settle": can_change and case.stage == Stage.ARRIVED,
            # The housing pages hold a dwelling for the case (where the case belongs, for who writes housing).
            "can_hold": case.reply == Reply.ACCEPTED
            and before_arrival
            and DWELLINGS.user_has_permission_for_instance(request.user, CHANGE, case),
            "reply_late": case.reply == Reply.PENDING and case.reply_due_on and case.reply_due_on < today,
            "open_form": open_form,
            # A refusal that names no field (a second reply) is shown above the page's forms as well.
            "refused": [str(e) for e in form.non_field_errors()] if form is not None else [],
            "reply_form": shown("reply", lambda: forms.ReplyForm(prefix="reply")),
            "arrival_form": shown(
                "expected",
                lambda: forms.ExpectedArrivalForm(
                    prefix="expected", initial={"expected_arrival": case.expected_arrival}
                ),
            ),
            "member_form": shown("member", lambda: forms.MemberForm(prefix="member")),
            "settle_form": shown("settle", lambda: forms.DayForm(prefix="settle")),
            "withdraw_form": shown("withdraw", lambda: forms.WithdrawForm(prefix="withdraw")),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def case_edit(request, pk: int):
    case = _case(request, pk, write=True)
    if case.arrived_on is not None or case.stage == Stage.CLOSED:
        raise Http404
    form = forms.CaseForm(
        request.POST or None,
        instance=case,
        kind=case.kind,
        creating=False,
        joinable=_joinable(request.user, [case.municipality_id]),
    )
    actor = Actor.from_request(request)
    if request.method == "POST":
        # The form fills the instance as it validates: the service is handed the values, and a fresh row.
        fresh = SettlementCase.objects.get(pk=case.pk)
        if submit(form, lambda data: services.case_update(actor, fresh, data)):
            messages.success(request, _("The changes were saved."))
            return redirect("settlement:case_detail", pk=case.pk)
    return render(
        request,
        "settlement/case_form.html",
        {
            "form": form,
            "case": case,
            "kind": case.kind,
            "kind_label": case.get_kind_display(),
            "creating": False,
        },
    )


def _case_form(request, pk: int, form_class, prefix: str, change, done: str):
    """A form on the case page: the change through its service, back to the case with ``done``; or the
    case page again with the form open, its errors and what was typed."""
    case = _case(request, pk, write=True)
    form = form_class(request.POST, prefix=prefix)
    actor = Actor.from_request(request)
    if submit(form, lambda data: change(actor, case, data)):
        messages.success(request, done)
        return redirect("settlement:case_detail", pk=case.pk)
    return _case_page(request, case, open_form=prefix, form=form)


@require_POST
def case_reply(request, pk: int):
    return _case_form(
        request,
        pk,
        forms.ReplyForm,
        "reply",
        lambda actor, case, d: services.case_reply(
            actor, case, d["decision"] == "accept", d["on"], reason=d["reason"], text=d["text"]
        ),
        _("The reply was saved."),
    )


@require_POST
def case_expected_arrival(request, pk: int):
    return _case_form(
        request,
        pk,
        forms.ExpectedArrivalForm,
        "expected",
        lambda actor, case, d: services.case_expected_arrival_set(actor, case, d["expected_arrival"]),
        _("The expected arrival was saved; the tasks before arrival follow it."),
    )


@require_POST
def case_settle(request, pk: int):
    return _case_form(
        request,
        pk,
        forms.DayForm,
        "settle",
        lambda actor, case, d: services.case_settle(actor, case, d["on"]),
        _("The first weeks are done."),
    )


@require_POST
def case_withdraw(request, pk: int):
    return _case_form(
        request,
        pk,
        forms.WithdrawForm,
        "withdraw",
        lambda actor, case, d: services.case_withdraw(actor, case, d["on"], d["text"]),
        _("The case was closed."),
    )


@require_POST
def member_add(request, pk: int):
    case = _case(request, pk, write=True)
    form = forms.MemberForm(request.POST, prefix="member")
    actor = Actor.from_request(request)
    if submit(form, lambda data: services.member_add(actor, case, forms.member_values(form))):
        messages.success(request, _("The person was added."))
        return redirect("settlement:case_detail", pk=case.pk)
    return _case_page(request, case, open_form="member", form=form)


def _member(case: SettlementCase, member_pk: int) -> CaseMember:
    found = case.members.filter(pk=member_pk).first()
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int, member: int):
    case = _case(request, pk, write=True)
    found = _member(case, member)
    form = forms.MemberForm(request.POST or None, instance=found)
    actor = Actor.from_request(request)
    if request.method == "POST":
        fresh = CaseMember.objects.get(pk=found.pk)
        if submit(form, lambda data: services.member_update(actor, fresh, forms.member_values(form))):
            messages.success(request, _("The changes were saved."))
            return redirect("settlement:case_detail", pk=case.pk)
    return render(request, "settlement/member_form.html", {"form": form, "case": case, "member": found})


@require_POST
def member_remove(request, pk: int, member: int):
    case = _case(request, pk, write=True)
    found = _member(case, member)
    try:
        services.member_remove(Actor.from_request(request), found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The person was removed from the case."))
    return redirect("settlement:case_detail", pk=case.pk)


@require_http_methods(["GET", "POST"])
def case_arrive(request, pk: int):
    """The arrival in one action: the members prefilled from the case, completed where needed."""
    case = _case(request, pk, write=True)
    if case.reply != Reply.ACCEPTED or case.arrived_on is not None or case.stage == Stage.CLOSED:
        raise Http404
    members = list(case.members.order_by("pk"))
    data = request.POST if request.method == "POST" else None
    form = forms.ArrivalForm(data, prefix="arrival")
    initial = [
        {
            "member": m.pk,
            "given_name": m.given_name,
            "family_name": m.family_name,
            "birth_date": m.birth_date,
            "sex": m.sex,
        }
        for m in members
    ]
    formset = forms.ArrivalMemberFormSet(data, prefix="member", initial=initial)
    if data is not None and form.is_valid() & formset.is_valid():
        by_member = {m.pk: m for m in members}
        given = {}
        for member_form in formset.forms:
            member_pk = member_form.cleaned_data.get("member")
            if member_pk not in by_member:
                raise Http404
            given[member_pk] = forms.arrival_values(member_form)
        try:
            household = services.case_arrive(
                Actor.from_request(request), case, form.cleaned_data["arrived_on"], given
            )
        except services.MemberErrors as exc:
            order = {m.pk: i for i, m in enumerate(members)}
            by_index = {order[f.cleaned_data["member"]]: f for f in formset.forms}
            for index, error in exc.member_errors.items():
                add_errors(by_index[index], error)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("The arrival was registered: %(name)s is in the register.") % {"name": household.name},
            )
            return redirect("routines:household_started", pk=household.pk)
    rows = list(zip(formset.forms, members, strict=False))
    return render(
        request,
        "settlement/case_arrive.html",
        {
            "case": case,
            "form": form,
            "formset": formset,
            "rows": rows,
            "errors": _arrival_errors(form, formset),
        },
    )


def _arrival_errors(form, formset) -> list[str]:
    if not form.is_bound:
        return []
    found = error_messages(form) + [str(e) for e in formset.non_form_errors()]
    for f in formset.forms:
        found += error_messages(f)
    return found


# ---------------------------------------------------------------------------- the year
def _year_rows(request, year: int):
    """Each municipality's progress, its counts protected where the user sees aggregates only."""
    ids = SETTLEMENT_YEARS.municipality_ids(request.user, VIEW)
    named = SETTLEMENT_CASES.municipality_ids(request.user, VIEW)
    rows = []
    for progress in year_progress(municipality_ids=ids, year=year):
        protected = progress.municipality_id not in named
        if protected:
            # One table of disjoint counts (accepted but not arrived, arrived) per category, with every
            # total shown taken from it, so that no hidden count can be worked out from a total.
            table = protect_table(
                [[c.accepted - c.arrived, c.arrived] for c in progress.categories],
                row_totals=True,
                column_totals=True,
                total=True,
            )
            categories = [
                (c.label, table.row_totals[i].value, table.cells[i][1].value)
                for i, c in enumerate(progress.categories)
            ]
            shown = [
                protect_count(progress.proposed).value,
                table.total.value if progress.categories else 0,
                table.column_totals[1].value if progress.categories else 0,
            ]
        else:
            shown = [progress.proposed, progress.accepted, progress.arrived]
            categories = [(c.label, c.accepted, c.arrived) for c in progress.categories]
        arrived = shown[2]
        gap = None if progress.decided is None or arrived is None else progress.decided - arrived
        rows.append(
            {
                "progress": progress,
                "proposed": shown[0],
                "accepted": shown[1],
                "arrived": arrived,
                "gap": gap,
                "categories": categories,
                "protected": protected,
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
def year_page(request, year: int):
    if not SETTLEMENT_YEARS.user_has_permission(request.user, VIEW) or not 2000 <= year <= 2100:
        raise Http404
    changeable = _municipalities(SETTLEMENT_YEARS, request.user, CHANGE)
    chosen_id = int_or_none((request.POST if request.method == "POST" else request.GET).get("kommune"))
    chosen = next((m for m in changeable if m.pk == chosen_id), changeable[0] if changeable else None)
    form = None
    if chosen is not None:
        existing = SettlementRequest.objects.filter(municipality=chosen, year=year).first()
        form = forms.RequestForm(request.POST or None, instance=existing, prefix="request")
        if request.method == "POST":
            actor = Actor.from_request(request)
            if submit(form, lambda data: services.request_save(actor, chosen, year, data)):
                messages.success(request, _("The request and decision were saved."))
                return redirect(reverse("settlement:year", args=[year]) + f"?kommune={chosen.pk}")
    elif request.method == "POST":
        raise Http404
    rows = _year_rows(request, year)
    series = [("s1", _("Decided")), ("s2", _("Accepted")), ("s3", _("Arrived"))]
    bars = [
        Bar(r["progress"].municipality_name, [r["progress"].decided, r["accepted"], r["arrived"]])
        for r in rows
    ]
    chart = (
        grouped_bars(
            bars, series, title=_("Persons decided, accepted and arrived in %(year)s") % {"year": year}
        )
        if any(v for b in bars for v in b.values)
        else None
    )
    this_year = timezone.localdate().year
    return render(
        request,
        "settlement/year.html",
        {
            "year": year,
            "rows": rows,
            "chart": chart,
            "form": form,
            "chosen": chosen,
            "changeable": changeable,
            "years": list(range(this_year + 1, this_year - 5, -1)),
            "can_see_cases": SETTLEMENT_CASES.user_has_permission(request.user, VIEW),
        },
    )


@require_http_methods(["GET", "POST"])
def settings_page(request):
    """The municipal defaults the settlement process needs and no law gives, per municipality, with
    their history: who coordinates settlement sets them, dated and sourced."""
    changeable = _municipalities(SETTLEMENT_YEARS, request.user, CHANGE)
    if not changeable:
        raise Http404
    chosen_id = int_or_none((request.POST if request.method == "POST" else request.GET).get("kommune"))
    chosen = next((m for m in changeable if m.pk == chosen_id), changeable[0])
    form = forms.SettingForm(request.POST or None)
    if request.method == "POST" and submit(
        form,
        lambda d: services.setting_save(
            chosen, d["key"], d["value"], d["valid_from"], d["source"], assumed=d["assumed"]
        ),
    ):
        messages.success(request, _("The setting was saved."))
        return redirect(reverse("settlement:settings") + f"?kommune={chosen.pk}")
    today = timezone.localdate()
    current = {
        key: selectors.setting_on(chosen.pk, key, today) for key, _label in SettlementSetting.Key.choices
    }
    return render(
        request,
        "settlement/settings.html",
        {
            "form": form,
            "chosen": chosen,
            "changeable": changeable,
            "keys": [(label, current[key]) for key, label in SettlementSetting.Key.choices],
            "history": SettlementSetting.objects.filter(municipality=chosen).order_by("key", "-valid_from"),
            "can_see_cases": SETTLEMENT_CASES.user_has_permission(request.user, VIEW),
            "can_change": SETTLEMENT_CASES.user_has_permission(request.user, CHANGE),
        },
    )


# ---------------------------------------------------------------------- the integration service's record
RECORD_KIND = "integration"


def _record_person(request, pk: int, *, write: bool = False):
    """The person whose record is opened (the read audited), and the membership that may write it."""
    found, _grants, writer = policy.access_record(Actor.from_request(request), pk, RECORD_KIND, write=write)
    return found, writer


def integration_record(request, pk: int):
    found, writer = _record_person(request, pk)
    return render(
        request,
        "settlement/integration_record.html",
        {
            "person": found,
            "record": IntegrationRecord.objects.filter(person=found).first(),
            "training": NorwegianTraining.objects.filter(person=found).first(),
            "tests": list(NorwegianTest.objects.filter(person=found).order_by("-passed_on", "-pk")),
            "unaccompanied": services.is_unaccompanied(found),
            "can_write": writer is not None,
        },
    )


def _record_saved(request, found, message: str):
    messages.success(request, message)
    return redirect("settlement:integration_record", pk=found.pk)


def _record_form(request, found, form, title: str):
    return render(
        request, "settlement/integration_form.html", {"person": found, "form": form, "title": title}
    )


@require_http_methods(["GET", "POST"])
def integration_record_edit(request, pk: int):
    found, writer = _record_person(request, pk, write=True)
    current = IntegrationRecord.objects.filter(person=found).first() or IntegrationRecord(person=found)
    form = forms.IntegrationRecordForm(
        request.POST or None, instance=current, unaccompanied=services.is_unaccompanied(found)
    )
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda data: services.integration_record_save(
            actor=actor, person=found, data={f: data[f] for f in form.fields}, scope=writer
        ),
    ):
        return _record_saved(request, found, _("The integration record was saved."))
    return _record_form(request, found, form, _("Permit, housing and guardian"))


@require_http_methods(["GET", "POST"])
def norwegian_training_edit(request, pk: int):
    found, writer = _record_person(request, pk, write=True)
    current = NorwegianTraining.objects.filter(person=found).first() or NorwegianTraining(person=found)
    form = forms.NorwegianTrainingForm(request.POST or None, instance=current)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda data: services.norwegian_training_save(
            actor=actor, person=found, data={f: data[f] for f in form.fields}, scope=writer
        ),
    ):
        return _record_saved(request, found, _("The Norwegian training was saved."))
    return _record_form(request, found, form, _("Norwegian training outside the programme"))


@require_http_methods(["GET", "POST"])
def norwegian_test_add(request, pk: int):
    found, writer = _record_person(request, pk, write=True)
    form = forms.NorwegianTestForm(request.POST or None)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda data: services.norwegian_test_add(
            actor=actor, person=found, data={f: data[f] for f in form.fields}, scope=writer
        ),
    ):
        return _record_saved(request, found, _("The Norwegian test was recorded."))
    return _record_form(request, found, form, _("Norwegian test passed"))


@require_POST
def norwegian_test_remove(request, pk: int, row: int):
    found, writer = _record_person(request, pk, write=True)
    services.norwegian_test_remove(actor=Actor.from_request(request), person=found, pk=row, scope=writer)
    return _record_saved(request, found, _("The Norwegian test was removed."))
