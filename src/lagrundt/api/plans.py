"""The API's plans endpoints: read and write through the plans services and the access policy.

A plan and its measures are read by who reads them on the plan pages (``access.resources.PLANS``
and ``MEASURES``); an indicator is computed by ``plans.selectors`` as on the indicator page, every
count protected for small numbers before it leaves there. A measure's status is set by who may
update the measure, and a figure is entered by the coordinators, through ``plans.services``. No
person is named here, so nothing is a read of a person's section.
"""

from django.db.models import prefetch_related_objects
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from lagrundt.access.resources import CHANGE, MEASURES, PLANS, VIEW
from lagrundt.core.forms import int_or_none
from lagrundt.core.measurement import Group
from lagrundt.plans import selectors, services
from lagrundt.plans.models import Measure, Plan
from lagrundt.plans.serializers import (
    FigureSerializer,
    IndicatorSerializer,
    MeasureSerializer,
    MeasureStatusSerializer,
    PlanSerializer,
    indicator_data,
)

from .views import _actor

YEAR = {"type": "integer", "minimum": 1990, "maximum": 2100}
PLAN_EXAMPLE = {
    "id": 2,
    "municipality": 1,
    "key": "integrering",
    "version": 1,
    "title": "Action plan for integration",
    "language": "nb",
    "language_label": "Bokmål",
    "starts_on": "2025-01-01",
    "ends_on": "2028-12-31",
    "vision": "",
    "source": "",
    "status": "active",
    "status_label": "In force",
    "previous": None,
    "revision_note": "",
    "goals": [
        {
            "id": 5,
            "key": "g1",
            "chapter": 3,
            "parent": None,
            "kind": "plan",
            "kind_label": "Goal of the plan",
            "number": "1",
            "text": "More refugees in work or education",
            "description": "",
        }
    ],
}
MEASURE_EXAMPLE = {
    "id": 21,
    "plan": 2,
    "chapter": 3,
    "goal": 5,
    "key": "m4",
    "text": "Language practice at work",
    "description": "",
    "sector": "nav",
    "sector_label": "Nav",
    "other_sectors": ["integration_service"],
    "responsible": "Nav",
    "unit": None,
    "starts_on": "2026-01-01",
    "ends_on": "2026-12-31",
    "status": "under_way",
    "status_label": "Under way",
    "status_reason": "",
    "budget": None,
    "budget_note": "",
    "updated_at": "2026-11-04T09:30:00+01:00",
}
INDICATOR_EXAMPLE = {
    "key": "settled_persons",
    "label": "Persons settled",
    "description": "",
    "kind": "count",
    "computed": True,
    "series": [{"key": "adults", "label": "Adults"}, {"key": "children", "label": "Children"}],
    "rows": [
        {
            "year": 2026,
            "label": "2026 (so far)",
            "cells": [12.0, None],
            "total": None,
            "value": None,
            "entered": False,
            "source": "",
        }
    ],
    "has_hidden": True,
}
FIGURE_EXAMPLE = {
    "id": 8,
    "municipality": 1,
    "indicator": "user_satisfaction",
    "series": "",
    "year": 2025,
    "value": "78.00",
    "source": "User survey 2025",
    "measured_on": "2025-11-30",
    "note": "",
}


