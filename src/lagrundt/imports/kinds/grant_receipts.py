"""The grant receipts: what the municipality received of each grant in a year, from its accounts.

One row is one receipt, found again by its year and grant (a municipality has one receipt per grant
and year). Rows are checked by the model's own rules and written by ``finance.services.receipt_save``,
the service of the receipts page; who may enter receipts there (``access.resources.ECONOMY``) may
import them.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lagrundt.access.resources import CHANGE, ECONOMY
from lagrundt.core.formats import kroner
from lagrundt.finance import services
from lagrundt.finance.models import ActualReceipt, GrantGroup

from .. import cells
from .base import Column, Context, Kind, RowError, RowErrors

CACHE = "grant_receipts"


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
            "year": cells.read(values, errors, "year", cells.integer, required=True),
            "grant": cells.read(
                values, errors, "grant", lambda v: cells.choice(v, GrantGroup.choices), required=True
            ),
            "amount": cells.read(values, errors, "amount", cells.decimal, required=True),
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
            cells.model_errors(exc, errors, {c.key for c in self.columns})
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
