"""Telling other apps that facts about persons changed, without the register knowing who listens.

The routine engine listens: a corrected settlement date or a move out changes the persons' tasks
in the same transaction as the change. Services report through ``changed``; inside ``collecting``
the persons are gathered and reported once at the end (a household of five is one refresh).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

facts_changed = Signal()  # keyword argument: person_ids (a set of person ids)
# A person withdrew consent to contact from culture, leisure and the volunteer centre: sent inside the
# change's transaction, so what ends with it (a guide pair) ends in the same change. Keyword arguments:
# actor, person, channel.
consent_withdrawn = Signal()

_pending: ContextVar[set[int] | None] = ContextVar("facts_pending", default=None)


def changed(person_ids: Iterable[int]) -> None:
    ids = {pk for pk in person_ids if pk is not None}
    pending = _pending.get()
    if pending is not None:
        pending |= ids
    elif ids:
        facts_changed.send(sender=None, person_ids=ids)


@contextmanager
def collecting() -> Iterator[None]:
    if _pending.get() is not None:  # an outer block reports
        yield
        return
    token = _pending.set(set())
    try:
        yield
        ids = _pending.get()
    finally:
        _pending.reset(token)
    if ids:
        facts_changed.send(sender=None, person_ids=ids)
