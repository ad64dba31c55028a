"""The settlement board at national scale, for ``make bench``: 2 000 open cases spread over 40
municipalities served by one national unit, each with its members and its duties before arrival,
and the board, a column's list and a case page timed as a logged-in coordinator sees them.

The cases are synthetic, written in bulk (the bench measures reading, not the services); their
duties come from three case routines per municipality through the routine engine.
"""

import datetime as dt
import random
import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone

from lagrundt.accounts.two_factor import client_login
from lagrundt.routines.engine import refresh_cases
from lagrundt.routines.models import Routine
from lagrundt.tenancy.models import Membership, Municipality, Sector, ServiceUnit

from . import routine_cases
from .models import OPEN_STAGES, CaseMember, Reply, SettlementCase, Stage

CASES = 2_000
MUNICIPALITIES = 40
SEED = 2026
TARGET_MS = 150
USERNAME = "bench-settlement"
BEFORE = {"from": "expected_arrival", "working_day": "before", "when": {}}
ROUTINES = [
    ("bench.dwelling", "integration_service", "settlement", -28),
    ("bench.nav", "nav", "work", -14),
    ("bench.health", "health", "health", -7),
]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _row(name: str, times: list[float], note: str = "") -> str:
    return f"| {name} | {statistics.median(times) * 1000:.1f} | {_p95(times) * 1000:.1f} | {note} |"


def _municipalities() -> list[Municipality]:
    return [
        Municipality.objects.get_or_create(
            number=f"{8000 + i}", defaults={"name": f"Benkekommune {i + 1}", "slug": f"benk-{i + 1}"}
        )[0]
        for i in range(MUNICIPALITIES)
    ]


def _user(municipalities):
    unit, _created = ServiceUnit.objects.get_or_create(
        name="Nasjonal bosettingsbenk", defaults={"host_municipality": municipalities[0]}
    )
    unit.municipalities.set(municipalities)
    user, _created = get_user_model().objects.get_or_create(username=USERNAME)
    Membership.objects.get_or_create(user=user, unit=unit, sector=Sector.INTEGRATION_SERVICE)
    return user


def _setup(municipalities, today: dt.date) -> None:
    existing = SettlementCase.objects.filter(municipality__in=municipalities, stage__in=OPEN_STAGES).count()
    if existing >= CASES:
        return
    rng = random.Random(SEED)
    for municipality in municipalities:
        for key, sector, section, days in ROUTINES:
            Routine.objects.get_or_create(
                municipality=municipality,
                key=key,
                defaults=dict(
                    profile="bench",
                    title_nb=key,
                    title_nn=key,
                    title_en=key,
                    sector=sector,
                    section=section,
                    applies_to="case",
                    spec={**BEFORE, "offset": {"days": days}},
                    source="bench",
                    basis="plan",
                ),
            )
    cases = []
    for i in range(CASES - existing):
        stage = OPEN_STAGES[i % len(OPEN_STAGES)]
        received = today - dt.timedelta(days=rng.randint(1, 120))
        accepted = stage != Stage.PROPOSED
        cases.append(
            SettlementCase(
                municipality=municipalities[i % len(municipalities)],
                name=f"Benk {i}",
                category="resettlement_refugee",
                origin="abroad",
                country_background="SY",
                received_on=received,
                reply_due_on=received + dt.timedelta(days=14),
                reply=Reply.ACCEPTED if accepted else Reply.PENDING,
                replied_on=received + dt.timedelta(days=3) if accepted else None,
                stage=stage,
                expected_arrival=today + dt.timedelta(days=rng.randint(5, 120)),
                arrived_on=today - dt.timedelta(days=5) if stage == Stage.ARRIVED else None,
            )
        )
    SettlementCase.objects.bulk_create(cases, batch_size=1000)
    members = []
    for case in cases:
        for j in range(rng.randint(1, 5)):
            members.append(
                CaseMember(
                    case=case,
                    given_name=f"Person {j}",
                    family_name=case.name,
                    birth_year=today.year - (35 if j < 2 else rng.randint(1, 17)),
                    role="reference" if j == 0 else "spouse" if j == 1 else "child",
                )
            )
    CaseMember.objects.bulk_create(members, batch_size=2000)
    refresh_cases(routine_cases.case_facts([c.pk for c in cases]), today=today)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")


def _timed(client, url) -> float:
    started = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - started
    assert response.status_code == 200, url
    return seconds


def run(*, runs: int, out) -> list[str]:
    today = timezone.localdate()
    municipalities = _municipalities()
    user = _user(municipalities)
    _setup(municipalities, today)
    client = Client()
    client_login(client, user)
    some = SettlementCase.objects.filter(municipality__in=municipalities, stage=Stage.ACCEPTED).order_by("pk")
    case = some[some.count() // 2]
    pages = [
        ("the settlement board, every municipality", "/bosetting/", f"target under {TARGET_MS} ms"),
        ("the board, one municipality", f"/bosetting/?kommune={municipalities[3].pk}", ""),
        ("a column's list (accepted), page 10", "/bosetting/saker/?steg=accepted&side=10", ""),
        ("a case page (with its audit entry)", f"/bosetting/saker/{case.pk}/", ""),
    ]
    client.get(pages[0][1])  # warm the connection and the templates
    times = {url: [_timed(client, url) for _ in range(runs)] for _name, url, _note in pages}
    open_cases = SettlementCase.objects.filter(municipality__in=municipalities, stage__in=OPEN_STAGES).count()
    board_p95 = _p95(times[pages[0][1]]) * 1000
    out.write(f"Settlement board p95: {board_p95:.1f} ms (target {TARGET_MS} ms)\n")
    return [
        f"Settlement: {open_cases} open cases in {len(municipalities)} municipalities served by one unit, "
        f"{runs} runs per page; board p95 {board_p95:.1f} ms "
        f"({'within' if board_p95 < TARGET_MS else 'over'} the {TARGET_MS} ms target).",
        "",
        "| settlement page | median ms | p95 ms | |",
        "|---|---|---|---|",
        *[_row(name, times[url], note) for name, url, note in pages],
    ]
