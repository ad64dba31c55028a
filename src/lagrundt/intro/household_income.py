"""What a household can be expected to live on per month: the introduction benefit of its adults.

Housing asks this (the ``household_income`` hook) to weigh a dwelling's rent against the household's
income before anyone has a decision on the programme. Every adult of the programme's target age is
counted as a participant at the rate the rule book gives on the day (2 G a year; 2/3 under 25, 1/3
under 25 living with a parent; 5/6 for a couple without children where that rule is in force); other
income is not known before arrival. The estimate is ``assumed`` when G or a rate used is not verified,
and when no G is recorded for the day yet (the latest known G stands in).
"""

import datetime as dt
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from lagrundt.core.dates import age_on
from lagrundt.core.plugins import IncomeEstimate

from .rulebook import ASSUMED, BaseAmountMissing, RuleBook, RuleMissing, g_period_start
from .rules.benefit import Beneficiary, yearly_benefit
from .selectors.rules_in_force import rulebook


def _with_latest_g(book: RuleBook, on: dt.date) -> RuleBook:
    """Where no G is recorded for the day's period yet, an estimate goes on with the latest known G,
    marked assumed (the benefit itself is not paid on it: see ``rules.benefit``)."""
    start = g_period_start(on)
    if start in book.base_amounts:
        return book
    earlier = [g for g in book.base_amounts.values() if g.valid_from < start]
    if not earlier:
        return book
    latest = max(earlier, key=lambda g: g.valid_from)
    stand_in = replace(latest, valid_from=start, confidence=ASSUMED)
    return RuleBook(book.rules, {**book.base_amounts, start: stand_in})


def expected_income(birth_dates, on: dt.date) -> IncomeEstimate:
    births = [b for b in birth_dates if b is not None]
    book = _with_latest_g(rulebook(), on)
    try:
        target = book.value("eligibility.target_age", on)
        rates = book.version("benefit.rates", on)
        g = book.g(on)
    except (RuleMissing, BaseAmountMissing):
        return IncomeEstimate(Decimal(0), True, _("The benefit's rates or G are not known for the day."))
    low, high = int(target["min_age"]), int(target["max_age"])
    under_age = int(rates.value["under_age"])
    adults = [b for b in births if age_on(b, on) >= low]
    children = [b for b in births if age_on(b, on) < low]
    participants = [b for b in adults if age_on(b, on) <= high]
    older_adults = [b for b in adults if age_on(b, on) >= under_age]
    couple_without_children = len(adults) == 2 and not children
    assumed = not g.verified or rates.assumed or not rates.verified
    total = Fraction(0)
    for birth in participants:
        # A young adult in a household with older adults is taken to live with a parent.
        with_parent = (
            age_on(birth, on) < under_age and any(b < birth for b in older_adults) and len(adults) > 2
        )
        _g, _share, yearly = yearly_benefit(
            book,
            Beneficiary(
                birth, lives_with_parent=with_parent, couple_without_children=couple_without_children
            ),
            on,
        )
        total += yearly
    if couple_without_children and book.has("benefit.couples", on):
        assumed = assumed or not book.version("benefit.couples", on).verified
    monthly = (Decimal(total.numerator) / Decimal(total.denominator) / 12).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    explanation = _(
        "The introduction benefit of %(n)s adult(s) of the programme's age, at G %(g)s; "
        "other income not known."
    ) % {"n": len(participants), "g": g.amount}
    return IncomeEstimate(monthly, assumed, explanation)
