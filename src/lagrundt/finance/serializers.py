"""API representations of a municipality's figures: grant receipts, costs and scenarios.

They hold no personal data; who sees and enters them is ``access.resources.ECONOMY``, and the
municipality a receipt is entered for is one whose economy the user changes (any other id does not
exist, as for the pages).
"""

from decimal import Decimal

from rest_framework import serializers

from lagrundt.access.resources import CHANGE, ECONOMY
from lagrundt.people.serializers import VisiblePrimaryKeyField
from lagrundt.tenancy.models import Municipality

from .models import MONEY, ActualReceipt, CostEntry, GrantGroup, PlannedSettlement, Scenario


def economy_municipalities_changed(user):
    """The municipalities whose figures the user enters."""
    return Municipality.objects.filter(pk__in=sorted(ECONOMY.municipality_ids(user, CHANGE)))


class ReceiptSerializer(serializers.ModelSerializer):
    """What a municipality received of a grant in a year; one per municipality, year and grant."""

    municipality = VisiblePrimaryKeyField(
        queryset=Municipality.objects.all(), visible=economy_municipalities_changed
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    grant = serializers.ChoiceField(choices=GrantGroup.choices)
    amount = serializers.DecimalField(**MONEY, min_value=Decimal(0))
    grant_label = serializers.CharField(source="get_grant_display", read_only=True)

    class Meta:
        model = ActualReceipt
        fields = ("id", "municipality", "year", "grant", "grant_label", "amount", "note", "changed_at")
        read_only_fields = ("id", "changed_at")
        # The same municipality, year and grant again corrects the receipt (as on the page).
        validators = []


class CostSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = CostEntry
        fields = ("id", "municipality", "year", "kind", "kind_label", "label", "amount", "note", "changed_at")
        read_only_fields = fields


class PlannedSettlementSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlannedSettlement
        fields = (
            "year",
            "persons",
            "unaccompanied_minors",
            "minors_age",
            "single_adults",
            "adults_in_families",
            "children",
            "children_under_6",
            "elderly",
            "collective_protection",
        )
        read_only_fields = fields


class ScenarioSerializer(serializers.ModelSerializer):
    planned = PlannedSettlementSerializer(many=True, read_only=True)

    class Meta:
        model = Scenario
        fields = ("id", "municipality", "name", "description", "planned", "created_at", "updated_at")
        read_only_fields = fields
