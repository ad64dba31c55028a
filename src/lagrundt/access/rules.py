"""The access policy as data: per sector, which persons a membership covers and which sections it
may read and write. Everything not granted here is denied.

This module imports nothing of the policy's own (``policy`` asks it, and so does the audit log when
it names the membership an entry was made in), so the policy and the audit log do not import each
other in a circle.
"""

import enum
from dataclasses import dataclass, field

from lagrundt.tenancy.models import Sector

from .sections import Section


class Population(enum.Enum):
    ALL = "all persons settled in the unit's municipalities, also those who moved out"
    RESIDENTS = "persons still living in the unit's municipalities"
    SCHOOL_AGE = "residents in grades 1 to 10"
    UNDER_SCHOOL_AGE = "residents who have not started school"
    ADULTS = "residents aged 18 or more"
    CONSENTED = "residents who consented to contact from leisure and volunteers"
    NOBODY = "no named person"


S = Section


@dataclass(frozen=True)
class SectorRule:
    population: Population
    read: frozenset[Section] = field(default_factory=frozenset)
    write: frozenset[Section] = field(default_factory=frozenset)
    registers_persons: bool = False
    sees_aggregates: bool = False
    reads_audit_log: bool = False
    # Coordinates the follow-up of the persons it covers: sees the status of every sector's duties of
    # them (title, sector, due date, state, owner), never their content (``policy.coordinating_scopes``).
    coordinates: bool = False
    # The municipality's registers that are not of refugees, kept by this sector in the municipalities
    # its unit serves (``Register``): volunteers, the leisure catalogue, surveys, welcome meetings.
    keeps: frozenset[str] = field(default_factory=frozenset)


class Register(enum.StrEnum):
    """Registers of the community apps that hold no refugee's data of a section, and who keeps them."""

    VOLUNTEERS = "volunteers"  # the volunteer centre's volunteers (with their consent) and guide pairs
    ACTIVITIES = "activities"  # the leisure catalogue, interest list and support schemes
    WELCOME = "welcome"  # welcome letter templates and welcome meetings
    SURVEYS = "surveys"  # the anonymous user surveys (questions, codes; answers are never personal)
    INTERPRETERS = "interpreters"  # statistics of interpreter use (aggregates only)


_INTEGRATION_SECTIONS = frozenset(
    {
        S.IDENTITY,
        S.NATIONAL_ID,
        S.SETTLEMENT,
        S.FAMILY,
        S.EDUCATION,
        S.WORK,
        S.HOUSING,
        S.FINANCES,
        S.NOTES,
        S.PROGRAMME,
        S.COMMUNITY,
        S.LEISURE,
        S.LEISURE_SUPPORT,
    }
)

