"""The report to the council: in the plan's language form, read back from the PDF, frozen when sent;
and the leaders' overview of what changed since."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lagrundt.access.audit import Actor
from lagrundt.plans import presenters, selectors, services
from lagrundt.plans.models import EnteredFigure, Measure, MeasureStatus, Report

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_is_in_nynorsk_for_aal_whatever_language_the_reader_uses(world, login, aal_plan):
    client = login(world, "aal-integration")
    client.cookies["django_language"] = "en"
    year = timezone.localdate().year
    response = client.get(reverse("plans:report_pdf", args=[aal_plan.pk, year]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert f"Rapport til kommunestyret for {year}" in text  # nynorsk, not the reader's English
    assert "Nøkkeltal" in text and "Status for kvart tiltak" in text
    assert "Oppfølgingssamtale med busette" in text  # a measure, in the plan's words
    assert "Busette og flytta ut per år" in text  # an indicator with its table
    assert "Eit levande Ål for alle!" in text
    assert "Report to the council" not in text


def test_the_page_shows_the_report_in_the_plans_language_inside_the_readers_page(world, login, hemsedal_plan):
    client = login(world, "integration")
    client.cookies["django_language"] = "nn"
    year = timezone.localdate().year
    page = client.get(reverse("plans:report", args=[hemsedal_plan.pk, year])).content.decode()
    assert '<article lang="nb"' in page
    assert "Status for hvert tiltak" in page  # the report: bokmål, Hemsedal's form
    assert "Skriv i rapporten" in page  # the page around it: nynorsk, the reader's choice
    assert "<svg" in page and "<table" in page


def test_a_sent_report_keeps_what_it_said(world, hemsedal_plan):
    actor = Actor(world.users["leadership"])
    report = services.report_for(plan=hemsedal_plan, year=2025)
    EnteredFigure.objects.create(
        municipality=world.hemsedal,
        indicator="work_or_education",
        year=2025,
        value=Decimal(46),
        source="Test",
    )
    services.report_issue(
        actor=actor,
        report=report,
        snapshot=presenters.report_data(hemsedal_plan, report, dt.date(2025, 12, 31)),
    )
    # Later the figure is corrected and a measure is done: the sent report does not change.
    EnteredFigure.objects.create(
        municipality=world.hemsedal,
        indicator="work_or_education",
        year=2025,
        value=Decimal(48),
        source="Test",
    )
    measure = Measure.objects.filter(plan=hemsedal_plan).first()
    services.measure_set_status(actor=actor, measure=measure, status=MeasureStatus.DONE)
    report.refresh_from_db()
    shown = presenters.report_for_display(hemsedal_plan, report, timezone.localdate())
    target = next(t for t in shown["targets"] if t["goal"].startswith("50%"))
    assert target["value"] == "46 %"
    first = shown["chapters"][0]["measures"][0]
    assert first["status"] == MeasureStatus.NOT_STARTED
    pdf = pdf_text(
        __import__("lagrundt.core.documents", fromlist=["render_pdf"]).render_pdf(
            "plans/report_pdf.html", {"report": shown, "for_pdf": True}, language="nb"
        )
    )
    assert "46 %" in pdf and "48 %" not in pdf


def test_the_overview_tells_what_changed_since_the_report(world, hemsedal_plan):
    actor = Actor(world.users["leadership"])
    report = services.report_for(plan=hemsedal_plan, year=2025)
    services.report_issue(
        actor=actor,
        report=report,
        snapshot=presenters.report_data(hemsedal_plan, report, timezone.localdate()),
    )
    measure = Measure.objects.get(plan=hemsedal_plan, text__startswith="Tilby bøker og media")
    services.measure_set_status(actor=actor, measure=measure, status=MeasureStatus.UNDER_WAY)
    services.progress_note_add(
        actor=actor, measure=measure, written_on=timezone.localdate(), text="Bøker kjøpt inn."
    )
    chapter = measure.chapter
    added = services.measure_add(
        actor=actor, plan=hemsedal_plan, chapter=chapter, goal=None, data={"text": "Nytt tiltak"}
    )
    view = selectors.overview(hemsedal_plan, timezone.localdate())
    assert [(c.measure, c.old, c.new) for c in view.status_changes] == [(measure, "not_started", "under_way")]
    assert view.new_notes == 1
    assert view.new_measures == [added]
    assert view.last_report == report


def test_quiet_and_overdue_measures(world, hemsedal_plan):
    today = dt.date(2026, 11, 25)
    rows = {r.measure.text[:30]: r for r in selectors.measure_rows(hemsedal_plan, today)}
    budget = rows["Lønnsmidler til kommunale syss"]
    assert budget.overdue  # the plan's own period for it ended with 2025
    # Noted 30 days ago: no longer quiet; a note 100 days ago: quiet again.
    measure = budget.measure
    services.progress_note_add(
        actor=Actor(world.users["leadership"]),
        measure=measure,
        written_on=today - dt.timedelta(days=100),
        text="x",
    )
    rows = {r.measure.pk: r for r in selectors.measure_rows(hemsedal_plan, today)}
    assert rows[measure.pk].quiet
    services.progress_note_add(
        actor=Actor(world.users["leadership"]),
        measure=measure,
        written_on=today - dt.timedelta(days=30),
        text="y",
    )
    rows = {r.measure.pk: r for r in selectors.measure_rows(hemsedal_plan, today)}
    assert not rows[measure.pk].quiet
    services.measure_set_status(
        actor=Actor(world.users["leadership"]), measure=measure, status=MeasureStatus.DONE
    )
    rows = {r.measure.pk: r for r in selectors.measure_rows(hemsedal_plan, today)}
    assert not rows[measure.pk].overdue and not rows[measure.pk].quiet


def test_a_report_is_only_for_a_year_of_the_plan(world, login, hemsedal_plan):
    client = login(world, "leadership")
    assert client.get(reverse("plans:report", args=[hemsedal_plan.pk, 2019])).status_code == 404
    assert (
        client.get(
            reverse("plans:report", args=[hemsedal_plan.pk, timezone.localdate().year + 1])
        ).status_code
        == 404
    )
    assert not Report.objects.exists()  # reading a report does not make one
