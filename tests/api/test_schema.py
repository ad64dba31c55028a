"""The OpenAPI schema of the whole API: an example for every operation's answer, and the one error
shape on every 4xx. Every part of the API is checked, so that a new operation without either fails here
with its name."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings

from lagrundt.api.errors import ERROR_COMPONENT, ERROR_REF
from lagrundt.api.urls import SCHEMA_SETTINGS

METHODS = ("get", "put", "post", "patch", "delete")


@pytest.fixture(scope="module")
def document():
    with patched_settings(SCHEMA_SETTINGS):
        return SchemaGenerator().get_schema(request=None, public=True)


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def test_every_operation_has_an_example_of_its_answer(document):
    """Every JSON answer of every operation: an example (``OpenApiExample(..., response_only=True)``)."""
    missing = []
    for name, operation in operations(document):
        answers = {code: r for code, r in operation["responses"].items() if str(code).startswith("2")}
        if not answers:
            missing.append(f"{name}: no 2xx answer documented")
        for code, response in answers.items():
            for media, content in response.get("content", {}).items():  # a 204 has none
                if "json" not in media:
                    continue  # a PDF or an XML document is described, not exemplified
                if not (content.get("examples") or content.get("example")):
                    missing.append(f"{name} {code} {media}: no example (OpenApiExample, response_only)")
    assert not missing, "\n".join(missing)


def test_every_4xx_of_every_operation_is_the_error_component(document):
    wrong = []
    for name, operation in operations(document):
        codes = [str(code) for code in operation["responses"] if str(code).startswith("4")]
        for expected in ("400", "404"):
            if expected not in codes:
                wrong.append(f"{name}: {expected} not documented")
        for code in codes:
            content = operation["responses"][code].get("content", {})
            if content.get("application/json", {}).get("schema") != ERROR_REF:
                wrong.append(f"{name} {code}: not the {ERROR_COMPONENT} component")
    assert not wrong, "\n".join(wrong)


def test_operations_that_need_a_key_document_401_and_403(document):
    persons = document["paths"]["/api/v1/persons/"]["get"]["responses"]
    assert {"401", "403"} <= set(persons)
    token = document["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "429" in token


def test_the_error_component_allows_both_forms_and_nothing_else(document):
    import jsonschema

    schema = document["components"]["schemas"][ERROR_COMPONENT]
    jsonschema.validate({"detail": "Not found."}, schema)
    jsonschema.validate({"name": ["Required."], "non_field_errors": ["Wrong."]}, schema)
    for bad in ({}, {"detail": ["a list"]}, {"name": "a string"}, {"name": [1]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_lists_document_the_cursor_and_changed_since(document):
    names = {p["name"] for p in document["paths"]["/api/v1/persons/"]["get"]["parameters"]}
    assert {"cursor", "page_size", "changed_since"} <= names
