"""Attendance cannot be ahead of time: days after today are shown disabled and refused by the service, the
form pre-fills only days that have come and only from the plan, a day after today never reduces the
benefit, and every error names its day (weekday and date) beside that day's row."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lagrundt.accounts.two_factor import client_login
from lagrundt.intro import selectors, services
from lagrundt.intro.forms import AttendanceWeekForm
from lagrundt.intro.models import AttendanceDay
from lagrundt.people import services as people_services
from tests.conftest import OSLO
from tests.world import make_person

D = dt.date
pytestmark = pytest.mark.django_db


def this_monday() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday())


def week(monday: dt.date, statuses: list[str | None]) -> dict[dt.date, tuple[str | None, Decimal]]:
    return {monday + dt.timedelta(days=i): (s, Decimal(0)) for i, s in enumerate(statuses)}


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    """Wednesday 4 November 2026, whatever day the suite runs on: Monday to Wednesday of its week have
    come, Thursday and Friday have not."""
    time_machine.move_to(dt.datetime(2026, 11, 4, 12, tzinfo=OSLO))


@pytest.fixture
def parent(world, granted, actor):
    """Amina (in the programme since 2 March 2026) with a daughter of six at home."""
    child = make_person(world.hemsedal, "Sara", "Yusuf", D(2020, 5, 5), settled_on=D(2026, 1, 5), serial=42)
    people_services.relation_add(actor=actor, person=granted, relative=child, kind="child")
    return granted


# ---------------------------------------------------------------------------- the service
def test_a_day_after_today_is_refused_naming_its_day_and_nothing_is_saved(granted, actor, book):
    monday = D(2026, 11, 2)
    with pytest.raises(ValidationError) as exc:
        services.attendance_register(
            actor=actor, person=granted, monday=monday, days=week(monday, ["present"] * 5), book=book
        )
    errors = exc.value.message_dict
    assert errors["2026-11-05"] == [
        "Thursday 05.11.2026 has not come yet: attendance can be registered on the day or later."
    ]
    assert errors["2026-11-06"] == [
        "Friday 06.11.2026 has not come yet: attendance can be registered on the day or later."
    ]
    assert set(errors) == {"2026-11-05", "2026-11-06"}
    assert not AttendanceDay.objects.filter(person=granted).exists()


def test_the_days_that_have_come_are_registered_and_today_is_one_of_them(granted, actor, book):
    monday = D(2026, 11, 2)
    services.attendance_register(
        actor=actor,
        person=granted,
        monday=monday,
        days=week(monday, ["present", "present", "unexcused", None, None]),
        book=book,
    )
    rows = dict(AttendanceDay.objects.filter(person=granted).values_list("day", "status"))
    assert rows == {D(2026, 11, 2): "present", D(2026, 11, 3): "present", D(2026, 11, 4): "unexcused"}


def test_a_week_that_has_not_begun_is_refused(granted, actor, book):
    monday = D(2026, 11, 9)
    with pytest.raises(ValidationError) as exc:
        services.attendance_register(
            actor=actor, person=granted, monday=monday, days=week(monday, [None] * 5), book=book
        )
    assert exc.value.messages == [
        "The week has not begun: attendance can be registered from Monday 09.11.2026."
    ]
    assert not AttendanceDay.objects.filter(person=granted).exists()


def test_the_day_is_the_service_s_today_when_one_is_given(granted, actor, book):
    """A caller that works on another day (the demo loader) says which day is today."""
    monday = this_monday() + dt.timedelta(days=14)
    services.attendance_register(
        actor=actor,
        person=granted,
        monday=monday,
        days=week(monday, ["present"] * 5),
        book=book,
        today=monday + dt.timedelta(days=4),
    )
    assert AttendanceDay.objects.filter(person=granted, day__gte=monday).count() == 5


def test_unexcused_hours_of_a_day_after_today_do_not_reduce_the_benefit(granted, actor, book):
    monday = D(2026, 11, 2)
    services.attendance_register(
        actor=actor,
        person=granted,
        monday=monday,
        days=week(monday, ["present", "unexcused", "present", None, None]),
        book=book,
    )
    # A row stored ahead of time, as the page allowed before: Friday, a whole unexcused day.
    AttendanceDay.objects.create(
        person=granted,
        day=D(2026, 11, 6),
        status="unexcused",
        unexcused_hours=Decimal("7.5"),
        registered_by=actor.user,
    )
    today = timezone.localdate()
    rows = selectors.benefit_months(book, selectors.record_for(granted), through=today, today=today)
    november = next(r for r in rows if r.month == D(2026, 11, 1))
    assert november.benefit.unexcused_hours == Decimal("7.5")  # Tuesday only, not Friday


def test_a_deduction_decision_does_not_count_days_after_today(granted, actor, book):
    monday = D(2026, 11, 2)
    with pytest.raises(ValidationError):
        services.attendance_register(
            actor=actor,
            person=granted,
            monday=monday,
            days=week(monday, ["present", "present", "present", "unexcused", "unexcused"]),
            book=book,
        )
    rows = selectors.benefit_months(
        book, selectors.record_for(granted), through=D(2026, 11, 30), today=D(2026, 11, 4)
    )
    november = next(r for r in rows if r.month == D(2026, 11, 1))
    assert november.benefit.unexcused_hours == 0


def test_an_hours_error_names_its_weekday_and_date(granted, actor, book):
    monday = D(2026, 11, 2)
    days = week(monday, ["present", "present", "present", None, None])
    days[D(2026, 11, 3)] = ("present", Decimal(9))
    with pytest.raises(ValidationError) as exc:
        services.attendance_register(actor=actor, person=granted, monday=monday, days=days, book=book)
    assert exc.value.message_dict["2026-11-03"] == [
        "Tuesday 03.11.2026: at most 7.5 hours of unexcused absence in a day."
    ]


def test_a_child_illness_day_today_counts_on_the_participant_page(parent, actor, book):
    monday = D(2026, 11, 2)
    services.attendance_register(
        actor=actor,
        person=parent,
        monday=monday,
        days=week(monday, ["present", "present", "child_illness", None, None]),
        book=book,
    )
    page = selectors.participant_page(book, selectors.record_for(parent), today=timezone.localdate())
    assert page.absence.child_days == 1


# ---------------------------------------------------------------------------- the form
def add_activity(actor, person, starts_on):
    services.activity_add(
        actor=actor,
        person=person,
        data=dict(
            kind="norwegian",
            starts_on=starts_on,
            hours_per_week=Decimal(15),
            description="",
            phase="",
            self_study=False,
        ),
    )


def test_the_form_pre_fills_only_days_that_have_come_and_only_from_the_plan(granted, actor):
    monday = D(2026, 11, 2)
    add_activity(actor, granted, D(2026, 11, 3))  # the plan's Norwegian classes start on Tuesday
    days = selectors.attendance_week(selectors.record_for(granted), monday, today=D(2026, 11, 4))
    form = AttendanceWeekForm(days=days)
    assert [(d.day.day, d.future, d.planned) for d in days] == [
        (2, False, None),
        (3, False, "present"),
        (4, False, "present"),
        (5, True, None),
        (6, True, None),
    ]
    assert form["status_2026-11-02"].value() == ""  # no plan that day: nothing is assumed
    assert form["status_2026-11-03"].value() == "present"
    assert form["status_2026-11-04"].value() == "present"
    assert "status_2026-11-05" not in form.fields and "hours_2026-11-06" not in form.fields


def test_a_planned_holiday_week_is_pre_filled_as_holiday(granted, actor):
    monday = D(2026, 7, 6)
    add_activity(actor, granted, D(2026, 3, 2))
    services.holiday_week_set(actor=actor, person=granted, monday=monday, holiday=True)
    days = selectors.attendance_week(selectors.record_for(granted), monday, today=D(2026, 11, 4))
    assert {d.planned for d in days} == {"holiday"}


# ---------------------------------------------------------------------------- the page
@pytest.fixture
def worker(world, client):
    client_login(client, world.users["integration"])
    return client


def row_of(html: str, day: str) -> str:
    found = re.search(rf'<tr id="row-{day}"[^>]*>(.*?)</tr>', html, re.S)
    assert found, f"no row for {day}"
    return found.group(1)


def test_the_week_of_today_shows_the_days_after_today_disabled(granted, worker):
    html = worker.get(reverse("intro:attendance_week", args=[granted.pk, "2026-11-02"])).content.decode()
    assert 'name="status_2026-11-04"' in html
    thursday = row_of(html, "2026-11-05")
    assert "disabled" in thursday and "name=" not in thursday
    assert "After today: not yet" in thursday
    assert "Days after today (04.11.2026) have not happened" in html
    assert "Register the week" in html


def test_a_week_wholly_ahead_is_read_only_and_a_post_saves_nothing(granted, worker):
    url = reverse("intro:attendance_week", args=[granted.pk, "2026-11-09"])
    html = worker.get(url).content.decode()
    assert "This week has not begun, so it is shown read-only" in html
    assert "Register the week" not in html
    assert 'name="status_' not in html
    response = worker.post(url, {f"status_2026-11-{d:02d}": "present" for d in range(9, 14)})
    assert response.status_code == 200
    assert "The week has not begun: attendance can be registered from Monday 09.11.2026." in (
        response.content.decode()
    )
    assert not AttendanceDay.objects.filter(person=granted).exists()


def test_an_invalid_hours_value_is_shown_at_its_day_and_what_was_typed_is_kept(granted, worker):
    url = reverse("intro:attendance_week", args=[granted.pk, "2026-11-02"])
    data = {f"status_2026-11-0{d}": "present" for d in (2, 3, 4)}
    response = worker.post(url, {**data, "hours_2026-11-03": "to", "status_2026-11-04": "unexcused"})
    html = response.content.decode()
    assert response.status_code == 200
    tuesday = row_of(html, "2026-11-03")
    assert "Tuesday 03.11.2026: Enter a number." in tuesday
    assert 'value="to"' in tuesday and 'aria-invalid="true"' in tuesday
    assert '<option value="unexcused" selected>' in row_of(html, "2026-11-04")
    assert "Enter a number." not in row_of(html, "2026-11-02")
    assert not AttendanceDay.objects.filter(person=granted).exists()


def test_a_day_sent_for_thursday_by_hand_is_refused(granted, worker):
    """The page offers no field for a day after today; what is posted for one anyway is not saved."""
    url = reverse("intro:attendance_week", args=[granted.pk, "2026-11-02"])
    data = {f"status_2026-11-0{d}": "present" for d in (2, 3, 4, 5, 6)}
    response = worker.post(url, {**data, "hours_2026-11-05": "3"})
    assert response.status_code == 302
    days = set(AttendanceDay.objects.filter(person=granted).values_list("day", flat=True))
    assert days == {D(2026, 11, 2), D(2026, 11, 3), D(2026, 11, 4)}


def test_in_bokmal_the_day_is_named_in_bokmal_and_a_decimal_comma_is_accepted(granted, worker):
    worker.cookies["django_language"] = "nb"
    url = reverse("intro:attendance_week", args=[granted.pk, "2026-11-02"])
    data = {f"status_2026-11-0{d}": "present" for d in (2, 3, 4)}
    html = worker.post(url, {**data, "hours_2026-11-03": "x"}).content.decode()
    assert "Tirsdag 03.11.2026:" in row_of(html, "2026-11-03")
    response = worker.post(url, {**data, "hours_2026-11-03": "2,5"})
    assert response.status_code == 302
    assert AttendanceDay.objects.get(person=granted, day=D(2026, 11, 3)).unexcused_hours == Decimal("2.5")
