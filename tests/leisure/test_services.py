import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditEntry
from lagrundt.leisure import selectors, services
from lagrundt.leisure.models import InterestMapping, Participation, SupportApplication

from .conftest import make_activity

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def culture(world):
    return Actor(world.users["culture"], detail="test")


def test_mapping_is_one_per_person_changed_in_place_and_audited(world, catalogue, child):
    actor = culture(world)
    first = services.interest_mapping_save(
        actor=actor,
        person=child,
        data={
            "mapped_on": today() - dt.timedelta(days=5),
            "interests": [catalogue["football"]],
            "wishes": "Fotball",
        },
    ).obj
    again = services.interest_mapping_save(
        actor=actor,
        person=child,
        data={"mapped_on": today(), "interests": [catalogue["football"], catalogue["music"]], "wishes": ""},
    ).obj
    assert first.pk == again.pk and InterestMapping.objects.filter(person=child).count() == 1
    assert selectors.interest_keys_of([child.pk, world.persons["teen"].pk]) == {
        child.pk: {"football", "music"}
    }
    entries = AuditEntry.objects.filter(
        person_id=child.pk, section="leisure", action__in=["create", "update"]
    )
    assert entries.count() == 2
    assert entries.order_by("pk").last().changes["wishes"] == {"changed": True}


def test_mapping_refuses_another_municipalitys_interests_and_a_future_day(world, catalogue, child):
    with pytest.raises(ValidationError) as exc:
        services.interest_mapping_save(
            actor=culture(world),
            person=child,
            data={"mapped_on": today() + dt.timedelta(days=1), "interests": [catalogue["aal_interest"]]},
        )
    assert set(exc.value.error_dict) == {"mapped_on", "interests"}
    assert not InterestMapping.objects.exists()


