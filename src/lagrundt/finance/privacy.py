"""The finances section in innsyn (the facts the grants depend on, applications for the disability grant,
and the grants the state pays the municipality for the person, year by year), and its free text
removed when the section's retention has run out.

Anonymising empties the notes on grant facts and disability grants; dates, groups, decisions and
amounts stay, for the economy's forecasts and receipts.
"""

from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.plugins import Anonymised, SubjectPart, SubjectRecord, SubjectRow

from . import selectors
from .models import DisabilityGrant, GrantFacts

FACTS_SHOWN = (
    "first_settled_on",
    "year_one_group",
    "reference_person",
    "reference_first_settled_on",
    "reference_status",
    "norwegian_rate_band",
    "note",
)
DISABILITY_SHOWN = ("kind", "applied_on", "decision", "decided_on", "first_year", "last_year", "note")


def subject_access(person, sections) -> list[SubjectPart]:
    if Section.FINANCES not in sections:
        return []
    records: list[SubjectRecord] = []
    facts = GrantFacts.objects.filter(person=person).select_related("reference_person").first()
    if facts:
        records.append(SubjectRecord.of(_("What the grants depend on"), facts, FACTS_SHOWN))
    for grant in DisabilityGrant.objects.filter(person=person).order_by("applied_on", "pk"):
        record = SubjectRecord.of(_("Grant for a disability"), grant, DISABILITY_SHOWN)
        amount = (
            (SubjectRow(_("Granted per year"), grant.amount_per_year, kroner=True),)
            if grant.amount_per_year is not None
            else ()
        )
        records.append(SubjectRecord(record.title, record.rows + amount))
    schedule = selectors.schedule_of(person, selectors.rules_ready())
    years = tuple(
        SubjectRow(str(year), amount.kroner, kroner=True) for year, amount in sorted(schedule.by_year.items())
    )
    if years:
        records.append(SubjectRecord(_("Grants the state pays the municipality for you, per year"), years))
    return [SubjectPart(Section.FINANCES, tuple(records))]


def anonymise(section, person_ids, dry_run) -> list[Anonymised]:
    if section != Section.FINANCES:
        return []
    ids = list(person_ids)
    return [
        Anonymised.emptied(GrantFacts.objects.filter(person_id__in=ids), ["note"], dry_run=dry_run),
        Anonymised.emptied(DisabilityGrant.objects.filter(person_id__in=ids), ["note"], dry_run=dry_run),
    ]
