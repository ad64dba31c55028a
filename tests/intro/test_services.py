"""Changes to the programme: each is one transaction with its audit entries, and refuses bad input whole."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.access.sections import Section
from lagrundt.intro import services
from lagrundt.intro.models import AttendanceDay, Decision, ProgrammeEnd
from lagrundt.intro.selectors import record_for

from .records import ASSESSMENT

D = dt.date
pytestmark = pytest.mark.django_db


def messages_of(exc) -> str:
    return " ".join(exc.value.messages)


def test_a_diagnosis_is_refused_in_the_assessment(participant, actor):
    data = {**ASSESSMENT, "health_limits": "PTSD, F43.1"}
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(actor=actor, person=participant, data=data, today=D(2026, 2, 1))
    assert "diagnosis" in messages_of(exc)
    assert not AuditEntry.objects.filter(person=participant, section=Section.PROGRAMME).exists()


def test_the_decision_needs_the_assessment_first(participant, actor, book):
    with pytest.raises(ValidationError) as exc:
        services.decision_make(
            actor=actor,
            person=participant,
            kind="programme",
            data=dict(
                decided_on=D(2026, 2, 10),
                starts_on=D(2026, 3, 2),
                months=24,
                final_goal="work",
                language="nb",
                grounds="x",
            ),
            book=book,
            today=D(2026, 2, 10),
        )
    assert "assessment must be recorded before the decision" in messages_of(exc)
    assert not Decision.objects.exists()


def test_missing_career_guidance_needs_confirmation_and_grounds(participant, actor, book):
    services.assessment_save(
        actor=actor, person=participant, data={**ASSESSMENT, "career_guidance_on": None}, today=D(2026, 2, 10)
    )
    data = dict(
        decided_on=D(2026, 2, 10),
        starts_on=D(2026, 3, 2),
        months=24,
        final_goal="work",
        language="nb",
        grounds="x",
    )
    with pytest.raises(services.NeedsConfirmation) as exc:
        services.decision_make(
            actor=actor, person=participant, kind="programme", data=data, book=book, today=D(2026, 2, 10)
        )
    assert "Career guidance should be given before the decision" in messages_of(exc)
    decision = services.decision_make(
        actor=actor,
        person=participant,
        kind="programme",
        data=data,
        confirmed=True,
        book=book,
        today=D(2026, 2, 10),
    )
    assert decision.ends_on == D(2028, 3, 1)


def test_a_length_outside_the_rule_is_refused(participant, actor, book):
    services.assessment_save(actor=actor, person=participant, data=ASSESSMENT, today=D(2026, 2, 10))
    with pytest.raises(ValidationError) as exc:
        services.decision_make(
            actor=actor,
            person=participant,
            kind="programme",
            data=dict(
                decided_on=D(2026, 2, 10),
                starts_on=D(2026, 3, 2),
                months=30,
                final_goal="work",
                language="nb",
                grounds="x",
            ),
            book=book,
            today=D(2026, 2, 10),
        )
    assert exc.value.message_dict["months"] == [
        "The programme may last from 3 to 24 months for this background and final goal."
    ]


def test_the_decision_keeps_its_rules_and_facts_and_is_audited(granted):
    decision = Decision.objects.get(person=granted)
    keys = {r["key"] for r in decision.rules}
    assert {"eligibility.target_age", "duration.other_goal", "programme.start_deadline"} <= keys
    assert decision.facts["status"] == "right_and_duty"
    assert decision.has_upper_secondary is False
    entry = AuditEntry.objects.get(person=granted, section=Section.PROGRAMME, changes__has_key="decision")
    assert entry.action == AuditAction.CREATE and entry.changes["months"]["new"] == 24


def test_extension_within_its_limit(granted, actor, book):
    extension = services.decision_make(
        actor=actor,
        person=granted,
        kind="extension",
        data=dict(decided_on=D(2027, 12, 1), months=6, language="nb", grounds="Nær sluttmålet."),
        book=book,
        today=D(2027, 12, 1),
    )
    assert extension.ends_on == D(2028, 9, 1)
    with pytest.raises(ValidationError) as exc:
        services.decision_make(
            actor=actor,
            person=granted,
            kind="extension",
            data=dict(decided_on=D(2027, 12, 2), months=7, language="nb", grounds="Mer"),
            book=book,
            today=D(2027, 12, 2),
        )
    assert "at most 12 months in all; 6 left" in messages_of(exc)


def test_a_temporary_stop_is_at_most_three_months(granted, actor, book):
    with pytest.raises(ValidationError) as exc:
        services.decision_make(
            actor=actor,
            person=granted,
            kind="stop_temporary",
            data=dict(
                decided_on=D(2026, 5, 1),
                starts_on=D(2026, 5, 4),
                ends_on=D(2026, 8, 4),
                language="nb",
                grounds="Fravær",
            ),
            book=book,
            today=D(2026, 5, 1),
        )
    assert "at most 3 months (until 03.08.2026)" in messages_of(exc)


def test_a_permanent_stop_ends_the_programme(granted, actor, book):
    services.decision_make(
        actor=actor,
        person=granted,
        kind="stop_permanent",
        data=dict(
            decided_on=D(2026, 9, 1), starts_on=D(2026, 9, 7), language="nb", grounds="Omfattende fravær"
        ),
        book=book,
        today=D(2026, 9, 1),
    )
    end = ProgrammeEnd.objects.get(person=granted)
    assert (end.ended_on, end.reason) == (D(2026, 9, 6), "stopped")
    assert record_for(granted).timeline.last_day == D(2026, 9, 6)


def test_leave_moves_the_end(granted, actor):
    services.leave_add(
        actor=actor,
        person=granted,
        data=dict(
            kind="welfare",
            starts_on=D(2026, 6, 1),
            ends_on=D(2026, 6, 10),
            with_benefit=True,
            reason="Bryllup",
        ),
    )
    assert record_for(granted).timeline.last_day == D(2028, 3, 11)
    with pytest.raises(ValidationError) as exc:
        services.leave_add(
            actor=actor,
            person=granted,
            data=dict(
                kind="other", starts_on=D(2026, 6, 8), ends_on=D(2026, 6, 12), with_benefit=False, reason="x"
            ),
        )
    assert "overlaps another leave" in messages_of(exc)


def register(actor, person, monday, statuses, book, hours=None):
    days = {
        monday + dt.timedelta(days=i): (s, Decimal((hours or {}).get(i, 0))) for i, s in enumerate(statuses)
    }
    return services.attendance_register(actor=actor, person=person, monday=monday, days=days, book=book)


def test_a_week_is_registered_and_audited(granted, actor, book):
    register(
        actor,
        granted,
        D(2026, 3, 2),
        ["present", "present", "unexcused", "present", "present"],
        book,
        {3: "2"},
    )
    rows = {r.day: (r.status, r.unexcused_hours) for r in AttendanceDay.objects.filter(person=granted)}
    assert rows[D(2026, 3, 4)] == ("unexcused", Decimal("7.5"))  # a whole day counts its full hours
    assert rows[D(2026, 3, 5)] == ("present", Decimal("2"))
    assert (
        AuditEntry.objects.filter(person=granted, section=Section.PROGRAMME, changes__has_key="day").count()
        == 5
    )


def test_public_holidays_and_leave_are_set_from_the_calendar(granted, actor, book):
    # Easter 2026: Maundy Thursday 2 April and Good Friday 3 April.
    register(actor, granted, D(2026, 3, 30), ["present", "present", "present", None, None], book)
    statuses = dict(AttendanceDay.objects.filter(person=granted).values_list("day", "status"))
    assert statuses[D(2026, 4, 2)] == statuses[D(2026, 4, 3)] == "public_holiday"


def test_self_certification_in_the_first_eight_weeks_is_refused_with_its_day(granted, actor, book):
    with pytest.raises(ValidationError) as exc:
        register(
            actor,
            granted,
            D(2026, 3, 9),
            ["self_certified", "present", "present", "present", "present"],
            book,
        )
    assert exc.value.message_dict["2026-03-09"] == [
        "09.03.2026: self-certification is possible only after 8 weeks in the programme (from 27.04.2026). "
        "Register a doctor's certificate, or another kind of absence."
    ]
    assert not AttendanceDay.objects.filter(person=granted).exists()


def test_child_illness_without_a_child_is_refused(granted, actor, book):
    with pytest.raises(ValidationError) as exc:
        register(
            actor, granted, D(2026, 3, 9), ["child_illness", "present", "present", "present", "present"], book
        )
    assert "no child is registered" in messages_of(exc)


def test_the_end_and_the_status_one_year_later(granted, actor):
    services.programme_end_save(
        actor=actor,
        person=granted,
        data=dict(ended_on=D(2027, 6, 30), reason="work", status_at_end="work"),
        today=D(2027, 7, 1),
    )
    with pytest.raises(ValidationError) as exc:
        services.programme_end_save(
            actor=actor,
            person=granted,
            data=dict(status_after_one_year="work", status_checked_on=D(2028, 6, 1)),
            today=D(2028, 6, 1),
        )
    assert "can be checked from 30.06.2028" in messages_of(exc)
    services.programme_end_save(
        actor=actor,
        person=granted,
        data=dict(status_after_one_year="both", status_checked_on=D(2028, 7, 2)),
        today=D(2028, 7, 2),
    )
    assert ProgrammeEnd.objects.get(person=granted).status_after_one_year == "both"
