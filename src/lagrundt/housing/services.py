"""Changes in housing. Each function is one transaction and refuses invalid data as a whole, with a
message a case worker can act on (``ValidationError`` on the fields it names).

Callers have been allowed already: the stock and landlords through ``access.resources`` (DWELLINGS,
LANDLORDS), a household's tenancies through ``access.policy.access_person(..., section=HOUSING,
write=True)`` for a member. A landlord's contact is personal data, so each change of a landlord is
one ``record_change`` in the housing section of the municipality; a tenancy, an inspection and a
deviation are the household's, so each change appends one entry per member of the household.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.sections import Section
from lagrundt.core.formats import date_label
from lagrundt.people.models import Household, Person, Settlement

from . import rules
from .models import (
    OWN_HOME,
    ApprovalResult,
    Deviation,
    Dwelling,
    DwellingApproval,
    Inspection,
    InventoryItem,
    ItemResult,
    Landlord,
    LeaseAgreement,
    Ownership,
    Tenancy,
    TenancyEnd,
)
from .profiles import profile_for

LANDLORD_FIELDS = ("municipality", "name", "organisation_number", "phone", "email", "address", "notes")
DWELLING_FIELDS = (
    "municipality",
    "ownership",
    "landlord",
    "address",
    "postcode",
    "rooms",
    "bedrooms",
    "area_m2",
    "floor",
    "has_lift",
    "accessible",
    "rent",
    "charges",
    "deposit",
    "guarantee",
    "central",
    "minutes_to_centre",
    "minutes_to_school",
    "minutes_to_bus",
    "for_refugees",
    "available_from",
    "retired_on",
    "notes",
)
TENANCY_FIELDS = (
    "dwelling",
    "household",
    "case",
    "starts_on",
    "ends_on",
    "end_reason",
    "rent",
    "inventory_in",
    "inventory_out",
)
INSPECTION_FIELDS = ("tenancy", "year", "inspected_on", "results", "guidance", "notes", "inspector")
DEVIATION_FIELDS = ("inspection", "item", "description", "owner", "due_on", "done_on")

MSG_OVERLAP = _("The dwelling is let from %(start)s%(end)s: choose another date or dwelling.")
MSG_BEFORE_ARRIVAL = _("The household arrives (is settled) on %(date)s: a move-in cannot be before that.")
MSG_NOT_APPROVED = _(
    "A private dwelling must be approved before it is let here. Record the approval on the dwelling's page."
)
MSG_RETIRED = _("The dwelling is out of the stock from %(date)s.")
MSG_NOT_AVAILABLE = _("The dwelling is available only from %(date)s.")
MSG_OTHER_MUNICIPALITY = _("The dwelling is in another municipality than the household.")
MSG_CASE_NOT_OPEN = _("The settlement case is closed or has arrived: a dwelling cannot be held for it.")
MSG_CASE_HELD = _("A dwelling is already held for this case.")
MSG_ENDED = _("The tenancy has already ended.")
MSG_END_BEFORE_START = _("The end cannot be before the start (%(date)s).")
MSG_MOVE_SAME = _("Choose another dwelling than the one the household lives in.")
MSG_MOVE_DATE = _("The move must be after the tenancy's start (%(date)s).")
MSG_NO_HOUSEHOLD = _("The household has not arrived yet: inspections start after arrival.")
MSG_YEAR_BEFORE = _(
    "Year %(year)s after settlement ended on %(date)s, before the tenancy started: choose a later year."
)
MSG_YEAR_NOT_COME = _("Year %(year)s after settlement starts on %(date)s: it has not begun on this date.")
MSG_INSPECTED_BEFORE = _("The inspection cannot be before the tenancy started (%(date)s).")
MSG_FUTURE = _("The date cannot be in the future.")
MSG_UNKNOWN_ITEM = _("«%(value)s» is not in the checklist.")
MSG_RESULT = _("Give a result for every item of the checklist.")
MSG_DEVIATION_ITEM = _("A deviation needs the item, what must be done, an owner and a due date.")
MSG_DUE_BEFORE = _("The due date cannot be before the inspection (%(date)s).")
MSG_ITEM_NEEDED = _("Give the item's name.")
MSG_DONE = _("The deviation is closed already.")
MSG_NOT_HELD = _("Only a dwelling held for a settlement case before arrival can be released.")
MSG_LANDLORD_ELSEWHERE = _("The landlord belongs to another municipality.")
MSG_NOT_PRIVATE = _("Only a private or leased dwelling has an approval.")


def _clean_and_save(obj, exclude=None) -> None:
    obj.full_clean(exclude=exclude)
    obj.save()


def _today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------- landlords and the stock
def landlord_save(
    *, actor: Actor, data: dict[str, Any], landlord: Landlord | None = None, channel=AuditChannel.PAGE
):
    """Make or change a landlord: one audit entry in the municipality's housing section."""
    creating = landlord is None
    with transaction.atomic():
        landlord = landlord or Landlord()
        before = {} if creating else snapshot(landlord, LANDLORD_FIELDS)
        for name in LANDLORD_FIELDS:
            if name in data:
                setattr(landlord, name, data[name])
        _clean_and_save(landlord)
        record_change(
            actor,
            municipality_id=landlord.municipality_id,
            section=Section.HOUSING,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(landlord, LANDLORD_FIELDS),
            channel=channel,
            extra={"landlord": {"old": None, "new": landlord.pk}},
        )
    return landlord


