"""Pagination that never counts the whole list: a count over a national register is slow."""

import base64
import binascii
import json
from collections import OrderedDict

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from lagrundt.core.forms import LARGEST_INT, int_or_none
from lagrundt.core.paging import MAX_PAGE, page_of


class NoCountPagination(BasePagination):
    page_size = 50
    page_query_param = "page"

    def paginate_queryset(self, queryset, request, view=None):
        number = int_or_none(request.query_params.get(self.page_query_param)) or 1
        self.request = request
        self.page = page_of(queryset, number, self.page_size, related=getattr(view, "list_related", ()))
        return self.page.items

    def get_paginated_response(self, data):
        url = self.request.build_absolute_uri()
        next_url = (
            replace_query_param(url, self.page_query_param, self.page.next_number)
            if self.page.has_next
            else None
        )
        if not self.page.has_previous:
            previous_url = None
        elif self.page.previous_number == 1:
            previous_url = remove_query_param(url, self.page_query_param)
        else:
            previous_url = replace_query_param(url, self.page_query_param, self.page.previous_number)
        return Response(OrderedDict([("next", next_url), ("previous", previous_url), ("results", data)]))

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page of the list, from 1; past the last page the list is empty.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            }
        ]

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }


class CursorPagination(BasePagination):
    """Keyset pagination: ``?cursor=`` is an opaque token of where the last page ended.

    Every list of the API pages this way, so that page 3 000 costs what page 1 costs and a row written
    while a client pages is neither skipped nor shown twice. The order is the view's
    ``cursor_ordering`` (``("pk",)`` unless it says otherwise); a view with a ``changed_field`` is
    ordered by it and then by id, so that a data warehouse can sync with ``?changed_since=`` and keep
    the last cursor. As with ``page_of``: first the keys of the page (one more than shown, to know if
    there is a next), then the rows of just those ids with their related rows.
    """

    page_size = 50
    max_page_size = 500
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def ordering(self, view) -> tuple[str, ...]:
        changed = getattr(view, "changed_field", None)
        if changed:
            return (changed, "pk")
        return tuple(getattr(view, "cursor_ordering", ("pk",)))

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        ordering = self.ordering(view)
        size = int_or_none(request.query_params.get(self.page_size_query_param)) or self.page_size
        size = max(1, min(size, self.max_page_size))
        position = decode_cursor(request.query_params.get(self.cursor_query_param), queryset.model, ordering)
        qs = queryset.order_by(*ordering)
        if position is not None:
            qs = qs.filter(after(ordering, position))
        keys = list(qs.values_list(*ordering, "pk")[: size + 1])
        ids = [row[-1] for row in keys[:size]]
        rows = queryset.model._default_manager.filter(pk__in=ids)
        related = getattr(view, "list_related", ())
        if related:
            rows = rows.select_related(*related)
        by_id = {row.pk: row for row in rows} if ids else {}
        self.next_position = keys[size - 1][:-1] if len(keys) > size else None
        return [by_id[pk] for pk in ids]

    def get_paginated_response(self, data):
        next_url = None
        if self.next_position is not None:
            next_url = replace_query_param(
                self.request.build_absolute_uri(), self.cursor_query_param, encode_cursor(self.next_position)
            )
        return Response(OrderedDict([("next", next_url), ("results", data)]))

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: the cursor of the previous page's `next` link.",
                "schema": {"type": "string", "maxLength": 400},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows a page, at most {self.max_page_size}.",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page, or null on the last page.",
                    "example": "https://lagrundt.example/api/v1/persons/?cursor=WyIyMDI2LTExLTA0VDA4OjAwOjAwKzAwOjAwIiwgNDJd",
                },
                "results": schema,
            },
        }


def encode_cursor(values) -> str:
    text = json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values], default=str)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(token: str | None, model, ordering) -> tuple | None:
    """The position a cursor names, each value as its field stores it; a token we did not make is a 400."""
    if not token:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode())
        if not isinstance(values, list) or len(values) != len(ordering):
            raise ValueError
        fields = [model._meta.pk if name == "pk" else model._meta.get_field(name) for name in ordering]
        position = tuple(field.to_python(value) for field, value in zip(fields, values, strict=True))
        if any(value is None for value in position):
            raise ValueError
        for value in position:
            if isinstance(value, int) and not -LARGEST_INT <= value <= LARGEST_INT:
                raise ValueError
        return position
    except (ValueError, TypeError, UnicodeDecodeError, binascii.Error, DjangoValidationError):
        raise ValidationError({"cursor": [_("The cursor is not valid: start again without one.")]}) from None


def after(ordering, position) -> Q:
    """Rows after ``position`` in ``ordering`` (all ascending): (a, b) > (x, y) as a filter."""
    condition = Q()
    for i in reversed(range(len(ordering))):
        equal = {ordering[j]: position[j] for j in range(i)}
        step = Q(**equal, **{f"{ordering[i]}__gt": position[i]})
        condition = step if i == len(ordering) - 1 else step | condition
    return condition
