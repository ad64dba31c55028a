"""Changes to grant rates, rule parameters, a person's grant facts and a municipality's figures.

Each function is one transaction; writes of personal data (a person's grant facts and disability
grants, section «finances») write audit entries with the old and new values. Callers have been
allowed by ``access.policy.access_person(..., section=Section.FINANCES, write=True)`` or by
the ``ECONOMY`` policy of ``access.resources``; these functions check the data and refuse what is
invalid as a whole.
"""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.sections import Section
from lagrundt.core.sources import Confidence
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Municipality

from . import imports
from .models import (
    ActualReceipt,
    CostEntry,
    CostKind,
    Decision,
    DisabilityGrant,
    DisabilityKind,
    GrantFacts,
    GrantRate,
    PlannedSettlement,
    RateSource,
    RuleParameter,
    Scenario,
)
from .parameters import SPEC_BY_KEY

FACTS_FILE = Path(__file__).resolve().parent / "data" / "facts.yaml"

MSG_SHAPES_INCOMPLETE = _("Give single adults, adults in families and children together, or none of them.")
MSG_SHAPES_SUM = _(
    "Single adults, adults in families and children must add up to %(expected)s: the persons "
    "less the unaccompanied minors."
)
MSG_MINORS_TOO_MANY = _("There cannot be more unaccompanied minors than persons.")
MSG_UNDER_6_TOO_MANY = _("There cannot be more children under 6 than children.")
MSG_ELDERLY_TOO_MANY = _("There cannot be more old enough for the elderly grant than adults.")
MSG_COLLECTIVE_TOO_MANY = _(
    "There cannot be more under collective protection than persons who are not unaccompanied minors."
)
MSG_LABEL_NEEDED = _("Give the measure's name.")
MSG_DECISION_DATE = _("Give the date of the decision.")
MSG_DECISION_BEFORE_APPLIED = _("The decision cannot be before the application.")
MSG_ANNUAL_NEEDS = _("A granted yearly grant needs the amount per year and the first and last year.")
MSG_YEARS_ORDER = _("The last year cannot be before the first.")
MSG_REFERENCE_SELF = _("A person cannot be their own reference person.")
MSG_PARAMETER_VALUE = _("This value does not fit the parameter.")
MSG_ROW = _("Row %(row)s: %(message)s")


class RateImportError(Exception):
    """Rows of a rate file that cannot be imported; nothing was imported."""

    def __init__(self, errors: list[tuple[Any, dict]]):
        self.errors = errors
        super().__init__(f"{len(errors)} errors")

    @property
    def messages(self) -> list[str]:
        return [str(message) % params if params else str(message) for message, params in self.errors]


# ---------------------------------------------------------------------------- rates and parameters
def seed_from_facts(path: Path | None = None) -> dict[str, int]:
    """Add the rates and rule parameters of the facts file that are not set yet. Idempotent.

    Never overwrites a rate or parameter that exists: an administrator's entry wins.
    """
    data = yaml.safe_load((path or FACTS_FILE).read_text(encoding="utf-8"))
    counts = {"rates": 0, "parameters": 0}
    with transaction.atomic():
        sources: dict[str, RateSource] = {}
        for fact_id, spec in data["sources"].items():
            source = RateSource.objects.filter(fact_id=fact_id, entered_by__isnull=True).first()
            if source is None:
                source = RateSource.objects.create(
                    fact_id=fact_id,
                    title=spec["title"],
                    reference=spec["reference"],
                    published_on=spec.get("published_on"),
                )
            sources[fact_id] = source
        existing = set(GrantRate.objects.values_list("code", "year"))
        for rate in data["rates"]:
            if (rate["code"], rate["year"]) in existing:
                continue
            entry = GrantRate(
                code=rate["code"],
                year=rate["year"],
                amount=Decimal(str(rate["amount"])),
                confidence=rate["confidence"],
                source=sources[rate["source"]],
                note=rate.get("note", ""),
            )
            entry.full_clean()
            entry.save()
            counts["rates"] += 1
        present = set(RuleParameter.objects.values_list("key", flat=True))
        for parameter in data["parameters"]:
            if parameter["key"] in present:
                continue
            if parameter["key"] not in SPEC_BY_KEY:
                raise ValueError(f"Unknown parameter in the facts: {parameter['key']}")
            RuleParameter.objects.create(
                key=parameter["key"],
                value=check_parameter_value(parameter["key"], parameter["value"]),
                confidence=parameter["confidence"],
                source=parameter["source"],
                fact_id=parameter.get("fact_id", ""),
                note=parameter.get("note", ""),
            )
            counts["parameters"] += 1
    return counts