def test_mapping_closes_the_aal_task(world):
    from lagrundt.core.dates import add_years
    from lagrundt.routines import engine
    from lagrundt.routines.models import Task, TaskStatus
    from lagrundt.routines.services import apply_routine_files
    from tests.world import make_person

    apply_routine_files()
    newcomer = make_person(
        world.aal,
        "Amina",
        "Yusuf",
        add_years(today(), -10),
        settled_on=today() - dt.timedelta(days=12),
        serial=41,
    )
    engine.refresh_persons([newcomer.pk])
    task = Task.objects.get(subject=f"p:{newcomer.pk}", routine__key="aal.leisure.interests")
    assert task.status == TaskStatus.OPEN
    saved = services.interest_mapping_save(
        actor=Actor(world.users["aal-integration"], detail="test"),
        person=newcomer,
        data={"mapped_on": today() - dt.timedelta(days=2), "interests": [], "wishes": "Vil symje"},
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.closed_on == today() - dt.timedelta(days=2)
    assert [t.pk for t in saved.closed] == [task.pk]


def test_participation_stop_before_start_is_refused_and_nothing_saved(world, catalogue, child):
    actor = culture(world)
    with pytest.raises(ValidationError) as exc:
        services.participation_add(
            actor=actor,
            person=child,
            data={
                "activity": catalogue["club"],
                "started_on": today() - dt.timedelta(days=10),
                "stopped_on": today() - dt.timedelta(days=20),
            },
        )
    assert "stopped_on" in exc.value.error_dict
    assert not Participation.objects.exists()
    taking_part = services.participation_add(
        actor=actor,
        person=child,
        data={"activity": catalogue["club"], "started_on": today() - dt.timedelta(days=10)},
    ).obj
    with pytest.raises(ValidationError) as exc:
        services.participation_stop(
            actor=actor,
            person=child,
            participation=taking_part,
            data={"stopped_on": today() - dt.timedelta(days=11)},
        )
    assert "stopped_on" in exc.value.error_dict
    taking_part.refresh_from_db()
    assert taking_part.stopped_on is None
    services.participation_stop(
        actor=actor, person=child, participation=taking_part, data={"stopped_on": today()}
    )
    taking_part.refresh_from_db()
    assert taking_part.stopped_on == today()


def test_participation_refuses_another_municipalitys_activity_and_a_second_running_one(
    world, catalogue, child
):
    actor = culture(world)
    elsewhere = make_activity(world.aal, "Skiskyting")
    with pytest.raises(ValidationError) as exc:
        services.participation_add(
            actor=actor, person=child, data={"activity": elsewhere, "started_on": today()}
        )
    assert "activity" in exc.value.error_dict
    services.participation_add(
        actor=actor, person=child, data={"activity": catalogue["club"], "started_on": today()}
    )
    with pytest.raises(ValidationError):
        services.participation_add(
            actor=actor, person=child, data={"activity": catalogue["club"], "started_on": today()}
        )
    assert Participation.objects.count() == 1


def _apply(world, person, scheme, amount=Decimal(700)):
    return services.support_application_add(
        actor=culture(world),
        person=person,
        data={"scheme": scheme, "applied_on": today(), "amount_applied": amount},
    ).obj


def test_a_decision_above_the_schemes_limit_in_the_year_is_refused(world, catalogue, child):
    scheme = catalogue["scheme"]  # at most 1 000 kroner a year
    first = _apply(world, child, scheme)
    services.support_decision_save(
        actor=culture(world),
        person=child,
        application=first,
        data={"decided_on": today(), "granted": True, "amount_granted": Decimal(700)},
    )
    second = _apply(world, child, scheme, Decimal(400))
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.support_decision_save(
            actor=culture(world),
            person=child,
            application=second,
            data={"decided_on": today(), "granted": True, "amount_granted": Decimal(400)},
        )
    message = exc.value.error_dict["amount_granted"][0].messages[0]
    assert "1" in message and "300" in message and "700" in message
    second.refresh_from_db()
    assert second.decided_on is None and second.granted is None and second.amount_granted is None
    assert AuditEntry.objects.count() == before
    # What is left of the year's limit can be granted; changing the first decision counts without itself.
    services.support_decision_save(
        actor=culture(world),
        person=child,
        application=second,
        data={"decided_on": today(), "granted": True, "amount_granted": Decimal(300)},
    )
    assert services.granted_in_year(child, scheme, today().year) == Decimal(1000)
    services.support_decision_save(
        actor=culture(world),
        person=child,
        application=first,
        data={"decided_on": today(), "granted": True, "amount_granted": Decimal(700)},
    )


def test_children_only_scheme_refuses_an_adult_and_a_refusal_has_no_amount(world, catalogue, child):
    adult = world.persons["adult"]
    with pytest.raises(ValidationError) as exc:
        _apply(world, adult, catalogue["scheme"])
    assert "scheme" in exc.value.error_dict
    application = _apply(world, child, catalogue["scheme"])
    with pytest.raises(ValidationError) as exc:
        services.support_decision_save(
            actor=culture(world),
            person=child,
            application=application,
            data={"decided_on": today(), "granted": False, "amount_granted": Decimal(100)},
        )
    assert "amount_granted" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.support_decision_save(
            actor=culture(world),
            person=child,
            application=application,
            data={
                "decided_on": application.applied_on - dt.timedelta(days=1),
                "granted": True,
                "amount_granted": None,
            },
        )
    assert set(exc.value.error_dict) == {"decided_on", "amount_granted"}
    assert SupportApplication.objects.get(pk=application.pk).decided_on is None


def test_suggestions_share_interests_fit_the_age_low_threshold_first(world, catalogue, child):
    actor = culture(world)
    assert selectors.suggestions(child) == []  # nothing mapped yet
    services.interest_mapping_save(
        actor=actor,
        person=child,
        data={"mapped_on": today(), "interests": [catalogue["football"], catalogue["hiking"]]},
    )
    # Eight years old: the senior hike does not fit; the low-threshold ball court comes first.
    assert selectors.suggestions(child) == [catalogue["open"], catalogue["club"]]
    services.participation_add(
        actor=actor, person=child, data={"activity": catalogue["open"], "started_on": today()}
    )
    assert selectors.suggestions(child) == [catalogue["club"]]
    catalogue["club"].active = False
    catalogue["club"].save()
    assert selectors.suggestions(child) == []


def test_activity_ages_and_interests_are_checked(world, catalogue):
    actor = Actor(world.users["culture"], detail="test")
    data = {
        "municipality": world.hemsedal,
        "organisation": "Laget",
        "name": "Dans",
        "age_from": 12,
        "age_to": 8,
        "season": "all_year",
        "interests": [catalogue["aal_interest"]],
    }
    with pytest.raises(ValidationError) as exc:
        services.activity_save(actor=actor, data=data)
    assert set(exc.value.error_dict) == {"age_from", "interests"}
    activity = services.activity_save(
        actor=actor, data={**data, "age_to": 16, "interests": [catalogue["music"]]}
    )
    assert list(activity.interests.all()) == [catalogue["music"]]
    assert AuditEntry.objects.filter(municipality_id=world.hemsedal.pk, section="", action="create").exists()
