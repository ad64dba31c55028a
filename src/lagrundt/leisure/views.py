"""Leisure's pages: the municipality's catalogue, interest list and support schemes for who keeps them
(``access.resources``: culture and the integration service), and a person's leisure and leisure support
for who reads those sections (``access.policy.access_record``; missing and forbidden both answer 404).
The services check, save and audit; a GET writes nothing but the read's audit entries."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.resources import ACTIVITIES, CHANGE, INTERESTS, SUPPORT_SCHEMES, VIEW
from lagrundt.access.rules import RECORD_RULES
from lagrundt.access.sections import Section
from lagrundt.core.formats import date_label, kroner
from lagrundt.core.forms import int_or_none, submit
from lagrundt.tenancy.models import Municipality

from . import forms, selectors, services
from .models import Activity, Interest, Participation, Season, SupportApplication, SupportScheme


def _managed(resource, request):
    ids = resource.municipality_ids(request.user, CHANGE)
    if not ids:
        raise Http404
    return Municipality.objects.filter(pk__in=sorted(ids)).order_by("name")


def _register_form(request, form, title: str, back: str):
    return render(request, "leisure/register_form.html", {"form": form, "title": title, "back": back})


def _instance(resource, request, model, pk: int, action: str = CHANGE):
    obj = get_object_or_404(model, pk=pk)
    if not resource.user_has_permission_for_instance(request.user, action, obj):
        raise Http404
    return obj


def _initial(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names}


# ---------------------------------------------------------------------------- the catalogue
def catalogue(request):
    if not ACTIVITIES.user_has_permission(request.user, VIEW):
        raise Http404
    visible = ACTIVITIES.instances_user_has_permission_for(request.user, VIEW)
    interest_id = int_or_none(request.GET.get("interesse"))
    age = int_or_none(request.GET.get("alder"))
    if age is not None and not 0 <= age <= 120:
        age = None
    low = request.GET.get("lavterskel") == "1"
    season = request.GET.get("sesong", "")
    if season not in Season.values:
        season = ""
    show_all = request.GET.get("alle") == "1"
    activities = selectors.catalogue(
        visible,
        interest_id=interest_id,
        age=age,
        low_threshold=low,
        season=season,
        active_only=not show_all,
    )[:500]
    municipality_ids = ACTIVITIES.municipality_ids(request.user, VIEW)
    return render(
        request,
        "leisure/catalogue.html",
        {
            "activities": activities,
            "interests": Interest.objects.filter(
                municipality_id__in=municipality_ids, active=True
            ).select_related("municipality"),
            "several": len(municipality_ids) > 1,
            "interest_id": interest_id,
            "age": age,
            "low": low,
            "season": season,
            "seasons": Season.choices,
            "show_all": show_all,
            "can_manage": ACTIVITIES.user_has_permission(request.user, CHANGE),
            "manages_interests": INTERESTS.user_has_permission(request.user, VIEW),
            "manages_schemes": SUPPORT_SCHEMES.user_has_permission(request.user, VIEW),
        },
    )


ACTIVITY_FORM_FIELDS = (
    "municipality",
    "organisation",
    "name",
    "description",
    "age_from",
    "age_to",
    "place",
    "cost",
    "cost_note",
    "season",
    "contact",
    "low_threshold",
    "active",
)


@require_http_methods(["GET", "POST"])
def activity_create(request):
    municipalities = _managed(ACTIVITIES, request)
    form = forms.ActivityForm(request.POST or None, municipalities=municipalities)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(form, lambda data: services.activity_save(actor=actor, data=data)):
        messages.success(request, _("The activity was added to the catalogue."))
        return redirect("leisure:catalogue")
    return _register_form(request, form, _("New activity"), reverse("leisure:catalogue"))


@require_http_methods(["GET", "POST"])
def activity_edit(request, pk: int):
    activity = _instance(ACTIVITIES, request, Activity, pk)
    municipalities = Municipality.objects.filter(pk=activity.municipality_id)
    initial = {**_initial(activity, ACTIVITY_FORM_FIELDS), "interests": list(activity.interests.all())}
    form = forms.ActivityForm(request.POST or None, initial=initial, municipalities=municipalities)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form, lambda data: services.activity_save(actor=actor, data=data, activity=activity)
    ):
        messages.success(request, _("Saved."))
        return redirect("leisure:catalogue")
    return _register_form(request, form, _("Change the activity"), reverse("leisure:catalogue"))


# ---------------------------------------------------------------------------- interests
def interest_list(request):
    if not INTERESTS.user_has_permission(request.user, VIEW):
        raise Http404
    interests = (
        INTERESTS.instances_user_has_permission_for(request.user, VIEW)
        .select_related("municipality")
        .order_by("municipality__name", "order", "name")
    )
    return render(
        request,
        "leisure/interests.html",
        {
            "interests": interests,
            "several": len(INTERESTS.municipality_ids(request.user, VIEW)) > 1,
            "can_manage": INTERESTS.user_has_permission(request.user, CHANGE),
        },
    )


@require_http_methods(["GET", "POST"])
def interest_create(request):
    municipalities = _managed(INTERESTS, request)
    form = forms.InterestForm(request.POST or None, municipalities=municipalities)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(form, lambda data: services.interest_save(actor=actor, data=data)):
        messages.success(request, _("The interest was added to the list."))
        return redirect("leisure:interest_list")
    return _register_form(request, form, _("New interest"), reverse("leisure:interest_list"))


@require_http_methods(["GET", "POST"])
def interest_edit(request, pk: int):
    interest = _instance(INTERESTS, request, Interest, pk)
    form = forms.InterestForm(
        request.POST or None,
        initial=_initial(interest, ("municipality", "key", "name", "order", "active")),
        municipalities=Municipality.objects.filter(pk=interest.municipality_id),
    )
    form.fields["key"].disabled = True
    form.fields["municipality"].disabled = True
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form, lambda data: services.interest_save(actor=actor, data=data, interest=interest)
    ):
        messages.success(request, _("Saved."))
        return redirect("leisure:interest_list")
    return _register_form(request, form, _("Change the interest"), reverse("leisure:interest_list"))


# ---------------------------------------------------------------------------- support schemes
SCHEME_FORM_FIELDS = (
    "municipality",
    "key",
    "name",
    "kind",
    "max_amount",
    "children_only",
    "source",
    "assumed",
    "active",
)


def scheme_list(request):
    if not SUPPORT_SCHEMES.user_has_permission(request.user, VIEW):
        raise Http404
    schemes = (
        SUPPORT_SCHEMES.instances_user_has_permission_for(request.user, VIEW)
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )
    return render(
        request,
        "leisure/schemes.html",
        {
            "schemes": schemes,
            "several": len(SUPPORT_SCHEMES.municipality_ids(request.user, VIEW)) > 1,
            "can_manage": SUPPORT_SCHEMES.user_has_permission(request.user, CHANGE),
        },
    )


@require_http_methods(["GET", "POST"])
def scheme_create(request):
    municipalities = _managed(SUPPORT_SCHEMES, request)
    form = forms.SchemeForm(request.POST or None, municipalities=municipalities)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(form, lambda data: services.scheme_save(actor=actor, data=data)):
        messages.success(request, _("The support scheme was added."))
        return redirect("leisure:scheme_list")
    return _register_form(request, form, _("New support scheme"), reverse("leisure:scheme_list"))


@require_http_methods(["GET", "POST"])
def scheme_edit(request, pk: int):
    scheme = _instance(SUPPORT_SCHEMES, request, SupportScheme, pk)
    form = forms.SchemeForm(
        request.POST or None,
        initial=_initial(scheme, SCHEME_FORM_FIELDS),
        municipalities=Municipality.objects.filter(pk=scheme.municipality_id),
    )
    form.fields["key"].disabled = True
    form.fields["municipality"].disabled = True
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form, lambda data: services.scheme_save(actor=actor, data=data, scheme=scheme)
    ):
        messages.success(request, _("Saved."))
        return redirect("leisure:scheme_list")
    return _register_form(request, form, _("Change the support scheme"), reverse("leisure:scheme_list"))


# ---------------------------------------------------------------------------- a person's leisure
def _writing(request, pk: int, kind: str):
    """The person and the writing membership, for a form page; on a GET the form shows the record,
    which is a read of its section."""
    actor = Actor.from_request(request)
    person, grants, writer = policy.access_record(actor, pk, kind, write=True)
    if request.method == "GET":
        policy.record_section_reads(
            actor, person, grants, [RECORD_RULES[kind].section], channel=AuditChannel.PAGE
        )
    return actor, person, writer


def _form_page(request, person, form, title: str, back: str, intro: str = ""):
    return render(
        request,
        "leisure/form.html",
        {"person": person, "form": form, "title": title, "back": back, "intro": intro},
    )


def _saved(request, saved: services.Saved, target: str, pk: int):
    messages.success(request, saved.message())
    return redirect(target, pk=pk)


def person(request, pk: int):
    person, grants, writer = policy.access_record(Actor.from_request(request), pk, "leisure")
    mapping = selectors.mapping_of(person)
    participations = selectors.participations_of(person)
    return render(
        request,
        "leisure/person.html",
        {
            "person": person,
            "age": selectors.age_of(person),
            "mapping": mapping,
            "mapping_interests": list(mapping.interests.all()) if mapping else [],
            "current": [p for p in participations if p.stopped_on is None],
            "earlier": [p for p in participations if p.stopped_on is not None],
            "suggestions": selectors.suggestions(person, mapping),
            "can_write": writer is not None,
            "reads_support": grants.can_read(Section.LEISURE_SUPPORT),
        },
    )


@require_http_methods(["GET", "POST"])
def mapping_edit(request, pk: int):
    actor, person, writer = _writing(request, pk, "leisure")
    mapping = selectors.mapping_of(person)
    initial = (
        {"mapped_on": mapping.mapped_on, "interests": list(mapping.interests.all()), "wishes": mapping.wishes}
        if mapping
        else None
    )
    form = forms.InterestMappingForm(
        request.POST or None, initial=initial, municipality_id=person.municipality_id
    )
    closing = selectors.closing(person)
    if closing:
        form.fields["mapped_on"].help_text = _("Filling this in closes: %(titles)s") % {
            "titles": "; ".join(closing)
        }
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.interest_mapping_save(actor=actor, person=person, data=data, scope=writer),
        )
        if saved:
            return _saved(request, saved, "leisure:person", person.pk)
    title = _("Change the interest mapping") if mapping else _("Map interests")
    return _form_page(request, person, form, title, reverse("leisure:person", args=[person.pk]))


@require_http_methods(["GET", "POST"])
def participation_add(request, pk: int):
    actor, person, writer = _writing(request, pk, "leisure")
    initial = {}
    activity_id = int_or_none(request.GET.get("aktivitet"))
    if activity_id:
        initial["activity"] = activity_id
    form = forms.ParticipationForm(
        request.POST or None, initial=initial, municipality_id=person.municipality_id
    )
    if request.method == "POST":
        saved = submit(
            form, lambda data: services.participation_add(actor=actor, person=person, data=data, scope=writer)
        )
        if saved:
            return _saved(request, saved, "leisure:person", person.pk)
    return _form_page(
        request, person, form, _("Taking part in an activity"), reverse("leisure:person", args=[person.pk])
    )


@require_http_methods(["GET", "POST"])
def participation_stop(request, pk: int, participation: int):
    actor, person, writer = _writing(request, pk, "leisure")
    found = get_object_or_404(
        Participation.objects.select_related("activity"), pk=participation, person=person
    )
    form = forms.StopForm(request.POST or None)
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.participation_stop(
                actor=actor, person=person, participation=found, data=data, scope=writer
            ),
        )
        if saved:
            return _saved(request, saved, "leisure:person", person.pk)
    return _form_page(
        request,
        person,
        form,
        _("Stopped taking part"),
        reverse("leisure:person", args=[person.pk]),
        intro=str(found.activity),
    )


# ---------------------------------------------------------------------------- a person's leisure support
def support(request, pk: int):
    person, grants, writer = policy.access_record(Actor.from_request(request), pk, "leisure_support")
    return render(
        request,
        "leisure/support.html",
        {
            "person": person,
            "applications": selectors.applications_of(person),
            "can_write": writer is not None,
            "reads_leisure": grants.can_read(Section.LEISURE),
        },
    )


@require_http_methods(["GET", "POST"])
def application_add(request, pk: int):
    actor, person, writer = _writing(request, pk, "leisure_support")
    form = forms.ApplicationForm(request.POST or None, municipality_id=person.municipality_id)
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.support_application_add(
                actor=actor, person=person, data=data, scope=writer
            ),
        )
        if saved:
            return _saved(request, saved, "leisure:support", person.pk)
    return _form_page(
        request, person, form, _("New application for support"), reverse("leisure:support", args=[person.pk])
    )


@require_http_methods(["GET", "POST"])
def decision(request, pk: int, application: int):
    actor, person, writer = _writing(request, pk, "leisure_support")
    found = get_object_or_404(
        SupportApplication.objects.select_related("scheme"), pk=application, person=person
    )
    initial = None
    if found.decided_on:
        initial = {
            "decided_on": found.decided_on,
            "granted": "yes" if found.granted else "no",
            "amount_granted": found.amount_granted,
        }
    form = forms.DecisionForm(request.POST or None, initial=initial)
    if found.scheme.max_amount is not None:
        form.fields["amount_granted"].help_text = _(
            "The scheme gives at most %(limit)s per person a year."
        ) % {"limit": kroner(found.scheme.max_amount)}
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.support_decision_save(
                actor=actor, person=person, application=found, data=data, scope=writer
            ),
        )
        if saved:
            return _saved(request, saved, "leisure:support", person.pk)
    intro = f"{found.scheme.name} · {_('applied on')} {date_label(found.applied_on)}"
    return _form_page(
        request,
        person,
        form,
        _("Decision on the application"),
        reverse("leisure:support", args=[person.pk]),
        intro,
    )