def check_parameter_value(key: str, value: Any) -> Any:
    """The value in the form the rules read it, or ValidationError."""
    spec = SPEC_BY_KEY.get(key)
    if spec is None:
        raise ValidationError(MSG_PARAMETER_VALUE)
    if spec.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120:
            raise ValidationError(MSG_PARAMETER_VALUE)
        limits = {"integration.years": 5, "integration.years_family_of_humanitarian": 5, "norwegian.years": 3}
        if key in limits and not 1 <= value <= limits[key]:
            raise ValidationError(MSG_PARAMETER_VALUE)
        return value
    if spec.kind == "countries":
        if not isinstance(value, list) or not all(isinstance(c, str) and len(c) == 2 for c in value):
            raise ValidationError(MSG_PARAMETER_VALUE)
        return sorted({c.upper() for c in value})
    if value not in spec.choices:
        raise ValidationError(MSG_PARAMETER_VALUE)
    return value


def rate_set(
    *,
    actor: Actor,
    code: str,
    year: int,
    amount: Decimal,
    confidence: str,
    title: str,
    reference: str,
    published_on: dt.date | None,
    note: str = "",
) -> GrantRate:
    """Enter or correct one rate, with the source it was read in."""
    with transaction.atomic():
        source = RateSource(
            title=title, reference=reference, published_on=published_on, entered_by=_user(actor)
        )
        source.full_clean()
        source.save()
        rate = GrantRate.objects.filter(code=code, year=year).first() or GrantRate(code=code, year=year)
        rate.amount, rate.confidence, rate.source, rate.note = amount, confidence, source, note
        rate.full_clean(validate_unique=False)
        rate.save()
    return rate


def rates_import(
    *,
    actor: Actor,
    name: str,
    content: bytes,
    title: str,
    reference: str,
    published_on: dt.date | None,
    confidence: str = Confidence.VERIFIED,
    replace: bool = False,
) -> list[GrantRate]:
    """Import a published rate table: every row, or (with RateImportError naming each bad row) none."""
    try:
        raw = imports.read_rate_file(name, content)
    except imports.RateFileError as exc:
        raise RateImportError([(exc.message, exc.params)]) from exc
    with transaction.atomic():
        existing = set(GrantRate.objects.select_for_update().values_list("code", "year"))
        rows, errors = imports.check_rows(raw, existing, replace=replace)
        source = RateSource(
            title=title, reference=reference, published_on=published_on, entered_by=_user(actor)
        )
        try:
            source.full_clean()
        except ValidationError as exc:
            errors.extend((message, {}) for message in exc.messages)
        if errors:
            raise RateImportError(errors)
        source.save()
        current = {(r.code, r.year): r for r in GrantRate.objects.filter(code__in={row.code for row in rows})}
        saved = []
        for row in rows:
            rate = current.get((row.code, row.year)) or GrantRate(code=row.code, year=row.year)
            rate.amount, rate.confidence, rate.source, rate.note = row.amount, confidence, source, row.note
            try:
                rate.full_clean(validate_unique=False)
            except ValidationError as exc:
                errors.append((MSG_ROW, {"row": row.number, "message": " ".join(exc.messages)}))
            saved.append(rate)
        if errors:
            raise RateImportError(errors)  # inside the transaction: the source is rolled back too
        for rate in saved:
            rate.save()
    return saved


def parameter_set(
    *, actor: Actor, key: str, value: Any, confidence: str, source: str, note: str = ""
) -> RuleParameter:
    with transaction.atomic():
        value = check_parameter_value(key, value)
        parameter = RuleParameter.objects.filter(key=key).first() or RuleParameter(key=key)
        parameter.value, parameter.confidence, parameter.source, parameter.note = (
            value,
            confidence,
            source,
            note,
        )
        parameter.full_clean()
        parameter.save()
    return parameter


def _user(actor: Actor):
    user = actor.user
    return user if getattr(user, "is_authenticated", False) else None


