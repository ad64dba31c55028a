"""Innsyn (GDPR Art. 15): everything Lagrundt holds about one person, and who has read or changed it.

Each app describes its own data through its ``privacy.subject_access`` hook (labelled records of
label/value rows, in the active language), so this module knows none of their models. The document
holds the sections the producer may read (``permissions.SubjectAccess``); the sections it leaves out
are named with the sectors that keep them, who add their own part. The access log (Normen's right to
see it) lists who read, changed or exported the person's data in those sections, and when: time,
name, sector and unit, action and section, as labels; never what was changed.

What leaves the municipality holds only what the person should read: labels, never codes; no raw
values, no internal checks (which amounts or facts a case worker still has to confirm).
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lagrundt.access.audit import Actor, record_many
from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.access.policy import Grants
from lagrundt.access.sections import Section
from lagrundt.core import documents, plugins
from lagrundt.core.formats import date_label, kroner
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Sector

from . import permissions, retention

PDF = "pdf"
JSON = "json"
LANGUAGES = ("nb", "nn")

# Letters sent to the archive are the archive's: Lagrundt lists the letters it produced, nothing more.
ARCHIVE_NOTE = gettext_noop(
    "Letters already sent to the municipality's archive are kept there, under the archive's own rules. "
    "Lagrundt has no link to the archive yet: ask the archive for what it holds."
)

# The log's actions a person is told about: what showed or changed their data. A denied attempt showed
# nothing; logins name no person.
SHOWN_ACTIONS = (
    AuditAction.READ,
    AuditAction.CREATE,
    AuditAction.UPDATE,
    AuditAction.DELETE,
    AuditAction.EXPORT,
    AuditAction.ANONYMISED,
    AuditAction.LOG_READ,
)


@dataclass(frozen=True)
class Part:
    """One section of the document: its label and the records the apps hold in it."""

    title: str
    records: list[plugins.SubjectRecord]


@dataclass(frozen=True)
class Omitted:
    title: str
    holders: list[str]


@dataclass(frozen=True)
class LogRow:
    """Who did what to which section on a day; repeats of the same on one day are counted, not listed."""

    first_at: dt.datetime
    last_at: dt.datetime
    times: int
    user: str
    sector: str
    unit: str
    action: str
    section: str


@dataclass
class Document:
    person: Person
    language: str
    produced_at: dt.datetime
    produced_by: str
    unit: str
    parts: list[Part] = field(default_factory=list)
    omitted: list[Omitted] = field(default_factory=list)
    retention: list[plugins.SubjectRow] = field(default_factory=list)
    log: list[LogRow] = field(default_factory=list)


def _label(choices, value: str) -> str:
    """A stored code as its label, or nothing: a code never reaches the person."""
    return str(dict(choices).get(value, "")) if value else ""


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def build(person: Person, grants: Grants, user, *, language: str) -> Document:
    """The document for ``person`` as ``user`` may produce it, worded in ``language``."""
    with translation.override(language):
        readable = [s for s in Section if grants.can_read(s)]
        scope = grants.read.get(Section.IDENTITY) or next(iter(grants.read.values()), None)
        doc = Document(
            person=person,
            language=language,
            produced_at=timezone.localtime(),
            produced_by=_name(user),
            unit=scope.unit_name if scope else "",
        )
        found: dict[str, list[plugins.SubjectRecord]] = {s.value: [] for s in readable}
        for module in plugins.app_modules("privacy"):
            for part in module.subject_access(person=person, sections=list(readable)):
                if part.section in found:  # an app that answered for more is held to the grant
                    found[part.section].extend(part.records)
        doc.parts = [Part(str(s.label), found[s.value]) for s in readable]
        doc.omitted = [
            Omitted(str(s.label), permissions.holders(s.value)) for s in Section if not grants.can_read(s)
        ]
        doc.retention = _retention(person, readable)
        doc.log = access_log(person, readable)
    return doc


def _retention(person: Person, sections: list[Section]) -> list[plugins.SubjectRow]:
    by_section: dict[str, list[str]] = {}
    for rule in retention.rules_for(person.municipality_id):
        by_section.setdefault(rule.section, []).append(
            _("%(period)s, counted from: %(day)s")
            % {"period": retention.period_label(rule.period_months), "day": rule.counted_from_label.lower()}
        )
    return [plugins.SubjectRow(str(s.label), "; ".join(by_section.get(s.value, []))) for s in sections]


def access_log(person: Person, sections: list[Section]) -> list[LogRow]:
    """Who read, changed or exported the person's data in ``sections``, newest first: a row per day,
    person and kind of access, with how many times."""
    entries = (
        AuditEntry.objects.filter(person_id=person.pk, action__in=SHOWN_ACTIONS)
        .filter(Q(section__in=[s.value for s in sections]) | Q(section=""))
        .order_by("-at", "-pk")
        .values_list("at", "user_id", "username", "sector", "unit_name", "action", "section")
    )
    entries = list(entries)
    users = {u.pk: _name(u) for u in get_user_model().objects.filter(pk__in={e[1] for e in entries if e[1]})}
    rows: dict[tuple, dict[str, Any]] = {}
    for at, user_id, username, sector, unit, action, section in entries:
        local = timezone.localtime(at)
        key = (local.date(), user_id or username, sector, unit, action, section)
        row = rows.get(key)
        if row is None:
            rows[key] = {
                "first_at": local,
                "last_at": local,
                "times": 1,
                "user": users.get(user_id, username) if user_id else username,
                "sector": _label(Sector.choices, sector),
                "unit": unit,
                "action": _label(AuditAction.choices, action),
                "section": _label(Section.choices, section),
            }
        else:
            row["first_at"] = local  # newest first: each older one moves the first back
            row["times"] += 1
    return [LogRow(**row) for row in rows.values()]


# ---------------------------------------------------------------------------- values for people and machines
def display(value: Any, *, money: bool = False) -> str:
    """A value as the person reads it, in the active language."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "d.m.Y H:i")
    if isinstance(value, dt.date):
        return date_label(value)
    if money and isinstance(value, Decimal | int):
        return kroner(value, decimals=2)
    if isinstance(value, Decimal | float):
        return number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, list | tuple):
        return ", ".join(display(v) for v in value) or "–"
    return str(value)


