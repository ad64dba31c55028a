"""The outbox: delivery to the integration's folder, failures and retries, receipts, and no message lost
when the worker dies half-way."""

import datetime as dt
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from lagrundt.archive import services
from lagrundt.archive.models import ArchiveMessage, Status

ROOT = Path(__file__).resolve().parents[2]


def _message(world, n: int, **fields) -> ArchiveMessage:
    return ArchiveMessage.objects.create(
        kind="intro_decision",
        object_id=n,
        municipality=world.hemsedal,
        title=f"Vedtak IP-{n}",
        reference=f"lagrundt-3326-intro-decision-{n}-abc",
        fingerprint=f"f{n}",
        xml=f"<arkivmelding>{n}</arkivmelding>",
        pdf=b"%PDF-1.7 test",
        filename=f"vedtak-IP-{n}.pdf",
        next_try_at=timezone.now(),
        created_by=world.users["integration"],
        **fields,
    )


class Broken:
    def deliver(self, queued):
        raise OSError("the share is gone")


@pytest.mark.django_db
def test_delivery_writes_both_files_and_marks_delivered(world, tmp_path):
    queued = _message(world, 1)
    counts = services.deliver_pending(target=services.FolderTarget(tmp_path))
    queued.refresh_from_db()
    assert counts == {"delivered": 1, "failed": 0}
    assert queued.status == Status.DELIVERED and queued.attempts == 1 and queued.delivered_at
    assert (tmp_path / f"{queued.reference}.xml").read_text() == queued.xml
    assert (tmp_path / f"{queued.reference}.pdf").read_bytes() == b"%PDF-1.7 test"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"{queued.reference}.pdf",
        f"{queued.reference}.xml",
    ]
    # Nothing is due any more.
    assert services.deliver_pending(target=services.FolderTarget(tmp_path)) == {"delivered": 0, "failed": 0}


@pytest.mark.django_db
def test_a_failed_delivery_is_retried_later_and_shown(world, tmp_path, client, login):
    queued = _message(world, 2)
    assert services.deliver_pending(target=Broken()) == {"delivered": 0, "failed": 1}
    queued.refresh_from_db()
    assert queued.status == Status.FAILED and queued.attempts == 1
    assert queued.next_try_at > timezone.now() + dt.timedelta(minutes=1)
    # Not due yet: the next run leaves it.
    assert services.deliver_pending(target=services.FolderTarget(tmp_path)) == {"delivered": 0, "failed": 0}
    # The coordinator sees it, in words, and tries it again at once.
    login(world, "integration")
    client.cookies["django_language"] = "en"
    response = client.get("/arkiv/?vis=feilet")
    assert response.status_code == 200
    page = response.content.decode()
    assert "could not be handed to the archive" in page and "Try again" in page
    assert "Failed, will be tried again" in page and ">failed<" not in page  # labels, not codes
    client.post(f"/arkiv/meldinger/{queued.pk}/prov-igjen/")
    assert services.deliver_pending(target=services.FolderTarget(tmp_path)) == {"delivered": 1, "failed": 0}
    queued.refresh_from_db()
    assert queued.status == Status.DELIVERED and queued.attempts == 2 and queued.error_code == ""


def test_backoff_doubles_up_to_a_day():
    assert services.backoff(1) == dt.timedelta(minutes=2)
    assert services.backoff(3) == dt.timedelta(minutes=8)
    assert services.backoff(20) == dt.timedelta(days=1)


@pytest.mark.django_db
def test_receipts(world):
    queued = _message(world, 3, status=Status.DELIVERED)
    with pytest.raises(ValidationError):
        services.receipt_save(queued=queued, archived=True)  # no journal entry id
    refused = services.receipt_save(queued=queued, archived=False, error="Ukjent klassifikasjon")
    assert refused.status == Status.FAILED and refused.next_try_at is not None
    assert "Ukjent klassifikasjon" in services.error_text(refused)
    done = services.receipt_save(queued=queued, archived=True, archive_id="2026/17-1")
    assert done.status == Status.ACKNOWLEDGED and done.archive_id == "2026/17-1" and done.error_code == ""
    assert services.receipt_save(queued=queued, archived=True, archive_id="2026/17-1").pk == done.pk
    with pytest.raises(ValidationError):
        services.receipt_save(queued=queued, archived=True, archive_id="2026/99-1")


@pytest.mark.django_db
def test_an_expired_lease_is_taken_again(world):
    """A claimed message whose worker died (its lease ran out) is due again; one still leased is not."""
    now = timezone.now()
    held = _message(world, 4, status=Status.DELIVERING, lease_until=now + dt.timedelta(minutes=5), attempts=1)
    lost = _message(world, 5, status=Status.DELIVERING, lease_until=now - dt.timedelta(seconds=1), attempts=1)
    claimed = services.claim_next(now=now)
    assert claimed.pk == lost.pk and claimed.attempts == 2 and claimed.lease_until > now
    assert services.claim_next(now=now) is None
    held.refresh_from_db()
    assert held.attempts == 1


@pytest.mark.skipif(os.name != "posix", reason="kills a process with SIGKILL")
def test_no_message_is_lost_when_the_worker_is_killed(transactional_db, tmp_path):
    """Deliver three messages with a worker that is killed half-way through the first; a second run
    takes the first again once its lease has run out: each is delivered exactly once, none is lost."""
    from tests.world import build_world

    if connection.vendor != "sqlite":
        pytest.skip("the worker runs against a file copy of the SQLite test database")
    world = build_world()
    messages = [_message(world, n) for n in (11, 12, 13)]
    # Due on any clock: the worker runs on the real one, the test on its frozen day.
    ArchiveMessage.objects.update(next_try_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    database = tmp_path / "outbox.sqlite3"
    call_command("backup", str(database), stdout=io.StringIO())
    folder = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAGRUNDT_")}
    env.update(
        LAGRUNDT_ENV="test",
        LAGRUNDT_SQLITE_PATH=str(database),
        LAGRUNDT_DATA_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="tests.archive.kill_settings",
    )
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "archive_deliver",
        "--folder",
        str(folder),
        "--lease-seconds",
        "1",
    ]
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        started = time.monotonic()
        while not list(folder.glob(".*.xml.tmp")):
            assert worker.poll() is None, worker.stdout.read().decode()
            assert time.monotonic() - started < 60, "the worker never began to deliver"
            time.sleep(0.05)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(timeout=30)
    # Killed between writing the XML and renaming it: the message is claimed, its XML not in place.
    with sqlite3.connect(database) as db:
        rows = dict(db.execute("select reference, status from archive_archivemessage"))
    first = messages[0].reference
    assert rows[first] == Status.DELIVERING
    assert not (folder / f"{first}.xml").exists()
    time.sleep(1.1)  # the lease runs out
    env["DJANGO_SETTINGS_MODULE"] = "lagrundt.settings"
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=120, check=True)  # noqa: S603
    assert b"delivered 3" in done.stdout
    with sqlite3.connect(database) as db:
        rows = {
            r: (s, a)
            for r, s, a in db.execute("select reference, status, attempts from archive_archivemessage")
        }
    assert rows == {
        messages[0].reference: (Status.DELIVERED, 2),
        messages[1].reference: (Status.DELIVERED, 1),
        messages[2].reference: (Status.DELIVERED, 1),
    }
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"{m.reference}.{ext}" for m in messages for ext in ("pdf", "xml"))
