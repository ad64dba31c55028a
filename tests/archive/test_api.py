"""The integration's API: the outbox's messages, their XML and PDF, and the archive's receipt."""

import pytest
from django.utils import timezone

from lagrundt.access.models import AuditChannel, AuditEntry
from lagrundt.archive.models import ArchiveMessage, Status

pytestmark = pytest.mark.django_db
BASE = "/api/v1/archive-messages/"


def _message(world, n, person, **fields):
    return ArchiveMessage.objects.create(
        kind="intro_decision",
        object_id=n,
        municipality_id=person.municipality_id,
        person=person,
        title=f"Vedtak IP-{n}",
        reference=f"lagrundt-api-{n}",
        fingerprint=str(n),
        xml="<arkivmelding/>",
        pdf=b"%PDF-1.7",
        filename=f"vedtak-{n}.pdf",
        next_try_at=timezone.now(),
        created_by=world.users["integration"],
        **fields,
    )


def test_the_integration_lists_fetches_and_confirms(world, client, login):
    own = _message(world, 1, world.persons["adult"], status=Status.DELIVERED)
    failed = _message(world, 2, world.persons["adult"], status=Status.FAILED, error_code="delivery")
    _message(world, 3, world.persons["aal_adult"])  # Ål's: not Hemsedal's integration service's
    login(world, "integration")
    listed = client.get(BASE).json()["results"]
    assert {m["id"] for m in listed} == {own.pk, failed.pk}
    assert [m["id"] for m in client.get(BASE, {"status": "failed"}).json()["results"]] == [failed.pk]
    assert client.get(BASE, {"status": "nonsense"}).status_code == 400
    xml = client.get(f"{BASE}{own.pk}/xml/")
    assert xml.status_code == 200 and xml["Content-Type"].startswith("application/xml")
    assert xml.content == b"<arkivmelding/>"
    pdf = client.get(f"{BASE}{own.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content == b"%PDF-1.7"
    # Fetching a letter about a person is an audited read through the API.
    assert AuditEntry.objects.filter(channel=AuditChannel.API, person=world.persons["adult"]).exists()
    bad = client.post(f"{BASE}{own.pk}/receipt/", {"archived": True}, content_type="application/json")
    assert bad.status_code == 400 and "archive_id" in bad.json()
    done = client.post(
        f"{BASE}{own.pk}/receipt/",
        {"archived": True, "archive_id": "2026/5-1"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == Status.ACKNOWLEDGED
    own.refresh_from_db()
    assert own.status == Status.ACKNOWLEDGED and own.archive_id == "2026/5-1"
    # The archive keeps the letter now: Lagrundt's copy is gone.
    assert own.xml == "" and bytes(own.pdf) == b""
    assert client.get(f"{BASE}{own.pk}/xml/").status_code == 404
    refused = client.post(
        f"{BASE}{failed.pk}/receipt/",
        {"archived": False, "error": "Ukjent arkivdel"},
        content_type="application/json",
    )
    assert refused.status_code == 200 and "Ukjent arkivdel" in refused.json()["error"]


def test_others_messages_are_404(world, client, login):
    aal = _message(world, 4, world.persons["aal_adult"])
    login(world, "integration")
    assert client.get(f"{BASE}{aal.pk}/").status_code == 404
    assert client.get(f"{BASE}{aal.pk}/xml/").status_code == 404
    assert client.post(f"{BASE}{aal.pk}/receipt/", {"archived": False, "error": "x"}).status_code == 404
    aal.refresh_from_db()
    assert aal.status == Status.PENDING
