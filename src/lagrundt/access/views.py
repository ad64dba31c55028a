"""The data protection officer's view of the audit log: per person and per user, with export."""

from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lagrundt.core.forms import int_or_none
from lagrundt.core.paging import page_of
from lagrundt.people import selectors as people_selectors

from . import policy, selectors
from .audit import Actor, record
from .exports import audit_workbook
from .models import AuditAction, AuditChannel
from .sections import Section

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_officer(request) -> set[int]:
    if not policy.can_read_audit_log(request.user):
        raise Http404
    return policy.audit_scope(request.user)


def audit_search(request):
    _require_officer(request)
    term = request.GET.get("q", "")[:100]
    persons = []
    if term.strip():
        persons = list(
            people_selectors.person_search(request.user, people_selectors.PersonFilter(q=term))[:20]
        )
        policy.record_list_reads(
            Actor.from_request(request), persons, [Section.IDENTITY], channel=AuditChannel.SEARCH
        )
    users = selectors.users_matching(term)
    return render(request, "access/audit_search.html", {"q": term, "persons": persons, "users": users})


def audit_person(request, pk: int):
    _require_officer(request)
    person, _grants = policy.access_person(Actor.from_request(request), pk, section=Section.IDENTITY)
    page = page_of(selectors.audit_for_person(person.pk), int_or_none(request.GET.get("side")) or 1, size=100)
    return render(request, "access/audit_person.html", {"person": person, "page": page})


def audit_user(request, pk: int):
    municipality_ids = _require_officer(request)
    subject = get_user_model().objects.filter(pk=pk).first()
    if subject is None:
        raise Http404
    page = page_of(
        selectors.audit_for_user(subject.pk, municipality_ids),
        int_or_none(request.GET.get("side")) or 1,
        size=100,
        related=("person",),
    )
    return render(request, "access/audit_user.html", {"subject": subject, "page": page})


def audit_person_export(request, pk: int):
    _require_officer(request)
    actor = Actor.from_request(request)
    person, _grants = policy.access_person(actor, pk, section=Section.IDENTITY, channel=AuditChannel.EXPORT)
    record(
        actor,
        action=AuditAction.EXPORT,
        channel=AuditChannel.EXPORT,
        person_id=person.pk,
        municipality_id=person.municipality_id,
        detail=_("audit log of person"),
    )
    return _xlsx(
        audit_workbook(selectors.audit_for_person(person.pk), _("Audit log")), f"logg-person-{person.pk}.xlsx"
    )


def audit_user_export(request, pk: int):
    municipality_ids = _require_officer(request)
    subject = get_user_model().objects.filter(pk=pk).first()
    if subject is None:
        raise Http404
    record(
        Actor.from_request(request),
        action=AuditAction.EXPORT,
        channel=AuditChannel.EXPORT,
        detail=f"user {pk}",
    )
    return _xlsx(
        audit_workbook(selectors.audit_for_user(subject.pk, municipality_ids), _("Audit log")),
        f"logg-bruker-{subject.pk}.xlsx",
    )


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
