"""Small-number protection for aggregates shown to those who may not see named persons.

Every count shown to leadership, to the council or in an export for them goes through
``protect_table``: the one function that decides what of a table of counts may be shown.

A count from 1 to ``MIN_CELL - 1`` could point at a person in a small municipality (Hemsedal had 77
refugees), so it is hidden (*primary suppression*). Where a table also shows its totals, a hidden
count could still be worked out: from a row total and the other cells of the row, or, less plainly,
from several totals at once (two hidden cells of 1 in a row whose other cells and total are shown
must both be 1, because a hidden count is never 0). So more cells are hidden until no hidden count
can be derived from anything shown (*secondary suppression*).

How the check works. Write the table with its totals as one grid: the last column holds the row
totals, the last row the column totals, the corner the grand total. Every row and column of the grid
is an equation (its cells add up to its total). Totals that are not shown at all are unknowns like
hidden cells. A hidden entry can be derived exactly when no other table agrees with everything shown.
Another table differs from the true one by a change that keeps every row and column sum, and such a
change is made of *cycles*: +1 here, −1 in another hidden entry of the same row, +1 in another of
that column … back to the start. So a hidden entry is safe when it lies on a cycle of hidden entries
that can be applied: every cell the cycle lowers must be above its lower bound (a hidden count is at
least 1, because zeros are shown and never hidden). Entries of the totals row and column enter the
equations with the opposite sign, which the walk accounts for. Finding such a cycle is a path search
in a small directed graph (rows and columns as nodes, hidden entries as arcs).

Zero is shown: it discloses nobody, and it is never hidden to protect another cell.

Figures computed from counts (kroner) go through ``protect_derived`` instead. An amount is a count
times a published rate, or a sum of such, so hiding an amount the way ``protect_table`` hides a count
is not enough: with the rates known, the sum of two hidden amounts (a year's total less the amounts
shown) nearly always has one decomposition into whole persons, where two hidden counts with a known
sum have many. So a figure is shown only when no count it is computed from is small: a small count
then enters no figure that is shown, and nothing shown tells anything about it. A total over a hidden
amount is hidden with it, as is every figure from which it could be recovered.
"""

from collections import deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

MIN_CELL = 5


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when suppressed

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class ProtectedTable:
    """What may be shown of a table of counts: its cells and, where asked for, its totals.

    A total that was not asked for is None here; a total asked for but hidden is a suppressed Cell.
    Show only these totals: a total computed elsewhere from the raw counts may undo the protection.
    """

    cells: list[list[Cell]]
    row_totals: list[Cell] | None = None
    column_totals: list[Cell] | None = None
    total: Cell | None = None

    @property
    def hidden_count(self) -> int:
        entries = [c for row in self.cells for c in row]
        entries += (self.row_totals or []) + (self.column_totals or []) + ([self.total] if self.total else [])
        return sum(1 for c in entries if c.suppressed)


def is_small(value: int) -> bool:
    return 0 < value < MIN_CELL


def protect_table(
    rows: Sequence[Sequence[int]],
    *,
    row_totals: bool = False,
    column_totals: bool = False,
    total: bool = False,
) -> ProtectedTable:
    """Hide the small counts of ``rows`` and every count (or total) they could be worked out from.

    ``row_totals``, ``column_totals`` and ``total`` say which totals the caller will show; they are
    returned, protected, in the result. Rows must be of equal length; counts must be whole numbers
    of persons (0 or more).
    """
    grid = _Grid(rows, row_totals=row_totals, column_totals=column_totals, total=total)
    grid.protect()
    return grid.result()


def protect_count(value: int) -> Cell:
    """A single count shown on its own (a key figure): a table of one cell without totals."""
    return protect_table([[value]]).cells[0][0]


def rests_on_small(counts: Iterable[int]) -> bool:
    """Whether a figure computed from these counts (an amount, a total of amounts) must be hidden."""
    return any(is_small(value) for value in counts)


def protect_derived(
    counts: Mapping[Hashable, int], figures: Mapping[Hashable, Iterable[Hashable]]
) -> set[Hashable]:
    """The figures to hide, each named with the keys of the ``counts`` it is computed from.

    ``counts`` must be the finest counts the figures are made of (per rate, not per group of rates:
    an amount of several rates can be split back into its counts). A key missing from ``counts`` is
    0. Every figure built on a count from 1 to ``MIN_CELL - 1`` is hidden; the others are shown, and
    may be, because every count they are made of could be shown on its own.
    """
    return {figure for figure, keys in figures.items() if rests_on_small(counts.get(key, 0) for key in keys)}


def share_of(part: Cell, rest: Cell) -> float | None:
    """The share ``part / (part + rest)``, or None where either is hidden or there is nobody.

    A share with its base shown tells both counts, so it is shown only when both are.
    """
    if part.suppressed or rest.suppressed or (part.value or 0) + (rest.value or 0) == 0:
        return None
    return part.value / (part.value + rest.value)


