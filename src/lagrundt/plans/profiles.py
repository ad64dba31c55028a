"""Plan files: a municipality's action plan as YAML, read and checked before anything is saved.

The format is described in ``docs/plans.md``. Every error names the file and the line, and what is
wrong, in words a person editing the YAML can act on. Texts are kept exactly as written: they are
the plan's own words in its own language form.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from lagrundt.core.yaml_files import ProfileError, YamlReader, compose_yaml
from lagrundt.tenancy.models import Sector

from .models import GoalKind, MeasureStatus, PlanLanguage

PLAN_DIR = Path(__file__).resolve().parent / "profiles"
_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

_TOP = {"plan", "municipality", "language", "title", "source", "period", "vision", "chapters", "figures"}
_CHAPTER = {"number", "title", "service", "sectors", "responsible", "description", "goals", "measures"}
_GOAL = {"key", "kind", "number", "text", "description", "sectors", "sub_goals", "measures", "target"}
_MEASURE = {
    "key",
    "text",
    "description",
    "sectors",
    "responsible",
    "period",
    "deadline",
    "budget",
    "budget_note",
    "status",
    "recorded_in",
}
_TARGET = {"indicator", "series", "value", "by", "direction", "source", "group"}
_FIGURE = {"indicator", "series", "year", "value", "source", "measured_on", "note", "group"}
_GROUP = {"category", "sex", "age", "settled_years_min", "country", "sector"}


@dataclass(frozen=True)
class TargetSpec:
    indicator: str
    value: Decimal
    by: dt.date
    series: str = ""
    direction: str = "at_least"
    source: str = ""
    group: dict = field(default_factory=dict)


@dataclass(frozen=True)
class MeasureSpec:
    key: str
    text: str
    line: int
    description: str = ""
    sectors: tuple[str, ...] = ()
    responsible: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    budget: Decimal | None = None
    budget_note: str = ""
    status: str = MeasureStatus.NOT_STARTED
    # The work Lagrundt records that carries the measure out (``registry.recorded_work`` keys).
    recorded_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoalSpec:
    key: str
    kind: str
    text: str
    line: int
    number: str = ""
    description: str = ""
    sub_goals: tuple["GoalSpec", ...] = ()
    measures: tuple[MeasureSpec, ...] = ()
    targets: tuple[TargetSpec, ...] = ()


@dataclass(frozen=True)
class ChapterSpec:
    number: str
    title: str
    line: int
    service: str = ""
    sector: str = ""
    description: str = ""
    goals: tuple[GoalSpec, ...] = ()
    measures: tuple[MeasureSpec, ...] = ()  # those not under a goal

    def all_measures(self) -> list[MeasureSpec]:
        found = list(self.measures)
        for goal in self.goals:
            found += goal.measures
            for sub in goal.sub_goals:
                found += sub.measures
        return found


@dataclass(frozen=True)
class FigureSpec:
    indicator: str
    year: int
    value: Decimal
    source: str
    series: str = ""
    measured_on: dt.date | None = None
    note: str = ""
    group: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PlanSpec:
    path: Path
    key: str
    municipality: str
    language: str
    title: str
    source: str
    starts_on: dt.date
    ends_on: dt.date
    vision: str
    chapters: tuple[ChapterSpec, ...]
    figures: tuple[FigureSpec, ...] = ()

    def counts(self) -> dict[str, int]:
        """Goals (top level), sub-goals and measures, and the goals by kind: what the plan holds."""
        goals = [g for c in self.chapters for g in c.goals]
        counts = {
            "goals": len(goals),
            "sub_goals": sum(len(g.sub_goals) for g in goals),
            "measures": sum(len(c.all_measures()) for c in self.chapters),
            "measures_with_budget": sum(1 for c in self.chapters for m in c.all_measures() if m.budget),
        }
        for kind in GoalKind.values:
            counts[f"goals_{kind}"] = sum(1 for g in goals if g.kind == kind)
        return counts


def builtin_plan_files() -> list[Path]:
    return sorted(PLAN_DIR.glob("*.yaml"))


class _PlanReader(YamlReader):
    def plain(self, node: yaml.Node):
        return self._constructor.construct_object(node) if isinstance(node, yaml.ScalarNode) else None

    def date(self, node: yaml.Node, what: str) -> dt.date:
        value = self.plain(node)
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                value = None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise self.error(f"{what} must be a date written as YYYY-MM-DD.", node)
        return value

    def decimal(self, node: yaml.Node, what: str, minimum: Decimal | None = None) -> Decimal:
        value = self.plain(node)
        try:
            if isinstance(value, bool) or value is None:
                raise InvalidOperation
            number = Decimal(str(value).replace(" ", ""))
        except (InvalidOperation, ValueError):
            raise self.error(f"{what} must be a number (use a point for decimals).", node) from None
        if not number.is_finite() or (minimum is not None and number < minimum):
            raise self.error(f"{what} must be a number of at least {minimum}.", node)
        return number

    def year(self, node: yaml.Node, what: str) -> int:
        value = self.plain(node)
        if not isinstance(value, int) or isinstance(value, bool) or not 1990 <= value <= 2100:
            raise self.error(f"{what} must be a year, such as 2025.", node)
        return value

    def optional_text(self, items: dict, key: str, what: str) -> str:
        return " ".join(self.text(items[key], what).split()) if key in items else ""

    def sectors(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        values = tuple(self.choice(n, "sector", Sector.values) for n in self.sequence(node, what))
        if len(set(values)) != len(values):
            raise self.error(f"{what} names a sector twice.", node)
        return values

    def period(self, node: yaml.Node, what: str) -> tuple[dt.date, dt.date]:
        items = self.mapping(node, what, {"from", "to"}, {"from", "to"})
        start, end = self.date(items["from"], f"{what}: from"), self.date(items["to"], f"{what}: to")
        if end < start:
            raise self.error(f"{what}: 'to' ({end}) is before 'from' ({start}).", node)
        return start, end

    def group(self, node: yaml.Node, what: str) -> dict:
        items = self.mapping(node, what, _GROUP, set())
        return {key: self.plain(value) for key, value in items.items()}


def load_plan_file(path: str | Path, *, indicator_keys: set[str] | None = None) -> PlanSpec:
    """Read and check a plan file. ``indicator_keys``: the indicators targets and figures may name."""
    path = Path(path)
    root = compose_yaml(path)
    r = _PlanReader(path)
    top = r.mapping(
        root, "the plan file", _TOP, {"plan", "municipality", "language", "title", "period", "chapters"}
    )
    key = r.text(top["plan"], "plan")
    if not _KEY_RE.match(key):
        raise r.error(f"the plan key {key!r} must be lowercase letters, digits and hyphens.", top["plan"])
    language = r.choice(top["language"], "language form", PlanLanguage.values)
    starts_on, ends_on = r.period(top["period"], "period")
    known = indicator_keys
    keys: dict[str, int] = {}
    counters = {"goal": 0, "measure": 0}

    def new_key(items: dict, kind: str, node: yaml.Node) -> str:
        counters[kind] += 1
        value = (
            r.text(items["key"], "key")
            if "key" in items
            else f"{'g' if kind == 'goal' else 't'}{counters[kind]:03d}"
        )
        if not _KEY_RE.match(value):
            raise r.error(
                f"the key {value!r} must be lowercase letters, digits and hyphens.", items.get("key", node)
            )
        if value in keys:
            raise r.error(
                f"the key {value!r} is used twice (first on line {keys[value]}).", items.get("key", node)
            )
        keys[value] = node.start_mark.line + 1
        return value

    def indicator(node: yaml.Node) -> str:
        value = r.text(node, "indicator")
        if known is not None and value not in known:
            raise r.error(
                f"unknown indicator {value!r}; known indicators are {', '.join(sorted(known))}.", node
            )
        return value

    def measure(node: yaml.Node, inherited: tuple[str, ...], responsible: str) -> MeasureSpec:
        m = r.mapping(node, "a measure", _MEASURE, {"text"})
        if "period" in m and "deadline" in m:
            raise r.error("a measure has either a period or a deadline, not both.", m["deadline"])
        starts_on_m = ends_on_m = None
        if "period" in m:
            starts_on_m, ends_on_m = r.period(m["period"], "period")
        elif "deadline" in m:
            ends_on_m = r.date(m["deadline"], "deadline")
        return MeasureSpec(
            key=new_key(m, "measure", node),
            text=" ".join(r.text(m["text"], "measure text").split()),
            line=node.start_mark.line + 1,
            description=r.optional_text(m, "description", "description"),
            sectors=r.sectors(m["sectors"], "sectors") if "sectors" in m else inherited,
            responsible=r.optional_text(m, "responsible", "responsible") or responsible,
            starts_on=starts_on_m,
            ends_on=ends_on_m,
            budget=r.decimal(m["budget"], "budget", Decimal(0)) if "budget" in m else None,
            budget_note=r.optional_text(m, "budget_note", "budget note"),
            status=r.choice(m["status"], "status", MeasureStatus.values)
            if "status" in m
            else MeasureStatus.NOT_STARTED,
            recorded_in=recorded_in(m["recorded_in"]) if "recorded_in" in m else (),
        )

    def recorded_in(node: yaml.Node) -> tuple[str, ...]:
        from .registry import recorded_work  # the apps' hooks, asked when a file names one

        known = recorded_work()
        keys = []
        for n in r.sequence(node, "recorded_in"):
            key = r.text(n, "recorded_in")
            if key not in known:
                raise r.error(f"unknown recorded work {key!r}; known are {', '.join(sorted(known))}.", n)
            keys.append(key)
        return tuple(dict.fromkeys(keys))

    def target(node: yaml.Node) -> TargetSpec:
        t = r.mapping(node, "a target", _TARGET, {"indicator", "value", "by"})
        return TargetSpec(
            indicator=indicator(t["indicator"]),
            value=r.decimal(t["value"], "target value"),
            by=r.date(t["by"], "target date"),
            series=r.optional_text(t, "series", "series"),
            direction=r.choice(t["direction"], "direction", ("at_least", "at_most"))
            if "direction" in t
            else "at_least",
            source=r.optional_text(t, "source", "source"),
            group=r.group(t["group"], "group") if "group" in t else {},
        )

    def goal(node: yaml.Node, inherited: tuple[str, ...], responsible: str, depth: int) -> GoalSpec:
        g = r.mapping(node, "a goal" if depth == 0 else "a sub-goal", _GOAL, {"text"})
        if depth and "sub_goals" in g:
            raise r.error("a sub-goal cannot have sub-goals of its own.", g["sub_goals"])
        sectors = r.sectors(g["sectors"], "sectors") if "sectors" in g else inherited
        kind = r.choice(g["kind"], "goal kind", GoalKind.values) if "kind" in g else GoalKind.PLAN
        if depth and "kind" in g:
            raise r.error("a sub-goal takes the kind of its goal; remove 'kind'.", g["kind"])
        return GoalSpec(
            key=new_key(g, "goal", node),
            kind=kind,
            text=" ".join(r.text(g["text"], "goal text").split()),
            line=node.start_mark.line + 1,
            number=str(r.plain(g["number"])) if "number" in g else "",
            description=r.optional_text(g, "description", "description"),
            sub_goals=tuple(
                goal(n, sectors, responsible, depth + 1) for n in r.sequence(g["sub_goals"], "sub_goals")
            )
            if "sub_goals" in g
            else (),
            measures=tuple(measure(n, sectors, responsible) for n in r.sequence(g["measures"], "measures"))
            if "measures" in g
            else (),
            targets=(target(g["target"]),) if "target" in g else (),
        )

    chapters = []
    for node in r.sequence(top["chapters"], "chapters"):
        c = r.mapping(node, "a chapter", _CHAPTER, {"number", "title"})
        number = r.plain(c["number"])
        if not isinstance(number, str) or not re.match(r"^\d+(\.\d+)*$", number):
            raise r.error('a chapter number must be written in quotes, such as "3.1".', c["number"])
        sectors = r.sectors(c["sectors"], "sectors") if "sectors" in c else ()
        service = r.optional_text(c, "service", "service")
        responsible = r.optional_text(c, "responsible", "responsible") or service
        spec = ChapterSpec(
            number=number,
            title=r.text(c["title"], "chapter title"),
            line=node.start_mark.line + 1,
            service=service,
            sector=sectors[0] if len(sectors) == 1 else "",
            description=r.optional_text(c, "description", "description"),
            goals=tuple(goal(n, sectors, responsible, 0) for n in r.sequence(c["goals"], "goals"))
            if "goals" in c
            else (),
            measures=tuple(measure(n, sectors, responsible) for n in r.sequence(c["measures"], "measures"))
            if "measures" in c
            else (),
        )
        if not spec.goals and not spec.measures:
            raise r.error("a chapter needs goals or measures (or both).", node)
        chapters.append(spec)

    figures = []
    for node in r.sequence(top["figures"], "figures") if "figures" in top else []:
        f = r.mapping(node, "a figure", _FIGURE, {"indicator", "year", "value", "source"})
        figures.append(
            FigureSpec(
                indicator=indicator(f["indicator"]),
                year=r.year(f["year"], "year"),
                value=r.decimal(f["value"], "value"),
                source=r.text(f["source"], "source"),
                series=r.optional_text(f, "series", "series"),
                measured_on=r.date(f["measured_on"], "measured_on") if "measured_on" in f else None,
                note=r.optional_text(f, "note", "note"),
                group=r.group(f["group"], "group") if "group" in f else {},
            )
        )

    return PlanSpec(
        path=path,
        key=key,
        municipality=r.number(top["municipality"], "municipality number"),
        language=language,
        title=r.text(top["title"], "title"),
        source=r.optional_text(top, "source", "source"),
        starts_on=starts_on,
        ends_on=ends_on,
        vision=r.optional_text(top, "vision", "vision"),
        chapters=tuple(chapters),
        figures=tuple(figures),
    )


__all__ = [
    "ChapterSpec",
    "GoalSpec",
    "MeasureSpec",
    "PlanSpec",
    "ProfileError",
    "builtin_plan_files",
    "load_plan_file",
]
