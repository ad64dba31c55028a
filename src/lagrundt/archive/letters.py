"""The letters Lagrundt can archive, one ``LetterKind`` each: how to find the letter, who may archive it,
how it is rendered (the same template and context as its download, as PDF/A), its title, recipients,
case folder and screening.

A kind answers ``None``/404 for a letter the user may not read, exactly as its page does.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lagrundt.access import audit, policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.resources import CHANGE, PLANS, PROGRAMME, WELCOME_LETTERS
from lagrundt.access.sections import Section
from lagrundt.community.welcome import services as welcome_services
from lagrundt.core.formats import date_label
from lagrundt.intro import exports as intro_exports
from lagrundt.intro import selectors as intro_selectors
from lagrundt.intro.models import Decision, IntegrationPlan
from lagrundt.people.models import Person
from lagrundt.plans import presenters as plan_presenters
from lagrundt.plans.models import Report, ReportStatus
from lagrundt.tenancy.models import Sector, ServiceUnit

from . import codes
from .message import Folder, Party

ARCHIVE_LANGUAGE = "nb"  # the titles the archive keeps are written in bokmål


@dataclass
class Access:
    """What the user's right to the letter says: the person it is about (if any), and whether the user
    reads that person's national ID (only then is it in the message)."""

    municipality_id: int
    person: Any = None
    reads_national_id: bool = False


@dataclass(frozen=True)
class Document:
    template: str
    context: dict
    language: str
    filename: str


def unit_name(municipality) -> str:
    """The municipality's integration service, the letters' sender (the municipality where it has none)."""
    unit = (
        ServiceUnit.objects.filter(municipalities=municipality, sector=Sector.INTEGRATION_SERVICE)
        .order_by("name")
        .first()
    )
    return unit.name if unit else municipality.name


def list_name(person) -> str:
    return f"{person.family_name}, {person.given_name}"


def person_party(person, access: Access) -> Party:
    return Party(
        name=list_name(person),
        national_id=(person.national_id or "") if access.reads_national_id else "",
        address=person.address,
    )


def person_folder(person, access: Access) -> Folder:
    """A person's case folder in the integration service (one per person and municipality)."""
    party = person_party(person, access)
    with translation.override(ARCHIVE_LANGUAGE):
        title = _("Settlement and integration – %(name)s")
    return Folder(
        key=f"lagrundt-{person.municipality.number}-person-{person.pk}",
        title=title % {"name": party.name},
        public_title=title % {"name": "*****"},
        parts=(Party(name=party.name, national_id=party.national_id),),
        national_id=party.national_id,
        unit=unit_name(person.municipality),
    )


class LetterKind:
    key = ""
    label = ""

    def load(self, pk: int):
        raise NotImplementedError

    def municipality_ids(self, user) -> set[int]:
        """Where the user follows this kind's messages in the outbox."""
        raise NotImplementedError

    def authorise(self, actor: Actor, obj) -> Access:
        """The user's access to archive ``obj``; Http404 where they may not (missing and forbidden alike)."""
        raise NotImplementedError

    def document(self, obj) -> Document:
        raise NotImplementedError

    def title(self, obj) -> str:
        raise NotImplementedError

    def public_title(self, obj) -> str:
        return self.title(obj)

    def dated(self, obj) -> dt.date:
        raise NotImplementedError

    def folder(self, obj, access: Access) -> Folder:
        raise NotImplementedError

    def recipients(self, obj, access: Access) -> tuple[Party, ...]:
        raise NotImplementedError

    def record_export(self, actor: Actor, obj, access: Access) -> None:
        """The letter leaving for the archive is an export of what it shows, as its download is."""
        raise NotImplementedError

    document_type = codes.LETTER
    screened = True

    def html(self, document: Document) -> str:
        with translation.override(document.language):
            return render_to_string(document.template, document.context)

    def fingerprint_text(self, obj, document: Document) -> str:
        """What makes two archivings of the letter the same (its rendered text, unless it says otherwise)."""
        return self.html(document)


# ---------------------------------------------------------------------------- the programme
# What a letter shows of the person besides the programme (as intro.views.LETTER_SECTIONS).
LETTER_SECTIONS = [Section.IDENTITY, Section.NATIONAL_ID, Section.PROGRAMME]
PLAN_SECTIONS = [Section.IDENTITY, Section.PROGRAMME]


