"""Everyday integration's indicators for the action plans, each computed by its part."""

from ._parts import PARTS


def definitions() -> list:
    return [indicator for part in PARTS for indicator in part.definitions()]
