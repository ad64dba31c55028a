"""Pages for grants and economics. Thin: the policy decides and audits, services change, selectors read,
presenters shape the tables."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.resources import CHANGE, ECONOMY, PERSON_FINANCES, RATES, VIEW
from lagrundt.access.sections import Section
from lagrundt.core.documents import xlsx_response
from lagrundt.core.forms import int_or_none, submit
from lagrundt.core.paging import page_of
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Municipality
from lagrundt.tenancy.selectors import municipalities_for

from . import disclosure, presenters, selectors, services
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
from .models import DisabilityGrant, GrantCode, GrantFacts, Scenario
from .parameters import SPECS
from .scenarios import REPRESENTATIVE_AGES

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


def _posted_municipality(request) -> Municipality:
    """The municipality a change is posted for (the form's ``kommune``), which the user may change."""
    municipality = _municipality(request, value=request.POST.get("kommune"))
    if not ECONOMY.user_has_permission_for_instance(request.user, CHANGE, municipality):
        raise Http404
    return municipality


def _with_municipality(url_name: str, municipality) -> str:
    return reverse(url_name) + f"?kommune={municipality.pk}"


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


def _not_ready(request, municipality=None):
    return render(request, "finance/not_ready.html", _common(request, municipality))


def _suppress(request, municipality) -> bool:
    """Whether the user sees the municipality's small numbers hidden (leadership)."""
    return not ECONOMY.user_has_permission_for_instance(request.user, "view_small_numbers", municipality)


def _economy(request, municipality):
    """The tables of a municipality's economy page and its export, or None while the rules are not set."""
    ready = selectors.rules_ready()
    if ready is None:
        return None
    today = timezone.localdate()
    suppress = _suppress(request, municipality)
    economy = selectors.economy(municipality.pk, today, *ready)
    return presenters.economy_tables(economy, municipality.pk, today, suppress=suppress), suppress


# ---------------------------------------------------------------------------- the municipality
def overview(request):
    municipality = _municipality(request)
    found = _economy(request, municipality)
    if found is None:
        return _not_ready(request, municipality)
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
        return redirect(_with_municipality("finance:overview", municipality))
    tables, _suppress = found
    return xlsx_response(
        [presenters.sheet(t) for t in tables.values()],
        f"okonomi-{municipality.slug}-{timezone.localdate():%Y-%m-%d}.xlsx",
    )


# ---------------------------------------------------------------------------- scenarios
@dataclass(frozen=True)
class _Compared:
    comparison: selectors.ScenarioComparison
    table: presenters.Table
    shapes_hidden: bool  # the household shapes of the last five years rest on small counts
    history: dict  # their counts as the page shows them (None: hidden)


def _comparison(request, municipality, scenario_list) -> _Compared | None:
    """The scenarios compared with the register alone, and their table; None while the rules are not set."""
    ready = selectors.rules_ready()
    if ready is None:
        return None
    comparison = selectors.scenario_comparison(municipality.pk, scenario_list, timezone.localdate(), *ready)
    suppress = _suppress(request, municipality)
    shapes_hidden = disclosure.shapes_hidden(comparison.history, suppress=suppress)
    table = presenters.scenarios_table(
        comparison,
        municipality.pk,
        hidden=disclosure.hidden_amounts([comparison.base], municipality.pk, suppress=suppress),
        shapes_hidden=shapes_hidden,
    )
    history = disclosure.shown_shapes(comparison.history, suppress=suppress)
    return _Compared(comparison, table, shapes_hidden, history)


@require_http_methods(["GET", "POST"])
def scenarios(request):
    """The municipality's scenarios side by side; a new scenario is posted here."""
    municipality = _posted_municipality(request) if request.method == "POST" else _municipality(request)
    form = ScenarioForm(request.POST or None)
    actor = Actor.from_request(request)
    if request.method == "POST" and (
        scenario := submit(
            form, lambda data: services.scenario_save(actor=actor, municipality=municipality, **data)
        )
    ):
        messages.success(request, _("The scenario is made. Add the planned settlements."))
        return redirect("finance:scenario_detail", pk=scenario.pk)
    scenario_list = selectors.scenarios_of(municipality.pk)
    found = _comparison(request, municipality, scenario_list)
    if found is None:
        return _not_ready(request, municipality)
    return render(
        request,
        "finance/scenarios.html",
        _common(
            request,
            municipality,
            form=form,
            scenarios=[(s, found.comparison.planned[s.pk]) for s in scenario_list],
            table=found.table,
            chart=presenters.scenarios_chart(found.table),
            shapes_hidden=found.shapes_hidden,
        ),
    )


def scenarios_export(request):
    municipality = _municipality(request)
    scenario_list = selectors.scenarios_of(municipality.pk)
    found = _comparison(request, municipality, scenario_list)
    if found is None:
        return redirect(_with_municipality("finance:scenarios", municipality))
    return xlsx_response(
        [
            presenters.sheet(found.table),
            presenters.planned_sheet(
                scenario_list, found.comparison.planned, shapes_hidden=found.shapes_hidden
            ),
        ],
        f"scenarier-{municipality.slug}-{timezone.localdate():%Y-%m-%d}.xlsx",
    )


def _scenario(request, pk: int, *, change: bool = False) -> Scenario:
    """A scenario the user sees (and may change, with ``change``); 404 otherwise."""
    scenario = selectors.scenario_for(request.user, pk)
    if scenario is None or (
        change and not ECONOMY.user_has_permission_for_instance(request.user, CHANGE, scenario.municipality)
    ):
        raise Http404
    return scenario


def scenario_detail(request, pk: int):
    return _scenario_page(request, _scenario(request, pk))


def _scenario_page(request, scenario: Scenario, *, open_form: str = "", form=None):
    """The scenario's page; ``form`` is the one posted (``open_form``) and refused, shown with its errors."""
    municipality = scenario.municipality
    found = _comparison(request, municipality, [scenario])
    if found is None:
        return _not_ready(request, municipality)
    edit_form = ScenarioForm(
        initial={"name": scenario.name, "description": scenario.description}, prefix="scenario"
    )
    return render(
        request,
        "finance/scenario_detail.html",
        _common(
            request,
            municipality,
            scenario=scenario,
            planned=found.comparison.planned[scenario.pk],
            table=found.table,
            shapes_hidden=found.shapes_hidden,
            edit_form=form if open_form == "edit" else edit_form,
            planned_form=form if open_form == "plan" else PlannedSettlementForm(prefix="plan"),
            open_form=open_form,
            history=found.history,
            ages=REPRESENTATIVE_AGES,
        ),
    )


@require_POST
def scenario_edit(request, pk: int):
    scenario = _scenario(request, pk, change=True)
    form = ScenarioForm(request.POST, prefix="scenario")
    actor = Actor.from_request(request)
    if submit(
        form,
        lambda data: services.scenario_save(
            actor=actor, municipality=scenario.municipality, scenario=scenario, **data
        ),
    ):
        messages.success(request, _("The changes were saved."))
        return redirect("finance:scenario_detail", pk=scenario.pk)
    return _scenario_page(request, scenario, open_form="edit", form=form)


@require_POST
def scenario_delete(request, pk: int):
    scenario = _scenario(request, pk, change=True)
    services.scenario_delete(actor=Actor.from_request(request), scenario=scenario)
    messages.success(request, _("The scenario is deleted."))
    return redirect(_with_municipality("finance:scenarios", scenario.municipality))


@require_POST
def planned_save(request, pk: int):
    """A year's planned settlements in the scenario, added or changed."""
    scenario = _scenario(request, pk, change=True)
    form = PlannedSettlementForm(request.POST, prefix="plan")
    actor = Actor.from_request(request)
    if submit(
        form,
        lambda data: services.planned_save(
            actor=actor,
            scenario=scenario,
            year=data["year"],
            data={f: data[f] for f in services.PLANNED_FIELDS},
        ),
    ):
        messages.success(request, _("The planned settlement is saved."))
        return redirect("finance:scenario_detail", pk=scenario.pk)
    return _scenario_page(request, scenario, open_form="plan", form=form)


@require_POST
def planned_remove(request, pk: int, planned: int):
    scenario = _scenario(request, pk, change=True)
    services.planned_delete(actor=Actor.from_request(request), scenario=scenario, pk=planned)
    messages.success(request, _("The planned settlement is removed."))
    return redirect("finance:scenario_detail", pk=scenario.pk)


# ---------------------------------------------------------------------------- figures entered
def _entered(request, *, form_class, save, url_name: str, saved: str):
    """A municipality's page of entered figures (receipts, costs): the municipality and the form, or a
    redirect when a figure posted was saved."""
    if request.method != "POST":
        return _municipality(request), form_class(), None
    municipality = _posted_municipality(request)
    form = form_class(request.POST)
    actor = Actor.from_request(request)
    if submit(form, lambda data: save(actor=actor, municipality=municipality, **data)):
        messages.success(request, saved)
        return municipality, form, redirect(_with_municipality(url_name, municipality))
    return municipality, form, None


def _entered_delete(request, pk: int, *, delete, url_name: str, deleted: str):
    municipality = _posted_municipality(request)
    delete(actor=Actor.from_request(request), municipality=municipality, pk=pk)
    messages.success(request, deleted)
    return redirect(_with_municipality(url_name, municipality))


@require_http_methods(["GET", "POST"])
def receipts(request):
    municipality, form, done = _entered(
        request,
        form_class=ReceiptForm,
        save=services.receipt_save,
        url_name="finance:receipts",
        saved=_("The receipt is saved."),
    )
    if done:
        return done
    entries = selectors.receipts_entered(municipality.pk)
    return render(
        request, "finance/receipts.html", _common(request, municipality, form=form, entries=entries)
    )


@require_POST
def receipt_delete(request, pk: int):
    return _entered_delete(
        request,
        pk,
        delete=services.receipt_delete,
        url_name="finance:receipts",
        deleted=_("The receipt is deleted."),
    )


@require_http_methods(["GET", "POST"])
def costs(request):
    municipality, form, done = _entered(
        request,
        form_class=CostForm,
        save=services.cost_save,
        url_name="finance:costs",
        saved=_("The cost is saved."),
    )
    if done:
        return done
    today = timezone.localdate()
    counted, replaced = selectors.cost_lines(municipality.pk, range(2000, today.year + 20))
    return render(
        request,
        "finance/costs.html",
        _common(
            request,
            municipality,
            form=form,
            entries=selectors.costs_entered(municipality.pk),
            computed=presenters.computed_costs(counted),
            replaced={c.entry_id for c in replaced},
        ),
    )


@require_POST
def cost_delete(request, pk: int):
    return _entered_delete(
        request, pk, delete=services.cost_delete, url_name="finance:costs", deleted=_("The cost is deleted.")
    )


# ---------------------------------------------------------------------------- persons
def _finance_persons(request):
    """The persons whose finances the user reads, in the municipality asked for (``?kommune=``)."""
    if not PERSON_FINANCES.user_has_permission(request.user, VIEW):
        raise Http404
    qs = policy.visible_to(request.user, section=Section.FINANCES)
    municipality_id = int_or_none(request.GET.get("kommune"))
    if municipality_id not in {m.pk for m in municipalities_for(request.user)}:
        municipality_id = None  # not one of the user's (or no number at all): every municipality
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    return qs.order_by("family_name", "given_name", "pk"), municipality_id


def persons(request):
    qs, municipality_id = _finance_persons(request)
    ready = selectors.rules_ready()
    page = page_of(qs, int_or_none(request.GET.get("side")) or 1, related=("municipality",))
    policy.record_list_reads(
        Actor.from_request(request),
        page.items,
        [Section.IDENTITY, Section.FINANCES],
        channel=AuditChannel.SEARCH,
    )
    today = timezone.localdate()
    template = "finance/persons.html#results" if request.headers.get("HX-Request") else "finance/persons.html"
    return render(
        request,
        template,
        _common(
            request,
            None,
            page=page,
            rows=selectors.person_grants(page.items, *ready, today) if ready else [],
            ready=ready is not None,
            person_municipalities=municipalities_for(request.user),
            municipality_id=municipality_id,
            query_string=request.GET.copy(),
            today=today,
        ),
    )


def persons_export(request):
    qs, _municipality_id = _finance_persons(request)
    ready = selectors.rules_ready()
    if ready is None:
        return redirect("finance:persons")
    found = list(qs.select_related("municipality")[:EXPORT_LIMIT])
    policy.record_list_reads(
        Actor.from_request(request), found, [Section.IDENTITY, Section.FINANCES], channel=AuditChannel.EXPORT
    )
    today = timezone.localdate()
    table = presenters.persons_table(selectors.person_grants(found, *ready, today))
    return xlsx_response([presenters.sheet(table)], f"tilskudd-personer-{today:%Y-%m-%d}.xlsx")


def _schedule(request, pk, *, channel=AuditChannel.PAGE):
    """The person (whose finances the user reads), the rules if ready, the schedule and its table."""
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
    ready = selectors.rules_ready()
    schedule = selectors.schedule_of(person, ready)
    table = presenters.schedule_table(person, schedule.lines, selectors.municipality_names())
    return person, grants, ready, schedule, table


def person_schedule(request, pk: int):
    person, grants, ready, schedule, table = _schedule(request, pk)
    return render(
        request,
        "finance/person_schedule.html",
        _common(
            request,
            None,
            person=person,
            ready=ready is not None,
            table=table,
            by_year=sorted(schedule.by_year.items()),
            total=schedule.total,
            facts=selectors.grant_facts_of(person),
            entitled=schedule.entitled,
            disability=selectors.disability_grants_of(person),
            may_write=grants.can_write(Section.FINANCES),
            year_one_label=presenters.year_one_label(schedule.entitled, ready[0] if ready else None),
        ),
    )


def person_schedule_export(request, pk: int):
    person, _grants, _ready, _schedule_found, table = _schedule(request, pk, channel=AuditChannel.EXPORT)
    return xlsx_response(
        [presenters.sheet(table)], f"tilskudd-{person.pk}-{timezone.localdate():%Y-%m-%d}.xlsx"
    )


def _person_form_page(request, person, form, title, **extra):
    return render(
        request,
        "finance/person_form.html",
        _common(request, None, person=person, form=form, title=title, **extra),
    )


@require_http_methods(["GET", "POST"])
def person_facts(request, pk: int):
    actor = Actor.from_request(request)
    person, _grants = policy.access_person(actor, pk, section=Section.FINANCES, write=True)
    facts = GrantFacts.objects.filter(person=person).first() or GrantFacts(person=person)
    form = GrantFactsForm(
        request.POST or None,
        instance=facts,
        reference_choices=selectors.reference_choices(request.user, person),
    )
    if request.method == "POST" and submit(
        form,
        lambda data: services.grant_facts_save(
            actor=actor, person=person, data={f: data[f] for f in form.Meta.fields}
        ),
    ):
        messages.success(request, _("The changes were saved."))
        return redirect("finance:person_schedule", pk=person.pk)
    return _person_form_page(request, person, form, _("What the grants depend on"))


def _disability_grant(request, pk: int, grant_id: int | None):
    actor = Actor.from_request(request)
    person, _grants = policy.access_person(actor, pk, section=Section.FINANCES, write=True)
    grant = get_object_or_404(DisabilityGrant, pk=grant_id, person=person) if grant_id else None
    return actor, person, grant


@require_http_methods(["GET", "POST"])
def disability_grant(request, pk: int, grant_id: int | None = None):
    actor, person, grant = _disability_grant(request, pk, grant_id)
    form = DisabilityGrantForm(request.POST or None, instance=grant or DisabilityGrant(person=person))
    if request.method == "POST" and submit(
        form,
        lambda data: services.disability_grant_save(
            actor=actor, person=person, grant=grant, data={f: data[f] for f in form.Meta.fields}
        ),
    ):
        messages.success(request, _("The changes were saved."))
        return redirect("finance:person_schedule", pk=person.pk)
    return _person_form_page(request, person, form, _("Disability grant"), grant=grant)


@require_POST
def disability_grant_delete(request, pk: int, grant_id: int):
    actor, person, grant = _disability_grant(request, pk, grant_id)
    services.disability_grant_delete(actor=actor, person=person, grant=grant)
    messages.success(request, _("The application is deleted."))
    return redirect("finance:person_schedule", pk=person.pk)


# ---------------------------------------------------------------------------- rates
def _rates_table():
    return presenters.rates_table(
        selectors.rate_book(), selectors.rates(), timezone.localdate(), selectors.FORECAST_YEARS
    )


@require_http_methods(["GET", "POST"])
def rates(request):
    """The rates and the rules' parameters. Who manages the rates posts here a rate (``action=rate``),
    or asks for the facts file's rates and parameters (``action=seed``, a button on its own)."""
    if not RATES.user_has_permission(request.user, VIEW):
        raise Http404
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not RATES.user_has_permission(request.user, CHANGE):
        raise Http404
    form = RateForm(request.POST if action == "rate" else None, prefix="rate")
    if action == "seed":
        counts = services.seed_from_facts()
        messages.success(
            request,
            _("From the facts file: %(rates)s rates and %(parameters)s parameters added.") % counts,
        )
        return redirect("finance:rates")
    actor = Actor.from_request(request)
    if action == "rate" and submit(form, lambda data: services.rate_set(actor=actor, **data)):
        messages.success(request, _("The rate is saved."))
        return redirect("finance:rates")
    known = selectors.rates()
    parameters = selectors.parameter_rows()
    return render(
        request,
        "finance/rates.html",
        _common(
            request,
            None,
            used=_rates_table(),
            known=[(presenters.grant_label(r.code), r) for r in known],
            parameters=presenters.parameter_rows(parameters),
            parameters_missing=len(parameters) < len(SPECS),
            form=form,
            template_form=TemplateYearForm(),
            open_form=action,
        ),
    )


def rates_export(request):
    if not RATES.user_has_permission(request.user, VIEW):
        raise Http404
    return xlsx_response(
        [
            presenters.rates_sheet(selectors.rates()),
            presenters.sheet(_rates_table()),
            presenters.parameters_sheet(selectors.parameter_rows()),
        ],
        f"tilskuddssatser-{timezone.localdate():%Y-%m-%d}.xlsx",
    )


def rates_template(request):
    """A workbook to fill in: one row per grant code for a year, in the import layout."""
    if not RATES.user_has_permission(request.user, CHANGE):
        raise Http404
    form = TemplateYearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year + 1
    return xlsx_response([presenters.rates_template_sheet(year)], f"satser-{year}.xlsx")


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
