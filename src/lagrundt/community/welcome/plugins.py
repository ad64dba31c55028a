"""This part's answers to the app's plug-in hooks (``core.plugins``), gathered by the app-level modules."""


def entries(user) -> list:
    return []


def links(user, person) -> list:
    return []


def load(today, seed, out) -> None:
    return None


def subject_access(person, sections) -> list:
    return []


def anonymise(section, person_ids, dry_run) -> list:
    return []


def definitions() -> list:
    """This part's indicators for the action plans (``core.measurement.Indicator``)."""
    return []
