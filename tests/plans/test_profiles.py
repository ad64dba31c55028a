"""The two plans as data: complete, in their own language form, each measure citing its chapter."""

import pytest

from lagrundt.plans.models import Goal, GoalKind, Measure, MeasureStatus, PlanLanguage
from lagrundt.plans.profiles import ProfileError, load_plan_file

pytestmark = pytest.mark.django_db

HEAD = "plan: x\nmunicipality: '3326'\nlanguage: nb\ntitle: T\nperiod: {from: 2025-01-01, to: 2025-12-31}\n"


def test_hemsedal_counts(hemsedal_spec):
    """4 national and 2 municipal goals, 29 goals of the services, 3 sub-goals (3.1), 89 measures."""
    counts = hemsedal_spec.counts()
    assert counts["goals"] == 35
    assert counts["goals_national"] == 4
    assert counts["goals_municipal"] == 2
    assert counts["goals_plan"] == 29
    assert counts["sub_goals"] == 3
    assert counts["measures"] == 89
    assert counts["measures_with_budget"] == 1


def test_aal_counts(aal_spec):
    """Six master-plan goals with 18 rows of «Slik vil vi ha det» and 96 of «Slik gjer vi det»."""
    counts = aal_spec.counts()
    assert counts["goals"] == 19
    assert counts["goals_municipal"] == 9  # the six of the master plan, three of «bu og bli»
    assert counts["goals_sustainability"] == 7
    assert counts["goals_national"] == 3
    assert counts["sub_goals"] == 18
    assert counts["measures"] == 112
    chapter5 = next(c for c in aal_spec.chapters if c.number == "5")
    assert len(chapter5.all_measures()) == 96


@pytest.mark.parametrize(
    ("number", "sub_goals", "measures"),
    [("1)", 3, 20), ("2)", 3, 19), ("3)", 2, 6), ("4)", 2, 7), ("5)", 5, 29), ("6)", 3, 15)],
)
def test_aal_chapter_5_table_per_goal(aal_spec, number, sub_goals, measures):
    chapter5 = next(c for c in aal_spec.chapters if c.number == "5")
    goal = next(g for g in chapter5.goals if g.number == number)
    assert len(goal.sub_goals) == sub_goals
    assert sum(len(s.measures) for s in goal.sub_goals) == measures


def test_hemsedal_service_chapters(hemsedal_spec):
    by_service = {c.service: c for c in hemsedal_spec.chapters if c.number == "5.0"}
    assert len(by_service["Kulturetaten – Barn & Unge"].all_measures()) == 12
    assert len(by_service["Hemsedal skole"].goals) == 2
    assert by_service["Barnehagene"].all_measures()[-1].text == (
        "Øremerka barnehagetilskudd fra IMDI skal følge barnet (engangsbeløp)"
    )


def test_loaded_plans_keep_their_language_form_and_cite_chapters(hemsedal_plan, aal_plan):
    assert hemsedal_plan.language == PlanLanguage.BOKMAL
    assert aal_plan.language == PlanLanguage.NYNORSK
    assert Measure.objects.filter(plan=hemsedal_plan).count() == 89
    assert Measure.objects.filter(plan=aal_plan).count() == 112
    assert Goal.objects.filter(plan=aal_plan, parent__isnull=False).count() == 18
    assert not Measure.objects.filter(plan__in=[hemsedal_plan, aal_plan], chapter__isnull=True).exists()
    budget = Measure.objects.get(plan=hemsedal_plan, budget__isnull=False)
    assert budget.budget == 416000
    assert budget.chapter.number == "3"
    assert "sysselsettingstiltak" in budget.text
    row = Measure.objects.get(plan=aal_plan, text__startswith="Tilbod om digital norskopplæring")
    assert row.goal.text == "Alle busette flyktningar lærer norsk språk"  # across the page break
    assert row.goal.parent.number == "5)"
    assert row.chapter.number == "5"
    assert aal_plan.vision == "Eit levande Ål for alle!"
    # Nynorsk stays nynorsk, bokmål bokmål: a word of each written standard.
    assert Measure.objects.filter(plan=aal_plan, text__contains="busette").exists()
    assert Measure.objects.filter(plan=hemsedal_plan, text__contains="bosettes").exists()


def test_the_50_per_cent_goal_has_its_target(hemsedal_plan):
    goal = Goal.objects.get(plan=hemsedal_plan, key="maal-arbeid-utdanning")
    assert goal.kind == GoalKind.MUNICIPAL
    (target,) = goal.targets.all()
    assert (target.indicator, target.value, target.by.isoformat()) == ("work_or_education", 50, "2025-12-31")


def test_statuses_the_plan_reports(aal_plan):
    ks = Measure.objects.get(plan=aal_plan, text__contains="KS-nettverket «Flyktningar i jobb» frå juni 2024")
    assert ks.status == MeasureStatus.DONE
    assert (ks.starts_on.isoformat(), ks.ends_on.isoformat()) == ("2024-06-01", "2025-12-31")


def test_loading_twice_changes_nothing(world, hemsedal_spec, hemsedal_plan):
    from lagrundt.plans.services import plan_load

    again, created = plan_load(hemsedal_spec, municipality=world.hemsedal)
    assert not created and again == hemsedal_plan
    assert Measure.objects.filter(plan__municipality=world.hemsedal).count() == 89


@pytest.mark.parametrize(
    ("yaml_text", "line", "message"),
    [
        (
            HEAD.replace("language: nb", "language: se") + "chapters: []\n",
            3,
            "unknown language form 'se'",
        ),
        ("plan: x\nmunicipality: '3326'\nlanguage: nb\n", 1, "lacks the key(s) chapters, period, title"),
        (
            HEAD.replace("to: 2025-12-31", "to: 2024-01-01") + "chapters: []\n",
            5,
            "is before 'from'",
        ),
        (
            HEAD
            + "chapters:\n  - number: '1'\n    title: A\n    measures:\n"
            + "      - text: Noe\n        sectors: [helse]\n",
            11,
            "unknown sector 'helse'",
        ),
        (
            HEAD + "chapters:\n  - number: 3.1\n    title: A\n    measures: [{text: Noe}]\n",
            7,
            "written in quotes",
        ),
        (
            HEAD
            + "chapters:\n  - number: '1'\n    title: A\n    goals:\n      - text: Mål\n        target:\n"
            "          indicator: lykke\n          value: 5\n          by: 2025-12-31\n",
            12,
            "unknown indicator 'lykke'",
        ),
        (
            HEAD
            + "chapters:\n  - number: '1'\n    title: A\n    measures:\n"
            + "      - text: Noe\n        budget: mye\n",
            11,
            "budget must be a number",
        ),
        (
            HEAD
            + "chapters:\n  - number: '1'\n    title: A\n    measures:\n      - text: Noe\n        key: a\n"
            "      - text: Mer\n        key: a\n",
            13,
            "used twice",
        ),
        (
            HEAD + "chapters:\n  - number: '1'\n    title: A\n    measures:\n      - tekst: Noe\n",
            10,
            "unknown key 'tekst'",
        ),
    ],
)
def test_errors_name_the_file_and_line(tmp_path, yaml_text, line, message):
    from lagrundt.plans import registry

    path = tmp_path / "plan.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_plan_file(path, indicator_keys=set(registry.all_indicators()))
    assert caught.value.path == str(path)
    assert caught.value.line == line, str(caught.value)
    assert message in str(caught.value)
