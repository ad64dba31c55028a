"""A kind of spreadsheet the import takes: its columns, and how one row is read, matched and written.

The import (``imports.services``) reads the file a row at a time and asks the kind, for each row:

1. ``clean(values, context)``: the row's cells (text, by column key) as typed values, through the
   same rules the forms use. Every problem is a ``RowError`` naming its column; ``clean`` collects
   them and raises ``RowErrors`` so that one pass reports every bad cell of a row.
2. ``natural_key(cleaned)``: the natural key (a national ID, or name and birth date; an address; an
   organisation number). Two rows of one file with the same key are an error.
3. ``find(cleaned, context)``: the object already stored under that key, or None.
4. ``changes(existing, cleaned)``: what the row would change, field by field (empty: unchanged), so
   that the preview shows new / changed / unchanged rows and a second import of the same file writes
   nothing.
5. ``save(cleaned, existing, context)``: writes the row through the app's own services, which audit
   the change as the user's. Called only when every row of the file passed 1–4, inside one
   transaction per import.
6. ``save_many(rows, context)``: writes a batch of new rows; by default ``save`` for each. The import
   gives new rows to it in batches, and changed rows to ``save`` one at a time.

A kind is a plain object: ``KIND = Persons()`` in its module of ``imports.kinds``.

Three methods have a default a kind may override: ``prepare(context)`` (called once before the first
row: fill ``context.cache`` with bulk lookups, such as every stored key of the municipality),
``describe(cleaned)`` (how the preview names a row) and ``display(key, value)`` (a value as the preview
shows it: a choice by its label, a date as 04.11.2026, never a code).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Column:
    key: str  # the header of the machine-readable template row, stable across languages
    label: str | Promise  # the header in the user's language
    help: str | Promise  # the explanation on the template's second sheet
    required: bool = False
    example: str = ""  # a synthetic example value for the explanations sheet
    # Other headers the column is known by (bokmål, nynorsk, English); compared casefolded.
    aliases: tuple[str, ...] = ()


class RowError(Exception):
    """One bad cell: its column (or None for the row as a whole) and what is wrong, in the user's language."""

    def __init__(self, column: str | None, message: str | Promise):
        super().__init__(str(message))
        self.column = column
        self.message = message


class RowErrors(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


class RowsErrors(Exception):
    """What ``save_many`` refused: the ``RowErrors`` of each bad row, by its index in the batch."""

    def __init__(self, errors: dict[int, RowErrors]):
        super().__init__("; ".join(str(e) for e in errors.values()))
        self.errors = errors


@dataclass
class Context:
    """What every row of one import shares: who imports, into which municipality, and a cache that a kind
    fills with lookups it would otherwise repeat per row (households by name, dwellings by address)."""

    actor: Any  # access.audit.Actor
    municipality: Any  # tenancy.models.Municipality
    cache: dict = field(default_factory=dict)


class Kind:
    key: str = ""
    label: str | Promise = ""
    columns: tuple[Column, ...] = ()

    def clean(self, values: dict[str, str], context: Context) -> dict[str, Any]:
        raise NotImplementedError

    def natural_key(self, cleaned: dict[str, Any]) -> tuple:
        raise NotImplementedError

    def find(self, cleaned: dict[str, Any], context: Context) -> Any | None:
        raise NotImplementedError

    def changes(self, existing: Any, cleaned: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
        raise NotImplementedError

    def save(self, cleaned: dict[str, Any], existing: Any | None, context: Context) -> Any:
        raise NotImplementedError

    def save_many(self, rows: list[dict[str, Any]], context: Context) -> None:
        """Write a batch of new rows (cleaned, none of them stored yet). By default ``save`` each; a kind
        may write them at once. A bad row raises ``RowsErrors`` naming it by its index in ``rows``."""
        for index, cleaned in enumerate(rows):
            try:
                self.save(cleaned, None, context)
            except RowErrors as exc:
                raise RowsErrors({index: exc}) from exc
            except ValidationError as exc:
                raise RowsErrors({index: RowErrors([RowError(None, m) for m in exc.messages])}) from exc

    def prepare(self, context: Context) -> None:
        """Called once per import before the first row (the dry run and the import alike)."""

    def describe(self, cleaned: dict[str, Any]) -> str:
        """The row as the preview names it: the values of its first two required columns."""
        keys = [c.key for c in self.columns if c.required][:2] or [c.key for c in self.columns][:1]
        return ", ".join(self.display(k, cleaned.get(k)) for k in keys)

    def display(self, key: str, value: Any) -> str:
        """A value as the preview shows it, in the user's language."""
        from django.utils.formats import number_format

        from lagrundt.core.formats import date_label

        if value is None or value == "" or value == []:
            return "–"
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return date_label(value)
        if isinstance(value, Decimal):
            return number_format(value, force_grouping=True)
        if isinstance(value, list | tuple):
            return ", ".join(self.display(key, v) for v in value)
        return str(value)

    def may_import(self, user, municipality) -> bool:
        """Whether the user may import this kind into the municipality: asks the access policy."""
        raise NotImplementedError
