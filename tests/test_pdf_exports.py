"""Every PDF a user downloads is an export in the audit log.

A decision letter and an integration plan are exports of the sections of the person they show; the
report to the council and a matching meeting's agenda that names nobody are exports of a document
without a person. The agenda that names candidates records them (tests/work/test_pages.py).
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.access.sections import Section
from tests.intro.url_access import programme
from tests.plans.url_access import plan as own_plan

pytestmark = pytest.mark.django_db


def _entries_after(last, **filters):
    return AuditEntry.objects.filter(pk__gt=last or 0, **filters)


def _download(client, url):
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return last


def test_a_decision_letter_is_an_export_of_the_persons_sections(world, login):
    decision = programme(world, "integration", "own")
    last = _download(login(world, "integration"), reverse("intro:decision_letter", args=[decision.pk]))
    exports = _entries_after(last, action=AuditAction.EXPORT, channel=AuditChannel.EXPORT)
    assert {e.person_id for e in exports} == {world.persons["adult"].pk}
    assert {e.section for e in exports} == {Section.IDENTITY, Section.NATIONAL_ID, Section.PROGRAMME}
    # Downloaded, not read on a page.
    assert not _entries_after(last, action=AuditAction.READ).exists()


def test_an_integration_plan_is_an_export_of_the_persons_sections(world, login):
    programme(world, "integration", "own")
    adult = world.persons["adult"]
    last = _download(login(world, "nav"), reverse("intro:plan_pdf", args=[adult.pk]))
    exports = _entries_after(last, action=AuditAction.EXPORT, channel=AuditChannel.EXPORT)
    assert {(e.person_id, e.section) for e in exports} == {
        (adult.pk, Section.IDENTITY),
        (adult.pk, Section.PROGRAMME),
    }
    assert {e.user_id for e in exports} == {world.users["nav"].pk}


def test_the_report_to_the_council_is_an_export(world, login):
    found = own_plan(world, "leadership", "own")
    year = timezone.localdate().year
    last = _download(login(world, "leadership"), reverse("plans:report_pdf", args=[found["pk"], year]))
    (export,) = _entries_after(last)
    assert (export.action, export.channel) == (AuditAction.EXPORT, AuditChannel.EXPORT)
    assert export.person_id is None
    assert export.municipality_id == world.hemsedal.pk
    assert export.user_id == world.users["leadership"].pk


def test_an_agenda_that_names_nobody_is_still_an_export(world, login):
    last = _download(login(world, "integration"), reverse("work:meeting_pdf"))
    (export,) = _entries_after(last)
    assert (export.action, export.channel, export.person_id) == (
        AuditAction.EXPORT,
        AuditChannel.EXPORT,
        None,
    )
