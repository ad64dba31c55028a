"""The rules in force: the rule book from the files with what administrators recorded."""

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
