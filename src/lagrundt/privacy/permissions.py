"""Who may produce innsyn for a person, and who may see and approve what retention would anonymise.

Declared as the other resources are (``access.resources``, Wagtail's three questions), from the sector
rules through the access app's own tests, so that the pages, the person page's link and the tests ask
one place.

* **Innsyn** is produced by a sector that keeps records about the person (one that writes a section
  of them: the integration service, health, school, kindergarten, Nav, housing), and holds the
  sections that sector may read. Need-to-know holds here too: health's section is in health's
  document only, and every document names the sections it leaves out and the sectors that hold them,
  which add their own part. Culture, the volunteer centre and the data protection officer read a
  person's name but keep no record of them, and produce none.
* **Retention** (the dry run, and approving a run) is for the integration service's leaders, in the
  municipalities their unit serves: the integration service holds every section but health, and a
  leader answers for what the municipality keeps.
"""

from lagrundt.access.policy import Grants, grants_for
from lagrundt.access.resources import VIEW, Resource, registers_persons, sector_grants, writes
from lagrundt.access.sections import Section
from lagrundt.tenancy.models import Role, Sector
from lagrundt.tenancy.selectors import MembershipScope

PRODUCE = "produce"
APPROVE = "approve"


def _keeps_records(scope: MembershipScope) -> bool:
    return any(writes(section)(scope) for section in Section)


class SubjectAccess(Resource):
    """Innsyn for persons: each one granted as the policy grants the person's sections."""

    model = "people.Person"
    actions = {PRODUCE: _keeps_records}

    def grants(self, user, person) -> Grants | None:
        """What the user's document about the person holds, or None when they may not produce one."""
        grants = grants_for(user, person)
        return grants if grants.write else None

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        self._test(action)
        return self.grants(user, instance) is not None


SUBJECT_ACCESS = SubjectAccess()


def holders(section: str) -> list[str]:
    """The sectors that keep a section (read it about the persons they serve), as labels."""
    return [
        str(sector.label)
        for sector in Sector
        if section in sector_grants(sector).reads and sector != Sector.DATA_PROTECTION
    ]


def _leads_the_integration_service(scope: MembershipScope) -> bool:
    return registers_persons(scope) and scope.role == Role.LEADER


class Retention(Resource):
    """A municipality's retention: the dry run of what is due, and approving a run."""

    model = "tenancy.Municipality"
    municipality_lookup = "pk"
    actions = {VIEW: _leads_the_integration_service, APPROVE: _leads_the_integration_service}

    def municipality_of(self, instance) -> int:
        return getattr(instance, "municipality_id", instance.pk)


RETENTION = Retention()
