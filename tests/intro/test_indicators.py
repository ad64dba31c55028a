"""Programme indicators from the register: per municipality and year the programme ended, the share in
work or education one year later. Leaders see them with small numbers hidden."""

import datetime as dt

import pytest
from django.urls import reverse

from lagrundt.accounts.two_factor import client_login
from lagrundt.intro.models import ProgrammeEnd
from lagrundt.intro.selectors import programme_indicators
from tests.world import make_person

D = dt.date
pytestmark = pytest.mark.django_db

# (year ended, status at the end, status one year later)
ENDED_2025 = [
    ("work", "work"),
    ("work", "both"),
    ("education", "education"),
    ("nav", "work"),
    ("nav", "nav"),
    ("other", "other"),
    ("work", ""),  # not checked yet
]


@pytest.fixture
def ended(world):
    for i, (at_end, later) in enumerate(ENDED_2025):
        person = make_person(
            world.hemsedal, "Tidligere", f"Deltaker{chr(65 + i)}", D(1990, 1, 1 + i), serial=60 + i
        )
        ProgrammeEnd.objects.create(
            person=person,
            municipality=world.hemsedal,
            ended_on=D(2025, 6, 1 + i),
            reason="time_expired",
            status_at_end=at_end,
            status_after_one_year=later,
            status_checked_on=D(2026, 6, 15) if later else None,
        )
    person = make_person(world.aal, "Tidligere", "Deltaker", D(1991, 1, 1), serial=80)
    ProgrammeEnd.objects.create(
        person=person, municipality=world.aal, ended_on=D(2024, 3, 1), reason="work", status_at_end="work"
    )


def test_indicators_per_municipality_and_year(world, ended):
    rows = {
        (r.municipality, r.year): r
        for r in programme_indicators({world.hemsedal.pk, world.aal.pk}, [2024, 2025])
    }
    hemsedal = rows[("Hemsedal", 2025)]
    assert (hemsedal.ended, hemsedal.known, hemsedal.in_work_or_education) == (7, 6, 4)
    assert hemsedal.share == pytest.approx(4 / 6)
    assert hemsedal.share_at_end == pytest.approx(4 / 7)
    assert (rows[("Ål", 2024)].ended, rows[("Ål", 2024)].known, rows[("Ål", 2024)].share) == (1, 0, None)
    assert rows[("Hemsedal", 2024)].ended == 0


def test_the_case_worker_sees_the_counts_and_the_leader_sees_them_hidden_below_five(world, ended, client):
    client_login(client, world.users["integration"])
    html = client.get(reverse("intro:indicators")).content.decode()
    assert '<td class="lg-num">67 %</td>' in html
    assert "50 % av flyktningene er i fast arbeid eller utdanning" in html  # Hemsedal's own goal

    client_login(client, world.users["leadership"])
    html = client.get(reverse("intro:indicators")).content.decode()
    assert "67 %" not in html  # 4 of 6: both cells are small, so the share is hidden too
    assert "Counts below 5 are hidden" in html
    assert '<td class="lg-num">7</td>' in html  # the number who ended is 7: shown


@pytest.mark.django_db
def test_results_for_leaders_hide_what_a_shown_total_would_give_away(world):
    """1 in work of 7 with a known status, 2 unknown, 9 ended: hiding the 1 alone would not do."""
    from lagrundt.intro.exports import indicator_context
    from lagrundt.intro.selectors import IndicatorRow

    row = IndicatorRow(
        world.hemsedal.pk,
        "Hemsedal",
        2024,
        ended=9,
        known=7,
        in_work_or_education=1,
        in_work_or_education_at_end=0,
    )
    (shown,) = indicator_context([row], [2024], suppress=True)["rows"]
    assert shown["good"].suppressed
    # Another count of the row is hidden too, or the 1 would be the ended less the rest.
    assert shown["other"].suppressed or shown["unknown"].suppressed or shown["ended"].suppressed
    assert shown["known"].suppressed  # the known are good + other
    assert shown["share"] is None
    (open_row,) = indicator_context([row], [2024], suppress=False)["rows"]
    assert (open_row["good"].value, open_row["other"].value, open_row["unknown"].value) == (1, 6, 2)


def test_the_action_plans_count_completers_in_work_by_year_and_group(world):
    """The plans' indicator counts the same ends as the programme's own results, by group too."""
    from lagrundt.core.measurement import Group, Query
    from lagrundt.intro.indicators import completers_in_work

    year = 2024
    outcomes = ["work", "education", "both", "nav", "unknown", ""] + ["work"] * 3
    for i, status in enumerate(outcomes):
        person = make_person(world.hemsedal, f"Del{i}", "Takar", dt.date(1990, 1, 1 + i), serial=900 + i)
        ProgrammeEnd.objects.create(
            person=person,
            municipality=world.hemsedal,
            ended_on=dt.date(year, 6, 1),
            reason="time_expired",
            status_at_end="other",
            status_after_one_year=status,
        )
    query = Query((world.hemsedal.pk,), (2023, year), dt.date(2026, 11, 25))
    assert completers_in_work(query) == {2023: [0, 0, 0], year: [6, 1, 2]}
    (row,) = programme_indicators({world.hemsedal.pk}, [year])
    assert (row.in_work_or_education, row.known, row.ended) == (6, 7, 9)
    by_sex = completers_in_work(Query((world.hemsedal.pk,), (year,), dt.date(2026, 11, 25), Group(sex="X")))
    assert by_sex == {year: [0, 0, 0]}
