"""Pages for tasks: a sector's worklist, one task with its reasons, a person's timeline. Thin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.sections import Section
from lagrundt.core.formats import date_label
from lagrundt.core.forms import date_or_none, int_or_none, submit
from lagrundt.core.plugins import app_modules
from lagrundt.people import selectors as people_selectors
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Sector
from lagrundt.tenancy.selectors import municipalities_for

from . import coordination, mywork, presenters, selectors, services
from .forms import TaskDoneForm, TaskNotApplicableForm, TaskPostponeForm
from .models import Task, TaskNotice


def task_list(request):
    """The user's sectors' open tasks, filtered by sector, municipality, unit, routine and assignee (me,
    no one, or a colleague of the same units), sorted by due date, person or routine."""
    sectors = sorted(policy.task_sectors(request.user))
    if not sectors:
        raise Http404
    sector = request.GET.get("sektor", "")
    assigned = request.GET.get("tildelt", "")
    routines = selectors.routine_choices(request.user)
    routine = request.GET.get("rutine", "")
    colleagues = selectors.colleagues(request.user)
    sort = request.GET.get("sorter", "")
    filters = selectors.TaskFilter(
        municipality_id=int_or_none(request.GET.get("kommune")),
        sector=sector if sector in sectors else "",
        mine=assigned == "meg",
        unassigned=assigned == "ingen",
        unit_id=int_or_none(request.GET.get("enhet")),
        routine_key=routine if routine in {c.value for c in routines} else "",
        assignee_id=int(assigned) if assigned in {c.value for c in colleagues} else None,
        sort=sort if sort in selectors.SORTS else "due",
    )
    today = timezone.localdate()
    groups = selectors.worklist(request.user, filters, today)
    presenters.name_case_subjects(request.user, (t for g in groups for t in g.tasks))
    policy.record_task_reads(
        Actor.from_request(request), [t for g in groups for t in g.tasks], channel=AuditChannel.SEARCH
    )
    return render(
        request,
        "routines/task_list.html",
        {
            "groups": groups,
            "filters": filters,
            "today": today,
            "sectors": [(s, Sector(s).label) for s in sectors],
            "municipalities": municipalities_for(request.user),
            "units": policy.units_of(request.user),
            "routines": routines,
            "colleagues": colleagues,
            "assigned": assigned if assigned in ("meg", "ingen") or filters.assignee_id else "",
            "sorts": [("due", _("Due date")), ("person", _("Person")), ("routine", _("Routine"))],
        },
    )


def _task_for(request, pk: int) -> Task:
    task = (
        policy.tasks_visible_to(request.user, Task.objects.filter(pk=pk))
        .select_related("routine", "person", "household", "unit", "municipality", "closed_by")
        .first()
    )
    if task is None:
        raise Http404
    return task


def task_detail(request, pk: int):
    return _task_page(request, _task_for(request, pk))


def _task_page(request, task: Task, *, open_form: str = "", form=None):
    """The task's page; ``form`` is the one posted (``open_form``) and refused, shown with its errors."""
    forms = {
        "done": TaskDoneForm(prefix="done"),
        "not_applicable": TaskNotApplicableForm(prefix="na"),
        "postpone": TaskPostponeForm(prefix="postpone", current_due=task.due_on),
    }
    if open_form:
        forms[open_form] = form
    policy.record_task_reads(Actor.from_request(request), [task], channel=AuditChannel.PAGE)
    presenters.name_case_subjects(request.user, [task])
    may_act = _may_act(request, task)
    return render(
        request,
        "routines/task_detail.html",
        {
            "task": task,
            "explanation": presenters.explain(task),
            "may_act": may_act,
            "links": sorted(
                (link for module in app_modules("task_page") for link in module.links(request.user, task)),
                key=lambda link: link.order,
            )
            if may_act
            else [],
            "forms": forms,
            "open_form": open_form,
            "today": timezone.localdate(),
        },
    )


def _may_act(request, task: Task) -> bool:
    return task.is_open and policy.can_act_on_task(request.user, task) is not None


def _task_to_act_on(request, pk: int) -> Task:
    """An open task the user may act on (mark, postpone, assign); 404 otherwise."""
    task = _task_for(request, pk)
    if not _may_act(request, task):
        raise Http404
    return task


