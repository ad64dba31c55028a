"""The settlement process before the register: a year's request and decision, cases and their members.

A case is what IMDi proposes (a person or a household) or a family reunification the municipality
expects; its members are the persons as known before arrival. On arrival one action registers the
household in the people register from the members (``services.case_arrive``), and each member row
then points at the person it became, so that a name is typed once.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from lagrundt.people.languages import Language
from lagrundt.people.models import NAME, TEXT, Household, Person, SettlementCategory, Sex
from lagrundt.tenancy.models import Municipality

YEARS = [MinValueValidator(2000), MaxValueValidator(2100)]


class SettlementRequest(models.Model):
    """IMDi's request to a municipality for one year, and the council's decision on it."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="settlement_requests",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    received_on = models.DateField(_("request received"), null=True, blank=True)
    requested = models.PositiveIntegerField(_("persons requested"), validators=[MaxValueValidator(100000)])
    requested_unaccompanied = models.PositiveIntegerField(
        _("of which unaccompanied minors"), default=0, validators=[MaxValueValidator(100000)]
    )
    wishes = models.TextField(
        _("IMDi's wishes"),
        blank=True,
        max_length=2000,
        validators=TEXT,
        help_text=_("For example families, large households or persons with particular needs."),
    )
    decided = models.PositiveIntegerField(
        _("persons decided"), null=True, blank=True, validators=[MaxValueValidator(100000)]
    )
    decided_unaccompanied = models.PositiveIntegerField(
        _("of which unaccompanied minors (decided)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100000)],
    )
    decided_on = models.DateField(_("date of the council's decision"), null=True, blank=True)
    council_case_number = models.CharField(
        _("council case number"), max_length=40, blank=True, validators=TEXT
    )
    conditions = models.TextField(
        _("conditions in the decision"), blank=True, max_length=2000, validators=TEXT
    )
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="settlement_request_year_unique")
        ]
        ordering = ["-year", "municipality"]
        verbose_name = _("settlement request and decision")
        verbose_name_plural = _("settlement requests and decisions")

    def __str__(self) -> str:
        return f"{self.municipality.name} {self.year}"


class CaseKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal from IMDi")
    FAMILY_REUNIFICATION = "family_reunification", _("Family reunification")


class Origin(models.TextChoices):
    RECEPTION_CENTRE = "reception_centre", _("From a reception centre")
    ABROAD = "abroad", _("From abroad (resettlement)")
    ELSEWHERE_IN_NORWAY = "elsewhere", _("From elsewhere in Norway")


