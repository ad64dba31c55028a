"""The welcome pages: the meetings and letter templates of the municipalities the user keeps them for, a
meeting's invitations and attendance, and a person's welcome letter (PDF) and invitations. Who may do
what is asked of ``access.resources`` (WELCOME_MEETINGS, WELCOME_LETTERS) and ``access.policy``
(the person's "welcome" record); missing and forbidden both answer 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.resources import WELCOME_LETTERS, WELCOME_MEETINGS
from lagrundt.access.sections import Section
from lagrundt.core.documents import pdf_response, render_pdf
from lagrundt.core.formats import date_label
from lagrundt.core.forms import int_or_none, submit
from lagrundt.people.languages import direction, language_name
from lagrundt.routines.services import Saved
from lagrundt.tenancy.models import Municipality

from ..follow_up.selectors import summary_municipality_ids as follow_up_municipalities
from ..models import WelcomeLetterTemplate, WelcomeMeeting
from . import forms, selectors, services

KIND = "welcome"


def index(request):
    if not WELCOME_MEETINGS.user_has_permission(request.user, "view"):
        raise Http404
    meetings = [{"meeting": m, "held": date_label(m.held_on)} for m in selectors.meetings(request.user)[:100]]
    templates = [
        {"template": t, "language": language_name(t.language)} for t in selectors.templates(request.user)
    ]
    return render(
        request,
        "community/welcome/index.html",
        {
            "meetings": meetings,
            "templates": templates,
            "can_change": bool(WELCOME_MEETINGS.municipality_ids(request.user, "change")),
            "follow_up_summary": bool(follow_up_municipalities(request.user)),
        },
    )


# ---------------------------------------------------------------------------- letter templates
def _managed(request, resource):
    return list(Municipality.objects.filter(pk__in=sorted(resource.municipality_ids(request.user, "change"))))


@require_http_methods(["GET", "POST"])
def template_edit(request, pk: int | None = None):
    template = None
    if pk is not None:
        template = (
            WelcomeLetterTemplate.objects.filter(pk=int_or_none(pk)).select_related("municipality").first()
        )
        if template is None or not WELCOME_LETTERS.user_has_permission_for_instance(
            request.user, "change", template
        ):
            raise Http404
    managed = _managed(request, WELCOME_LETTERS)
    if not managed:
        raise Http404
    municipality = template.municipality if template else managed[0]
    if template is None:
        wanted = int_or_none(request.GET.get("kommune"))
        municipality = next((m for m in managed if m.pk == wanted), municipality)
    initial = (
        {"language": template.language, "title": template.title, "body": template.body} if template else None
    )
    form = forms.LetterTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.letter_template_save(
                actor=Actor.from_request(request), municipality=municipality, data=data, template=template
            ),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("community:welcome_index")
    return render(
        request,
        "community/welcome/template_form.html",
        {
            "form": form,
            "municipality": municipality,
            "title": _("Change the welcome letter") if template else _("New welcome letter"),
        },
    )


# ---------------------------------------------------------------------------- meetings
@require_http_methods(["GET", "POST"])
def meeting_new(request):
    managed = _managed(request, WELCOME_MEETINGS)
    if not managed:
        raise Http404
    form = forms.MeetingForm(request.POST or None, municipalities=managed)
    if request.method == "POST":

        def create(data):
            municipality = next(m for m in managed if m.pk == data["municipality"])
            scopes = WELCOME_MEETINGS.scopes(request.user, "change", municipality.pk)
            return services.meeting_create(
                actor=Actor.from_request(request),
                municipality=municipality,
                data=data,
                visible=policy.visible_to(request.user, section=Section.COMMUNITY),
                scope=scopes[0] if scopes else None,
            )

        meeting = submit(form, create)
        if meeting:
            messages.success(request, _("Saved. %(count)s invited.") % {"count": meeting.invitations.count()})
            return redirect("community:welcome_meeting", pk=meeting.pk)
    return render(request, "community/welcome/meeting_form.html", {"form": form})


def _meeting_for(request, pk: int, action: str = "view") -> WelcomeMeeting:
    meeting = WelcomeMeeting.objects.filter(pk=int_or_none(pk)).select_related("municipality").first()
    if meeting is None or not WELCOME_MEETINGS.user_has_permission_for_instance(
        request.user, action, meeting
    ):
        raise Http404
    return meeting


def _meeting_page(request, meeting, *, error: str = ""):
    invited = selectors.invitations(request.user, meeting)
    policy.record_list_reads(
        Actor.from_request(request),
        [i.person for i in invited],
        [Section.COMMUNITY],
        channel=AuditChannel.PAGE,
    )
    today = timezone.localdate()
    return render(
        request,
        "community/welcome/meeting.html",
        {
            "meeting": meeting,
            "held": date_label(meeting.held_on),
            "invited": invited,
            "came": sum(1 for i in invited if i.attended),
            "needs": selectors.interpreter_needs(invited),
            "may_record_attendance": today >= meeting.held_on
            and WELCOME_MEETINGS.user_has_permission_for_instance(request.user, "change", meeting),
            "can_change": WELCOME_MEETINGS.user_has_permission_for_instance(request.user, "change", meeting),
            "error": error,
            "interpreters": meeting.interpreter_uses.all(),
        },
        status=400 if error else 200,
    )


def meeting_detail(request, pk: int):
    return _meeting_page(request, _meeting_for(request, pk))


@require_POST
def meeting_attendance(request, pk: int):
    meeting = _meeting_for(request, pk, "change")
    invited = selectors.invitations(request.user, meeting)
    came = {int_or_none(v) for v in request.POST.getlist("came")} - {None}
    scopes = WELCOME_MEETINGS.scopes(request.user, "change", meeting.municipality_id)
    try:
        services.attendance_save(
            actor=Actor.from_request(request),
            meeting=meeting,
            came=came,
            invitations=invited,
            scope=scopes[0] if scopes else None,
        )
    except ValidationError as exc:
        return _meeting_page(request, meeting, error=" ".join(exc.messages))
    messages.success(request, _("Attendance saved."))
    return redirect("community:welcome_meeting", pk=meeting.pk)


# ---------------------------------------------------------------------------- a person's letter
def person_welcome(request, pk: int):
    person, _grants, writer = policy.access_record(Actor.from_request(request), pk, KIND)
    household, members = services.recipients(person)
    pages = services.letter_pages(person.municipality, members)
    return render(
        request,
        "community/welcome/person.html",
        {
            "person": person,
            "household": household,
            "letter_languages": [language_name(p.language) for p in pages],
            "letters": [
                {
                    "sent": s,
                    "on": date_label(s.sent_on),
                    "languages": ", ".join(language_name(c) for c in s.languages),
                }
                for s in selectors.letters_of(person)
            ],
            "invitations": [
                {"invitation": i, "held": date_label(i.meeting.held_on)}
                for i in selectors.invitations_of(person)
            ],
            "can_write": writer is not None,
            "form": forms.LetterSentForm(initial={"sent_on": timezone.localdate()}),
        },
    )


def letter_context(person) -> dict:
    """The letter's pages, filled in: only what the household should read."""
    household, members = services.recipients(person)
    name = household.name if household else person.full_name
    today = date_label(timezone.localdate())
    municipality = person.municipality.name
    pages = []
    for template in services.letter_pages(person.municipality, members):
        values = {"household": name, "municipality": municipality, "date": today}
        body = services.fill(template.body, **values)
        pages.append(
            {
                "language": template.language,
                "dir": direction(template.language),
                "title": services.fill(template.title, **values),
                "paragraphs": [p.strip() for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()],
            }
        )
    return {"pages": pages, "recipient": name, "municipality": municipality}


