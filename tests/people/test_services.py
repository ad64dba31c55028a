"""Services of the register that other tests do not reach through pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lagrundt.access.audit import Actor
from lagrundt.people import services

pytestmark = pytest.mark.django_db


def test_settlement_date_of_a_person_who_moved_out_can_be_corrected(world):
    person = world.persons["moved"]
    actor = Actor(world.users["integration"])
    earlier = person.settlement.settled_on - dt.timedelta(days=10)
    services.settlement_save(actor=actor, person=person, data={"settled_on": earlier})
    person.settlement.refresh_from_db()
    assert person.settlement.settled_on == earlier
    with pytest.raises(ValidationError) as exc:
        services.settlement_save(
            actor=actor, person=person, data={"settled_on": person.move_out.moved_on + dt.timedelta(days=1)}
        )
    assert "settled_on" in exc.value.error_dict
