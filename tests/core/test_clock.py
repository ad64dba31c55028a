"""The suite's clock: every test starts on the suite's day, and a test can move it on purpose."""

import datetime as dt

from django.utils import timezone

from tests.conftest import OSLO, TEST_TODAY
from tests.world import years_ago


def test_the_suite_runs_on_its_own_day():
    assert timezone.localdate() == TEST_TODAY
    assert dt.date.today() == TEST_TODAY


def test_a_test_moves_the_clock_on_purpose(time_machine):
    time_machine.move_to(dt.datetime(2028, 2, 29, 9, tzinfo=OSLO), tick=False)
    assert timezone.localdate() == dt.date(2028, 2, 29)
    # The helpers of the test world are right on a leap day too.
    assert years_ago(2, days=0) == dt.date(2026, 2, 28)
    assert years_ago(4, days=0) == dt.date(2024, 2, 29)


def test_a_moved_clock_is_back_on_the_suite_day_in_the_next_test():
    assert timezone.localdate() == TEST_TODAY
