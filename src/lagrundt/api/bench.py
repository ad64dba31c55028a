"""The API at national scale, for ``make bench``: the person list, a deep cursor page, and a data
warehouse's full and incremental sync.

Run after the bench generated the national register (150 000 persons). A user of an integration
service that serves every municipality of the bench (so that it sees the whole register, as a
warehouse's user would) calls the API in process with a read-only key for the register, through the
whole stack: the key, the policy, the audit entries every page writes, the JSON.

- the first page of ``/api/v1/persons/`` and a page deep in the list (a cursor two thirds in),
  ``runs`` times each;
- a full sync: ``?changed_since=`` a moment before everything, ``page_size=500``, following ``next``
  to the end (total seconds, pages, rows a second);
- then 100 persons are changed through their model, and a second sync from the moment before the change
  returns just those.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.accounts import services
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Membership, Municipality, Sector, ServiceUnit

from .pagination import encode_cursor

PAGE = 500
CHANGED = 100
EPOCH = "2000-01-01T00:00:00+00:00"
URL = "/api/v1/persons/"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _row(name: str, times: list[float], note: str = "") -> str:
    return f"| {name} | {statistics.median(times) * 1000:.1f} | {_p95(times) * 1000:.1f} | {note} |"


def _client() -> Client:
    user, _ = get_user_model().objects.get_or_create(username="bench-warehouse")
    municipalities = list(Municipality.objects.order_by("number"))
    unit, _ = ServiceUnit.objects.get_or_create(
        name="Integreringstjenesten, alle kommuner", defaults={"host_municipality": municipalities[0]}
    )
    unit.municipalities.set(municipalities)
    Membership.objects.get_or_create(user=user, unit=unit, sector=Sector.INTEGRATION_SERVICE)
    _token, key = services.api_token_make(
        user=user,
        name="Bench",
        scope="read",
        days=1,
        parts=["register"],
        actor=Actor(user=user),
        channel=AuditChannel.API,
    )
    return Client(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT="application/json")


def _get(client, url, params=None) -> dict:
    response = client.get(url, params or {})
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code} {response.content[:300]!r}")
    return response.json()


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def _sync(client, since: str) -> tuple[float, int, int, set[int]]:
    """Seconds, pages and rows of a sync from ``since`` to the end, and the ids it returned."""
    ids: set[int] = set()
    pages = rows = 0
    started = time.perf_counter()
    body = _get(client, URL, {"changed_since": since, "page_size": PAGE})
    while True:
        pages += 1
        rows += len(body["results"])
        ids.update(row["id"] for row in body["results"])
        if body["next"] is None:
            break
        body = _get(client, body["next"])
    return time.perf_counter() - started, pages, rows, ids


def run(*, runs: int, out) -> list[str]:
    client = _client()
    _get(client, URL)  # warm up: the first call loads what every later one finds loaded
    first = [_timed(lambda: _get(client, URL))[0] for _ in range(runs)]
    ordered = Person.objects.order_by("updated_at", "pk").values_list("updated_at", "pk")
    total = Person.objects.count()
    deep_at = (total * 2) // 3
    cursor = encode_cursor(ordered[deep_at]) if total else ""
    deep = [_timed(lambda: _get(client, URL, {"cursor": cursor}))[0] for _ in range(runs)]

    out.write(f"API: a full sync of {total} persons, {PAGE} a page …")
    seconds, pages, rows, ids = _sync(client, EPOCH)

    before_change = timezone.now()
    changed = list(Person.objects.order_by("?")[:CHANGED])
    for person in changed:
        person.phone = "+47 400 00 000"
        person.save(update_fields=["phone", "updated_at"])
    again_seconds, again_pages, again_rows, again_ids = _sync(client, before_change.isoformat())
    exact = again_ids == {p.pk for p in changed}

    return [
        f"API ({URL}, a read-only key for the register; a user who sees {len(ids)} of {total} persons; "
        f"{runs} runs)",
        "",
        "| call | median ms | p95 ms | note |",
        "|---|---|---|---|",
        _row("Person list, first page (50)", first),
        _row(f"Person list, a cursor page at row {deep_at}", deep),
        "",
        "| sync | seconds | pages | rows | rows/s |",
        "|---|---|---|---|---|",
        f"| Full «changed since» sync, {PAGE} a page | {seconds:.1f} | {pages} | {rows} | "
        f"{rows / seconds if seconds else 0:.0f} |",
        f"| Sync after {CHANGED} persons changed | {again_seconds:.2f} | {again_pages} | {again_rows} | "
        f"{again_rows / again_seconds if again_seconds else 0:.0f} |",
        "",
        f"The second sync returned {'exactly' if exact else 'NOT just'} the {CHANGED} changed persons.",
    ]
