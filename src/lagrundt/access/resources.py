"""One permission policy per resource, after Wagtail's permission policies.

``policy`` guards persons: which persons a membership covers and which of their sections it reads
and writes. The rest of what Lagrundt holds — a section of persons worked on as a whole (the
introduction programme, the person finances), employers and openings, a municipality's economy, its
action plans — belongs to municipalities and is worked on by the sectors whose rules grant the
matching section. When every app derived that from the memberships and the sector rules by itself,
the copies could drift from the rules and from each other, and a page could answer differently from
its menu entry. Here each resource asks the rules once, and every page, menu, list and export asks
the resource.

Every resource answers three questions about one action, as Wagtail's do:

* may the user do it at all (``user_has_permission``): menus, and the pages that list;
* may they do it to this object (``user_has_permission_for_instance``): a view answers 404 when not,
  exactly as for a person they may not see, so missing and forbidden look the same;
* to which objects (``instances_user_has_permission_for``): the queryset every list starts from;

and ``municipality_ids`` says where. A membership grants an action only in the municipalities its
unit serves, so "at all" means "somewhere".

``access`` sits below the apps that use it: a resource looks its model up by label when a queryset
is asked for, and reads an object only through its attributes, so this module imports none of them.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q, QuerySet

from lagrundt.tenancy.models import Role, Sector
from lagrundt.tenancy.selectors import MembershipScope, memberships_for

from .policy import _population_q, grants_for, today, visible_to
from .rules import Population, Register, rule_for
from .sections import Section

S = Section
Test = Callable[[MembershipScope], bool]

VIEW = "view"
CHANGE = "change"


# ---------------------------------------------------------------------------- what a membership's rule says
def reads(section: Section) -> Test:
    return lambda scope: section in rule_for(scope.sector).read


def writes(section: Section) -> Test:
    return lambda scope: section in rule_for(scope.sector).write


def sees_aggregates(scope: MembershipScope) -> bool:
    return rule_for(scope.sector).sees_aggregates


def registers_persons(scope: MembershipScope) -> bool:
    return rule_for(scope.sector).registers_persons


def reads_persons(scope: MembershipScope) -> bool:
    return bool(rule_for(scope.sector).read)


def reads_everyones_finances(scope: MembershipScope) -> bool:
    """The integration service: the finances of everyone settled, so a municipality's totals unhidden."""
    rule = rule_for(scope.sector)
    return S.FINANCES in rule.read and rule.population == Population.ALL


def _sees_economy(scope: MembershipScope) -> bool:
    return sees_aggregates(scope) or reads_everyones_finances(scope)


def _reads_plans(scope: MembershipScope) -> bool:
    return reads_persons(scope) or sees_aggregates(scope)


def _coordinates(scope: MembershipScope) -> bool:
    return registers_persons(scope) or sees_aggregates(scope)


# ---------------------------------------------------------------------------- the base
class Resource:
    """One kind of object. Subclasses say, per action, which memberships grant it."""

    model = ""  # "app_label.ModelName", looked up only when a queryset is asked for
    municipality_lookup = "municipality_id"  # where an object belongs, as a queryset lookup
    actions: dict[str, Test] = {}
    # Actions whose grant depends on more than where the object belongs (a plan's version, a measure's
    # responsible sectors): their querysets are narrowed object by object, with these relations loaded.
    narrowed: frozenset[str] = frozenset()
    narrowed_related: tuple[str, ...] = ()

    def _test(self, action: str) -> Test:
        try:
            return self.actions[action]
        except KeyError:
            raise ValueError(f"{type(self).__name__} has no action {action!r}") from None

    def scopes(self, user, action: str, municipality_id: int | None = None) -> list[MembershipScope]:
        """The user's memberships that grant ``action`` (in ``municipality_id``, when given)."""
        test = self._test(action)
        return [
            s
            for s in memberships_for(user)
            if test(s) and (municipality_id is None or municipality_id in s.municipality_ids)
        ]

    def municipality_ids(self, user, action: str) -> set[int]:
        ids: set[int] = set()
        for scope in self.scopes(user, action):
            ids |= scope.municipality_ids
        return ids

    def user_has_permission(self, user, action: str) -> bool:
        return bool(self.municipality_ids(user, action))

    def municipality_of(self, instance) -> int:
        return instance.municipality_id

    def allows(self, action: str, instance, scopes: list[MembershipScope]) -> bool:
        """Whether ``scopes``, the memberships granting ``action`` where ``instance`` belongs, allow it."""
        return bool(scopes)

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        return self.allows(action, instance, self.scopes(user, action, self.municipality_of(instance)))

    def where(self, action: str, ids: list[int]) -> Q:
        return Q(**{f"{self.municipality_lookup}__in": ids})

    def instances_user_has_permission_for(self, user, action: str) -> QuerySet:
        ids = sorted(self.municipality_ids(user, action))
        qs = apps.get_model(self.model)._default_manager.filter(self.where(action, ids))
        if action in self.narrowed:
            candidates = qs.select_related(*self.narrowed_related) if self.narrowed_related else qs
            qs = qs.filter(
                pk__in=[o.pk for o in candidates if self.user_has_permission_for_instance(user, action, o)]
            )
        return qs


