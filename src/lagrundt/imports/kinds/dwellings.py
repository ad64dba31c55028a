"""The housing stock: dwellings, found again by their address in the municipality.

The address is compared casefolded with its spaces collapsed ("Sentrumsvegen  12" is "sentrumsvegen 12").
A landlord is named as the housing pages list it and must be registered already. Rows are checked by
the housing rules (at least one room, no more bedrooms than rooms, no amount below 0) and the model's
own, and written by ``housing.services.dwelling_save``, the service of the dwelling form; who may
change the stock on its pages (``access.resources.DWELLINGS``) may import it. A column left out of the
file keeps what is stored.

A row may also name the dwelling's tenant (a person by national ID, or by name and birth date, whose
housing the user may write) and the day the tenancy starts: the dwelling is then let to the person's
household through ``housing.services.tenancy_start``, which audits it on every member. A tenancy
already stored for that household from that day is no change; ending or moving one is done on the
dwelling's page.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lagrundt.access import policy
from lagrundt.access.resources import CHANGE, DWELLINGS
from lagrundt.access.sections import Section
from lagrundt.core.formats import date_label, kroner
from lagrundt.housing import rules, services
from lagrundt.housing.models import Dwelling, Landlord, Ownership, Tenancy
from lagrundt.housing.profiles import profile_for
from lagrundt.people.models import Household, Person

from .. import cells
from .base import Column, Context, Kind, RowError, RowErrors

MSG_NO_LANDLORD = _("«%(name)s» is not among the municipality's landlords. Register the landlord first.")
MSG_TWO_LANDLORDS = _("The municipality has two landlords named «%(name)s»: change one name on its page.")
MSG_NO_TENANT = _(
    "No person in the municipality whose housing you may register has this national ID, or this name and "
    "birth date."
)
MSG_TENANT_NAME = _("Give the tenant's national ID, or family name, given name and birth date.")
MSG_NO_HOUSEHOLD = _("%(name)s has no household registered: a dwelling is let to a household.")
MSG_LET_TO_OTHERS = _(
    "The dwelling is let to another household from %(date)s. End that tenancy on the dwelling's page first."
)
CACHE = "dwellings"
TENANTS_CACHE = "dwelling_tenants"
TENANT_COLUMNS = ("tenant_national_id", "tenant_family_name", "tenant_given_name", "tenant_birth_date")
LANDLORDS_CACHE = "dwelling_landlords"

BOOLEANS = ("has_lift", "accessible", "central", "for_refugees")
AMOUNTS = ("rent", "charges", "deposit")
DATES = ("available_from", "retired_on")
# What an empty cell of an optional column stores.
EMPTY = {
    "has_lift": False,
    "accessible": False,
    "central": False,
    "for_refugees": True,
    "floor": 1,
    "charges": 0,
    "deposit": 0,
}


def _shown(field: str, value) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "":
        return ""
    if field == "ownership":
        return str(Ownership(value).label)
    if field == "landlord":
        return str(value)
    if field in BOOLEANS:
        return str(_("Yes") if value else _("No"))
    if field in AMOUNTS:
        return kroner(value)
    if field in DATES:
        return date_label(value)
    return str(value)


def _tenancy_shown(tenancy: dict) -> str:
    return str(
        _("%(name)s from %(date)s") % {"name": tenancy["tenant"], "date": date_label(tenancy["starts_on"])}
    )


READERS = {
    "address": cells.text,
    "postcode": cells.text,
    "ownership": lambda v: cells.choice(v, Ownership.choices),
    "landlord": cells.text,
    "rooms": cells.integer,
    "bedrooms": cells.integer,
    "area_m2": cells.integer,
    "floor": cells.integer,
    "has_lift": cells.yes_no,
    "accessible": cells.yes_no,
    "rent": cells.decimal,
    "charges": cells.decimal,
    "deposit": cells.decimal,
    "guarantee": cells.text,
    "central": cells.yes_no,
    "minutes_to_centre": cells.integer,
    "minutes_to_school": cells.integer,
    "minutes_to_bus": cells.integer,
    "for_refugees": cells.yes_no,
    "available_from": cells.day,
    "retired_on": cells.day,
    "notes": cells.text,
}
REQUIRED = ("address", "ownership", "rooms", "bedrooms", "rent")


def _column(key, label, help, *, example="", aliases=()) -> Column:
    return Column(key, label, help, required=key in REQUIRED, example=example, aliases=aliases)


class Dwellings(Kind):
    key = "dwellings"
    label = _("Dwellings")
    columns = (
        _column(
            "address",
            _("Address"),
            _("The street address. It finds the dwelling again when the file is imported once more."),
            example="Sentrumsvegen 12",
            aliases=("adresse", "address", "gateadresse"),
        ),
        _column(
            "postcode", _("Postcode"), _("Four digits."), example="3560", aliases=("postnummer", "postnr")
        ),
        _column(
            "ownership",
            _("Owner"),
            _("Municipal, Leased by the municipality, or Private landlord, let directly."),
            example="Municipal",
            aliases=("eier", "eigar", "eierform", "owner", "ownership"),
        ),
        _column(
            "landlord",
            _("Landlord"),
            _(
                "A private landlord's name, as registered on the housing pages. Empty for a municipal "
                "dwelling."
            ),
            aliases=("utleier", "utleigar", "huseier", "landlord"),
        ),
        _column("rooms", _("Rooms"), _("At least 1."), example="4", aliases=("rom", "antall rom", "rooms")),
        _column(
            "bedrooms",
            _("Bedrooms"),
            _("No more than the rooms."),
            example="3",
            aliases=("soverom", "bedrooms"),
        ),
        _column("area_m2", _("Area (m²)"), _("Optional."), example="85", aliases=("areal", "bra", "area")),
        _column(
            "floor",
            _("Floor"),
            _("1 if empty; −2 to 40."),
            example="1",
            aliases=("etasje", "etasje nr", "floor"),
        ),
        _column("has_lift", _("Lift"), _("ja or nei."), example="nei", aliases=("heis", "lift", "elevator")),
        _column(
            "accessible",
            _("Suited for wheelchair users"),
            _("ja or nei."),
            example="nei",
            aliases=("rullestoltilpasset", "tilrettelagt", "accessible"),
        ),
        _column(
            "rent",
            _("Rent per month"),
            _("Whole kroner, e.g. 9 500."),
            example="9 500",
            aliases=("husleie", "husleige", "leie", "rent"),
        ),
        _column(
            "charges",
            _("Charges per month"),
            _("Whole kroner; 0 if empty."),
            example="1 200",
            aliases=("felleskostnader", "felleskostnadar", "charges"),
        ),
        _column("deposit", _("Deposit"), _("Whole kroner; 0 if empty."), example="0", aliases=("depositum",)),
        _column("guarantee", _("Guarantee"), _("Optional: the guarantee given."), aliases=("garanti",)),
        _column(
            "central",
            _("Central location"),
            _("ja or nei."),
            example="ja",
            aliases=("sentral", "sentralt", "central"),
        ),
        _column(
            "minutes_to_centre",
            _("Minutes to the centre"),
            _("Optional, whole minutes."),
            example="5",
            aliases=("minutter til sentrum", "minutt til sentrum", "minutes to centre"),
        ),
        _column(
            "minutes_to_school",
            _("Minutes to school"),
            _("Optional, whole minutes."),
            example="10",
            aliases=("minutter til skole", "minutt til skule", "minutes to school"),
        ),
        _column(
            "minutes_to_bus",
            _("Minutes to the bus"),
            _("Optional, whole minutes."),
            example="3",
            aliases=("minutter til buss", "minutt til buss", "minutes to bus"),
        ),
        _column(
            "for_refugees",
            _("In the stock for settling refugees"),
            _("ja or nei; ja if empty."),
            example="ja",
            aliases=("for flyktninger", "for flyktningar", "for refugees"),
        ),
        _column(
            "available_from",
            _("Available from"),
            _("Optional: the first day it can be let, written 04.11.2026."),
            aliases=("ledig fra", "ledig frå", "available from"),
        ),
        _column(
            "retired_on",
            _("Out of the stock from"),
            _("Optional: the day it leaves the stock, written 04.11.2026."),
            aliases=("ut av bestanden", "retired on"),
        ),
        _column(
            "notes",
            _("Notes"),
            _("Optional."),
            aliases=("merknader", "merknad", "notat", "notes"),
        ),
        _column(
            "tenant_national_id",
            _("Tenant: national ID"),
            _(
                "Optional: the dwelling is let to this person's household. Eleven digits, or leave it empty "
                "and give the tenant's name and birth date."
            ),
            aliases=("leietaker fødselsnummer", "leigetakar fødselsnummer", "tenant national id"),
        ),
        _column(
            "tenant_family_name",
            _("Tenant: family name"),
            _("Without a national ID: the tenant's family name."),
            aliases=("leietaker etternavn", "leigetakar etternamn", "tenant family name"),
        ),
        _column(
            "tenant_given_name",
            _("Tenant: given name"),
            _("Without a national ID: the tenant's given name."),
            aliases=("leietaker fornavn", "leigetakar førenamn", "tenant given name"),
        ),
        _column(
            "tenant_birth_date",
            _("Tenant: birth date"),
            _("Without a national ID: the tenant's birth date, written 04.11.2026."),
            aliases=("leietaker fødselsdato", "leigetakar fødselsdato", "tenant birth date"),
        ),
        _column(
            "tenancy_starts_on",
            _("Tenancy: from"),
            _("With a tenant: the day the household moves in, written 04.11.2026 (not before it arrived)."),
            aliases=("innflytting", "innflytting dato", "leieforhold fra", "tenancy from", "move-in"),
        ),
        _column(
            "tenancy_rent",
            _("Tenancy: rent per month"),
            _("Optional: the household's rent in whole kroner; the dwelling's rent if empty."),
            aliases=("leietakers husleie", "leigetakars husleige", "tenancy rent"),
        ),
    )

    # ------------------------------------------------------------------------ reading a row
    def clean(self, values: dict[str, str], context: Context) -> dict[str, Any]:
        errors: list[RowError] = []
        cleaned: dict[str, Any] = {}
        for name, reader in READERS.items():
            required = name in REQUIRED
            if name not in values and not required:
                continue  # a column left out keeps what is stored
            value = cells.read(values, errors, name, reader, required=required)
            cleaned[name] = EMPTY.get(name, "" if reader is cells.text else None) if value is None else value
        if cleaned.get("landlord"):
            cleaned["landlord"] = self._landlord(cleaned["landlord"], errors, context)
        if cleaned.get("ownership") == Ownership.MUNICIPAL and "landlord" in cleaned:
            cleaned["landlord"] = None  # as the service does
        self._check(cleaned, errors, context)
        if any(cells.text(values.get(c)) for c in TENANT_COLUMNS):
            cleaned["tenancy"] = self._clean_tenancy(values, cleaned, errors, context)
        if errors:
            raise RowErrors(errors)
        if isinstance(cleaned.get("landlord"), Landlord):
            cleaned["landlord"] = cleaned["landlord"].pk
        return cleaned

    def _landlord(self, name: str, errors: list[RowError], context: Context) -> Landlord | None:
        if LANDLORDS_CACHE not in context.cache:
            by_name: dict[str, list[Landlord]] = {}
            for landlord in Landlord.objects.filter(municipality=context.municipality):
                by_name.setdefault(cells.folded(landlord.name), []).append(landlord)
            context.cache[LANDLORDS_CACHE] = by_name
        found = context.cache[LANDLORDS_CACHE].get(cells.folded(name), [])
        if len(found) == 1:
            return found[0]
        message = MSG_TWO_LANDLORDS if found else MSG_NO_LANDLORD
        errors.append(RowError("landlord", str(message % {"name": name})))
        return None

    def _check(self, cleaned: dict[str, Any], errors: list[RowError], context: Context) -> None:
        """The service's rules and the model's, on a dwelling that is not saved."""
        fields = {k: v for k, v in cleaned.items() if k != "landlord" and v is not None}
        dwelling = Dwelling(municipality=context.municipality, **fields)
        if isinstance(cleaned.get("landlord"), Landlord):
            dwelling.landlord = cleaned["landlord"]
        checks = (
            lambda: rules.check_dwelling(
                cleaned.get("rooms"), cleaned.get("bedrooms"), {n: cleaned.get(n) for n in AMOUNTS}
            ),
            lambda: dwelling.full_clean(exclude=[n for n in REQUIRED if cleaned.get(n) is None]),
        )
        for check in checks:
            try:
                check()
            except ValidationError as exc:
                cells.model_errors(exc, errors, READERS, one_for_the_row=True)

    def describe(self, cleaned: dict[str, Any]) -> str:
        return " ".join(cleaned["address"].split())

    # ------------------------------------------------------------------------ the tenancy of a row
    def _tenants(self, context: Context) -> dict:
        """The persons of the municipality whose housing the user may read, by national ID and by name
        and birth date, with their household: read once."""
        if TENANTS_CACHE not in context.cache:
            by_key: dict[tuple, tuple] = {}
            rows = (
                policy.visible_to(context.actor.user, section=Section.HOUSING)
                .filter(municipality=context.municipality)
                .values_list("pk", "national_id", "family_name", "given_name", "birth_date", "household_id")
            )
            for pk, national_id, family, given, birth, household_id in rows:
                found = (pk, household_id, f"{family}, {given}")
                if national_id:
                    by_key[("id", national_id)] = found
                by_key.setdefault(("name", cells.folded(family), cells.folded(given), birth), found)
            context.cache[TENANTS_CACHE] = by_key
        return context.cache[TENANTS_CACHE]

    def _clean_tenancy(self, values, cleaned, errors: list[RowError], context: Context) -> dict | None:
        national_id = cells.text(values.get("tenant_national_id")).replace(" ", "")
        if national_id.isdigit() and len(national_id) == 10:
            national_id = national_id.zfill(11)  # a spreadsheet's number cell drops the leading zero
        starts_on = cells.read(values, errors, "tenancy_starts_on", cells.day, required=True)
        rent = cells.read(
            values, errors, "tenancy_rent", cells.integer
        )  # whole kroner, as the model keeps it
        if rent is not None and rent < 0:
            errors.append(RowError("tenancy_rent", str(rules.MSG_NEGATIVE)))
        if national_id:
            key: tuple = ("id", national_id)
            column = "tenant_national_id"
        else:
            family = cells.text(values.get("tenant_family_name"))
            given = cells.text(values.get("tenant_given_name"))
            birth = cells.read(values, errors, "tenant_birth_date", cells.date)
            if not (family and given and birth):
                if "tenant_birth_date" not in {e.column for e in errors}:
                    errors.append(RowError("tenant_family_name", MSG_TENANT_NAME))
                return None
            key, column = ("name", cells.folded(family), cells.folded(given), birth), "tenant_family_name"
        found = self._tenants(context).get(key)
        if found is not None and not policy.grants_for(
            context.actor.user, Person.objects.get(pk=found[0])
        ).can_write(Section.HOUSING):
            found = None
        if found is None:
            errors.append(RowError(column, MSG_NO_TENANT))
            return None
        _person_id, household_id, name = found
        if household_id is None:
            errors.append(RowError(column, str(MSG_NO_HOUSEHOLD % {"name": name})))
            return None
        if starts_on is None:
            return None
        rent = None if rent is None else Decimal(rent)
        tenancy = {"household": household_id, "starts_on": starts_on, "rent": rent, "tenant": name}
        self._check_tenancy(tenancy, cleaned, errors, context)
        return tenancy

    def _check_tenancy(self, tenancy: dict, cleaned: dict, errors: list[RowError], context: Context) -> None:
        """What ``tenancy_start`` refuses, asked before anything is written: a move-in before arrival, a
        dwelling out of the stock or not yet available, unapproved, or let to others."""
        starts_on = tenancy["starts_on"]
        arrived = services.arrival_of(Household(pk=tenancy["household"]))
        if arrived is not None and starts_on < arrived:
            message = services.MSG_BEFORE_ARRIVAL % {"date": date_label(arrived)}
            errors.append(RowError("tenancy_starts_on", str(message)))
            return
        existing = self.find(cleaned, context) if cleaned.get("address") else None
        retired = cleaned.get("retired_on", getattr(existing, "retired_on", None))
        available = cleaned.get("available_from", getattr(existing, "available_from", None))
        if retired and retired <= starts_on:
            message = services.MSG_RETIRED % {"date": date_label(retired)}
            errors.append(RowError("tenancy_starts_on", str(message)))
            return
        if available and starts_on < available:
            message = services.MSG_NOT_AVAILABLE % {"date": date_label(available)}
            errors.append(RowError("tenancy_starts_on", str(message)))
            return
        ownership = cleaned.get("ownership") or getattr(existing, "ownership", Ownership.MUNICIPAL)
        if ownership != Ownership.MUNICIPAL and (
            services.approval_needed(existing, starts_on)
            if existing is not None
            else profile_for(context.municipality).approval_required
        ):
            errors.append(RowError("tenancy_starts_on", str(services.MSG_NOT_APPROVED)))
            return
        if existing is None:
            return
        for other in existing.tenancies.filter(ends_on__isnull=True) | existing.tenancies.filter(
            ends_on__gte=starts_on
        ):
            if other.household_id == tenancy["household"] and other.starts_on == starts_on:
                continue  # the tenancy the row names, stored already
            message = MSG_LET_TO_OTHERS % {"date": date_label(other.starts_on)}
            errors.append(RowError("tenancy_starts_on", str(message)))
            return

    @staticmethod
    def _tenancy_stored(dwelling: Dwelling, tenancy: dict) -> bool:
        return Tenancy.objects.filter(
            dwelling=dwelling, household_id=tenancy["household"], starts_on=tenancy["starts_on"]
        ).exists()

    # ------------------------------------------------------------------------ matching
    def natural_key(self, cleaned: dict[str, Any]) -> tuple:
        return (cells.folded(cleaned["address"]),)

    def find(self, cleaned: dict[str, Any], context: Context) -> Dwelling | None:
        if CACHE not in context.cache:
            context.cache[CACHE] = {
                cells.folded(d.address): d
                for d in Dwelling.objects.filter(municipality=context.municipality).select_related("landlord")
            }
        return context.cache[CACHE].get(cells.folded(cleaned["address"]))

    def changes(self, existing: Dwelling | None, cleaned: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
        if existing is None:
            return {}
        found: dict[str, tuple[Any, Any]] = {}
        for name, new in cleaned.items():
            if name == "tenancy":
                if not self._tenancy_stored(existing, new):
                    found[name] = ("", _tenancy_shown(new))
                continue
            if name == "landlord":
                if existing.landlord_id != new:
                    landlord = Landlord.objects.filter(pk=new).first() if new else None
                    found[name] = (_shown(name, existing.landlord), _shown(name, landlord))
                continue
            if name == "address" and cells.folded(existing.address) == cells.folded(new):
                continue
            old = getattr(existing, name)
            if old != new:
                found[name] = (_shown(name, old), _shown(name, new))
        return found

    # ------------------------------------------------------------------------ writing
    def save(self, cleaned: dict[str, Any], existing: Dwelling | None, context: Context) -> Dwelling:
        data = {k: v for k, v in cleaned.items() if k not in ("landlord", "tenancy")}
        if "landlord" in cleaned:
            data["landlord"] = Landlord.objects.get(pk=cleaned["landlord"]) if cleaned["landlord"] else None
        dwelling = existing
        if existing is not None:
            data = {k: v for k, v in data.items() if k in self.changes(existing, cleaned)}
        if existing is None or data:
            dwelling = services.dwelling_save(
                actor=context.actor, data={**data, "municipality": context.municipality}, dwelling=existing
            )
        if CACHE in context.cache:
            context.cache[CACHE][cells.folded(dwelling.address)] = dwelling
        tenancy = cleaned.get("tenancy")
        if tenancy and not (existing is not None and self._tenancy_stored(dwelling, tenancy)):
            services.tenancy_start(
                actor=context.actor,
                dwelling=dwelling,
                household=Household.objects.get(pk=tenancy["household"]),
                starts_on=tenancy["starts_on"],
                rent=tenancy["rent"],
            )
        return dwelling

    def may_import(self, user, municipality) -> bool:
        return bool(DWELLINGS.scopes(user, CHANGE, municipality.pk))


KIND = Dwellings()
