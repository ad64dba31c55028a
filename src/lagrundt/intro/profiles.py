"""Each municipality's programme profile: its ladder phases, pay period and indicator goals, from YAML.

The phases come from the municipality's plan and stay in the plan's language form (Hemsedal bokmål,
Ål nynorsk); every phase cites the plan's chapter. Loading checks everything and an error names the
file, the line and the field.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from lagrundt.core.yaml_files import ProfileError, YamlReader, compose_yaml

from .rulebook import CONFIDENCES

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"
_KEY = "abcdefghijklmnopqrstuvwxyz0123456789_"
# Activity kinds a phase may list (``models.ActivityKind``, named here so that loading needs no models).
ACTIVITY_KINDS = (
    "norwegian",
    "civics",
    "language_practice",
    "work_practice",
    "trade_course",
    "parenting_course",
    "life_skills",
    "career_guidance",
    "education",
    "work",
    "other",
)
_TOP = {"profile", "language", "applies_in", "plan", "pay_period", "ladder", "indicators"}
_PAY = {"start_day", "source", "confidence"}
_LADDER = {"name", "source", "phases"}
_PHASE = {"key", "name", "description", "activities", "source"}
_INDICATOR = {"key", "label", "percent", "source"}


@dataclass(frozen=True)
class Phase:
    key: str
    name: str
    description: str
    activities: tuple[str, ...]
    source: str
    line: int


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    percent: int
    source: str


@dataclass(frozen=True)
class ProgrammeProfile:
    path: Path
    name: str
    language: str
    applies_in: tuple[str, ...]
    plan: str
    pay_period_start_day: int
    pay_period_source: str
    pay_period_confidence: str
    ladder_name: str
    ladder_source: str
    phases: tuple[Phase, ...]
    indicators: tuple[Indicator, ...]

    def phase(self, key: str) -> Phase | None:
        return next((p for p in self.phases if p.key == key), None)

    @property
    def phase_choices(self) -> list[tuple[str, str]]:
        return [(p.key, p.name) for p in self.phases]


# Without a profile of its own a municipality has no ladder and pays by calendar month (assumed).
DEFAULT = ProgrammeProfile(
    path=Path(),
    name="",
    language="nb",
    applies_in=(),
    plan="",
    pay_period_start_day=1,
    pay_period_source="",
    pay_period_confidence="assumed",
    ladder_name="",
    ladder_source="",
    phases=(),
    indicators=(),
)


class _Reader(YamlReader):
    def integer(self, node: yaml.Node, what: str, low: int, high: int) -> int:
        value = self._constructor.construct_object(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise self.error(f"{what} must be a whole number from {low} to {high}.", node)
        return value

    def key(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        if not set(value) <= set(_KEY) or len(value) > 40:
            raise self.error(f"{what} {value!r}: use lowercase letters, digits and _ (at most 40).", node)
        return value


def load_profile(path: str | Path) -> ProgrammeProfile:
    path = Path(path)
    root = compose_yaml(path)
    r = _Reader(path)
    top = r.mapping(
        root, "the programme profile", _TOP, {"profile", "language", "applies_in", "plan", "ladder"}
    )
    applies_in = tuple(r.number(n, "applies_in") for n in r.sequence(top["applies_in"], "applies_in"))
    if not applies_in:
        raise r.error("applies_in lists no municipality number.", top["applies_in"])
    start_day, pay_source, pay_confidence = 1, "", "assumed"
    if "pay_period" in top:
        pay = r.mapping(top["pay_period"], "pay_period", _PAY, _PAY)
        start_day = r.integer(pay["start_day"], "pay_period: start_day", 1, 28)
        pay_source = r.text(pay["source"], "pay_period: source")
        pay_confidence = r.choice(pay["confidence"], "pay_period: confidence", CONFIDENCES)
    ladder = r.mapping(top["ladder"], "ladder", _LADDER, _LADDER)
    phases: list[Phase] = []
    for node in r.sequence(ladder["phases"], "ladder: phases"):
        items = r.mapping(node, "a phase", _PHASE, _PHASE)
        key = r.key(items["key"], "a phase's key")
        where = f"phase {key}, field"
        if any(p.key == key for p in phases):
            raise r.error(f"phase {key}: the key is used twice.", items["key"])
        kinds = [
            r.choice(n, f"{where} activities", ACTIVITY_KINDS)
            for n in r.sequence(items["activities"], f"{where} activities")
        ]
        phases.append(
            Phase(
                key=key,
                name=r.text(items["name"], f"{where} name"),
                description=r.text(items["description"], f"{where} description"),
                activities=tuple(kinds),
                source=r.text(items["source"], f"{where} source"),
                line=node.start_mark.line + 1,
            )
        )
    if not phases:
        raise r.error("the ladder has no phases.", ladder["phases"])
    indicators = []
    if "indicators" in top:
        for node in r.sequence(top["indicators"], "indicators"):
            items = r.mapping(node, "an indicator", _INDICATOR, _INDICATOR)
            indicators.append(
                Indicator(
                    key=r.key(items["key"], "an indicator's key"),
                    label=r.text(items["label"], "indicator label"),
                    percent=r.integer(items["percent"], "indicator percent", 0, 100),
                    source=r.text(items["source"], "indicator source"),
                )
            )
    return ProgrammeProfile(
        path=path,
        name=r.text(top["profile"], "profile"),
        language=r.choice(top["language"], "language", ("nb", "nn")),
        applies_in=applies_in,
        plan=r.text(top["plan"], "plan"),
        pay_period_start_day=start_day,
        pay_period_source=pay_source,
        pay_period_confidence=pay_confidence,
        ladder_name=r.text(ladder["name"], "ladder: name"),
        ladder_source=r.text(ladder["source"], "ladder: source"),
        phases=tuple(phases),
        indicators=tuple(indicators),
    )


def builtin_profile_files() -> list[Path]:
    return sorted(PROFILE_DIR.glob("*.yaml"))


def load_profiles(paths: list[Path] | None = None) -> dict[str, ProgrammeProfile]:
    """Every profile by municipality number; a number claimed by two files is an error."""
    by_number: dict[str, ProgrammeProfile] = {}
    for path in paths or builtin_profile_files():
        profile = load_profile(path)
        for number in profile.applies_in:
            if number in by_number:
                raise ProfileError(
                    f"municipality {number} is already in the profile {by_number[number].path.name}.", path
                )
            by_number[number] = profile
    return by_number


@cache
def _builtin() -> dict[str, ProgrammeProfile]:
    return load_profiles()


def profile_for(municipality_number: str) -> ProgrammeProfile:
    return _builtin().get(municipality_number, DEFAULT)
