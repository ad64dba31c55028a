"""The matching: constructed cases where the right ranking is known, and properties that must hold for
every candidate and opening (hypothesis)."""

import dataclasses
import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lagrundt.work import occupations, rules
from lagrundt.work.rules import MET, MISSING, PARTIAL, Candidate, OpeningData, Requirement
from lagrundt.work.vocabulary import (
    CEFR_BY_RANK,
    LIMIT_FOR_DEMAND,
    Certificate,
    LicenceClass,
    Limit,
    OpeningKind,
    PhysicalDemand,
)

TODAY = dt.date(2026, 11, 2)
WEIGHTS = {
    "occupation": 25,
    "experience": 5,
    "norwegian": 25,
    "licences": 10,
    "certificates": 5,
    "physical": 5,
    "availability": 5,
    "hours": 5,
    "season": 15,
    "wishes": 10,
}


def opening(*requirements, **fields) -> OpeningData:
    values = dict(
        opening_id=1,
        occupation="9112",
        kind=OpeningKind.SEASONAL,
        hours_per_week=30,
        starts_on=dt.date(2026, 12, 1),
        weights=WEIGHTS,
        requirements=tuple(requirements),
    )
    values.update(fields)
    return OpeningData(**values)


def oral(level, required=True):
    return Requirement("norwegian_oral", level, required)


# ---------------------------------------------------------------------------- constructed cases
def test_winter_season_cleaning_ranks_as_a_case_worker_would():
    """Hemsedal's winter season: hotel cleaning, 30 hours, oral Norwegian A2 required, bus to the hotel."""
    job = opening(oral("A2"))
    people = [
        Candidate(1, experience=(("9112", 3.0),), norwegian_oral=3),  # cleaner in hotels, B1
        Candidate(
            2, experience=(("9111", 2.0),), norwegian_oral=2
        ),  # cleaner in homes (same minor group), A2
        Candidate(3, experience=(("5120", 4.0),), norwegian_oral=4),  # cook, B2: other occupation
        Candidate(4, experience=(("9112", 6.0),), norwegian_oral=1),  # A1: below the required A2
        Candidate(5, experience=(("9112", 2.0),), norwegian_oral=3, takes_bus=False),  # no bus, no car
        Candidate(6, experience=(("9112", 2.0),), norwegian_oral=3, seasonal_work=False),  # no season
    ]
    ranking = rules.rank_candidates(people, job, TODAY)
    assert [m.person_id for m in ranking.matches] == [1, 2, 6, 3]
    assert ranking.matches[0].score == pytest.approx(100.0)
    # 2: occupation three of four digits (18.75 of 25), everything else met; 80 is the weight that applies.
    assert ranking.matches[1].score == pytest.approx(100 * 73.75 / 80)
    assert sorted(m.person_id for m in ranking.excluded) == [4, 5]
    oral_4 = next(c for c in rules.evaluate(people[3], job, TODAY).criteria if c.key == "norwegian_oral")
    assert (oral_4.status, oral_4.excludes, oral_4.facts) == (PARTIAL, True, (1, 2))
    travel_5 = next(c for c in rules.evaluate(people[4], job, TODAY).criteria if c.key == "travel")
    assert (travel_5.status, travel_5.excludes) == (MISSING, True)


def test_a_preferred_requirement_weighs_but_does_not_exclude():
    job = opening(oral("B1", required=False), kind=OpeningKind.PERMANENT)
    a2 = rules.evaluate(Candidate(1, experience=(("9112", 1.0),), norwegian_oral=2), job, TODAY)
    b1 = rules.evaluate(Candidate(2, experience=(("9112", 1.0),), norwegian_oral=3), job, TODAY)
    assert not a2.excluded and not b1.excluded
    assert a2.score < b1.score
    criterion = next(c for c in a2.criteria if c.key == "norwegian_oral")
    assert criterion.status == PARTIAL and criterion.fraction == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("candidate", "job", "way"),
    [
        (Candidate(1, takes_bus=True), opening(bus_connection=True), "bus"),
        (
            Candidate(1, takes_bus=False, has_car=True, licences=frozenset({"B"})),
            opening(bus_connection=True),
            "car",
        ),
        (Candidate(1, takes_bus=False), opening(bus_connection=False, transport_provided=True), "transport"),
    ],
)
def test_any_way_to_get_there_is_enough(candidate, job, way):
    match = rules.evaluate(candidate, job, TODAY)
    travel = match.criteria[0]
    assert (travel.key, travel.status, travel.facts, match.excluded) == ("travel", MET, (way,), False)


