"""The archive's URLs in the access matrix (see tests/test_url_access_matrix.py).

The outbox is followed by those who work on a kind of letter it archives: the integration service (the
programme's letters), the leaders who report to the council (the council's report) and those who keep
the welcome records (the welcome letter: culture and the volunteer centre too). A letter is
archived by those who may write it; a message about a person is read through the access policy.
"""

from django.utils import timezone

from tests.access_matrix import API_ANON, answers, nothing
from tests.intro.url_access import decision

FOLLOWERS = dict(integration=200, leadership=200, culture=200, volunteer=200)


def queued(world, role, place):
    """A failed message of the programme's decision letter about the place's adult."""
    from lagrundt.archive.models import ArchiveMessage, Status

    person = world.persons["adult" if place == "own" else "aal_adult"]
    found, _ = ArchiveMessage.objects.get_or_create(
        reference=f"lagrundt-matrix-{place}",
        defaults=dict(
            kind="intro_decision",
            object_id=decision(world, role, place)["pk"],
            municipality_id=person.municipality_id,
            person=person,
            title="Vedtak",
            fingerprint=place,
            xml="<arkivmelding/>",
            pdf=b"%PDF",
            filename="vedtak.pdf",
            status=Status.FAILED,
            error_code="delivery",
            next_try_at=timezone.now(),
            created_by=world.users["integration"],
        ),
    )
    if found.status != Status.FAILED:
        ArchiveMessage.objects.filter(pk=found.pk).update(status=Status.FAILED)
    return {"pk": found.pk}


def letter(world, role, place):
    return {"kind": "intro_decision", **decision(world, role, place)}


API = dict(anonymous=API_ANON)

MATRIX = {
    "archive:outbox": (nothing, "get", answers(404, **FOLLOWERS), answers(404, **FOLLOWERS)),
    "archive:archive": (letter, "post", answers(404, integration=302), answers(404)),
    "archive:retry": (queued, "post", answers(404, integration=302), answers(404)),
    "archivemessage-list": (nothing, "get", answers(200, **API), answers(200, **API)),
    "archivemessage-detail": (queued, "get", answers(404, integration=200, **API), answers(404, **API)),
    "archivemessage-xml": (queued, "get", answers(404, integration=200, **API), answers(404, **API)),
    "archivemessage-pdf": (queued, "get", answers(404, integration=200, **API), answers(404, **API)),
    "archivemessage-receipt": (queued, "post", answers(404, integration=400, **API), answers(404, **API)),
}
