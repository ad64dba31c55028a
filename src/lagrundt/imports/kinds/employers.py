"""Employers, each with an optional opening on the same row.

An employer is found again by its organisation number (checked with python-stdnum as the employer form
checks it); a municipal department without one, by its name, which is unique in the municipality. The
opening of a row is found again by its employer, title and start. Rows are checked by the models' own
rules and the services' (a private business needs its number; an opening ends after it starts) and
written by ``work.services``; who may change employers on their pages (``access.resources.EMPLOYERS``)
may import them.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lagrundt.access.resources import CHANGE, EMPLOYERS
from lagrundt.core.formats import date_label
from lagrundt.work import occupations, rules, services
from lagrundt.work.models import Employer, Opening, hours_label
from lagrundt.work.vocabulary import EmployerKind, Industry, OpeningKind

from .. import cells
from .base import Column, Context, Kind, RowError, RowErrors

MSG_OPENING_REQUIRED = _("Fill in this cell: the row has an opening.")
EMPLOYERS_CACHE = "employers"
OPENINGS_CACHE = "employer_openings"
NAMES_CACHE = "employer_names"
MSG_NAME_TWICE = _("Another row of the file gives this name to an employer with another organisation number.")

EMPLOYER_COLUMNS = ("name", "org_number", "kind", "industry", "address", "notes", "active")
# The opening's columns and the opening's fields they fill.
OPENING_COLUMNS = {
    "opening_title": "title",
    "opening_kind": "kind",
    "opening_occupation": "occupation",
    "opening_hours": "hours_per_week",
    "opening_positions": "positions",
    "opening_starts_on": "starts_on",
    "opening_ends_on": "ends_on",
    "opening_place": "place",
}
OPENING_REQUIRED = ("opening_kind", "opening_occupation", "opening_hours", "opening_starts_on")


def _org_number(value) -> str:
    number = rules.normalise_org_number(cells.text(value).replace(" ", ""))
    try:
        rules.validate_org_number(number)
    except ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from None
    return number


def _occupation(value) -> str:
    """A STYRK-08 code, also as lists show it ("9112 Renholdere i virksomheter")."""
    code = cells.text(value).split(" ", 1)[0]
    if not occupations.is_unit_group(code):
        raise ValueError(str(occupations.MSG_UNKNOWN_OCCUPATION % {"code": code}))
    return code


def _yes_no(value: bool) -> str:
    return str(_("Yes") if value else _("No"))


def _shown(field: str, value) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "":
        return ""
    if field == "kind" and value in EmployerKind.values:
        return str(EmployerKind(value).label)
    if field == "industry":
        return str(Industry(value).label)
    if field == "active":
        return _yes_no(value)
    if field == "opening_kind":
        return str(OpeningKind(value).label)
    if field == "opening_occupation":
        return occupations.label(value)
    if field == "opening_hours":
        return hours_label(value)
    if field in ("opening_starts_on", "opening_ends_on"):
        return date_label(value)
    return str(value)


def _opening_of(employer: Employer, opening: dict[str, Any]) -> Opening | None:
    """The employer's opening with the row's title and start (the preview asks once per row with one)."""
    title = cells.folded(opening["opening_title"])
    for found in employer.openings.filter(starts_on=opening["opening_starts_on"]):
        if cells.folded(found.title) == title:
            return found
    return None


class Employers(Kind):
    key = "employers"
    label = _("Employers and openings")
    columns = (
        Column(
            "name",
            _("Name"),
            _("The employer's name, as the municipality knows it."),
            required=True,
            example="Fjellheimen Hotell AS",
            aliases=("navn", "namn", "name", "arbeidsgiver", "arbeidsgjevar", "employer"),
        ),
        Column(
            "org_number",
            _("Organisation number"),
            _(
                "Nine digits, spaces allowed. Required for private businesses; it finds the employer again "
                "when the file is imported once more."
            ),
            example="123 456 785",
            aliases=("organisasjonsnummer", "org.nr.", "orgnr", "org nr", "organisation number"),
        ),
        Column(
            "kind",
            _("Sector"),
            _("Municipal department, Other public employer, Private business or Voluntary organisation."),
            required=True,
            example="Private business",
            aliases=("sektor", "sector", "type"),
        ),
        Column(
            "industry",
            _("Industry"),
            _("The industry from the list on the employer's page, e.g. Hotels, restaurants and tourism."),
            required=True,
            example="Hotels, restaurants and tourism",
            aliases=("bransje", "industry", "næring"),
        ),
        Column(
            "address",
            _("Address"),
            _("Optional: the employer's address."),
            example="Sentrumsvegen 1",
            aliases=("adresse", "address"),
        ),
        Column(
            "notes",
            _("Notes"),
            _("Optional. Leave the column out to keep the notes stored."),
            aliases=("merknader", "notater", "merknad", "notes"),
        ),
        Column(
            "active",
            _("Active"),
            _("ja or nei: whether the municipality works with the employer now. Empty means ja."),
            example="ja",
            aliases=("aktiv", "active"),
        ),
        Column(
            "opening_title",
            _("Opening: title"),
            _(
                "Optional: an opening the employer offers. With a title, the opening's kind, occupation, "
                "hours and start are required."
            ),
            example="Kitchen assistant",
            aliases=("stilling", "stillingstittel", "opening", "opening title"),
        ),
        Column(
            "opening_kind",
            _("Opening: kind"),
            _("Language practice, Work practice, Trainee, Temporary job, Seasonal job or Permanent job."),
            example="Work practice",
            aliases=("stillingstype", "type stilling", "opening kind"),
        ),
        Column(
            "opening_occupation",
            _("Opening: occupation (STYRK-08)"),
            _("The four-digit STYRK-08 code of the occupation, e.g. 9412."),
            example="9412",
            aliases=("yrke", "styrk", "styrk-08", "occupation"),
        ),
        Column(
            "opening_hours",
            _("Opening: hours a week"),
            _("Hours a week, e.g. 37,5."),
            example="37,5",
            aliases=("timer per uke", "timar per veke", "hours a week", "hours"),
        ),
        Column(
            "opening_positions",
            _("Opening: places"),
            _("How many places, 1 if empty."),
            example="1",
            aliases=("plasser", "plassar", "places", "positions"),
        ),
        Column(
            "opening_starts_on",
            _("Opening: starts on"),
            _("The first day, written 04.11.2026. With the title, it finds the opening again."),
            example="04.11.2026",
            aliases=("oppstart", "start", "starts on"),
        ),
        Column(
            "opening_ends_on",
            _("Opening: ends on"),
            _("Optional: the last day, written 04.11.2026."),
            example="",
            aliases=("slutt", "ends on"),
        ),
        Column(
            "opening_place",
            _("Opening: place of work"),
            _("Optional: where the work is."),
            example="",
            aliases=("arbeidssted", "arbeidsstad", "place of work"),
        ),
    )

    # ------------------------------------------------------------------------ reading a row
    def clean(self, values: dict[str, str], context: Context) -> dict[str, Any]:
        errors: list[RowError] = []
        cleaned: dict[str, Any] = {
            "name": cells.read(values, errors, "name", cells.text, required=True) or "",
            "org_number": cells.read(values, errors, "org_number", _org_number) or "",
            "kind": cells.read(
                values, errors, "kind", lambda v: cells.choice(v, EmployerKind.choices), required=True
            ),
            "industry": cells.read(
                values, errors, "industry", lambda v: cells.choice(v, Industry.choices), required=True
            ),
        }
        if "address" in values:
            cleaned["address"] = cells.text(values["address"])
        if "notes" in values:
            cleaned["notes"] = cells.text(values["notes"])
        if "active" in values:
            active = cells.read(values, errors, "active", cells.yes_no)
            cleaned["active"] = True if active is None else active
        bad_number = "org_number" in {e.column for e in errors}
        if cleaned["kind"] == EmployerKind.PRIVATE and not cleaned["org_number"] and not bad_number:
            errors.append(RowError("org_number", services.MSG_ORG_NUMBER_NEEDED))
        employer = Employer(
            municipality=context.municipality,
            **{k: v if v is not None else "" for k, v in cleaned.items() if k in EMPLOYER_COLUMNS},
        )
        try:
            employer.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            cells.model_errors(exc, errors, EMPLOYER_COLUMNS)
        if cleaned["name"] and not errors:
            # The name is unique in the municipality: two rows of a file may not give it to two employers.
            names = context.cache.setdefault(NAMES_CACHE, {})
            key = self.natural_key(cleaned)
            if names.setdefault(cells.folded(cleaned["name"]), key) != key:
                errors.append(RowError("name", MSG_NAME_TWICE))
        if cells.text(values.get("opening_title")):
            cleaned["opening"] = self._clean_opening(values, errors, context)
        if errors:
            raise RowErrors(errors)
        return cleaned

    def _clean_opening(self, values, errors: list[RowError], context: Context) -> dict[str, Any]:
        readers = {
            "opening_title": cells.text,
            "opening_kind": lambda v: cells.choice(v, OpeningKind.choices),
            "opening_occupation": _occupation,
            "opening_hours": cells.decimal,
            "opening_positions": cells.integer,
            "opening_starts_on": cells.date,
            "opening_ends_on": cells.date,
            "opening_place": cells.text,
        }
        opening: dict[str, Any] = {}
        for column, reader in readers.items():
            if column not in values and column in ("opening_place", "opening_positions", "opening_ends_on"):
                continue  # an absent optional column keeps what is stored
            opening[column] = cells.read(
                values,
                errors,
                column,
                reader,
                required=column in OPENING_REQUIRED,
                message=MSG_OPENING_REQUIRED,
            )
        if "opening_positions" in opening and opening["opening_positions"] is None:
            opening["opening_positions"] = 1
        if "opening_place" in opening and opening["opening_place"] is None:
            opening["opening_place"] = ""
        starts, ends = opening.get("opening_starts_on"), opening.get("opening_ends_on")
        if starts and ends and ends < starts:
            errors.append(
                RowError(
                    "opening_ends_on",
                    str(services.MSG_ENDS_BEFORE_START % {"date": date_label(starts)}),
                )
            )
        fields = {OPENING_COLUMNS[c]: v for c, v in opening.items() if v is not None}
        check = Opening(municipality=context.municipality, **{"positions": 1, **fields})
        try:
            check.full_clean(exclude=["employer", "created_by", "job_fair"], validate_unique=False)
        except ValidationError as exc:
            cells.model_errors(exc, errors, OPENING_COLUMNS, fields=OPENING_COLUMNS)
        return opening

    def describe(self, cleaned: dict[str, Any]) -> str:
        name = f"{cleaned['name']} ({cleaned['org_number']})" if cleaned["org_number"] else cleaned["name"]
        if "opening" in cleaned:
            return f"{name}: {cleaned['opening']['opening_title']}"
        return name

    # ------------------------------------------------------------------------ matching
    def natural_key(self, cleaned: dict[str, Any]) -> tuple:
        if cleaned["org_number"]:
            return ("org_number", cleaned["org_number"])
        return ("name", cells.folded(cleaned["name"]))

    def _employers(self, context: Context) -> dict:
        if EMPLOYERS_CACHE not in context.cache:
            by_key: dict[tuple, Employer] = {}
            for employer in Employer.objects.filter(municipality=context.municipality):
                by_key[("name", cells.folded(employer.name))] = employer
                if employer.org_number:
                    by_key[("org_number", employer.org_number)] = employer
            context.cache[EMPLOYERS_CACHE] = by_key
        return context.cache[EMPLOYERS_CACHE]

    def _openings(self, context: Context) -> dict:
        if OPENINGS_CACHE not in context.cache:
            context.cache[OPENINGS_CACHE] = {
                (o.employer_id, cells.folded(o.title), o.starts_on): o
                for o in Opening.objects.filter(employer__municipality=context.municipality)
            }
        return context.cache[OPENINGS_CACHE]

    def find(self, cleaned: dict[str, Any], context: Context) -> Employer | None:
        """The employer by its organisation number, else (a number not stored yet) by its name."""
        employers = self._employers(context)
        return employers.get(self.natural_key(cleaned)) or employers.get(
            ("name", cells.folded(cleaned["name"]))
        )

    def changes(self, existing: Employer | None, cleaned: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
        if existing is None:
            return {}
        found: dict[str, tuple[Any, Any]] = {}
        for name in EMPLOYER_COLUMNS:
            if name in cleaned and getattr(existing, name) != cleaned[name]:
                found[name] = (_shown(name, getattr(existing, name)), _shown(name, cleaned[name]))
        if "opening" in cleaned:
            opening = _opening_of(existing, cleaned["opening"])
            if opening is None:
                found["opening_title"] = ("", cleaned["opening"]["opening_title"])
            else:
                for column, value in cleaned["opening"].items():
                    old = getattr(opening, OPENING_COLUMNS[column])
                    if column == "opening_title":
                        continue  # part of the key: a title cased otherwise is the same opening
                    if old != value:
                        found[column] = (_shown(column, old), _shown(column, value))
        return found

    # ------------------------------------------------------------------------ writing
    def save(self, cleaned: dict[str, Any], existing: Employer | None, context: Context) -> Employer:
        data = {name: cleaned[name] for name in EMPLOYER_COLUMNS if name in cleaned}
        if existing is None:
            employer = services.employer_create(
                actor=context.actor, data={**data, "municipality": context.municipality}
            )
        else:
            changed = {n: v for n, v in data.items() if getattr(existing, n) != v}
            employer = (
                services.employer_update(actor=context.actor, employer=existing, data=changed)
                if changed
                else existing
            )
        if EMPLOYERS_CACHE in context.cache:
            context.cache[EMPLOYERS_CACHE][self.natural_key(cleaned)] = employer
            context.cache[EMPLOYERS_CACHE][("name", cells.folded(employer.name))] = employer
        if "opening" in cleaned:
            self._save_opening(employer, cleaned, context)
        return employer

    def _save_opening(self, employer: Employer, cleaned: dict[str, Any], context: Context) -> Opening:
        fields = {OPENING_COLUMNS[c]: v for c, v in cleaned["opening"].items()}
        opening = self._openings(context).get(
            (employer.pk, cells.folded(fields["title"]), fields["starts_on"])
        )
        if opening is None:
            opening = services.opening_create(
                actor=context.actor, employer=employer, data=fields, requirements=[]
            )
            self._openings(context)[(employer.pk, cells.folded(opening.title), opening.starts_on)] = opening
            return opening
        changed = {n: v for n, v in fields.items() if n != "title" and getattr(opening, n) != v}
        if changed:
            opening = services.opening_update(actor=context.actor, opening=opening, data=changed)
        return opening

    def may_import(self, user, municipality) -> bool:
        return bool(EMPLOYERS.scopes(user, CHANGE, municipality.pk))


KIND = Employers()
