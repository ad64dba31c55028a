"""Every letter kind the archive covers becomes a valid Fiks Arkiv message with its letter as PDF/A."""

import pytest
from lxml import etree

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.archive import message, services
from lagrundt.archive.models import ArchiveMessage, Status

pytestmark = pytest.mark.django_db
NS = {"a": message.NS, "m": message.MDK}


def _check(queued: ArchiveMessage) -> etree._Element:
    xml = queued.xml.encode()
    assert message.errors(xml) == []
    assert services.pdfa_claim(bytes(queued.pdf)) == ("2", "B")
    return etree.fromstring(xml)


def test_every_decision_kind_makes_a_valid_message(every_decision, actor):
    for decision in every_decision:
        queued, created = services.archive_letter(actor, "intro_decision", decision.pk)
        assert created and queued.status == Status.PENDING
        root = _check(queued)
        assert root.findtext("a:registrering/a:journalposttype/m:kode", namespaces=NS) == "U"
        assert decision.reference in root.findtext("a:registrering/a:tittel", namespaces=NS)
        # The person's folder, classified by the national ID, and the letter screened.
        assert (
            root.findtext("a:mappe/a:klassifikasjon/a:klasseID", namespaces=NS) == decision.person.national_id
        )
        assert root.findtext("a:registrering/a:skjerming/a:tilgangsrestriksjon/m:kode", namespaces=NS) == "13"
        assert root.findtext("a:registrering/a:skjerming/a:skjermingshjemmel", namespaces=NS) == (
            "Offl. § 13 jf. fvl. § 13"
        )
        kinds = root.findall("a:registrering/a:korrespondansepart/a:korrespondanseparttype/m:kode", NS)
        assert [k.text for k in kinds] == ["IA", "EM"]
        recipient = root.findall("a:registrering/a:korrespondansepart", NS)[1]
        person = decision.person
        assert recipient.findtext("a:korrespondansepartNavn", namespaces=NS) == (
            f"{person.family_name}, {person.given_name}"
        )
        # The folder's public title hides the name; the entry links to the folder by its key.
        assert person.family_name not in root.findtext("a:mappe/a:offentligTittel", namespaces=NS)
        folder_key = root.findtext("a:mappe/a:referanseEksternNoekkel/m:noekkel", namespaces=NS)
        parent = "a:registrering/a:referanseForelderMappe/m:referanseEksternNoekkel/m:noekkel"
        assert root.findtext(parent, namespaces=NS) == folder_key
    assert ArchiveMessage.objects.count() == len(every_decision) == 6


def test_the_integration_plan_makes_a_valid_message(plan_letter, actor):
    queued, created = services.archive_letter(actor, "intro_plan", plan_letter.pk)
    assert created
    root = _check(queued)
    assert root.findtext("a:registrering/a:tittel", namespaces=NS).startswith(
        "Integreringsplan"
    ) or root.findtext("a:registrering/a:tittel", namespaces=NS).startswith("Integration plan")


def test_the_council_report_makes_a_valid_unscreened_message(world, issued_report):
    queued, created = services.archive_letter(
        Actor(world.users["leadership"]), "council_report", issued_report.pk
    )
    assert created and queued.person_id is None
    root = _check(queued)
    assert root.find("a:registrering/a:skjerming", NS) is None
    assert root.find("a:mappe/a:part", NS) is None
    assert root.findtext("a:mappe/a:klassifikasjon/a:klassifikasjonssystemID", namespaces=NS) == "KODE"
    # The export is in the municipality's log, as the report's download is.
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, channel=AuditChannel.EXPORT, municipality=world.hemsedal
    ).exists()


def test_a_draft_report_cannot_be_archived(world, issued_report):
    from django.core.exceptions import ValidationError

    from lagrundt.plans.models import Report

    Report.objects.filter(pk=issued_report.pk).update(status="draft")
    with pytest.raises(ValidationError):
        services.archive_letter(Actor(world.users["leadership"]), "council_report", issued_report.pk)
    assert not ArchiveMessage.objects.exists()


def test_the_same_letter_is_queued_once_unless_it_changed(plan_letter, actor):
    from lagrundt.intro import services as intro_services

    first, created = services.archive_letter(actor, "intro_plan", plan_letter.pk)
    again, created_again = services.archive_letter(actor, "intro_plan", plan_letter.pk)
    assert created and not created_again and again.pk == first.pk
    intro_services.plan_save(
        actor=actor, person=plan_letter.person, data={"content": "Norsk, B1 innen et år."}
    )
    changed, created_changed = services.archive_letter(actor, "intro_plan", plan_letter.pk)
    assert created_changed and changed.reference != first.reference
    assert ArchiveMessage.objects.count() == 2


def test_an_invalid_message_is_never_queued(granted, actor, monkeypatch):
    from django.core.exceptions import ValidationError

    from lagrundt.intro.models import Decision

    monkeypatch.setattr(message.codes, "SCREENING_BASIS", "")  # an empty legal basis breaks the schema
    decision = Decision.objects.get(person=granted)
    with pytest.raises(ValidationError):
        services.archive_letter(actor, "intro_decision", decision.pk)
    assert not ArchiveMessage.objects.exists()


def test_the_welcome_letter_makes_a_valid_message_in_the_households_folder(world):
    from lagrundt.community.welcome import services as welcome
    from lagrundt.community.welcome.profiles import letter_profiles

    actor = Actor(world.users["integration"], detail="test")
    title, body = letter_profiles()[world.hemsedal.number].letters["nb"]
    welcome.letter_template_save(
        actor=actor, municipality=world.hemsedal, data={"language": "nb", "title": title, "body": body}
    )
    adult = world.persons["adult"]
    queued, created = services.archive_letter(actor, "welcome_letter", adult.pk)
    assert created
    root = _check(queued)
    assert root.findtext("a:mappe/a:referanseEksternNoekkel/m:noekkel", namespaces=NS) == (
        f"lagrundt-3326-household-{adult.household_id}"
    )
    assert root.findtext("a:mappe/a:tittel", namespaces=NS).endswith("Familien Haile")
    assert len(root.findall("a:mappe/a:part", NS)) == 5  # the members living in the municipality
    assert adult.national_id not in queued.xml
    assert services.archive_letter(actor, "welcome_letter", adult.pk) == (queued, False)
