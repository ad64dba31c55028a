"""Nothing internal leaves the municipality: every letter kind and the council report, rendered to PDF
and read back, hold only what their reader should read. No check for the case worker, no note on how
sure a rule is, no version note on a legal reference, no internal key.

The checks themselves are on the case worker's decision page (tests/intro/test_assumptions.py)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lagrundt.intro import exports, presenters, selectors, services
from lagrundt.intro.models import Decision, DecisionKind
from tests.plans.url_access import plan as own_plan

from .test_documents import compiled_messages, text_of  # noqa: F401 (a fixture)

D = dt.date
pytestmark = pytest.mark.django_db
LANGUAGES = ("nb", "nn", "en")

# Phrases meant for the case worker or the administrator, in the three languages a letter is written in.
INTERNAL_PHRASES = (
    "check before",
    "kontroller",
    "registrer",
    "record the",
    "record it",
    "not recorded",
    "ikke registrert",
    "ikkje registrert",
    "(nå §",
    "(now §",
    "nå §",
    "før prop",
    "assumed",
    "antatt",
    "anteke",
    "antake",
    "unverified",
    "not verif",
    "uncertain",
    "usikker",
    "do not verify",
    "ikke bekrefter",
    "ikkje stadfest",
    "kommunal praksis",
)
# A key of the code (right_only, integration_grant) rather than a label.
SNAKE_CASE = re.compile(r"\b[a-zæøå]+(?:_[a-zæøå]+)+\b")


# The council report counts what is recorded and what is not («Ikke registrert» is a column of its
# tables): there, words of recording are the report's own, and the rest of the list applies.
RECORDING = ("registrer", "record the", "record it", "not recorded", "ikke registrert", "ikkje registrert")


def internal_markers(text: str, *, phrases=INTERNAL_PHRASES) -> list[str]:
    lowered = text.lower()
    found = [phrase for phrase in phrases if phrase in lowered]
    return found + SNAKE_CASE.findall(text)


def _make(actor, person, kind, book, on, **data):
    return services.decision_make(
        actor=actor,
        person=person,
        kind=kind,
        data=dict(decided_on=on, language="nb", grounds="Begrunnelse.", **data),
        book=book,
        today=on,
        confirmed=True,
    )


@pytest.fixture
def every_decision(world, granted, participant, actor, book):
    """One decision of every kind: Amina's programme (in `granted`), a deduction, an extension, a stop
    for a time and for good, and a refusal for someone else. Amina has no permit recorded, so her
    programme rests on assumed facts."""
    from tests.world import make_person

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
    _make(actor, granted, "deduction", book, D(2026, 4, 2), period=D(2026, 3, 1))
    _make(
        actor, granted, "stop_temporary", book, D(2026, 5, 1), starts_on=D(2026, 5, 4), ends_on=D(2026, 6, 4)
    )
    _make(actor, granted, "extension", book, D(2026, 8, 3), months=6)
    _make(actor, granted, "stop_permanent", book, D(2026, 9, 1), starts_on=D(2026, 9, 7))
    other = make_person(world.hemsedal, "Samir", "Haddad", D(1988, 7, 2), settled_on=D(2026, 1, 5), serial=41)
    _make(actor, other, "refusal", book, D(2026, 2, 10))
    decisions = list(
        Decision.objects.filter(person__in=[granted, other]).select_related("person", "decided_by")
    )
    assert {d.kind for d in decisions} == set(DecisionKind.values)
    return decisions


def test_the_programme_letter_rested_on_assumptions(every_decision, book):
    """The case this test guards: the programme was decided on assumed facts and unverified rules."""
    programme = next(d for d in every_decision if d.kind == DecisionKind.PROGRAMME)
    assert any(r["assumed"] for r in programme.facts["reasons"])
    assert not book.version("decision.complaint_deadline", programme.decided_on).verified
    assert any("nå §" in r["rule"] for d in every_decision for r in d.rules)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_decision_letter_holds_anything_internal(every_decision, book, compiled_messages, language):  # noqa: F811
    for decision in every_decision:
        decision.language = language
        text = text_of(exports.decision_pdf(book, decision, decision.person))
        assert internal_markers(text) == [], (decision.kind, language, text)
        assert decision.grounds in text


@pytest.mark.parametrize("language", ("nb", "nn"))
def test_the_integration_plan_holds_nothing_internal(granted, actor, compiled_messages, language):  # noqa: F811
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
            language=language,
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
    assert "Hemsedal barnehage" in text
    assert internal_markers(text) == [], text


def test_the_council_report_holds_nothing_internal(world, login, compiled_messages):  # noqa: F811
    found = own_plan(world, "leadership", "own")
    response = login(world, "leadership").get(
        reverse("plans:report_pdf", args=[found["pk"], timezone.localdate().year])
    )
    assert response.status_code == 200
    text = text_of(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "Rapport til kommunestyret" in text
    assert internal_markers(text, phrases=[p for p in INTERNAL_PHRASES if p not in RECORDING]) == [], text


@pytest.mark.parametrize(
    ("stored", "cited"),
    [
        ("integreringsloven § 13 andre ledd (nå § 13)", "integreringsloven § 13 andre ledd"),
        ("integreringsloven § 13 (før Prop. 81 L; nå § 14)", "integreringsloven § 13"),
        (
            "integreringsloven § 8 endret ved Prop. 81 L (2024–2025), Innst. 410 L (2024–2025)",
            "integreringsloven § 8",
        ),
        (
            "integreringsloven § 8 første ledd tredje punktum; § 8 tredje ledd",
            "integreringsloven § 8 første ledd tredje punktum; § 8 tredje ledd",
        ),
        (
            "integreringsloven § 21 (forholdsmessig trekk); enhetene fra introduksjonsloven § 9",
            "integreringsloven § 21",
        ),
        ("integreringsforskriften kap. 3 (§ 5 ff.)", "integreringsforskriften kap. 3"),
        ("kommunal praksis", ""),
        ("forvaltningsloven § 29", "forvaltningsloven § 29"),
    ],
)
def test_a_reference_in_a_letter_is_a_plain_citation(stored, cited):
    assert presenters.citation(stored) == cited


def test_the_markers_find_what_the_letters_held():
    """The list would catch the texts the letters held before (so the tests above can fail)."""
    for text in (
        "Kontroller før utsending: brevet bygger på verdier som kildene ikke bekrefter: Klagefrist (antatt).",
        "(Anteke: flyktningar blir busette etter avtale. Registrer det om ikkje.)",
        "(Datoen for løyvet er ikkje registrert: busettingsdatoen blir brukt.)",
        "integreringsloven § 13 andre ledd (nå § 13)",
        "Status: right_only",
    ):
        assert internal_markers(text), text
