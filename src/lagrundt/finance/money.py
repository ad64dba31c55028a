"""Amounts of money that remember what they are built on.

An ``Amount`` is kroner as a ``Decimal`` plus two marks that survive every sum: ``assumed`` (some
part rests on a rate that is not the official one for its year, or on a fact the register does not
hold) and ``missing`` (grant years counted with no rate at all, so the sum is too low). An Amount
adds only to another Amount or to 0 (so that ``sum()`` works): adding a bare number raises, so a
figure cannot lose its marks on the way to a page or an export.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext

from lagrundt.core.formats import kroner

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Amount:
    kroner: Decimal = ZERO
    assumed: bool = False
    missing: int = 0

    def __post_init__(self):
        if not isinstance(self.kroner, Decimal):
            raise TypeError("An Amount holds a Decimal, never a float or an int.")

    def __add__(self, other):
        if isinstance(other, Amount):
            return Amount(
                self.kroner + other.kroner, self.assumed or other.assumed, self.missing + other.missing
            )
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, Amount):
            return Amount(
                self.kroner - other.kroner, self.assumed or other.assumed, self.missing + other.missing
            )
        return NotImplemented

    def times(self, count: int) -> "Amount":
        return Amount(self.kroner * count, self.assumed, self.missing * count)

    @property
    def known(self) -> bool:
        """Whether the amount is complete: no grant year in it lacks a rate."""
        return not self.missing

    @property
    def whole_kroner(self) -> int:
        return int(self.kroner.to_integral_value())

    def __str__(self) -> str:
        """The amount as a person reads it, always with its marks: "194 400 kr (assumed)"."""
        text = kroner(self.kroner)
        marks = []
        if self.assumed:
            marks.append(gettext("assumed"))
        if self.missing:
            marks.append(gettext("rates missing"))
        return f"{text} ({', '.join(marks)})" if marks else text


def split_quarters(amount: Decimal) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """A year's amount in four quarters that add up to it exactly: the last takes the øre left over."""
    part = (amount / 4).quantize(CENT, rounding=ROUND_DOWN)
    return (part, part, part, amount - 3 * part)
