"""Recording an interpreter used (or not) in a meeting with a person, in a task or at a welcome meeting.

Each function is one transaction: the whole record is checked first and refused with a
``ValidationError`` naming its fields, so nothing is half-saved; then it is saved with its one audit
entry. A child recorded as the interpreter refuses the whole record (the Interpreter Act): that the
interpreter was a child is never stored. A meeting with a person who needs an interpreter and none
used is saved, and is listed as a meeting without an interpreter (``selectors.without_interpreter``).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.people.languages import Language
from lagrundt.people.models import Person
from lagrundt.tenancy.selectors import MembershipScope

from ..models import InterpreterCategory, InterpreterMode, InterpreterUse, WelcomeMeeting

# The transitional dispensation from the qualification requirement (tolkeloven § 7 fifth paragraph;
# facts ``tolk.qualified``, value ``dispensation_until``, source: IMDi's guide to the Interpreter Act,
# chapter 7). Until this day an interpreter outside the register needs no § 7 reason; after it, one.
DISPENSATION_UNTIL = dt.date(2026, 12, 31)

MSG_CHILD = _("Children must not be used as interpreters (the Interpreter Act). Nothing was saved.")
MSG_FUTURE = _("The date cannot be after today: record the interpreter when the meeting has been held.")
MSG_CATEGORY = _("Give the interpreter's qualification category, or “Not in the register”.")
MSG_NO_CATEGORY = _("A meeting without an interpreter has no qualification category or reason.")
MSG_REASON = _(
    "An interpreter outside the register may be used after %(date)s only for one of the reasons of "
    "§ 7: give the reason."
)
MSG_REASON_QUALIFIED = _("A reason is given only when the interpreter is not in the register.")
MSG_LANGUAGE = _("Choose the language.")
MSG_COST = _("The cost cannot be negative.")

FIELDS = (
    "person",
    "task",
    "welcome_meeting",
    "municipality",
    "sector",
    "section",
    "held_on",
    "language",
    "mode",
    "category",
    "unqualified_reason",
    "duration_minutes",
    "cost",
)


def needs_reason(held_on: dt.date) -> bool:
    """Whether an interpreter outside the register needs a § 7 reason for a meeting on ``held_on``."""
    return held_on > DISPENSATION_UNTIL


def _check(data: dict[str, Any]) -> None:
    errors: dict[str, list] = {}

    def add(name: str, message, **params) -> None:
        errors.setdefault(name, []).append(ValidationError(message, params=params or None))

    if data.get("interpreter_is_child"):
        # The hard stop: the record is refused as a whole, whatever else it says.
        raise ValidationError({"interpreter_is_child": [ValidationError(MSG_CHILD)]})
    held_on = data.get("held_on")
    if held_on and held_on > timezone.localdate():
        add("held_on", MSG_FUTURE)
    if data.get("language") not in Language.values:
        add("language", MSG_LANGUAGE)
    mode = data.get("mode")
    category = data.get("category") or ""
    reason = data.get("unqualified_reason") or ""
    if mode == InterpreterMode.NONE:
        if category or reason:
            add("category", MSG_NO_CATEGORY)
    elif mode:
        if not category:
            add("category", MSG_CATEGORY)
        elif category == InterpreterCategory.UNQUALIFIED:
            if not reason and held_on and needs_reason(held_on):
                add("unqualified_reason", MSG_REASON, date=DISPENSATION_UNTIL.strftime("%d.%m.%Y"))
        elif reason:
            add("unqualified_reason", MSG_REASON_QUALIFIED)
    cost = data.get("cost")
    if cost is not None and Decimal(cost) < 0:
        add("cost", MSG_COST)
    if errors:
        raise ValidationError(errors)


def interpreter_use_add(
    *,
    actor: Actor,
    data: dict[str, Any],
    sector: str,
    section: str,
    person: Person | None = None,
    task=None,
    welcome_meeting: WelcomeMeeting | None = None,
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
) -> InterpreterUse:
    """Record one interpreter use (or a meeting held without one). ``data``: held_on, language, mode,
    category, unqualified_reason, duration_minutes, cost, and ``interpreter_is_child`` from the form
    (never stored). The person is the task's person where a task is given; a welcome meeting's use
    names no person and is the municipality's."""
    if task is not None and person is None and task.person_id:
        person = task.person
    municipality_id = (
        person.municipality_id
        if person is not None
        else task.municipality_id
        if task is not None
        else welcome_meeting.municipality_id
    )
    with transaction.atomic():
        _check(data)
        mode = data["mode"]
        use = InterpreterUse(
            municipality_id=municipality_id,
            person=person,
            task=task,
            welcome_meeting=welcome_meeting,
            sector=sector,
            section=section or "",
            held_on=data["held_on"],
            language=data["language"],
            mode=mode,
            category="" if mode == InterpreterMode.NONE else data.get("category") or "",
            unqualified_reason=(
                data.get("unqualified_reason") or ""
                if data.get("category") == InterpreterCategory.UNQUALIFIED
                else ""
            ),
            duration_minutes=data.get("duration_minutes"),
            cost=data.get("cost"),
        )
        use.full_clean(exclude=None if section else ["section"], validate_constraints=False)
        use.save()
        record_change(
            actor,
            person=person,
            municipality_id=municipality_id,
            section=use.section,
            action=AuditAction.CREATE,
            before={},
            after=snapshot(use, FIELDS),
            channel=channel,
            scope=scope,
            extra={"interpreter_use": {"old": None, "new": use.pk}},
        )
    return use


def lacks_interpreter(use: InterpreterUse) -> bool:
    """A meeting with a person who needs an interpreter, held without one: a warning, not a stop."""
    return use.mode == InterpreterMode.NONE and use.person is not None and use.person.interpreter_needed
