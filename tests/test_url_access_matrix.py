"""Every URL pattern × every role × own and other municipality has an expected answer.

A URL added without an entry here fails ``test_every_url_has_an_entry``. Missing and forbidden
answer alike (404), so a user cannot learn that a person exists outside what they may see.
"""

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lagrundt.accounts.two_factor import client_login
from tests.access_matrix import (
    API_ANON,
    FAMILY_READERS,
    PERSON_READERS,
    ROLES,
    SETTLEMENT_READERS,
    answers,
    audited_user,
    health_task,
    household,
    move_out,
    municipality,
    nothing,
    person,
    settlement,
)

# name: (kwargs builder, method, {role: status} for own, {role: status} for other)
MATRIX = {
    # Leaders land on the plan overview and the data protection officer on the log.
    "home": (nothing, "get", answers(200, leadership=302, dpo=302), answers(200, leadership=302, dpo=302)),
    "statistics": (nothing, "get", answers(404, leadership=200), answers(404, leadership=200)),
    "login": (nothing, "get", answers(302, anonymous=200), answers(302, anonymous=200)),
    "logout": (nothing, "post", answers(302, anonymous=302), answers(302, anonymous=302)),
    "set_language": (nothing, "post", answers(302, anonymous=302), answers(302, anonymous=302)),
    "people:person_list": (nothing, "get", answers(404, **PERSON_READERS), answers(404, **PERSON_READERS)),
    "people:person_detail": (person, "get", answers(404, **PERSON_READERS), answers(404)),
    "people:person_edit_identity": (person, "get", answers(404, integration=200), answers(404)),
    "people:person_edit_settlement": (person, "get", answers(404, integration=200), answers(404)),
    "people:person_move_out": (person, "get", answers(404, integration=200), answers(404)),
    "people:person_add_note": (
        lambda w, r, p: {**person(w, r, p), "section": "health"},
        "post",
        answers(404, health=200),
        answers(404),
    ),
    "people:household_register": (
        nothing,
        "get",
        answers(404, integration=200),
        answers(404, integration=200),
    ),
    "people:household_detail": (household, "get", answers(404, **FAMILY_READERS), answers(404)),
    "routines:task_list": (
        nothing,
        "get",
        answers(404, **PERSON_READERS),
        answers(404, **PERSON_READERS),
    ),
    "routines:compliance": (
        nothing,
        "get",
        answers(404, leadership=200, **PERSON_READERS),
        answers(404, leadership=200, **PERSON_READERS),
    ),
    "routines:notice_settings": (
        nothing,
        "get",
        answers(404, **PERSON_READERS),
        answers(404, **PERSON_READERS),
    ),
    # Opened by a calendar program without a login: only a valid secret address answers.
    "routines:calendar_feed": (
        lambda w, r, p: {"token": "not-a-valid-token"},
        "get",
        answers(404, anonymous=404),
        answers(404, anonymous=404),
    ),
    "routines:task_detail": (health_task, "get", answers(404, health=200), answers(404)),
    "routines:person_timeline": (person, "get", answers(404, **PERSON_READERS), answers(404)),
    # The coordinator's whole picture of a household: the integration service, which coordinates.
    "routines:household_duties": (household, "get", answers(404, integration=200), answers(404)),
    "access:audit_search": (nothing, "get", answers(404, dpo=200), answers(404, dpo=200)),
    "access:audit_person": (person, "get", answers(404, dpo=200), answers(404)),
    "access:audit_person_export": (person, "get", answers(404, dpo=200), answers(404)),
    # An officer opens only the users of units serving her municipalities: Ål's are 404 to Hemsedal's.
    "access:audit_user": (audited_user, "get", answers(404, dpo=200), answers(404)),
    "access:audit_user_export": (audited_user, "get", answers(404, dpo=200), answers(404)),
    "admin:*": (nothing, "get", answers(302, sysadmin=200), answers(302, sysadmin=200)),
    "api-root": (nothing, "get", answers(200, anonymous=API_ANON), answers(200, anonymous=API_ANON)),
    "api_schema": (nothing, "get", answers(200, anonymous=API_ANON), answers(200, anonymous=API_ANON)),
    "api_docs": (nothing, "get", answers(200, anonymous=API_ANON), answers(200, anonymous=API_ANON)),
    "api_token": (nothing, "post", answers(400, anonymous=400), answers(400, anonymous=400)),
    "municipality-list": (nothing, "get", answers(200, anonymous=API_ANON), answers(200, anonymous=API_ANON)),
    "municipality-detail": (
        municipality,
        "get",
        answers(200, nobody=404, anonymous=API_ANON),
        answers(404, anonymous=API_ANON),
    ),
    "person-list": (nothing, "get", answers(200, anonymous=API_ANON), answers(200, anonymous=API_ANON)),
    "person-detail": (
        person,
        "get",
        answers(404, anonymous=API_ANON, **PERSON_READERS),
        answers(404, anonymous=API_ANON),
    ),
    "household-list": (nothing, "get", answers(200, anonymous=API_ANON), answers(200, anonymous=API_ANON)),
    "household-detail": (
        household,
        "get",
        answers(404, anonymous=API_ANON, **FAMILY_READERS),
        answers(404, anonymous=API_ANON),
    ),
    "settlement-list": (nothing, "get", answers(200, anonymous=API_ANON), answers(200, anonymous=API_ANON)),
    "settlement-detail": (
        settlement,
        "get",
        answers(404, anonymous=API_ANON, **SETTLEMENT_READERS),
        answers(404, anonymous=API_ANON),
    ),
    "moveout-list": (nothing, "get", answers(200, anonymous=API_ANON), answers(200, anonymous=API_ANON)),
    "moveout-detail": (
        move_out,
        "get",
        answers(404, anonymous=API_ANON, integration=200),
        answers(404, anonymous=API_ANON),
    ),
}


