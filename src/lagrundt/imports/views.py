"""The import's pages: the kinds and their templates with the upload form, and a job's page (the dry
run's progress, then its errors or its preview and the Import button, then the outcome)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.core.documents import csv_response, xlsx_response

from . import blank, services
from .forms import UploadForm
from .models import ImportStatus


@require_http_methods(["GET", "POST"])
def index(request):
    allowed = services.kinds_for(request.user)
    if not allowed:
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = allowed[form.cleaned_data["kind"]][0]
        job = services.job_start(
            user=request.user,
            kind=kind,
            municipality=form.cleaned_data["municipality"],
            filename=upload.name,
            content=upload.read(),
            language=get_language() or "",
        )
        return redirect("imports:job", pk=job.pk)
    kinds = [
        {
            "key": key,
            "label": kind.label,
            "columns": kind.columns,
            "xlsx": reverse("imports:template", args=[key, "xlsx"]),
            "csv": reverse("imports:template", args=[key, "csv"]),
        }
        for key, (kind, _places) in allowed.items()
    ]
    return render(request, "imports/index.html", {"form": form, "kinds": kinds})


def template(request, kind: str, fmt: str):
    """The blank spreadsheet of a kind the user may import: XLSX with the explanations, or CSV."""
    allowed = services.kinds_for(request.user)
    if kind not in allowed or fmt not in ("xlsx", "csv"):
        raise Http404
    found = allowed[kind][0]
    name = f"{str(found.label).split()[0].lower()}-mal"
    if fmt == "csv":
        return csv_response(blank.data_sheet(found), f"{name}.csv")
    return xlsx_response([blank.data_sheet(found), blank.explanations_sheet(found)], f"{name}.xlsx")


def _job_context(job):
    from .kinds import all_kinds

    kind = all_kinds()[job.kind]
    return {
        "job": job,
        "kind": kind,
        "status_url": reverse("imports:job", args=[job.pk]),
        "apply_url": reverse("imports:job_apply", args=[job.pk]),
        "statuses": ImportStatus,
    }


def job(request, pk: int):
    """The job's page: progress while it runs (htmx asks again every second), then what it found."""
    found = services.job_of(request.user, pk)
    if found is None:
        raise Http404
    context = _job_context(found)
    if request.headers.get("HX-Request"):
        return render(request, "imports/_job_status.html", context)
    return render(request, "imports/job.html", context)


@require_POST
def job_apply(request, pk: int):
    """Import a checked file without errors; its progress and outcome on the job's page."""
    found = services.job_of(request.user, pk)
    if found is None:
        raise Http404
    services.apply_start(found)
    return redirect("imports:job", pk=found.pk)
