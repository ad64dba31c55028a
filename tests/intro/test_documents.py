"""Decision letters and the integration plan are real PDFs in the letter's written standard, with what
forvaltningsloven requires: the decision, its grounds, the right to complain and the deadline, the
right to see the documents. Read back with pypdf."""

import csv
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from lagrundt.accounts.two_factor import client_login
from lagrundt.intro import exports, selectors, services
from lagrundt.intro.models import Decision

D = dt.date
pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def compiled_messages():
    from tests.web.test_translations import ALL_LANGUAGES, LOCALE_DIRS, _compile, po_path

    for locale_dir in LOCALE_DIRS:
        for language in ALL_LANGUAGES:
            po = po_path(language, locale_dir)
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                _compile(po, mo)


def test_programme_decision_in_bokmal(granted, book, compiled_messages):
    decision = Decision.objects.get(person=granted)
    text = text_of(exports.decision_pdf(book, decision, granted))
    assert "Vedtak om introduksjonsprogram" in text
    assert "Du får introduksjonsprogram fra 2. mars 2026 til 1. mars 2028 (24 måneder)." in text
    assert "Sluttmålet for programmet er: Arbeid." in text
    assert "Du har rett og plikt til introduksjonsprogram." in text  # the case worker's grounds
    assert "Bosatt 05.01.2026: retten varer til 05.01.2028" in text  # the facts it rests on
    assert "integreringsloven § 8 første ledd" in text  # the legal basis, from the rules applied
    assert "Du kan klage" in text
    assert "Klagefristen er 3 uker fra den dagen du mottok dette brevet." in text
    assert "forvaltningsloven § 29" in text
    assert "Du har rett til innsyn" in text and "se dokumentene i saken din" in text
    assert f"Vår referanse IP-{decision.pk}" in text
    # The complaint deadline is not in the fact file: the case worker sees that on the decision page, and
    # the letter, which goes to the participant, holds no check and no confidence word.
    assert "Kontroller før utsending" not in text and "antatt" not in text


def test_refusal_in_nynorsk(participant, actor, book, compiled_messages):
    decision = services.decision_make(
        actor=actor,
        person=participant,
        kind="refusal",
        data=dict(decided_on=D(2026, 2, 10), language="nn", grounds="Du har takka nei til programmet."),
        book=book,
        today=D(2026, 2, 10),
    )
    text = text_of(exports.decision_pdf(book, decision, participant))
    assert "Vedtak: ikkje introduksjonsprogram" in text
    assert "Du får ikkje introduksjonsprogram." in text
    assert "Grunngjeving" in text
    assert "Klagefristen er 3 veker frå den dagen du fekk dette brevet." in text
    assert "Du har rett til å sjå dokumenta i saka di" in text
    assert "Du får introduksjonsprogram frå" not in text


def test_a_confirmed_complaint_deadline_removes_the_warning(granted, book, compiled_messages):
    from .conftest import admin_version

    confirmed = book.with_records(
        [admin_version("decision.complaint_deadline", D(2021, 1, 1), {"weeks": 3}, "verified-in-source")]
    )
    text = text_of(exports.decision_pdf(confirmed, Decision.objects.get(person=granted), granted))
    assert "Kontroller før utsending" not in text


def test_deduction_letter_states_amount_hours_and_period(granted, actor, book, compiled_messages):
    from decimal import Decimal

    monday = D(2026, 3, 2)
    for week in range(4):
        start = monday + dt.timedelta(weeks=week)
        services.attendance_register(
            actor=actor,
            person=granted,
            monday=start,
            days={start + dt.timedelta(days=i): ("unexcused", Decimal(0)) for i in range(5)},
            book=book,
        )
    decision = services.decision_make(
        actor=actor,
        person=granted,
        kind="deduction",
        data=dict(decided_on=D(2026, 4, 2), period=D(2026, 3, 1), language="nb", grounds="Ugyldig fravær."),
        book=book,
        today=D(2026, 4, 2),
    )
    text = text_of(exports.decision_pdf(book, decision, granted))
    assert "Vedtak om trekk i introduksjonsstønaden" in text
    # 20 days × 7.5 hours × 260 320 / 1850 = 21 107.03, capped at the month's benefit 20 993.55.
    assert "reduseres med 20 993,55 kroner for 150,0 timer fravær" in text
    assert "integreringsloven § 21" in text


def test_integration_plan_and_contract(granted, actor, compiled_messages):
    services.plan_save(
        actor=actor,
        person=granted,
        data=dict(
            made_on=D(2026, 3, 2),
            final_goal="work",
            norwegian_goal="B1",
            norwegian_hours=550,
            civics_hours=75,
            content="Norsk, språkpraksis i barnehage.",
            participant_duties="Møte presis.",
            municipality_duties="Tilby praksisplass.",
            long_term_goals="Barnehagelærer.",
            contract_signed_on=D(2026, 3, 2),
            language="nn",
        ),
        today=D(2026, 3, 2),
    )
    services.activity_add(
        actor=actor,
        person=granted,
        data=dict(
            kind="language_practice",
            description="Hemsedal barnehage",
            phase="sprakpraksis",
            starts_on=D(2026, 6, 1),
            ends_on=None,
            hours_per_week=20,
            self_study=False,
        ),
    )
    text = text_of(exports.plan_pdf(selectors.record_for(granted)))
    assert "Integreringsplan og integreringskontrakt" in text
    assert "Norskmål B1" in text and "Timar norsk 550" in text
    assert "Språkpraksis (Språkpraksis) Hemsedal barnehage" in text
    assert "Deltakaren forpliktar seg til Møte presis." in text
    assert "Signert 2. mars 2026." in text


def test_nir_rows_cover_what_nir_records(granted, actor, book):
    from decimal import Decimal

    services.leave_add(
        actor=actor,
        person=granted,
        data=dict(
            kind="welfare",
            starts_on=D(2026, 6, 1),
            ends_on=D(2026, 6, 3),
            with_benefit=True,
            reason="Bryllup",
        ),
    )
    services.attendance_register(
        actor=actor,
        person=granted,
        monday=D(2026, 3, 2),
        days={D(2026, 3, 2) + dt.timedelta(days=i): ("present", Decimal(0)) for i in range(5)}
        | {D(2026, 3, 4): ("unexcused", Decimal(0))},
        book=book,
    )
    sheet = exports.nir_sheet(book, [granted], today=D(2026, 6, 10))
    rows = list(sheet.rows)
    assert list(sheet.header) == list(exports.NIR_HEADER)
    kinds = {r[3] for r in rows}
    assert {
        "kartlegging",
        "karriereveiledning",
        "vedtak",
        "sluttmål",
        "programtid",
        "permisjon",
        "fravær",
    } <= kinds
    absence = next(r for r in rows if r[3] == "fravær")
    assert (absence[4], absence[6], absence[8], absence[9]) == (D(2026, 3, 1), "unexcused", Decimal("7.5"), 1)
    assert all(r[0] == granted.national_id for r in rows)


def test_nir_csv_over_http(world, granted, client):
    client_login(client, world.users["integration"])
    response = client.get(f"/program/personer/{granted.pk}/nir.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(exports.NIR_HEADER)
    assert any(r[3] == "vedtak" and r[6] == "tildelt" and r[4] == "10.02.2026" for r in rows[1:])
