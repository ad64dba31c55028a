"""Each municipality's leisure as data: its interest list, the activity catalogue and the support schemes
its plan names (``profiles/hemsedal.yaml``, ``profiles/aal.yaml``).

Loading checks everything, and an error names its file, line and key (``ProfileError``), as the housing
profiles and the routine files do. ``apply_profile_files`` puts the files into the municipalities that
exist: what a key already names in the municipality is left as the municipality has kept it since (the
files are a start, the municipality's own list is the truth), so applying again changes nothing. The
demo data and the command ``apply_leisure`` use it; a new municipality gets its list the same way.

Amounts: a cost or a scheme's limit that the plan does not give is left out (empty). A limit that is
not from a source is marked ``assumed: true``, and the product shows it as assumed.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import yaml
from django.db import transaction

from lagrundt.core.yaml_files import ProfileError, YamlReader, compose_yaml
from lagrundt.tenancy.models import Municipality

from .models import Activity, Interest, SchemeKind, Season, SupportScheme

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"
TOP_KEYS = {"profile", "applies_in", "source", "interests", "activities", "schemes"}
INTEREST_KEYS = {"key", "name"}
ACTIVITY_KEYS = {
    "key",
    "organisation",
    "name",
    "description",
    "age_from",
    "age_to",
    "place",
    "cost",
    "cost_note",
    "season",
    "contact",
    "low_threshold",
    "interests",
}
SCHEME_KEYS = {"key", "name", "kind", "max_amount", "children_only", "source", "assumed"}


@dataclass(frozen=True)
class InterestSpec:
    key: str
    name: str


@dataclass(frozen=True)
class ActivitySpec:
    key: str
    organisation: str
    name: str
    description: str = ""
    age_from: int | None = None
    age_to: int | None = None
    place: str = ""
    cost: Decimal | None = None
    cost_note: str = ""
    season: str = Season.ALL_YEAR
    contact: str = ""
    low_threshold: bool = False
    interests: tuple[str, ...] = ()


@dataclass(frozen=True)
class SchemeSpec:
    key: str
    name: str
    kind: str
    max_amount: Decimal | None = None
    children_only: bool = False
    source: str = ""
    assumed: bool = False


@dataclass(frozen=True)
class LeisureProfile:
    profile: str
    applies_in: tuple[str, ...]
    source: str
    interests: tuple[InterestSpec, ...]
    activities: tuple[ActivitySpec, ...]
    schemes: tuple[SchemeSpec, ...]


class _Reader(YamlReader):
    def _scalar(self, node: yaml.Node, what: str):
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(f"{what} must be a single value.", node)
        return self._constructor.construct_object(node)

    def boolean(self, node: yaml.Node, what: str) -> bool:
        value = self._scalar(node, what)
        if not isinstance(value, bool):
            raise self.error(f"{what} must be true or false.", node)
        return value

    def age(self, node: yaml.Node, what: str) -> int | None:
        value = self._scalar(node, what)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 120:
            raise self.error(f"{what} must be a whole number from 0 to 120, or empty.", node)
        return value

    def amount(self, node: yaml.Node, what: str) -> Decimal | None:
        value = self._scalar(node, what)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.error(f"{what} must be an amount in kroner, or empty.", node)
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise self.error(f"{what} must be an amount in kroner, or empty.", node) from None
        if amount < 0 or amount >= Decimal("10000000"):
            raise self.error(f"{what} must be from 0 to 9 999 999 kroner.", node)
        return amount

    def optional_text(self, node: yaml.Node, what: str) -> str:
        if isinstance(node, yaml.ScalarNode) and self._constructor.construct_object(node) is None:
            return ""
        return self.text(node, what)

    def key(self, node: yaml.Node, what: str, taken: set[str], max_length: int) -> str:
        key = self.text(node, what)
        if len(key) > max_length or not key.replace("-", "").replace("_", "").isalnum() or not key.isascii():
            raise self.error(
                f"{what} {key!r} must be letters a–z, digits, - and _ (at most {max_length}).", node
            )
        if key in taken:
            raise self.error(f"{what} {key!r} is given twice.", node)
        taken.add(key)
        return key


def load_profile(path: str | Path) -> LeisureProfile:
    """Read and check one municipality's leisure file."""
    path = Path(path)
    r = _Reader(path)
    root = compose_yaml(path)
    top = r.mapping(root, "the leisure profile", TOP_KEYS, {"profile", "applies_in", "source", "interests"})
    applies_in = tuple(r.number(n, "applies_in") for n in r.sequence(top["applies_in"], "applies_in"))

    interests: list[InterestSpec] = []
    taken: set[str] = set()
    for node in r.sequence(top["interests"], "interests"):
        m = r.mapping(node, "an interest", INTEREST_KEYS, INTEREST_KEYS)
        key = r.key(m["key"], "interests: key", taken, 40)
        name = r.text(m["name"], f"interest {key}: name")
        if len(name) > 80:
            raise r.error(f"interest {key}: name is longer than 80 characters.", m["name"])
        interests.append(InterestSpec(key, name))
    interest_keys = {i.key for i in interests}

    activities: list[ActivitySpec] = []
    taken = set()
    for node in r.sequence(top["activities"], "activities") if "activities" in top else ():
        m = r.mapping(node, "an activity", ACTIVITY_KEYS, {"key", "organisation", "name"})
        key = r.key(m["key"], "activities: key", taken, 60)
        what = f"activity {key}"
        values: dict = {
            "key": key,
            "organisation": r.text(m["organisation"], f"{what}: organisation"),
            "name": r.text(m["name"], f"{what}: name"),
        }
        for name in ("description", "place", "cost_note", "contact"):
            if name in m:
                values[name] = r.optional_text(m[name], f"{what}: {name}")
        for name in ("age_from", "age_to"):
            if name in m:
                values[name] = r.age(m[name], f"{what}: {name}")
        low, high = values.get("age_from"), values.get("age_to")
        if low is not None and high is not None and low > high:
            raise r.error(f"{what}: age_from is above age_to.", m["age_from"])
        if "cost" in m:
            values["cost"] = r.amount(m["cost"], f"{what}: cost")
        if "season" in m:
            values["season"] = r.choice(m["season"], f"{what}: season", Season.values)
        if "low_threshold" in m:
            values["low_threshold"] = r.boolean(m["low_threshold"], f"{what}: low_threshold")
        if "interests" in m:
            keys = []
            for n in r.sequence(m["interests"], f"{what}: interests"):
                k = r.text(n, f"{what}: interests")
                if k not in interest_keys:
                    raise r.error(f"{what}: interest {k!r} is not in the file's interests.", n)
                keys.append(k)
            values["interests"] = tuple(keys)
        activities.append(ActivitySpec(**values))

    schemes: list[SchemeSpec] = []
    taken = set()
    for node in r.sequence(top["schemes"], "schemes") if "schemes" in top else ():
        m = r.mapping(node, "a support scheme", SCHEME_KEYS, {"key", "name", "kind", "source"})
        key = r.key(m["key"], "schemes: key", taken, 40)
        what = f"scheme {key}"
        values = {
            "key": key,
            "name": r.text(m["name"], f"{what}: name"),
            "kind": r.choice(m["kind"], f"{what}: kind", SchemeKind.values),
            "source": r.text(m["source"], f"{what}: source"),
        }
        if "max_amount" in m:
            values["max_amount"] = r.amount(m["max_amount"], f"{what}: max_amount")
        for name in ("children_only", "assumed"):
            if name in m:
                values[name] = r.boolean(m[name], f"{what}: {name}")
        if values.get("assumed") and values.get("max_amount") is None:
            raise r.error(f"{what}: assumed is true, but there is no max_amount to assume.", m["assumed"])
        schemes.append(SchemeSpec(**values))

    return LeisureProfile(
        profile=r.text(top["profile"], "profile"),
        applies_in=applies_in,
        source=r.text(top["source"], "source"),
        interests=tuple(interests),
        activities=tuple(activities),
        schemes=tuple(schemes),
    )


