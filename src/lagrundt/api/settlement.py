"""The API's settlement endpoints: read and write through the settlement services and the access policy.

``/api/v1/settlement/requests/`` holds IMDi's request for a year and the council's decision (no one's
personal data; ``access.resources.SETTLEMENT_YEARS``). ``/api/v1/settlement/cases/`` holds the cases
from IMDi's proposal (or an expected family reunification) to arrival, with their members as known
before the register knows them (``SETTLEMENT_CASES``): reading a case is an audited read of the
settlement section, as on the case page. The register's own settlements (``/api/v1/settlements/``)
are another thing: the day a person was settled.
"""

from django.db.models import prefetch_related_objects
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from lagrundt.access.audit import record_many
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.resources import CHANGE, SETTLEMENT_CASES, SETTLEMENT_YEARS, VIEW
from lagrundt.access.sections import Section
from lagrundt.core.forms import int_or_none
from lagrundt.people.models import Person
from lagrundt.settlement import selectors, services
from lagrundt.settlement.models import SettlementCase, SettlementRequest
from lagrundt.settlement.serializers import (
    CaseReplySerializer,
    SettlementCaseChangeSerializer,
    SettlementCaseSerializer,
    SettlementYearSerializer,
)

from .views import _actor

API = AuditChannel.API

REQUEST_EXAMPLE = {
    "id": 3,
    "municipality": 1,
    "year": 2027,
    "received_on": "2026-09-15",
    "requested": 25,
    "requested_unaccompanied": 0,
    "wishes": "Families with children",
    "decided": 20,
    "decided_unaccompanied": 0,
    "decided_on": "2026-10-20",
    "council_case_number": "26/1234",
    "conditions": "",
    "updated_at": "2026-11-04T09:30:00+01:00",
}
MEMBER_EXAMPLE = {
    "id": 31,
    "given_name": "Lina",
    "family_name": "Nasser",
    "birth_date": "1988-03-02",
    "birth_year": 1988,
    "sex": "female",
    "role": "reference",
    "languages": ["ar"],
    "interpreter_language": "ar",
    "sex_label": "Female",
    "role_label": "Main person",
    "person": None,
}
CASE_EXAMPLE = {
    "id": 14,
    "municipality": 1,
    "kind": "proposal",
    "name": "Nasser",
    "imdi_reference": "IMDI-2026-0042",
    "category": "resettlement_refugee",
    "origin": "abroad",
    "country_background": "SY",
    "reception_centre": "",
    "stated_needs": "",
    "received_on": "2026-11-02",
    "reply_due_on": "2026-11-16",
    "expected_arrival": "2027-01-20",
    "joins": None,
    "applied_on": None,
    "granted_on": None,
    "kind_label": "Proposal from IMDi",
    "reply_due_assumed": False,
    "reply": "pending",
    "reply_label": "Not answered",
    "replied_on": None,
    "decline_reason": "",
    "decline_text": "",
    "stage": "proposed",
    "stage_label": "Proposed",
    "dwelling_ready_on": None,
    "arrived_on": None,
    "household": None,
    "settled_on": None,
    "closed_on": None,
    "members": [MEMBER_EXAMPLE],
    "updated_at": "2026-11-04T09:30:00+01:00",
}
CASE_INPUT = {
    "municipality": 1,
    "kind": "proposal",
    "name": "Nasser",
    "category": "resettlement_refugee",
    "origin": "abroad",
    "country_background": "SY",
    "received_on": "2026-11-02",
    "members": [
        {
            "given_name": "Lina",
            "family_name": "Nasser",
            "birth_year": 1988,
            "sex": "female",
            "role": "reference",
        }
    ],
}