# ---------------------------------------------------------------------------- the grid
class _Grid:
    """The table with its totals as one (R+1) × (C+1) grid of entries, and which of them are hidden."""

    def __init__(self, rows, *, row_totals: bool, column_totals: bool, total: bool):
        self.rows = [[int(v) for v in row] for row in rows]
        self.n_rows = len(self.rows)
        self.n_cols = len(self.rows[0]) if self.rows else 0
        if any(len(row) != self.n_cols for row in self.rows):
            raise ValueError("Every row of a table must have the same number of cells.")
        if any(v < 0 for row in self.rows for v in row):
            raise ValueError("Counts cannot be negative.")
        R, C = self.n_rows, self.n_cols
        self.value = [[*row, sum(row)] for row in self.rows]
        self.value.append([*(sum(self.rows[r][c] for r in range(R)) for c in range(C)), 0])
        self.value[R][C] = sum(self.value[R][:C])
        self.shown_totals = (row_totals, column_totals, total)
        # Entries nobody sees (totals not asked for) are unknowns: free, but never "suppressed".
        self.published = {(r, c) for r in range(R + 1) for c in range(C + 1) if self._is_published(r, c)}
        self.hidden = {(r, c) for r in range(R + 1) for c in range(C + 1) if (r, c) not in self.published}
        self.hidden |= {e for e in self.published if is_small(self._v(e))}

    def _is_published(self, r: int, c: int) -> bool:
        R, C = self.n_rows, self.n_cols
        row_totals, column_totals, total = self.shown_totals
        if r < R and c < C:
            return True
        if r < R:
            return row_totals
        if c < C:
            return column_totals
        return total

    def _v(self, entry) -> int:
        return self.value[entry[0]][entry[1]]

    def _is_inner(self, entry) -> bool:
        return entry[0] < self.n_rows and entry[1] < self.n_cols

    def _sensitive(self) -> list[tuple[int, int]]:
        """Entries that must not be derivable: every suppressed one, and small totals nobody is shown."""
        return sorted(e for e in self.hidden if e in self.published or is_small(self._v(e)))

    # ------------------------------------------------------------------------ the cycle search
    def _sign(self, entry) -> int:
        """+1 for a cell and the grand total, −1 for a row or column total (they sit on the other side)."""
        inner_row, inner_col = entry[0] < self.n_rows, entry[1] < self.n_cols
        return 1 if inner_row == inner_col else -1

    def _may_lower(self, entry) -> bool:
        """A hidden cell is at least 1; a total's bound follows from its cells, so it may always move."""
        return not self._is_inner(entry) or self._v(entry) > 1

    def _arcs(self, hidden) -> dict:
        """Directed arcs between row nodes ("r", i) and column nodes ("c", j), one or two per entry.

        Walking an entry from its row to its column adds ``sign`` to it, the other way subtracts;
        an arc exists where that change keeps the entry within its bounds.
        """
        arcs: dict = {}
        for entry in hidden:
            r, c = entry
            up = self._sign(entry)  # the change in the entry when walked row → column
            if up > 0 or self._may_lower(entry):
                arcs.setdefault(("r", r), []).append((("c", c), entry))
            if -up > 0 or self._may_lower(entry):
                arcs.setdefault(("c", c), []).append((("r", r), entry))
        return arcs

    def is_free(self, entry, hidden=None) -> bool:
        """Whether some other table agrees with everything shown but differs in ``entry``."""
        hidden = self.hidden if hidden is None else hidden
        arcs = self._arcs(hidden)
        r, c = entry
        for start, goal in ((("c", c), ("r", r)), (("r", r), ("c", c))):
            # The arc goal → start through ``entry`` must exist, and a way back from start to goal.
            if not any(node == start and e == entry for node, e in arcs.get(goal, [])):
                continue
            if self._reaches(arcs, start, goal, avoid=entry):
                return True
        return False

    @staticmethod
    def _reaches(arcs, start, goal, *, avoid) -> bool:
        seen = {start}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for nxt, entry in arcs.get(node, []):
                if entry == avoid or nxt in seen:
                    continue
                if nxt == goal:
                    return True
                seen.add(nxt)
                queue.append(nxt)
        return False

    # ------------------------------------------------------------------------ secondary suppression
    def _candidates(self, lines: set) -> list[tuple[int, int]]:
        """Shown entries above zero on the given grid lines, smallest first, cells before totals."""
        found = [
            e
            for e in self.published - self.hidden
            if self._v(e) > 0 and (("r", e[0]) in lines or ("c", e[1]) in lines)
        ]
        return sorted(found, key=lambda e: (self._v(e), not self._is_inner(e), e))

    def protect(self) -> None:
        while True:
            exposed = next((e for e in self._sensitive() if not self.is_free(e)), None)
            if exposed is None:
                return
            self.hidden.add(self._pick(exposed))

    def _pick(self, exposed) -> tuple[int, int]:
        """The entry to hide next: the smallest that frees ``exposed``, else the smallest near it."""
        near = self._candidates({("r", exposed[0]), ("c", exposed[1])})
        for entry in near:
            if self.is_free(exposed, self.hidden | {entry}):
                return entry
        if near:
            return near[0]
        everywhere = self._candidates(
            {("r", r) for r in range(self.n_rows + 1)} | {("c", c) for c in range(self.n_cols + 1)}
        )
        # Hiding every count above zero with all totals leaves every hidden entry on a cycle, so
        # this cannot run out while an entry is exposed.
        return everywhere[0]

    def result(self) -> ProtectedTable:
        R, C = self.n_rows, self.n_cols

        def cell(r, c) -> Cell:
            return Cell(None if (r, c) in self.hidden else self.value[r][c])

        row_totals, column_totals, total = self.shown_totals
        return ProtectedTable(
            cells=[[cell(r, c) for c in range(C)] for r in range(R)],
            row_totals=[cell(r, C) for r in range(R)] if row_totals else None,
            column_totals=[cell(R, c) for c in range(C)] if column_totals else None,
            total=cell(R, C) if total else None,
        )
