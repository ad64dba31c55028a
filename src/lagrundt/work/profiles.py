"""The matching's weights per municipality, read and checked from ``profiles/matching.yaml``.

Loading checks everything first; an error names the file and the line (``ProfileError``), as the
other profile files of Lagrundt do, so that the person who edits the YAML can fix it.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from lagrundt.core.yaml_files import ProfileError, YamlReader, compose_yaml

from .rules import WEIGHT_KEYS
from .vocabulary import OpeningKind

MATCHING_FILE = Path(__file__).resolve().parent / "profiles" / "matching.yaml"
MAX_WEIGHT = 100


@dataclass(frozen=True)
class WeightProfile:
    path: Path
    weights: dict[str, float]
    kinds: dict[str, dict[str, float]]
    municipalities: dict[str, tuple[dict[str, float], dict[str, dict[str, float]]]]

    def weights_for(self, municipality_number: str, kind: str) -> dict[str, float]:
        """The baseline, then the kind's changes, then the municipality's and its kind's."""
        weights = dict(self.weights)
        weights.update(self.kinds.get(kind, {}))
        own, own_kinds = self.municipalities.get(municipality_number, ({}, {}))
        weights.update(own)
        weights.update(own_kinds.get(kind, {}))
        return weights


class _Reader(YamlReader):
    def weight(self, node: yaml.Node, what: str) -> float:
        value = self._constructor.construct_object(node) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= MAX_WEIGHT:
            raise self.error(f"{what} must be a number from 0 to {MAX_WEIGHT}, not {node.value!r}.", node)
        return float(value)

    def weights(self, node: yaml.Node, what: str, *, complete: bool = False) -> dict[str, float]:
        items = self.mapping(node, what, set(WEIGHT_KEYS), set(WEIGHT_KEYS) if complete else set())
        return {key: self.weight(value, f"{what}: {key}") for key, value in items.items()}

    def kinds(self, node: yaml.Node, what: str) -> dict[str, dict[str, float]]:
        items = self.mapping(node, what, set(OpeningKind.values), set())
        return {kind: self.weights(value, f"{what}: {kind}") for kind, value in items.items()}


def load_weights(path: str | Path = MATCHING_FILE) -> WeightProfile:
    path = Path(path)
    r = _Reader(path)
    top = r.mapping(compose_yaml(path), "the matching file", {"baseline", "municipalities"}, {"baseline"})
    base = r.mapping(top["baseline"], "baseline", {"weights", "kinds"}, {"weights"})
    weights = r.weights(base["weights"], "baseline weights", complete=True)
    if not any(weights.values()):
        raise r.error("baseline weights: at least one weight must be above 0.", base["weights"])
    kinds = r.kinds(base["kinds"], "baseline kinds") if "kinds" in base else {}
    municipalities: dict = {}
    for node in r.sequence(top["municipalities"], "municipalities") if "municipalities" in top else []:
        m = r.mapping(node, "a municipality", {"number", "name", "weights", "kinds"}, {"number"})
        number = r.number(m["number"], "municipality number")
        if number in municipalities:
            raise r.error(f"municipality {number} is listed twice.", m["number"])
        where = f"municipality {number}"
        municipalities[number] = (
            r.weights(m["weights"], f"{where} weights") if "weights" in m else {},
            r.kinds(m["kinds"], f"{where} kinds") if "kinds" in m else {},
        )
    return WeightProfile(path=path, weights=weights, kinds=kinds, municipalities=municipalities)


@cache
def weight_profile() -> WeightProfile:
    """The shipped weights, read once per process."""
    return load_weights()


__all__ = ["MATCHING_FILE", "ProfileError", "WeightProfile", "load_weights", "weight_profile"]
