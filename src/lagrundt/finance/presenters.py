"""Tables of grants and economics as the pages and the exports show them. No database writes.

Every table is a ``Table`` of ``Cell``s. A money cell holds an ``Amount``: the page template and the
export (``sheet``) both write its marks (assumed, rates missing, hidden), so no figure built on an
assumed rate can reach a page or a spreadsheet without saying so.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lagrundt.access.disclosure import protect_count
from lagrundt.core.charts import PALETTE, Bar, grouped_bars, stacked_bars
from lagrundt.core.documents import Sheet
from lagrundt.core.formats import kroner

from . import rules
from .disclosure import HiddenAmounts, hidden_amounts
from .models import CostKind, GrantCode, GrantGroup, YearOneGroup
from .money import ZERO, Amount
from .parameters import (
    MOVE_YEAR_NEW,
    MOVE_YEAR_OLD,
    PAYMENT_NEXT_QUARTER,
    PAYMENT_SETTLEMENT_QUARTER,
    SPECS,
)

GROUPS = [g for g in GrantGroup if g != GrantGroup.OTHER]


@dataclass(frozen=True)
class Cell:
    amount: Amount | None = None
    number: int | None = None
    text: str = ""
    hidden: bool = False  # a small number, or a figure from which one could be worked out

    @property
    def is_money(self) -> bool:
        return self.amount is not None


@dataclass
class Row:
    label: str
    cells: list[Cell]
    strong: bool = False


@dataclass
class Table:
    name: str  # the sheet's name in an export
    caption: str
    columns: list[str]  # the first names the row labels
    rows: list[Row] = field(default_factory=list)
    note: str = ""

    @property
    def has_assumed(self) -> bool:
        return any(
            c.amount is not None and c.amount.assumed and not c.hidden for r in self.rows for c in r.cells
        )

    @property
    def has_missing(self) -> bool:
        return any(
            c.amount is not None and c.amount.missing and not c.hidden for r in self.rows for c in r.cells
        )

    @property
    def has_hidden(self) -> bool:
        return any(c.hidden for r in self.rows for c in r.cells)

    @property
    def is_empty(self) -> bool:
        """No amount in it: no rows, or only zeros (a municipality with no grants yet)."""
        return not any(
            c.hidden or (c.amount is not None and (c.amount.kroner or c.amount.missing))
            for r in self.rows
            for c in r.cells
        )


def money(amount: Amount | Decimal | None, *, hidden: bool = False) -> Cell:
    if amount is None:
        return Cell()
    if isinstance(amount, Decimal):
        amount = Amount(amount)
    return Cell(amount=amount, hidden=hidden)


def marks(amount: Amount) -> str:
    """The marks of an amount in words, for exports."""
    words = []
    if amount.assumed:
        words.append(_("assumed"))
    if amount.missing:
        words.append(
            ngettext(
                "rate missing for %(n)d grant year", "rates missing for %(n)d grant years", amount.missing
            )
            % {"n": amount.missing}
        )
    return ", ".join(words)


def sheet(table: Table) -> Sheet:
    """A table as an export sheet: each money column followed by a column with its marks."""
    money_columns = {i for r in table.rows for i, c in enumerate(r.cells) if c.is_money or c.hidden}
    header = [table.columns[0]]
    for i, name in enumerate(table.columns[1:]):
        header.append(name)
        if i in money_columns:
            header.append(_("%(column)s – note") % {"column": name})
    rows = []
    for r in table.rows:
        values: list = [r.label]
        for i, c in enumerate(r.cells):
            if c.hidden:
                values.append(None)
            elif c.is_money:
                values.append(c.amount.kroner)
            elif c.number is not None:
                values.append(c.number)
            else:
                values.append(c.text)
            if i in money_columns:
                values.append(
                    _("hidden (small numbers)") if c.hidden else (marks(c.amount) if c.is_money else "")
                )
        rows.append(values)
    return Sheet(title=table.name, header=header, rows=rows)


def kroner_label(value: int) -> str:
    return kroner(value)


# ---------------------------------------------------------------------------- a municipality's receipts
def receipts_table(
    receipts, municipality_id: int, years: range, today: dt.date, *, hidden: HiddenAmounts
) -> Table:
    """Expected receipts per year and grant, from the register. Leadership sees small numbers hidden
    (``disclosure.hidden_amounts``): the amounts and totals resting on fewer than five persons, and
    the persons per year below five."""
    table = Table(
        name=_("Grants per year"),
        caption=_("Expected grants per year, from the persons in the register"),
        columns=[_("Year"), _("Basis"), *[str(g.label) for g in GROUPS], _("Total"), _("Persons")],
    )
    for year in years:
        amounts = [receipts.by_group.get((municipality_id, g.value, year), Amount()) for g in GROUPS]
        total = sum(amounts, Amount())
        persons = receipts.persons_by_year.get((municipality_id, year), 0)
        count = protect_count(persons) if hidden.suppress else None
        cells = [Cell(text=_("calculated") if year <= today.year else _("forecast"))]
        cells += [money(a, hidden=hidden.group(year, g.value)) for g, a in zip(GROUPS, amounts, strict=True)]
        cells.append(money(total, hidden=hidden.year(year)))
        cells.append(
            Cell(number=count.value, hidden=True) if count and count.suppressed else Cell(number=persons)
        )
        table.rows.append(Row(str(year), cells, strong=year == today.year))
    return table


def _assumed_label(label: str, cells) -> str:
    """A bar's label, marked when one of the amounts it draws is assumed."""
    assumed = any(c.is_money and not c.hidden and c.amount.assumed for c in cells)
    return label + (f" ({_('assumed')})" if assumed else "")


