"""Retention: rules as data with assumed defaults, a dry run that writes nothing, an approval that
anonymises exactly what was shown (or is refused), and statistics and the audit log that survive it.

Tables covered by anonymisation (each app's ``privacy.anonymise``), and what goes from them:
people_person (names, phone, e-mail, address, national ID), people_searchtoken (removed),
people_settlement (IMDi reference), people_household (name), people_sectionnote (removed),
routines_task (note, reason), intro_assessment (its texts), intro_decision (grounds),
intro_integrationplan (content, duties, goals), intro_activity (description), intro_leave (reason),
intro_programmeend (note), work_competenceprofile (other skills, wishes), work_education (field),
work_workexperience (description), work_placement (supervisor, mentor, note), work_followupvisit
(note), finance_grantfacts (note), finance_disabilitygrant (note). The test below reads every table
of the database for what was held, the audit log's included (which names persons by id only).
"""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.access.sections import Section
from lagrundt.accounts.two_factor import client_login
from lagrundt.core import plugins
from lagrundt.core.measurement import Query
from lagrundt.people import selectors as people_selectors
from lagrundt.people.models import Household, Person, SearchToken
from lagrundt.privacy import retention
from lagrundt.privacy.models import (
    ASSUMED_SOURCE,
    Anchor,
    Anonymisation,
    RetentionRule,
    RetentionRun,
    RunStatus,
)
from tests.test_get_writes_nothing import writes

from .conftest import DUE_TEXTS

pytestmark = pytest.mark.django_db


def approve(client, plan):
    return client.post(
        reverse("privacy:retention_approve"),
        {"municipality": plan.municipality_id, "shown": plan.fingerprint},
    )


def leader_client(client, leader):
    client_login(client, leader)
    client.cookies["django_language"] = "en"
    return client


# ---------------------------------------------------------------------------- rules
def test_every_default_rule_is_assumed_and_says_so(world, leader, client):
    rules = retention.rules_for(world.hemsedal.pk)
    assert {(r.section, r.counted_from) for r in rules} == {
        (s.value, a.value) for s in Section for a in Anchor
    }
    assert all(r.assumed and r.source == ASSUMED_SOURCE and r.stored is None for r in rules)
    page = leader_client(client, leader).get(reverse("privacy:retention"))
    assert page.status_code == 200
    assert page.text.count('data-color="warning">Assumed<') == len(rules)
    assert page.text.count("assumed; set per the municipality&#x27;s archive plan") == len(rules)


def test_a_rule_set_from_the_archive_plan_replaces_the_default_and_is_audited(world, leader, client):
    admin = world.users["sysadmin"]
    rule = RetentionRule(
        municipality=world.hemsedal,
        section=Section.HEALTH,
        counted_from=Anchor.FOLLOW_UP_END,
        period_months=120,
        source="Arkivplan for Hemsedal kommune, 2.4",
        source_date=dt.date(2025, 6, 1),
        assumed=False,
    )
    retention.rule_save(actor=Actor(admin), rule=rule, creating=True)
    health = next(
        r
        for r in retention.rules_for(world.hemsedal.pk)
        if (r.section, r.counted_from) == ("health", "follow_up_end")
    )
    assert (health.period_months, health.assumed, health.stored) == (120, False, rule)
    entry = AuditEntry.objects.filter(user=admin, channel=AuditChannel.ADMIN).get()
    assert (entry.action, entry.municipality_id) == (AuditAction.CREATE, world.hemsedal.pk)
    page = leader_client(client, leader).get(reverse("privacy:retention"), {"kommune": world.hemsedal.pk})
    assert "Arkivplan for Hemsedal kommune, 2.4" in page.text
    assert page.text.count('data-color="warning">Assumed<') == len(Section) * len(Anchor) - 1


