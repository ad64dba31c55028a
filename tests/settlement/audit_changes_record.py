"""The integration service's record in the central audit test (tests/access/test_record_change.py
imports this module): each change through its service writes one audit entry."""

import datetime as dt

from django.utils import timezone

from lagrundt.settlement import services as settlement
from tests.access.test_record_change import change


@change("settlement.IntegrationRecord", settlement.integration_record_save)
def integration_record(s, service):
    data = {"permit_type": "resettlement", "housing_type": "municipal_rental"}
    return service(actor=s.actor, person=s.person("adult"), data=data)


@change("settlement.NorwegianTraining", settlement.norwegian_training_save)
def norwegian_training(s, service):
    data = {"right": "right_and_duty", "hours_completed": 120}
    return service(actor=s.actor, person=s.person("adult"), data=data)


@change("settlement.NorwegianTest", settlement.norwegian_test_add)
def norwegian_test(s, service):
    data = {"level": "A2", "part": "oral", "passed_on": timezone.localdate() - dt.timedelta(days=10)}
    return s.keep("norwegian_test", service(actor=s.actor, person=s.person("adult"), data=data))


@change("settlement.NorwegianTest", settlement.norwegian_test_remove)
def norwegian_test_removed(s, service):
    return service(actor=s.actor, person=s.person("adult"), pk=s.made["norwegian_test"].pk)
