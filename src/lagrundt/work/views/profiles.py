"""The competence database: candidates, a person's competence profile and the openings ranked for them."""

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access.audit import Actor
from lagrundt.access.resources import EMPLOYERS, VIEW
from lagrundt.access.sections import Section
from lagrundt.core.forms import int_or_none, search_text, submit
from lagrundt.core.paging import page_of

from .. import forms, presenters, selectors, services
from ..models import CompetenceProfile, Placement
from ..vocabulary import CEFR, LicenceClass
from .shared import municipalities, person, readers_only, record_reads


def candidate_list(request):
    readers_only(request)
    level = request.GET.get("muntlig", "")
    licence = request.GET.get("forerkort", "")
    filters = selectors.CandidateFilter(
        q=search_text(request.GET.get("q")),
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
    record_reads(request, [p.person for p in page.items])
    context = {
        "page": page,
        "filters": filters,
        "levels": CEFR.values,
        "licences": LicenceClass.choices,
        "municipalities": municipalities(EMPLOYERS.municipality_ids(request.user, VIEW)),
        "query_string": request.GET.copy(),
    }
    template = (
        "work/candidate_list.html#results"
        if request.headers.get("HX-Request")
        else "work/candidate_list.html"
    )
    return render(request, template, context)


def profile_detail(request, pk: int):
    found, grants = person(request, pk)
    profile = selectors.profile_of(found)
    placements = list(
        Placement.objects.filter(person=found)
        .select_related("employer", "opening")
        .order_by("-proposed_on", "-pk")
    )
    return render(
        request,
        "work/profile_detail.html",
        {
            "person": found,
            "profile": profile,
            "placements": placements,
            "can_write": grants.can_write(Section.WORK),
            "history": selectors.work_history(found),
            **presenters.profile_labels(profile),
        },
    )


def _saved(request, found):
    messages.success(request, _("The competence profile was saved."))
    return redirect("work:profile_detail", pk=found.pk)


@require_http_methods(["GET", "POST"])
def profile_edit(request, pk: int):
    found, _grants = person(request, pk, write=True)
    profile = CompetenceProfile.objects.filter(person=found).first() or CompetenceProfile(person=found)
    form = forms.ProfileForm(request.POST or None, instance=profile)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda data: services.profile_save(
            actor=actor, person=found, data={f: data[f] for f in forms.ProfileForm.Meta.fields}
        ),
    ):
        return _saved(request, found)
    return render(
        request,
        "work/profile_form.html",
        {"person": found, "form": form, "title": _("Competence profile"), "grouped": True},
    )


# The rows of a profile added and removed one by one, by the word in their address.
_ROWS = {
    "utdanning": (
        forms.EducationForm,
        services.education_add,
        services.education_remove,
        gettext_lazy("Add education"),
    ),
    "erfaring": (
        forms.ExperienceForm,
        services.experience_add,
        services.experience_remove,
        gettext_lazy("Add work experience"),
    ),
    "sprak": (
        forms.LanguageForm,
        services.language_add,
        services.language_remove,
        gettext_lazy("Add a language"),
    ),
}


@require_http_methods(["GET", "POST"])
def profile_row_add(request, pk: int, kind: str):
    if kind not in _ROWS:
        raise Http404
    found, _grants = person(request, pk, write=True)
    form_class, add, _remove, title = _ROWS[kind]
    form = form_class(request.POST or None)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(form, lambda data: add(actor=actor, person=found, data=data)):
        return _saved(request, found)
    return render(request, "work/profile_form.html", {"person": found, "form": form, "title": title})


@require_POST
def profile_row_remove(request, pk: int, kind: str, row: int):
    if kind not in _ROWS:
        raise Http404
    found, _grants = person(request, pk, write=True)
    _ROWS[kind][2](actor=Actor.from_request(request), person=found, pk=row)
    messages.success(request, _("Removed from the competence profile."))
    return redirect("work:profile_detail", pk=found.pk)


def person_openings(request, pk: int):
    """The openings ranked for one candidate, each with why."""
    found, grants = person(request, pk)
    ranked = selectors.rank_for_person(request.user, found, timezone.localdate())
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
            "person": found,
            "ranked": ranked,
            "rows": rows,
            "excluded": excluded,
            "can_write": grants.can_write(Section.WORK),
        },
    )
