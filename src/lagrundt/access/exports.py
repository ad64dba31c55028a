"""Audit log exports: one sheet, rows read from the database a batch at a time as the workbook is written.

Labels, never codes: sector, role, section, action and channel by their names, and each change by
the field's name as on the forms, with values only in sections the reader may read (``history``).
The workbook is written by ``core.documents``, which keeps any text from being read as a formula.
"""

from collections.abc import Iterator, Mapping

from django.utils import timezone
from django.utils.translation import gettext as _

from lagrundt.core.documents import Sheet

from .history import Change, audit_log_rows

BATCH = 500


def audit_sheet(entries, title: str, readable: Mapping[int, frozenset[str]]) -> Sheet:
    header = [
        _("Time"),
        _("User"),
        _("Sector"),
        _("Role"),
        _("Unit"),
        _("Person"),
        _("Section"),
        _("Action"),
        _("Channel"),
        _("Changes"),
        _("Detail"),
    ]
    return Sheet(title=title[:31] or _("Audit log"), header=header, rows=_rows(entries, readable))


def _rows(entries, readable) -> Iterator[list]:
    batch = []
    for entry in entries.iterator(chunk_size=2000):
        batch.append(entry)
        if len(batch) == BATCH:
            yield from _batch_rows(batch, readable)
            batch = []
    yield from _batch_rows(batch, readable)


def _batch_rows(entries, readable) -> Iterator[list]:
    for row in audit_log_rows(entries, readable):
        e = row.entry
        yield [
            timezone.localtime(e.at).replace(tzinfo=None),
            e.username,
            e.get_sector_display(),
            e.get_role_display(),
            e.unit_name,
            e.person_id,
            e.get_section_display(),
            e.get_action_display(),
            e.get_channel_display(),
            format_changes(row.changes),
            e.detail,
        ]


def format_changes(changes: list[Change]) -> str:
    shown = []
    for c in changes:
        if c.hidden:
            shown.append(f"{c.label}: {c.new}")
        else:
            shown.append(f"{c.label}: {c.old or '–'} → {c.new or '–'}")
    return "; ".join(shown)
