"""API viewsets. Each one reads through the access policy and writes through the people services."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.sections import Section
from lagrundt.core.forms import int_or_none, search_text
from lagrundt.people import selectors, services
from lagrundt.people.models import Household, MoveOut, Person, Settlement
from lagrundt.people.serializers import (
    HouseholdSerializer,
    MoveOutSerializer,
    MunicipalitySerializer,
    PersonSerializer,
    SettlementSerializer,
)
from lagrundt.tenancy.models import Municipality
from lagrundt.tenancy.selectors import municipalities_for

API = AuditChannel.API
# The part of the API these viewsets are (what a key's parts may leave out).
PART = "register"
# What a person's representation holds, by section (the serializer drops what the user may not read).
SHOWN_OF_A_PERSON = [Section.IDENTITY, Section.NATIONAL_ID, Section.FAMILY]


# ---------------------------------------------------------------------------- examples in the schema
# Synthetic: the national ID has 40 added to its month, as synthetic test persons do.
CHANGED = "2026-11-04T08:15:00+01:00"
PERSON = {
    "id": 42,
    "given_name": "Amina",
    "family_name": "Haddad",
    "birth_date": "1990-03-14",
    "sex": "female",
    "national_id": "14439012345",
    "country_background": "SY",
    "languages": ["ar"],
    "interpreter_needed": True,
    "interpreter_language": "ar",
    "phone": "+47 400 00 000",
    "email": "",
    "address": "Skiveien 3, 3560 Hemsedal",
    "consents_to_leisure_contact": False,
    "municipality": 1,
    "household": 7,
    "moved_out_on": None,
    "updated_at": CHANGED,
}
PERSON_IN = {k: v for k, v in PERSON.items() if k not in ("id", "moved_out_on", "updated_at")}
HOUSEHOLD = {"id": 7, "name": "Haddad", "municipality": 1, "updated_at": CHANGED}
SETTLEMENT = {
    "id": 12,
    "person": 42,
    "settled_on": "2026-09-01",
    "municipality": 1,
    "category": "resettlement_refugee",
    "came_directly": True,
    "imdi_reference": "IMDI-2026-0042",
    "updated_at": CHANGED,
}
MOVE_OUT = {
    "id": 3,
    "person": 42,
    "moved_on": "2026-10-15",
    "destination_municipality": "Gol",
    "destination_country": "NO",
    "reason": "work",
    "updated_at": CHANGED,
}
MUNICIPALITY = {"id": 1, "number": "3042", "name": "Hemsedal"}


def _answer(name: str, value: dict, status_codes=("200",)) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=list(status_codes))


def _asked(name: str, value: dict) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


def _without(value: dict, *keys) -> dict:
    return {k: v for k, v in value.items() if k not in keys}


def _actor(request) -> Actor:
    return Actor.from_request(request)


def _person_for(request, pk, *, section: Section, write: bool = False) -> Person:
    try:
        person, _grants = policy.access_person(_actor(request), pk, section=section, write=write, channel=API)
    except Http404 as exc:
        raise NotFound from exc
    return person


@extend_schema_view(
    list=extend_schema(examples=[_answer("A municipality", MUNICIPALITY)]),
    retrieve=extend_schema(examples=[_answer("A municipality", MUNICIPALITY)]),
)
class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """Municipalities served by the user's units.

    Not audited: a municipality holds nothing about a person, and the pages that show one write no
    entry either (the audit log is of personal data read and changed).
    """

    serializer_class = MunicipalitySerializer
    api_part = PART
    cursor_ordering = ("name", "pk")

    def get_queryset(self):
        ids = [m.pk for m in municipalities_for(self.request.user)]
        return Municipality.objects.filter(pk__in=ids).order_by("name")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                str,
                description=(
                    "Name; an 11-digit national ID or a household name finds only persons whose national ID "
                    "or family the user may read"
                ),
            ),
            OpenApiParameter("municipality", int),
        ],
        examples=[_answer("A person", PERSON)],
    ),
    retrieve=extend_schema(examples=[_answer("A person", PERSON)]),
    create=extend_schema(
        examples=[_asked("A new person", PERSON_IN), _answer("The person registered", PERSON, ("201",))]
    ),
    partial_update=extend_schema(
        examples=[
            _asked("A new phone number", {"phone": "+47 400 00 001"}),
            _answer("The person changed", {**PERSON, "phone": "+47 400 00 001"}),
        ]
    ),
)
class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Persons the user may see. Every person returned is an audited read of the identity section."""

    serializer_class = PersonSerializer
    queryset = Person.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]
    api_part = PART
    changed_field = "updated_at"

    def get_queryset(self):
        filters = selectors.PersonFilter(
            q=search_text(self.request.query_params.get("q")),
            municipality_id=int_or_none(self.request.query_params.get("municipality")),
        )
        return selectors.person_search(self.request.user, filters)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        policy.record_list_reads(_actor(request), page, SHOWN_OF_A_PERSON, channel=API)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None, *args, **kwargs):
        person = _person_for(request, pk, section=Section.IDENTITY)
        # The national ID and the household are shown where the user reads them: those reads too.
        policy.record_list_reads(_actor(request), [person], SHOWN_OF_A_PERSON[1:], channel=API)
        return Response(self.get_serializer(person).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        municipality = data.pop("municipality")
        household = data.pop("household", None)
        if not policy.can_register_in(request.user, municipality.pk):
            return Response(
                {"municipality": [_("You cannot register persons in this municipality.")]},
                status=status.HTTP_403_FORBIDDEN,
            )
        if household is not None and household.municipality_id != municipality.pk:
            # Both are the user's to see (the serializer takes no other), so saying so tells nothing new.
            return Response(
                {"household": [_("Choose a household in the person's municipality.")]}, status=400
            )
        person = services.person_create(
            actor=_actor(request), municipality=municipality, identity=data, household=household, channel=API
        )
        return Response(self.get_serializer(person).data, status=status.HTTP_201_CREATED)

    def update(self, request, pk=None, *args, **kwargs):
        person = _person_for(request, pk, section=Section.IDENTITY, write=True)
        serializer = self.get_serializer(person, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k in services.IDENTITY_FIELDS}
        if not policy.grants_for(request.user, person).can_write(Section.NATIONAL_ID):
            data.pop("national_id", None)
        person = services.person_update_identity(actor=_actor(request), person=person, data=data, channel=API)
        return Response(self.get_serializer(person).data)


@extend_schema_view(
    list=extend_schema(examples=[_answer("A household", HOUSEHOLD)]),
    retrieve=extend_schema(examples=[_answer("A household", HOUSEHOLD)]),
    create=extend_schema(
        examples=[
            _asked("A new household", {"name": "Haddad", "municipality": 1}),
            _answer("The household registered", HOUSEHOLD, ("201",)),
        ]
    ),
)
class HouseholdViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Households with at least one member whose family section the user may read."""

    serializer_class = HouseholdSerializer
    queryset = Household.objects.none()
    api_part = PART
    changed_field = "updated_at"

    def get_queryset(self):
        return policy.households_visible_to(self.request.user).order_by("name", "pk")

    def _record_reads(self, request, households) -> None:
        """A household shown is a read of the family section of its members whose family the user reads."""
        members = policy.visible_to(request.user, section=Section.FAMILY).filter(
            household__in=[h.pk for h in households]
        )
        policy.record_list_reads(_actor(request), members.order_by("pk"), [Section.FAMILY], channel=API)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self._record_reads(request, page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None, *args, **kwargs):
        household = self.get_queryset().filter(pk=int_or_none(pk)).first()
        if household is None:
            raise NotFound
        self._record_reads(request, [household])
        return Response(self.get_serializer(household).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not policy.can_register_in(request.user, data["municipality"].pk):
            return Response(
                {"municipality": [_("You cannot register persons in this municipality.")]},
                status=status.HTTP_403_FORBIDDEN,
            )
        household = services.household_create(
            actor=_actor(request), name=data["name"], municipality=data["municipality"], channel=API
        )
        return Response(self.get_serializer(household).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(examples=[_answer("A settlement", SETTLEMENT)]),
    retrieve=extend_schema(examples=[_answer("A settlement", SETTLEMENT)]),
    create=extend_schema(
        examples=[
            _asked("A settlement", _without(SETTLEMENT, "id", "updated_at")),
            _answer("The settlement registered", SETTLEMENT, ("201",)),
        ]
    ),
    partial_update=extend_schema(
        examples=[
            _asked("The IMDi reference", {"imdi_reference": "IMDI-2026-0043"}),
            _answer("The settlement changed", {**SETTLEMENT, "imdi_reference": "IMDI-2026-0043"}),
        ]
    ),
)
class SettlementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Settlements of the persons whose settlement section the user may read."""

    serializer_class = SettlementSerializer
    queryset = Settlement.objects.none()
    list_related = ("person",)  # fetched with each page (see CursorPagination)
    http_method_names = ["get", "post", "patch", "head", "options"]
    api_part = PART
    changed_field = "updated_at"

    def get_queryset(self):
        visible = policy.visible_to(self.request.user, section=Section.SETTLEMENT)
        return (
            Settlement.objects.filter(person__in=visible)
            .select_related("person")
            .order_by("-settled_on", "pk")
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        policy.record_list_reads(_actor(request), [s.person for s in page], [Section.SETTLEMENT], channel=API)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None, *args, **kwargs):
        settlement = Settlement.objects.filter(pk=int_or_none(pk)).first()
        if settlement is None:
            raise NotFound
        _person_for(request, settlement.person_id, section=Section.SETTLEMENT)
        return Response(self.get_serializer(settlement).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = _person_for(request, data.pop("person").pk, section=Section.SETTLEMENT, write=True)
        if not policy.can_register_in(request.user, data["municipality"].pk):
            return Response(
                {"municipality": [_("You cannot register persons in this municipality.")]}, status=403
            )
        settlement = services.settlement_save(actor=_actor(request), person=person, data=data, channel=API)
        return Response(self.get_serializer(settlement).data, status=status.HTTP_201_CREATED)

    def update(self, request, pk=None, *args, **kwargs):
        settlement = Settlement.objects.filter(pk=int_or_none(pk)).first()
        if settlement is None:
            raise NotFound
        person = _person_for(request, settlement.person_id, section=Section.SETTLEMENT, write=True)
        serializer = self.get_serializer(settlement, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "person"}
        if "municipality" in data and not policy.can_register_in(request.user, data["municipality"].pk):
            return Response(
                {"municipality": [_("You cannot register persons in this municipality.")]}, status=403
            )
        settlement = services.settlement_save(actor=_actor(request), person=person, data=data, channel=API)
        return Response(self.get_serializer(settlement).data)


@extend_schema_view(
    list=extend_schema(examples=[_answer("A move out", MOVE_OUT)]),
    retrieve=extend_schema(examples=[_answer("A move out", MOVE_OUT)]),
    create=extend_schema(
        examples=[
            _asked("A move out", _without(MOVE_OUT, "id", "updated_at")),
            _answer("The move out registered", MOVE_OUT, ("201",)),
        ]
    ),
)
class MoveOutViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Moves out of the persons whose settlement section the user may read."""

    serializer_class = MoveOutSerializer
    queryset = MoveOut.objects.none()
    list_related = ("person",)
    api_part = PART
    changed_field = "updated_at"

    def get_queryset(self):
        visible = policy.visible_to(self.request.user, section=Section.SETTLEMENT)
        return MoveOut.objects.filter(person__in=visible).select_related("person").order_by("-moved_on", "pk")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        policy.record_list_reads(_actor(request), [m.person for m in page], [Section.SETTLEMENT], channel=API)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None, *args, **kwargs):
        move_out = MoveOut.objects.filter(pk=int_or_none(pk)).first()
        if move_out is None:
            raise NotFound
        _person_for(request, move_out.person_id, section=Section.SETTLEMENT)
        return Response(self.get_serializer(move_out).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = _person_for(request, data.pop("person").pk, section=Section.SETTLEMENT, write=True)
        moved = services.move_out_save(actor=_actor(request), person=person, data=data, channel=API)
        return Response(self.get_serializer(moved[0].move_out).data, status=status.HTTP_201_CREATED)
