"""Each municipality's housing rules as data: the bedroom rule, what rent a household can bear, the
inspection checklist for years 1–5, the tenant guidance topics and (Ål) the approval checklist.

``profiles/baseline.yaml`` holds the defaults every municipality has; a municipality's file
(``hemsedal.yaml``, ``aal.yaml``) replaces the parts it gives. Loading checks everything and an error
names its file and line (``ProfileError``), as the routine files do.
"""

from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language

from lagrundt.core.yaml_files import ProfileError, YamlReader, compose_yaml

from .rules import BedroomRule

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"
LANGUAGES = ("nb", "nn", "en")
YEARS = (1, 2, 3, 4, 5)
TOP_KEYS = {
    "profile",
    "applies_in",
    "assumed",
    "source",
    "bedrooms",
    "affordability",
    "school_minutes",
    "bus_minutes",
    "approval_required",
    "approval",
    "guidance",
    "inspections",
}


@dataclass(frozen=True)
class Item:
    """A checklist item or a guidance topic: a key kept in the data, a title per language."""

    key: str
    titles: dict[str, str]

    @property
    def title(self) -> str:
        language = (get_language() or "nb").split("-")[0]
        return self.titles.get(language) or self.titles.get("nb") or self.key


@dataclass(frozen=True)
class HousingProfile:
    profile: str
    applies_in: tuple[str, ...]
    source: str
    assumed: bool
    bedrooms: BedroomRule
    max_rent_share_percent: int
    school_minutes: int
    bus_minutes: int
    approval_required: bool
    approval: tuple[Item, ...] = ()
    guidance: tuple[Item, ...] = ()
    inspections: dict[int, tuple[Item, ...]] = field(default_factory=dict)

    def checklist(self, year: int) -> tuple[Item, ...]:
        return self.inspections.get(year, ())

    def guidance_title(self, key: str) -> str:
        return next((i.title for i in self.guidance if i.key == key), key)


class _Reader(YamlReader):
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

    def years(self, node: yaml.Node) -> dict[int, yaml.Node]:
        """The checklist per year: every year 1–5 once, each a list."""
        if not isinstance(node, yaml.MappingNode):
            raise self.error("inspections must map each year 1–5 to its items.", node)
        found: dict[int, yaml.Node] = {}
        for key_node, value_node in node.value:
            year = self._constructor.construct_object(key_node)
            if year not in YEARS or isinstance(year, bool) or year in found:
                raise self.error(f"inspections: {key_node.value!r} is not a year 1–5 given once.", key_node)
            found[year] = value_node
        missing = [str(y) for y in YEARS if y not in found]
        if missing:
            raise self.error(f"inspections lacks the year(s) {', '.join(missing)}.", node)
        return found

    def items(self, node: yaml.Node, what: str) -> tuple[Item, ...]:
        found: list[Item] = []
        for entry in self.sequence(node, what):
            m = self.mapping(entry, f"an item of {what}", {"key", "title"}, {"key", "title"})
            key = self.text(m["key"], f"{what}: key")
            if len(key) > 60 or not key.replace("_", "").isalnum():
                raise self.error(f"{what}: key {key!r} must be letters, digits and _ (at most 60).", m["key"])
            if any(i.key == key for i in found):
                raise self.error(f"{what}: the key {key!r} is listed twice.", m["key"])
            titles = self.mapping(m["title"], f"{what} {key}: title", set(LANGUAGES), set(LANGUAGES))
            found.append(
                Item(key, {lang: self.text(n, f"{what} {key}: title ({lang})") for lang, n in titles.items()})
            )
        return tuple(found)


def load_profile(path: str | Path, base: HousingProfile | None = None) -> HousingProfile:
    """Read and check one file; a municipality's file starts from ``base`` (the baseline)."""
    path = Path(path)
    r = _Reader(path)
    root = compose_yaml(path)
    required = {"profile", "applies_in"} | (set() if base else {"bedrooms", "affordability", "inspections"})
    top = r.mapping(root, "the housing profile", TOP_KEYS, required)
    values: dict = {
        "profile": r.text(top["profile"], "profile"),
        "applies_in": tuple(r.number(n, "applies_in") for n in r.sequence(top["applies_in"], "applies_in")),
    }
    if "source" in top:
        values["source"] = r.text(top["source"], "source")
    if "assumed" in top:
        values["assumed"] = r.boolean(top["assumed"], "assumed")
    if "bedrooms" in top:
        b = r.mapping(
            top["bedrooms"],
            "bedrooms",
            {"couple_shares", "adult_from_age", "children_share_to_age", "children_per_room"},
            {"couple_shares", "adult_from_age", "children_share_to_age", "children_per_room"},
        )
        values["bedrooms"] = BedroomRule(
            couple_shares=r.boolean(b["couple_shares"], "bedrooms: couple_shares"),
            adult_from_age=r.integer(b["adult_from_age"], "bedrooms: adult_from_age", 14, 25),
            children_share_to_age=r.integer(
                b["children_share_to_age"], "bedrooms: children_share_to_age", 0, 17
            ),
            children_per_room=r.integer(b["children_per_room"], "bedrooms: children_per_room", 1, 4),
        )
    if "affordability" in top:
        a = r.mapping(top["affordability"], "affordability", {"max_share_percent"}, {"max_share_percent"})
        values["max_rent_share_percent"] = r.integer(
            a["max_share_percent"], "affordability: max_share_percent", 1, 100
        )
    for key in ("school_minutes", "bus_minutes"):
        if key in top:
            values[key] = r.integer(top[key], key, 1, 240)
    if "approval_required" in top:
        values["approval_required"] = r.boolean(top["approval_required"], "approval_required")
    if "approval" in top:
        values["approval"] = r.items(top["approval"], "approval")
    if "guidance" in top:
        values["guidance"] = r.items(top["guidance"], "guidance")
    if "inspections" in top:
        years = r.years(top["inspections"])
        values["inspections"] = {
            year: r.items(node, f"inspections year {year}") for year, node in years.items()
        }
        for year, items in values["inspections"].items():
            if not items:
                raise r.error(f"inspections year {year} has no items.", years[year])
    if base is None:
        missing = {"source", "school_minutes", "bus_minutes"} - values.keys()
        if missing:
            raise r.error(f"the baseline lacks {', '.join(sorted(missing))}.", root)
        values.setdefault("assumed", True)
        values.setdefault("approval_required", False)
        return HousingProfile(**values)
    if values.get("approval_required", base.approval_required) and not values.get("approval", base.approval):
        raise r.error("approval_required is true, but there is no approval checklist.", root)
    return replace(base, **values)


@cache
def profiles() -> dict[str, HousingProfile]:
    """The shipped profiles by municipality number; '' is the baseline. Read once per process."""
    base = load_profile(PROFILE_DIR / "baseline.yaml")
    found = {"": base}
    for path in sorted(PROFILE_DIR.glob("*.yaml")):
        if path.name == "baseline.yaml":
            continue
        profile = load_profile(path, base)
        for number in profile.applies_in:
            if number in found:
                raise ProfileError(f"municipality {number} has two housing profiles.", path)
            found[number] = profile
    return found


def profile_for(municipality) -> HousingProfile:
    """The housing profile of a municipality (a ``Municipality`` or its number)."""
    number = getattr(municipality, "number", municipality)
    shipped = profiles()
    return shipped.get(number, shipped[""])


__all__ = ["HousingProfile", "Item", "ProfileError", "load_profile", "profile_for", "profiles"]
