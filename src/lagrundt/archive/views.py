"""The outbox page and the buttons that queue a letter or try a failed message again. Thin: the letter
kinds decide who may archive what, the services queue and deliver."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lagrundt.access.audit import Actor
from lagrundt.core.forms import int_or_none
from lagrundt.core.paging import page_of

from . import letters, services
from .models import Status

STATUS_COLOURS = {
    Status.PENDING: "info",
    Status.DELIVERING: "info",
    Status.DELIVERED: "neutral",
    Status.ACKNOWLEDGED: "success",
    Status.FAILED: "danger",
}
FILTERS = {"venter": [Status.PENDING, Status.DELIVERING], "feilet": [Status.FAILED]}


def _back(request) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("archive:outbox")


def outbox(request):
    """The messages waiting for, handed to and archived by the archive, newest first."""
    if not any(kind.municipality_ids(request.user) for kind in letters.KINDS.values()):
        raise Http404
    shown = request.GET.get("vis") if request.GET.get("vis") in FILTERS else ""
    queryset = services.visible_to(request.user).defer("xml", "pdf")
    if shown:
        queryset = queryset.filter(status__in=FILTERS[shown])
    page = page_of(queryset.order_by("-created_at", "-pk"), int_or_none(request.GET.get("side")) or 1)
    rows = [
        {
            "message": m,
            "kind": letters.kind_label(m.kind),
            "status": m.get_status_display(),
            "colour": STATUS_COLOURS.get(m.status, "neutral"),
            "error": services.error_text(m),
        }
        for m in page.items
    ]
    return render(
        request,
        "archive/outbox.html",
        {
            "page": page,
            "rows": rows,
            "shown": shown,
            "filters": [("", _("All")), ("venter", _("Waiting")), ("feilet", _("Failed"))],
            "query_string": request.GET.copy(),
        },
    )


@require_POST
def archive(request, kind: str, pk: int):
    """Queue a letter for the archive (the letter's page has the button)."""
    try:
        _queued, created = services.archive_letter(Actor.from_request(request), kind, pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_back(request))
    if created:
        messages.success(request, _("The letter is queued for the archive."))
    else:
        messages.info(request, _("This letter is already in the archive's outbox: it has not changed since."))
    return redirect(_back(request))


@require_POST
def retry(request, pk: int):
    queued = services.visible_to(request.user).filter(pk=pk).first()
    if queued is None:
        raise Http404
    try:
        services.retry(queued=queued)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The message will be delivered again at the next run."))
    return redirect(_back(request))