def _app_rows() -> dict:
    """The rows each app keeps beside its tests, in ``tests/<app>/url_access.py``."""
    rows: dict = {}
    for path in sorted(Path(__file__).parent.glob("*/url_access.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.url_access")
        twice = set(module.MATRIX) & (set(MATRIX) | set(rows))
        assert not twice, f"{path}: rows given twice: {sorted(twice)}"
        rows.update(module.MATRIX)
    return rows


MATRIX.update(_app_rows())


def _walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}" if p.name else f"{namespace}<unnamed {p.pattern}>"


def all_url_names() -> set[str]:
    names = set()
    for name in _walk(get_resolver().url_patterns):
        names.add("admin:*" if name.startswith("admin:") else name)
    return names


def test_every_url_has_an_entry():
    missing = all_url_names() - set(MATRIX)
    assert not missing, f"URL patterns without an access-matrix entry: {sorted(missing)}"
    stale = set(MATRIX) - all_url_names()
    assert not stale, f"Access-matrix entries for URLs that no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(name, world, client):
    build, method, own, other = MATRIX[name]
    url_name = "admin:index" if name == "admin:*" else name
    failures = []
    for place, expected in (("own", own), ("other", other)):
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                client_login(client, world.users[role])
            url = reverse(url_name, kwargs=build(world, role, place))
            response = getattr(client, method)(url)
            if response.status_code != expected[role]:
                got, want = response.status_code, expected[role]
                failures.append(f"{role:12} {place:5} {method.upper()} {url}: {got}, expected {want}")
    assert not failures, "\n".join(failures)


def test_no_page_is_reachable_without_login(world, client):
    """Walk every URL pattern as an anonymous visitor: only the login page and the language switch answer.

    The calendar feed is opened by calendar programs, which cannot log in: it answers only a secret
    address (tested in tests/routines/test_notices.py), and like a missing page to anything else.
    """
    open_pages = {
        "login",
        "set_language",
        "logout",
        # A forgotten password is reset without being logged in (throttled; the link goes by e-mail).
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        # The health check answers a load balancer, with no personal data.
        "health",
        # Browsers ask for the icon before anyone logs in.
        "favicon",
        # A survey is answered without logging in, with a one-time code (docs/surveys.md).
        "surveys:code_entry",
        "surveys:answer",
        "surveys:thanks",
    }
    secret_address = {"routines:calendar_feed"}
    reachable = []
    for name in sorted(MATRIX):
        build, method, _own, _other = MATRIX[name]
        url_name = "admin:index" if name == "admin:*" else name
        url = reverse(url_name, kwargs=build(world, "anonymous", "own"))
        response = getattr(client, method)(url)
        if name in open_pages:
            continue
        if name in secret_address:
            assert response.status_code == 404, url
            continue
        if response.status_code == 302:
            assert "/logg-inn/" in response["Location"] or "/admin/login/" in response["Location"], url
        elif response.status_code not in (401, 403, 400):
            reachable.append(f"{url}: {response.status_code}")
    assert not reachable, f"Reachable without login: {reachable}"
