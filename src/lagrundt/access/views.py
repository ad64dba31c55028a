"""The data protection officer's view of the audit log: per person and per user, with export.

An officer reads the log of the persons and the users of the municipalities her unit serves; a user
outside them answers 404, as one that does not exist. Each page of a log and each export she opens
is itself an entry: who read whose log. The entries show which fields changed, and their values only
in a section the officer may read (the log keeps no content in the first place, see ``audit``).
"""

from django import forms
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lagrundt.core.documents import xlsx_response
from lagrundt.core.forms import int_or_none, search_text, validate_day
from lagrundt.core.paging import page_of
from lagrundt.people import selectors as people_selectors
from lagrundt.tenancy.models import Sector

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


PAGE_SIZE = 50  # entries on a page of a log


class AuditFilterForm(forms.Form):
    """The officer's filters of a log, read from the address (a GET form): what was typed stays, and a
    field that is wrong says so and filters nothing."""

    fra = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        validators=[validate_day],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    til = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        validators=[validate_day],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    handling = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", gettext_lazy("All")), *AuditAction.choices],
    )
    sektor = forms.ChoiceField(
        label=gettext_lazy("Sector"), required=False, choices=[("", gettext_lazy("All")), *Sector.choices]
    )
    bruker = forms.CharField(label=gettext_lazy("User name"), required=False, max_length=150)

    def __init__(self, *args, by_user: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not by_user:  # one user's own log: no user to choose
            del self.fields["bruker"]

    def clean_bruker(self):
        return search_text(self.cleaned_data.get("bruker"), max_length=150)

    def clean(self):
        data = super().clean()
        start, end = data.get("fra"), data.get("til")
        if start and end and start > end:
            self.add_error("til", _("The end of the period is before its start."))
        return data

    def audit_filter(self) -> selectors.AuditFilter:
        """The filter of the fields that are right (a wrong one is left out and shows its error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.AuditFilter(
            start=data.get("fra"),
            end=data.get("til"),
            action=data.get("handling") or "",
            sector=data.get("sektor") or "",
            username=data.get("bruker") or "",
        )


FILTER_FIELDS = ("fra", "til", "handling", "sektor", "bruker")


def _filter_form(request, *, by_user: bool) -> AuditFilterForm:
    return AuditFilterForm({k: request.GET.get(k, "") for k in FILTER_FIELDS}, by_user=by_user)


def _page(request, entries, form: AuditFilterForm) -> dict:
    """A page of the filtered log. The pages after the first hold still: they read the log as it was
    when the first was shown (``upto``, the newest entry then), so the entries the reading itself appends
    do not push an entry onto two pages."""
    entries = selectors.filtered(entries, form.audit_filter())
    upto = int_or_none(request.GET.get("upto")) or selectors.newest_entry_id()
    if upto:
        entries = entries.filter(pk__lte=upto)
    page = page_of(
        entries, int_or_none(request.GET.get("side")) or 1, size=PAGE_SIZE, related=("subject_user",)
    )
    filters = QueryDict(mutable=True)  # the filters in use, kept across pages and in the export
    for key in FILTER_FIELDS:
        if request.GET.get(key):
            filters[key] = request.GET[key]
    pages = filters.copy()
    if upto:
        pages["upto"] = upto
    return {
        "page": page,
        "rows": audit_log_rows(page.items, selectors.readable_sections(request.user)),
        "form": form,
        "query_string": pages,
        "filter_query": filters.urlencode(),
    }


def audit_person(request, pk: int):
    _require_officer(request)
    actor = Actor.from_request(request)
    person, _grants = policy.access_person(actor, pk, section=Section.IDENTITY)
    context = _page(request, selectors.audit_for_person(person.pk), _filter_form(request, by_user=True))
    _log_read(actor, channel=AuditChannel.PAGE, person=person)
    return render(request, "access/audit_person.html", {"person": person, **context})


def audit_user(request, pk: int):
    subject = _subject(request, pk, municipality_ids := _require_officer(request))
    context = _page(
        request, selectors.audit_for_user(subject, municipality_ids), _filter_form(request, by_user=False)
    )
    _log_read(Actor.from_request(request), channel=AuditChannel.PAGE, subject=subject)
    return render(request, "access/audit_user.html", {"subject": subject, **context})


def audit_person_export(request, pk: int):
    """The log as a spreadsheet, with the same filters as the page it was asked from."""
    _require_officer(request)
    actor = Actor.from_request(request)
    person, _grants = policy.access_person(actor, pk, section=Section.IDENTITY, channel=AuditChannel.EXPORT)
    _log_read(actor, channel=AuditChannel.EXPORT, person=person)
    entries = selectors.filtered(
        selectors.audit_for_person(person.pk), _filter_form(request, by_user=True).audit_filter()
    )
    sheet = audit_sheet(entries, _("Audit log"), selectors.readable_sections(request.user))
    return xlsx_response([sheet], f"logg-person-{person.pk}.xlsx")


def audit_user_export(request, pk: int):
    subject = _subject(request, pk, municipality_ids := _require_officer(request))
    _log_read(Actor.from_request(request), channel=AuditChannel.EXPORT, subject=subject)
    entries = selectors.filtered(
        selectors.audit_for_user(subject, municipality_ids),
        _filter_form(request, by_user=False).audit_filter(),
    )
    sheet = audit_sheet(entries, _("Audit log"), selectors.readable_sections(request.user))
    return xlsx_response([sheet], f"logg-bruker-{subject.pk}.xlsx")
