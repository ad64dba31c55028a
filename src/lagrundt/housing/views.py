"""Housing's pages: the stock and its figures, a dwelling with its inventory, agreements and approvals,
landlords, a household's tenancies and inspections, suggestions and allocation, and my deviations.

Who may open what is asked of ``access``: the stock and landlords of ``resources.DWELLINGS`` and
``resources.LANDLORDS``, a household's housing of ``policy`` for its members (section housing), a
settlement case of ``resources.SETTLEMENT_CASES``. Missing and forbidden both answer 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access import policy
from lagrundt.access.audit import Actor, record_many
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.resources import CHANGE, DWELLINGS, LANDLORDS, SETTLEMENT_CASES, VIEW
from lagrundt.access.sections import Section
from lagrundt.core.forms import int_or_none, submit
from lagrundt.core.paging import page_of
from lagrundt.people.models import Household
from lagrundt.tenancy.models import Municipality

from . import forms, selectors, services
from .models import Deviation, Dwelling, Inspection, InventoryItem, ItemResult, Landlord, Ownership, Tenancy
from .profiles import YEARS, profile_for

H = Section.HOUSING


# ---------------------------------------------------------------------------- access
def _municipalities(ids) -> list[Municipality]:
    return list(Municipality.objects.filter(pk__in=sorted(ids)).order_by("name"))


def _dwelling(request, pk: int, *, change: bool = False) -> Dwelling:
    found = (
        DWELLINGS.instances_user_has_permission_for(request.user, VIEW)
        .select_related("municipality", "landlord")
        .filter(pk=pk)
        .first()
    )
    if found is None or (
        change and not DWELLINGS.user_has_permission_for_instance(request.user, CHANGE, found)
    ):
        raise Http404
    return found


def _landlord(request, pk: int) -> Landlord:
    found = (
        LANDLORDS.instances_user_has_permission_for(request.user, VIEW)
        .select_related("municipality")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _record_landlord_reads(request, landlords) -> None:
    """A landlord's name and contact are personal data: each shown is a read in the housing section."""
    record_many(
        Actor.from_request(request),
        [
            dict(
                action=AuditAction.READ,
                channel=AuditChannel.PAGE,
                municipality_id=landlord.municipality_id,
                section=H,
                detail=f"landlord {landlord.pk}",
            )
            for landlord in landlords
        ],
    )


def _household(request, pk: int, *, write: bool = False) -> tuple[Household, list]:
    """A household whose housing the user may read (write) for at least one member; the reads of the
    members shown recorded. 404 (and a denied entry) otherwise."""
    household = Household.objects.select_related("municipality").filter(pk=pk).first()
    members = list(household.members.order_by("birth_date", "pk")) if household else []
    actor = Actor.from_request(request)
    allowed = []
    for member in members:
        grants = policy.grants_for(request.user, member)
        if grants.can_write(H) if write else grants.can_read(H):
            allowed.append(member)
    if not allowed:
        # The policy's own refusal: one denied entry, and 404.
        policy.access_person(actor, members[0].pk if members else 0, section=H, write=write)
        raise Http404
    if not write:
        policy.record_list_reads(actor, allowed, [H], channel=AuditChannel.PAGE)
    return household, allowed


def _tenancy(request, pk: int, *, write: bool = False) -> Tenancy:
    tenancy = (
        Tenancy.objects.select_related("dwelling__municipality", "household", "case").filter(pk=pk).first()
    )
    if tenancy is None:
        raise Http404
    if tenancy.household_id:
        _household(request, tenancy.household_id, write=write)
    elif not (
        tenancy.case_id
        and SETTLEMENT_CASES.user_has_permission_for_instance(
            request.user, CHANGE if write else VIEW, tenancy.case
        )
    ):
        raise Http404
    if write and not DWELLINGS.user_has_permission_for_instance(request.user, CHANGE, tenancy.dwelling):
        raise Http404
    return tenancy


def _case(request, pk: int):
    found = (
        SETTLEMENT_CASES.instances_user_has_permission_for(request.user, CHANGE)
        .select_related("municipality")
        .filter(pk=pk)
        .first()
    )
    if found is None or not DWELLINGS.scopes(request.user, CHANGE, found.municipality_id):
        raise Http404
    return found