def receipts_chart(table: Table):
    """Stacked bars of the receipts table: one bar a year, a part per grant. A hidden amount is left
    out, never drawn as what remains of the total (that would show it)."""
    groups = table.columns[2:-2]
    series = [(PALETTE[i % len(PALETTE)], name) for i, name in enumerate(groups)]
    bars = []
    for row in table.rows:
        parts = row.cells[1 : 1 + len(groups)]
        values = [None if c.hidden else c.amount.whole_kroner for c in parts]
        bars.append(Bar(_assumed_label(row.label, parts), values))
    return stacked_bars(bars, series, title=_("Expected grants per year, by grant"), value_label=kroner_label)


def actual_table(
    receipts, actual: dict, municipality_id: int, years: list[int], *, hidden: HiddenAmounts
) -> Table:
    """Actual receipts beside the expected ones, per year and grant, for the years with receipts.

    For leadership, an expected amount resting on fewer than five persons is hidden, as in the
    receipts table, and so is the actual receipt beside it: what the state paid for a grant is the
    same count times the same rate."""
    table = Table(
        name=_("Forecast and actual"),
        caption=_("Actual receipts beside the expected ones"),
        columns=[_("Year"), _("Grant"), _("Expected"), _("Actual"), _("Difference")],
    )
    for year in years:
        groups = [
            g
            for g in GrantGroup
            if (g.value, year) in actual or (municipality_id, g.value, year) in receipts.by_group
        ]
        expected_total, actual_total, actual_hidden = Amount(), Amount(), False
        for g in groups:
            expected = receipts.by_group.get((municipality_id, g.value, year))
            got = actual.get((g.value, year))
            hide = hidden.group(year, g.value)
            got_amount = Amount(got) if got is not None else None
            actual_hidden = actual_hidden or (hide and got_amount is not None)
            table.rows.append(
                Row(
                    str(year),
                    [
                        Cell(text=str(g.label)),
                        money(expected, hidden=hide) if expected is not None else Cell(),
                        money(got_amount, hidden=hide) if got_amount is not None else Cell(),
                        money(got_amount - expected, hidden=hide)
                        if got_amount is not None and expected is not None
                        else Cell(),
                    ],
                )
            )
            expected_total += expected or Amount()
            actual_total += got_amount or Amount()
        expected_hidden = hidden.year(year)
        table.rows.append(
            Row(
                str(year),
                [
                    Cell(text=_("Total")),
                    money(expected_total, hidden=expected_hidden),
                    money(actual_total, hidden=actual_hidden),
                    money(actual_total - expected_total, hidden=expected_hidden or actual_hidden),
                ],
                strong=True,
            )
        )
    return table


def actual_chart(table: Table):
    bars = []
    for row in table.rows:
        if not row.strong:
            continue
        expected, got = row.cells[1], row.cells[2]
        values = [None if c.hidden else (c.amount.whole_kroner or None) for c in (expected, got)]
        bars.append(Bar(_assumed_label(row.label, [expected]), values))
    return grouped_bars(
        bars,
        [("s1", _("Expected")), ("s2", _("Actual"))],
        title=_("Expected and actual grants per year"),
        value_label=kroner_label,
    )