def _programme_access(actor: Actor, person_id: int) -> Access:
    person, grants = policy.access_person(
        actor, person_id, section=Section.PROGRAMME, write=True, audit_read=False
    )
    return Access(
        municipality_id=person.municipality_id,
        person=person,
        reads_national_id=grants.can_read(Section.NATIONAL_ID),
    )


class ProgrammeLetter(LetterKind):
    """A letter of the programme: archived and followed by those who write the programme."""

    def municipality_ids(self, user):
        return PROGRAMME.municipality_ids(user, CHANGE)

    def authorise(self, actor, obj):
        return _programme_access(actor, obj.person_id)

    def folder(self, obj, access):
        return person_folder(obj.person, access)

    def recipients(self, obj, access):
        return (person_party(obj.person, access),)


class ProgrammeDecision(ProgrammeLetter):
    key = "intro_decision"
    label = gettext_lazy("Decision on the introduction programme")

    def load(self, pk: int):
        return Decision.objects.select_related("person__municipality", "decided_by").filter(pk=pk).first()

    def document(self, obj):
        with translation.override(obj.language):
            context = intro_exports.decision_context(intro_selectors.rulebook(), obj, obj.person)
        return Document("intro/letters/decision.html", context, obj.language, f"vedtak-{obj.reference}.pdf")

    def title(self, obj):
        with translation.override(ARCHIVE_LANGUAGE):
            return _("Decision %(reference)s: %(kind)s") % {
                "reference": obj.reference,
                "kind": obj.get_kind_display(),
            }

    def dated(self, obj):
        return obj.decided_on

    def record_export(self, actor, obj, access):
        policy.record_list_reads(actor, [access.person], LETTER_SECTIONS, channel=AuditChannel.EXPORT)


class IntegrationPlanLetter(ProgrammeLetter):
    key = "intro_plan"
    label = gettext_lazy("Integration plan and contract")

    def load(self, pk: int):
        return IntegrationPlan.objects.select_related("person__municipality").filter(pk=pk).first()

    def document(self, obj):
        # The same context as the plan's download (intro.exports.plan_pdf), dated by the plan's last change.
        record = intro_selectors.record_for(obj.person)
        profile = record.profile
        phases = {p.key: p.name for p in profile.phases}
        context = {
            "plan": obj,
            "person": record.person,
            "municipality": record.person.municipality,
            "unit": unit_name(record.person.municipality),
            "programme": record.programme,
            "timeline": record.timeline,
            "activities": [(a, phases.get(a.phase, "")) for a in record.activities],
            "profile": profile,
            "current_phase": phases.get(record.steps[-1].phase, "") if record.steps else "",
            "today": timezone.localdate(obj.updated_at),
        }
        return Document(
            "intro/letters/plan.html", context, obj.language, f"integreringsplan-{obj.person_id}.pdf"
        )

    def title(self, obj):
        with translation.override(ARCHIVE_LANGUAGE):
            return _("Integration plan and contract of %(date)s") % {"date": f"{self.dated(obj):%d.%m.%Y}"}

    def dated(self, obj):
        return timezone.localdate(obj.updated_at)

    def record_export(self, actor, obj, access):
        policy.record_list_reads(actor, [access.person], PLAN_SECTIONS, channel=AuditChannel.EXPORT)


