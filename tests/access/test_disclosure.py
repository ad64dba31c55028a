"""Small-number protection: no hidden count can be worked out from what a table shows.

The attacker here is independent of the algorithm: it knows every shown count and total, knows that
a hidden count is at least 1 (zeros are shown), and searches for another table that agrees with all
of it. A hidden entry (or a small total nobody is shown) is safe when such a table with a different
value exists.
"""

from itertools import product

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lagrundt.access.disclosure import (
    MIN_CELL,
    Cell,
    protect_count,
    protect_derived,
    protect_table,
    rests_on_small,
    share_of,
)
from tests.finance.test_small_numbers import feasible  # the attacker's search, with rates

# ---------------------------------------------------------------------------- the attacker


class Attacker:
    """Looks for another table that agrees with every shown number but differs in one entry.

    Unknowns are the hidden cells, each at least 1. Each shown total is an equation over them. The
    search narrows every unknown's range from the equations (bounds propagation) and splits a range
    in two until each unknown has one value or a contradiction is found: exact, and fast on the
    small tables of these tests.
    """

    def __init__(self, rows, shown):
        self.rows = rows
        self.shown = shown
        self.R, self.C = len(rows), len(rows[0]) if rows else 0
        self.hidden = [(r, c) for r in range(self.R) for c in range(self.C) if shown.cells[r][c].suppressed]
        self.index = {e: i for i, e in enumerate(self.hidden)}
        self.bound = sum(map(sum, rows)) + MIN_CELL  # no hidden count can usefully exceed this
        self.equations = []
        for r in range(self.R):
            if shown.row_totals and not shown.row_totals[r].suppressed:
                self._equation([(r, c) for c in range(self.C)], shown.row_totals[r].value)
        for c in range(self.C):
            if shown.column_totals and not shown.column_totals[c].suppressed:
                self._equation([(r, c) for r in range(self.R)], shown.column_totals[c].value)
        if shown.total and not shown.total.suppressed:
            self._equation([(r, c) for r in range(self.R) for c in range(self.C)], shown.total.value)

    def _split(self, entries):
        """The unknowns among ``entries`` and the sum of the shown ones."""
        unknown = [self.index[e] for e in entries if e in self.index]
        known = sum(self.shown.cells[r][c].value for r, c in entries if (r, c) not in self.index)
        return unknown, known

    def _equation(self, entries, value):
        unknown, known = self._split(entries)
        self.equations.append((unknown, value - known, value - known))

    @staticmethod
    def _feasible(constraints, domains) -> bool:
        domains = [list(d) for d in domains]
        changed = True
        while changed:
            changed = False
            for unknowns, low, high in constraints:
                smin = sum(domains[v][0] for v in unknowns)
                smax = sum(domains[v][1] for v in unknowns)
                if smin > high or smax < low:
                    return False
                for v in unknowns:
                    lo, hi = domains[v]
                    new_hi = min(hi, high - (smin - lo))
                    new_lo = max(lo, low - (smax - hi))
                    if new_lo > new_hi:
                        return False
                    if (new_lo, new_hi) != (lo, hi):
                        domains[v] = [new_lo, new_hi]
                        smin += new_lo - lo
                        smax += new_hi - hi
                        changed = True
        open_ = [v for v, (lo, hi) in enumerate(domains) if lo < hi]
        if not open_:
            return True  # every constraint held with all unknowns fixed
        v = min(open_, key=lambda v: domains[v][1] - domains[v][0])
        lo, hi = domains[v]
        mid = (lo + hi) // 2
        for part in ([lo, mid], [mid + 1, hi]):
            trial = [list(d) for d in domains]
            trial[v] = part
            if Attacker._feasible(constraints, trial):
                return True
        return False

    def other_table_exists(self, entries, truth) -> bool:
        """Is there a table agreeing with everything shown whose sum over ``entries`` is not ``truth``?"""
        unknown, known = self._split(entries)
        if not unknown:
            return False
        domains = [[1, self.bound] for _ in self.hidden]
        below = (unknown, -(10**9), truth - known - 1)
        above = (unknown, truth - known + 1, 10**9)
        return any(self._feasible([*self.equations, extra], domains) for extra in (below, above))

    def derivable(self) -> list[str]:
        """Every hidden entry, and every small total not shown, whose value is pinned down."""
        found = []
        for r, c in self.hidden:
            if not self.other_table_exists([(r, c)], self.rows[r][c]):
                found.append(f"cell ({r}, {c}) = {self.rows[r][c]}")
        lines = [
            (f"row total {r}", [(r, c) for c in range(self.C)], self.shown.row_totals, r)
            for r in range(self.R)
        ]
        lines += [
            (f"column total {c}", [(r, c) for r in range(self.R)], self.shown.column_totals, c)
            for c in range(self.C)
        ]
        everything = [(r, c) for r in range(self.R) for c in range(self.C)]
        lines.append(("grand total", everything, [self.shown.total] if self.shown.total else None, 0))
        for name, entries, totals, i in lines:
            truth = sum(self.rows[r][c] for r, c in entries)
            sensitive = totals[i].suppressed if totals is not None else 0 < truth < MIN_CELL
            if sensitive and not self.other_table_exists(entries, truth):
                found.append(f"{name} = {truth}")
        return found


