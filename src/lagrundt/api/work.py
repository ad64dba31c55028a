"""The API's work endpoints: read and write through the work services and the access policy.

- ``work/employers/``: employers the user sees (``access.resources.EMPLOYERS``), registered and changed
  through ``services.employer_create`` / ``employer_update`` where the user manages them;
- ``work/openings/``: openings the user sees (``OPENINGS``: the employer's municipality, or where the
  work is), registered and changed through ``services.opening_create`` / ``opening_update`` with their
  requirements;
- ``work/candidates/``: the competence profiles of the persons whose work section the user reads, each
  shown an audited read of the person's identity and work.
"""

from django.db.models import prefetch_related_objects
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.resources import CHANGE, EMPLOYERS, OPENINGS, VIEW
from lagrundt.access.sections import Section
from lagrundt.core.forms import int_or_none
from lagrundt.work import selectors, services
from lagrundt.work.models import CompetenceProfile, Employer, Opening
from lagrundt.work.serializers import (
    CandidateSerializer,
    EmployerSerializer,
    OpeningSerializer,
    RequirementSerializer,
)
from lagrundt.work.vocabulary import OpeningStatus

API = AuditChannel.API
SHOWN_OF_A_CANDIDATE = [Section.IDENTITY, Section.WORK]

EMPLOYER_EXAMPLE = {
    "id": 7,
    "name": "Fjellhotellet AS",
    "kind": "private",
    "org_number": "123456785",
    "industry": "hospitality",
    "municipality": 1,
    "address": "Sentrumsvegen 1",
    "notes": "",
    "active": True,
    "kind_label": "Private business",
    "industry_label": "Hotels, restaurants and tourism",
    "updated_at": "2026-11-04T09:12:00+01:00",
}
OPENING_EXAMPLE = {
    "id": 21,
    "employer": 7,
    "title": "Kitchen assistant",
    "kind": "work_practice",
    "occupation": "9412",
    "tasks": "Preparing breakfast, washing up",
    "positions": 2,
    "hours_per_week": "30.0",
    "starts_on": "2026-12-01",
    "ends_on": None,
    "place": "Fjellhotellet",
    "municipality": 1,
    "bus_connection": True,
    "transport_provided": False,
    "how_to_get_there": "",
    "language_set_by": "Kari Nordmann, kitchen manager",
    "language_set_on": "2026-11-01",
    "language_basis": "Safety instructions are given orally",
    "status": "open",
    "job_fair": None,
    "requirements": [{"kind": "norwegian_oral", "value": "A2", "required": True}],
    "kind_label": "Work practice",
    "status_label": "Open",
    "occupation_label": "Kitchen helpers",
    "created_at": "2026-11-01T10:00:00+01:00",
    "updated_at": "2026-11-04T09:12:00+01:00",
}
CANDIDATE_EXAMPLE = {
    "id": 5,
    "person": 12,
    "family_name": "Haile",
    "given_name": "Almaz",
    "municipality": 1,
    "norwegian_oral": "A2",
    "norwegian_written": "A1",
    "norwegian_assessed_on": "2026-09-01",
    "licences": ["B"],
    "certificates": [],
    "skills": [],
    "limits": [],
    "max_hours_per_week": None,
    "available_from": "2026-12-01",
    "seasonal_work": True,
    "has_car": False,
    "takes_bus": True,
    "wished_occupations": ["5120"],
    "seeking": True,
    "programme_participant": True,
    "educations": [
        {
            "level": "upper_secondary",
            "level_label": "Upper secondary school",
            "field": "Cooking",
            "country": "ER",
            "years": 3,
            "completed": True,
            "has_documents": False,
            "recognition": "not_applied",
        }
    ],
    "experiences": [
        {
            "occupation": "5120",
            "occupation_label": "Cooks",
            "description": "Restaurant kitchen",
            "years": "4.0",
            "country": "ER",
        }
    ],
    "languages": [
        {"language": "ti", "language_label": "Tigrinya", "native": True, "oral": "", "written": ""}
    ],
    "updated_at": "2026-11-04T09:12:00+01:00",
}


def _actor(request) -> Actor:
    return Actor.from_request(request)


def _page(example: dict) -> dict:
    return {"next": None, "results": [example]}