def dwelling_save(*, actor: Actor, data: dict[str, Any], dwelling: Dwelling | None = None) -> Dwelling:
    """Make or change a dwelling of the stock. 0 rooms, a negative amount or more bedrooms than rooms
    are refused with a message on the field."""
    rules.check_dwelling(
        data.get("rooms", getattr(dwelling, "rooms", None)),
        data.get("bedrooms", getattr(dwelling, "bedrooms", None)),
        {name: data.get(name) for name in ("rent", "charges", "deposit")},
    )
    with transaction.atomic():
        dwelling = dwelling or Dwelling()
        for name in DWELLING_FIELDS:
            if name in data:
                setattr(dwelling, name, data[name])
        if dwelling.ownership == Ownership.MUNICIPAL:
            dwelling.landlord = None
        if dwelling.landlord_id and dwelling.landlord.municipality_id != dwelling.municipality_id:
            raise ValidationError({"landlord": MSG_LANDLORD_ELSEWHERE})
        _clean_and_save(dwelling)
    return dwelling


def inventory_add(*, actor: Actor, dwelling: Dwelling, name: str, quantity: int = 1) -> InventoryItem:
    if not (name or "").strip():
        raise ValidationError({"name": MSG_ITEM_NEEDED})
    item = InventoryItem(dwelling=dwelling, name=name.strip(), quantity=quantity)
    with transaction.atomic():
        _clean_and_save(item)
    return item


def inventory_remove(*, actor: Actor, item: InventoryItem) -> None:
    item.delete()


def agreement_add(*, actor: Actor, dwelling: Dwelling, data: dict[str, Any]) -> LeaseAgreement:
    """A lease with the dwelling's landlord: dates, rent and who pays what."""
    errors = {}
    if data.get("rent") is not None and data["rent"] < 0:
        errors["rent"] = rules.MSG_NEGATIVE
    if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
        errors["ends_on"] = rules.MSG_PERIOD
    landlord = data.get("landlord") or dwelling.landlord
    if landlord is None:
        errors["landlord"] = _("Choose the landlord.")
    elif landlord.municipality_id != dwelling.municipality_id:
        errors["landlord"] = MSG_LANDLORD_ELSEWHERE
    if errors:
        raise ValidationError(errors)
    agreement = LeaseAgreement(
        dwelling=dwelling,
        landlord=landlord,
        starts_on=data["starts_on"],
        ends_on=data.get("ends_on"),
        rent=data["rent"],
        who_pays=data.get("who_pays", ""),
    )
    with transaction.atomic():
        _clean_and_save(agreement)
        record_change(
            actor,
            municipality_id=dwelling.municipality_id,
            section=Section.HOUSING,
            action=AuditAction.CREATE,
            before={},
            after=snapshot(agreement, ("dwelling", "landlord", "starts_on", "ends_on", "rent", "who_pays")),
            channel=AuditChannel.PAGE,
            extra={"landlord": {"old": None, "new": landlord.pk}},
        )
    return agreement


