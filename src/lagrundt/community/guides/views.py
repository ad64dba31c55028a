"""The volunteer centre's pages: the volunteer register, a person's or household's guides with the
suggestions, the pairs and their meetings, and the statistics for leadership.

Volunteers are asked of ``access.resources.VOLUNTEERS``; a person's pairs of ``access.policy.access_record``
(record "guide", the COMMUNITY section); a household's through its members (``selectors.household_access``).
Missing and forbidden both answer 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access import policy
from lagrundt.access.audit import Actor, record
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.resources import CHANGE, VIEW, VOLUNTEERS
from lagrundt.access.sections import Section
from lagrundt.community.models import Availability, Volunteer
from lagrundt.core.formats import date_label
from lagrundt.core.forms import error_messages, int_or_none, search_text, submit
from lagrundt.people.languages import Language, language_name
from lagrundt.tenancy.models import Municipality

from . import forms, matching, selectors, services


# ---------------------------------------------------------------------------- helpers
def _keepers_only(request, action: str = VIEW) -> None:
    if not VOLUNTEERS.user_has_permission(request.user, action):
        raise Http404


def _volunteer(request, pk: int, action: str = VIEW) -> Volunteer:
    found = selectors.volunteers(request.user, action).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _record_volunteer_read(request, volunteer: Volunteer) -> None:
    record(
        Actor.from_request(request),
        action=AuditAction.READ,
        channel=AuditChannel.PAGE,
        municipality_id=volunteer.municipality_id,
        section="",
    )


def _languages(codes) -> str:
    return ", ".join(language_name(c) for c in codes or [])


def _availability(codes) -> str:
    return ", ".join(str(Availability(c).label) for c in codes or [] if c in Availability.values)


def _pair_rows(pairs, names=None):
    """Pairs as the tables show them: whom with, the volunteer, kind, dates, last meeting, overdue."""
    today = selectors.today()
    return [
        {
            "pair": p,
            "with": selectors.pair_label(p),
            "volunteer": str(p.volunteer),
            "kind": p.get_kind_display(),
            "starts": date_label(p.starts_on),
            "ends": date_label(p.ends_on) if p.ends_on else "",
            "end_reason": p.get_end_reason_display() if p.end_reason else "",
            "last_meeting": date_label(p.last_meeting) if getattr(p, "last_meeting", None) else "",
            "overdue": p.ends_on is None and selectors.overdue(p, today),
            "reasons": matching.labels(p.reasons, names),
        }
        for p in pairs
    ]


# ---------------------------------------------------------------------------- volunteers
def volunteer_list(request):
    _keepers_only(request)
    status = request.GET.get("status", "active")
    status = status if status in ("active", "ended", "all") else "active"
    language = request.GET.get("sprak", "")
    language = language if language in Language.values else ""
    interest = int_or_none(request.GET.get("interesse"))
    q = search_text(request.GET.get("q"))
    found = list(
        selectors.volunteer_list(request.user, q=q, status=status, language=language, interest=interest)[:500]
    )
    ids = VOLUNTEERS.municipality_ids(request.user, VIEW)
    if found:
        record(
            Actor.from_request(request),
            action=AuditAction.READ,
            channel=AuditChannel.SEARCH,
            municipality_id=found[0].municipality_id if len(ids) == 1 else None,
            section="",
        )
    return render(
        request,
        "community/guides/volunteer_list.html",
        {
            "rows": [
                {
                    "volunteer": v,
                    "languages": _languages(v.languages),
                    "interests": ", ".join(i.name for i in v.interests.all()),
                    "cleared": v.works_with_children and v.police_certificate_seen_on,
                    "active": selectors.is_active(v),
                }
                for v in found
            ],
            "q": q,
            "status": status,
            "statuses": [("active", _("Active")), ("ended", _("Ended")), ("all", _("All"))],
            "language": language,
            "language_choices": Language.choices,
            "interest": interest,
            "interests": selectors.active_interests(ids).order_by("name"),
            "can_manage": VOLUNTEERS.user_has_permission(request.user, CHANGE),
        },
    )


def _managed_municipalities(request):
    return Municipality.objects.filter(pk__in=sorted(VOLUNTEERS.municipality_ids(request.user, CHANGE)))


def _volunteer_form(request, volunteer=None):
    municipalities = _managed_municipalities(request)
    initial = None
    if volunteer is not None:
        initial = {name: getattr(volunteer, name) for name in services.EDITABLE}
        initial["interests"] = list(volunteer.interests.values_list("pk", flat=True))
    return forms.VolunteerForm(
        request.POST or None,
        initial=initial,
        municipalities=municipalities,
        interests=selectors.active_interests([m.pk for m in municipalities]),
        creating=volunteer is None,
    )


@require_http_methods(["GET", "POST"])
def volunteer_create(request):
    _keepers_only(request, CHANGE)
    form = _volunteer_form(request)
    actor = Actor.from_request(request)
    if request.method == "POST" and (
        made := submit(form, lambda data: services.volunteer_save(actor=actor, data=data))
    ):
        messages.success(request, _("The volunteer was registered."))
        return redirect("community:guide_volunteer", pk=made.pk)
    return render(
        request,
        "community/guides/form.html",
        {"form": form, "title": _("Register a volunteer"), "back": reverse("community:guide_volunteers")},
    )


@require_http_methods(["GET", "POST"])
def volunteer_edit(request, pk: int):
    volunteer = _volunteer(request, pk, CHANGE)
    if request.method == "GET":
        _record_volunteer_read(request, volunteer)
    form = _volunteer_form(request, volunteer)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form, lambda data: services.volunteer_save(actor=actor, volunteer=volunteer, data=data)
    ):
        messages.success(request, _("The changes were saved."))
        return redirect("community:guide_volunteer", pk=volunteer.pk)
    back = reverse("community:guide_volunteer", args=[volunteer.pk])
    return render(
        request, "community/guides/form.html", {"form": form, "title": str(volunteer), "back": back}
    )


@require_http_methods(["GET", "POST"])
def volunteer_end(request, pk: int):
    volunteer = _volunteer(request, pk, CHANGE)
    form = forms.EndVolunteerForm(request.POST or None)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form,
        lambda data: services.volunteer_end(
            actor=actor,
            volunteer=volunteer,
            ended_on=data["ended_on"],
            consent_withdrawn=data["consent_withdrawn"],
        ),
    ):
        messages.success(request, _("The volunteer has ended. Their active pairs were ended too."))
        return redirect("community:guide_volunteer", pk=volunteer.pk)
    back = reverse("community:guide_volunteer", args=[volunteer.pk])
    title = _("End %(name)s as a volunteer") % {"name": str(volunteer)}
    return render(request, "community/guides/form.html", {"form": form, "title": title, "back": back})


def volunteer_detail(request, pk: int):
    volunteer = _volunteer(request, pk)
    _record_volunteer_read(request, volunteer)
    pairs = list(selectors.pairs_of_volunteer(request.user, volunteer))
    actor = Actor.from_request(request)
    selectors.record_pair_reads(actor, pairs)
    names = selectors.interest_names(volunteer.municipality_id)
    v = volunteer
    facts = [
        (_("Municipality"), v.municipality.name),
        (_("Phone"), v.phone),
        (_("Email"), v.email),
        (_("Languages besides Norwegian"), _languages(v.languages)),
        (_("Interests"), ", ".join(i.name for i in v.interests.all())),
        (_("Area"), v.area),
        (_("Available"), _availability(v.availability)),
        (_("Birth years of own children"), ", ".join(str(y) for y in v.children_birth_years)),
        (_("Will work with children"), _("Yes") if v.works_with_children else _("No")),
        (
            _("Police certificate seen on"),
            date_label(v.police_certificate_seen_on) if v.police_certificate_seen_on else "",
        ),
        (_("Consent given on"), date_label(v.consent_given_on)),
        (_("Ended on"), date_label(v.ended_on) if v.ended_on else ""),
    ]
    return render(
        request,
        "community/guides/volunteer_detail.html",
        {
            "volunteer": v,
            "facts": [(label, value) for label, value in facts if value],
            "active": selectors.is_active(v),
            "pairs": _pair_rows(pairs, names),
            "hidden_pairs": selectors.hidden_pairs_of_volunteer(request.user, v),
            "can_manage": VOLUNTEERS.user_has_permission_for_instance(request.user, CHANGE, v),
        },
    )


# ---------------------------------------------------------------------------- a person's or household's
def person_guides(request, pk: int):
    person, _grants, writer = policy.access_record(Actor.from_request(request), pk, "guide")
    pairs = list(selectors.pairs_of_person(person))
    household_pairs = []
    if person.household_id:
        household_pairs = list(selectors.pairs_of_household(person.household))
    return render(
        request,
        "community/guides/seeker.html",
        {
            "person": person,
            "title": _("Guide and buddy"),
            "name": f"{person.family_name}, {person.given_name}",
            "consented": person.consents_to_leisure_contact,
            "consent_on": date_label(person.leisure_consent_on) if person.leisure_consent_on else "",
            "pairs": _pair_rows(pairs, selectors.interest_names(person.municipality_id)),
            "household_pairs": _pair_rows(household_pairs),
            "suggest_url": reverse("community:guide_person_suggest", args=[person.pk]) if writer else "",
            "household_url": reverse("community:guide_household", args=[person.household_id])
            if person.household_id
            else "",
        },
    )


def household_guides(request, pk: int):
    actor = Actor.from_request(request)
    household, members, _writer = selectors.household_access(actor, pk)
    writer = _household_writer(request, household)
    pairs = list(selectors.pairs_of_household(household))
    consenting = [m for m in members if m.consents_to_leisure_contact]
    return render(
        request,
        "community/guides/seeker.html",
        {
            "household": household,
            "title": _("Guide and buddy for the household"),
            "name": household.name,
            "members": [f"{m.family_name}, {m.given_name}" for m in members],
            "consented": bool(consenting),
            "pairs": _pair_rows(pairs, selectors.interest_names(household.municipality_id)),
            "suggest_url": reverse("community:guide_household_suggest", args=[household.pk])
            if writer
            else "",
        },
    )


def _household_writer(request, household):
    for member in household.members.all():
        scope = policy.record_writer(request.user, member, "guide")
        if scope is not None:
            return scope
    return None


def _suggest_page(request, *, seeker, municipality_id, consented, name, pair_url, back, context):
    form = forms.SuggestForm(request.GET or None)
    availability = form.cleaned_data["availability"] if form.is_valid() else []
    if availability:
        seeker = matching.Seeker(
            languages=seeker.languages,
            interests=seeker.interests,
            address=seeker.address,
            availability=frozenset(availability),
            children_ages=seeker.children_ages,
        )
    shown = selectors.suggestions(seeker, municipality_id) if consented else []
    return render(
        request,
        "community/guides/suggest.html",
        {
            **context,
            "name": name,
            "form": form,
            "consented": consented,
            "has_children": seeker.has_children,
            "back": back,
            "suggestions": [
                {
                    "volunteer": s.volunteer,
                    "reasons": [r.label for r in s.suggestion.reasons],
                    "url": pair_url(s.volunteer.pk),
                }
                for s in shown
            ],
        },
    )


@require_http_methods(["GET"])
def person_suggest(request, pk: int):
    actor = Actor.from_request(request)
    person, grants, _writer = policy.access_record(actor, pk, "guide", write=True)
    policy.record_section_reads(actor, person, grants, [Section.COMMUNITY], channel=AuditChannel.PAGE)
    return _suggest_page(
        request,
        seeker=selectors.person_seeker(person),
        municipality_id=person.municipality_id,
        consented=person.consents_to_leisure_contact,
        name=f"{person.family_name}, {person.given_name}",
        pair_url=lambda v: reverse("community:guide_person_pair", args=[person.pk, v]),
        back=reverse("community:guide_person", args=[person.pk]),
        context={"person": person},
    )


@require_http_methods(["GET"])
def household_suggest(request, pk: int):
    actor = Actor.from_request(request)
    household, members, _writer = selectors.household_access(actor, pk, write=True)
    policy.record_list_reads(actor, members, [Section.COMMUNITY], channel=AuditChannel.PAGE)
    return _suggest_page(
        request,
        seeker=selectors.household_seeker(household),
        municipality_id=household.municipality_id,
        consented=any(m.consents_to_leisure_contact for m in members),
        name=household.name,
        pair_url=lambda v: reverse("community:guide_household_pair", args=[household.pk, v]),
        back=reverse("community:guide_household", args=[household.pk]),
        context={"household": household},
    )


def _pair_page(request, *, seeker, volunteer, name, back, make):
    names = selectors.interest_names(volunteer.municipality_id)
    found = matching.score(seeker, selectors.candidate_of(volunteer), names)
    reasons = list(found.reasons) if found else []
    form = forms.PairForm(request.POST or None)
    if request.method == "POST" and (
        pair := submit(form, lambda data: make(data, [r.code for r in reasons], seeker.has_children))
    ):
        messages.success(request, _("The pair was made."))
        return redirect("community:guide_pair", pk=pair.pk)
    return render(
        request,
        "community/guides/pair_make.html",
        {
            "form": form,
            "name": name,
            "volunteer": volunteer,
            "reasons": [r.label for r in reasons],
            "back": back,
            "title": _("Pair %(volunteer)s with %(name)s") % {"volunteer": str(volunteer), "name": name},
        },
    )


@require_http_methods(["GET", "POST"])
def person_pair(request, pk: int, volunteer: int):
    actor = Actor.from_request(request)
    person, grants, writer = policy.access_record(actor, pk, "guide", write=True)
    if request.method == "GET":
        policy.record_section_reads(actor, person, grants, [Section.COMMUNITY], channel=AuditChannel.PAGE)
    found = _volunteer(request, volunteer, CHANGE)
    return _pair_page(
        request,
        seeker=selectors.person_seeker(person),
        volunteer=found,
        name=f"{person.family_name}, {person.given_name}",
        back=reverse("community:guide_person_suggest", args=[person.pk]),
        make=lambda data, reasons, children: services.pair_make(
            actor=actor,
            volunteer=found,
            person=person,
            data=data,
            reasons=reasons,
            children=children,
            scope=writer,
        ),
    )


@require_http_methods(["GET", "POST"])
def household_pair(request, pk: int, volunteer: int):
    actor = Actor.from_request(request)
    household, members, writer = selectors.household_access(actor, pk, write=True)
    if request.method == "GET":
        policy.record_list_reads(actor, members, [Section.COMMUNITY], channel=AuditChannel.PAGE)
    found = _volunteer(request, volunteer, CHANGE)
    return _pair_page(
        request,
        seeker=selectors.household_seeker(household),
        volunteer=found,
        name=household.name,
        back=reverse("community:guide_household_suggest", args=[household.pk]),
        make=lambda data, reasons, children: services.pair_make(
            actor=actor,
            volunteer=found,
            household=household,
            data=data,
            reasons=reasons,
            children=children,
            scope=writer,
        ),
    )


# ---------------------------------------------------------------------------- pairs
def pair_detail(request, pk: int):
    actor = Actor.from_request(request)
    pair, _members, writer = selectors.pair_for(actor, pk)
    meetings = list(pair.meetings.all())
    last = meetings[0].held_on if meetings else None
    pair.last_meeting = last
    names = selectors.interest_names(pair.municipality_id)
    return render(
        request,
        "community/guides/pair.html",
        {
            "pair": pair,
            "row": _pair_rows([pair], names)[0],
            "meetings": [date_label(m.held_on) for m in meetings],
            "person_url": reverse("community:guide_person", args=[pair.person_id])
            if pair.person_id
            else reverse("community:guide_household", args=[pair.household_id]),
            "can_write": writer is not None and pair.ends_on is None,
            "meeting_form": forms.MeetingForm(),
            "volunteer_url": reverse("community:guide_volunteer", args=[pair.volunteer_id])
            if VOLUNTEERS.user_has_permission_for_instance(request.user, VIEW, pair.volunteer)
            else "",
        },
    )


@require_POST
def pair_meeting(request, pk: int):
    actor = Actor.from_request(request)
    pair, _members, writer = selectors.pair_for(actor, pk, write=True)
    form = forms.MeetingForm(request.POST)
    if submit(
        form, lambda data: services.meeting_add(actor=actor, pair=pair, held_on=data["held_on"], scope=writer)
    ):
        messages.success(request, _("The meeting was logged."))
    else:
        for message in error_messages(form):
            messages.error(request, message)
    return redirect("community:guide_pair", pk=pair.pk)


@require_http_methods(["GET", "POST"])
def pair_end(request, pk: int):
    actor = Actor.from_request(request)
    pair, members, writer = selectors.pair_for(actor, pk, write=True)
    if request.method == "GET":
        policy.record_list_reads(actor, members, [Section.COMMUNITY], channel=AuditChannel.PAGE)
    form = forms.PairEndForm(request.POST or None)
    if request.method == "POST" and submit(
        form, lambda data: services.pair_end(actor=actor, pair=pair, data=data, scope=writer)
    ):
        messages.success(request, _("The pair has ended."))
        return redirect("community:guide_pair", pk=pair.pk)
    back = reverse("community:guide_pair", args=[pair.pk])
    title = _("End the pair of %(volunteer)s and %(name)s") % {
        "volunteer": str(pair.volunteer),
        "name": selectors.pair_label(pair),
    }
    return render(request, "community/guides/form.html", {"form": form, "title": title, "back": back})


def pair_list(request):
    _keepers_only(request)
    pairs = list(selectors.active_pairs(request.user))
    selectors.record_pair_reads(Actor.from_request(request), pairs)
    rows = _pair_rows(pairs)
    rows.sort(key=lambda r: (not r["overdue"], r["pair"].starts_on))
    return render(
        request,
        "community/guides/pair_list.html",
        {"rows": rows, "overdue": sum(1 for r in rows if r["overdue"]), "days": selectors.FOLLOW_UP_DAYS},
    )


def statistics(request):
    if not VOLUNTEERS.user_has_permission(request.user, "statistics"):
        raise Http404
    return render(request, "community/guides/statistics.html", {**selectors.statistics(request.user)})
