"""The follow-up talks of a person (the settlement section, written by the integration service), and the
counted answers per theme for the integration service and leadership."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.rules import RECORD_RULES
from lagrundt.core.formats import date_label
from lagrundt.core.forms import int_or_none, submit
from lagrundt.routines.services import Saved

from ..models import FOLLOW_UP_THEMES, FollowUpTalk
from . import forms, selectors, services

KIND = "follow_up"


def person_talks(request, pk: int):
    person, _grants, writer = policy.access_record(Actor.from_request(request), pk, KIND)
    talks = [
        {
            "talk": talk,
            "held": date_label(talk.held_on),
            "answers": [
                (
                    str(FollowUpTalk._meta.get_field(t).verbose_name).capitalize(),
                    getattr(talk, f"get_{t}_display")(),
                )
                for t in FOLLOW_UP_THEMES
            ],
        }
        for talk in FollowUpTalk.objects.filter(person=person)
    ]
    return render(
        request,
        "community/follow_up/person.html",
        {"person": person, "talks": talks, "can_write": writer is not None},
    )


@require_http_methods(["GET", "POST"])
def talk_edit(request, pk: int, years: int | None = None):
    actor = Actor.from_request(request)
    person, grants, writer = policy.access_record(actor, pk, KIND, write=True)
    talk = None
    if years is not None:
        talk = (
            FollowUpTalk.objects.filter(person=person, years_after=years).first() if years in (3, 5) else None
        )
        if talk is None:
            raise Http404
    if request.method == "GET":
        policy.record_section_reads(
            actor, person, grants, [RECORD_RULES[KIND].section], channel=AuditChannel.PAGE
        )
    initial = (
        {name: getattr(talk, name) for name in services.FIELDS[1:]}
        if talk
        else {"held_on": timezone.localdate()}
    )
    form = forms.FollowUpTalkForm(request.POST or None, initial=initial)
    back = reverse("community:follow_up_person", args=[person.pk])
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.follow_up_save(
                actor=actor, person=person, data=data, talk=talk, scope=writer
            ),
        )
        if saved:
            _talk, closed = saved
            messages.success(request, Saved(_talk, closed).message())
            return redirect(back)
    return render(
        request,
        "community/follow_up/form.html",
        {
            "person": person,
            "form": form,
            "back": back,
            "title": _("Change the follow-up talk") if talk else _("New follow-up talk"),
        },
    )


def summary(request):
    ids = selectors.summary_municipality_ids(request.user)
    if not ids:
        raise Http404
    years = int_or_none(request.GET.get("etter"))
    years = years if years in (3, 5) else None
    answers, rows, stays, stay_cells = selectors.summary(ids, years)
    return render(
        request,
        "community/follow_up/summary.html",
        {
            "answers": answers,
            "rows": rows,
            "stay": list(zip(stays, stay_cells, strict=True)),
            "years": years,
        },
    )
