"""Openings: the list, one opening with the candidates ranked for it, its form, and proposing a candidate."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access.audit import Actor
from lagrundt.access.resources import CHANGE, EMPLOYERS, JOB_FAIRS, OPENINGS, VIEW
from lagrundt.core.forms import int_or_none, submit
from lagrundt.tenancy.models import Municipality

from .. import forms, presenters, rules, selectors, services
from ..models import Placement
from ..vocabulary import OpeningStatus
from .shared import may_manage_opening, municipalities, opening, person, readers_only, record_reads


def opening_list(request):
    readers_only(request)
    openings = OPENINGS.instances_user_has_permission_for(request.user, VIEW).select_related(
        "employer", "municipality"
    )
    status = request.GET.get("status", OpeningStatus.OPEN)
    if status in OpeningStatus.values:
        openings = openings.filter(status=status)
    municipality_id = int_or_none(request.GET.get("kommune"))
    if municipality_id:
        openings = openings.filter(municipality_id=municipality_id)
    return render(
        request,
        "work/opening_list.html",
        {
            "openings": openings.order_by("starts_on", "pk")[:500],
            "status": status,
            "statuses": OpeningStatus.choices,
            "municipality_id": municipality_id,
            "municipalities": municipalities(OPENINGS.municipality_ids(request.user, VIEW)),
            "can_manage": OPENINGS.user_has_permission(request.user, CHANGE),
        },
    )


def _opening_form(request, *, instance=None, requirements=(), data=None):
    ids = OPENINGS.municipality_ids(request.user, VIEW)
    return forms.OpeningForm(
        data,
        instance=instance,
        municipalities=Municipality.objects.filter(pk__in=sorted(ids)),
        fairs=JOB_FAIRS.instances_user_has_permission_for(request.user, VIEW).order_by("-held_on"),
        requirements=requirements,
    )


def _opening_data(data: dict, *, municipality) -> dict:
    """The opening's own fields from its form; where the work is defaults to where the employer is."""
    found = {f: data[f] for f in forms.OpeningForm.Meta.fields}
    found["municipality"] = found["municipality"] or municipality
    return found


@require_http_methods(["GET", "POST"])
def opening_create(request):
    employers = EMPLOYERS.instances_user_has_permission_for(request.user, VIEW).filter(
        municipality_id__in=sorted(EMPLOYERS.municipality_ids(request.user, CHANGE)), active=True
    )
    employer = employers.filter(pk=int_or_none(request.GET.get("arbeidsgiver"))).first()
    if employer is None:
        if not employers.exists():
            raise Http404
        return render(request, "work/opening_choose_employer.html", {"employers": employers.order_by("name")})
    form = _opening_form(request, data=request.POST or None)
    actor = Actor.from_request(request)

    def create(data):
        fields = _opening_data(data, municipality=employer.municipality)
        fields["status"] = fields["status"] or OpeningStatus.OPEN
        return services.opening_create(
            actor=actor, employer=employer, data=fields, requirements=form.requirements()
        )

    if request.method == "POST" and (created := submit(form, create)):
        messages.success(request, _("The opening was registered. The best candidates are below."))
        return redirect("work:opening_detail", pk=created.pk)
    return render(
        request,
        "work/opening_form.html",
        {
            "form": form,
            "employer": employer,
            "title": _("New opening at %(employer)s") % {"employer": employer.name},
        },
    )


@require_http_methods(["GET", "POST"])
def opening_edit(request, pk: int):
    found = opening(request, pk)
    if not may_manage_opening(request.user, found):
        raise Http404
    form = _opening_form(
        request, instance=found, requirements=list(found.requirements.all()), data=request.POST or None
    )
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda data: services.opening_update(
            actor=actor,
            opening=found,
            data=_opening_data(data, municipality=found.employer.municipality),
            requirements=form.requirements(),
        ),
    ):
        messages.success(request, _("The changes were saved."))
        return redirect("work:opening_detail", pk=found.pk)
    return render(
        request,
        "work/opening_form.html",
        {"form": form, "employer": found.employer, "title": found.title},
    )


def opening_detail(request, pk: int):
    """An opening, its requirements, and the candidates ranked for it, each with why."""
    found = opening(request, pk)
    top = 50 if request.GET.get("vis") == "alle" else 10
    ranked = selectors.rank_for_opening(request.user, found, timezone.localdate(), top=top)
    record_reads(request, ranked.persons.values())
    rows = [
        (ranked.persons[m.person_id], m, presenters.explain(m, found.occupation))
        for m in ranked.shown
        if m.person_id in ranked.persons
    ]
    excluded = [
        (ranked.persons[m.person_id], presenters.exclusion_reasons(m, found.occupation))
        for m in ranked.excluded_shown
        if m.person_id in ranked.persons
    ]
    proposed = set(
        Placement.objects.filter(opening=found, state__in=rules.ONGOING).values_list("person_id", flat=True)
    )
    return render(
        request,
        "work/opening_detail.html",
        {
            "opening": found,
            "requirements": [
                (presenters.requirement_text(r.kind, r.value), r.required) for r in found.requirements.all()
            ],
            "rows": rows,
            "excluded": excluded,
            "ranked": ranked,
            "proposed": proposed,
            "placements": list(
                selectors.placements_visible_to(request.user)
                .filter(opening=found)
                .select_related("person")
                .order_by("-proposed_on")
            ),
            "may_manage": may_manage_opening(request.user, found),
            "is_open": found.status == OpeningStatus.OPEN,
            "more": len(ranked.ranking.matches) > len(rows) and top < 50,
        },
    )


@require_POST
def opening_propose(request, pk: int):
    """A candidate proposed from the opening's ranking: a button, so a refusal is a message there."""
    found = opening(request, pk)
    candidate, _grants = person(request, int_or_none(request.POST.get("person")) or 0, write=True)
    try:
        placement = services.placement_propose(
            actor=Actor.from_request(request), person=candidate, opening=found
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("work:opening_detail", pk=found.pk)
    messages.success(
        request,
        _("%(name)s is proposed for %(opening)s. Agree the placement with the employer.")
        % {"name": candidate.full_name, "opening": found.title},
    )
    return redirect("work:placement_detail", pk=placement.pk)
