"""No query parameter and no path argument of any page answers 500.

Every GET row of the URL access matrix (``test_url_access_matrix.MATRIX``) is opened in its own
municipality by a role that may open it: first once with a probe parameter, while ``request.GET``
notes every key the view asks for (its filters, its forms, DRF's ``query_params``); the fields of
the page's own GET forms and the query keys of its links to itself are added. Then each parameter
in turn gets every hostile value below while the page's GET forms keep the values they were
rendered with (so that a form is not refused for a missing field before the hostile one is read),
once as an array, and all parameters get a few values at once. Each argument of the URL's path is
replaced in the same way. Any answer but a 500 passes: a bad value is ignored, or answered with a
clear 400 or 404.

The values are fixed, so every run sends the same requests, and the run is bounded (about 15
requests per parameter; the rows are spread over a few tests that the suite's workers share). It
runs on SQLite and on PostgreSQL, which refuse different things (PostgreSQL a NUL character).
"""

import time
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from django.core.handlers.wsgi import WSGIRequest, get_bytes_from_wsgi
from django.db import transaction
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property

from lagrundt.accounts.two_factor import client_login
from tests.access_matrix import ROLES
from tests.test_url_access_matrix import MATRIX

pytestmark = pytest.mark.django_db

PROBE = "fuzz-probe"
HUGE = "99999999999999999999999"
# An integer beyond 64 bits either way and the edges around zero, a float that overflows, days
# in years 1 and 9999, a day that does not exist, the years 1 and 9999, empty, very long, and text
# mixing scripts, a right-to-left override, a NUL character and SQL.
VALUES = (
    HUGE,
    f"-{HUGE}",
    "-1",
    "0",
    "1e309",
    "0001-01-01",
    "9999-12-31",
    "31.02.2026",
    "0001",
    "9999",
    "",
    "x" * 3000,
    "Ål ø 😀 \u202e ﷽\x00' OR '1'='1' --; DROP TABLE people_person",
)
# Put in the query string as they are: broken percent-encoding and bytes that are not UTF-8.
RAW_VALUES = ("%zz%ff%fe%",)
# Every parameter at once, with these.
TOGETHER = (HUGE, "0001-01-01", "9999-12-31", "")
# A path argument: what the URL pattern lets through (only digits for an ``int``), and a value
# beyond the database's integers; a day, a month and a year at the calendar's ends.
PATH_VALUES = (
    HUGE,
    "9223372036854775808",
    "0",
    "0001-01-01",
    "9999-12-31",
    "0001-01",
    "9999-12",
    "31.02.2026",
    "x" * 300,
    "Ål😀\u202e",
)
# Who opens a page, in this order of preference among the roles that get a 200.
PREFERRED = ["integration", "leadership", "health", "nav", "school", "dpo", "sysadmin", "anonymous"]
CHUNKS = 8
NOT_PARAMETERS = {PROBE, "csrfmiddlewaretoken"}


def _role(own: dict) -> str | None:
    allowed = [r for r in ROLES if own[r] == 200]
    return next((r for r in PREFERRED if r in allowed), allowed[0] if allowed else None)


def _rows() -> list[tuple[str, str]]:
    """The GET rows of the matrix, each with the role that opens it."""
    rows = []
    for name in sorted(MATRIX):
        _build, method, own, _other = MATRIX[name]
        role = _role(own)
        if method == "get" and role:
            rows.append((name, role))
    return rows


ROWS = _rows()


class RecordingQueryDict(QueryDict):
    """A query string that notes every key a view asks for, in ``read`` (shared by its copies)."""

    read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)


def _recording_get(self):
    return RecordingQueryDict(get_bytes_from_wsgi(self.environ, "QUERY_STRING", ""), encoding=self._encoding)


@pytest.fixture
def recorded(monkeypatch):
    """Every request's ``GET`` records the keys read; the fixture is that set."""
    prop = cached_property(_recording_get)
    prop.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", prop)
    RecordingQueryDict.read = set()
    return RecordingQueryDict.read


class _PageParameters(HTMLParser):
    """The fields of the page's GET forms (with the value each is rendered with) and the query keys
    of its links to itself."""

    def __init__(self, path: str):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.names: set[str] = set()
        self.values: dict[str, str] = {}
        self._form = False
        self._select: str | None = None
        self._first_option: str | None = None

    def _ours(self, target: str | None) -> bool:
        return urlsplit(target or "").path in ("", self.path)

    def _value(self, name: str, value: str | None) -> None:
        self.names.add(name)
        if value is not None:
            self.values.setdefault(name, value)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = (a.get("method") or "get").lower() == "get" and self._ours(a.get("action"))
        elif self._form and a.get("name") and tag in ("input", "textarea", "select"):
            kind = a.get("type", "text").lower()
            if tag == "select":
                self._select, self._first_option = a["name"], None
                self.names.add(a["name"])
            elif kind in ("checkbox", "radio"):
                self._value(a["name"], a.get("value", "on") if "checked" in a else None)
            elif kind not in ("submit", "button", "reset", "image"):
                self._value(a["name"], a.get("value", ""))
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._value(self._select, value)
        for attr in ("href", "hx-get"):
            target = a.get(attr)
            if target and "?" in target and self._ours(target):
                self.names.update(k for k, _v in parse_qsl(urlsplit(target).query, keep_blank_values=True))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = False
        elif tag == "select" and self._select:
            if self._first_option is not None:
                self.values.setdefault(self._select, self._first_option)
            self._select = None


def _page_parameters(response, path: str) -> tuple[set[str], dict[str, str]]:
    if "html" not in response.get("Content-Type", ""):
        return set(), {}
    parser = _PageParameters(path)
    parser.feed(response.content.decode("utf-8", "replace"))
    return parser.names, parser.values


