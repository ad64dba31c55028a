"""A leader reads the plan overview; a nurse notes progress on a measure. Real browser, axe on every page."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from lagrundt.plans import registry
from lagrundt.plans.models import EnteredFigure, Measure, ProgressNote
from lagrundt.plans.profiles import PLAN_DIR, load_plan_file
from lagrundt.plans.services import plan_load

from .conftest import TIMEOUT_MS, assert_accessible, log_in

try:
    from playwright.sync_api import expect
except ImportError:  # the session fixture fails (CI) or skips with a clear message
    expect = None
else:
    expect.set_options(timeout=TIMEOUT_MS)

pytestmark = pytest.mark.browser

HEALTH_MEASURE = "Samtaler med helsesykepleier og tilvisning til videre oppfølging ved behov"


@pytest.fixture
def plan(world):
    spec = load_plan_file(PLAN_DIR / "hemsedal.yaml", indicator_keys=set(registry.all_indicators()))
    plan, _ = plan_load(spec, municipality=world.hemsedal)
    overdue = Measure.objects.get(plan=plan, text__startswith="Etablere en rutinebeskrivelse")
    overdue.ends_on = timezone.localdate() - dt.timedelta(days=20)
    overdue.save()
    EnteredFigure.objects.create(
        municipality=world.hemsedal,
        indicator="work_or_education",
        year=2025,
        value=Decimal(46),
        source="Test",
    )
    return plan


def test_a_leader_reads_the_overview_and_a_nurse_notes_progress(world, plan, new_page):
    leader = new_page()
    log_in(leader, "hemsedal-leadership")  # a leader follows no persons: lands on the plan overview
    leader.wait_for_url(re.compile(r"/planer/oversikt/$"))
    expect(leader.locator("main h1")).to_have_text("Plan overview")
    targets = leader.locator(
        "main table", has=leader.locator("caption", has_text="Goals against their targets")
    )
    row = targets.locator("tbody tr", has_text="50% av flyktningene er i fast arbeid eller utdanning")
    expect(row).to_contain_text("46 %")
    expect(row).to_contain_text("entered by hand")  # no data computed for 2025: the figure typed in
    expect(row).to_contain_text("Not reached by the date")
    overdue = leader.locator("main table", has=leader.locator("caption", has_text="Overdue measures"))
    # Ours, and the two the plan itself dated to the end of 2025 (the budget and Flyktningeløftet).
    expect(overdue.locator("tbody tr")).to_have_count(3)
    expect(overdue).to_contain_text("Etablere en rutinebeskrivelse")
    expect(overdue).to_contain_text("Vedta og gjennomføre flyktningeløftet")
    expect(leader.locator("main")).not_to_contain_text("Haile")  # a leader never sees a named person
    assert_accessible(leader)
    leader.locator("main a", has_text="All indicators with charts").click()
    leader.wait_for_url(re.compile(r"/planer/\d+/indikatorer/$"))
    expect(leader.locator("main svg.lg-chart").first).to_be_visible()
    # Work or education is computed, but Lagrundt has no data for 2025: the figure entered shows, marked.
    work = leader.locator("main section", has=leader.locator("#ind-work_or_education"))
    entered = work.locator("tbody tr", has_text="2025")
    expect(entered).to_contain_text("Entered by hand")
    expect(entered).to_contain_text("46 %")
    expect(entered).to_contain_text("Test")
    assert_accessible(leader)

    nurse = new_page()
    log_in(nurse, "hemsedal-health")
    nurse.locator("main .lg-cards a", has_text="Action plans").click()
    nurse.locator("main a", has_text="Handlingsplan for integrering av flyktninger").click()
    nurse.wait_for_url(re.compile(r"/planer/\d+/$"))
    assert_accessible(nurse)
    nurse.get_by_label("Sector").select_option("health")
    nurse.locator("main form.lg-search button[type=submit]").click()
    nurse.locator("main a", has_text=HEALTH_MEASURE).click()
    nurse.wait_for_url(re.compile(r"/planer/tiltak/\d+/$"))
    expect(nurse.locator("main h1")).to_have_text(HEALTH_MEASURE)
    assert_accessible(nurse)
    nurse.get_by_label("What has been done, and what comes next?").fill(
        "Nytilflyttet-samtale holdt med tolk for tre familier."
    )
    nurse.locator("main button", has_text="Save the progress note").click()
    nurse.wait_for_url(re.compile(r"/planer/tiltak/\d+/$"))
    expect(nurse.locator("main .ds-alert[role=status]")).to_contain_text("The progress note is saved.")
    expect(nurse.locator("main .lg-note").first).to_contain_text("Nytilflyttet-samtale holdt med tolk")
    assert_accessible(nurse)
    note = ProgressNote.objects.get(measure__plan=plan)
    assert (note.author.username, note.written_on) == ("hemsedal-health", timezone.localdate())

    # The leader writes the report's summary; the report page, in bokmål, and the figures page.
    year = timezone.localdate().year
    leader.goto(f"/planer/{plan.pk}/rapporter/{year}/")
    leader.get_by_label("Summary from the service").fill("Et år med arbeidsrettet kvalifisering.")
    leader.locator("main button", has_text="Save the summary").click()
    leader.wait_for_url(re.compile(rf"/planer/\d+/rapporter/{year}/$"))
    report = leader.locator("main article[lang=nb]")
    expect(report).to_contain_text("Et år med arbeidsrettet kvalifisering.")
    expect(report).to_contain_text("Status for hvert tiltak")
    expect(report).to_contain_text("Nytilflyttet-samtale holdt med tolk")  # the nurse's note, in the report
    assert_accessible(leader)
    leader.goto(f"/planer/{plan.pk}/tall/")
    assert_accessible(leader)
