"""On a person's page: their guide pairs, welcome, interpreter use and follow-up talks, where the user
reads the section each belongs to."""

from ._parts import PARTS


def links(user, person) -> list:
    return [link for part in PARTS for link in part.links(user, person)]
