"""Everyday integration's data: volunteers and the guide pairs they make with refugees, welcome
letters and meetings, interpreters used, and the follow-up talks after three and five years.

A volunteer is registered only with their consent (its date); a pair is made only with a person or
household whose members consented to contact from the volunteer centre (``Person.leisure_consent_on``).
Matching never reads religion (which Lagrundt does not hold), country, sex or age beyond the ages of
children, so none of those is stored here either.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lagrundt.access.sections import Section
from lagrundt.people.models import NAME, PHONE, TEXT, Household, Person
from lagrundt.tenancy.models import Municipality, Sector


# ---------------------------------------------------------------------------- volunteers and guides
class Availability(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday_daytime", _("Weekdays, daytime")
    WEEKDAY_EVENING = "weekday_evening", _("Weekday evenings")
    WEEKEND = "weekend", _("Weekends")


class Volunteer(models.Model):
    """A volunteer registered by the volunteer centre, with their consent."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("municipality")
    )
    given_name = models.CharField(_("given name"), max_length=100, validators=NAME)
    family_name = models.CharField(_("family name"), max_length=100, validators=NAME)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=PHONE)
    email = models.EmailField(_("email"), max_length=200, blank=True)
    # Language codes (``people.languages.Language``) the volunteer speaks besides Norwegian.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interests = models.ManyToManyField(
        "leisure.Interest", blank=True, related_name="volunteers", verbose_name=_("interests")
    )
    # The part of the municipality the volunteer lives in or can reach ("Trøim", "Ulsåk").
    area = models.CharField(_("area"), max_length=80, blank=True, validators=TEXT)
    availability = models.JSONField(_("availability"), default=list, blank=True)  # Availability values
    # Birth years of the volunteer's own children, for families matched with families of the same ages.
    children_birth_years = models.JSONField(_("birth years of own children"), default=list, blank=True)
    works_with_children = models.BooleanField(_("will work with children"), default=False)
    # The police certificate (politiattest) is seen, never stored: only the day it was seen.
    police_certificate_seen_on = models.DateField(_("police certificate seen on"), null=True, blank=True)
    consent_given_on = models.DateField(_("consent given on"))
    # The day the volunteer stopped or withdrew consent: then they are not suggested or paired.
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        indexes = [models.Index(fields=["municipality", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.family_name}, {self.given_name}"


class PairKind(models.TextChoices):
    GUIDE = "guide", _("Refugee guide")
    BUDDY = "buddy", _("Buddy")
    ACTIVITY_BUDDY = "activity_buddy", _("Activity buddy")


class PairEnd(models.TextChoices):
    COMPLETED = "completed", _("The agreed period is over")
    MOVED = "moved", _("The refugee moved")
    VOLUNTEER_STOPPED = "volunteer_stopped", _("The volunteer stopped")
    REFUGEE_WISH = "refugee_wish", _("At the refugee's wish")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    OTHER = "other", _("Other reason")


class GuidePair(models.Model):
    """A volunteer paired with a refugee person or household who consented, followed up until it ends."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="pairs", verbose_name=_("volunteer")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guide_pairs",
        verbose_name=_("person"),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guide_pairs",
        verbose_name=_("household"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PairKind.choices, default=PairKind.GUIDE)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=20, choices=PairEnd.choices, blank=True)
    # The reasons the pair was suggested, as the matcher gave them (``matching.Reason`` codes).
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("guide pair")
        verbose_name_plural = _("guide pairs")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, household__isnull=True)
                | Q(person__isnull=True, household__isnull=False),
                name="guide_pair_person_or_household",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="guide_pair_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on:%d.%m.%Y}"


class GuideMeeting(models.Model):
    """A meeting of a pair, logged as its date only."""

    pair = models.ForeignKey(GuidePair, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("guide meeting")
        verbose_name_plural = _("guide meetings")
        constraints = [models.UniqueConstraint(fields=["pair", "held_on"], name="guide_meeting_unique_day")]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y}"


# ---------------------------------------------------------------------------- welcome
class WelcomeLetterTemplate(models.Model):
    """The municipality's welcome letter in one language: its written form (nb or nn), or a translation
    into a refugee's language (``people.languages.Language`` code) that the municipality provides."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=200, validators=TEXT)
    body = models.TextField(_("text"), max_length=20000, validators=TEXT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality", "language"]
        verbose_name = _("welcome letter")
        verbose_name_plural = _("welcome letters")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "language"], name="welcome_letter_language")
        ]

    def __str__(self) -> str:
        return self.title


class WelcomeLetterSent(models.Model):
    """A welcome letter sent to a household (or a person living alone), in which languages."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("household"),
    )
    sent_on = models.DateField(_("sent on"))
    languages = models.JSONField(_("languages"), default=list)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("welcome letter sent")
        verbose_name_plural = _("welcome letters sent")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(household__isnull=False),
                name="welcome_letter_has_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.sent_on:%d.%m.%Y}"


class WelcomeMeeting(models.Model):
    """A welcome meeting (velkomsttreff): everyone settled since the previous one is invited."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, validators=TEXT)
    # What the meeting offers (dinner, information, folders, gifts, a tour of the culture house).
    programme = models.TextField(_("programme"), max_length=2000, blank=True, validators=TEXT)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("welcome meeting")
        verbose_name_plural = _("welcome meetings")
        indexes = [models.Index(fields=["municipality", "held_on"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.held_on:%d.%m.%Y}"


class WelcomeInvitation(models.Model):
    """One person invited to a welcome meeting, and whether they came."""

    meeting = models.ForeignKey(WelcomeMeeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="welcome_invitations", verbose_name=_("person")
    )
    invited_on = models.DateField(_("invited on"))
    # Filled in after the meeting: None until then.
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "person"]
        verbose_name = _("invitation to a welcome meeting")
        verbose_name_plural = _("invitations to welcome meetings")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="welcome_invitation_once")]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.person}"


