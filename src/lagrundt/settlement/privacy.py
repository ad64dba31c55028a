"""What the settlement process holds about a person who came through a case, and removing it.

Innsyn (settlement section): the case the person came through: its kind, when it was received, the
municipality's reply and the arrival. Retention: the case's free text (the needs stated in the
proposal, the explanation of a reply) in the settlement section, the member row's names in the
identity section, and the case's name (the family's) in the family section. Dates, choices and
counts stay for statistics.

The integration service's record (settlement section) is shown in innsyn too: the permit, housing,
guardian and aftercare, the Norwegian training and the tests passed; retention empties the guardian's
name and keeps the dates, choices and levels.
"""

from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.plugins import Anonymised, SubjectPart, SubjectRecord

from .models import CaseMember, IntegrationRecord, NorwegianTest, NorwegianTraining, SettlementCase

CASE_SHOWN = (
    "kind",
    "municipality",
    "category",
    "origin",
    "received_on",
    "reply",
    "replied_on",
    "decline_reason",
    "expected_arrival",
    "arrived_on",
    "settled_on",
)
CASE_TEXT = ("stated_needs", "decline_text")
ANONYMOUS = "Anonymisert"


RECORD_SHOWN = (
    "permit_type",
    "permit_expires_on",
    "permanent_residence_on",
    "citizenship_on",
    "guardian",
    "housing_type",
    "aftercare_until",
)


def _record_rows(person) -> list[SubjectRecord]:
    """The integration service's record of the person."""
    records = []
    record = IntegrationRecord.objects.filter(person=person).first()
    if record:
        records.append(SubjectRecord.of(_("Integration record"), record, RECORD_SHOWN))
    training = NorwegianTraining.objects.filter(person=person).first()
    if training:
        records.append(SubjectRecord.of(_("Norwegian training"), training, ("right", "hours_completed")))
    for test in NorwegianTest.objects.filter(person=person).order_by("passed_on", "pk"):
        records.append(SubjectRecord.of(_("Norwegian test passed"), test, ("level", "part", "passed_on")))
    return records


def subject_access(person, sections) -> list[SubjectPart]:
    if Section.SETTLEMENT not in sections:
        return []
    cases = SettlementCase.objects.filter(members__person=person).select_related("municipality").distinct()
    records = tuple(SubjectRecord.of(_("Settlement case"), case, CASE_SHOWN) for case in cases.order_by("pk"))
    records += tuple(_record_rows(person))
    return [SubjectPart(Section.SETTLEMENT, records)] if records else []


def anonymise(section, person_ids, dry_run) -> list[Anonymised]:
    person_ids = list(person_ids)
    if section == Section.SETTLEMENT:
        cases = SettlementCase.objects.filter(members__person__in=person_ids).distinct()
        return [
            Anonymised.emptied(
                SettlementCase.objects.filter(pk__in=cases.values("pk")), CASE_TEXT, dry_run=dry_run
            ),
            Anonymised.emptied(
                IntegrationRecord.objects.filter(person__in=person_ids), ("guardian",), dry_run=dry_run
            ),
        ]
    if section == Section.IDENTITY:
        members = CaseMember.objects.filter(person__in=person_ids).filter(
            ~Q(given_name=ANONYMOUS) | ~Q(family_name=ANONYMOUS)
        )
        count = members.count()
        if count and not dry_run:
            members.update(given_name=ANONYMOUS, family_name=ANONYMOUS)
        fields = ("given_name", "family_name")
        return [
            Anonymised(
                capfirst(str(CaseMember._meta.verbose_name_plural)),
                count,
                tuple(capfirst(str(CaseMember._meta.get_field(f).verbose_name)) for f in fields),
            )
        ]
    if section == Section.FAMILY:
        # A case's name is the family's, as a household's is: it becomes a reference (S-12).
        cases = list(SettlementCase.objects.filter(members__person__in=person_ids).distinct().order_by("pk"))
        named = [c for c in cases if c.name != f"S-{c.pk}"]
        if named and not dry_run:
            for case in named:
                SettlementCase.objects.filter(pk=case.pk).update(name=f"S-{case.pk}")
        label = capfirst(str(SettlementCase._meta.get_field("name").verbose_name))
        return [Anonymised(capfirst(str(SettlementCase._meta.verbose_name_plural)), len(named), (label,))]
    return []
