"""Documents made in the background: the council report's PDF is asked for with a button, followed on a
page that shows its progress and then a download link, fetched only by who asked for it, audited as an
export, and deleted after a day (core.documents, core.models.DocumentJob)."""

import datetime as dt
import io
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.core import documents
from lagrundt.core.models import DocumentJob, DocumentJobStatus
from lagrundt.plans.views import council_report_pdf
from lagrundt.routines.tasks import nightly_routines
from tests.plans.url_access import plan as own_plan

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def report(world):
    """Hemsedal's plan (loaded from its file) and this year's report on it, as the views' arguments."""
    return own_plan(world, "leadership", "own")["pk"], timezone.localdate().year


@pytest.fixture
def login_en(login):
    """Logged in, reading the pages in English."""

    def _login(world, key):
        client = login(world, key)
        client.cookies["django_language"] = "en"
        return client

    return _login


def _job(world, report, *, key="leadership", **fields) -> DocumentJob:
    pk, year = report
    values = {
        "requested_by": world.users[key],
        "kind": "lagrundt.plans.views.council_report_pdf",
        "parameters": {"plan_id": pk, "year": year},
        "title": "Report to the council",
        **fields,
    }
    return DocumentJob.objects.create(**values)


def test_the_button_makes_the_pdf_and_its_page_offers_the_download(world, login_en, report):
    pk, year = report
    client = login_en(world, "leadership")
    response = client.post(reverse("plans:report_pdf_make", args=[pk, year]))
    job = DocumentJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:report_pdf_job", args=[pk, year, job.pk])
    # The immediate task backend of the tests has made it already.
    assert (job.status, job.progress, job.requested_by) == (
        DocumentJobStatus.DONE,
        100,
        world.users["leadership"],
    )
    assert job.filename == f"hemsedal-rapport-{year}.pdf"

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    download = reverse("plans:report_pdf_download", args=[pk, year, job.pk])
    assert f'href="{download}"' in html
    assert "every 1s" not in html  # done: the page stops asking

    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    pdf = client.get(download)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert f'attachment; filename="hemsedal-rapport-{year}.pdf"' == pdf["Content-Disposition"]
    assert f"Rapport til kommunestyret for {year}" in pdf_text(pdf.content)
    (export,) = AuditEntry.objects.filter(pk__gt=last)
    assert (export.action, export.channel, export.user_id) == (
        AuditAction.EXPORT,
        AuditChannel.EXPORT,
        world.users["leadership"].pk,
    )
    assert export.person_id is None


def test_a_running_job_shows_its_progress_and_asks_again_every_second(world, login_en, report):
    pk, year = report
    job = _job(world, report, status=DocumentJobStatus.RUNNING, progress=40)
    client = login_en(world, "leadership")
    url = reverse("plans:report_pdf_job", args=[pk, year, job.pk])

    html = client.get(url).content.decode()
    assert '<progress id="document-job-progress" max="100" value="40">' in html
    assert f'hx-get="{url}" hx-trigger="every 1s"' in html
    assert "Being made" in html  # the status's label, not its key
    assert "running" not in html.replace('data-status="running"', "")
    # htmx gets the status part alone, which replaces itself.
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="document-job"') and "<html" not in fragment
    # Not finished: nothing to download yet.
    assert client.get(reverse("plans:report_pdf_download", args=[pk, year, job.pk])).status_code == 404


def test_only_who_asked_may_follow_or_download_the_job(world, login_en, report):
    pk, year = report
    job = _job(world, report, key="leadership")
    documents.document_job_render(job.pk)
    client = login_en(world, "integration")  # reads the report, but did not ask for this job
    for name in ("plans:report_pdf_job", "plans:report_pdf_download"):
        assert client.get(reverse(name, args=[pk, year, job.pk])).status_code == 404
    # Nor may the address be turned to another year of the plan.
    leader = login_en(world, "leadership")
    assert leader.get(reverse("plans:report_pdf_job", args=[pk, year - 1, job.pk])).status_code == 404
    assert leader.get(reverse("plans:report_pdf_job", args=[pk, year, job.pk])).status_code == 200


