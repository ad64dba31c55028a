"""The assessment before the decision: education, work, skills, and career guidance."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.people.models import Person

from .. import rules
from ..models import Assessment
from .base import MSG_DIAGNOSIS, MSG_GUIDANCE_BEFORE_ASSESSMENT, S, _not_future, _save

ASSESSMENT_FIELDS = (
    "assessed_on",
    "education_level",
    "years_of_schooling",
    "education_details",
    "work_experience",
    "skills",
    "literacy",
    "norwegian_level",
    "health_limits",
    "career_guidance_on",
    "career_guidance_by",
    "career_recommendation",
)


def assessment_save(
    *, actor: Actor, person: Person, data: dict[str, Any], today: dt.date | None = None
) -> Assessment:
    """Save the assessment and career guidance. Health limits are limits, never diagnoses."""
    today = today or timezone.localdate()
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().filter(person=person).first()
        creating = assessment is None
        assessment = assessment or Assessment(person=person)
        before = {} if creating else snapshot(assessment, ASSESSMENT_FIELDS)
        for name, value in data.items():
            if name not in ASSESSMENT_FIELDS:
                raise ValueError(f"{name} is not an assessment field")
            setattr(assessment, name, value)
        errors: dict = {}
        _not_future(errors, "assessed_on", assessment.assessed_on, today)
        _not_future(errors, "career_guidance_on", assessment.career_guidance_on, today)
        if (
            assessment.career_guidance_on
            and assessment.assessed_on
            and assessment.career_guidance_on < assessment.assessed_on
        ):
            errors.setdefault("career_guidance_on", []).append(MSG_GUIDANCE_BEFORE_ASSESSMENT)
        if assessment.health_limits and rules.looks_like_diagnosis(assessment.health_limits):
            errors.setdefault("health_limits", []).append(MSG_DIAGNOSIS)
        if errors:
            raise ValidationError(errors)
        _save(assessment)
        record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(assessment, ASSESSMENT_FIELDS),
            channel=AuditChannel.PAGE,
        )
    return assessment
