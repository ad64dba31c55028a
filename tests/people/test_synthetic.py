"""Synthetic persons: valid synthetic IDs, sane families and dates, Latin names, same data per seed."""

import datetime as dt
import random
import unicodedata
from collections import Counter, defaultdict

import pytest
from stdnum.no import fodselsnummer

from lagrundt.access.models import AuditEntry
from lagrundt.core.dates import age_on
from lagrundt.people import rules
from lagrundt.people.models import (
    Household,
    MoveOut,
    Person,
    Relation,
    RelationKind,
    SearchToken,
    Settlement,
    SettlementCategory,
)
from lagrundt.people.services import INVERSE_RELATION
from lagrundt.people.synthetic import generate_people, synthetic_national_id
from lagrundt.tenancy.models import Municipality

TODAY = dt.date(2026, 6, 1)
COUNT = 300


@pytest.fixture
def municipalities(db):
    return [
        Municipality.objects.create(number="3326", name="Hemsedal", slug="hemsedal"),
        Municipality.objects.create(number="3328", name="Ål", slug="aal"),
    ]


@pytest.fixture
def generated(municipalities):
    summary = generate_people(municipalities, COUNT, TODAY, seed=7)
    return summary, list(Person.objects.select_related("settlement", "move_out").order_by("pk"))


def settlement_of(person):
    return getattr(person, "settlement", None)


def fingerprint():
    return [
        (
            p.given_name,
            p.family_name,
            p.birth_date,
            p.sex,
            p.national_id,
            p.country_background.code,
            tuple(p.languages),
            p.moved_out_on,
            p.household.name if p.household else None,
            p.municipality.slug,
        )
        for p in Person.objects.select_related("household", "municipality").order_by("pk")
    ]


