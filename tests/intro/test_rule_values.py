"""Every value of every rule reads as words and numbers: no key of the rules file reaches a page."""

import re

from django.utils import translation

from lagrundt.intro.rule_values import LABELS, rule_value
from lagrundt.intro.rulebook import load_rules

IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def test_every_key_of_the_rules_file_has_a_label():
    keys = {key for rule in load_rules().values() for v in rule.versions for key in v.value}
    assert keys <= set(LABELS), sorted(keys - set(LABELS))


def test_no_value_of_the_rules_file_reads_as_code():
    with translation.override("nb"):
        shown = [rule_value(v.value) for rule in load_rules().values() for v in rule.versions]
    leaks = [text for text in shown if IDENTIFIER.search(text) or "True" in text]
    assert not leaks, leaks


def test_ages_codes_and_fractions_read_as_words():
    with translation.override("en"):
        assert rule_value({"min_age": 18, "max_age": 55}) == "lowest age: 18, highest age: 55"
        assert rule_value({"status": "right_only"}) == "status: Right, no duty"
        assert rule_value({"day": "1/30", "in_arrears": True}) == (
            "share of the yearly amount a day: 1/30, paid in arrears: yes"
        )
