"""No raw stored value reaches a reader: every page a demo user can reach, and every PDF and export linked
from them, is read for Python reprs, snake_case identifiers and bare language codes.

The demo is loaded once, then each demo login walks its own pages from the home page, following the links
it is shown (each kind of page at most twice, so that a list of 300 persons is one visit, not 300). The
text a person reads is checked: text between tags and the ``title``/``aria-label`` attributes, the text of
a PDF and the cells of a CSV or XLSX file. URLs and e-mail addresses are left out, as addresses are not
prose. The admin pages (the system administrator's, Django's own) are left out; they are checked for
accessibility elsewhere.
"""

import csv
import html
import io
import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from lagrundt.accounts.two_factor import client_login
from lagrundt.people.languages import Language
from lagrundt.web.management.commands.load_demo import ADMIN_USERNAME

pytestmark = pytest.mark.django_db

VISITS_PER_KIND = 2
PAGES_PER_LOGIN = 70
# Files for another program, whose column names are that program's format (the payroll system's import
# file, the file reconciled with NIR, the rates sheet an administrator imports again), not text for a
# person: their header row is left out of the check, and so are the columns of codes that another column
# gives in words (NIR's "posttype" and "kode" beside "beskrivelse", a rate's code beside its grant).
MACHINE_FILES = {
    "intro:payroll_file": set(),
    "intro:nir_export": {"posttype", "kode"},
    "intro:nir_person": {"posttype", "kode"},
    "finance:rates_export": {"Kode", "Code"},
}
# Not followed: leaving, changing the language, feeds for calendar programs and Django's admin.
SKIPPED_PREFIXES = ("/admin/", "/i18n/", "/static/", "/logg-ut/")

REPR = re.compile(
    r"\{'|\['|'\]|'\}|\w': |object at 0x|datetime\.date\(|Decimal\('|<[A-Z]\w+: |\b\w+\.\w+Choices\b"
)
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|/[\w\-./]+/")
CODES = set(Language.values) | {"nb", "nn"}
PYTHON_WORDS = {"None", "True", "False"}


def _choice_values() -> set[str]:
    """The stored values of the project's choice fields ("health", "right_only"): a reader sees labels."""
    from django.apps import apps

    values = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("lagrundt."):
            continue
        for model in config.get_models():
            for field in model._meta.get_fields():
                for value, _label in getattr(field, "flatchoices", None) or ():
                    if isinstance(value, str) and re.fullmatch(r"[a-z][a-z_]{2,}", value):
                        values.add(value)
    return values


CHOICES = _choice_values()
STORED = re.compile(r"\(({})\)".format("|".join(sorted(CHOICES | CODES, key=len, reverse=True))))


