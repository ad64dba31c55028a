"""Reading volunteers and pairs for the pages: the register, the suggestions, the pairs a user may see,
and the statistics for leadership.

Pairs are seen through their persons: a pair is listed only where the user reads the COMMUNITY section
of its person (a household: of one of its members). Withdrawn consent hides a person from the
volunteer centre at once, and with them their pairs.
"""

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import connection
from django.db.models import Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lagrundt.access import policy
from lagrundt.access.audit import Actor, record
from lagrundt.access.disclosure import protect_table
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.resources import VOLUNTEERS
from lagrundt.access.sections import Section
from lagrundt.community.models import GuideMeeting, GuidePair, Volunteer
from lagrundt.leisure.models import Interest
from lagrundt.people.models import Household, Person
from lagrundt.tenancy.models import Municipality

from . import matching

FOLLOW_UP_DAYS = 60  # an active pair with no meeting for this long is due a follow-up


def today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------- volunteers
def volunteers(user, action: str = "view") -> QuerySet[Volunteer]:
    return VOLUNTEERS.instances_user_has_permission_for(user, action).select_related("municipality")


def volunteer_list(
    user, *, q: str = "", status: str = "active", language: str = "", interest: int | None = None
):
    qs = volunteers(user)
    on = today()
    active = Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    if status == "active":
        qs = qs.filter(active)
    elif status == "ended":
        qs = qs.exclude(active)
    for word in q.split():
        qs = qs.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    if language:
        # JSON lists are searched in Python: the register holds hundreds, not millions.
        ids = [pk for pk, langs in qs.values_list("pk", "languages") if language in (langs or [])]
        qs = qs.filter(pk__in=ids)
    if interest:
        qs = qs.filter(interests__pk=interest)
    return qs.prefetch_related("interests").distinct()


def active_interests(municipality_ids) -> QuerySet[Interest]:
    return Interest.objects.filter(municipality_id__in=sorted(municipality_ids), active=True)


def is_active(volunteer: Volunteer, on: dt.date | None = None) -> bool:
    return volunteer.ended_on is None or volunteer.ended_on > (on or today())


# ---------------------------------------------------------------------------- the seeker's side
def interest_keys(person_ids: list[int]) -> set[str]:
    """The persons' interests from leisure's interest mapping, when that app has one; else none."""
    try:
        mapping = apps.get_model("leisure", "InterestMapping")
    except LookupError:
        return set()
    try:
        keys = mapping.objects.filter(person_id__in=person_ids).values_list("interests__key", flat=True)
        return {k for k in keys if k}
    except FieldError:
        return set()


def _residents(qs, on: dt.date):
    return qs.filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=on))


def household_children(household_id: int | None, on: dt.date) -> list[dt.date]:
    """The birth dates of a household's residents, from which the matcher takes the children's ages
    only (an adult's birth date gives no age to it)."""
    if household_id is None:
        return []
    births = _residents(Person.objects.filter(household_id=household_id), on).values_list(
        "birth_date", flat=True
    )
    return list(births)


def person_seeker(person: Person, availability=()) -> matching.Seeker:
    on = today()
    return matching.seeker_of(
        [person],
        interests=interest_keys([person.pk]),
        availability=availability,
        on=on,
        children=household_children(person.household_id, on),
    )


def consenting_members(household: Household, on: dt.date | None = None) -> list[Person]:
    on = on or today()
    return list(
        _residents(household.members.filter(consents_to_leisure_contact=True), on).order_by(
            "family_name", "given_name", "pk"
        )
    )


def household_seeker(household: Household, availability=()) -> matching.Seeker:
    on = today()
    members = consenting_members(household, on)
    return matching.seeker_of(
        members,
        interests=interest_keys([m.pk for m in members]),
        availability=availability,
        on=on,
        children=household_children(household.pk, on),
    )


