"""The access policy: which persons and sections each sector sees, decided in one place."""

import pytest

from lagrundt.access import policy
from lagrundt.access.rules import SECTOR_RULES
from lagrundt.access.sections import Section

pytestmark = pytest.mark.django_db

# Which of the world's persons each Hemsedal user may see (Gol is served by the shared units).
EXPECTED_VISIBLE = {
    "integration": {"adult", "spouse", "teen", "school_child", "small_child", "moved", "gol_adult"},
    "health": {"adult", "spouse", "teen", "school_child", "small_child"},
    "school": {"teen", "school_child"},
    "kindergarten": {"small_child"},
    "nav": {"adult", "spouse", "gol_adult"},
    "housing": {"adult", "spouse", "teen", "school_child", "small_child"},
    "culture": {"adult"},
    "volunteer": {"adult"},
    "leadership": set(),
    "dpo": {"adult", "spouse", "teen", "school_child", "small_child", "moved", "gol_adult"},
    "sysadmin": set(),
    "nobody": set(),
    "aal-integration": {"aal_adult", "aal_child", "aal_moved"},
}


@pytest.mark.parametrize("user_key", sorted(EXPECTED_VISIBLE))
def test_visible_to_returns_exactly_the_sectors_population(world, user_key):
    names = {key for key, p in world.persons.items()}
    by_pk = {p.pk: key for key, p in world.persons.items()}
    visible = {by_pk[pk] for pk in policy.visible_to(world.users[user_key]).values_list("pk", flat=True)}
    assert visible == EXPECTED_VISIBLE[user_key]
    assert visible <= names


@pytest.mark.parametrize("user_key", sorted(EXPECTED_VISIBLE))
def test_grants_agree_with_visible_to(world, user_key):
    """The queryset filter and the per-person check are two forms of one rule: they must agree."""
    user = world.users[user_key]
    visible = set(policy.visible_to(user).values_list("pk", flat=True))
    for person in world.persons.values():
        assert bool(policy.grants_for(user, person).read) == (person.pk in visible), person


def test_health_section_is_readable_only_by_health(world):
    readers = {
        key
        for key in EXPECTED_VISIBLE
        if policy.grants_for(world.users[key], world.persons["adult"]).can_read(Section.HEALTH)
    }
    assert readers == {"health"}
    rules_reading_health = [s for s, rule in SECTOR_RULES.items() if Section.HEALTH in rule.read]
    assert rules_reading_health == ["health"]


def test_school_sees_school_sections_only(world):
    grants = policy.grants_for(world.users["school"], world.persons["school_child"])
    assert set(grants.read) == {
        Section.IDENTITY,
        Section.NATIONAL_ID,
        Section.FAMILY,
        Section.EDUCATION,
        Section.LEISURE_SUPPORT,
    }
    assert set(grants.write) == {Section.EDUCATION}


# ---------------------------------------------------------------------------- identity and national ID
def test_every_sector_that_reads_names_reads_the_national_id_but_culture_and_volunteers():
    from lagrundt.tenancy.models import Sector

    name_only = {Sector.CULTURE_LEISURE, Sector.VOLUNTEER_CENTRE}
    for sector, rule in SECTOR_RULES.items():
        if Section.IDENTITY in rule.read:
            assert (Section.NATIONAL_ID in rule.read) is (sector not in name_only), sector
        assert Section.NATIONAL_ID not in rule.read or Section.IDENTITY in rule.read, sector
    # Who writes the name writes the number.
    writers = {s for s, rule in SECTOR_RULES.items() if Section.IDENTITY in rule.write}
    assert writers == {s for s, rule in SECTOR_RULES.items() if Section.NATIONAL_ID in rule.write}


# The person each sector looks at in the world (the one its population covers).
SEEN = {
    "integration": "adult",
    "health": "adult",
    "school": "school_child",
    "kindergarten": "small_child",
    "nav": "adult",
    "housing": "adult",
    "culture": "adult",
    "volunteer": "adult",
    "dpo": "adult",
}


@pytest.mark.parametrize("user_key", sorted(SEEN))
def test_culture_and_the_volunteer_centre_get_name_and_contact_only(world, user_key):
    """They see the person (who consented): name and contact, and the sections of everyday integration
    they keep; neither the national ID nor the family (no household), nor any case section."""
    grants = policy.grants_for(world.users[user_key], world.persons[SEEN[user_key]])
    assert grants.can_read(Section.IDENTITY)
    name_only = user_key in ("culture", "volunteer")
    assert grants.can_read(Section.NATIONAL_ID) is not name_only
    if user_key == "culture":
        assert set(grants.read) == {
            Section.IDENTITY,
            Section.COMMUNITY,
            Section.LEISURE,
            Section.LEISURE_SUPPORT,
        }
    if user_key == "volunteer":
        assert set(grants.read) == {Section.IDENTITY, Section.COMMUNITY, Section.LEISURE}
        assert set(grants.write) == {Section.COMMUNITY}
    if user_key == "dpo":  # she identifies the person a request for access is about
        assert set(grants.read) == {Section.IDENTITY, Section.NATIONAL_ID}


def test_the_national_id_readers_as_a_queryset_agree_with_the_grants(world):
    for key in ("integration", "culture", "volunteer", "nav", "dpo"):
        user = world.users[key]
        readers = set(policy.visible_to(user, section=Section.NATIONAL_ID).values_list("pk", flat=True))
        for person in world.persons.values():
            assert (person.pk in readers) is policy.grants_for(user, person).can_read(Section.NATIONAL_ID), (
                key,
                person,
            )
    assert not policy.visible_to(world.users["culture"], section=Section.NATIONAL_ID).exists()
    assert not policy.visible_to(world.users["culture"], section=Section.FAMILY).exists()


def test_leadership_never_sees_a_named_person(world):
    user = world.users["leadership"]
    assert not policy.visible_to(user).exists()
    assert not policy.can_see_persons(user)
    assert policy.sees_aggregates(user)


def test_unknown_sector_is_denied(world):
    from lagrundt.tenancy.models import Membership

    Membership.objects.filter(user=world.users["school"]).update(sector="astrology")
    world.users["school"].refresh_from_db()
    user = type(world.users["school"]).objects.get(pk=world.users["school"].pk)
    assert not policy.visible_to(user).exists()


def test_moved_out_persons_are_seen_by_integration_service_only(world):
    moved = world.persons["moved"]
    assert policy.grants_for(world.users["integration"], moved).can_read(Section.SETTLEMENT)
    assert not policy.grants_for(world.users["health"], moved).read
