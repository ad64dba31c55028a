"""The economy pages: what each role sees, what is audited, and that exports keep the marks."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.accounts.two_factor import client_login
from lagrundt.finance import selectors
from lagrundt.finance.models import ActualReceipt, CostEntry, GrantFacts, PlannedSettlement, Scenario
from lagrundt.finance.money import Amount
from lagrundt.people.models import Person, Settlement

pytestmark = pytest.mark.django_db


@pytest.fixture
def recent(world):
    """The Haile family settled on New Year's Day this year, so that their grants fall in the page's years
    (and the day is never ahead of the suite's clock)."""
    today = timezone.localdate()
    settled = today.replace(month=1, day=1)
    Settlement.objects.filter(person__household=world.persons["adult"].household).update(settled_on=settled)
    # The man who moved out settled two calendar years ago and moves this year, whatever the day.
    moved = world.persons["moved"]
    Settlement.objects.filter(person=moved).update(settled_on=settled.replace(year=settled.year - 2))
    moved.move_out.moved_on = today
    moved.move_out.save(update_fields=["moved_on"])
    Person.objects.filter(pk=moved.pk).update(moved_out_on=today)
    return settled


def workbook(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content), read_only=True)


def test_the_integration_service_sees_the_grants_per_year_as_chart_and_table(world, login, seeded, recent):
    response = login(world, "integration").get(reverse("finance:overview"), {"kommune": world.hemsedal.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<svg class="lg-chart"' in page and "<caption>" in page
    table = response.context["tables"]["receipts"]
    year = timezone.localdate().year
    (row,) = [r for r in table.rows if r.label == str(year)]
    expected = selectors.register_receipts({world.hemsedal.pk}, range(year, year + 1)).year_total(
        world.hemsedal.pk, year
    )
    assert row.cells[-2].amount == expected
    # Two adults: the adult rate (2024, uncertain) used for this year, so assumed.
    integration = row.cells[1].amount
    assert integration.assumed and integration.kroner == Decimal("388800.00")
    # Missing: the three children's year 1 (the facts file has no children's rate) and the year 3 of
    # the man who settled two years ago (no year-3 rate at all).
    assert integration.missing == 4
    assert "antatt" in page and "uten sats" in page


def test_leadership_sees_totals_with_small_counts_hidden_and_no_names(world, login, seeded, recent):
    """The Haile family settled this year: two adults and three children, of them one of kindergarten
    age. With the rates published, the integration grant (two adults' rate and three children's) and
    the year's total would tell those counts, so they are hidden with the kindergarten grant."""
    response = login(world, "leadership").get(reverse("finance:overview"))
    assert response.status_code == 200
    year = timezone.localdate().year
    table = response.context["tables"]["receipts"]
    (row,) = [r for r in table.rows if r.label == str(year)]
    by_group = dict(zip(table.columns[2:], row.cells[1:], strict=False))
    assert by_group["Integreringstilskudd"].hidden is True
    assert by_group["Barnehagetilskudd"].hidden is True  # one child
    assert by_group["Enslige mindreårige"].hidden is False  # none: zero is shown
    assert by_group["Sum"].hidden is True
    assert (row.cells[-1].number, row.cells[-1].hidden) == (6, False)  # persons with a grant this year
    quarters = [r for r in response.context["tables"]["quarters"].rows if r.label == str(year)]
    assert all(r.cells[1].hidden for r in quarters)
    page = response.content.decode()
    for person in world.persons.values():
        assert person.family_name not in page
    assert "Skjult (små tall)" not in page  # the chart draws no remainder of the total
    worker = login(world, "integration").get(reverse("finance:overview"), {"kommune": world.hemsedal.pk})
    assert not any(t.has_hidden for t in worker.context["tables"].values())


def test_leaderships_export_hides_what_the_page_hides(world, login, seeded, recent):
    year = str(timezone.localdate().year)
    response = login(world, "leadership").get(reverse("finance:overview_export"))
    book = workbook(response)
    rows = list(book["Tilskudd per år"].iter_rows(values_only=True))
    header, year_row = rows[0], next(r for r in rows[1:] if r[0] == year)
    assert year_row[header.index("Integreringstilskudd")] is None
    assert year_row[header.index("Integreringstilskudd – merknad")] == "skjult (små tall)"
    assert year_row[header.index("Sum")] is None


def test_other_sectors_and_other_municipalities_get_404(world, login, seeded):
    assert login(world, "health").get(reverse("finance:overview")).status_code == 404
    client = login(world, "integration")
    assert client.get(reverse("finance:overview"), {"kommune": world.aal.pk}).status_code == 404


def test_receipts_entered_are_shown_against_the_expected(world, login, seeded, recent):
    client = login(world, "integration")
    year = timezone.localdate().year - 1
    response = client.post(
        reverse("finance:receipts"),
        {
            "kommune": world.hemsedal.pk,
            "year": year,
            "grant": "integration",
            "amount": "1 234 567",
        },
    )
    assert response.status_code == 200  # "1 234 567" is not a number the form takes: shown, nothing saved
    assert not ActualReceipt.objects.exists()
    assert 'value="1 234 567"' in response.content.decode()
    response = client.post(
        reverse("finance:receipts"),
        {
            "kommune": world.hemsedal.pk,
            "year": year,
            "grant": "integration",
            "amount": "1234567",
        },
    )
    assert response.status_code == 302
    overview = client.get(reverse("finance:overview"), {"kommune": world.hemsedal.pk})
    actual = overview.context["tables"]["actual"]
    (total,) = [r for r in actual.rows if r.strong and r.label == str(year)]
    assert total.cells[2].amount == Amount(Decimal("1234567"))
    assert total.cells[3].amount.kroner == Decimal("1234567") - total.cells[1].amount.kroner


def test_a_measure_needs_its_name_and_costs_appear_beside_the_income(world, login, seeded):
    client = login(world, "leadership")
    last_year = timezone.localdate().year - 1  # inside the page's window of years
    url = reverse("finance:costs")
    response = client.post(
        url,
        {
            "kommune": world.hemsedal.pk,
            "year": last_year,
            "kind": "measure",
            "amount": "416000",
        },
    )
    assert response.status_code == 200
    assert "Oppgi navnet på tiltaket." in response.content.decode()
    client.post(
        url,
        {
            "kommune": world.hemsedal.pk,
            "year": last_year,
            "kind": "measure",
            "label": "Kommunale sysselsettingstiltak",
            "amount": "416000",
        },
    )
    assert CostEntry.objects.get().amount == Decimal(416000)
    overview = client.get(reverse("finance:overview"))
    table = overview.context["tables"]["income_costs"]
    (row,) = [r for r in table.rows if r.label == str(last_year)]
    assert table.columns[5] == "Tiltak i handlingsplanen"
    assert row.cells[4].amount == Amount(Decimal(416000))
    assert row.cells[-2].amount == Amount(Decimal(416000))  # costs in all


def test_a_scenario_is_made_planned_and_compared(world, login, seeded):
    client = login(world, "integration")
    response = client.post(
        reverse("finance:scenarios"), {"kommune": world.hemsedal.pk, "name": "Vedtak 2027"}
    )
    scenario = Scenario.objects.get()
    assert response.status_code == 302 and scenario.municipality == world.hemsedal
    next_year = timezone.localdate().year + 1
    url = reverse("finance:planned_save", args=[scenario.pk])
    bad = client.post(
        url,
        {
            "plan-year": next_year,
            "plan-persons": 10,
            "plan-unaccompanied_minors": 2,
            "plan-minors_age": 16,
            "plan-single_adults": 3,
            "plan-adults_in_families": 3,
            "plan-children": 3,
            "plan-collective_protection": 0,
        },
    )
    assert bad.status_code == 200 and not PlannedSettlement.objects.exists()
    assert "må til sammen bli 8" in bad.content.decode()
    good = client.post(
        url,
        {
            "plan-year": next_year,
            "plan-persons": 10,
            "plan-unaccompanied_minors": 2,
            "plan-minors_age": 16,
            "plan-collective_protection": 0,
        },
    )
    assert good.status_code == 302
    page = client.get(reverse("finance:scenarios"), {"kommune": world.hemsedal.pk})
    table = page.context["table"]
    assert table.columns[1:] == ["Bare registeret", "Vedtak 2027"]
    (row,) = [r for r in table.rows if r.label == str(next_year)]
    register, with_plan = row.cells[0].amount, row.cells[1].amount
    # Two unaccompanied minors aged 16: at least the younger band (facts file, 2023) and year 1 each.
    assert with_plan.kroner - register.kroner >= 2 * (Decimal(1_118_000) + Decimal(187_000))
    export = workbook(client.get(reverse("finance:scenarios_export"), {"kommune": world.hemsedal.pk}))
    header = next(export.worksheets[0].iter_rows(values_only=True))
    assert header[:5] == (
        "År",
        "Bare registeret",
        "Bare registeret – merknad",
        "Vedtak 2027",
        "Vedtak 2027 – merknad",
    )


def test_leadership_may_make_scenarios_but_not_in_another_municipality(world, login, seeded):
    client = login(world, "leadership")
    assert (
        client.post(reverse("finance:scenarios"), {"kommune": world.aal.pk, "name": "X"}).status_code == 404
    )
    assert (
        client.post(reverse("finance:scenarios"), {"kommune": world.hemsedal.pk, "name": "X"}).status_code
        == 302
    )


def test_the_export_has_every_table_and_marks_each_assumed_amount(world, login, seeded, recent):
    response = login(world, "integration").get(
        reverse("finance:overview_export"), {"kommune": world.hemsedal.pk}
    )
    book = workbook(response)
    assert book.sheetnames == [
        "Tilskudd per år",
        "Prognose og faktisk",
        "Per kvartal",
        "Inntekter og kostnader",
        "Kostnader",
    ]
    rows = list(book["Tilskudd per år"].iter_rows(values_only=True))
    header = rows[0]
    assert header[2:4] == ("Integreringstilskudd", "Integreringstilskudd – merknad")
    year_row = next(r for r in rows[1:] if r[0] == str(timezone.localdate().year))
    assert year_row[2] == 388800 and year_row[3] == "antatt, satser mangler for 4 tilskuddsår"


def test_a_persons_schedule_is_their_finances_read_through_the_policy(world, login, seeded, recent):
    adult = world.persons["adult"]
    client = login(world, "integration")
    response = client.get(reverse("finance:person_schedule", args=[adult.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(person_id=adult.pk, section="finances").latest("pk")
    assert (entry.action, entry.channel, entry.username) == (
        AuditAction.READ,
        AuditChannel.PAGE,
        "hemsedal-integration",
    )
    assert "Integreringstilskudd, år 1, voksen" in response.content.decode()
    export = client.get(reverse("finance:person_schedule_export", args=[adult.pk]))
    assert export.status_code == 200
    entry = AuditEntry.objects.filter(person_id=adult.pk, section="finances").latest("pk")
    assert (entry.action, entry.channel) == (AuditAction.EXPORT, AuditChannel.EXPORT)
    sheet = workbook(export).worksheets[0]
    assert any("antatt" in (row[4] or "") for row in sheet.iter_rows(values_only=True))


def test_others_get_404_and_the_refusal_is_logged(world, login, seeded):
    adult = world.persons["adult"]
    assert login(world, "school").get(reverse("finance:person_schedule", args=[adult.pk])).status_code == 404
    entry = AuditEntry.objects.filter(action=AuditAction.DENIED).latest("pk")
    assert (entry.person_id, entry.section) == (adult.pk, "finances")
    child = world.persons["school_child"]
    assert login(world, "nav").get(reverse("finance:person_schedule", args=[child.pk])).status_code == 404


def test_the_persons_list_is_audited_per_person_shown(world, login, seeded):
    client = login(world, "nav")
    response = client.get(reverse("finance:persons"))
    shown = {row["person"].pk for row in response.context["rows"]}
    assert world.persons["adult"].pk in shown and world.persons["school_child"].pk not in shown
    audited = set(
        AuditEntry.objects.filter(section="finances", channel=AuditChannel.SEARCH).values_list(
            "person_id", flat=True
        )
    )
    assert audited == shown
    client.get(reverse("finance:persons_export"))
    exported = set(
        AuditEntry.objects.filter(section="finances", action=AuditAction.EXPORT).values_list(
            "person_id", flat=True
        )
    )
    assert exported == shown


def test_grant_facts_are_saved_with_old_and_new_values_in_the_log(world, login, seeded):
    adult = world.persons["adult"]
    client = login(world, "integration")
    response = client.post(
        reverse("finance:person_facts", args=[adult.pk]),
        {
            "reference_status": "humanitarian",
            "reference_first_settled_on": "2019-05-01",
            "note": "Vedtak fra UDI",
        },
    )
    assert response.status_code == 302
    facts = GrantFacts.objects.get(person=adult)
    assert facts.reference_status == "humanitarian"
    entry = AuditEntry.objects.filter(person_id=adult.pk, action=AuditAction.CREATE, section="finances").get()
    assert entry.changes["reference_status"] == {"old": None, "new": "humanitarian"}
    client.post(reverse("finance:person_facts", args=[adult.pk]), {"reference_status": "refugee"})
    entry = AuditEntry.objects.filter(person_id=adult.pk, action=AuditAction.UPDATE, section="finances").get()
    assert entry.changes["reference_status"] == {"old": "humanitarian", "new": "refugee"}


def test_a_granted_yearly_disability_grant_needs_its_amount_and_years(world, login, seeded):
    adult = world.persons["adult"]
    client = login(world, "integration")
    year = timezone.localdate().year - 1
    url = reverse("finance:disability_grant_add", args=[adult.pk])
    response = client.post(
        url,
        {
            "kind": "annual",
            "applied_on": f"{year}-01-10",
            "decision": "granted",
            "decided_on": f"{year}-03-01",
        },
    )
    assert response.status_code == 200
    assert "trenger beløpet per år" in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "annual",
            "applied_on": f"{year}-01-10",
            "decision": "granted",
            "decided_on": f"{year}-03-01",
            "amount_per_year": "900000",
            "first_year": year,
            "last_year": year + 1,
        },
    )
    assert response.status_code == 302
    _entitled, lines = selectors.person_schedule(adult)
    assert [(line.year, amount.kroner) for line, amount in lines if line.rule == "disability"] == [
        (y, Decimal("900000.00")) for y in (year, year + 1) if y >= adult.settlement.settled_on.year
    ]


def test_the_rates_page_shows_sources_and_a_manager_can_seed_and_enter(world, login, db):
    client = login(world, "sysadmin")
    response = client.get(reverse("finance:rates"))
    assert response.status_code == 200 and response.context["parameters_missing"]
    client.post(reverse("finance:rates"), {"action": "seed"})
    response = client.get(reverse("finance:rates"))
    assert not response.context["parameters_missing"]
    page = response.content.decode()
    assert "Usikker" in page and "Bekreftet i kilden" in page and "ks.no" in page
    response = client.post(
        reverse("finance:rates"),
        {
            "action": "rate",
            "rate-code": "integration.y2",
            "rate-year": 2026,
            "rate-amount": "123456",
            "rate-title": "Testkilde",
            "rate-reference": "https://example.org",
            "rate-confidence": "verified-in-source",
        },
    )
    assert response.status_code == 302
    book = selectors.rate_book()
    assert book.lookup("integration.y2", 2026).assumed is False
    assert book.lookup("integration.y2", 2027).assumed is True
    assert login(world, "integration").post(reverse("finance:rates"), {"action": "seed"}).status_code == 404


def test_the_rate_template_is_the_import_layout(world, login):
    response = login(world, "sysadmin").get(reverse("finance:rates_template"), {"year": 2031})
    rows = list(workbook(response).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("år", "kode", "tilskudd", "beløp", "merknad")
    assert {r[1] for r in rows[1:]} >= {"integration.y1.child", "integration.y5", "elderly"}
    assert all(r[0] == 2031 and r[3] is None for r in rows[1:])


def test_the_economy_page_without_parameters_says_what_to_do(world, login):
    response = login(world, "integration").get(reverse("finance:overview"))
    assert response.status_code == 200
    assert "parametere" in response.content.decode()


def test_the_page_query_count_does_not_grow_with_persons(world, login, seeded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.world import make_person

    client = login(world, "integration")
    url = reverse("finance:overview") + f"?kommune={world.hemsedal.pk}"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    count()
    before = count()
    for i in range(15):
        make_person(world.hemsedal, "Ny", f"Person{i}", dt.date(1980, 1, 1 + i), serial=200 + i)
    assert count() == before


def test_the_persons_list_pages_with_htmx_return_only_the_results(world, login, seeded):
    from tests.world import make_person

    for i in range(60):
        make_person(
            world.hemsedal, "Ny", f"Person{i:02d}", dt.date(1980, 1, 1) + dt.timedelta(days=i), serial=300 + i
        )
    client = login(world, "integration")
    full = client.get(reverse("finance:persons"))
    assert full.context["page"].has_next
    partial = client.get(reverse("finance:persons"), {"side": 2}, headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert "<html" not in html and "<tbody>" in html
    assert partial.context["page"].number == 2


def test_the_rates_export_has_the_rates_their_use_and_the_parameters(world, login, seeded):
    book = workbook(login(world, "nav").get(reverse("finance:rates_export")))
    assert book.sheetnames == ["Satser", "Satser i bruk", "Reglenes parametere"]
    rates = list(book["Satser"].iter_rows(values_only=True))
    assert ("elderly", "Eldretilskudd (engangs)", 2024, 180600, "Usikker") in [r[:5] for r in rates]
    parameters = {r[1]: r for r in book["Reglenes parametere"].iter_rows(values_only=True)}
    assert parameters["elderly.min_age"][2:4] == ("60", "Usikker")
    assert parameters["integration.years"][2:4] == ("5", "Bekreftet i kilden")


def test_leadership_sees_expected_amounts_of_few_persons_hidden_beside_the_actual_too(world, login, seeded):
    """Last year three persons in Hemsedal had the Norwegian training grant: hidden, and so are the
    actual receipt entered for it and the year's totals (the three could be worked out from them);
    the integration grant's year 2 of six persons is shown, with its actual receipt."""
    year = timezone.localdate().year - 1
    ActualReceipt.objects.create(
        municipality=world.hemsedal, year=year, grant="integration", amount=Decimal(10)
    )
    ActualReceipt.objects.create(
        municipality=world.hemsedal, year=year, grant="norwegian", amount=Decimal(20)
    )
    leader = login(world, "leadership").get(reverse("finance:overview"))
    rows = [r for r in leader.context["tables"]["actual"].rows if r.label == str(year)]
    (integration,) = [r for r in rows if r.cells[0].text == "Integreringstilskudd"]
    (norwegian,) = [r for r in rows if r.cells[0].text == "Norskopplæring"]
    (total,) = [r for r in rows if r.strong]
    assert norwegian.cells[1].hidden and norwegian.cells[2].hidden and norwegian.cells[3].hidden
    assert not integration.cells[1].hidden and not integration.cells[3].hidden
    assert integration.cells[2].amount == Amount(Decimal(10))  # the municipality's own figure is shown
    assert all(c.hidden for c in total.cells[1:])
    (income,) = [r for r in leader.context["tables"]["income_costs"].rows if r.label == str(year)]
    assert income.cells[0].hidden and income.cells[-1].hidden  # the actual receipts include the hidden
    worker = login(world, "integration").get(reverse("finance:overview"), {"kommune": world.hemsedal.pk})
    rows = [r for r in worker.context["tables"]["actual"].rows if r.label == str(year)]
    assert not any(c.hidden for r in rows for c in r.cells)


def test_a_persons_page_links_to_their_grants_for_who_may_read_finances(client, world):
    adult = world.persons["adult"]
    url = reverse("finance:person_schedule", args=[adult.pk])
    for key, sees in (("integration", True), ("nav", True), ("health", False), ("housing", False)):
        client_login(client, world.users[key])
        page = client.get(reverse("people:person_detail", args=[adult.pk])).content.decode()
        assert (url in page) is sees, key


def test_leadership_sees_no_scenario_amount_that_would_tell_a_small_count(world, login, seeded):
    """The register's line in the scenarios is a year's total, and a scenario is that total with its
    planned persons added: hidden where the year rests on few persons. The world's household shapes of
    the last five years are all below five, so neither they nor a scenario built on them is shown."""
    scenario = Scenario.objects.create(municipality=world.hemsedal, name="Vedtak 2027")
    next_year = timezone.localdate().year + 1
    PlannedSettlement.objects.create(scenario=scenario, year=next_year, persons=10, unaccompanied_minors=0)
    leader = login(world, "leadership")
    table = leader.get(reverse("finance:scenarios"), {"kommune": world.hemsedal.pk}).context["table"]
    (row,) = [r for r in table.rows if r.label == str(timezone.localdate().year)]
    # Three persons with the Norwegian training grant this year: hidden. In the first days of a year
    # whose rates are not set yet there is no amount at all (nothing but the lines missing a rate).
    cell = row.cells[0]
    assert cell.hidden or (cell.amount.kroner == 0 and cell.amount.missing)
    assert all(r.cells[1].hidden for r in table.rows)  # built on the shapes of few persons
    detail = leader.get(reverse("finance:scenario_detail", args=[scenario.pk]))
    assert detail.context["history"] == dict.fromkeys(
        ("single_adults", "adults_in_families", "children_under_6", "children_6_to_17")
    )
    assert detail.context["shapes_hidden"] and all(
        c.hidden for r in detail.context["table"].rows for c in r.cells[1:]
    )
    export = workbook(leader.get(reverse("finance:scenarios_export"), {"kommune": world.hemsedal.pk}))
    planned = list(export.worksheets[1].iter_rows(values_only=True))
    assert planned[1][4:9] == (None, None, None, None, None)
    worker = login(world, "integration")
    table = worker.get(reverse("finance:scenarios"), {"kommune": world.hemsedal.pk}).context["table"]
    assert not table.has_hidden
    detail = worker.get(reverse("finance:scenario_detail", args=[scenario.pk]))
    assert detail.context["history"]["adults_in_families"] == 2
