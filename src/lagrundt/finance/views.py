"""Pages for grants and economics. Thin: the policy decides and audits, services change, selectors read."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.resources import CHANGE, ECONOMY, PERSON_FINANCES, RATES, VIEW
from lagrundt.access.sections import Section
from lagrundt.core.documents import Sheet, xlsx_response
from lagrundt.core.forms import add_errors, int_or_none
from lagrundt.core.paging import page_of
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Municipality

from . import costs as cost_sources
from . import presenters, rules, selectors, services
from .forms import (
    CostForm,
    DisabilityGrantForm,
    GrantFactsForm,
    PlannedSettlementForm,
    RateForm,
    RateImportForm,
    ReceiptForm,
    ScenarioForm,
    TemplateYearForm,
)
from .models import (
    ActualReceipt,
    CostEntry,
    CostKind,
    DisabilityGrant,
    GrantCode,
    GrantFacts,
    Scenario,
    YearOneGroup,
)
from .money import ZERO, Amount
from .parameters import (
    MOVE_YEAR_NEW,
    MOVE_YEAR_OLD,
    PAYMENT_NEXT_QUARTER,
    PAYMENT_SETTLEMENT_QUARTER,
    SPECS,
    ParametersMissing,
)

CHOICE_LABELS = {
    PAYMENT_SETTLEMENT_QUARTER: gettext_lazy("in the quarter of settlement"),
    PAYMENT_NEXT_QUARTER: gettext_lazy("in the quarter after settlement"),
    MOVE_YEAR_OLD: gettext_lazy("the municipality the person moved from"),
    MOVE_YEAR_NEW: gettext_lazy("the municipality the person moved to"),
}
EXPORT_LIMIT = 5000


# ---------------------------------------------------------------------------- helpers
def _municipality(request, *, value=None) -> Municipality:
    """The municipality asked for (``?kommune=``) among those whose totals the user may see."""
    allowed = ECONOMY.municipality_ids(request.user, VIEW)
    if not allowed:
        raise Http404
    wanted = int_or_none(value if value is not None else request.GET.get("kommune"))
    if wanted is None:
        return selectors.home_municipality(request.user, allowed)
    if wanted not in allowed:
        raise Http404
    return Municipality.objects.get(pk=wanted)


def _rules_ready():
    """The rule parameters and rates, or None with a message when the parameters are not set."""
    try:
        return selectors.parameters(), selectors.rate_book()
    except ParametersMissing:
        return None


def _common(request, municipality=None, **extra) -> dict:
    return {
        "municipality": municipality,
        "municipalities": list(
            ECONOMY.instances_user_has_permission_for(request.user, VIEW).order_by("name")
        ),
        "may_edit": municipality is not None
        and ECONOMY.user_has_permission_for_instance(request.user, CHANGE, municipality),
        "reads_persons": PERSON_FINANCES.user_has_permission(request.user, VIEW),
        "sees_economy": ECONOMY.user_has_permission(request.user, VIEW),
        "may_manage_rates": RATES.user_has_permission(request.user, CHANGE),
        **extra,
    }


def _economy(request, municipality):
    """The tables of a municipality's economy page and its export."""
    today = timezone.localdate()
    ready = _rules_ready()
    if ready is None:
        return None
    params, book = ready
    years = selectors.years_around(today)
    people = selectors.load_entitled(municipality_ids={municipality.pk})
    receipts = selectors.register_receipts({municipality.pk}, years, people=people, params=params, book=book)
    suppress = not ECONOMY.user_has_permission_for_instance(request.user, "view_small_numbers", municipality)
    receipts_table = presenters.receipts_table(receipts, municipality.pk, years, today, suppress=suppress)
    actual = {
        (r.grant, r.year): r.amount
        for r in ActualReceipt.objects.filter(municipality=municipality).order_by("year", "grant")
    }
    actual_years = sorted({y for _g, y in actual})
    actual_receipts = selectors.register_receipts(
        {municipality.pk},
        range(min(actual_years), max(actual_years) + 1) if actual_years else range(0),
        people=people,
        params=params,
        book=book,
    )
    counted, replaced = cost_sources.costs_for({municipality.pk}, years)
    forecast = selectors.forecast_years(today)
    tables = {
        "receipts": receipts_table,
        "actual": presenters.actual_table(
            actual_receipts, actual, municipality.pk, actual_years, suppress=suppress
        ),
        "quarters": presenters.quarters_table(receipts, municipality.pk, forecast),
        "income_costs": presenters.income_costs_table(
            receipts, actual, counted, municipality.pk, years, today
        ),
        "costs": presenters.cost_lines_table(counted, replaced),
    }
    return tables, suppress