def test_jobs_are_deleted_after_a_day(world, login_en, report):
    pk, year = report
    old = _job(world, report, created_at=timezone.now() - dt.timedelta(days=1, minutes=1))
    recent = _job(world, report, created_at=timezone.now() - dt.timedelta(hours=23))
    client = login_en(world, "leadership")
    # An old job is gone for its user at once, though the night has not come yet (a GET deletes nothing).
    assert client.get(reverse("plans:report_pdf_job", args=[pk, year, old.pk])).status_code == 404
    assert DocumentJob.objects.filter(pk=old.pk).exists()

    result = nightly_routines.enqueue().return_value
    assert result["document_jobs_deleted"] == 1
    assert set(DocumentJob.objects.values_list("pk", flat=True)) == {recent.pk}


def test_asking_for_a_document_deletes_the_old_ones(world, login_en, report):
    pk, year = report
    old = _job(world, report, key="integration", created_at=timezone.now() - dt.timedelta(days=2))
    login_en(world, "leadership").post(reverse("plans:report_pdf_make", args=[pk, year]))
    assert not DocumentJob.objects.filter(pk=old.pk).exists()
    assert DocumentJob.objects.count() == 1


def test_the_job_stores_its_progress_as_it_renders(world, report):
    job = _job(world, report)
    with CaptureQueriesContext(connection) as queries:
        assert documents.document_job_render(job.pk) == DocumentJobStatus.DONE
    progress = [q["sql"] for q in queries.captured_queries if '"progress" =' in q["sql"]]
    # Claimed, the figures computed, the page laid out, done: the page has something to show each second.
    assert len(progress) >= 4, progress
    job.refresh_from_db()
    assert job.finished_at is not None and bytes(job.content).startswith(b"%PDF")
    # A job is rendered once: run again (a worker restarted), it is left alone.
    assert documents.document_job_render(job.pk) == "gone"


def test_a_failed_job_says_so_and_offers_to_try_again(world, login_en, report):
    pk, year = report
    # Only functions marked as document kinds are run, whatever a job's row says.
    unmarked = _job(world, report, kind="lagrundt.core.documents.csv_bytes")
    assert documents.document_job_render(unmarked.pk) == DocumentJobStatus.FAILED
    unmarked.refresh_from_db()
    assert unmarked.status == DocumentJobStatus.FAILED and not unmarked.content
    job = _job(world, report, status=DocumentJobStatus.FAILED)
    html = login_en(world, "leadership").get(reverse("plans:report_pdf_job", args=[pk, year, job.pk])).content
    html = html.decode()
    assert "could not be made" in html and "every 1s" not in html
    assert f'action="{reverse("plans:report_pdf_make", args=[pk, year])}"' in html


def test_an_unmarked_function_cannot_be_asked_for(world):
    with pytest.raises(ValueError, match="not marked"):
        documents.document_job_make(
            user=world.users["leadership"], render=documents.csv_bytes, parameters={}, title="x"
        )
    assert not DocumentJob.objects.exists()


def test_a_thread_keeps_its_font_configuration_and_documents_still_embed_the_fonts(world, report):
    pk, year = report
    first = documents._font_config()
    assert documents._font_config() is first
    other = []
    thread = threading.Thread(target=lambda: other.append(documents._font_config()))
    thread.start()
    thread.join()
    assert other and other[0] is not first  # fontconfig and Pango objects stay in their thread
    # Two documents in a row from the same configuration both carry Inter.
    for _ in range(2):
        content, _name = council_report_pdf(plan_id=pk, year=year)
        fonts = {
            str(font["/BaseFont"])
            for page in PdfReader(io.BytesIO(content)).pages
            for font in page["/Resources"]["/Font"].values()
        }
        assert any("Inter" in name for name in fonts), fonts
