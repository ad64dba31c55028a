"""A measure names the work Lagrundt records that carries it out (``recorded_in``), and its page counts
that work per year: persons protected against small numbers, things (meetings held) shown as they are."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lagrundt.community.models import GuidePair, Volunteer, WelcomeMeeting
from lagrundt.plans import registry, selectors
from lagrundt.plans.profiles import ProfileError, load_plan_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies.load({"django_language": "en"})
    with translation.override("en"):
        yield


PLAN = """plan: x
municipality: '3326'
language: nb
title: T
period: {from: FIRST-01-01, to: LAST-12-31}
chapters:
  - number: "1"
    title: Kapittel
    measures:
      - text: Velkomsttreff to ganger i året
        recorded_in: [welcome_meetings, guide_pairs]
      - text: Uten registrering
"""


def test_the_registry_gives_every_recorded_work_once_with_a_label():
    work = registry.recorded_work()
    assert {"welcome_meetings", "guide_pairs", "welcome_letters", "follow_up_talks"} <= set(work)
    assert all(str(w.label) and w.key == key for key, w in work.items())


def test_an_unknown_recorded_work_names_the_file_and_line(tmp_path):
    path = tmp_path / "plan.yaml"
    text = PLAN.replace("guide_pairs", "guide_parts").replace("FIRST", "2025").replace("LAST", "2027")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_plan_file(path, indicator_keys=set(registry.all_indicators()))
    assert caught.value.line == 11
    assert "unknown recorded work 'guide_parts'" in str(caught.value)


def _plan(world, tmp_path):
    """A plan from last year to next, whatever day the suite runs on."""
    from lagrundt.plans.services import plan_load

    year = timezone.localdate().year
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.replace("FIRST", str(year - 1)).replace("LAST", str(year + 1)), encoding="utf-8")
    plan, _ = plan_load(
        load_plan_file(path, indicator_keys=set(registry.all_indicators())), municipality=world.hemsedal
    )
    return plan


def test_the_measure_counts_its_work_per_year_and_protects_persons(world, tmp_path):
    plan = _plan(world, tmp_path)
    measure = plan.measures.get(text__startswith="Velkomsttreff")
    assert measure.recorded_in == ["welcome_meetings", "guide_pairs"]
    today = timezone.localdate()
    for day in (dt.date(today.year, 3, 15), dt.date(today.year, 9, 15), dt.date(today.year - 1, 9, 15)):
        WelcomeMeeting.objects.create(municipality=world.hemsedal, held_on=day, place="Kulturhuset")
    WelcomeMeeting.objects.create(municipality=world.aal, held_on=dt.date(today.year, 3, 15), place="Ål")
    volunteer = Volunteer.objects.create(
        municipality=world.hemsedal, given_name="Kari", family_name="Fjell", consent_given_on=today
    )
    for _ in range(2):
        GuidePair.objects.create(
            volunteer=volunteer, person=world.persons["adult"], municipality=world.hemsedal, starts_on=today
        )
    rows = {row.label: row for row in selectors.recorded(measure, today)}
    meetings = rows["Welcome meetings held"]
    # The plan runs from last year to next: its years until now.
    assert meetings.years == [today.year - 1, today.year]
    by_year = dict(zip(meetings.years, meetings.cells, strict=True))
    assert (by_year[today.year - 1].value, by_year[today.year].value) == (1, 2)  # things: as they are
    pairs = rows["Guide and buddy pairs started"]
    pair_cells = dict(zip(pairs.years, pairs.cells, strict=True))
    assert pairs.persons and pair_cells[today.year].suppressed  # 2 pairs with persons: hidden
    assert pair_cells[today.year - 1].value == 0  # zero is shown
    for _ in range(3):
        GuidePair.objects.create(
            volunteer=volunteer, person=world.persons["adult"], municipality=world.hemsedal, starts_on=today
        )
    pairs = {row.label: row for row in selectors.recorded(measure, today)}["Guide and buddy pairs started"]
    assert dict(zip(pairs.years, pairs.cells, strict=True))[today.year].value == 5


def test_the_pages_show_the_counts_and_how_many_measures_have_them(world, tmp_path, login):
    plan = _plan(world, tmp_path)
    measure = plan.measures.get(text__startswith="Velkomsttreff")
    WelcomeMeeting.objects.create(
        municipality=world.hemsedal, held_on=timezone.localdate(), place="Kulturhuset"
    )
    client = login(world, "leadership")
    client.cookies.load({"django_language": "en"})
    page = client.get(reverse("plans:measure_detail", args=[measure.pk])).content.decode()
    assert "Recorded in Lagrundt" in page and "Welcome meetings held" in page
    plan_page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "1 of 2 measures has its work recorded in Lagrundt" in plan_page


def test_the_built_in_plans_name_the_work_lagrundt_records(hemsedal_spec, aal_spec):
    """Hemsedal 3.2, ch. 5 (volunteer centre, culture) and the interpreter measures; Ål goals 2, 3–5."""
    for spec, expected in ((hemsedal_spec, 17), (aal_spec, 17)):
        measures = [m for c in spec.chapters for m in c.all_measures()]
        recorded = [m for m in measures if m.recorded_in]
        assert len(recorded) == expected
        assert set(registry.recorded_work()) >= {k for m in recorded for k in m.recorded_in}