# ---------------------------------------------------------------------------- the candidates
def _rows(qs) -> list[tuple]:
    """A values query's rows as the database driver gives them, without the ORM's converters: thousands
    of JSON values decoded one converter call at a time cost more than the query."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _list(value) -> list:
    """A JSON list column: text on SQLite, already a list on PostgreSQL."""
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, list) else []


def candidates(
    municipality_id: int, on: dt.date | None = None, *, children: bool = False
) -> tuple[list[matching.Candidate], dict]:
    """The municipality's active volunteers as the matcher's candidates, in three queries (volunteers,
    the interest list, who has which), and the names of the municipality's interests by key.

    ``children``: only those cleared to work with children (the only ones the matcher may suggest to a
    family with children), left out already in the query."""
    on = on or today()
    volunteers = Volunteer.objects.filter(municipality_id=municipality_id).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    )
    if children:
        volunteers = volunteers.filter(works_with_children=True, police_certificate_seen_on__isnull=False)
    rows = _rows(
        volunteers.order_by("pk").values_list(
            "pk",
            "languages",
            "area",
            "availability",
            "children_birth_years",
            "works_with_children",
            "police_certificate_seen_on",
        )
    )
    listed = list(
        Interest.objects.filter(municipality_id=municipality_id).values_list("pk", "key", "name", "active")
    )
    interests = {pk: key for pk, key, _name, active in listed if active}
    names = {key: name for _pk, key, name, _active in listed}
    through = Volunteer.interests.through
    keys: dict[int, set[str]] = defaultdict(set)
    if interests:
        held = through.objects.filter(interest_id__in=sorted(interests))
        for volunteer_id, interest_id in _rows(held.values_list("volunteer_id", "interest_id")):
            keys[volunteer_id].add(interests[interest_id])
    # Volunteers share few distinct lists (languages, times, birth years): each text is decoded once.
    sets: dict = {}
    ages: dict = {}
    year = on.year

    def as_set(value) -> frozenset[str]:
        key = value if isinstance(value, str) else tuple(value or ())
        if key not in sets:
            sets[key] = frozenset(_list(value))
        return sets[key]

    def as_ages(value) -> tuple[int, ...]:
        key = value if isinstance(value, str) else tuple(value or ())
        if key not in ages:
            ages[key] = tuple(sorted(year - y for y in _list(value) if 0 <= year - y < matching.ADULT_AGE))
        return ages[key]

    empty: frozenset[str] = frozenset()
    found = [
        matching.Candidate(
            pk,
            as_set(languages),
            frozenset(keys[pk]) if pk in keys else empty,
            area or "",
            as_set(availability),
            as_ages(years),
            bool(works and seen),
        )
        for pk, languages, area, availability, years, works, seen in rows
    ]
    return found, names


def candidate_of(volunteer: Volunteer, on: dt.date | None = None) -> matching.Candidate:
    """One volunteer as the matcher sees them."""
    on = on or today()
    keys = volunteer.interests.filter(active=True).values_list("key", flat=True)
    return matching.Candidate(
        pk=volunteer.pk,
        languages=frozenset(volunteer.languages or []),
        interests=frozenset(keys),
        area=volunteer.area or "",
        availability=frozenset(volunteer.availability or []),
        children_ages=matching.own_children_ages(volunteer.children_birth_years or [], on),
        cleared_for_children=bool(volunteer.works_with_children and volunteer.police_certificate_seen_on),
    )


@dataclass(frozen=True)
class Shown:
    volunteer: Volunteer
    suggestion: matching.Suggestion


def suggestions(seeker: matching.Seeker, municipality_id: int, top: int = matching.TOP) -> list[Shown]:
    found, names = candidates(municipality_id, children=seeker.has_children)
    best = matching.suggest(seeker, found, top=top, interest_names=names)
    by_pk = Volunteer.objects.in_bulk([s.pk for s in best])
    return [Shown(by_pk[s.pk], s) for s in best]


def interest_names(municipality_id: int) -> dict[str, str]:
    return dict(Interest.objects.filter(municipality_id=municipality_id).values_list("key", "name"))


# ---------------------------------------------------------------------------- households
def household_access(actor: Actor, pk, *, write: bool = False) -> tuple[Household, list[Person], object]:
    """A household for its guide pairs: the members whose COMMUNITY section the user reads (reading) or
    writes as the guide record's writer (writing). None of them: 404, audited as refused. A read is
    recorded for each member shown."""
    household = Household.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    members = list(household.members.order_by("family_name", "given_name", "pk")) if household else []
    seen: list[Person] = []
    writer = None
    for member in members:
        scope = policy.record_writer(actor.user, member, "guide")
        allowed = (
            scope is not None if write else policy.grants_for(actor.user, member).can_read(Section.COMMUNITY)
        )
        if allowed:
            writer = writer or scope
            seen.append(member)
    if not seen:
        record(
            actor,
            action=AuditAction.DENIED,
            channel=AuditChannel.PAGE,
            municipality_id=household.municipality_id if household else None,
            section=Section.COMMUNITY,
            detail=("write " if write else "read ") + f"guide household {str(pk)[:30]}",
        )
        raise Http404
    if not write:
        policy.record_list_reads(actor, seen, [Section.COMMUNITY], channel=AuditChannel.PAGE)
    return household, seen, writer


# ---------------------------------------------------------------------------- pairs
def _community_readable(user) -> QuerySet[Person]:
    return policy.visible_to(user, section=Section.COMMUNITY)


def pairs_visible_to(user) -> QuerySet[GuidePair]:
    visible = _community_readable(user)
    households = visible.filter(household__isnull=False).values("household")
    return GuidePair.objects.filter(
        Q(person__in=visible) | Q(household__isnull=False, household__in=households)
    ).select_related("volunteer", "person", "household")


def record_pair_reads(actor: Actor, pairs) -> None:
    """One read of the COMMUNITY section per person whose pair is shown."""
    user = actor.user
    persons: dict[int, Person] = {}
    household_ids = []
    for pair in pairs:
        if pair.person_id:
            persons[pair.person_id] = pair.person
        else:
            household_ids.append(pair.household_id)
    if household_ids:
        for p in _community_readable(user).filter(household_id__in=household_ids):
            persons[p.pk] = p
    policy.record_list_reads(actor, persons.values(), [Section.COMMUNITY], channel=AuditChannel.SEARCH)


def pair_for(actor: Actor, pk, *, write: bool = False):
    """One pair, opened through its person (``access_record``) or household; 404 otherwise."""
    pair = (
        GuidePair.objects.select_related("volunteer", "person", "household").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if pair is None:
        raise Http404
    if pair.person_id:
        person, _grants, writer = policy.access_record(actor, pair.person_id, "guide", write=write)
        return pair, [person], writer
    _household, members, writer = household_access(actor, pair.household_id, write=write)
    return pair, members, writer


def pairs_of_person(person: Person) -> QuerySet[GuidePair]:
    return GuidePair.objects.filter(person=person).select_related("volunteer").prefetch_related("meetings")


def pairs_of_household(household: Household) -> QuerySet[GuidePair]:
    return (
        GuidePair.objects.filter(household=household).select_related("volunteer").prefetch_related("meetings")
    )


def active_pairs(user) -> QuerySet[GuidePair]:
    on = today()
    return (
        pairs_visible_to(user)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on))
        .annotate(last_meeting=Max("meetings__held_on"))
        .order_by("starts_on", "pk")
    )


def overdue(pair, on: dt.date | None = None) -> bool:
    """No meeting in the last ``FOLLOW_UP_DAYS`` days (counted from the start when none yet)."""
    on = on or today()
    last = getattr(pair, "last_meeting", None) or pair.starts_on
    return (on - last).days > FOLLOW_UP_DAYS


def pairs_of_volunteer(user, volunteer: Volunteer) -> QuerySet[GuidePair]:
    return pairs_visible_to(user).filter(volunteer=volunteer).annotate(last_meeting=Max("meetings__held_on"))


def hidden_pairs_of_volunteer(user, volunteer: Volunteer) -> int:
    """Pairs of the volunteer with persons the user does not see (consent withdrawn): counted, not named."""
    shown = pairs_visible_to(user).values("pk")
    return GuidePair.objects.filter(volunteer=volunteer).exclude(pk__in=shown).count()


def pair_label(pair: GuidePair) -> str:
    if pair.person_id:
        return f"{pair.person.family_name}, {pair.person.given_name}"
    return pair.household.name


def has_meeting_today(pair: GuidePair) -> bool:
    return GuideMeeting.objects.filter(pair=pair, held_on=today()).exists()


# ---------------------------------------------------------------------------- statistics
@dataclass(frozen=True)
class StatisticsRow:
    label: str
    cells: list


def statistics(user) -> dict:
    """Per municipality the user sees statistics of: active volunteers and pairs today, and per year
    volunteers registered and ended and pairs started and ended, with small counts hidden."""
    ids = sorted(VOLUNTEERS.municipality_ids(user, "statistics"))
    on = today()
    municipalities = list(Municipality.objects.filter(pk__in=ids).order_by("name"))
    active = Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    pair_active = Q(ends_on__isnull=True) | Q(ends_on__gt=on)
    now_rows = [
        [
            Volunteer.objects.filter(active, municipality=m).count(),
            GuidePair.objects.filter(pair_active, municipality=m).count(),
        ]
        for m in municipalities
    ]
    now_table = protect_table(now_rows, column_totals=True) if now_rows else None
    names = {m.pk: m.name for m in municipalities}
    years: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for m, given, ended in Volunteer.objects.filter(municipality_id__in=ids).values_list(
        "municipality_id", "consent_given_on", "ended_on"
    ):
        years[names[m], given.year][0] += 1
        if ended:
            years[names[m], ended.year][1] += 1
    for m, start, end in GuidePair.objects.filter(municipality_id__in=ids).values_list(
        "municipality_id", "starts_on", "ends_on"
    ):
        years[names[m], start.year][2] += 1
        if end:
            years[names[m], end.year][3] += 1
    ordered = sorted(years)
    year_table = protect_table([years[k] for k in ordered]) if ordered else None
    return {
        "now": [
            StatisticsRow(m.name, cells) for m, cells in zip(municipalities, now_table.cells, strict=True)
        ]
        if now_table
        else [],
        "now_totals": now_table.column_totals if now_table and len(municipalities) > 1 else None,
        "years": [
            StatisticsRow(f"{name} {year}", cells)
            for (name, year), cells in zip(ordered, year_table.cells, strict=True)
        ]
        if year_table
        else [],
    }
