"""The volunteer centre's volunteers.

A volunteer is found again by name and phone number, or name and e-mail address, so a row needs one
of the two. A new volunteer is registered only with their consent (the day of the import is the day
of consent, as on the page). Rows are checked by the model's rules, the volunteer form's reading of
birth years and the volunteer service's own checks, and written by
``community.guides.services.volunteer_save``, which audits each change as the user's. Who keeps the
volunteer register on its pages (``access.resources.VOLUNTEERS``) may import it.
"""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.resources import CHANGE, VOLUNTEERS
from lagrundt.community.guides import services
from lagrundt.community.guides.forms import BirthYearsField
from lagrundt.community.models import Availability, Volunteer
from lagrundt.core.formats import date_label
from lagrundt.people.languages import Language, language_name

from .. import cells
from .base import Column, Context, Kind, RowError, RowErrors

MSG_CONTACT = _("Give a phone number or an e-mail address: with the name, it finds the volunteer again.")
CACHE = "volunteers"

# The volunteer's fields a row may give; a column left out of the file keeps what is stored.
FIELDS = (
    "given_name",
    "family_name",
    "phone",
    "email",
    "languages",
    "area",
    "availability",
    "children_birth_years",
    "works_with_children",
    "police_certificate_seen_on",
)


def _choices(value, choices) -> list[str]:
    """Several choices in one cell, with commas (or semicolons) between them."""
    parts = [p.strip() for p in cells.text(value).replace(";", ",").split(",")]
    return sorted({cells.choice(p, choices) for p in parts if p})


def _birth_years(value) -> list[int]:
    try:
        return sorted(BirthYearsField(required=False).clean(cells.text(value)))
    except forms.ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from None


def _phone_key(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) > 8 and digits.startswith("0047"):
        digits = digits[4:]
    elif len(digits) > 8 and digits.startswith("47"):
        digits = digits[2:]
    return digits


def _name_key(given: str, family: str) -> tuple[str, str]:
    return (cells.folded(family), cells.folded(given))


def _keys(given: str, family: str, phone: str, email: str) -> list[tuple]:
    """Every key a volunteer is known by: the name with the phone, the name with the e-mail."""
    name = _name_key(given, family)
    keys = []
    if _phone_key(phone):
        keys.append((*name, "phone", _phone_key(phone)))
    if email.strip():
        keys.append((*name, "email", email.strip().casefold()))
    return keys


def _same(field: str, old, new) -> bool:
    """The same phone or e-mail written otherwise ("+47 912 34 567", "91234567") is no change."""
    if field == "phone":
        return _phone_key(old) == _phone_key(new)
    if field == "email":
        return (old or "").strip().casefold() == (new or "").strip().casefold()
    return old == new


def _shown(field: str, value) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return ""
    if field == "languages":
        return ", ".join(language_name(code) for code in value)
    if field == "availability":
        return ", ".join(str(Availability(code).label) for code in value)
    if field == "children_birth_years":
        return ", ".join(str(year) for year in value)
    if field == "works_with_children":
        return str(_("Yes") if value else _("No"))
    if field == "police_certificate_seen_on":
        return date_label(value)
    return str(value)


