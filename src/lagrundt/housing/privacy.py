"""The housing section in innsyn (the tenancies of a person's household, their inspections and
deviations), and its free text removed when the section's retention has run out.

Anonymising empties what was written in words about the household: an inspection's notes and a
deviation's description. Dates, results, reasons a tenancy ended and the year stay: the plans count
them (moved to their own home, inspections done).
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lagrundt.access.sections import Section
from lagrundt.core.plugins import Anonymised, SubjectPart, SubjectRecord, SubjectRow

from .models import Deviation, Inspection, ItemResult, Tenancy
from .profiles import profile_for

TENANCY_SHOWN = ("dwelling", "starts_on", "ends_on", "end_reason", "rent")
INSPECTION_SHOWN = ("year", "inspected_on", "notes")
DEVIATION_SHOWN = ("description", "due_on", "done_on")


def subject_access(person, sections) -> list[SubjectPart]:
    if Section.HOUSING not in sections or not person.household_id:
        return []
    records: list[SubjectRecord] = []
    tenancies = (
        Tenancy.objects.filter(household_id=person.household_id)
        .select_related("dwelling__municipality")
        .order_by("starts_on", "pk")
    )
    results = dict(ItemResult.choices)
    for tenancy in tenancies:
        records.append(SubjectRecord.of(pgettext("a dwelling let", "Tenancy"), tenancy, TENANCY_SHOWN))
        profile = profile_for(tenancy.dwelling.municipality)
        for inspection in tenancy.inspections.order_by("inspected_on", "pk"):
            rows = SubjectRecord.of("", inspection, INSPECTION_SHOWN).rows
            titles = {i.key: i.title for i in profile.checklist(inspection.year)}
            rows += tuple(
                SubjectRow(titles.get(key, key), str(results.get(value, value)))
                for key, value in inspection.results.items()
            )
            guidance = [profile.guidance_title(g) for g in inspection.guidance]
            if guidance:
                rows += (SubjectRow(_("Tenant guidance given"), ", ".join(guidance)),)
            records.append(
                SubjectRecord(_("Inspection of %(address)s") % {"address": tenancy.dwelling.address}, rows)
            )
            for deviation in inspection.deviations.order_by("due_on", "pk"):
                records.append(SubjectRecord.of(_("Deviation"), deviation, DEVIATION_SHOWN))
    return [SubjectPart(Section.HOUSING, tuple(records))] if records else []


def anonymise(section, person_ids, dry_run) -> list[Anonymised]:
    """Empty the free text of the households of these persons, where every member is among them (a
    household's text is about all who live there: it goes when the last of them is anonymised)."""
    if section != Section.HOUSING:
        return []
    from lagrundt.people.models import Person

    ids = set(person_ids)
    households = set(
        Person.objects.filter(pk__in=ids, household__isnull=False).values_list("household_id", flat=True)
    )
    remaining = set(
        Person.objects.filter(household_id__in=households)
        .exclude(pk__in=ids)
        .values_list("household_id", flat=True)
    )
    gone = sorted(households - remaining)
    return [
        Anonymised.emptied(
            Inspection.objects.filter(tenancy__household_id__in=gone), ("notes",), dry_run=dry_run
        ),
        Anonymised.emptied(
            Deviation.objects.filter(inspection__tenancy__household_id__in=gone),
            ("description",),
            dry_run=dry_run,
        ),
    ]
