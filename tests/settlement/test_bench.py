"""The bench builds its cases, times its pages and reports the board's p95 (small, to stay quick)."""

import io

from lagrundt.routines.models import Task
from lagrundt.settlement import bench
from lagrundt.settlement.models import SettlementCase


def test_the_bench_runs_and_reports_the_board(db, monkeypatch):
    monkeypatch.setattr(bench, "CASES", 40)
    monkeypatch.setattr(bench, "MUNICIPALITIES", 4)
    out = io.StringIO()
    lines = bench.run(runs=2, out=out)
    assert SettlementCase.objects.count() == 40
    assert Task.objects.filter(subject__startswith="c:").exists()
    assert any("settlement board" in line for line in lines)
    assert "p95" in out.getvalue()
