"""The API's programme endpoints: read and write through the programme services and the access policy.

- ``programme/participants/``: the persons whose programme section the user reads (``?view=`` as on the
  participant list), each shown an audited read of the programme section;
- ``programme/participants/{id}/attendance/``: a week's attendance, read and registered through
  ``services.attendance_register`` (the same checks and limits as the attendance page);
- ``programme/cases/``: what the right rests on beyond the register, changed through
  ``services.case_save`` (the case form's fields).
"""

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.sections import Section
from lagrundt.core.forms import int_or_none, validate_day
from lagrundt.intro import rules, selectors, services
from lagrundt.intro.models import ProgrammeCase
from lagrundt.intro.serializers import (
    AttendanceRegisterSerializer,
    AttendanceWeekSerializer,
    ParticipantSerializer,
    ProgrammeCaseSerializer,
    absence_data,
    participant_data,
    week_data,
)
from lagrundt.people.models import Person

API = AuditChannel.API
S = Section.PROGRAMME
VIEWS = {
    "active": selectors.View.ACTIVE,
    "without-decision": selectors.View.WITHOUT_DECISION,
    "ended": selectors.View.ENDED,
}
PERSON = Person.objects.select_related("municipality", "household", "settlement")

PARTICIPANT_EXAMPLE = {
    "id": 12,
    "family_name": "Haile",
    "given_name": "Almaz",
    "municipality": 1,
    "status": "right_and_duty",
    "status_label": "Right and duty",
    "starts_on": "2026-01-05",
    "last_day": "2028-01-04",
    "phase": "Norwegian and work practice",
    "hours_per_week": "37.5",
    "ended_on": None,
    "end_reason": "",
    "end_reason_label": "",
    "decisions": [
        {
            "id": 3,
            "reference": "IP-3",
            "kind": "programme",
            "kind_label": "Introduction programme granted",
            "decided_on": "2026-01-05",
            "starts_on": "2026-01-05",
            "ends_on": "2028-01-04",
            "months": 24,
            "final_goal": "work",
            "final_goal_label": "Work",
        }
    ],
    "plan": {
        "made_on": "2026-02-02",
        "final_goal": "work",
        "final_goal_label": "Work",
        "norwegian_goal": "B1",
        "contract_signed_on": "2026-02-02",
    },
}
WEEK_EXAMPLE = {
    "person": 12,
    "week": "2026-11-02",
    "days": [
        {
            "day": "2026-11-02",
            "fixed": None,
            "registrable": True,
            "status": "present",
            "status_label": "Present",
            "unexcused_hours": "0.0",
        },
        {
            "day": "2026-11-03",
            "fixed": None,
            "registrable": True,
            "status": None,
            "status_label": "",
            "unexcused_hours": None,
        },
    ],
    "absence": {
        "self_certifications": 1,
        "self_certification_limit": 4,
        "self_certification_from": "2026-03-30",
        "child_days": 0,
        "child_day_limit": 10,
        "children": 1,
        "single_carer": False,
        "single_carer_assumed": False,
    },
}
CASE_EXAMPLE = {
    "id": 4,
    "person": 12,
    "permit_basis": "asylum",
    "permit_granted_on": "2025-10-01",
    "settled_by_agreement": True,
    "nordic_or_eea": False,
    "claim_made_on": None,
    "lives_with_parent": None,
    "single_carer": False,
    "couple_without_children": False,
    "declined_on": None,
    "permit_basis_label": "Refugee after asylum (utlendingsloven § 28)",
    "updated_at": "2026-11-04T09:12:00+01:00",
}


def _actor(request) -> Actor:
    return Actor.from_request(request)


def _person(request, pk, *, write: bool = False) -> Person:
    """The person's programme section, opened through the policy (read recorded); 404 when not allowed."""
    try:
        person, _grants = policy.access_person(
            _actor(request), int_or_none(pk) or 0, section=S, write=write, channel=API, queryset=PERSON
        )
    except Http404 as exc:
        raise NotFound from exc
    return person


def _week(value) -> dt.date:
    if value in (None, ""):
        return rules.monday_of(timezone.localdate())
    try:
        day = serializers.DateField().to_internal_value(value)
        validate_day(day)
        return rules.monday_of(day)
    except (serializers.ValidationError, DjangoValidationError):
        raise ValidationError({"week": [_("Give a date as in 2026-11-02.")]}) from None