# ---------------------------------------------------------------------------- a section of persons
class PersonSection(Resource):
    """A section worked on as a whole (the programme's lists, payroll and registers; the finances of
    persons). The objects are persons, each granted as ``policy`` grants them."""

    model = "people.Person"

    def __init__(self, section: Section):
        self.section = section
        self.actions = {VIEW: reads(section), CHANGE: writes(section)}

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        self._test(action)
        grants = grants_for(user, instance)
        return grants.can_write(self.section) if action == CHANGE else grants.can_read(self.section)

    def instances_user_has_permission_for(self, user, action: str, *, on: dt.date | None = None) -> QuerySet:
        if action == VIEW:
            return visible_to(user, section=self.section, on=on)
        # The policy's own population filter, so that this list and ``grants_for`` cannot disagree.
        combined = Q(pk__in=[])
        for scope in self.scopes(user, action):
            population = _population_q(rule_for(scope.sector).population, on or today())
            if population is not None and scope.municipality_ids:
                combined |= Q(municipality_id__in=sorted(scope.municipality_ids)) & population
        return apps.get_model(self.model)._default_manager.filter(combined)


PROGRAMME = PersonSection(S.PROGRAMME)
PERSON_FINANCES = PersonSection(S.FINANCES)


# ---------------------------------------------------------------------------- work
class Work(Resource):
    """Employers, openings and job fairs: no one's personal data, but worked on by who works with the
    work section of persons, in the municipalities they serve. Leadership sees the statistics."""

    actions = {
        VIEW: reads(S.WORK),
        CHANGE: writes(S.WORK),
        "statistics": lambda s: sees_aggregates(s) or S.WORK in rule_for(s.sector).read,
    }

    def __init__(self, model: str):
        self.model = model


class Openings(Work):
    """An opening belongs to its employer's municipality, and is seen also where the work is."""

    municipality_lookup = "employer__municipality_id"

    def municipality_of(self, instance) -> int:
        return instance.employer.municipality_id

    def where(self, action: str, ids: list[int]) -> Q:
        q = super().where(action, ids)
        return q | Q(municipality_id__in=ids) if action == VIEW else q

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        seen_where_it_is = action == VIEW and instance.municipality_id in self.municipality_ids(user, VIEW)
        return seen_where_it_is or super().user_has_permission_for_instance(user, action, instance)


EMPLOYERS = Work("work.Employer")
OPENINGS = Openings("work.Opening")
JOB_FAIRS = Work("work.JobFair")


# ---------------------------------------------------------------------------- community registers
def keeps(register: Register) -> Test:
    return lambda scope: register in rule_for(scope.sector).keeps


