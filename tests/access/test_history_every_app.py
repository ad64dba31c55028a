"""A person's history holds changes every app writes, and each reads as words: the row of another app
by its model's fields, an ambiguous key by the model the entry is a row of, a code by its label.

Before, a person's page failed on a leisure interest mapping (a key that is a row pointing at the
person), and showed "Årsak: time_expired", "Kind: activity_buddy" and a membership's "employee"."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from lagrundt.access.audit import jsonable
from lagrundt.access.history import audit_log_format, section_rows
from lagrundt.housing.models import Inspection, checklist_titles
from lagrundt.leisure.models import Interest
from lagrundt.people.selectors import PERSON_HISTORY

pytestmark = pytest.mark.django_db


class Entry:
    def __init__(self, section: str, changes: dict):
        self.section, self.changes, self.municipality_id = section, changes, None


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def _read(section: str, changes: dict) -> list[tuple]:
    (row,) = section_rows([Entry(section, changes)], first=PERSON_HISTORY)
    return [(c.label, c.old, c.new) for c in row.changes]


def test_a_row_of_another_app_reads_by_its_own_fields(world):
    person = world.persons["adult"]
    music = Interest.objects.create(municipality=world.hemsedal, key="music", name="Music")
    shown = _read(
        "leisure",
        {
            "interest_mapping": {"old": None, "new": 48},
            "interests": {"old": None, "new": [music.pk]},
            "mapped_on": {"old": None, "new": "2026-05-12"},
            "person": {"old": None, "new": person.pk},
        },
    )
    # The key that only names the row is left out; the rest read as on the form.
    assert ("Interests", None, "Music") in shown
    assert ("Mapped on", None, "12.05.2026") in shown
    assert not any("interest_mapping" in str(s) or "48" in str(s) for s in shown), shown


def test_an_entry_is_read_as_a_row_of_the_model_that_has_all_its_keys(world):
    shown = _read(
        "programme",
        {
            "ended_on": {"old": None, "new": "2026-10-30"},
            "reason": {"old": None, "new": "time_expired"},
            "status_at_end": {"old": None, "new": "work"},
        },
    )
    assert ("End reason", None, "Programme time ran out") in shown, shown


def test_a_code_reads_by_the_field_whose_choices_have_it():
    (change,) = audit_log_format("").changes({"role": {"old": None, "new": "employee"}})
    assert change.new == "Employee"


def test_codes_from_a_profile_read_by_their_titles():
    titles = checklist_titles()
    assert titles and all("_" not in title for title in titles.values())
    key = next(iter(titles))
    (change,) = audit_log_format("housing").changes({"guidance": {"old": None, "new": [key]}})
    assert change.new == titles[key]
    assert Inspection.audit_labels("guidance")[key] == titles[key]


def test_a_whole_decimal_is_kept_as_a_number_and_a_fraction_as_text():
    assert jsonable(Decimal("20.0")) == 20
    assert jsonable(Decimal("37.50")) == "37.5"
    assert jsonable(dt.date(2026, 1, 2)) == "2026-01-02"
