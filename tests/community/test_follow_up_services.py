"""Follow-up talks: saved with one answer per theme and one audit entry, not in the future, once per
3 or 5 years, written only by the integration service, and counted per theme with small counts hidden."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditEntry
from lagrundt.access.sections import Section
from lagrundt.community.follow_up import selectors, services
from lagrundt.community.models import FOLLOW_UP_THEMES, FollowUpTalk
from tests.world import make_person

pytestmark = pytest.mark.django_db


def _data(**changes):
    data = dict.fromkeys(FOLLOW_UP_THEMES, "good")
    data.update(years_after=3, held_on=timezone.localdate(), stay="stay")
    data.update(changes)
    return data


def _save(world, person=None, **changes):
    return services.follow_up_save(
        actor=Actor(world.users["integration"], detail="test"),
        person=person or world.persons["adult"],
        data=_data(**changes),
    )


def test_a_talk_is_saved_with_one_entry_in_the_settlement_section(world):
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    talk, _closed = _save(world, housing="difficult")
    assert talk.housing == "difficult" and talk.years_after == 3
    entries = AuditEntry.objects.filter(pk__gt=last)
    assert entries.count() == 1 and entries.get().section == Section.SETTLEMENT


def test_a_talk_in_the_future_or_twice_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        _save(world, held_on=timezone.localdate() + dt.timedelta(days=1))
    assert "held_on" in refused.value.error_dict
    _save(world)
    with pytest.raises(ValidationError) as twice:
        _save(world)
    assert "years_after" in twice.value.error_dict
    assert FollowUpTalk.objects.count() == 1


def test_the_form_keeps_what_was_typed_when_refused(world, login):
    url = reverse("community:follow_up_add", args=[world.persons["adult"].pk])
    post = {
        **_data(),
        "held_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
        "wellbeing": "mixed",
    }
    page = login(world, "integration").post(url, post)
    assert page.status_code == 200
    assert re.search(r'<input[^>]*name="wellbeing"[^>]*value="mixed"[^>]*checked', page.content.decode())
    assert not FollowUpTalk.objects.exists()


def test_only_the_integration_service_writes_talks(world, login):
    url = reverse("community:follow_up_add", args=[world.persons["adult"].pk])
    assert login(world, "health").get(url).status_code == 404
    assert login(world, "integration").get(url).status_code == 200


def test_the_summary_counts_answers_per_theme_with_small_counts_hidden(world):
    people = [
        make_person(world.hemsedal, f"Navn{n}", "Yusuf", dt.date(1990, 4, n + 1), serial=60 + n)
        for n in range(6)
    ]
    for n, person in enumerate(people):
        _save(world, person=person, housing="good" if n < 5 else "difficult")
    labels, rows, _stays, stay_cells = selectors.summary(
        selectors.summary_municipality_ids(world.users["leadership"])
    )
    housing = rows[FOLLOW_UP_THEMES.index("housing")]
    counted = dict(zip(labels, [c.value for c in housing.cells], strict=True))
    assert 5 in counted.values()
    assert None in counted.values()  # the one difficult is hidden
    assert stay_cells[0].value == 6
    assert selectors.summary_municipality_ids(world.users["school"]) == set()