@pytest.mark.parametrize(
    "candidate",
    [
        Candidate(1, takes_bus=True, has_car=False),  # the bus does not go there
        Candidate(1, takes_bus=True, has_car=True),  # a car, but no licence to drive it
        Candidate(1, takes_bus=False, has_car=False, licences=frozenset({"B"})),  # a licence, no car
    ],
)
def test_no_car_and_no_bus_is_no_match_not_a_low_score(candidate):
    match = rules.evaluate(candidate, opening(bus_connection=False), TODAY)
    assert match.excluded
    assert next(c for c in match.criteria if c.key == "travel").excludes


@pytest.mark.parametrize(
    ("experience", "status", "fraction"),
    [
        ((("9112", 1.0),), MET, 1.0),
        ((("9111", 1.0),), PARTIAL, 0.75),  # the same minor group 911
        ((("9122", 1.0),), PARTIAL, 0.5),  # the same sub-major group 91
        ((("9621", 1.0),), PARTIAL, 0.25),  # the same major group 9
        ((("5120", 1.0),), MISSING, 0.0),
        ((), MISSING, 0.0),
        ((("5120", 9.0), ("9111", 1.0)), PARTIAL, 0.75),  # the closest counts
    ],
)
def test_occupation_closeness_by_shared_styrk_digits(experience, status, fraction):
    match = rules.evaluate(Candidate(1, experience=experience), opening(), TODAY)
    criterion = next(c for c in match.criteria if c.key == "occupation")
    assert (criterion.status, criterion.fraction) == (status, fraction)


def test_limits_clash_with_physical_demands():
    job = opening(
        Requirement("physical", PhysicalDemand.HEAVY_LIFTING, True),
        Requirement("physical", PhysicalDemand.LONG_STANDING, False),
    )
    can_all = rules.evaluate(Candidate(1), job, TODAY)
    no_standing = rules.evaluate(Candidate(2, limits=frozenset({Limit.NO_LONG_STANDING})), job, TODAY)
    no_lifting = rules.evaluate(Candidate(3, limits=frozenset({Limit.NO_HEAVY_LIFTING})), job, TODAY)
    assert not can_all.excluded and not no_standing.excluded and no_lifting.excluded
    assert no_standing.score < can_all.score
    assert next(c for c in no_standing.criteria if c.key == "physical").facts == (
        PhysicalDemand.LONG_STANDING,
    )


def test_a_lorry_licence_covers_a_car_requirement():
    job = opening(Requirement("licence", "B", True))
    holder = Candidate(1, licences=rules.licences_entitled({"CE"}))
    assert not rules.evaluate(holder, job, TODAY).excluded
    assert rules.evaluate(Candidate(2, licences=frozenset({"AM"})), job, TODAY).excluded


def test_availability_hours_and_season_weigh():
    job = opening(hours_per_week=37, starts_on=dt.date(2026, 12, 1))
    now = rules.evaluate(Candidate(1), job, TODAY)
    soon = rules.evaluate(Candidate(2, available_from=dt.date(2026, 12, 20)), job, TODAY)
    late = rules.evaluate(Candidate(3, available_from=dt.date(2027, 6, 1)), job, TODAY)
    part_time = rules.evaluate(Candidate(4, max_hours=20), job, TODAY)
    assert now.score > soon.score > late.score
    assert now.score > part_time.score
    assert next(c for c in part_time.criteria if c.key == "hours").fraction == pytest.approx(20 / 37)


def test_an_opening_that_already_started_counts_from_today():
    job = opening(starts_on=dt.date(2026, 1, 1))
    match = rules.evaluate(Candidate(1, available_from=TODAY), job, TODAY)
    assert next(c for c in match.criteria if c.key == "availability").status == MET


def test_ties_keep_a_stable_order():
    same = [Candidate(i) for i in (5, 3, 9)]
    assert [m.person_id for m in rules.rank_candidates(same, opening(), TODAY).matches] == [3, 5, 9]