class Reply(models.TextChoices):
    PENDING = "pending", _("Not answered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class DeclineReason(models.TextChoices):
    NO_SUITABLE_DWELLING = "no_dwelling", _("No suitable dwelling")
    DECISION_FILLED = "decision_filled", _("The council's number is reached")
    NEEDS_NOT_MET = "needs_not_met", _("The municipality cannot meet the needs stated")
    HOUSEHOLD_SIZE = "household_size", _("The household's size does not fit")
    OTHER = "other", _("Other reason")


class Stage(models.TextChoices):
    """Where a case stands on the settlement board, in order."""

    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DWELLING_READY = "dwelling_ready", _("Dwelling ready")
    ARRIVED = "arrived", _("Arrived")
    SETTLED = "settled", _("First weeks done")
    CLOSED = "closed", _("Declined or withdrawn")


OPEN_STAGES = (Stage.PROPOSED, Stage.ACCEPTED, Stage.DWELLING_READY, Stage.ARRIVED)


class SettlementCase(models.Model):
    """One proposal from IMDi (a person or household), or a family reunification, until it is settled."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="settlement_cases",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=CaseKind.choices, default=CaseKind.PROPOSAL)
    # The household's name as the register will know it ("Haddad"); members carry their own names.
    name = models.CharField(_("household name"), max_length=120, validators=TEXT)
    imdi_reference = models.CharField(_("IMDi reference"), max_length=40, blank=True, validators=TEXT)
    category = models.CharField(_("category"), max_length=40, choices=SettlementCategory.choices)
    origin = models.CharField(_("comes from"), max_length=20, choices=Origin.choices)
    # What the members share in the register once they arrive (a member's own comes from the arrival form).
    country_background = CountryField(_("country background"))
    reception_centre = models.CharField(_("reception centre"), max_length=120, blank=True, validators=TEXT)
    # What IMDi's proposal says of the persons' needs: read by the integration service only.
    stated_needs = models.TextField(
        _("needs stated in the proposal"), blank=True, max_length=4000, validators=TEXT
    )
    received_on = models.DateField(_("received"))
    reply_due_on = models.DateField(_("reply due"), null=True, blank=True)
    # True when ``reply_due_on`` is the municipality's default rather than a date IMDi gave.
    reply_due_assumed = models.BooleanField(_("reply deadline assumed"), default=False)
    reply = models.CharField(_("reply"), max_length=12, choices=Reply.choices, default=Reply.PENDING)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices, blank=True)
    decline_text = models.TextField(_("explanation"), blank=True, max_length=2000, validators=TEXT)
    expected_arrival = models.DateField(_("expected arrival"), null=True, blank=True)
    # Family reunification: the settled person the family joins, and the application's course.
    joins = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reunification_cases",
        verbose_name=_("joins (settled person)"),
    )
    applied_on = models.DateField(_("application date"), null=True, blank=True)
    granted_on = models.DateField(_("date of UDI's decision"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.PROPOSED)
    dwelling_ready_on = models.DateField(_("dwelling ready"), null=True, blank=True)
    arrived_on = models.DateField(_("arrived"), null=True, blank=True)
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="settlement_cases",
        verbose_name=_("household"),
    )
    settled_on = models.DateField(_("first weeks done"), null=True, blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    request = models.ForeignKey(
        SettlementRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("year's request"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["expected_arrival", "received_on", "pk"]
        indexes = [models.Index(fields=["municipality", "stage", "expected_arrival"], name="case_board")]
        verbose_name = _("settlement case")
        verbose_name_plural = _("settlement cases")

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class MemberRole(models.TextChoices):
    """A member's place in the household, as ``people.services.HouseholdRole`` reads it on arrival."""

    REFERENCE = "reference", _("Main person")
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Child")
    OTHER = "other", _("Other member")


class CaseMember(models.Model):
    """A person of a case as known before arrival; ``person`` is who they became in the register."""

    case = models.ForeignKey(SettlementCase, on_delete=models.CASCADE, related_name="members")
    given_name = models.CharField(_("given name"), max_length=100, validators=NAME)
    family_name = models.CharField(_("family name"), max_length=100, validators=NAME)
    # IMDi often gives the full birth date; where it gives a year only, the year.
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), validators=[MinValueValidator(1900)])
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    role = models.CharField(_("place in the household"), max_length=12, choices=MemberRole.choices)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interpreter_language = models.CharField(
        _("interpreter language"), max_length=8, choices=Language.choices, blank=True
    )
    # An already settled person a reunified member joins is not a member: see ``SettlementCase.joins``.
    person = models.OneToOneField(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="settlement_case_member",
        verbose_name=_("person in the register"),
    )

    audit_codes = ("languages",)

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("case member")
        verbose_name_plural = _("case members")

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class SettlementSetting(models.Model):
    """A number the settlement process needs that no law gives: set by an administrator, dated, sourced.

    The reply deadline to IMDi is given in each proposal; where a proposal gives none, the case's
    deadline is the day it was received plus the municipality's default, and is shown as assumed.
    """

    class Key(models.TextChoices):
        REPLY_DAYS = "reply_days", _("Days to reply to a proposal when IMDi gives no deadline")
        FIRST_WEEKS_DAYS = "first_weeks_days", _("Days after arrival that count as the first weeks")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="settlement_settings",
        verbose_name=_("municipality"),
    )
    key = models.CharField(_("setting"), max_length=24, choices=Key.choices)
    value = models.PositiveIntegerField(_("value"), validators=[MaxValueValidator(366)])
    valid_from = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=300)
    assumed = models.BooleanField(_("assumed, not from a source"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key", "valid_from"], name="settlement_setting_unique"
            )
        ]
        ordering = ["municipality", "key", "-valid_from"]
        verbose_name = _("settlement setting")
        verbose_name_plural = _("settlement settings")

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.value}"


