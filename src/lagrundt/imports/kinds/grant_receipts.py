"""The grant receipts: what the municipality received of each grant in a year, from its accounts.

One row is one receipt, found again by its year and grant (a municipality has one receipt per grant
and year). Rows are checked by the model's own rules and written by ``finance.services.receipt_save``,
the service of the receipts page; who may enter receipts there (``access.resources.ECONOMY``) may
import them.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lagrundt.access.resources import CHANGE, ECONOMY
from lagrundt.core.formats import kroner
from lagrundt.finance import services
from lagrundt.finance.models import ActualReceipt, GrantGroup

from .. import cells
from .base import Column, Context, Kind, RowError, RowErrors

MSG_REQUIRED = _("Fill in this cell.")
CACHE = "grant_receipts"


def _read(values: dict, errors: list[RowError], key: str, reader, *, required: bool = False):
    """A cell through its reader; a missing required cell or a bad value is added to ``errors``."""
    raw = values.get(key)
    if cells.text(raw) == "":
        if required:
            errors.append(RowError(key, MSG_REQUIRED))
        return None
    try:
        return reader(raw)
    except ValueError as exc:
        errors.append(RowError(key, str(exc)))
        return None


def _choice(value, choices) -> str:
    """A choice by its code or its label in any of the site's languages (a sheet may be in English while
    the user reads bokmål); the message lists the labels in the user's language."""
    try:
        return cells.choice(value, choices)
    except ValueError as exc:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                try:
                    return cells.choice(value, choices)
                except ValueError:
                    continue
        raise exc


def _model_errors(exc: ValidationError, errors: list[RowError], keys: set[str]) -> None:
    """The model's messages, each on its column (a field no column holds is the row's)."""
    seen = {e.column for e in errors}
    for name, messages in exc.message_dict.items():
        column = name if name in keys else None
        if column is not None and column in seen:
            continue
        errors.append(RowError(column, " ".join(messages)))


class GrantReceipts(Kind):
    key = "grant_receipts"
    label = _("Grant receipts")
    columns = (
        Column(
            "year",
            _("Year"),
            _("The year the grant was received for, e.g. 2026."),
            required=True,
            example="2026",
            aliases=("år", "årstal", "year"),
        ),
        Column(
            "grant",
            _("Grant"),
            _(
                "The grant as the accounts group it: Integration grant, Elderly grant, Kindergarten grant, "
                "Unaccompanied minors, Disabilities, Norwegian training or Other grants."
            ),
            required=True,
            example="Integration grant",
            aliases=("tilskudd", "tilskot", "grant", "tilskuddsart", "tilskotsart"),
        ),
        Column(
            "amount",
            _("Amount received (kr)"),
            _("What the municipality received in kroner, e.g. 1 234 500,00."),
            required=True,
            example="1 234 500,00",
            aliases=("beløp", "mottatt", "beløp mottatt", "amount", "amount received"),
        ),
        Column(
            "note",
            _("Note"),
            _("Optional: where the figure comes from. Leave the column out to keep the notes stored."),
            example="Regnskap 2026",
            aliases=("merknad", "notat", "note", "kommentar"),
        ),
    )

    def clean(self, values: dict[str, str], context: Context) -> dict[str, Any]:
        errors: list[RowError] = []
        cleaned: dict[str, Any] = {
            "year": _read(values, errors, "year", cells.integer, required=True),
            "grant": _read(values, errors, "grant", lambda v: _choice(v, GrantGroup.choices), required=True),
            "amount": _read(values, errors, "amount", cells.decimal, required=True),
        }
        if "note" in values:
            cleaned["note"] = cells.text(values["note"])
        receipt = ActualReceipt(
            municipality=context.municipality,
            year=cleaned["year"],
            grant=cleaned["grant"] or "",
            amount=cleaned["amount"],
            note=cleaned.get("note", ""),
        )
        try:
            receipt.full_clean(exclude=["changed_by"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            _model_errors(exc, errors, {c.key for c in self.columns})
        if errors:
            raise RowErrors(errors)
        return cleaned

    def describe(self, cleaned: dict[str, Any]) -> str:
        return f"{cleaned['year']}: {GrantGroup(cleaned['grant']).label}"

    def natural_key(self, cleaned: dict[str, Any]) -> tuple:
        return (cleaned["year"], cleaned["grant"])

    def find(self, cleaned: dict[str, Any], context: Context) -> ActualReceipt | None:
        if CACHE not in context.cache:
            context.cache[CACHE] = {
                (r.year, r.grant): r for r in ActualReceipt.objects.filter(municipality=context.municipality)
            }
        return context.cache[CACHE].get(self.natural_key(cleaned))

    def changes(self, existing: ActualReceipt | None, cleaned: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
        if existing is None:
            return {}
        found: dict[str, tuple[Any, Any]] = {}
        if existing.amount != cleaned["amount"]:
            found["amount"] = (
                kroner(existing.amount, decimals=2),
                kroner(cleaned["amount"], decimals=2),
            )
        if "note" in cleaned and existing.note != cleaned["note"]:
            found["note"] = (existing.note, cleaned["note"])
        return found

    def save(
        self, cleaned: dict[str, Any], existing: ActualReceipt | None, context: Context
    ) -> ActualReceipt:
        note = cleaned.get("note", existing.note if existing else "")
        receipt = services.receipt_save(
            actor=context.actor,
            municipality=context.municipality,
            year=cleaned["year"],
            grant=cleaned["grant"],
            amount=cleaned["amount"],
            note=note,
        )
        if CACHE in context.cache:
            context.cache[CACHE][self.natural_key(cleaned)] = receipt
        return receipt

    def may_import(self, user, municipality) -> bool:
        return bool(ECONOMY.scopes(user, CHANGE, municipality.pk))


KIND = GrantReceipts()
