"""Indicators on constructed registers with known answers: people who moved, people whose settlement
is not recorded (born here), groups, duties kept; then what is shown after small-number protection."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from lagrundt.core.measurement import Group, Indicator, Kind, Query, Series
from lagrundt.people import indicators
from lagrundt.people.models import MoveOut, Person, Settlement, SettlementCategory
from lagrundt.plans import registry, rules, selectors
from lagrundt.plans.models import EnteredFigure
from lagrundt.routines.indicators import duties_on_time
from lagrundt.routines.models import Routine, Task, TaskStatus
from lagrundt.tenancy.models import Municipality

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 30)
YEARS = (2022, 2023, 2024, 2025, 2026)
D = dt.date


@pytest.fixture
def town():
    return Municipality.objects.create(number="9901", name="Testvik", slug="testvik")


def person(
    town, key, born, *, settled=None, moved=None, country="UA", category="resettlement_refugee", sex="male"
):
    p = Person.objects.create(
        given_name=key,
        family_name="Test",
        birth_date=born,
        sex=sex,
        country_background=country,
        municipality=town,
        moved_out_on=moved,
    )
    if settled:
        Settlement.objects.create(person=p, settled_on=settled, municipality=town, category=category)
    if moved:
        MoveOut.objects.create(person=p, moved_on=moved, reason="unknown")
    return p


@pytest.fixture
def register(town):
    """Eight persons of Testvik, and one in another municipality who must never count."""
    other = Municipality.objects.create(number="9902", name="Annenby", slug="annenby")
    return {
        "A": person(town, "A", D(1990, 1, 1), settled=D(2022, 3, 1)),
        "B": person(town, "B", D(1985, 1, 1), settled=D(2022, 5, 10), moved=D(2023, 8, 1)),
        "C": person(town, "C", D(2015, 1, 1), settled=D(2023, 1, 15), country="SY", sex="female"),
        "D": person(town, "D", D(1980, 1, 1), settled=D(2023, 12, 31), moved=D(2026, 2, 1), country="ER"),
        # Born here: no settlement is recorded. Living here from birth, never "settled".
        "E": person(town, "E", D(2024, 4, 1), country="SY", sex="female"),
        "G": person(town, "G", D(1995, 1, 1), settled=D(2024, 2, 1), moved=D(2024, 2, 20)),
        "H": person(
            town,
            "H",
            D(2009, 1, 1),
            settled=D(2025, 6, 1),
            country="AF",
            category=SettlementCategory.UNACCOMPANIED_MINOR,
        ),
        "elsewhere": person(other, "X", D(1990, 1, 1), settled=D(2024, 1, 1)),
    }


def query(town, **group) -> Query:
    return Query((town.pk,), YEARS, TODAY, Group(**group))


def test_settled_and_moved_out_per_year(town, register):
    assert indicators.settlement_flow(query(town)) == {
        2022: [2, 0],
        2023: [2, 1],  # B moved the year after
        2024: [1, 1],  # G came and went in the same year
        2025: [1, 0],
        2026: [0, 1],  # D moved this year, before today
    }


def test_residents_at_the_end_of_each_year_include_those_born_here(town, register):
    assert indicators.residents(query(town)) == {2022: [2], 2023: [3], 2024: [4], 2025: [5], 2026: [4]}


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ({"category": "unaccompanied_minor"}, {2022: [0], 2023: [0], 2024: [0], 2025: [1], 2026: [1]}),
        ({"age": "children"}, {2022: [0], 2023: [1], 2024: [2], 2025: [3], 2026: [3]}),  # H is 17 in 2026
        ({"sex": "female"}, {2022: [0], 2023: [1], 2024: [2], 2025: [2], 2026: [2]}),
        # Settled at least two years before the day measured; E, born here, has no settlement date.
        ({"settled_years_min": 2}, {2022: [0], 2023: [0], 2024: [1], 2025: [3], 2026: [2]}),
    ],
)
def test_residents_by_group(town, register, group, expected):
    assert indicators.residents(query(town, **group)) == expected


def test_still_living_here_by_year_of_settlement(town, register):
    assert indicators.still_living_here(query(town)) == {
        2022: [1, 1],
        2023: [1, 1],
        2024: [0, 1],
        2025: [1, 0],
        2026: [0, 0],
    }


@pytest.mark.parametrize(
    "group", [{}, {"category": "unaccompanied_minor"}, {"sex": "female"}, {"country": "UA"}]
)
def test_counting_from_the_years_agrees_with_counting_by_the_day(town, register, group, monkeypatch):
    """The four indicators read one grouped summary of years; the same in SQL by dates agrees."""
    functions = [indicators.settlement_flow, indicators.residents, indicators.still_living_here]
    from_years = [f(query(town, **group)) for f in functions] + [
        indicators._country_counts(query(town, **group))
    ]
    monkeypatch.setattr(indicators, "_by_years", lambda q: False)
    by_day = [f(query(town, **group)) for f in functions] + [indicators._country_counts(query(town, **group))]
    assert from_years == by_day


def test_country_background(town, register):
    q = Query((town.pk,), (2025,), TODAY)
    series = [s.key for s in indicators._countries(q)]
    assert series == ["SY", "AF", "ER", "UA"]  # most common first, then by code
    assert indicators.country_background(q) == {2025: [2, 1, 1, 1]}


def test_everyone_living_here_is_in_the_country_table(town, register):
    """The country table's rows add up to those living here, whatever the countries of earlier years."""
    for i in range(9):  # more countries than the table names: the rest are «other countries»
        person(
            town,
            f"K{i}",
            D(1990, 1, 1),
            settled=D(2022, 1, 1),
            country=["SO", "TR", "IR", "IQ", "MM", "SD", "PS", "LY", "YE"][i],
        )
    q = query(town)
    residents = indicators.residents(q)
    for year, values in indicators.country_background(q).items():
        assert sum(values) == residents[year][0], year
    assert indicators._countries(q)[-1].key == indicators.OTHER_COUNTRIES


