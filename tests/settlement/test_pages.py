"""The settlement pages: the board and its htmx moves, a case's forms with bad input, the arrival in one
action, the audit of reads, and the year page with its counts protected for leadership."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.access.sections import Section
from lagrundt.people.models import Household, Person
from lagrundt.settlement import services
from lagrundt.settlement.models import CaseMember, Reply, SettlementCase, Stage
from tests.settlement.conftest import days

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_board_shows_each_case_in_its_stage_with_what_it_lacks(world, login, client, make_case, actor):
    proposed = make_case(name="Haddad", received_on=days(-20), reply_due_on=days(-1))
    accepted = make_case(name="Nasser", expected_arrival=days(30))
    services.case_reply(actor, accepted, True, timezone.localdate())
    make_case(world.aal, name="Kovalenko")  # another unit's municipality: not on this board
    login(world, "integration")
    page = client.get(reverse("settlement:board")).content.decode()
    assert "Haddad" in page and "Nasser" in page and "Kovalenko" not in page
    assert "Reply to IMDi by" in page and "overdue" in page  # past and unanswered
    assert "No dwelling held" in page
    before = page.index('id="col-proposed"'), page.index('id="col-accepted"')
    assert before[0] < page.index("Haddad") < before[1] < page.index("Nasser")
    reunion = client.get(reverse("settlement:board"), {"slag": "gjenforening"}).content.decode()
    assert "Haddad" not in reunion
    assert proposed.stage == Stage.PROPOSED


def test_accepting_on_the_board_with_htmx_swaps_the_columns(world, login, client, make_case):
    case = make_case(name="Haddad", expected_arrival=days(40))
    login(world, "integration")
    response = client.post(reverse("settlement:case_move", args=[case.pk, "accepted"]), **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<div id="settlement-board"') and "<html" not in body
    assert body.index('id="col-accepted"') < body.index(f'id="case-{case.pk}"')
    case.refresh_from_db()
    assert (case.reply, case.stage) == (Reply.ACCEPTED, Stage.ACCEPTED)
    # A second accept is refused with a message, in the board, and changes nothing.
    again = client.post(reverse("settlement:case_move", args=[case.pk, "accepted"]), **HTMX)
    assert "already accepted" in again.content.decode()


def test_accepting_on_the_board_without_javascript_goes_back_to_the_board(world, login, client, make_case):
    case = make_case(name="Haddad")
    login(world, "integration")
    response = client.post(reverse("settlement:case_move", args=[case.pk, "accepted"]), {"slag": "forslag"})
    assert response.status_code == 302 and response["Location"].endswith("?slag=forslag")
    case.refresh_from_db()
    assert case.stage == Stage.ACCEPTED


def _create_data(world, **overrides):
    data = {
        "municipality": world.hemsedal.pk,
        "name": "Yousef",
        "category": "resettlement_refugee",
        "origin": "abroad",
        "country_background": "SY",
        "received_on": timezone.localdate().isoformat(),
        "expected_arrival": days(45).isoformat(),
        "member-TOTAL_FORMS": "2",
        "member-INITIAL_FORMS": "0",
        "member-0-given_name": "Amal",
        "member-0-family_name": "Yousef",
        "member-0-birth_year": "1991",
        "member-0-sex": "female",
        "member-0-role": "reference",
        "member-1-given_name": "",
        "member-1-role": "child",
        "member-1-sex": "unknown",
    }
    return {**data, **overrides}


def test_a_case_is_created_from_the_form(world, login, client):
    login(world, "integration")
    response = client.post(reverse("settlement:case_create"), _create_data(world))
    case = SettlementCase.objects.get(name="Yousef")
    assert response.status_code == 302 and response["Location"] == reverse(
        "settlement:case_detail", args=[case.pk]
    )
    assert list(case.members.values_list("given_name", "birth_year")) == [("Amal", 1991)]


def test_an_expected_arrival_in_the_past_keeps_what_was_typed_and_saves_nothing(world, login, client):
    login(world, "integration")
    past = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    response = client.post(reverse("settlement:case_create"), _create_data(world, expected_arrival=past))
    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot be in the past" in page
    assert 'value="Amal"' in page and 'value="Yousef"' in page
    assert not SettlementCase.objects.filter(name="Yousef").exists()
    assert not CaseMember.objects.filter(given_name="Amal").exists()


def test_a_second_reply_on_a_declined_case_is_refused_on_the_page(world, login, client, make_case, actor):
    case = make_case()
    services.case_reply(actor, case, False, timezone.localdate(), reason="no_dwelling")
    login(world, "integration")
    response = client.post(
        reverse("settlement:case_reply", args=[case.pk]),
        {"reply-decision": "accept", "reply-on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert "The case is already declined." in response.content.decode()
    case.refresh_from_db()
    assert case.reply == Reply.DECLINED


def test_moving_the_expected_arrival_to_the_past_on_the_page_is_refused(world, login, client, make_case):
    case = make_case(expected_arrival=days(20))
    login(world, "integration")
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("settlement:case_expected_arrival", args=[case.pk]), {"expected-expected_arrival": past}
    )
    assert response.status_code == 200 and f'value="{past}"' in response.content.decode()
    case.refresh_from_db()
    assert case.expected_arrival == days(20)


def test_the_arrival_form_registers_everything_in_one_action(world, login, client, make_case, actor):
    case = make_case(expected_arrival=days(10))
    services.case_reply(actor, case, True, timezone.localdate())
    members = list(case.members.order_by("pk"))
    login(world, "integration")
    detail = client.get(reverse("settlement:case_detail", args=[case.pk])).content.decode()
    assert reverse("housing:case_suggestions", args=[case.pk]) in detail  # a dwelling is found from here
    form = client.get(reverse("settlement:case_arrive", args=[case.pk])).content.decode()
    assert 'value="Lina"' in form and 'value="Omar"' in form  # prefilled: never typed twice
    data = {
        "arrival-arrived_on": timezone.localdate().isoformat(),
        "member-TOTAL_FORMS": "3",
        "member-INITIAL_FORMS": "3",
    }
    for i, m in enumerate(members):
        data |= {
            f"member-{i}-member": m.pk,
            f"member-{i}-given_name": m.given_name,
            f"member-{i}-family_name": m.family_name,
            f"member-{i}-birth_date": m.birth_date.isoformat() if m.birth_date else "",
            f"member-{i}-sex": m.sex,
        }
    refused = client.post(reverse("settlement:case_arrive", args=[case.pk]), data)
    assert refused.status_code == 200 and "only the year" in refused.content.decode()
    assert not Household.objects.filter(name="Nasser").exists()
    data["member-2-birth_date"] = dt.date(timezone.localdate().year - 9, 5, 1).isoformat()
    response = client.post(reverse("settlement:case_arrive", args=[case.pk]), data)
    household = Household.objects.get(name="Nasser")
    assert response["Location"] == reverse("routines:household_started", args=[household.pk])
    assert Person.objects.filter(household=household).count() == 3
    case.refresh_from_db()
    assert case.stage == Stage.ARRIVED


def test_reading_a_case_is_audited_without_names(world, login, client, make_case):
    case = make_case(stated_needs="Needs a ground-floor flat")
    login(world, "integration")
    mark = AuditEntry.objects.count()
    page = client.get(reverse("settlement:case_detail", args=[case.pk])).content.decode()
    assert "Needs a ground-floor flat" in page and "Nasser, Lina" in page
    (entry,) = [e for e in AuditEntry.objects.order_by("pk")[mark:] if e.action == AuditAction.READ]
    assert (entry.section, entry.municipality_id) == (Section.SETTLEMENT, world.hemsedal.pk)
    assert (
        str(case.pk) in entry.detail and "Nasser" not in entry.detail and "Nasser" not in str(entry.changes)
    )


def test_the_case_page_says_when_a_deadline_is_assumed(world, login, client, make_case):
    from lagrundt.settlement.models import SettlementSetting

    no_deadline = make_case(name="Haddad")
    services.setting_save(
        world.hemsedal, SettlementSetting.Key.REPLY_DAYS, 14, days(-30), "Kommunal standard"
    )
    assumed = make_case(name="Yousef")
    login(world, "integration")
    assert "Not set" in client.get(reverse("settlement:case_detail", args=[no_deadline.pk])).content.decode()
    assert "assumed" in client.get(reverse("settlement:case_detail", args=[assumed.pk])).content.decode()


def test_the_year_page_saves_the_decision_and_hides_small_counts_from_leadership(
    world, login, client, make_case, actor
):
    year = timezone.localdate().year
    url = reverse("settlement:year", args=[year])
    case = make_case(members=None, expected_arrival=timezone.localdate())  # three persons this year
    services.case_reply(actor, case, True, timezone.localdate())
    login(world, "integration")
    saved = client.post(
        url,
        {
            "kommune": world.hemsedal.pk,
            "request-requested": "12",
            "request-requested_unaccompanied": "0",
            "request-decided": "10",
        },
    )
    assert saved.status_code == 302
    bad = client.post(
        url,
        {"kommune": world.hemsedal.pk, "request-requested": "12", "request-requested_unaccompanied": "20"},
    )
    assert bad.status_code == 200 and 'value="20"' in bad.content.decode()
    page = client.get(url).content.decode()
    assert "<svg" in page and '<td class="lg-num">3</td>' in page
    client.logout()
    login(world, "leadership")
    counts = client.get(url).content.decode()
    assert '<td class="lg-num">3</td>' not in counts and '<td class="lg-num">10</td>' in counts
    assert "Nasser" not in counts
    assert client.post(url, {"kommune": world.hemsedal.pk, "request-requested": "1"}).status_code == 200


def test_editing_a_case_and_its_members_through_the_pages(world, login, client, make_case):
    case = make_case(name="Haddad")
    login(world, "integration")
    url = reverse("settlement:case_edit", args=[case.pk])
    assert 'value="Haddad"' in client.get(url).content.decode()
    data = {
        "name": "Haddad-Khalil",
        "category": "asylum_reception_centre",
        "origin": "reception_centre",
        "country_background": "SY",
        "reception_centre": "Mottak",
        "received_on": timezone.localdate().isoformat(),
    }
    future = {**data, "received_on": days(3).isoformat()}
    refused = client.post(url, future)
    assert refused.status_code == 200 and "cannot be received in the future" in refused.content.decode()
    case.refresh_from_db()
    assert case.name == "Haddad"
    assert client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert (case.name, case.category) == ("Haddad-Khalil", "asylum_reception_centre")

    child = case.members.get(role="child")
    member_url = reverse("settlement:member_edit", args=[case.pk, child.pk])
    form = {"given_name": "Omar", "family_name": "Haddad", "birth_year": "", "sex": "male", "role": "child"}
    assert client.post(member_url, form).status_code == 200  # neither year nor date: refused
    form["birth_date"] = dt.date(timezone.localdate().year - 7, 3, 3).isoformat()
    assert client.post(member_url, form).status_code == 302
    child.refresh_from_db()
    assert child.birth_year == timezone.localdate().year - 7
    client.post(reverse("settlement:member_remove", args=[case.pk, child.pk]))
    assert not case.members.filter(pk=child.pk).exists()
    added = client.post(
        reverse("settlement:member_add", args=[case.pk]),
        {
            "member-given_name": "Nour",
            "member-family_name": "Haddad",
            "member-birth_year": "2019",
            "member-sex": "female",
            "member-role": "child",
        },
    )
    assert added.status_code == 302 and case.members.filter(given_name="Nour").exists()


def test_withdrawing_closes_the_case_and_first_weeks_done_from_the_board(
    world, login, client, make_case, actor
):
    withdrawn = make_case(name="Haddad")
    login(world, "integration")
    response = client.post(
        reverse("settlement:case_withdraw", args=[withdrawn.pk]),
        {"withdraw-on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    withdrawn.refresh_from_db()
    assert withdrawn.stage == Stage.CLOSED
    assert client.get(reverse("settlement:case_edit", args=[withdrawn.pk])).status_code == 404

    arrived = make_case(members=None)
    services.case_reply(actor, arrived, True, timezone.localdate())
    services.case_arrive(
        actor,
        arrived,
        timezone.localdate(),
        {
            m.pk: {"birth_date": dt.date(timezone.localdate().year - 9, 1, 1)}
            for m in arrived.members.filter(birth_date__isnull=True)
        },
    )
    moved = client.post(reverse("settlement:case_move", args=[arrived.pk, "settled"]), **HTMX)
    assert moved.status_code == 200
    arrived.refresh_from_db()
    assert arrived.stage == Stage.SETTLED


def test_leadership_cannot_work_out_a_small_count_from_a_total(world, login, client, make_case, actor):
    today = timezone.localdate()

    def persons(n, name):
        return [
            {
                "given_name": ["Ana", "Bea", "Cyd", "Dan", "Eli", "Fay"][i],
                "family_name": name,
                "birth_year": 1980 + i,
                "birth_date": dt.date(1980 + i, 1, 2),
                "sex": "female",
                "role": "reference" if i == 0 else "other",
            }
            for i in range(n)
        ]

    for n, name, category in (
        (6, "Haddad", "resettlement_refugee"),
        (2, "Rahimi", "asylum_reception_centre"),
    ):
        case = make_case(name=name, members=persons(n, name), category=category)
        services.case_reply(actor, case, True, today)
        services.case_arrive(actor, case, today)
    login(world, "leadership")
    page = client.get(reverse("settlement:year", args=[today.year])).content.decode()
    shown = {n for n in ("2", "6", "8") if f'<td class="lg-num">{n}</td>' in page}
    assert "2" not in shown
    assert not {"6", "8"} <= shown  # the 2 would be 8 − 6


def test_a_shared_service_sees_both_municipalities_and_filters_by_one(world, login, client, make_case):
    make_case(name="Haddad")
    make_case(world.gol, name="Rahimi")  # Hemsedal's integration service also serves Gol
    login(world, "integration")
    both = client.get(reverse("settlement:board")).content.decode()
    assert "Haddad" in both and "Rahimi" in both
    gol = client.get(reverse("settlement:board"), {"kommune": world.gol.pk}).content.decode()
    assert "Rahimi" in gol and "Haddad" not in gol
    listed = client.get(reverse("settlement:case_list"), {"steg": "proposed", "kommune": world.gol.pk})
    assert "Rahimi" in listed.content.decode() and "Haddad" not in listed.content.decode()


def test_an_arrived_card_says_when_the_first_weeks_end(world, login, client, make_case, actor):
    from lagrundt.core.formats import date_label
    from lagrundt.settlement.models import SettlementSetting

    services.setting_save(world.hemsedal, SettlementSetting.Key.FIRST_WEEKS_DAYS, 28, days(-400), "Kommunal")
    case = make_case(members=None, received_on=days(-20))
    services.case_reply(actor, case, True, days(-15))
    child = case.members.get(role="child")
    arrived_on = days(-10)
    services.case_arrive(
        actor, case, arrived_on, {child.pk: {"birth_date": dt.date(arrived_on.year - 9, 1, 1)}}
    )
    login(world, "integration")
    page = client.get(reverse("settlement:board")).content.decode()
    assert f"Finish the first weeks by {date_label(days(18))}" in page


def test_the_settings_page_sets_the_reply_days_that_new_proposals_count_with(world, login, client, make_case):
    from lagrundt.settlement.models import SettlementSetting

    login(world, "integration")
    url = reverse("settlement:settings")
    here = {"kommune": world.hemsedal.pk}
    page = client.get(url, here).content.decode()
    assert "not set" in page
    bad = {"kommune": world.hemsedal.pk, "key": "reply_days", "value": "400", "valid_from": "", "source": ""}
    response = client.post(url, bad)
    assert response.status_code == 200 and not SettlementSetting.objects.exists()
    assert 'value="400"' in response.content.decode()  # the form keeps what was typed
    good = {
        **bad,
        "value": "10",
        "valid_from": days(-30).isoformat(),
        "source": "Kommunal standard",
        "assumed": "on",
    }
    assert client.post(url, good).status_code == 302
    case = make_case(name="Later")
    assert case.reply_due_on is not None and case.reply_due_assumed
    assert (case.reply_due_on - case.received_on).days >= 10
    page = client.get(url, here).content.decode()
    assert "10 days" in page and "Assumed" in page
    assert client.get(url, {"kommune": world.aal.pk}).context["chosen"] != world.aal  # not hers to set
