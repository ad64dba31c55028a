"""Housing's pages: the stock with its figures and filters, forms that refuse bad input and keep what was
typed, allocation from the suggestions, the inspection with a deviation, and who may do what."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lagrundt.access.models import AuditEntry
from lagrundt.housing import services
from lagrundt.housing.models import Deviation, Dwelling, Inspection, Landlord, Ownership, Tenancy
from lagrundt.housing.profiles import profile_for
from tests.housing.conftest import days, dwelling_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


def _form(**changes):
    data = {
        "municipality": "",
        "ownership": "municipal",
        "address": "Fjellvegen 9",
        "rooms": "4",
        "bedrooms": "3",
        "floor": "1",
        "rent": "9000",
        "charges": "500",
        "deposit": "0",
        "minutes_to_school": "10",
    }
    data.update(changes)
    return data


def test_the_stock_page_shows_the_computed_figures(world, login, client, actor, dwelling, tenancy):
    services.dwelling_save(actor=actor, data=dwelling_data(world.hemsedal, address="Ledig 1"))
    login(world, "housing")
    page = client.get(reverse("housing:stock")).content.decode()
    assert "1 of 2 dwellings are let; 1 vacant." in page
    assert "Ledig 1" in page and "Fjellvegen 1" in page
    vacant = client.get(reverse("housing:stock"), {"ledig": "1"}).content.decode()
    assert "Ledig 1" in vacant and "Fjellvegen 1" not in vacant
    big = client.get(reverse("housing:stock"), {"soverom": "4"}).content.decode()
    assert "No dwellings match the filter." in big


def test_the_stock_is_paged_without_counting(world, login, client, actor):
    for i in range(55):
        Dwelling.objects.create(
            municipality=world.hemsedal,
            ownership="municipal",
            address=f"Rekke {i:02d}",
            rooms=2,
            bedrooms=1,
            rent=1,
        )
    login(world, "housing")
    first = client.get(reverse("housing:stock")).content.decode()
    assert "Rekke 49" in first and "Rekke 50" not in first and "Next page" in first
    second = client.get(reverse("housing:stock"), {"side": "2"}).content.decode()
    assert "Rekke 54" in second and "Previous page" in second


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"rooms": "0", "bedrooms": "0"}, "A dwelling has at least one room."),
        ({"rent": "-100"}, "An amount cannot be below 0 kroner."),
        ({"rooms": "2", "bedrooms": "3"}, "cannot have more bedrooms (3) than rooms (2)"),
    ],
)
def test_a_bad_dwelling_keeps_what_was_typed_and_saves_nothing(world, login, client, changes, message):
    login(world, "housing")
    response = client.post(
        reverse("housing:dwelling_create"), _form(municipality=world.hemsedal.pk, **changes)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Fjellvegen 9"' in page
    assert not Dwelling.objects.exists()


def test_a_dwelling_is_made_from_the_form(world, login, client):
    login(world, "housing")
    response = client.post(reverse("housing:dwelling_create"), _form(municipality=world.hemsedal.pk))
    made = Dwelling.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "housing:dwelling_detail", args=[made.pk]
    )
    assert made.rooms == 4 and made.rent == Decimal(9000)


def test_a_dwelling_in_another_municipality_cannot_be_made(world, login, client):
    login(world, "housing")
    response = client.post(reverse("housing:dwelling_create"), _form(municipality=world.aal.pk))
    assert response.status_code == 200 and not Dwelling.objects.exists()


def test_allocation_from_the_suggestions(world, login, client, actor, family):
    near = services.dwelling_save(
        actor=actor, data=dwelling_data(world.hemsedal, address="Nær skolen", bedrooms=3)
    )
    services.dwelling_save(
        actor=actor, data=dwelling_data(world.hemsedal, address="Altfor liten", rooms=2, bedrooms=1)
    )
    login(world, "housing")
    page = client.get(reverse("housing:household_suggestions", args=[family.pk])).content.decode()
    assert "Nær skolen" in page and "Altfor liten" not in page
    assert "3 bedrooms, as the household needs" in page
    url = reverse("housing:tenancy_start", args=[family.pk, near.pk])
    assert url in page
    settled = services.arrival_of(family)
    # Before arrival: refused, what was typed kept.
    early = (settled - dt.timedelta(days=1)).isoformat()
    response = client.post(url, {"starts_on": early})
    assert "a move-in cannot be before that" in response.content.decode()
    assert early in response.content.decode()
    assert not Tenancy.objects.exists()
    response = client.post(url, {"starts_on": settled.isoformat()})
    assert response.status_code == 302
    assert Tenancy.objects.get().household == family


def test_an_overlapping_tenancy_is_refused_on_the_page(world, login, client, actor, dwelling, tenancy):
    other = services.Household.objects.create(name="Familien Annen", municipality=world.hemsedal)
    login(world, "integration")
    response = client.post(
        reverse("housing:tenancy_start", args=[other.pk, dwelling.pk]), {"starts_on": days(0).isoformat()}
    )
    # The household has no members: nobody may write its housing.
    assert response.status_code == 404
    assert Tenancy.objects.count() == 1


def test_the_year_1_inspection_with_one_deviation(
    world, login, client, actor, dwelling, family, time_machine
):
    settled = services.arrival_of(family)
    tenancy = services.tenancy_start(actor=actor, dwelling=dwelling, household=family, starts_on=settled)
    login(world, "housing")
    url = reverse("housing:inspection_add", args=[tenancy.pk])
    items = [i.key for i in profile_for(world.hemsedal).checklist(1)]
    data = {"year": "1", "inspected_on": (settled + dt.timedelta(days=60)).isoformat(), "guidance": ["snow"]}
    data.update({f"item_{k}": "ok" for k in items})
    data["item_wood_stove"] = "follow_up"
    data.update(
        dev0_item="wood_stove",
        dev0_description="Show how to use the stove",
        dev0_owner=str(world.users["housing"].pk),
        dev0_due_on=(settled + dt.timedelta(days=74)).isoformat(),
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    inspection = Inspection.objects.get()
    assert inspection.results["wood_stove"] == "follow_up" and inspection.guidance == ["snow"]
    deviation = Deviation.objects.get()
    page = client.get(reverse("housing:inspection_detail", args=[inspection.pk])).content.decode()
    assert "Show how to use the stove" in page and "Wood stove used safely" in page
    mine = client.get(reverse("housing:deviations")).content.decode()
    assert "Show how to use the stove" in mine
    client.post(reverse("housing:deviation_close", args=[deviation.pk]))
    deviation.refresh_from_db()
    assert deviation.done_on == timezone.localdate()


def test_an_inspection_for_a_year_before_the_tenancy_keeps_the_form(world, login, client, actor, family):
    dwelling = services.dwelling_save(actor=actor, data=dwelling_data(world.hemsedal, address="Ny 1"))
    tenancy = services.tenancy_start(actor=actor, dwelling=dwelling, household=family, starts_on=days(-1))
    login(world, "housing")
    items = [i.key for i in profile_for(world.hemsedal).checklist(1)]
    data = {"year": "1", "inspected_on": days(0).isoformat(), "notes": "Typed notes"}
    data.update({f"item_{k}": "ok" for k in items})
    response = client.post(reverse("housing:inspection_add", args=[tenancy.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200 and "before the tenancy started" in page and "Typed notes" in page
    assert not Inspection.objects.exists()


def test_nav_reads_tenancies_but_never_writes(world, login, client, actor, tenancy, family):
    results = {i.key: "ok" for i in profile_for(world.hemsedal).checklist(3)}
    inspection = services.inspection_add(
        actor=actor, tenancy=tenancy, data={"year": 3, "inspected_on": days(0), "results": results}
    )
    login(world, "nav")
    page = client.get(reverse("housing:household", args=[family.pk])).content.decode()
    assert "Fjellvegen 1" in page
    assert re.search(r"Rent per month</dt><dd>9\D000\skr", page)  # the rent, in the page's language
    assert reverse("housing:inspection_detail", args=[inspection.pk]) not in page
    assert client.get(reverse("housing:inspection_detail", args=[inspection.pk])).status_code == 404
    assert client.get(reverse("housing:tenancy_end", args=[tenancy.pk])).status_code == 404
    response = client.post(
        reverse("housing:tenancy_end", args=[tenancy.pk]),
        {"ends_on": days(0).isoformat(), "end_reason": "moved_away"},
    )
    assert response.status_code == 404
    tenancy.refresh_from_db()
    assert tenancy.ends_on is None


def test_nav_reads_only_households_with_adults(world, login, client, actor):
    """A household of children only (an unaccompanied minor) is not Nav's to read."""
    minor = world.persons["teen"]
    alone = services.Household.objects.create(name="Alene", municipality=world.hemsedal)
    minor.household = alone
    minor.save(update_fields=["household"])
    login(world, "nav")
    assert client.get(reverse("housing:household", args=[alone.pk])).status_code == 404
    login(world, "housing")
    assert client.get(reverse("housing:household", args=[alone.pk])).status_code == 200