def approval_add(*, actor: Actor, dwelling: Dwelling, data: dict[str, Any]) -> DwellingApproval:
    """The settlement lead's approval of a private dwelling, with its checklist (Ål 3.4)."""
    if dwelling.ownership == Ownership.MUNICIPAL:
        raise ValidationError(MSG_NOT_PRIVATE)
    profile = profile_for(dwelling.municipality)
    keys = {i.key for i in profile.approval}
    results = dict(data.get("results") or {})
    wrong = [k for k in results if k not in keys]
    if wrong:
        raise ValidationError(MSG_UNKNOWN_ITEM, params={"value": wrong[0]})
    if any(v not in ItemResult.values for v in results.values()):
        raise ValidationError(MSG_RESULT)
    if data["approved_on"] > _today():
        raise ValidationError({"approved_on": MSG_FUTURE})
    approval = DwellingApproval(
        dwelling=dwelling,
        approved_on=data["approved_on"],
        result=data["result"],
        results=results,
        notes=data.get("notes", ""),
        approved_by=actor.user,
    )
    with transaction.atomic():
        _clean_and_save(approval)
    return approval


def approval_needed(dwelling: Dwelling, on: dt.date) -> bool:
    """Whether a private dwelling still lacks the approval its municipality requires (Ål)."""
    if dwelling.ownership == Ownership.MUNICIPAL or not profile_for(dwelling.municipality).approval_required:
        return False
    latest = dwelling.approvals.filter(approved_on__lte=on).order_by("-approved_on", "-pk").first()
    return latest is None or latest.result == ApprovalResult.REJECTED


# ---------------------------------------------------------------------------- tenancies
def _members(household: Household | None) -> list[Person]:
    return list(household.members.order_by("pk")) if household is not None else []


def _record(actor, tenancy_household, municipality_id, *, action, before, after, channel, extra):
    """One entry per member of the household; the municipality's when no one has arrived yet."""
    record_change(
        actor,
        persons=_members(tenancy_household),
        municipality_id=municipality_id,
        section=Section.HOUSING,
        action=action,
        before=before,
        after=after,
        channel=channel,
        extra=extra,
    )


def arrival_of(household: Household) -> dt.date | None:
    """The household's arrival: the first settlement date of its members."""
    return Settlement.objects.filter(person__household=household).aggregate(first=Min("settled_on"))["first"]


def _check_let(dwelling: Dwelling, starts_on: dt.date, ends_on: dt.date | None, *, ignore: int | None = None):
    """A dwelling can be let for the period: in the stock, approved where that is required, free."""
    if dwelling.retired_on and dwelling.retired_on <= starts_on:
        raise ValidationError(
            {"starts_on": ValidationError(MSG_RETIRED, params={"date": date_label(dwelling.retired_on)})}
        )
    if dwelling.available_from and starts_on < dwelling.available_from:
        raise ValidationError(
            {
                "starts_on": ValidationError(
                    MSG_NOT_AVAILABLE, params={"date": date_label(dwelling.available_from)}
                )
            }
        )
    if approval_needed(dwelling, starts_on):
        raise ValidationError({"dwelling": MSG_NOT_APPROVED})
    others = Tenancy.objects.filter(dwelling=dwelling).exclude(pk=ignore)
    others = others.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        others = others.filter(starts_on__lte=ends_on)
    clash = others.order_by("starts_on").first()
    if clash is not None:
        end = f" {_('to')} {date_label(clash.ends_on)}" if clash.ends_on else ""
        raise ValidationError(
            {
                "starts_on": ValidationError(
                    MSG_OVERLAP, params={"start": date_label(clash.starts_on), "end": end}
                )
            }
        )


