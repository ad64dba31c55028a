"""Right and duty to the programme (integreringsloven §§ 8–11): who is in the target group, and why."""

import datetime as dt
from dataclasses import dataclass, field

from lagrundt.core.dates import age_on
from lagrundt.routines.rules import Offset

from ..rulebook import RuleBook, RuleVersion


class Status:
    RIGHT_AND_DUTY = "right_and_duty"
    RIGHT_ONLY = "right_only"
    MAY_BE_OFFERED = "may_be_offered"
    OUTSIDE = "outside"

    # In the programme's target group: the decision and start deadlines apply to them.
    TARGET = frozenset({RIGHT_AND_DUTY, RIGHT_ONLY})


class Basis:
    """The residence permit the right is read from (integreringsloven § 9)."""

    ASYLUM = "asylum"
    RESETTLEMENT = "resettlement"
    HUMANITARIAN = "humanitarian"
    COLLECTIVE_PROTECTION = "collective_protection"
    FAMILY_OF_REFUGEE = "family_of_refugee"
    FAMILY_OTHER = "family_other"
    INDEPENDENT = "independent"
    OTHER = "other"

    # Settlement by agreement with IMDi is not required for family immigrants and independent grounds.
    NO_AGREEMENT_NEEDED = frozenset({FAMILY_OF_REFUGEE, FAMILY_OTHER, INDEPENDENT})


# The permit a settlement category usually rests on; the case worker records the real one.
BASIS_OF_CATEGORY = {
    "resettlement_refugee": Basis.RESETTLEMENT,
    "asylum_reception_centre": Basis.ASYLUM,
    "family_reunification": Basis.FAMILY_OF_REFUGEE,
    "temporary_collective_protection": Basis.COLLECTIVE_PROTECTION,
    "unaccompanied_minor": Basis.ASYLUM,
}


@dataclass(frozen=True)
class EligibilityFacts:
    birth_date: dt.date
    settled_on: dt.date | None
    basis: str
    permit_granted_on: dt.date | None = None
    settled_by_agreement: bool | None = None
    nordic_or_eea: bool = False
    basis_assumed: bool = False  # read from the settlement category, not recorded

    @classmethod
    def from_register(
        cls,
        *,
        birth_date: dt.date,
        settled_on: dt.date | None,
        category: str,
        basis: str = "",
        permit_granted_on: dt.date | None = None,
        settled_by_agreement: bool | None = None,
        nordic_or_eea: bool = False,
    ) -> "EligibilityFacts":
        return cls(
            birth_date=birth_date,
            settled_on=settled_on,
            basis=basis or BASIS_OF_CATEGORY.get(category, Basis.OTHER),
            permit_granted_on=permit_granted_on,
            settled_by_agreement=settled_by_agreement,
            nordic_or_eea=nordic_or_eea,
            basis_assumed=not basis,
        )


@dataclass(frozen=True)
class Reason:
    """One fact the status was read from: ``holds`` says whether it speaks for the right."""

    code: str
    holds: bool
    params: dict = field(default_factory=dict)
    assumed: bool = False


@dataclass(frozen=True)
class Eligibility:
    status: str
    reasons: tuple[Reason, ...]
    on: dt.date
    right_lapses_on: dt.date | None
    versions: tuple[RuleVersion, ...]

    @property
    def in_target_group(self) -> bool:
        return self.status in Status.TARGET

    @property
    def assumed(self) -> bool:
        return any(r.assumed for r in self.reasons) or any(not v.verified for v in self.versions)


def eligibility(book: RuleBook, facts: EligibilityFacts, on: dt.date) -> Eligibility:
    """Right and duty, right only, may be offered, or outside, on a day (the decision's day), with why.

    Every fact is checked and reported, so the page can show all of them, not just the first that
    decides. The age counts on the day the permit was granted (§ 8); without that day recorded, the
    settlement day is used and the reason says so.
    """
    age_rule = book.version("eligibility.target_age", on)
    residence_rule = book.version("eligibility.max_residence", on)
    versions = [age_rule, residence_rule]
    reasons: list[Reason] = []
    outside = offered = False

    if facts.nordic_or_eea:
        reasons.append(Reason("nordic_or_eea", False))
        outside = True

    reasons.append(Reason("basis", facts.basis != Basis.OTHER, {"basis": facts.basis}, facts.basis_assumed))
    if facts.basis == Basis.OTHER:
        outside = True

    lapses = None
    if facts.settled_on is None:
        reasons.append(Reason("not_settled", False))
        outside = True
    else:
        years = int(residence_rule.value["years"])
        lapses = Offset(years=years).after(facts.settled_on)
        within = on < lapses
        reasons.append(
            Reason(
                "residence",
                within,
                {"settled_on": facts.settled_on, "years": years, "lapses_on": lapses, "on": on},
            )
        )
        outside |= not within

    permit_day = facts.permit_granted_on or facts.settled_on
    if permit_day is None:
        reasons.append(Reason("age_unknown", False))
        outside = True
    else:
        age = age_on(facts.birth_date, permit_day)
        low, high = int(age_rule.value["min_age"]), int(age_rule.value["max_age"])
        params = {"age": age, "permit_day": permit_day, "min": low, "max": high}
        assumed = facts.permit_granted_on is None
        if age < low:
            reasons.append(Reason("under_age", False, params, assumed))
            outside = True
        elif age > high:
            reasons.append(Reason("over_age", False, params, assumed))
            offered = True
        else:
            reasons.append(Reason("age", True, params, assumed))

    if facts.basis == Basis.FAMILY_OTHER:
        offered = True
    if facts.basis not in Basis.NO_AGREEMENT_NEEDED and facts.basis != Basis.OTHER:
        agreed = facts.settled_by_agreement
        assumed = agreed is None
        agreed = True if agreed is None else agreed  # IMDi settles refugees by agreement
        reasons.append(Reason("agreement", agreed, {}, assumed))
        offered |= not agreed

    if outside:
        status = Status.OUTSIDE
    elif offered:
        status = Status.MAY_BE_OFFERED
    elif facts.basis == Basis.COLLECTIVE_PROTECTION:
        collective = book.version("eligibility.collective_protection", on)
        versions.append(collective)
        status = collective.value["status"]
        reasons.append(Reason("collective_protection", True, {}, not collective.verified))
    else:
        status = Status.RIGHT_AND_DUTY
    return Eligibility(status, tuple(reasons), on, lapses, tuple(versions))
