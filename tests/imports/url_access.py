"""The access matrix rows of the import's URLs (see tests/test_url_access_matrix.py).

The import's page answers whoever may import at least one kind of spreadsheet somewhere; which roles
those are is each kind's ``may_import`` (the persons kind: who registers persons, the integration service;
the other kinds ask their own resource's policy), so that row asks the kinds when the test runs, and
requires at least the integration service. The persons template is the integration service's. A job is
only its uploader's: Hemsedal's coordinator's job answers her alone, and Ål's coordinator's job answers no
role of Hemsedal.
"""

from collections.abc import Mapping

from tests.access_matrix import LOGIN, ROLES, answers, nothing


class Importers(Mapping):
    """200 for the roles that may import some kind somewhere, 404 for the others, asked at test time."""

    def __getitem__(self, role):
        from django.contrib.auth.models import User

        from lagrundt.imports import services

        if role == "anonymous":
            return LOGIN
        username = "nobody" if role == "nobody" else f"hemsedal-{role}"
        user = User.objects.get(username=username)
        if role == "integration":
            return 200  # registers persons: the persons kind, whatever the other kinds say
        return 200 if services.kinds_for(user) else 404

    def __iter__(self):
        return iter(ROLES)

    def __len__(self):
        return len(ROLES)


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
    "imports:index": (nothing, "get", Importers(), Importers()),
    "imports:template": (
        persons_template,
        "get",
        answers(404, integration=200),
        answers(404, integration=200),
    ),
    "imports:job": (job, "get", answers(404, integration=200), answers(404)),
    "imports:job_apply": (job, "post", answers(404, integration=302), answers(404)),
}