def _form_page(request, form, title, back, *, intro="", submit_label=""):
    return render(
        request,
        "housing/form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "intro": intro,
            "submit_label": submit_label or _("Save"),
        },
    )


# ---------------------------------------------------------------------------- the stock
def stock(request):
    if not DWELLINGS.user_has_permission(request.user, VIEW):
        raise Http404
    today = timezone.localdate()
    ids = DWELLINGS.municipality_ids(request.user, VIEW)
    dwellings = DWELLINGS.instances_user_has_permission_for(request.user, VIEW)
    municipality_id = int_or_none(request.GET.get("kommune"))
    if municipality_id not in ids:
        municipality_id = None
    scope = dwellings.filter(municipality_id=municipality_id) if municipality_id else dwellings
    vacant = request.GET.get("ledig") == "1"
    bedrooms = int_or_none(request.GET.get("soverom"))
    bedrooms = bedrooms if bedrooms and 0 < bedrooms <= 20 else None
    ownership = request.GET.get("eier", "")
    ownership = ownership if ownership in Ownership.values else ""
    listed = selectors.filtered_stock(
        dwellings,
        municipality_id=municipality_id,
        vacant=vacant,
        bedrooms=bedrooms,
        ownership=ownership,
        on=today,
    )
    page = page_of(listed, int_or_none(request.GET.get("side")) or 1, related=("municipality",))
    current = selectors.current_tenancies([d.pk for d in page.items], today)
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "housing/stock.html",
        {
            "figures": selectors.stock_figures(scope, today),
            "page": page,
            "current": current,
            "municipalities": _municipalities(ids),
            "municipality_id": municipality_id,
            "vacant": vacant,
            "bedrooms": bedrooms,
            "ownership": ownership,
            "ownerships": Ownership.choices,
            "query": query.urlencode(),
            "can_change": DWELLINGS.user_has_permission(request.user, CHANGE),
            "can_landlords": LANDLORDS.user_has_permission(request.user, VIEW),
            "today": today,
        },
    )


def _dwelling_form(request, dwelling=None):
    ids = DWELLINGS.municipality_ids(request.user, CHANGE)
    if not ids:
        raise Http404
    municipalities = Municipality.objects.filter(pk__in=sorted(ids))
    form = forms.DwellingForm(request.POST or None, instance=dwelling, municipalities=municipalities)
    actor = Actor.from_request(request)
    if request.method == "POST" and (
        saved := submit(form, lambda data: services.dwelling_save(actor=actor, data=data, dwelling=dwelling))
    ):
        messages.success(request, _("The dwelling was saved."))
        return redirect("housing:dwelling_detail", pk=saved.pk)
    back = reverse("housing:dwelling_detail", args=[dwelling.pk]) if dwelling else reverse("housing:stock")
    return _form_page(request, form, _("Change the dwelling") if dwelling else _("New dwelling"), back)


@require_http_methods(["GET", "POST"])
def dwelling_create(request):
    return _dwelling_form(request)


@require_http_methods(["GET", "POST"])
def dwelling_edit(request, pk: int):
    return _dwelling_form(request, _dwelling(request, pk, change=True))


def dwelling_detail(request, pk: int):
    dwelling = _dwelling(request, pk)
    today = timezone.localdate()
    if dwelling.landlord_id:
        _record_landlord_reads(request, [dwelling.landlord])
    tenancies = list(
        dwelling.tenancies.select_related("household", "case").order_by("-starts_on", "-pk")[:20]
    )
    rows = []
    for t in tenancies:
        name = ""
        if t.household_id and any(
            policy.grants_for(request.user, m).can_read(H) for m in t.household.members.all()
        ):
            name = t.household.name
            url = reverse("housing:household", args=[t.household_id])
        elif t.case_id and SETTLEMENT_CASES.user_has_permission_for_instance(request.user, VIEW, t.case):
            name = t.case.name
            url = ""
        else:
            url = ""
        release = (
            t.household_id is None
            and t.ends_on is None
            and t.case_id is not None
            and SETTLEMENT_CASES.user_has_permission_for_instance(request.user, CHANGE, t.case)
            and DWELLINGS.user_has_permission_for_instance(request.user, CHANGE, dwelling)
        )
        rows.append({"tenancy": t, "name": name, "url": url, "release": release})
    profile = profile_for(dwelling.municipality)
    return render(
        request,
        "housing/dwelling_detail.html",
        {
            "dwelling": dwelling,
            "inventory": list(dwelling.inventory.all()),
            "agreements": list(dwelling.agreements.select_related("landlord")),
            "approvals": list(dwelling.approvals.select_related("approved_by")),
            "tenancies": rows,
            "vacant": Dwelling.objects.filter(selectors.vacant_q(today), pk=dwelling.pk).exists(),
            "needs_approval": services.approval_needed(dwelling, today),
            "approval_used": profile.approval_required and dwelling.ownership != Ownership.MUNICIPAL,
            "can_change": DWELLINGS.user_has_permission_for_instance(request.user, CHANGE, dwelling),
            "inventory_form": forms.InventoryForm(),
        },
    )