@extend_schema_view(
    list=extend_schema(
        summary="Settlement requests and decisions",
        description=(
            "IMDi's request to each municipality for a year and the council's decision on it, where the "
            "user steers settlement. With `changed_since`, only those changed since then."
        ),
        examples=[OpenApiExample("A year", value=REQUEST_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="A year's request and decision",
        description="404 outside the user's municipalities.",
        examples=[OpenApiExample("A year", value=REQUEST_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Enter or correct a year's request",
        description=(
            "A municipality has one request a year: a second call for the same year corrects it (200). "
            "More unaccompanied minors than persons, or a decision in the future, is a 400."
        ),
        responses={201: SettlementYearSerializer, 200: SettlementYearSerializer},
        examples=[
            OpenApiExample(
                "Request received",
                value={"municipality": 1, "year": 2027, "received_on": "2026-09-15", "requested": 25},
                request_only=True,
            ),
            OpenApiExample("The year saved", value=REQUEST_EXAMPLE, response_only=True),
        ],
    ),
    partial_update=extend_schema(
        summary="Record the council's decision, or correct the request",
        description="The fields given change; the municipality and year stay.",
        examples=[
            OpenApiExample(
                "The council decided",
                value={"decided": 20, "decided_on": "2026-10-20", "council_case_number": "26/1234"},
                request_only=True,
            ),
            OpenApiExample("The year saved", value=REQUEST_EXAMPLE, response_only=True),
        ],
    ),
)
class SettlementRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    api_part = "settlement"
    serializer_class = SettlementYearSerializer
    queryset = SettlementRequest.objects.none()
    changed_field = "updated_at"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return SETTLEMENT_YEARS.instances_user_has_permission_for(self.request.user, VIEW)

    def retrieve(self, request, pk=None, *args, **kwargs):
        found = self.get_queryset().filter(pk=int_or_none(pk)).first()
        if found is None:
            raise NotFound
        return Response(self.get_serializer(found).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        municipality, year = data.pop("municipality"), data.pop("year")
        existed = SettlementRequest.objects.filter(municipality=municipality, year=year).exists()
        saved = services.request_save(_actor(request), municipality, year, data, channel=API)
        return Response(
            self.get_serializer(saved).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )

    def update(self, request, pk=None, *args, **kwargs):
        found = self.get_queryset().filter(pk=int_or_none(pk)).select_related("municipality").first()
        if found is None or not SETTLEMENT_YEARS.user_has_permission_for_instance(
            request.user, CHANGE, found
        ):
            raise NotFound
        serializer = self.get_serializer(found, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k not in ("municipality", "year")}
        saved = services.request_save(_actor(request), found.municipality, found.year, data, channel=API)
        return Response(self.get_serializer(saved).data)


def _record_case_reads(request, cases) -> None:
    """A case holds personal data of persons not yet in the register: each one shown is a read of the
    settlement section, of the persons it became or of its municipality before arrival (as the page)."""
    if not cases:
        return
    persons: dict[int, list[tuple[int, int]]] = {}
    rows = Person.objects.filter(settlement_case_member__case__in=[c.pk for c in cases]).values_list(
        "settlement_case_member__case", "pk", "municipality_id"
    )
    for case_id, pk, municipality_id in rows:
        persons.setdefault(case_id, []).append((pk, municipality_id))
    entries = []
    for case in cases:
        detail = f"settlement case {case.pk}"
        base = dict(action=AuditAction.READ, channel=API, section=Section.SETTLEMENT, detail=detail)
        if case.pk in persons:
            entries += [dict(base, person_id=pk, municipality_id=m) for pk, m in persons[case.pk]]
        else:
            entries.append(dict(base, municipality_id=case.municipality_id))
    record_many(_actor(request), entries)


@extend_schema_view(
    list=extend_schema(
        summary="Settlement cases",
        description=(
            "IMDi's proposals and expected family reunifications, from the proposal to arrival, with "
            "their members as known before arrival, where the user works with settlement. Each case "
            "shown is an audited read. With `changed_since`, only cases changed since then."
        ),
        examples=[OpenApiExample("A case", value=CASE_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="A settlement case",
        description="An audited read; 404 where the user may not see the case.",
        examples=[OpenApiExample("A case", value=CASE_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Register a proposal or an expected family reunification",
        description=(
            "With its members (at least one; at most one main person and one spouse). An error in a "
            "member is a 400 under `members`, by the member's place in the list; nothing is saved."
        ),
        examples=[
            OpenApiExample("A proposal from IMDi", value=CASE_INPUT, request_only=True),
            OpenApiExample("The case made", value=CASE_EXAMPLE, response_only=True),
        ],
    ),
    partial_update=extend_schema(
        summary="Correct a case before arrival",
        description="Its kind, origin, category, dates …; a closed or arrived case is a 400.",
        request=SettlementCaseChangeSerializer,
        responses={200: SettlementCaseSerializer},
        examples=[
            OpenApiExample("Arrival known", value={"expected_arrival": "2027-01-20"}, request_only=True),
            OpenApiExample("The case changed", value=CASE_EXAMPLE, response_only=True),
        ],
    ),
)
class SettlementCaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    api_part = "settlement"
    serializer_class = SettlementCaseSerializer
    queryset = SettlementCase.objects.none()
    changed_field = "updated_at"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.cases_visible_to(self.request.user)

    def get_serializer_class(self):
        if self.action == "partial_update":
            return SettlementCaseChangeSerializer
        if self.action == "reply":
            return CaseReplySerializer
        return SettlementCaseSerializer

    def _case(self, request, pk, *, write: bool = False) -> SettlementCase:
        found = self.get_queryset().filter(pk=int_or_none(pk)).first()
        if found is None or (
            write and not SETTLEMENT_CASES.user_has_permission_for_instance(request.user, CHANGE, found)
        ):
            raise NotFound
        return found

    def _shown(self, case: SettlementCase):
        prefetch_related_objects([case], "members")
        return SettlementCaseSerializer(case, context=self.get_serializer_context()).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        prefetch_related_objects(page, "members")
        _record_case_reads(request, page)
        return self.get_paginated_response(SettlementCaseSerializer(page, many=True).data)

    def retrieve(self, request, pk=None, *args, **kwargs):
        case = self._case(request, pk)
        _record_case_reads(request, [case])
        return Response(self._shown(case))

    def create(self, request, *args, **kwargs):
        serializer = SettlementCaseSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        municipality, members = data.pop("municipality"), data.pop("members")
        try:
            case = services.case_create(
                _actor(request), municipality, data, [dict(m) for m in members], channel=API
            )
        except services.MemberErrors as exc:
            # By the member's place in the list: "members.1.birth_year" (api.errors flattens the paths).
            errors = [{} for _member in members]
            for index, error in exc.member_errors.items():
                errors[index] = (
                    {k: [str(m) for e in v for m in e.messages] for k, v in error.error_dict.items()}
                    if hasattr(error, "error_dict")
                    else {"non_field_errors": [str(m) for m in error.messages]}
                )
            raise ValidationError({"members": errors}) from None
        return Response(self._shown(case), status=status.HTTP_201_CREATED)

    def update(self, request, pk=None, *args, **kwargs):
        case = self._case(request, pk, write=True)
        serializer = SettlementCaseChangeSerializer(
            case, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k in services.CASE_INPUT_FIELDS}
        case = services.case_update(_actor(request), case, data, channel=API)
        return Response(self._shown(case))

    @extend_schema(
        summary="Answer a case",
        description=(
            "Accept (the case moves to «accepted», or «dwelling ready» where a dwelling is held) or "
            "decline with a reason (the case closes). A case is answered once: a second answer is a 400."
        ),
        request=CaseReplySerializer,
        responses={200: SettlementCaseSerializer},
        examples=[
            OpenApiExample("Accepted", value={"accept": True, "on": "2026-11-04"}, request_only=True),
            OpenApiExample(
                "Declined",
                value={"accept": False, "on": "2026-11-04", "decline_reason": "no_dwelling"},
                request_only=True,
            ),
            OpenApiExample("The case answered", value=CASE_EXAMPLE, response_only=True),
        ],
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        case = self._case(request, pk, write=True)
        serializer = CaseReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = services.case_reply(
            _actor(request),
            case,
            data["accept"],
            data["on"],
            reason=data.get("decline_reason", ""),
            text=data.get("decline_text", ""),
            channel=API,
        )
        return Response(self._shown(case))


def register(router) -> None:
    """Add this part's viewsets to the API's router."""
    router.register("settlement/requests", SettlementRequestViewSet, basename="settlement-request")
    router.register("settlement/cases", SettlementCaseViewSet, basename="settlement-case")