def test_the_admin_saves_rules_through_the_audited_path(world, client):
    client_login(client, world.users["sysadmin"])
    response = client.post(
        reverse("admin:privacy_retentionrule_add"),
        {
            "municipality": world.hemsedal.pk,
            "section": "notes",
            "counted_from": "moved_out",
            "period_months": "36",
            "source": "Arkivplan 3.1",
            "source_date": "",
        },
    )
    assert response.status_code == 302, response.content[:500]
    rule = RetentionRule.objects.get()
    assert (rule.period_months, rule.assumed, rule.changed_by) == (36, False, world.users["sysadmin"])
    assert AuditEntry.objects.filter(user=world.users["sysadmin"], channel=AuditChannel.ADMIN).count() >= 1


# ---------------------------------------------------------------------------- what is due
def test_only_persons_whose_period_has_run_are_due(world, due):
    plan = retention.due(world.hemsedal.pk)
    assert {p.person_id for p in plan.persons} == {due["mehari"].pk, due["son"].pk}
    assert {s for s, _p in plan.items} == {s.value for s in Section}
    # Moved out 30 days ago: not due by moving out, but by the end of the follow-up three years ago.
    mehari = next(p for p in plan.persons if p.person_id == due["mehari"].pk)
    assert mehari.follow_up_ends < timezone.localdate() - dt.timedelta(days=2 * 365)
    # A longer period for one section keeps it.
    RetentionRule.objects.create(
        municipality=world.hemsedal, section="health", counted_from="follow_up_end", period_months=120
    )
    assert "health" not in {s for s, _p in retention.due(world.hemsedal.pk).items}
    assert not retention.due(world.aal.pk).items


def test_the_dry_run_shows_counts_and_persons_and_writes_nothing(world, due, leader, client):
    client = leader_client(client, leader)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("privacy:retention"))
    assert page.status_code == 200
    assert writes(queries.captured_queries) == []
    assert "Mehari Tesfay" in page.text and "Liya Tesfay" in page.text
    assert "Abeba Haile" not in page.text
    counts = {c.section: c for c in page.context["counts"]}
    assert counts["notes"].persons == 2
    removed = {r.table: r.rows for r in counts["notes"].removed}
    assert removed["Notes"] == 1 and removed["Tasks"] == 1
    assert {r.table: r.rows for r in counts["work"].removed}["Placements"] == 1
    # Nothing changed: names, texts, and no run or anonymisation.
    assert Person.objects.get(pk=due["mehari"].pk).family_name == "Tesfay"
    assert not RetentionRun.objects.exists() and not Anonymisation.objects.exists()
    # The persons shown are audited reads.
    assert AuditEntry.objects.filter(
        user=leader, person_id=due["mehari"].pk, action=AuditAction.READ, section="identity"
    ).exists()


# ---------------------------------------------------------------------------- the run
def _held_anywhere(secret: str) -> list[str]:
    """Every table, the audit log's too, row by row, as text: where ``secret`` is still held."""
    found = []
    for model in apps.get_models():
        if not model._meta.managed:
            continue
        for row in model._default_manager.all().values():
            text = json.dumps(row, default=str, ensure_ascii=False)
            if secret.casefold() in text.casefold():
                found.append(f"{model._meta.db_table}: {text[:120]}")
    return found


