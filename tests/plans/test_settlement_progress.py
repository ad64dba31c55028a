"""The year's settlement against the council's decision, on the leaders' overview and in the report."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lagrundt.people.models import SettlementCategory
from lagrundt.plans import presenters
from lagrundt.settlement.models import (
    CaseMember,
    MemberRole,
    Origin,
    Reply,
    SettlementCase,
    SettlementRequest,
)

pytestmark = pytest.mark.django_db


def _case(world, members, *, category, arrived: bool):
    today = timezone.localdate()
    case = SettlementCase.objects.create(
        municipality=world.hemsedal,
        name="Testfamilien",
        category=category,
        origin=Origin.ABROAD,
        received_on=today - dt.timedelta(days=60) if today.month > 2 else dt.date(today.year, 1, 1),
        reply=Reply.ACCEPTED,
        replied_on=today,
        expected_arrival=dt.date(today.year, 12, 31),
        arrived_on=today if arrived else None,
    )
    for i in range(members):
        CaseMember.objects.create(
            case=case,
            given_name=f"Navn{i}",
            family_name="Testfamilien",
            birth_year=1990,
            role=MemberRole.REFERENCE if i == 0 else MemberRole.CHILD,
        )
    return case


@pytest.fixture
def progress(world):
    year = timezone.localdate().year
    SettlementRequest.objects.create(
        municipality=world.hemsedal,
        year=year,
        requested=30,
        requested_unaccompanied=5,
        decided=23,
        decided_unaccompanied=3,
        decided_on=dt.date(year, 1, 1),
        council_case_number="PS 14/77",
    )
    _case(world, 6, category=SettlementCategory.RESETTLEMENT_REFUGEE, arrived=True)
    _case(world, 5, category=SettlementCategory.RESETTLEMENT_REFUGEE, arrived=False)
    _case(world, 2, category=SettlementCategory.UNACCOMPANIED_MINOR, arrived=True)
    return year


def test_the_integration_service_sees_the_progress_as_it_is(world, login, progress):
    response = login(world, "integration").get(reverse("plans:dashboard"))
    card = next(c for c in response.context["settlement"] if c["municipality"] == "Hemsedal")
    assert card["decided"] == "23" and card["case_number"] == "PS 14/77"
    assert (card["accepted"], card["arrived"], card["gap"]) == ("13", "8", "15")
    assert not card["hidden"]
    html = response.content.decode()
    assert "PS 14/77" in html and "<svg" in html


def test_leadership_sees_the_progress_with_small_counts_hidden(world, login, progress):
    response = login(world, "leadership").get(reverse("plans:dashboard"))
    assert response.status_code == 200
    (card,) = response.context["settlement"]
    assert card["decided"] == "23"
    labels = {c["label"]: c for c in card["categories"]}
    assert len(labels) == 2
    # Two unaccompanied minors arrived: hidden, and so is one more count they could be worked out from
    # (the other category's, or the total with the gap to the decision).
    minors = labels[str(SettlementCategory.UNACCOMPANIED_MINOR.label)]
    others = labels[str(SettlementCategory.RESETTLEMENT_REFUGEE.label)]
    assert minors["arrived"] == "–"
    assert others["arrived"] == "–" or (card["arrived"] == "–" and card["gap"] == "–")
    assert card["hidden"]
    html = response.content.decode()
    assert "Navn0" not in html and "Testfamilien" not in html
    assert "unaccompanied_minor" not in html and "resettlement_refugee" not in html


def test_no_card_for_who_does_not_follow_settlement(world, login, progress):
    response = login(world, "health").get(reverse("plans:dashboard"))
    assert response.status_code == 200
    assert response.context["settlement"] == []


def test_the_report_has_the_years_settlement(world, login, progress, hemsedal_plan):
    data = presenters.report_data(
        hemsedal_plan, hemsedal_plan.reports.model(plan=hemsedal_plan, year=progress), timezone.localdate()
    )
    section = data["settlement"]
    assert section["decided"] == "23" and section["requested"] == "30"
    # The council reads aggregates: protected whoever makes the report.
    assert section["hidden"]
    assert {c["label"]: c for c in section["categories"]}[str(SettlementCategory.UNACCOMPANIED_MINOR.label)][
        "arrived"
    ] == "–"
    page = login(world, "integration").get(reverse("plans:report", args=[hemsedal_plan.pk, progress]))
    assert "PS 14/77" in page.content.decode()


def test_the_pdf_has_the_decision_and_no_codes(world, login, progress, hemsedal_plan):
    response = login(world, "leadership").get(reverse("plans:report_pdf", args=[hemsedal_plan.pk, progress]))
    assert response.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "PS 14/77" in text
    assert re.search(r"\b23\b", text)
    assert "Bosetting i" in text  # the section, in the report's language (Hemsedal: bokmål)
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b", text), re.findall(r"\b[a-z]+_[a-z_]+\b", text)


def test_the_indicators_page_shows_the_average_days_only_over_five_cases(world, login, hemsedal_plan):
    last = timezone.localdate().year - 1
    base = dt.date(last, 3, 1)
    for days in (2, 4, 6, 8, 10):
        SettlementCase.objects.create(
            municipality=world.hemsedal,
            name="Testfamilien",
            category=SettlementCategory.RESETTLEMENT_REFUGEE,
            origin=Origin.ABROAD,
            received_on=base,
            reply=Reply.ACCEPTED,
            replied_on=base + dt.timedelta(days=days),
            arrived_on=base + dt.timedelta(days=days + 31),
        )
    client = login(world, "leadership")
    page = client.get(reverse("plans:indicators", args=[hemsedal_plan.pk]))
    assert page.status_code == 200
    items = {i["key"]: i for i in page.context["items"]}
    row = next(r for r in items["settlement_reply_days"]["rows"] if r["label"] == str(last))
    assert row["cells"] == ["5", "6"]  # five proposals answered, six days on average
    arrival = next(r for r in items["settlement_arrival_days"]["rows"] if r["label"] == str(last))
    assert arrival["cells"] == ["5", "31"]
