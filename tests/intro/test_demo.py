"""The demo data loads through the services, gives every page something, and can be loaded twice."""

import datetime as dt
import io

import pytest

from lagrundt.intro import demo
from lagrundt.intro.models import AttendanceDay, BaseAmountRecord, Decision, PayrollExport, ProgrammeEnd
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
    assert BaseAmountRecord.objects.get(valid_from=dt.date(2026, 5, 1)).confidence == "assumed"
    counts = (Decision.objects.count(), AttendanceDay.objects.count(), PayrollExport.objects.count())
    demo.load(today=TODAY, seed=2026, out=out)
    assert (Decision.objects.count(), AttendanceDay.objects.count(), PayrollExport.objects.count()) == counts
    assert "har allerede introduksjonsprogram" in out.getvalue()
