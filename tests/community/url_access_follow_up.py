"""Access-matrix rows of the follow-up talks (merged into tests/community/url_access.py): the settlement
section, read by its readers and written by the integration service; the counted summary for the
integration service and leadership."""

from django.utils import timezone

from tests.access_matrix import SETTLEMENT_READERS, answers, nothing, person


def adult(world, role, place):
    return person(world, role, place, "adult" if place == "own" else "aal_adult")


def talk(world, role, place):
    from lagrundt.community.models import FOLLOW_UP_THEMES, FollowUpTalk

    found = adult(world, role, place)
    FollowUpTalk.objects.get_or_create(
        person_id=found["pk"],
        years_after=3,
        defaults={"held_on": timezone.localdate(), "stay": "stay", **dict.fromkeys(FOLLOW_UP_THEMES, "good")},
    )
    return {**found, "years": 3}


MATRIX = {
    "community:follow_up_person": (adult, "get", answers(404, **SETTLEMENT_READERS), answers(404)),
    "community:follow_up_add": (adult, "get", answers(404, integration=200), answers(404)),
    "community:follow_up_edit": (talk, "get", answers(404, integration=200), answers(404)),
    "community:follow_up_summary": (
        nothing,
        "get",
        answers(404, integration=200, leadership=200),
        answers(404, integration=200, leadership=200),
    ),
}
