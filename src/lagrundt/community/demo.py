"""Demo data of everyday integration: volunteers and pairs, welcome letters and meetings, interpreter
use and follow-up talks, for the synthetic persons of the demo municipalities."""

from ._parts import PARTS


def load(today, seed, out) -> None:
    for part in PARTS:
        part.load(today, seed, out)