def quarters_table(receipts, municipality_id: int, years: range, *, hidden: HiddenAmounts) -> Table:
    table = Table(
        name=_("Per quarter"),
        caption=_("Expected grants per quarter, the next five years"),
        columns=[_("Year"), _("Quarter"), _("Expected")],
        note=_(
            "When IMDi pays is uncertain: year-1 amounts are placed in the quarter of settlement and "
            "yearly amounts spread evenly over the year's quarters."
        ),
    )
    for year in years:
        for quarter in (1, 2, 3, 4):
            amount = receipts.by_quarter.get((municipality_id, year, quarter), Amount())
            table.rows.append(
                Row(
                    str(year),
                    [Cell(text=_("Q%(n)s") % {"n": quarter}), money(amount, hidden=hidden.quarter(year))],
                )
            )
    return table


COST_COLUMNS = [CostKind.INTRODUCTION_BENEFIT, CostKind.SOCIAL_ASSISTANCE, CostKind.MEASURE, CostKind.OTHER]


def income_costs_table(
    receipts, actual: dict, costs, municipality_id: int, years: range, today, *, hidden: HiddenAmounts
) -> Table:
    """Per year, the grants (actual where entered, else expected) beside the main costs. Where the
    grants are hidden (``hidden_amounts``), so is what is left of them after the costs."""
    table = Table(
        name=_("Income and costs"),
        caption=_("Grants and the main costs of settlement per year"),
        columns=[
            _("Year"),
            _("Grants"),
            _("Grants are"),
            *[str(k.label) for k in COST_COLUMNS],
            _("Costs in all"),
            _("Grants less costs"),
        ],
    )
    by_kind: dict[tuple[str, int], Amount] = {}
    for line in costs:
        key = (line.kind, line.year)
        by_kind[key] = by_kind.get(key, Amount()) + Amount(line.amount)
    for year in years:
        got = {g: v for (g, y), v in actual.items() if y == year}
        if got:
            income, basis = Amount(sum(got.values(), Decimal(0))), _("actual")
            income_hidden = any(hidden.group(year, g) for g in got)
        else:
            income = sum(
                (a for (m, _g, y), a in receipts.by_group.items() if m == municipality_id and y == year),
                Amount(),
            )
            basis = _("calculated") if year <= today.year else _("forecast")
            income_hidden = hidden.year(year)
        cost_cells = [by_kind.get((k.value, year)) for k in COST_COLUMNS]
        total_costs = sum((c for c in cost_cells if c is not None), Amount())
        table.rows.append(
            Row(
                str(year),
                [
                    money(income, hidden=income_hidden),
                    Cell(text=basis),
                    *[money(c) if c is not None else Cell() for c in cost_cells],
                    money(total_costs),
                    money(income - total_costs, hidden=income_hidden),
                ],
                strong=year == today.year,
            )
        )
    return table


def cost_lines_table(counted, replaced) -> Table:
    table = Table(
        name=_("Costs"),
        caption=_("The costs, line by line"),
        columns=[_("Year"), _("Kind"), _("Name"), _("Amount"), _("From")],
    )
    labels = dict(CostKind.choices)
    for line in counted:
        table.rows.append(
            Row(
                str(line.year),
                [
                    Cell(text=str(labels.get(line.kind, line.kind))),
                    Cell(text=line.label),
                    money(line.amount),
                    Cell(text=line.source or _("entered")),
                ],
            )
        )
    for line in replaced:
        table.rows.append(
            Row(
                str(line.year),
                [
                    Cell(text=str(labels.get(line.kind, line.kind))),
                    Cell(text=line.label),
                    money(line.amount),
                    Cell(text=_("entered, replaced by a computed figure")),
                ],
            )
        )
    return table


# ---------------------------------------------------------------------------- scenarios side by side
def scenarios_table(comparison, municipality_id: int, *, hidden: HiddenAmounts, shapes_hidden: bool) -> Table:
    """Expected receipts per year: the register alone, and with each scenario's planned settlements
    (``selectors.ScenarioComparison``). A scenario adds its planned persons to the register's, so
    its amount is hidden where the register's is; and where its households take the shapes of the
    last five years while those rest on small counts (``shapes_hidden``), it is hidden throughout."""
    table = Table(
        name=_("Scenarios"),
        caption=_("Expected grants per year with each scenario"),
        columns=[_("Year"), _("Register only"), *[name for name, _r, _s in comparison.with_scenarios]],
    )
    for year in comparison.years:
        register_hidden = hidden.year(year)
        cells = [money(comparison.base.year_total(municipality_id, year), hidden=register_hidden)]
        cells += [
            money(
                r.year_total(municipality_id, year),
                hidden=register_hidden or (shapes_hidden and from_register),
            )
            for _name, r, from_register in comparison.with_scenarios
        ]
        table.rows.append(Row(str(year), cells))
    return table


