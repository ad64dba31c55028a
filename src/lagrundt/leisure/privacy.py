"""Leisure in innsyn (leisure: the interest mapping and the activities taken part in; leisure support:
the applications and their decisions), and the free text removed when the section's retention has run
out.

Anonymising empties the only free text leisure holds about a person: the wishes in their own words and
an application's purpose. Dates, interests chosen from the list, activities and amounts stay: the
indicators count them.
"""

from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.plugins import Anonymised, SubjectPart, SubjectRecord, SubjectRow

from .models import InterestMapping, Participation, SupportApplication

FREE_TEXT = {
    Section.LEISURE: ((InterestMapping, ("wishes",)),),
    Section.LEISURE_SUPPORT: ((SupportApplication, ("purpose",)),),
}


def _leisure(person) -> list[SubjectRecord]:
    records = []
    mapping = InterestMapping.objects.filter(person=person).prefetch_related("interests").first()
    if mapping is not None:
        rows = [SubjectRow(_("Mapped on"), mapping.mapped_on)]
        names = ", ".join(i.name for i in mapping.interests.all())
        if names:
            rows.append(SubjectRow(_("Interests"), names))
        if mapping.wishes:
            rows.append(SubjectRow(_("Wishes in their own words"), mapping.wishes))
        records.append(SubjectRecord(_("Interest mapping"), tuple(rows)))
    for p in (
        Participation.objects.filter(person=person).select_related("activity").order_by("started_on", "pk")
    ):
        records.append(
            SubjectRecord.of(_("Activity taken part in"), p, ("activity", "started_on", "stopped_on"))
        )
    return records


def _support(person) -> list[SubjectRecord]:
    records = []
    applications = SupportApplication.objects.filter(person=person).select_related("scheme", "activity")
    for a in applications.order_by("applied_on", "pk"):
        rows = [SubjectRow(_("Support scheme"), a.scheme.name), SubjectRow(_("Applied on"), a.applied_on)]
        if a.amount_applied is not None:
            rows.append(SubjectRow(_("Amount applied for"), a.amount_applied, kroner=True))
        if a.purpose:
            rows.append(SubjectRow(_("Purpose"), a.purpose))
        if a.activity is not None:
            rows.append(SubjectRow(_("Activity"), a.activity.name))
        if a.decided_on is not None:
            rows.append(SubjectRow(_("Decided on"), a.decided_on))
            rows.append(SubjectRow(_("Granted"), bool(a.granted)))
        if a.amount_granted is not None:
            rows.append(SubjectRow(_("Amount granted"), a.amount_granted, kroner=True))
        records.append(SubjectRecord(_("Application for leisure support"), tuple(rows)))
    return records


def subject_access(person, sections) -> list[SubjectPart]:
    parts = []
    if Section.LEISURE in sections and (records := _leisure(person)):
        parts.append(SubjectPart(Section.LEISURE, tuple(records)))
    if Section.LEISURE_SUPPORT in sections and (records := _support(person)):
        parts.append(SubjectPart(Section.LEISURE_SUPPORT, tuple(records)))
    return parts


def anonymise(section, person_ids, dry_run) -> list[Anonymised]:
    ids = list(person_ids)
    return [
        Anonymised.emptied(model.objects.filter(person_id__in=ids), fields, dry_run=dry_run)
        for model, fields in FREE_TEXT.get(section, ())
    ]