class Volunteers(Kind):
    key = "volunteers"
    label = _("Volunteers")
    columns = (
        Column(
            "given_name",
            _("Given name"),
            _("The volunteer's given name."),
            required=True,
            example="Kari",
            aliases=("fornavn", "førenamn", "given name", "first name"),
        ),
        Column(
            "family_name",
            _("Family name"),
            _("The volunteer's family name."),
            required=True,
            example="Nordmann",
            aliases=("etternavn", "etternamn", "family name", "last name", "surname"),
        ),
        Column(
            "phone",
            _("Phone"),
            _(
                "Digits, spaces and an optional +. A phone or an e-mail is required: it finds the "
                "volunteer again."
            ),
            example="+47 912 34 567",
            aliases=("telefon", "mobil", "phone", "mobile"),
        ),
        Column(
            "email",
            _("Email"),
            _("The volunteer's e-mail address."),
            example="kari.nordmann@example.org",
            aliases=("e-post", "epost", "email", "e-mail"),
        ),
        Column(
            "languages",
            _("Languages besides Norwegian"),
            _("Languages from the list, with commas between them, e.g. Arabic, English."),
            example="Arabic, English",
            aliases=("språk", "språk utenom norsk", "språk utanom norsk", "languages"),
        ),
        Column(
            "area",
            _("Area"),
            _("The part of the municipality the volunteer lives in or can reach, e.g. Trøim."),
            example="Trøim",
            aliases=("område", "bydel", "grend", "area"),
        ),
        Column(
            "availability",
            _("Available"),
            _("Weekdays, daytime; Weekday evenings; Weekends – with commas between them."),
            example="Weekends",
            aliases=("tilgjengelig", "tilgjengeleg", "availability", "available"),
        ),
        Column(
            "children_birth_years",
            _("Birth years of own children"),
            _("With commas between them, e.g. 2015, 2018. Used to match families with children."),
            example="2015, 2018",
            aliases=("barnas fødselsår", "fødselsår barn", "fødselsår for barn", "children's birth years"),
        ),
        Column(
            "works_with_children",
            _("Will work with children"),
            _("ja or nei. With ja, the day the police certificate was seen is required."),
            example="nei",
            aliases=("jobber med barn", "arbeider med barn", "works with children"),
        ),
        Column(
            "police_certificate_seen_on",
            _("Police certificate seen on"),
            _("The day the police certificate was seen, written 04.11.2026. Only the date is kept."),
            example="",
            aliases=("politiattest sett", "politiattest", "police certificate"),
        ),
        Column(
            "consent",
            _("The volunteer consents to being registered"),
            _(
                "ja for every new volunteer: a volunteer is registered only with their consent, dated the "
                "day of the import. Not needed for volunteers already registered."
            ),
            example="ja",
            aliases=("samtykke", "samtykkje", "consent"),
        ),
    )

    # ------------------------------------------------------------------------ reading a row
    def clean(self, values: dict[str, str], context: Context) -> dict[str, Any]:
        errors: list[RowError] = []
        readers = {
            "given_name": cells.text,
            "family_name": cells.text,
            "phone": cells.text,
            "email": cells.text,
            "languages": lambda v: _choices(v, Language.choices),
            "area": cells.text,
            "availability": lambda v: _choices(v, Availability.choices),
            "children_birth_years": _birth_years,
            "works_with_children": cells.yes_no,
            "police_certificate_seen_on": cells.day,
        }
        empty = {
            "languages": [],
            "availability": [],
            "children_birth_years": [],
            "works_with_children": False,
        }
        cleaned: dict[str, Any] = {}
        for name, reader in readers.items():
            required = name in ("given_name", "family_name")
            if name not in values and not required:
                continue
            value = cells.read(values, errors, name, reader, required=required)
            cleaned[name] = (
                empty.get(name, "") if value is None and name != "police_certificate_seen_on" else value
            )
        consent = cells.read(values, errors, "consent", cells.yes_no)
        cleaned["consent"] = bool(consent)
        has_key = _keys(
            cleaned["given_name"], cleaned["family_name"], cleaned.get("phone", ""), cleaned.get("email", "")
        )
        if not has_key and not {"phone", "email"} & {e.column for e in errors}:
            errors.append(RowError("phone", MSG_CONTACT))
        elif has_key and not cleaned["consent"] and self.find(cleaned, context) is None:
            errors.append(RowError("consent", services.MSG_NO_CONSENT))
        self._check(cleaned, errors, context)
        if errors:
            raise RowErrors(errors)
        return cleaned

    def _check(self, cleaned: dict[str, Any], errors: list[RowError], context: Context) -> None:
        """The service's checks and the model's, on a volunteer that is not saved."""
        volunteer = Volunteer(municipality=context.municipality, consent_given_on=timezone.localdate())
        for name in FIELDS:
            if cleaned.get(name) is not None:
                setattr(volunteer, name, cleaned[name])
        for check in (
            lambda: services.volunteer_check(volunteer, [], timezone.localdate()),
            lambda: volunteer.full_clean(validate_unique=False),
        ):
            try:
                check()
            except ValidationError as exc:
                cells.model_errors(exc, errors, FIELDS, one_for_the_row=True)

    def describe(self, cleaned: dict[str, Any]) -> str:
        return f"{cleaned['family_name']}, {cleaned['given_name']}"

    # ------------------------------------------------------------------------ matching
    def natural_key(self, cleaned: dict[str, Any]) -> tuple:
        keys = _keys(
            cleaned["given_name"], cleaned["family_name"], cleaned.get("phone", ""), cleaned.get("email", "")
        )
        return keys[0]

    def find(self, cleaned: dict[str, Any], context: Context) -> Volunteer | None:
        if CACHE not in context.cache:
            by_key: dict[tuple, Volunteer] = {}
            for v in Volunteer.objects.filter(municipality=context.municipality):
                for key in _keys(v.given_name, v.family_name, v.phone, v.email):
                    by_key.setdefault(key, v)
            context.cache[CACHE] = by_key
        keys = _keys(
            cleaned["given_name"], cleaned["family_name"], cleaned.get("phone", ""), cleaned.get("email", "")
        )
        return next((context.cache[CACHE][k] for k in keys if k in context.cache[CACHE]), None)

    def changes(self, existing: Volunteer | None, cleaned: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
        if existing is None:
            return {}
        found: dict[str, tuple[Any, Any]] = {}
        for name in FIELDS:
            if name not in cleaned:
                continue
            old, new = getattr(existing, name), cleaned[name]
            if name in ("languages", "availability", "children_birth_years"):
                old, new = sorted(old or []), sorted(new or [])
            if _same(name, old, new):
                continue
            if old != new:
                found[name] = (_shown(name, old), _shown(name, new))
        return found

    # ------------------------------------------------------------------------ writing
    def save(self, cleaned: dict[str, Any], existing: Volunteer | None, context: Context) -> Volunteer:
        data = {name: cleaned[name] for name in FIELDS if name in cleaned}
        if existing is None:
            volunteer = services.volunteer_save(
                actor=context.actor,
                data={**data, "municipality": context.municipality, "consent": cleaned["consent"]},
            )
        else:
            if not self.changes(existing, cleaned):
                return existing
            # The service sets the interests it is given: a file has none, so the stored ones stay.
            volunteer = services.volunteer_save(
                actor=context.actor,
                data={**data, "interests": list(existing.interests.all())},
                volunteer=existing,
            )
        if CACHE in context.cache:
            for key in _keys(volunteer.given_name, volunteer.family_name, volunteer.phone, volunteer.email):
                context.cache[CACHE][key] = volunteer
        return volunteer

    def may_import(self, user, municipality) -> bool:
        return bool(VOLUNTEERS.scopes(user, CHANGE, municipality.pk))


KIND = Volunteers()
