"""Documents of the programme: decision letters and the integration plan as PDF, the payroll export and
the NIR reconciliation file as tables (through ``core.documents``), and the indicators as a chart
beside its table. Column names and meanings are documented in docs/intro.md."""

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lagrundt.access.disclosure import Cell, protect_table
from lagrundt.core import documents
from lagrundt.core.charts import Bar, stacked_bars
from lagrundt.core.documents import Sheet
from lagrundt.tenancy.models import Sector, ServiceUnit

from . import presenters, rules, selectors
from .models import ActivityKind, DayStatus, DecisionKind, EducationLevel, FinalGoal, LeaveKind
from .rulebook import RuleBook


def _unit_name(municipality) -> str:
    unit = (
        ServiceUnit.objects.filter(municipalities=municipality, sector=Sector.INTEGRATION_SERVICE)
        .order_by("name")
        .first()
    )
    return unit.name if unit else municipality.name


# ---------------------------------------------------------------------------- letters
def decision_context(book: RuleBook, decision, person) -> dict:
    """Everything a decision letter states, worded in the letter's language (call inside an override).

    A letter holds only what the person should read: the facts as facts, the legal bases as plain
    citations. What the case worker checks before a decision (assumed facts, rule values the sources
    do not verify) is on the decision's page, never in the letter."""
    complaint = book.version("decision.complaint_deadline", decision.decided_on)
    used = list(decision.rules)
    facts = decision.facts or {}
    return {
        "decision": decision,
        "person": person,
        "municipality": person.municipality,
        "unit": _unit_name(person.municipality),
        "reasons": presenters.reasons_from_record(facts, for_letter=True) if facts.get("reasons") else [],
        "status": presenters.status_label(facts["status"]) if facts.get("status") else "",
        "legal_bases": presenters.citations(r["rule"] for r in used if r["key"] != complaint.key),
        "complaint_weeks": complaint.value["weeks"],
        "complaint_rule": presenters.citation(complaint.rule),
        "education": dict(EducationLevel.choices).get(facts.get("education_level", ""), ""),
        "deduction": _deduction(decision),
        "kind": decision.kind,
        "kinds": DecisionKind,
        "today": timezone.localdate(),
    }


def _deduction(decision) -> dict | None:
    if decision.kind != DecisionKind.DEDUCTION or not decision.facts:
        return None
    facts = decision.facts
    return {
        "first": dt.date.fromisoformat(facts["first"]),
        "last": dt.date.fromisoformat(facts["last"]),
        "gross": Decimal(facts["gross"]),
        "deduction": Decimal(facts["deduction"]),
        "unexcused_hours": Decimal(facts["unexcused_hours"]),
    }


def decision_pdf(book: RuleBook, decision, person) -> bytes:
    with translation.override(decision.language):
        context = decision_context(book, decision, person)
    return documents.render_pdf("intro/letters/decision.html", context, language=decision.language)


def plan_pdf(record: selectors.Record) -> bytes:
    plan = record.plan
    profile = record.profile
    phases = {p.key: p.name for p in profile.phases}
    context = {
        "plan": plan,
        "person": record.person,
        "municipality": record.person.municipality,
        "unit": _unit_name(record.person.municipality),
        "programme": record.programme,
        "timeline": record.timeline,
        "activities": [(a, phases.get(a.phase, "")) for a in record.activities],
        "profile": profile,
        "current_phase": phases.get(record.steps[-1].phase, "") if record.steps else "",
        "today": timezone.localdate(),
    }
    return documents.render_pdf("intro/letters/plan.html", context, language=plan.language)


# ---------------------------------------------------------------------------- payroll
PAYROLL_HEADER = (
    "fødselsnummer",
    "etternavn",
    "fornavn",
    "kommunenummer",
    "måned",
    "periode_fra",
    "periode_til",
    "stønad",
    "trekk",
    "korrigering",
    "utbetales",
    "g_verdier",
    "g_antatt",
)


