"""Property tests of the persons import: a generated spreadsheet imported twice changes nothing the
second time, and any invalid cell rejects the whole file and writes nothing."""

import datetime as dt

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lagrundt.access.models import AuditEntry
from lagrundt.imports.models import ImportStatus
from lagrundt.people.models import Household, Person, Settlement

from .helpers import apply, csv_bytes, run

NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå", min_size=2, max_size=8).map(str.capitalize)
SEXES = st.sampled_from(["Kvinne", "Mann", "K", "M", "female", "Male"])
COUNTRIES = st.sampled_from(["SY", "Eritrea", "Afghanistan", "UA", "SOM"])
HOUSEHOLDS = st.sampled_from(["", "Familien Aa", "Familien Bb"])
CATEGORIES = st.sampled_from(["", "Familiegjenforening", "Resettlement (quota) refugee"])


def _person(draw_birth_days, given_name, family, sex, country, household, category):
    today = timezone.localdate()
    birth = today - dt.timedelta(days=draw_birth_days)
    settled = (today - dt.timedelta(days=10)).strftime("%d.%m.%Y") if category else ""
    return ["", given_name, family, birth.strftime("%d.%m.%Y"), sex, country, household, settled, category]


ROWS = st.lists(
    st.builds(_person, st.integers(365, 365 * 80), NAMES, NAMES, SEXES, COUNTRIES, HOUSEHOLDS, CATEGORIES),
    min_size=1,
    max_size=6,
    unique_by=lambda r: (r[1].casefold(), r[2].casefold(), r[3]),
)
SETTINGS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _state():
    return (
        Person.objects.count(),
        Household.objects.count(),
        Settlement.objects.count(),
        AuditEntry.objects.count(),
    )


@SETTINGS
@given(rows=ROWS)
def test_imported_twice_changes_nothing_the_second_time(world, rows):
    user, municipality = world.users["integration"], world.gol
    content = csv_bytes(rows)
    first = run(user, municipality, content)
    assert first.counts["errors"] == 0, first.errors
    if first.may_apply:
        assert apply(first).status == ImportStatus.DONE
    after_first = _state()
    second = run(user, municipality, content)
    assert second.counts["new"] == 0 and second.counts["changed"] == 0, second.preview
    assert second.counts["unchanged"] == len(rows)
    assert not second.may_apply
    assert _state() == after_first


BAD_CELLS = st.sampled_from(
    [
        (3, "31.02.1990"),
        (3, "i morgen"),
        (4, "?"),
        (5, "Atlantis"),
        (1, "Ann3"),
        (8, "Ukjent"),
        (0, "12345678901"),
    ]
)


@SETTINGS
@given(rows=ROWS, bad=BAD_CELLS, where=st.integers(0, 5))
def test_any_invalid_cell_rejects_the_whole_file_and_writes_nothing(world, rows, bad, where):
    column, value = bad
    rows = [list(r) for r in rows]
    target = rows[where % len(rows)]
    target[column] = value
    if column == 8:  # a category needs a settlement date to be checked as a category
        target[7] = (timezone.localdate() - dt.timedelta(days=10)).strftime("%d.%m.%Y")
    before = _state()
    job = run(world.users["integration"], world.gol, csv_bytes(rows))
    assert job.counts["errors"] >= 1 and not job.may_apply
    assert any(e["row"] == 2 + rows.index(target) for e in job.errors), job.errors
    assert _state() == before