class Kept(Resource):
    """A register of the everyday-integration apps that is no refugee's section (``rules.Register``):
    volunteers, the leisure catalogue, welcome meetings and letter templates, surveys. Kept (seen and
    changed) by the sectors whose rule keeps it, in the municipalities they serve; its statistics are
    seen by them and by leadership."""

    def __init__(self, model: str, register: Register, municipality_lookup: str = "municipality_id"):
        self.model = model
        self.register = register
        self.municipality_lookup = municipality_lookup
        self.actions = {
            VIEW: keeps(register),
            CHANGE: keeps(register),
            "statistics": lambda s: keeps(register)(s) or sees_aggregates(s),
        }


VOLUNTEERS = Kept("community.Volunteer", Register.VOLUNTEERS)
WELCOME_MEETINGS = Kept("community.WelcomeMeeting", Register.WELCOME)
WELCOME_LETTERS = Kept("community.WelcomeLetterTemplate", Register.WELCOME)
# Interpreter use is recorded on a person's meeting or task by the sector that holds it (its section);
# the statistics per language and sector are the integration service's and leadership's.
INTERPRETERS = Kept("community.InterpreterUse", Register.INTERPRETERS)
ACTIVITIES = Kept("leisure.Activity", Register.ACTIVITIES)
INTERESTS = Kept("leisure.Interest", Register.ACTIVITIES)
SUPPORT_SCHEMES = Kept("leisure.SupportScheme", Register.ACTIVITIES)
SURVEYS = Kept("surveys.Survey", Register.SURVEYS)


# ---------------------------------------------------------------------------- economy
class Economy(Resource):
    """A municipality's totals, receipts, costs and scenarios. Leadership sees them with small numbers
    hidden; who reads the finances of everyone settled (the integration service) sees them whole.
    They hold no personal data, so who sees them also enters them. The objects are municipalities,
    and what belongs to one (a scenario) is judged by its municipality."""

    model = "tenancy.Municipality"
    municipality_lookup = "pk"
    actions = {
        VIEW: _sees_economy,
        CHANGE: _sees_economy,
        "view_small_numbers": reads_everyones_finances,
    }

    def municipality_of(self, instance) -> int:
        return getattr(instance, "municipality_id", instance.pk)


ECONOMY = Economy()


class Rates:
    """The grant rates are national and nobody's data: changed by whom the admin gives the permission,
    read also by who works with economy or with persons' finances. They belong to no municipality."""

    model = "finance.GrantRate"

    def user_has_permission(self, user, action: str) -> bool:
        manages = bool(user.is_authenticated and user.has_perm("finance.manage_rates"))
        if action == CHANGE:
            return manages
        if action != VIEW:
            raise ValueError(f"Rates has no action {action!r}")
        return (
            manages
            or ECONOMY.user_has_permission(user, VIEW)
            or PERSON_FINANCES.user_has_permission(user, VIEW)
        )

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        return self.user_has_permission(user, action)

    def instances_user_has_permission_for(self, user, action: str) -> QuerySet:
        qs = apps.get_model(self.model)._default_manager.all()
        return qs if self.user_has_permission(user, action) else qs.none()

    def municipality_ids(self, user, action: str) -> set[int]:
        return set()


RATES = Rates()


# ---------------------------------------------------------------------------- plans
class Plans(Resource):
    """The municipality's action plans. Read by everyone who works for the municipality in Lagrundt
    (who reads persons or aggregates there); the plan itself (goals, targets, measures, a revision)
    changed by leadership and the integration service's leaders; figures entered and the report
    written by the coordinators (the integration service and leadership). A superseded version is
    read-only."""

    model = "plans.Plan"
    actions = {
        VIEW: _reads_plans,
        CHANGE: lambda s: sees_aggregates(s) or (registers_persons(s) and s.role == Role.LEADER),
        "enter_figures": _coordinates,
        "report": _coordinates,
        "coordinate": _coordinates,
    }
    narrowed = frozenset({CHANGE})

    def allows(self, action: str, instance, scopes: list[MembershipScope]) -> bool:
        return bool(scopes) and (action != CHANGE or instance.is_active)

    def report_sectors(self, user, plan) -> list[str]:
        """The sectors whose own text in the plan's report the user may write (those that serve refugees)."""
        return sorted(
            {
                s.sector
                for s in self.scopes(user, VIEW, plan.municipality_id)
                if s.sector != Sector.DATA_PROTECTION
            }
        )