@extend_schema_view(
    list=extend_schema(
        summary="Action plans",
        description="Every version of every plan of the municipalities the user works for, with its goals.",
        examples=[OpenApiExample("A plan", value=PLAN_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="An action plan",
        description="One version of a plan, with its goals; 404 outside the user's municipalities.",
        examples=[OpenApiExample("A plan", value=PLAN_EXAMPLE)],
    ),
)
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    api_part = "plans"
    serializer_class = PlanSerializer
    queryset = Plan.objects.none()

    def get_queryset(self):
        return PLANS.instances_user_has_permission_for(self.request.user, VIEW)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        prefetch_related_objects(page, "goals")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _plan(self, pk) -> Plan:
        plan = selectors.plan_for(self.request.user, int_or_none(pk))
        if plan is None:
            raise NotFound
        return plan

    def retrieve(self, request, pk=None, *args, **kwargs):
        return Response(self.get_serializer(self._plan(pk)).data)

    @extend_schema(
        summary="The plan's indicators",
        description=(
            "Every indicator for the plan's municipality, year by year, as the indicator page shows it: "
            "counts below the threshold for small numbers are null, and so is a total that would reveal "
            "them. Years from `first` to `last` (at most 15; the last six years by default)."
        ),
        parameters=[
            OpenApiParameter("first", YEAR, description="First year"),
            OpenApiParameter("last", YEAR, description="Last year"),
        ],
        responses={200: IndicatorSerializer(many=True)},
        examples=[OpenApiExample("An indicator", value=[INDICATOR_EXAMPLE], response_only=True)],
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def indicators(self, request, pk=None):
        plan = self._plan(pk)
        today = timezone.localdate()

        def year(name):
            value = int_or_none(request.query_params.get(name))
            return value if value is not None and 1990 <= value <= 2100 else None

        years = selectors.clamp_years(year("first"), year("last"), today)
        evaluations = selectors.indicators_for(plan, years=years, group=Group(), today=today)
        return Response([indicator_data(e) for e in evaluations])

    @extend_schema(
        summary="Enter a figure from another source",
        description=(
            "A figure for an indicator and a year, marked as entered, with its source; a newer entry "
            "replaces an older one. For the coordinators of the plan's municipality; an unknown "
            "indicator or series is a 400."
        ),
        request=FigureSerializer,
        responses={201: FigureSerializer},
        examples=[
            OpenApiExample(
                "From the user survey",
                value={
                    "indicator": "user_satisfaction",
                    "year": 2025,
                    "value": "78",
                    "source": "User survey 2025",
                },
                request_only=True,
            ),
            OpenApiExample("The figure entered", value=FIGURE_EXAMPLE, response_only=True),
        ],
    )
    @action(detail=True, methods=["post"], serializer_class=FigureSerializer)
    def figures(self, request, pk=None):
        plan = self._plan(pk)
        if not PLANS.user_has_permission_for_instance(request.user, "enter_figures", plan):
            raise NotFound
        serializer = FigureSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        figure = services.figure_enter(
            actor=_actor(request),
            municipality=plan.municipality,
            indicator=data["indicator"],
            year=data["year"],
            value=data["value"],
            source=data["source"],
            series=data.get("series", ""),
            measured_on=data.get("measured_on"),
            note=data.get("note", ""),
        )
        return Response(FigureSerializer(figure).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Measures of the plans",
        description=(
            "The measures of the plans the user reads, with their status. With `changed_since`, only "
            "measures changed since then."
        ),
        parameters=[OpenApiParameter("plan", int, description="Only this plan's measures")],
        examples=[OpenApiExample("A measure", value=MEASURE_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="A measure",
        description="404 where the user does not read the plan.",
        examples=[OpenApiExample("A measure", value=MEASURE_EXAMPLE)],
    ),
)
class MeasureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    api_part = "plans"
    serializer_class = MeasureSerializer
    queryset = Measure.objects.none()
    changed_field = "updated_at"

    def get_queryset(self):
        found = MEASURES.instances_user_has_permission_for(self.request.user, VIEW)
        plan = int_or_none(self.request.query_params.get("plan"))
        return found.filter(plan_id=plan) if plan is not None else found

    def _measure(self, pk, *, update: bool = False) -> Measure:
        measure = selectors.measure_for(self.request.user, int_or_none(pk))
        if measure is None or (
            update and not MEASURES.user_has_permission_for_instance(self.request.user, CHANGE, measure)
        ):
            raise NotFound
        return measure

    def retrieve(self, request, pk=None, *args, **kwargs):
        return Response(self.get_serializer(self._measure(pk)).data)

    @extend_schema(
        summary="Set a measure's status",
        description=(
            "Not started, under way, done, or dropped (with the reason). For the coordinators and the "
            "measure's responsible sectors and unit, while the plan is in force; otherwise 404 (or 400 "
            "for a superseded version)."
        ),
        request=MeasureStatusSerializer,
        responses={200: MeasureSerializer},
        examples=[
            OpenApiExample("Under way", value={"status": "under_way"}, request_only=True),
            OpenApiExample("The measure", value=MEASURE_EXAMPLE, response_only=True),
        ],
    )
    @action(detail=True, methods=["post"], serializer_class=MeasureStatusSerializer)
    def status(self, request, pk=None):
        measure = self._measure(pk, update=True)
        serializer = MeasureStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        measure = services.measure_set_status(
            actor=_actor(request), measure=measure, status=data["status"], reason=data.get("reason", "")
        )
        return Response(MeasureSerializer(measure).data)


def register(router) -> None:
    """Add this part's viewsets to the API's router."""
    router.register("plans/plans", PlanViewSet, basename="plans-plan")
    router.register("plans/measures", MeasureViewSet, basename="plans-measure")
