"""Who may read and change plans, built on the access policy's own primitives.

Plans hold no personal data, but they are the municipality's own: a plan is read by everyone who
works for the municipality in Lagrundt (any membership whose unit serves it and whose sector's rule
lets it read persons or aggregates), and changed by those responsible:

* a measure's status, progress notes and links: members of its responsible sectors, of its
  responsible unit, and the coordinators (the integration service, which registers persons, and
  leadership, which sees aggregates);
* a plan's goals, targets and measures, and its revision into a new version: leadership, and the
  integration service's leaders;
* figures entered by hand, the report's summary and issuing the report: the coordinators;
* a sector's own text in the report: members of that sector.

Every check is by municipality: a membership counts only where its unit serves the plan's
municipality. A superseded plan version is read-only for everyone.
"""

from lagrundt.access.policy import rule_for
from lagrundt.tenancy.models import Role, Sector
from lagrundt.tenancy.selectors import MembershipScope, memberships_for


def _scopes(user, municipality_id: int) -> list[MembershipScope]:
    return [s for s in memberships_for(user) if municipality_id in s.municipality_ids]


def _reads(scope: MembershipScope) -> bool:
    rule = rule_for(scope.sector)
    return bool(rule.read) or rule.sees_aggregates


def _coordinates(scope: MembershipScope) -> bool:
    rule = rule_for(scope.sector)
    return rule.registers_persons or rule.sees_aggregates


def _edits_plans(scope: MembershipScope) -> bool:
    rule = rule_for(scope.sector)
    return rule.sees_aggregates or (rule.registers_persons and scope.role == Role.LEADER)


def readable_municipality_ids(user) -> set[int]:
    ids: set[int] = set()
    for scope in memberships_for(user):
        if _reads(scope):
            ids |= scope.municipality_ids
    return ids


def can_read(user, municipality_id: int) -> bool:
    return any(_reads(s) for s in _scopes(user, municipality_id))


def can_edit_plan(user, plan) -> bool:
    return plan.is_active and any(_edits_plans(s) for s in _scopes(user, plan.municipality_id))


def can_update_measure(user, measure) -> bool:
    if not measure.plan.is_active:
        return False
    sectors = set(measure.sectors)
    return any(
        _coordinates(s) or s.sector in sectors or (measure.unit_id and s.unit_id == measure.unit_id)
        for s in _scopes(user, measure.plan.municipality_id)
    )


def can_enter_figures(user, municipality_id: int) -> bool:
    return any(_coordinates(s) for s in _scopes(user, municipality_id))


def can_write_report(user, plan) -> bool:
    return any(_coordinates(s) for s in _scopes(user, plan.municipality_id))


def report_sectors(user, plan) -> list[str]:
    """The sectors whose own text in the plan's report the user may write (those that serve refugees)."""
    return sorted(
        {
            s.sector
            for s in _scopes(user, plan.municipality_id)
            if _reads(s) and s.sector != Sector.DATA_PROTECTION
        }
    )