class _Text(HTMLParser):
    """The text of a page as read: text nodes outside script and style, and the titles and labels."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        values = dict(attrs)
        for name in ("title", "aria-label", "alt", "placeholder"):
            if values.get(name):
                self.nodes.append(values[name])
        if tag == "a" and values.get("href"):
            self.links.append(html.unescape(values["href"]))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.nodes.append(data.strip())


def problems_in(texts) -> list[str]:
    """What in these pieces of text a person should never read: reprs, identifiers, bare codes."""
    found = []
    for text in texts:
        prose = ADDRESS.sub(" ", text)
        if text.strip() in PYTHON_WORDS or text.strip() in CODES or text.strip() in CHOICES:
            found.append(f"bare value {text.strip()!r}")
        for pattern, what in ((REPR, "repr"), (SNAKE, "identifier"), (STORED, "stored code")):
            match = pattern.search(prose)
            if match:
                start = max(match.start() - 40, 0)
                found.append(f"{what} {match.group(0)!r} in …{prose[start : match.end() + 40]}…")
    return found


def _file_texts(name: str, response) -> list[str]:
    kind = response["Content-Type"].split(";")[0]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "application/pdf":
        from pypdf import PdfReader

        return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    sheets: list[list[list]] = []
    if kind == "text/csv":
        sheets = [list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))]
    elif "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        sheets = [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]
    texts = []
    for rows in sheets:
        if name in MACHINE_FILES and rows:
            header, rows = rows[0], rows[1:]
            codes = {i for i, title in enumerate(header) if title in MACHINE_FILES[name]}
            rows = [[cell for i, cell in enumerate(row) if i not in codes] for row in rows]
        texts += [str(cell) for row in rows for cell in row if isinstance(cell, str) and cell]
    return texts


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def walk(client: Client, seen_files: set[str]) -> tuple[dict[str, list[str]], int]:
    """Visit what one login reaches from the home page; return the problems by address."""
    problems: dict[str, list[str]] = {}
    queue = deque(["/"])
    queued = {"/"}
    visits: Counter = Counter()
    pages = 0
    while queue and pages < PAGES_PER_LOGIN:
        path = queue.popleft()
        name = _url_name(urlsplit(path).path)
        if name is None or visits[name] >= VISITS_PER_KIND:
            continue
        visits[name] += 1
        pages += 1
        try:
            response = client.get(path)
        except Exception as exc:  # a page that fails is reported with the rest, not alone
            problems[path] = [f"the page failed: {exc!r}"[:300]]
            continue
        if response.status_code == 302 and response["Location"].startswith("/"):
            target = response["Location"]
            if target not in queued:  # a leader's home is the plans, an officer's the log
                queued.add(target)
                queue.append(target)
            continue
        if response.status_code != 200:
            continue
        kind = response["Content-Type"].split(";")[0]
        if kind != "text/html":
            if name not in seen_files:
                seen_files.add(name)
                found = problems_in(_file_texts(name, response))
                if found:
                    problems[path] = found
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        found = problems_in(parser.nodes)
        if found:
            problems[path] = found
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in queued or parts.path.startswith(SKIPPED_PREFIXES):
                continue
            queued.add(target)
            queue.append(target)
    return problems, pages


@pytest.fixture
def demo_logins(settings):
    settings.LANGUAGE_CODE = "nb"
    call_command("load_demo", stdout=io.StringIO())
    return list(get_user_model().objects.exclude(username=ADMIN_USERNAME).order_by("username"))


def test_the_patterns_catch_what_was_seen():
    """The check itself: each raw value once seen on a page is caught, and plain prose is not."""
    seen = [
        "Relasjon: {'relative': 413, 'kind': 'sibling'}",
        "Kari Nordmann (health)",
        "min_age: 18, max_age: 55",
        "status: right_only",
        "integration_grant",
        "Tolk brukt: Ja (ar)",
        "None",
    ]
    assert all(problems_in([text]) for text in seen), [t for t in seen if not problems_in([t])]
    prose = [
        "Tolk brukt: Ja (arabisk)",
        "Se https://lovdata.no/lov/2020-11-06-127/§13 og skriv til post_mottak@kommune.no",
        "Alder 18–55 år, rett og plikt",
        "Kari Nordmann (Helse)",
        "So mykje betre – ti dagar",
    ]
    assert not any(problems_in([text]) for text in prose), [problems_in([t]) for t in prose]


def test_no_page_pdf_or_export_of_the_demo_shows_a_raw_value(demo_logins):
    problems: dict[str, dict[str, list[str]]] = {}
    seen_files: set[str] = set()
    total = 0
    for user in demo_logins:
        client = client_login(Client(), user)
        found, pages = walk(client, seen_files)
        total += pages
        if found:
            problems[user.username] = found
    assert total > 200, f"The walk reached only {total} pages: the demo or its links changed."
    report = "\n".join(
        f"{who} {path}: {'; '.join(items[:3])}"
        for who, found in problems.items()
        for path, items in found.items()
    )
    assert not problems, f"Raw values shown to readers:\n{report}"
