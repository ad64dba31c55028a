"""Innsyn: the document a sector produces about a person, read back as the person would read it."""

import io
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.access.policy import grants_for
from lagrundt.access.sections import Section
from lagrundt.tenancy.models import Sector

pytestmark = pytest.mark.django_db

# A stored code: lower-case words joined by underscores ("integration_service", "resettlement_refugee").
CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def produce(client, person, *, language="nb", kind="pdf"):
    return client.post(
        reverse("privacy:subject_access", args=[person.pk]), {"language": language, "kind": kind}
    )


def pdf_text(response) -> str:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    # Lines broken in a table cell are joined, so that a phrase is found whole.
    return " ".join(" ".join(page.extract_text().replace("\xa0", " ").split()) for page in reader.pages)


def labels(language, *values) -> list[str]:
    with translation.override(language):
        return [str(v) for v in values]


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_pdf_holds_every_section_the_integration_service_reads_and_the_access_log(
    world, held, login, language
):
    client = login(world, "integration")
    client.get(reverse("people:person_detail", args=[held.pk]))  # a read the log must show
    text = pdf_text(produce(client, held, language=language))

    assert "Abeba Haile" in text
    readable = grants_for(world.users["integration"], held).readable
    assert Section.HEALTH not in readable
    for section in labels(language, *(s.label for s in readable)):
        assert section in text, section
    # What the apps hold: the note, the programme's assessment and decision, the disability grant.
    assert "Abeba vil ta fagbrev som kokk" in text
    assert "Videregående skole i Asmara" in text
    assert "Du har rett og plikt." in text
    with translation.override(language):
        from lagrundt.core.formats import kroner

        assert kroner(Decimal("123456.50"), decimals=2).replace("\xa0", " ") in text
    # Need-to-know: health's note is not in the integration service's document, which names the
    # section and who keeps it.
    assert "Diabetes" not in text
    health, health_sector = labels(language, Section.HEALTH.label, Sector.HEALTH.label)
    assert health in text and health_sector in text
    # The access log: the integration service's read of the page and health's read, by name and unit.
    assert "Integration Testesen" in text and "Hemsedal integration" in text
    assert "Health Testesen" not in text  # health's read was of the health section
    read = labels(language, AuditAction.READ.label)[0]
    assert read in text
    # No stored code reaches the person.
    assert not CODE.findall(text), CODE.findall(text)


def test_health_produces_its_own_part(world, held, login):
    client = login(world, "health")
    text = pdf_text(produce(client, held))
    assert "Diabetes type 2, kontroll hos fastlege" in text
    assert "Health Testesen" in text  # its own read of the health section
    assert "Abeba vil ta fagbrev som kokk" not in text  # the integration service's notes
    assert "Videregående skole i Asmara" not in text  # the programme is not health's
    programme, integration = labels("nb", Section.PROGRAMME.label, Sector.INTEGRATION_SERVICE.label)
    assert programme in text and integration in text
    assert not CODE.findall(text)


def test_the_json_file_is_valid_with_labels_and_iso_dates(world, held, login):
    client = login(world, "integration")
    client.get(reverse("people:person_detail", args=[held.pk]))
    response = produce(client, held, kind="json", language="nn")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content.decode("utf-8"))

    assert data["person"]["name"] == "Abeba Haile"
    assert data["person"]["birth_date"] == held.birth_date.isoformat()
    grants = grants_for(world.users["integration"], held)
    titles = [s["title"] for s in data["sections"]]
    assert titles == labels("nn", *(s.label for s in grants.readable))
    rows = [row for s in data["sections"] for record in s["records"] for row in record["rows"]]
    assert {"label", "value"} <= set(rows[0])
    assert any(row["value"] == "123456.50" and row.get("unit") == "NOK" for row in rows)
    assert any(isinstance(row["value"], str) and ISO_DAY.match(row["value"]) for row in rows)
    left_out = [s.label for s in Section if not grants.can_read(s)]
    assert Section.HEALTH.label in left_out
    assert [o["section"] for o in data["not_included"]] == labels("nn", *left_out)
    log = data["access_log"]
    assert log and all(set(row) >= {"first_at", "user", "sector", "unit", "action", "section"} for row in log)
    assert any(row["user"] == "Integration Testesen" for row in log)
    # Labels everywhere: no value of the file is a stored code.
    values = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            values.append(node)

    walk(data)
    assert not [v for v in values if CODE.search(v)]