@require_POST
def inventory_add(request, pk: int):
    dwelling = _dwelling(request, pk, change=True)
    form = forms.InventoryForm(request.POST)
    actor = Actor.from_request(request)
    if submit(form, lambda d: services.inventory_add(actor=actor, dwelling=dwelling, **d)):
        messages.success(request, _("The item was added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("housing:dwelling_detail", pk=dwelling.pk)


@require_POST
def inventory_remove(request, pk: int, item: int):
    dwelling = _dwelling(request, pk, change=True)
    found = InventoryItem.objects.filter(dwelling=dwelling, pk=item).first()
    if found is None:
        raise Http404
    services.inventory_remove(actor=Actor.from_request(request), item=found)
    messages.success(request, _("The item was removed."))
    return redirect("housing:dwelling_detail", pk=dwelling.pk)


@require_http_methods(["GET", "POST"])
def agreement_add(request, pk: int):
    dwelling = _dwelling(request, pk, change=True)
    form = forms.AgreementForm(request.POST or None, dwelling=dwelling)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form, lambda d: services.agreement_add(actor=actor, dwelling=dwelling, data=d)
    ):
        messages.success(request, _("The lease agreement was saved."))
        return redirect("housing:dwelling_detail", pk=dwelling.pk)
    return _form_page(
        request, form, _("New lease agreement"), reverse("housing:dwelling_detail", args=[dwelling.pk])
    )


@require_http_methods(["GET", "POST"])
def approval_add(request, pk: int):
    dwelling = _dwelling(request, pk, change=True)
    profile = profile_for(dwelling.municipality)
    if dwelling.ownership == Ownership.MUNICIPAL or not profile.approval:
        raise Http404
    form = forms.ApprovalForm(request.POST or None, profile=profile)
    actor = Actor.from_request(request)

    def save(d):
        data = {
            "approved_on": d["approved_on"],
            "result": d["result"],
            "notes": d["notes"],
            "results": form.results(),
        }
        return services.approval_add(actor=actor, dwelling=dwelling, data=data)

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("The approval was saved."))
        return redirect("housing:dwelling_detail", pk=dwelling.pk)
    return _form_page(
        request,
        form,
        _("Approval of %(address)s") % {"address": dwelling.address},
        reverse("housing:dwelling_detail", args=[dwelling.pk]),
        intro=_("The settlement lead approves a private dwelling before it is let."),
    )


# ---------------------------------------------------------------------------- landlords
def landlord_list(request):
    if not LANDLORDS.user_has_permission(request.user, VIEW):
        raise Http404
    landlords = list(
        LANDLORDS.instances_user_has_permission_for(request.user, VIEW).select_related("municipality")[:500]
    )
    _record_landlord_reads(request, landlords)
    return render(
        request,
        "housing/landlord_list.html",
        {"landlords": landlords, "can_change": LANDLORDS.user_has_permission(request.user, CHANGE)},
    )


def landlord_detail(request, pk: int):
    landlord = _landlord(request, pk)
    _record_landlord_reads(request, [landlord])
    return render(
        request,
        "housing/landlord_detail.html",
        {
            "landlord": landlord,
            "dwellings": list(landlord.dwellings.order_by("address")),
            "agreements": list(landlord.agreements.select_related("dwelling")),
            "can_change": LANDLORDS.user_has_permission_for_instance(request.user, CHANGE, landlord),
        },
    )


