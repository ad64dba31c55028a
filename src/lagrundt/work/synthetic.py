"""Synthetic employers, competence profiles and openings for the demo, the tests and the benchmark.

Organisation numbers here start with 1: they pass python-stdnum's check (nine digits, MOD11), but
the Brønnøysund Register Centre gives out numbers starting with 8 or 9 only, so none of them can be
a real business's number — the same idea as the synthetic national IDs (month + 40).
"""

from stdnum.no import orgnr


def synthetic_org_number(serial: int) -> str:
    """A checksum-valid organisation number that no real organisation has (see the module docstring)."""
    for base in range(10_000_000 + serial * 7, 20_000_000):
        for digit in "0123456789":
            number = f"{base:08d}{digit}"
            if orgnr.is_valid(number):
                return number
    raise ValueError("no synthetic organisation number left")
