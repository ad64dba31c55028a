"""Time one document as a user would wait for it: ``manage.py time_document letter|report``.

``make bench`` runs it in a fresh process to measure a cold document: the time from before
WeasyPrint is imported to the finished PDF of the first document (what the first user after a
restart waits for), then the median of ``--runs`` more renderings in the same process (warm). It
prints one JSON line: ``{"kind", "pages", "bytes", "import_s", "cold_s", "warm_s", "data_s",
"cold_cpu_s", "warm_cpu_s"}`` (seconds; the last two the processor time, which a busy machine does
not inflate).

The documents are a decision letter of the programme (the newest decision) and the report to the
council of Hemsedal's plan for this year (or of the first active plan), rendered as their views do.
"""

import json
import statistics
import sys
import time

from django.core.management.base import BaseCommand, CommandError

KINDS = ("letter", "report")


def letter_renderer():
    """A function that renders the newest decision letter, or None when there is no decision."""
    from lagrundt.intro import exports, selectors
    from lagrundt.intro.models import Decision

    decision = Decision.objects.select_related("person__municipality").order_by("-pk").first()
    if decision is None:
        return None
    book = selectors.rulebook()
    return lambda progress: exports.decision_pdf(book, decision, decision.person)


def report_renderer():
    """A function that renders this year's report to the council, or None when there is no plan."""
    from django.utils import timezone

    from lagrundt.plans.models import Plan, PlanStatus
    from lagrundt.plans.views import council_report_pdf

    active = Plan.objects.filter(status=PlanStatus.ACTIVE).order_by("pk")
    plan = active.filter(municipality__number="3326").first() or active.first()
    if plan is None:
        return None
    year = timezone.localdate().year
    return lambda progress: council_report_pdf(plan_id=plan.pk, year=year, progress=progress)[0]


def page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


class Command(BaseCommand):
    help = "Render one document (a decision letter or the council report) and print its times as JSON."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--runs", type=int, default=3, help="warm renderings after the first")

    def handle(self, *args, kind, runs, **options):
        render = (letter_renderer if kind == "letter" else report_renderer)()
        if render is None:
            raise CommandError(f"No {kind} to render in this database.")
        was_imported = "weasyprint" in sys.modules
        started, cpu_started = time.perf_counter(), time.process_time()
        import weasyprint  # noqa: F401  (timed: the first document of a process pays for it)

        imported = time.perf_counter()
        pdf = render(None)
        cold, cold_cpu = time.perf_counter() - started, time.process_time() - cpu_started
        warm, warm_cpu, data = [], [], []
        for _ in range(runs):
            begun, cpu_begun = time.perf_counter(), time.process_time()
            # The report says when its figures are computed (its first progress): the rest is the PDF.
            computed = []
            render(lambda per_cent, computed=computed: computed or computed.append(time.perf_counter()))
            warm.append(time.perf_counter() - begun)
            warm_cpu.append(time.process_time() - cpu_begun)
            if computed:
                data.append(computed[0] - begun)
        result = {
            "kind": kind,
            "pages": page_count(pdf),
            "bytes": len(pdf),
            "import_s": None if was_imported else round(imported - started, 3),
            "cold_s": round(cold, 3),
            "warm_s": round(statistics.median(warm), 3) if warm else None,
            # Of the warm time, computing the report's figures from the register (before the PDF).
            "data_s": round(statistics.median(data), 3) if data else None,
            # Processor time of this process: what the document costs on a machine that is not busy.
            "cold_cpu_s": round(cold_cpu, 3),
            "warm_cpu_s": round(statistics.median(warm_cpu), 3) if warm_cpu else None,
        }
        self.stdout.write(json.dumps(result))