class Measures(Resource):
    """A plan's measures, read with their plan. A measure of a plan in force is updated (status,
    progress notes, links) by the coordinators, by members of its responsible sectors and by members
    of its responsible unit. Any membership where the plan belongs may be one of those, so which
    measures is decided measure by measure."""

    model = "plans.Measure"
    municipality_lookup = "plan__municipality_id"
    actions = {VIEW: _reads_plans, CHANGE: lambda s: True}
    narrowed = frozenset({CHANGE})
    narrowed_related = ("plan",)

    def municipality_of(self, instance) -> int:
        return instance.plan.municipality_id

    def user_has_permission(self, user, action: str) -> bool:
        if action == CHANGE:
            return self.instances_user_has_permission_for(user, action).exists()
        return super().user_has_permission(user, action)

    def allows(self, action: str, instance, scopes: list[MembershipScope]) -> bool:
        if action == VIEW:
            return bool(scopes)
        sectors = set(instance.sectors)
        return instance.plan.is_active and any(
            _coordinates(s) or s.sector in sectors or (instance.unit_id and s.unit_id == instance.unit_id)
            for s in scopes
        )


PLANS = Plans()
MEASURES = Measures()


# ---------------------------------------------------------------------------- settlement and housing
class SettlementCases(Resource):
    """IMDi's proposals and family reunifications before and around arrival: the persons as known
    before the register knows them, worked on by the integration service (who registers persons).
    Leadership and the integration service see the year's progress as counts (``statistics``)."""

    model = "settlement.SettlementCase"
    actions = {VIEW: registers_persons, CHANGE: registers_persons, "statistics": _coordinates}


class SettlementYears(Resource):
    """A year's request from IMDi and the council's decision: no one's personal data. Entered by the
    integration service and leadership, who steer by them."""

    model = "settlement.SettlementRequest"
    actions = {VIEW: _coordinates, CHANGE: _coordinates}


class Housing(Resource):
    """The housing stock (dwellings, their inventory and agreements) and its landlords, worked on by
    who writes the housing section of persons (the integration service, housing officers) and read
    by who reads it (also Nav). A private landlord's contact is personal data: pages that show it
    record the read. Leadership sees the stock and capacity as counts (``statistics``)."""

    actions = {
        VIEW: reads(S.HOUSING),
        CHANGE: writes(S.HOUSING),
        "statistics": lambda s: sees_aggregates(s) or S.HOUSING in rule_for(s.sector).read,
    }

    def __init__(self, model: str, actions: dict[str, Test] | None = None):
        self.model = model
        if actions is not None:
            self.actions = actions


SETTLEMENT_CASES = SettlementCases()
SETTLEMENT_YEARS = SettlementYears()
DWELLINGS = Housing("housing.Dwelling")
LANDLORDS = Housing("housing.Landlord", {VIEW: writes(S.HOUSING), CHANGE: writes(S.HOUSING)})
HOUSING_PERSONS = PersonSection(S.HOUSING)


# ---------------------------------------------------------------------------- memberships
def memberships(user) -> list[MembershipScope]:
    """The user's memberships, as the home page names them."""
    return memberships_for(user)


def membership_in(user, unit_id: int) -> MembershipScope | None:
    """The user's membership in a unit: the sector and municipalities a unit filter stands for."""
    return next((s for s in memberships_for(user) if s.unit_id == unit_id), None)


@dataclass(frozen=True)
class SectorGrants:
    """What a membership of a sector is granted, in the municipalities its unit serves: to describe it."""

    population: Population
    reads: tuple[Section, ...]  # in the order of ``Section``
    sees_aggregates: bool
    reads_audit_log: bool


def sector_grants(sector: str) -> SectorGrants:
    rule = rule_for(sector)
    return SectorGrants(
        population=rule.population,
        reads=tuple(s for s in Section if s in rule.read),
        sees_aggregates=rule.sees_aggregates,
        reads_audit_log=rule.reads_audit_log,
    )
