"""The three-weekly matching meeting: its page and its agenda as a PDF."""

from django.shortcuts import render
from django.utils import timezone

from lagrundt.access.audit import Actor, record
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.resources import EMPLOYERS, VIEW
from lagrundt.core.documents import pdf_response, render_pdf
from lagrundt.core.forms import int_or_none

from .. import presenters, selectors
from .shared import municipalities, readers_only, record_reads


def _meeting(request):
    readers_only(request)
    today = timezone.localdate()
    municipality_id = int_or_none(request.GET.get("kommune"))
    return selectors.meeting(request.user, today, municipality_id=municipality_id), municipality_id


def _meeting_context(data: selectors.Meeting) -> dict:
    openings = []
    for item in data.openings:
        top = [
            (data.persons[m.person_id], m, presenters.explain(m, item.opening.occupation)) for m in item.top
        ]
        openings.append((item, top))
    return {"meeting": data, "openings": openings}


def meeting(request):
    data, municipality_id = _meeting(request)
    record_reads(request, data.persons.values())
    context = _meeting_context(data)
    context.update(
        municipality_id=municipality_id,
        municipalities=municipalities(EMPLOYERS.municipality_ids(request.user, VIEW)),
        query_string=request.GET.urlencode(),
    )
    return render(request, "work/meeting.html", context)


def meeting_pdf(request):
    data, _municipality_id = _meeting(request)
    if data.persons:
        record_reads(request, data.persons.values(), channel=AuditChannel.EXPORT)
    else:  # an agenda that names nobody is still a document taken out of Lagrundt
        record(Actor.from_request(request), action=AuditAction.EXPORT, channel=AuditChannel.EXPORT)
    content = render_pdf("work/meeting_pdf.html", _meeting_context(data))
    return pdf_response(content, f"agenda-{data.day:%Y-%m-%d}.pdf")