def _landlord_form(request, landlord=None):
    ids = LANDLORDS.municipality_ids(request.user, CHANGE)
    if not ids:
        raise Http404
    form = forms.LandlordForm(
        request.POST or None,
        instance=landlord,
        municipalities=Municipality.objects.filter(pk__in=sorted(ids)),
    )
    actor = Actor.from_request(request)
    if request.method == "POST" and (
        saved := submit(form, lambda d: services.landlord_save(actor=actor, data=d, landlord=landlord))
    ):
        messages.success(request, _("The landlord was saved."))
        return redirect("housing:landlord_detail", pk=saved.pk)
    back = (
        reverse("housing:landlord_detail", args=[landlord.pk])
        if landlord
        else reverse("housing:landlord_list")
    )
    return _form_page(request, form, _("Change the landlord") if landlord else _("New landlord"), back)


@require_http_methods(["GET", "POST"])
def landlord_create(request):
    return _landlord_form(request)


@require_http_methods(["GET", "POST"])
def landlord_edit(request, pk: int):
    landlord = _landlord(request, pk)
    if not LANDLORDS.user_has_permission_for_instance(request.user, CHANGE, landlord):
        raise Http404
    # Opening the form shows the contact: a read.
    if request.method == "GET":
        _record_landlord_reads(request, [landlord])
    return _landlord_form(request, landlord)


# ---------------------------------------------------------------------------- a household's housing
def household(request, pk: int):
    found, members = _household(request, pk)
    today = timezone.localdate()
    tenancies = selectors.household_tenancies(found)
    current = next((t for t in tenancies if t.ends_on is None or t.ends_on >= today), None)
    settled = services.arrival_of(found)
    can_write = any(policy.grants_for(request.user, m).can_write(H) for m in members) and bool(
        DWELLINGS.scopes(request.user, CHANGE, found.municipality_id)
    )
    return render(
        request,
        "housing/household.html",
        {
            "household": found,
            "members": members,
            "tenancies": tenancies,
            "current": current,
            "settled": settled,
            "year": selectors.settlement_year(settled, today) if settled else None,
            "can_write": can_write,
        },
    )


def _suggestion_page(
    request, *, municipality, births, couple, title, back, allocate, default_on=None, held=None
):
    """Vacant dwellings that fit, best first; a case's default day is its expected arrival."""
    form = forms.SuggestionForm(request.GET or None, initial={"on": default_on})
    data = form.cleaned_data if form.is_valid() else {}
    on = data.get("on") or default_on or timezone.localdate()
    found = selectors.suggestions(
        municipality,
        births,
        couple,
        on,
        accessible=bool(data.get("accessible")),
        has_car=bool(data.get("has_car")),
    )
    return render(
        request,
        "housing/suggestions.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "found": found,
            "rows": [(s, allocate(s.dwelling.pk)) for s in found.suggestions],
            "held": held,
            "on": on,
            "members": len(births),
        },
    )


def household_suggestions(request, pk: int):
    found, _members = _household(request, pk, write=True)
    births, couple = selectors.household_facts(found)
    return _suggestion_page(
        request,
        municipality=found.municipality,
        births=births,
        couple=couple,
        title=_("Dwellings for %(name)s") % {"name": found.name},
        back=reverse("housing:household", args=[found.pk]),
        allocate=lambda d: reverse("housing:tenancy_start", args=[found.pk, d]),
    )


@require_http_methods(["GET", "POST"])
def tenancy_start(request, pk: int, dwelling: int):
    found, _members = _household(request, pk, write=True)
    chosen = _dwelling(request, dwelling, change=True)
    form = forms.TenancyStartForm(request.POST or None, dwelling=chosen)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda d: services.tenancy_start(
            actor=actor,
            dwelling=chosen,
            household=found,
            starts_on=d["starts_on"],
            rent=d["rent"],
            inventory_in=d["inventory_in"],
        ),
    ):
        messages.success(request, _("The dwelling is let to the household."))
        return redirect("housing:household", pk=found.pk)
    return _form_page(
        request,
        form,
        _("Let %(address)s to %(name)s") % {"address": chosen.address, "name": found.name},
        reverse("housing:household", args=[found.pk]),
    )