@pytest.mark.parametrize("role", ["culture", "leadership", "school", "health"])
def test_others_see_no_housing(world, login, client, tenancy, family, role):
    login(world, role)
    for url in (
        reverse("housing:stock"),
        reverse("housing:household", args=[family.pk]),
        reverse("housing:dwelling_detail", args=[tenancy.dwelling_id]),
        reverse("housing:landlord_list"),
    ):
        assert client.get(url).status_code == 404, url


def test_holding_a_dwelling_for_a_case(world, login, client, actor, dwelling, case):
    login(world, "integration")
    page = client.get(reverse("housing:case_suggestions", args=[case.pk])).content.decode()
    hold = reverse("housing:case_hold", args=[case.pk, dwelling.pk])
    assert hold in page
    response = client.post(hold, {"starts_on": days(10).isoformat()})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == "dwelling_ready"
    assert Tenancy.objects.get(case=case).household is None


def test_the_landlord_page_records_a_read(world, login, client, actor):
    landlord = services.landlord_save(
        actor=actor, data={"municipality": world.hemsedal, "name": "Kari Utleier", "phone": "+4791234567"}
    )
    login(world, "housing")
    before = AuditEntry.objects.filter(action="read", section="housing").count()
    page = client.get(reverse("housing:landlord_detail", args=[landlord.pk])).content.decode()
    assert "+4791234567" in page
    entry = AuditEntry.objects.filter(action="read", section="housing").order_by("-pk").first()
    assert AuditEntry.objects.filter(action="read", section="housing").count() == before + 1
    assert entry.detail == f"landlord {landlord.pk}" and entry.municipality_id == world.hemsedal.pk
    assert "Kari" not in str(entry.changes)