# ---------------------------------------------------------------------- no sex, religion, country or age
FORBIDDEN = {"sex", "gender", "religion", "country", "country_background", "nationality", "age", "birth_date"}


def test_the_matching_cannot_be_given_sex_religion_country_or_age():
    names = {f.name for f in dataclasses.fields(Candidate)}
    assert not names & FORBIDDEN
    for name in FORBIDDEN:
        with pytest.raises(TypeError):
            Candidate(1, **{name: "x"})


# ---------------------------------------------------------------------------- properties
UNIT_GROUPS = sorted(c for c in occupations.occupations() if len(c) == 4)
codes = st.sampled_from(UNIT_GROUPS)
levels = st.integers(min_value=0, max_value=5)
licence_sets = st.frozensets(st.sampled_from(LicenceClass.values), max_size=4).map(rules.licences_entitled)


@st.composite
def candidates(draw):
    return Candidate(
        person_id=draw(st.integers(min_value=1, max_value=10_000)),
        experience=tuple(
            draw(st.lists(st.tuples(codes, st.floats(0, 30).map(lambda y: round(y, 1))), max_size=3))
        ),
        wished_occupations=draw(st.frozensets(codes, max_size=2)),
        norwegian_oral=draw(levels),
        norwegian_written=draw(levels),
        licences=draw(licence_sets),
        certificates=draw(st.frozensets(st.sampled_from(Certificate.values), max_size=3)),
        limits=draw(st.frozensets(st.sampled_from(Limit.values), max_size=2)),
        max_hours=draw(st.none() | st.integers(1, 60)),
        available_from=draw(st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31))),
        seasonal_work=draw(st.booleans()),
        has_car=draw(st.booleans()),
        takes_bus=draw(st.booleans()),
    )


@st.composite
def requirements(draw):
    kind = draw(
        st.sampled_from(
            ["norwegian_oral", "norwegian_written", "licence", "certificate", "experience", "physical"]
        )
    )
    value = {
        "norwegian_oral": st.sampled_from(list(CEFR_BY_RANK.values())),
        "norwegian_written": st.sampled_from(list(CEFR_BY_RANK.values())),
        "licence": st.sampled_from(LicenceClass.values),
        "certificate": st.sampled_from(Certificate.values),
        "experience": st.integers(1, 10).map(str),
        "physical": st.sampled_from(PhysicalDemand.values),
    }[kind]
    return Requirement(kind, draw(value), draw(st.booleans()))


@st.composite
def openings(draw):
    return opening(
        *draw(st.lists(requirements(), max_size=5)),
        occupation=draw(codes),
        kind=draw(st.sampled_from(OpeningKind.values)),
        hours_per_week=draw(st.integers(1, 60)),
        starts_on=draw(st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31))),
        bus_connection=draw(st.booleans()),
        transport_provided=draw(st.booleans()),
        weights={k: draw(st.integers(0, 40)) for k in WEIGHTS},
    )


def relevant_years(candidate: Candidate, job: OpeningData) -> float:
    return sum(y for code, y in candidate.experience if code[:3] == job.occupation[:3])


@st.composite
def met_requirement(draw, candidate: Candidate, job: OpeningData):
    """A requirement the candidate meets, if there is one to make."""
    options = []
    if candidate.norwegian_oral:
        options.append(("norwegian_oral", CEFR_BY_RANK[draw(st.integers(1, candidate.norwegian_oral))]))
    if candidate.norwegian_written:
        options.append(("norwegian_written", CEFR_BY_RANK[draw(st.integers(1, candidate.norwegian_written))]))
    if candidate.licences:
        options.append(("licence", draw(st.sampled_from(sorted(candidate.licences)))))
    if candidate.certificates:
        options.append(("certificate", draw(st.sampled_from(sorted(candidate.certificates)))))
    if relevant_years(candidate, job) >= 1:
        options.append(("experience", str(draw(st.integers(1, int(relevant_years(candidate, job)))))))
    free = [d for d in PhysicalDemand.values if LIMIT_FOR_DEMAND[d] not in candidate.limits]
    if free:
        options.append(("physical", draw(st.sampled_from(free))))
    assume(options)
    kind, value = draw(st.sampled_from(options))
    return Requirement(kind, value, draw(st.booleans()))


