"""The programme's rules as dated data: read from ``data/*.yaml``, checked, and merged with what an
administrator recorded (rule versions whose in-force date was not found, G for a new period).

Nothing here reads the clock or knows a number of the law: a ``RuleBook`` answers "which version of
this rule applies on this day, from which source, with which confidence", and "which G applies on
this day". The calculations in ``rules.py`` take a ``RuleBook``; tests build one without a database.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache, cached_property
from pathlib import Path

import yaml

from lagrundt.core.sources import NOT_VERIFIED, Confidence
from lagrundt.core.yaml_files import ProfileError, YamlReader, compose_yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
RULES_FILE = DATA_DIR / "rules.yaml"
BASE_AMOUNTS_FILE = DATA_DIR / "base_amounts.yaml"
LANGUAGES = ("nb", "nn", "en")

# The confidences are the shared vocabulary (core.sources), spelt as the fact files tag them.
VERIFIED = Confidence.VERIFIED.value
COMPUTED = Confidence.COMPUTED.value
UNCERTAIN = Confidence.UNCERTAIN.value
RECALLED = Confidence.RECALLED.value
NOT_FOUND = Confidence.NOT_FOUND.value
ASSUMED = Confidence.ASSUMED.value
CONFIDENCES = tuple(Confidence.values)
# A version "from: not-found" waits for an administrator to record the date.
PENDING = "not-found"


class RuleMissing(LookupError):
    """No version of a rule applies on the day asked (or the rule does not exist)."""


class BaseAmountMissing(LookupError):
    """No G is recorded for a day: an administrator must record it, dated and sourced."""

    def __init__(self, on: dt.date):
        self.on = on
        self.period_start = g_period_start(on)
        super().__init__(f"No base amount (G) is recorded for the period from {self.period_start}.")


@dataclass(frozen=True)
class RuleVersion:
    key: str
    valid_from: dt.date | None  # None: the in-force date is not known, so it never applies
    value: dict
    rule: str
    source: str
    fact: str
    confidence: str
    note: str = ""
    origin: str = "file"  # "file" or "administrator"
    line: int | None = None

    @property
    def verified(self) -> bool:
        return self.confidence not in NOT_VERIFIED

    @property
    def assumed(self) -> bool:
        return self.confidence in (ASSUMED, RECALLED, NOT_FOUND)

    def fraction(self, name: str) -> Fraction:
        """A number of the value as an exact fraction ("2/3", "37.5", 3 → Fraction)."""
        return Fraction(str(self.value[name]))

    def as_record(self) -> dict:
        """What a decision stores of the rules it applied, so that the letter can be explained later."""
        return {
            "key": self.key,
            "from": self.valid_from.isoformat() if self.valid_from else None,
            "value": self.value,
            "rule": self.rule,
            "source": self.source,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class Rule:
    key: str
    title: dict[str, str]
    versions: tuple[RuleVersion, ...]

    def title_in(self, language: str) -> str:
        return self.title.get(language[:2], self.title["nb"])

    @property
    def label(self) -> str:
        """The title in the active language."""
        from django.utils.translation import get_language

        return self.title_in(get_language() or "nb")

    @cached_property
    def in_force_versions(self) -> tuple[RuleVersion, ...]:
        # The administrator's version sorts after the file's of the same day ("administrator" > "file"
        # is false, so the key puts the file first explicitly).
        return tuple(
            sorted(
                (v for v in self.versions if v.valid_from),
                key=lambda v: (v.valid_from, v.origin == "administrator"),
            )
        )

    @property
    def pending_versions(self) -> list[RuleVersion]:
        return [v for v in self.versions if v.valid_from is None]


@dataclass(frozen=True)
class BaseAmount:
    """G from ``valid_from`` (always 1 May) until the next 1 May."""

    valid_from: dt.date
    amount: Decimal
    source: str
    confidence: str
    note: str = ""
    origin: str = "file"

    @property
    def valid_to(self) -> dt.date:
        return dt.date(self.valid_from.year + 1, 4, 30)

    @property
    def verified(self) -> bool:
        return self.confidence not in NOT_VERIFIED


def g_period_start(on: dt.date) -> dt.date:
    """G changes on 1 May: the first day of the G period that contains ``on``."""
    return dt.date(on.year if (on.month, on.day) >= (5, 1) else on.year - 1, 5, 1)


@dataclass(frozen=True)
class RuleBook:
    rules: dict[str, Rule]
    base_amounts: dict[dt.date, BaseAmount] = field(default_factory=dict)

    def rule(self, key: str) -> Rule:
        try:
            return self.rules[key]
        except KeyError as exc:
            raise RuleMissing(key) from exc

    def version(self, key: str, on: dt.date) -> RuleVersion:
        """The version of a rule in force on a day: the latest with a known date on or before it.

        An administrator's version on the same day as the file's wins (it is sorted after).
        """
        found = None
        for v in self.rule(key).in_force_versions:
            if v.valid_from > on:
                break
            found = v
        if found is None:
            raise RuleMissing(f"{key} on {on}")
        return found

    def value(self, key: str, on: dt.date) -> dict:
        return self.version(key, on).value

    def has(self, key: str, on: dt.date) -> bool:
        try:
            self.version(key, on)
        except RuleMissing:
            return False
        return True

    def g(self, on: dt.date) -> BaseAmount:
        found = self.base_amounts.get(g_period_start(on))
        if found is None:
            raise BaseAmountMissing(on)
        return found

    def with_records(
        self, versions: list[RuleVersion] = (), base_amounts: list[BaseAmount] = ()
    ) -> "RuleBook":
        """This book with an administrator's rule versions and G values added (they win on the same day)."""
        rules = dict(self.rules)
        for v in versions:
            rule = rules.get(v.key)
            if rule is None:
                continue
            kept = tuple(
                x for x in rule.versions if not (x.valid_from == v.valid_from and x.origin == v.origin)
            )
            rules[v.key] = Rule(rule.key, rule.title, (*kept, v))
        amounts = dict(self.base_amounts)
        for b in base_amounts:
            amounts[b.valid_from] = b
        return RuleBook(rules, amounts)