# ---------------------------------------------------------------------------- interpreters
class InterpreterMode(models.TextChoices):
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video")
    ON_SITE = "on_site", _("On site")
    NONE = "none", _("No interpreter")


class InterpreterCategory(models.TextChoices):
    """The National Register of Interpreters' qualification categories (tolk.register_categories)."""

    A = "A", _("Category A")
    B = "B", _("Category B")
    C = "C", _("Category C")
    D = "D", _("Category D")
    E = "E", _("Category E")
    UNQUALIFIED = "unqualified", _("Not in the register")


class UnqualifiedReason(models.TextChoices):
    """Why an interpreter outside the register was used: the exceptions of the Interpreter Act § 7."""

    CANNOT_WAIT = "cannot_wait", _("It was not justifiable to wait for a qualified interpreter")
    EMERGENCY = "emergency", _("An emergency")
    OTHER_STRONG = "other_strong", _("Other strong reasons")
    NONE_AVAILABLE = "none_available", _("No qualified interpreter in the language was available")


class InterpreterUse(models.Model):
    """An interpreter needed, booked and used in a meeting with a person (or in one of their tasks, or a
    welcome meeting). Booking itself is done with the municipality's interpreter provider."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interpreter_uses",
        verbose_name=_("person"),
    )
    task = models.ForeignKey(
        "routines.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpreter_uses",
        verbose_name=_("task"),
    )
    welcome_meeting = models.ForeignKey(
        WelcomeMeeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interpreter_uses",
        verbose_name=_("welcome meeting"),
    )
    sector = models.CharField(_("sector"), max_length=24, choices=Sector.choices)
    # The section of the person the meeting belongs to: who reads it sees the interpreter use.
    section = models.CharField(_("section"), max_length=16, choices=Section.choices)
    held_on = models.DateField(_("meeting date"))
    language = models.CharField(_("language"), max_length=8)
    mode = models.CharField(_("interpreter"), max_length=10, choices=InterpreterMode.choices)
    category = models.CharField(
        _("qualification"), max_length=12, choices=InterpreterCategory.choices, blank=True
    )
    unqualified_reason = models.CharField(
        _("why not a qualified interpreter"), max_length=16, choices=UnqualifiedReason.choices, blank=True
    )
    duration_minutes = models.PositiveIntegerField(
        _("duration in minutes"), null=True, blank=True, validators=[MaxValueValidator(24 * 60)]
    )
    cost = models.DecimalField(
        _("cost"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("interpreter use")
        verbose_name_plural = _("interpreter uses")
        indexes = [
            models.Index(fields=["municipality", "held_on"]),
            models.Index(fields=["person", "-held_on"]),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.held_on:%d.%m.%Y}"


# ---------------------------------------------------------------------------- follow-up talks
class ThemeAnswer(models.TextChoices):
    GOOD = "good", _("Good")
    MIXED = "mixed", _("Mixed")
    DIFFICULT = "difficult", _("Difficult")
    NOT_DISCUSSED = "not_discussed", _("Not discussed")


class StayIntention(models.TextChoices):
    STAY = "stay", _("Wants to stay")
    UNSURE = "unsure", _("Unsure")
    LEAVE = "leave", _("Plans to move")
    NOT_DISCUSSED = "not_discussed", _("Not discussed")


# Ål's themes for the talks after three and five years: housing, well-being, thoughts of the future,
# expectations of town and village, challenges.
FOLLOW_UP_THEMES = ("housing", "wellbeing", "future", "expectations", "challenges")


class FollowUpTalk(models.Model):
    """The follow-up talk with a settled refugee after three or five years, as counted answers per theme."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="follow_up_talks", verbose_name=_("person")
    )
    years_after = models.PositiveSmallIntegerField(
        _("years after settlement"), choices=[(3, _("3 years")), (5, _("5 years"))]
    )
    held_on = models.DateField(_("held on"))
    housing = models.CharField(_("housing"), max_length=16, choices=ThemeAnswer.choices)
    wellbeing = models.CharField(_("well-being"), max_length=16, choices=ThemeAnswer.choices)
    future = models.CharField(_("thoughts of the future"), max_length=16, choices=ThemeAnswer.choices)
    expectations = models.CharField(
        _("expectations of town and village"), max_length=16, choices=ThemeAnswer.choices
    )
    challenges = models.CharField(_("challenges"), max_length=16, choices=ThemeAnswer.choices)
    stay = models.CharField(_("staying in the municipality"), max_length=16, choices=StayIntention.choices)

    class Meta:
        ordering = ["person", "years_after"]
        verbose_name = _("follow-up talk")
        verbose_name_plural = _("follow-up talks")
        constraints = [
            models.UniqueConstraint(fields=["person", "years_after"], name="follow_up_talk_once"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.held_on:%d.%m.%Y}"
