"""The calendar feed and the daily digest: the right tasks, no personal details, a real SMTP server."""

import datetime as dt
import email
from email import policy as email_policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from lagrundt.routines import engine, notices
from lagrundt.routines.models import Task, TaskNotice

pytestmark = pytest.mark.django_db

NAMES = ("Abeba", "Dawit", "Selam", "Yonas", "Ruth", "Haile", "Hana", "Gebre")


@pytest.fixture
def duties(world, make_routine):
    make_routine(world.hemsedal, "t.health_talk", "health", {"from": "settlement", "offset": {"days": 14}})
    make_routine(
        world.hemsedal,
        "t.school_start",
        "school",
        {"from": "settlement", "offset": {"weeks": 2}, "when": {"age": {"from": 6, "to": 15}}},
    )
    engine.refresh_persons([p.pk for p in world.persons.values()])
    # Make the health talks fall in the feed's window and become due today.
    Task.objects.filter(routine__key="t.health_talk").update(due_on=timezone.localdate())


def test_calendar_address_is_shown_once_and_lists_titles_and_case_references_only(world, login, duties):
    from django.test import Client

    nurse = login(world, "health")
    client = Client()  # the calendar program: no session
    page = nurse.post(reverse("routines:notice_feed_new"))
    url = page.context["feed_url"]
    assert url and "/kalender/" in url and url.endswith(".ics")
    assert url.split("/")[-1] not in nurse.get(reverse("routines:notice_settings")).content.decode()
    path = url[url.index("/kalender/") :]
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    health = Task.objects.filter(routine__key="t.health_talk", municipality=world.hemsedal, status="open")
    assert body.count("BEGIN:VEVENT") == health.count()
    assert f"t.health_talk (L-{health.first().pk})" in body
    assert "t.school_start" not in body
    assert not any(name in body for name in NAMES)
    assert TaskNotice.objects.get(user=world.users["health"]).feed_used_at is not None
    # A new address replaces the old; a stopped one answers like a missing one.
    nurse.post(reverse("routines:notice_feed_new"))
    assert client.get(path).status_code == 404
    assert client.get("/kalender/not-a-token.ics").status_code == 404


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email_policy.default))
        return "250 OK"


@pytest.fixture
def smtp_server():
    import socket

    with socket.socket() as probe:  # a free loopback port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            MAILERS={
                "default": {
                    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                    "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 10},
                }
            }
        ):
            yield inbox
    finally:
        controller.stop()


def test_daily_digest_through_a_real_smtp_server_once_a_day(world, duties, smtp_server):
    nurse = world.users["health"]
    nurse.email = "sykepleier@example.org"
    nurse.save()
    TaskNotice.objects.create(user=world.users["school"], digest=False)
    sent = notices.send_digests()
    assert sent == 1
    (message,) = smtp_server.messages
    assert message["To"] == "sykepleier@example.org"
    assert "oppgaver" in message["Subject"] or "oppgave" in message["Subject"]
    body = message.get_content()
    task = Task.objects.filter(routine__key="t.health_talk", municipality=world.hemsedal).first()
    assert f"L-{task.pk}" in body and "t.health_talk" in body
    assert not any(name in body for name in NAMES)
    assert notices.send_digests() == 0  # once a day
    assert notices.send_digests(timezone.localdate() + dt.timedelta(days=1)) == 0  # nothing new tomorrow


def test_nightly_run_through_the_task_queue(world, duties, capsys):
    Task.objects.all().delete()
    call_command("run_routines", "--enqueue")
    assert Task.objects.filter(routine__key="t.health_talk").exists()
