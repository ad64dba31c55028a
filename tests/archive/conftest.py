import datetime as dt

import pytest
from django.utils import timezone

from tests.intro.conftest import actor, book, granted, participant  # noqa: F401 (fixtures)
from tests.intro.test_letters_internal import every_decision  # noqa: F401 (a fixture)


@pytest.fixture
def plan_letter(granted, actor):  # noqa: F811
    """Amina's integration plan and contract."""
    from lagrundt.intro import services
    from lagrundt.intro.models import IntegrationPlan

    services.plan_save(
        actor=actor,
        person=granted,
        data=dict(
            made_on=dt.date(2026, 3, 10),
            final_goal="work",
            norwegian_goal="B1",
            content="Norsk og arbeidspraksis.",
            participant_duties="Møte opp.",
            municipality_duties="Tilby plass.",
            language="nb",
        ),
    )
    return IntegrationPlan.objects.get(person=granted)


@pytest.fixture
def issued_report(world):
    """Hemsedal's report to the council for last year, sent by its leader."""
    from lagrundt.access.audit import Actor
    from lagrundt.plans import presenters, services
    from tests.plans.url_access import _plan

    plan = _plan(world, "own")
    year = timezone.localdate().year - 1
    report = services.report_for(plan=plan, year=year)
    services.report_issue(
        actor=Actor(world.users["leadership"]),
        report=report,
        snapshot=presenters.report_data(plan, report, dt.date(year, 12, 31)),
    )
    report.refresh_from_db()
    return report
