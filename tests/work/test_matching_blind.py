"""The matching is blind to sex, country and age: it is never given them, and changing them in the
register changes no ranking."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lagrundt.people.models import Person
from lagrundt.work import rules, selectors

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)
COUNTRIES = ["ER", "SY", "UA", "AF", "SO", "CD", "TR", "NO"]


def ranking(user, opening):
    (data,) = selectors.opening_data([opening])
    result = rules.rank_candidates(selectors.load_candidates(user), data, TODAY)
    return [(m.person_id, round(m.score, 9)) for m in result.matches], sorted(
        m.person_id for m in result.excluded
    )


def test_loading_candidates_selects_nothing_about_sex_country_or_age(world, profiles):
    with CaptureQueriesContext(connection) as queries:
        candidates = selectors.load_candidates(world.users["nav"])
    assert {c.person_id for c in candidates} == {
        world.persons[k].pk for k in ("adult", "spouse", "gol_adult")
    }
    for query in queries.captured_queries:
        selected = re.match(r"SELECT (.*?) FROM ", query["sql"], re.S).group(1)
        for column in ("sex", "country_background", "birth_date", "national_id", "given_name"):
            assert column not in selected, (column, query["sql"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.lists(
        st.tuples(
            st.sampled_from(["female", "male", "unknown"]),
            st.sampled_from(COUNTRIES),
            st.integers(min_value=18 * 365 + 10, max_value=66 * 365),
        ),
        min_size=3,
        max_size=3,
    )
)
def test_results_do_not_change_with_sex_country_or_age(world, profiles, winter_opening, changes):
    user = world.users["integration"]
    before = ranking(user, winter_opening)
    for key, (sex, country, days) in zip(("adult", "spouse", "gol_adult"), changes, strict=True):
        Person.objects.filter(pk=world.persons[key].pk).update(
            sex=sex, country_background=country, birth_date=dt.date.today() - dt.timedelta(days=days)
        )
    assert ranking(user, winter_opening) == before