def test_approval_anonymises_exactly_the_due_persons_everywhere(world, due, leader, client):
    client = leader_client(client, leader)
    mehari, son = due["mehari"], due["son"]
    secrets = ["Mehari", "Tesfay", due["national_id"], *DUE_TEXTS.values()]
    assert all(_held_anywhere(s) for s in secrets)  # the test can fail: each is held before
    others = {p.pk: (p.full_name, p.national_id) for p in Person.objects.exclude(pk__in=[mehari.pk, son.pk])}
    entries_before = set(AuditEntry.objects.filter(person_id=mehari.pk).values_list("pk", flat=True))
    plan = retention.due(world.hemsedal.pk)

    response = approve(client, plan)

    assert response.status_code == 302
    run = RetentionRun.objects.get()
    assert run.status == RunStatus.DONE and run.approved_by == leader
    assert sorted(map(tuple, run.items)) == sorted(plan.items)
    assert set(Anonymisation.objects.values_list("section", "person_id")) == set(plan.items)
    for secret in secrets:
        assert _held_anywhere(secret) == [], secret
    # The persons and what statistics count stay.
    mehari_now = Person.objects.select_related("settlement").get(pk=mehari.pk)
    assert (mehari_now.birth_date, mehari_now.sex, mehari_now.country_background.code) == (
        mehari.birth_date,
        mehari.sex,
        "ER",
    )
    assert mehari_now.settlement.settled_on == mehari.settlement.settled_on
    assert mehari_now.moved_out_on == mehari.moved_out_on
    assert mehari_now.household_id == due["household"].pk
    assert Household.objects.get(pk=due["household"].pk).name == f"H-{due['household'].pk}"
    # Nobody else was touched.
    assert {
        p.pk: (p.full_name, p.national_id) for p in Person.objects.exclude(pk__in=[mehari.pk, son.pk])
    } == others
    # The audit log keeps every entry, and an ANONYMISED one per section of each person, by the system.
    assert entries_before <= set(AuditEntry.objects.filter(person_id=mehari.pk).values_list("pk", flat=True))
    anonymised = AuditEntry.objects.filter(action=AuditAction.ANONYMISED)
    assert set(anonymised.values_list("section", "person_id")) == set(plan.items)
    assert set(anonymised.values_list("channel", "user_id")) == {(AuditChannel.SYSTEM, leader.pk)}
    # Search no longer finds them by name; nothing is due any more.
    integration = world.users["integration"]
    for term in ("Tesfay", "Mehari", "Liya", "Familien"):
        found = people_selectors.person_search(integration, people_selectors.PersonFilter(q=term))
        assert not found.filter(pk__in=[mehari.pk, son.pk]).exists(), term
    assert not SearchToken.objects.filter(person__in=[mehari.pk, son.pk]).exists()
    assert not retention.due(world.hemsedal.pk).items
    # The page says what was done.
    assert "Carried out" in client.get(reverse("privacy:retention"), {"kommune": world.hemsedal.pk}).text


def test_search_found_them_before(world, due):
    """The other half of the search check above: before the run, the name finds the person."""
    integration = world.users["integration"]
    found = people_selectors.person_search(integration, people_selectors.PersonFilter(q="Tesfay"))
    assert set(found.values_list("pk", flat=True)) == {due["mehari"].pk, due["son"].pk}


def test_statistics_and_indicators_are_unchanged(world, due, leader, client):
    today = timezone.localdate()
    query = Query(
        municipality_ids=(world.hemsedal.pk,), years=tuple(range(today.year - 9, today.year + 1)), today=today
    )

    def indicators():
        values = {}
        for module in plugins.app_modules("indicators"):
            for indicator in module.definitions():
                if indicator.is_computed:
                    values[indicator.key] = indicator.compute(
                        Query(query.municipality_ids, query.years, today)
                    )
        return values

    def statistics_page():
        client_login(client, world.users["leadership"])
        response = client.get(reverse("statistics"))
        assert response.status_code == 200
        return repr(response.context["table"])

    before = (indicators(), statistics_page())
    assert before[0]["settlement_flow"]  # the register's own indicator counts Mehari's settlement year
    approve(leader_client(client, leader), retention.due(world.hemsedal.pk))
    assert RetentionRun.objects.get().status == RunStatus.DONE
    assert (indicators(), statistics_page()) == before


def test_approval_is_refused_when_what_is_due_changed_since_it_was_shown(world, due, leader, client):
    client = leader_client(client, leader)
    shown = retention.due(world.hemsedal.pk)
    # Another person becomes due before the approval arrives.
    Person.objects.filter(pk=world.persons["gol_adult"].pk).update(municipality=world.hemsedal)
    world.persons["gol_adult"].settlement.__class__.objects.filter(person=world.persons["gol_adult"]).update(
        settled_on=timezone.localdate() - dt.timedelta(days=9 * 365)
    )
    response = approve(client, shown)
    assert response.status_code == 302
    assert not RetentionRun.objects.exists() and not Anonymisation.objects.exists()
    assert Person.objects.get(pk=due["mehari"].pk).family_name == "Tesfay"
    page = client.get(response["Location"])
    assert "What is due has changed" in page.text