def _locked(dwelling: Dwelling) -> Dwelling:
    # Two allocations of one dwelling at once: the second waits and then sees the first.
    return Dwelling.objects.select_for_update().select_related("municipality").get(pk=dwelling.pk)


def tenancy_hold(
    *,
    actor: Actor,
    dwelling: Dwelling,
    case,
    starts_on: dt.date,
    rent: Decimal | None = None,
    channel=AuditChannel.PAGE,
) -> Tenancy:
    """Hold a dwelling for a settlement case before arrival, from the day it is ready; the case moves
    to "dwelling ready" through the settlement app's service."""
    from lagrundt.settlement import services as settlement_services
    from lagrundt.settlement.models import Reply, Stage

    if case.reply == Reply.DECLINED or case.stage == Stage.CLOSED or case.arrived_on is not None:
        raise ValidationError(MSG_CASE_NOT_OPEN)
    if case.municipality_id != dwelling.municipality_id:
        raise ValidationError({"dwelling": MSG_OTHER_MUNICIPALITY})
    if Tenancy.objects.filter(case=case, ends_on__isnull=True).exists():
        raise ValidationError(MSG_CASE_HELD)
    with transaction.atomic():
        dwelling = _locked(dwelling)
        _check_let(dwelling, starts_on, None)
        tenancy = Tenancy(
            dwelling=dwelling,
            case=case,
            household=case.household,
            municipality=dwelling.municipality,
            starts_on=starts_on,
            rent=dwelling.rent if rent is None else rent,
        )
        _clean_and_save(tenancy)
        _record(
            actor,
            tenancy.household,
            dwelling.municipality_id,
            action=AuditAction.CREATE,
            before={},
            after=snapshot(tenancy, TENANCY_FIELDS),
            channel=channel,
            extra={"tenancy": {"old": None, "new": tenancy.pk}},
        )
        settlement_services.case_dwelling_set(actor=actor, case=case, ready_on=starts_on, channel=channel)
    return tenancy


def tenancy_start(
    *,
    actor: Actor,
    dwelling: Dwelling,
    household: Household,
    starts_on: dt.date,
    rent: Decimal | None = None,
    inventory_in: list[int] | None = None,
    channel=AuditChannel.PAGE,
) -> Tenancy:
    """Let a dwelling to a registered household from a date (not before it arrived)."""
    if household.municipality_id != dwelling.municipality_id:
        raise ValidationError({"dwelling": MSG_OTHER_MUNICIPALITY})
    if rent is not None and rent < 0:
        raise ValidationError({"rent": rules.MSG_NEGATIVE})
    arrived = arrival_of(household)
    if arrived is not None and starts_on < arrived:
        raise ValidationError(
            {"starts_on": ValidationError(MSG_BEFORE_ARRIVAL, params={"date": date_label(arrived)})}
        )
    with transaction.atomic():
        dwelling = _locked(dwelling)
        _check_let(dwelling, starts_on, None)
        tenancy = Tenancy(
            dwelling=dwelling,
            household=household,
            municipality=dwelling.municipality,
            starts_on=starts_on,
            rent=dwelling.rent if rent is None else rent,
            inventory_in=_inventory(dwelling, inventory_in),
        )
        _clean_and_save(tenancy)
        _record(
            actor,
            household,
            dwelling.municipality_id,
            action=AuditAction.CREATE,
            before={},
            after=snapshot(tenancy, TENANCY_FIELDS),
            channel=channel,
            extra={"tenancy": {"old": None, "new": tenancy.pk}},
        )
    return tenancy


