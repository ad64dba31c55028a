"""The demo's table of logins names every section in Norwegian, never by its key."""

from lagrundt.access.sections import Section
from lagrundt.web.management.commands.load_demo import SECTION_LABELS


def test_every_section_has_a_norwegian_label_in_the_demo_table():
    assert set(SECTION_LABELS) == set(Section)
    assert all(label and "_" not in label for label in SECTION_LABELS.values())
