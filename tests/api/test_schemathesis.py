"""Schemathesis over the API: no operation answers 500, and every answer fits the schema.

The OpenAPI schema is drf-spectacular's, the document ``/api/schema/`` serves (a test checks that
they are the same). The integration service of the test world asks ``POST /api/v1/auth/token/`` for
an API key with its user name and password, as a script does, and every generated call carries the
key to the WSGI application in-process. Schemathesis runs its phases on every operation: the coverage
phase (each parameter and field just past its boundaries, of the wrong type, missing) and a bounded
fuzzing phase of calls that fit the schema and calls that do not, from a fixed seed. A generated id
that could be real, and the path of a coverage case that breaks the body, get the id of an object of
the world that the user may open, so that calls reach the code behind the lookups; other ids (0,
negative, beyond 64 bits, not a number) stay.
Each answer is checked: not a server error, a body that conforms to the schema where the schema
documents the status, and every 4xx body in the one error shape (``lagrundt.api.errors``).

It is bounded per operation, so that the whole schema (71 operations, some 6 000 calls) stays near a
minute on two cores: the fuzzing phase makes ``max-examples`` calls an operation. The coverage phase
cannot be bounded (it makes every case the schema defines, 300 and more for a large body); should the
run grow past 90 s, ``SKIP_BODY_COVERAGE`` keeps it for paths, queries and methods only (a third of the
calls), and bodies are then fuzzed, valid and invalid, rather than walked field by field.

Each call is recorded on the test's report; the run ends with a summary line per operation and a
total (operations, calls, answers by status, failures), printed by ``tests/api/conftest.py``.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import TestPhase
from schemathesis.specs.openapi.checks import response_schema_conformance

from lagrundt.api.urls import SCHEMA_SETTINGS
from lagrundt.core.forms import LARGEST_INT
from tests.finance import url_access as finance_rows
from tests.housing import url_access as housing_rows
from tests.intro import url_access as intro_rows
from tests.plans import url_access as plans_rows
from tests.settlement import url_access as settlement_rows
from tests.work import url_access as work_rows

pytestmark = pytest.mark.django_db

CONFIG = {
    "seed": 20261104,
    "generation": {"mode": "all", "max-examples": 6, "deterministic": True, "database": "none"},
    # Only the coverage phase's invalid cases: its valid ones try every value of every list of
    # choices (250 countries, 180 languages), a thousand calls for one operation.
    "phases": {"coverage": {"generation": {"mode": "negative"}}},
}


def error_shape(ctx, response, case):
    """Every 4xx body is ``{"detail": "..."}`` or lists of messages by field, as ``Error`` documents."""
    if not 400 <= response.status_code < 500:
        return None
    label = f"{case.operation.label} answered {response.status_code}"
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError(f"{label} with a body that is not JSON: {response.content[:200]!r}") from None
    assert isinstance(body, dict) and body, f"{label} with {body!r}, not an object"
    if "detail" in body:
        assert set(body) == {"detail"} and isinstance(body["detail"], str), f"{label} with {body!r}"
        return None
    for field, messages in body.items():
        assert isinstance(messages, list) and all(isinstance(m, str) for m in messages), (
            f"{label}: field {field!r} holds {messages!r}, not a list of messages"
        )
    return None


CHECKS = [not_a_server_error, response_schema_conformance, error_shape]
with patched_settings(SCHEMA_SETTINGS):
    DOCUMENT = json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))


def _as_stored(node):
    """The document with every whole number that names no width as a 64-bit one: what the databases
    store, so that the coverage phase sends the first number past it (2**63)."""
    if isinstance(node, dict):
        node = {key: _as_stored(value) for key, value in node.items()}
        if node.get("type") == "integer" and "format" not in node:
            node["format"] = "int64"
        return node
    if isinstance(node, list):
        return [_as_stored(value) for value in node]
    return node


SKIP_BODY_COVERAGE = False  # see the module's docstring
CALL = "schemathesis_call"  # the property each call is recorded as (see conftest.py's summary)
WSGI = get_wsgi_application()
schema = schemathesis.openapi.from_dict(_as_stored(DOCUMENT), config=SchemathesisConfig.from_dict(CONFIG))


# The object of the world each path's id, and each field naming an object, is pointed at.
def _own(build):
    """An object of the integration service's own municipality, made by an app's access-matrix builder."""
    return lambda w: build(w, "integration", "own")["pk"]


PATH_OBJECTS = {
    "/api/v1/persons/{id}/": lambda w: w.persons["adult"].pk,
    "/api/v1/households/{id}/": lambda w: w.persons["adult"].household_id,
    "/api/v1/settlements/{id}/": lambda w: w.persons["adult"].settlement.pk,
    "/api/v1/move-outs/{id}/": lambda w: w.persons["moved"].move_out.pk,
    "/api/v1/municipalities/{id}/": lambda w: w.hemsedal.pk,
    "/api/v1/programme/participants/{id}/": _own(intro_rows.with_programme),
    "/api/v1/programme/participants/{id}/attendance/": _own(intro_rows.with_programme),
    "/api/v1/programme/cases/{id}/": _own(intro_rows.case),
    "/api/v1/work/employers/{id}/": _own(work_rows.employer),
    "/api/v1/work/openings/{id}/": _own(work_rows.opening),
    "/api/v1/work/candidates/{id}/": _own(work_rows.profile),
    "/api/v1/finance/receipts/{id}/": _own(finance_rows.receipt),
    "/api/v1/finance/costs/{id}/": _own(finance_rows.cost),
    "/api/v1/finance/scenarios/{id}/": _own(finance_rows.scenario),
    "/api/v1/housing/dwellings/{id}/": lambda w: housing_rows._dwelling(w, "own").pk,
    "/api/v1/housing/tenancies/{id}/": lambda w: housing_rows._tenancy(w, "own").pk,
    "/api/v1/housing/tenancies/{id}/end/": lambda w: housing_rows._tenancy(w, "own").pk,
    "/api/v1/settlement/requests/{id}/": lambda w: settlement_rows.settlement_year(w, "", "own")["pk"],
    "/api/v1/settlement/cases/{id}/": lambda w: settlement_rows.case(w, "", "own")["pk"],
    "/api/v1/settlement/cases/{id}/reply/": lambda w: settlement_rows.case(w, "", "own")["pk"],
    "/api/v1/plans/plans/{id}/": lambda w: plans_rows._plan(w, "own").pk,
    "/api/v1/plans/plans/{id}/indicators/": lambda w: plans_rows._plan(w, "own").pk,
    "/api/v1/plans/plans/{id}/figures/": lambda w: plans_rows._plan(w, "own").pk,
    "/api/v1/plans/measures/{id}/": lambda w: plans_rows.measure(w, "", "own")["pk"],
    "/api/v1/plans/measures/{id}/status/": lambda w: plans_rows.measure(w, "", "own")["pk"],
}
FIELD_OBJECTS = {
    "person": lambda w: w.persons["spouse"].pk,
    "household": lambda w: w.persons["adult"].household_id,
    "municipality": lambda w: w.hemsedal.pk,
    "employer": _own(work_rows.employer),
    "dwelling": lambda w: housing_rows._dwelling(w, "own").pk,
}


def _could_be_real(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= LARGEST_INT


def _about_another_part(case) -> bool:
    """A coverage case that tries a boundary of another part of the call than its path (its body)."""
    meta = case.meta
    if meta is None or meta.phase.name != TestPhase.COVERAGE:
        return False
    return meta.phase.data.parameter_location != ParameterLocation.PATH


def _about_the_body(case) -> bool:
    """A coverage case that tries a boundary of the body: skipped, for the time it takes (see above)."""
    meta = case.meta
    if meta is None or meta.phase.name != TestPhase.COVERAGE:
        return False
    return meta.phase.data.parameter_location == ParameterLocation.BODY


def _point_at_world(case, world) -> None:
    path_object = PATH_OBJECTS.get(case.operation.path)
    if path_object and (_could_be_real((case.path_parameters or {}).get("id")) or _about_another_part(case)):
        case.path_parameters["id"] = path_object(world)
    if isinstance(case.body, dict):
        for field, pick in FIELD_OBJECTS.items():
            if _could_be_real(case.body.get(field)):
                case.body[field] = pick(world)


def _application(environ, start_response):
    """Django's WSGI application, answering inside the test's transaction: as Django's test client
    does, the database connection is not closed when a request starts and ends (on PostgreSQL that
    would close the test's transaction)."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    try:
        response = WSGI(environ, start_response)
        body = b"".join(response)
        response.close()
        return [body]
    finally:
        for signal in signals:
            signal.connect(close_old_connections)


@schema.parametrize()
# The world and the key are made once for all the calls to an operation, which is what they are for.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_api(case, world, api_key, record_property):
    if SKIP_BODY_COVERAGE and _about_the_body(case):
        return
    _point_at_world(case, world)
    # A savepoint per call: on PostgreSQL one failed statement would spoil every later one.
    with transaction.atomic():
        headers = {"Authorization": f"Token {api_key}"}
        response = case.call(app=_application, headers=headers)
        record_property(CALL, (case.operation.label, response.status_code))
        case.validate_response(
            response,
            checks=CHECKS,
            headers=headers,
            transport_kwargs={"app": _application, "headers": headers},
        )


def test_the_schema_is_the_one_the_api_serves(api_key, client):
    served = client.get("/api/schema/?format=json", headers={"Authorization": f"Token {api_key}"})
    assert served.status_code == 200
    assert json.loads(served.content) == DOCUMENT
