"""The rules in force: the rule book from the files with what administrators recorded."""

import datetime as dt

from ..models import (
    BaseAmountRecord,
    RuleVersionRecord,
)
from ..rulebook import BaseAmount, RuleBook, RuleVersion, file_rulebook


def rulebook() -> RuleBook:
    """The shipped rules and G values, with what an administrator recorded (two small tables)."""
    versions = [
        RuleVersion(
            key=r.key,
            valid_from=r.valid_from,
            value=r.value,
            rule=r.rule,
            source=r.source,
            fact="",
            confidence=r.confidence,
            note=r.note,
            origin="administrator",
        )
        for r in RuleVersionRecord.objects.all()
    ]
    amounts = [
        BaseAmount(
            valid_from=b.valid_from,
            amount=b.amount,
            source=b.source,
            confidence=b.confidence,
            note=b.note,
            origin="administrator",
        )
        for b in BaseAmountRecord.objects.all()
    ]
    return file_rulebook().with_records(versions, amounts)


# Rules whose value a page uses to compute something the participant is told (reductions, payments,
# rounding, the time to complain): named on those pages when the sources do not verify them.
USED_ON_PAGES = (
    "absence.reduction_units",
    "benefit.payment",
    "benefit.rounding",
    "decision.complaint_deadline",
)


def uncertain_rules(book: RuleBook, on: dt.date) -> list[tuple]:
    """The rules in force on a day that the sources do not verify: (rule, version) for each."""
    found = []
    for key in USED_ON_PAGES:
        version = book.version(key, on)
        if not version.verified:
            found.append((book.rule(key), version))
    return found


def rules_in_force(book: RuleBook, on: dt.date) -> list[tuple]:
    """Every rule with the version in force on a day (None where none is): (rule, version)."""
    return [
        (rule, book.version(rule.key, on) if book.has(rule.key, on) else None) for rule in book.rules.values()
    ]


def base_amounts(book: RuleBook) -> list[BaseAmount]:
    """The base amounts (G) known, oldest first."""
    return sorted(book.base_amounts.values(), key=lambda b: b.valid_from)


def assumptions_in_force(book: RuleBook, on: dt.date) -> dict:
    """The values in force on a day that no source confirms: the rules' (rule, version) and the G of
    the period, for the one page that lists them with who confirms them."""
    return {
        "rules": [
            (rule, version) for rule, version in rules_in_force(book, on) if version and not version.verified
        ],
        "amounts": [
            g for g in book.base_amounts.values() if g.valid_from <= on <= g.valid_to and not g.verified
        ],
    }
