"""API representations of the register. Validation comes from the models and ``rules``; the views
call the same services as the pages, so the API can never do what a page may not."""

from django.utils import timezone
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from lagrundt.tenancy.models import Municipality

from . import rules
from .languages import Language
from .models import Household, MoveOut, Person, Settlement
from .services import IDENTITY_FIELDS


class PersonSerializer(serializers.ModelSerializer):
    country_background = CountryField()
    languages = serializers.ListField(child=serializers.ChoiceField(choices=Language.choices), required=False)
    municipality = serializers.PrimaryKeyRelatedField(queryset=Municipality.objects.all())
    household = serializers.PrimaryKeyRelatedField(
        queryset=Household.objects.all(), required=False, allow_null=True
    )
    national_id = serializers.CharField(max_length=13, required=False, allow_null=True, allow_blank=True)

    class Meta:
        model = Person
        fields = ("id", *IDENTITY_FIELDS, "municipality", "household", "moved_out_on")
        read_only_fields = ("id", "moved_out_on")

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
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())

    class Meta:
        model = Settlement
        fields = ("id", "person", "settled_on", "municipality", "category", "came_directly", "imdi_reference")
        read_only_fields = ("id",)


class MoveOutSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    destination_country = CountryField(required=False)

    class Meta:
        model = MoveOut
        fields = ("id", "person", "moved_on", "destination_municipality", "destination_country", "reason")
        read_only_fields = ("id",)


class HouseholdSerializer(serializers.ModelSerializer):
    class Meta:
        model = Household
        fields = ("id", "name", "municipality")
        read_only_fields = ("id",)


class MunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ("id", "number", "name")
