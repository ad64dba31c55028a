import datetime as dt
from decimal import Decimal

import pytest

from lagrundt.intro.rulebook import ASSUMED, BaseAmount, RuleVersion, file_rulebook

D = dt.date

# G from 1 May 2026 is not in the fact file: tests record it as an administrator would, marked
# assumed (the 2025 value carried forward), and check that amounts built on it say so.
G_2026 = BaseAmount(
    valid_from=D(2026, 5, 1),
    amount=Decimal("130160"),
    source="test: 2025 value carried forward",
    confidence=ASSUMED,
    origin="administrator",
)


@pytest.fixture
def book():
    return file_rulebook().with_records(base_amounts=[G_2026])


@pytest.fixture
def file_book():
    return file_rulebook()


def admin_version(key, valid_from, value, confidence="verified-in-source"):
    return RuleVersion(
        key=key,
        valid_from=valid_from,
        value=value,
        rule="test",
        source="test: Lovdata",
        fact="",
        confidence=confidence,
        origin="administrator",
    )
