"""The matching weights file: per municipality and kind, validated on load with file and line."""

import pytest

from lagrundt.work.profiles import ProfileError, load_weights, weight_profile
from lagrundt.work.rules import WEIGHT_KEYS


def test_the_shipped_file_gives_every_weight_everywhere():
    profile = weight_profile()
    for number in ("3326", "3324", "3328", "3330", "9999"):
        for kind in ("language_practice", "seasonal", "permanent"):
            weights = profile.weights_for(number, kind)
            assert set(weights) == set(WEIGHT_KEYS)


def test_municipalities_weigh_as_their_plans_say():
    profile = weight_profile()
    # Hemsedal's labour market is seasonal: the season weighs more there than in the baseline.
    assert (
        profile.weights_for("3326", "seasonal")["season"] > profile.weights_for("3324", "seasonal")["season"]
    )
    # Language practice is about Norwegian at a workplace: earlier experience does not count.
    assert profile.weights_for("3328", "language_practice")["experience"] == 0


FULL = (
    "baseline:\n  weights: {occupation: 1, experience: 1, norwegian: 1, licences: 1, certificates: 1,\n"
    "    physical: 1, availability: 1, hours: 1, season: 1, wishes: 1"
)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("baseline:\n  weights:\n    occupation: 10\n", 3, "lacks the key"),
        (FULL + ", age: 5}\n", 3, "unknown key 'age'"),
        (FULL.replace("occupation: 1", "occupation: -1") + "}\n", 2, "from 0 to 100"),
        (FULL + "}\n  kinds:\n    internship: {occupation: 3}\n", 5, "unknown key 'internship'"),
        (FULL + "}\nmunicipalities:\n  - number: 326\n    weights: {season: 3}\n", 5, "four digits"),
        (FULL + "}\nmunicipalities:\n  - number: '3326'\n    weights: {season: many}\n", 6, "from 0 to 100"),
    ],
)
def test_errors_name_the_file_and_the_line(tmp_path, text, line, words):
    path = tmp_path / "matching.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_weights(path)
    assert caught.value.path == str(path)
    assert caught.value.line == line, str(caught.value)
    assert words in str(caught.value)