# ---------------------------------------------------------------------------- the municipality
def overview(request):
    municipality = _municipality(request)
    found = _economy(request, municipality)
    if found is None:
        return render(request, "finance/not_ready.html", _common(request, municipality))
    tables, suppress = found
    charts = {"receipts": presenters.receipts_chart(tables["receipts"])}
    if tables["actual"].rows:
        charts["actual"] = presenters.actual_chart(tables["actual"])
    return render(
        request,
        "finance/overview.html",
        _common(request, municipality, tables=tables, charts=charts, suppress=suppress),
    )


def overview_export(request):
    municipality = _municipality(request)
    found = _economy(request, municipality)
    if found is None:
        return redirect(reverse("finance:overview") + f"?kommune={municipality.pk}")
    tables, _suppress = found
    return xlsx_response(
        [presenters.sheet(t) for t in tables.values()],
        f"okonomi-{municipality.slug}-{timezone.localdate():%Y-%m-%d}.xlsx",
    )


def _scenario_comparison(request, municipality, scenario_list):
    today = timezone.localdate()
    ready = _rules_ready()
    if ready is None:
        return None
    params, book = ready
    years = range(today.year, today.year + selectors.FORECAST_YEARS + 1)
    people = selectors.load_entitled(municipality_ids={municipality.pk})
    base_tally = rules.tally(people, params, years, {municipality.pk})
    base = rules.price_tally(base_tally, book)
    from .scenarios import register_shapes

    history = register_shapes(people, municipality.pk, today, params.elderly_min_age)
    with_scenarios, details = [], {}
    for scenario in scenario_list:
        planned = selectors.scenario_people(scenario, history, params)
        extra = rules.tally([p for *_rest, group in planned for p in group], params, years, {municipality.pk})
        with_scenarios.append((scenario.name, rules.add_receipts(base, rules.price_tally(extra, book))))
        details[scenario.pk] = planned
    table = presenters.scenarios_table(base, with_scenarios, municipality.pk, years)
    return table, details, history


