"""The API's housing endpoints: read and write through the housing services and the access policy.

The stock (``/api/v1/housing/dwellings/``) is read by who reads the housing section and changed by
who writes it (``access.resources.DWELLINGS``), as on the stock pages. A tenancy says who lives where:
it is listed where the user reads the housing section of a member of its household (or, held for a
settlement case before arrival, where the user sees the case), and each member shown is an audited
read of the housing section. Writes go through ``housing.services`` in their transaction.
"""

import contextlib

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from lagrundt.access import policy
from lagrundt.access.models import AuditChannel
from lagrundt.access.resources import CHANGE, DWELLINGS, SETTLEMENT_CASES, VIEW
from lagrundt.access.sections import Section
from lagrundt.core.forms import int_or_none
from lagrundt.housing import services
from lagrundt.housing.models import Dwelling, Tenancy
from lagrundt.housing.serializers import (
    DwellingSerializer,
    TenancyEndSerializer,
    TenancySerializer,
    TenancyStartSerializer,
    housing_readers,
)

from .views import _actor

API = AuditChannel.API
H = Section.HOUSING

DWELLING_EXAMPLE = {
    "id": 12,
    "municipality": 1,
    "ownership": "municipal",
    "ownership_label": "Municipal",
    "landlord": None,
    "address": "Fjellvegen 1",
    "postcode": "3560",
    "rooms": 4,
    "bedrooms": 3,
    "area_m2": 78,
    "floor": 1,
    "has_lift": False,
    "accessible": False,
    "rent": "9000",
    "charges": "1000",
    "deposit": "0",
    "central": True,
    "minutes_to_centre": 5,
    "minutes_to_school": 10,
    "minutes_to_bus": 3,
    "for_refugees": True,
    "available_from": None,
    "retired_on": None,
    "updated_at": "2026-11-04T09:30:00+01:00",
}
DWELLING_INPUT = {
    "municipality": 1,
    "ownership": "municipal",
    "address": "Fjellvegen 1",
    "rooms": 4,
    "bedrooms": 3,
    "rent": "9000",
}
TENANCY_EXAMPLE = {
    "id": 40,
    "dwelling": 12,
    "household": 7,
    "case": None,
    "municipality": 1,
    "starts_on": "2026-08-01",
    "ends_on": None,
    "end_reason": "",
    "end_reason_label": "",
    "rent": "9000",
    "updated_at": "2026-11-04T09:30:00+01:00",
}


def _example(name, value, **kwargs):
    return OpenApiExample(name, value=value, **kwargs)


