"""In a real browser: the leader asks for the council report's PDF with the "Make PDF" button, sees its
progress on the job's page while the task worker makes it, and downloads it when it is ready; the file
is the report. The pages are checked with axe-core.

The tests' task backend would make the document inside the request; here tasks are only queued (the
dummy backend) and the test does the worker's part, so that the page is seen while the job runs."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lagrundt.core import documents
from lagrundt.core.models import DocumentJob, DocumentJobStatus
from tests.plans.url_access import plan as own_plan

from .conftest import TIMEOUT_MS, assert_accessible, log_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture fails (CI) or skips with a clear message
    expect = None
else:
    expect.set_options(timeout=TIMEOUT_MS)

pytestmark = pytest.mark.browser


@pytest.fixture
def queued_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_the_leader_makes_the_council_report_pdf_and_downloads_it(world, page, queued_tasks):
    pk, year = own_plan(world, "leadership", "own")["pk"], timezone.localdate().year
    log_in(page, world.users["leadership"].username)
    page.goto(reverse("plans:report", args=[pk, year]))

    page.get_by_role("button", name="Make PDF").click()
    job = DocumentJob.objects.get()
    page.wait_for_url(f"**{reverse('plans:report_pdf_job', args=[pk, year, job.pk])}")
    progress = page.get_by_role("progressbar", name="Waiting to start")
    expect(progress).to_be_visible()
    assert_accessible(page)

    # The worker starts: the page follows it without being reloaded.
    DocumentJob.objects.filter(pk=job.pk).update(status=DocumentJobStatus.RUNNING, progress=40)
    expect(page.get_by_role("progressbar", name="Being made")).to_have_attribute("value", "40")
    # And finishes: the download link takes the progress bar's place.
    DocumentJob.objects.filter(pk=job.pk).update(status=DocumentJobStatus.QUEUED)
    assert documents.document_job_render(job.pk) == DocumentJobStatus.DONE
    link = page.get_by_role("link", name="Download the PDF")
    expect(link).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_count(0)
    assert_accessible(page)

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"hemsedal-rapport-{year}.pdf"
    content = Path(download.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert f"Rapport til kommunestyret for {year}" in text  # the plan's language, bokmål