@require_http_methods(["GET", "POST"])
def scenarios(request):
    municipality = _municipality(
        request, value=request.POST.get("kommune") if request.method == "POST" else None
    )
    may_edit = ECONOMY.user_has_permission_for_instance(request.user, CHANGE, municipality)
    form = ScenarioForm(request.POST or None)
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if form.is_valid():
            try:
                scenario = services.scenario_save(
                    actor=Actor.from_request(request), municipality=municipality, **form.cleaned_data
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The scenario is made. Add the planned settlements."))
                return redirect("finance:scenario_detail", pk=scenario.pk)
    scenario_list = selectors.scenarios_of(municipality.pk)
    found = _scenario_comparison(request, municipality, scenario_list)
    if found is None:
        return render(request, "finance/not_ready.html", _common(request, municipality))
    table, details, history = found
    return render(
        request,
        "finance/scenarios.html",
        _common(
            request,
            municipality,
            form=form,
            scenarios=[(s, details[s.pk]) for s in scenario_list],
            table=table,
            chart=presenters.scenarios_chart(table),
            history=history,
        ),
    )


def scenarios_export(request):
    municipality = _municipality(request)
    found = _scenario_comparison(request, municipality, selectors.scenarios_of(municipality.pk))
    if found is None:
        return redirect(reverse("finance:scenarios") + f"?kommune={municipality.pk}")
    table, details, _history = found
    planned = Sheet(
        title=_("Planned settlements"),
        header=[
            _("Scenario"),
            _("Year"),
            _("Persons"),
            _("Unaccompanied minors"),
            _("Single adults"),
            _("Adults in families"),
            _("Children under 6"),
            _("Children 6–17"),
            _("Elderly"),
            _("Collective protection"),
            _("Household shapes"),
        ],
        rows=[
            [
                scenario.name,
                p.year,
                p.persons,
                p.unaccompanied_minors,
                shapes.single_adults,
                shapes.adults_in_families,
                shapes.children_under_6,
                shapes.children_6_to_17,
                shapes.elderly,
                shapes.collective_protection,
                _("from the register") if from_register else _("given"),
            ]
            for scenario in selectors.scenarios_of(municipality.pk)
            for p, shapes, from_register, _people in details[scenario.pk]
        ],
    )
    return xlsx_response(
        [presenters.sheet(table), planned],
        f"scenarier-{municipality.slug}-{timezone.localdate():%Y-%m-%d}.xlsx",
    )


def _scenario_for(request, pk) -> Scenario:
    scenario = Scenario.objects.filter(
        pk=pk, municipality_id__in=ECONOMY.municipality_ids(request.user, VIEW)
    ).first()
    if scenario is None:
        raise Http404
    return scenario


@require_http_methods(["GET", "POST"])
def scenario_detail(request, pk: int):
    scenario = _scenario_for(request, pk)
    municipality = scenario.municipality
    actor = Actor.from_request(request)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not ECONOMY.user_has_permission_for_instance(request.user, CHANGE, municipality):
        raise Http404
    edit_form = ScenarioForm(
        request.POST if action == "edit" else None,
        initial={"name": scenario.name, "description": scenario.description},
        prefix="scenario",
    )
    planned_form = PlannedSettlementForm(request.POST if action == "plan" else None, prefix="plan")
    if action == "edit" and edit_form.is_valid():
        try:
            services.scenario_save(
                actor=actor, municipality=municipality, scenario=scenario, **edit_form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(edit_form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("finance:scenario_detail", pk=scenario.pk)
    elif action == "plan" and planned_form.is_valid():
        data = {f: planned_form.cleaned_data[f] for f in services.PLANNED_FIELDS}
        try:
            services.planned_save(
                actor=actor, scenario=scenario, year=planned_form.cleaned_data["year"], data=data
            )
        except ValidationError as exc:
            add_errors(planned_form, exc)
        else:
            messages.success(request, _("The planned settlement is saved."))
            return redirect("finance:scenario_detail", pk=scenario.pk)
    elif action == "remove":
        services.planned_delete(
            actor=actor, scenario=scenario, pk=int_or_none(request.POST.get("planned")) or 0
        )
        messages.success(request, _("The planned settlement is removed."))
        return redirect("finance:scenario_detail", pk=scenario.pk)
    elif action == "delete":
        services.scenario_delete(actor=actor, scenario=scenario)
        messages.success(request, _("The scenario is deleted."))
        return redirect(reverse("finance:scenarios") + f"?kommune={municipality.pk}")
    found = _scenario_comparison(request, municipality, [scenario])
    if found is None:
        return render(request, "finance/not_ready.html", _common(request, municipality))
    table, details, history = found
    from .scenarios import REPRESENTATIVE_AGES

    return render(
        request,
        "finance/scenario_detail.html",
        _common(
            request,
            municipality,
            scenario=scenario,
            planned=details[scenario.pk],
            table=table,
            edit_form=edit_form,
            planned_form=planned_form,
            open_form=action,
            history=history,
            ages=REPRESENTATIVE_AGES,
        ),
    )


def _municipality_entries(request, *, form_class, save, delete, url_name: str, saved: str, deleted: str):
    """The page of a municipality's entered figures (receipts, costs): save or delete one, or show.

    Returns the municipality, the form, and a redirect when a change was made.
    """
    municipality = _municipality(
        request, value=request.POST.get("kommune") if request.method == "POST" else None
    )
    action = request.POST.get("action") if request.method == "POST" else None
    form = form_class(request.POST if action == "save" else None)
    if request.method == "POST":
        if not ECONOMY.user_has_permission_for_instance(request.user, CHANGE, municipality):
            raise Http404
        actor = Actor.from_request(request)
        back = redirect(reverse(url_name) + f"?kommune={municipality.pk}")
        if action == "delete":
            delete(actor=actor, municipality=municipality, pk=int_or_none(request.POST.get("pk")) or 0)
            messages.success(request, deleted)
            return municipality, form, back
        if form.is_valid():
            try:
                save(actor=actor, municipality=municipality, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, saved)
                return municipality, form, back
    return municipality, form, None


@require_http_methods(["GET", "POST"])
def receipts(request):
    municipality, form, done = _municipality_entries(
        request,
        form_class=ReceiptForm,
        save=services.receipt_save,
        delete=services.receipt_delete,
        url_name="finance:receipts",
        saved=_("The receipt is saved."),
        deleted=_("The receipt is deleted."),
    )
    if done:
        return done
    entries = ActualReceipt.objects.filter(municipality=municipality).order_by("-year", "grant")
    return render(
        request, "finance/receipts.html", _common(request, municipality, form=form, entries=entries)
    )


@require_http_methods(["GET", "POST"])
def costs(request):
    municipality, form, done = _municipality_entries(
        request,
        form_class=CostForm,
        save=services.cost_save,
        delete=services.cost_delete,
        url_name="finance:costs",
        saved=_("The cost is saved."),
        deleted=_("The cost is deleted."),
    )
    if done:
        return done
    today = timezone.localdate()
    counted, replaced = cost_sources.costs_for({municipality.pk}, range(2000, today.year + 20))
    kinds = dict(CostKind.choices)
    computed = [(c, kinds.get(c.kind, c.kind)) for c in counted if c.entry_id is None]
    entries = CostEntry.objects.filter(municipality=municipality).order_by("-year", "kind", "label")
    return render(
        request,
        "finance/costs.html",
        _common(
            request,
            municipality,
            form=form,
            entries=entries,
            computed=computed,
            replaced={c.entry_id for c in replaced},
        ),
    )


# ---------------------------------------------------------------------------- persons
def _person_rows(persons, params, book, today):
    """Per person: the grant lines in the next years and the total expected from this year on."""
    entitled = {e.person_id: e for e in selectors.load_entitled(person_ids=[p.pk for p in persons])}
    rows = []
    for person in persons:
        e = entitled.get(person.pk)
        lines = rules.schedule(e, params) if e is not None else []
        own = [(line, book.price(line)) for line in lines]
        this_year = sum((a for line, a in own if line.year == today.year), Amount())
        ahead = sum((a for line, a in own if line.year > today.year), Amount())
        years = [line.year for line, _a in own if line.rule == "integration"]
        rows.append(
            {
                "person": person,
                "settled_on": e.settled_on if e else None,
                "grant_years": (min(years), max(years)) if years else None,
                "this_year": this_year,
                "ahead": ahead,
            }
        )
    return rows


def persons(request):
    if not PERSON_FINANCES.user_has_permission(request.user, VIEW):
        raise Http404
    ready = _rules_ready()
    qs = policy.visible_to(request.user, section=Section.FINANCES)
    municipality_id = int_or_none(request.GET.get("kommune"))
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    page = page_of(
        qs.order_by("family_name", "given_name", "pk"),
        int_or_none(request.GET.get("side")) or 1,
        related=("municipality",),
    )
    policy.record_list_reads(
        Actor.from_request(request),
        page.items,
        [Section.IDENTITY, Section.FINANCES],
        channel=AuditChannel.SEARCH,
    )
    today = timezone.localdate()
    rows = _person_rows(page.items, *ready, today) if ready else []
    from lagrundt.tenancy.selectors import municipalities_for

    template = "finance/persons.html#results" if request.headers.get("HX-Request") else "finance/persons.html"
    return render(
        request,
        template,
        _common(
            request,
            None,
            page=page,
            rows=rows,
            ready=ready is not None,
            person_municipalities=municipalities_for(request.user),
            municipality_id=municipality_id,
            query_string=request.GET.copy(),
            today=today,
        ),
    )


def persons_export(request):
    if not PERSON_FINANCES.user_has_permission(request.user, VIEW):
        raise Http404
    ready = _rules_ready()
    if ready is None:
        return redirect("finance:persons")
    qs = policy.visible_to(request.user, section=Section.FINANCES)
    municipality_id = int_or_none(request.GET.get("kommune"))
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    found = list(qs.select_related("municipality").order_by("family_name", "given_name", "pk")[:EXPORT_LIMIT])
    policy.record_list_reads(
        Actor.from_request(request), found, [Section.IDENTITY, Section.FINANCES], channel=AuditChannel.EXPORT
    )
    today = timezone.localdate()
    table = presenters.Table(
        name=_("Persons"),
        caption=_("Expected grants per person"),
        columns=[
            _("Name"),
            _("Municipality"),
            _("Settled"),
            _("Grant years"),
            _("This year"),
            _("Later years"),
        ],
    )
    for row in _person_rows(found, *ready, today):
        years = row["grant_years"]
        table.rows.append(
            presenters.Row(
                row["person"].full_name,
                [
                    presenters.Cell(text=row["person"].municipality.name),
                    presenters.Cell(text=row["settled_on"].strftime("%d.%m.%Y") if row["settled_on"] else ""),
                    presenters.Cell(text=f"{years[0]}–{years[1]}" if years else ""),
                    presenters.money(row["this_year"]),
                    presenters.money(row["ahead"]),
                ],
            )
        )
    return xlsx_response([presenters.sheet(table)], f"tilskudd-personer-{today:%Y-%m-%d}.xlsx")


def _schedule_table(person, lines, names) -> presenters.Table:
    table = presenters.Table(
        name=_("Grant schedule"),
        caption=_("Grants for %(name)s, year by year") % {"name": person.full_name},
        columns=[_("Year"), _("Grant"), _("Grant year"), _("Amount"), _("Received by"), _("Source")],
    )
    labels = dict(GrantCode.choices)
    for line, amount in sorted(lines, key=lambda la: (la[0].year, la[0].code)):
        table.rows.append(
            presenters.Row(
                str(line.year),
                [
                    presenters.Cell(text=str(labels.get(line.code, line.code))),
                    presenters.Cell(number=line.grant_year),
                    presenters.money(amount),
                    presenters.Cell(
                        text=names.get(line.recipient, "") if line.recipient else _("another municipality")
                    ),
                    presenters.Cell(text=rules.RULE_SOURCES.get(line.rule, "")),
                ],
            )
        )
    return table


def _schedule_context(request, pk, *, channel=AuditChannel.PAGE):
    actor = Actor.from_request(request)
    person, grants = policy.access_person(
        actor,
        pk,
        section=Section.FINANCES,
        channel=channel,
        queryset=Person.objects.select_related("municipality", "settlement", "move_out"),
        audit_read=channel != AuditChannel.EXPORT,
    )
    if channel == AuditChannel.EXPORT:
        policy.record_list_reads(actor, [person], [Section.FINANCES], channel=channel)
    ready = _rules_ready()
    entitled, lines = (
        selectors.person_schedule(person, params=ready[0], book=ready[1]) if ready else (None, [])
    )
    names = dict(Municipality.objects.values_list("pk", "name"))
    table = _schedule_table(person, lines, names)
    by_year = {}
    for line, amount in lines:
        by_year[line.year] = by_year.get(line.year, Amount()) + amount
    return person, grants, ready, entitled, table, by_year


def _year_one_label(entitled, ready) -> str:
    if not ready or entitled is None:
        return ""
    start = rules.grant_start(entitled, ready[0])
    if start is None:
        return ""
    return str(YearOneGroup(rules.year_one_group(entitled, start)).label)


def person_schedule(request, pk: int):
    person, grants, ready, entitled, table, by_year = _schedule_context(request, pk)
    facts = GrantFacts.objects.filter(person=person).select_related("reference_person").first()
    return render(
        request,
        "finance/person_schedule.html",
        _common(
            request,
            None,
            person=person,
            ready=ready is not None,
            table=table,
            by_year=sorted(by_year.items()),
            total=sum(by_year.values(), Amount()),
            facts=facts,
            entitled=entitled,
            disability=DisabilityGrant.objects.filter(person=person).order_by("applied_on", "pk"),
            may_write=grants.can_write(Section.FINANCES),
            year_one_label=_year_one_label(entitled, ready),
        ),
    )


def person_schedule_export(request, pk: int):
    person, _grants, _ready, _entitled, table, _by_year = _schedule_context(
        request, pk, channel=AuditChannel.EXPORT
    )
    return xlsx_response(
        [presenters.sheet(table)], f"tilskudd-{person.pk}-{timezone.localdate():%Y-%m-%d}.xlsx"
    )


def _reference_choices(request, person):
    if not person.household_id:
        return []
    return list(
        policy.visible_to(request.user, section=Section.FAMILY)
        .filter(household_id=person.household_id)
        .exclude(pk=person.pk)
        .order_by("birth_date", "pk")
    )


@require_http_methods(["GET", "POST"])
def person_facts(request, pk: int):
    actor = Actor.from_request(request)
    person, _grants = policy.access_person(actor, pk, section=Section.FINANCES, write=True)
    facts = GrantFacts.objects.filter(person=person).first() or GrantFacts(person=person)
    form = GrantFactsForm(
        request.POST or None, instance=facts, reference_choices=_reference_choices(request, person)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_facts_save(
                actor=actor, person=person, data={f: form.cleaned_data[f] for f in form.Meta.fields}
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("finance:person_schedule", pk=person.pk)
    return render(
        request,
        "finance/person_form.html",
        _common(request, None, person=person, form=form, title=_("What the grants depend on")),
    )


@require_http_methods(["GET", "POST"])
def disability_grant(request, pk: int, grant_id: int | None = None):
    actor = Actor.from_request(request)
    person, _grants = policy.access_person(actor, pk, section=Section.FINANCES, write=True)
    grant = get_object_or_404(DisabilityGrant, pk=grant_id, person=person) if grant_id else None
    if request.method == "POST" and request.POST.get("action") == "delete" and grant is not None:
        services.disability_grant_delete(actor=actor, person=person, grant=grant)
        messages.success(request, _("The application is deleted."))
        return redirect("finance:person_schedule", pk=person.pk)
    form = DisabilityGrantForm(request.POST or None, instance=grant or DisabilityGrant(person=person))
    if request.method == "POST" and form.is_valid():
        try:
            services.disability_grant_save(
                actor=actor,
                person=person,
                grant=grant,
                data={f: form.cleaned_data[f] for f in form.Meta.fields},
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("finance:person_schedule", pk=person.pk)
    return render(
        request,
        "finance/person_form.html",
        _common(
            request,
            None,
            person=person,
            form=form,
            title=_("Disability grant"),
            deletable=grant is not None,
        ),
    )


# ---------------------------------------------------------------------------- rates
def _rates_table(today) -> presenters.Table:
    """Which rate each grant uses in each year, from the first known year to five years ahead."""
    book = selectors.rate_book()
    known = selectors.rates()
    first = min((r.year for r in known), default=today.year)
    years = range(min(first, today.year), today.year + selectors.FORECAST_YEARS + 1)
    table = presenters.Table(
        name=_("Rates used"),
        caption=_("The rate used for each grant and year"),
        columns=[_("Grant"), *[str(y) for y in years]],
    )
    for code, label in GrantCode.choices:
        cells = []
        for year in years:
            rate = book.lookup(code, year)
            amount = Amount(ZERO, False, 1) if rate is None else Amount(rate.amount, rate.assumed)
            cells.append(presenters.money(amount))
        table.rows.append(presenters.Row(str(label), cells))
    return table


def _parameter_value(parameter, spec) -> str:
    if spec is not None and spec.kind == "countries":
        codes = sorted(parameter.value)
        return ngettext("%(n)d country: %(codes)s", "%(n)d countries: %(codes)s", len(codes)) % {
            "n": len(codes),
            "codes": ", ".join(codes),
        }
    if spec is not None and spec.kind == "choice":
        return str(CHOICE_LABELS.get(parameter.value, parameter.value))
    return str(parameter.value)


@require_http_methods(["GET", "POST"])
def rates(request):
    if not RATES.user_has_permission(request.user, VIEW):
        raise Http404
    may_manage = RATES.user_has_permission(request.user, CHANGE)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not may_manage:
        raise Http404
    form = RateForm(request.POST if action == "rate" else None, prefix="rate")
    if action == "seed":
        counts = services.seed_from_facts()
        messages.success(
            request,
            _("From the facts file: %(rates)s rates and %(parameters)s parameters added.") % counts,
        )
        return redirect("finance:rates")
    if action == "rate" and form.is_valid():
        try:
            services.rate_set(actor=Actor.from_request(request), **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The rate is saved."))
            return redirect("finance:rates")
    today = timezone.localdate()
    labels = dict(GrantCode.choices)
    parameters = selectors.parameter_rows()
    specs = {s.key: s for s in SPECS}
    return render(
        request,
        "finance/rates.html",
        _common(
            request,
            None,
            used=_rates_table(today),
            known=[(labels.get(r.code, r.code), r) for r in selectors.rates()],
            parameters=[
                (specs[p.key].label if p.key in specs else p.key, p, _parameter_value(p, specs.get(p.key)))
                for p in parameters
            ],
            parameters_missing=len(parameters) < len(SPECS),
            form=form,
            template_form=TemplateYearForm(),
            open_form=action,
        ),
    )


def rates_export(request):
    if not RATES.user_has_permission(request.user, VIEW):
        raise Http404
    labels = dict(GrantCode.choices)
    known = Sheet(
        title=_("Rates"),
        header=[
            _("Code"),
            _("Grant"),
            _("Year"),
            _("Amount"),
            _("Confidence"),
            _("Source"),
            _("Reference"),
            _("Published or read on"),
            _("Note"),
        ],
        rows=[
            [
                r.code,
                str(labels.get(r.code, r.code)),
                r.year,
                r.amount,
                r.get_confidence_display(),
                r.source.title,
                r.source.reference,
                r.source.published_on,
                r.note,
            ]
            for r in selectors.rates()
        ],
    )
    used = presenters.sheet(_rates_table(timezone.localdate()))
    specs = {s.key: s for s in SPECS}
    parameters = Sheet(
        title=_("The rules' parameters"),
        header=[_("Parameter"), _("Code"), _("Value"), _("Confidence"), _("Source"), _("Note")],
        rows=[
            [
                str(specs[p.key].label) if p.key in specs else p.key,
                p.key,
                _parameter_value(p, specs.get(p.key)),
                p.get_confidence_display(),
                p.source,
                p.note,
            ]
            for p in selectors.parameter_rows()
        ],
    )
    return xlsx_response([known, used, parameters], f"tilskuddssatser-{timezone.localdate():%Y-%m-%d}.xlsx")


def rates_template(request):
    """A workbook to fill in: one row per grant code for a year, in the import layout."""
    if not RATES.user_has_permission(request.user, CHANGE):
        raise Http404
    form = TemplateYearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year + 1
    sheet = Sheet(
        title=str(year),
        header=["år", "kode", "tilskudd", "beløp", "merknad"],
        rows=[[year, code, str(label), None, ""] for code, label in GrantCode.choices],
    )
    return xlsx_response([sheet], f"satser-{year}.xlsx")


@require_http_methods(["GET", "POST"])
def rates_import(request):
    if not RATES.user_has_permission(request.user, CHANGE):
        raise Http404
    form = RateImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = {
            k: form.cleaned_data[k] for k in ("title", "reference", "published_on", "confidence", "replace")
        }
        try:
            saved = services.rates_import(
                actor=Actor.from_request(request), name=upload.name, content=upload.read(), **data
            )
        except services.RateImportError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                ngettext("%(n)s rate is imported.", "%(n)s rates are imported.", len(saved))
                % {"n": len(saved)},
            )
            return redirect("finance:rates")
    return render(
        request,
        "finance/rates_import.html",
        _common(
            request,
            None,
            form=form,
            errors=errors,
            codes=GrantCode.choices,
            example_year=timezone.localdate().year + 1,
        ),
    )
