"""The settlement services: replies, expected arrival, the duties before arrival, and the arrival."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.access.sections import Section
from lagrundt.people.models import Person, Relation, RelationKind
from lagrundt.routines.models import Task, TaskStatus
from lagrundt.routines.rules import next_working_day
from lagrundt.settlement import services, signals
from lagrundt.settlement.models import Reply, SettlementCase, SettlementSetting, Stage
from tests.settlement.conftest import days, family


def open_dues(case) -> dict[str, dt.date]:
    return dict(
        Task.objects.filter(subject=f"c:{case.pk}", status=TaskStatus.OPEN).values_list(
            "routine__key", "due_on"
        )
    )


def test_accept_and_a_second_reply_is_refused(make_case, actor):
    case = make_case()
    services.case_reply(actor, case, True, timezone.localdate())
    case.refresh_from_db()
    assert (case.reply, case.stage, case.replied_on) == (Reply.ACCEPTED, Stage.ACCEPTED, timezone.localdate())
    with pytest.raises(ValidationError, match="already accepted"):
        services.case_reply(actor, case, False, timezone.localdate(), reason="no_dwelling")


def test_decline_closes_and_a_later_accept_is_refused(make_case, actor):
    case = make_case()
    services.case_reply(actor, case, False, timezone.localdate(), reason="no_dwelling", text="None free")
    case.refresh_from_db()
    assert (case.reply, case.stage, case.closed_on) == (Reply.DECLINED, Stage.CLOSED, timezone.localdate())
    with pytest.raises(ValidationError, match="already declined"):
        services.case_reply(actor, case, True, timezone.localdate())
    case.refresh_from_db()
    assert case.reply == Reply.DECLINED


def test_declining_needs_a_reason_and_saves_nothing_without(make_case, actor):
    case = make_case()
    with pytest.raises(ValidationError):
        services.case_reply(actor, case, False, timezone.localdate())
    case.refresh_from_db()
    assert (case.reply, case.stage) == (Reply.PENDING, Stage.PROPOSED)


def test_an_expected_arrival_in_the_past_is_refused(make_case, actor):
    case = make_case(expected_arrival=days(30))
    with pytest.raises(ValidationError, match="past"):
        services.case_expected_arrival_set(actor, case, days(-1))
    case.refresh_from_db()
    assert case.expected_arrival == days(30)
    services.case_expected_arrival_set(actor, case, timezone.localdate())  # today is allowed
    with pytest.raises(ValidationError):
        make_case(name="Later", expected_arrival=days(-3))
    assert not SettlementCase.objects.filter(name="Later").exists()


def test_the_reply_deadline_is_the_proposals_or_the_municipalitys_assumed_default(world, make_case):
    assert make_case().reply_due_on is None  # no setting: not set
    given = make_case(reply_due_on=days(5))
    assert (given.reply_due_on, given.reply_due_assumed) == (days(5), False)
    services.setting_save(
        world.hemsedal, SettlementSetting.Key.REPLY_DAYS, 14, days(-400), "Kommunal standard", assumed=True
    )
    assumed = make_case(name="Haddad")
    # Counted in days, and moved off a weekend or holiday as a deadline in days is.
    assert (assumed.reply_due_on, assumed.reply_due_assumed) == (next_working_day(days(14)), True)


def test_duties_appear_on_accept_move_with_the_arrival_and_close_on_withdrawal(
    make_case, actor, pre_arrival_routines
):
    case = make_case(expected_arrival=days(60))
    assert open_dues(case) == {}  # not answered: no duties yet
    services.case_reply(actor, case, True, timezone.localdate())
    first = open_dues(case)
    assert set(first) == {"t.dwelling", "t.school", "t.health"}
    assert all(due < days(60) for due in first.values())

    services.case_expected_arrival_set(actor, case, days(81))
    moved = open_dues(case)
    assert set(moved) == set(first) and all(moved[k] > first[k] for k in first)

    services.case_withdraw(actor, case, timezone.localdate())
    assert open_dues(case) == {}


def test_a_declined_case_has_no_open_duties(make_case, actor, pre_arrival_routines):
    case = make_case(expected_arrival=days(60))
    services.case_reply(actor, case, False, timezone.localdate(), reason="decision_filled")
    assert open_dues(case) == {}


def test_a_childs_birth_date_decides_the_school_duty(make_case, actor, pre_arrival_routines):
    case = make_case(members=family(child_age=3), expected_arrival=days(60))
    services.case_reply(actor, case, True, timezone.localdate())
    assert "t.school" not in open_dues(case)
    child = case.members.get(role="child")
    services.member_update(actor, child, {"birth_date": None, "birth_year": timezone.localdate().year - 10})
    assert "t.school" in open_dues(case)


def test_arrival_registers_the_household_with_what_was_typed_once(world, make_case, actor):
    case = make_case(imdi_reference="IMDi-77", expected_arrival=days(20))
    services.case_reply(actor, case, True, timezone.localdate())
    heard = []

    def receiver(sender, **kwargs):
        heard.append(kwargs)

    signals.case_arrived.connect(receiver)
    child = case.members.get(role="child")
    birth = dt.date(timezone.localdate().year - 9, 2, 14)
    try:
        household = services.case_arrive(
            actor, case, timezone.localdate(), {child.pk: {"birth_date": birth, "phone": "+4791234567"}}
        )
    finally:
        signals.case_arrived.disconnect(receiver)
    case.refresh_from_db()
    assert (case.stage, case.arrived_on, case.household) == (Stage.ARRIVED, timezone.localdate(), household)
    assert case.expected_arrival == case.arrived_on
    persons = {p.given_name: p for p in Person.objects.filter(household=household)}
    assert set(persons) == {"Lina", "Karim", "Omar"}
    assert household.name == "Nasser"
    lina, omar = persons["Lina"], persons["Omar"]
    assert (lina.family_name, lina.birth_date, lina.sex) == ("Nasser", dt.date(1988, 3, 2), "female")
    assert lina.languages == ["ar"] and lina.interpreter_needed and lina.interpreter_language == "ar"
    assert (omar.birth_date, omar.phone, omar.country_background.code) == (birth, "+4791234567", "SY")
    for person in persons.values():
        assert person.settlement.settled_on == timezone.localdate()
        assert person.settlement.category == "resettlement_refugee"
        assert person.settlement.imdi_reference == "IMDi-77"
        assert person.settlement.came_directly
    assert {m.person_id for m in case.members.all()} == {p.pk for p in persons.values()}
    assert Relation.objects.filter(person=omar, relative=lina, kind=RelationKind.PARENT).exists()
    assert heard and heard[0]["case"].pk == case.pk and heard[0]["household"] == household
    with pytest.raises(ValidationError, match="already registered"):
        services.case_arrive(actor, case, timezone.localdate())


def test_arrival_without_a_birth_date_saves_nothing(world, make_case, actor):
    case = make_case()
    services.case_reply(actor, case, True, timezone.localdate())
    before = Person.objects.count()
    with pytest.raises(services.MemberErrors) as refused:
        services.case_arrive(actor, case, timezone.localdate())
    assert list(refused.value.member_errors) == [2]  # the child, whose year only is known
    assert Person.objects.count() == before
    case.refresh_from_db()
    assert (case.stage, case.arrived_on) == (Stage.ACCEPTED, None)


def test_arrival_of_a_case_not_accepted_is_refused(make_case, actor):
    case = make_case()
    with pytest.raises(ValidationError, match="Accept the case"):
        services.case_arrive(actor, case, timezone.localdate())


def test_family_reunification_joins_the_settled_persons_household(world, make_case, actor):
    settled = world.persons["gol_adult"]  # no household yet: refused
    adult = world.persons["adult"]
    today = timezone.localdate()
    members = [
        {
            "given_name": "Meron",
            "family_name": "Haile",
            "birth_year": 2012,
            "birth_date": dt.date(2012, 4, 1),
            "sex": "female",
            "role": "child",
        },
    ]
    case = make_case(
        name="Haile",
        kind="family_reunification",
        joins=adult,
        members=members,
        category="family_reunification",
        applied_on=today - dt.timedelta(days=200),
    )
    services.case_reply(actor, case, True, today)
    household = services.case_arrive(actor, case, today)
    assert household.pk == adult.household_id
    meron = Person.objects.get(given_name="Meron")
    assert meron.household_id == adult.household_id
    assert meron.settlement.category == "family_reunification"
    assert Relation.objects.filter(person=meron, relative=adult, kind=RelationKind.PARENT).exists()
    assert Relation.objects.filter(person=adult, relative=meron, kind=RelationKind.CHILD).exists()
    with pytest.raises(ValidationError):
        make_case(name="Other", kind="family_reunification", joins=settled)  # another municipality


def test_dwelling_held_and_released_moves_the_stage(make_case, actor):
    case = make_case()
    services.case_dwelling_set(actor=actor, case=case, ready_on=days(10), channel="page")
    case.refresh_from_db()
    assert case.stage == Stage.PROPOSED and case.dwelling_ready_on == days(10)
    services.case_reply(actor, case, True, timezone.localdate())
    case.refresh_from_db()
    assert case.stage == Stage.DWELLING_READY
    services.case_dwelling_set(actor=actor, case=case, ready_on=None, channel="page")
    case.refresh_from_db()
    assert case.stage == Stage.ACCEPTED
    services.case_dwelling_set(actor=actor, case=case, ready_on=days(3), channel="page")
    case.refresh_from_db()
    assert case.stage == Stage.DWELLING_READY


def test_settle_after_arrival(make_case, actor):
    case = make_case(members=family()[:2])
    services.case_reply(actor, case, True, timezone.localdate())
    with pytest.raises(ValidationError):
        services.case_settle(actor, case, timezone.localdate())
    services.case_arrive(actor, case, timezone.localdate())
    services.case_settle(actor, case, timezone.localdate())
    case.refresh_from_db()
    assert case.stage == Stage.SETTLED


def test_changes_are_audited_without_names(world, make_case, actor):
    start = AuditEntry.objects.count()
    case = make_case(stated_needs="Wheelchair user")
    services.case_reply(actor, case, True, timezone.localdate())
    entries = list(AuditEntry.objects.order_by("pk")[start:])
    assert len(entries) == 2
    for entry in entries:
        assert entry.section == Section.SETTLEMENT
        assert entry.municipality_id == world.hemsedal.pk and entry.person_id is None
        text = str(entry.changes)
        assert "Nasser" not in text and "Lina" not in text and "Wheelchair" not in text
    assert entries[0].action == AuditAction.CREATE
    assert entries[1].changes["reply"] == {"old": "pending", "new": "accepted"}
    # After arrival, a change of the case is an entry of each person it became.
    services.case_arrive(
        actor,
        case,
        timezone.localdate(),
        {
            m.pk: {"birth_date": dt.date(timezone.localdate().year - 9, 1, 5)}
            for m in case.members.filter(role="child")
        },
    )
    mark = AuditEntry.objects.count()
    services.case_settle(actor, case, timezone.localdate())
    settled = list(AuditEntry.objects.order_by("pk")[mark:])
    assert {e.person_id for e in settled} == set(case.members.values_list("person_id", flat=True))


def test_request_save_refuses_more_minors_than_decided(world, actor):
    year = timezone.localdate().year
    with pytest.raises(ValidationError):
        services.request_save(
            actor, world.hemsedal, year, {"requested": 10, "decided": 8, "decided_unaccompanied": 9}
        )
    saved = services.request_save(actor, world.hemsedal, year, {"requested": 10, "decided": 8})
    assert (saved.requested, saved.decided) == (10, 8)


def test_privacy_shows_the_case_and_anonymises_its_text_and_names(world, make_case, actor):
    from lagrundt.settlement import privacy

    case = make_case(members=family()[:2], stated_needs="Needs a ground floor")
    services.case_reply(actor, case, True, timezone.localdate())
    household = services.case_arrive(actor, case, timezone.localdate())
    lina = Person.objects.get(given_name="Lina", household=household)
    (part,) = privacy.subject_access(lina, {Section.SETTLEMENT})
    rows = {row.label.lower(): row.value for row in part.records[0].rows}
    assert rows["kind"] == "Proposal from IMDi" and rows["reply"] == "Accepted"
    assert privacy.subject_access(lina, {Section.HEALTH}) == []
    assert privacy.anonymise(Section.SETTLEMENT, [lina.pk], dry_run=True)[0].rows == 1
    case.refresh_from_db()
    assert case.stated_needs == "Needs a ground floor"  # a dry run changes nothing
    privacy.anonymise(Section.SETTLEMENT, [lina.pk], dry_run=False)
    privacy.anonymise(Section.IDENTITY, [lina.pk], dry_run=False)
    privacy.anonymise(Section.FAMILY, [lina.pk], dry_run=False)
    case.refresh_from_db()
    member = case.members.get(person=lina)
    assert (case.stated_needs, case.name) == ("", f"S-{case.pk}")
    assert (member.given_name, member.family_name) == ("Anonymisert", "Anonymisert")
    assert case.members.get(given_name="Karim").family_name == "Nasser"  # not anonymised


def test_correcting_a_case_after_its_expected_arrival_passed_keeps_the_assumed_deadline(
    world, make_case, actor, time_machine
):
    services.setting_save(
        world.hemsedal, SettlementSetting.Key.REPLY_DAYS, 14, days(-30), "Kommunal standard"
    )
    case = make_case(expected_arrival=days(3))
    assert case.reply_due_assumed
    time_machine.move_to(timezone.localtime() + dt.timedelta(days=10))
    services.case_update(actor, case, {"stated_needs": "Ground floor", "reply_due_on": case.reply_due_on})
    case.refresh_from_db()
    assert case.stated_needs == "Ground floor" and case.reply_due_assumed
    services.case_update(actor, case, {"reply_due_on": case.reply_due_on + dt.timedelta(days=2)})
    case.refresh_from_db()
    assert not case.reply_due_assumed
