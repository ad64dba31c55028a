"""Access-matrix rows of the welcome pages (merged into tests/community/url_access.py).

Letters and meetings are kept by the integration service, culture and the volunteer centre in the
municipalities they serve; a person's welcome page is their community section (culture and the volunteer
centre see only residents who consented: the world's adult did)."""

from django.utils import timezone

from tests.access_matrix import answers, nothing, person

KEEPERS = dict(integration=200, culture=200, volunteer=200)


def _municipality(world, place):
    return world.hemsedal if place == "own" else world.aal


def template(world, role, place):
    from lagrundt.community.models import WelcomeLetterTemplate

    found, _ = WelcomeLetterTemplate.objects.get_or_create(
        municipality=_municipality(world, place),
        language="nb",
        defaults={"title": "Velkommen", "body": "Hei"},
    )
    return {"pk": found.pk}


def meeting(world, role, place):
    from lagrundt.community.models import WelcomeMeeting

    found, _ = WelcomeMeeting.objects.get_or_create(
        municipality=_municipality(world, place),
        place="Kulturhuset",
        defaults={"held_on": timezone.localdate()},
    )
    return {"pk": found.pk}


def adult_with_letter(world, role, place):
    template(world, role, place)
    return person(world, role, place, "adult" if place == "own" else "aal_adult")


def adult(world, role, place):
    return person(world, role, place, "adult" if place == "own" else "aal_adult")


MATRIX = {
    "community:welcome_index": (nothing, "get", answers(404, **KEEPERS), answers(404, **KEEPERS)),
    "community:welcome_template_new": (nothing, "get", answers(404, **KEEPERS), answers(404, **KEEPERS)),
    "community:welcome_template_edit": (template, "get", answers(404, **KEEPERS), answers(404)),
    "community:welcome_meeting_new": (nothing, "get", answers(404, **KEEPERS), answers(404, **KEEPERS)),
    "community:welcome_meeting": (meeting, "get", answers(404, **KEEPERS), answers(404)),
    "community:welcome_meeting_attendance": (
        meeting,
        "post",
        answers(404, **dict.fromkeys(KEEPERS, 302)),
        answers(404),
    ),
    "community:welcome_person": (adult, "get", answers(404, **KEEPERS), answers(404)),
    "community:welcome_letter_pdf": (adult_with_letter, "get", answers(404, **KEEPERS), answers(404)),
    "community:welcome_letter_sent": (adult, "get", answers(404, **KEEPERS), answers(404)),
}
