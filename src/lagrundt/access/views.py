"""The data protection officer's view of the audit log: per person and per user, with export.

An officer reads the log of the persons and the users of the municipalities her unit serves; a user
outside them answers 404, as one that does not exist. Each page of a log and each export she opens
is itself an entry: who read whose log. The entries show which fields changed, and their values only
in a section the officer may read (the log keeps no content in the first place, see ``audit``).
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from lagrundt.core.documents import xlsx_response
from lagrundt.core.forms import int_or_none, search_text
from lagrundt.core.paging import page_of
from lagrundt.people import selectors as people_selectors

from . import policy, selectors
from .audit import Actor, record
from .exports import audit_sheet
from .history import audit_log_rows
from .models import AuditAction, AuditChannel
from .sections import Section


def _require_officer(request) -> set[int]:
    if not policy.can_read_audit_log(request.user):
        raise Http404
    return policy.audit_scope(request.user)


def _subject(request, pk: int, municipality_ids: set[int]):
    subject = selectors.user_in_scope(pk, municipality_ids)
    if subject is None:
        raise Http404
    return subject


def _log_read(actor: Actor, *, channel: str, person=None, subject=None) -> None:
    """The officer's own read of a log: an entry naming whose log it was."""
    record(
        actor,
        action=AuditAction.EXPORT if channel == AuditChannel.EXPORT else AuditAction.LOG_READ,
        channel=channel,
        person_id=person.pk if person is not None else None,
        municipality_id=person.municipality_id if person is not None else None,
        subject_user_id=subject.pk if subject is not None else None,
    )


def audit_search(request):
    municipality_ids = _require_officer(request)
    term = search_text(request.GET.get("q"))
    persons = []
    if term.strip():
        persons = list(
            people_selectors.person_search(request.user, people_selectors.PersonFilter(q=term))[:20]
        )
        policy.record_list_reads(
            Actor.from_request(request), persons, [Section.IDENTITY], channel=AuditChannel.SEARCH
        )
    users = selectors.users_matching(term, municipality_ids)
    integrity = selectors.verify_chain(newest=selectors.NEWEST_CHECKED)
    return render(
        request,
        "access/audit_search.html",
        {"q": term, "persons": persons, "users": users, "integrity": integrity},
    )


def _page(request, entries):
    page = page_of(entries, int_or_none(request.GET.get("side")) or 1, size=100, related=("subject_user",))
    return page, audit_log_rows(page.items, selectors.readable_sections(request.user))


def audit_person(request, pk: int):
    _require_officer(request)
    actor = Actor.from_request(request)
    person, _grants = policy.access_person(actor, pk, section=Section.IDENTITY)
    page, rows = _page(request, selectors.audit_for_person(person.pk))
    _log_read(actor, channel=AuditChannel.PAGE, person=person)
    return render(request, "access/audit_person.html", {"person": person, "page": page, "rows": rows})


def audit_user(request, pk: int):
    subject = _subject(request, pk, municipality_ids := _require_officer(request))
    page, rows = _page(request, selectors.audit_for_user(subject, municipality_ids))
    _log_read(Actor.from_request(request), channel=AuditChannel.PAGE, subject=subject)
    return render(request, "access/audit_user.html", {"subject": subject, "page": page, "rows": rows})


def audit_person_export(request, pk: int):
    _require_officer(request)
    actor = Actor.from_request(request)
    person, _grants = policy.access_person(actor, pk, section=Section.IDENTITY, channel=AuditChannel.EXPORT)
    _log_read(actor, channel=AuditChannel.EXPORT, person=person)
    sheet = audit_sheet(
        selectors.audit_for_person(person.pk), _("Audit log"), selectors.readable_sections(request.user)
    )
    return xlsx_response([sheet], f"logg-person-{person.pk}.xlsx")


def audit_user_export(request, pk: int):
    subject = _subject(request, pk, municipality_ids := _require_officer(request))
    _log_read(Actor.from_request(request), channel=AuditChannel.EXPORT, subject=subject)
    sheet = audit_sheet(
        selectors.audit_for_user(subject, municipality_ids),
        _("Audit log"),
        selectors.readable_sections(request.user),
    )
    return xlsx_response([sheet], f"logg-bruker-{subject.pk}.xlsx")
