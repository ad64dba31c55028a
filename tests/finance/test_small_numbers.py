"""Small-number protection of kroner: no hidden count can be worked out from the economy page.

The attacker here is independent of the protection, as the one in ``tests/access/test_disclosure.py``
is for tables of counts. It knows every published rate and the grant rules' public shape (which
grants are paid at once in the quarter of settlement and which are spread over the year, which grant
belongs to which group, how a year's amount is split in quarters), and it reads everything the
economy page and its export show to who may not see small numbers: every cell of every sheet, the
marks beside them (how many grant years lack a rate), the persons per year, and the charts. It also
assumes the best case for itself: that the actual receipts entered are exactly what the rates give.

Its unknowns are the numbers of grant lines per grant, year and quarter (the counts every amount is
made of). Each shown figure is an equation over them. A hidden count is safe when another set of
counts, within bounds, agrees with everything shown but differs in that count; the search for one
narrows each unknown's range from the equations and splits ranges until every unknown is fixed
(exact on these small registers). The counts it must not pin down: the lines of a grant in a year,
of a grant paid at once in one quarter, and the persons of a grant group in a year, where they are
from 1 to 4.

Persons here have no disability grant (decided per person, so its amounts are not rates), and the
attacker knows it.
"""

import datetime as dt
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lagrundt.core.plugins import CostLine
from lagrundt.finance import presenters, rules, selectors
from lagrundt.finance.models import GrantGroup, group_of
from lagrundt.people.models import SettlementCategory

from .conftest import own_parameters

pytestmark = pytest.mark.calendar_free

M = 1  # the municipality
YEARS = range(2024, 2027)
TODAY = dt.date(2025, 6, 30)
PARAMS = own_parameters()

# Made-up rates, as uneven as the state's: a sum of them rarely has two decompositions.
RATES = {
    "integration.y1.single_adult": 271_300,
    "integration.y1.adult": 216_900,
    "integration.y1.child": 187_400,
    "integration.y1.unaccompanied_minor": 241_700,
    "integration.y2": 233_100,
    "integration.y3": 167_300,
    "integration.y4": 88_700,
    "integration.y5": 73_900,
    "elderly": 180_600,
    "kindergarten": 28_900,
    "unaccompanied_minor.younger": 1_118_300,
    "unaccompanied_minor.older": 787_900,
    "norwegian.y1.high": 89_300,
    "norwegian.y1.low": 31_700,
    "norwegian.y2.high": 77_100,
    "norwegian.y2.low": 27_300,
    "norwegian.y3.high": 51_900,
    "norwegian.y3.low": 14_300,
    "norwegian.collective_protection": 47_700,
}
# Paid at once in the quarter of settlement; the others are spread evenly over the year's quarters.
AT_ONCE = {
    "integration.y1.single_adult",
    "integration.y1.adult",
    "integration.y1.child",
    "integration.y1.unaccompanied_minor",
    "elderly",
    "kindergarten",
}
CODES = sorted(RATES)
GROUPS = [g for g in GrantGroup if g not in (GrantGroup.OTHER, GrantGroup.DISABILITY)]


def book(without=()):
    return rules.RateBook(
        (code, 2020, Decimal(amount), True) for code, amount in RATES.items() if code not in without
    )


def ore(value) -> int:
    return int((Decimal(value) * 100).to_integral_value())


def quarter_parts(rate_ore: int) -> list[int]:
    """A year's amount in four quarters as the page splits it: øre down, the last takes the rest."""
    part = rate_ore // 4
    return [part, part, part, rate_ore - 3 * part]


# ---------------------------------------------------------------------------- the attacker
def year_unknown(code):
    """A grant's lines in a year: the unknown the yearly figures are made of."""
    return (code, 0)


def quarter_unknowns(code):
    """The quarters a grant's lines fall in: the year's own unknown for a grant spread over the year;
    for one paid at once, one unknown per quarter, which add up to the year's."""
    return [(code, q) for q in (1, 2, 3, 4)] if code in AT_ONCE else [(code, 0)]