def test_producing_it_is_audited_as_an_export_of_each_section(world, held, login):
    client = login(world, "integration")
    before = AuditEntry.objects.filter(person_id=held.pk, action=AuditAction.EXPORT).count()
    produce(client, held)
    exports = AuditEntry.objects.filter(person_id=held.pk, action=AuditAction.EXPORT).order_by("section")
    assert before == 0
    assert {e.section for e in exports} == {
        s.value for s in grants_for(world.users["integration"], held).readable
    }
    assert {(e.user_id, e.channel, e.sector) for e in exports} == {
        (world.users["integration"].pk, AuditChannel.EXPORT, Sector.INTEGRATION_SERVICE)
    }


# Culture and the volunteer centre keep leisure and guide records of who consented, so they produce
# innsyn of those (tests/privacy/url_access.py); the data protection officer reads the name only.
@pytest.mark.parametrize("role", ["dpo", "leadership", "school", "nobody"])
def test_a_role_without_the_right_gets_404_and_the_attempt_is_logged(world, held, login, role):
    client = login(world, role)
    assert client.get(reverse("privacy:subject_access", args=[held.pk])).status_code == 404
    assert produce(client, held).status_code == 404
    assert not AuditEntry.objects.filter(person_id=held.pk, action=AuditAction.EXPORT).exists()
    assert AuditEntry.objects.filter(
        person_id=held.pk, action=AuditAction.DENIED, user=world.users[role]
    ).exists()


def test_another_municipality_answers_as_missing(world, login):
    client = login(world, "integration")
    assert produce(client, world.persons["aal_adult"]).status_code == 404
    assert client.get(reverse("privacy:subject_access", args=[999999])).status_code == 404


def test_the_person_page_links_to_innsyn_only_for_who_may_produce_it(world, held, login):
    url = reverse("privacy:subject_access", args=[held.pk])
    assert url in login(world, "integration").get(reverse("people:person_detail", args=[held.pk])).text
    assert url not in login(world, "dpo").get(reverse("people:person_detail", args=[held.pk])).text


def test_bad_input_shows_the_form_again_and_produces_nothing(world, held, login):
    client = login(world, "integration")
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("privacy:subject_access", args=[held.pk]), {"language": "xx", "kind": "exe"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"language", "kind"}
    assert not AuditEntry.objects.filter(person_id=held.pk, action=AuditAction.EXPORT).exists()


def test_the_page_names_what_is_left_out_and_the_archive(world, held, login):
    client = login(world, "integration")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("privacy:subject_access", args=[held.pk]))
    assert page.status_code == 200
    assert "Health: Health" in page.text
    assert "no link to the archive" in page.text


def test_every_app_contributes_its_part_and_anonymised_data_is_gone_from_it(world, due, leader, login):
    from lagrundt.privacy import retention

    from .conftest import DUE_TEXTS

    client = login(world, "integration")
    text = pdf_text(produce(client, due["mehari"]))
    for key, value in DUE_TEXTS.items():
        if key == "health_note":
            assert value not in text
        else:
            assert value in text, key  # people, routines, intro, work and finance each hold one
    assert "Hemsedal Snekkeri" in text and "Velkomstsamtale" in text

    plan = retention.due(world.hemsedal.pk)
    run = retention.run_approve(
        actor=Actor(leader), municipality_id=world.hemsedal.pk, shown=plan.fingerprint
    )
    retention.run_carry_out(run.pk)
    text = pdf_text(produce(client, due["mehari"]))
    assert "Anonymisert person" in text
    assert not [value for value in DUE_TEXTS.values() if value in text]
    assert "Mehari" not in text and "Tesfay" not in text
    anonymised = labels("nb", AuditAction.ANONYMISED.label)[0]
    assert anonymised in text  # the log tells the person what was done
