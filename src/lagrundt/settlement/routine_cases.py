"""Settlement cases for the routine engine: their facts, and how a case's task is named in a list."""

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.core.plugins import TaskSubject
from lagrundt.routines.engine import CaseFacts

from .models import CaseMember, Reply, SettlementCase, Stage


def _birth(member: dict) -> dt.date:
    return member["birth_date"] or dt.date(member["birth_year"], 7, 1)


def case_facts(case_ids) -> list[CaseFacts]:
    """The facts of the given cases (None: every case), in two queries."""
    cases = (
        SettlementCase.objects.all() if case_ids is None else SettlementCase.objects.filter(pk__in=case_ids)
    )
    rows = list(cases.values("pk", "municipality_id", "reply", "stage", "expected_arrival", "category"))
    births: dict[int, list[dt.date]] = defaultdict(list)
    members = CaseMember.objects.filter(case_id__in=[r["pk"] for r in rows]).values(
        "case_id", "birth_date", "birth_year"
    )
    for member in members:
        births[member["case_id"]].append(_birth(member))
    return [
        CaseFacts(
            id=r["pk"],
            municipality_id=r["municipality_id"],
            open=r["reply"] == Reply.ACCEPTED and r["stage"] != Stage.CLOSED,
            expected_arrival=r["expected_arrival"],
            category=r["category"],
            member_birth_dates=tuple(sorted(births.get(r["pk"], ()))),
        )
        for r in rows
    ]


def describe(subjects) -> dict[str, TaskSubject]:
    """A case's task is named by the household and the number of persons; only the integration
    service opens the case's page, so the link is given to all and answers 404 to the others."""
    ids = [int(s[2:]) for s in subjects if s.startswith("c:") and s[2:].isdigit()]
    named = {}
    for case in SettlementCase.objects.filter(pk__in=ids).only("pk", "name"):
        named[f"c:{case.pk}"] = TaskSubject(
            label=_("Settlement case: %(name)s") % {"name": case.name},
            url=reverse("settlement:case_detail", args=[case.pk]),
        )
    return named
