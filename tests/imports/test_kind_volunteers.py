"""The volunteers kind of the import: a volunteer found again by name and phone (or e-mail), registered
only with consent, written and audited by the volunteer centre's service."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.community.guides import services
from lagrundt.community.models import Volunteer
from lagrundt.core.formats import date_label
from lagrundt.imports.kinds.base import Context, RowErrors
from lagrundt.imports.kinds.volunteers import KIND

pytestmark = pytest.mark.django_db


def _context(world, user="volunteer"):
    return Context(actor=Actor(user=world.users[user]), municipality=world.hemsedal)


def _row(**changes):
    return {
        "given_name": "Kari",
        "family_name": "Nordmann",
        "phone": "+47 912 34 567",
        "email": "kari@example.org",
        "languages": "Arabic, engelsk",
        "area": "Trøim",
        "availability": "Weekends",
        "children_birth_years": "2015, 2018",
        "works_with_children": "nei",
        "police_certificate_seen_on": "",
        "consent": "ja",
    } | changes


def _import(row, context):
    cleaned = KIND.clean(row, context)
    existing = KIND.find(cleaned, context)
    changes = KIND.changes(existing, cleaned)
    return existing, changes, KIND.save(cleaned, existing, context)


def test_a_good_row_is_read_as_typed_values(world):
    cleaned = KIND.clean(_row(), _context(world))
    assert cleaned["languages"] == ["ar", "en"]
    assert cleaned["availability"] == ["weekend"]
    assert cleaned["children_birth_years"] == [2015, 2018]
    assert (cleaned["works_with_children"], cleaned["consent"]) == (False, True)
    assert KIND.natural_key(cleaned) == ("nordmann", "kari", "phone", "91234567")


def test_every_bad_cell_of_a_row_is_reported_on_its_column(world):
    tomorrow = date_label(timezone.localdate() + dt.timedelta(days=1))
    row = _row(
        email="not an address",
        languages="Arabic, Klingon",
        children_birth_years="15",
        works_with_children="ja",
        police_certificate_seen_on=tomorrow,
    )
    with translation.override("en"), pytest.raises(RowErrors) as caught:
        KIND.clean(row, _context(world))
    with translation.override("en"):
        by_column = {e.column: str(e.message) for e in caught.value.errors}
    assert set(by_column) == {"email", "languages", "children_birth_years", "police_certificate_seen_on"}
    assert by_column["languages"].startswith("Choose one of:")
    assert "four-digit years" in by_column["children_birth_years"]
    assert by_column["police_certificate_seen_on"] == "The date cannot be in the future."
    assert "email" in by_column["email"].lower()


def test_the_rules_of_the_service_and_the_contact_needed(world):
    with translation.override("en"), pytest.raises(RowErrors) as caught:
        KIND.clean(_row(works_with_children="ja", phone="", email="", consent="nei"), _context(world))
    with translation.override("en"):
        by_column = {e.column: str(e.message) for e in caught.value.errors}
        assert by_column["police_certificate_seen_on"] == str(services.MSG_CERTIFICATE)
    assert by_column["phone"].startswith("Give a phone number or an e-mail address")


def test_a_new_volunteer_needs_consent(world):
    with translation.override("en"), pytest.raises(RowErrors) as caught:
        KIND.clean(_row(consent="nei"), _context(world))
    with translation.override("en"):
        assert [(e.column, str(e.message)) for e in caught.value.errors] == [
            ("consent", "A volunteer can only be registered with their consent.")
        ]


def test_save_is_audited_then_the_same_row_changes_nothing_and_a_correction_only_its_field(world):
    existing, _changes, saved = _import(_row(), _context(world))
    assert existing is None
    stored = Volunteer.objects.get(pk=saved.pk)
    assert (stored.municipality, stored.languages, stored.consent_given_on) == (
        world.hemsedal,
        ["ar", "en"],
        timezone.localdate(),
    )
    created = AuditEntry.objects.filter(user=world.users["volunteer"], action=AuditAction.CREATE)
    assert created.count() == 1

    again = _context(world)
    cleaned = KIND.clean(_row(phone="91234567", consent=""), again)
    assert KIND.find(cleaned, again) == stored
    assert KIND.changes(KIND.find(cleaned, again), cleaned) == {}

    corrected = KIND.clean(_row(area="Ulsåk", consent=""), again)
    assert KIND.changes(KIND.find(corrected, again), corrected) == {"area": ("Trøim", "Ulsåk")}
    KIND.save(corrected, KIND.find(corrected, again), again)
    assert Volunteer.objects.get().area == "Ulsåk"
    updated = AuditEntry.objects.filter(user=world.users["volunteer"], action=AuditAction.UPDATE)
    assert updated.count() == 1
    assert list(updated.get().changes) == ["area"]


def test_found_by_e_mail_when_the_phone_is_new(world):
    _import(_row(), _context(world))
    context = _context(world)
    cleaned = KIND.clean(_row(phone="+47 400 00 000", email="KARI@example.org"), context)
    existing = KIND.find(cleaned, context)
    assert existing is not None
    changes = KIND.changes(existing, cleaned)
    assert list(changes) == ["phone"]


def test_an_import_keeps_the_interests_set_on_the_page(world):
    from lagrundt.leisure.models import Interest

    _existing, _changes, saved = _import(_row(), _context(world))
    interest = Interest.objects.create(municipality=world.hemsedal, key="fotball", name="Fotball")
    services.volunteer_save(
        actor=Actor(world.users["volunteer"]), data={"interests": [interest]}, volunteer=saved
    )
    _import(_row(area="Ulsåk"), _context(world))
    assert list(Volunteer.objects.get().interests.all()) == [interest]


@pytest.mark.parametrize(
    ("user", "allowed"),
    [("volunteer", True), ("integration", True), ("culture", False), ("health", False), ("nobody", False)],
)
def test_who_may_import(world, user, allowed):
    assert KIND.may_import(world.users[user], world.hemsedal) is allowed


def test_through_the_engine_a_file_imported_twice_changes_nothing(world):
    from lagrundt.imports.models import ImportStatus
    from lagrundt.imports.reading import fold, header_names

    from .helpers import apply, csv_bytes, run

    names = header_names(KIND)
    assert all(names[alias] == column.key for column in KIND.columns for alias in column.aliases)
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            assert all(names[fold(column.label)] == column.key for column in KIND.columns)
    user, hemsedal = world.users["volunteer"], world.hemsedal
    content = csv_bytes(
        [
            ["Kari", "Nordmann", "912 34 567", "", "Arabisk", "ja"],
            ["Ola", "Hansen", "", "ola@example.org", "", "ja"],
        ],
        header=["Fornavn", "Etternavn", "Telefon", "E-post", "Språk", "Samtykke"],
    )
    job = run(user, hemsedal, content, kind="volunteers", filename="frivillige.csv")
    assert job.status == ImportStatus.CHECKED, job.errors
    assert [r["name"] for r in job.preview["new"]] == ["Nordmann, Kari", "Hansen, Ola"]
    assert Volunteer.objects.count() == 0
    assert apply(job).status == ImportStatus.DONE
    assert Volunteer.objects.filter(municipality=hemsedal).count() == 2
    assert AuditEntry.objects.filter(user=user, action=AuditAction.CREATE).count() == 2
    again = run(user, hemsedal, content, kind="volunteers", filename="frivillige.csv")
    assert again.counts["unchanged"] == 2 and again.counts["new"] == 0, again.preview
