"""Pages of data subject rights and retention. Thin: ``permissions`` decides, ``subject_access`` and
``retention`` read and change, and the access policy audits."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access import policy
from lagrundt.access.audit import Actor, record
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.resources import VIEW
from lagrundt.access.sections import Section
from lagrundt.core.documents import pdf_response
from lagrundt.core.forms import int_or_none
from lagrundt.core.paging import MAX_PAGE, PAGE_SIZE, Page
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Municipality

from . import permissions, retention, subject_access
from .forms import ApproveForm, SubjectAccessForm
from .models import RetentionRun
from .permissions import APPROVE, RETENTION, SUBJECT_ACCESS
from .tasks import carry_out_retention_run


# ---------------------------------------------------------------------------- innsyn
@never_cache
@require_http_methods(["GET", "POST"])
def subject_access_page(request, pk: int):
    """Pick language and format, and get the document (POST): what Lagrundt holds about the person."""
    actor = Actor.from_request(request)
    person, grants = policy.access_person(
        actor, pk, queryset=Person.objects.select_related("municipality"), audit_read=False
    )
    if not SUBJECT_ACCESS.user_has_permission_for_instance(request.user, permissions.PRODUCE, person):
        record(
            actor,
            action=AuditAction.DENIED,
            channel=AuditChannel.PAGE,
            person_id=person.pk,
            municipality_id=person.municipality_id,
            section=Section.IDENTITY,
            detail="innsyn",
        )
        raise Http404
    form = SubjectAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        content, filename = subject_access.produce(
            actor=actor,
            person=person,
            grants=grants,
            language=form.cleaned_data["language"],
            kind=form.cleaned_data["kind"],
        )
        if form.cleaned_data["kind"] == subject_access.PDF:
            return pdf_response(content, filename, inline=False)
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    policy.record_section_reads(actor, person, grants, [Section.IDENTITY], channel=AuditChannel.PAGE)
    context = {
        "person": person,
        "form": form,
        "included": [s.label for s in Section if grants.can_read(s)],
        "omitted": [(s.label, permissions.holders(s.value)) for s in Section if not grants.can_read(s)],
    }
    return render(request, "privacy/subject_access_page.html", context)


# ---------------------------------------------------------------------------- retention
def _persons_page(plan: retention.Plan, number: int) -> tuple[Page, dict[int, retention.DuePerson]]:
    """The due persons in name order, a page at a time (the whole list is in the plan)."""
    due = {d.person_id: d for d in plan.persons}
    ids = sorted(due)
    names: list[tuple] = []
    for start in range(0, len(ids), 500):
        names += Person.objects.filter(pk__in=ids[start : start + 500]).values_list(
            "family_name", "given_name", "pk"
        )
    ordered = [pk for _family, _given, pk in sorted(names)]
    number = max(1, min(number, MAX_PAGE))
    start = (number - 1) * PAGE_SIZE
    shown = ordered[start : start + PAGE_SIZE]
    by_id = Person.objects.in_bulk(shown)
    page = Page(
        items=[by_id[pk] for pk in shown if pk in by_id],
        number=number,
        has_previous=number > 1,
        has_next=len(ordered) > start + PAGE_SIZE,
    )
    return page, due


@never_cache
def retention_page(request):
    """The rules in force, what is due now (the dry run: it writes nothing), approval, and past runs."""
    allowed = RETENTION.municipality_ids(request.user, VIEW)
    if not allowed:
        raise Http404
    municipalities = list(Municipality.objects.filter(pk__in=sorted(allowed)).order_by("name"))
    chosen = int_or_none(request.GET.get("kommune"))
    municipality = next((m for m in municipalities if m.pk == chosen), None)
    if municipality is None:  # the first where something is due, or the first
        plans = ((m, retention.due(m.pk)) for m in municipalities)
        municipality, plan = next(((m, p) for m, p in plans if p.items), (municipalities[0], None))
    else:
        plan = None
    plan = plan or retention.due(municipality.pk)
    page, due = _persons_page(plan, int_or_none(request.GET.get("side")) or 1)
    policy.record_list_reads(
        Actor.from_request(request), page.items, [Section.IDENTITY], channel=AuditChannel.SEARCH
    )
    context = {
        "municipality": municipality,
        "municipalities": municipalities,
        "rules": retention.rules_for(municipality.pk),
        "plan": plan,
        "counts": retention.dry_run(plan),
        "page": page,
        "rows": [(p, due[p.pk], [Section(s).label for s in due[p.pk].sections]) for p in page.items],
        "form": ApproveForm(initial={"municipality": municipality.pk, "shown": plan.fingerprint}),
        "may_approve": RETENTION.user_has_permission_for_instance(request.user, APPROVE, municipality),
        "runs": list(
            RetentionRun.objects.filter(municipality=municipality).select_related("approved_by")[:20]
        ),
        "persons_due": len(plan.persons),
    }
    return render(request, "privacy/retention.html", context)


@require_POST
def retention_approve(request):
    if not RETENTION.user_has_permission(request.user, APPROVE):
        raise Http404
    form = ApproveForm(request.POST)
    back = reverse("privacy:retention")
    if not form.is_valid():
        messages.error(
            request, _("The approval did not say what was shown. Open the list and approve again.")
        )
        return redirect(back)
    municipality_id = form.cleaned_data["municipality"]
    if municipality_id not in RETENTION.municipality_ids(request.user, APPROVE):
        raise Http404
    back = f"{back}?kommune={municipality_id}"
    try:
        run = retention.run_approve(
            actor=Actor.from_request(request),
            municipality_id=municipality_id,
            shown=form.cleaned_data["shown"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    carry_out_retention_run.enqueue(run.pk)
    messages.success(
        request,
        ngettext(
            "The anonymisation of %(count)d person was approved. It is carried out in the background.",
            "The anonymisation of %(count)d persons was approved. It is carried out in the background.",
            run.persons,
        )
        % {"count": run.persons},
    )
    return redirect(back)
