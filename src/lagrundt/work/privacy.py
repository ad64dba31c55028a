"""The work section in innsyn (competence profile, education, experience, languages, placements with
their follow-up, job fairs, Nav's follow-up and status periods), and its free text removed when the
section's retention has run out.

Anonymising empties what was written in words: the profile's other skills and wishes, an education's
field, what a person did at a job, a placement's supervisor, mentor and note on the outcome, the notes
of follow-up visits and the name of the contact person at Nav. Levels, lists, dates, states and
outcomes stay: the conversion and pledge statistics and the indicators count them.
"""

from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.formats import date_label
from lagrundt.core.plugins import Anonymised, SubjectPart, SubjectRecord, SubjectRow

from . import occupations
from .models import (
    CompetenceProfile,
    Education,
    FollowUpVisit,
    JobFairParticipant,
    LanguageSkill,
    NavFollowUp,
    NavStatus,
    Placement,
    WorkExperience,
)
from .vocabulary import Certificate, LicenceClass, Limit, Skill

PROFILE_SHOWN = (
    "norwegian_oral",
    "norwegian_written",
    "norwegian_assessed_on",
    "skills_note",
    "max_hours_per_week",
    "available_from",
    "seasonal_work",
    "has_car",
    "takes_bus",
    "interests",
    "seeking",
    "programme_participant",
)
EDUCATION_SHOWN = ("level", "field", "country", "years", "completed", "has_documents", "recognition")
LANGUAGE_SHOWN = ("native", "oral", "written")
PLACEMENT_SHOWN = (
    "employer",
    "kind",
    "state",
    "proposed_on",
    "agreed_on",
    "starts_on",
    "ends_on",
    "started_on",
    "ended_on",
    "hours_per_week",
    "supervisor",
    "mentor",
    "outcome",
    "end_reason",
    "outcome_note",
)
VISIT_SHOWN = ("visited_on", "kind", "note")

FREE_TEXT = (
    (CompetenceProfile, "person_id", ("skills_note", "interests")),
    (Education, "profile__person_id", ("field",)),
    (WorkExperience, "profile__person_id", ("description",)),
    (Placement, "person_id", ("supervisor", "mentor", "outcome_note")),
    (FollowUpVisit, "placement__person_id", ("note",)),
    (NavFollowUp, "person_id", ("contact_person",)),
)


def _labels(codes, choices) -> list[str]:
    labels = dict(choices)
    return [str(labels[code]) for code in codes or [] if code in labels]


def subject_access(person, sections) -> list[SubjectPart]:
    if Section.WORK not in sections:
        return []
    records: list[SubjectRecord] = []
    profile = CompetenceProfile.objects.filter(person=person).first()
    if profile:
        lists = [
            (_("Driving licence classes"), _labels(profile.licences, LicenceClass.choices)),
            (_("Certificates"), _labels(profile.certificates, Certificate.choices)),
            (_("Skills"), _labels(profile.skills, Skill.choices)),
            (_("Work restrictions"), _labels(profile.limits, Limit.choices)),
            (_("Wished occupations"), [occupations.title(code) for code in profile.wished_occupations or []]),
        ]
        rows = SubjectRecord.of("", profile, PROFILE_SHOWN).rows
        rows += tuple(SubjectRow(label, values) for label, values in lists if values)
        records.append(SubjectRecord(_("Competence profile"), rows))
        for education in Education.objects.filter(profile=profile):
            records.append(SubjectRecord.of(_("Education"), education, EDUCATION_SHOWN))
        for experience in WorkExperience.objects.filter(profile=profile):
            rows = (SubjectRow(_("Occupation"), occupations.title(experience.occupation)),)
            rows += SubjectRecord.of("", experience, ("description", "years", "country")).rows
            records.append(SubjectRecord(_("Work experience"), rows))
        for language in LanguageSkill.objects.filter(profile=profile):
            records.append(SubjectRecord.of(str(language.get_language_display()), language, LANGUAGE_SHOWN))
    placements = (
        Placement.objects.filter(person=person).select_related("employer").order_by("proposed_on", "pk")
    )
    for placement in placements:
        records.append(
            SubjectRecord.of(
                _("Placement at %(employer)s") % {"employer": placement.employer.name},
                placement,
                PLACEMENT_SHOWN,
            )
        )
        for visit in FollowUpVisit.objects.filter(placement=placement).order_by("visited_on", "pk"):
            records.append(
                SubjectRecord.of(
                    _("Follow-up at %(employer)s") % {"employer": placement.employer.name}, visit, VISIT_SHOWN
                )
            )
    fairs = JobFairParticipant.objects.filter(person=person).select_related("fair").order_by("fair__held_on")
    rows = tuple(
        SubjectRow(
            f"{p.fair.title}, {date_label(p.fair.held_on)}",
            p.attended if p.attended is not None else _("Invited"),
        )
        for p in fairs
    )
    if rows:
        records.append(SubjectRecord(_("Job fairs (attended)"), rows))
    records.extend(_nav_records(person))
    return [SubjectPart(Section.WORK, tuple(records))]


def _nav_records(person) -> list[SubjectRecord]:
    """Nav's record: the follow-up and the status periods."""
    records = []
    follow_up = NavFollowUp.objects.filter(person=person).first()
    if follow_up:
        records.append(
            SubjectRecord.of(_("Nav follow-up"), follow_up, ("contact_person", "transition_meeting_on"))
        )
    for status in NavStatus.objects.filter(person=person).order_by("from_date", "pk"):
        records.append(SubjectRecord.of(_("Status at Nav"), status, ("status", "from_date", "to_date")))
    return records


def anonymise(section, person_ids, dry_run) -> list[Anonymised]:
    if section != Section.WORK:
        return []
    ids = list(person_ids)
    return [
        Anonymised.emptied(model.objects.filter(**{f"{path}__in": ids}), fields, dry_run=dry_run)
        for model, path, fields in FREE_TEXT
    ]