def payroll_sheet(export, payments, municipality) -> Sheet:
    rows = []
    for p in payments:
        segments = p.details.get("segments", [])
        g_values = sorted({s["g"] for s in segments})
        rows.append(
            (
                p.person.national_id or "",
                p.person.family_name,
                p.person.given_name,
                municipality.number,
                f"{p.month:%Y-%m}",
                export.first_day,
                export.last_day,
                p.gross,
                p.deduction,
                p.correction,
                p.amount,
                " / ".join(g_values),
                "ja" if p.g_assumed else "nei",
            )
        )
    return Sheet(title=f"Stønad {export.month:%Y-%m}", header=PAYROLL_HEADER, rows=rows)


# ---------------------------------------------------------------------------- NIR
NIR_HEADER = (
    "fødselsnummer",
    "navn",
    "kommunenummer",
    "posttype",
    "fra_dato",
    "til_dato",
    "kode",
    "beskrivelse",
    "timer",
    "dager",
)


def _labels(choices) -> dict:
    return {k: str(v) for k, v in choices}


def nir_rows(book: RuleBook, record: selectors.Record, days: dict, today: dt.date) -> list[tuple]:
    """One participant's rows for reconciling with NIR, by record type (see docs/intro.md)."""
    person = record.person
    base = (person.national_id or "", person.full_name, person.municipality.number)
    rows = []

    def add(kind, first=None, last=None, code="", text="", hours=None, count=None):
        rows.append((*base, kind, first, last, code, text, hours, count))

    a = record.assessment
    if a:
        add(
            "kartlegging",
            a.assessed_on,
            None,
            a.education_level,
            f"norsk {a.norwegian_level}; {a.get_literacy_display()}",
        )
        add(
            "utdanningsbakgrunn",
            a.assessed_on,
            None,
            "fullført_vgo" if EducationLevel.has_upper_secondary(a.education_level) else "ikke_fullført_vgo",
        )
        if a.career_guidance_on:
            add("karriereveiledning", a.career_guidance_on, None, "", a.career_guidance_by)
    kind_codes = {
        DecisionKind.PROGRAMME: "tildelt",
        DecisionKind.REFUSAL: "avslag",
        DecisionKind.EXTENSION: "forlengelse",
        DecisionKind.STOP_TEMPORARY: "midlertidig_stans",
        DecisionKind.STOP_PERMANENT: "stans",
        DecisionKind.DEDUCTION: "trekk",
    }
    for d in record.decisions:
        add(
            "vedtak",
            d.decided_on,
            d.ends_on if d.kind != DecisionKind.PROGRAMME else None,
            kind_codes[d.kind],
            d.get_kind_display(),
        )
        if d.kind == DecisionKind.PROGRAMME:
            add("sluttmål", d.decided_on, None, d.final_goal, dict(FinalGoal.choices).get(d.final_goal, ""))
        if d.kind in (DecisionKind.STOP_TEMPORARY, DecisionKind.STOP_PERMANENT):
            add("stans", d.starts_on, d.ends_on, kind_codes[d.kind], d.grounds[:200])
    timeline = record.timeline
    if timeline.start:
        add(
            "programtid",
            timeline.start,
            timeline.last_day,
            "",
            f"{record.programme.months} + {record.extension_months}",
        )
    if record.plan:
        add("norskmål", record.plan.made_on, None, record.plan.norwegian_goal, "")
        if record.plan.contract_signed_on:
            add("integreringskontrakt", record.plan.contract_signed_on, None, "signert", "")
        if record.plan.norwegian_hours:
            add("timer_norsk", record.plan.made_on, None, "", "", Decimal(record.plan.norwegian_hours))
        if record.plan.civics_hours:
            add(
                "timer_samfunnskunnskap", record.plan.made_on, None, "", "", Decimal(record.plan.civics_hours)
            )
    kinds = _labels(ActivityKind.choices)
    for activity in record.activities:
        add(
            "tiltak",
            activity.starts_on,
            activity.ends_on,
            activity.kind,
            activity.description or kinds[activity.kind],
            activity.hours_per_week,
        )
    for leave in record.leaves:
        add(
            "permisjon",
            leave.starts_on,
            leave.ends_on,
            leave.kind,
            _labels(LeaveKind.choices)[leave.kind],
            None,
            leave.days,
        )
    by_month: dict[dt.date, Counter] = defaultdict(Counter)
    hours: dict[dt.date, Decimal] = defaultdict(Decimal)
    for day, row in sorted(days.items()):
        if row.status != DayStatus.PRESENT:
            by_month[day.replace(day=1)][row.status] += 1
        hours[day.replace(day=1)] += row.unexcused_hours
    statuses = _labels(DayStatus.choices)
    for month in sorted(set(by_month) | {m for m, h in hours.items() if h}):
        last = rules.Offset(months=1).after(month) - rules.DAY
        for status, count in sorted(by_month[month].items()):
            add(
                "fravær",
                month,
                last,
                status,
                statuses[status],
                hours[month] if status == DayStatus.UNEXCUSED else None,
                count,
            )
        if hours[month] and not by_month[month].get(DayStatus.UNEXCUSED):
            add("fravær", month, last, DayStatus.UNEXCUSED, statuses[DayStatus.UNEXCUSED], hours[month], 0)
    if record.end:
        e = record.end
        add("avslutning", e.ended_on, None, e.reason, e.get_reason_display())
        add("hovedaktivitet_ved_avslutning", e.ended_on, None, e.status_at_end, e.get_status_at_end_display())
        if e.status_after_one_year:
            add(
                "status_ett_år_etter",
                e.status_checked_on,
                None,
                e.status_after_one_year,
                e.get_status_after_one_year_display(),
            )
    return rows