def _inventory(dwelling: Dwelling, ids) -> list[int]:
    known = set(dwelling.inventory.values_list("pk", flat=True))
    return sorted({int(i) for i in ids or [] if int(i) in known})


def tenancy_end(
    *,
    actor: Actor,
    tenancy: Tenancy,
    ends_on: dt.date,
    reason: str,
    inventory_out: list[int] | None = None,
    channel=AuditChannel.PAGE,
) -> Tenancy:
    """End a tenancy with how it ended (a move within, a home of one's own, moved away)."""
    if tenancy.ends_on is not None:
        raise ValidationError(MSG_ENDED)
    if reason not in TenancyEnd.values:
        raise ValidationError({"end_reason": ValidationError(MSG_UNKNOWN_ITEM, params={"value": reason})})
    if ends_on < tenancy.starts_on:
        raise ValidationError(
            {"ends_on": ValidationError(MSG_END_BEFORE_START, params={"date": date_label(tenancy.starts_on)})}
        )
    with transaction.atomic():
        tenancy = (
            Tenancy.objects.select_for_update(of=("self",))
            .select_related("household", "dwelling")
            .get(pk=tenancy.pk)
        )
        before = snapshot(tenancy, TENANCY_FIELDS)
        tenancy.ends_on = ends_on
        tenancy.end_reason = reason
        tenancy.inventory_out = _inventory(tenancy.dwelling, inventory_out)
        _clean_and_save(tenancy)
        _record(
            actor,
            tenancy.household,
            tenancy.municipality_id,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(tenancy, TENANCY_FIELDS),
            channel=channel,
            extra={"tenancy": {"old": tenancy.pk, "new": tenancy.pk}},
        )
    return tenancy


def tenancy_release(*, actor: Actor, tenancy: Tenancy, channel=AuditChannel.PAGE) -> None:
    """Release a dwelling held for a settlement case that has not arrived (the case was declined or
    another dwelling chosen): a hold not begun is removed, one begun ends today; an open case goes
    back from "dwelling ready" to "accepted"."""
    from lagrundt.settlement import services as settlement_services
    from lagrundt.settlement.models import Stage

    if tenancy.household_id is not None or tenancy.case_id is None:
        raise ValidationError(MSG_NOT_HELD)
    if tenancy.ends_on is not None:
        raise ValidationError(MSG_ENDED)
    today = _today()
    with transaction.atomic():
        tenancy = Tenancy.objects.select_for_update(of=("self",)).select_related("case").get(pk=tenancy.pk)
        before = snapshot(tenancy, TENANCY_FIELDS)
        extra = {"tenancy": {"old": tenancy.pk, "new": None}}
        if tenancy.starts_on > today:
            tenancy.delete()
            after: dict = {}
        else:
            tenancy.ends_on, tenancy.end_reason = today, TenancyEnd.OTHER
            tenancy.save(update_fields=["ends_on", "end_reason"])
            after = snapshot(tenancy, TENANCY_FIELDS)
            extra = {"tenancy": {"old": tenancy.pk, "new": tenancy.pk}}
        _record(
            actor,
            None,
            tenancy.municipality_id,
            action=AuditAction.DELETE if not after else AuditAction.UPDATE,
            before=before,
            after=after,
            channel=channel,
            extra=extra,
        )
        if tenancy.case.stage != Stage.CLOSED:
            settlement_services.case_dwelling_set(
                actor=actor, case=tenancy.case, ready_on=None, channel=channel
            )


