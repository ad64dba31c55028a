"""The plug-in point for costs other apps compute (the introduction programme's benefit paid)."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from lagrundt.core.plugins import CostLine
from lagrundt.finance import costs
from lagrundt.finance.models import CostEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(world, monkeypatch):
    """An app with a finance_costs.py that knows the benefit paid in Hemsedal in 2025."""

    def benefit(*, municipality_ids, years):
        return [
            CostLine(world.hemsedal.pk, 2025, "introduction_benefit", Decimal("3100000")),
            CostLine(world.aal.pk, 2025, "introduction_benefit", Decimal("9")),  # not asked for
        ]

    module = SimpleNamespace(__name__="lagrundt.intro.finance_costs", costs=benefit)
    monkeypatch.setattr(costs, "app_modules", lambda name: (module,) if name == "finance_costs" else ())


def test_a_computed_cost_replaces_the_entered_one_of_the_same_kind_and_year(world, programme):
    CostEntry.objects.create(
        municipality=world.hemsedal, year=2025, kind="introduction_benefit", amount=Decimal(5)
    )
    CostEntry.objects.create(
        municipality=world.hemsedal, year=2025, kind="social_assistance", amount=Decimal(7)
    )
    # The source is the app's name in the reader's language (bokmål here, whatever ran before).
    with translation.override("nb"):
        counted, replaced = costs.costs_for({world.hemsedal.pk}, range(2020, 2030))
    assert [(c.kind, c.amount, c.source) for c in counted] == [
        ("introduction_benefit", Decimal("3100000"), "Introduksjonsprogrammet"),
        ("social_assistance", Decimal("7.00"), ""),
    ]
    assert [(c.kind, c.amount) for c in replaced] == [("introduction_benefit", Decimal("5.00"))]


def test_the_costs_page_says_where_a_figure_comes_from(world, login, programme):
    page = login(world, "integration").get(reverse("finance:costs")).content.decode()
    assert "Introduksjonsprogrammet" in page and "3\xa0100\xa0000" in page  # grouped with no-break spaces


def test_a_plug_in_must_give_decimal_kroner_of_a_known_kind(world, monkeypatch):
    module = SimpleNamespace(
        __name__="lagrundt.intro.finance_costs",
        costs=lambda **kw: [CostLine(world.hemsedal.pk, 2025, "introduction_benefit", 3100000.0)],
    )
    monkeypatch.setattr(costs, "app_modules", lambda name: (module,))
    with pytest.raises(TypeError):
        costs.costs_for({world.hemsedal.pk}, range(2025, 2026))
    module.costs = lambda **kw: [CostLine(world.hemsedal.pk, 2025, "lunch", Decimal(1))]
    with pytest.raises(ValueError, match="unknown cost kind"):
        costs.costs_for({world.hemsedal.pk}, range(2025, 2026))


def test_grants_received_reach_the_action_plans_per_year_and_grant(world):
    from lagrundt.core.measurement import Query
    from lagrundt.finance.indicators import grants_received
    from lagrundt.finance.models import ActualReceipt, GrantGroup

    ActualReceipt.objects.create(
        municipality=world.aal, year=2024, grant=GrantGroup.INTEGRATION, amount=Decimal("38000000.40")
    )
    ActualReceipt.objects.create(
        municipality=world.aal, year=2024, grant=GrantGroup.NORWEGIAN, amount=Decimal("1200000")
    )
    ActualReceipt.objects.create(
        municipality=world.hemsedal, year=2024, grant=GrantGroup.INTEGRATION, amount=Decimal("5")
    )
    values = grants_received(Query((world.aal.pk,), (2023, 2024), dt.date(2026, 11, 25)))
    groups = list(GrantGroup.values)
    assert values[2023] == [0] * len(groups)
    assert values[2024][groups.index("integration")] == 38000000
    assert values[2024][groups.index("norwegian")] == 1200000
    assert sum(values[2024]) == 39200000
