"""Routine files: the national baseline and each municipality's routines, read and checked from YAML.

The format is described in ``docs/routines.md``. Loading checks everything before anything touches
the database; an error names the file, the line, the routine and the field.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lagrundt.access.sections import Section
from lagrundt.core.yaml_files import ProfileError, YamlReader, compose_yaml
from lagrundt.people.models import SettlementCategory
from lagrundt.tenancy.models import Sector

from .rules import OFFSET_UNITS, Offset

ROUTINE_DIR = Path(__file__).resolve().parent / "profiles"
BASELINE = "baseline"
LANGUAGES = ("nb", "nn", "en")
_KEY_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
_DATE_RE = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")

APPLIES_TO = ("person", "household", "unit", "case")
ANCHORS = (
    "settlement",
    "programme_start",
    "programme_claim",
    "birth",
    "task",
    "calendar",
    "expected_arrival",
)
# What a settlement case's routine may ask of it: its category and its members' ages.
CASE_CONDITIONS = {"category", "has_children_aged"}
BASES = ("law", "regulation", "guidance", "plan")
SECTION_OF_SECTOR = {
    Sector.HEALTH: Section.HEALTH,
    Sector.SCHOOL: Section.EDUCATION,
    Sector.KINDERGARTEN: Section.EDUCATION,
    Sector.NAV: Section.WORK,
    Sector.HOUSING: Section.HOUSING,
    Sector.INTEGRATION_SERVICE: Section.SETTLEMENT,
    Sector.CULTURE_LEISURE: Section.LEISURE,
    Sector.VOLUNTEER_CENTRE: Section.COMMUNITY,
}
CONDITIONS = {
    "category",
    "came_directly",
    "age",
    "has_children_aged",
    "is_parent",
    "high_tb_incidence",
    "intro_participant",
}
_FILE_KEYS = {"profile", "applies_in", "disable", "routines", "language"}
_ROUTINE_KEYS = {
    "key",
    "title",
    "description",
    "sector",
    "section",
    "applies_to",
    "when",
    "from",
    "offset",
    "repeat",
    "at",
    "working_day",
    "dates",
    "interval_years",
    "source",
    "basis",
    "assumed",
    "closed_by",
    "status_hidden",
}


@dataclass(frozen=True)
class RoutineSpec:
    """One routine as written in a file, checked. ``spec`` is what the engine needs, as JSON-able data."""

    key: str
    title: dict[str, str]
    description: dict[str, str]
    sector: str
    section: str
    applies_to: str
    spec: dict
    source: str
    basis: str
    profile: str
    line: int


@dataclass(frozen=True)
class RoutineFile:
    path: Path
    profile: str
    applies_in: tuple[str, ...]  # municipality numbers; empty = every municipality (the baseline)
    disable: tuple[str, ...]
    routines: tuple[RoutineSpec, ...] = field(default_factory=tuple)


def builtin_routine_files() -> list[Path]:
    return sorted(ROUTINE_DIR.glob("*.yaml"))


class _RoutineReader(YamlReader):
    """Messages lead with where: "routine x, field sector: unknown value 'helse'; use one of …"."""

    def choice(self, node: yaml.Node, what: str, choices) -> str:
        value = self.text(node, what)
        if value not in choices:
            raise self.error(f"{what}: unknown value {value!r}; use one of {', '.join(choices)}.", node)
        return value

    def mapping(
        self, node: yaml.Node, what: str, allowed: set[str], required: set[str]
    ) -> dict[str, yaml.Node]:
        if isinstance(node, yaml.MappingNode):
            for key_node, _value in node.value:
                key = self._constructor.construct_object(key_node)
                if not isinstance(key, str) or key not in allowed:
                    raise self.error(
                        f"{what}: unknown key {key!r}; allowed keys are {', '.join(sorted(allowed))}.",
                        key_node,
                    )
        return super().mapping(node, what, allowed, required)

    def boolean(self, node: yaml.Node, what: str) -> bool:
        value = self._constructor.construct_object(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, bool):
            raise self.error(f"{what} must be true or false.", node)
        return value

    def integer(self, node: yaml.Node, what: str, low: int, high: int) -> int:
        value = self._constructor.construct_object(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise self.error(f"{what} must be a whole number from {low} to {high}.", node)
        return value

    def offset(self, node: yaml.Node, what: str, *, before: bool = False) -> Offset:
        """An offset of whole units; ``before`` allows negative ones (a duty before the date counted from)."""
        items = self.mapping(node, what, set(OFFSET_UNITS), set())
        if not items:
            raise self.error(f"{what} needs at least one of {', '.join(OFFSET_UNITS)}.", node)
        low = -1200 if before else 0
        return Offset(**{unit: self.integer(n, f"{what}: {unit}", low, 1200) for unit, n in items.items()})

    def age_band(self, node: yaml.Node, what: str) -> dict[str, int]:
        items = self.mapping(node, what, {"from", "to"}, {"from", "to"})
        low = self.integer(items["from"], f"{what}: from", 0, 130)
        high = self.integer(items["to"], f"{what}: to", 0, 130)
        if high < low:
            raise self.error(f"{what}: 'to' ({high}) is below 'from' ({low}).", node)
        return {"from": low, "to": high}

    def languages(self, node: yaml.Node, what: str, required: bool) -> dict[str, str]:
        items = self.mapping(node, what, set(LANGUAGES), set(LANGUAGES) if required else set())
        texts = {lang: self.text(n, f"{what} ({lang})") for lang, n in items.items()}
        for lang, text in texts.items():
            if required and len(text) > 200:
                raise self.error(f"{what} ({lang}) is longer than 200 signs.", items[lang])
        return texts


def load_routine_file(path: str | Path) -> RoutineFile:
    """Read and check one routine file; a ``ProfileError`` names file, line, routine and field."""
    path = Path(path)
    root = compose_yaml(path)
    r = _RoutineReader(path)
    top = r.mapping(root, "the routine file", _FILE_KEYS, {"profile", "routines"})
    profile = r.text(top["profile"], "profile")
    applies_in = (
        tuple(r.number(n, "applies_in") for n in r.sequence(top["applies_in"], "applies_in"))
        if ("applies_in" in top)
        else ()
    )
    if profile != BASELINE and not applies_in:
        raise r.error("a municipality's routine file needs applies_in: the municipality numbers.", root)
    disable = (
        tuple(r.text(n, "disable") for n in r.sequence(top["disable"], "disable"))
        if ("disable" in top)
        else ()
    )
    routines: list[RoutineSpec] = []
    seen: set[str] = set()
    for node in r.sequence(top["routines"], "routines"):
        routine = _read_routine(r, node, profile)
        if routine.key in seen:
            raise r.error(f"routine {routine.key}: the key is used twice in this file.", node)
        seen.add(routine.key)
        routines.append(routine)
    return RoutineFile(
        path=path, profile=profile, applies_in=applies_in, disable=disable, routines=tuple(routines)
    )


def _read_routine(r: _RoutineReader, node: yaml.Node, profile: str) -> RoutineSpec:
    items = r.mapping(node, "a routine", _ROUTINE_KEYS, {"key"})
    key = r.text(items["key"], "a routine's key")
    if not _KEY_RE.match(key):
        raise r.error(f"routine {key!r}: a key has lowercase letters, digits, _ and dots only.", items["key"])
    where = f"routine {key}, field"
    missing = sorted({"title", "sector", "applies_to", "from", "source", "basis"} - items.keys())
    if missing:
        raise r.error(f"routine {key} lacks the field(s) {', '.join(missing)}.", node)

    title = r.languages(items["title"], f"{where} title", required=True)
    description = (
        r.languages(items["description"], f"{where} description", False) if ("description" in items) else {}
    )
    sector = r.choice(items["sector"], f"{where} sector", Sector.values)
    default_section = SECTION_OF_SECTOR.get(sector, Section.IDENTITY)
    section = (
        r.choice(items["section"], f"{where} section", Section.values)
        if "section" in items
        else (str(default_section))
    )
    applies_to = r.choice(items["applies_to"], f"{where} applies_to", APPLIES_TO)
    spec: dict = {"working_day": True}

    # What it counts from.
    from_node = items["from"]
    if isinstance(from_node, yaml.MappingNode):
        anchor_items = r.mapping(from_node, f"{where} from", {"task"}, {"task"})
        spec["from"] = "task"
        spec["after"] = r.text(anchor_items["task"], f"{where} from: task")
    else:
        spec["from"] = r.choice(from_node, f"{where} from", [a for a in ANCHORS if a != "task"])
    if (spec["from"] == "calendar") != (applies_to == "unit"):
        raise r.error(
            f"{where} from: 'calendar' is for unit routines, and unit routines count from it.", from_node
        )
    if spec["from"] == "task" and applies_to != "person":
        raise r.error(f"{where} from: counting from another task is for person routines.", from_node)
    if (spec["from"] == "expected_arrival") != (applies_to == "case"):
        raise r.error(
            f"{where} from: 'expected_arrival' is for case routines, and case routines count from it.",
            from_node,
        )
    before = applies_to == "case"

    # When.
    if "offset" in items and "at" in items:
        raise r.error(f"{where} at: give either offset or at, not both.", items["at"])
    if spec["from"] == "calendar":
        if "dates" not in items:
            raise r.error(f'{where} dates: a calendar routine needs dates such as ["03-15"].', node)
        dates = []
        for n in r.sequence(items["dates"], f"{where} dates"):
            text = r.text(n, f"{where} dates")
            if not _DATE_RE.match(text):
                raise r.error(f"{where} dates: {text!r} is not a month and day written MM-DD.", n)
            dates.append(text)
        spec["dates"] = sorted(set(dates))
        spec["interval_years"] = (
            r.integer(items["interval_years"], f"{where} interval_years", 1, 10)
            if "interval_years" in items
            else 1
        )
        for unused in ("offset", "at", "repeat", "when"):
            if unused in items:
                raise r.error(f"{where} {unused}: a calendar routine has dates instead.", items[unused])
    else:
        for unused in ("dates", "interval_years"):
            if unused in items:
                raise r.error(f"{where} {unused}: only calendar routines have dates.", items[unused])
        if "at" in items:
            offsets = [
                r.offset(n, f"{where} at", before=before) for n in r.sequence(items["at"], f"{where} at")
            ]
            if not offsets:
                raise r.error(f"{where} at: list at least one offset.", items["at"])
            spec["at"] = [o.as_dict() for o in sorted(set(offsets))]
        else:
            spec["offset"] = (
                r.offset(items["offset"], f"{where} offset", before=before).as_dict()
                if "offset" in items
                else {}
            )
        if "repeat" in items:
            if "at" in items:
                raise r.error(f"{where} repeat: give either repeat or at, not both.", items["repeat"])
            rep = r.mapping(items["repeat"], f"{where} repeat", {"every", "until"}, {"every", "until"})
            every = r.offset(rep["every"], f"{where} repeat: every")
            until = r.offset(rep["until"], f"{where} repeat: until")
            if every.is_zero:
                raise r.error(f"{where} repeat: every must be more than zero.", rep["every"])
            spec["repeat"] = {"every": every.as_dict(), "until": until.as_dict()}
        spec["when"] = (
            _read_conditions(r, items["when"], f"{where} when", applies_to) if "when" in items else {}
        )
    if "working_day" in items:
        node_wd = items["working_day"]
        value = r._constructor.construct_object(node_wd) if isinstance(node_wd, yaml.ScalarNode) else None
        if value not in (True, False, "before"):
            raise r.error(f"{where} working_day must be true, false or before.", node_wd)
        spec["working_day"] = value
    # The plan gives no number of days: the offset is the municipality's default, shown as assumed.
    if "assumed" in items and r.boolean(items["assumed"], f"{where} assumed"):
        spec["assumed"] = True
    # A sector's record that closes the task when filled in (``routines.services.close_by_record``):
    # an event key such as "health.gp", named by the app that keeps the record (its ``EVENTS``).
    if "closed_by" in items:
        nodes = r.sequence(items["closed_by"], f"{where} closed_by")
        events = [r.text(n, f"{where} closed_by") for n in nodes]
        for event, n in zip(events, nodes, strict=True):
            if not _KEY_RE.match(event):
                raise r.error(f"{where} closed_by: {event!r} is not an event key such as health.gp.", n)
        if applies_to not in ("person", "household"):
            raise r.error(
                f"{where} closed_by: only a person's or a household's routine is closed by a record.",
                items["closed_by"],
            )
        spec["closed_by"] = sorted(set(events))
    # Other sectors see every duty's title, due date and status on a person's timeline and household
    # view (never its content); a routine whose title alone would tell them something of the person's
    # health is marked "status hidden from other sectors" and not shown to them at all (docs/routines.md).
    if "status_hidden" in items and r.boolean(items["status_hidden"], f"{where} status_hidden"):
        spec["status_hidden"] = True

    return RoutineSpec(
        key=key,
        title=title,
        description=description,
        sector=sector,
        section=section,
        applies_to=applies_to,
        spec=spec,
        source=r.text(items["source"], f"{where} source"),
        basis=r.choice(items["basis"], f"{where} basis", BASES),
        profile=profile,
        line=node.start_mark.line + 1,
    )


def _read_conditions(r: _RoutineReader, node: yaml.Node, what: str, applies_to: str) -> dict:
    items = r.mapping(node, what, CASE_CONDITIONS if applies_to == "case" else CONDITIONS, set())
    when: dict = {}
    for name, value in items.items():
        label = f"{what}: {name}"
        if name == "category":
            values = [r.choice(n, label, SettlementCategory.values) for n in r.sequence(value, label)]
            if not values:
                raise r.error(f"{label} lists no category.", value)
            when[name] = sorted(set(values))
        elif name in ("age", "has_children_aged"):
            if name == "age" and applies_to == "household":
                raise r.error(f"{label}: a household has no age; use has_children_aged.", value)
            when[name] = r.age_band(value, label)
        else:
            when[name] = r.boolean(value, label)
    return when


def effective_routines(files: list[RoutineFile], number: str) -> list[RoutineSpec]:
    """The routines of one municipality: the baseline, without what it disables, with its own added.

    A municipality's routine with the key of a baseline routine replaces it.
    """
    baseline = [f for f in files if f.profile == BASELINE]
    own = [f for f in files if f.profile != BASELINE and number in f.applies_in]
    by_key: dict[str, RoutineSpec] = {}
    for f in baseline:
        for routine in f.routines:
            by_key[routine.key] = routine
    for f in own:
        for key in f.disable:
            by_key.pop(key, None)
        for routine in f.routines:
            by_key[routine.key] = routine
    return sorted(by_key.values(), key=lambda routine: routine.key)


def check_files(files: list[RoutineFile]) -> None:
    """Checks across files: what a profile disables or counts from must exist in the baseline."""
    baseline_keys = {r.key for f in files if f.profile == BASELINE for r in f.routines}
    for f in files:
        if f.profile == BASELINE:
            continue
        own = {r.key for r in f.routines}
        for key in f.disable:
            if key not in baseline_keys:
                raise ProfileError(f"disable: there is no baseline routine {key!r}.", f.path)
        for routine in f.routines:
            after = routine.spec.get("after")
            if after and after not in own | baseline_keys:
                raise ProfileError(
                    f"routine {routine.key}, field from: no routine {after!r} to count from.",
                    f.path,
                    routine.line,
                )