@extend_schema_view(
    list=extend_schema(
        summary="Dwellings of the stock",
        description=(
            "The dwellings of the municipalities where the user reads the housing section. "
            "With `changed_since`, only dwellings changed since then."
        ),
        examples=[_example("A dwelling", DWELLING_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="A dwelling",
        description="One dwelling of the stock; 404 outside the user's municipalities.",
        examples=[_example("A dwelling", DWELLING_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Add a dwelling to the stock",
        description="As the stock page does: more bedrooms than rooms, or a negative amount, is a 400.",
        examples=[
            _example("New dwelling", DWELLING_INPUT, request_only=True),
            _example("The dwelling made", DWELLING_EXAMPLE, response_only=True),
        ],
    ),
    partial_update=extend_schema(
        summary="Change a dwelling",
        description="Change the fields given; the rest stays. 404 where the user may not change the stock.",
        examples=[
            _example("New rent", {"rent": "9500"}, request_only=True),
            _example("The dwelling changed", DWELLING_EXAMPLE, response_only=True),
        ],
    ),
)
class DwellingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The housing stock: no one's personal data (a landlord is given by id only)."""

    api_part = "housing"
    serializer_class = DwellingSerializer
    queryset = Dwelling.objects.none()
    changed_field = "updated_at"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return DWELLINGS.instances_user_has_permission_for(self.request.user, VIEW)

    def _dwelling(self, pk, *, change: bool = False) -> Dwelling:
        found = self.get_queryset().filter(pk=int_or_none(pk)).first()
        if found is None or (
            change and not DWELLINGS.user_has_permission_for_instance(self.request.user, CHANGE, found)
        ):
            raise NotFound
        return found

    def retrieve(self, request, pk=None, *args, **kwargs):
        return Response(self.get_serializer(self._dwelling(pk)).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dwelling = services.dwelling_save(actor=_actor(request), data=dict(serializer.validated_data))
        return Response(self.get_serializer(dwelling).data, status=status.HTTP_201_CREATED)

    def update(self, request, pk=None, *args, **kwargs):
        dwelling = self._dwelling(pk, change=True)
        serializer = self.get_serializer(dwelling, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        dwelling = services.dwelling_save(
            actor=_actor(request), data=dict(serializer.validated_data), dwelling=dwelling
        )
        return Response(self.get_serializer(dwelling).data)


@extend_schema_view(
    list=extend_schema(
        summary="Tenancies: who lives where",
        description=(
            "Tenancies of households with a member whose housing section the user reads, and dwellings "
            "held for settlement cases the user sees. Each member whose housing the user reads is an "
            "audited read. With `changed_since`, only tenancies changed since then."
        ),
        examples=[_example("A tenancy", TENANCY_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="A tenancy",
        description="One tenancy; 404 where the user reads the housing of no member of its household.",
        examples=[_example("A tenancy", TENANCY_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Let a dwelling to a household",
        description=(
            "From a day not before the household arrived; the dwelling must be free, in the stock and "
            "approved where that is required. Audited as a change to each member's housing."
        ),
        request=TenancyStartSerializer,
        responses={201: TenancySerializer},
        examples=[
            _example(
                "Let from August",
                {"dwelling": 12, "household": 7, "starts_on": "2026-08-01", "rent": "9000"},
                request_only=True,
            ),
            _example("The tenancy made", TENANCY_EXAMPLE, response_only=True),
        ],
    ),
)
class TenancyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Who lives where, from and to, and the rent."""

    api_part = "housing"
    serializer_class = TenancySerializer
    queryset = Tenancy.objects.none()
    changed_field = "updated_at"

    def get_serializer_class(self):
        if self.action == "create":
            return TenancyStartSerializer
        if self.action == "end":
            return TenancyEndSerializer
        return TenancySerializer

    def get_queryset(self):
        user = self.request.user
        readable = policy.visible_to(user, section=H).filter(household_id=OuterRef("household_id"))
        cases = SETTLEMENT_CASES.instances_user_has_permission_for(user, VIEW).values("pk")
        return Tenancy.objects.filter(Q(Exists(readable)) | Q(household__isnull=True, case__in=cases))

    def _record_reads(self, request, tenancies) -> None:
        members = housing_readers(request.user, [t.household_id for t in tenancies if t.household_id])
        policy.record_list_reads(_actor(request), members, [H], channel=API)

    def _tenancy(self, request, pk, *, write: bool = False) -> Tenancy:
        """A tenancy the user may read (write); 404 otherwise, a refusal audited as on the pages."""
        tenancy = Tenancy.objects.select_related("dwelling", "case").filter(pk=int_or_none(pk)).first()
        if tenancy is None:
            raise NotFound
        user = request.user
        if tenancy.household_id:
            members = list(tenancy.household.members.order_by("pk"))
            allowed = [
                m
                for m in members
                if (
                    policy.grants_for(user, m).can_write(H)
                    if write
                    else policy.grants_for(user, m).can_read(H)
                )
            ]
            if not allowed:
                # The policy's own refusal: one denied entry in the log, then 404.
                with contextlib.suppress(Http404):
                    policy.access_person(
                        _actor(request), members[0].pk if members else 0, section=H, write=write, channel=API
                    )
                raise NotFound
        elif not (
            tenancy.case_id
            and SETTLEMENT_CASES.user_has_permission_for_instance(
                user, CHANGE if write else VIEW, tenancy.case
            )
        ):
            raise NotFound
        if write and not DWELLINGS.user_has_permission_for_instance(user, CHANGE, tenancy.dwelling):
            raise NotFound
        return tenancy

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self._record_reads(request, page)
        return self.get_paginated_response(TenancySerializer(page, many=True).data)

    def retrieve(self, request, pk=None, *args, **kwargs):
        tenancy = self._tenancy(request, pk)
        self._record_reads(request, [tenancy])
        return Response(TenancySerializer(tenancy).data)

    def create(self, request, *args, **kwargs):
        serializer = TenancyStartSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        tenancy = services.tenancy_start(
            actor=_actor(request),
            dwelling=data["dwelling"],
            household=data["household"],
            starts_on=data["starts_on"],
            rent=data.get("rent"),
            channel=API,
        )
        return Response(TenancySerializer(tenancy).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="End a tenancy",
        description=(
            "The day it ended and how (a move within the municipality, a home of one's own, moved away). "
            "An ended tenancy, or an end before the start, is a 400."
        ),
        request=TenancyEndSerializer,
        responses={200: TenancySerializer},
        examples=[
            _example(
                "Bought a home",
                {"ends_on": "2026-10-31", "end_reason": "own_bought_startlan"},
                request_only=True,
            ),
            _example("The tenancy ended", TENANCY_EXAMPLE, response_only=True),
        ],
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        tenancy = self._tenancy(request, pk, write=True)
        serializer = TenancyEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        tenancy = services.tenancy_end(
            actor=_actor(request),
            tenancy=tenancy,
            ends_on=data["ends_on"],
            reason=data["end_reason"],
            channel=API,
        )
        return Response(TenancySerializer(tenancy).data)


def register(router) -> None:
    """Add this part's viewsets to the API's router."""
    router.register("housing/dwellings", DwellingViewSet, basename="housing-dwelling")
    router.register("housing/tenancies", TenancyViewSet, basename="housing-tenancy")
