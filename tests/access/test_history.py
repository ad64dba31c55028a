"""One way to show a history of changes: field names as on the forms, choices by their labels, related
rows by their names. Never a stored key, a code or a Python representation."""

import datetime as dt

import pytest
from django.utils import translation

from lagrundt.access.audit import Actor
from lagrundt.access.history import Change, HistoryFormat
from lagrundt.access.sections import Section
from lagrundt.people import selectors, services
from lagrundt.people.models import Person, Settlement
from lagrundt.tenancy.models import Sector

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def test_a_relation_reads_as_the_relative_and_the_kind(world):
    adult, child = world.persons["adult"], world.persons["school_child"]
    services.relation_add(
        actor=Actor(world.users["integration"]), person=child, relative=adult, kind="parent"
    )
    (row, *_rest) = selectors.change_history(child, [Section.FAMILY])
    (change,) = row.changes
    assert change == Change(label="Relation", old=None, new=f"{adult.full_name}, Parent")
    shown = f"{change.label} {change.old} {change.new}"
    assert "{" not in shown and "relative" not in shown and "parent," not in shown


def test_values_read_as_on_the_forms(world):
    history = HistoryFormat(models=(Person, Settlement), choices={"languages": [("ti", "Tigrinya")]})
    changes = {
        "municipality": {"old": world.hemsedal.pk, "new": world.gol.pk},
        "settled_on": {"old": "2025-03-01", "new": "2025-03-04"},
        "interpreter_needed": {"old": False, "new": True},
        "sex": {"old": "", "new": "female"},
        "country_background": {"old": None, "new": "ER"},
        "languages": {"old": [], "new": ["ti", "xx"]},
        "some_row": {"old": None, "new": {"occupation": "9112", "years": 3}},
    }
    assert history.changes(changes) == [
        Change("Municipality", "Hemsedal", "Gol"),  # by name, not "3326 Hemsedal"
        Change("Settlement date", "01.03.2025", "04.03.2025"),
        Change("Needs an interpreter", "No", "Yes"),
        Change("Sex", None, "Female"),
        Change("Country background", None, "Eritrea"),
        Change("Languages", None, "Tigrinya, xx"),
        Change("Some row", None, "9112, 3"),
    ]


def test_a_row_no_longer_there_is_said_so(world):
    history = HistoryFormat(models=(Settlement,))
    (change,) = history.changes({"municipality": {"old": None, "new": 999_999}})
    assert change.new == "(deleted)"


def test_a_measure_names_its_unit_and_sectors(world):
    from lagrundt.plans.models import Measure
    from lagrundt.plans.selectors import MEASURE_HISTORY

    unit = world.users["health"].memberships.get().unit
    changes = {
        "unit": {"old": None, "new": unit.pk},
        "other_sectors": {"old": [], "new": [Sector.HEALTH, Sector.SCHOOL]},
        "budget": {"old": None, "new": "25000.00"},
        "ends_on": {"old": "2026-12-31", "new": None},
        "note": {"old": None, "new": 12},
    }
    assert MEASURE_HISTORY.changes(changes) == [
        Change(str(Measure._meta.get_field("unit").verbose_name).capitalize(), None, unit.name),
        Change("Also involved", None, f"{Sector.HEALTH.label}, {Sector.SCHOOL.label}"),
        Change("Budget (kroner)", None, "25,000.00"),
        Change("Deadline", "31.12.2026", None),
    ]


def test_the_person_page_shows_no_stored_keys(world, login):
    client = login(world, "integration")
    adult, child = world.persons["adult"], world.persons["school_child"]
    actor = Actor(world.users["integration"])
    services.relation_add(actor=actor, person=child, relative=adult, kind="parent")
    services.settlement_save(actor=actor, person=child, data={"settled_on": dt.date(2024, 5, 2)})
    page = client.get(f"/personer/{child.pk}/").content.decode()
    assert "{&#x27;relative&#x27;" not in page and "&#x27;kind&#x27;" not in page
    assert adult.full_name in page
