"""Guide matching: what it may use, and properties that hold for any volunteers and seekers.

Matching never uses religion, country, sex or an adult's age: the seeker's type cannot carry them, and
changing them in the persons the facts are taken from never changes a suggestion. Children's ages
matter, and only through the children rule.
"""

import dataclasses
import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lagrundt.community.guides import matching
from lagrundt.community.guides.matching import Candidate, Seeker
from lagrundt.people.languages import Language

ON = dt.date(2026, 11, 4)
LANGS = st.sampled_from(["ti", "ar", "uk", "en", "so", "prs"])
KEYS = st.sampled_from(["football", "hiking", "music", "skiing"])
AVAIL = st.sampled_from(["weekday_daytime", "weekday_evening", "weekend"])
AREAS = st.sampled_from(["", "Ulsåk", "Trøim", "Tuv"])


@st.composite
def candidates(draw):
    n = draw(st.integers(min_value=0, max_value=25))
    return [
        Candidate(
            pk=i,
            languages=frozenset(draw(st.sets(LANGS, max_size=2))),
            interests=frozenset(draw(st.sets(KEYS, max_size=3))),
            area=draw(AREAS),
            availability=frozenset(draw(st.sets(AVAIL, max_size=2))),
            children_ages=tuple(draw(st.lists(st.integers(0, 17), max_size=2))),
            cleared_for_children=draw(st.booleans()),
        )
        for i in range(n)
    ]


def adult_birth():
    # Anyone 18 to 90 on ON.
    return st.dates(min_value=dt.date(1936, 1, 1), max_value=dt.date(2008, 11, 4))


@st.composite
def member(draw, birth=None):
    return SimpleNamespace(
        languages=sorted(draw(st.sets(LANGS, max_size=2))),
        interpreter_language=draw(st.sampled_from(["", "ti", "uk"])),
        address=draw(st.sampled_from(["", "Ulsåk 4", "Trøimsvegen 2"])),
        birth_date=birth if birth is not None else draw(adult_birth()),
        country_background=draw(st.sampled_from(["ER", "SY", "UA", "AF"])),
        sex=draw(st.sampled_from(["female", "male"])),
        religion=draw(st.sampled_from(["", "any"])),
    )


def test_the_seeker_cannot_carry_country_sex_religion_or_an_adults_age():
    allowed = {f.name for f in dataclasses.fields(Seeker)}
    assert allowed == {"languages", "interests", "address", "availability", "children_ages"}
    for forbidden in ("country_background", "country", "sex", "religion", "birth_date", "age"):
        with pytest.raises(TypeError):
            Seeker(**{forbidden: "x"})
    with pytest.raises(ValueError):
        Seeker(children_ages=(34,))  # an adult's age is refused


@settings(max_examples=150, deadline=None)
@given(
    adults=st.lists(member(), min_size=1, max_size=3),
    others=st.data(),
    children=st.lists(st.dates(min_value=dt.date(2009, 1, 1), max_value=ON), max_size=3),
    pool=candidates(),
)
def test_country_sex_religion_and_adult_ages_never_change_the_result(adults, others, children, pool):
    seeker = matching.seeker_of(adults, on=ON, children=children)
    changed = [
        SimpleNamespace(
            **{
                **vars(a),
                "country_background": others.draw(st.sampled_from(["NO", "SO", "IR"])),
                "sex": others.draw(st.sampled_from(["female", "male"])),
                "religion": others.draw(st.sampled_from(["a", "b"])),
                "birth_date": others.draw(adult_birth()),
            }
        )
        for a in adults
    ]
    assert matching.seeker_of(changed, on=ON, children=children) == seeker
    assert matching.suggest(matching.seeker_of(changed, on=ON, children=children), pool) == matching.suggest(
        seeker, pool
    )


