"""API representations of the register. Validation comes from the models and ``rules``; the views
call the same services as the pages, so the API can never do what a page may not.

A field that names another object (a person, a household, a municipality) takes only the ids of
what the user may see: any other id, in another municipality or never made, gets the one answer a
missing id gets, so that the API never tells that something exists outside the user's view.
"""

from django.db.models import Q
from django.utils import timezone
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from lagrundt.access import policy
from lagrundt.access.sections import Section
from lagrundt.tenancy.models import Municipality
from lagrundt.tenancy.selectors import municipalities_for

from . import rules
from .languages import Language
from .models import Household, MoveOut, Person, Settlement
from .services import IDENTITY_FIELDS


def visible_municipalities(user):
    """The municipalities the user's units serve (those ``/api/v1/municipalities/`` lists)."""
    return Municipality.objects.filter(pk__in=[m.pk for m in municipalities_for(user)])


def visible_households(user):
    """Households with a member whose family section the user reads, and those of the municipalities
    the user registers persons in (a household registered a moment ago has no members yet)."""
    return Household.objects.filter(
        Q(pk__in=policy.households_visible_to(user).values("pk"))
        | Q(municipality_id__in=policy.registering_municipality_ids(user))
    )


def settlement_readable_persons(user):
    return policy.visible_to(user, section=Section.SETTLEMENT)


class VisiblePrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """The id of an object the user may see (``visible(user)``); any other id does not exist.

    ``queryset`` names the kind of object (for the schema); the ids taken are those of ``visible``. An id
    beyond what the database stores does not exist either, instead of failing in the database driver.
    """

    def __init__(self, *, visible, **kwargs):
        self.visible = visible
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.queryset.none()
        return self.visible(request.user)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except OverflowError:
            self.fail("does_not_exist", pk_value=data)


class PersonSerializer(serializers.ModelSerializer):
    country_background = CountryField()
    languages = serializers.ListField(child=serializers.ChoiceField(choices=Language.choices), required=False)
    municipality = VisiblePrimaryKeyField(queryset=Municipality.objects.all(), visible=visible_municipalities)
    household = VisiblePrimaryKeyField(
        queryset=Household.objects.all(), visible=visible_households, required=False, allow_null=True
    )
    national_id = serializers.CharField(max_length=13, required=False, allow_null=True, allow_blank=True)

    class Meta:
        model = Person
        fields = ("id", *IDENTITY_FIELDS, "municipality", "household", "moved_out_on", "updated_at")
        read_only_fields = ("id", "moved_out_on", "updated_at")

    def to_representation(self, instance):
        """The national ID only to who reads it, the household only to who reads the family (culture and
        the volunteer centre get a name and contact, and no way to link persons into households)."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None:
            grants = policy.grants_for(request.user, instance)
            if not grants.can_read(Section.NATIONAL_ID):
                data.pop("national_id", None)
            if not grants.can_read(Section.FAMILY):
                data.pop("household", None)
        return data

    def validate_national_id(self, value):
        value = rules.normalise_national_id(value or "")
        if not value:
            return None
        return rules.validate_national_id(value)

    def validate(self, attrs):
        birth = attrs.get("birth_date", getattr(self.instance, "birth_date", None))
        national_id = attrs.get("national_id", getattr(self.instance, "national_id", None))
        errors = {}
        if birth:
            try:
                rules.validate_birth_date(birth, timezone.localdate())
            except Exception as exc:  # ValidationError: shown per field
                errors["birth_date"] = list(getattr(exc, "messages", [str(exc)]))
        if national_id and birth and "birth_date" not in errors:
            try:
                rules.validate_national_id(national_id, birth)
            except Exception as exc:
                errors["national_id"] = list(getattr(exc, "messages", [str(exc)]))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class SettlementSerializer(serializers.ModelSerializer):
    person = VisiblePrimaryKeyField(queryset=Person.objects.all(), visible=settlement_readable_persons)
    municipality = VisiblePrimaryKeyField(queryset=Municipality.objects.all(), visible=visible_municipalities)

    class Meta:
        model = Settlement
        fields = (
            "id",
            "person",
            "settled_on",
            "municipality",
            "category",
            "came_directly",
            "imdi_reference",
            "updated_at",
        )
        read_only_fields = ("id", "updated_at")


class MoveOutSerializer(serializers.ModelSerializer):
    person = VisiblePrimaryKeyField(queryset=Person.objects.all(), visible=settlement_readable_persons)
    destination_country = CountryField(required=False)

    class Meta:
        model = MoveOut
        fields = (
            "id",
            "person",
            "moved_on",
            "destination_municipality",
            "destination_country",
            "reason",
            "updated_at",
        )
        read_only_fields = ("id", "updated_at")


class HouseholdSerializer(serializers.ModelSerializer):
    municipality = VisiblePrimaryKeyField(queryset=Municipality.objects.all(), visible=visible_municipalities)

    class Meta:
        model = Household
        fields = ("id", "name", "municipality", "updated_at")
        read_only_fields = ("id", "updated_at")


class MunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ("id", "number", "name")
