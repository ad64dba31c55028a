"""Audited changes of the community part interpreters (imported by tests/access/test_record_change.py)."""

from decimal import Decimal

from django.utils import timezone

from lagrundt.access.sections import Section
from lagrundt.community.interpreters import services as interpreters
from lagrundt.tenancy.models import Sector
from tests.access.test_record_change import change


@change("community.InterpreterUse", interpreters.interpreter_use_add)
def interpreter_used(s, service):
    data = {
        "held_on": timezone.localdate(),
        "language": "ti",
        "mode": "video",
        "category": "C",
        "duration_minutes": 45,
        "cost": Decimal("800"),
    }
    return service(
        actor=s.actor,
        data=data,
        sector=Sector.INTEGRATION_SERVICE,
        section=Section.PROGRAMME,
        person=s.participant,
    )