def letter_pdf(request, pk: int):
    actor = Actor.from_request(request)
    person, _grants, _writer = policy.access_record(actor, pk, KIND, channel=AuditChannel.EXPORT)
    context = letter_context(person)
    if not context["pages"]:
        raise Http404
    _household, members = services.recipients(person)
    policy.record_list_reads(actor, members, [Section.COMMUNITY], channel=AuditChannel.EXPORT)
    pdf = render_pdf("community/welcome/letter_pdf.html", context)
    return pdf_response(pdf, "velkomstbrev.pdf")


@require_http_methods(["GET", "POST"])
def letter_sent(request, pk: int):
    actor = Actor.from_request(request)
    person, _grants, writer = policy.access_record(actor, pk, KIND, write=True)
    form = forms.LetterSentForm(request.POST or None, initial={"sent_on": timezone.localdate()})
    back = reverse("community:welcome_person", args=[person.pk])
    if request.method == "POST":
        saved = submit(
            form, lambda data: services.letter_sent_add(actor=actor, person=person, data=data, scope=writer)
        )
        if saved:
            _sent, closed = saved
            messages.success(request, Saved(_sent, closed).message())
            return redirect(back)
    return render(
        request,
        "community/welcome/sent_form.html",
        {"person": person, "form": form, "back": back},
    )
