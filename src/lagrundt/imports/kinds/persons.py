"""Persons with their household and settlement: the municipality's list of those settled.

A row is one person. The natural key is the national ID when the row has one, else family name, given
name and birth date (compared in any case). A row whose person is stored is compared field by field;
an empty optional cell leaves what is stored as it is (a file never clears a national ID). The household
is found by its name in the municipality, or created; it is set for new persons only (moving a
registered person to another household is done on the person's page). Every write goes through the
register's services (``people.services``): the same rules as the forms, audited as the user's change.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from lagrundt.access import policy
from lagrundt.access.models import AuditChannel
from lagrundt.people import rules, services
from lagrundt.people.languages import Language
from lagrundt.people.models import Household, Person, Settlement, SettlementCategory, Sex

from .. import cells
from .base import Column, Context, Kind, RowError, RowErrors, RowsErrors

IDENTITY = (
    "national_id",
    "given_name",
    "family_name",
    "birth_date",
    "sex",
    "country_background",
    "languages",
)
SETTLEMENT = ("settled_on", "category", "imdi_reference")


def _country(value) -> str:
    raw = cells.text(value)
    if not raw:
        return ""
    upper = raw.upper()
    if len(upper) == 2 and upper in countries:
        return upper
    if len(upper) == 3 and countries.alpha2(upper):
        return countries.alpha2(upper)
    for language in ("nb", "nn", "en"):
        code = countries.by_name(raw, language=language)
        if code:
            return code
    raise ValueError(_("Write the country's name or its two-letter code, such as SY or Syria."))


SEX_LETTERS = {"k": Sex.FEMALE, "f": Sex.FEMALE, "m": Sex.MALE}


def _sex(value) -> str:
    raw = cells.text(value).casefold()
    return SEX_LETTERS.get(raw) or cells.choice(value, Sex.choices)


def _languages(value) -> list[str]:
    raw = cells.text(value)
    if not raw:
        return []
    found = []
    for part in raw.replace(";", ",").replace("/", ",").split(","):
        if part.strip():
            code = cells.choice(part, Language.choices)
            if code not in found:
                found.append(code)
    return found


class Persons(Kind):
    key = "persons"
    label = gettext_lazy("Persons with household and settlement")
    columns = (
        Column(
            "national_id",
            gettext_lazy("National ID or D-number"),
            gettext_lazy("11 digits. Leave empty if the person has neither yet."),
            example="01417812345",
            aliases=("fødselsnummer", "fodselsnummer", "fnr", "personnummer", "national id"),
        ),
        Column(
            "given_name",
            gettext_lazy("Given name"),
            gettext_lazy("All given names, as in the ID papers."),
            required=True,
            example="Amina",
            aliases=("fornavn", "førenamn", "first name"),
        ),
        Column(
            "family_name",
            gettext_lazy("Family name"),
            gettext_lazy("The family name, as in the ID papers."),
            required=True,
            example="Nordvik",
            aliases=("etternavn", "etternamn", "last name", "surname"),
        ),
        Column(
            "birth_date",
            gettext_lazy("Birth date"),
            gettext_lazy("The day of birth, written 04.11.2026."),
            required=True,
            example="01.01.1978",
            aliases=("fødselsdato", "fodselsdato", "fødd", "date of birth"),
        ),
        Column(
            "sex",
            gettext_lazy("Sex"),
            gettext_lazy("Female, male or not known."),
            required=True,
            example="Female",
            aliases=("kjønn", "kjonn"),
        ),
        Column(
            "country_background",
            gettext_lazy("Country background"),
            gettext_lazy("The country's name or its two-letter code (SY for Syria)."),
            required=True,
            example="SY",
            aliases=("land", "landbakgrunn", "country", "citizenship", "statsborgerskap"),
        ),
        Column(
            "languages",
            gettext_lazy("Languages"),
            gettext_lazy("The languages the person speaks, separated by commas."),
            example="Arabic, English",
            aliases=("språk", "sprak", "mål"),
        ),
        Column(
            "household",
            gettext_lazy("Household name"),
            gettext_lazy("Persons with the same household name become one household. Used for new persons."),
            example="Familien Nordvik",
            aliases=("husstand", "hushald", "household", "familie"),
        ),
        Column(
            "settled_on",
            gettext_lazy("Settlement date"),
            gettext_lazy("The day the person was settled in the municipality, written 04.11.2026."),
            example="15.08.2026",
            aliases=("bosettingsdato", "busetjingsdato", "bosatt", "settled"),
        ),
        Column(
            "category",
            gettext_lazy("Settlement category"),
            gettext_lazy("Required with a settlement date, for example «Family reunification»."),
            example="Family reunification",
            aliases=("kategori", "bosettingskategori", "category"),
        ),
        Column(
            "imdi_reference",
            gettext_lazy("IMDi reference"),
            gettext_lazy("IMDi's reference of the settlement, if any."),
            example="",
            aliases=("imdi-referanse", "imdi referanse", "imdi"),
        ),
    )

    # ------------------------------------------------------------------------------------ reading
    def clean(self, values: dict[str, Any], context: Context) -> dict[str, Any]:
        errors: list[RowError] = []
        cleaned: dict[str, Any] = {}

        def read(key, reader, *args):
            try:
                cleaned[key] = reader(values.get(key), *args)
            except (ValueError, ValidationError) as exc:
                message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                errors.append(RowError(key, message))
                cleaned[key] = None

        for key in ("given_name", "family_name", "household", "imdi_reference"):
            read(key, _text_field, key)
        read("birth_date", cells.date)
        read("sex", _sex)
        read("country_background", _country)
        read("languages", _languages)
        read("settled_on", cells.date)
        read("category", cells.choice, SettlementCategory.choices)
        raw_id = cells.text(values.get("national_id"))
        cleaned["national_id"] = rules.normalise_national_id(raw_id) or None

        for column in self.columns:
            if (
                column.required
                and cleaned.get(column.key) in (None, "")
                and not _has_error(errors, column.key)
            ):
                errors.append(RowError(column.key, _("This column must be filled in.")))
        today = timezone.localdate()
        birth = cleaned.get("birth_date")
        if birth is not None and not _has_error(errors, "birth_date"):
            _check(errors, "birth_date", rules.validate_birth_date, birth, today)
        if cleaned["national_id"]:
            try:
                rules.validate_national_id(
                    cleaned["national_id"], birth if not _has_error(errors, "birth_date") else None
                )
            except ValidationError as exc:
                errors.append(RowError("national_id", exc.messages[0]))
        settled, category = cleaned.get("settled_on"), cleaned.get("category")
        if settled is not None:
            _check(errors, "settled_on", rules.validate_settlement_date, settled, birth, today)
            if not category and not _has_error(errors, "category"):
                errors.append(
                    RowError("category", _("Give the settlement category with the settlement date."))
                )
        elif category:
            errors.append(RowError("settled_on", _("Give the settlement date with the settlement category.")))
        if errors:
            raise RowErrors(errors)
        return cleaned

    def natural_key(self, cleaned: dict[str, Any]) -> tuple:
        if cleaned["national_id"]:
            return ("id", cleaned["national_id"])
        return (
            "name",
            _fold(cleaned["family_name"]),
            _fold(cleaned["given_name"]),
            cleaned["birth_date"].isoformat(),
        )

    # ------------------------------------------------------------------------------------ matching
    def prepare(self, context: Context) -> None:
        """Every stored key of the municipality's persons, once: a row is then matched in memory."""
        by_id: dict[str, int] = {}
        by_name: dict[tuple, int] = {}
        rows = Person.objects.filter(municipality=context.municipality).values_list(
            "pk", "national_id", "family_name", "given_name", "birth_date"
        )
        for pk, national_id, family, given, birth in rows.iterator(chunk_size=5000):
            if national_id:
                by_id[national_id] = pk
            by_name.setdefault((_fold(family), _fold(given), birth.isoformat()), pk)
        context.cache["persons_by_id"] = by_id
        context.cache["persons_by_name"] = by_name
        context.cache["households"] = {
            _fold(name): pk
            for pk, name in Household.objects.filter(municipality=context.municipality).values_list(
                "pk", "name"
            )
        }

    def find(self, cleaned: dict[str, Any], context: Context) -> Person | None:
        national_id = cleaned["national_id"]
        pk = None
        if national_id:
            pk = context.cache["persons_by_id"].get(national_id)
            if pk is None and Person.objects.filter(national_id=national_id).exists():
                raise RowErrors(
                    [
                        RowError(
                            "national_id",
                            _("A person with this national ID is registered in another municipality."),
                        )
                    ]
                )
        if pk is None:
            pk = context.cache["persons_by_name"].get(
                (
                    _fold(cleaned["family_name"]),
                    _fold(cleaned["given_name"]),
                    cleaned["birth_date"].isoformat(),
                )
            )
        if pk is None:
            return None
        person = Person.objects.select_related("household", "settlement").filter(pk=pk).first()
        if person is not None and national_id and person.national_id and person.national_id != national_id:
            return None  # a namesake born the same day, with another number: another person
        return person

    def changes(self, existing: Person, cleaned: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
        found: dict[str, tuple[Any, Any]] = {}
        for key in IDENTITY:
            new = cleaned.get(key)
            if key in ("national_id", "languages") and not new:
                continue  # an empty optional cell leaves what is stored
            old = getattr(existing, key)
            if key == "country_background":
                old = old.code if old else ""
            if old != new:
                found[key] = (old, new)
        if cleaned.get("settled_on"):
            try:
                settlement = existing.settlement
            except Settlement.DoesNotExist:
                settlement = None
            stored = {
                "settled_on": settlement.settled_on if settlement else None,
                "category": settlement.category if settlement else "",
                "imdi_reference": settlement.imdi_reference if settlement else "",
            }
            for key in SETTLEMENT:
                new = cleaned.get(key) or ("" if key != "settled_on" else None)
                if key == "imdi_reference" and not new:
                    continue
                if stored[key] != new:
                    found[key] = (stored[key], new)
        return found

    # ------------------------------------------------------------------------------------ writing
    def save(self, cleaned: dict[str, Any], existing: Person | None, context: Context) -> Person:
        try:
            return self._save(cleaned, existing, context)
        except ValidationError as exc:
            raise _row_errors(exc) from exc

    def save_many(self, rows: list[dict[str, Any]], context: Context) -> None:
        """New persons at once (``people.services.persons_import``): the same rules and audit entries as
        ``save`` row by row, in a few statements."""
        households = context.cache["households"]
        names: dict[str, str] = {}  # a new household's folded name: its name as first written
        batch = []
        for cleaned in rows:
            household: Household | str | None = None
            name = cleaned.get("household")
            if name:
                pk = households.get(_fold(name))
                if isinstance(pk, Household):
                    household = pk
                elif pk is not None:
                    household = Household.objects.get(pk=pk)
                    households[_fold(name)] = household
                else:
                    household = names.setdefault(_fold(name), name)
            batch.append(
                {
                    "identity": self._identity(cleaned),
                    "settlement": self._settlement(cleaned, context),
                    "household": household,
                }
            )
        try:
            persons = services.persons_import(
                actor=context.actor,
                municipality=context.municipality,
                rows=batch,
                channel=AuditChannel.IMPORT,
            )
        except services.PersonsImportErrors as exc:
            raise RowsErrors({i: _row_errors(e) for i, e in exc.row_errors.items()}) from exc
        for cleaned, person in zip(rows, persons, strict=True):
            context.cache["persons_by_name"].setdefault(self._name_key(cleaned), person.pk)
            if person.national_id:
                context.cache["persons_by_id"][person.national_id] = person.pk
            if person.household is not None:
                households.setdefault(_fold(person.household.name), person.household)

    def _identity(self, cleaned) -> dict[str, Any]:
        identity = {k: cleaned[k] for k in IDENTITY if cleaned.get(k) not in (None, "")}
        identity.setdefault("languages", [])
        return identity

    def _settlement(self, cleaned, context) -> dict[str, Any] | None:
        if not cleaned.get("settled_on"):
            return None
        settlement = {
            "settled_on": cleaned["settled_on"],
            "municipality": context.municipality,
            "category": cleaned["category"],
        }
        if cleaned.get("imdi_reference"):
            settlement["imdi_reference"] = cleaned["imdi_reference"]
        return settlement

    def _save(self, cleaned, existing, context):
        actor, municipality = context.actor, context.municipality
        settlement = self._settlement(cleaned, context)
        if existing is None:
            person = services.person_create(
                actor=actor,
                municipality=municipality,
                identity=self._identity(cleaned),
                settlement=settlement,
                household=self._household(cleaned.get("household"), context),
                channel=AuditChannel.IMPORT,
            )
            context.cache["persons_by_name"].setdefault(self._name_key(cleaned), person.pk)
            if person.national_id:
                context.cache["persons_by_id"][person.national_id] = person.pk
            return person
        changed = self.changes(existing, cleaned)
        identity = {k: new for k, (_old, new) in changed.items() if k in IDENTITY}
        if identity:
            existing = services.person_update_identity(
                actor=actor, person=existing, data=identity, channel=AuditChannel.IMPORT
            )
        if settlement is not None and any(k in changed for k in SETTLEMENT):
            services.settlement_save(
                actor=actor, person=existing, data=settlement, channel=AuditChannel.IMPORT
            )
        return existing

    def _household(self, name: str | None, context: Context) -> Household | None:
        if not name:
            return None
        households = context.cache["households"]
        pk = households.get(_fold(name))
        if isinstance(pk, Household):
            return pk
        if pk is None:
            household = services.household_create(
                actor=context.actor, name=name, municipality=context.municipality, channel=AuditChannel.IMPORT
            )
            households[_fold(name)] = household
            return household
        household = Household.objects.get(pk=pk)
        households[_fold(name)] = household
        return household

    def _name_key(self, cleaned) -> tuple:
        return (
            _fold(cleaned["family_name"]),
            _fold(cleaned["given_name"]),
            cleaned["birth_date"].isoformat(),
        )

    # ------------------------------------------------------------------------------------ showing
    def describe(self, cleaned: dict[str, Any]) -> str:
        birth = cleaned.get("birth_date")
        name = f"{cleaned.get('family_name')}, {cleaned.get('given_name')}"
        return f"{name} ({self.display('birth_date', birth)})" if birth else name

    def display(self, key: str, value: Any) -> str:
        if value in (None, "", []):
            return "–"
        if key == "sex":
            return str(Sex(value).label)
        if key == "category":
            return str(SettlementCategory(value).label)
        if key == "country_background":
            return str(countries.name(value) or value)
        if key == "languages":
            from lagrundt.people.languages import language_name

            return ", ".join(language_name(code) for code in value)
        return super().display(key, value)

    def may_import(self, user, municipality) -> bool:
        return policy.can_register_in(user, municipality.pk)


def _fold(value) -> str:
    return " ".join(str(value or "").split()).casefold()


def _text_field(value, key) -> str:
    text = cells.text(value)
    field = {
        "household": Household._meta.get_field("name"),
        "imdi_reference": Settlement._meta.get_field("imdi_reference"),
    }.get(key) or Person._meta.get_field(key)
    if len(text) > field.max_length:
        raise ValueError(_("At most %(max)s characters.") % {"max": field.max_length})
    rules.validate_no_control_characters(text)
    if key in ("given_name", "family_name"):
        rules.validate_name(text)
    return text


def _has_error(errors: list[RowError], key: str) -> bool:
    return any(e.column == key for e in errors)


def _check(errors, key, validator, *args) -> None:
    try:
        validator(*args)
    except ValidationError as exc:
        errors.append(RowError(key, exc.messages[0]))


def _row_errors(exc: ValidationError) -> RowErrors:
    columns = {c.key for c in Persons.columns}
    found = []
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            for message in messages:
                found.append(RowError(field if field in columns else None, message))
    else:
        found = [RowError(None, m) for m in exc.messages]
    return RowErrors(found)


KIND = Persons()
