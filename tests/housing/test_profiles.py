"""The housing profiles: the shipped files load, and a broken file is refused with its file and line."""

import pytest

from lagrundt.housing.profiles import PROFILE_DIR, ProfileError, load_profile, profile_for, profiles


def test_shipped_profiles_load_with_every_year():
    found = profiles()
    assert set(found) == {"", "3326", "3328"}
    for profile in found.values():
        assert all(profile.checklist(year) for year in range(1, 6))


def test_hemsedal_checklist_is_written_from_the_plan():
    hemsedal = profile_for("3326")
    keys = {item.key for year in range(1, 6) for item in hemsedal.checklist(year)}
    # «grasklipping, snømåking, vedfyring, bruk av vaskemaskin» (the plan, Eiendom)
    assert {"lawn", "snow", "wood_stove", "washing_machine"} <= keys
    assert "obligations" in {g.key for g in hemsedal.guidance}
    assert hemsedal.assumed and "892" in hemsedal.source
    assert not hemsedal.approval_required


def test_aal_approves_private_dwellings():
    aal = profile_for("3328")
    assert aal.approval_required and aal.approval
    assert profile_for("9999") is profiles()[""]


def _broken(tmp_path, text):
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unknown_key_names_file_and_line(tmp_path):
    base = load_profile(PROFILE_DIR / "baseline.yaml")
    path = _broken(tmp_path, 'profile: x\napplies_in: ["1234"]\nbedroomz: 3\n')
    with pytest.raises(ProfileError) as exc:
        load_profile(path, base)
    assert exc.value.line == 3 and "bedroomz" in str(exc.value) and str(path) in str(exc.value)


def test_a_missing_year_is_refused(tmp_path):
    base = load_profile(PROFILE_DIR / "baseline.yaml")
    item = '    - key: a\n      title: {nb: "A", nn: "A", en: "A"}\n'
    text = 'profile: x\napplies_in: ["1234"]\ninspections:\n' + "".join(
        f"  {y}:\n{item}" for y in (1, 2, 3, 4)
    )
    with pytest.raises(ProfileError, match="lacks the year"):
        load_profile(_broken(tmp_path, text), base)


def test_approval_required_without_a_checklist_is_refused(tmp_path):
    base = load_profile(PROFILE_DIR / "baseline.yaml")
    with pytest.raises(ProfileError, match="no approval checklist"):
        load_profile(_broken(tmp_path, 'profile: x\napplies_in: ["1234"]\napproval_required: true\n'), base)


def test_a_title_needs_every_language(tmp_path):
    base = load_profile(PROFILE_DIR / "baseline.yaml")
    text = 'profile: x\napplies_in: ["1234"]\nguidance:\n  - key: a\n    title: {nb: "A"}\n'
    with pytest.raises(ProfileError) as exc:
        load_profile(_broken(tmp_path, text), base)
    assert exc.value.line == 5
