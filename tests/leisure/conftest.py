import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from lagrundt.leisure.models import Activity, Interest, SchemeKind, SupportScheme


def make_interest(municipality, key, name=None):
    return Interest.objects.create(municipality=municipality, key=key, name=name or key.title())


def make_activity(municipality, name, *interests, low=False, ages=(None, None), active=True):
    activity = Activity.objects.create(
        municipality=municipality,
        organisation="Testlaget",
        name=name,
        low_threshold=low,
        age_from=ages[0],
        age_to=ages[1],
        active=active,
    )
    activity.interests.set(interests)
    return activity


@pytest.fixture
def catalogue(world):
    """Hemsedal's interests, three activities and a Fritidskassa of at most 1 000 kroner a year."""
    h = world.hemsedal
    football, music, hiking = (make_interest(h, k) for k in ("football", "music", "hiking"))
    return {
        "football": football,
        "music": music,
        "hiking": hiking,
        "club": make_activity(h, "Fotballtrening", football, ages=(6, 16)),
        "open": make_activity(h, "Ballbinge", football, low=True),
        "band": make_activity(h, "Korps", music, ages=(8, 19)),
        "seniors": make_activity(h, "Seniortur", hiking, ages=(60, None), low=True),
        "aal_interest": make_interest(world.aal, "football"),
        "scheme": SupportScheme.objects.create(
            municipality=h,
            key="fritidskassa",
            name="Fritidskassa",
            kind=SchemeKind.MONEY,
            max_amount=Decimal(1000),
            children_only=True,
            source="Test",
        ),
    }


@pytest.fixture
def child(world):
    """The world's school child, with consent to contact from leisure."""
    person = world.persons["school_child"]
    person.consents_to_leisure_contact = True
    person.leisure_consent_on = timezone.localdate() - dt.timedelta(days=30)
    person.save(update_fields=["consents_to_leisure_contact", "leisure_consent_on"])
    return person


@pytest.fixture(autouse=True)
def english(client):
    """The pages in English, as the assertions are written (they speak bokmål unless the user chooses)."""
    client.cookies.load({"django_language": "en"})
    with translation.override("en"):  # and the services' messages, asked outside a request
        yield client