def _task_closed(request, task: Task, key: str, form, close, done: str):
    """The task marked done or not applicable, or postponed, from its page; refused, the page again."""
    actor = Actor.from_request(request)
    if submit(form, lambda data: close(actor=actor, task=task, **data)):
        messages.success(request, done)
        return redirect("routines:task_detail", pk=task.pk)
    return _task_page(request, task, open_form=key, form=form)


@require_POST
def task_done(request, pk: int):
    task = _task_to_act_on(request, pk)
    form = TaskDoneForm(request.POST, prefix="done")
    return _task_closed(request, task, "done", form, services.task_complete, _("The task is marked as done."))


@require_POST
def task_not_applicable(request, pk: int):
    task = _task_to_act_on(request, pk)
    form = TaskNotApplicableForm(request.POST, prefix="na")
    return _task_closed(
        request,
        task,
        "not_applicable",
        form,
        services.task_not_applicable,
        _("The task is marked as not applicable."),
    )


@require_POST
def task_postpone(request, pk: int):
    task = _task_to_act_on(request, pk)
    form = TaskPostponeForm(request.POST, prefix="postpone", current_due=task.due_on)
    return _task_closed(request, task, "postpone", form, services.task_postpone, _("The task is postponed."))


@require_POST
def task_assign(request, pk: int):
    """The task given to the user: from its page, back to it; with one click from a list (the form says
    which, ``liste``), the row again for htmx, or the home page without JavaScript."""
    task = _task_to_act_on(request, pk)
    services.task_assign(actor=Actor.from_request(request), task=task, assignee=request.user)
    if "liste" in request.POST:
        return _row_answer(
            request, task, template="routines/_work_row.html", message=_("The task is assigned to you.")
        )
    messages.success(request, _("The task is assigned to you."))
    return redirect("routines:task_detail", pk=task.pk)


@require_POST
def task_unassign(request, pk: int):
    """The task given to no one."""
    task = _task_to_act_on(request, pk)
    services.task_assign(actor=Actor.from_request(request), task=task, assignee=None)
    messages.success(request, _("No one is assigned."))
    return redirect("routines:task_detail", pk=task.pk)


# ---------------------------------------------------------------------------- one click from a list
ROW_LISTS = ("work-mine", "work-unassigned", "task-list")


