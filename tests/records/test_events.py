"""Every event a built-in routine file names for the school, kindergarten and health records is one this
app gives, and every event it gives is recorded by one of its dates."""

from lagrundt.records import services
from lagrundt.records.events import EVENTS, PREFIXES
from lagrundt.records.models import ContactKind
from lagrundt.routines.profiles import builtin_routine_files, load_routine_file


def test_every_closed_by_of_the_records_names_one_of_its_events():
    named = {
        event
        for path in builtin_routine_files()
        for spec in load_routine_file(path).routines
        for event in spec.spec.get("closed_by", ())
        if event.startswith(PREFIXES)
    }
    assert named, "the routine files name no record events"
    unknown = named - set(EVENTS)
    assert not unknown, f"closed_by names events the records do not give: {sorted(unknown)}"


def test_every_event_is_given_by_a_date_of_a_record():
    given = (
        set(services.SCHOOL_EVENTS.values())
        | set(services.KINDERGARTEN_EVENTS.values())
        | set(services.TALK_EVENTS.values())
        | set(services.HEALTH_EVENTS.values())
        | {services.contact_event(code) for code in ContactKind.values}
    )
    assert given == set(EVENTS)
    assert all(event.startswith(PREFIXES) for event in EVENTS)
