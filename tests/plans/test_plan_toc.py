"""The action plan page opens with a table of contents whose every link leads to a heading on the page,
long measure tables fold; and the council report's column headings say what each indicator counts."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lagrundt.plans import presenters, registry
from lagrundt.plans.services import report_for

pytestmark = pytest.mark.django_db


def _toc(html: str) -> str:
    found = re.search(r'<nav aria-label="Contents of the plan"[^>]*>(.*?)</nav>', html, re.S)
    assert found, "no table of contents"
    return found.group(1)


def test_the_table_of_contents_links_to_every_chapter_and_goal_heading(world, login, hemsedal_plan):
    client = login(world, "leadership")
    client.cookies["django_language"] = "en"
    html = client.get(reverse("plans:plan_detail", args=[hemsedal_plan.pk])).content.decode()
    toc = _toc(html)
    targets = re.findall(r'href="#([^"]+)"', toc)
    chapters = hemsedal_plan.chapters.count()
    assert len([t for t in targets if t.startswith("chapter-")]) == chapters > 1
    assert any(t.startswith("goal-") for t in targets)
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    assert set(targets) <= ids, set(targets) - ids
    # The contents come before the first chapter, and each chapter leads back to them.
    assert html.index("Contents of the plan") < html.index(f'id="{targets[0]}"')
    assert html.count('href="#plan-contents"') == chapters


def test_long_measure_tables_fold_and_a_filtered_page_shows_them_open(world, login, hemsedal_plan):
    client = login(world, "leadership")
    client.cookies["django_language"] = "en"
    url = reverse("plans:plan_detail", args=[hemsedal_plan.pk])
    html = client.get(url).content.decode()
    groups = re.findall(
        r'<details class="lg-measure-group"( open)?>\s*<summary>(\d+) measures?</summary>', html
    )
    assert groups
    assert all(bool(is_open) == (int(n) <= 5) for is_open, n in groups)
    filtered = client.get(url, {"sektor": "health"}).content.decode()
    assert '<details class="lg-measure-group">' not in filtered


def test_the_report_headings_match_their_indicators(world, hemsedal_plan):
    report = report_for(plan=hemsedal_plan, year=timezone.localdate().year)
    data = presenters.report_data(hemsedal_plan, report, timezone.localdate())
    by_key = {i["key"]: i for i in data["indicators"]}
    # The completers are counted by the year their programme ended, not the year they were settled.
    completers = registry.all_indicators()["programme_completers_in_work"]
    with translation.override("en"):
        assert presenters._row_heading(completers) == "Year the programme ended"
        assert presenters._row_heading(registry.all_indicators()["still_living_here"]) == "Year of settlement"
    assert by_key["programme_completers_in_work"]["row_heading"] != by_key["still_living_here"]["row_heading"]
    # No table has two columns of the same heading (an amount's total is shown once).
    for item in data["indicators"]:
        headings = [
            item["row_heading"],
            *item["columns"],
            *(["Total"] if item["has_total"] else []),
            *([item["value_heading"]] if item["value_heading"] else []),
        ]
        with translation.override(hemsedal_plan.language):
            total = str(translation.gettext("Total"))
        headings = [total if h == "Total" else h for h in headings]
        assert len(headings) == len(set(headings)), (item["key"], headings)
