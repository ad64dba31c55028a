"""Municipality profiles: the shipped files load, applying is idempotent, errors name file and line."""

import textwrap

import pytest
from django.contrib.auth import get_user_model

from lagrundt.tenancy.models import Membership, Municipality, Role, Sector, ServiceUnit
from lagrundt.tenancy.profiles import ProfileError, apply_profile, builtin_profiles, load_profile

PASSWORD = "test-password-123"

VALID = """\
profile: test
municipalities:
  - number: "3326"
    name: Hemsedal
  - number: "3324"
    name: Gol
units:
  - key: integrering
    name: Integreringstjenesten
    sector: integration_service
    host: "3326"
    serves: ["3326", "3324"]
users:
  - username: test-integrering
    full_name: Test Testesen
    unit: integrering
"""


def write(tmp_path, text: str, name: str = "profile.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_builtin_profiles_load():
    paths = builtin_profiles()
    assert sorted(p.name for p in paths) == ["aal.yaml", "hemsedal.yaml"]
    profiles = {p.name: p for p in map(load_profile, paths)}
    assert [m.number for m in profiles["hemsedal"].municipalities] == ["3326", "3324"]
    assert [m.slug for m in profiles["aal"].municipalities] == ["aal", "hol"]
    for profile in profiles.values():
        sectors = [u.sector for u in profile.users]
        # One demo user per sector that has people to serve; nobody doubles up.
        assert len(sectors) == len(set(sectors)) == len(Sector) - 1
        assert all(u.username.startswith(profile.name + "-") for u in profile.users)
        integration = next(u for u in profile.units if u.sector == Sector.INTEGRATION_SERVICE)
        assert len(integration.serves) == 2
        leader = next(u for u in profile.users if u.sector == Sector.LEADERSHIP)
        assert leader.role == Role.LEADER


@pytest.mark.django_db
def test_applying_twice_changes_nothing():
    first = [apply_profile(path, password=PASSWORD) for path in builtin_profiles()]
    assert sum(c["users_created"] for c in first) == 20
    snapshot = (
        sorted(Municipality.objects.values_list("number", "name", "slug")),
        sorted(ServiceUnit.objects.values_list("pk", "name", "host_municipality__number")),
        sorted(Membership.objects.values_list("pk", "user__username", "unit__name", "sector", "role")),
        sorted(get_user_model().objects.values_list("pk", "username", "password", "first_name", "last_name")),
        sorted(ServiceUnit.municipalities.through.objects.values_list("serviceunit_id", "municipality_id")),
    )
    second = [apply_profile(path, password=PASSWORD) for path in builtin_profiles()]
    assert all(not any(c.values()) for c in second), second
    assert snapshot == (
        sorted(Municipality.objects.values_list("number", "name", "slug")),
        sorted(ServiceUnit.objects.values_list("pk", "name", "host_municipality__number")),
        sorted(Membership.objects.values_list("pk", "user__username", "unit__name", "sector", "role")),
        sorted(get_user_model().objects.values_list("pk", "username", "password", "first_name", "last_name")),
        sorted(ServiceUnit.municipalities.through.objects.values_list("serviceunit_id", "municipality_id")),
    )
    assert sorted(Municipality.objects.values_list("slug", flat=True)) == ["aal", "gol", "hemsedal", "hol"]
    assert ServiceUnit.objects.count() == 20
    user = get_user_model().objects.get(username="hemsedal-leder")
    assert user.check_password(PASSWORD)
    membership = user.memberships.get()
    assert (membership.sector, membership.role) == (Sector.LEADERSHIP, Role.LEADER)
    integration = ServiceUnit.objects.get(name="Ål introsenter")
    assert sorted(integration.municipalities.values_list("slug", flat=True)) == ["aal", "hol"]


@pytest.mark.django_db
def test_moving_a_user_to_another_unit_takes_the_old_access_away(tmp_path):
    apply_profile(write(tmp_path, VALID))
    moved = VALID.replace("    unit: integrering\n", "    unit: helse\n").replace(
        "users:\n",
        '  - key: helse\n    name: Helsestasjonen\n    sector: health\n    host: "3326"\n'
        '    serves: ["3326"]\nusers:\n',
    )
    apply_profile(write(tmp_path, moved, "moved.yaml"))
    memberships = Membership.objects.filter(user__username="test-integrering")
    assert list(memberships.values_list("unit__name", "sector")) == [("Helsestasjonen", Sector.HEALTH)]
    assert not get_user_model().objects.get(username="test-integrering").has_usable_password()


def test_unknown_sector_names_file_and_line(tmp_path):
    text = VALID.replace("sector: integration_service", "sector: spaceport")
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"line {line_of(text, 'spaceport')}" in message
    assert "spaceport" in message and "integration_service" in message
    assert caught.value.line == line_of(text, "spaceport")


def test_three_digit_municipality_number_fails(tmp_path):
    text = VALID.replace('number: "3324"', 'number: "332"')
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert caught.value.line == line_of(text, '"332"')
    assert "four digits" in str(caught.value) and str(path) in str(caught.value)


def test_unquoted_number_losing_its_leading_zero_fails(tmp_path):
    text = VALID.replace('number: "3324"', "number: 301")
    with pytest.raises(ProfileError, match="four digits"):
        load_profile(write(tmp_path, text))


def test_unknown_key_fails(tmp_path):
    text = VALID.replace("    name: Gol\n", "    name: Gol\n    county: Buskerud\n")
    with pytest.raises(ProfileError) as caught:
        load_profile(write(tmp_path, text))
    assert caught.value.line == line_of(text, "county")
    assert "county" in str(caught.value)


def test_missing_municipality_number_fails(tmp_path):
    text = VALID.replace('  - number: "3324"\n    name: Gol\n', "  - name: Gol\n")
    with pytest.raises(ProfileError) as caught:
        load_profile(write(tmp_path, text))
    assert caught.value.line == line_of(text, "name: Gol")
    assert "number" in str(caught.value)


def test_unit_serving_an_undeclared_municipality_fails(tmp_path):
    text = VALID.replace('serves: ["3326", "3324"]', 'serves: ["3326", "3330"]')
    with pytest.raises(ProfileError) as caught:
        load_profile(write(tmp_path, text))
    assert caught.value.line == line_of(text, "3330")
    assert "3330" in str(caught.value)


def test_unknown_unit_and_bad_yaml_fail(tmp_path):
    text = VALID.replace("unit: integrering", "unit: nowhere")
    with pytest.raises(ProfileError, match="nowhere"):
        load_profile(write(tmp_path, text))
    with pytest.raises(ProfileError, match="not valid YAML"):
        load_profile(write(tmp_path, "units: [\n", "broken.yaml"))
