"""Uncertainty shown once, where it matters: one quiet marker per assumed amount with its reason on
demand, one page listing the assumptions in force and who confirms them, and the checks before a
decision on the decision's page, where a check that could change the answer refuses the decision."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from lagrundt.accounts.two_factor import client_login
from lagrundt.intro import services
from lagrundt.intro.models import BaseAmountRecord, Decision
from lagrundt.intro.rulebook import file_rulebook
from tests.conftest import OSLO

from .records import ASSESSMENT

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def assumed_g():
    """G from 1 May 2026 recorded by an administrator as assumed (the file's value carried forward)."""
    g = file_rulebook().g(D(2026, 5, 1))
    return BaseAmountRecord.objects.create(
        valid_from=D(2026, 5, 1), amount=g.amount, source="Carried forward from 2025", confidence="assumed"
    )


def _warning_tags(html: str) -> list[str]:
    return re.findall(r'<span class="ds-tag"[^>]*data-color="warning"[^>]*>\s*assumed\s*</span>', html)


def test_an_assumed_amount_has_one_quiet_marker_with_its_reason(world, granted, assumed_g, client):
    client_login(client, world.users["integration"])
    html = client.get(reverse("intro:participant", args=[granted.pk])).content.decode()
    benefit = html[html.index('id="benefit"') : html.index('id="outcome"')]
    rows = re.findall(r"<tr>.*?</tr>", benefit, flags=re.S)
    may = next(r for r in rows if "May 2026" in r)
    april = next(r for r in rows if "April 2026" in r)
    # One marker in the month computed with the assumed G, none in a month before it; no warning chip.
    assert may.count('class="lg-assumed"') == 1
    assert 'class="lg-assumed"' not in april
    assert _warning_tags(benefit) == []
    # The reason on demand, and the way to the one page of assumptions.
    assert "G from 01.05.2026" in may and "is assumed: Carried forward from 2025." in may
    assert reverse("intro:rules") + "#assumptions" in may
    # No box of unconfirmed rules: one quiet sentence with the link instead.
    assert "Computed with rules the sources do not verify" not in html
    assert 'class="ds-alert" data-color="info"' not in benefit
    assert "rules the sources do not confirm yet" in benefit


def test_the_rules_page_lists_the_assumptions_in_force_and_who_confirms_them(
    world, assumed_g, client, time_machine
):
    # A day while the assumed G of 1 May 2026 is in force (a later G replaces it from 1 May 2027).
    time_machine.move_to(dt.datetime(2026, 11, 4, 12, tzinfo=OSLO))
    client_login(client, world.users["integration"])
    html = client.get(reverse("intro:rules")).content.decode()
    section = html[html.index('id="assumptions"') : html.index('id="g-heading"')]
    assert "Assumptions in force" in section
    assert "an administrator" in section
    assert "G from 01.05.2026: 136" in section and "(assumed)" in section
    book = file_rulebook()
    today = D(2026, 11, 4)
    for rule in book.rules.values():
        if not book.has(rule.key, today):
            continue
        listed = f"<strong>{escape(rule.title_in('en'))}</strong>" in section
        assert listed == (not book.version(rule.key, today).verified), rule.key
    # Only an administrator gets the links to record a confirmed value.
    assert reverse("admin:intro_ruleversionrecord_add") not in section


def test_the_rules_page_gives_an_administrator_the_way_to_confirm(world, client):
    admin = world.users["integration"]
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    client_login(client, admin)
    html = client.get(reverse("intro:rules")).content.decode()
    section = html[html.index('id="assumptions"') : html.index('id="g-heading"')]
    assert reverse("admin:intro_ruleversionrecord_add") in section
    assert reverse("admin:intro_baseamountrecord_add") in section


def test_the_decision_page_lists_the_checks_the_letter_leaves_out(world, participant, actor, client):
    services.assessment_save(actor=actor, person=participant, data=ASSESSMENT, today=D(2026, 2, 10))
    client_login(client, world.users["integration"])
    html = client.get(reverse("intro:decision_new", args=[participant.pk, "programme"])).content.decode()
    checks = html[html.index('id="checks"') : html.index("</section>", html.index('id="checks"'))]
    assert "Check before the decision" in checks
    assert "Assumed from the settlement category: record the permit." in checks
    assert "The permit date is not recorded: the settlement date is used." in checks
    assert "Complaint deadline: assumed." in checks  # a rule value, confirmed by an administrator
    assert reverse("intro:rules") + "#assumptions" in checks
    assert reverse("intro:case_edit", args=[participant.pk]) in checks
    assert 'data-color="danger"' not in checks  # nothing here blocks Amina's decision


@pytest.fixture
def just_adult(world, actor):
    """Settled on the day after turning 18, with no permit date recorded: on the permit day she may
    have been 17, outside the target group, so the permit date decides the right."""
    from tests.world import make_person

    person = make_person(
        world.hemsedal, "Hana", "Tesfay", D(2007, 12, 20), settled_on=D(2026, 1, 5), serial=42
    )
    services.assessment_save(actor=actor, person=person, data=ASSESSMENT, today=D(2026, 2, 10))
    return person


def test_a_decision_resting_on_a_deciding_assumption_is_refused_until_it_is_recorded(
    world, just_adult, actor, client
):
    client_login(client, world.users["integration"])
    url = reverse("intro:decision_new", args=[just_adult.pk, "programme"])
    page = client.get(url).content.decode()
    assert "must be recorded first" in page and 'data-color="danger"' in page
    data = {
        "decided_on": "2026-02-10",
        "starts_on": "2026-03-02",
        "months": "24",
        "final_goal": "work",
        "language": "nb",
        "grounds": "Rett og plikt.",
    }
    response = client.post(url, {**data, "asked_to_confirm": "1", "confirmed": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Record the permit date before the decision: on the settlement day the person was 18" in html
    assert "Rett og plikt." in html  # kept
    assert not Decision.objects.filter(person=just_adult).exists()  # nothing saved

    services.case_save(actor=actor, person=just_adult, data={"permit_granted_on": D(2025, 12, 20)})
    response = client.post(url, {**data, "asked_to_confirm": "1", "confirmed": "on"})
    assert response.status_code == 302
    assert Decision.objects.get(person=just_adult).kind == "programme"


def test_a_refusal_also_waits_for_the_deciding_fact(just_adult, actor, book):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.decision_make(
            actor=actor,
            person=just_adult,
            kind="refusal",
            data=dict(decided_on=D(2026, 2, 10), language="nb", grounds="Nei."),
            book=book,
            today=D(2026, 2, 10),
        )
    assert "Record the permit date before the decision" in " ".join(exc.value.messages)
    assert not Decision.objects.filter(person=just_adult).exists()


def test_the_payroll_month_marks_an_assumed_amount_once_and_names_no_rules_in_a_box(
    world, granted, assumed_g, client
):
    client_login(client, world.users["integration"])
    html = client.get(reverse("intro:payroll_month", args=[world.hemsedal.pk, "2026-06"])).content.decode()
    row = next(r for r in re.findall(r"<tr>.*?</tr>", html, flags=re.S) if "Yusuf, Amina" in r)
    assert row.count('class="lg-assumed"') == 1
    assert _warning_tags(html) == []
    assert "Computed with rules the sources do not verify" not in html
    assert reverse("intro:rules") + "#assumptions" in html


def test_red_on_the_participant_page_only_for_what_blocks_the_decision(
    world, just_adult, participant, client
):
    client_login(client, world.users["integration"])
    blocked = client.get(reverse("intro:participant", args=[just_adult.pk])).content.decode()
    right = blocked[blocked.index('id="right"') : blocked.index('id="assessment"')]
    assert "must be recorded before the decision" in right and 'data-color="danger"' in right
    # Amina's assumed facts cannot change her answer: said, not red.
    calm = client.get(reverse("intro:participant", args=[participant.pk])).content.decode()
    right = calm[calm.index('id="right"') : calm.index('id="assessment"')]
    assert "The permit date is not recorded: the settlement date is used." in right
    assert "must be recorded before the decision" not in right
