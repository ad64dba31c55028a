"""Pages of the people register. Thin: the policy decides and audits, services change, selectors read."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.sections import Section
from lagrundt.core.forms import add_errors, int_or_none, search_text, submit
from lagrundt.core.paging import page_of
from lagrundt.tenancy.models import Municipality
from lagrundt.tenancy.selectors import municipalities_for

from . import selectors, services
from .forms import (
    MEMBERS_SHOWN,
    WRITABLE_NOTE_SECTIONS,
    HouseholdForm,
    IdentityForm,
    MemberFormSet,
    MoveOutForm,
    SectionNoteForm,
    SettlementForm,
)
from .models import MoveOut, Person, SectionNote, Settlement


def person_list(request):
    if not policy.can_see_persons(request.user):
        raise Http404
    filters = selectors.PersonFilter(
        q=search_text(request.GET.get("q")),
        municipality_id=int_or_none(request.GET.get("kommune")),
        status=request.GET.get("status", "") if request.GET.get("status") in ("resident", "moved") else "",
    )
    page = page_of(
        selectors.person_search(request.user, filters),
        int_or_none(request.GET.get("side")) or 1,
        related=selectors.LIST_RELATED,
    )
    # A row shows the household's name to who reads the person's family; a hit found by its national
    # ID shows that number's owner.
    shown = [Section.IDENTITY, Section.SETTLEMENT, Section.FAMILY]
    if selectors.searches_national_id(filters):
        shown.append(Section.NATIONAL_ID)
    grants = policy.record_list_reads(
        Actor.from_request(request), page.items, shown, channel=AuditChannel.SEARCH
    )
    rows = [
        (p, grants[p.pk].can_read(Section.SETTLEMENT), grants[p.pk].can_read(Section.FAMILY))
        for p in page.items
    ]
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "municipalities": municipalities_for(request.user),
        "shows_settlement": any(sees for _p, sees, _family in rows),
        "shows_household": any(family for _p, _sees, family in rows),
        "searches_national_id": policy.reads_section_somewhere(request.user, Section.NATIONAL_ID),
        "searches_household": policy.reads_section_somewhere(request.user, Section.FAMILY),
        "query_string": request.GET.copy(),
    }
    template = (
        "people/person_list.html#results" if request.headers.get("HX-Request") else "people/person_list.html"
    )
    return render(request, template, context)


def person_detail(request, pk: int):
    actor = Actor.from_request(request)
    person, grants = policy.access_person(
        actor,
        pk,
        queryset=Person.objects.select_related(
            "municipality", "household", "settlement__municipality", "move_out"
        ),
        audit_read=False,
    )
    readable = grants.readable
    policy.record_section_reads(actor, person, grants, readable, channel=AuditChannel.PAGE)
    links = selectors.person_page_links(request.user, person, grants)
    # The national ID is shown in the identity card, to who may read it; it has no card of its own.
    cards = [s for s in readable if s != Section.NATIONAL_ID]
    notes_by_section = {s: [] for s in cards}
    for note in SectionNote.objects.filter(person=person, section__in=cards).select_related("author")[:200]:
        notes_by_section[note.section].append(note)
    # The programme's card only for whom it can concern: the programme's app links it then (a person of
    # the target group's age, or with something of the programme recorded), or notes were written.
    cards = [s for s in cards if s != Section.PROGRAMME or links.get(s) or notes_by_section.get(s)]
    context = {
        "person": person,
        "grants": grants,
        "shows_national_id": grants.can_read(Section.NATIONAL_ID),
        "sections": [
            {
                "key": s,
                "label": s.label,
                "notes": notes_by_section.get(s, []),
                "can_write": grants.can_write(s) and s in WRITABLE_NOTE_SECTIONS,
                "links": links.get(s, []),
            }
            for s in cards
        ],
        "settlement": getattr(person, "settlement", None) if grants.can_read(Section.SETTLEMENT) else None,
        "move_out": getattr(person, "move_out", None) if grants.can_read(Section.SETTLEMENT) else None,
        "household_members": selectors.household_members(person, request.user)
        if grants.can_read(Section.FAMILY)
        else [],
        "relations": list(person.relations.select_related("relative").order_by("relative__birth_date"))
        if grants.can_read(Section.FAMILY)
        else [],
        "history": selectors.change_history(person, readable),
        "note_form": SectionNoteForm(),
    }
    return render(request, "people/person_detail.html", context)


@require_http_methods(["GET", "POST"])
def person_edit_identity(request, pk: int):
    actor = Actor.from_request(request)
    person, grants = policy.access_person(actor, pk, section=Section.IDENTITY, write=True)
    form = IdentityForm(
        request.POST or None, instance=person, national_id=grants.can_write(Section.NATIONAL_ID)
    )
    if request.method == "POST" and submit(
        form,
        lambda data: services.person_update_identity(
            actor=actor, person=person, data={f: data[f] for f in form.Meta.fields if f in form.fields}
        ),
    ):
        messages.success(request, _("The changes were saved."))
        return redirect("people:person_detail", pk=person.pk)
    return render(
        request, "people/person_form.html", {"person": person, "form": form, "title": _("Edit identity")}
    )


@require_http_methods(["GET", "POST"])
def person_edit_settlement(request, pk: int):
    actor = Actor.from_request(request)
    person, _grants = policy.access_person(actor, pk, section=Section.SETTLEMENT, write=True)
    settlement = Settlement.objects.filter(person=person).first() or Settlement(person=person)
    before = (settlement.settled_on, settlement.category)  # the form's cleaning changes the instance
    municipalities = Municipality.objects.filter(pk__in=policy.registering_municipality_ids(request.user))
    form = SettlementForm(request.POST or None, instance=settlement, municipalities=municipalities)
    if request.method == "POST" and (
        saved := submit(
            form,
            lambda data: services.settlement_save(
                actor=actor, person=person, data={f: data[f] for f in form.Meta.fields}
            ),
        )
    ):
        messages.success(request, _("The changes were saved."))
        if (saved.settled_on, saved.category) != before and _household_shown(request.user, person):
            # A new date or category moves the household's deadlines: show what is now due.
            return redirect("routines:household_started", pk=person.household_id)
        return redirect("people:person_detail", pk=person.pk)
    return render(
        request, "people/person_form.html", {"person": person, "form": form, "title": _("Edit settlement")}
    )


@require_http_methods(["GET", "POST"])
def person_move_out(request, pk: int):
    actor = Actor.from_request(request)
    person, _grants = policy.access_person(
        actor,
        pk,
        section=Section.SETTLEMENT,
        write=True,
        queryset=Person.objects.select_related("settlement"),
    )
    move_out = MoveOut.objects.filter(person=person).first() or MoveOut(person=person)
    form = MoveOutForm(request.POST or None, instance=move_out)

    def move(data):
        return services.move_out_save(
            actor=actor,
            person=person,
            data={f: data[f] for f in MoveOutForm.Meta.fields},
            whole_household=data["whole_household"],
            allowed=selectors.household_writable(request.user, person, Section.SETTLEMENT)
            if data["whole_household"]
            else None,
        )

    if request.method == "POST" and (moved := submit(form, move)) is not None:
        messages.success(
            request,
            ngettext(
                "The move was recorded for %(count)d person.",
                "The move was recorded for %(count)d persons.",
                len(moved),
            )
            % {"count": len(moved)},
        )
        return redirect("people:person_detail", pk=person.pk)
    return render(
        request, "people/person_form.html", {"person": person, "form": form, "title": _("Record move-out")}
    )


@require_http_methods(["POST"])
def person_add_note(request, pk: int, section: str):
    if section not in WRITABLE_NOTE_SECTIONS:
        raise Http404
    actor = Actor.from_request(request)
    person, _grants = policy.access_person(actor, pk, section=Section(section), write=True)
    form = SectionNoteForm(request.POST)
    if submit(
        form,
        lambda data: services.section_note_add(
            actor=actor, person=person, section=section, body=data["body"]
        ),
    ):
        messages.success(request, _("The note was saved."))
        return redirect(f"{_detail_url(person)}#section-{section}")
    return render(
        request,
        "people/person_form.html",
        {
            "person": person,
            "form": form,
            "title": _("New note: %(section)s") % {"section": Section(section).label},
        },
    )


@require_http_methods(["GET", "POST"])
def household_register(request):
    municipality_ids = policy.registering_municipality_ids(request.user)
    if not municipality_ids:
        raise Http404
    municipalities = Municipality.objects.filter(pk__in=municipality_ids).order_by("name")
    data = request.POST if request.method == "POST" else None
    form = HouseholdForm(data, municipalities=municipalities)
    settled_on = None
    if data is not None and form.is_valid():
        settled_on = form.cleaned_data["settled_on"]
    formset = MemberFormSet(data, prefix="member", settled_on=settled_on)
    if data is not None and form.is_valid() and formset.is_valid():
        cd = form.cleaned_data
        members = [{**f.cleaned_data} for f in formset.forms if f.has_changed()]
        # The household's form and its members' forms, each member's errors on its own form: more than
        # the one form ``submit`` fills, so the refusal is put on them here.
        try:
            household = services.household_register(
                actor=Actor.from_request(request),
                name=cd["name"],
                municipality=cd["municipality"],
                settlement={k: cd[k] for k in ("settled_on", "category", "came_directly", "imdi_reference")},
                shared_identity={
                    k: cd[k]
                    for k in ("country_background", "languages", "interpreter_needed", "interpreter_language")
                },
                members=members,
            )
        except services.HouseholdMemberErrors as exc:
            filled = [f for f in formset.forms if f.has_changed()]
            for index, error in exc.member_errors.items():
                add_errors(filled[index], error)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The household %(name)s was registered.") % {"name": household.name})
            # What the registration set in motion: the tasks per sector and person, possible duplicates.
            return redirect("routines:household_started", pk=household.pk)
    shown = MEMBERS_SHOWN
    return render(
        request,
        "people/household_register.html",
        {
            "form": form,
            "members_shown": shown,
            # The further blocks open when one of them was filled in, so that nothing typed is hidden.
            "members_more_open": data is not None and any(f.has_changed() for f in formset.forms[shown:]),
            "formset": formset,
        },
    )


def household_detail(request, pk: int):
    household = (
        policy.households_visible_to(request.user).select_related("municipality").filter(pk=pk).first()
    )
    if household is None:
        raise Http404
    members = list(
        policy.visible_to(request.user)
        .filter(household=household)
        .select_related("settlement")
        .order_by("birth_date", "pk")
    )
    policy.record_list_reads(
        Actor.from_request(request), members, [Section.IDENTITY, Section.FAMILY], channel=AuditChannel.PAGE
    )
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "members": members,
            "today": timezone.localdate(),
            "coordinates": bool(policy.coordinating_scopes(request.user, members)),
        },
    )


def _household_shown(user, person: Person) -> bool:
    return bool(person.household_id) and (
        policy.households_visible_to(user).filter(pk=person.household_id).exists()
    )


def _detail_url(person: Person) -> str:
    from django.urls import reverse

    return reverse("people:person_detail", kwargs={"pk": person.pk})
