"""The facts the routine engine reads from the programme: who is a participant, since when, and the
day the deadline for decision and start counts from (the claim, or the settlement).

A decision settles it: granted is a participant, refused is not. Before any decision, a person in
the target group (right and duty, or right only) is one unless they declined: the duties before the
decision (assessment, career guidance, the decision itself) are theirs. The right is read on the
settlement day, when the duty arose, so that an overdue decision is not closed as "no longer
applies" when the two years in the municipality have passed.

Asked for by ``routines.engine`` through ``core.plugins.app_modules("routine_facts")``, so that the
engine never imports this app. The rule is ``rules.eligibility``'s, read here in bulk: one query for
the cases, one for the decisions, whatever the number of persons.
"""

from collections.abc import Mapping

from lagrundt.core.dates import age_on

from . import rules
from .models import Decision, DecisionKind, ProgrammeCase
from .rulebook import RuleMissing
from .selectors import rulebook


def person_facts(facts: Mapping[int, object]) -> dict[int, dict]:
    """For the engine's persons: ``{id: {"intro_participant": bool, "programme_start": date | None}}``."""
    ids = list(facts)
    if not ids:
        return {}
    answers: dict[int, tuple[str, object]] = {}
    for person_id, kind, starts_on in (
        Decision.objects.filter(person_id__in=ids, kind__in=[DecisionKind.PROGRAMME, DecisionKind.REFUSAL])
        .order_by("person_id", "decided_on", "pk")
        .values_list("person_id", "kind", "starts_on")
    ):
        answers[person_id] = (kind, starts_on)  # the latest wins
    cases = {
        row[0]: row[1:]
        for row in ProgrammeCase.objects.filter(person_id__in=ids).values_list(
            "person_id",
            "permit_basis",
            "permit_granted_on",
            "settled_by_agreement",
            "nordic_or_eea",
            "declined_on",
            "claim_made_on",
        )
    }
    book = rulebook()
    result = {}
    for pid, f in facts.items():
        answer = answers.get(pid)
        case = cases.get(pid)
        claim = rules.programme_claim(case[5] if case else None, f.settled_on)
        if answer is not None:
            granted = answer[0] == DecisionKind.PROGRAMME
            result[pid] = {
                "intro_participant": granted,
                "programme_start": answer[1] if granted else None,
                "programme_claim": claim,
            }
            continue
        participant = False
        settled = f.settled_on
        # Younger than 18 at settlement is younger than 18 on the permit date, which came before it.
        if settled is not None and not (case and case[4]) and age_on(f.birth_date, settled) >= 18:
            basis, permit, agreed, nordic = case[:4] if case else ("", None, None, False)
            participant = _in_target_group(
                book,
                rules.EligibilityFacts.from_register(
                    birth_date=f.birth_date,
                    settled_on=settled,
                    category=f.category,
                    basis=basis,
                    permit_granted_on=permit,
                    settled_by_agreement=agreed,
                    nordic_or_eea=nordic,
                ),
                settled,
            )
        result[pid] = {"intro_participant": participant, "programme_start": None, "programme_claim": claim}
    return result


def _in_target_group(book, facts: rules.EligibilityFacts, on) -> bool:
    try:
        return rules.eligibility(book, facts, on).in_target_group
    except RuleMissing:
        # Settled before integreringsloven (1 January 2021): its rules do not apply, nor its routines.
        return False
