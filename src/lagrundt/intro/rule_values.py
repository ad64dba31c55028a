"""A rule's value as a person reads it: «Lowest age: 18, highest age: 55», never «min_age: 18».

The rules file (``data/rules.yaml``) keeps each version's value as a small mapping whose keys the rules
code reads. Every key has its label here, and every value that is a code its label too. A key the file
gains without a label here fails the test that reads every rule's value (tests/intro/test_rule_values.py),
so the page cannot show an identifier.
"""

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import EligibilityStatus, FinalGoal

LABELS = {
    "after_weeks": gettext_lazy("after weeks"),
    "age": gettext_lazy("age"),
    "carry": gettext_lazy("rounding carried over"),
    "day": gettext_lazy("share of the yearly amount a day"),
    "days": gettext_lazy("days"),
    "days_more_than_two_children": gettext_lazy("days with more than two children"),
    "extension_months": gettext_lazy("extension in months"),
    "full": gettext_lazy("full benefit in G"),
    "goal": gettext_lazy("final goal"),
    "holiday_weeks": gettext_lazy("weeks of holiday"),
    "hour": gettext_lazy("share of the yearly amount an hour"),
    "hours_per_week": gettext_lazy("hours a week"),
    "hours_per_week_with_self_study": gettext_lazy("hours a week with self-study"),
    "in_arrears": gettext_lazy("paid in arrears"),
    "max_age": gettext_lazy("highest age"),
    "max_days": gettext_lazy("at most days"),
    "max_months": gettext_lazy("at most months"),
    "max_per_12_months": gettext_lazy("at most per 12 months"),
    "method": gettext_lazy("rounding"),
    "min_age": gettext_lazy("lowest age"),
    "min_months": gettext_lazy("at least months"),
    "month": gettext_lazy("share of the yearly amount a month"),
    "months": gettext_lazy("months"),
    "per_month": gettext_lazy("share a month"),
    "percent": gettext_lazy("per cent"),
    "requires_reason": gettext_lazy("a reason is required"),
    "share": gettext_lazy("share"),
    "share_of_g": gettext_lazy("share of G"),
    "share_of_payment": gettext_lazy("share of the payment"),
    "single_carer_days": gettext_lazy("days for a single carer"),
    "single_carer_more_than_two": gettext_lazy("days for a single carer with more than two children"),
    "status": gettext_lazy("status"),
    "under_age": gettext_lazy("under the age of"),
    "under_age_share": gettext_lazy("share under that age"),
    "under_age_with_parent_share": gettext_lazy("share under that age living with a parent"),
    "unit": gettext_lazy("rounded to kroner"),
    "weeks": gettext_lazy("weeks"),
    "years": gettext_lazy("years"),
}
CODES = {
    "cumulative": gettext_lazy("over the year"),
    "half_up": gettext_lazy("half up"),
    "half_even": gettext_lazy("half to even"),
    **{str(value): label for value, label in EligibilityStatus.choices},
    **{str(value): label for value, label in FinalGoal.choices},
}


def value_text(value) -> str:
    """One value: a number in Norwegian form, a fraction as a fraction, yes or no, a code by its label."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | Decimal | float):
        return formats.number_format(value)
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value)
    text = str(value)
    if text in CODES:
        return str(CODES[text])
    if "/" in text:
        try:
            fraction = Fraction(text)
        except (ValueError, ZeroDivisionError):
            return text
        return f"{fraction.numerator}/{fraction.denominator}"
    try:
        return formats.number_format(Decimal(text))
    except InvalidOperation:
        return text


def rule_value(value) -> str:
    """A version's whole value: «lowest age: 18, highest age: 55»."""
    if not isinstance(value, dict):
        return value_text(value)
    return ", ".join(f"{LABELS.get(key, key)}: {value_text(v)}" for key, v in value.items())
