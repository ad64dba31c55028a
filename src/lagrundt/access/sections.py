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
    # Everyday integration (``community``): guides and buddies, welcome letters and meetings.
    COMMUNITY = "community", _("Guides and welcome")
    # Leisure (``leisure``): interests mapped after settlement, activities taken part in.
    LEISURE = "leisure", _("Leisure")
    # Support for leisure (Fritidskassa, lending, free culture-school places): also read by school and
    # kindergarten for their pupils, who see no interests or activities.
    LEISURE_SUPPORT = "leisure_support", _("Leisure support")
