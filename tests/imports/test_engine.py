"""The engine with the persons kind: dry run, preview, import, idempotence, all or nothing, audit."""

from lagrundt.access.models import AuditEntry
from lagrundt.imports.models import ImportStatus
from lagrundt.people.models import Household, Person

from .helpers import apply, csv_bytes, person_row, run


def test_dry_run_previews_and_writes_nothing_then_import_then_nothing_changes(world):
    user, hemsedal = world.users["integration"], world.hemsedal
    rows = [
        person_row(),
        person_row(given="Omar", sex="Mann", birth="03.04.1978"),
        person_row(given="Lina", birth="05.06.2015", sex="K"),
    ]
    before = (Person.objects.count(), Household.objects.count(), AuditEntry.objects.count())
    job = run(user, hemsedal, csv_bytes(rows))
    assert job.status == ImportStatus.CHECKED, job.errors
    assert job.counts == {"rows": 3, "new": 3, "changed": 0, "unchanged": 0, "errors": 0}
    assert next(r["name"] for r in job.preview["new"]).startswith("Nordvik, Amina")
    assert (Person.objects.count(), Household.objects.count(), AuditEntry.objects.count()) == before

    job = apply(job)
    assert job.status == ImportStatus.DONE, job.errors
    assert job.content is None
    family = Household.objects.get(name="Familien Nordvik", municipality=hemsedal)
    assert family.members.count() == 3
    amina = Person.objects.get(given_name="Amina", family_name="Nordvik")
    assert amina.settlement.category == "family_reunification"
    assert amina.sex == "female" and amina.country_background.code == "SY"
    # Audited as the user's change: an identity and a settlement entry per person, and the household's.
    entries = AuditEntry.objects.filter(user=user, person=amina)
    assert set(entries.values_list("section", flat=True)) >= {"identity", "settlement"}

    again = run(user, hemsedal, csv_bytes(rows))
    assert again.counts["unchanged"] == 3 and again.counts["new"] == 0 and again.counts["changed"] == 0
    assert not again.may_apply


def test_a_corrected_file_updates_what_changed(world):
    user, hemsedal = world.users["integration"], world.hemsedal
    apply(
        run(
            user,
            hemsedal,
            csv_bytes([person_row(), person_row(given="Omar", sex="Mann", birth="03.04.1978")]),
        )
    )
    job = run(
        user,
        hemsedal,
        csv_bytes([person_row(country="Eritrea"), person_row(given="Omar", sex="Mann", birth="03.04.1978")]),
    )
    assert job.counts["changed"] == 1 and job.counts["unchanged"] == 1, job.errors
    (row,) = job.preview["changed"]
    assert row["changes"] == [["Landbakgrunn", "Syria", "Eritrea"]]
    apply(job)
    assert Person.objects.get(given_name="Amina").country_background.code == "ER"


def test_any_bad_row_rejects_the_file_and_the_errors_name_row_column_and_value(world):
    user, hemsedal = world.users["integration"], world.hemsedal
    rows = [person_row(), person_row(given="Omar", birth="31.02.1978"), person_row(given="Sara", sex="?")]
    job = run(user, hemsedal, csv_bytes(rows))
    assert job.counts["errors"] == 2 and not job.may_apply
    assert job.content is None  # a file that cannot be imported is not kept
    by_row = {e["row"]: e for e in job.errors}
    assert by_row[3]["column"] == "Fødselsdato" and by_row[3]["value"] == "31.02.1978"
    assert "04.11.2026" in by_row[3]["message"]
    assert by_row[4]["column"] == "Kjønn" and by_row[4]["value"] == "?"
    assert not services_apply_allowed(job)
    assert not Person.objects.filter(family_name="Nordvik").exists()


def services_apply_allowed(job):
    from lagrundt.imports import services

    return services.apply_start(job)


def test_the_same_person_twice_in_a_file_is_an_error(world):
    job = run(
        world.users["integration"], world.hemsedal, csv_bytes([person_row(), person_row(given="amina ")])
    )
    assert job.counts["errors"] == 1
    assert job.errors[0]["row"] == 3 and "row 2" in job.errors[0]["message"].replace("rad", "row")


def test_unknown_and_missing_columns_are_named_once(world):
    header = ["Fornavn", "Skostørrelse", "Skostørrelse", "Fødselsdato"]
    job = run(
        world.users["integration"],
        world.hemsedal,
        csv_bytes([["A", "42", "42", "01.01.1990"]], header=header),
    )
    assert job.counts["errors"] == 1
    message = job.errors[0]["message"]
    assert message.count("Skostørrelse") == 1
    assert "Etternavn" in message and "Kjønn" in message


def test_the_bench_file_passes_the_dry_run(world):
    from lagrundt.imports import bench

    rows = bench.persons_rows(40)
    for fmt in ("csv", "xlsx"):
        job = run(world.users["integration"], world.gol, bench.file_bytes(rows, fmt), filename=f"p.{fmt}")
        assert job.counts == {"rows": 40, "new": 40, "changed": 0, "unchanged": 0, "errors": 0}, job.errors


def test_the_import_checks_again_and_rolls_back_every_row_when_the_register_changed(world):
    import datetime as dt

    from tests.world import make_person, synthetic_national_id

    birth = dt.date(1980, 2, 1)
    number = synthetic_national_id(birth, serial=77)
    user, hemsedal = world.users["integration"], world.hemsedal
    rows = [person_row(given="Omar", sex="M", birth="03.04.1978"), person_row(national_id=number)]
    job = run(user, hemsedal, csv_bytes(rows))
    assert job.may_apply, job.errors
    # Meanwhile the second person is registered in Ål with that number.
    other = make_person(world.aal, "Amina", "Nordvik", birth, serial=77)
    assert other.national_id == number
    job = apply(job)
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["row"] == 3 and job.errors[0]["column"]
    assert not Person.objects.filter(municipality=hemsedal, family_name="Nordvik").exists()
