"""The pages: an adviser's day with the competence database, an opening, a proposal and the meeting."""

import datetime as dt
import io

import pytest
from django.urls import resolve, reverse
from django.utils import timezone
from pypdf import PdfReader

from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.accounts.two_factor import client_login
from lagrundt.work import services
from lagrundt.work.models import CompetenceProfile, Employer, Opening, Placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def as_user(client, world, key):
    client_login(client, world.users[key])
    client.cookies["django_language"] = "en"
    return client


def test_the_opening_page_ranks_the_candidates_and_says_why(client, world, profiles, winter_opening):
    page = as_user(client, world, "integration").get(reverse("work:opening_detail", args=[winter_opening.pk]))
    assert page.status_code == 200
    rows = page.context["rows"]
    # Hana (Gol, cleaner in homes, B1) and Abeba (cleaner in hotels, A2) fit; Dawit (A1) does not.
    assert [p.given_name for p, _m, _l in rows] == ["Abeba", "Hana"]
    assert [p.given_name for p, _r in page.context["excluded"]] == ["Dawit"]
    html = page.content.decode()
    assert "Needs A2 oral, has A1: plan a trade course or job-oriented Norwegian." in html
    assert (
        "Experience from the same occupation: 9112 Cleaners and Helpers in Offices, Hotels and Other "
        "Establishments." in html
    )
    # Every person named on the page is a recorded read of identity and work.
    reads = AuditEntry.objects.filter(action=AuditAction.READ, channel="search", section="work")
    assert {e.person_id for e in reads} == {world.persons[k].pk for k in ("adult", "spouse", "gol_adult")}


def test_a_person_outside_the_users_municipalities_is_never_ranked(client, world, profiles, winter_opening):
    services.profile_save(actor=None or _aal_actor(world), person=world.persons["aal_adult"], data={})
    page = as_user(client, world, "integration").get(reverse("work:opening_detail", args=[winter_opening.pk]))
    names = [p.given_name for p, _m, _l in page.context["rows"]] + [
        p.given_name for p, _r in page.context["excluded"]
    ]
    assert "Olena" not in names


def _aal_actor(world):
    from lagrundt.access.audit import Actor

    return Actor(world.users["aal-integration"])


def test_proposing_the_top_candidate_makes_a_placement(client, world, profiles, winter_opening):
    c = as_user(client, world, "nav")
    abeba = world.persons["adult"]
    response = c.post(reverse("work:opening_propose", args=[winter_opening.pk]), {"person": abeba.pk})
    placement = Placement.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "work:placement_detail", args=[placement.pk]
    )
    assert (placement.person, placement.state, placement.employer) == (
        abeba,
        "proposed",
        winter_opening.employer,
    )
    entry = AuditEntry.objects.get(
        person=abeba, action=AuditAction.CREATE, section="work", changes__has_key="placement"
    )
    assert entry.sector == "nav"


def test_a_teacher_cannot_propose_or_open_a_profile(client, world, profiles, winter_opening):
    c = as_user(client, world, "school")
    abeba = world.persons["adult"]
    assert (
        c.post(reverse("work:opening_propose", args=[winter_opening.pk]), {"person": abeba.pk}).status_code
        == 404
    )
    assert c.get(reverse("work:profile_detail", args=[abeba.pk])).status_code == 404
    assert not Placement.objects.exists()


def test_the_profile_form_keeps_what_was_typed_and_explains_a_bad_level(client, world):
    c = as_user(client, world, "integration")
    person = world.persons["adult"]
    url = reverse("work:profile_edit", args=[person.pk])
    response = c.post(
        url, {"norwegian_oral": "C2", "skills_note": "Syr klær", "seeking": "on", "takes_bus": "on"}
    )
    assert response.status_code == 200
    assert "«C2» is not a level here: use A1, A2, B1, B2 or C1." in response.content.decode()
    assert response.context["form"]["skills_note"].value() == "Syr klær"
    assert not CompetenceProfile.objects.exists()
    response = c.post(
        url,
        {
            "norwegian_oral": "B1",
            "licences": ["B"],
            "limits": ["no_heavy_lifting"],
            "wished_occupations": ["5120"],
            "seeking": "on",
            "takes_bus": "on",
        },
    )
    assert response.status_code == 302
    profile = CompetenceProfile.objects.get(person=person)
    assert (profile.norwegian_oral, profile.licences, profile.limits) == ("B1", ["B"], ["no_heavy_lifting"])
    detail = c.get(reverse("work:profile_detail", args=[person.pk])).content.decode()
    assert "Cannot lift heavy" in detail and "5120 Cooks" in detail
    assert "Oral Norwegian" in detail  # the history names the field as the form does


