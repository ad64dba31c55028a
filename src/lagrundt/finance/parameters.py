"""The parameters the entitlement rules read: what each one means, and the values as one object.

The values are data (``RuleParameter`` rows with source and confidence, seeded from the facts
file); this module only says which keys exist, what kind of value each takes, and turns the rows
into a ``Parameters`` the pure rules take as an argument.
"""

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

PAYMENT_SETTLEMENT_QUARTER = "settlement_quarter"
PAYMENT_NEXT_QUARTER = "next_quarter"
MOVE_YEAR_OLD = "old"
MOVE_YEAR_NEW = "new"


@dataclass(frozen=True)
class Spec:
    key: str
    field: str
    label: Any
    kind: str = "int"  # int, countries, choice
    choices: tuple[str, ...] = ()


SPECS: tuple[Spec, ...] = (
    Spec(
        "integration.years",
        "integration_years",
        _("Integration grant: years (the settlement year and the following)"),
    ),
    Spec(
        "integration.years_family_of_humanitarian",
        "integration_years_family_of_humanitarian",
        _("Integration grant: years for family immigrants of persons with humanitarian status"),
    ),
    Spec(
        "integration.born_after_settlement_months",
        "born_after_settlement_months",
        _("Children born at most this many months after the mother's settlement count"),
    ),
    Spec(
        "integration.family_immigration_limit_years",
        "family_immigration_limit_years",
        _(
            "No grant for family immigration more than this many years after the reference "
            "person's settlement"
        ),
    ),
    Spec("elderly.min_age", "elderly_min_age", _("Elderly grant: age at settlement, at least")),
    Spec("kindergarten.max_age", "kindergarten_max_age", _("Kindergarten grant: age at settlement, at most")),
    Spec(
        "unaccompanied_minor.last_age",
        "minor_last_age",
        _("Unaccompanied minors: grant until and including the year the person turns"),
    ),
    Spec(
        "unaccompanied_minor.younger_band_last_age",
        "minor_younger_band_last_age",
        _("Unaccompanied minors: younger band until and including the year the person turns"),
    ),
    Spec(
        "disability.one_off_last_grant_year",
        "disability_one_off_last_grant_year",
        _("Disability grant 1: decided at the latest in grant year"),
    ),
    Spec(
        "norwegian.min_age", "norwegian_min_age", _("Norwegian training grant: age at settlement, at least")
    ),
    Spec("norwegian.max_age", "norwegian_max_age", _("Norwegian training grant: age at settlement, at most")),
    Spec("norwegian.years", "norwegian_years", _("Norwegian training grant: years per person")),
    Spec(
        "norwegian.years_collective_protection",
        "norwegian_years_collective_protection",
        _("Norwegian training grant: years for persons under collective protection"),
    ),
    Spec(
        "norwegian.low_rate_countries",
        "norwegian_low_rate_countries",
        _("Norwegian training grant: countries with the low rate"),
        kind="countries",
    ),
    Spec(
        "payment.year_one",
        "payment_year_one",
        _("When the year-1 amounts are paid"),
        kind="choice",
        choices=(PAYMENT_SETTLEMENT_QUARTER, PAYMENT_NEXT_QUARTER),
    ),
    Spec(
        "move_out.year_of_move",
        "move_year_to",
        _("The year of a move out is received by"),
        kind="choice",
        choices=(MOVE_YEAR_OLD, MOVE_YEAR_NEW),
    ),
)
SPEC_BY_KEY = {s.key: s for s in SPECS}


class ParametersMissing(LookupError):
    """Some parameters are not set; the rules cannot run without them."""

    def __init__(self, keys: Iterable[str]):
        self.keys = sorted(keys)
        super().__init__(", ".join(self.keys))


@dataclass(frozen=True)
class Parameters:
    integration_years: int
    integration_years_family_of_humanitarian: int
    born_after_settlement_months: int
    family_immigration_limit_years: int
    elderly_min_age: int
    kindergarten_max_age: int
    minor_last_age: int
    minor_younger_band_last_age: int
    disability_one_off_last_grant_year: int
    norwegian_min_age: int
    norwegian_max_age: int
    norwegian_years: int
    norwegian_years_collective_protection: int
    norwegian_low_rate_countries: frozenset[str]
    payment_year_one: str
    move_year_to: str
    # Keys whose value is not verified in a source: what rests on them is marked as assumed.
    assumed: frozenset[str] = frozenset()

    @classmethod
    def from_values(cls, values: Mapping[str, Any], assumed: Iterable[str] = ()) -> "Parameters":
        missing = {s.key for s in SPECS if s.key not in values}
        if missing:
            raise ParametersMissing(missing)
        fields = {}
        for spec in SPECS:
            value = values[spec.key]
            if spec.kind == "int":
                value = int(value)
            elif spec.kind == "countries":
                value = frozenset(str(c).upper() for c in value)
            else:
                value = str(value)
            fields[spec.field] = value
        return cls(**fields, assumed=frozenset(assumed))

    def replace(self, **changes) -> "Parameters":
        return dataclasses.replace(self, **changes)

    def is_assumed(self, key: str) -> bool:
        return key in self.assumed