def scenarios_chart(table: Table):
    series = [(PALETTE[i % len(PALETTE)], name) for i, name in enumerate(table.columns[1:])]
    bars = [
        Bar(
            _assumed_label(row.label, row.cells),
            [None if c.hidden else (c.amount.whole_kroner or None) for c in row.cells],
        )
        for row in table.rows
    ]
    return grouped_bars(
        bars, series, title=_("Expected grants per year, by scenario"), value_label=kroner_label
    )


# ---------------------------------------------------------------------------- a municipality's economy
def economy_tables(economy, municipality_id: int, today: dt.date, *, suppress: bool) -> dict[str, Table]:
    """The tables of a municipality's economy page and its export (``selectors.Economy``); with
    ``suppress``, every amount resting on a small count hidden, in every table alike."""
    hidden = hidden_amounts([economy.receipts, economy.actual_receipts], municipality_id, suppress=suppress)
    return {
        "receipts": receipts_table(economy.receipts, municipality_id, economy.years, today, hidden=hidden),
        "actual": actual_table(
            economy.actual_receipts, economy.actual, municipality_id, economy.actual_years, hidden=hidden
        ),
        "quarters": quarters_table(economy.receipts, municipality_id, economy.forecast, hidden=hidden),
        "income_costs": income_costs_table(
            economy.receipts,
            economy.actual,
            economy.counted,
            municipality_id,
            economy.years,
            today,
            hidden=hidden,
        ),
        "costs": cost_lines_table(economy.counted, economy.replaced),
    }


def computed_costs(counted) -> list[tuple]:
    """The cost lines computed by the apps (not entered), each with its kind's label."""
    kinds = dict(CostKind.choices)
    return [(c, kinds.get(c.kind, c.kind)) for c in counted if c.entry_id is None]


def planned_sheet(scenario_list, planned: dict[int, list[tuple]], *, shapes_hidden: bool = False) -> Sheet:
    """The planned settlements of the scenarios, with the household shapes they are counted as (left
    empty where they are taken from the register's shapes and those are hidden)."""

    def shape(value, from_register):
        return None if shapes_hidden and from_register else value

    return Sheet(
        title=_("Planned settlements"),
        header=[
            _("Scenario"),
            _("Year"),
            _("Persons"),
            _("Unaccompanied minors"),
            _("Single adults"),
            _("Adults in families"),
            _("Children under 6"),
            _("Children 6–17"),
            _("Elderly"),
            _("Collective protection"),
            _("Household shapes"),
        ],
        rows=[
            [
                scenario.name,
                p.year,
                p.persons,
                p.unaccompanied_minors,
                *[
                    shape(value, from_register)
                    for value in (
                        shapes.single_adults,
                        shapes.adults_in_families,
                        shapes.children_under_6,
                        shapes.children_6_to_17,
                        shapes.elderly,
                    )
                ],
                shapes.collective_protection,
                _("from the register") if from_register else _("given"),
            ]
            for scenario in scenario_list
            for p, shapes, from_register, _people in planned[scenario.pk]
        ],
    )


# ---------------------------------------------------------------------------- persons
def persons_table(rows) -> Table:
    """Expected grants per person (the rows of ``selectors.person_grants``), for the export."""
    table = Table(
        name=_("Persons"),
        caption=_("Expected grants per person"),
        columns=[
            _("Name"),
            _("Municipality"),
            _("Settled"),
            _("Grant years"),
            _("This year"),
            _("Later years"),
        ],
    )
    for row in rows:
        years = row["grant_years"]
        table.rows.append(
            Row(
                row["person"].full_name,
                [
                    Cell(text=row["person"].municipality.name),
                    Cell(text=row["settled_on"].strftime("%d.%m.%Y") if row["settled_on"] else ""),
                    Cell(text=f"{years[0]}–{years[1]}" if years else ""),
                    money(row["this_year"]),
                    money(row["ahead"]),
                ],
            )
        )
    return table


