"""The demo surveys (Ål's 2024 survey reconstructed, closed, with answers; open ones) and the bench."""

import io
import os

import pytest
from django.utils import timezone

from lagrundt.surveys import bench, demo, selectors
from lagrundt.surveys.models import Response, Survey
from lagrundt.tenancy.models import Membership, Sector

pytestmark = pytest.mark.django_db


class Out(io.StringIO):
    pass


def test_the_demo_loads_aals_survey_of_2024_and_open_ones_once(world):
    today = timezone.localdate()
    out = Out()
    demo.load(today=today, seed=1, out=out)
    assert "3 nye undersøkelser, 60 syntetiske svar" in out.getvalue()
    old = Survey.objects.get(municipality=world.aal, title="Brukarundersøking 2024")
    assert old.closes_on < today and old.written_form == "nn"
    assert old.responses.count() == 60
    found = selectors.results(old, with_texts=True)
    first = {row.label: row.count.value for row in found.questions[2].rows}
    assert first["Meir praktisk og arbeidsretta norskopplæring"] is not None
    assert found.questions[-1].texts  # free texts, 60 responses are enough to show them
    assert Survey.objects.filter(municipality=world.hemsedal, closes_on__gte=today).count() == 1
    assert Survey.objects.filter(municipality=world.aal, closes_on__gte=today).count() == 1
    demo.load(today=today, seed=1, out=Out())
    assert Survey.objects.count() == 3 and Response.objects.count() == 60


def test_the_profile_is_checked(tmp_path):
    bad = tmp_path / "surveys.yaml"
    bad.write_text(
        '"3328":\n  - title: X\n    written_form: nn\n    questions:\n'
        "      - kind: choice\n        text: {nn: 'Kva?'}\n        choices: {nn: [Ja, Nei], en: [Yes]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="question 1: the choices differ"):
        demo.read_profile(bad)


def test_the_bench_reports_median_and_p95(world, monkeypatch):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("bench-integration")
    unit = world.users["integration"].memberships.first().unit
    Membership.objects.create(user=user, unit=unit, sector=Sector.INTEGRATION_SERVICE)
    monkeypatch.setattr(bench, "RESPONSES", int(os.environ.get("SURVEY_BENCH_RESPONSES", "200")))
    lines = bench.run(runs=3, out=Out())
    assert any("target < 300 ms" in line for line in lines)
    assert Survey.objects.get(title=bench.TITLE).responses.count() == bench.RESPONSES
    print("\n".join(lines))
