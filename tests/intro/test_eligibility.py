"""Right and duty, right only, may be offered, or outside: read from the register and the case, with why."""

import datetime as dt

import pytest

from lagrundt.intro import rules
from lagrundt.intro.rules import Basis, EligibilityFacts, Status

from .conftest import admin_version

D = dt.date
SETTLED = D(2026, 3, 2)
PERMIT = D(2026, 1, 15)


def facts(
    age_at_permit=34,
    *,
    basis=Basis.RESETTLEMENT,
    permit=PERMIT,
    agreement=None,
    nordic=False,
    settled=SETTLED,
):
    birth = D(permit.year - age_at_permit, permit.month, permit.day) if permit else D(1990, 1, 1)
    return EligibilityFacts(
        birth_date=birth,
        settled_on=settled,
        basis=basis,
        permit_granted_on=permit,
        settled_by_agreement=agreement,
        nordic_or_eea=nordic,
    )


# (description, facts, day of the decision, expected status)
CASES = [
    ("resettlement refugee, 34", facts(), D(2026, 4, 1), Status.RIGHT_AND_DUTY),
    ("asylum, 18 on the permit date", facts(18, basis=Basis.ASYLUM), D(2026, 4, 1), Status.RIGHT_AND_DUTY),
    ("17 on the permit date", facts(17), D(2026, 4, 1), Status.OUTSIDE),
    ("55 on the permit date: 18 to 55 inclusive", facts(55), D(2026, 4, 1), Status.RIGHT_AND_DUTY),
    ("56 on the permit date: may be offered", facts(56), D(2026, 4, 1), Status.MAY_BE_OFFERED),
    ("58, before the reform's date is recorded", facts(58), D(2026, 4, 1), Status.MAY_BE_OFFERED),
    (
        "collective protection under chapter 6A",
        facts(basis=Basis.COLLECTIVE_PROTECTION),
        D(2026, 4, 1),
        Status.RIGHT_ONLY,
    ),
    (
        "collective protection after 1 July 2026 (assumed)",
        facts(basis=Basis.COLLECTIVE_PROTECTION, permit=D(2026, 8, 1), settled=D(2026, 9, 1)),
        D(2026, 10, 1),
        Status.RIGHT_ONLY,
    ),
    (
        "family immigration to a refugee, no agreement needed",
        facts(basis=Basis.FAMILY_OF_REFUGEE, agreement=False),
        D(2026, 4, 1),
        Status.RIGHT_AND_DUTY,
    ),
    ("family immigration to others", facts(basis=Basis.FAMILY_OTHER), D(2026, 4, 1), Status.MAY_BE_OFFERED),
    (
        "independent grounds",
        facts(basis=Basis.INDEPENDENT, agreement=False),
        D(2026, 4, 1),
        Status.RIGHT_AND_DUTY,
    ),
    (
        "refugee settled without agreement",
        facts(basis=Basis.ASYLUM, agreement=False),
        D(2026, 4, 1),
        Status.MAY_BE_OFFERED,
    ),
    ("another permit", facts(basis=Basis.OTHER), D(2026, 4, 1), Status.OUTSIDE),
    ("Nordic or EEA citizen", facts(nordic=True), D(2026, 4, 1), Status.OUTSIDE),
    ("the day before two years in the municipality", facts(), D(2028, 3, 1), Status.RIGHT_AND_DUTY),
    ("two years in the municipality", facts(), D(2028, 3, 2), Status.OUTSIDE),
    ("not settled", facts(settled=None), D(2026, 4, 1), Status.OUTSIDE),
]


@pytest.mark.parametrize(("description", "person", "on", "expected"), CASES, ids=[c[0] for c in CASES])
def test_status(book, description, person, on, expected):
    assert rules.eligibility(book, person, on).status == expected


def test_every_fact_is_reported_with_whether_it_holds(book):
    result = rules.eligibility(book, facts(56), D(2026, 4, 1))
    assert {r.code: r.holds for r in result.reasons} == {
        "basis": True,
        "residence": True,
        "over_age": False,
        "agreement": True,
    }
    residence = next(r for r in result.reasons if r.code == "residence")
    assert residence.params["lapses_on"] == D(2028, 3, 2) == result.right_lapses_on


def test_without_a_permit_date_the_settlement_date_is_used_and_said_to_be_assumed(book):
    person = EligibilityFacts.from_register(
        birth_date=D(1970, 3, 5), settled_on=SETTLED, category="resettlement_refugee"
    )
    result = rules.eligibility(book, person, D(2026, 4, 1))
    age = next(r for r in result.reasons if r.code in ("age", "over_age"))
    # 55 on the settlement day (56 only three days later): the right, but resting on assumptions.
    assert (result.status, age.code, age.params["age"], age.assumed) == (
        Status.RIGHT_AND_DUTY,
        "age",
        55,
        True,
    )
    assert result.assumed
    basis = next(r for r in result.reasons if r.code == "basis")
    assert basis.assumed and basis.params["basis"] == Basis.RESETTLEMENT


def test_collective_protection_after_chapter_6a_rests_on_an_assumed_rule(book):
    protected = facts(basis=Basis.COLLECTIVE_PROTECTION, agreement=True)
    before = rules.eligibility(book, protected, D(2026, 4, 1))
    after = rules.eligibility(book, protected, D(2026, 7, 1))
    assert not before.assumed
    assert after.assumed
    assert after.versions[-1].confidence == "assumed"


AGE_60 = {"min_age": 18, "max_age": 60}


@pytest.mark.parametrize(
    ("age", "on", "expected"),
    [
        (58, D(2026, 6, 30), Status.MAY_BE_OFFERED),  # before the day the administrator recorded
        (58, D(2026, 7, 1), Status.RIGHT_AND_DUTY),
        (60, D(2026, 7, 1), Status.RIGHT_AND_DUTY),
        (61, D(2026, 7, 1), Status.MAY_BE_OFFERED),
    ],
)
def test_the_reform_switches_by_date_once_its_in_force_date_is_recorded(book, age, on, expected):
    reform = book.with_records([admin_version("eligibility.target_age", D(2026, 7, 1), AGE_60)])
    assert rules.eligibility(reform, facts(age), on).status == expected


def test_the_reform_never_applies_while_its_date_is_not_found(book):
    pending = book.rule("eligibility.target_age").pending_versions
    assert [v.value for v in pending] == [AGE_60]
    assert book.value("eligibility.target_age", D(2030, 1, 1)) == {"min_age": 18, "max_age": 55}