def case_suggestions(request, pk: int):
    case = _case(request, pk)
    births, couple = selectors.case_facts(case)
    arrives = case.expected_arrival
    return _suggestion_page(
        request,
        municipality=case.municipality,
        births=births,
        couple=couple,
        title=_("Dwellings for the case %(name)s") % {"name": case.name},
        back=reverse("settlement:case_detail", args=[case.pk]),
        held=Tenancy.objects.filter(case=case, ends_on__isnull=True).select_related("dwelling").first(),
        allocate=lambda d: reverse("housing:case_hold", args=[case.pk, d]),
        default_on=arrives if arrives and arrives > timezone.localdate() else None,
    )


@require_http_methods(["GET", "POST"])
def case_hold(request, pk: int, dwelling: int):
    case = _case(request, pk)
    chosen = _dwelling(request, dwelling, change=True)
    initial = {
        "starts_on": min(case.expected_arrival, timezone.localdate()) if case.expected_arrival else None
    }
    form = forms.HoldForm(request.POST or None, initial=initial)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda d: services.tenancy_hold(
            actor=actor, dwelling=chosen, case=case, starts_on=d["starts_on"], rent=d["rent"]
        ),
    ):
        messages.success(request, _("The dwelling is held for the case."))
        return redirect("housing:dwelling_detail", pk=chosen.pk)
    return _form_page(
        request,
        form,
        _("Hold %(address)s for %(name)s") % {"address": chosen.address, "name": case.name},
        reverse("housing:case_suggestions", args=[case.pk]),
    )


@require_http_methods(["GET", "POST"])
def tenancy_end(request, pk: int):
    tenancy = _tenancy(request, pk, write=True)
    form = forms.TenancyEndForm(request.POST or None, dwelling=tenancy.dwelling)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda d: services.tenancy_end(
            actor=actor,
            tenancy=tenancy,
            ends_on=d["ends_on"],
            reason=d["end_reason"],
            inventory_out=d["inventory_out"],
        ),
    ):
        messages.success(request, _("The tenancy has ended."))
        return redirect(_after(tenancy))
    return _form_page(
        request,
        form,
        _("End the tenancy in %(address)s") % {"address": tenancy.dwelling.address},
        _after(tenancy),
    )


def _after(tenancy: Tenancy) -> str:
    if tenancy.household_id:
        return reverse("housing:household", args=[tenancy.household_id])
    return reverse("housing:dwelling_detail", args=[tenancy.dwelling_id])


@require_POST
def tenancy_release(request, pk: int):
    tenancy = _tenancy(request, pk, write=True)
    dwelling_id = tenancy.dwelling_id
    try:
        services.tenancy_release(actor=Actor.from_request(request), tenancy=tenancy)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The dwelling is no longer held for the case."))
    return redirect("housing:dwelling_detail", pk=dwelling_id)


@require_http_methods(["GET", "POST"])
def tenancy_move(request, pk: int):
    tenancy = _tenancy(request, pk, write=True)
    if tenancy.household_id is None:
        raise Http404
    today = timezone.localdate()
    dwellings = (
        DWELLINGS.instances_user_has_permission_for(request.user, CHANGE)
        .filter(municipality_id=tenancy.municipality_id)
        .filter(selectors.in_stock_q(today))
        .exclude(pk=tenancy.dwelling_id)
        .order_by("address", "pk")
    )
    form = forms.MoveForm(request.POST or None, dwellings=dwellings)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda d: services.tenancy_move(
            actor=actor, tenancy=tenancy, dwelling=d["dwelling"], moves_on=d["moves_on"], rent=d["rent"]
        ),
    ):
        messages.success(request, _("The household has moved."))
        return redirect(_after(tenancy))
    return _form_page(
        request,
        form,
        _("Move within the municipality"),
        _after(tenancy),
        intro=_("The tenancy in %(address)s ends the day before the move.")
        % {"address": tenancy.dwelling.address},
    )


