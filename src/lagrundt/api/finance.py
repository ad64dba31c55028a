"""The API's finance endpoints: read and write through the finance services and the access policy.

A municipality's figures (``access.resources.ECONOMY``: the integration service and leadership):

- ``finance/receipts/``: grant receipts, entered and corrected through ``services.receipt_save``;
- ``finance/costs/``: the costs entered;
- ``finance/scenarios/``: the scenarios with their planned settlements.

None holds personal data; each list is limited to the municipalities whose economy the user sees.
"""

from django.db.models import prefetch_related_objects
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from lagrundt.access.audit import Actor
from lagrundt.access.resources import CHANGE, ECONOMY, VIEW
from lagrundt.core.forms import int_or_none
from lagrundt.finance import services
from lagrundt.finance.models import ActualReceipt, CostEntry, Scenario
from lagrundt.finance.serializers import CostSerializer, ReceiptSerializer, ScenarioSerializer

RECEIPT_EXAMPLE = {
    "id": 3,
    "municipality": 1,
    "year": 2025,
    "grant": "integration",
    "grant_label": "Integration grant",
    "amount": "4250000.00",
    "note": "From the accounts of 2025",
    "changed_at": "2026-11-04T09:12:00+01:00",
}
COST_EXAMPLE = {
    "id": 8,
    "municipality": 1,
    "year": 2025,
    "kind": "social_assistance",
    "kind_label": "Social assistance",
    "label": "",
    "amount": "1200000.00",
    "note": "",
    "changed_at": "2026-11-04T09:12:00+01:00",
}
SCENARIO_EXAMPLE = {
    "id": 2,
    "municipality": 1,
    "name": "Decision 2027: 30 persons",
    "description": "The council's decision",
    "planned": [
        {
            "year": 2027,
            "persons": 30,
            "unaccompanied_minors": 5,
            "minors_age": 16,
            "single_adults": None,
            "adults_in_families": None,
            "children": None,
            "children_under_6": None,
            "elderly": None,
            "collective_protection": 0,
        }
    ],
    "created_at": "2026-10-01T10:00:00+02:00",
    "updated_at": "2026-11-04T09:12:00+01:00",
}
MUNICIPALITY = OpenApiParameter("municipality", int, description="Only this municipality's figures.")
YEAR = OpenApiParameter("year", int, description="Only this year's figures.")


def _page(example: dict) -> dict:
    return {"next": None, "results": [example]}


class _Figures:
    """A municipality's figures: those of the municipalities whose economy the user sees."""

    model = None
    query_filters = ("municipality", "year")

    def get_queryset(self):
        ids = sorted(ECONOMY.municipality_ids(self.request.user, VIEW))
        qs = self.model.objects.filter(municipality_id__in=ids)
        params = self.request.query_params
        for name in self.query_filters:
            value = int_or_none(params.get(name))
            if value:
                qs = qs.filter(**{f"{name}_id" if name == "municipality" else name: value})
        return qs

    def _found(self, pk):
        found = self.get_queryset().filter(pk=int_or_none(pk) or 0).first()
        if found is None:
            raise NotFound
        return found

    def retrieve(self, request, pk=None, *args, **kwargs):
        return Response(self.get_serializer(self._found(pk)).data)


@extend_schema_view(
    list=extend_schema(
        summary="Grant receipts",
        description="What the municipalities whose economy the user sees received of each grant in a year, "
        "from their accounts; ``?changed_since=`` for a sync.",
        parameters=[MUNICIPALITY, YEAR],
        examples=[OpenApiExample("A page", value=_page(RECEIPT_EXAMPLE))],
    ),
    retrieve=extend_schema(
        summary="One grant receipt",
        description="404 when the user does not see the municipality's economy.",
        examples=[OpenApiExample("A receipt", value=RECEIPT_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Enter or correct a grant receipt",
        description="One receipt per municipality, year and grant: sending one again corrects it (200), "
        "a new one is made (201). Only for a municipality whose figures the user enters.",
        responses={201: ReceiptSerializer, 200: ReceiptSerializer},
        examples=[
            OpenApiExample(
                "A receipt",
                value={
                    "municipality": 1,
                    "year": 2025,
                    "grant": "integration",
                    "amount": "4250000.00",
                    "note": "",
                },
                request_only=True,
            ),
            OpenApiExample("Saved", value=RECEIPT_EXAMPLE, response_only=True),
        ],
    ),
    destroy=extend_schema(
        summary="Delete a grant receipt",
        description="404 when the user does not enter the municipality's figures.",
        responses={204: OpenApiResponse(description="Deleted.")},
    ),
)
class ReceiptViewSet(
    _Figures,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Grant receipts of the municipalities whose economy the user sees."""

    api_part = "finance"
    model = ActualReceipt
    serializer_class = ReceiptSerializer
    queryset = ActualReceipt.objects.none()
    changed_field = "changed_at"
    http_method_names = ["get", "post", "delete", "head", "options"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        municipality = data.pop("municipality")
        existed = ActualReceipt.objects.filter(
            municipality=municipality, year=data["year"], grant=data["grant"]
        ).exists()
        receipt = services.receipt_save(
            actor=Actor.from_request(request),
            municipality=municipality,
            year=data["year"],
            grant=data["grant"],
            amount=data["amount"],
            note=data.get("note", ""),
        )
        answer = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(self.get_serializer(receipt).data, status=answer)

    def destroy(self, request, pk=None, *args, **kwargs):
        receipt = self._found(pk)
        if not ECONOMY.user_has_permission_for_instance(request.user, CHANGE, receipt.municipality):
            raise NotFound
        services.receipt_delete(
            actor=Actor.from_request(request), municipality=receipt.municipality, pk=receipt.pk
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        summary="Costs entered",
        description="The main costs of settlement the municipalities whose economy the user sees entered "
        "(the introduction benefit paid is computed by the programme, not entered); ``?changed_since=``.",
        parameters=[MUNICIPALITY, YEAR],
        examples=[OpenApiExample("A page", value=_page(COST_EXAMPLE))],
    ),
    retrieve=extend_schema(
        summary="One cost",
        description="404 when the user does not see the municipality's economy.",
        examples=[OpenApiExample("A cost", value=COST_EXAMPLE)],
    ),
)
class CostViewSet(_Figures, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    api_part = "finance"
    model = CostEntry
    serializer_class = CostSerializer
    queryset = CostEntry.objects.none()
    changed_field = "changed_at"


@extend_schema_view(
    list=extend_schema(
        summary="Scenarios",
        description="The municipalities' scenarios of planned settlements; ``?changed_since=`` for a sync.",
        parameters=[MUNICIPALITY],
        examples=[OpenApiExample("A page", value=_page(SCENARIO_EXAMPLE))],
    ),
    retrieve=extend_schema(
        summary="One scenario",
        description="404 when the user does not see the municipality's economy.",
        examples=[OpenApiExample("A scenario", value=SCENARIO_EXAMPLE)],
    ),
)
class ScenarioViewSet(_Figures, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    api_part = "finance"
    model = Scenario
    serializer_class = ScenarioSerializer
    queryset = Scenario.objects.none()
    changed_field = "updated_at"
    query_filters = ("municipality",)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        prefetch_related_objects(page, "planned")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_queryset(self):
        qs = super().get_queryset()
        return qs.prefetch_related("planned")


def register(router) -> None:
    """Add this part's viewsets to the API's router."""
    router.register("finance/receipts", ReceiptViewSet, basename="finance-receipt")
    router.register("finance/costs", CostViewSet, basename="finance-cost")
    router.register("finance/scenarios", ScenarioViewSet, basename="finance-scenario")
