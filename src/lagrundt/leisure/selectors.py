"""What leisure's pages show and what other apps read: a person's record (mapping, participations,
suggestions from the catalogue), their support applications, the catalogue filtered, and a person's
interest keys (read by the volunteer centre's guide matching). Callers of the person functions have
been allowed by ``access.policy.access_record``, which recorded the read."""

import datetime as dt
from collections import defaultdict

from django.db.models import Q, QuerySet
from django.utils import timezone

from lagrundt.core.dates import age_on
from lagrundt.core.formats import date_label
from lagrundt.people.models import Person
from lagrundt.routines.services import open_tasks_closed_by

from .events import EVENTS
from .models import Activity, InterestMapping, Participation, SupportApplication

MAX_SUGGESTIONS = 8


def interest_keys_of(person_ids) -> dict[int, set[str]]:
    """Each person's interests as the keys of the municipality's list (persons without a mapping are
    left out). The volunteer centre matches guides and persons by these."""
    found: dict[int, set[str]] = defaultdict(set)
    rows = InterestMapping.objects.filter(person_id__in=list(person_ids)).values_list(
        "person_id", "interests__key"
    )
    for person_id, key in rows:
        found[person_id]  # a mapping without interests is still a mapping
        if key:
            found[person_id].add(key)
    return dict(found)


def age_of(person: Person, on: dt.date | None = None) -> int | None:
    return age_on(person.birth_date, on or timezone.localdate()) if person.birth_date else None


def mapping_of(person: Person) -> InterestMapping | None:
    return InterestMapping.objects.filter(person=person).prefetch_related("interests").first()


def participations_of(person: Person) -> list[Participation]:
    return list(
        Participation.objects.filter(person=person)
        .select_related("activity")
        .order_by("stopped_on", "-started_on", "-pk")
    )


def suggestions(
    person: Person, mapping: InterestMapping | None = None, on: dt.date | None = None
) -> list[Activity]:
    """Activities of the person's municipality whose interests meet the person's and whose ages fit,
    low-threshold first, then by how many interests they share; those the person takes part in are left
    out. Without a mapping there is nothing to suggest from."""
    mapping = mapping if mapping is not None else mapping_of(person)
    if mapping is None:
        return []
    wanted = {i.pk for i in mapping.interests.all()}
    if not wanted:
        return []
    age = age_of(person, on)
    taking_part = Participation.objects.filter(person=person, stopped_on__isnull=True).values("activity_id")
    candidates = (
        Activity.objects.filter(municipality_id=person.municipality_id, active=True, interests__in=wanted)
        .exclude(pk__in=taking_part)
        .prefetch_related("interests")
        .distinct()
    )
    scored = []
    for activity in candidates:
        if not activity.fits_age(age):
            continue
        shared = len(wanted & {i.pk for i in activity.interests.all()})
        scored.append((not activity.low_threshold, -shared, activity.name, activity.pk, activity))
    scored.sort(key=lambda row: row[:4])
    return [row[-1] for row in scored[:MAX_SUGGESTIONS]]


def applications_of(person: Person) -> list[SupportApplication]:
    return list(
        SupportApplication.objects.filter(person=person)
        .select_related("scheme", "activity")
        .order_by("-applied_on", "-pk")
    )


def catalogue(
    activities: QuerySet[Activity],
    *,
    interest_id: int | None = None,
    age: int | None = None,
    low_threshold: bool = False,
    season: str = "",
    active_only: bool = True,
) -> QuerySet[Activity]:
    """The catalogue filtered by interest, an age that fits, low-threshold and season."""
    if active_only:
        activities = activities.filter(active=True)
    if interest_id:
        activities = activities.filter(interests__pk=interest_id)
    if age is not None:
        activities = activities.filter(Q(age_from__isnull=True) | Q(age_from__lte=age)).filter(
            Q(age_to__isnull=True) | Q(age_to__gte=age)
        )
    if low_threshold:
        activities = activities.filter(low_threshold=True)
    if season:
        activities = activities.filter(season=season)
    return (
        activities.select_related("municipality")
        .prefetch_related("interests")
        .distinct()
        .order_by("name", "pk")
    )


def closing(person: Person) -> list[str]:
    """The person's open duties that mapping their interests closes, named with their due dates."""
    titles: dict[int, str] = {}
    for event in EVENTS:
        for task in open_tasks_closed_by(person, [event]).get(event, ()):
            titles.setdefault(task.routine_id, f"{task.routine.title} ({date_label(task.due_on)})")
    return list(titles.values())