@pytest.fixture
def duties(town):
    routine = Routine.objects.create(
        municipality=town,
        key="t.talk",
        profile="test",
        title_nb="Samtale",
        title_nn="Samtale",
        title_en="Talk",
        sector="health",
        section="health",
        applies_to="unit",
        spec={},
        source="test",
        basis="plan",
    )
    due = D(2025, 3, 1)
    cases = [
        ("on_time", TaskStatus.DONE, due),
        ("on_time2", TaskStatus.DONE, due - dt.timedelta(days=3)),
        ("late", TaskStatus.DONE, due + dt.timedelta(days=10)),
        ("overdue", TaskStatus.OPEN, None),
        ("not_applicable", TaskStatus.NOT_APPLICABLE, due),
    ]
    for i, (name, status, closed) in enumerate(cases):
        Task.objects.create(
            routine=routine,
            municipality=town,
            sector="health" if i else "school",
            section="health",
            subject=f"u:{i}",
            occurrence=name,
            counts_from=due,
            computed_due_on=due,
            due_on=due,
            status=status,
            closed_on=closed,
        )
    # Not yet due: not counted at all.
    Task.objects.create(
        routine=routine,
        municipality=town,
        sector="health",
        section="health",
        subject="u:9",
        occurrence="later",
        counts_from=due,
        computed_due_on=TODAY + dt.timedelta(days=5),
        due_on=TODAY + dt.timedelta(days=5),
    )


def test_duties_on_time(town, duties):
    assert duties_on_time(query(town))[2025] == [2, 1, 1]
    assert duties_on_time(query(town, sector="health"))[2025] == [1, 1, 1]
    assert duties_on_time(query(town))[2026] == [0, 0, 0]


# ---------------------------------------------------------------------------- what is shown


def test_small_counts_are_hidden_and_the_share_with_them(town, register):
    evaluation = selectors.evaluate(registry.indicator("still_living_here"), query(town))
    assert all(c.suppressed for r in evaluation.rows for c in r.cells if c.value != 0)
    assert [r.value for r in evaluation.rows] == [None] * 5
    assert evaluation.has_hidden


def test_shown_counts_and_totals_come_protected(town, register):
    for i in range(6):
        person(town, f"N{i}", D(1990, 1, 1), settled=D(2025, 2, 1))
    flow = selectors.evaluate(registry.indicator("settlement_flow"), query(town))
    row_2025 = next(r for r in flow.rows if r.year == 2025)
    assert row_2025.cells[0].value == 7 and row_2025.value == 7
    assert row_2025.cells[1].value == 0
    # The period's total of settled (12) is shown; moved out (4) is hidden, and so is whatever
    # would let it be worked out.
    assert flow.column_totals[0].value == 12
    assert flow.column_totals[1].suppressed


def test_a_share_leaves_out_those_whose_status_is_not_known(town):
    """A share indicator of another app: 6 in work, 5 not, 9 not recorded → 6 / 11."""
    ind = Indicator(
        key="t.share",
        label="t",
        description="t",
        kind=Kind.SHARE,
        series=indicators.SHARE_SERIES,
        compute=lambda q: {2025: [6, 5, 9], 2026: [6, 3, 9]},
    )
    evaluation = selectors.evaluate(ind, Query((town.pk,), (2025, 2026), TODAY))
    assert evaluation.rows[0].value == pytest.approx(54.5)
    assert evaluation.rows[0].cells[2].value == 9
    assert evaluation.rows[1].value is None  # 3 not in work is hidden, so the share would tell it


