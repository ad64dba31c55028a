"""The demo loader: cases in every stage in both municipalities, re-runnable."""

import io

from django.utils import timezone

from lagrundt.people.models import Person
from lagrundt.settlement import demo
from lagrundt.settlement.models import SettlementCase, SettlementRequest, SettlementSetting, Stage


def test_the_demo_fills_every_stage_and_runs_twice(world):
    out = io.StringIO()
    demo.load(today=timezone.localdate(), seed=1, out=out)
    for municipality in (world.hemsedal, world.aal):
        stages = set(SettlementCase.objects.filter(municipality=municipality).values_list("stage", flat=True))
        assert {Stage.PROPOSED, Stage.ACCEPTED, Stage.ARRIVED, Stage.SETTLED} <= stages
        assert SettlementRequest.objects.filter(municipality=municipality).count() == 2
        assert SettlementSetting.objects.filter(municipality=municipality, assumed=True).count() == 2
    reunion = SettlementCase.objects.get(kind="family_reunification")
    assert reunion.joins.household_id is not None and reunion.stage == Stage.ACCEPTED
    arrived = SettlementCase.objects.filter(stage__in=[Stage.ARRIVED, Stage.SETTLED]).first()
    assert Person.objects.filter(household=arrived.household).count() == arrived.members.count()
    count = SettlementCase.objects.count()
    demo.load(today=timezone.localdate(), seed=1, out=io.StringIO())
    assert SettlementCase.objects.count() == count
    assert "Hemsedal" in out.getvalue()
