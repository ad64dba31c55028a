"""Attendance: a week registered day by day, checked against the plan and the limits."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, changes_between, jsonable, record_many
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.core.formats import date_label
from lagrundt.people.models import Person
from lagrundt.routines.rules import Offset, is_working_day

from .. import presenters, rules, selectors
from ..models import (
    AttendanceDay,
    DayStatus,
)
from ..rulebook import RuleBook
from .base import MSG_HOURS_MAX, MSG_HOURS_ONLY, MSG_LEAVE_DAY, MSG_NO_PROGRAMME_WEEK, S

MSG_FUTURE_DAY = _("%(day)s has not come yet: attendance can be registered on the day or later.")
MSG_WEEK_NOT_BEGUN = _("The week has not begun: attendance can be registered from %(day)s.")
MSG_CHOOSE = _("%(day)s: choose what the participant did.")


def week_days(monday: dt.date) -> list[dt.date]:
    return [monday + dt.timedelta(days=i) for i in range(5)]


def day_label(day: dt.date, *, first: bool = True) -> str:
    """A day as the attendance names it in a message: "Tuesday 03.11.2026" (the weekday with a capital
    when it begins the sentence)."""
    weekday = formats.date_format(day, "l")
    return f"{capfirst(weekday) if first else weekday} {date_label(day)}"


def attendance_register(
    *,
    actor: Actor,
    person: Person,
    monday: dt.date,
    days: dict[dt.date, tuple[str, Decimal]],
    book: RuleBook | None = None,
    channel: str = AuditChannel.PAGE,
    today: dt.date | None = None,
) -> list[AttendanceDay]:
    """Register a week's attendance: a status (and hours of unexcused absence) per programme day.

    Public holidays and days of leave are set from the calendar and the leave periods; days outside
    the programme or in a stop are not registered. The absence limits are checked against the
    participant's other days, and one broken limit refuses the whole week. Days after ``today`` have
    not happened and cannot be registered: a status sent for one refuses the week, naming the day.
    """
    book = book or selectors.rulebook()
    today = today or timezone.localdate()
    monday = rules.monday_of(monday)
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        rec = selectors.record_for(person)
        timeline = rec.timeline
        programme_days = [
            d for d in week_days(monday) if timeline.in_programme(d) and not timeline.stopped(d)
        ]
        if not programme_days:
            raise ValidationError(MSG_NO_PROGRAMME_WEEK)
        if all(day > today for day in programme_days):
            raise ValidationError(
                MSG_WEEK_NOT_BEGUN, params={"day": day_label(programme_days[0], first=False)}
            )
        full_day = Decimal(str(book.value("programme.full_time", monday)["hours_per_week"])) / 5
        wanted: dict[dt.date, tuple[str, Decimal]] = {}
        errors: dict = {}
        for day in programme_days:
            if day > today:
                if days.get(day, (None, 0))[0] is not None:
                    errors.setdefault(day.isoformat(), []).append(
                        ValidationError(MSG_FUTURE_DAY, params={"day": day_label(day)})
                    )
                continue
            fixed = None
            if not is_working_day(day):
                fixed = DayStatus.PUBLIC_HOLIDAY
            elif timeline.on_leave(day):
                fixed = DayStatus.LEAVE
            status, hours = days.get(day, (None, Decimal(0)))
            hours = hours or Decimal(0)
            key = day.isoformat()
            if fixed:  # set by the calendar and the leave periods, whatever was sent
                wanted[day] = (fixed, Decimal(0))
                continue
            if status is None:
                errors.setdefault(key, []).append(ValidationError(MSG_CHOOSE, params={"day": day_label(day)}))
                continue
            if status == DayStatus.LEAVE or status == DayStatus.PUBLIC_HOLIDAY:
                errors.setdefault(key, []).append(
                    ValidationError(MSG_LEAVE_DAY, params={"day": day_label(day)})
                )
                continue
            if status == DayStatus.UNEXCUSED and not hours:
                hours = full_day
            if hours and status not in (DayStatus.PRESENT, DayStatus.UNEXCUSED):
                errors.setdefault(key, []).append(
                    ValidationError(MSG_HOURS_ONLY, params={"day": day_label(day)})
                )
            elif hours > full_day:
                errors.setdefault(key, []).append(
                    ValidationError(
                        MSG_HOURS_MAX,
                        params={"day": day_label(day), "hours": formats.number_format(full_day)},
                    )
                )
            wanted[day] = (status, hours)
        if errors:
            raise ValidationError(errors)
        history = {
            row.day: row.status
            for row in AttendanceDay.objects.filter(
                person=person,
                day__gte=Offset(years=-1).after(monday) - dt.timedelta(days=31),
                day__lt=monday + dt.timedelta(days=7),
                day__lte=today,  # a day stored ahead of time (before this was refused) has not happened
            ).exclude(day__in=list(wanted))
        }
        single, _assumed = rec.single_carer
        for finding in rules.check_absence(
            book,
            week={d: s for d, (s, _h) in wanted.items()},
            history=history,
            programme_start=timeline.start,
            children=rec.children,
            single_carer=single,
        ):
            errors.setdefault(finding.field, []).append(presenters.absence_message(finding))
        if errors:
            raise ValidationError(errors)
        existing = {row.day: row for row in AttendanceDay.objects.filter(person=person, day__in=list(wanted))}
        saved, entries = [], []
        for day, (status, hours) in sorted(wanted.items()):
            row = existing.get(day) or AttendanceDay(person=person, day=day)
            before = (
                {}
                if row.pk is None
                else {"status": row.status, "unexcused_hours": jsonable(row.unexcused_hours)}
            )
            row.status, row.unexcused_hours, row.registered_by = status, hours, actor.user
            after = {"status": status, "unexcused_hours": jsonable(hours)}
            if before != after:
                row.save()
                entries.append(
                    dict(
                        action=AuditAction.CREATE if not before else AuditAction.UPDATE,
                        channel=channel,
                        person_id=person.pk,
                        municipality_id=person.municipality_id,
                        section=S,
                        changes={
                            "day": {"old": None, "new": day.isoformat()},
                            **changes_between(before, after),
                        },
                    )
                )
            saved.append(row)
        record_many(actor, entries)
    return saved