# ---------------------------------------------------------------------------- employers
@extend_schema_view(
    list=extend_schema(
        summary="Employers",
        description="Employers in the municipalities where the user works with persons' work; "
        "``?changed_since=`` for a sync.",
        parameters=[
            OpenApiParameter("municipality", int, description="Only this municipality's employers."),
            OpenApiParameter("active", bool, description="Only active (true) or inactive (false) employers."),
        ],
        examples=[OpenApiExample("A page", value=_page(EMPLOYER_EXAMPLE))],
    ),
    retrieve=extend_schema(
        summary="One employer",
        description="404 when the user does not see the employer.",
        examples=[OpenApiExample("An employer", value=EMPLOYER_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Register an employer",
        description="In a municipality whose employers the user manages; a private business needs its "
        "organisation number.",
        examples=[
            OpenApiExample(
                "A business",
                value={
                    k: v
                    for k, v in EMPLOYER_EXAMPLE.items()
                    if k not in ("id", "kind_label", "industry_label", "updated_at")
                },
                request_only=True,
            ),
            OpenApiExample("Registered", value=EMPLOYER_EXAMPLE, response_only=True),
        ],
    ),
    partial_update=extend_schema(
        summary="Change an employer",
        description="404 when the user does not manage the employer.",
        examples=[
            OpenApiExample("Inactive", value={"active": False}, request_only=True),
            OpenApiExample("Saved", value=EMPLOYER_EXAMPLE, response_only=True),
        ],
    ),
)
class EmployerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Employers the user sees; registered and changed where the user manages them."""

    api_part = "work"
    serializer_class = EmployerSerializer
    queryset = Employer.objects.none()
    changed_field = "updated_at"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = EMPLOYERS.instances_user_has_permission_for(self.request.user, VIEW)
        params = self.request.query_params
        municipality_id = int_or_none(params.get("municipality"))
        if municipality_id:
            qs = qs.filter(municipality_id=municipality_id)
        if params.get("active") in ("true", "false"):
            qs = qs.filter(active=params["active"] == "true")
        return qs

    def _employer(self, pk, *, manage: bool = False) -> Employer:
        found = EMPLOYERS.instances_user_has_permission_for(self.request.user, VIEW).filter(
            pk=int_or_none(pk) or 0
        )
        found = found.first()
        if found is None or (
            manage and not EMPLOYERS.user_has_permission_for_instance(self.request.user, CHANGE, found)
        ):
            raise NotFound
        return found

    def retrieve(self, request, pk=None, *args, **kwargs):
        return Response(self.get_serializer(self._employer(pk)).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        employer = services.employer_create(actor=_actor(request), data=dict(serializer.validated_data))
        return Response(self.get_serializer(employer).data, status=status.HTTP_201_CREATED)

    def update(self, request, pk=None, *args, **kwargs):
        found = self._employer(pk, manage=True)
        serializer = self.get_serializer(found, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k in services.EMPLOYER_FIELDS}
        employer = services.employer_update(actor=_actor(request), employer=found, data=data)
        return Response(self.get_serializer(employer).data)


# ---------------------------------------------------------------------------- openings
@extend_schema_view(
    list=extend_schema(
        summary="Openings",
        description="Placements and jobs the user sees (the employer's municipality, or where the work is); "
        "``?changed_since=`` for a sync.",
        parameters=[
            OpenApiParameter("status", str, enum=list(OpeningStatus.values), description="Only this status."),
            OpenApiParameter(
                "municipality", int, description="Only openings whose work is in this municipality."
            ),
            OpenApiParameter("employer", int, description="Only this employer's openings."),
        ],
        examples=[OpenApiExample("A page", value=_page(OPENING_EXAMPLE))],
    ),
    retrieve=extend_schema(
        summary="One opening",
        description="404 when the user does not see the opening.",
        examples=[OpenApiExample("An opening", value=OPENING_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Register an opening",
        description="At an active employer the user manages, with its requirements (each required or "
        "preferred); a language requirement names who set it. Where the work is defaults to the employer's "
        "municipality.",
        examples=[
            OpenApiExample(
                "Work practice",
                value={
                    "employer": 7,
                    "title": "Kitchen assistant",
                    "kind": "work_practice",
                    "occupation": "9412",
                    "hours_per_week": "30.0",
                    "starts_on": "2026-12-01",
                    "language_set_by": "Kari Nordmann, kitchen manager",
                    "requirements": [{"kind": "norwegian_oral", "value": "A2", "required": True}],
                },
                request_only=True,
            ),
            OpenApiExample("Registered", value=OPENING_EXAMPLE, response_only=True),
        ],
    ),
    partial_update=extend_schema(
        summary="Change an opening",
        description="404 when the user does not manage the opening. Requirements sent replace the "
        "opening's; left out, they stay. The employer does not change.",
        examples=[
            OpenApiExample("Filled", value={"status": "filled"}, request_only=True),
            OpenApiExample("Saved", value=OPENING_EXAMPLE, response_only=True),
        ],
    ),
)
class OpeningViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Openings the user sees; registered and changed where the user manages them."""

    api_part = "work"
    serializer_class = OpeningSerializer
    queryset = Opening.objects.none()
    changed_field = "updated_at"
    list_related = ("employer",)
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = OPENINGS.instances_user_has_permission_for(self.request.user, VIEW)
        params = self.request.query_params
        if params.get("status") in OpeningStatus.values:
            qs = qs.filter(status=params["status"])
        for name in ("municipality", "employer"):
            value = int_or_none(params.get(name))
            if value:
                qs = qs.filter(**{f"{name}_id": value})
        return qs

    def _opening(self, pk) -> Opening:
        found = OPENINGS.instances_user_has_permission_for(self.request.user, VIEW).filter(
            pk=int_or_none(pk) or 0
        )
        found = found.select_related("employer").first()
        if found is None:
            raise NotFound
        return found

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        prefetch_related_objects(page, "requirements")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None, *args, **kwargs):
        return Response(self.get_serializer(self._opening(pk)).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        employer = data.pop("employer")
        requirements = data.pop("requirements", [])
        fields = {k: v for k, v in data.items() if k in services.OPENING_FIELDS}
        fields["status"] = fields.get("status") or OpeningStatus.OPEN
        opening = services.opening_create(
            actor=_actor(request), employer=employer, data=fields, requirements=requirements
        )
        return Response(self.get_serializer(opening).data, status=status.HTTP_201_CREATED)

    def update(self, request, pk=None, *args, **kwargs):
        found = self._opening(pk)
        if not OPENINGS.user_has_permission_for_instance(request.user, CHANGE, found):
            raise NotFound
        # The employer does not change; the field is required only when an opening is registered.
        serializer = self.get_serializer(found, data=request.data, partial=True)
        serializer.fields["employer"].read_only = True
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        requirements = data.pop("requirements", None)
        if requirements is not None:
            # A partial change of the opening, but each requirement is given whole (kind and value).
            whole = RequirementSerializer(data=request.data.get("requirements"), many=True)
            if not whole.is_valid():
                raise ValidationError({"requirements": whole.errors})
            requirements = whole.validated_data
        fields = {k: v for k, v in data.items() if k in services.OPENING_FIELDS}
        if "municipality" in fields and fields["municipality"] is None:
            fields["municipality"] = found.employer.municipality
        opening = services.opening_update(
            actor=_actor(request), opening=found, data=fields, requirements=requirements
        )
        return Response(self.get_serializer(opening).data)


# ---------------------------------------------------------------------------- candidates
@extend_schema_view(
    list=extend_schema(
        summary="Candidates",
        description="The competence profiles of the persons whose work section the user reads and who have "
        "not moved out. Each person shown is an audited read of the identity and work sections. "
        "``?changed_since=`` for a sync.",
        parameters=[
            OpenApiParameter(
                "seeking", bool, description="Only those looking for a placement or work (true)."
            ),
            OpenApiParameter("occupation", str, description="A STYRK-08 code or its first digits."),
            OpenApiParameter("municipality", int, description="Only this municipality's persons."),
        ],
        examples=[OpenApiExample("A page", value=_page(CANDIDATE_EXAMPLE))],
    ),
    retrieve=extend_schema(
        summary="One candidate",
        description="404 when the user may not read the person's work section.",
        examples=[OpenApiExample("A candidate", value=CANDIDATE_EXAMPLE)],
    ),
)
class CandidateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The competence database, read through the policy."""

    api_part = "work"
    serializer_class = CandidateSerializer
    queryset = CompetenceProfile.objects.none()
    changed_field = "updated_at"
    list_related = ("person",)

    def get_queryset(self):
        params = self.request.query_params
        occupation = params.get("occupation") or ""
        filters = selectors.CandidateFilter(
            occupation=occupation if occupation.isdigit() and len(occupation) <= 4 else "",
            municipality_id=int_or_none(params.get("municipality")),
            seeking_only=params.get("seeking") == "true",
        )
        return selectors.candidate_profiles(self.request.user, filters)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        prefetch_related_objects(page, "educations", "experiences", "languages")
        policy.record_list_reads(_actor(request), [p.person for p in page], SHOWN_OF_A_CANDIDATE, channel=API)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None, *args, **kwargs):
        profile = CompetenceProfile.objects.filter(pk=int_or_none(pk) or 0).first()
        if profile is None:
            raise NotFound
        try:
            person, _grants = policy.access_person(
                _actor(request), profile.person_id, section=Section.WORK, channel=API
            )
        except Http404 as exc:
            raise NotFound from exc
        policy.record_list_reads(_actor(request), [person], [Section.IDENTITY], channel=API)
        profile = selectors.profile_of(person)
        return Response(self.get_serializer(profile).data)


def register(router) -> None:
    """Add this part's viewsets to the API's router."""
    router.register("work/employers", EmployerViewSet, basename="work-employer")
    router.register("work/openings", OpeningViewSet, basename="work-opening")
    router.register("work/candidates", CandidateViewSet, basename="work-candidate")
