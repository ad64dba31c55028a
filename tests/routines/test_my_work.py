"""My work: the home page's reads of tasks, followed persons and changes since the previous login."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.accounts.signals import PREVIOUS_LOGIN
from lagrundt.accounts.two_factor import client_login
from lagrundt.people.models import SectionNote
from lagrundt.routines import mywork
from lagrundt.routines.models import Routine, Task, TaskStatus
from lagrundt.tenancy.models import Membership

pytestmark = pytest.mark.django_db


def routine(municipality, key, sector, section):
    return Routine.objects.get_or_create(
        municipality=municipality,
        key=key,
        defaults=dict(
            profile="test",
            title_nb=key,
            title_nn=key,
            title_en=key,
            sector=sector,
            section=section,
            applies_to="person",
            spec={"from": "settlement", "offset": {"days": 14}, "when": {}, "working_day": True},
            source="test",
            basis="plan",
        ),
    )[0]


def make_task(person, due_in_days, *, key="t.health_talk", sector="health", section="health", **fields):
    """An open task for ``person`` due ``due_in_days`` from today (negative: overdue)."""
    today = timezone.localdate()
    due = today + dt.timedelta(days=due_in_days)
    r = routine(person.municipality, key, sector, section)
    return Task.objects.create(
        routine=r,
        subject=f"p:{person.pk}",
        occurrence=f"{due:%Y%m%d}-{Task.objects.count()}",
        municipality=person.municipality,
        sector=sector,
        section=section,
        person=person,
        counts_from=fields.pop("counts_from", min(due, today) - dt.timedelta(days=14)),
        computed_due_on=fields.pop("computed_due_on", due),
        due_on=due,
        **fields,
    )


def colleague(world, key="health", name="colleague"):
    """Another user in the same unit as ``world.users[key]``."""
    user = User.objects.create_user(f"{name}-{key}", first_name="Kari", last_name="Kollega")
    membership = Membership.objects.filter(user=world.users[key]).first()
    Membership.objects.create(user=user, unit=membership.unit, sector=membership.sector)
    return user


def keys(groups):
    return {g.key: [t.pk for t in g.tasks] for g in groups}


def test_my_tasks_are_grouped_overdue_soon_and_later(world):
    nurse = world.users["health"]
    adult = world.persons["adult"]
    overdue = make_task(adult, -3, assignee=nurse)
    today = make_task(adult, 0, assignee=nurse)
    soon = make_task(world.persons["spouse"], 14, assignee=nurse)
    later = make_task(adult, 15, assignee=nurse)
    too_far = make_task(adult, 200, assignee=nurse)
    groups = keys(mywork.my_tasks(nurse, timezone.localdate()))
    assert groups == {"overdue": [overdue.pk], "soon": [today.pk, soon.pk], "later": [later.pk]}
    assert all(too_far.pk not in pks for pks in groups.values())


def test_unit_unassigned_tasks_appear_but_not_a_colleagues_or_another_sectors(world):
    nurse = world.users["health"]
    other = colleague(world)
    free = make_task(world.persons["adult"], 2)
    theirs = make_task(world.persons["adult"], 3, assignee=other)
    school = make_task(
        world.persons["school_child"], 1, key="t.school_start", sector="school", section="education"
    )
    aal = make_task(world.persons["aal_adult"], 1)  # Ål is not served by the health station in Hemsedal
    today = timezone.localdate()
    assert keys(mywork.unit_unassigned(nurse, today))["soon"] == [free.pk]
    assert keys(mywork.my_tasks(nurse, today))["soon"] == []
    groups = mywork.unit_unassigned(nurse, today) + mywork.my_tasks(nurse, today)
    shown = {t.pk for g in groups for t in g.tasks}
    assert not shown & {theirs.pk, school.pk, aal.pk}
    # The school's task is the teacher's to see, not the nurse's.
    teacher = world.users["school"]
    assert keys(mywork.unit_unassigned(teacher, today))["soon"] == [school.pk]


def test_groups_are_limited_and_say_there_are_more(world):
    nurse = world.users["health"]
    for days in (1, 2, 3):
        make_task(world.persons["adult"], days, assignee=nurse)
    soon = mywork.my_tasks(nurse, timezone.localdate(), limit=2)[1]
    assert (len(soon.tasks), soon.more) == (2, True)
    soon = mywork.my_tasks(nurse, timezone.localdate(), limit=3)[1]
    assert (len(soon.tasks), soon.more) == (3, False)


def test_followed_persons_are_those_of_my_open_tasks_earliest_deadline_first(world):
    nurse = world.users["health"]
    make_task(world.persons["adult"], 10, assignee=nurse)
    make_task(world.persons["adult"], 30, assignee=nurse)
    make_task(world.persons["spouse"], 5, assignee=nurse)
    make_task(world.persons["teen"], 1)  # unassigned: not followed
    done = make_task(world.persons["school_child"], 1, assignee=nurse)
    done.status = TaskStatus.DONE
    done.save()
    rows = mywork.followed(nurse)
    assert [(r.person.list_name, r.open_tasks) for r in rows] == [("Haile, Dawit", 1), ("Haile, Abeba", 2)]
    assert rows[0].next_due == timezone.localdate() + dt.timedelta(days=5)


def test_changes_since_the_previous_login(world):
    nurse = world.users["health"]
    adult, spouse = world.persons["adult"], world.persons["spouse"]
    since = timezone.now() - dt.timedelta(days=1)
    before = since - dt.timedelta(days=2)
    old = make_task(adult, 10, assignee=nurse)
    computed = timezone.localdate() + dt.timedelta(days=20)
    moved = make_task(spouse, 40, assignee=nurse, computed_due_on=computed)
    Task.objects.filter(pk__in=[old.pk, moved.pk]).update(created_at=before)
    new = make_task(adult, 12)  # new, unassigned, for a person the nurse follows
    make_task(world.persons["teen"], 12)  # new, but the nurse does not follow the teen
    note = SectionNote.objects.create(person=adult, section="health", body="Helsenotat", author=nurse)
    hidden = SectionNote.objects.create(person=adult, section="work", body="Arbeidsnotat", author=nurse)
    old_note = SectionNote.objects.create(person=adult, section="health", body="Gammelt", author=nurse)
    SectionNote.objects.filter(pk=old_note.pk).update(written_at=before)
    changes = mywork.changes_since(nurse, since)
    assert [t.pk for t in changes.new_tasks] == [new.pk]
    assert [t.pk for t in changes.postponed] == [moved.pk]
    assert [(n.person.pk, n.section) for n in changes.notes] == [(adult.pk, "health")]
    # The note in the work section is not the nurse's to read: not even that it exists.
    assert hidden.section not in {n.section for n in changes.notes} and note.section == "health"
    assert changes.moved_out == [] and not changes.empty
    # Nothing after a later login.
    assert mywork.changes_since(nurse, timezone.now() + dt.timedelta(minutes=5)).empty


def test_a_person_who_moves_out_is_among_the_changes(world):
    worker = world.users["integration"]
    person = world.persons["adult"]
    make_task(person, 5, key="t.plan", sector="integration_service", section="programme", assignee=worker)
    person.moved_out_on = timezone.localdate() + dt.timedelta(days=10)
    person.save(update_fields=["moved_out_on"])
    changes = mywork.changes_since(worker, timezone.now() - dt.timedelta(days=1))
    assert changes.moved_out == [person]
    assert mywork.changes_since(worker, timezone.now() + dt.timedelta(days=11)).moved_out == []


def test_the_previous_login_is_kept_in_the_session(world):
    nurse = world.users["health"]
    earlier = timezone.now() - dt.timedelta(days=3)
    User.objects.filter(pk=nurse.pk).update(last_login=earlier)
    nurse.refresh_from_db()
    client = client_login(Client(), nurse)
    assert client.session[PREVIOUS_LOGIN] == pytest.approx(earlier.timestamp())
    nurse.refresh_from_db()
    assert nurse.last_login > earlier  # Django still records this login
    client = client_login(Client(), nurse)
    assert client.session[PREVIOUS_LOGIN] == pytest.approx(nurse.last_login.timestamp(), abs=60)


def test_the_first_login_has_no_previous_one(world):
    nurse = world.users["health"]
    assert nurse.last_login is None
    client = client_login(Client(), nurse)
    assert client.session[PREVIOUS_LOGIN] is None


def test_reads_are_recorded_per_person_and_section(world):
    from lagrundt.access.models import AuditEntry

    nurse = world.users["health"]
    adult = world.persons["adult"]
    make_task(adult, 3, assignee=nurse)
    SectionNote.objects.create(person=adult, section="health", body="x", author=nurse)
    changes = mywork.changes_since(nurse, timezone.now() - dt.timedelta(days=1))
    mywork.record_reads(Actor(nurse), [r.person for r in mywork.followed(nurse)], changes)
    assert set(AuditEntry.objects.filter(person=adult).values_list("section", flat=True)) == {
        "identity",
        "health",
    }


def _flat(groups):
    return [(g.key, [t.pk for t in g.tasks], g.more) for g in groups]


@pytest.mark.parametrize("limit", [1, 2, 25])
def test_the_home_pages_fast_read_agrees_with_the_plain_reads(world, limit):
    """``my_work`` asks the policy once for candidates found by the indexes; whatever the group size, it
    shows what the plain reads through ``_base`` show, also where the policy hides the first candidates
    (a person who moved out is no longer the nurse's to see) and the group is read again."""
    nurse = world.users["health"]
    other = colleague(world)
    since = timezone.now() - dt.timedelta(days=1)
    for days in (-40, -30, -20, -10, -9):
        make_task(world.persons["moved"], days)  # hidden from the nurse by the policy
    for key, days in (("adult", -5), ("spouse", -3), ("teen", 2), ("small_child", 4), ("adult", 30)):
        make_task(world.persons[key], days)
    for key, days in (("adult", -2), ("adult", 1), ("spouse", 9), ("teen", 20), ("teen", 60)):
        make_task(world.persons[key], days, assignee=nurse)
    make_task(world.persons["school_child"], 3, assignee=other)
    old = make_task(world.persons["spouse"], 50, assignee=nurse, computed_due_on=timezone.localdate())
    Task.objects.filter(pk=old.pk).update(created_at=since - dt.timedelta(days=3))
    today = timezone.localdate()
    work = mywork.my_work(nurse, today, since, limit=limit, changes_limit=limit)
    assert _flat(work.mine) == _flat(mywork.my_tasks(nurse, today, limit=limit))
    assert _flat(work.unassigned) == _flat(mywork.unit_unassigned(nurse, today, limit=limit))
    assert [(f.person.pk, f.open_tasks, f.next_due) for f in work.followed] == [
        (f.person.pk, f.open_tasks, f.next_due) for f in mywork.followed(nurse)
    ]
    plain = mywork.changes_since(nurse, since, limit=limit)
    assert [t.pk for t in work.changes.new_tasks] == [t.pk for t in plain.new_tasks]
    assert [t.pk for t in work.changes.postponed] == [t.pk for t in plain.postponed] == [old.pk][:limit]
    assert work.unassigned[0].tasks and world.persons["moved"].pk not in {
        t.person_id for g in work.unassigned for t in g.tasks
    }
    assert mywork.my_work(nurse, today, None).changes is None


def test_very_many_tasks_of_ones_own_are_read_the_plain_way(world, monkeypatch):
    nurse = world.users["health"]
    make_task(world.persons["adult"], 2, assignee=nurse)
    make_task(world.persons["spouse"], -1)
    today = timezone.localdate()
    fast = mywork.my_work(nurse, today, None)
    monkeypatch.setattr(mywork, "MAX_CANDIDATES", 0)
    plain = mywork.my_work(nurse, today, None)
    assert _flat(plain.mine) == _flat(fast.mine) and _flat(plain.unassigned) == _flat(fast.unassigned)
    assert [f.person for f in plain.followed] == [world.persons["adult"]]
