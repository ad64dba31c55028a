"""The rules, G values and municipal profiles are data files, checked on load: an error names the file,
the line and what is wrong. The shipped files load, and every number carries a confidence tag."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lagrundt.core.yaml_files import ProfileError
from lagrundt.intro import profiles
from lagrundt.intro.rulebook import CONFIDENCES, RULES_FILE, file_rulebook, load_base_amounts, load_rules

D = dt.date


def test_the_shipped_rules_load_with_sources_and_confidence():
    rules = load_rules()
    assert {"eligibility.target_age", "benefit.rates", "decision.complaint_deadline"} <= set(rules)
    for rule in rules.values():
        for version in rule.versions:
            assert version.source and version.rule and version.confidence in CONFIDENCES


def test_nothing_not_found_or_assumed_passes_as_verified():
    book = file_rulebook()
    assert book.version("decision.complaint_deadline", D(2026, 1, 1)).confidence == "assumed"
    assert book.version("absence.reduction_units", D(2026, 1, 1)).confidence == "uncertain"
    assert book.version("benefit.rounding", D(2026, 1, 1)).confidence == "assumed"
    assert not book.has("benefit.couples", D(2030, 1, 1))  # in force from a date not found
    assert set(book.base_amounts) == {
        D(2019, 5, 1),
        D(2023, 5, 1),
        D(2024, 5, 1),
        D(2025, 5, 1),
        D(2026, 5, 1),
    }


def test_the_shipped_g_values_are_the_verified_ones_and_later_periods_are_missing():
    book = file_rulebook()
    assert {start: g.amount for start, g in book.base_amounts.items()} == {
        D(2019, 5, 1): 99858,
        D(2023, 5, 1): 118620,
        D(2024, 5, 1): 124028,
        D(2025, 5, 1): 130160,
        D(2026, 5, 1): 136549,  # Nav's own G service data, dated 1 May 2026
    }
    assert all(g.verified and g.source and g.origin == "file" for g in book.base_amounts.values())
    assert book.g(D(2027, 4, 30)).valid_from == D(2026, 5, 1)  # in force until 30 April 2027
    assert D(2027, 5, 1) not in book.base_amounts and D(2021, 5, 1) not in book.base_amounts


BAD_RULES = [
    ("from: 2021-01-01", "from: sometime", "rule eligibility.target_age, version from must be a date"),
    (
        "confidence: verified-in-source",
        "confidence: sure",
        "unknown rule eligibility.target_age, version confidence",
    ),
    ("value: {min_age: 18, max_age: 55}", "value: {min_age: 18, maximum: 55}", "version value: has the keys"),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD_RULES)
def test_a_bad_rules_file_names_file_line_and_field(tmp_path, old, new, message):
    text = RULES_FILE.read_text(encoding="utf-8").replace(old, new, 1)
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as exc:
        load_rules(path)
    assert str(path) in str(exc.value) and exc.value.line
    assert message in str(exc.value)


def test_g_changes_on_the_first_of_may(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(
        "base_amounts:\n  - from: 2026-01-01\n    amount: 1\n    source: x\n    confidence: assumed\n"
    )
    with pytest.raises(ProfileError, match="line 2: from: G changes on 1 May"):
        load_base_amounts(path)


@pytest.mark.django_db
def test_an_administrator_records_g_only_from_the_first_of_may():
    from lagrundt.intro.models import BaseAmountRecord, RuleVersionRecord

    record = BaseAmountRecord(valid_from=D(2026, 4, 1), amount=130000, source="x", confidence="assumed")
    with pytest.raises(ValidationError, match="1 May"):
        record.full_clean()
    version = RuleVersionRecord(
        key="eligibility.target_age",
        valid_from=D(2026, 7, 1),
        value={"max_age": 60},
        rule="x",
        source="x",
        confidence="uncertain",
    )
    with pytest.raises(ValidationError, match="max_age, min_age"):
        version.full_clean()


def test_both_ladders_load_in_the_plans_own_language_and_cite_their_chapters():
    by_number = profiles.load_profiles()
    hemsedal, aal = by_number["3326"], by_number["3328"]
    assert (hemsedal.language, hemsedal.ladder_name) == ("nb", "Kvalifiseringstrapp")
    assert (aal.language, aal.ladder_name) == ("nn", "Praksisførebuande løp")
    assert [p.key for p in aal.phases][:3] == ["kartlegging", "norsk", "praksisforebuande"]
    assert "Språkpraksis" in [p.name for p in hemsedal.phases]
    assert all(p.source.startswith("kap.") for p in hemsedal.phases + aal.phases)
    assert [i.percent for i in aal.indicators] == [83]
    assert profiles.profile_for("3324").phases == ()  # Gol has no programme profile of its own


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "activities: [career_guidance]",
            "activities: [coffee]",
            "unknown phase kartlegging, field activities 'coffee'",
        ),
        ("  start_day: 1", "  start_day: 31", "start_day must be a whole number from 1 to 28"),
        ("key: norsk\n", "key: Norsk!\n", "use lowercase letters, digits and _"),
    ],
)
def test_a_bad_profile_names_file_and_line(tmp_path, old, new, message):
    source = (profiles.PROFILE_DIR / "hemsedal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "hemsedal.yaml"
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ProfileError) as exc:
        profiles.load_profile(path)
    assert str(path) in str(exc.value) and ", line " in str(exc.value)
    assert message in str(exc.value)


def test_a_municipality_in_two_profiles_is_refused(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(
            (profiles.PROFILE_DIR / "aal.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        )
    with pytest.raises(ProfileError, match=r"already in the profile a\.yaml"):
        profiles.load_profiles(sorted(tmp_path.glob("*.yaml")))
