"""Job fairs: the list, one fair, and what is done to it, each posted to its own address: inviting an
employer or a participant, who came, and what came of it."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.resources import CHANGE, EMPLOYERS, JOB_FAIRS, VIEW
from lagrundt.core.forms import submit
from lagrundt.tenancy.models import Municipality

from .. import forms, selectors, services
from ..models import JobFair, JobFairEmployer, JobFairParticipant
from .shared import person, readers_only, record_reads


def fair_list(request):
    readers_only(request)
    fairs = (
        JOB_FAIRS.instances_user_has_permission_for(request.user, VIEW)
        .select_related("municipality")
        .annotate(
            invited_employers=Count("employers", distinct=True),
            invited_participants=Count("participants", distinct=True),
        )
        .order_by("-held_on", "pk")[:200]
    )
    return render(
        request,
        "work/fair_list.html",
        {"fairs": fairs, "can_manage": JOB_FAIRS.user_has_permission(request.user, CHANGE)},
    )


@require_http_methods(["GET", "POST"])
def fair_create(request):
    ids = JOB_FAIRS.municipality_ids(request.user, CHANGE)
    if not ids:
        raise Http404
    form = forms.FairForm(
        request.POST or None, municipalities=Municipality.objects.filter(pk__in=sorted(ids))
    )
    actor = Actor.from_request(request)
    if request.method == "POST" and (
        created := submit(form, lambda data: services.fair_create(actor=actor, data=data))
    ):
        messages.success(request, _("The job fair was registered."))
        return redirect("work:fair_detail", pk=created.pk)
    return render(
        request,
        "work/form.html",
        {"form": form, "title": _("New job fair"), "back": reverse("work:fair_list")},
    )


def _fair(request, pk: int, *, manage: bool = False) -> JobFair:
    fair = (
        JOB_FAIRS.instances_user_has_permission_for(request.user, VIEW)
        .select_related("municipality")
        .filter(pk=pk)
        .first()
    )
    if fair is None or (
        manage and not JOB_FAIRS.user_has_permission_for_instance(request.user, CHANGE, fair)
    ):
        raise Http404
    return fair


def _employer_form(request, fair: JobFair, data=None):
    """Invite an employer: the active ones the user sees that are not invited yet."""
    employers = (
        EMPLOYERS.instances_user_has_permission_for(request.user, VIEW)
        .filter(active=True)
        .exclude(pk__in=fair.employers.values("employer_id"))
    )
    return forms.InviteEmployerForm(data, prefix="employer", employers=employers.order_by("name"))


def _participant_form(request, fair: JobFair, data=None):
    """Invite a participant: the persons seeking work the user sees who are not invited yet."""
    persons = list(
        selectors.work_persons(request.user)
        .filter(moved_out_on__isnull=True, competence_profile__seeking=True)
        .exclude(pk__in=fair.participants.values("person_id"))
        .order_by("family_name", "given_name", "pk")[:500]
    )
    return forms.InviteParticipantForm(data, prefix="participant", persons=persons)


def _outcome_form(fair: JobFair, data=None):
    return forms.OutcomeForm(data, prefix="outcome", initial={"outcome_note": fair.outcome_note})


def fair_detail(request, pk: int):
    return _fair_page(request, _fair(request, pk))


def _fair_page(request, fair: JobFair, *, open_form: str = "", form=None):
    """The fair's page; ``form`` is the one posted (``open_form``) and refused, shown with its errors."""
    may_manage = JOB_FAIRS.user_has_permission_for_instance(request.user, CHANGE, fair)
    participants = list(
        fair.participants.filter(person__in=selectors.work_persons(request.user).values("pk")).select_related(
            "person"
        )
    )
    record_reads(request, [p.person for p in participants], channel=AuditChannel.PAGE)
    return render(
        request,
        "work/fair_detail.html",
        {
            "fair": fair,
            "may_manage": may_manage,
            "invited_employers": fair.employers.select_related("employer"),
            "participants": participants,
            "employer_form": form if open_form == "employer" else _employer_form(request, fair),
            "participant_form": form if open_form == "participant" else _participant_form(request, fair),
            "outcome_form": form if open_form == "outcome" else _outcome_form(fair),
            "open_form": open_form,
            "openings": fair.openings.select_related("employer"),
            "placements": list(
                selectors.placements_visible_to(request.user)
                .filter(job_fair=fair)
                .select_related("person", "employer")
            ),
        },
    )


@require_POST
def fair_invite_employer(request, pk: int):
    fair = _fair(request, pk, manage=True)
    form = _employer_form(request, fair, request.POST)
    actor = Actor.from_request(request)
    if submit(
        form, lambda data: services.fair_invite_employer(actor=actor, fair=fair, employer=data["employer"])
    ):
        return redirect("work:fair_detail", pk=fair.pk)
    return _fair_page(request, fair, open_form="employer", form=form)


@require_POST
def fair_invite_participant(request, pk: int):
    fair = _fair(request, pk, manage=True)
    form = _participant_form(request, fair, request.POST)
    actor = Actor.from_request(request)

    def invite(data):
        invited, _grants = person(request, data["person"], write=True)
        return services.fair_invite_participant(actor=actor, fair=fair, person=invited)

    if submit(form, invite):
        return redirect("work:fair_detail", pk=fair.pk)
    return _fair_page(request, fair, open_form="participant", form=form)


def _attended(request) -> bool | None:
    """Whether they came: the button pressed, «yes» or «no» (anything else: not known)."""
    return {"yes": True, "no": False}.get(request.POST.get("attended"))


@require_POST
def fair_employer_attended(request, pk: int, row: int):
    fair = _fair(request, pk, manage=True)
    invitation = JobFairEmployer.objects.filter(fair=fair, pk=row).first()
    if invitation is None:
        raise Http404
    services.fair_employer_attended(
        actor=Actor.from_request(request), invitation=invitation, attended=_attended(request)
    )
    return redirect("work:fair_detail", pk=fair.pk)


@require_POST
def fair_participant_attended(request, pk: int, row: int):
    fair = _fair(request, pk, manage=True)
    invitation = JobFairParticipant.objects.filter(fair=fair, pk=row).first()
    if invitation is None:
        raise Http404
    person(request, invitation.person_id, write=True)
    services.fair_participant_attended(
        actor=Actor.from_request(request), invitation=invitation, attended=_attended(request)
    )
    return redirect("work:fair_detail", pk=fair.pk)


@require_POST
def fair_outcome(request, pk: int):
    fair = _fair(request, pk, manage=True)
    form = _outcome_form(fair, request.POST)
    actor = Actor.from_request(request)
    if submit(form, lambda data: services.fair_update(actor=actor, fair=fair, data=data)):
        messages.success(request, _("The changes were saved."))
        return redirect("work:fair_detail", pk=fair.pk)
    return _fair_page(request, fair, open_form="outcome", form=form)