@settings(max_examples=150, deadline=None)
@given(
    seeker_langs=st.sets(LANGS, max_size=3),
    interests=st.sets(KEYS, max_size=3),
    ages=st.lists(st.integers(0, 17), max_size=3),
    pool=candidates(),
)
def test_with_children_only_cleared_volunteers_and_every_suggestion_has_reasons(
    seeker_langs, interests, ages, pool
):
    seeker = Seeker(
        languages=frozenset(seeker_langs), interests=frozenset(interests), children_ages=tuple(ages)
    )
    found = matching.suggest(seeker, pool, top=100)
    by_pk = {c.pk: c for c in pool}
    for s in found:
        assert s.reasons, "a suggestion always says why"
        if ages:
            assert by_pk[s.pk].cleared_for_children
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    if not ages:
        # Without children, clearance changes nothing.
        flipped = [c._replace(cleared_for_children=not c.cleared_for_children) for c in pool]
        assert matching.suggest(seeker, flipped, top=100) == found


@settings(max_examples=150, deadline=None)
@given(
    pool=candidates(),
    ages=st.lists(st.integers(0, 17), min_size=1, max_size=3),
    other_ages=st.lists(st.integers(0, 17), min_size=1, max_size=3),
    langs=st.sets(LANGS, max_size=2),
)
def test_childrens_ages_matter_only_through_the_children_reason(pool, ages, other_ages, langs):
    """Two families with children that differ only in the children's ages: every volunteer's other
    reasons are the same for both."""
    first = Seeker(languages=frozenset(langs), children_ages=tuple(ages))
    second = dataclasses.replace(first, children_ages=tuple(other_ages))

    def others(seeker, candidate):
        found = matching.score(seeker, candidate)
        return [r for r in found.reasons if r.code != "children"] if found else []

    for candidate in pool:
        assert others(first, candidate) == others(second, candidate)


def test_reasons_are_shown_as_labels():
    seeker = Seeker(
        languages=frozenset({"ti"}),
        interests=frozenset({"football", "hiking"}),
        address="Ulsåkvegen 3, Hemsedal",
        children_ages=(6,),
    )
    volunteer = Candidate(
        pk=1,
        languages=frozenset({"ti", "en"}),
        interests=frozenset({"football", "hiking", "music"}),
        area="ulsåk",
        children_ages=(7,),
        cleared_for_children=True,
    )
    found = matching.score(seeker, volunteer, {"football": "Football", "hiking": "Hiking"})
    assert found is not None
    assert [r.label for r in found.reasons] == [
        f"Speaks {Language('ti').label}",
        "Shares interests: Football, Hiking",
        "Lives in ulsåk",
        "Has children of similar ages",
    ]
    assert found.codes == ["language:ti", "interests:football,hiking", "area:ulsåk", "children"]


def test_a_volunteer_without_a_police_certificate_is_not_suggested_to_a_family_with_children():
    seeker = Seeker(languages=frozenset({"ti"}), children_ages=(4,))
    volunteer = Candidate(pk=1, languages=frozenset({"ti"}), cleared_for_children=False)
    assert matching.score(seeker, volunteer) is None
    assert matching.score(dataclasses.replace(seeker, children_ages=()), volunteer) is not None


def test_children_of_similar_ages_is_within_two_years():
    seeker = Seeker(children_ages=(6,))
    near = Candidate(pk=1, children_ages=(8,), cleared_for_children=True)
    far = Candidate(pk=2, children_ages=(9,), cleared_for_children=True)
    assert matching.score(seeker, near).codes == ["children"]
    assert matching.score(seeker, far) is None


def test_children_ages_come_from_birth_dates_and_adults_give_none():
    people = [
        SimpleNamespace(languages=[], interpreter_language="", address="", birth_date=dt.date(1980, 1, 1))
    ]
    seeker = matching.seeker_of(people, on=ON, children=[dt.date(2020, 11, 5), dt.date(2008, 11, 4)])
    # Born 2020-11-05: 5 on 2026-11-04; born 2008-11-04: 18 that day, so an adult.
    assert seeker.children_ages == (5,)
