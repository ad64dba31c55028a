"""API representations of employers, openings and the competence profiles (candidates).

Employers and openings are no one's personal data: who sees and manages them is ``access.resources``
(``EMPLOYERS``, ``OPENINGS``), and a field naming one takes only the ids of those the user may use. A
competence profile is a person's work section, read through ``access.policy`` by the views.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lagrundt.access.resources import CHANGE, EMPLOYERS, JOB_FAIRS, OPENINGS, VIEW
from lagrundt.core.forms import validate_day
from lagrundt.people.serializers import VisiblePrimaryKeyField
from lagrundt.tenancy.models import Municipality

from .models import CompetenceProfile, Education, Employer, JobFair, LanguageSkill, Opening, WorkExperience
from .services import EMPLOYER_FIELDS, OPENING_FIELDS
from .vocabulary import RequirementKind


def managed_employer_municipalities(user):
    """The municipalities whose employers the user manages (where an employer may be registered)."""
    return Municipality.objects.filter(pk__in=sorted(EMPLOYERS.municipality_ids(user, CHANGE)))


def opening_municipalities(user):
    """Where the work of an opening may be: the municipalities whose openings the user sees (as the form)."""
    return Municipality.objects.filter(pk__in=sorted(OPENINGS.municipality_ids(user, VIEW)))


def managed_employers(user):
    """Active employers the user may add openings to."""
    return EMPLOYERS.instances_user_has_permission_for(user, VIEW).filter(
        municipality_id__in=sorted(EMPLOYERS.municipality_ids(user, CHANGE)), active=True
    )


def visible_fairs(user):
    return JOB_FAIRS.instances_user_has_permission_for(user, VIEW)


class EmployerSerializer(serializers.ModelSerializer):
    municipality = VisiblePrimaryKeyField(
        queryset=Municipality.objects.all(), visible=managed_employer_municipalities
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    industry_label = serializers.CharField(source="get_industry_display", read_only=True)

    class Meta:
        model = Employer
        fields = ("id", *EMPLOYER_FIELDS, "kind_label", "industry_label", "updated_at")
        read_only_fields = ("id", "updated_at")
        # Two employers of a name in a municipality are refused by the service's model check, with the
        # form's message; the serializer does not check it first (it would need every municipality).
        validators = []


class RequirementSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RequirementKind.choices)
    value = serializers.CharField(max_length=24, help_text=_("A level, a licence class, a certificate…"))
    required = serializers.BooleanField(default=True, help_text=_("Otherwise preferred."))


class OpeningSerializer(serializers.ModelSerializer):
    employer = VisiblePrimaryKeyField(queryset=Employer.objects.all(), visible=managed_employers)
    municipality = VisiblePrimaryKeyField(
        queryset=Municipality.objects.all(),
        visible=opening_municipalities,
        required=False,
        allow_null=True,
        help_text=_("Where the work is, if not where the employer is."),
    )
    job_fair = VisiblePrimaryKeyField(
        queryset=JobFair.objects.all(), visible=visible_fairs, required=False, allow_null=True
    )
    requirements = RequirementSerializer(many=True, required=False, max_length=20)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    occupation_label = serializers.CharField(read_only=True)

    class Meta:
        model = Opening
        fields = (
            "id",
            "employer",
            *OPENING_FIELDS,
            "requirements",
            "kind_label",
            "status_label",
            "occupation_label",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("id", "created_at", "updated_at")
        # Days within the calendar the pages take (the matching counts weeks and months from them).
        extra_kwargs = {
            name: {"validators": [validate_day]} for name in ("starts_on", "ends_on", "language_set_on")
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["requirements"] = [
            {"kind": r.kind, "value": r.value, "required": r.required} for r in instance.requirements.all()
        ]
        return data


# ---------------------------------------------------------------------------- candidates
# Read only: codes as plain text (the same lists as the register's fields, which name them in the schema).
CODE = {"read_only": True}


class EducationSerializer(serializers.ModelSerializer):
    country = serializers.CharField(**CODE, help_text=_("ISO 3166 country code, or empty."))
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Education
        fields = (
            "level",
            "level_label",
            "field",
            "country",
            "years",
            "completed",
            "has_documents",
            "recognition",
        )


class ExperienceSerializer(serializers.ModelSerializer):
    country = serializers.CharField(**CODE, help_text=_("ISO 3166 country code, or empty."))
    occupation_label = serializers.CharField(read_only=True)

    class Meta:
        model = WorkExperience
        fields = ("occupation", "occupation_label", "description", "years", "country")


class LanguageSkillSerializer(serializers.ModelSerializer):
    language = serializers.CharField(**CODE, help_text=_("ISO 639 language code."))
    oral = serializers.CharField(**CODE, help_text=_("CEFR level, or empty."))
    written = serializers.CharField(**CODE, help_text=_("CEFR level, or empty."))
    language_label = serializers.CharField(source="get_language_display", read_only=True)

    class Meta:
        model = LanguageSkill
        fields = ("language", "language_label", "native", "oral", "written")


class CandidateSerializer(serializers.ModelSerializer):
    """A person's competence profile, as the competence database shows it (read only)."""

    family_name = serializers.CharField(source="person.family_name", read_only=True)
    given_name = serializers.CharField(source="person.given_name", read_only=True)
    municipality = serializers.IntegerField(source="person.municipality_id", read_only=True)
    norwegian_oral = serializers.CharField(**CODE, help_text=_("CEFR level, or empty."))
    norwegian_written = serializers.CharField(**CODE, help_text=_("CEFR level, or empty."))
    licences = serializers.ListField(child=serializers.CharField(), read_only=True)
    certificates = serializers.ListField(child=serializers.CharField(), read_only=True)
    skills = serializers.ListField(child=serializers.CharField(), read_only=True)
    limits = serializers.ListField(child=serializers.CharField(), read_only=True)
    wished_occupations = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("STYRK-08 codes.")
    )
    educations = EducationSerializer(many=True, read_only=True)
    experiences = ExperienceSerializer(many=True, read_only=True)
    languages = LanguageSkillSerializer(many=True, read_only=True)

    class Meta:
        model = CompetenceProfile
        fields = (
            "id",
            "person",
            "family_name",
            "given_name",
            "municipality",
            "norwegian_oral",
            "norwegian_written",
            "norwegian_assessed_on",
            "licences",
            "certificates",
            "skills",
            "limits",
            "max_hours_per_week",
            "available_from",
            "seasonal_work",
            "has_car",
            "takes_bus",
            "wished_occupations",
            "seeking",
            "programme_participant",
            "educations",
            "experiences",
            "languages",
            "updated_at",
        )
        read_only_fields = fields
