"""API representations of the housing stock and tenancies. Validation comes from the models and the
housing services; a field that names another object takes only the ids of what the user may change,
so that the API never tells that something exists outside the user's view. Access is decided by the
views through ``access.resources`` and ``access.policy``, never here.
"""

from django.db.models import Exists, OuterRef
from rest_framework import serializers

from lagrundt.access import policy
from lagrundt.access.resources import CHANGE, DWELLINGS, HOUSING_PERSONS, LANDLORDS, VIEW
from lagrundt.access.sections import Section
from lagrundt.people.models import Household, Person
from lagrundt.people.serializers import VisiblePrimaryKeyField
from lagrundt.tenancy.models import Municipality

from .models import Dwelling, Landlord, Tenancy, TenancyEnd


def changeable_municipalities(user):
    """The municipalities whose stock the user changes."""
    return Municipality.objects.filter(pk__in=sorted(DWELLINGS.municipality_ids(user, CHANGE)))


def changeable_dwellings(user):
    return DWELLINGS.instances_user_has_permission_for(user, CHANGE)


def readable_landlords(user):
    return LANDLORDS.instances_user_has_permission_for(user, VIEW)


def housing_writable_households(user):
    """Households with a member whose housing section the user writes."""
    writable = HOUSING_PERSONS.instances_user_has_permission_for(user, CHANGE)
    return Household.objects.filter(Exists(writable.filter(household_id=OuterRef("pk"))))


def housing_readers(user, household_ids) -> list[Person]:
    """The members of those households whose housing section the user reads."""
    if not household_ids:
        return []
    return list(
        policy.visible_to(user, section=Section.HOUSING)
        .filter(household_id__in=sorted(set(household_ids)))
        .order_by("pk")
    )


class DwellingSerializer(serializers.ModelSerializer):
    municipality = VisiblePrimaryKeyField(
        queryset=Municipality.objects.all(), visible=changeable_municipalities
    )
    landlord = VisiblePrimaryKeyField(
        queryset=Landlord.objects.all(), visible=readable_landlords, required=False, allow_null=True
    )
    ownership_label = serializers.CharField(source="get_ownership_display", read_only=True)

    class Meta:
        model = Dwelling
        fields = (
            "id",
            "municipality",
            "ownership",
            "ownership_label",
            "landlord",
            "address",
            "postcode",
            "rooms",
            "bedrooms",
            "area_m2",
            "floor",
            "has_lift",
            "accessible",
            "rent",
            "charges",
            "deposit",
            "central",
            "minutes_to_centre",
            "minutes_to_school",
            "minutes_to_bus",
            "for_refugees",
            "available_from",
            "retired_on",
            "updated_at",
        )
        read_only_fields = ("id", "ownership_label", "updated_at")


class TenancySerializer(serializers.ModelSerializer):
    end_reason = serializers.ChoiceField(choices=TenancyEnd.choices, allow_blank=True, read_only=True)
    end_reason_label = serializers.CharField(source="get_end_reason_display", read_only=True)

    class Meta:
        model = Tenancy
        fields = (
            "id",
            "dwelling",
            "household",
            "case",
            "municipality",
            "starts_on",
            "ends_on",
            "end_reason",
            "end_reason_label",
            "rent",
            "updated_at",
        )
        read_only_fields = fields


class TenancyStartSerializer(serializers.Serializer):
    """Let a dwelling of the stock to a registered household from a date."""

    dwelling = VisiblePrimaryKeyField(queryset=Dwelling.objects.all(), visible=changeable_dwellings)
    household = VisiblePrimaryKeyField(queryset=Household.objects.all(), visible=housing_writable_households)
    starts_on = serializers.DateField()
    rent = serializers.DecimalField(
        max_digits=9, decimal_places=0, min_value=0, max_value=1000000, required=False, allow_null=True
    )


class TenancyEndSerializer(serializers.Serializer):
    """End a tenancy on a day, with how it ended."""

    ends_on = serializers.DateField()
    end_reason = serializers.ChoiceField(choices=TenancyEnd.choices)
