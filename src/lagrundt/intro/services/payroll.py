"""The payroll month: the benefit exported to the payroll system, once, in order."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lagrundt.access.audit import Actor, record_many
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.core.formats import date_label, month_label
from lagrundt.people.models import Person

from .. import presenters, rules, selectors
from ..models import (
    BenefitPayment,
    PayrollExport,
)
from ..rulebook import RuleBook
from .base import (
    MSG_EARLIER_OPEN,
    MSG_EXPORTED,
    MSG_LATER_EXPORTED,
    MSG_NOT_ENDED,
    MSG_NOTHING,
    MSG_PROBLEMS,
    S,
)


def payroll_export(
    *,
    actor: Actor,
    user_persons: list[Person],
    municipality,
    month: dt.date,
    today: dt.date | None = None,
    book: RuleBook | None = None,
) -> PayrollExport:
    """Lock a month's benefit for the payroll system. Refused while anything would make it wrong:
    unregistered attendance, a G not recorded, a deduction that needs a decision without one."""
    today = today or timezone.localdate()
    book = book or selectors.rulebook()
    month = month.replace(day=1)
    with transaction.atomic():
        existing = (
            PayrollExport.objects.select_for_update().filter(municipality=municipality, month=month).first()
        )
        if existing is not None:
            raise ValidationError(
                MSG_EXPORTED, params={"date": date_label(timezone.localdate(existing.exported_at))}
            )
        if PayrollExport.objects.filter(municipality=municipality, month__gt=month).exists():
            raise ValidationError(MSG_LATER_EXPORTED)
        result = selectors.payroll(book, user_persons, municipality, month, today=today)
        if result.last >= today:
            raise ValidationError(MSG_NOT_ENDED)
        if result.earlier_open:
            raise ValidationError(MSG_EARLIER_OPEN, params={"month": month_label(result.earlier_open)})
        if not result.lines:
            raise ValidationError(MSG_NOTHING)
        problems = [
            presenters.payroll_problem(line, problem) for line in result.lines for problem in line.problems
        ]
        if problems:
            raise ValidationError(MSG_PROBLEMS, params={"problems": "; ".join(problems)})
        export = PayrollExport.objects.create(
            municipality=municipality,
            month=month,
            first_day=result.first,
            last_day=result.last,
            exported_by=actor.user,
        )
        payments = []
        for line in result.lines:
            payment, benefit = line.row.payment, line.row.benefit
            payments.append(
                BenefitPayment(
                    export=export,
                    person=line.person,
                    month=month,
                    gross=rules.to_kroner(benefit.gross, book, result.last),
                    deduction=rules.to_kroner(benefit.deduction, book, result.last),
                    correction=payment.correction,
                    amount=payment.amount,
                    g_assumed=benefit.g_assumed,
                    details=presenters.payment_details(benefit),
                )
            )
        BenefitPayment.objects.bulk_create(payments)
        record_many(
            actor,
            [
                dict(
                    action=AuditAction.EXPORT,
                    channel=AuditChannel.EXPORT,
                    person_id=p.person.pk,
                    municipality_id=p.person.municipality_id,
                    section=S,
                    changes={
                        "benefit_payment": {
                            "old": None,
                            "new": {"month": month.isoformat(), "amount": str(p.amount)},
                        }
                    },
                    detail=f"payroll {municipality.number} {month:%Y-%m}",
                )
                for p in payments
            ],
        )
    return export