def test_an_employer_with_a_bad_organisation_number_is_not_saved(client, world):
    c = as_user(client, world, "integration")
    response = c.post(
        reverse("work:employer_create"),
        {
            "name": "Snekker AS",
            "kind": "private",
            "org_number": "123 456 789",
            "industry": "construction",
            "municipality": world.hemsedal.pk,
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "wrong check digit" in response.content.decode()
    assert response.context["form"]["name"].value() == "Snekker AS"
    assert not Employer.objects.exists()


def test_an_opening_is_made_with_required_and_preferred_requirements(client, world, employers, profiles):
    c = as_user(client, world, "integration")
    hotel = employers["hotel"]
    start = timezone.localdate() + dt.timedelta(days=10)
    response = c.post(
        reverse("work:opening_create") + f"?arbeidsgiver={hotel.pk}",
        {
            "title": "Kjøkkenhjelp",
            "kind": "language_practice",
            "occupation": "9412",
            "positions": "1",
            "hours_per_week": "20",
            "starts_on": start.isoformat(),
            "bus_connection": "on",
            "oral_level": "A1",
            "oral_is": "preferred",
            "written_is": "required",
            "experience_is": "preferred",
            "language_set_by": "Kjøkkensjefen",
            "certificates_required": ["food_hygiene"],
            "physical_preferred": ["long_standing"],
            "status": "open",
        },
    )
    opening = Opening.objects.get()
    assert response.status_code == 302, response.context["form"].errors
    assert sorted((r.kind, r.value, r.required) for r in opening.requirements.all()) == [
        ("certificate", "food_hygiene", True),
        ("norwegian_oral", "A1", False),
        ("physical", "long_standing", False),
    ]
    detail = c.get(response["Location"])
    # Nobody has the food hygiene course: it is required, so nobody fits, and the page says why.
    assert detail.context["rows"] == []
    assert "Needs Food hygiene course: book the course before the start." in detail.content.decode()


def test_the_meeting_page_and_its_agenda_as_pdf(client, world, profiles, winter_opening, employers):
    c = as_user(client, world, "integration")
    page = c.get(reverse("work:meeting"))
    assert page.status_code == 200
    meeting = page.context["meeting"]
    assert [item.opening for item in meeting.openings] == [winter_opening]
    assert [m.person_id for m in meeting.openings[0].top] == [
        world.persons["adult"].pk,
        world.persons["gol_adult"].pk,
    ]
    assert {p.person.given_name for p in meeting.without_placement} == {"Abeba", "Dawit", "Hana"}
    assert {e.name for e in meeting.quiet_employers} == {
        "Fjellhotellet AS",
        "Hemsedal kommune, hjemmetjenesten",
    }

    response = c.get(reverse("work:meeting_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "Agenda: matching meeting",
        "Renholder, vintersesongen",
        "Abeba Haile",
        "Candidates without a placement",
        "Employers not contacted in 90 days",
        "Fjellhotellet AS",
    ):
        assert expected in text, expected
    exports = AuditEntry.objects.filter(action=AuditAction.EXPORT, channel="export", section="work")
    assert {e.person_id for e in exports} == {world.persons[k].pk for k in ("adult", "spouse", "gol_adult")}


def test_a_contact_takes_an_employer_off_the_not_contacted_list(client, world, employers):
    c = as_user(client, world, "integration")
    hotel = employers["hotel"]
    response = c.post(
        reverse("work:employer_contact_add", args=[hotel.pk]),
        {
            "contact-contacted_on": timezone.localdate().isoformat(),
            "contact-kind": "phone",
        },
    )
    assert response.status_code == 302
    quiet = c.get(reverse("work:meeting")).context["meeting"].quiet_employers
    assert hotel not in quiet and employers["care"] in quiet


def _ended(world, actor, employer, person, outcome, reason=""):
    placement = services.placement_create(
        actor=actor, person=person, employer=employer, data={"kind": "work_practice"}
    )
    for state in ("agreed", "started"):
        services.placement_move(actor=actor, placement=placement, to=state)
    data = {"outcome": outcome, "end_reason": reason}
    return services.placement_move(actor=actor, placement=placement, to="ended", data=data)


def test_conversion_per_employer_sector_and_municipality(client, world, actor, employers):
    for _ in range(6):
        _ended(world, actor, employers["hotel"], world.persons["adult"], "job_offer")
    for _ in range(2):
        _ended(world, actor, employers["care"], world.persons["spouse"], "ended", "period_over")
    page = as_user(client, world, "integration").get(reverse("work:conversion"))
    data = page.context["data"]
    assert not data.aggregated
    rows = {r.label: r for r in data.by_employer}
    assert rows["Fjellhotellet AS"].share == 1.0 and rows["Hemsedal kommune, hjemmetjenesten"].share == 0.0
    assert {r.label: r.total.value for r in data.by_sector} == {
        "Municipal department": 2,
        "Private business": 6,
    }
    assert '<svg class="lg-chart"' in page.content.decode()

    leader = as_user(client, world, "leadership").get(reverse("work:conversion"))
    data = leader.context["data"]
    assert data.aggregated
    sector = {r.label: r for r in data.by_sector}
    assert sector["Private business"].cells[0].value == 6
    assert sector["Municipal department"].total.suppressed and sector["Municipal department"].share is None
    assert "Abeba" not in leader.content.decode()


def test_the_pledge_shows_which_departments_took_participants(client, world, actor, employers, profiles):
    services.profile_save(actor=actor, person=world.persons["adult"], data={"programme_participant": True})
    services.profile_save(actor=actor, person=world.persons["spouse"], data={"programme_participant": True})
    placement = services.placement_create(
        actor=actor,
        person=world.persons["adult"],
        employer=employers["care"],
        data={"kind": "language_practice"},
    )
    services.placement_move(actor=actor, placement=placement, to="agreed")
    services.placement_move(actor=actor, placement=placement, to="started")
    page = as_user(client, world, "integration").get(reverse("work:pledge"))
    data = page.context["data"]
    assert (data.participants.value, data.reached.value) == (2, 1)
    (care,) = data.departments
    assert (care.employer, care.participants.value, care.ongoing.value) == (employers["care"], 1, 1)
    assert [p.person.given_name for p in data.waiting] == ["Dawit"]
    leader = as_user(client, world, "leadership").get(reverse("work:pledge"))
    assert leader.context["data"].participants.suppressed and leader.context["data"].waiting == []
    assert "Dawit" not in leader.content.decode()


def test_candidate_list_filters_and_records_reads(client, world, profiles):
    c = as_user(client, world, "integration")
    page = c.get(reverse("work:candidate_list"), {"yrke": "911"})
    assert [p.person.given_name for p in page.context["page"].items] == ["Hana", "Abeba"]  # Gebre, Haile
    page = c.get(reverse("work:candidate_list"), {"muntlig": "B1"})
    assert [p.person.given_name for p in page.context["page"].items] == ["Hana"]
    assert AuditEntry.objects.filter(channel="search", section="work").count() == 3


def test_job_fair_with_employers_participants_and_attendance(client, world, employers, profiles):
    c = as_user(client, world, "integration")
    response = c.post(
        reverse("work:fair_create"),
        {
            "title": "Jobbtreff vinter",
            "held_on": "2026-10-01",
            "municipality": world.hemsedal.pk,
            "with_nav": "on",
        },
    )
    fair_url = response["Location"]
    fair = resolve(fair_url).kwargs["pk"]
    c.post(reverse("work:fair_invite_employer", args=[fair]), {"employer-employer": employers["hotel"].pk})
    c.post(
        reverse("work:fair_invite_participant", args=[fair]),
        {"participant-person": world.persons["adult"].pk},
    )
    page = c.get(fair_url)
    (invited,) = page.context["participants"]
    c.post(reverse("work:fair_participant_attended", args=[fair, invited.pk]), {"attended": "yes"})
    invited.refresh_from_db()
    assert invited.attended is True
    assert [e.employer for e in c.get(fair_url).context["invited_employers"]] == [employers["hotel"]]


def test_the_pages_do_not_query_per_candidate(
    client, world, actor, employers, winter_opening, django_assert_max_num_queries
):
    from tests.world import make_person, years_ago

    for i in range(30):
        p = make_person(
            world.hemsedal, f"Kandidat{chr(65 + i % 26)}", "Testesen", years_ago(30 + i % 20), serial=100 + i
        )
        services.profile_save(actor=actor, person=p, data={"norwegian_oral": "B1"})
        services.experience_add(actor=actor, person=p, data={"occupation": "9112", "years": 2})
    c = as_user(client, world, "integration")
    with django_assert_max_num_queries(30):
        assert c.get(reverse("work:opening_detail", args=[winter_opening.pk])).status_code == 200
    with django_assert_max_num_queries(25):
        assert c.get(reverse("work:candidate_list")).status_code == 200


def test_a_tampered_occupation_code_gets_the_styrk_message(client, world, employers):
    c = as_user(client, world, "integration")
    response = c.post(
        reverse("work:opening_create") + f"?arbeidsgiver={employers['hotel'].pk}",
        {
            "title": "Noe",
            "kind": "temporary",
            "occupation": "0999",
            "positions": "1",
            "hours_per_week": "10",
            "starts_on": "2026-12-01",
            "oral_is": "required",
            "written_is": "required",
            "experience_is": "preferred",
            "status": "open",
        },
    )
    assert response.status_code == 200
    assert "«0999» is not a STYRK-08 occupation code" in response.content.decode()
    assert response.context["form"]["title"].value() == "Noe"
    assert not Opening.objects.exists()


def test_the_person_page_links_to_the_competence_profile_for_who_may_read_work(client, world):
    adult, child = world.persons["adult"], world.persons["school_child"]
    profile_url = reverse("work:profile_detail", args=[adult.pk])
    for key, sees in (("integration", True), ("nav", True), ("health", False)):
        page = as_user(client, world, key).get(reverse("people:person_detail", args=[adult.pk]))
        assert (profile_url in page.content.decode()) is sees, key
    page = as_user(client, world, "integration").get(reverse("people:person_detail", args=[child.pk]))
    assert reverse("work:profile_detail", args=[child.pk]) not in page.content.decode()


def test_a_refused_agreement_shows_the_employer_page_with_what_was_typed(client, world, employers):
    c = as_user(client, world, "integration")
    hotel = employers["hotel"]
    response = c.post(
        reverse("work:agreement_add", args=[hotel.pk]),
        {
            "agreement-kind": "mentoring",
            "agreement-signed_on": "2026-03-01",
            "agreement-valid_until": "2026-01-01",
            "agreement-note": "Mentor fra resepsjonen",
        },
    )
    assert response.status_code == 200
    assert response.context["open_form"] == "agreement"
    form = response.context["forms"]["agreement"]
    assert form.errors["valid_until"] and form["note"].value() == "Mentor fra resepsjonen"
    assert not hotel.agreements.exists()
    # The same address answers «missing» to who may not change the employer.
    assert (
        as_user(client, world, "school").post(reverse("work:agreement_add", args=[hotel.pk])).status_code
        == 404
    )


def test_a_placement_steps_on_by_its_own_addresses(client, world, actor, employers):
    c = as_user(client, world, "integration")
    placement = services.placement_create(
        actor=actor,
        person=world.persons["adult"],
        employer=employers["hotel"],
        data={"kind": "work_practice"},
    )
    refused = c.post(reverse("work:placement_move", args=[placement.pk, "withdrawn"]), {})
    assert refused.status_code == 200 and refused.context["open_form"] == "withdrawn"
    # A step the placement cannot take from where it is: missing.
    assert c.post(reverse("work:placement_move", args=[placement.pk, "ended"]), {}).status_code == 404
    response = c.post(
        reverse("work:placement_move", args=[placement.pk, "agreed"]),
        {"agreed-agreed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.state == "agreed"
