"""Pages of the work module. Thin: the policy opens persons and audits, the access resources decide
on employers, openings and fairs, services change, selectors read, presenters explain."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.resources import CHANGE, EMPLOYERS, JOB_FAIRS, OPENINGS, VIEW
from lagrundt.access.sections import Section
from lagrundt.core.documents import pdf_response, render_pdf
from lagrundt.core.forms import add_errors, int_or_none
from lagrundt.core.paging import page_of
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Municipality

from . import forms, presenters, rules, selectors, services
from .models import (
    CompetenceProfile,
    Employer,
    JobFairEmployer,
    JobFairParticipant,
    Opening,
    Placement,
)
from .vocabulary import CEFR, EmployerKind, LicenceClass, OpeningStatus, PlacementState

LIST_SECTIONS = [Section.IDENTITY, Section.WORK]


# ---------------------------------------------------------------------------- helpers
def _readers_only(request) -> None:
    if not EMPLOYERS.user_has_permission(request.user, VIEW):
        raise Http404


def _person(request, pk: int, *, write: bool = False) -> tuple[Person, policy.Grants]:
    return policy.access_person(
        Actor.from_request(request),
        pk,
        section=Section.WORK,
        write=write,
        queryset=Person.objects.select_related("municipality"),
    )


def _municipalities(ids) -> list[Municipality]:
    return list(Municipality.objects.filter(pk__in=sorted(ids)).order_by("name"))


def _employer(request, pk: int, *, manage: bool = False) -> Employer:
    employer = (
        EMPLOYERS.instances_user_has_permission_for(request.user, VIEW)
        .select_related("municipality")
        .filter(pk=pk)
        .first()
    )
    if employer is None or (
        manage and not EMPLOYERS.user_has_permission_for_instance(request.user, CHANGE, employer)
    ):
        raise Http404
    return employer


def _opening(request, pk: int) -> Opening:
    opening = (
        OPENINGS.instances_user_has_permission_for(request.user, VIEW)
        .select_related("employer", "municipality", "job_fair")
        .filter(pk=pk)
        .first()
    )
    if opening is None:
        raise Http404
    return opening


def _may_manage_opening(user, opening: Opening) -> bool:
    return OPENINGS.user_has_permission_for_instance(user, CHANGE, opening)


def _record(request, persons, channel=AuditChannel.SEARCH):
    return policy.record_list_reads(Actor.from_request(request), persons, LIST_SECTIONS, channel=channel)


def _try(form, call):
    """Run a service; put its refusal on the form. True when it went through."""
    try:
        call()
    except ValidationError as exc:
        add_errors(form, exc)
        return False
    return True


# ---------------------------------------------------------------------------- overview
def index(request):
    _readers_only(request)
    user = request.user
    today = timezone.localdate()
    openings = selectors.open_openings(user)
    placements = selectors.placements_visible_to(user)
    context = {
        "open_openings": openings.count(),
        "new_openings": openings.filter(created_at__date__gte=today - dt.timedelta(days=21)).count(),
        "ongoing": placements.filter(state__in=[PlacementState.AGREED, PlacementState.STARTED]).count(),
        "proposed": placements.filter(state=PlacementState.PROPOSED).count(),
        "fairs": JOB_FAIRS.instances_user_has_permission_for(user, VIEW)
        .filter(held_on__gte=today)
        .order_by("held_on")[:3],
        "can_manage": EMPLOYERS.user_has_permission(user, CHANGE),
    }
    return render(request, "work/index.html", context)


# ---------------------------------------------------------------------------- the competence database
def candidate_list(request):
    _readers_only(request)
    level = request.GET.get("muntlig", "")
    licence = request.GET.get("forerkort", "")
    filters = selectors.CandidateFilter(
        q=request.GET.get("q", "")[:100],
        occupation="".join(ch for ch in request.GET.get("yrke", "") if ch.isdigit())[:4],
        oral_at_least=level if level in CEFR.values else "",
        licence=licence if licence in LicenceClass.values else "",
        municipality_id=int_or_none(request.GET.get("kommune")),
        seeking_only=request.GET.get("alle") != "1",
    )
    page = page_of(
        selectors.candidate_profiles(request.user, filters),
        int_or_none(request.GET.get("side")) or 1,
        related=("person", "person__municipality"),
    )
    prefetch_related_objects(page.items, "experiences")
    _record(request, [p.person for p in page.items])
    context = {
        "page": page,
        "filters": filters,
        "levels": CEFR.values,
        "licences": LicenceClass.choices,
        "municipalities": _municipalities(EMPLOYERS.municipality_ids(request.user, VIEW)),
        "query_string": request.GET.copy(),
    }
    template = (
        "work/candidate_list.html#results"
        if request.headers.get("HX-Request")
        else "work/candidate_list.html"
    )
    return render(request, template, context)


def profile_detail(request, pk: int):
    person, grants = _person(request, pk)
    profile = selectors.profile_of(person)
    placements = list(
        Placement.objects.filter(person=person)
        .select_related("employer", "opening")
        .order_by("-proposed_on", "-pk")
    )
    return render(
        request,
        "work/profile_detail.html",
        {
            "person": person,
            "profile": profile,
            "placements": placements,
            "can_write": grants.can_write(Section.WORK),
            "history": selectors.work_history(person),
            **presenters.profile_labels(profile),
        },
    )


@require_http_methods(["GET", "POST"])
def profile_edit(request, pk: int):
    person, _grants = _person(request, pk, write=True)
    profile = CompetenceProfile.objects.filter(person=person).first() or CompetenceProfile(person=person)
    form = forms.ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in forms.ProfileForm.Meta.fields}
        if _try(
            form, lambda: services.profile_save(actor=Actor.from_request(request), person=person, data=data)
        ):
            messages.success(request, _("The competence profile was saved."))
            return redirect("work:profile_detail", pk=person.pk)
    return render(
        request,
        "work/profile_form.html",
        {"person": person, "form": form, "title": _("Competence profile"), "grouped": True},
    )


_ROWS = {
    "utdanning": (forms.EducationForm, services.education_add, services.education_remove, _("Add education")),
    "erfaring": (
        forms.ExperienceForm,
        services.experience_add,
        services.experience_remove,
        _("Add work experience"),
    ),
    "sprak": (forms.LanguageForm, services.language_add, services.language_remove, _("Add a language")),
}


@require_http_methods(["GET", "POST"])
def profile_row_add(request, pk: int, kind: str):
    if kind not in _ROWS:
        raise Http404
    person, _grants = _person(request, pk, write=True)
    form_class, add, _remove, title = _ROWS[kind]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)
        if _try(form, lambda: add(actor=actor, person=person, data=form.cleaned_data)):
            messages.success(request, _("The competence profile was saved."))
            return redirect("work:profile_detail", pk=person.pk)
    return render(request, "work/profile_form.html", {"person": person, "form": form, "title": title})


@require_POST
def profile_row_remove(request, pk: int, kind: str, row: int):
    if kind not in _ROWS:
        raise Http404
    person, _grants = _person(request, pk, write=True)
    _ROWS[kind][2](actor=Actor.from_request(request), person=person, pk=row)
    messages.success(request, _("Removed from the competence profile."))
    return redirect("work:profile_detail", pk=person.pk)


def person_openings(request, pk: int):
    """The openings ranked for one candidate, each with why."""
    person, grants = _person(request, pk)
    today = timezone.localdate()
    ranked = selectors.rank_for_person(request.user, person, today)
    rows, excluded = [], []
    if ranked is not None:
        for match in ranked.shown:
            opening = ranked.openings[match.opening_id]
            rows.append((opening, match, presenters.explain(match, opening.occupation)))
        for match in ranked.excluded_shown:
            opening = ranked.openings[match.opening_id]
            excluded.append((opening, presenters.exclusion_reasons(match, opening.occupation)))
    return render(
        request,
        "work/person_openings.html",
        {
            "person": person,
            "ranked": ranked,
            "rows": rows,
            "excluded": excluded,
            "can_write": grants.can_write(Section.WORK),
        },
    )


@require_http_methods(["GET", "POST"])
def placement_create(request, pk: int):
    """A placement agreed directly with an employer, without an opening."""
    person, _grants = _person(request, pk, write=True)
    employers = (
        EMPLOYERS.instances_user_has_permission_for(request.user, VIEW).filter(active=True).order_by("name")
    )
    form = forms.DirectPlacementForm(request.POST or None, employers=employers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        employer = data.pop("employer")
        actor = Actor.from_request(request)
        created = {}

        def call():
            created["placement"] = services.placement_create(
                actor=actor, person=person, employer=employer, data=data
            )

        if _try(form, call):
            messages.success(request, _("The placement was registered as proposed."))
            return redirect("work:placement_detail", pk=created["placement"].pk)
    return render(
        request, "work/profile_form.html", {"person": person, "form": form, "title": _("New placement")}
    )


# ---------------------------------------------------------------------------- employers
def employer_list(request):
    _readers_only(request)
    employers = EMPLOYERS.instances_user_has_permission_for(request.user, VIEW).select_related("municipality")
    kind = request.GET.get("sektor", "")
    if kind in EmployerKind.values:
        employers = employers.filter(kind=kind)
    municipality_id = int_or_none(request.GET.get("kommune"))
    if municipality_id:
        employers = employers.filter(municipality_id=municipality_id)
    q = request.GET.get("q", "").strip()[:100]
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
            "municipalities": _municipalities(EMPLOYERS.municipality_ids(request.user, VIEW)),
            "can_manage": EMPLOYERS.user_has_permission(request.user, CHANGE),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def employer_create(request):
    ids = EMPLOYERS.municipality_ids(request.user, CHANGE)
    if not ids:
        raise Http404
    form = forms.EmployerForm(
        request.POST or None, municipalities=Municipality.objects.filter(pk__in=sorted(ids))
    )
    created = {}
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)

        def call():
            created["employer"] = services.employer_create(actor=actor, data=form.cleaned_data)

        if _try(form, call):
            messages.success(request, _("The employer was registered."))
            return redirect("work:employer_detail", pk=created["employer"].pk)
    return render(
        request,
        "work/form.html",
        {"form": form, "title": _("New employer"), "back": reverse("work:employer_list")},
    )


@require_http_methods(["GET", "POST"])
def employer_edit(request, pk: int):
    employer = _employer(request, pk, manage=True)
    ids = EMPLOYERS.municipality_ids(request.user, CHANGE)
    form = forms.EmployerForm(
        request.POST or None,
        instance=employer,
        municipalities=Municipality.objects.filter(pk__in=sorted(ids)),
    )
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)
        data = {f: form.cleaned_data[f] for f in forms.EmployerForm.Meta.fields}
        if _try(form, lambda: services.employer_update(actor=actor, employer=employer, data=data)):
            messages.success(request, _("The changes were saved."))
            return redirect("work:employer_detail", pk=employer.pk)
    back = reverse("work:employer_detail", args=[employer.pk])
    return render(request, "work/form.html", {"form": form, "title": employer.name, "back": back})


_EMPLOYER_ACTIONS = {
    "contact_person": (
        forms.ContactPersonForm,
        services.contact_person_add,
        _("The contact person was added."),
    ),
    "agreement": (forms.AgreementForm, services.agreement_add, _("The agreement was added.")),
    "contact": (forms.EmployerContactForm, services.employer_contact_record, _("The contact was recorded.")),
}


@require_http_methods(["GET", "POST"])
def employer_detail(request, pk: int):
    employer = _employer(request, pk)
    may_manage = EMPLOYERS.user_has_permission_for_instance(request.user, CHANGE, employer)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and (not may_manage or action not in _EMPLOYER_ACTIONS):
        raise Http404
    bound = {
        key: form_class(request.POST if action == key else None, prefix=key)
        for key, (form_class, _add, _msg) in _EMPLOYER_ACTIONS.items()
    }
    if action:
        form = bound[action]
        _form_class, add, message = _EMPLOYER_ACTIONS[action]
        actor = Actor.from_request(request)
        if form.is_valid() and _try(
            form, lambda: add(actor=actor, employer=employer, data=form.cleaned_data)
        ):
            messages.success(request, message)
            return redirect("work:employer_detail", pk=employer.pk)
    placements = list(
        selectors.placements_visible_to(request.user)
        .filter(employer=employer)
        .select_related("person", "opening")
        .order_by("-proposed_on", "-pk")[:100]
    )
    _record(request, [p.person for p in placements], channel=AuditChannel.PAGE)
    return render(
        request,
        "work/employer_detail.html",
        {
            "employer": employer,
            "may_manage": may_manage,
            "forms": bound,
            "open_form": action,
            "contacts": employer.contacts.all(),
            "agreements": employer.agreements.all(),
            "contact_log": employer.contact_log.select_related("by")[:50],
            "openings": employer.openings.order_by("-created_at")[:50],
            "placements": placements,
        },
    )


@require_POST
def contact_person_remove(request, pk: int, contact: int):
    employer = _employer(request, pk, manage=True)
    services.contact_person_remove(actor=Actor.from_request(request), employer=employer, pk=contact)
    messages.success(request, _("The contact person was removed."))
    return redirect("work:employer_detail", pk=employer.pk)


# ---------------------------------------------------------------------------- openings
def opening_list(request):
    _readers_only(request)
    openings = OPENINGS.instances_user_has_permission_for(request.user, VIEW).select_related(
        "employer", "municipality"
    )
    status = request.GET.get("status", OpeningStatus.OPEN)
    if status in OpeningStatus.values:
        openings = openings.filter(status=status)
    municipality_id = int_or_none(request.GET.get("kommune"))
    if municipality_id:
        openings = openings.filter(municipality_id=municipality_id)
    return render(
        request,
        "work/opening_list.html",
        {
            "openings": openings.order_by("starts_on", "pk")[:500],
            "status": status,
            "statuses": OpeningStatus.choices,
            "municipality_id": municipality_id,
            "municipalities": _municipalities(OPENINGS.municipality_ids(request.user, VIEW)),
            "can_manage": OPENINGS.user_has_permission(request.user, CHANGE),
        },
    )


def _opening_form(request, *, instance=None, requirements=(), data=None):
    ids = OPENINGS.municipality_ids(request.user, VIEW)
    return forms.OpeningForm(
        data,
        instance=instance,
        municipalities=Municipality.objects.filter(pk__in=sorted(ids)),
        fairs=JOB_FAIRS.instances_user_has_permission_for(request.user, VIEW).order_by("-held_on"),
        requirements=requirements,
    )


@require_http_methods(["GET", "POST"])
def opening_create(request):
    employers = EMPLOYERS.instances_user_has_permission_for(request.user, VIEW).filter(
        municipality_id__in=sorted(EMPLOYERS.municipality_ids(request.user, CHANGE)), active=True
    )
    employer = employers.filter(pk=int_or_none(request.GET.get("arbeidsgiver"))).first()
    if employer is None:
        if not employers.exists():
            raise Http404
        return render(request, "work/opening_choose_employer.html", {"employers": employers.order_by("name")})
    form = _opening_form(request, data=request.POST or None)
    created = {}
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)
        data = {f: form.cleaned_data[f] for f in forms.OpeningForm.Meta.fields}
        data["municipality"] = data["municipality"] or employer.municipality
        data["status"] = data["status"] or OpeningStatus.OPEN

        def call():
            created["opening"] = services.opening_create(
                actor=actor, employer=employer, data=data, requirements=form.requirements()
            )

        if _try(form, call):
            messages.success(request, _("The opening was registered. The best candidates are below."))
            return redirect("work:opening_detail", pk=created["opening"].pk)
    return render(
        request,
        "work/opening_form.html",
        {
            "form": form,
            "employer": employer,
            "title": _("New opening at %(employer)s") % {"employer": employer.name},
        },
    )


@require_http_methods(["GET", "POST"])
def opening_edit(request, pk: int):
    opening = _opening(request, pk)
    if not _may_manage_opening(request.user, opening):
        raise Http404
    form = _opening_form(
        request, instance=opening, requirements=list(opening.requirements.all()), data=request.POST or None
    )
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)
        data = {f: form.cleaned_data[f] for f in forms.OpeningForm.Meta.fields}
        data["municipality"] = data["municipality"] or opening.employer.municipality
        if _try(
            form,
            lambda: services.opening_update(
                actor=actor, opening=opening, data=data, requirements=form.requirements()
            ),
        ):
            messages.success(request, _("The changes were saved."))
            return redirect("work:opening_detail", pk=opening.pk)
    return render(
        request,
        "work/opening_form.html",
        {"form": form, "employer": opening.employer, "title": opening.title},
    )


def opening_detail(request, pk: int):
    """An opening, its requirements, and the candidates ranked for it, each with why."""
    opening = _opening(request, pk)
    today = timezone.localdate()
    top = 50 if request.GET.get("vis") == "alle" else 10
    ranked = selectors.rank_for_opening(request.user, opening, today, top=top)
    _record(request, ranked.persons.values())
    rows = [
        (ranked.persons[m.person_id], m, presenters.explain(m, opening.occupation))
        for m in ranked.shown
        if m.person_id in ranked.persons
    ]
    excluded = [
        (ranked.persons[m.person_id], presenters.exclusion_reasons(m, opening.occupation))
        for m in ranked.excluded_shown
        if m.person_id in ranked.persons
    ]
    proposed = set(
        Placement.objects.filter(opening=opening, state__in=rules.ONGOING).values_list("person_id", flat=True)
    )
    return render(
        request,
        "work/opening_detail.html",
        {
            "opening": opening,
            "requirements": [
                (presenters.requirement_text(r.kind, r.value), r.required) for r in opening.requirements.all()
            ],
            "rows": rows,
            "excluded": excluded,
            "ranked": ranked,
            "proposed": proposed,
            "placements": list(
                selectors.placements_visible_to(request.user)
                .filter(opening=opening)
                .select_related("person")
                .order_by("-proposed_on")
            ),
            "may_manage": _may_manage_opening(request.user, opening),
            "is_open": opening.status == OpeningStatus.OPEN,
            "more": len(ranked.ranking.matches) > len(rows) and top < 50,
        },
    )


@require_POST
def opening_propose(request, pk: int):
    opening = _opening(request, pk)
    person, _grants = _person(request, int_or_none(request.POST.get("person")) or 0, write=True)
    try:
        placement = services.placement_propose(
            actor=Actor.from_request(request), person=person, opening=opening
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("work:opening_detail", pk=opening.pk)
    messages.success(
        request,
        _("%(name)s is proposed for %(opening)s. Agree the placement with the employer.")
        % {"name": person.full_name, "opening": opening.title},
    )
    return redirect("work:placement_detail", pk=placement.pk)


# ---------------------------------------------------------------------------- placements
def placement_list(request):
    _readers_only(request)
    state = request.GET.get("status", "ongoing")
    placements = selectors.placements_visible_to(request.user).select_related("person", "employer", "opening")
    if state == "ongoing":
        placements = placements.filter(state__in=rules.ONGOING)
    elif state in PlacementState.values:
        placements = placements.filter(state=state)
    placements = list(placements.order_by("-proposed_on", "-pk")[:300])
    _record(request, [p.person for p in placements])
    return render(
        request,
        "work/placement_list.html",
        {"placements": placements, "state": state, "states": PlacementState.choices},
    )


_MOVES = {
    PlacementState.AGREED: forms.AgreeForm,
    PlacementState.STARTED: forms.StartForm,
    PlacementState.ENDED: forms.EndForm,
    PlacementState.WITHDRAWN: forms.WithdrawForm,
}


@require_http_methods(["GET", "POST"])
def placement_detail(request, pk: int):
    placement = (
        selectors.placements_visible_to(request.user)
        .select_related("person", "employer", "opening", "job_fair")
        .filter(pk=pk)
        .first()
    )
    if placement is None:
        raise Http404
    action = request.POST.get("action") if request.method == "POST" else None
    person, grants = _person(request, placement.person_id, write=bool(action))
    can_write = grants.can_write(Section.WORK)
    next_states = rules.NEXT_STATES.get(placement.state, ())
    move_forms = {
        state: _MOVES[state](request.POST if action == state else None, prefix=state) for state in next_states
    }
    visit_form = forms.VisitForm(request.POST if action == "visit" else None, prefix="visit")
    edit_form = forms.PlacementEditForm(
        request.POST if action == "edit" else None,
        prefix="edit",
        initial={
            f: getattr(placement, f)
            for f in ("starts_on", "ends_on", "hours_per_week", "supervisor", "mentor")
        },
    )
    actor = Actor.from_request(request)
    if action in move_forms:
        form = move_forms[action]
        if form.is_valid() and _try(
            form,
            lambda: services.placement_move(
                actor=actor, placement=placement, to=action, data=form.cleaned_data
            ),
        ):
            messages.success(
                request, _("The placement is now: %(state)s.") % {"state": PlacementState(action).label}
            )
            return redirect("work:placement_detail", pk=placement.pk)
    elif action == "visit":
        if visit_form.is_valid() and _try(
            visit_form,
            lambda: services.visit_add(actor=actor, placement=placement, data=visit_form.cleaned_data),
        ):
            messages.success(request, _("The follow-up was recorded."))
            return redirect("work:placement_detail", pk=placement.pk)
    elif action == "edit":
        if edit_form.is_valid() and _try(
            edit_form,
            lambda: services.placement_update(actor=actor, placement=placement, data=edit_form.cleaned_data),
        ):
            messages.success(request, _("The changes were saved."))
            return redirect("work:placement_detail", pk=placement.pk)
    elif action:
        raise Http404
    return render(
        request,
        "work/placement_detail.html",
        {
            "placement": placement,
            "person": person,
            "can_write": can_write,
            "move_forms": [(state, PlacementState(state).label, form) for state, form in move_forms.items()],
            "visit_form": visit_form,
            "edit_form": edit_form,
            "open_form": action,
            "visits": placement.visits.select_related("by"),
            "ongoing": placement.state in rules.ONGOING,
        },
    )


# ---------------------------------------------------------------------------- the three-weekly meeting
def _meeting(request):
    _readers_only(request)
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
    _record(request, data.persons.values())
    context = _meeting_context(data)
    context.update(
        municipality_id=municipality_id,
        municipalities=_municipalities(EMPLOYERS.municipality_ids(request.user, VIEW)),
        query_string=request.GET.urlencode(),
    )
    return render(request, "work/meeting.html", context)


def meeting_pdf(request):
    data, _municipality_id = _meeting(request)
    _record(request, data.persons.values(), channel=AuditChannel.EXPORT)
    content = render_pdf("work/meeting_pdf.html", _meeting_context(data))
    return pdf_response(content, f"agenda-{data.day:%Y-%m-%d}.pdf")


# ---------------------------------------------------------------------------- statistics
def _year(request) -> int:
    year = int_or_none(request.GET.get("ar"))
    today = timezone.localdate()
    return year if year and 2000 <= year <= today.year + 1 else today.year


def conversion(request):
    from lagrundt.core.charts import Bar, stacked_bars

    year = _year(request)
    data = selectors.conversion(request.user, year)
    if data is None:
        raise Http404
    labels = selectors.outcome_labels()
    # Short names in the legend, which has one line; the table beside the chart has the full ones.
    short = [
        pgettext("chart legend", "Job"),
        pgettext("chart legend", "Extended"),
        pgettext("chart legend", "Education"),
        pgettext("chart legend", "No job"),
    ]
    series = list(zip(("on_time", "late", "not_due", "overdue"), short, strict=True))

    def chart(rows, title):
        bars = [Bar(row.label, [cell.value for cell in row.cells]) for row in rows]
        # Nothing to draw when every count is hidden or zero: the table says it.
        return stacked_bars(bars, series, title=title) if any(v for b in bars for v in b.values) else None

    return render(
        request,
        "work/conversion.html",
        {
            "data": data,
            "year": year,
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
            "labels": labels,
            "sector_chart": chart(
                data.by_sector, _("Placements ended in %(year)s, by sector") % {"year": year}
            ),
            "municipality_chart": chart(
                data.by_municipality, _("Placements ended in %(year)s, by municipality") % {"year": year}
            ),
        },
    )


def pledge(request):
    year = _year(request)
    data = selectors.pledge(request.user, year, timezone.localdate())
    if data is None:
        raise Http404
    _record(request, [p.person for p in data.waiting])
    return render(
        request,
        "work/pledge.html",
        {
            "data": data,
            "year": year,
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
        },
    )


# ---------------------------------------------------------------------------- job fairs
def fair_list(request):
    _readers_only(request)
    fairs = (
        JOB_FAIRS.instances_user_has_permission_for(request.user, VIEW)
        .select_related("municipality")
        .annotate(
            invited_employers=Count("employers", distinct=True),
            invited_participants=Count("participants", distinct=True),
        )
        .order_by("-held_on", "pk")[:200]
    )
    return render(
        request,
        "work/fair_list.html",
        {"fairs": fairs, "can_manage": JOB_FAIRS.user_has_permission(request.user, CHANGE)},
    )


@require_http_methods(["GET", "POST"])
def fair_create(request):
    ids = JOB_FAIRS.municipality_ids(request.user, CHANGE)
    if not ids:
        raise Http404
    form = forms.FairForm(
        request.POST or None, municipalities=Municipality.objects.filter(pk__in=sorted(ids))
    )
    created = {}
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)

        def call():
            created["fair"] = services.fair_create(actor=actor, data=form.cleaned_data)

        if _try(form, call):
            messages.success(request, _("The job fair was registered."))
            return redirect("work:fair_detail", pk=created["fair"].pk)
    return render(
        request,
        "work/form.html",
        {"form": form, "title": _("New job fair"), "back": reverse("work:fair_list")},
    )


@require_http_methods(["GET", "POST"])
def fair_detail(request, pk: int):
    fair = (
        JOB_FAIRS.instances_user_has_permission_for(request.user, VIEW)
        .select_related("municipality")
        .filter(pk=pk)
        .first()
    )
    if fair is None:
        raise Http404
    may_manage = JOB_FAIRS.user_has_permission_for_instance(request.user, CHANGE, fair)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not may_manage:
        raise Http404
    actor = Actor.from_request(request)
    employers = (
        EMPLOYERS.instances_user_has_permission_for(request.user, VIEW)
        .filter(active=True)
        .exclude(pk__in=fair.employers.values("employer_id"))
    )
    persons = list(
        selectors.work_persons(request.user)
        .filter(moved_out_on__isnull=True, competence_profile__seeking=True)
        .exclude(pk__in=fair.participants.values("person_id"))
        .order_by("family_name", "given_name", "pk")[:500]
    )
    employer_form = forms.InviteEmployerForm(
        request.POST if action == "employer" else None,
        prefix="employer",
        employers=employers.order_by("name"),
    )
    participant_form = forms.InviteParticipantForm(
        request.POST if action == "participant" else None, prefix="participant", persons=persons
    )
    outcome_form = forms.OutcomeForm(
        request.POST if action == "outcome" else None,
        prefix="outcome",
        initial={"outcome_note": fair.outcome_note},
    )
    attended = {"yes": True, "no": False}.get(request.POST.get("attended"))
    if action == "employer":
        if employer_form.is_valid() and _try(
            employer_form,
            lambda: services.fair_invite_employer(
                actor=actor, fair=fair, employer=employer_form.cleaned_data["employer"]
            ),
        ):
            return redirect("work:fair_detail", pk=fair.pk)
    elif action == "participant":
        if participant_form.is_valid():
            person, _grants = _person(request, participant_form.cleaned_data["person"], write=True)
            if _try(
                participant_form,
                lambda: services.fair_invite_participant(actor=actor, fair=fair, person=person),
            ):
                return redirect("work:fair_detail", pk=fair.pk)
    elif action == "employer_attended":
        invitation = JobFairEmployer.objects.filter(
            fair=fair, pk=int_or_none(request.POST.get("row"))
        ).first()
        if invitation is None:
            raise Http404
        services.fair_employer_attended(actor=actor, invitation=invitation, attended=attended)
        return redirect("work:fair_detail", pk=fair.pk)
    elif action == "participant_attended":
        invitation = JobFairParticipant.objects.filter(
            fair=fair, pk=int_or_none(request.POST.get("row"))
        ).first()
        if invitation is None:
            raise Http404
        _person(request, invitation.person_id, write=True)
        services.fair_participant_attended(actor=actor, invitation=invitation, attended=attended)
        return redirect("work:fair_detail", pk=fair.pk)
    elif action == "outcome":
        if outcome_form.is_valid():
            services.fair_update(actor=actor, fair=fair, data=outcome_form.cleaned_data)
            messages.success(request, _("The changes were saved."))
            return redirect("work:fair_detail", pk=fair.pk)
    elif action:
        raise Http404
    participants = list(
        fair.participants.filter(person__in=selectors.work_persons(request.user).values("pk")).select_related(
            "person"
        )
    )
    _record(request, [p.person for p in participants], channel=AuditChannel.PAGE)
    return render(
        request,
        "work/fair_detail.html",
        {
            "fair": fair,
            "may_manage": may_manage,
            "invited_employers": fair.employers.select_related("employer"),
            "participants": participants,
            "employer_form": employer_form,
            "participant_form": participant_form,
            "outcome_form": outcome_form,
            "open_form": action,
            "openings": fair.openings.select_related("employer"),
            "placements": list(
                selectors.placements_visible_to(request.user)
                .filter(job_fair=fair)
                .select_related("person", "employer")
            ),
        },
    )
