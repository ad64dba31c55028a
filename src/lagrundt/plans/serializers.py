"""API representations of the action plans: plans with their goals, measures, indicators as the plan
pages compute them (every count protected for small numbers before it leaves ``selectors``), and the
figures entered by hand. Access is decided by the views through ``access.resources``, never here.
"""

from decimal import Decimal

from rest_framework import serializers

from lagrundt.core.measurement import Kind
from lagrundt.tenancy.models import Sector

from .models import EnteredFigure, Goal, Measure, MeasureStatus, Plan


class GoalSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Goal
        fields = ("id", "key", "chapter", "parent", "kind", "kind_label", "number", "text", "description")
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    language_label = serializers.CharField(source="get_language_display", read_only=True)
    goals = GoalSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = (
            "id",
            "municipality",
            "key",
            "version",
            "title",
            "language",
            "language_label",
            "starts_on",
            "ends_on",
            "vision",
            "source",
            "status",
            "status_label",
            "previous",
            "revision_note",
            "goals",
        )
        read_only_fields = fields


class MeasureSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    sector = serializers.ChoiceField(choices=Sector.choices, allow_blank=True, read_only=True)
    sector_label = serializers.CharField(source="get_sector_display", read_only=True)
    other_sectors = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Measure
        fields = (
            "id",
            "plan",
            "chapter",
            "goal",
            "key",
            "text",
            "description",
            "sector",
            "sector_label",
            "other_sectors",
            "responsible",
            "unit",
            "starts_on",
            "ends_on",
            "status",
            "status_label",
            "status_reason",
            "budget",
            "budget_note",
            "updated_at",
        )
        read_only_fields = fields


class MeasureStatusSerializer(serializers.Serializer):
    """A measure's status: not started, under way, done, or dropped (with the reason)."""

    status = serializers.ChoiceField(choices=MeasureStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class FigureSerializer(serializers.ModelSerializer):
    """A figure from another source, entered by hand for an indicator and a year, with its source."""

    value = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        max_value=Decimal("99999999999999"),
        min_value=Decimal("-99999999999999"),
    )

    class Meta:
        model = EnteredFigure
        fields = (
            "id",
            "municipality",
            "indicator",
            "series",
            "year",
            "value",
            "source",
            "measured_on",
            "note",
        )
        read_only_fields = ("id", "municipality")
        extra_kwargs = {"year": {"min_value": 1990, "max_value": 2100}}


class SeriesSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class IndicatorRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    label = serializers.CharField()
    cells = serializers.ListField(
        child=serializers.FloatField(allow_null=True),
        help_text="One per series; null where a small number is hidden (or nothing is known).",
    )
    total = serializers.FloatField(allow_null=True, help_text="Null where hidden or not counted.")
    value = serializers.FloatField(allow_null=True, help_text="Per cent, persons or kroner, by the kind.")
    entered = serializers.BooleanField(help_text="The year's figure was entered by hand, not computed.")
    source = serializers.CharField(allow_blank=True)


class IndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    kind = serializers.CharField()
    computed = serializers.BooleanField()
    series = SeriesSerializer(many=True)
    rows = IndicatorRowSerializer(many=True)
    has_hidden = serializers.BooleanField(help_text="Some counts are hidden to protect small numbers.")


def _number(value) -> float | None:
    """A cell (a protected count), an amount or a value as a number; None where hidden or unknown."""
    value = getattr(value, "value", value)
    return None if value is None else float(value)


def indicator_data(evaluation) -> dict:
    """What the API shows of an indicator's evaluation: only what ``selectors.evaluate`` let through."""
    ind = evaluation.indicator
    show_cells = ind.is_computed or ind.kind == Kind.AMOUNT
    rows = evaluation.rows if ind.is_computed else [r for r in evaluation.rows if r.entered]
    return {
        "key": ind.key,
        "label": str(ind.label),
        "description": str(ind.description),
        "kind": str(ind.kind),
        "computed": ind.is_computed,
        "series": [{"key": s.key, "label": str(s.label)} for s in evaluation.series],
        "rows": [
            {
                "year": r.year,
                "label": str(r.label),
                "cells": [_number(c) for c in r.cells] if show_cells else [],
                "total": _number(r.total),
                "value": _number(r.value),
                "entered": bool(r.entered),
                "source": r.entered.source if r.entered else "",
            }
            for r in rows
        ],
        "has_hidden": evaluation.has_hidden,
    }
