"""Page-number pagination that never counts the whole list: a count over a national register is slow."""

from collections import OrderedDict

from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from lagrundt.core.forms import int_or_none
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
