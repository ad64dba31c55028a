"""Search finds persons by the start of any word of their names or their household's name."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lagrundt.access.audit import Actor
from lagrundt.people import rules, selectors, services
from lagrundt.people.models import Household, SearchToken

pytestmark = pytest.mark.django_db


def found(world, term, user="integration"):
    filters = selectors.PersonFilter(q=term)
    return {p.given_name for p in selectors.person_search(world.users[user], filters)}


def test_word_starts_of_given_family_and_household_names(world):
    assert found(world, "hai") == {"Abeba", "Dawit", "Selam", "Yonas", "Ruth"}
    assert found(world, "abe") == {"Abeba"}
    assert found(world, "ABEBA haile") == {"Abeba"}
    assert found(world, "familien haile") == {"Abeba", "Dawit", "Selam", "Yonas", "Ruth"}
    assert found(world, "aile") == set()  # the middle of a word is not a start
    assert found(world, "haile tesfay") == set()  # every word must match
    assert found(world, "!!!") == set()


def test_search_is_limited_to_what_the_user_may_see(world):
    assert found(world, "kovalenko") == set()  # Ål is not served by the Hemsedal and Gol service
    assert found(world, "kovalenko", "aal-integration") == {"Olena", "Taras"}
    assert found(world, "haile", "school") == {"Yonas", "Selam"}


def test_accents_hyphens_and_renames_are_followed(world):
    person = world.persons["gol_adult"]
    actor = Actor(world.users["integration"])
    services.person_update_identity(actor=actor, person=person, data={"family_name": "Al-Ørsted"})
    assert found(world, "orst") == {"Hana"}
    assert found(world, "ørs") == {"Hana"}
    assert found(world, "alors") == {"Hana"}  # the name's words joined
    assert found(world, "gebre") == set()  # the old name is gone from the index


def test_a_registered_household_is_found_by_its_name(world):
    household = services.household_register(
        actor=Actor(world.users["integration"]),
        name="Familien Zzyzx",
        municipality=world.hemsedal,
        settlement={
            "settled_on": world.persons["adult"].settlement.settled_on,
            "category": "family_reunification",
        },
        shared_identity={"country_background": "SY"},
        members=[
            {"given_name": "Rami", "family_name": "Nasser", "birth_date": "1980-01-01", "sex": "male"},
        ],
    )
    assert Household.objects.filter(pk=household.pk).exists()
    assert found(world, "zzyz") == {"Rami"}
    assert found(world, "zzz") == set()
    assert SearchToken.objects.filter(person__household=household).count() == len(
        rules.name_tokens("Rami", "Nasser", "Familien Zzyzx")
    )


TOKEN = st.text(alphabet="0123456789abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@given(TOKEN, TOKEN)
def test_the_prefix_range_holds_exactly_the_tokens_with_the_prefix(word, token):
    upper = rules.prefix_upper_bound(word)
    in_range = word <= token and (upper is None or token < upper)
    assert in_range == token.startswith(word)


def test_upper_bounds():
    assert rules.prefix_upper_bound("abc") == "abd"
    assert rules.prefix_upper_bound("abz") == "ac"
    assert rules.prefix_upper_bound("a9") == "aa"
    assert rules.prefix_upper_bound("zz") is None


def test_member_errors_of_every_shape_are_collected():
    from django.core.exceptions import ValidationError

    errors = services.HouseholdMemberErrors(
        {0: ValidationError({"category": ["Not a choice."]}), 2: ValidationError("Too young.")}
    )
    assert sorted(errors.messages) == ["Not a choice.", "Too young."]
    assert set(errors.member_errors) == {0, 2}


def test_a_number_finds_only_where_the_national_id_may_be_read(world):
    """Culture sees the consenting adult by name, never by her national ID (no oracle of who has it)."""
    number = world.persons["adult"].national_id
    assert found(world, number) == {"Abeba"}
    assert found(world, number[:6] + " " + number[6:]) == {"Abeba"}
    assert found(world, "abeba", "culture") == {"Abeba"}
    assert found(world, number, "culture") == set()
    assert found(world, number, "volunteer") == set()
    assert found(world, number, "nav") == {"Abeba"}
    assert found(world, number, "dpo") == {"Abeba"}


def test_a_household_name_finds_only_who_may_see_the_family(world):
    """The household's name is a link between persons: who may not read a person's family does not
    find the person by it, only by the person's own names."""
    assert found(world, "familien haile", "culture") == set()
    assert found(world, "familien", "volunteer") == set()
    assert found(world, "haile", "culture") == {"Abeba"}  # her own family name
    assert found(world, "familien haile", "nav") == set()  # Nav does not read the family either
    assert found(world, "abeba familien", "nav") == set()
    assert found(world, "dawit haile", "nav") == {"Dawit"}
    assert found(world, "familien haile", "health") == {"Abeba", "Dawit", "Selam", "Yonas", "Ruth"}
    household = world.persons["adult"].household_id
    filters = selectors.PersonFilter(household_id=household)
    assert not selectors.person_search(world.users["culture"], filters).exists()
    assert selectors.person_search(world.users["integration"], filters).count() == 5
