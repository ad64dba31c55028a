"""The audit log keeps who, when, which person, section and fields changed: never the content.

Every service change of ``test_record_change.CHANGES`` is made, and every value stored in the entries
they write is compared with the content the database holds afterwards (the text of every field
without choices, every JSON value and every birth date of every model with personal data) and with
the texts the changes were given.
"""

import datetime as dt
import importlib
import io

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from lagrundt.access import audit
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditEntry
from lagrundt.access.sections import Section
from lagrundt.people import selectors as people_selectors
from lagrundt.people import services as people
from lagrundt.routines import services as routines
from lagrundt.routines.models import Task
from tests.access.test_chain import skip_unless_owner
from tests.access.test_record_change import CHANGES, Scene, models_with_personal_data
from tests.access_matrix import health_task

pytestmark = pytest.mark.django_db

NOTE = "Astma, bruker inhalator morgen og kveld"  # a health note: content the log must never hold


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _leaves(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def _content_in_database() -> set[str]:
    """Independently of ``audit``: free text, birth dates and the texts in JSON in every personal-data row.

    (A JSON value's codes and dates, which the log may keep elsewhere, are left out: only its texts.)
    """
    found: set[str] = set()
    for model in models_with_personal_data():
        for field in model._meta.concrete_fields:
            if (model._meta.label, field.name) in CODES:
                continue
            free_text = isinstance(field, models.CharField | models.TextField) and not field.choices
            json = isinstance(field, models.JSONField)
            if not (free_text or json or "birth" in field.name):
                continue
            for value in model.objects.values_list(field.attname, flat=True):
                for leaf in _leaves(value):
                    if isinstance(leaf, dt.date):
                        leaf = leaf.isoformat()
                    if not isinstance(leaf, str) or len(leaf) < 3 or leaf.isdigit():
                        continue
                    if not json or " " in leaf.strip():
                        found.add(leaf)
    return found


# Text fields that hold a code from a municipality's profile, not what a person wrote or is called.
CODES = {("housing.Deviation", "item")}  # the checklist item's key


def test_no_service_change_leaves_content_in_the_log(world):
    scene = Scene(world)
    first = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for c in CHANGES:
        if c.prepare:
            c.prepare(scene)
        c.call(scene, c.service)
    written = list(AuditEntry.objects.filter(pk__gt=first, action__in=["create", "update", "delete"]))
    content = _content_in_database() | {
        # What the changes were given that a row no longer holds (a removed grant, a replaced name).
        "Haile",
        "Bosatt etter avtale",
        "Ny leilighet",
        "+4791234567",
        "Familien Berhe",
        "Trives",
        "Kari",
        "Syk",
        "Flyttet",
        "Bryllup",
        "Du har rett og plikt til introduksjonsprogram.",
    }
    assert len({c.service for c in CHANGES}) >= 40 and len(written) >= 45
    leaks = [
        (e.pk, e.section, key, leaf)
        for e in written
        for key, change in e.changes.items()
        for leaf in _leaves(change)
        if isinstance(leaf, str) and leaf in content
    ]
    assert not leaks, leaks
    # Nothing that identifies a person: names, national ID, birth date and contact are "changed" only.
    identifying = ("given_name", "family_name", "birth_date", "national_id", "phone", "email", "address")
    identity = [e for e in written if e.section == Section.IDENTITY]
    assert {k for e in identity for k in e.changes} >= {"given_name", "family_name", "birth_date", "phone"}
    assert all(e.changes[k] == {"changed": True} for e in identity for k in identifying if k in e.changes)
    # Values that are not content stay where they help the history: a code, a date, a number, an id.
    assert any(e.changes.get("status") == {"old": "open", "new": "done"} for e in written)
    assert any(e.changes.get("months") == {"old": None, "new": 24} for e in written)
    assert any(e.changes.get("hours_per_week") == {"old": 20, "new": 25} for e in written)


def test_snapshot_knows_content_from_the_model_field(world):
    person = world.persons["adult"]
    values = audit.snapshot(person, ("given_name", "birth_date", "sex", "municipality", "interpreter_needed"))
    assert values == {  # compare as the plain values: the services' comparisons do not change
        "given_name": person.given_name,
        "birth_date": person.birth_date.isoformat(),
        "sex": person.sex,
        "municipality": person.municipality_id,
        "interpreter_needed": person.interpreter_needed,
    }
    assert isinstance(values["given_name"], audit.Content) and isinstance(values["birth_date"], audit.Content)
    assert isinstance(values["sex"], audit.Kept)
    stored = audit.scrub_changes(audit.changes_between({}, values), Section.SETTLEMENT)
    assert stored["given_name"] == stored["birth_date"] == {"changed": True}
    assert stored["sex"] == {"old": None, "new": person.sex}
    assert stored["municipality"] == {"old": None, "new": person.municipality_id}


def test_values_given_by_hand_are_judged_conservatively():
    changes = {
        "note": {"old": None, "new": NOTE},
        "relation": {"old": None, "new": {"relative": 413, "kind": "parent", "said": "Onkel på morssiden"}},
        "day": {"old": None, "new": "2026-03-02"},
        "unexcused_hours": {"old": "0", "new": "2.5"},
        "national_id": {"old": None, "new": "01019012345"},
        "phone": {"old": None, "new": "91234567"},
        "birth": {"old": None, "new": "1990-01-01"},
        "birth_year": {"old": None, "new": 1990},
        "codes": {"old": [], "new": ["parent", "Fritekst her"]},
    }
    assert audit.scrub_changes(changes, Section.FAMILY) == {
        "note": {"changed": True},
        "relation": {"old": None, "new": {"relative": 413, "kind": "parent"}},
        "day": {"old": None, "new": "2026-03-02"},
        "unexcused_hours": {"old": "0", "new": "2.5"},
        "national_id": {"changed": True},
        "phone": {"changed": True},
        "birth": {"changed": True},
        "birth_year": {"changed": True},
        "codes": {"changed": True},
    }
    assert audit.scrub_changes({"day": {"old": None, "new": "2026-03-02"}}, Section.NATIONAL_ID) == {
        "day": {"changed": True}
    }


def _health_writes(world):
    """A health note and a health talk done, for the adult in Hemsedal, by health."""
    actor = Actor(world.users["health"])
    adult = world.persons["adult"]
    people.section_note_add(actor=actor, person=adult, section=Section.HEALTH, body=NOTE)
    task = Task.objects.get(pk=health_task(world, "health", "own")["pk"])
    routines.task_complete(actor=actor, task=task, done_on=dt.date(2026, 11, 2), note="Henvist til lege")
    return adult


def test_the_person_history_says_changed_without_the_content(world, login):
    adult = _health_writes(world)
    (task_row, note_row) = people_selectors.change_history(adult, [Section.HEALTH])
    assert [(c.label, c.new, c.hidden) for c in note_row.changes] == [("Note", "changed", True)]
    assert ("Note", "changed", True) in [(c.label, c.new, c.hidden) for c in task_row.changes]
    page = english(login(world, "health")).get(reverse("people:person_detail", args=[adult.pk]))
    assert page.status_code == 200
    assert "Henvist til lege" not in page.content.decode()


def test_the_officer_sees_which_fields_changed_in_a_section_she_may_not_read_and_no_values(world, login):
    adult = _health_writes(world)
    client = english(login(world, "dpo"))
    response = client.get(reverse("access:audit_person", args=[adult.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert NOTE not in page and "Henvist til lege" not in page
    health = [r for r in response.context["rows"] if r.entry.section == Section.HEALTH and r.changes]
    assert health and all(c.hidden and c.new == "changed" for r in health for c in r.changes)
    assert "Closed on" in page and "02.11.2026" not in page  # the field by its name, not its value
    assert "(Health, employee)" in page and "(health" not in page  # labels, not codes


def test_the_exports_carry_labels_and_no_content(world, login):
    adult = _health_writes(world)
    client = english(login(world, "dpo"))
    for url in (
        reverse("access:audit_person_export", args=[adult.pk]),
        reverse("access:audit_user_export", args=[world.users["health"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        cells = [str(c) for row in rows for c in row if c is not None]
        assert not [c for c in cells if NOTE in c or "Henvist til lege" in c]
        header = rows[0]
        sector, section, changes = (header.index(h) for h in ("Sector", "Section", "Changes"))
        health = [r for r in rows[1:] if r[section] == "Health"]
        assert health, rows
        assert {r[sector] for r in health} == {"Health"}  # the label, never "health"
        assert any("Note: changed" in (r[changes] or "") for r in health)
        assert not any("→" in (r[changes] or "") for r in health)


def test_entries_written_before_keep_no_content_after_the_migration(world):
    """0005 rewrote what the log held before: run it on an entry written the old way."""
    skip_unless_owner()
    migration = importlib.import_module("lagrundt.access.migrations.0005_audit_without_content")
    old = {"note": {"old": None, "new": NOTE}, "status": {"old": "open", "new": "done"}}
    AuditEntry.objects.bulk_create(
        [AuditEntry(username="x", section=Section.HEALTH, action="update", channel="page", changes=old)]
    )
    entry = AuditEntry.objects.latest("pk")
    assert entry.changes == old
    assert migration.scrub_entries(connection, AuditEntry._base_manager.all()) == 1
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.changes == {"note": {"changed": True}, "status": {"old": "open", "new": "done"}}
    # The trigger is back.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE access_auditentry SET detail = 'x' WHERE id = %s", [entry.pk])


def test_a_model_may_name_its_code_fields_to_keep_them(world, monkeypatch):
    """An occupation is a STYRK code in a text field: kept once the model says so, and only then."""
    from lagrundt.work.models import CompetenceProfile, WorkExperience

    profile = CompetenceProfile.objects.create(person=world.persons["adult"], licences=["B"])
    row = WorkExperience(profile=profile, occupation="9112", description="Vasket kontorer", years=3)

    def stored(occupation_codes, profile_codes):
        monkeypatch.setattr(WorkExperience, "audit_codes", occupation_codes, raising=False)
        monkeypatch.setattr(CompetenceProfile, "audit_codes", profile_codes, raising=False)
        after = {
            **audit.snapshot(row, ("occupation", "description")),
            **audit.snapshot(profile, ("licences",)),
        }
        return audit.scrub_changes(audit.changes_between({}, after))

    assert stored((), ()) == {n: {"changed": True} for n in ("description", "licences", "occupation")}
    assert stored(("occupation",), ("licences",)) == {
        "description": {"changed": True},
        "licences": {"old": None, "new": ["B"]},
        "occupation": {"old": None, "new": "9112"},
    }
