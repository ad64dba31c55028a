"""A computed indicator keeps the figures typed in for the years it has no data for (before Lagrundt
knew): such a year shows its entered figure, marked as entered; a year with data stays computed; an
entered figure for a group counts only for that group; small numbers stay protected as before."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from lagrundt.access.audit import Actor
from lagrundt.access.disclosure import Cell, protect_table
from lagrundt.core.documents import render_pdf
from lagrundt.core.measurement import Group, Indicator, Kind, Query, Series
from lagrundt.people.indicators import SHARE_SERIES
from lagrundt.plans import exports, presenters, registry, selectors, services
from lagrundt.plans.models import EnteredFigure
from lagrundt.work import services as work_services

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def years() -> tuple[int, ...]:
    """The three years before this one and this one (2023–2026 on the frozen clock)."""
    return tuple(range(today().year - 3, today().year + 1))


def share(values: dict) -> Indicator:
    """A computed share indicator that gives ``values`` per year (a missing year: no data at all)."""
    return Indicator(
        key="test_share",
        label="Test share",
        description="",
        kind=Kind.SHARE,
        series=SHARE_SERIES,
        compute=lambda query: values,
        groups=frozenset({"sex"}),
    )


def count(values: dict) -> Indicator:
    return Indicator(
        key="test_count",
        label="Test count",
        description="",
        kind=Kind.COUNT,
        series=(Series("settled", "Settled"), Series("moved", "Moved out")),
        compute=lambda query: values,
        row_totals=True,
        column_totals=True,
    )


def enter(world, indicator: str, year: int, value, **fields) -> EnteredFigure:
    return EnteredFigure.objects.create(
        municipality=world.hemsedal,
        indicator=indicator,
        year=year,
        value=Decimal(value),
        source=fields.pop("source", "IMDi, table 1"),
        **fields,
    )


def evaluate(world, indicator: Indicator, **group) -> selectors.Evaluation:
    return selectors.evaluate(indicator, Query((world.hemsedal.pk,), years(), today(), Group(**group)))


def by_year(evaluation: selectors.Evaluation) -> dict[int, selectors.Row]:
    return {row.year: row for row in evaluation.rows}


# ---------------------------------------------------------------------------- the rows
def test_a_year_without_data_shows_its_entered_figure_marked_as_entered(world):
    first, second, third, now = years()
    indicator = share({first: [0, 0, 7], third: [30, 20, 5], now: [40, 10, 0]})  # second: not computed
    enter(world, "test_share", second, 41, note="Survey")
    rows = by_year(evaluate(world, indicator))
    assert rows[second].value == Decimal(41)
    assert rows[second].entered.note == "Survey" and rows[second].entered.source == "IMDi, table 1"
    assert rows[second].cells == [None, None, None]  # nothing computed, nothing shown as counted
    # A year without data and without an entered figure stays empty; the computed years stay computed.
    assert (rows[first].value, rows[first].entered) == (None, None)
    assert (rows[third].value, rows[third].entered) == (60.0, None)
    assert rows[now].value == 80.0


def test_a_year_with_computed_data_ignores_the_entered_figure(world):
    second, third = years()[1:3]
    indicator = share({second: [0, 0, 9], third: [30, 20, 5]})
    enter(world, "test_share", third, 99)
    enter(world, "test_share", second, 41)
    rows = by_year(evaluate(world, indicator))
    assert (rows[third].value, rows[third].entered) == (60.0, None)
    # Only persons not recorded: the computation knows nothing of the year, so the entered one shows.
    assert rows[second].value == Decimal(41) and rows[second].entered is not None


def test_the_newest_entry_of_a_year_is_shown(world):
    first = years()[0]
    enter(world, "test_share", first, 30)
    enter(world, "test_share", first, 38, note="corrected")
    row = by_year(evaluate(world, share({})))[first]
    assert (row.value, row.entered.note) == (Decimal(38), "corrected")


def test_a_group_figure_counts_only_for_its_group(world):
    first, second = years()[:2]
    enter(world, "test_share", first, 41)
    enter(world, "test_share", first, 29, group={"sex": "female"})
    enter(world, "test_share", second, 33, group={"sex": "female"})
    everyone = by_year(evaluate(world, share({})))
    women = by_year(evaluate(world, share({}), sex="female"))
    men = by_year(evaluate(world, share({}), sex="male"))
    assert (everyone[first].value, everyone[second].value) == (Decimal(41), None)
    assert (women[first].value, women[second].value) == (Decimal(29), Decimal(33))
    assert (men[first].value, men[second].value) == (None, None)


def test_small_numbers_are_protected_as_before(world):
    first, second, third, now = years()
    # A share on three persons in work is hidden; an entered figure does not take its place.
    enter(world, "test_share", third, 70)
    rows = by_year(evaluate(world, share({third: [3, 10, 0]})))
    assert (rows[third].value, rows[third].entered) == (None, None)
    assert rows[third].cells[0].suppressed
    # Counts: protected over every computed year with their totals, the year entered included, exactly
    # as without the entered figure; an entered count below five is hidden like a computed one.
    raw = {first: [0, 0], second: [12, 3], third: [20, 6], now: [9, 7]}
    expected = protect_table([raw[y] for y in years()], row_totals=True, column_totals=True)
    before = evaluate(world, count(raw))
    enter(world, "test_count", first, 3, series="settled")
    enter(world, "test_count", first, 14, series="moved")
    after = evaluate(world, count(raw))
    for evaluation in (before, after):
        assert [r.cells for r in evaluation.rows[1:]] == expected.cells[1:]
        assert evaluation.column_totals == expected.column_totals
    row = after.rows[0]
    assert row.entered is not None and row.cells == [Cell(None), Cell(14)]
    assert row.value is None  # the first series entered (3 settled) is small: hidden
    assert row.total is None
    # The same protection in the list of figures entered, beside the table.
    listed = {f["series"]: f["value"] for f in presenters.indicator_dict(after)["entered"]}
    assert listed == {"Settled": "–", "Moved out": "14"}


# ---------------------------------------------------------------------------- as read
def test_the_table_marks_the_entered_year_and_lists_which_figures_it_used(world):
    second, third = years()[1:3]
    enter(world, "test_share", second, 41, note="Survey")
    enter(world, "test_share", third, 99, source="Old estimate")
    item = presenters.indicator_dict(evaluate(world, share({third: [30, 20, 5]})))
    assert item["computed"] and item["mixed"]
    row = next(r for r in item["rows"] if r["label"] == str(second))
    assert (row["entered"], row["value"], row["source"], row["note"]) == (
        True,
        "41 %",
        "IMDi, table 1",
        "Survey",
    )
    assert row["cells"] == ["", "", ""]  # blank: not the «–» of a hidden count
    computed = next(r for r in item["rows"] if r["label"] == str(third))
    assert (computed["entered"], computed["value"]) == (False, "60 %")
    listed = {f["year"]: (f["used"], f["replaced"]) for f in item["entered"]}
    assert listed == {second: (True, False), third: (False, True)}
    # The chart draws the entered year as an entered point.
    assert [str(second), 41.0, True] in item["chart"]["points"]


def test_a_computed_indicator_without_entered_years_is_not_marked(world):
    item = presenters.indicator_dict(evaluate(world, share({years()[-1]: [30, 20, 5]})))
    assert item["computed"] and not item["mixed"]


@pytest.fixture
def in_work(world):
    """Hemsedal's work or education as the work app computes it: one adult in work at Nav this year,
    nothing known of the years before, and the figures typed in for 2024 (all, and settled two years)."""
    work_services.nav_status_save(
        actor=Actor(world.users["nav"], detail="test"),
        person=world.persons["adult"],
        data={"status": "work", "from_date": dt.date(today().year, 1, 1), "to_date": None},
    )
    enter(world, "work_or_education", 2024, 41, source="Nav, own count", note="Before Lagrundt")
    enter(world, "work_or_education", 2024, 29, group={"settled_years_min": 2}, source="Nav, own count")
    enter(world, "work_or_education", today().year, 77, source="Too early")
    return world


def test_work_or_education_keeps_its_history_on_the_indicator_page(in_work, login, hemsedal_plan):
    client = login(in_work, "leadership")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("plans:indicators", args=[hemsedal_plan.pk])).content.decode()
    section = page[page.index('id="ind-work_or_education"') :]
    section = section[: section.index("</section>")]
    assert "Entered by hand" in section and "Nav, own count. Before Lagrundt" in section
    assert "41 %" in section
    assert "77 %" not in section.split("</table>")[0]  # this year is computed: only listed below
    assert "not shown: the year is computed" in section
    grouped = client.get(
        reverse("plans:indicators", args=[hemsedal_plan.pk]), {"settled_years_min": 2}
    ).content.decode()
    section = grouped[grouped.index('id="ind-work_or_education"') :]
    section = section[: section.index("</section>")]
    assert "29 %" in section and "41 %" not in section


def test_work_or_education_keeps_its_history_in_the_report_its_pdf_and_the_workbook(in_work, hemsedal_plan):
    report = services.report_for(plan=hemsedal_plan, year=today().year)
    shown = presenters.report_for_display(hemsedal_plan, report, today())
    item = next(i for i in shown["indicators"] if i["key"] == "work_or_education")
    assert item["mixed"]
    # Hemsedal's target (50 % by 2025) reads its latest value from the year entered, and says so.
    target = next(t for t in shown["targets"] if t["goal"].startswith("50%"))
    assert (target["value"], target["year"], target["entered"]) == ("41 %", "2024", True)
    row = next(r for r in item["rows"] if r["label"] == "2024")
    assert (row["value"], row["entered"], row["source"]) == ("41 %", True, "Nav, own count")
    pdf = render_pdf("plans/report_pdf.html", {"report": shown, "for_pdf": True}, language="nb")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Nav, own count" in text and "41 %" in text
    with translation.override("en"):
        indicators = exports.plan_sheets(hemsedal_plan, today())[1]
    assert str(indicators.title) == "Indicators"
    rows = [r for r in indicators.rows if r[0] == "Settled adults in work or education"]
    assert [r for r in rows if r[1] == 2024] == [
        [
            "Settled adults in work or education",
            2024,
            "per cent",
            Decimal(41),
            "entered by hand (no data computed for the year): Nav, own count",
        ]
    ]
    assert not any(r[3] == Decimal(77) for r in rows)


def test_a_figure_can_be_entered_for_a_computed_indicator(world, login, hemsedal_plan):
    client = login(world, "integration")
    client.cookies["django_language"] = "en"
    url = reverse("plans:figures", args=[hemsedal_plan.pk])
    page = client.get(url).content.decode()
    assert "shown for years without data" in page and "only for the years the computation" in page
    response = client.post(
        url, {"indicator": "work_or_education", "year": 2023, "value": "38", "source": "Nav, own count"}
    )
    assert response.status_code == 302
    figure = EnteredFigure.objects.get(municipality=world.hemsedal, indicator="work_or_education")
    assert (figure.year, figure.value, figure.group) == (2023, Decimal(38), {})
    assert registry.indicator("work_or_education").is_computed
