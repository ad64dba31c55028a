"""The housing demo, after the settlement demo: Hemsedal's stock as its plan tells it, holds for cases."""

import io

import pytest
from django.utils import timezone

from lagrundt.housing import demo
from lagrundt.housing.models import Deviation, Dwelling, Inspection, Ownership, Tenancy, TenancyEnd
from lagrundt.settlement import demo as settlement_demo
from lagrundt.settlement.models import SettlementCase, Stage

pytestmark = pytest.mark.django_db


def test_demo_builds_the_stock_and_is_rerunnable(world):
    today = timezone.localdate()
    out = io.StringIO()
    settlement_demo.load(today=today, seed=2026, out=out)
    demo.load(today=today, seed=2026, out=out)
    hemsedal = Dwelling.objects.filter(municipality=world.hemsedal)
    assert hemsedal.filter(ownership=Ownership.MUNICIPAL).count() == 11
    assert hemsedal.filter(ownership=Ownership.MUNICIPAL_LEASED, landlord__isnull=False).count() == 15
    assert SettlementCase.objects.filter(stage=Stage.DWELLING_READY, tenancies__isnull=False).exists()
    assert Inspection.objects.filter(year=1).exists() and Deviation.objects.count() >= 1
    assert Tenancy.objects.filter(end_reason=TenancyEnd.OWN_BOUGHT_GRANT, municipality=world.aal).exists()
    assert Dwelling.objects.filter(municipality=world.aal, ownership=Ownership.PRIVATE).exists()
    assert "Hemsedal: boligmassen" in out.getvalue()
    print(out.getvalue())
    count = Dwelling.objects.count()
    demo.load(today=today, seed=2026, out=io.StringIO())
    assert Dwelling.objects.count() == count
