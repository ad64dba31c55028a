import datetime as dt

import pytest

from lagrundt.intro.rulebook import ASSUMED, BaseAmount, RuleVersion, file_rulebook

from .records import ASSESSMENT

D = dt.date

# The shipped file has G up to the period from 1 May 2026 (136 549 kr, verified). A later period is
# missing until an administrator records it: tests that need one record it as an administrator
# would, marked assumed (the file's 2026 value carried forward), and check that amounts built on it
# say so.
G_2027_ASSUMED = BaseAmount(
    valid_from=D(2027, 5, 1),
    amount=file_rulebook().g(D(2026, 5, 1)).amount,
    source="test: 2026 value carried forward",
    confidence=ASSUMED,
    origin="administrator",
)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, the source language; page tests switch language themselves."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def book():
    """The shipped rules and G values (G up to the period from 1 May 2026)."""
    return file_rulebook()


@pytest.fixture
def file_book():
    return file_rulebook()


@pytest.fixture
def assumed_book():
    """The shipped file with G from 1 May 2027 recorded as an administrator would, marked assumed."""
    return file_rulebook().with_records(base_amounts=[G_2027_ASSUMED])


def admin_version(key, valid_from, value, confidence="verified-in-source"):
    return RuleVersion(
        key=key,
        valid_from=valid_from,
        value=value,
        rule="test",
        source="test: Lovdata",
        fact="",
        confidence=confidence,
        origin="administrator",
    )


@pytest.fixture
def participant(world):
    """A resettlement refugee of 35 settled in Hemsedal on 5 January 2026, with no programme yet."""
    from tests.world import make_person

    return make_person(world.hemsedal, "Amina", "Yusuf", D(1990, 4, 10), settled_on=D(2026, 1, 5), serial=40)


@pytest.fixture
def actor(world):
    from lagrundt.access.audit import Actor

    return Actor(world.users["integration"])


@pytest.fixture
def granted(participant, actor, book):
    """Amina with an assessment and a programme of 24 months from 2 March 2026, goal work."""
    from lagrundt.intro import services

    services.assessment_save(actor=actor, person=participant, data=ASSESSMENT, today=D(2026, 2, 10))
    services.decision_make(
        actor=actor,
        person=participant,
        kind="programme",
        data=dict(
            decided_on=D(2026, 2, 10),
            starts_on=D(2026, 3, 2),
            months=24,
            final_goal="work",
            language="nb",
            grounds="Du har rett og plikt til introduksjonsprogram.",
        ),
        book=book,
        today=D(2026, 2, 10),
    )
    return participant


@pytest.fixture
def client(client):
    """Pages in English, the source language, so that the assertions read the messages as written."""
    client.cookies["django_language"] = "en"
    return client