class Attacker:
    """Equations over the line counts of each year, from what is shown; and a search for other counts."""

    def __init__(self, missing_rates, bound):
        self.missing = set(missing_rates)
        self.bound = bound
        self.equations: dict[int, list] = {y: [] for y in YEARS}
        self.upper: dict[int, int] = {}

    @staticmethod
    def codes(groups):
        return [c for c in CODES if group_of(c) in groups]

    def amount(self, year, groups, kroner):
        """Shown: the amount of the given grant groups in a year."""
        coefs = {year_unknown(c): ore(RATES[c]) for c in self.codes(groups) if c not in self.missing}
        self._add(year, coefs, ore(kroner))

    def without_rate(self, year, groups, count):
        """Shown: how many grant lines of these groups lack a rate (the marks)."""
        self._add(year, {year_unknown(c): 1 for c in self.codes(groups) if c in self.missing}, count)

    def quarter(self, year, quarter, kroner):
        coefs = {}
        for code in CODES:
            if code in self.missing:
                continue
            if code in AT_ONCE:
                coefs[(code, quarter)] = ore(RATES[code])
            else:
                coefs[(code, 0)] = quarter_parts(ore(RATES[code]))[quarter - 1]
        self._add(year, coefs, ore(kroner))

    def quarter_without_rate(self, year, quarter, count):
        # Lines without a rate are counted once, in their quarter, or in the first if spread.
        coefs = {}
        for code in self.missing:
            if code in AT_ONCE:
                coefs[(code, quarter)] = 1
            elif quarter == 1:
                coefs[(code, 0)] = 1
        self._add(year, coefs, count)

    def persons(self, year, count):
        """Shown: the persons with a grant in a year. No grant has more lines a year than persons."""
        self.upper[year] = count

    def _add(self, year, coefs, value):
        coefs = {v: a for v, a in coefs.items() if a}
        if not coefs:
            assert value == 0, "a figure of nothing is not 0"
            return
        self.equations[year].append((coefs, value, value))

    # ------------------------------------------------------------------------ the search
    def other_counts_exist(self, year, target, truth) -> bool:
        """Does some set of counts agree with everything shown in the year and give ``target`` (a set of
        unknowns) a sum other than ``truth``?"""
        equations = list(self.equations[year])
        used = {v for coefs, _lo, _hi in equations for v in coefs} | set(target)
        # A grant paid at once: its quarters add up to its year.
        for code in sorted(AT_ONCE):
            quarters = [u for u in quarter_unknowns(code) if u in used]
            if quarters:
                equations.append(({year_unknown(code): 1, **dict.fromkeys(quarter_unknowns(code), -1)}, 0, 0))
                used |= {year_unknown(code), *quarter_unknowns(code)}
        # The yearly unknowns first: they decide the most figures.
        order = sorted(used, key=lambda v: (v[1] != 0, v))
        index = {v: i for i, v in enumerate(order)}
        bound = min(self.bound, self.upper.get(year, self.bound))
        constraints = [([(index[v], a) for v, a in coefs.items()], lo, hi) for coefs, lo, hi in equations]
        sums = [(index[v], 1) for v in target]
        for extra in ((sums, -(10**12), truth - 1), (sums, truth + 1, 10**12)):
            if feasible([*constraints, extra], [[0, bound] for _ in order]):
                return True
        return False


def feasible(constraints, domains) -> bool:
    """Whether whole numbers within ``domains`` meet every constraint (Σ a·x between lo and hi).

    Each constraint narrows the range of each of its unknowns from the ranges of the others, until
    nothing changes; then the first open unknown (in the given order) is tried value by value.
    """
    watching: dict[int, list[int]] = {}
    for i, (terms, _low, _high) in enumerate(constraints):
        for v, _a in terms:
            watching.setdefault(v, []).append(i)
    budget = [SEARCH_BUDGET]
    return _search(constraints, watching, [list(d) for d in domains], set(range(len(constraints))), budget)


# Far more than the protected page ever needs (a hidden count enters no equation there); a page that
# shows too much can make the search long, and then it fails rather than runs on.
SEARCH_BUDGET = 50_000


