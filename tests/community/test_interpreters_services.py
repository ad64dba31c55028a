"""Recording an interpreter: a child as interpreter is refused with nothing saved, an interpreter outside
the register needs a § 7 reason after the dispensation ends, a meeting without an interpreter with a
person who needs one is saved and listed, and the statistics protect small counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditEntry
from lagrundt.access.sections import Section
from lagrundt.community.interpreters import selectors, services
from lagrundt.community.models import InterpreterUse
from lagrundt.routines.models import Task
from lagrundt.tenancy.models import Sector
from tests.access_matrix import health_task

pytestmark = pytest.mark.django_db


def _data(**changes):
    data = {
        "held_on": timezone.localdate(),
        "language": "ti",
        "mode": "on_site",
        "category": "B",
        "unqualified_reason": "",
        "duration_minutes": 60,
        "cost": Decimal("900"),
        "interpreter_is_child": False,
    }
    data.update(changes)
    return data


def _add(world, **changes):
    return services.interpreter_use_add(
        actor=Actor(world.users["integration"], detail="test"),
        data=_data(**changes),
        sector=Sector.INTEGRATION_SERVICE,
        section=Section.PROGRAMME,
        person=world.persons["adult"],
    )


def test_a_child_as_interpreter_is_refused_and_nothing_is_saved(world):
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        _add(world, interpreter_is_child=True)
    assert "Children must not be used as interpreters" in " ".join(refused.value.messages)
    assert not InterpreterUse.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_the_child_stop_on_the_page_keeps_what_was_typed(world, login):
    client = login(world, "integration")
    person = world.persons["adult"]
    url = reverse("community:interpreter_person_add", args=[person.pk])
    post = {**_data(), "section": "programme", "interpreter_is_child": "on", "cost": "900"}
    post["held_on"] = post["held_on"].isoformat()
    page = client.post(url, post)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Children must not be used as interpreters" in text
    assert 'value="900"' in text
    assert not InterpreterUse.objects.exists()


def test_the_child_flag_is_not_stored(world):
    use = _add(world)
    assert not hasattr(use, "interpreter_is_child")
    assert "interpreter_is_child" not in {f.name for f in InterpreterUse._meta.get_fields()}


def test_unqualified_without_reason_is_allowed_during_the_dispensation(world):
    # A meeting on the dispensation's last day at the latest, whatever day the suite runs on.
    during = min(timezone.localdate(), services.DISPENSATION_UNTIL)
    use = _add(world, category="unqualified", held_on=during)
    assert use.category == "unqualified" and use.unqualified_reason == ""


def test_unqualified_without_reason_is_refused_after_the_dispensation(world, time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 4, 12, tzinfo=dt.UTC))
    with pytest.raises(ValidationError) as refused:
        _add(world, category="unqualified", held_on=dt.date(2027, 1, 4))
    assert "unqualified_reason" in refused.value.error_dict
    assert not InterpreterUse.objects.exists()
    use = _add(world, category="unqualified", unqualified_reason="emergency", held_on=dt.date(2027, 1, 4))
    assert use.unqualified_reason == "emergency"


def test_the_dispensation_ends_on_the_day_the_facts_give():
    assert dt.date(2026, 12, 31) == services.DISPENSATION_UNTIL
    assert not services.needs_reason(dt.date(2026, 12, 31))
    assert services.needs_reason(dt.date(2027, 1, 1))


def test_an_interpreter_needs_a_category_and_none_has_none(world):
    with pytest.raises(ValidationError) as refused:
        _add(world, category="")
    assert "category" in refused.value.error_dict
    with pytest.raises(ValidationError):
        _add(world, mode="none", category="A")
    with pytest.raises(ValidationError) as future:
        _add(world, held_on=timezone.localdate() + dt.timedelta(days=1))
    assert "held_on" in future.value.error_dict
    assert not InterpreterUse.objects.exists()


def test_a_meeting_without_an_interpreter_is_saved_with_a_warning_and_listed(world, login):
    person = world.persons["adult"]
    person.interpreter_needed, person.interpreter_language = True, "ti"
    person.save(update_fields=["interpreter_needed", "interpreter_language"])
    use = _add(world, mode="none", category="", cost=None, duration_minutes=None)
    assert services.lacks_interpreter(use)
    assert list(selectors.without_interpreter(world.users["integration"])) == [use]
    client = login(world, "integration")
    page = client.get(reverse("community:interpreter_missing")).content.decode()
    assert person.list_name in page
    persons_page = client.get(reverse("community:interpreter_person", args=[person.pk])).content.decode()
    assert persons_page.count('data-color="warning"') == 1
    other = _add(world)
    assert not services.lacks_interpreter(other)
    assert list(selectors.without_interpreter(world.users["integration"])) == [use]


def test_one_audit_entry_per_use_in_the_persons_section(world):
    before = AuditEntry.objects.count()
    use = _add(world)
    entry = AuditEntry.objects.order_by("-pk").first()
    assert AuditEntry.objects.count() == before + 1
    assert entry.person_id == use.person_id and entry.section == Section.PROGRAMME


def test_statistics_share_qualified_and_cost_with_small_counts_hidden(world):
    for n in range(6):
        qualified = n < 3
        _add(
            world,
            category="A" if qualified else "unqualified",
            unqualified_reason="" if qualified else "cannot_wait",
            cost=Decimal("100"),
        )
    _add(world, language="ar")
    rows = {r.code: r for r in selectors.statistics(world.users["leadership"], timezone.localdate().year)}
    assert rows["ti"].needed.value == 6 and rows["ti"].share is None  # 3 and 3 are small
    assert rows["ti"].cost == Decimal("600")
    assert rows["ar"].needed.value is None and rows["ar"].cost is None
    for _n in range(2):
        _add(world, category="C", cost=Decimal("100"))
        _add(world, category="unqualified", unqualified_reason="cannot_wait", cost=Decimal("100"))
    rows = {r.code: r for r in selectors.statistics(world.users["leadership"], timezone.localdate().year)}
    assert rows["ti"].qualified.value == 5 and rows["ti"].share == pytest.approx(0.5)
    assert rows["ti"].needed.value == 10 and rows["ti"].cost == Decimal("1000")


def test_a_tasks_interpreter_is_recorded_by_who_may_act_on_the_task(world, login):
    task = Task.objects.get(pk=health_task(world, "health", "own")["pk"])
    url = reverse("community:interpreter_task_add", args=[task.pk])
    assert login(world, "integration").get(url).status_code == 404
    post = {**_data(), "held_on": timezone.localdate().isoformat(), "cost": "900"}
    answer = login(world, "health").post(url, post)
    assert answer.status_code == 302
    use = InterpreterUse.objects.get()
    assert (use.task_id, use.person_id, use.sector, use.section) == (
        task.pk,
        world.persons["adult"].pk,
        Sector.HEALTH,
        Section.HEALTH,
    )


def test_the_plans_indicator_counts_meetings_with_and_without_a_qualified_interpreter(world):
    from lagrundt.community.interpreters import plugins
    from lagrundt.core.measurement import Group, Kind, Query

    _add(world, category="A")
    _add(world, category="unqualified", unqualified_reason="cannot_wait")
    _add(world, mode="none", category="", cost=None)  # the person needs none: not counted
    (indicator,) = plugins.definitions()
    assert indicator.key == "qualified_interpreter_share" and indicator.kind == Kind.SHARE
    year = timezone.localdate().year
    query = Query(municipality_ids=(world.hemsedal.pk,), years=(year,), today=timezone.localdate())
    assert indicator.compute(query) == {year: [1, 1]}
    health = Query(
        municipality_ids=(world.hemsedal.pk,),
        years=(year,),
        today=timezone.localdate(),
        group=Group(sector="health"),
    )
    assert indicator.compute(health) == {year: [0, 0]}