def tenancy_move(
    *,
    actor: Actor,
    tenancy: Tenancy,
    dwelling: Dwelling,
    moves_on: dt.date,
    rent: Decimal | None = None,
    channel=AuditChannel.PAGE,
) -> Tenancy:
    """Move a household within the municipality in one action: the old tenancy ends the day before the
    move (moved within), the new one starts on it. Either both or neither."""
    if tenancy.household is None:
        raise ValidationError(MSG_NO_HOUSEHOLD)
    if dwelling.pk == tenancy.dwelling_id:
        raise ValidationError({"dwelling": MSG_MOVE_SAME})
    if moves_on <= tenancy.starts_on:
        raise ValidationError(
            {"moves_on": ValidationError(MSG_MOVE_DATE, params={"date": date_label(tenancy.starts_on)})}
        )
    with transaction.atomic():
        tenancy_end(
            actor=actor,
            tenancy=tenancy,
            ends_on=moves_on - dt.timedelta(days=1),
            reason=TenancyEnd.MOVED_WITHIN,
            channel=channel,
        )
        try:
            return tenancy_start(
                actor=actor,
                dwelling=dwelling,
                household=tenancy.household,
                starts_on=moves_on,
                rent=rent,
                channel=channel,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "starts_on" in exc.error_dict:
                raise ValidationError({"moves_on": exc.error_dict["starts_on"]}) from exc
            raise


def case_arrived(*, actor: Actor, case, household: Household, channel=AuditChannel.PAGE) -> list[Tenancy]:
    """The held tenancy of an arrived case becomes the household's (``settlement.signals.case_arrived``)."""
    changed = []
    with transaction.atomic():
        for tenancy in Tenancy.objects.select_for_update().filter(case=case, household__isnull=True):
            before = snapshot(tenancy, TENANCY_FIELDS)
            tenancy.household = household
            tenancy.save(update_fields=["household"])
            _record(
                actor,
                household,
                tenancy.municipality_id,
                action=AuditAction.UPDATE,
                before=before,
                after=snapshot(tenancy, TENANCY_FIELDS),
                channel=channel,
                extra={"tenancy": {"old": tenancy.pk, "new": tenancy.pk}},
            )
            changed.append(tenancy)
    return changed


def on_case_arrived(sender=None, *, case, household, actor, channel=AuditChannel.PAGE, **kwargs) -> None:
    """The receiver of ``settlement.signals.case_arrived`` (connected in ``apps.ready``)."""
    case_arrived(actor=actor, case=case, household=household, channel=channel)


# ---------------------------------------------------------------------------- inspections
def year_period(settled_on: dt.date, year: int) -> tuple[dt.date, dt.date]:
    """The days of year ``year`` (1–5) after settlement: first and last."""
    from lagrundt.core.dates import add_years

    return add_years(settled_on, year - 1), add_years(settled_on, year) - dt.timedelta(days=1)


def inspection_add(
    *,
    actor: Actor,
    tenancy: Tenancy,
    data: dict[str, Any],
    deviations: list[dict] = (),
    channel=AuditChannel.PAGE,
) -> Inspection:
    """An inspection of a tenancy in a year 1–5: every checklist item's result, the guidance given, notes,
    and deviations that become follow-up items with an owner and a due date."""
    year, inspected_on = data["year"], data["inspected_on"]
    if tenancy.household is None:
        raise ValidationError(MSG_NO_HOUSEHOLD)
    errors: dict[str, Any] = {}
    if inspected_on > _today():
        errors["inspected_on"] = MSG_FUTURE
    elif inspected_on < tenancy.starts_on:
        errors["inspected_on"] = ValidationError(
            MSG_INSPECTED_BEFORE, params={"date": date_label(tenancy.starts_on)}
        )
    settled = arrival_of(tenancy.household) or tenancy.starts_on
    first, last = year_period(settled, year)
    if last < tenancy.starts_on:
        errors["year"] = ValidationError(MSG_YEAR_BEFORE, params={"year": year, "date": date_label(last)})
    elif "inspected_on" not in errors and inspected_on < first:
        errors["year"] = ValidationError(MSG_YEAR_NOT_COME, params={"year": year, "date": date_label(first)})
    profile = profile_for(tenancy.municipality)
    keys = [i.key for i in profile.checklist(year)]
    results = dict(data.get("results") or {})
    wrong = [k for k in results if k not in keys]
    if wrong:
        errors["results"] = ValidationError(MSG_UNKNOWN_ITEM, params={"value": wrong[0]})
    elif set(results) != set(keys) or any(v not in ItemResult.values for v in results.values()):
        errors["results"] = MSG_RESULT
    topics = {i.key for i in profile.guidance}
    guidance = list(dict.fromkeys(data.get("guidance") or []))
    if any(g not in topics for g in guidance):
        errors["guidance"] = ValidationError(
            MSG_UNKNOWN_ITEM, params={"value": next(g for g in guidance if g not in topics)}
        )
    for d in deviations:
        if not (
            d.get("item") in keys
            and (d.get("description") or "").strip()
            and d.get("owner")
            and d.get("due_on")
        ):
            errors["deviations"] = MSG_DEVIATION_ITEM
        elif d["due_on"] < inspected_on:
            errors["deviations"] = ValidationError(MSG_DUE_BEFORE, params={"date": date_label(inspected_on)})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        inspection = Inspection(
            tenancy=tenancy,
            year=year,
            inspected_on=inspected_on,
            results=results,
            guidance=guidance,
            notes=data.get("notes", ""),
            inspector=actor.user,
        )
        _clean_and_save(inspection)
        _record(
            actor,
            tenancy.household,
            tenancy.municipality_id,
            action=AuditAction.CREATE,
            before={},
            after=snapshot(inspection, INSPECTION_FIELDS),
            channel=channel,
            extra={"inspection": {"old": None, "new": inspection.pk}},
        )
        for d in deviations:
            deviation_add(actor=actor, inspection=inspection, data=d, channel=channel)
    return inspection


def deviation_add(
    *, actor: Actor, inspection: Inspection, data: dict[str, Any], channel=AuditChannel.PAGE
) -> Deviation:
    deviation = Deviation(
        inspection=inspection,
        item=data["item"],
        description=data["description"].strip(),
        owner=data["owner"],
        due_on=data["due_on"],
    )
    with transaction.atomic():
        _clean_and_save(deviation)
        _record(
            actor,
            inspection.tenancy.household,
            inspection.tenancy.municipality_id,
            action=AuditAction.CREATE,
            before={},
            after=snapshot(deviation, DEVIATION_FIELDS),
            channel=channel,
            extra={"deviation": {"old": None, "new": deviation.pk}},
        )
    return deviation


def deviation_close(
    *, actor: Actor, deviation: Deviation, done_on: dt.date | None = None, channel=AuditChannel.PAGE
) -> Deviation:
    done_on = done_on or _today()
    if deviation.done_on is not None:
        raise ValidationError(MSG_DONE)
    if done_on > _today():
        raise ValidationError({"done_on": MSG_FUTURE})
    with transaction.atomic():
        before = snapshot(deviation, DEVIATION_FIELDS)
        deviation.done_on = done_on
        deviation.save(update_fields=["done_on"])
        tenancy = deviation.inspection.tenancy
        _record(
            actor,
            tenancy.household,
            tenancy.municipality_id,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(deviation, DEVIATION_FIELDS),
            channel=channel,
            extra={"deviation": {"old": deviation.pk, "new": deviation.pk}},
        )
    return deviation


__all__ = [
    "OWN_HOME",
    "agreement_add",
    "approval_add",
    "case_arrived",
    "deviation_add",
    "deviation_close",
    "dwelling_save",
    "inspection_add",
    "inventory_add",
    "inventory_remove",
    "landlord_save",
    "tenancy_end",
    "tenancy_hold",
    "tenancy_move",
    "tenancy_release",
    "tenancy_start",
]
