"""Small helpers for the import's tests: a persons file in memory and a job run through the engine."""

import datetime as dt

from django.utils import timezone

from lagrundt.imports import services
from lagrundt.imports.kinds import all_kinds
from lagrundt.imports.models import ImportJob

HEADER = [
    "Fødselsnummer",
    "Fornavn",
    "Etternavn",
    "Fødselsdato",
    "Kjønn",
    "Land",
    "Husstand",
    "Bosettingsdato",
    "Kategori",
]


def settled(days: int = 30) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).strftime("%d.%m.%Y")


def person_row(
    given="Amina",
    family="Nordvik",
    birth="01.02.1980",
    sex="Kvinne",
    country="SY",
    household="Familien Nordvik",
    national_id="",
    category="Familiegjenforening",
):
    return [national_id, given, family, birth, sex, country, household, settled(), category]


def csv_bytes(rows, header=HEADER, delimiter=";", encoding="utf-8-sig") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(str(c) for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def run(
    user, municipality, content: bytes, *, kind="persons", filename="personer.csv", language="nb"
) -> ImportJob:
    """Upload and check (the tests' task backend runs the dry run at once)."""
    job = services.job_start(
        user=user,
        kind=all_kinds()[kind],
        municipality=municipality,
        filename=filename,
        content=content,
        language=language,
    )
    job.refresh_from_db()
    return job


def apply(job: ImportJob) -> ImportJob:
    assert services.apply_start(job), (job.status, job.counts, job.errors)
    job.refresh_from_db()
    return job
