"""The plans' pages: who reads and who changes what, and what each page shows."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lagrundt.plans.models import Measure, MeasureChange, MeasureStatus, ProgressNote, Report, ReportStatus

pytestmark = pytest.mark.django_db


def health_measure(plan):
    return Measure.objects.get(plan=plan, text__startswith="Samtaler med helsesykepleier")


def test_every_page_of_a_plan_answers(world, login, hemsedal_plan):
    client = login(world, "leadership")
    measure = health_measure(hemsedal_plan)
    year = timezone.localdate().year
    for url in [
        reverse("plans:plan_list"),
        reverse("plans:dashboard"),
        reverse("plans:plan_detail", args=[hemsedal_plan.pk]),
        reverse("plans:indicators", args=[hemsedal_plan.pk]),
        reverse("plans:figures", args=[hemsedal_plan.pk]),
        reverse("plans:report_list", args=[hemsedal_plan.pk]),
        reverse("plans:report", args=[hemsedal_plan.pk, year]),
        reverse("plans:measure_detail", args=[measure.pk]),
        reverse("plans:measure_edit", args=[measure.pk]),
        reverse("plans:revise", args=[hemsedal_plan.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Abeba" not in response.content.decode(), url  # no named person, anywhere


def test_the_plan_reads_in_its_own_language_form_whatever_the_user_reads(world, login, aal_plan):
    client = login(world, "aal-integration")
    client.cookies["django_language"] = "nb"
    page = client.get(reverse("plans:plan_detail", args=[aal_plan.pk])).content.decode()
    assert '<h1 class="ds-heading" data-size="lg" lang="nn">Plan for busetting og inkludering' in page
    assert "Alle busette flyktningar lærer norsk språk" in page
    assert "Delmål" in page  # the label around it is bokmål


def test_a_nurse_notes_progress_on_a_health_measure_but_not_on_a_school_one(world, login, hemsedal_plan):
    client = login(world, "health")
    measure = health_measure(hemsedal_plan)
    url = reverse("plans:measure_note", args=[measure.pk])
    today = timezone.localdate()
    response = client.post(
        url, {"note-written_on": today.isoformat(), "note-text": "Samtaler holdt med tolk."}
    )
    assert response.status_code == 302
    note = ProgressNote.objects.get(measure=measure)
    assert (note.text, note.author) == ("Samtaler holdt med tolk.", world.users["health"])
    assert MeasureChange.objects.filter(measure=measure, kind="note").exists()
    school = Measure.objects.get(plan=hemsedal_plan, text__startswith="Gi behovsprøvd støtte")
    response = client.post(
        reverse("plans:measure_note", args=[school.pk]),
        {"note-written_on": today.isoformat(), "note-text": "x"},
    )
    assert response.status_code == 404
    assert not ProgressNote.objects.filter(measure=school).exists()


def test_bad_input_keeps_what_was_typed_and_saves_nothing(world, login, hemsedal_plan):
    client = login(world, "health")
    measure = health_measure(hemsedal_plan)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        reverse("plans:measure_note", args=[measure.pk]),
        {"note-written_on": tomorrow.isoformat(), "note-text": "Skrevet på forhånd"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Skrevet på forhånd" in page
    assert "fram i tid" in page or "in the future" in page
    assert not ProgressNote.objects.exists()
    response = client.post(reverse("plans:measure_status", args=[measure.pk]), {"status-status": "dropped"})
    assert response.status_code == 200
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.NOT_STARTED


def test_dropping_a_measure_needs_a_reason_and_is_kept_in_its_history(world, login, hemsedal_plan):
    client = login(world, "health")
    measure = health_measure(hemsedal_plan)
    client.post(
        reverse("plans:measure_status", args=[measure.pk]),
        {
            "status-status": "dropped",
            "status-reason": "Dekkes av helsestasjonens rutiner.",
        },
    )
    measure.refresh_from_db()
    assert (measure.status, measure.status_reason) == ("dropped", "Dekkes av helsestasjonens rutiner.")
    change = MeasureChange.objects.get(measure=measure, kind="status")
    assert change.changes["status"] == {"old": "not_started", "new": "dropped"}
    assert change.by == world.users["health"]


def test_only_leaders_change_the_plan_itself(world, login, hemsedal_plan):
    measure = health_measure(hemsedal_plan)
    url = reverse("plans:measure_edit", args=[measure.pk])
    assert login(world, "health").get(url).status_code == 404
    assert login(world, "integration").get(url).status_code == 404  # an employee, not a leader
    client = login(world, "leadership")
    response = client.post(
        url, {"text": measure.text, "sector": "health", "ends_on": "2026-12-31", "budget": "25000"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    measure.refresh_from_db()
    assert measure.budget == 25000 and measure.ends_on == dt.date(2026, 12, 31)


def test_filters_by_sector_status_and_attention(world, login, hemsedal_plan):
    client = login(world, "health")
    url = reverse("plans:plan_detail", args=[hemsedal_plan.pk])
    chapters = client.get(url, {"sektor": "health"}).context["chapters"]
    texts = [r.measure.text for c in chapters for r in c.measures + [m for g in c.goals for m in g.measures]]
    assert "Samtaler med helsesykepleier og tilvisning til videre oppfølging ved behov" in texts
    assert (
        "Tilpasse og tilrettelegge opplæringstilbud ut fra den enkeltes botid, alder og forutsetninger"
        not in texts
    )
    # One that only involves health beside the responsible sector.
    assert any(t.startswith("Tverrfaglig samarbeid for å sikre oppfølging") for t in texts)
    assert client.get(url, {"status": "done"}).context["chapters"] == []
    overdue = client.get(url, {"vis": "overdue"}).context["chapters"]
    assert {
        r.measure.ends_on.isoformat()
        for c in overdue
        for r in c.measures + [m for g in c.goals for m in g.measures]
    } == {"2025-12-31"}


def test_other_municipalities_plans_answer_404(world, login, aal_plan):
    assert login(world, "leadership").get(reverse("plans:plan_detail", args=[aal_plan.pk])).status_code == 404
    measure = Measure.objects.filter(plan=aal_plan).first()
    assert (
        login(world, "integration").get(reverse("plans:measure_detail", args=[measure.pk])).status_code == 404
    )


def test_revision_carries_open_measures_and_keeps_the_old_version(world, login, hemsedal_plan):
    measure = health_measure(hemsedal_plan)
    ProgressNote.objects.create(
        measure=measure, written_on=timezone.localdate(), text="Før", author=world.users["health"]
    )
    done = Measure.objects.get(plan=hemsedal_plan, text__startswith="Tilby bøker og media")
    done.status = MeasureStatus.DONE
    done.save()
    client = login(world, "leadership")
    response = client.post(
        reverse("plans:revise", args=[hemsedal_plan.pk]),
        {
            "title": "Handlingsplan 2026–2028",
            "starts_on": "2026-01-01",
            "ends_on": "2028-12-31",
            "note": "Rullert",
        },
    )
    assert response.status_code == 302
    hemsedal_plan.refresh_from_db()
    new = hemsedal_plan.next_version
    assert (hemsedal_plan.status, new.version, new.status) == ("superseded", 2, "active")
    assert new.measures.count() == 88
    carried = new.measures.get(key=measure.key)
    assert carried.carried_from == measure and not carried.notes.exists()
    assert measure.notes.count() == 1
    assert client.get(reverse("plans:plan_detail", args=[hemsedal_plan.pk])).status_code == 200
    # The old version is read-only now.
    response = login(world, "health").post(
        reverse("plans:measure_note", args=[measure.pk]),
        {"note-written_on": timezone.localdate().isoformat(), "note-text": "Etter"},
    )
    assert response.status_code == 404


def test_the_workbook_has_measures_indicators_and_targets(world, login, hemsedal_plan):
    response = login(world, "leadership").get(reverse("plans:export", args=[hemsedal_plan.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    measures = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(measures) == 1 + 89
    budget_row = next(r for r in measures[1:] if r[-1])
    assert budget_row[-1] == 416000 and budget_row[0].startswith("3 ")
    indicators = list(book.worksheets[1].iter_rows(values_only=True))
    assert (
        any(r[0] in ("Bosatt og flyttet ut per år", "Busette og flytta ut per år") for r in indicators)
        or indicators
    )
    targets = list(book.worksheets[2].iter_rows(values_only=True))
    assert targets[1][0] == "50% av flyktningene er i fast arbeid eller utdanning"


def test_issuing_a_report_freezes_it(world, login, hemsedal_plan):
    client = login(world, "leadership")
    year = timezone.localdate().year
    url = reverse("plans:report", args=[hemsedal_plan.pk, year])
    summary = reverse("plans:report_summary", args=[hemsedal_plan.pk, year])
    client.post(summary, {"summary-summary": "Godt år for kvalifisering."})
    client.post(reverse("plans:report_issue", args=[hemsedal_plan.pk, year]))
    report = Report.objects.get(plan=hemsedal_plan, year=year)
    assert report.status == ReportStatus.ISSUED and report.snapshot["summary"] == "Godt år for kvalifisering."
    response = client.post(summary, {"summary-summary": "Endret etterpå"})
    assert response.status_code == 200  # the form answers with the refusal
    report.refresh_from_db()
    assert report.summary == "Godt år for kvalifisering."
    assert "Endret etterpå" not in client.get(url).content.decode()
