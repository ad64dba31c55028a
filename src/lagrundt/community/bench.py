"""Everyday integration in ``make bench``: guide suggestions among thousands of volunteers."""

from .guides.bench import run as run_guides


def run(runs, out) -> None:
    run_guides(runs, out)