def test_entered_figures_newest_entry_per_year_and_group(town, world):
    # Figures entered by hand for the children's leisure (computed by leisure now, so the entered figures
    # fill the years it has no data for: tests/plans/test_entered_fallback.py).
    common = dict(municipality=town, indicator="children_leisure", source="Test")
    EnteredFigure.objects.create(year=2024, value=Decimal("41.5"), **common)
    EnteredFigure.objects.create(year=2025, value=Decimal("44"), **common)
    EnteredFigure.objects.create(year=2025, value=Decimal("47"), note="corrected", **common)
    EnteredFigure.objects.create(year=2025, value=Decimal("30"), group={"sex": "female"}, **common)
    evaluation = selectors.evaluate(registry.indicator("children_leisure"), query(town))
    assert [(r.year, r.value) for r in evaluation.rows if r.value is not None] == [
        (2024, Decimal("41.5")),
        (2025, Decimal("47")),
    ]
    assert not evaluation.is_entered and evaluation.rows[3].entered.note == "corrected"
    group = selectors.evaluate(registry.indicator("children_leisure"), query(town, sex="female"))
    assert [r.value for r in group.rows if r.value is not None] == [Decimal("30")]


@pytest.mark.parametrize(
    ("value", "by", "expected"),
    [
        (52, D(2027, 12, 31), rules.Standing.REACHED),
        (41, D(2027, 12, 31), rules.Standing.NOT_YET),
        (41, D(2025, 12, 31), rules.Standing.MISSED),
        (None, D(2027, 12, 31), rules.Standing.NO_DATA),
    ],
)
def test_where_a_value_stands_against_its_target(value, by, expected):
    assert (
        rules.standing(value=value, target=Decimal(50), direction="at_least", by=by, today=TODAY) == expected
    )


def test_at_most_targets():
    assert rules.standing(value=3, target=Decimal(5), direction="at_most", by=TODAY, today=TODAY) == "reached"


# ---------------------------------------------------------------------------- the plug-in point


def fake_module(name, *definitions):
    return SimpleNamespace(__name__=f"lagrundt.{name}.indicators", definitions=lambda: list(definitions))


def entered_only(key):
    return Indicator(key=key, label=key, description="", kind=Kind.SHARE, series=indicators.SHARE_SERIES)


def computed(key):
    return Indicator(
        key=key, label=key, description="", kind=Kind.COUNT, series=(Series("n", "n"),), compute=dict
    )


def test_an_app_that_computes_an_indicator_replaces_the_entered_one(monkeypatch):
    monkeypatch.setattr(
        registry,
        "app_modules",
        lambda name: (fake_module("intro", computed("k")), fake_module("plans", entered_only("k"))),
    )
    assert registry.indicator("k").app == "intro" and registry.indicator("k").is_computed
    monkeypatch.setattr(
        registry,
        "app_modules",
        lambda name: (fake_module("plans", entered_only("k")), fake_module("intro", computed("k"))),
    )
    assert registry.indicator("k").app == "intro"


def test_two_apps_computing_one_indicator_is_a_configuration_error(monkeypatch):
    monkeypatch.setattr(
        registry,
        "app_modules",
        lambda name: (fake_module("a", computed("k")), fake_module("b", computed("k"))),
    )
    with pytest.raises(ImproperlyConfigured):
        registry.all_indicators()


def test_every_indicator_is_registered_once_by_the_app_whose_data_it_counts():
    found = registry.all_indicators()
    assert {
        "settlement_flow",
        "residents",
        "country_background",
        "still_living_here",
        "duties_on_time",
        "work_or_education",
        "programme_completers_in_work",
        "children_leisure",
        "grants_received",
        "persistent_low_income_children",
    } <= set(found)
    assert found["residents"].app == "people"
    assert found["duties_on_time"].app == "routines"
    assert found["children_leisure"].app == "leisure"  # entered until leisure computed it


def test_the_programme_and_the_economy_compute_their_indicators():
    """Installed, the intro and finance apps take over the entered-only definitions of the plans."""
    found = registry.all_indicators()
    assert (
        found["programme_completers_in_work"].app == "intro"
        and found["programme_completers_in_work"].is_computed
    )
    assert found["grants_received"].app == "finance" and found["grants_received"].is_computed