# ---------------------------------------------------------------------------- reading the files
class _Reader(YamlReader):
    def date(self, node: yaml.Node, what: str, allow_pending: bool = False) -> dt.date | None:
        value = self._constructor.construct_object(node) if isinstance(node, yaml.ScalarNode) else None
        if allow_pending and value == PENDING:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        hint = " or not-found" if allow_pending else ""
        raise self.error(f"{what} must be a date written YYYY-MM-DD{hint}.", node)

    def plain(self, node: yaml.Node, what: str):
        """A scalar, or a mapping of scalars: the value of a rule version."""
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                key = self._constructor.construct_object(key_node)
                if not isinstance(value_node, yaml.ScalarNode):
                    raise self.error(f"{what}: {key} must be a single value.", value_node)
                result[str(key)] = self._constructor.construct_object(value_node)
            return result
        raise self.error(f"{what} must be a mapping such as {{min_age: 18, max_age: 55}}.", node)

    def optional_text(self, items: dict, key: str, what: str) -> str:
        if key not in items:
            return ""
        node = items[key]
        value = self._constructor.construct_object(node) if isinstance(node, yaml.ScalarNode) else None
        if value in (None, ""):
            return ""
        return self.text(node, what)


_RULE_KEYS = {"key", "title", "versions"}
_VERSION_KEYS = {"from", "value", "rule", "source", "fact", "confidence", "note"}


