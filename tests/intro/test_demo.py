"""The demo data loads through the services, gives every page something, and can be loaded twice."""

import datetime as dt
import io

import pytest

from lagrundt.intro import demo, selectors
from lagrundt.intro.models import (
    AttendanceDay,
    BaseAmountRecord,
    BenefitPayment,
    Decision,
    PayrollExport,
    ProgrammeEnd,
)
from lagrundt.people.synthetic import generate_people
from lagrundt.tenancy.models import Municipality
from lagrundt.tenancy.profiles import apply_profile, builtin_profiles

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)


def test_the_demo_loads_participants_in_hemsedal_and_aal_and_is_rerunnable():
    for path in builtin_profiles():
        apply_profile(path)
    municipalities = list(Municipality.objects.filter(slug__in=["hemsedal", "aal"]).order_by("slug"))
    generate_people(municipalities, 300, TODAY, seed=2026)
    out = io.StringIO()
    demo.load(today=TODAY, seed=2026, out=out)
    for m in municipalities:
        assert Decision.objects.filter(person__municipality=m, kind="programme").count() >= 3, out.getvalue()
        assert PayrollExport.objects.filter(municipality=m).exists()
    assert AttendanceDay.objects.exists() and ProgrammeEnd.objects.exists()
    # The file has G from 1 May 2026 (verified): the demo records none, and the months paid on it are
    # not built on an assumed G.
    assert not BaseAmountRecord.objects.exists()
    assert BenefitPayment.objects.filter(month__gte=dt.date(2026, 6, 1)).exists()
    assert not BenefitPayment.objects.filter(month__gte=dt.date(2025, 5, 1), g_assumed=True).exists()
    counts = (Decision.objects.count(), AttendanceDay.objects.count(), PayrollExport.objects.count())
    demo.load(today=TODAY, seed=2026, out=out)
    assert (Decision.objects.count(), AttendanceDay.objects.count(), PayrollExport.objects.count()) == counts
    assert "har allerede introduksjonsprogram" in out.getvalue()


def test_the_demo_records_an_assumed_g_only_for_the_periods_the_file_lacks():
    out = io.StringIO()
    assert demo.record_assumed_g(dt.date(2027, 4, 30), source=demo.DEMO_G_SOURCE) == []  # 2026 is in the file
    demo._g(dt.date(2028, 6, 1), out)
    # 1 May 2027 and 1 May 2028 carry the 2026 value forward; the gap 2020–2022 before it stays missing.
    assert list(
        BaseAmountRecord.objects.order_by("valid_from").values_list("valid_from", "amount", "confidence")
    ) == [
        (dt.date(2027, 5, 1), 136549, "assumed"),
        (dt.date(2028, 5, 1), 136549, "assumed"),
    ]
    assert "G fra 01.05.2027: 136549 (antatt, demo)." in out.getvalue()
    book = selectors.rulebook()
    assert book.g(dt.date(2026, 12, 1)).verified and not book.g(dt.date(2027, 6, 1)).verified
    assert demo.record_assumed_g(dt.date(2028, 6, 1), source=demo.DEMO_G_SOURCE) == []  # once only
