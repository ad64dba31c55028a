"""A small synthetic world for tests: four municipalities, a unit and a user per sector, and persons
of every kind the access policy tells apart. All names and IDs are made up."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.utils import timezone
from stdnum.no import fodselsnummer

from lagrundt.core.dates import add_years
from lagrundt.people.models import Household, MoveOut, Person, Settlement, SettlementCategory
from lagrundt.people.services import index_names
from lagrundt.tenancy.models import Membership, Municipality, Role, Sector, ServiceUnit

PASSWORD = "test-password-123"


def synthetic_national_id(birth: dt.date, serial: int = 0) -> str:
    """A valid number with the month raised by 40 (synthetic convention): never a real person's."""
    individual = (serial % 499) if birth.year < 2000 else 500 + (serial % 499)
    for i in range(individual, individual + 100):
        base = f"{birth.day:02d}{birth.month + 40:02d}{birth.year % 100:02d}{i % 1000:03d}"
        d1 = fodselsnummer.calc_check_digit1(base)
        if d1 == "-" or len(d1) != 1:
            continue
        d2 = fodselsnummer.calc_check_digit2(base + d1)
        if len(d2) != 1:
            continue
        number = base + d1 + d2
        if fodselsnummer.is_valid(number) and fodselsnummer.get_birth_date(number) == birth:
            return number
    raise AssertionError("no valid synthetic number found")


def years_ago(years: int, days: int = 40) -> dt.date:
    """The day ``years`` whole years and ``days`` days before today (29 February safe)."""
    return add_years(timezone.localdate(), -years) - dt.timedelta(days=days)


@dataclass
class World:
    hemsedal: Municipality
    gol: Municipality
    aal: Municipality
    hol: Municipality
    users: dict[str, User] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)


# Users in Hemsedal's units (own municipality) by sector; "aal-integration" works in Ål.
SECTOR_USERS = {
    "integration": Sector.INTEGRATION_SERVICE,
    "health": Sector.HEALTH,
    "school": Sector.SCHOOL,
    "kindergarten": Sector.KINDERGARTEN,
    "nav": Sector.NAV,
    "housing": Sector.HOUSING,
    "culture": Sector.CULTURE_LEISURE,
    "volunteer": Sector.VOLUNTEER_CENTRE,
    "leadership": Sector.LEADERSHIP,
    "dpo": Sector.DATA_PROTECTION,
    "sysadmin": Sector.SYSTEM_ADMINISTRATION,
}


def make_person(
    municipality,
    given,
    family,
    birth,
    *,
    household=None,
    settled_on=None,
    moved=False,
    category=SettlementCategory.RESETTLEMENT_REFUGEE,
    consent=False,
    serial=0,
) -> Person:
    person = Person.objects.create(
        given_name=given,
        family_name=family,
        birth_date=birth,
        sex="female" if serial % 2 else "male",
        national_id=synthetic_national_id(birth, serial),
        country_background="ER",
        municipality=municipality,
        household=household,
        consents_to_leisure_contact=consent,
    )
    Settlement.objects.create(
        person=person,
        settled_on=settled_on or years_ago(2),
        municipality=municipality,
        category=category,
        came_directly=True,
    )
    if moved:
        moved_on = timezone.localdate() - dt.timedelta(days=30)
        MoveOut.objects.create(
            person=person, moved_on=moved_on, destination_municipality="Drammen", reason="work"
        )
        person.moved_out_on = moved_on
        person.save(update_fields=["moved_out_on"])
    return person


def build_world() -> World:
    hemsedal = Municipality.objects.create(number="3326", name="Hemsedal", slug="hemsedal")
    gol = Municipality.objects.create(number="3324", name="Gol", slug="gol")
    aal = Municipality.objects.create(number="3328", name="Ål", slug="aal")
    hol = Municipality.objects.create(number="3330", name="Hol", slug="hol")
    world = World(hemsedal, gol, aal, hol)

    def unit(name, host, *served):
        u = ServiceUnit.objects.create(name=name, host_municipality=host)
        u.municipalities.set(served or [host])
        return u

    shared = {Sector.INTEGRATION_SERVICE, Sector.NAV, Sector.DATA_PROTECTION}
    for key, sector in SECTOR_USERS.items():
        served = (hemsedal, gol) if sector in shared else (hemsedal,)
        u = unit(f"Hemsedal {key}", hemsedal, *served)
        user = User.objects.create_user(
            f"hemsedal-{key}",
            password=PASSWORD,
            first_name=key.title(),
            last_name="Testesen",
            is_staff=sector == Sector.SYSTEM_ADMINISTRATION,
            is_superuser=sector == Sector.SYSTEM_ADMINISTRATION,
        )
        Membership.objects.create(
            user=user, unit=u, sector=sector, role=Role.LEADER if key == "leadership" else Role.EMPLOYEE
        )
        world.users[key] = user
    aal_unit = unit("Ål introsenter", aal, aal, hol)
    world.users["aal-integration"] = User.objects.create_user("aal-integration", password=PASSWORD)
    Membership.objects.create(
        user=world.users["aal-integration"], unit=aal_unit, sector=Sector.INTEGRATION_SERVICE
    )
    world.users["nobody"] = User.objects.create_user("nobody", password=PASSWORD)

    family = Household.objects.create(name="Familien Haile", municipality=hemsedal)
    p = world.persons
    p["adult"] = make_person(
        hemsedal, "Abeba", "Haile", years_ago(38), household=family, serial=1, consent=True
    )
    p["spouse"] = make_person(hemsedal, "Dawit", "Haile", years_ago(41), household=family, serial=2)
    p["teen"] = make_person(hemsedal, "Selam", "Haile", years_ago(15), household=family, serial=3)
    p["school_child"] = make_person(hemsedal, "Yonas", "Haile", years_ago(8), household=family, serial=4)
    p["small_child"] = make_person(hemsedal, "Ruth", "Haile", years_ago(3), household=family, serial=5)
    p["moved"] = make_person(hemsedal, "Mehari", "Tesfay", years_ago(30), moved=True, serial=6)
    p["gol_adult"] = make_person(gol, "Hana", "Gebre", years_ago(27), serial=7)
    p["aal_adult"] = make_person(
        aal,
        "Olena",
        "Kovalenko",
        years_ago(33),
        serial=8,
        category=SettlementCategory.TEMPORARY_COLLECTIVE_PROTECTION,
    )
    aal_family = Household.objects.create(name="Familien Kovalenko", municipality=aal)
    p["aal_child"] = make_person(aal, "Taras", "Kovalenko", years_ago(9), household=aal_family, serial=9)
    p["aal_adult"].household = aal_family
    p["aal_adult"].save(update_fields=["household"])
    p["aal_moved"] = make_person(aal, "Iryna", "Bondarenko", years_ago(45), moved=True, serial=10)
    index_names(p.values())
    return world
