"""``?changed_since=``: what changed at or after a moment, for a data warehouse that syncs incrementally.

A view names the field that records its rows' last change in ``changed_field`` (an ``auto_now``
field with an index); the list is then ordered by it and by id (see ``CursorPagination``), so a client
keeps the moment of its last sync, or simply the last ``next`` link, and asks again.
"""

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from lagrundt.core.forms import EARLIEST_DAY, LATEST_DAY

CHANGED_SINCE = "changed_since"


class ChangedSinceFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        field = getattr(view, "changed_field", None)
        raw = request.query_params.get(CHANGED_SINCE)
        if not field or raw in (None, ""):
            return queryset
        message = {CHANGED_SINCE: [_("Give a date and time as in 2026-11-04T08:00:00+01:00.")]}
        try:
            since = serializers.DateTimeField().to_internal_value(raw)
        except (ValidationError, OverflowError):  # the first day of year 1 in Oslo is before year 1 in UTC
            raise ValidationError(message) from None
        # The days the pages take, so that no moment is at the calendar's edge.
        if not EARLIEST_DAY <= since.date() <= LATEST_DAY:
            raise ValidationError(message)
        return queryset.filter(**{f"{field}__gte": since})

    def get_schema_operation_parameters(self, view):
        if not getattr(view, "changed_field", None):
            return []
        return [
            {
                "name": CHANGED_SINCE,
                "required": False,
                "in": "query",
                "description": (
                    "Only rows changed at or after this moment (ISO 8601). The list is then ordered by "
                    "the time of change: keep the last `next` link, or the time of the last sync."
                ),
                "schema": {"type": "string", "format": "date-time"},
                "example": "2026-11-01T00:00:00+01:00",
            }
        ]