def nir_sheet(book: RuleBook, persons, *, today: dt.date) -> Sheet:
    records = selectors.load_records(list(persons), today=today, book=book)
    ids = [p.pk for p in persons]
    starts = [r.timeline.start for r in records.values() if r.timeline.start]
    days = selectors.attendance_of(ids, min(starts), today) if starts else {}
    rows = []
    for person in persons:
        rows.extend(nir_rows(book, records[person.pk], days.get(person.pk, {}), today))
    return Sheet(title="NIR", header=NIR_HEADER, rows=rows)


# ---------------------------------------------------------------------------- indicators
def indicator_context(rows: list[selectors.IndicatorRow], years: list[int], *, suppress: bool = True) -> dict:
    """The indicator rows (small numbers hidden unless ``suppress`` is off), a chart beside the table,
    and the municipalities' own goals from their profiles."""
    from lagrundt.tenancy.models import Municipality

    from .profiles import profile_for

    shown = []
    with_programmes = {r.municipality_id for r in rows if r.ended}
    for row in rows:
        if row.municipality_id not in with_programmes:
            continue
        good, other = row.in_work_or_education, row.known - row.in_work_or_education
        unknown = row.ended - row.known
        if suppress:
            # One table row: the ended split into in work or education, other and unknown, with the
            # ended as its total. "Known" is shown only where both its parts are: it is their sum.
            protected = protect_table([[good, other, unknown]], row_totals=True)
            (cells,), ended = protected.cells, protected.row_totals[0]
            known = Cell(row.known) if not (cells[0].suppressed or cells[1].suppressed) else Cell(None)
        else:
            cells, ended, known = [Cell(good), Cell(other), Cell(unknown)], Cell(row.ended), Cell(row.known)
        visible = not (cells[0].suppressed or cells[1].suppressed) and row.known > 0
        shown.append(
            {
                "row": row,
                "ended": ended,
                "known": known,
                "good": cells[0],
                "other": cells[1],
                "unknown": cells[2],
                "share": round(100 * row.share) if visible else None,
            }
        )
    series = [("on_time", _("In work or education")), ("late", _("Other"))]
    chart = stacked_bars(
        [
            Bar(f"{s['row'].municipality} {s['row'].year}", [s["good"].value, s["other"].value])
            for s in shown
            if s["row"].known
        ],
        series,
        title=_("Status one year after the programme, by municipality and year it ended"),
    )
    numbers = {m.pk: m.number for m in Municipality.objects.filter(pk__in={r.municipality_id for r in rows})}
    goals = []
    for municipality_id in sorted(with_programmes):
        profile = profile_for(numbers[municipality_id])
        name = next(r.municipality for r in rows if r.municipality_id == municipality_id)
        goals += [(name, indicator) for indicator in profile.indicators]
    return {
        "rows": shown,
        "chart": chart,
        "years": years,
        "goals": goals,
        "any": any(r.ended for r in rows),
        "suppressed": suppress,
    }
