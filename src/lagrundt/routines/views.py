"""Pages for tasks: a sector's worklist, one task with its reasons, a person's timeline. Thin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.sections import Section
from lagrundt.core.forms import add_errors, int_or_none
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Sector
from lagrundt.tenancy.selectors import municipalities_for

from . import presenters, selectors, services
from .forms import TaskDoneForm, TaskNotApplicableForm, TaskPostponeForm
from .models import Task


def task_list(request):
    sectors = sorted(policy.task_sectors(request.user))
    if not sectors:
        raise Http404
    sector = request.GET.get("sektor", "")
    filters = selectors.TaskFilter(
        municipality_id=int_or_none(request.GET.get("kommune")),
        sector=sector if sector in sectors else "",
        mine=request.GET.get("tildelt") == "meg",
        unassigned=request.GET.get("tildelt") == "ingen",
        unit_id=int_or_none(request.GET.get("enhet")),
    )
    today = timezone.localdate()
    groups = selectors.worklist(request.user, filters, today)
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


@require_http_methods(["GET", "POST"])
def task_detail(request, pk: int):
    task = _task_for(request, pk)
    actor = Actor.from_request(request)
    may_act = task.is_open and policy.can_act_on_task(request.user, task) is not None
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not may_act:
        raise Http404
    forms = {
        "done": TaskDoneForm(request.POST if action == "done" else None, prefix="done"),
        "not_applicable": TaskNotApplicableForm(
            request.POST if action == "not_applicable" else None, prefix="na"
        ),
        "postpone": TaskPostponeForm(
            request.POST if action == "postpone" else None, prefix="postpone", current_due=task.due_on
        ),
    }
    if action in ("assign_me", "unassign"):
        services.task_assign(actor=actor, task=task, assignee=request.user if action == "assign_me" else None)
        messages.success(
            request, _("The task is assigned to you.") if action == "assign_me" else _("No one is assigned.")
        )
        return redirect("routines:task_detail", pk=task.pk)
    if action in forms and forms[action].is_valid():
        data = forms[action].cleaned_data
        try:
            if action == "done":
                services.task_complete(actor=actor, task=task, **data)
                messages.success(request, _("The task is marked as done."))
            elif action == "not_applicable":
                services.task_not_applicable(actor=actor, task=task, reason=data["reason"])
                messages.success(request, _("The task is marked as not applicable."))
            else:
                services.task_postpone(actor=actor, task=task, due_on=data["due_on"], reason=data["reason"])
                messages.success(request, _("The task is postponed."))
        except ValidationError as exc:
            add_errors(forms[action], exc)
        else:
            return redirect("routines:task_detail", pk=task.pk)
    policy.record_task_reads(actor, [task], channel=AuditChannel.PAGE)
    return render(
        request,
        "routines/task_detail.html",
        {
            "task": task,
            "explanation": presenters.explain(task),
            "may_act": may_act,
            "forms": forms,
            "open_form": action,
            "today": timezone.localdate(),
        },
    )


def _date(value, default):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


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
    actor = Actor.from_request(request)
    person, grants = policy.access_person(actor, pk, queryset=Person.objects.all(), audit_read=False)
    tasks = selectors.timeline(request.user, person, grants.readable)
    policy.record_task_reads(actor, tasks, channel=AuditChannel.PAGE)
    context = {
        "person": person,
        "rows": presenters.timeline_rows(tasks, timezone.localdate()),
        "shows_identity": grants.can_read(Section.IDENTITY),
    }
    template = "routines/_timeline.html" if request.headers.get("HX-Request") else "routines/timeline.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def notice_settings(request):
    """The user's calendar feed address and daily e-mail: made, replaced or stopped here."""
    from django.conf import settings
    from django.urls import reverse

    from .models import TaskNotice

    if not policy.task_sectors(request.user):
        raise Http404
    feed_url = None
    if request.method == "POST":
        actor = Actor.from_request(request)
        action = request.POST.get("action")
        if action == "new_feed":
            token = services.feed_renew(actor=actor)
            feed_url = settings.BASE_URL + reverse("routines:calendar_feed", args=[token])
            messages.success(
                request, _("A new calendar address is made. Copy it now: it is shown only once.")
            )
        elif action == "stop_feed":
            services.feed_stop(actor=actor)
            messages.success(request, _("The calendar address no longer works."))
            return redirect("routines:notice_settings")
        elif action == "digest":
            services.digest_set(actor=actor, digest=request.POST.get("digest") == "on")
            messages.success(request, _("Your choice is saved."))
            return redirect("routines:notice_settings")
    # Read only: a user who never changed anything sees the defaults, and nothing is stored for them.
    notice = TaskNotice.objects.filter(user=request.user).first() or TaskNotice(user=request.user)
    return render(
        request,
        "routines/notice_settings.html",
        {"notice": notice, "feed_url": feed_url, "has_email": bool(request.user.email)},
    )


@login_not_required
def calendar_feed(request, token: str):
    """An iCalendar feed of the user's tasks, opened by a calendar program with the secret address."""
    from django.http import HttpResponse

    from . import notices

    user = notices.user_for_feed(token)
    if user is None:
        raise Http404
    response = HttpResponse(
        notices.calendar(user, timezone.localdate()), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response
