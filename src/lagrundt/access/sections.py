"""The sections a person's data is split into. The access policy grants read and write per section."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.TextChoices):
    # Name, birth date, contact: what a person is called and how to reach them.
    IDENTITY = "identity", _("Identity")
    # The national identity number (fødselsnummer or D-number), read by fewer sectors than the name.
    NATIONAL_ID = "national_id", _("National identity number")
    SETTLEMENT = "settlement", _("Settlement")
    FAMILY = "family", _("Family")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    WORK = "work", _("Work")
    HOUSING = "housing", _("Housing")
    FINANCES = "finances", _("Finances")
    NOTES = "notes", _("Notes")
    # The introduction programme: right and duty, assessment, decisions, plan, attendance, benefit.
    PROGRAMME = "programme", _("Introduction programme")