# ---------------------------------------------------------------------------- a person's grant facts
FACT_FIELDS = (
    "first_settled_on",
    "year_one_group",
    "reference_person",
    "reference_first_settled_on",
    "reference_status",
    "norwegian_rate_band",
    "note",
)
DISABILITY_FIELDS = (
    "kind",
    "applied_on",
    "decision",
    "decided_on",
    "amount_per_year",
    "first_year",
    "last_year",
    "note",
)


def _grant_fields(grant: DisabilityGrant) -> dict[str, Any]:
    """A disability grant's fields, named as its audit entries name them (a person may have several)."""
    return {f"disability_grant.{k}": v for k, v in snapshot(grant, DISABILITY_FIELDS).items()}


def grant_facts_save(
    *, actor: Actor, person: Person, data: dict[str, Any], channel: str = AuditChannel.PAGE
) -> GrantFacts:
    """Save what a person's grants depend on that the register does not hold."""
    with transaction.atomic():
        facts = GrantFacts.objects.select_for_update().filter(person=person).first()
        creating = facts is None
        facts = facts or GrantFacts(person=person)
        before = {} if creating else snapshot(facts, FACT_FIELDS)
        for field, value in data.items():
            if field not in FACT_FIELDS:
                raise ValueError(f"{field} is not a grant fact")
            setattr(facts, field, value)
        if facts.reference_person_id == person.pk:
            raise ValidationError({"reference_person": MSG_REFERENCE_SELF})
        facts.full_clean()
        facts.save()
        record_change(
            actor,
            person=person,
            section=Section.FINANCES,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(facts, FACT_FIELDS),
            channel=channel,
        )
    return facts


def _check_disability(grant: DisabilityGrant) -> None:
    errors: dict[str, Any] = {}
    if grant.decision != Decision.PENDING and grant.decided_on is None:
        errors["decided_on"] = MSG_DECISION_DATE
    if grant.decided_on and grant.applied_on and grant.decided_on < grant.applied_on:
        errors["decided_on"] = MSG_DECISION_BEFORE_APPLIED
    if grant.kind == DisabilityKind.ANNUAL and grant.decision == Decision.GRANTED:
        if grant.amount_per_year is None or grant.first_year is None or grant.last_year is None:
            errors["amount_per_year"] = MSG_ANNUAL_NEEDS
        elif grant.last_year < grant.first_year:
            errors["last_year"] = MSG_YEARS_ORDER
    if errors:
        raise ValidationError(errors)


def disability_grant_save(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    grant: DisabilityGrant | None = None,
    channel: str = AuditChannel.PAGE,
) -> DisabilityGrant:
    """Save an application for a disability grant, or its decision."""
    with transaction.atomic():
        creating = grant is None
        if grant is not None:
            grant = DisabilityGrant.objects.select_for_update().get(pk=grant.pk, person=person)
        grant = grant or DisabilityGrant(person=person)
        before = {} if creating else _grant_fields(grant)
        for field, value in data.items():
            if field not in DISABILITY_FIELDS:
                raise ValueError(f"{field} is not a disability grant field")
            setattr(grant, field, value)
        grant.full_clean()
        _check_disability(grant)
        grant.save()
        record_change(
            actor,
            person=person,
            section=Section.FINANCES,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=_grant_fields(grant),
            channel=channel,
        )
    return grant


def disability_grant_delete(
    *, actor: Actor, person: Person, grant: DisabilityGrant, channel=AuditChannel.PAGE
):
    with transaction.atomic():
        before = _grant_fields(grant)
        DisabilityGrant.objects.filter(pk=grant.pk, person=person).delete()
        record_change(
            actor,
            person=person,
            section=Section.FINANCES,
            action=AuditAction.DELETE,
            before=before,
            after={},
            channel=channel,
        )


# ---------------------------------------------------------------------------- a municipality's figures
def receipt_save(
    *, actor: Actor, municipality: Municipality, year: int, grant: str, amount: Decimal, note: str = ""
) -> ActualReceipt:
    """Enter or correct what the municipality received of a grant in a year."""
    with transaction.atomic():
        receipt = ActualReceipt.objects.filter(municipality=municipality, year=year, grant=grant).first()
        receipt = receipt or ActualReceipt(municipality=municipality, year=year, grant=grant)
        receipt.amount, receipt.note, receipt.changed_by = amount, note, _user(actor)
        receipt.full_clean(validate_unique=False)
        receipt.save()
    return receipt