def schedule_table(person, lines, names: dict[int, str]) -> Table:
    """A person's grants year by year: which grant, for which grant year, and who receives it."""
    table = Table(
        name=_("Grant schedule"),
        caption=_("Grants for %(name)s, year by year") % {"name": person.full_name},
        columns=[_("Year"), _("Grant"), _("Grant year"), _("Amount"), _("Received by"), _("Source")],
    )
    labels = dict(GrantCode.choices)
    for line, amount in sorted(lines, key=lambda la: (la[0].year, la[0].code)):
        table.rows.append(
            Row(
                str(line.year),
                [
                    Cell(text=str(labels.get(line.code, line.code))),
                    Cell(number=line.grant_year),
                    money(amount),
                    Cell(text=names.get(line.recipient, "") if line.recipient else _("another municipality")),
                    Cell(text=rules.RULE_SOURCES.get(line.rule, "")),
                ],
            )
        )
    return table


def year_one_label(entitled, params) -> str:
    """Which group the first year's grant is counted in, or nothing when that is not known."""
    if params is None or entitled is None:
        return ""
    start = rules.grant_start(entitled, params)
    if start is None:
        return ""
    return str(YearOneGroup(rules.year_one_group(entitled, start)).label)


# ---------------------------------------------------------------------------- rates and parameters
def grant_label(code: str) -> str:
    return str(dict(GrantCode.choices).get(code, code))


CHOICE_LABELS = {
    PAYMENT_SETTLEMENT_QUARTER: gettext_lazy("in the quarter of settlement"),
    PAYMENT_NEXT_QUARTER: gettext_lazy("in the quarter after settlement"),
    MOVE_YEAR_OLD: gettext_lazy("the municipality the person moved from"),
    MOVE_YEAR_NEW: gettext_lazy("the municipality the person moved to"),
}


def rates_table(book, known, today: dt.date, forecast_years: int) -> Table:
    """Which rate each grant uses in each year, from the first known year to the years forecast."""
    first = min((r.year for r in known), default=today.year)
    years = range(min(first, today.year), today.year + forecast_years + 1)
    table = Table(
        name=_("Rates used"),
        caption=_("The rate used for each grant and year"),
        columns=[_("Grant"), *[str(y) for y in years]],
    )
    for code, label in GrantCode.choices:
        cells = []
        for year in years:
            rate = book.lookup(code, year)
            amount = Amount(ZERO, False, 1) if rate is None else Amount(rate.amount, rate.assumed)
            cells.append(money(amount))
        table.rows.append(Row(str(label), cells))
    return table


def parameter_value(parameter, spec) -> str:
    """A rule parameter's value as read: countries counted and named, a choice by its label."""
    if spec is not None and spec.kind == "countries":
        codes = sorted(parameter.value)
        return ngettext("%(n)d country: %(codes)s", "%(n)d countries: %(codes)s", len(codes)) % {
            "n": len(codes),
            "codes": ", ".join(codes),
        }
    if spec is not None and spec.kind == "choice":
        return str(CHOICE_LABELS.get(parameter.value, parameter.value))
    return str(parameter.value)


def parameter_rows(parameters) -> list[tuple]:
    """Each parameter with its label and its value as read: (label, parameter, value)."""
    specs = {s.key: s for s in SPECS}
    return [
        (specs[p.key].label if p.key in specs else p.key, p, parameter_value(p, specs.get(p.key)))
        for p in parameters
    ]


def rates_sheet(known) -> Sheet:
    labels = dict(GrantCode.choices)
    return Sheet(
        title=_("Rates"),
        header=[
            _("Code"),
            _("Grant"),
            _("Year"),
            _("Amount"),
            _("Confidence"),
            _("Source"),
            _("Reference"),
            _("Published or read on"),
            _("Note"),
        ],
        rows=[
            [
                r.code,
                str(labels.get(r.code, r.code)),
                r.year,
                r.amount,
                r.get_confidence_display(),
                r.source.title,
                r.source.reference,
                r.source.published_on,
                r.note,
            ]
            for r in known
        ],
    )


def parameters_sheet(parameters) -> Sheet:
    return Sheet(
        title=_("The rules' parameters"),
        header=[_("Parameter"), _("Code"), _("Value"), _("Confidence"), _("Source"), _("Note")],
        rows=[
            [str(label), p.key, value, p.get_confidence_display(), p.source, p.note]
            for label, p, value in parameter_rows(parameters)
        ],
    )


def rates_template_sheet(year: int) -> Sheet:
    """A workbook to fill in: one row per grant code for a year, in the import layout."""
    return Sheet(
        title=str(year),
        header=["år", "kode", "tilskudd", "beløp", "merknad"],
        rows=[[year, code, str(label), None, ""] for code, label in GrantCode.choices],
    )
