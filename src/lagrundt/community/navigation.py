"""Volunteers, welcome and interpreters in the menu and on the home page."""

from ._parts import PARTS


def entries(user) -> list:
    return [entry for part in PARTS for entry in part.entries(user)]
