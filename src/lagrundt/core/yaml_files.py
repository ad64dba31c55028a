"""Reading Lagrundt's YAML data files (profiles, routines, plans, rules) so that every error names its
file and line: the person who edits a file fixes it without reading Python.

Each kind of file has its own reader built on ``YamlReader``, which walks the composed node tree so
that every value still knows its line.
"""

import re
from pathlib import Path

import yaml

_NUMBER_RE = re.compile(r"^\d{4}$")


class ProfileError(ValueError):
    """A profile that cannot be used; the message says where (file and line) and what is wrong."""

    def __init__(self, message: str, path: str | Path, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.problem = message
        where = f"{self.path}, line {line}" if line else self.path
        super().__init__(f"{where}: {message}")


class YamlReader:
    """Walks the composed YAML node tree so that every value still knows its line."""

    def __init__(self, path: Path):
        self.path = path
        self._constructor = yaml.constructor.SafeConstructor()

    def error(self, message: str, node: yaml.Node | None) -> ProfileError:
        return ProfileError(message, self.path, node.start_mark.line + 1 if node is not None else None)

    def mapping(
        self, node: yaml.Node, what: str, allowed: set[str], required: set[str]
    ) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(f"{what} must be a mapping of keys to values.", node)
        items: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self._constructor.construct_object(key_node)
            if not isinstance(key, str) or key not in allowed:
                raise self.error(
                    f"unknown key {key!r} in {what}; allowed keys are {', '.join(sorted(allowed))}.", key_node
                )
            if key in items:
                raise self.error(f"the key {key!r} appears twice in {what}.", key_node)
            items[key] = value_node
        missing = sorted(required - items.keys())
        if missing:
            raise self.error(f"{what} lacks the key(s) {', '.join(missing)}.", node)
        return items

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(f"{what} must be a list.", node)
        return list(node.value)

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(f"{what} must be a single value.", node)
        value = self._constructor.construct_object(node)
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{what} must be a non-empty text.", node)
        return value.strip()

    def number(self, node: yaml.Node, what: str) -> str:
        """A four-digit municipality number. YAML integers are accepted, but lose leading zeros."""
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(f"{what} must be a single value.", node)
        value = self._constructor.construct_object(node)
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if not _NUMBER_RE.match(text):
            raise self.error(
                f"{what} {text or node.value!r} is not a municipality number: it must have exactly "
                'four digits (write it in quotes, e.g. "0301", so that a leading zero is kept).',
                node,
            )
        return text

    def choice(self, node: yaml.Node, what: str, choices) -> str:
        value = self.text(node, what)
        if value not in choices:
            raise self.error(f"unknown {what} {value!r}; use one of {', '.join(choices)}.", node)
        return value


def compose_yaml(path: Path) -> yaml.Node:
    """The YAML node tree of a file (values keep their lines), or a ``ProfileError`` saying why not."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"cannot read the file ({exc.strerror}).", path) from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ProfileError(f"not valid YAML: {exc.problem}.", path, line) from exc
    if root is None:
        raise ProfileError("the file is empty.", path)
    return root
