"""The spreadsheet import in ``make bench``: 10 000 synthetic persons from a CSV file and from a workbook,
checked (the dry run) and imported, each into a municipality of its own, and 1 000 for comparison.

Reports the seconds of the dry run and of the import, and the peak memory Python allocated during a dry
run (tracemalloc, measured in a run of its own, since tracing slows everything down): a file ten times
longer should need about the same memory, as the file is read a row at a time.
"""

import datetime as dt
import time
import tracemalloc

from django.contrib.auth import get_user_model
from django.utils import timezone
from faker import Faker

from lagrundt.core.documents import Sheet, csv_bytes, xlsx_bytes
from lagrundt.tenancy.models import Membership, Municipality, Sector, ServiceUnit

from . import services
from .kinds import all_kinds
from .models import ImportJob

SEED = 2026
SIZES = (1_000, 10_000)
HEADER = [
    "Fornavn",
    "Etternavn",
    "Fødselsdato",
    "Kjønn",
    "Land",
    "Språk",
    "Husstand",
    "Bosettingsdato",
    "Kategori",
]
COUNTRIES = ["SY", "ER", "AF", "UA", "SO", "CD"]
LANGUAGES = ["Arabic", "Tigrinya", "Dari", "Ukrainian", "Somali", "French"]
CATEGORIES = ["Resettlement (quota) refugee", "Family reunification", "Temporary collective protection"]


def persons_rows(count: int, seed: int = SEED) -> list[list]:
    """Synthetic persons in households of one to five, no national IDs, unique by name and birth date."""
    fake = Faker("no_NO")
    fake.seed_instance(seed)
    rng = fake.random
    today = timezone.localdate()
    rows, seen, household = [], set(), 0
    while len(rows) < count:
        household += 1
        family = fake.last_name()
        settled = today - dt.timedelta(days=rng.randint(10, 900))
        origin = rng.randrange(len(COUNTRIES))
        for _member in range(rng.randint(1, 5)):
            female = rng.random() < 0.5
            given = fake.first_name_female() if female else fake.first_name_male()
            birth = today - dt.timedelta(days=rng.randint(365 * 3, 365 * 70))
            key = (given, family, birth)
            if key in seen or len(rows) >= count:
                continue
            seen.add(key)
            rows.append(
                [
                    given,
                    family,
                    birth,
                    "K" if female else "M",
                    COUNTRIES[origin],
                    LANGUAGES[origin],
                    f"Familien {family} {household}",
                    settled,
                    CATEGORIES[household % len(CATEGORIES)],
                ]
            )
    return rows


def file_bytes(rows: list[list], fmt: str) -> bytes:
    sheet = Sheet("Personer", HEADER, rows)
    return xlsx_bytes([sheet]) if fmt == "xlsx" else csv_bytes(sheet)


def _place(user, n: int) -> Municipality:
    """A municipality of its own for one import, served by the bench's coordinator."""
    number = f"9{n:03d}"
    municipality, _ = Municipality.objects.get_or_create(
        number=number, defaults={"name": f"Importvik {n}", "slug": f"importvik-{n}"}
    )
    unit, _ = ServiceUnit.objects.get_or_create(
        name=f"Importvik {n} introsenter", host_municipality=municipality
    )
    unit.municipalities.add(municipality)
    Membership.objects.get_or_create(user=user, unit=unit, sector=Sector.INTEGRATION_SERVICE)
    if hasattr(user, "_lagrundt_scopes"):
        del user._lagrundt_scopes
    return municipality


def _job(user, municipality, content, fmt) -> tuple[ImportJob, float]:
    started = time.perf_counter()
    job = services.job_start(
        user=user,
        kind=all_kinds()["persons"],
        municipality=municipality,
        filename=f"personer.{fmt}",
        content=content,
        language="nb",
    )
    if job.status == "checking":  # a queued task: do the worker's part here
        services.dry_run(job.pk)
    job.refresh_from_db()
    return job, time.perf_counter() - started


def _apply(job) -> float:
    started = time.perf_counter()
    services.apply_start(job)
    job.refresh_from_db()
    if job.status == "importing":
        services.apply(job.pk)
    job.refresh_from_db()
    return time.perf_counter() - started


def _peak(user, municipality, content, fmt) -> float:
    tracemalloc.start()
    try:
        _job(user, municipality, content, fmt)
        return tracemalloc.get_traced_memory()[1] / 1_000_000
    finally:
        tracemalloc.stop()


def measure(user, sizes=SIZES, first_place: int = 1) -> list[dict]:
    """Each size from a CSV file and from a workbook: the dry run always; the import and the same file
    again for the CSV files and the smaller workbook (the largest workbook's import would time the
    register's services a second time, not the reading)."""
    found, place = [], first_place
    # A first small file, so that what is loaded once (translations, the kind's lookups) is not measured.
    _job(user, _place(user, place), file_bytes(persons_rows(20, seed=1), "csv"), "csv")
    place += 1
    for size in sizes:
        rows = persons_rows(size)
        for fmt in ("csv", "xlsx"):
            content = file_bytes(rows, fmt)
            municipality = _place(user, place)
            place += 1
            peak = _peak(user, municipality, content, fmt)
            job, checked = _job(user, municipality, content, fmt)
            result = {
                "rows": size,
                "format": fmt,
                "bytes": len(content),
                "dry_run": checked,
                "errors": job.counts.get("errors", 0),
                "peak_mb": peak,
                "import": None,
                "again": None,
            }
            if fmt == "csv" or size != max(sizes):
                started_cpu = time.process_time()
                result["import"] = _apply(job)
                result["import_cpu"] = time.process_time() - started_cpu
                job.refresh_from_db()
                again, result["again"] = _job(user, municipality, content, fmt)
                result["again_unchanged"] = again.counts.get("unchanged", 0)
            result["status"] = job.status
            found.append(result)
    return found


def run(*, runs: int, out) -> list[str]:
    user, _ = get_user_model().objects.get_or_create(
        username="bench-import", defaults={"first_name": "Import"}
    )
    first = Municipality.objects.filter(number__startswith="9", name__startswith="Importvik").count() + 1
    results = measure(user, SIZES, first_place=first)
    lines = [
        "## Spreadsheet import of persons (dry run, import, the same file again)",
        "",
        "| rows | file | size (kB) | dry run (s) | import (s) | import, CPU (s) | again, dry run (s) "
        "| peak memory of a dry run (MB) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ok = r["import"] is None or (r["status"] == "done" and r.get("again_unchanged") == r["rows"])
        note = "" if ok and not r["errors"] else f" ({r['status']}, {r['errors']} errors)"

        def seconds(value):
            return "–" if value is None else f"{value:.1f}"

        lines.append(
            f"| {r['rows']} | {r['format'].upper()}{note} | {r['bytes'] // 1000} | {r['dry_run']:.1f} | "
            f"{seconds(r['import'])} | {seconds(r.get('import_cpu'))} | {seconds(r['again'])} | "
            f"{r['peak_mb']:.1f} |"
        )
    peaks = {(r["rows"], r["format"]): r["peak_mb"] for r in results}
    for fmt in ("csv", "xlsx"):
        small, large = peaks.get((1_000, fmt)), peaks.get((10_000, fmt))
        if small and large:
            lines.append(f"\nPeak memory, 10 000 rows / 1 000 rows ({fmt.upper()}): {large / small:.1f}×")
    return lines