def test_a_run_is_refused_when_an_approved_section_is_no_longer_due(world, due, leader):
    run = retention.run_approve(
        actor=Actor(leader),
        municipality_id=world.hemsedal.pk,
        shown=retention.due(world.hemsedal.pk).fingerprint,
    )
    # Before it is carried out, the archive plan turns out to keep notes for ten years.
    RetentionRule.objects.create(
        municipality=world.hemsedal, section="notes", counted_from="follow_up_end", period_months=120
    )
    run = retention.run_carry_out(run.pk)
    assert run.status == RunStatus.REFUSED and run.refusal
    assert not Anonymisation.objects.exists()
    assert Person.objects.get(pk=due["mehari"].pk).family_name == "Tesfay"
    assert not AuditEntry.objects.filter(action=AuditAction.ANONYMISED).exists()


def test_only_the_integration_services_leaders_see_and_approve(world, due, leader, client, login):
    for role in ("integration", "leadership", "dpo", "health"):
        c = login(world, role)
        assert c.get(reverse("privacy:retention")).status_code == 404
        assert approve(c, retention.due(world.hemsedal.pk)).status_code == 404
    assert not RetentionRun.objects.exists()
    # Hemsedal's leader sees the municipalities the unit serves (Hemsedal and Gol), first where
    # something is due; Ål's list is not theirs, and an id outside the unit is ignored, or refused.
    client = leader_client(client, leader)
    assert client.get(reverse("privacy:retention")).context["municipality"] == world.hemsedal
    assert (
        client.get(reverse("privacy:retention"), {"kommune": world.gol.pk}).context["municipality"]
        == world.gol
    )
    page = client.get(reverse("privacy:retention"), {"kommune": world.aal.pk})
    assert page.context["municipality"] == world.hemsedal
    page = client.get(reverse("privacy:retention"), {"kommune": "99999999999999999999999"})
    assert page.status_code == 200
    plan = retention.due(world.aal.pk)
    assert approve(client, plan).status_code == 404
    bad = client.post(
        reverse("privacy:retention_approve"), {"municipality": "x", "shown": "not-a-fingerprint"}
    )
    assert bad.status_code == 302 and not RetentionRun.objects.exists()


def test_the_nightly_job_carries_out_approved_runs_and_reports_what_is_due(world, due, leader, capsys):
    from lagrundt.privacy.tasks import nightly_retention

    call_command("run_retention")
    assert f"Hemsedal: {2 * len(Section)} sections of persons due" in capsys.readouterr().out
    run = retention.run_approve(
        actor=Actor(leader),
        municipality_id=world.hemsedal.pk,
        shown=retention.due(world.hemsedal.pk).fingerprint,
    )
    with pytest.raises(ValidationError) as waiting:  # one waiting run at a time
        retention.run_approve(
            actor=Actor(leader),
            municipality_id=world.hemsedal.pk,
            shown=retention.due(world.hemsedal.pk).fingerprint,
        )
    assert waiting.value.code == "waiting"
    result = nightly_retention.enqueue().return_value
    assert result["carried_out"] == 1 and result["due"] == {}
    run.refresh_from_db()
    assert run.status == RunStatus.DONE


def test_the_audit_hash_chain_still_verifies_after_a_run(world, due, leader, client, capsys):
    approve(leader_client(client, leader), retention.due(world.hemsedal.pk))
    assert RetentionRun.objects.get().status == RunStatus.DONE
    assert AuditEntry.objects.filter(action=AuditAction.ANONYMISED).exists()
    call_command("verify_audit")  # raises when the chain is broken
    assert "the chain is unbroken" in capsys.readouterr().out
