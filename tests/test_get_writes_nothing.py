"""A GET changes nothing but the audit log.

Every URL of the access matrix (``test_url_access_matrix.MATRIX``) whose row is a GET is opened in
one world, in its own municipality, by a role that may open it: a different one from row to row, so
that the pages of every sector are opened (all of them for every row would take a minute, mostly
rendering PDFs). Every statement a request sends to the database is caught: the only writes allowed
are audit entries (a read is logged) and the session.
"""

import re

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lagrundt.access.models import AuditEntry
from lagrundt.accounts.two_factor import client_login
from tests.access_matrix import ROLES
from tests.test_url_access_matrix import MATRIX

pytestmark = pytest.mark.django_db

MAY_WRITE = {AuditEntry._meta.db_table, Session._meta.db_table}
# "3 times INSERT …" is how a logged executemany reads.
WRITE = re.compile(
    r"^\s*(?:\d+\s+times\s+)?(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)",
    re.IGNORECASE,
)


def writes(queries) -> list[str]:
    """The statements that write to a table other than the audit log's and the sessions'."""
    found = []
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and match.group(1) not in MAY_WRITE:
            found.append(query["sql"][:200])
    return found


def test_the_pattern_finds_writes():
    sqls = [
        'INSERT INTO "routines_tasknotice" ("user_id") VALUES (1)',
        'UPDATE "people_person" SET "phone" = 1',
        '2 times DELETE FROM "work_education" WHERE id = %s',
        'INSERT INTO "access_auditentry" ("at") VALUES (1)',
        'SELECT "x" FROM "people_person" WHERE "note" = \'UPDATE "y"\'',
    ]
    assert writes([{"sql": s} for s in sqls]) == sqls[:3]


def test_no_get_writes_anything_but_the_audit_log(world, client):
    failures, opened, roles = [], 0, set()
    for name in sorted(MATRIX):
        build, method, own, _other = MATRIX[name]
        allowed = [r for r in ROLES if own[r] == 200]
        if method != "get" or not allowed:
            continue
        role = allowed[opened % len(allowed)]
        url_name = "admin:index" if name == "admin:*" else name
        url = reverse(url_name, kwargs=build(world, role, "own"))  # may make the object to open
        client.logout()
        if role != "anonymous":
            client_login(client, world.users[role])
        opened += 1
        roles.add(role)
        with CaptureQueriesContext(connection) as queries:
            try:
                response = client.get(url)
            except Exception as exc:  # reported with the others below
                failures.append(f"{role} GET {url}: {exc!r}")
                continue
        if response.status_code != 200:
            failures.append(f"{role} GET {url}: {response.status_code}, expected 200")
        failures += [f"{role} GET {url} wrote: {sql}" for sql in writes(queries.captured_queries)]
    assert opened > 100 and len(roles) >= 10, (opened, sorted(roles))
    assert not failures, "\n".join(failures)


def test_notice_settings_are_stored_on_the_first_change_only(world, client):
    from lagrundt.routines.models import TaskNotice

    client_login(client, world.users["health"])
    url = reverse("routines:notice_settings")
    page = client.get(url)
    assert page.status_code == 200 and page.context["notice"].digest is True
    assert not TaskNotice.objects.exists()
    assert client.post(reverse("routines:notice_digest")).status_code == 302  # the box unticked
    assert TaskNotice.objects.get(user=world.users["health"]).digest is False
    assert client.get(url).context["notice"].digest is False
