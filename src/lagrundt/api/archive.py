"""The API's archive endpoints: the municipality's integration lists the messages waiting in the outbox,
fetches each one's XML (the Fiks Arkiv ``arkivmelding``) and PDF/A, and posts the archive's receipt.

Who sees a message is decided by the archive's letter kinds (those who work on that kind of letter, in
its municipality), as on the outbox page; fetching a message about a person is an audited read of the
person, through the access policy.
"""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.sections import Section
from lagrundt.archive import letters, services
from lagrundt.archive.models import ArchiveMessage, Status
from lagrundt.core.forms import int_or_none


class ArchiveMessageSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(
        read_only=True, help_text="The kind of letter (intro_decision, intro_plan, council_report)."
    )
    kind_label = serializers.SerializerMethodField(help_text="The kind of letter, in words.")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    error = serializers.SerializerMethodField(help_text="The last error, in the caller's language.")

    class Meta:
        model = ArchiveMessage
        fields = [
            "id",
            "reference",
            "kind",
            "kind_label",
            "title",
            "filename",
            "status",
            "status_label",
            "attempts",
            "error",
            "next_try_at",
            "archive_id",
            "created_at",
            "updated_at",
            "delivered_at",
            "acknowledged_at",
        ]
        read_only_fields = fields

    def get_kind_label(self, obj) -> str:
        return letters.kind_label(obj.kind)

    def get_error(self, obj) -> str:
        return services.error_text(obj)


class ArchiveReceiptSerializer(serializers.Serializer):
    archived = serializers.BooleanField(help_text="True when the archive filed the message.")
    archive_id = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="The archive's id of the journal entry."
    )
    error = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="What the archive answered, when it refused.",
    )


STATUS_FILTER = OpenApiParameter(
    "status",
    str,
    enum=list(Status.values),
    description="Only messages with this status (the integration asks for pending and failed).",
)


EXAMPLE_MESSAGE = {
    "id": 12,
    "reference": "lagrundt-3326-intro-decision-41-3f2a9c0d11e4",
    "kind": "intro_decision",
    "kind_label": "Decision on the introduction programme",
    "title": "Vedtak IP-41: Introduksjonsprogram innvilget",
    "filename": "vedtak-IP-41.pdf",
    "status": "pending",
    "status_label": "Waiting to be delivered",
    "attempts": 0,
    "error": "",
    "next_try_at": "2026-11-04T12:00:00+01:00",
    "archive_id": "",
    "created_at": "2026-11-04T12:00:00+01:00",
    "updated_at": "2026-11-04T12:00:00+01:00",
    "delivered_at": None,
    "acknowledged_at": None,
}


@extend_schema_view(
    retrieve=extend_schema(
        examples=[OpenApiExample("A pending decision", value=EXAMPLE_MESSAGE, response_only=True)]
    ),
    list=extend_schema(
        parameters=[STATUS_FILTER],
        examples=[
            OpenApiExample(
                "A pending decision",
                value={
                    "next": None,
                    "results": [
                        EXAMPLE_MESSAGE,
                    ],
                },
                response_only=True,
            )
        ],
    ),
)
class ArchiveMessageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Messages of the archive's outbox that the caller follows."""

    api_part = "archive"
    serializer_class = ArchiveMessageSerializer
    queryset = ArchiveMessage.objects.none()
    changed_field = "updated_at"

    def get_queryset(self):
        queryset = services.visible_to(self.request.user).defer("xml", "pdf")
        wanted = self.request.query_params.get("status")
        if wanted:
            if wanted not in Status.values:
                raise ApiValidationError(
                    {"status": [_("Choose one of: %(values)s.") % {"values": ", ".join(Status.values)}]}
                )
            queryset = queryset.filter(status=wanted)
        return queryset

    def _message(self, pk, *, read_person: bool = False) -> ArchiveMessage:
        found = services.visible_to(self.request.user).filter(pk=int_or_none(pk)).first()
        if found is None:
            raise NotFound
        if read_person and found.status == Status.ACKNOWLEDGED:
            raise NotFound(_("The message is archived: the archive keeps the letter now."))
        if read_person and found.person_id:
            # The letter shows the person: a read through the policy (404 where the caller may not).
            try:
                policy.access_person(
                    Actor.from_request(self.request),
                    found.person_id,
                    section=Section.PROGRAMME,
                    channel=AuditChannel.API,
                )
            except Http404 as exc:
                raise NotFound from exc
        return found

    def retrieve(self, request, pk=None, *args, **kwargs):
        return Response(self.get_serializer(self._message(pk)).data)

    @extend_schema(
        responses={
            (200, "application/xml"): OpenApiResponse(OpenApiTypes.STR, description="The arkivmelding.")
        },
    )
    @action(detail=True, methods=["get"], url_path="xml")
    def xml(self, request, pk=None):
        """The message itself: the Fiks Arkiv arkivmelding (create), valid against the official schema."""
        found = self._message(pk, read_person=True)
        response = HttpResponse(found.xml.encode(), content_type="application/xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{found.reference}.xml"'
        return response

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The letter as PDF/A.")
        },
    )
    @action(detail=True, methods=["get"], url_path="pdf")
    def pdf(self, request, pk=None):
        """The letter as PDF/A-2b: the file the arkivmelding's dokumentobjekt names."""
        found = self._message(pk, read_person=True)
        response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
        return response

    @extend_schema(
        request=ArchiveReceiptSerializer,
        responses={200: ArchiveMessageSerializer},
        examples=[
            OpenApiExample(
                "Archived", value={"archived": True, "archive_id": "2026/1234-1"}, request_only=True
            ),
            OpenApiExample(
                "Refused", value={"archived": False, "error": "Ukjent klassifikasjon"}, request_only=True
            ),
            OpenApiExample(
                "The message, archived",
                value={
                    **EXAMPLE_MESSAGE,
                    "status": "acknowledged",
                    "status_label": "Archived",
                    "archive_id": "2026/1234-1",
                    "delivered_at": "2026-11-04T12:05:00+01:00",
                    "acknowledged_at": "2026-11-04T12:30:00+01:00",
                },
                response_only=True,
            ),
        ],
    )
    @action(detail=True, methods=["post"], url_path="receipt")
    def receipt(self, request, pk=None):
        """The archive's receipt (kvittering): archived with its journal entry's id, or the archive's error.
        A refused message is delivered again later; the same receipt twice changes nothing."""
        found = self._message(pk)
        serializer = ArchiveReceiptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = services.receipt_save(queued=found, **serializer.validated_data)
        return Response(self.get_serializer(updated).data)


def register(router) -> None:
    """Add this part's viewsets to the API's router."""
    router.register("archive-messages", ArchiveMessageViewSet, basename="archivemessage")
