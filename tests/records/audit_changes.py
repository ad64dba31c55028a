"""The records' changes for the central test that every model with personal data changes through its
service with one audit entry (tests/access/test_record_change.py imports this module)."""

from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.records import services as records
from lagrundt.records.models import SchoolPlacement
from tests.access.test_record_change import change


def _actor(s, sector: str) -> Actor:
    return Actor(s.world.users[sector], detail="test")


@change("records.SchoolPlacement", records.school_placement_save)
def school_place_made(s, service):
    data = {
        "school": "Hemsedal skole",
        "grade": 3,
        "class_kind": "welcome",
        "starts_on": timezone.localdate(),
    }
    return service(actor=_actor(s, "school"), person=s.person("school_child"), data=data)


@change("records.SchoolPlacement", records.school_placement_save)
def school_place_changed(s, service):
    child = s.person("school_child")
    placement = SchoolPlacement.objects.get(person=child, ends_on__isnull=True)
    return service(actor=_actor(s, "school"), person=child, placement=placement, data={"grade": 4})


@change("records.SpecialLanguageDecision", records.language_decision_add)
def language_decided(s, service):
    data = {"decided_on": timezone.localdate(), "kind": "norwegian", "hours_per_week": 3}
    return service(actor=_actor(s, "school"), person=s.person("school_child"), data=data)


@change("records.KindergartenPlacement", records.kindergarten_placement_save)
def kindergarten_applied(s, service):
    data = {"kindergarten": "Tuv barnehage", "applied_on": timezone.localdate()}
    return service(actor=_actor(s, "kindergarten"), person=s.person("small_child"), data=data)


@change("records.KindergartenTalk", records.interpreter_talk_add)
def interpreter_talk_held(s, service):
    data = {"held_on": timezone.localdate()}
    return service(actor=_actor(s, "kindergarten"), person=s.person("small_child"), data=data)


@change("records.HealthRecord", records.health_record_save)
def gp_assigned(s, service):
    data = {"gp_practice": "Hemsedal legekontor", "gp_assigned_on": timezone.localdate()}
    return service(actor=_actor(s, "health"), person=s.person("adult"), data=data)


@change("records.HealthContact", records.health_contact_add)
def health_talk_held(s, service):
    data = {"kind": "mapping", "held_on": timezone.localdate()}
    return service(actor=_actor(s, "health"), person=s.person("adult"), data=data)