def _row_answer(request, task: Task, *, template: str, message: str, error: str = ""):
    """The updated row for htmx; without JavaScript, back to the home page with a message."""
    if request.headers.get("HX-Request"):
        listed = request.POST.get("liste", "")
        task = _task_for(request, task.pk)
        presenters.name_case_subjects(request.user, [task])
        policy.record_task_reads(Actor.from_request(request), [task], channel=AuditChannel.PAGE)
        return render(
            request,
            template,
            {
                "task": task,
                "bulk_form": listed if listed in ROW_LISTS else "",
                "today": timezone.localdate(),
                "row_error": error,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, message)
    return redirect("home")


@require_POST
def task_done_today(request, pk: int):
    """The task marked done today, without a note, with one click from a list (htmx: a row that says
    so). Refused (it counts from a later day), the row again with the reason."""
    task = _task_to_act_on(request, pk)
    try:
        services.task_complete(actor=Actor.from_request(request), task=task, done_on=timezone.localdate())
    except ValidationError as error:
        return _row_answer(
            request, task, template="routines/_work_row.html", message="", error=" ".join(error.messages)
        )
    return _row_answer(
        request, task, template="routines/_work_row_done.html", message=_("The task is marked as done.")
    )


# ---------------------------------------------------------------------------- many tasks at once
BACK = {"hjem": "home", "liste": "routines:task_list"}


def _bulk_page(request, action: str, tasks: list, back: str, *, missing=False, problems=None):
    n = len(tasks)
    if action == mywork.DONE:
        question = ngettext(
            "Mark this %(n)d task as done today?", "Mark these %(n)d tasks as done today?", n
        ) % {"n": n}
    else:
        question = ngettext("Assign this %(n)d task to you?", "Assign these %(n)d tasks to you?", n) % {
            "n": n
        }
    presenters.name_case_subjects(request.user, tasks)
    policy.record_task_reads(Actor.from_request(request), tasks, channel=AuditChannel.PAGE)
    return render(
        request,
        "routines/task_bulk.html",
        {
            "action": action,
            "tasks": tasks,
            "question": question,
            "missing": missing,
            "problems": problems or [],
            "back": back,
            "back_url": reverse(BACK[back]),
            "today": timezone.localdate(),
        },
    )


def _bulk_request(request, data):
    if not policy.task_sectors(request.user):
        raise Http404
    action = data.get("handling", "")
    back = data.get("fra", "")
    return (
        action if action in mywork.BULK_ACTIONS else "",
        back if back in BACK else "hjem",
        data.getlist("oppgave"),
    )


def task_bulk(request):
    """The tasks chosen in a list, and the question whether to assign them all to the user or mark them
    all as done today. Nothing is changed until the user confirms."""
    action, back, ids = _bulk_request(request, request.GET)
    tasks, missing = mywork.bulk_tasks(request.user, ids) if action else ([], False)
    return _bulk_page(request, action, tasks, back, missing=missing)


@require_POST
def task_bulk_confirm(request):
    """Confirmed: all the chosen tasks, or none (the page again, saying which task could not be and why)."""
    action, back, ids = _bulk_request(request, request.POST)
    tasks, missing = mywork.bulk_tasks(request.user, ids)
    if not action or not tasks:
        messages.warning(request, _("Choose at least one task."))
        return redirect(BACK[back])
    try:
        n = mywork.bulk_act(actor=Actor.from_request(request), action=action, tasks=tasks, missing=missing)
    except mywork.BulkRefused as refused:
        return _bulk_page(request, action, tasks, back, missing=missing, problems=refused.problems)
    if action == mywork.DONE:
        done = ngettext("%(n)d task is marked as done.", "%(n)d tasks are marked as done.", n) % {"n": n}
    else:
        done = ngettext("%(n)d task is assigned to you.", "%(n)d tasks are assigned to you.", n) % {"n": n}
    messages.success(request, done)
    return redirect(BACK[back])


def _date(value, default):
    return date_or_none(value) or default


def compliance(request):
    """Share of tasks done on time, per sector and routine, for a period: a chart and its table."""
    import datetime as dt

    from lagrundt.core.charts import Bar, stacked_bars

    today = timezone.localdate()
    end = _date(request.GET.get("til"), today)
    start = _date(request.GET.get("fra"), end - dt.timedelta(days=365))
    if start > end:
        start, end = end, start
    rows = selectors.compliance(request.user, start, end, today)
    if rows is None:
        raise Http404
    series = [
        ("on_time", _("Done on time")),
        ("late", _("Done late")),
        ("overdue", _("Open, overdue")),
    ]
    chart = stacked_bars(
        [Bar(row.title, [row.counts[key].value for key, _label in series]) for row in rows],
        series,
        title=_("Tasks due from %(start)s to %(end)s, by routine")
        % {"start": f"{start:%d.%m.%Y}", "end": f"{end:%d.%m.%Y}"},
    )
    return render(
        request,
        "routines/compliance.html",
        {
            "rows": rows,
            "chart": chart,
            "start": start,
            "end": end,
            "aggregated": bool(policy.aggregate_municipality_ids(request.user)),
        },
    )


def person_timeline(request, pk: int):
    """A person's duties over five years: in full where the user reads the section, and to the
    coordinator every other sector's as status only (``coordination``)."""
    actor = Actor.from_request(request)
    person, grants = policy.access_person(
        actor, pk, queryset=Person.objects.select_related("household"), audit_read=False
    )
    household = person.household if grants.can_read(Section.FAMILY) else None
    found = coordination.duties(request.user, [person], household, timezone.localdate())
    _record_duty_reads(actor, found)
    context = {
        "person": person,
        "duties": found,
        "status_only": any(not row.opens for row in found.rows),
        "shows_identity": grants.can_read(Section.IDENTITY),
    }
    template = "routines/_timeline.html" if request.headers.get("HX-Request") else "routines/timeline.html"
    return render(request, template, context)


def _record_duty_reads(actor: Actor, found) -> None:
    policy.record_task_reads(actor, found.opened, channel=AuditChannel.PAGE)
    policy.record_status_reads(actor, found.status_reads, found.scopes, channel=AuditChannel.PAGE)


def household_duties(request, pk: int):
    """The coordinator's whole picture of a household: every sector's duties of its members and of the
    household, as status, with a summary per sector. For who coordinates one of its members."""
    household = (
        policy.households_visible_to(request.user).select_related("municipality").filter(pk=pk).first()
    )
    if household is None:
        raise Http404
    members = list(policy.visible_to(request.user).filter(household=household).order_by("birth_date", "pk"))
    if not policy.coordinating_scopes(request.user, members):
        raise Http404
    found = coordination.duties(request.user, members, household, timezone.localdate())
    actor = Actor.from_request(request)
    policy.record_list_reads(actor, members, [Section.IDENTITY, Section.FAMILY], channel=AuditChannel.PAGE)
    _record_duty_reads(actor, found)
    states = list(coordination.STATE_LABELS.items())
    summary = [
        {"label": s.label, "cells": [s.counts.get(key, 0) for key, _label in states]} for s in found.summary
    ]
    return render(
        request,
        "routines/household_duties.html",
        {"household": household, "duties": found, "states": states, "summary": summary},
    )


def household_started(request, pk: int):
    """What registering a household set in motion: its open tasks by sector and person, the next step
    for the coordinator, and persons or households already registered that it may repeat."""
    household = (
        policy.households_visible_to(request.user).select_related("municipality").filter(pk=pk).first()
    )
    if household is None:
        raise Http404
    today = timezone.localdate()
    members = list(policy.visible_to(request.user).filter(household=household).order_by("birth_date", "pk"))
    work = selectors.started_work(request.user, household, members, today)
    duplicates = people_selectors.possible_duplicates(request.user, household, members)
    named = list({p.pk: p for _member, same in duplicates.persons for p in same}.values())
    actor = Actor.from_request(request)
    policy.record_list_reads(actor, members, [Section.IDENTITY, Section.FAMILY], channel=AuditChannel.PAGE)
    policy.record_list_reads(actor, named, [Section.IDENTITY], channel=AuditChannel.PAGE)
    policy.record_task_reads(actor, work.tasks, channel=AuditChannel.PAGE)
    policy.record_status_reads(
        actor, [r for row in work.others for r in row.reads], work.scopes or {}, channel=AuditChannel.PAGE
    )
    return render(
        request,
        "routines/household_started.html",
        {
            "household": household,
            "work": work,
            "duplicate_persons": [(p, date_label(p.birth_date)) for p in named],
            "duplicate_households": duplicates.households,
        },
    )


def _notices_page(request, *, feed_url: str | None = None):
    """The user's calendar feed address and daily e-mail. Read only: a user who never changed anything
    sees the defaults, and nothing is stored for them."""
    if not policy.task_sectors(request.user):
        raise Http404
    notice = TaskNotice.objects.filter(user=request.user).first() or TaskNotice(user=request.user)
    return render(
        request,
        "routines/notice_settings.html",
        {"notice": notice, "feed_url": feed_url, "has_email": bool(request.user.email)},
    )


def notice_settings(request):
    return _notices_page(request)


def _notices_to_change(request) -> Actor:
    if not policy.task_sectors(request.user):
        raise Http404
    return Actor.from_request(request)


@require_POST
def notice_feed_new(request):
    """A new calendar address (the old one stops working), shown once on the page: not stored readable."""
    token = services.feed_renew(actor=_notices_to_change(request))
    messages.success(request, _("A new calendar address is made. Copy it now: it is shown only once."))
    # The address is built on the host the user has open, so it works wherever Lagrundt is reached.
    return _notices_page(
        request, feed_url=request.build_absolute_uri(reverse("routines:calendar_feed", args=[token]))
    )


@require_POST
def notice_feed_stop(request):
    services.feed_stop(actor=_notices_to_change(request))
    messages.success(request, _("The calendar address no longer works."))
    return redirect("routines:notice_settings")


@require_POST
def notice_digest(request):
    """The daily e-mail turned on or off: the box ticked or not."""
    services.digest_set(actor=_notices_to_change(request), digest=request.POST.get("digest") == "on")
    messages.success(request, _("Your choice is saved."))
    return redirect("routines:notice_settings")


@login_not_required
def calendar_feed(request, token: str):
    """An iCalendar feed of the user's tasks, opened by a calendar program with the secret address."""
    from django.http import HttpResponse

    from . import notices

    user = notices.user_for_feed(token)
    if user is None:
        raise Http404
    response = HttpResponse(
        notices.calendar(user, timezone.localdate(), base_url=request.build_absolute_uri("/").rstrip("/")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    return response
