from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from lagrundt.access.sections import Section
from lagrundt.tenancy.models import Municipality

from . import rules
from .languages import Language

TEXT = [rules.validate_no_control_characters]
NAME = [rules.validate_name, rules.validate_no_control_characters]
PHONE = [
    RegexValidator(r"^\+?[0-9 ]{5,20}$", _("Write the phone number with digits, spaces and an optional +."))
]


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Not known")


class SettlementCategory(models.TextChoices):
    RESETTLEMENT_REFUGEE = "resettlement_refugee", _("Resettlement (quota) refugee")
    ASYLUM_FROM_RECEPTION_CENTRE = "asylum_reception_centre", _("Asylum, from reception centre")
    FAMILY_REUNIFICATION = "family_reunification", _("Family reunification")
    TEMPORARY_COLLECTIVE_PROTECTION = "temporary_collective_protection", _("Temporary collective protection")
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Unaccompanied minor")


class RelationKind(models.TextChoices):
    """What the relative is to the person: Ola's relation of kind PARENT to Kari says Kari is Ola's parent."""

    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SPOUSE = "spouse", _("Spouse or partner")
    SIBLING = "sibling", _("Sibling")
    GUARDIAN = "guardian", _("Guardian")
    WARD = "ward", _("Ward (unaccompanied minor)")


class MoveOutReason(models.TextChoices):
    WORK = "work", _("Work")
    EDUCATION = "education", _("Education")
    FAMILY = "family", _("Family or network")
    HOUSING = "housing", _("Housing")
    EMIGRATED = "emigrated", _("Left Norway")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class Household(models.Model):
    name = models.CharField(_("household name"), max_length=120, validators=TEXT)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="households", verbose_name=_("municipality")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The last change, for the API's ``?changed_since=`` (ordered by it and id: the index).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["municipality", "name"]),
            models.Index(fields=["updated_at", "id"], name="household_changed"),
        ]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    given_name = models.CharField(_("given name"), max_length=100, validators=NAME)
    family_name = models.CharField(_("family name"), max_length=100, validators=NAME)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    national_id = models.CharField(
        _("national ID or D-number"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[rules.validate_national_id],
        help_text=_("11 digits. Leave empty if the person has neither yet."),
    )
    country_background = CountryField(_("country background"))
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_language = models.CharField(
        _("interpreter language"), max_length=8, choices=Language.choices, blank=True
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=PHONE)
    email = models.EmailField(_("email"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True, validators=TEXT)
    consents_to_leisure_contact = models.BooleanField(
        _("consents to contact from culture, leisure and the volunteer centre"), default=False
    )
    # The day the consent was given; cleared when it is withdrawn (the audit log keeps both days).
    leisure_consent_on = models.DateField(_("consent given on"), null=True, blank=True, editable=False)
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("household"),
    )
    # The municipality responsible for the follow-up (where the person was settled or born).
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="persons", verbose_name=_("municipality")
    )
    # Copied from MoveOut by the services so that the access policy filters one table.
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        indexes = [
            models.Index(fields=["municipality", "family_name", "given_name", "id"], name="person_mun_name"),
            # Covers the list order and every column the access policy filters on, so that a deep
            # page finds its ids in the index alone (see ``core.paging.page_of``).
            models.Index(
                fields=[
                    "family_name",
                    "given_name",
                    "id",
                    "municipality",
                    "moved_out_on",
                    "birth_date",
                    "consents_to_leisure_contact",
                ],
                name="person_name_policy",
            ),
            # Age bands for the policy, and the facts statistics count by (moved out, country), so
            # that the plans' indicators and the forecasts read a municipality's persons from the
            # index alone rather than row by row.
            models.Index(
                fields=["municipality", "birth_date", "moved_out_on", "country_background"],
                name="person_mun_birth",
            ),
            # The API's ``?changed_since=`` and its cursor walk this order.
            models.Index(fields=["updated_at", "id"], name="person_changed"),
        ]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        errors = {}
        if self.birth_date:
            try:
                rules.validate_birth_date(self.birth_date, timezone.localdate())
            except ValidationError as exc:
                errors["birth_date"] = exc.messages
        if self.national_id and self.birth_date and "birth_date" not in errors:
            try:
                rules.validate_national_id(self.national_id, self.birth_date)
            except ValidationError as exc:
                errors["national_id"] = exc.error_list
        if self.national_id == "":
            self.national_id = None
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def list_name(self) -> str:
        """The name as every list, table and task shows it: "Family, Given"."""
        return f"{self.family_name}, {self.given_name}"


