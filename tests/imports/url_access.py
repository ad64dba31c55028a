"""The access matrix rows of the import's URLs (see tests/test_url_access_matrix.py).

The import's page answers whoever may import at least one kind of spreadsheet into a municipality of
theirs: the integration service every kind (it registers persons), Nav employers and openings, housing
dwellings, the volunteer centre its volunteers, and the leaders the grant receipts. The persons template
is the integration service's. A job is only its uploader's: Hemsedal's coordinator's job answers her
alone, and Ål's coordinator's job answers no role of Hemsedal.
"""

from tests.access_matrix import answers, nothing

IMPORTERS = dict(integration=200, nav=200, housing=200, volunteer=200, leadership=200)


def persons_template(world, role, place):
    return {"kind": "persons", "fmt": "xlsx"}


def job(world, role, place):
    """A checked file of one new person: Hemsedal's coordinator's (own) or Ål's coordinator's (other)."""
    from tests.imports.helpers import csv_bytes, person_row, run

    jobs = world.__dict__.setdefault("_import_jobs", {})
    if place not in jobs:
        user, municipality = (
            (world.users["integration"], world.hemsedal)
            if place == "own"
            else (world.users["aal-integration"], world.aal)
        )
        jobs[place] = run(user, municipality, csv_bytes([person_row()]))
    return {"pk": jobs[place].pk}


MATRIX = {
    "imports:index": (nothing, "get", answers(404, **IMPORTERS), answers(404, **IMPORTERS)),
    "imports:template": (
        persons_template,
        "get",
        answers(404, integration=200),
        answers(404, integration=200),
    ),
    "imports:job": (job, "get", answers(404, integration=200), answers(404)),
    "imports:job_apply": (job, "post", answers(404, integration=302), answers(404)),
}