# ---------------------------------------------------------------------------- the council
class CouncilReport(LetterKind):
    """The yearly report on an action plan, once sent to the council (its content is then fixed). It
    names no person: not screened, filed in the plan's folder."""

    key = "council_report"
    label = gettext_lazy("Report to the council")
    document_type = codes.REPORT
    screened = False

    def municipality_ids(self, user):
        return PLANS.municipality_ids(user, "report")

    def load(self, pk: int):
        return Report.objects.select_related("plan__municipality").filter(pk=pk).first()

    def authorise(self, actor, obj):
        plan = obj.plan
        if not PLANS.user_has_permission_for_instance(actor.user, "report", plan):
            raise Http404
        return Access(municipality_id=plan.municipality_id)

    def document(self, obj):
        if obj.status != ReportStatus.ISSUED:
            raise ValidationError(_("Only a report sent to the council can be archived."), code="draft")
        data = plan_presenters.report_for_display(obj.plan, obj, timezone.localdate())
        return Document(
            "plans/report_pdf.html",
            {"report": data, "for_pdf": True},
            data["plan"]["language"],
            f"{obj.plan.municipality.slug}-rapport-{obj.year}.pdf",
        )

    def title(self, obj):
        with translation.override(ARCHIVE_LANGUAGE):
            return _("Report to the council for %(year)s – %(plan)s") % {
                "year": obj.year,
                "plan": obj.plan.title,
            }

    def dated(self, obj):
        return timezone.localdate(obj.issued_at) if obj.issued_at else timezone.localdate()

    def folder(self, obj, access):
        plan = obj.plan
        with translation.override(ARCHIVE_LANGUAGE):
            title = _("Action plan: %(plan)s") % {"plan": plan.title}
        return Folder(
            key=f"lagrundt-{plan.municipality.number}-plan-{plan.key}",
            title=title,
            public_title=title,
            subject=codes.SUBJECT_PLANS,
            screened=False,
            unit=unit_name(plan.municipality),
        )

    def recipients(self, obj, access):
        with translation.override(ARCHIVE_LANGUAGE):
            name = _("The municipal council of %(municipality)s") % {
                "municipality": obj.plan.municipality.name
            }
        return (Party(name=name, is_person=False),)

    def record_export(self, actor, obj, access):
        audit.record(
            actor,
            action=AuditAction.EXPORT,
            channel=AuditChannel.EXPORT,
            municipality_id=access.municipality_id,
        )


# ---------------------------------------------------------------------------- the welcome letter
class WelcomeLetter(LetterKind):
    """The municipality's welcome letter to a household (or a person alone), in its members' languages.
    Filed in the household's folder; archived by those who keep the welcome records."""

    key = "welcome_letter"
    label = gettext_lazy("Welcome letter")

    def municipality_ids(self, user):
        return WELCOME_LETTERS.municipality_ids(user, CHANGE)

    def load(self, pk: int):
        return Person.objects.select_related("municipality", "household").filter(pk=pk).first()

    def authorise(self, actor, obj):
        person, _grants, _writer = policy.access_record(actor, obj.pk, "welcome", write=True)
        return Access(municipality_id=person.municipality_id, person=person)

    def _context(self, obj) -> dict:
        # The letter's own view builds what it says (community.welcome.views.letter_context).
        from lagrundt.community.welcome.views import letter_context

        return letter_context(obj)

    def document(self, obj):
        context = self._context(obj)
        if not context["pages"]:
            raise ValidationError(_("The municipality has no welcome letter yet."), code="no_letter")
        return Document("community/welcome/letter_pdf.html", context, ARCHIVE_LANGUAGE, "velkomstbrev.pdf")

    def fingerprint_text(self, obj, document):
        # The letter is dated the day it is printed: the same letter on another day is the same letter.
        return self.html(document).replace(date_label(timezone.localdate()), "")

    def title(self, obj):
        with translation.override(ARCHIVE_LANGUAGE):
            return _("Welcome letter")

    def dated(self, obj):
        return timezone.localdate()

    def _recipient(self, obj) -> str:
        household, _members = welcome_services.recipients(obj)
        return household.name if household else list_name(obj)

    def folder(self, obj, access):
        household, members = welcome_services.recipients(obj)
        if household is None:
            return person_folder(obj, access)
        with translation.override(ARCHIVE_LANGUAGE):
            title = _("Settlement and integration – %(name)s")
        return Folder(
            key=f"lagrundt-{obj.municipality.number}-household-{household.pk}",
            title=title % {"name": household.name},
            public_title=title % {"name": "*****"},
            parts=tuple(Party(name=list_name(m)) for m in members),
            unit=unit_name(obj.municipality),
        )

    def recipients(self, obj, access):
        return (Party(name=self._recipient(obj), address=obj.address),)

    def record_export(self, actor, obj, access):
        _household, members = welcome_services.recipients(obj)
        policy.record_list_reads(actor, members, [Section.COMMUNITY], channel=AuditChannel.EXPORT)


KINDS: dict[str, LetterKind] = {
    k.key: k for k in (ProgrammeDecision(), IntegrationPlanLetter(), CouncilReport(), WelcomeLetter())
}


def visible_q(user) -> Q:
    """The outbox's messages the user follows: each kind's, where the user works on that kind."""
    condition = Q(pk__in=[])
    for key, kind in KINDS.items():
        ids = sorted(kind.municipality_ids(user))
        if ids:
            condition |= Q(kind=key, municipality_id__in=ids)
    return condition


def kind_label(key: str) -> str:
    kind = KINDS.get(key)
    return str(kind.label) if kind else _("Other letter")
