"""API errors in one shape, never a 500 for bad input.

Every 4xx body is one of two forms, the ``Error`` component of the OpenAPI schema:

- ``{"detail": "message"}``: the call as a whole is refused (401 no or bad key, 403 not allowed,
  404 not found, 405 method, 406/415 format, 429 too many calls, 400 a body that is not JSON);
- ``{"field": ["message", ...], "non_field_errors": ["message", ...]}``: what is wrong with the input,
  by field (400, or 403 where a field names something the user may not do). A field inside a list or
  an object is named by its path: ``languages.0``.

Django's ``ValidationError`` raised by a service becomes a 400 of the second form. ``error_responses``
(a schema postprocessing hook) puts the component on every operation's 4xx answers.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = "non_field_errors"
ERROR_COMPONENT = "Error"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            data = {
                (NON_FIELD if field == "__all__" else field): [str(m) for e in errors for m in e.messages]
                for field, errors in exc.error_dict.items()
            }
        else:
            data = {NON_FIELD: [str(m) for m in exc.messages]}
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is not None and 400 <= response.status_code < 500:
        response.data = error_body(response.data)
    return response


def error_body(data) -> dict:
    """Any error DRF makes, in the one shape: a ``detail`` string, or lists of messages by field."""
    if isinstance(data, dict) and set(data) == {"detail"} and not isinstance(data["detail"], list | dict):
        return {"detail": str(data["detail"])}
    if isinstance(data, list | tuple):
        return (
            {NON_FIELD: [str(m) for m in _messages(data)]} if data else {"detail": _("The call is refused.")}
        )
    if isinstance(data, dict):
        flat: dict[str, list[str]] = {}
        _flatten(data, "", flat)
        return flat or {"detail": _("The call is refused.")}
    return {"detail": str(data)}


def _messages(value) -> list:
    if isinstance(value, dict):
        return [m for v in value.values() for m in _messages(v)]
    if isinstance(value, list | tuple):
        return [m for v in value for m in _messages(v)]
    return [value]


def _flatten(value, path: str, into: dict) -> None:
    """Messages by the path of their field: nested objects and list items as ``field.key`` / ``field.0``."""
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{path}.{key}" if path else str(key), into)
    elif isinstance(value, list | tuple) and any(isinstance(v, dict | list | tuple) for v in value):
        for i, inner in enumerate(value):
            if isinstance(inner, dict | list | tuple):
                _flatten(inner, f"{path}.{i}" if path else str(i), into)
            elif inner:
                into.setdefault(path or NON_FIELD, []).append(str(inner))
    else:
        messages = [str(m) for m in (value if isinstance(value, list | tuple) else [value])]
        if path == "detail":
            # A field dict never has "detail": that key is the other form's, a string.
            path = NON_FIELD
        into.setdefault(path or NON_FIELD, []).extend(messages)


# ---------------------------------------------------------------------------- the schema
ERROR_SCHEMA = {
    "type": "object",
    "description": (
        'Every 4xx answer. Either `{"detail": "message"}` (the call as a whole is refused: 401, 403, '
        "404, 405, 406, 415, 429, or a body that is not JSON), or lists of messages by field, "
        '`{"field": ["message"], "non_field_errors": ["message"]}` (400: what is wrong with the input; '
        "a field inside a list or an object is named by its path, `languages.0`). The messages are in "
        "the language of `Accept-Language` (nb, nn, en)."
    ),
    "properties": {
        "detail": {"type": "string", "description": "Why the call is refused."},
        NON_FIELD: {
            "type": "array",
            "items": {"type": "string"},
            "description": "What is wrong with the input as a whole.",
        },
    },
    "additionalProperties": {
        "type": "array",
        "items": {"type": "string"},
        "description": "What is wrong with the field of this name.",
    },
    "minProperties": 1,
}
ERROR_EXAMPLES = {
    "400": {
        "summary": "Bad input",
        "value": {"birth_date": ["The birth date cannot be in the future."]},
    },
    "401": {"summary": "No key or a bad key", "value": {"detail": "The API key has expired."}},
    "403": {
        "summary": "Not allowed",
        "value": {"detail": "The API key does not cover this part of the API."},
    },
    "404": {"summary": "Not found, or not yours to see", "value": {"detail": "Not found."}},
    "429": {"summary": "Too many calls", "value": {"detail": "Request was throttled."}},
}
ERROR_DESCRIPTIONS = {
    "400": "Bad input: messages by field.",
    "401": "No key, or a key that is unknown, expired or revoked.",
    "403": "Not allowed: a read-only key writing, a key that does not cover this part, or a field naming "
    "what the user may not do.",
    "404": "Not found, or not the user's to see (the two answer alike).",
    "429": "Too many calls: try again later.",
}
HTTP_METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")


def error_responses(result, generator, request, public):
    """Schema postprocessing hook: the ``Error`` component, and every operation's 4xx answers made of it.

    Each operation gets 400, 404 and 429; one that needs a key also 401 and 403. A 4xx an operation
    documents itself keeps its description, and is given the component (the handler makes no other).
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas[ERROR_COMPONENT] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            codes = ["400", "404", "429"]
            if _needs_a_key(operation, result):
                codes += ["401", "403"]
            codes += [code for code in responses if str(code).startswith("4")]
            for code in sorted(set(map(str, codes))):
                documented = responses.pop(code, None) or responses.pop(int(code), None) or {}
                responses[code] = {
                    "description": documented.get("description") or ERROR_DESCRIPTIONS.get(code, "Refused."),
                    "content": {
                        "application/json": {
                            "schema": ERROR_REF,
                            "examples": {
                                "error": ERROR_EXAMPLES.get(
                                    code, {"summary": "Refused", "value": {"detail": "…"}}
                                )
                            },
                        }
                    },
                }
    return result


def _needs_a_key(operation, result) -> bool:
    security = operation.get("security", result.get("security"))
    if security is None:
        return True
    return not any(requirement == {} for requirement in security)


class NotFoundView(APIView):
    """What answers an address under the API that names nothing: 404 ``{"detail": ...}``, after the
    key is checked (401 without one, as every other address of the API answers)."""

    permission_classes = [IsAuthenticated]
    schema = None  # not an operation

    def _not_found(self, request, *args, **kwargs):
        raise NotFound

    get = post = put = patch = delete = head = options = _not_found