class SearchToken(models.Model):
    """A folded word of a person's names or their household's name: search by word start, on an index.

    Kept by ``services.index_names`` whenever a name or household changes.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="search_tokens")
    token = models.CharField(max_length=rules.TOKEN_LENGTH)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "person"], name="search_token_unique")]

    def __str__(self) -> str:
        return self.token


class Settlement(models.Model):
    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="settlement", verbose_name=_("person")
    )
    settled_on = models.DateField(_("settlement date"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="settlements", verbose_name=_("municipality")
    )
    category = models.CharField(_("category"), max_length=40, choices=SettlementCategory.choices)
    came_directly = models.BooleanField(
        _("settled directly (not from a reception centre)"),
        default=False,
    )
    imdi_reference = models.CharField(_("IMDi reference"), max_length=40, blank=True, validators=TEXT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["updated_at", "id"], name="settlement_changed"),
            models.Index(fields=["municipality", "settled_on"]),
            # A person's settlement facts without reading the row: statistics, forecasts and the
            # routine engine join every person to these.
            models.Index(
                fields=["person", "settled_on", "category", "came_directly"], name="settlement_person_facts"
            ),
        ]
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")

    def __str__(self) -> str:
        return f"{self.person} – {self.settled_on}"

    def clean(self) -> None:
        if self.settled_on:
            birth = self.person.birth_date if self.person_id else None
            try:
                rules.validate_settlement_date(self.settled_on, birth, timezone.localdate())
            except ValidationError as exc:
                raise ValidationError({"settled_on": exc.error_list}) from exc


class MoveOut(models.Model):
    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="move_out", verbose_name=_("person")
    )
    moved_on = models.DateField(_("moving date"))
    destination_municipality = models.CharField(
        _("destination municipality"), max_length=100, blank=True, validators=TEXT
    )
    destination_country = CountryField(_("destination country"), default="NO")
    reason = models.CharField(_("reason"), max_length=16, choices=MoveOutReason.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["updated_at", "id"], name="moveout_changed")]
        verbose_name = _("move-out")
        verbose_name_plural = _("move-outs")

    def __str__(self) -> str:
        return f"{self.person} – {self.moved_on}"

    def clean(self) -> None:
        if self.moved_on:
            settlement = getattr(self.person, "settlement", None) if self.person_id else None
            try:
                rules.validate_move_out_date(
                    self.moved_on, settlement.settled_on if settlement else None, timezone.localdate()
                )
            except ValidationError as exc:
                raise ValidationError({"moved_on": exc.error_list}) from exc


class Relation(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("relation"), max_length=10, choices=RelationKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="relation_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("relative")), name="relation_not_self"
            ),
        ]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")

    def __str__(self) -> str:
        return f"{self.person} – {self.get_kind_display()}: {self.relative}"


class SectionNote(models.Model):
    """A dated journal note in one section of a person (health, education, work …).

    Later modules add structured data to the sections; notes keep what has no structure yet.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="section_notes")
    section = models.CharField(_("section"), max_length=16, choices=Section.choices)
    body = models.TextField(_("note"), max_length=4000, validators=TEXT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    written_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-written_at", "-pk"]
        indexes = [models.Index(fields=["person", "section", "-written_at"])]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return f"{self.person} – {self.section} {self.written_at:%Y-%m-%d}"
