"""Employers: the list, one employer with its contact persons, agreements and contacts, and their forms."""

from django.contrib import messages
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.resources import CHANGE, EMPLOYERS, VIEW
from lagrundt.core.forms import int_or_none, search_text, submit
from lagrundt.tenancy.models import Municipality

from .. import forms, selectors, services
from ..vocabulary import EmployerKind, OpeningStatus
from .shared import employer, municipalities, readers_only, record_reads


def employer_list(request):
    readers_only(request)
    employers = EMPLOYERS.instances_user_has_permission_for(request.user, VIEW).select_related("municipality")
    kind = request.GET.get("sektor", "")
    if kind in EmployerKind.values:
        employers = employers.filter(kind=kind)
    municipality_id = int_or_none(request.GET.get("kommune"))
    if municipality_id:
        employers = employers.filter(municipality_id=municipality_id)
    q = search_text(request.GET.get("q"))
    if q:
        employers = employers.filter(Q(name__icontains=q) | Q(org_number=q.replace(" ", "")))
    employers = employers.annotate(
        last_contact=Max("contact_log__contacted_on"),
        open_openings=Count("openings", filter=Q(openings__status=OpeningStatus.OPEN), distinct=True),
    ).order_by("name", "pk")[:500]
    return render(
        request,
        "work/employer_list.html",
        {
            "employers": employers,
            "kinds": EmployerKind.choices,
            "kind": kind,
            "q": q,
            "municipality_id": municipality_id,
            "municipalities": municipalities(EMPLOYERS.municipality_ids(request.user, VIEW)),
            "can_manage": EMPLOYERS.user_has_permission(request.user, CHANGE),
            "today": timezone.localdate(),
        },
    )


def _managed_municipalities(request):
    return Municipality.objects.filter(pk__in=sorted(EMPLOYERS.municipality_ids(request.user, CHANGE)))


@require_http_methods(["GET", "POST"])
def employer_create(request):
    if not EMPLOYERS.municipality_ids(request.user, CHANGE):
        raise Http404
    form = forms.EmployerForm(request.POST or None, municipalities=_managed_municipalities(request))
    actor = Actor.from_request(request)
    if request.method == "POST" and (
        created := submit(form, lambda data: services.employer_create(actor=actor, data=data))
    ):
        messages.success(request, _("The employer was registered."))
        return redirect("work:employer_detail", pk=created.pk)
    return render(
        request,
        "work/form.html",
        {"form": form, "title": _("New employer"), "back": reverse("work:employer_list")},
    )


@require_http_methods(["GET", "POST"])
def employer_edit(request, pk: int):
    found = employer(request, pk, manage=True)
    form = forms.EmployerForm(
        request.POST or None, instance=found, municipalities=_managed_municipalities(request)
    )
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda data: services.employer_update(
            actor=actor, employer=found, data={f: data[f] for f in forms.EmployerForm.Meta.fields}
        ),
    ):
        messages.success(request, _("The changes were saved."))
        return redirect("work:employer_detail", pk=found.pk)
    back = reverse("work:employer_detail", args=[found.pk])
    return render(request, "work/form.html", {"form": form, "title": found.name, "back": back})


# What is added to an employer from its page, each by its own address (see urls.py): the form, the
# service, and the message when it is done.
_ADDITIONS = {
    "contact_person": (
        forms.ContactPersonForm,
        services.contact_person_add,
        gettext_lazy("The contact person was added."),
    ),
    "agreement": (forms.AgreementForm, services.agreement_add, gettext_lazy("The agreement was added.")),
    "contact": (
        forms.EmployerContactForm,
        services.employer_contact_add,
        gettext_lazy("The contact was recorded."),
    ),
}


def employer_detail(request, pk: int):
    return _employer_page(request, employer(request, pk))


@require_POST
def employer_add(request, pk: int, what: str):
    """A contact person, an agreement or a contact added; on a refusal, the page with the form's errors."""
    found = employer(request, pk, manage=True)
    form_class, add, done = _ADDITIONS[what]
    form = form_class(request.POST, prefix=what)
    actor = Actor.from_request(request)
    if submit(form, lambda data: add(actor=actor, employer=found, data=data)):
        messages.success(request, done)
        return redirect("work:employer_detail", pk=found.pk)
    return _employer_page(request, found, open_form=what, form=form)


def _employer_page(request, found, *, open_form: str = "", form=None):
    placements = list(
        selectors.placements_visible_to(request.user)
        .filter(employer=found)
        .select_related("person", "opening")
        .order_by("-proposed_on", "-pk")[:100]
    )
    record_reads(request, [p.person for p in placements], channel=AuditChannel.PAGE)
    return render(
        request,
        "work/employer_detail.html",
        {
            "employer": found,
            "may_manage": EMPLOYERS.user_has_permission_for_instance(request.user, CHANGE, found),
            "forms": {
                key: form if key == open_form else form_class(prefix=key)
                for key, (form_class, _add, _done) in _ADDITIONS.items()
            },
            "open_form": open_form,
            "contacts": found.contacts.all(),
            "agreements": found.agreements.all(),
            "contact_log": found.contact_log.select_related("by")[:50],
            "openings": found.openings.order_by("-created_at")[:50],
            "placements": placements,
        },
    )


@require_POST
def contact_person_remove(request, pk: int, contact: int):
    found = employer(request, pk, manage=True)
    services.contact_person_remove(actor=Actor.from_request(request), employer=found, pk=contact)
    messages.success(request, _("The contact person was removed."))
    return redirect("work:employer_detail", pk=found.pk)
