"""Everyday integration in ``make bench``: guide suggestions among thousands of volunteers."""

from .guides.bench import run as run_guides


def run(runs, out) -> list[str]:
    return run_guides(runs, out)
