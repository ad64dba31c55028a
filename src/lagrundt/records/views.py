"""The records' pages: a person's school, kindergarten and health record for those who read its section,
and the forms for the sector that writes it. Who may do what is asked of ``access.policy.access_record``
(missing and forbidden both answer 404); the services save, audit and close the tasks."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.rules import RECORD_RULES
from lagrundt.core.formats import date_label
from lagrundt.core.forms import submit

from . import forms, selectors, services
from .models import ContactKind, KindergartenPlacement, SchoolPlacement

SCHOOL_EVENTS = ("school.start", "school.start_meeting", "school.level_test")
KINDERGARTEN_EVENTS = ("kindergarten.start", "kindergarten.welcome_talk", "kindergarten.interpreter_talk")
HEALTH_EVENTS = (
    "health.gp",
    "health.tb_screening",
    "health.vaccination",
    *(services.contact_event(code) for code in ContactKind.values),
)


def _closing(person, events) -> list[selectors.Closes]:
    return selectors.closes(person, events)


def _saved(request, saved: services.Saved, kind: str, pk: int):
    messages.success(request, saved.message())
    return redirect(f"records:{kind}", pk=pk)


def _form_page(request, person, kind: str, form, title: str):
    return render(
        request,
        "records/form.html",
        {
            "person": person,
            "form": form,
            "title": title,
            "back": reverse(f"records:{kind}", args=[person.pk]),
        },
    )


def _writing(request, pk: int, kind: str):
    """The person, the writing membership and the closing of the record's events, for a form page; on a
    GET the form shows the record, which is a read of its section."""
    actor = Actor.from_request(request)
    person, grants, writer = policy.access_record(actor, pk, kind, write=True)
    if request.method == "GET":
        policy.record_section_reads(
            actor, person, grants, [RECORD_RULES[kind].section], channel=AuditChannel.PAGE
        )
    return actor, person, writer


# ---------------------------------------------------------------------------- school
def school(request, pk: int):
    person, _grants, writer = policy.access_record(Actor.from_request(request), pk, "school")
    record = selectors.school_record(person)
    return render(
        request,
        "records/school.html",
        {
            "person": person,
            "record": record,
            "active_rows": selectors.school_rows(record.active) if record.active else None,
            "earlier": [(p, selectors.school_rows(p)) for p in record.earlier],
            "decisions": [selectors.decision_rows(d) for d in record.decisions],
            "can_write": writer is not None,
            "closing": _closing(person, SCHOOL_EVENTS),
        },
    )


@require_http_methods(["GET", "POST"])
def school_edit(request, pk: int):
    actor, person, writer = _writing(request, pk, "school")
    placement = SchoolPlacement.objects.filter(person=person, ends_on__isnull=True).first()
    initial = (
        {name: getattr(placement, name) for name in forms.SchoolPlacementForm.base_fields}
        if placement
        else None
    )
    form = forms.SchoolPlacementForm(request.POST or None, initial=initial)
    form.show_closing({c.event: c.titles for c in _closing(person, SCHOOL_EVENTS)})
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.school_placement_save(
                actor=actor, person=person, data=data, placement=placement, scope=writer
            ),
        )
        if saved:
            return _saved(request, saved, "school", person.pk)
    title = _("Change the school place") if placement else _("New school place")
    return _form_page(request, person, "school", form, title)


@require_http_methods(["GET", "POST"])
def school_decision_add(request, pk: int):
    actor, person, writer = _writing(request, pk, "school")
    form = forms.LanguageDecisionForm(request.POST or None)
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.language_decision_add(actor=actor, person=person, data=data, scope=writer),
        )
        if saved:
            return _saved(request, saved, "school", person.pk)
    return _form_page(request, person, "school", form, _("Decision on special language teaching"))


# ---------------------------------------------------------------------------- kindergarten
def kindergarten(request, pk: int):
    person, _grants, writer = policy.access_record(Actor.from_request(request), pk, "kindergarten")
    record = selectors.kindergarten_record(person)
    return render(
        request,
        "records/kindergarten.html",
        {
            "person": person,
            "record": record,
            "active_rows": selectors.kindergarten_rows(record.active) if record.active else None,
            "earlier": [(p, selectors.kindergarten_rows(p)) for p in record.earlier],
            "talks": [date_label(t.held_on) for t in record.talks],
            "can_write": writer is not None,
            "closing": _closing(person, KINDERGARTEN_EVENTS),
        },
    )


@require_http_methods(["GET", "POST"])
def kindergarten_edit(request, pk: int):
    actor, person, writer = _writing(request, pk, "kindergarten")
    placement = KindergartenPlacement.objects.filter(person=person, ends_on__isnull=True).first()
    initial = (
        {name: getattr(placement, name) for name in forms.KindergartenPlacementForm.base_fields}
        if placement
        else None
    )
    form = forms.KindergartenPlacementForm(request.POST or None, initial=initial)
    form.show_closing({c.event: c.titles for c in _closing(person, KINDERGARTEN_EVENTS)})
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.kindergarten_placement_save(
                actor=actor, person=person, data=data, placement=placement, scope=writer
            ),
        )
        if saved:
            return _saved(request, saved, "kindergarten", person.pk)
    title = _("Change the kindergarten place") if placement else _("New kindergarten place")
    return _form_page(request, person, "kindergarten", form, title)


@require_http_methods(["GET", "POST"])
def kindergarten_talk_add(request, pk: int):
    actor, person, writer = _writing(request, pk, "kindergarten")
    form = forms.InterpreterTalkForm(request.POST or None)
    form.show_closing({c.event: c.titles for c in _closing(person, KINDERGARTEN_EVENTS)})
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.interpreter_talk_add(actor=actor, person=person, data=data, scope=writer),
        )
        if saved:
            return _saved(request, saved, "kindergarten", person.pk)
    return _form_page(request, person, "kindergarten", form, _("Interpreter-assisted talk held"))


# ---------------------------------------------------------------------------- health
def health(request, pk: int):
    person, _grants, writer = policy.access_record(Actor.from_request(request), pk, "health")
    view = selectors.health_record(person)
    return render(
        request,
        "records/health.html",
        {
            "person": person,
            "rows": selectors.health_rows(view.record),
            "contacts": [
                selectors.Row(str(c.get_kind_display()), date_label(c.held_on)) for c in view.contacts
            ],
            "can_write": writer is not None,
            "closing": _closing(person, HEALTH_EVENTS),
        },
    )


@require_http_methods(["GET", "POST"])
def health_edit(request, pk: int):
    actor, person, writer = _writing(request, pk, "health")
    record = selectors.health_record(person).record
    initial = {name: getattr(record, name) for name in forms.HealthRecordForm.base_fields} if record else None
    form = forms.HealthRecordForm(request.POST or None, initial=initial)
    form.show_closing({c.event: c.titles for c in _closing(person, HEALTH_EVENTS)})
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.health_record_save(actor=actor, person=person, data=data, scope=writer),
        )
        if saved:
            return _saved(request, saved, "health", person.pk)
    return _form_page(request, person, "health", form, _("GP and arrival checks"))


@require_http_methods(["GET", "POST"])
def health_contact_add(request, pk: int):
    actor, person, writer = _writing(request, pk, "health")
    form = forms.HealthContactForm(request.POST or None)
    form.show_closing({c.event: c.titles for c in _closing(person, HEALTH_EVENTS)})
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.health_contact_add(actor=actor, person=person, data=data, scope=writer),
        )
        if saved:
            return _saved(request, saved, "health", person.pk)
    return _form_page(request, person, "health", form, _("Health talk or examination held"))