def test_counts_and_no_audit(generated, municipalities):
    summary, persons = generated
    assert len(persons) == summary["persons"] == COUNT
    assert Counter(p.municipality_id for p in persons) == {m.pk: COUNT // 2 for m in municipalities}
    assert Settlement.objects.count() == summary["settlements"]
    assert MoveOut.objects.count() == summary["move_outs"]
    assert Relation.objects.count() == summary["relations"]
    assert Household.objects.count() == summary["households"]
    assert AuditEntry.objects.count() == 0


def test_national_ids_are_synthetic_valid_and_match_birth_date(generated):
    _, persons = generated
    with_id = [p for p in persons if p.national_id]
    assert 0.7 < len(with_id) / len(persons) < 0.97
    assert len({p.national_id for p in with_id}) == len(with_id)
    for p in with_id:
        assert fodselsnummer.is_valid(p.national_id), p.national_id
        assert int(p.national_id[2:4]) > 40
        assert fodselsnummer.get_birth_date(p.national_id) == p.birth_date
        assert rules.validate_national_id(p.national_id, p.birth_date) == p.national_id
        assert fodselsnummer.get_gender(p.national_id) == ("M" if p.sex == "male" else "F")


def test_synthetic_national_id_covers_both_centuries():
    rng = random.Random(1)
    for birth in (dt.date(1950, 2, 28), dt.date(1999, 12, 31), dt.date(2000, 1, 1), dt.date(2024, 2, 29)):
        for male in (True, False):
            number = synthetic_national_id(birth, male, rng)
            assert fodselsnummer.get_birth_date(number) == birth
            assert fodselsnummer.is_valid(number)


def test_every_person_passes_model_validation(generated):
    _, persons = generated
    for p in persons:
        p.full_clean()
        if settlement_of(p):
            p.settlement.full_clean()
        if hasattr(p, "move_out"):
            p.move_out.full_clean()


def test_dates_are_in_order(generated):
    _, persons = generated
    window_start = TODAY.replace(year=TODAY.year - 6)
    for p in persons:
        assert p.birth_date <= TODAY
        settlement = settlement_of(p)
        if settlement:
            assert p.birth_date <= settlement.settled_on <= TODAY
            assert settlement.settled_on >= window_start
            assert settlement.municipality_id == p.municipality_id
        if hasattr(p, "move_out"):
            assert p.moved_out_on == p.move_out.moved_on
            assert p.move_out.moved_on <= TODAY
            assert p.move_out.moved_on >= (settlement.settled_on if settlement else p.birth_date)
        else:
            assert p.moved_out_on is None


def test_some_moved_out(generated):
    _, persons = generated
    moved = [p for p in persons if p.moved_out_on]
    assert 0.03 < len(moved) / len(persons) < 0.3
    assert all(hasattr(p, "move_out") for p in moved)


def test_households_have_sane_shapes(generated):
    _, persons = generated
    by_id = {p.pk: p for p in persons}
    relations = list(Relation.objects.all())
    pairs = {(r.person_id, r.relative_id): r.kind for r in relations}
    for r in relations:
        assert pairs[(r.relative_id, r.person_id)] == INVERSE_RELATION[r.kind]
        assert by_id[r.person_id].household_id == by_id[r.relative_id].household_id is not None
    parents = defaultdict(list)
    spouses = Counter()
    for r in relations:
        if r.kind == RelationKind.PARENT:
            child, parent = by_id[r.person_id], by_id[r.relative_id]
            parents[child.pk].append(parent)
            assert age_on(parent.birth_date, child.birth_date) >= 15
        elif r.kind == RelationKind.SPOUSE:
            spouses[r.person_id] += 1
            assert rules.is_adult(by_id[r.person_id].birth_date, TODAY)
    assert all(len(p) <= 2 for p in parents.values())
    assert all(n == 1 for n in spouses.values())
    members = defaultdict(list)
    for p in persons:
        if p.household_id:
            members[p.household_id].append(p)
    for household in members.values():
        # A household has at most two adults who arrived as adults, and members share a municipality.
        assert len({p.municipality_id for p in household}) == 1
        given = [p.given_name for p in household]
        assert len(given) == len(set(given))
        assert len(household) <= 7
    sizes = Counter(len(h) for h in members.values())
    assert sizes[1] and sizes[2] and sum(n for size, n in sizes.items() if size >= 3)


def test_categories_and_shapes_follow_the_plans(generated):
    _, persons = generated
    settled = [p for p in persons if settlement_of(p)]
    ukrainians = [p for p in settled if p.country_background.code == "UA"]
    assert ukrainians
    tcp = sum(p.settlement.category == SettlementCategory.TEMPORARY_COLLECTIVE_PROTECTION for p in ukrainians)
    assert tcp / len(ukrainians) > 0.8
    categories = Counter(p.settlement.category for p in settled)
    assert categories[SettlementCategory.RESETTLEMENT_REFUGEE]
    assert categories[SettlementCategory.ASYLUM_FROM_RECEPTION_CENTRE]
    for p in settled:
        s = p.settlement
        if s.category == SettlementCategory.RESETTLEMENT_REFUGEE:
            assert s.came_directly
        if s.category == SettlementCategory.ASYLUM_FROM_RECEPTION_CENTRE:
            assert not s.came_directly
        if s.category == SettlementCategory.UNACCOMPANIED_MINOR:
            assert 15 <= age_on(p.birth_date, s.settled_on) <= 17
    assert {p.country_background.code for p in persons} >= {"UA", "ER", "SY"}
    born_here = [p for p in persons if not settlement_of(p)]
    for child in born_here:
        assert child.household_id is not None
        for relation in Relation.objects.filter(person=child, kind=RelationKind.PARENT):
            parent_settled = Settlement.objects.get(person_id=relation.relative_id).settled_on
            assert child.birth_date > parent_settled


def test_names_are_latin_script(generated):
    _, persons = generated
    for p in persons:
        for name in (p.given_name, p.family_name):
            assert name and name == name.strip()
            rules.validate_name(name)
            for ch in name:
                assert ch in " -'." or "LATIN" in unicodedata.name(ch), (name, ch)
    tokens = set(SearchToken.objects.filter(person__in=persons).values_list("person_id", "token"))
    for p in persons:
        household = p.household.name if p.household_id else ""
        expected = rules.name_tokens(p.given_name, p.family_name, household)
        assert {t for pk, t in tokens if pk == p.pk} == expected


def test_languages_and_interpreters(generated):
    _, persons = generated
    adults = [p for p in persons if rules.is_adult(p.birth_date, TODAY)]
    assert sum(p.interpreter_needed for p in adults) / len(adults) > 0.4
    for p in persons:
        assert p.languages
        if p.interpreter_needed:
            assert p.interpreter_language == p.languages[0]
        else:
            assert p.interpreter_language == ""
    consenting = sum(p.consents_to_leisure_contact for p in persons) / len(persons)
    assert 0.25 < consenting < 0.75


def test_same_seed_gives_same_data(municipalities):
    generate_people(municipalities, 120, TODAY, seed=11)
    first = fingerprint()
    Person.objects.all().delete()
    Household.objects.all().delete()
    generate_people(municipalities, 120, TODAY, seed=11)
    assert fingerprint() == first
    Person.objects.all().delete()
    Household.objects.all().delete()
    generate_people(municipalities, 120, TODAY, seed=12)
    assert fingerprint() != first


def test_generating_again_adds_persons_without_id_clashes(municipalities):
    generate_people(municipalities, 100, TODAY, seed=3)
    generate_people(municipalities, 100, TODAY, seed=3)
    ids = list(Person.objects.exclude(national_id=None).values_list("national_id", flat=True))
    assert Person.objects.count() == 200
    assert len(ids) == len(set(ids))
