"""The import writes new persons in batches (``save_many``): the same result as row by row, audited on
the import's channel, idempotent, and all or nothing across batches."""

import datetime as dt

from lagrundt.access.models import AuditChannel, AuditEntry
from lagrundt.imports import services
from lagrundt.imports.models import ImportStatus
from lagrundt.people.models import Household, Person, SearchToken, Settlement
from tests.world import make_person, synthetic_national_id

from .helpers import apply, csv_bytes, person_row, run


def _rows():
    return [
        person_row(),
        person_row(given="Omar", sex="Mann", birth="03.04.1978"),
        person_row(given="Lina", birth="05.06.2015", sex="K"),
        person_row(given="Yonas", family="Tesfay", sex="M", birth="09.01.1990", household="Familien Tesfay"),
        person_row(given="Sara", family="Haile", birth="03.03.1995", household="familien  NORDVIK"),
    ]


def test_new_rows_in_batches_give_one_household_per_name_and_import_audit_entries(world, monkeypatch):
    monkeypatch.setattr(services, "SAVE_BATCH", 2)  # three batches for five rows
    user, hemsedal = world.users["integration"], world.hemsedal
    since = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    job = apply(run(user, hemsedal, csv_bytes(_rows())))
    assert job.status == ImportStatus.DONE, job.errors
    assert job.counts["new"] == 5

    nordvik = Household.objects.get(municipality=hemsedal, name="Familien Nordvik")
    assert Household.objects.filter(municipality=hemsedal, name__iexact="familien nordvik").count() == 1
    assert sorted(nordvik.members.values_list("given_name", flat=True)) == ["Amina", "Lina", "Omar", "Sara"]
    sara = Person.objects.get(given_name="Sara", family_name="Haile")
    assert sara.settlement.category == "family_reunification"
    assert set(SearchToken.objects.filter(person=sara).values_list("token", flat=True)) >= {"sara", "haile"}

    entries = AuditEntry.objects.filter(pk__gt=since, user=user)
    assert set(entries.values_list("channel", flat=True)) == {AuditChannel.IMPORT}
    # Two households, five identities, five settlements.
    assert sorted(entries.values_list("section", flat=True)) == sorted(
        ["family"] * 2 + ["identity"] * 5 + ["settlement"] * 5
    )
    assert str(AuditChannel.IMPORT.label) and AuditChannel.IMPORT.label != "import"

    again = run(user, hemsedal, csv_bytes(_rows()))
    assert again.counts["unchanged"] == 5 and again.counts["new"] == 0, again.errors
    assert Person.objects.filter(municipality=hemsedal, given_name__in=["Amina", "Sara"]).count() == 2


def test_a_changed_row_is_audited_on_the_import_channel(world):
    user, hemsedal = world.users["integration"], world.hemsedal
    apply(run(user, hemsedal, csv_bytes(_rows()[:2])))
    since = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    job = apply(run(user, hemsedal, csv_bytes([person_row(country="Eritrea"), _rows()[1]])))
    assert job.status == ImportStatus.DONE and job.counts["changed"] == 1, job.errors
    (entry,) = AuditEntry.objects.filter(pk__gt=since, user=user, section="identity")
    assert entry.channel == AuditChannel.IMPORT
    assert Person.objects.get(given_name="Amina", family_name="Nordvik").country_background.code == "ER"


def test_a_bad_row_after_written_batches_rolls_back_every_row(world, monkeypatch):
    monkeypatch.setattr(services, "SAVE_BATCH", 2)
    user, hemsedal = world.users["integration"], world.hemsedal
    birth = dt.date(1981, 7, 7)
    number = synthetic_national_id(birth, serial=91)
    rows = [*_rows(), person_row(given="Hana", family="Gebre", birth="07.07.1981", national_id=number)]
    job = run(user, hemsedal, csv_bytes(rows))
    assert job.may_apply, job.errors
    make_person(world.aal, "Hana", "Gebre", birth, serial=91)  # meanwhile registered in Ål
    before = (
        Person.objects.count(),
        Household.objects.count(),
        Settlement.objects.count(),
        SearchToken.objects.count(),
        AuditEntry.objects.filter(user=user).count(),
    )
    job = apply(job)
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["row"] == 7
    after = (
        Person.objects.count(),
        Household.objects.count(),
        Settlement.objects.count(),
        SearchToken.objects.count(),
        AuditEntry.objects.filter(user=user).count(),
    )
    assert after == before