# ---------------------------------------------------------------------- the integration service's record
class PermitType(models.TextChoices):
    """The residence permit a settled person holds, as the integration service records it."""

    ASYLUM = "asylum", _("Refugee after asylum")
    RESETTLEMENT = "resettlement", _("Resettlement refugee")
    HUMANITARIAN = "humanitarian", _("Strong humanitarian grounds")
    COLLECTIVE_PROTECTION = "collective_protection", _("Temporary collective protection")
    FAMILY = "family", _("Family immigration")
    OTHER = "other", _("Other permit")


class HousingType(models.TextChoices):
    MUNICIPAL_RENTAL = "municipal_rental", _("Municipal rental dwelling")
    PRIVATE_RENTAL = "private_rental", _("Private rental")
    OWNED = "owned", _("Own home")
    WITH_FAMILY = "with_family", _("With family or network")
    SUPPORTED = "supported", _("Supported housing or children's home")
    FOSTER_HOME = "foster_home", _("Foster home")
    OTHER = "other", _("Other")


class IntegrationRecord(models.Model):
    """The integration service's own record of a settled person (section «settlement», written only by the
    integration service): the residence permit, permanent residence and citizenship when they happen,
    housing, and for unaccompanied minors the guardian and the aftercare."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="integration_record")
    permit_type = models.CharField(
        _("residence permit"), max_length=24, choices=PermitType.choices, blank=True
    )
    permit_expires_on = models.DateField(_("permit expires on"), null=True, blank=True)
    permanent_residence_on = models.DateField(_("permanent residence granted on"), null=True, blank=True)
    citizenship_on = models.DateField(_("Norwegian citizenship granted on"), null=True, blank=True)
    guardian = models.CharField(
        _("guardian (unaccompanied minor)"), max_length=200, blank=True, validators=TEXT
    )
    housing_type = models.CharField(_("housing"), max_length=20, choices=HousingType.choices, blank=True)
    aftercare_until = models.DateField(
        _("aftercare until"),
        null=True,
        blank=True,
        help_text=_("For unaccompanied minors: at the latest the day before the 20th birthday."),
    )

    class Meta:
        verbose_name = _("integration record")
        verbose_name_plural = _("integration records")

    def __str__(self) -> str:
        return f"{self.person_id}"


class NorwegianRight(models.TextChoices):
    """The person's right or duty to Norwegian and civics training, as the decision on it says."""

    RIGHT_AND_DUTY = "right_and_duty", _("Right and duty")
    DUTY = "duty", _("Duty only")
    RIGHT = "right", _("Right only")
    NONE = "none", _("Neither right nor duty")


class NorwegianTraining(models.Model):
    """Norwegian training outside the introduction programme: the right or duty and the hours completed."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="norwegian_training")
    right = models.CharField(_("right or duty"), max_length=16, choices=NorwegianRight.choices)
    hours_completed = models.PositiveIntegerField(
        _("hours completed"), default=0, validators=[MaxValueValidator(5000)]
    )

    class Meta:
        verbose_name = _("Norwegian training")
        verbose_name_plural = _("Norwegian training")

    def __str__(self) -> str:
        return f"{self.person_id} {self.right}"


class NorwegianLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"


class NorwegianTestPart(models.TextChoices):
    ORAL = "oral", _("Oral")
    WRITTEN = "written", _("Written")


class NorwegianTest(models.Model):
    """A Norwegian test passed: its level, oral or written, and the day."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="norwegian_tests")
    level = models.CharField(_("level"), max_length=2, choices=NorwegianLevel.choices)
    part = models.CharField(_("oral or written"), max_length=8, choices=NorwegianTestPart.choices)
    passed_on = models.DateField(_("passed on"))

    class Meta:
        ordering = ["-passed_on", "-pk"]
        indexes = [models.Index(fields=["passed_on", "level"], name="settlement_test_passed")]
        verbose_name = _("Norwegian test")
        verbose_name_plural = _("Norwegian tests")

    def __str__(self) -> str:
        return f"{self.person_id} {self.level} {self.part}"