@extend_schema_view(
    list=extend_schema(
        summary="Programme participants",
        description=(
            "Persons whose programme section the user reads: in the programme (default), without a "
            "decision yet, or ended. Each person shown is an audited read of the programme section."
        ),
        parameters=[
            OpenApiParameter(
                "view", str, enum=list(VIEWS), description="Which participants (default active)."
            ),
            OpenApiParameter("municipality", int, description="Only this municipality's participants."),
        ],
        examples=[OpenApiExample("A page", value={"next": None, "results": [PARTICIPANT_EXAMPLE]})],
    ),
    retrieve=extend_schema(
        summary="One participant",
        description="A person's programme: 404 when the user may not read the person's programme section.",
        examples=[OpenApiExample("A participant", value=PARTICIPANT_EXAMPLE)],
    ),
)
class ParticipantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The introduction programme's participants, read through the policy."""

    api_part = "programme"
    serializer_class = ParticipantSerializer
    queryset = Person.objects.none()
    list_related = ("municipality", "household", "settlement")

    def get_queryset(self):
        view = VIEWS.get(self.request.query_params.get("view") or "active", selectors.View.ACTIVE)
        return selectors.participant_search(
            self.request.user,
            view=view,
            municipality_id=int_or_none(self.request.query_params.get("municipality")),
        )

    def _data(self, persons: list[Person]) -> list[dict]:
        today = timezone.localdate()
        book = selectors.rulebook()
        records = selectors.load_records(persons, today=today, book=book)
        return [participant_data(records[p.pk], book, today) for p in persons]

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        policy.record_list_reads(_actor(request), page, [S], channel=API)
        return self.get_paginated_response(ParticipantSerializer(self._data(page), many=True).data)

    def retrieve(self, request, pk=None, *args, **kwargs):
        person = _person(request, pk)
        return Response(ParticipantSerializer(self._data([person])[0]).data)

    @extend_schema(
        methods=["GET"],
        summary="A week's attendance",
        description=(
            "The participant's programme days of a week (``?week=`` any day of it; this week by default): "
            "what is registered, and the status a day has by rule (public holiday, leave)."
        ),
        parameters=[OpenApiParameter("week", OpenApiTypes.DATE, description="Any day of the week.")],
        responses=AttendanceWeekSerializer,
        examples=[OpenApiExample("A week", value=WEEK_EXAMPLE)],
    )
    @extend_schema(
        methods=["POST"],
        summary="Register a week's attendance",
        description=(
            "A status (and hours of unexcused absence) per programme day that has come, checked as on the "
            "attendance page: the absence limits, days not yet come, leave and public holidays. One broken "
            "rule refuses the whole week (400, errors by day). Audited as the user's change."
        ),
        request=AttendanceRegisterSerializer,
        responses=AttendanceWeekSerializer,
        examples=[
            OpenApiExample(
                "A week",
                value={
                    "week": "2026-11-02",
                    "days": [
                        {"day": "2026-11-02", "status": "present"},
                        {"day": "2026-11-03", "status": "unexcused", "unexcused_hours": "2.0"},
                    ],
                },
                request_only=True,
            ),
            OpenApiExample("Registered", value=WEEK_EXAMPLE, response_only=True),
        ],
    )
    @action(detail=True, methods=["get", "post"], url_path="attendance", url_name="attendance")
    def attendance(self, request, pk=None):
        if request.method == "POST":
            person = _person(request, pk, write=True)
            serializer = AttendanceRegisterSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            monday = rules.monday_of(serializer.validated_data["week"])
            days = {
                entry["day"]: (entry["status"], entry.get("unexcused_hours") or 0)
                for entry in serializer.validated_data["days"]
            }
            services.attendance_register(
                actor=_actor(request), person=person, monday=monday, days=days, channel=API
            )
        else:
            person = _person(request, pk)
            monday = _week(request.query_params.get("week"))
        record = selectors.record_for(person)
        today = timezone.localdate()
        days = selectors.attendance_week(record, monday, today=today)
        absence = absence_data(record, selectors.rulebook(), today)
        return Response(AttendanceWeekSerializer(week_data(person.pk, monday, days, absence)).data)


@extend_schema_view(
    list=extend_schema(
        summary="Programme cases",
        description=(
            "What the right to the programme rests on beyond the register (permit, agreement, family facts), "
            "for the persons whose programme section the user reads; ``?changed_since=`` for a sync."
        ),
        examples=[OpenApiExample("A page", value={"next": None, "results": [CASE_EXAMPLE]})],
    ),
    retrieve=extend_schema(
        summary="One programme case",
        description="404 when the user may not read the person's programme section.",
        examples=[OpenApiExample("A case", value=CASE_EXAMPLE)],
    ),
    partial_update=extend_schema(
        summary="Change a programme case",
        description=(
            "The case form's fields, saved through the same service and checks (no date in the future). "
            "404 when the user may not write the person's programme section. Audited as the user's change."
        ),
        examples=[
            OpenApiExample("The permit", value={"permit_granted_on": "2025-10-01"}, request_only=True),
            OpenApiExample("Saved", value=CASE_EXAMPLE, response_only=True),
        ],
    ),
)
class ProgrammeCaseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Programme cases of the persons whose programme section the user reads."""

    api_part = "programme"
    serializer_class = ProgrammeCaseSerializer
    queryset = ProgrammeCase.objects.none()
    changed_field = "updated_at"
    list_related = ("person",)
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        visible = policy.visible_to(self.request.user, section=S)
        return ProgrammeCase.objects.filter(person__in=visible.values("pk"))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        policy.record_list_reads(_actor(request), [c.person for c in page], [S], channel=API)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _case(self, pk) -> ProgrammeCase:
        case = ProgrammeCase.objects.filter(pk=int_or_none(pk) or 0).first()
        if case is None:
            raise NotFound
        return case

    def retrieve(self, request, pk=None, *args, **kwargs):
        case = self._case(pk)
        _person(request, case.person_id)
        return Response(self.get_serializer(case).data)

    def update(self, request, pk=None, *args, **kwargs):
        case = self._case(pk)
        person = _person(request, case.person_id, write=True)
        serializer = self.get_serializer(case, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k in services.CASE_FIELDS}
        case = services.case_save(actor=_actor(request), person=person, data=data, channel=API)
        return Response(self.get_serializer(case).data)


def register(router) -> None:
    """Add this part's viewsets to the API's router."""
    router.register("programme/participants", ParticipantViewSet, basename="programme-participant")
    router.register("programme/cases", ProgrammeCaseViewSet, basename="programme-case")
