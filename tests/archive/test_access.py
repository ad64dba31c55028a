"""Who may archive a letter and follow the outbox: the same answers as the letter's own pages."""

import pytest
from django.http import Http404
from django.urls import reverse

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.archive import services
from lagrundt.archive.models import ArchiveMessage
from lagrundt.intro.models import Decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(granted):
    return Decision.objects.get(person=granted)


@pytest.mark.parametrize("role", ["health", "nav", "school", "leadership", "aal-integration", "nobody"])
def test_who_may_not_write_the_programme_cannot_archive_its_letter(world, decision, role):
    with pytest.raises(Http404):
        services.archive_letter(Actor(world.users[role]), "intro_decision", decision.pk)
    assert not ArchiveMessage.objects.exists()


def test_an_unknown_kind_or_letter_is_404(world, decision):
    actor = Actor(world.users["integration"])
    with pytest.raises(Http404):
        services.archive_letter(actor, "payslip", decision.pk)
    with pytest.raises(Http404):
        services.archive_letter(actor, "intro_decision", 10**9)


def test_archiving_from_the_page_queues_it_and_audits_an_export(world, decision, client, login):
    login(world, "integration")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("intro:participant", args=[decision.person_id]))
    assert f"/arkiv/arkiver/intro_decision/{decision.pk}/" in page.content.decode()
    before = AuditEntry.objects.filter(action=AuditAction.EXPORT, person=decision.person).count()
    response = client.post(f"/arkiv/arkiver/intro_decision/{decision.pk}/", {"next": "https://evil.invalid/"})
    assert response.status_code == 302 and response["Location"] == "/arkiv/"  # no foreign redirect
    queued = ArchiveMessage.objects.get()
    assert queued.person_id == decision.person_id and queued.created_by == world.users["integration"]
    exports = AuditEntry.objects.filter(
        action=AuditAction.EXPORT, channel=AuditChannel.EXPORT, person=decision.person
    )
    assert exports.count() > before
    # Again: nothing new is queued, and the user is told so.
    again = client.post(f"/arkiv/arkiver/intro_decision/{decision.pk}/", follow=True)
    assert "already in the archive" in again.content.decode()
    assert ArchiveMessage.objects.count() == 1
    outbox = client.get("/arkiv/").content.decode()
    assert "Waiting to be delivered" in outbox and "pending" not in outbox.split('id="results"')[1]


def test_the_national_id_is_left_out_for_who_may_not_read_it(world, decision, monkeypatch):
    """The folder is classified by national ID only where the user reads it."""
    from lagrundt.access.policy import Grants

    real = Grants.can_read
    monkeypatch.setattr(
        Grants, "can_read", lambda self, section: section != "national_id" and real(self, section)
    )
    queued, _created = services.archive_letter(
        Actor(world.users["integration"]), "intro_decision", decision.pk
    )
    assert decision.person.national_id not in queued.xml
    assert "<n5mdk:klassifikasjonssystemID>FNR" not in queued.xml and "FNR" not in queued.xml


def test_the_report_page_offers_the_button_to_its_coordinators_only(world, issued_report, client, login):
    from django.urls import reverse

    url = reverse("plans:report", args=[issued_report.plan_id, issued_report.year])
    action = f"/arkiv/arkiver/council_report/{issued_report.pk}/"
    login(world, "leadership")
    assert action in client.get(url).content.decode()
    login(world, "health")  # reads the plan, does not report on it
    page = client.get(url)
    assert page.status_code == 200 and action not in page.content.decode()
    assert client.post(action).status_code == 404
    assert not ArchiveMessage.objects.exists()