# ---------------------------------------------------------------------------- inspections
@require_http_methods(["GET", "POST"])
def inspection_add(request, pk: int):
    tenancy = _tenancy(request, pk, write=True)
    if tenancy.household_id is None:
        raise Http404
    today = timezone.localdate()
    settled = services.arrival_of(tenancy.household) or tenancy.starts_on
    year = int_or_none(request.POST.get("year") or request.GET.get("aar")) or min(
        selectors.settlement_year(settled, today), 5
    )
    year = year if year in YEARS else 1
    profile = profile_for(tenancy.dwelling.municipality)
    owners = forms.unit_users(tenancy.municipality_id)
    form = forms.InspectionForm(request.POST or None, profile=profile, year=year, owners=owners)
    actor = Actor.from_request(request)

    def save(d):
        data = {
            "year": d["year"],
            "inspected_on": d["inspected_on"],
            "notes": d["notes"],
            "guidance": d["guidance"],
            "results": form.results(),
        }
        return services.inspection_add(actor=actor, tenancy=tenancy, data=data, deviations=form.deviations())

    if request.method == "POST" and (saved := submit(form, save)):
        messages.success(request, _("The inspection was saved."))
        return redirect("housing:inspection_detail", pk=saved.pk)
    return render(
        request,
        "housing/inspection_form.html",
        {"form": form, "tenancy": tenancy, "year": year, "years": YEARS, "back": _after(tenancy)},
    )


def inspection_detail(request, pk: int):
    inspection = (
        Inspection.objects.select_related(
            "tenancy__dwelling__municipality", "tenancy__household", "inspector"
        )
        .filter(pk=pk)
        .first()
    )
    if inspection is None or inspection.tenancy.household_id is None:
        raise Http404
    # An inspection's notes and deviations are the housing workers' (Nav reads tenancies and rent only).
    _household(request, inspection.tenancy.household_id, write=True)
    _household(request, inspection.tenancy.household_id)
    profile = profile_for(inspection.tenancy.dwelling.municipality)
    labels = dict(ItemResult.choices)
    items = [
        {
            "title": item.title,
            "result": labels.get(inspection.results.get(item.key), ""),
            "code": inspection.results.get(item.key),
        }
        for item in profile.checklist(inspection.year)
    ]
    known = {i.key for i in profile.checklist(inspection.year)}
    items += [
        {"title": key, "result": labels.get(value, ""), "code": value}
        for key, value in inspection.results.items()
        if key not in known
    ]
    titles = {i.key: i.title for i in profile.checklist(inspection.year)}
    deviations = [
        {"deviation": d, "item": titles.get(d.item, d.item)}
        for d in inspection.deviations.select_related("owner")
    ]
    return render(
        request,
        "housing/inspection_detail.html",
        {
            "inspection": inspection,
            "items": items,
            "guidance": [profile.guidance_title(g) for g in inspection.guidance],
            "deviations": deviations,
            "back": _after(inspection.tenancy),
        },
    )


def deviations(request):
    ids = DWELLINGS.municipality_ids(request.user, CHANGE)
    if not ids:
        raise Http404
    found = list(selectors.open_deviations(request.user, ids)[:200])
    households = {d.inspection.tenancy.household_id for d in found}
    members = [m for h in Household.objects.filter(pk__in=households) for m in h.members.all()]
    policy.record_list_reads(Actor.from_request(request), members, [H], channel=AuditChannel.SEARCH)
    today = timezone.localdate()
    rows = []
    for d in found:
        profile = profile_for(d.inspection.tenancy.dwelling.municipality)
        titles = {i.key: i.title for i in profile.checklist(d.inspection.year)}
        rows.append({"deviation": d, "item": titles.get(d.item, d.item), "late": d.due_on < today})
    return render(request, "housing/deviations.html", {"rows": rows, "form": forms.DoneForm()})


@require_POST
def deviation_close(request, pk: int):
    deviation = (
        Deviation.objects.select_related("inspection__tenancy__household", "inspection__tenancy__dwelling")
        .filter(pk=pk)
        .first()
    )
    if deviation is None or deviation.inspection.tenancy.household_id is None:
        raise Http404
    _tenancy(request, deviation.inspection.tenancy_id, write=True)
    form = forms.DoneForm(request.POST)
    actor = Actor.from_request(request)
    if submit(
        form, lambda d: services.deviation_close(actor=actor, deviation=deviation, done_on=d.get("done_on"))
    ):
        messages.success(request, _("The deviation is closed."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    back = request.POST.get("next", "")
    if back == "inspection":
        return redirect("housing:inspection_detail", pk=deviation.inspection_id)
    return redirect("housing:deviations")
