"""Innsyn and retention for everyday integration: what each part holds of a person, and removing it."""

from ._parts import PARTS


def subject_access(person, sections) -> list:
    return [part_ for part in PARTS for part_ in part.subject_access(person, sections)]


def anonymise(section, person_ids, dry_run) -> list:
    return [done for part in PARTS for done in part.anonymise(section, person_ids, dry_run)]
