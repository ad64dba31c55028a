"""API representations of the settlement process: a year's request and decision, the cases from IMDi's
proposal to arrival and their members. Validation comes from the models and the settlement services;
a field that names another object takes only the ids of what the user may see. Access is decided by
the views through ``access.resources``, never here.
"""

from django.utils.translation import gettext as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from lagrundt.access import policy
from lagrundt.access.resources import CHANGE, SETTLEMENT_CASES, SETTLEMENT_YEARS
from lagrundt.access.sections import Section
from lagrundt.people.languages import Language
from lagrundt.people.models import Person
from lagrundt.people.serializers import VisiblePrimaryKeyField
from lagrundt.tenancy.models import Municipality

from .models import CaseMember, DeclineReason, SettlementCase, SettlementRequest
from .services import CASE_INPUT_FIELDS, MEMBER_INPUT_FIELDS, REQUEST_FIELDS


def year_municipalities(user):
    """The municipalities whose year's request the user enters."""
    return Municipality.objects.filter(pk__in=sorted(SETTLEMENT_YEARS.municipality_ids(user, CHANGE)))


def case_municipalities(user):
    """The municipalities whose settlement cases the user makes."""
    return Municipality.objects.filter(pk__in=sorted(SETTLEMENT_CASES.municipality_ids(user, CHANGE)))


def joinable_persons(user):
    """Settled persons a family may join, as on the case form: those whose family the user reads, with a
    household, in the municipalities where the user makes cases."""
    return policy.visible_to(user, section=Section.FAMILY).filter(
        municipality_id__in=sorted(SETTLEMENT_CASES.municipality_ids(user, CHANGE)), household__isnull=False
    )


class SettlementYearSerializer(serializers.ModelSerializer):
    municipality = VisiblePrimaryKeyField(queryset=Municipality.objects.all(), visible=year_municipalities)

    class Meta:
        model = SettlementRequest
        fields = ("id", "municipality", "year", *REQUEST_FIELDS, "updated_at")
        read_only_fields = ("id", "updated_at")
        # One request a municipality and year: a second POST corrects the first (the service finds it).
        validators = []


class CaseMemberSerializer(serializers.ModelSerializer):
    languages = serializers.ListField(child=serializers.ChoiceField(choices=Language.choices), required=False)
    sex_label = serializers.CharField(source="get_sex_display", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = CaseMember
        fields = ("id", *MEMBER_INPUT_FIELDS, "sex_label", "role_label", "person")
        read_only_fields = ("id", "sex_label", "role_label", "person")
        extra_kwargs = {"birth_year": {"required": False}}


class SettlementCaseSerializer(serializers.ModelSerializer):
    municipality = VisiblePrimaryKeyField(queryset=Municipality.objects.all(), visible=case_municipalities)
    country_background = CountryField()
    joins = VisiblePrimaryKeyField(
        queryset=Person.objects.all(), visible=joinable_persons, required=False, allow_null=True
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    reply_label = serializers.CharField(source="get_reply_display", read_only=True)
    decline_reason = serializers.ChoiceField(choices=DeclineReason.choices, allow_blank=True, read_only=True)
    members = CaseMemberSerializer(many=True)

    class Meta:
        model = SettlementCase
        fields = (
            "id",
            "municipality",
            *CASE_INPUT_FIELDS,
            "kind_label",
            "reply_due_assumed",
            "reply",
            "reply_label",
            "replied_on",
            "decline_reason",
            "decline_text",
            "stage",
            "stage_label",
            "dwelling_ready_on",
            "arrived_on",
            "household",
            "settled_on",
            "closed_on",
            "members",
            "updated_at",
        )
        read_only_fields = (
            "id",
            "kind_label",
            "reply_due_assumed",
            "reply",
            "reply_label",
            "replied_on",
            "decline_reason",
            "decline_text",
            "stage",
            "stage_label",
            "dwelling_ready_on",
            "arrived_on",
            "household",
            "settled_on",
            "closed_on",
            "updated_at",
        )


class SettlementCaseChangeSerializer(SettlementCaseSerializer):
    """Correct what is known of a case before arrival: its members are changed on the case page."""

    class Meta(SettlementCaseSerializer.Meta):
        read_only_fields = (*SettlementCaseSerializer.Meta.read_only_fields, "municipality", "members")


class CaseReplySerializer(serializers.Serializer):
    """The municipality's answer to a case: accepted, or declined with a reason."""

    accept = serializers.BooleanField()
    on = serializers.DateField()
    decline_reason = serializers.ChoiceField(choices=DeclineReason.choices, required=False, allow_blank=True)
    decline_text = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    def validate(self, attrs):
        if not attrs["accept"] and not attrs.get("decline_reason"):
            raise serializers.ValidationError({"decline_reason": [_("Give the reason for declining.")]})
        return attrs