@st.composite
def unmet_requirement(draw, candidate: Candidate, job: OpeningData):
    """A requirement the candidate does not meet, if there is one to make."""
    options = []
    if candidate.norwegian_oral < 5:
        options.append(("norwegian_oral", CEFR_BY_RANK[draw(st.integers(candidate.norwegian_oral + 1, 5))]))
    if candidate.norwegian_written < 5:
        options.append(
            ("norwegian_written", CEFR_BY_RANK[draw(st.integers(candidate.norwegian_written + 1, 5))])
        )
    missing_licences = sorted(set(LicenceClass.values) - candidate.licences)
    if missing_licences:
        options.append(("licence", draw(st.sampled_from(missing_licences))))
    missing_certificates = sorted(set(Certificate.values) - candidate.certificates)
    if missing_certificates:
        options.append(("certificate", draw(st.sampled_from(missing_certificates))))
    years = relevant_years(candidate, job)
    if years < 40:
        options.append(("experience", str(draw(st.integers(int(years) + 1, 41)))))
    clashing = [d for d in PhysicalDemand.values if LIMIT_FOR_DEMAND[d] in candidate.limits]
    if clashing:
        options.append(("physical", draw(st.sampled_from(clashing))))
    kind, value = draw(st.sampled_from(options))
    return Requirement(kind, value, True)


@settings(max_examples=400, deadline=None)
@given(data=st.data(), candidate=candidates(), job=openings())
def test_adding_a_met_requirement_never_lowers_a_score(data, candidate, job):
    before = rules.evaluate(candidate, job, TODAY)
    extra = data.draw(met_requirement(candidate, job))
    after = rules.evaluate(
        candidate, dataclasses.replace(job, requirements=(*job.requirements, extra)), TODAY
    )
    assert after.score >= before.score - 1e-9
    assert after.excluded == before.excluded


@settings(max_examples=400, deadline=None)
@given(data=st.data(), candidate=candidates(), job=openings())
def test_a_required_requirement_not_met_always_excludes(data, candidate, job):
    extra = data.draw(unmet_requirement(candidate, job))
    match = rules.evaluate(
        candidate, dataclasses.replace(job, requirements=(*job.requirements, extra)), TODAY
    )
    assert match.excluded
    assert any(c.excludes for c in match.criteria)


@settings(max_examples=300, deadline=None)
@given(candidate=candidates(), job=openings())
def test_no_car_and_no_bus_always_excludes(candidate, job):
    stranded = dataclasses.replace(candidate, has_car=False, takes_bus=False)
    match = rules.evaluate(stranded, dataclasses.replace(job, transport_provided=False), TODAY)
    assert match.excluded


@settings(max_examples=600, deadline=None)
@given(candidate=candidates(), job=openings(), today=st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)))
def test_the_fast_ranking_scores_exactly_as_the_explanation(candidate, job, today):
    """Ranking uses ``scorer``; pages explain with ``evaluate``: the two must never disagree."""
    match = rules.evaluate(candidate, job, today)
    score, excluded = rules.scorer(job, today)(candidate)
    assert score == pytest.approx(match.score, abs=1e-9)
    assert excluded == match.excluded


@settings(max_examples=200, deadline=None)
@given(people=st.lists(candidates(), max_size=12, unique_by=lambda c: c.person_id), job=openings())
def test_rankings_are_sorted_and_split_like_the_explanations(people, job):
    ranking = rules.rank_candidates(people, job, TODAY)
    explained = {c.person_id: rules.evaluate(c, job, TODAY) for c in people}
    assert {s.person_id for s in ranking.excluded} == {i for i, m in explained.items() if m.excluded}
    scores = [s.score for s in ranking.matches]
    assert scores == sorted(scores, reverse=True)
    for person in people[:1]:
        openings_ranking = rules.rank_openings(person, [job], TODAY)
        assert len(openings_ranking.matches) + len(openings_ranking.excluded) == 1


@settings(max_examples=300, deadline=None)
@given(candidate=candidates(), job=openings())
def test_every_result_explains_itself(candidate, job):
    from lagrundt.work import presenters

    match = rules.evaluate(candidate, job, TODAY)
    assert 0 <= match.score <= 100
    lines = presenters.explain(match, job.occupation)
    assert lines and all(line.text for line in lines)
    assert {line.status for line in lines} <= {MET, PARTIAL, MISSING}
    assert match.excluded == any(line.excludes for line in lines)