# The policy as data. Health is in exactly one rule's read set: only health may read it. The
# national identity number goes with the name to every sector that works with the person's case in
# other registers (the national registry, Nav, the health and school systems); culture, leisure and
# the volunteer centre only contact the person, so they get the name and contact (identity) alone,
# and no family: nothing that links one person to another.
SECTOR_RULES: dict[str, SectorRule] = {
    Sector.INTEGRATION_SERVICE: SectorRule(
        Population.ALL,
        read=_INTEGRATION_SECTIONS,
        write=_INTEGRATION_SECTIONS,
        registers_persons=True,
        coordinates=True,
        keeps=frozenset(Register),
    ),
    Sector.HEALTH: SectorRule(
        Population.RESIDENTS,
        read=frozenset({S.IDENTITY, S.NATIONAL_ID, S.SETTLEMENT, S.FAMILY, S.HEALTH}),
        write=frozenset({S.HEALTH}),
    ),
    Sector.SCHOOL: SectorRule(
        Population.SCHOOL_AGE,
        read=frozenset({S.IDENTITY, S.NATIONAL_ID, S.FAMILY, S.EDUCATION, S.LEISURE_SUPPORT}),
        write=frozenset({S.EDUCATION}),
    ),
    Sector.KINDERGARTEN: SectorRule(
        Population.UNDER_SCHOOL_AGE,
        read=frozenset({S.IDENTITY, S.NATIONAL_ID, S.FAMILY, S.EDUCATION, S.LEISURE_SUPPORT}),
        write=frozenset({S.EDUCATION}),
    ),
    # Nav reads the programme (plan, attendance, benefit) to plan the transition to work; it is run
    # and decided by the integration service only. It reads adults' tenancies and rent (housing), as
    # it takes part in allocating dwellings and in housing benefits.
    Sector.NAV: SectorRule(
        Population.ADULTS,
        read=frozenset({S.IDENTITY, S.NATIONAL_ID, S.SETTLEMENT, S.WORK, S.FINANCES, S.PROGRAMME, S.HOUSING}),
        write=frozenset({S.WORK, S.FINANCES}),
    ),
    Sector.HOUSING: SectorRule(
        Population.RESIDENTS,
        read=frozenset({S.IDENTITY, S.NATIONAL_ID, S.FAMILY, S.HOUSING}),
        write=frozenset({S.HOUSING}),
    ),
    # Culture and leisure keeps leisure (interests, activities, support) of the residents who consented,
    # and takes part in the welcome meetings; it reads their guide pairs (Alle Med, activity buddies).
    Sector.CULTURE_LEISURE: SectorRule(
        Population.CONSENTED,
        read=frozenset({S.IDENTITY, S.COMMUNITY, S.LEISURE, S.LEISURE_SUPPORT}),
        write=frozenset({S.COMMUNITY, S.LEISURE, S.LEISURE_SUPPORT}),
        keeps=frozenset({Register.ACTIVITIES, Register.WELCOME}),
    ),
    # The volunteer centre pairs guides with the residents who consented: it reads their leisure
    # interests (a reason to pair) and writes the pairs; never their support, family or case.
    Sector.VOLUNTEER_CENTRE: SectorRule(
        Population.CONSENTED,
        read=frozenset({S.IDENTITY, S.COMMUNITY, S.LEISURE}),
        write=frozenset({S.COMMUNITY}),
        keeps=frozenset({Register.VOLUNTEERS, Register.WELCOME}),
    ),
    Sector.LEADERSHIP: SectorRule(Population.NOBODY, sees_aggregates=True),
    # The data protection officer identifies the person a request for access (innsyn) or an entry
    # of the log is about, which the name alone cannot do: she reads the national identity number.
    Sector.DATA_PROTECTION: SectorRule(
        Population.ALL, read=frozenset({S.IDENTITY, S.NATIONAL_ID}), reads_audit_log=True
    ),
    Sector.SYSTEM_ADMINISTRATION: SectorRule(Population.NOBODY),
}

_DENY = SectorRule(Population.NOBODY)


def rule_for(sector: str) -> SectorRule:
    return SECTOR_RULES.get(sector, _DENY)


@dataclass(frozen=True)
class RecordRule:
    """A sector's structured record of a person: the section it belongs to (who reads it is that
    section's rule above) and the sectors that write it, which is fewer than write the section: the
    integration service writes education notes but not the school's record of a school place."""

    section: Section
    writers: frozenset[str]


# Kept by ``records`` (school, kindergarten, health), ``work`` (Nav) and ``settlement`` (the
# integration service's own record of a person).
RECORD_RULES: dict[str, RecordRule] = {
    "school": RecordRule(S.EDUCATION, frozenset({Sector.SCHOOL})),
    "kindergarten": RecordRule(S.EDUCATION, frozenset({Sector.KINDERGARTEN})),
    "health": RecordRule(S.HEALTH, frozenset({Sector.HEALTH})),
    "nav": RecordRule(S.WORK, frozenset({Sector.NAV})),
    "integration": RecordRule(S.SETTLEMENT, frozenset({Sector.INTEGRATION_SERVICE})),
    # Kept by ``community``: guide pairs (the volunteer centre's), welcome letters and meetings, and the
    # follow-up talks after three and five years (the integration service's).
    "guide": RecordRule(S.COMMUNITY, frozenset({Sector.INTEGRATION_SERVICE, Sector.VOLUNTEER_CENTRE})),
    "welcome": RecordRule(
        S.COMMUNITY,
        frozenset({Sector.INTEGRATION_SERVICE, Sector.CULTURE_LEISURE, Sector.VOLUNTEER_CENTRE}),
    ),
    "follow_up": RecordRule(S.SETTLEMENT, frozenset({Sector.INTEGRATION_SERVICE})),
    # Kept by ``leisure``: interests and activities, and the support schemes' applications.
    "leisure": RecordRule(S.LEISURE, frozenset({Sector.INTEGRATION_SERVICE, Sector.CULTURE_LEISURE})),
    "leisure_support": RecordRule(
        S.LEISURE_SUPPORT, frozenset({Sector.INTEGRATION_SERVICE, Sector.CULTURE_LEISURE})
    ),
}
