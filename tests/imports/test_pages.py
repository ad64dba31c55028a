"""The import's pages: upload, the job's page (errors, preview, import), the template's round trip, and
who may import persons where."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lagrundt.core.documents import Sheet, xlsx_bytes
from lagrundt.imports import services
from lagrundt.imports.kinds import all_kinds
from lagrundt.imports.models import ImportJob, ImportStatus
from lagrundt.people.models import Person

from .helpers import csv_bytes, person_row, run, settled

PERSONS = all_kinds()["persons"]


def _upload(client, municipality, content, name="personer.csv"):
    return client.post(
        reverse("imports:index"),
        {"kind": "persons", "municipality": municipality.pk, "file": SimpleUploadedFile(name, content)},
    )


def test_the_coordinator_uploads_sees_the_preview_and_imports(world, client, login):
    login(world, "integration")
    page = client.get(reverse("imports:index"))
    assert page.status_code == 200
    assert reverse("imports:template", args=["persons", "xlsx"]) in page.content.decode()

    response = _upload(client, world.hemsedal, csv_bytes([person_row(), person_row(given="Omar", sex="M")]))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Nordvik, Amina" in page and "Nordvik, Omar" in page
    assert 'data-count="new">2<' in page
    assert Person.objects.filter(family_name="Nordvik").count() == 0

    response = client.post(reverse("imports:job_apply", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Person.objects.filter(family_name="Nordvik").count() == 2
    # The htmx poll gets the status alone.
    part = client.get(reverse("imports:job", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert part.startswith('<div id="import-job"') and 'data-status="done"' in part


def test_errors_are_shown_with_row_column_value_and_the_form_keeps_nothing_half_saved(world, client, login):
    login(world, "integration")
    bad = person_row(given="Omar", birth="32.01.1980")
    _upload(client, world.hemsedal, csv_bytes([person_row(), bad]))
    job = ImportJob.objects.get()
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert job.error_count == 1
    assert "<td>3</td>" in page and "32.01.1980" in page
    assert reverse("imports:index") in page  # upload a corrected file
    assert client.post(reverse("imports:job_apply", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and not Person.objects.filter(family_name="Nordvik").exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_form(world, client, login):
    login(world, "integration")
    response = _upload(client, world.hemsedal, b"hello", name="bilde.png")
    assert response.status_code == 200 and not ImportJob.objects.exists()
    assert response.context["form"].errors["file"]


def test_the_template_round_trips(world, client, login):
    login(world, "integration")
    response = client.get(reverse("imports:template", args=["persons", "xlsx"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    data, explanations = workbook.worksheets
    header = list(next(data.iter_rows(values_only=True)))
    assert len(header) == len(PERSONS.columns) and header[1] == rows_label(PERSONS, "given_name")
    rows = list(explanations.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == header
    assert len(rows) == 1 + len(PERSONS.columns)
    assert any(r[1] in ("ja", "yes") for r in rows[1:])
    # Fill it in with the examples and upload it.
    example = {row[0]: row[3] for row in rows[1:]}
    values = [example[h] or "" for h in header]
    values[header.index(str(rows[1 + [c.key for c in PERSONS.columns].index("settled_on")][0]))] = settled()
    values[0] = ""  # the example national ID is only a layout example
    filled = xlsx_bytes([Sheet("Personer", header, [values])])
    job = run(world.users["integration"], world.hemsedal, filled, filename="mal.xlsx")
    assert job.counts["new"] == 1, job.errors
    csv_template = client.get(reverse("imports:template", args=["persons", "csv"]))
    assert csv_template.status_code == 200 and csv_template.content.startswith(b"\xef\xbb\xbf")


def test_who_may_import_persons_where(world, client, login):
    hemsedal, _aal = world.hemsedal, world.aal
    assert PERSONS.may_import(world.users["integration"], hemsedal)
    assert not PERSONS.may_import(world.users["aal-integration"], hemsedal)
    assert not PERSONS.may_import(world.users["health"], hemsedal)
    assert "persons" not in services.kinds_for(world.users["health"])
    # Ål's coordinator may not post into Hemsedal: the form refuses the municipality.
    login(world, "aal-integration")
    response = _upload(client, hemsedal, csv_bytes([person_row()]))
    assert response.status_code == 200 and not ImportJob.objects.exists()
    assert response.context["form"].errors["municipality"]
    # A health nurse has no import of persons.
    login(world, "health")
    response = _upload(client, hemsedal, csv_bytes([person_row()]))
    assert response.status_code in (200, 404) and not ImportJob.objects.exists()


def test_only_the_uploader_sees_the_job(world, client, login):
    job = run(world.users["integration"], world.hemsedal, csv_bytes([person_row()]))
    login(world, "aal-integration")
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:job_apply", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED


def rows_label(kind, key):
    from django.utils import translation

    with translation.override("nb"):
        return str(next(c.label for c in kind.columns if c.key == key))


def test_the_pages_write_nothing_when_read(world, client, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    job = run(world.users["integration"], world.hemsedal, csv_bytes([person_row()]))
    login(world, "integration")
    urls = [
        reverse("imports:index"),
        reverse("imports:template", args=["persons", "xlsx"]),
        reverse("imports:template", args=["persons", "csv"]),
        reverse("imports:job", args=[job.pk]),
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        writes = [
            q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]
        assert all("access_auditentry" in sql for sql in writes), (url, writes)
