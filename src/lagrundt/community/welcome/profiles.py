"""The municipalities' welcome letter texts (``community/profiles/*.yaml``): the written form (bokmål or
nynorsk) and the translations each municipality provides, read and checked so that an error names the
file and the line."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lagrundt.core.yaml_files import YamlReader, compose_yaml
from lagrundt.people.languages import Language

PROFILE_DIR = Path(__file__).resolve().parent.parent / "profiles"
WRITTEN_FORMS = ("nb", "nn")


@dataclass(frozen=True)
class LetterProfile:
    municipality_number: str
    written_form: str
    letters: dict[str, tuple[str, str]]  # language: (title, body)


def load(path: Path) -> LetterProfile:
    r = YamlReader(path)
    top = r.mapping(
        compose_yaml(path),
        "the file",
        {"municipality", "written_form", "letters"},
        {"municipality", "written_form", "letters"},
    )
    number = r.number(top["municipality"], "municipality")
    form = r.choice(top["written_form"], "written_form", WRITTEN_FORMS)
    languages = set(WRITTEN_FORMS) | set(Language.values)
    letters = {}
    for code, node in r.mapping(top["letters"], "letters", languages, {form}).items():
        item = r.mapping(node, f"letters: {code}", {"title", "body"}, {"title", "body"})
        letters[code] = (r.text(item["title"], f"{code}: title"), r.text(item["body"], f"{code}: body"))
    return LetterProfile(number, form, letters)


@cache
def letter_profiles() -> dict[str, LetterProfile]:
    """Every municipality's letters, by municipality number."""
    found = (load(path) for path in sorted(PROFILE_DIR.glob("*.yaml")))
    return {p.municipality_number: p for p in found}


def written_form(municipality_number: str) -> str:
    """The municipality's written form of Norwegian for its letters: "nn" or "nb" (bokmål unless told)."""
    profile = letter_profiles().get(municipality_number)
    return profile.written_form if profile else "nb"
