"""This part's answers to the app's plug-in hooks (``core.plugins``), gathered by the app-level modules:
the menu entry, the person page's link, innsyn and retention of guide pairs, and the demo data."""

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from lagrundt.access.resources import VIEW, VOLUNTEERS
from lagrundt.access.sections import Section
from lagrundt.community.models import GuidePair
from lagrundt.core.measurement import Indicator, Kind, Query, Series
from lagrundt.core.plugins import Anonymised, Entry, PersonLink, SubjectPart, SubjectRecord, SubjectRow
from lagrundt.people.models import Person

from . import demo, matching

PAIR_SHOWN = ("kind", "starts_on", "ends_on", "end_reason")


def entries(user) -> list:
    if VOLUNTEERS.user_has_permission(user, VIEW):
        return [
            Entry(
                "volunteers",
                reverse("community:guide_volunteers"),
                _("Volunteers and guides"),
                _("The volunteer centre's volunteers, guide and buddy pairs with refugees who consented."),
            )
        ]
    if VOLUNTEERS.user_has_permission(user, "statistics"):
        return [
            Entry(
                "volunteers",
                reverse("community:guide_statistics"),
                _("Volunteers and guides"),
                _("Active volunteers and guide pairs per municipality and year."),
            )
        ]
    return []


def links(user, person) -> list:
    # Shown by the person page only where the user reads the person's COMMUNITY section.
    return [
        PersonLink(
            40,
            Section.COMMUNITY,
            reverse("community:guide_person", args=[person.pk]),
            _("Guide and buddy"),
            _("Volunteers paired with the person or their household, and suggestions."),
        )
    ]


def load(today, seed, out) -> None:
    demo.load(today=today, seed=seed, out=out)


def _pairs_of(person):
    q = Q(person=person)
    if person.household_id:
        q |= Q(household_id=person.household_id)
    return GuidePair.objects.filter(q).select_related("volunteer").prefetch_related("meetings")


def subject_access(person, sections) -> list:
    if Section.COMMUNITY not in sections:
        return []
    records = []
    for pair in _pairs_of(person).order_by("starts_on", "pk"):
        base = SubjectRecord.of(_("Guide or buddy pair"), pair, PAIR_SHOWN)
        rows = (
            SubjectRow(_("Volunteer"), str(pair.volunteer)),
            *base.rows,
            *(SubjectRow(_("Why suggested"), text) for text in matching.labels(pair.reasons)),
            *(SubjectRow(_("Meeting"), m.held_on) for m in pair.meetings.all().order_by("held_on")),
        )
        records.append(SubjectRecord(base.title, tuple(rows)))
    return [SubjectPart(Section.COMMUNITY, tuple(records))] if records else []


def anonymise(section, person_ids, dry_run) -> list:
    """The reasons a pair was suggested (an area the person lives in) are removed; dates and kinds stay."""
    if section != Section.COMMUNITY:
        return []
    ids = list(person_ids)
    pairs = GuidePair.objects.filter(Q(person_id__in=ids) | Q(household__members__pk__in=ids)).exclude(
        reasons=[]
    )
    pks = sorted(set(pairs.values_list("pk", flat=True)))
    if not dry_run and pks:
        GuidePair.objects.filter(pk__in=pks).update(reasons=[])
    return [Anonymised(_("Guide pairs"), len(pks), (_("reasons"),))]


def persons_with_a_guide(query: Query) -> dict[int, list[int]]:
    """Per year, the persons who had a guide or buddy pair (their own or their household's) at some
    time in the year up to the day measured, each counted once."""
    pairs = list(
        GuidePair.objects.filter(municipality_id__in=query.municipality_ids).values_list(
            "person_id", "household_id", "starts_on", "ends_on"
        )
    )
    members: dict[int, list[int]] = defaultdict(list)
    household_ids = {h for _p, h, _s, _e in pairs if h}
    for pk, household_id in Person.objects.filter(household_id__in=household_ids).values_list(
        "pk", "household_id"
    ):
        members[household_id].append(pk)
    values = {}
    for year in query.years:
        first, last = dt.date(year, 1, 1), query.measured_on(year)
        counted: set[int] = set()
        for person_id, household_id, starts, ends in pairs:
            if starts <= last and (ends is None or ends >= first):
                counted.update([person_id] if person_id else members.get(household_id, []))
        values[year] = [len(counted)]
    return values


def definitions() -> list:
    """This part's indicators for the action plans (``core.measurement.Indicator``)."""
    return [
        Indicator(
            key="persons_with_guide",
            label=_l("Persons with a guide or buddy"),
            description=_l(
                "Refugees paired with a volunteer as a guide, buddy or activity buddy (themselves or their "
                "household) at some time in the year."
            ),
            kind=Kind.COUNT,
            series=(Series("persons", _l("Persons with a guide or buddy")),),
            compute=persons_with_a_guide,
            source=_l("The volunteer centre's guide pairs."),
        )
    ]
