"""Nav's record of a person: the contact person at Nav, the transition meeting and the status periods.

Written only by Nav (``access.rules.RECORD_RULES["nav"]``); who reads the work section reads it. Every
page opens the person through ``access_record``, which audits the read or refuses with 404.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.core.forms import submit

from .. import forms, services
from ..models import NavFollowUp, NavStatus

KIND = "nav"


def _open(request, pk: int, *, write: bool = False):
    return policy.access_record(Actor.from_request(request), pk, KIND, write=write)


def nav_record(request, pk: int):
    found, _grants, writer = _open(request, pk)
    return render(
        request,
        "work/nav_record.html",
        {
            "person": found,
            "follow_up": NavFollowUp.objects.filter(person=found).first(),
            "statuses": list(NavStatus.objects.filter(person=found).order_by("-from_date", "-pk")),
            "can_write": writer is not None,
        },
    )


def _back(request, found, message: str):
    messages.success(request, message)
    return redirect("work:nav_record", pk=found.pk)


def _form_page(request, found, form, title: str):
    return render(request, "work/nav_form.html", {"person": found, "form": form, "title": title})


@require_http_methods(["GET", "POST"])
def nav_follow_up_edit(request, pk: int):
    found, _grants, writer = _open(request, pk, write=True)
    current = NavFollowUp.objects.filter(person=found).first() or NavFollowUp(person=found)
    form = forms.NavFollowUpForm(request.POST or None, instance=current)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda data: services.nav_follow_up_save(
            actor=actor,
            person=found,
            data={f: data[f] for f in forms.NavFollowUpForm.Meta.fields},
            scope=writer,
        ),
    ):
        return _back(request, found, _("Nav's follow-up was saved."))
    return _form_page(request, found, form, _("Nav follow-up"))


@require_http_methods(["GET", "POST"])
def nav_status_add(request, pk: int):
    found, _grants, writer = _open(request, pk, write=True)
    form = forms.NavStatusForm(request.POST or None)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda data: services.nav_status_save(
            actor=actor,
            person=found,
            data={f: data[f] for f in forms.NavStatusForm.Meta.fields},
            scope=writer,
        ),
    ):
        return _back(request, found, _("The status at Nav was saved."))
    return _form_page(request, found, form, _("New status at Nav"))


@require_http_methods(["GET", "POST"])
def nav_status_edit(request, pk: int, row: int):
    found, _grants, writer = _open(request, pk, write=True)
    current = NavStatus.objects.filter(pk=row, person=found).first()
    if current is None:
        raise Http404
    form = forms.NavStatusForm(request.POST or None, instance=current)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda data: services.nav_status_save(
            actor=actor,
            person=found,
            pk=row,
            data={f: data[f] for f in forms.NavStatusForm.Meta.fields},
            scope=writer,
        ),
    ):
        return _back(request, found, _("The status at Nav was saved."))
    return _form_page(request, found, form, _("Change the status at Nav"))


@require_POST
def nav_status_remove(request, pk: int, row: int):
    found, _grants, writer = _open(request, pk, write=True)
    services.nav_status_remove(actor=Actor.from_request(request), person=found, pk=row, scope=writer)
    return _back(request, found, _("The status at Nav was removed."))
