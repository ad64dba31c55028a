"""Audited changes of leisure (imported by tests/access/test_record_change.py): the interest mapping
and participations (section leisure) and the support applications with their decisions (leisure
support), each one entry."""

from decimal import Decimal

from django.utils import timezone

from lagrundt.leisure import services as leisure
from lagrundt.leisure.models import Activity, Interest, SchemeKind, SupportScheme
from tests.access.test_record_change import change


def _catalogue(s):
    if "leisure_activity" not in s.made:
        interest = Interest.objects.create(
            municipality=s.world.hemsedal, key="audit-football", name="Fotball"
        )
        activity = Activity.objects.create(municipality=s.world.hemsedal, organisation="IL", name="Fotball")
        activity.interests.set([interest])
        scheme = SupportScheme.objects.create(
            municipality=s.world.hemsedal,
            key="audit-kassa",
            name="Fritidskassa",
            kind=SchemeKind.MONEY,
            max_amount=Decimal(2000),
            source="Test",
        )
        s.keep("leisure_interest", interest)
        s.keep("leisure_activity", activity)
        s.keep("leisure_scheme", scheme)


@change("leisure.InterestMapping", leisure.interest_mapping_save, prepare=_catalogue)
def interests_mapped(s, service):
    data = {"mapped_on": timezone.localdate(), "interests": [s.made["leisure_interest"]], "wishes": "Fotball"}
    return service(actor=s.actor, person=s.person("adult"), data=data)


@change("leisure.InterestMapping", leisure.interest_mapping_save, prepare=_catalogue)
def interests_changed(s, service):
    data = {"mapped_on": timezone.localdate(), "interests": [], "wishes": "Fotball og tur"}
    return service(actor=s.actor, person=s.person("adult"), data=data)


@change("leisure.Participation", leisure.participation_add, prepare=_catalogue)
def taking_part(s, service):
    data = {"activity": s.made["leisure_activity"], "started_on": timezone.localdate()}
    return s.keep("leisure_participation", service(actor=s.actor, person=s.person("adult"), data=data).obj)


@change("leisure.Participation", leisure.participation_stop, prepare=_catalogue)
def stopped(s, service):
    return service(
        actor=s.actor,
        person=s.person("adult"),
        participation=s.made["leisure_participation"],
        data={"stopped_on": timezone.localdate()},
    )


@change("leisure.SupportApplication", leisure.support_application_add, prepare=_catalogue)
def applied(s, service):
    data = {
        "scheme": s.made["leisure_scheme"],
        "applied_on": timezone.localdate(),
        "amount_applied": Decimal(800),
    }
    return s.keep("leisure_application", service(actor=s.actor, person=s.person("adult"), data=data).obj)


@change("leisure.SupportApplication", leisure.support_decision_save, prepare=_catalogue)
def decided(s, service):
    data = {"decided_on": timezone.localdate(), "granted": True, "amount_granted": Decimal(800)}
    return service(
        actor=s.actor, person=s.person("adult"), application=s.made["leisure_application"], data=data
    )
