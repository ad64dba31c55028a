"""Red only for what blocks a person's case: a missing certificate the opening merely wishes for is a
warning on the candidate's explanation; one the opening requires, which rules the candidate out, is red."""

from django.utils import translation

from lagrundt.work.presenters import explain
from lagrundt.work.rules import MISSING, Criterion, Match


def _line(required: bool):
    criterion = Criterion("certificates", MISSING, 0.0, 1.0, required, ((), ("forklift",)))
    match = Match(person_id=1, opening_id=1, score=50.0, excluded=required, criteria=(criterion,))
    with translation.override("en"):
        (line,) = explain(match, "9112")
    return line


def test_an_optional_certificate_missing_is_a_warning_not_red():
    line = _line(required=False)
    assert line.status_label == "Missing" and line.color == "warning"


def test_a_required_certificate_missing_is_red():
    assert _line(required=True).color == "danger"