def test_a_landlord_change_is_audited_without_content(world, login, client, actor):
    login(world, "housing")
    client.post(
        reverse("housing:landlord_create"),
        {"municipality": world.hemsedal.pk, "name": "Per Utleier", "phone": "+4798765432"},
    )
    landlord = Landlord.objects.get()
    entry = AuditEntry.objects.filter(action="create", section="housing").latest("pk")
    assert entry.changes["landlord"] == {"old": None, "new": landlord.pk}
    assert entry.changes["name"] == {"changed": True} and entry.changes["phone"] == {"changed": True}
    assert "Per" not in str(entry.changes) and "98765432" not in str(entry.changes)


def test_private_dwellings_in_aal_need_an_approval_page(world, login, client):
    from django.contrib.auth.models import User

    from lagrundt.accounts.two_factor import client_login

    dwelling = Dwelling.objects.create(
        municipality=world.aal, ownership=Ownership.PRIVATE, address="Privat 1", rooms=3, bedrooms=2, rent=1
    )
    client_login(client, User.objects.get(username="aal-integration"))
    page = client.get(reverse("housing:dwelling_detail", args=[dwelling.pk])).content.decode()
    assert "Not approved: cannot be let" in page
    assert client.get(reverse("housing:approval_add", args=[dwelling.pk])).status_code == 200


