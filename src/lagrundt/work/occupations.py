"""STYRK-08 occupation codes and their titles, read once from the cited data file ``data/styrk08.csv``.

Occupations in profiles and openings are STYRK-08 unit groups (four digits). How close two
occupations are is how many leading digits they share: the same unit group (4), minor group (3),
sub-major group (2) or major group (1). Sources and the rules for the English titles are in the
file's header and in docs/work.md.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DATA_FILE = Path(__file__).resolve().parent / "data" / "styrk08.csv"
UNIT_GROUP_DIGITS = 4

MSG_UNKNOWN_OCCUPATION = _(
    "«%(code)s» is not a STYRK-08 occupation code. Choose a four-digit code from the list, "
    "for example 9112 (cleaners in offices, hotels and other establishments)."
)


@dataclass(frozen=True)
class Occupation:
    code: str
    level: int
    title_nb: str
    title_en: str

    def title(self, language: str | None = None) -> str:
        language = (language or get_language() or "nb")[:2]
        # Nynorsk shows the bokmål titles, and codes without an ISCO-08 counterpart have no English one.
        return self.title_en if language == "en" and self.title_en else self.title_nb


class OccupationFileError(ValueError):
    """The data file is broken; the message names the file and the line."""


@cache
def occupations() -> dict[str, Occupation]:
    """Every STYRK-08 group by code, checked: digits only, level = length, each group under its parent."""
    found: dict[str, Occupation] = {}
    with DATA_FILE.open(encoding="utf-8") as handle:
        rows = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(rows):
            code = row["code"]
            where = f"{DATA_FILE.name}, code {code!r}"
            if (
                not code.isdigit()
                or not 1 <= len(code) <= UNIT_GROUP_DIGITS
                or int(row["level"]) != len(code)
            ):
                raise OccupationFileError(f"{where}: a code has 1 to 4 digits and its level is its length.")
            if code in found:
                raise OccupationFileError(f"{where}: the code is listed twice.")
            if len(code) > 1 and code[:-1] not in found:
                raise OccupationFileError(f"{where}: its group {code[:-1]} must come before it.")
            if not row["title_nb"].strip():
                raise OccupationFileError(f"{where}: the bokmål title is missing.")
            found[code] = Occupation(code, len(code), row["title_nb"].strip(), row["title_en"].strip())
    return found


def get(code: str) -> Occupation | None:
    return occupations().get(code)


def is_unit_group(code: str) -> bool:
    occupation = occupations().get(code)
    return occupation is not None and occupation.level == UNIT_GROUP_DIGITS


def validate_unit_group(code: str) -> None:
    """A model and form validator: the code must be a four-digit STYRK-08 unit group in the file."""
    if not is_unit_group(str(code)):
        raise ValidationError(MSG_UNKNOWN_OCCUPATION, code="unknown_occupation", params={"code": code})


def title(code: str, language: str | None = None) -> str:
    occupation = occupations().get(code)
    return occupation.title(language) if occupation else code


def label(code: str, language: str | None = None) -> str:
    """ "9112 Renholdere i virksomheter": the code and its title, as lists show an occupation."""
    return f"{code} {title(code, language)}" if code else ""


def shared_digits(a: str, b: str) -> int:
    """How many leading digits two codes share: 4 = same unit group … 0 = different major groups."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def group_of(code: str, digits: int) -> Occupation | None:
    """The group a code belongs to at ``digits`` digits (3 = minor group …)."""
    return occupations().get(code[:digits]) if digits else None


def choices(language: str | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Unit groups under their major group, for a select with option groups."""
    groups: dict[str, list[tuple[str, str]]] = {}
    majors = {o.code: o for o in occupations().values() if o.level == 1}
    for occupation in occupations().values():
        if occupation.level == UNIT_GROUP_DIGITS:
            groups.setdefault(occupation.code[0], []).append(
                (occupation.code, f"{occupation.code} {occupation.title(language)}")
            )
    return [(f"{m} {majors[m].title(language)}", options) for m, options in sorted(groups.items())]