def load_profiles(paths=None) -> dict[str, LeisureProfile]:
    """The profiles by municipality number (the shipped ones when no paths are given)."""
    found: dict[str, LeisureProfile] = {}
    for path in sorted(Path(p) for p in paths) if paths else sorted(PROFILE_DIR.glob("*.yaml")):
        profile = load_profile(path)
        for number in profile.applies_in:
            if number in found:
                raise ProfileError(f"municipality {number} has two leisure profiles.", path)
            found[number] = profile
    return found


@cache
def profiles() -> dict[str, LeisureProfile]:
    """The shipped profiles by municipality number. Read once per process."""
    return load_profiles()


def apply_profile(municipality: Municipality, profile: LeisureProfile) -> dict[str, int]:
    """Put a profile's interests, activities and schemes into the municipality: each key not there yet
    is made; those there are left as the municipality keeps them. Returns how many of each were made."""
    made = {"interests": 0, "activities": 0, "schemes": 0}
    with transaction.atomic():
        interests = {i.key: i for i in Interest.objects.filter(municipality=municipality)}
        for order, spec in enumerate(profile.interests, start=1):
            if spec.key not in interests:
                interests[spec.key] = Interest.objects.create(
                    municipality=municipality, key=spec.key, name=spec.name, order=order * 10
                )
                made["interests"] += 1
        existing = set(
            Activity.objects.filter(municipality=municipality).exclude(key="").values_list("key", flat=True)
        )
        for spec in profile.activities:
            if spec.key in existing:
                continue
            activity = Activity.objects.create(
                municipality=municipality,
                key=spec.key,
                organisation=spec.organisation,
                name=spec.name,
                description=spec.description,
                age_from=spec.age_from,
                age_to=spec.age_to,
                place=spec.place,
                cost=spec.cost,
                cost_note=spec.cost_note,
                season=spec.season,
                contact=spec.contact,
                low_threshold=spec.low_threshold,
            )
            activity.interests.set([interests[k] for k in spec.interests])
            made["activities"] += 1
        schemes = set(SupportScheme.objects.filter(municipality=municipality).values_list("key", flat=True))
        for spec in profile.schemes:
            if spec.key in schemes:
                continue
            SupportScheme.objects.create(
                municipality=municipality,
                key=spec.key,
                name=spec.name,
                kind=spec.kind,
                max_amount=spec.max_amount,
                children_only=spec.children_only,
                source=spec.source,
                assumed=spec.assumed,
            )
            made["schemes"] += 1
    return made


def apply_profile_files(paths=None) -> dict[str, int]:
    """Apply the profiles (the shipped ones, or the given files) to the municipalities that exist."""
    found = load_profiles(paths) if paths else profiles()
    totals = {"interests": 0, "activities": 0, "schemes": 0, "municipalities": 0}
    for municipality in Municipality.objects.filter(number__in=list(found)).order_by("number"):
        made = apply_profile(municipality, found[municipality.number])
        totals["municipalities"] += 1
        for name, count in made.items():
            totals[name] += count
    return totals
