"""The monthly payroll: computed from registered attendance, refused while something would make it wrong,
locked once exported, with later corrections in the next month; CSV and XLSX read back."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.accounts.two_factor import client_login
from lagrundt.intro import selectors, services
from lagrundt.intro.models import BenefitPayment, PayrollExport

D = dt.date
pytestmark = pytest.mark.django_db
MARCH, APRIL = D(2026, 3, 1), D(2026, 4, 1)


def register_weeks(actor, person, book, first, last, unexcused=()):
    monday = first - dt.timedelta(days=first.weekday())
    while monday <= last:
        days = {}
        for i in range(5):
            day = monday + dt.timedelta(days=i)
            status = "unexcused" if day in unexcused else "present"
            days[day] = (status, Decimal(0))
        services.attendance_register(actor=actor, person=person, monday=monday, days=days, book=book)
        monday += dt.timedelta(days=7)


def export(world, actor, book, month, today):
    persons = selectors.payroll_persons(world.users["integration"], world.hemsedal.pk)
    return services.payroll_export(
        actor=actor, user_persons=persons, municipality=world.hemsedal, month=month, today=today, book=book
    )


def preview(world, book, month, today):
    persons = selectors.payroll_persons(world.users["integration"], world.hemsedal.pk)
    return selectors.payroll(book, persons, world.hemsedal, month, today=today)


def test_march_from_the_start_day_with_one_unexcused_day(world, granted, actor, book):
    register_weeks(actor, granted, book, D(2026, 3, 2), D(2026, 3, 31), unexcused={D(2026, 3, 10)})
    (line,) = preview(world, book, MARCH, D(2026, 4, 2)).lines
    # 2–31 March: 30 of 31 days at 2 G (G 130 160): 260 320 / 12 / 31 × 30 = 20 993.548;
    # one unexcused day of 7.5 hours: 7.5 × 260 320 / 1850 = 1 055.351; paid 19 938.197 → 19 938.20.
    assert (line.row.gross, line.row.deduction, line.row.payment.amount) == (
        Decimal("20993.55"),
        Decimal("1055.35"),
        Decimal("19938.20"),
    )
    assert line.problems == ()


def test_not_exported_while_attendance_is_missing_or_the_month_is_not_over(world, granted, actor, book):
    register_weeks(actor, granted, book, D(2026, 3, 2), D(2026, 3, 20))
    with pytest.raises(ValidationError) as exc:
        export(world, actor, book, MARCH, D(2026, 4, 2))
    assert "Amina Yusuf: attendance is not registered for every day" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError) as exc:
        export(world, actor, book, MARCH, D(2026, 3, 31))
    assert "The month is not over" in " ".join(exc.value.messages)
    assert not PayrollExport.objects.exists()


def test_an_exported_month_is_locked_and_a_correction_goes_into_the_next(world, granted, actor, book, client):
    register_weeks(actor, granted, book, D(2026, 3, 2), D(2026, 3, 31))
    export(world, actor, book, MARCH, D(2026, 4, 2))
    paid = BenefitPayment.objects.get(person=granted, month=MARCH)
    assert paid.amount == Decimal("20993.55")
    assert AuditEntry.objects.filter(person=granted, action=AuditAction.EXPORT, section="programme").exists()
    with pytest.raises(ValidationError) as exc:
        export(world, actor, book, MARCH, D(2026, 4, 3))
    assert "is locked" in " ".join(exc.value.messages)

    # Absence on 10 March is registered after March was exported: March stays as paid, April corrects.
    monday = D(2026, 3, 9)
    days = {monday + dt.timedelta(days=i): ("present", Decimal(0)) for i in range(5)}
    days[D(2026, 3, 10)] = ("unexcused", Decimal(0))
    services.attendance_register(actor=actor, person=granted, monday=monday, days=days, book=book)
    register_weeks(actor, granted, book, D(2026, 4, 1), D(2026, 4, 30))
    (line,) = preview(world, book, APRIL, D(2026, 5, 4)).lines
    assert line.row.payment.correction == Decimal("-1055.35")
    assert line.row.payment.amount == Decimal("21693.33") - Decimal("1055.35")
    march = selectors.benefit_months(
        book, selectors.record_for(granted), through=D(2026, 3, 31), today=D(2026, 5, 4)
    )
    assert march[0].payment.locked and march[0].payment.amount == Decimal("20993.55")

    client_login(client, world.users["integration"])
    response = client.get(f"/program/utbetaling/{world.hemsedal.pk}/2026-03.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["fødselsnummer", "etternavn", "fornavn", "kommunenummer"]
    assert rows[1][1:5] == ["Yusuf", "Amina", "3326", "2026-03"]
    assert rows[1][10] == "20993,55" and rows[1][12] == "nei"
    workbook = load_workbook(
        io.BytesIO(client.get(f"/program/utbetaling/{world.hemsedal.pk}/2026-03.xlsx").content)
    )
    sheet = workbook.active
    assert sheet.cell(2, 11).value == 20993.55


def test_a_deduction_above_the_threshold_needs_its_decision_before_export(world, granted, actor, book):
    absent = {D(2026, 3, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17)}
    register_weeks(actor, granted, book, D(2026, 3, 2), D(2026, 3, 31), unexcused=absent)
    (line,) = preview(world, book, MARCH, D(2026, 4, 2)).lines
    assert line.problems == ("decision_required",)
    with pytest.raises(ValidationError) as exc:
        export(world, actor, book, MARCH, D(2026, 4, 2))
    assert "the deduction needs a decision" in " ".join(exc.value.messages)
    decision = services.decision_make(
        actor=actor,
        person=granted,
        kind="deduction",
        data=dict(
            decided_on=D(2026, 4, 2), period=MARCH, language="nb", grounds="Ugyldig fravær i 12 dager."
        ),
        book=book,
        today=D(2026, 4, 2),
    )
    assert decision.amount == Decimal("12664.22")  # 12 × 7.5 h × 260 320 / 1850 = 12 664.216
    export(world, actor, book, MARCH, D(2026, 4, 2))
    assert BenefitPayment.objects.get(person=granted).deduction == Decimal("12664.22")


def test_months_are_exported_in_order(world, granted, actor, book):
    register_weeks(actor, granted, book, D(2026, 3, 2), D(2026, 5, 31))
    export(world, actor, book, MARCH, D(2026, 6, 2))
    with pytest.raises(ValidationError) as exc:
        export(world, actor, book, D(2026, 5, 1), D(2026, 6, 2))
    assert "Export april 2026 first" in " ".join(exc.value.messages) or "Export April 2026 first" in " ".join(
        exc.value.messages
    )


def test_the_benefit_paid_reaches_the_economy_pages_as_a_computed_cost(world, granted, actor, book):
    """What was exported to payroll is the cost the finance app shows, in place of an entered figure."""
    from lagrundt.finance.costs import costs_for
    from lagrundt.finance.models import CostEntry, CostKind

    entered = CostEntry.objects.create(
        municipality=world.hemsedal, year=2026, kind=CostKind.INTRODUCTION_BENEFIT, amount=Decimal("100000")
    )
    register_weeks(actor, granted, book, D(2026, 3, 2), D(2026, 3, 31))
    export(world, actor, book, MARCH, D(2026, 4, 2))
    counted, replaced = costs_for([world.hemsedal.pk, world.gol.pk], range(2025, 2028))
    benefit = [c for c in counted if c.kind == CostKind.INTRODUCTION_BENEFIT]
    assert [(c.municipality_id, c.year, c.amount) for c in benefit] == [
        (world.hemsedal.pk, 2026, Decimal("20994"))
    ]
    assert benefit[0].source  # named as computed by the programme, not entered
    assert [r.entry_id for r in replaced] == [entered.pk]
