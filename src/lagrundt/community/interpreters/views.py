"""The interpreter pages: a person's interpreter uses, the forms to record one (for a person's meeting, a
task or a welcome meeting), the meetings held without an interpreter, and the statistics. Who may do
what is asked of ``access.policy`` and ``access.resources.INTERPRETERS``; missing and forbidden both
answer 404."""

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
from lagrundt.access.resources import INTERPRETERS, WELCOME_MEETINGS
from lagrundt.access.sections import Section
from lagrundt.core.formats import date_label, kroner
from lagrundt.core.forms import int_or_none, submit
from lagrundt.people.languages import language_name
from lagrundt.routines.models import Task

from ..follow_up.selectors import summary_municipality_ids as follow_up_municipalities
from ..models import WelcomeMeeting
from . import forms, selectors, services

# A person's sections a meeting may belong to (not the identity number).
MEETING_SECTIONS = [s for s in Section if s != Section.NATIONAL_ID]


def _use_rows(uses) -> list[dict]:
    return [
        {
            "use": use,
            "language": language_name(use.language),
            "warning": services.lacks_interpreter(use),
            "held": date_label(use.held_on),
            "cost": kroner(use.cost, decimals=2) if use.cost is not None else "",
        }
        for use in uses
    ]


def person_uses(request, pk: int):
    actor = Actor.from_request(request)
    person, grants = policy.access_person(actor, pk, section=Section.IDENTITY)
    sections = [s for s in MEETING_SECTIONS if grants.can_read(s) and s != Section.IDENTITY]
    if not sections:
        raise Http404
    policy.record_section_reads(actor, person, grants, sections, channel=AuditChannel.PAGE)
    uses = selectors.uses_of_person(person, sections).select_related("person")
    return render(
        request,
        "community/interpreters/person.html",
        {
            "person": person,
            "rows": _use_rows(uses),
            "can_write": any(grants.can_write(s) for s in MEETING_SECTIONS),
        },
    )


def _form_page(request, form, *, title: str, back: str, subject: str):
    return render(
        request,
        "community/interpreters/form.html",
        {"form": form, "title": title, "back": back, "subject": subject},
    )


def _saved(request, use, back: str):
    if services.lacks_interpreter(use):
        messages.warning(
            request,
            _("Saved. The person needs an interpreter and the meeting was held without one."),
        )
    else:
        messages.success(request, _("Saved."))
    return redirect(back)


@require_http_methods(["GET", "POST"])
def person_add(request, pk: int):
    actor = Actor.from_request(request)
    person, grants = policy.access_person(actor, pk, section=Section.IDENTITY, audit_read=False)
    writable = [s for s in MEETING_SECTIONS if grants.can_write(s)]
    if not writable:
        raise Http404
    if request.method == "GET":  # the form shows the person's name and interpreter language
        policy.record_section_reads(actor, person, grants, [Section.IDENTITY], channel=AuditChannel.PAGE)
    choices = [(s.value, s.label) for s in writable]
    initial = {"held_on": timezone.localdate(), "language": person.interpreter_language}
    form = forms.InterpreterUseForm(request.POST or None, sections=choices, initial=initial)
    back = reverse("community:interpreter_person", args=[person.pk])
    if request.method == "POST":

        def save(data):
            section = Section(data["section"])
            scope = grants.write[section]
            return services.interpreter_use_add(
                actor=actor, data=data, sector=scope.sector, section=section, person=person, scope=scope
            )

        use = submit(form, save)
        if use:
            return _saved(request, use, back)
    return _form_page(request, form, title=_("Record an interpreter"), back=back, subject=person.full_name)


@require_http_methods(["GET", "POST"])
def task_add(request, task_pk: int):
    actor = Actor.from_request(request)
    task = (
        policy.tasks_visible_to(request.user, Task.objects.filter(pk=int_or_none(task_pk)))
        .select_related("routine", "person", "household")
        .first()
    )
    scope = policy.can_act_on_task(request.user, task) if task is not None else None
    if scope is None:
        raise Http404
    person = task.person
    initial = {"held_on": timezone.localdate(), "language": person.interpreter_language if person else ""}
    form = forms.InterpreterUseForm(request.POST or None, initial=initial)
    back = reverse("routines:task_detail", args=[task.pk])
    if request.method == "POST":
        use = submit(
            form,
            lambda data: services.interpreter_use_add(
                actor=actor,
                data=data,
                sector=scope.sector,
                section=task.section,
                person=person,
                task=task,
                scope=scope,
            ),
        )
        if use:
            return _saved(request, use, back)
    subject = task.routine.title
    return _form_page(request, form, title=_("Record an interpreter for a task"), back=back, subject=subject)


@require_http_methods(["GET", "POST"])
def meeting_add(request, pk: int):
    actor = Actor.from_request(request)
    meeting = WelcomeMeeting.objects.filter(pk=int_or_none(pk)).first()
    if meeting is None or not WELCOME_MEETINGS.user_has_permission_for_instance(
        request.user, "change", meeting
    ):
        raise Http404
    scopes = WELCOME_MEETINGS.scopes(request.user, "change", meeting.municipality_id)
    form = forms.InterpreterUseForm(request.POST or None, initial={"held_on": meeting.held_on})
    back = reverse("community:welcome_meeting", args=[meeting.pk])
    if request.method == "POST":
        use = submit(
            form,
            lambda data: services.interpreter_use_add(
                actor=actor,
                data=data,
                sector=scopes[0].sector,
                section="",
                welcome_meeting=meeting,
                scope=scopes[0],
            ),
        )
        if use:
            return _saved(request, use, back)
    return _form_page(
        request, form, title=_("Record an interpreter at a welcome meeting"), back=back, subject=meeting.place
    )


def missing(request):
    if not INTERPRETERS.user_has_permission(request.user, "view"):
        raise Http404
    uses = list(selectors.without_interpreter(request.user)[:200])
    policy.record_list_reads(
        Actor.from_request(request),
        {u.person.pk: u.person for u in uses}.values(),
        [Section.IDENTITY],
        channel=AuditChannel.PAGE,
    )
    return render(request, "community/interpreters/missing.html", {"rows": _use_rows(uses)})


def statistics(request):
    if not INTERPRETERS.user_has_permission(request.user, "statistics"):
        raise Http404
    years = selectors.years(request.user)
    year = int_or_none(request.GET.get("ar"))
    if year is None or not 1900 <= year <= 2999:
        year = years[0] if years else timezone.localdate().year
    return render(
        request,
        "community/interpreters/statistics.html",
        {
            "year": year,
            "years": years,
            "rows": [
                {"row": row, "cost": kroner(row.cost) if row.cost is not None else None}
                for row in selectors.statistics(request.user, year)
            ],
            "can_view": INTERPRETERS.user_has_permission(request.user, "view"),
            "follow_up_summary": bool(follow_up_municipalities(request.user)),
        },
    )
