"""The leisure profiles: the shipped files load, applying them is repeatable and keeps what the
municipality changed, and a broken file is refused with its file, line and key."""

from decimal import Decimal

import pytest

from lagrundt.core.yaml_files import ProfileError
from lagrundt.leisure.models import Activity, Interest, SupportScheme
from lagrundt.leisure.profiles import apply_profile_files, load_profile, profiles

GOOD = """\
profile: test
applies_in: ["3326"]
source: "Test plan"
interests:
  - {key: football, name: "Fotball"}
activities:
  - key: club
    organisation: "IL"
    name: "Fotball"
    age_from: 6
    age_to: 12
    interests: [football]
schemes:
  - key: kassa
    name: "Fritidskassa"
    kind: money
    max_amount: 1500
    assumed: true
    source: "Test"
"""


def write(tmp_path, text, name="test.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_profiles_name_the_plans_schemes_and_invent_no_limit():
    found = profiles()
    aal, hemsedal = found["3328"], found["3326"]
    assert {"fritidskassa", "bua", "kulturskule-free-place"} <= {s.key for s in aal.schemes}
    assert {"aktiv-ung", "sommarcamp", "hallung", "seniordans", "kaarstugu"} <= {
        a.key for a in aal.activities
    }
    assert {"language-cafe", "hiking-group", "culture-school", "library"} <= {
        a.key for a in hemsedal.activities
    }
    for profile in (aal, hemsedal):
        assert 15 <= len(profile.interests) <= 25
        assert all(s.max_amount is None or s.assumed for s in profile.schemes)


def test_a_good_file_loads(tmp_path):
    profile = load_profile(write(tmp_path, GOOD))
    assert profile.activities[0].interests == ("football",)
    assert profile.schemes[0].max_amount == Decimal(1500) and profile.schemes[0].assumed


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("kind: money", "kind: cash"), 16, "unknown scheme kassa: kind 'cash'"),
        (
            ("interests: [football]", "interests: [tennis]"),
            12,
            "interest 'tennis' is not in the file's interests",
        ),
        (("age_to: 12", "age_to: 200"), 11, "activity club: age_to must be a whole number"),
        (("max_amount: 1500", "max_amount: -5"), 17, "scheme kassa: max_amount must be from 0"),
        (
            ('  - {key: football, name: "Fotball"}', '  - {key: football, nam: "Fotball"}'),
            5,
            "unknown key 'nam'",
        ),
        (('applies_in: ["3326"]', "applies_in: [326]"), 2, "not a municipality number"),
    ],
)
def test_a_broken_file_names_its_file_line_and_key(tmp_path, change, line, words):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ProfileError) as exc:
        load_profile(path)
    assert exc.value.path == str(path)
    assert exc.value.line == line
    assert words in exc.value.problem


def test_an_assumed_flag_without_a_limit_is_refused(tmp_path):
    path = write(tmp_path, GOOD.replace("    max_amount: 1500\n", ""))
    with pytest.raises(ProfileError, match="assumed is true, but there is no max_amount"):
        load_profile(path)


@pytest.mark.django_db
def test_applying_is_repeatable_and_keeps_the_municipalitys_changes(world):
    made = apply_profile_files()
    assert made["municipalities"] == 2 and made["interests"] > 30
    Interest.objects.filter(municipality=world.hemsedal, key="football").update(name="Fotball (IL)")
    assert apply_profile_files() == {"interests": 0, "activities": 0, "schemes": 0, "municipalities": 2}
    assert Interest.objects.get(municipality=world.hemsedal, key="football").name == "Fotball (IL)"
    hallung = Activity.objects.get(municipality=world.aal, key="hallung")
    assert hallung.low_threshold and {i.key for i in hallung.interests.all()} == {"youth_club", "gaming"}
    assert SupportScheme.objects.get(municipality=world.aal, key="fritidskassa").max_amount is None
    assert not Activity.objects.filter(municipality=world.gol).exists()


@pytest.mark.django_db
def test_the_command_applies_the_files_and_names_a_broken_one(world, tmp_path):
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("apply_leisure", stdout=out)
    assert "Leisure: 2 municipalities" in out.getvalue()
    broken = write(tmp_path, GOOD.replace("kind: money", "kind: cash"))
    with pytest.raises(CommandError, match=r"test\.yaml, line 16: unknown scheme kassa: kind 'cash'"):
        call_command("apply_leisure", str(broken), stdout=io.StringIO())