def machine(value: Any) -> Any:
    """A value for the machine-readable file: ISO dates and times, amounts as exact decimal text."""
    if isinstance(value, dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [machine(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


# ---------------------------------------------------------------------------- the two formats
def pdf_bytes(doc: Document) -> bytes:
    with translation.override(doc.language):
        parts = [
            (
                part.title,
                [
                    (record.title, [(row.label, display(row.value, money=row.kroner)) for row in record.rows])
                    for record in part.records
                ],
            )
            for part in doc.parts
        ]
        retention_rows = [(row.label, display(row.value)) for row in doc.retention]
        log = [
            {
                "day": date_label(row.first_at.date()),
                "time": _time_span(row.first_at, row.last_at),
                "times": row.times,
                "user": row.user,
                "sector": row.sector,
                "unit": row.unit,
                "action": row.action,
                "section": row.section,
            }
            for row in doc.log
        ]
        context = {
            "doc": doc,
            "person": doc.person,
            "birth_date": date_label(doc.person.birth_date),
            "produced_on": display(doc.produced_at),
            "parts": parts,
            "retention": retention_rows,
            "log": log,
        }
    return documents.render_pdf("privacy/subject_access.html", context, language=doc.language)


def _time_span(first: dt.datetime, last: dt.datetime) -> str:
    start, end = f"{first:%H:%M}", f"{last:%H:%M}"
    return start if start == end else f"{start}–{end}"


def json_bytes(doc: Document) -> bytes:
    with translation.override(doc.language):
        data = {
            "title": _("What Lagrundt holds about you"),
            "language": doc.language,
            "produced_at": machine(doc.produced_at),
            "produced_by": {"name": doc.produced_by, "unit": doc.unit},
            "person": {
                "name": doc.person.full_name,
                "birth_date": machine(doc.person.birth_date),
                "municipality": doc.person.municipality.name,
            },
            "sections": [
                {
                    "title": part.title,
                    "records": [
                        {
                            "title": record.title,
                            "rows": [
                                {"label": row.label, "value": machine(row.value)}
                                | ({"unit": "NOK"} if row.kroner else {})
                                for row in record.rows
                            ],
                        }
                        for record in part.records
                    ],
                }
                for part in doc.parts
            ],
            "not_included": [{"section": o.title, "kept_by": o.holders} for o in doc.omitted],
            "retention": [{"section": row.label, "rule": row.value} for row in doc.retention],
            "archive": _(ARCHIVE_NOTE),
            "access_log": [
                {
                    "first_at": machine(row.first_at),
                    "last_at": machine(row.last_at),
                    "times": row.times,
                    "user": row.user,
                    "sector": row.sector,
                    "unit": row.unit,
                    "action": row.action,
                    "section": row.section,
                }
                for row in doc.log
            ],
        }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def produce(*, actor: Actor, person: Person, grants: Grants, language: str, kind: str) -> tuple[bytes, str]:
    """The document as PDF or JSON bytes, and its file name. Producing it is an export of every
    section it holds, in the audit log."""
    doc = build(person, grants, actor.user, language=language)
    content = pdf_bytes(doc) if kind == PDF else json_bytes(doc)
    record_many(
        actor,
        [
            dict(
                action=AuditAction.EXPORT,
                channel=AuditChannel.EXPORT,
                person_id=person.pk,
                municipality_id=person.municipality_id,
                section=section,
                scope=grants.read[section],
                detail=f"innsyn {kind} {language}",
            )
            for section in Section
            if grants.can_read(section)
        ],
    )
    return content, f"innsyn-{person.pk}-{language}.{kind}"
