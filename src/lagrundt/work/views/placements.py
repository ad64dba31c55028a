"""Placements: a direct placement for a person, the list, one placement, and its steps, follow-up and
changes, each posted to its own address."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access.audit import Actor
from lagrundt.access.resources import EMPLOYERS, VIEW
from lagrundt.access.sections import Section
from lagrundt.core.forms import submit

from .. import forms, rules, selectors, services
from ..models import Placement
from ..vocabulary import PlacementState
from .shared import person, readers_only, record_reads


@require_http_methods(["GET", "POST"])
def placement_create(request, pk: int):
    """A placement agreed directly with an employer, without an opening."""
    found, _grants = person(request, pk, write=True)
    employers = (
        EMPLOYERS.instances_user_has_permission_for(request.user, VIEW).filter(active=True).order_by("name")
    )
    form = forms.DirectPlacementForm(request.POST or None, employers=employers)
    actor = Actor.from_request(request)

    def create(data):
        data = dict(data)
        employer = data.pop("employer")
        return services.placement_create(actor=actor, person=found, employer=employer, data=data)

    if request.method == "POST" and (created := submit(form, create)):
        messages.success(request, _("The placement was registered as proposed."))
        return redirect("work:placement_detail", pk=created.pk)
    return render(
        request, "work/profile_form.html", {"person": found, "form": form, "title": _("New placement")}
    )


def placement_list(request):
    readers_only(request)
    state = request.GET.get("status", "ongoing")
    placements = selectors.placements_visible_to(request.user).select_related("person", "employer", "opening")
    if state == "ongoing":
        placements = placements.filter(state__in=rules.ONGOING)
    elif state in PlacementState.values:
        placements = placements.filter(state=state)
    placements = list(placements.order_by("-proposed_on", "-pk")[:300])
    record_reads(request, [p.person for p in placements])
    return render(
        request,
        "work/placement_list.html",
        {"placements": placements, "state": state, "states": PlacementState.choices},
    )


_MOVES = {
    PlacementState.AGREED: forms.AgreeForm,
    PlacementState.STARTED: forms.StartForm,
    PlacementState.ENDED: forms.EndForm,
    PlacementState.WITHDRAWN: forms.WithdrawForm,
}
_EDITABLE = ("starts_on", "ends_on", "hours_per_week", "supervisor", "mentor")


def _placement(request, pk: int, *, write: bool = False):
    """A placement the user sees, and its person's work section (to write, for a change)."""
    placement = (
        selectors.placements_visible_to(request.user)
        .select_related("person", "employer", "opening", "job_fair")
        .filter(pk=pk)
        .first()
    )
    if placement is None:
        raise Http404
    return placement, *person(request, placement.person_id, write=write)


def placement_detail(request, pk: int):
    return _placement_page(request, *_placement(request, pk))


def _placement_page(request, placement: Placement, found, grants, *, open_form: str = "", form=None):
    """The placement's page; ``form`` is the one posted (``open_form``) and refused, shown with its errors."""

    def shown(key, make):
        return form if key == open_form else make()

    next_states = rules.NEXT_STATES.get(placement.state, ())
    return render(
        request,
        "work/placement_detail.html",
        {
            "placement": placement,
            "person": found,
            "can_write": grants.can_write(Section.WORK),
            "move_forms": [
                (state, PlacementState(state).label, shown(state, lambda s=state: _MOVES[s](prefix=s)))
                for state in next_states
            ],
            "visit_form": shown("visit", lambda: forms.VisitForm(prefix="visit")),
            "edit_form": shown(
                "edit",
                lambda: forms.PlacementEditForm(
                    prefix="edit", initial={f: getattr(placement, f) for f in _EDITABLE}
                ),
            ),
            "open_form": open_form,
            "visits": placement.visits.select_related("by"),
            "ongoing": placement.state in rules.ONGOING,
        },
    )


@require_POST
def placement_move(request, pk: int, state: str):
    """The placement's next step: agreed, started, ended or withdrawn."""
    placement, found, grants = _placement(request, pk, write=True)
    if state not in rules.NEXT_STATES.get(placement.state, ()):
        raise Http404
    form = _MOVES[state](request.POST, prefix=state)
    actor = Actor.from_request(request)
    if submit(
        form, lambda data: services.placement_move(actor=actor, placement=placement, to=state, data=data)
    ):
        messages.success(
            request, _("The placement is now: %(state)s.") % {"state": PlacementState(state).label}
        )
        return redirect("work:placement_detail", pk=placement.pk)
    return _placement_page(request, placement, found, grants, open_form=state, form=form)


@require_POST
def placement_visit(request, pk: int):
    placement, found, grants = _placement(request, pk, write=True)
    form = forms.VisitForm(request.POST, prefix="visit")
    actor = Actor.from_request(request)
    if submit(form, lambda data: services.visit_add(actor=actor, placement=placement, data=data)):
        messages.success(request, _("The follow-up was recorded."))
        return redirect("work:placement_detail", pk=placement.pk)
    return _placement_page(request, placement, found, grants, open_form="visit", form=form)


@require_POST
def placement_edit(request, pk: int):
    placement, found, grants = _placement(request, pk, write=True)
    form = forms.PlacementEditForm(request.POST, prefix="edit")
    actor = Actor.from_request(request)
    if submit(form, lambda data: services.placement_update(actor=actor, placement=placement, data=data)):
        messages.success(request, _("The changes were saved."))
        return redirect("work:placement_detail", pk=placement.pk)
    return _placement_page(request, placement, found, grants, open_form="edit", form=form)