# ---------------------------------------------------------------------------- strategies

# Small municipalities: mostly small counts and zeros, now and then a bigger one.
counts = st.one_of(st.integers(0, 4), st.integers(0, 12), st.sampled_from([0, 0, 1, 5]))
COUNTS = counts


@st.composite
def tables(draw, max_rows=4, max_cols=4):
    n_rows = draw(st.integers(1, max_rows))
    n_cols = draw(st.integers(1, max_cols))
    return [[draw(counts) for _ in range(n_cols)] for _ in range(n_rows)]


totals = st.fixed_dictionaries(
    {"row_totals": st.booleans(), "column_totals": st.booleans(), "total": st.booleans()}
)


def check(rows, flags):
    shown = protect_table(rows, **flags)
    # What is shown is true; every small count is hidden; no zero is hidden.
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            cell = shown.cells[r][c]
            assert cell.suppressed or cell.value == v
            if 0 < v < MIN_CELL:
                assert cell.suppressed, (rows, r, c)
            if v == 0:
                assert not cell.suppressed, (rows, r, c)
    margins = []
    if shown.row_totals is not None:
        margins += list(zip(shown.row_totals, map(sum, rows), strict=True))
    if shown.column_totals is not None:
        margins += list(zip(shown.column_totals, map(sum, zip(*rows, strict=True)), strict=True))
    if shown.total is not None:
        margins.append((shown.total, sum(map(sum, rows))))
    for cell, truth in margins:
        assert cell.suppressed or cell.value == truth
        if 0 < truth < MIN_CELL:
            assert cell.suppressed
    leaks = Attacker(rows, shown).derivable()
    assert not leaks, f"{rows} with {flags}: derivable {leaks}"
    return shown


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(tables(), totals)
@example([[1, 1, 10]], {"row_totals": True, "column_totals": False, "total": False})
@example([[1, 7], [1, 8]], {"row_totals": True, "column_totals": True, "total": True})
@example([[1, 0], [0, 9]], {"row_totals": True, "column_totals": True, "total": True})
@example([[3, 4, 10]], {"row_totals": True, "column_totals": True, "total": True})
@example([[4, 4]], {"row_totals": True, "column_totals": False, "total": False})
def test_no_hidden_count_can_be_derived(rows, flags):
    check(rows, flags)


@SETTINGS
@given(tables(max_rows=1, max_cols=6), totals)
def test_single_row_tables(rows, flags):
    check(rows, flags)


@SETTINGS
@given(tables(max_rows=6, max_cols=1), totals)
def test_single_column_tables(rows, flags):
    check(rows, flags)


@SETTINGS
@given(tables(max_rows=3, max_cols=3))
def test_tables_with_every_total_shown(rows):
    check(rows, {"row_totals": True, "column_totals": True, "total": True})


@given(st.integers(0, 40))
def test_a_lone_count_is_hidden_below_five(value):
    cell = protect_count(value)
    assert cell.suppressed == (0 < value < MIN_CELL)
    assert cell.suppressed or cell.value == value


# ---------------------------------------------------------------------------- holes the old version had


def test_two_ones_in_a_row_with_its_total_are_not_both_pinned():
    """[1, 1, 10] with the row total 12: the two hidden cells must add up to 2, so both are 1.

    The first version hid only the two 1s and showed the total; a third cell must be hidden.
    """
    shown = protect_table([[1, 1, 10]], row_totals=True)
    assert [c.suppressed for c in shown.cells[0]] == [True, True, True]
    assert shown.row_totals[0].value == 12


def test_a_lone_hidden_total_is_protected_by_the_grand_total():
    """Row totals 1 and 9 with the grand total 10: the hidden 1 would be 10 − 9."""
    shown = protect_table([[1, 0], [0, 9]], row_totals=True, column_totals=True, total=True)
    assert shown.row_totals[0].suppressed
    assert shown.row_totals[1].suppressed or shown.total.suppressed


def test_nothing_small_means_nothing_hidden():
    shown = protect_table([[5, 0, 12], [7, 9, 0]], row_totals=True, column_totals=True, total=True)
    assert shown.hidden_count == 0
    assert [c.value for c in shown.row_totals] == [17, 16]
    assert [c.value for c in shown.column_totals] == [12, 9, 12]
    assert shown.total.value == 33


