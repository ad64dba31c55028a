"""Every event a built-in routine file names for leisure is one this app gives, and the one it gives is
what the interest mapping closes."""

from lagrundt.leisure import services
from lagrundt.leisure.events import EVENTS, PREFIXES
from lagrundt.routines.profiles import builtin_routine_files, load_routine_file


def test_every_closed_by_of_leisure_names_one_of_its_events():
    named = {
        event
        for path in builtin_routine_files()
        for spec in load_routine_file(path).routines
        for event in spec.spec.get("closed_by", ())
        if event.startswith(PREFIXES)
    }
    assert named, "the routine files name no leisure events"
    unknown = named - set(EVENTS)
    assert not unknown, f"closed_by names events leisure does not give: {sorted(unknown)}"


def test_the_mapping_gives_the_only_event():
    assert set(EVENTS) == {services.INTERESTS_EVENT}
    assert all(event.startswith(PREFIXES) for event in EVENTS)
