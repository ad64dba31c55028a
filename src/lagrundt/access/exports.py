"""Audit log exports as XLSX, written row by row so a long log does not fill memory."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook


def audit_workbook(entries, title: str) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31] or "Logg")
    ws.append(
        [
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
    )
    for e in entries.iterator(chunk_size=2000):
        ws.append(
            [
                timezone.localtime(e.at).replace(tzinfo=None),
                e.username,
                e.sector,
                e.role,
                e.unit_name,
                e.person_id,
                e.get_section_display(),
                e.get_action_display(),
                e.get_channel_display(),
                _format_changes(e.changes),
                e.detail,
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _format_changes(changes: dict) -> str:
    return "; ".join(f"{k}: {v.get('old')!s} → {v.get('new')!s}" for k, v in (changes or {}).items())