def _search(constraints, watching, domains, queue, budget) -> bool:
    budget[0] -= 1
    assert budget[0] > 0, "the attacker's search ran out: the page shows enough to make it hard"
    queue = set(queue)
    while queue:
        terms, low, high = constraints[queue.pop()]
        smin = sum(a * domains[v][0] if a > 0 else a * domains[v][1] for v, a in terms)
        smax = sum(a * domains[v][1] if a > 0 else a * domains[v][0] for v, a in terms)
        if smin > high or smax < low:
            return False
        for v, a in terms:
            lo, hi = domains[v]
            own_min, own_max = (a * lo, a * hi) if a > 0 else (a * hi, a * lo)
            # a·x must lie between low − (smax − own_max) and high − (smin − own_min).
            top, bottom = high - (smin - own_min), low - (smax - own_max)
            if a > 0:
                new_lo, new_hi = max(lo, -(-bottom // a)), min(hi, top // a)
            else:
                new_lo, new_hi = max(lo, -(-top // a)), min(hi, bottom // a)
            if new_lo > new_hi:
                return False
            if (new_lo, new_hi) != (lo, hi):
                domains[v] = [new_lo, new_hi]
                new_min, new_max = (a * new_lo, a * new_hi) if a > 0 else (a * new_hi, a * new_lo)
                smin += new_min - own_min
                smax += new_max - own_max
                queue.update(watching.get(v, ()))
    v = next((v for v, (lo, hi) in enumerate(domains) if lo < hi), None)
    if v is None:
        return True
    lo, hi = domains[v]
    for value in range(lo, hi + 1):
        trial = [list(d) for d in domains]
        trial[v] = [value, value]
        if _search(constraints, watching, trial, watching.get(v, ()), budget):
            return True
    return False


# ---------------------------------------------------------------------------- what the page shows
MISSING = re.compile(r"rates? missing for (\d+) grant years?")


def _without_rate(note) -> int:
    found = MISSING.search(note or "")
    return int(found.group(1)) if found else 0


def _columns(sheet):
    return {name: i for i, name in enumerate(sheet.header)}


def read_receipts(attacker, sheet, label_to_group):
    col = _columns(sheet)
    for row in sheet.rows:
        year = int(row[0])
        for label, group in label_to_group.items():
            value = row[col[label]]
            if value is not None:
                attacker.amount(year, {group}, value)
                attacker.without_rate(year, {group}, _without_rate(row[col[f"{label} – note"]]))
        if row[col["Total"]] is not None:
            attacker.amount(year, set(GROUPS), row[col["Total"]])
            attacker.without_rate(year, set(GROUPS), _without_rate(row[col["Total – note"]]))
        if row[col["Persons"]] is not None:
            attacker.persons(year, row[col["Persons"]])


def read_actual(attacker, sheet, label_to_group):
    """The expected amounts, and the actual ones as if they were exactly what the rates give."""
    col = _columns(sheet)
    listed: dict[int, set] = {}
    with_actual: dict[int, set] = {}
    for row in sheet.rows:
        year, label = int(row[0]), row[col["Grant"]]
        expected, got, difference = row[col["Expected"]], row[col["Actual"]], row[col["Difference"]]
        if label == "Total":
            if expected is not None:
                attacker.amount(year, listed[year], expected)
            if got is not None and got != "":
                attacker.amount(year, with_actual[year], got)
            if difference is not None and difference != "":
                if expected is not None:
                    attacker.amount(year, with_actual[year], Decimal(expected) + Decimal(difference))
                if got is not None and got != "":
                    attacker.amount(year, listed[year], Decimal(got) - Decimal(difference))
            # A group the year does not list has no line at all.
            for group in set(GROUPS) - listed[year]:
                attacker.amount(year, {group}, 0)
            continue
        group = label_to_group[label]
        listed.setdefault(year, set()).add(group)
        with_actual.setdefault(year, set())
        if expected is not None and expected != "":
            attacker.amount(year, {group}, expected)
            attacker.without_rate(year, {group}, _without_rate(row[col["Expected – note"]]))
        if got is not None and got != "":
            with_actual[year].add(group)
            attacker.amount(year, {group}, got)
            if difference is not None and difference != "":
                attacker.amount(year, {group}, Decimal(got) - Decimal(difference))


def read_quarters(attacker, sheet):
    col = _columns(sheet)
    for row in sheet.rows:
        year, quarter, value = int(row[0]), int(row[col["Quarter"]][1:]), row[col["Expected"]]
        if value is not None:
            attacker.quarter(year, quarter, value)
            attacker.quarter_without_rate(year, quarter, _without_rate(row[col["Expected – note"]]))


def read_income(attacker, sheet, actual_groups):
    col = _columns(sheet)
    for row in sheet.rows:
        year = int(row[0])
        groups = actual_groups.get(year) if row[col["Grants are"]] == "actual" else set(GROUPS)
        grants, balance = row[col["Grants"]], row[col["Grants less costs"]]
        if grants is not None:
            attacker.amount(year, groups, grants)
        if balance is not None and row[col["Costs in all"]] is not None:
            attacker.amount(year, groups, Decimal(balance) + Decimal(row[col["Costs in all"]]))


TOOLTIP = re.compile(r"<title>([^<]*)</title>")
LABEL = re.compile(r'<text [^>]*class="lg-chart__label"[^>]*>([^<]*)</text>')


def chart_values(svg: str) -> dict[str, list[int]]:
    """The values drawn per bar: the bar's label (its year) and the kroner in its parts' tooltips."""
    found: dict[str, list[int]] = {}
    current = None
    for match in re.finditer(r"<text [^>]*>[^<]*</text>|<rect [^>]*><title>[^<]*</title>", svg):
        text = match.group(0)
        if label := LABEL.match(text):
            current = label.group(1).split(" ")[0]
            found.setdefault(current, [])
        elif tooltip := TOOLTIP.search(text):
            found[current].append(int(re.sub(r"\D", "", tooltip.group(1).rsplit(":", 1)[1])))
    return found


# ---------------------------------------------------------------------------- the registers
@st.composite
def person(draw, person_id):
    settled = draw(st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2026, 12, 31)))
    age = draw(st.sampled_from([0, 2, 5, 9, 15, 16, 17, 19, 30, 45, 61, 70]))
    category = draw(
        st.sampled_from(
            [
                SettlementCategory.RESETTLEMENT_REFUGEE,
                SettlementCategory.UNACCOMPANIED_MINOR,
                SettlementCategory.TEMPORARY_COLLECTIVE_PROTECTION,
                SettlementCategory.RESETTLEMENT_REFUGEE,
            ]
        )
    )
    return rules.Entitled(
        person_id=person_id,
        municipality_id=M,
        birth_date=dt.date(settled.year - age, 1, 1) - dt.timedelta(days=draw(st.integers(1, 300))),
        category=category,
        settled_on=settled,
        country=draw(st.sampled_from(["SY", "UA"])),
        settled_alone=draw(st.booleans()),
    )


@st.composite
def registers(draw):
    size = draw(st.integers(1, 8))
    return [draw(person(i + 1)) for i in range(size)]


def economy_of(people, rate_book, actual_keys):
    receipts = rules.price_tally(rules.tally(people, PARAMS, YEARS, {M}), rate_book)
    actual = {
        (g, y): receipts.by_group[(M, g, y)].kroner
        for g, y in actual_keys
        if (M, g, y) in receipts.by_group and receipts.by_group[(M, g, y)].kroner
    }
    actual_years = sorted({y for _g, y in actual})
    actual_receipts = rules.price_tally(
        rules.tally(
            people, PARAMS, range(min(actual_years), max(actual_years) + 1) if actual_years else range(0), {M}
        ),
        rate_book,
    )
    costs = [CostLine(M, y, "measure", Decimal(100_000 + y), "Tiltak") for y in YEARS]
    return selectors.Economy(
        years=YEARS,
        forecast=YEARS,
        receipts=receipts,
        actual=actual,
        actual_years=actual_years,
        actual_receipts=actual_receipts,
        counted=costs,
        replaced=[],
    )


def sensitive_counts(people):
    """Every count 1–4 behind the amounts: (year, unknowns summed, truth, what it is)."""
    t = rules.tally(people, PARAMS, YEARS, {M})
    lines = Counter()
    for (recipient, code, year, quarter, _assumed), n in t.lines.items():
        if recipient == M:
            lines[(year, code, quarter)] += n
    found = []
    for year in YEARS:
        for code in CODES:
            quarters = quarter_unknowns(code)
            total = sum(lines[(year, c, q)] for c, q in quarters)
            if 0 < total < 5:
                found.append((year, [year_unknown(code)], total, f"{code} in {year}"))
            for c, q in quarters:
                if q and 0 < lines[(year, c, q)] < 5 and lines[(year, c, q)] != total:
                    found.append((year, [(c, q)], lines[(year, c, q)], f"{code} in {year} Q{q}"))
        for group in GROUPS:
            persons = t.persons.get((M, group.value, year), 0)
            if 0 < persons < 5:
                unknowns = [year_unknown(c) for c in CODES if group_of(c) == group]
                found.append((year, unknowns, persons, f"persons with {group.value} in {year}"))
    return found


def attack(people, missing, actual_keys):
    """What an attacker works out of the page and export for leadership: the leaks, as text."""
    with translation.override("en"):
        economy = economy_of(people, book(without=missing), actual_keys)
        tables = presenters.economy_tables(economy, M, TODAY, suppress=True)
        label_to_group = {str(g.label): g.value for g in GROUPS}
        attacker = Attacker(missing, bound=len(people))
        read_receipts(attacker, presenters.sheet(tables["receipts"]), label_to_group)
        read_actual(attacker, presenters.sheet(tables["actual"]), label_to_group)
        read_quarters(attacker, presenters.sheet(tables["quarters"]))
        actual_groups = {}
        for g, y in economy.actual:
            actual_groups.setdefault(y, set()).add(g)
        read_income(attacker, presenters.sheet(tables["income_costs"]), actual_groups)
        leaks = [
            f"{what} = {truth}"
            for year, unknowns, truth, what in sensitive_counts(people)
            if not attacker.other_counts_exist(year, unknowns, truth)
        ]
        # The charts draw nothing the tables beside them do not show.
        for name, chart in (("receipts", presenters.receipts_chart), ("actual", presenters.actual_chart)):
            table = tables[name]
            if not table.rows:
                continue
            shown: dict[str, set[int]] = {}
            for row in table.rows:
                shown.setdefault(row.label, set()).update(
                    c.amount.whole_kroner for c in row.cells if c.is_money and not c.hidden
                )
            for label, values in chart_values(str(chart(table))).items():
                extra = set(values) - shown.get(label, set())
                if extra:
                    leaks.append(f"the {name} chart draws {sorted(extra)} for {label}, not in its table")
    return leaks


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOME_ACTUAL = st.sets(
    st.tuples(st.sampled_from([g.value for g in GROUPS]), st.sampled_from(list(YEARS))), max_size=4
)
ONE_MINOR_AND_FOUR_ADULTS = [
    rules.Entitled(
        1, M, dt.date(2008, 3, 1), SettlementCategory.UNACCOMPANIED_MINOR, dt.date(2024, 2, 1), "SY"
    ),
    *[
        rules.Entitled(
            i, M, dt.date(1990, 1, i), SettlementCategory.RESETTLEMENT_REFUGEE, dt.date(2024, 5, 1), "SY"
        )
        for i in range(2, 6)
    ],
]


# Six adults in families settled in 2025, one of them in the third quarter: the year's six are
# shown, the one of the quarter is not.
SIX_ADULTS_ONE_LATE = [
    rules.Entitled(
        i,
        M,
        dt.date(1985, 1, i),
        SettlementCategory.RESETTLEMENT_REFUGEE,
        dt.date(2025, 8 if i == 6 else 2, 1),
        "SY",
    )
    for i in range(1, 7)
]


@SETTINGS
@given(
    registers(),
    st.sets(st.sampled_from(["kindergarten", "integration.y3", "norwegian.y1.high"]), max_size=1),
    SOME_ACTUAL,
)
@example(ONE_MINOR_AND_FOUR_ADULTS, set(), set())
@example(SIX_ADULTS_ONE_LATE, set(), set())
@example(ONE_MINOR_AND_FOUR_ADULTS, set(), {("unaccompanied_minor", 2024)})
def test_no_hidden_count_can_be_worked_out_from_the_kroner(people, missing, actual_keys):
    leaks = attack(people, missing, actual_keys)
    assert not leaks, leaks


def _cell(table, year, column):
    (row,) = [r for r in table.rows if r.label == str(year)]
    return row.cells[table.columns.index(column) - 1]


def test_one_unaccompanied_minor_cannot_be_recovered_from_the_year_total():
    """The finding: a year's total less the groups shown, divided by the published rate, gave 1."""
    with translation.override("en"):
        economy = economy_of(ONE_MINOR_AND_FOUR_ADULTS, book(), set())
        tables = presenters.economy_tables(economy, M, TODAY, suppress=True)
        minors = _cell(tables["receipts"], 2024, str(GrantGroup.UNACCOMPANIED_MINOR.label))
        total = _cell(tables["receipts"], 2024, "Total")
    assert minors.hidden and total.hidden
    assert not attack(ONE_MINOR_AND_FOUR_ADULTS, set(), set())


def test_who_sees_small_numbers_sees_every_amount():
    with translation.override("en"):
        economy = economy_of(ONE_MINOR_AND_FOUR_ADULTS, book(), {("unaccompanied_minor", 2024)})
        tables = presenters.economy_tables(economy, M, TODAY, suppress=False)
        minors = _cell(tables["receipts"], 2024, str(GrantGroup.UNACCOMPANIED_MINOR.label))
    assert not any(t.has_hidden for t in tables.values())
    assert minors.amount.kroner == Decimal(1_118_300)  # the younger band: 16 years old in 2024