def load_rules(path: str | Path = RULES_FILE) -> dict[str, Rule]:
    """Read and check the rules file; a ``ProfileError`` names the file, the line, the rule and the field."""
    path = Path(path)
    root = compose_yaml(path)
    r = _Reader(path)
    top = r.mapping(root, "the rules file", {"rules"}, {"rules"})
    rules: dict[str, Rule] = {}
    for node in r.sequence(top["rules"], "rules"):
        items = r.mapping(node, "a rule", _RULE_KEYS, _RULE_KEYS)
        key = r.text(items["key"], "a rule's key")
        if key in rules:
            raise r.error(f"rule {key}: the key is used twice.", items["key"])
        title_items = r.mapping(items["title"], f"rule {key}, field title", set(LANGUAGES), set(LANGUAGES))
        title = {lang: r.text(n, f"rule {key}, field title ({lang})") for lang, n in title_items.items()}
        versions = []
        shape: set[str] | None = None
        for vnode in r.sequence(items["versions"], f"rule {key}, field versions"):
            where = f"rule {key}, version"
            v = r.mapping(vnode, where, _VERSION_KEYS, {"from", "value", "rule", "source", "confidence"})
            value = r.plain(v["value"], f"{where} value")
            if shape is not None and set(value) != shape:
                raise r.error(
                    f"{where} value: has the keys {sorted(value)}, but the rule's other versions have "
                    f"{sorted(shape)}.",
                    v["value"],
                )
            shape = set(value)
            versions.append(
                RuleVersion(
                    key=key,
                    valid_from=r.date(v["from"], f"{where} from", allow_pending=True),
                    value=value,
                    rule=r.text(v["rule"], f"{where} rule"),
                    source=r.text(v["source"], f"{where} source"),
                    fact=r.optional_text(v, "fact", f"{where} fact"),
                    confidence=r.choice(v["confidence"], f"{where} confidence", CONFIDENCES),
                    note=r.optional_text(v, "note", f"{where} note"),
                    line=vnode.start_mark.line + 1,
                )
            )
        if not versions:
            raise r.error(f"rule {key} has no versions.", items["versions"])
        dated = [v.valid_from for v in versions if v.valid_from]
        if len(dated) != len(set(dated)):
            raise r.error(f"rule {key}: two versions start on the same day.", items["versions"])
        rules[key] = Rule(key, title, tuple(versions))
    return rules


_AMOUNT_KEYS = {"from", "amount", "source", "confidence", "note"}


def load_base_amounts(path: str | Path = BASE_AMOUNTS_FILE) -> dict[dt.date, BaseAmount]:
    path = Path(path)
    root = compose_yaml(path)
    r = _Reader(path)
    top = r.mapping(root, "the base amount file", {"base_amounts"}, {"base_amounts"})
    amounts: dict[dt.date, BaseAmount] = {}
    for node in r.sequence(top["base_amounts"], "base_amounts"):
        items = r.mapping(node, "a base amount", _AMOUNT_KEYS, {"from", "amount", "source", "confidence"})
        start = r.date(items["from"], "from")
        if (start.month, start.day) != (5, 1):
            raise r.error(f"from: G changes on 1 May, not on {start:%d.%m.%Y}.", items["from"])
        if start in amounts:
            raise r.error(f"the G period from {start} is listed twice.", items["from"])
        raw = r._constructor.construct_object(items["amount"])
        try:
            amount = Decimal(str(raw))
        except InvalidOperation:
            amount = Decimal(-1)
        if isinstance(raw, bool) or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            raise r.error(
                "amount must be a positive number of kroner (at most two decimals).", items["amount"]
            )
        confidence = r.choice(items["confidence"], "confidence", CONFIDENCES)
        if confidence == NOT_FOUND:
            raise r.error("confidence: a G that was not found is not listed; leave the period out.", node)
        amounts[start] = BaseAmount(
            valid_from=start,
            amount=amount,
            source=r.text(items["source"], "source"),
            confidence=confidence,
            note=r.optional_text(items, "note", "note"),
        )
    return amounts


@cache
def file_rulebook() -> RuleBook:
    """The rules and G values shipped with Lagrundt, read once per process."""
    return RuleBook(load_rules(), load_base_amounts())


__all__ = [
    "BaseAmount",
    "BaseAmountMissing",
    "ProfileError",
    "Rule",
    "RuleBook",
    "RuleMissing",
    "RuleVersion",
    "file_rulebook",
    "g_period_start",
    "load_base_amounts",
    "load_rules",
]
