"""Rows of the URL access matrix for the plans' pages (see tests/test_url_access_matrix.py).

"Own" is Hemsedal's plan, which every role of the test world works for; "other" is Ål's. Plans are
read by everyone with a membership that reads persons or aggregates in the municipality (the data
protection officer included, the system administrator not); the plan itself is changed by leaders.
"""

from functools import cache

from django.utils import timezone

from tests.access_matrix import answers

READERS = dict(
    integration=200,
    health=200,
    school=200,
    kindergarten=200,
    nav=200,
    housing=200,
    culture=200,
    volunteer=200,
    leadership=200,
    dpo=200,
)


def _plan(world, place):
    """The place's plan, loaded once per test world (a row asks for it for every role and place)."""
    from lagrundt.plans.services import plan_load

    loaded = world.__dict__.setdefault("_plans", {})
    if place not in loaded:
        name, municipality = ("hemsedal", world.hemsedal) if place == "own" else ("aal", world.aal)
        loaded[place] = plan_load(_spec(name), municipality=municipality)[0]
    return loaded[place]


@cache
def _spec(name):
    """A built-in plan file, read and checked once per test run (the specification is immutable)."""
    from lagrundt.plans import registry
    from lagrundt.plans.profiles import PLAN_DIR, load_plan_file

    return load_plan_file(PLAN_DIR / f"{name}.yaml", indicator_keys=set(registry.all_indicators()))


def plan(world, role, place):
    return {"pk": _plan(world, place).pk}


def measure(world, role, place):
    return {"pk": _plan(world, place).measures.order_by("order").first().pk}


def chapter(world, role, place):
    p = _plan(world, place)
    return {"pk": p.pk, "chapter_pk": p.chapters.order_by("order").last().pk}


def goal(world, role, place):
    p = _plan(world, place)
    return {"pk": p.pk, "goal_pk": p.goals.order_by("order").first().pk}


def report(world, role, place):
    return {"pk": _plan(world, place).pk, "year": timezone.localdate().year}


def draft_report(world, role, place):
    """This year's report on the place's plan, not sent yet (one sent by an earlier row is taken back)."""
    from lagrundt.plans.models import Report

    found = report(world, role, place)
    Report.objects.filter(plan_id=found["pk"], year=found["year"]).delete()
    return found


def nothing(world, role, place):
    return {}


def report_job(world, role, place):
    """A finished PDF of the place's report made in the background, asked for by Hemsedal's leader: only
    she may follow it and download it (made once per test world)."""
    from lagrundt.core import documents
    from lagrundt.plans.views import council_report_pdf

    found = report(world, role, place)
    jobs = world.__dict__.setdefault("_report_jobs", {})
    if place not in jobs:
        jobs[place] = documents.document_job_make(
            user=world.users["leadership"],
            render=council_report_pdf,
            parameters={"plan_id": found["pk"], "year": found["year"]},
            title="Report",
        ).pk
    return {**found, "job": jobs[place]}


OWN_READERS = answers(404, **READERS)
LEADERS = answers(404, leadership=200)
# The first measure of the plan, posted empty: the form's errors for who may update it (the coordinators
# and its responsible sector), missing for the others.
MEASURE_UPDATERS = answers(404, integration=200, leadership=200)

# Who may write the plan's report (the coordinators), and a sector's own text in it (also the members of
# the sectors that serve refugees). A summary may be empty, so posting it saves it.
COORDINATORS = answers(404, integration=302, leadership=302)
SECTOR_WRITERS = answers(404, **{role: 200 for role in READERS if role != "dpo"})

MATRIX = {
    "plans:plan_list": (nothing, "get", OWN_READERS, OWN_READERS),
    "plans:dashboard": (nothing, "get", OWN_READERS, OWN_READERS),
    "plans:plan_detail": (plan, "get", OWN_READERS, answers(404)),
    "plans:indicators": (plan, "get", OWN_READERS, answers(404)),
    "plans:figures": (plan, "get", OWN_READERS, answers(404)),
    "plans:export": (plan, "get", OWN_READERS, answers(404)),
    "plans:revise": (plan, "get", LEADERS, answers(404)),
    "plans:measure_add": (chapter, "get", LEADERS, answers(404)),
    "plans:target_edit": (goal, "get", LEADERS, answers(404)),
    "plans:report_list": (plan, "get", OWN_READERS, answers(404)),
    "plans:report": (report, "get", OWN_READERS, answers(404)),
    "plans:report_summary": (report, "post", COORDINATORS, answers(404)),
    "plans:report_text": (report, "post", SECTOR_WRITERS, answers(404)),
    "plans:report_issue": (draft_report, "post", COORDINATORS, answers(404)),
    "plans:report_pdf": (report, "get", OWN_READERS, answers(404)),
    # The PDF made in the background: asked for by whoever reads the report, followed and downloaded only
    # by who asked for it.
    "plans:report_pdf_make": (report, "post", answers(404, **dict.fromkeys(READERS, 302)), answers(404)),
    "plans:report_pdf_job": (report_job, "get", LEADERS, answers(404)),
    "plans:report_pdf_download": (report_job, "get", LEADERS, answers(404)),
    "plans:measure_detail": (measure, "get", OWN_READERS, answers(404)),
    "plans:measure_edit": (measure, "get", LEADERS, answers(404)),
    "plans:measure_status": (measure, "post", MEASURE_UPDATERS, answers(404)),
    "plans:measure_note": (measure, "post", MEASURE_UPDATERS, answers(404)),
    "plans:measure_link": (measure, "post", MEASURE_UPDATERS, answers(404)),
}


# ---------------------------------------------------------------------------- the API
# A list answers everyone logged in (empty where they read nothing); a detail is 404 to who may not
# read it; posted empty, a write the user may make answers with its field errors (400).
def _api_rows():
    from tests.access_matrix import API_ANON

    listed = answers(200, anonymous=API_ANON)
    readers = answers(404, anonymous=API_ANON, **READERS)
    other = answers(404, anonymous=API_ANON)
    coordinators = answers(404, anonymous=API_ANON, integration=400, leadership=400)
    return {
        "plans-plan-list": (nothing, "get", listed, listed),
        "plans-plan-detail": (plan, "get", readers, other),
        "plans-plan-indicators": (plan, "get", readers, other),
        "plans-plan-figures": (plan, "post", coordinators, other),
        "plans-measure-list": (nothing, "get", listed, listed),
        "plans-measure-detail": (measure, "get", readers, other),
        "plans-measure-status": (measure, "post", coordinators, other),
    }


MATRIX.update(_api_rows())
