"""Small-number protection for aggregates shown to those who may not see named persons.

A count below ``MIN_CELL`` could point at a person in a small municipality, so it is hidden; and
where a hidden cell could be worked out from a shown total and its neighbours, the next smallest
cell in that row or column is hidden too (secondary suppression).
"""

from dataclasses import dataclass

MIN_CELL = 5


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when suppressed

    @property
    def suppressed(self) -> bool:
        return self.value is None


def suppress_table(rows: list[list[int]], *, totals_shown: bool = True) -> list[list[Cell]]:
    """Suppress cells 1..MIN_CELL-1 and, when totals are shown, enough others that none can be derived.

    Zero is shown: it discloses nobody. The row and column totals themselves are shown as given.
    """
    hidden = [[0 < v < MIN_CELL for v in row] for row in rows]
    if totals_shown:
        changed = True
        while changed:
            changed = False
            lines = [[(r, c) for c in range(len(row))] for r, row in enumerate(rows)]
            if rows:
                lines += [[(r, c) for r in range(len(rows))] for c in range(len(rows[0]))]
            for line in lines:
                hidden_here = [(r, c) for r, c in line if hidden[r][c]]
                if len(hidden_here) == 1:
                    candidates = [(rows[r][c], r, c) for r, c in line if not hidden[r][c] and rows[r][c] > 0]
                    if candidates:
                        _, r, c = min(candidates)
                        hidden[r][c] = True
                        changed = True
    return [[Cell(None if hidden[r][c] else v) for c, v in enumerate(row)] for r, row in enumerate(rows)]


def suppress_total(value: int) -> Cell:
    return Cell(None if 0 < value < MIN_CELL else value)