def receipt_delete(*, actor: Actor, municipality: Municipality, pk: int) -> None:
    ActualReceipt.objects.filter(municipality=municipality, pk=pk).delete()


def cost_save(
    *,
    actor: Actor,
    municipality: Municipality,
    year: int,
    kind: str,
    amount: Decimal,
    label: str = "",
    note: str = "",
) -> CostEntry:
    """Enter or correct a main cost of a year; a measure by its name."""
    label = label.strip()
    if kind == CostKind.MEASURE and not label:
        raise ValidationError({"label": MSG_LABEL_NEEDED})
    with transaction.atomic():
        entry = CostEntry.objects.filter(municipality=municipality, year=year, kind=kind, label=label).first()
        entry = entry or CostEntry(municipality=municipality, year=year, kind=kind, label=label)
        entry.amount, entry.note, entry.changed_by = amount, note, _user(actor)
        entry.full_clean(validate_unique=False)
        entry.save()
    return entry


def cost_delete(*, actor: Actor, municipality: Municipality, pk: int) -> None:
    CostEntry.objects.filter(municipality=municipality, pk=pk).delete()


def scenario_save(
    *,
    actor: Actor,
    municipality: Municipality,
    name: str,
    description: str = "",
    scenario: Scenario | None = None,
) -> Scenario:
    with transaction.atomic():
        scenario = scenario or Scenario(municipality=municipality, created_by=_user(actor))
        scenario.name, scenario.description = name.strip(), description.strip()
        scenario.full_clean()
        scenario.save()
    return scenario


def scenario_delete(*, actor: Actor, scenario: Scenario) -> None:
    scenario.delete()


PLANNED_FIELDS = (
    "persons",
    "unaccompanied_minors",
    "minors_age",
    "single_adults",
    "adults_in_families",
    "children",
    "children_under_6",
    "elderly",
    "collective_protection",
)


def check_planned(data: dict[str, Any]) -> None:
    """A planned settlement's numbers must fit together. Pure; raises ValidationError by field."""
    errors: dict[str, Any] = {}
    persons = data.get("persons") or 0
    minors = data.get("unaccompanied_minors") or 0
    if minors > persons:
        errors["unaccompanied_minors"] = MSG_MINORS_TOO_MANY
    shapes = [data.get(f) for f in ("single_adults", "adults_in_families", "children")]
    given = [v is not None for v in shapes]
    others = persons - minors
    if any(given) and not all(given):
        errors["single_adults"] = MSG_SHAPES_INCOMPLETE
    elif all(given):
        if sum(shapes) != others:
            errors["single_adults"] = ValidationError(MSG_SHAPES_SUM, params={"expected": max(others, 0)})
        if (data.get("children_under_6") or 0) > shapes[2]:
            errors["children_under_6"] = MSG_UNDER_6_TOO_MANY
        if (data.get("elderly") or 0) > shapes[0] + shapes[1]:
            errors["elderly"] = MSG_ELDERLY_TOO_MANY
    if (data.get("collective_protection") or 0) > max(others, 0):
        errors["collective_protection"] = MSG_COLLECTIVE_TOO_MANY
    if errors:
        raise ValidationError(errors)


def planned_save(*, actor: Actor, scenario: Scenario, year: int, data: dict[str, Any]) -> PlannedSettlement:
    """Set how many the scenario settles in a year (replacing what it had for that year)."""
    check_planned(data)
    with transaction.atomic():
        planned = PlannedSettlement.objects.filter(scenario=scenario, year=year).first()
        planned = planned or PlannedSettlement(scenario=scenario, year=year)
        for field in PLANNED_FIELDS:
            if field in data:
                setattr(planned, field, data[field])
        planned.full_clean(validate_unique=False)
        planned.save()
        Scenario.objects.filter(pk=scenario.pk).update(updated_at=timezone.now())
    return planned


def planned_delete(*, actor: Actor, scenario: Scenario, pk: int) -> None:
    PlannedSettlement.objects.filter(scenario=scenario, pk=pk).delete()