def _queries(names: list[str], base: dict[str, str]) -> list[str]:
    """The hostile query strings for these parameters: each in turn with every value (the other
    fields of the page's forms as rendered) and as an array; then all of them at once."""
    queries = []
    for name in names:
        rest = urlencode([(k, v) for k, v in base.items() if k != name])
        rest = f"&{rest}" if rest else ""
        key = quote(name)
        queries += [f"{key}={quote(value)}{rest}" for value in VALUES]
        queries += [f"{key}={value}{rest}" for value in RAW_VALUES]
        queries.append(f"{key}=1&{key}={HUGE}{rest}")
    if len(names) > 1:
        queries += [urlencode(dict.fromkeys(names, value)) for value in TOGETHER]
    return queries


def _paths(url_name: str, kwargs: dict) -> list[str]:
    """The URL with each of its path arguments in turn replaced by every path value it lets through."""
    paths = []
    for key in kwargs:
        for value in PATH_VALUES:
            try:
                paths.append(reverse(url_name, kwargs={**kwargs, key: value}))
            except NoReverseMatch:  # the pattern does not let the value through
                continue
    return paths


def _answer(client, url: str) -> tuple[int, str]:
    """The status of a GET, and the cause of a 500. A savepoint keeps a database error (PostgreSQL
    refuses every statement after one) from spilling into the next request."""
    try:
        with transaction.atomic():
            response = client.get(url)
    except Exception as exc:  # the test client raises what the view raised
        return 500, f"{type(exc).__name__}: {exc}"[:200]
    return response.status_code, ""


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_no_parameter_answers_500(chunk, world, client, recorded):
    failures, summary, requests = [], [], 0
    started = time.perf_counter()
    for name, role in ROWS[chunk::CHUNKS]:
        build, _method, _own, _other = MATRIX[name]
        url_name = "admin:index" if name == "admin:*" else name
        kwargs = build(world, role, "own")
        url = reverse(url_name, kwargs=kwargs)
        client.logout()
        if role != "anonymous":
            client_login(client, world.users[role])
        recorded.clear()
        opened = time.perf_counter()
        try:
            with transaction.atomic():
                probe = client.get(f"{url}?{PROBE}=1")
        except Exception as exc:
            failures.append(f"{role} GET {url}?{PROBE}=1: 500 {type(exc).__name__}: {exc}")
            continue
        if probe.status_code != 200:  # the row says the role opens it: a redirect would fuzz nothing
            failures.append(f"{role} GET {url}?{PROBE}=1: {probe.status_code}, expected 200")
            continue
        in_page, base = _page_parameters(probe, url)
        names = sorted((recorded | in_page) - NOT_PARAMETERS)
        targets = [*(f"{url}?{q}" for q in _queries(names, base)), *_paths(url_name, kwargs)]
        for target in targets:
            status, cause = _answer(client, target)
            if status >= 500:
                failures.append(f"{role} GET {target[:140]}: {status} {cause}")
        requests += 1 + len(targets)
        summary.append(
            f"{time.perf_counter() - opened:5.1f} s {1 + len(targets):4} {url} [{role}] "
            f"{', '.join(names) or '-'}; path: {', '.join(kwargs) or '-'}"
        )
    print(
        f"\nchunk {chunk}: {len(summary)} URLs, {requests} requests, {time.perf_counter() - started:.1f} s\n"
        + "\n".join(summary)
    )
    assert not failures, f"{len(failures)} answers of 500:\n" + "\n".join(failures)


def test_the_fuzz_finds_parameters_and_form_values():
    """The page reader finds a GET form's fields with their values, and the keys of links to itself
    but not those of links elsewhere or of POST forms."""
    html = """
      <form method="get"><input name="q" value="Abeba"><select name="kommune"><option value="">All</option>
        <option value="3" selected>Hemsedal</option></select><input type="checkbox" name="alle" value="1">
        <button name="go">Search</button></form>
      <form method="post"><input name="secret" value="x"></form>
      <form action="/elsewhere/"><input name="other"></form>
      <a href="?side=2&amp;q=Abeba">next</a><a href="/personer/?status=moved">moved</a>
      <a href="/logg/?not_ours=1">log</a>
    """
    parser = _PageParameters("/personer/")
    parser.feed(html)
    assert parser.names == {"q", "kommune", "alle", "side", "status"}
    assert parser.values == {"q": "Abeba", "kommune": "3"}
    queries = _queries(["kommune", "q"], parser.values)
    assert f"kommune={HUGE}&q=Abeba" in queries
    assert "q=&kommune=3" in queries
    assert len(queries) == 2 * (len(VALUES) + len(RAW_VALUES) + 1) + len(TOGETHER)


def test_a_day_at_the_calendars_end_in_a_form_gets_a_message(world, client):
    """The programme's end counts a year from its day: a form posted with the year 9999 (found by
    posting every date field of the GET pages' forms at the years 1 and 9999) is refused with a
    message, and nothing is saved."""
    from lagrundt.intro.models import ProgrammeEnd
    from tests.intro.url_access import with_programme

    url = reverse("intro:end_edit", kwargs=with_programme(world, "integration", "own"))
    client_login(client, world.users["integration"])
    for day in ("9999-12-31", "0001-01-01"):
        data = {"ended_on": day, "reason": "goal_reached", "status_at_end": "work"}
        response = client.post(url, {**data, "status_after_one_year": "work"})
        assert response.status_code == 200
        assert response.context["form"].errors["ended_on"]
    assert not ProgrammeEnd.objects.exists()