def test_menu_and_person_page_link(world, login, client, tenancy, family):
    from lagrundt.housing import navigation, person_page

    assert [e.key for e in navigation.entries(world.users["housing"])] == ["housing"]
    assert navigation.entries(world.users["culture"]) == []
    # Leadership plans capacity from counts; it has no way to the stock's dwellings and tenants.
    (capacity,) = navigation.entries(world.users["leadership"])
    assert capacity.key == "housing_results" and capacity.url == reverse("housing_capacity:capacity")
    links = person_page.links(world.users["housing"], world.persons["adult"])
    assert links[0].url == reverse("housing:household", args=[family.pk]) and links[0].section == "housing"
    login(world, "housing")
    page = client.get(reverse("people:person_detail", args=[world.persons["adult"].pk])).content.decode()
    assert reverse("housing:household", args=[family.pk]) in page
    home = client.get(reverse("housing:household", args=[family.pk])).content.decode()
    assert "Haile, Abeba" in home and "Fjellvegen 1" in home


def test_the_case_page_shows_the_held_dwelling_and_releases_it(world, login, client, actor, dwelling, case):
    services.tenancy_hold(actor=actor, dwelling=dwelling, case=case, starts_on=days(5))
    login(world, "integration")
    page = client.get(reverse("housing:case_suggestions", args=[case.pk])).content.decode()
    assert "Fjellvegen 1 is held for the case" in page
    release = reverse("housing:tenancy_release", args=[Tenancy.objects.get(case=case).pk])
    assert release in page
    assert client.post(release).status_code == 302
    case.refresh_from_db()
    assert case.stage == "accepted" and not Tenancy.objects.exists()


def test_nav_sees_no_landlord_links(world, login, client, tenancy):
    login(world, "nav")
    page = client.get(reverse("housing:stock")).content.decode()
    assert reverse("housing:landlord_list") not in page and reverse("housing:deviations") not in page


def test_ending_and_moving_on_the_pages(world, login, client, actor, tenancy, family):
    other = services.dwelling_save(actor=actor, data=dwelling_data(world.hemsedal, address="Sentrum 5"))
    login(world, "housing")
    early = (tenancy.starts_on - dt.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("housing:tenancy_move", args=[tenancy.pk]), {"dwelling": other.pk, "moves_on": early}
    )
    assert response.status_code == 200 and "The move must be after the tenancy" in response.content.decode()
    assert Tenancy.objects.count() == 1
    response = client.post(
        reverse("housing:tenancy_move", args=[tenancy.pk]),
        {"dwelling": other.pk, "moves_on": days(0).isoformat()},
    )
    assert response.status_code == 302
    moved = Tenancy.objects.get(dwelling=other)
    response = client.post(
        reverse("housing:tenancy_end", args=[moved.pk]), {"ends_on": early, "end_reason": "own_rented"}
    )
    assert (
        "The end cannot be before the start" in response.content.decode()
        and early in response.content.decode()
    )
    response = client.post(
        reverse("housing:tenancy_end", args=[moved.pk]),
        {"ends_on": days(0).isoformat(), "end_reason": "own_bought_startlan"},
    )
    assert response.status_code == 302
    moved.refresh_from_db()
    assert moved.end_reason == "own_bought_startlan"


def test_a_lease_with_negative_rent_on_the_page(world, login, client, actor):
    landlord = services.landlord_save(
        actor=actor, data={"municipality": world.hemsedal, "name": "Ola Utleier"}
    )
    dwelling = services.dwelling_save(
        actor=actor,
        data=dwelling_data(world.hemsedal, ownership=Ownership.MUNICIPAL_LEASED, landlord=landlord),
    )
    login(world, "housing")
    response = client.post(
        reverse("housing:agreement_add", args=[dwelling.pk]),
        {
            "landlord": landlord.pk,
            "starts_on": days(0).isoformat(),
            "rent": "-10",
            "who_pays": "Strøm: leietaker",
        },
    )
    page = response.content.decode()
    assert (
        response.status_code == 200
        and "An amount cannot be below 0 kroner." in page
        and "Strøm: leietaker" in page
    )
    assert not dwelling.agreements.exists()