def test_two_small_cells_in_a_row_hide_each_other_and_the_total_then_hides_a_third():
    assert protect_table([[1, 1, 10]]).cells == [[Cell(None), Cell(None), Cell(10)]]
    assert protect_table([[1, 1, 10]], row_totals=True).cells[0][2].suppressed


@pytest.mark.parametrize(
    ("part", "rest", "expected"),
    [
        (Cell(6), Cell(6), 0.5),
        (Cell(None), Cell(6), None),
        (Cell(6), Cell(None), None),
        (Cell(0), Cell(0), None),
    ],
)
def test_a_share_is_shown_only_with_both_counts(part, rest, expected):
    assert share_of(part, rest) == expected


def test_bad_tables_are_refused():
    with pytest.raises(ValueError):
        protect_table([[1, 2], [3]])
    with pytest.raises(ValueError):
        protect_table([[-1]])


def test_empty_tables():
    assert protect_table([], column_totals=True, total=True).cells == []
    assert protect_table([[]], row_totals=True).row_totals == [Cell(0)]


def test_every_combination_of_a_small_two_by_two_table():
    """Exhaustively, every 2 × 2 table of counts 0–6 with every choice of totals."""
    for values in product(range(7), repeat=4):
        rows = [list(values[:2]), list(values[2:])]
        for flags in product([False, True], repeat=3):
            check(rows, dict(zip(("row_totals", "column_totals", "total"), flags, strict=True)))


# ---------------------------------------------------------------------------- amounts computed from counts


@st.composite
def amount_tables(draw):
    """Counts, a published rate for each, and figures that each add some of them up in kroner."""
    n = draw(st.integers(1, 6))
    counts = [draw(COUNTS) for _ in range(n)]
    rates = draw(st.lists(st.integers(1_000, 400_000), min_size=n, max_size=n, unique=True))
    figures = draw(st.lists(st.sets(st.integers(0, n - 1), min_size=1), min_size=1, max_size=8))
    return counts, rates, figures


@SETTINGS
@given(amount_tables())
@example(([1, 9, 7], [1_118_300, 233_100, 89_300], [{0}, {1}, {2}, {0, 1, 2}]))
@example(([2, 3, 6], [216_900, 187_400, 28_900], [{0, 1}, {2}, {0, 1, 2}]))
def test_no_small_count_can_be_worked_out_from_the_amounts_shown(table):
    """The attacker knows every rate and sees every amount shown: it cannot pin a count of 1–4."""
    counts, rates, figures = table
    hidden = protect_derived(dict(enumerate(counts)), dict(enumerate(figures)))
    shown = [f for i, f in enumerate(figures) if i not in hidden]
    for f in shown:
        assert not any(0 < counts[k] < MIN_CELL for k in f)
    bound = sum(counts) + MIN_CELL
    constraints = [
        ([(k, rates[k]) for k in f], v, v) for f in shown for v in [sum(rates[k] * counts[k] for k in f)]
    ]
    for k, value in enumerate(counts):
        if 0 < value < MIN_CELL:
            others = [
                feasible([*constraints, ([(k, 1)], lo, hi)], [[0, bound]] * len(counts))
                for lo, hi in ((0, value - 1), (value + 1, bound))
            ]
            assert any(others), f"count {k} = {value} is pinned by {shown}"


def test_a_total_of_hidden_amounts_would_pin_them_down():
    """Why amounts are not protected like counts: two hidden amounts with their sum shown (what
    ``protect_table`` allows for counts) have one decomposition into whole persons at the rates."""
    rates, counts = [1_118_300, 28_900], [1, 2]
    total = sum(r * c for r, c in zip(rates, counts, strict=True))
    constraints = [([(0, rates[0]), (1, rates[1])], total, total)]
    hidden_counts = [[1, 100], [1, 100]]  # each hidden count at least 1
    assert feasible(constraints, hidden_counts)
    assert not feasible([*constraints, ([(0, 1)], 2, 100)], hidden_counts)  # the minor is 1
    assert not feasible([*constraints, ([(1, 1)], 3, 100)], hidden_counts)  # and the children 2
    assert not feasible([*constraints, ([(1, 1)], 1, 1)], hidden_counts)
    hidden = protect_derived({"minor": 1, "kindergarten": 2}, {"total": ["minor", "kindergarten"]})
    assert hidden == {"total"}


def test_amounts_of_no_small_count_are_shown():
    assert protect_derived({"a": 0, "b": 5, "c": 12}, {"x": ["a", "b"], "y": ["c"], "z": ["d"]}) == set()
    assert rests_on_small([0, 5, 4]) and not rests_on_small([0, 5, 12])
