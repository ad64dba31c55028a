"""Telling people about their tasks outside Lagrundt: a calendar feed and a daily e-mail digest.

Both leave Lagrundt, so both carry no personal details: a task's title, its deadline and a case
reference ("L-1234") that only opens with a login. Which tasks is decided by the access policy, as
for the worklist.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from .models import TaskNotice
from .selectors import TaskFilter, notice_tasks

FEED_PAST_DAYS = 30
FEED_FUTURE_DAYS = 183


def case_reference(task) -> str:
    return f"L-{task.pk}"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_feed_token(user) -> str:
    """Make a new secret feed address for the user (the old one stops working); returns the secret."""
    token = secrets.token_urlsafe(32)
    notice, _ = TaskNotice.objects.get_or_create(user=user)
    notice.feed_token_hash = _hash(token)
    notice.feed_created_at = timezone.now()
    notice.feed_used_at = None
    notice.save()
    return token


def stop_feed(user) -> None:
    TaskNotice.objects.filter(user=user).update(feed_token_hash="", feed_created_at=None, feed_used_at=None)


def user_for_feed(token: str):
    """The active user whose feed this is, or None."""
    if not token or len(token) > 100:
        return None
    notice = TaskNotice.objects.filter(feed_token_hash=_hash(token)).select_related("user").first()
    if notice is None or not notice.user.is_active:
        return None
    TaskNotice.objects.filter(pk=notice.pk).update(feed_used_at=timezone.now())
    return notice.user


def calendar(user, today: dt.date, *, base_url: str | None = None) -> bytes:
    """The user's open tasks from a month ago to half a year ahead, as all-day events (iCalendar); each links
    to the task on ``base_url`` (the host the feed was read from), else on the configured address."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Lagrundt//oppgaver//NO")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Lagrundt")
    tasks = notice_tasks(
        user,
        TaskFilter(),
        today - dt.timedelta(days=FEED_PAST_DAYS),
        today + dt.timedelta(days=FEED_FUTURE_DAYS),
    )
    stamp = timezone.now()
    for task in tasks:
        event = Event()
        event.add("uid", f"task-{task.pk}@lagrundt")
        event.add("dtstamp", stamp)
        event.add("dtstart", task.due_on)
        event.add("dtend", task.due_on + dt.timedelta(days=1))
        event.add("summary", f"{task.routine.title} ({case_reference(task)})")
        event.add("url", (base_url or settings.BASE_URL) + reverse("routines:task_detail", args=[task.pk]))
        cal.add_component(event)
    return cal.to_ical()


def send_digests(today: dt.date | None = None) -> int:
    """Send each user who wants it the tasks that became due since the last digest, and the overdue count.

    A user is sent at most one digest a day, and none when nothing is new. Returns how many were sent.
    """
    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    sent = 0
    users = (
        get_user_model()
        .objects.filter(is_active=True, memberships__isnull=False)
        .exclude(email="")
        .exclude(task_notice__digest=False)
        .distinct()
        .order_by("pk")
    )
    for user in users:
        notice, _ = TaskNotice.objects.get_or_create(user=user)
        if notice.digest_sent_on is not None and notice.digest_sent_on >= today:
            continue
        since = notice.digest_sent_on or today - dt.timedelta(days=1)
        new = notice_tasks(user, TaskFilter(), since + dt.timedelta(days=1), today)
        overdue = notice_tasks(user, TaskFilter(), None, today - dt.timedelta(days=1), limit=None, count=True)
        if not new:
            continue
        with translation.override("nb"):
            body = render_to_string(
                "routines/digest.txt",
                {
                    "tasks": [(t, case_reference(t)) for t in new],
                    "overdue": overdue,
                    "today": today,
                    "url": settings.BASE_URL + reverse("routines:task_list"),
                },
            )
            subject = ngettext(
                "Lagrundt: %(count)d task became due (%(date)s)",
                "Lagrundt: %(count)d tasks became due (%(date)s)",
                len(new),
            ) % {"count": len(new), "date": f"{today:%d.%m.%Y}"}
        with transaction.atomic():
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            TaskNotice.objects.filter(pk=notice.pk).update(digest_sent_on=today)
        sent += 1
    return sent
