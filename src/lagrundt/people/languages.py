"""Languages the register records (ISO 639-1 or 639-3 codes), with names in the user's language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    AMHARIC = "am", _("Amharic")
    ARABIC = "ar", _("Arabic")
    DARI = "prs", _("Dari")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    KINYARWANDA = "rw", _("Kinyarwanda")
    KURMANJI = "kmr", _("Kurmanji")
    LINGALA = "ln", _("Lingala")
    NORWEGIAN = "no", _("Norwegian")
    PASHTO = "ps", _("Pashto")
    PERSIAN = "fa", _("Persian")
    RUSSIAN = "ru", _("Russian")
    SOMALI = "so", _("Somali")
    SORANI = "ckb", _("Sorani")
    SWAHILI = "sw", _("Swahili")
    TIGRINYA = "ti", _("Tigrinya")
    TURKISH = "tr", _("Turkish")
    UKRAINIAN = "uk", _("Ukrainian")


# Written right to left: a letter or a survey in one of these is laid out with dir="rtl".
RIGHT_TO_LEFT = frozenset({"ar", "prs", "fa", "ps", "ckb"})


def direction(code: str) -> str:
    """The HTML ``dir`` of text in the language ``code``: "rtl" or "ltr"."""
    return "rtl" if code in RIGHT_TO_LEFT else "ltr"


def language_name(code: str) -> str:
    """The name of the language ``code`` in the reader's language ("ar": "Arabic"), the written forms
    "nb" and "nn" included; an unknown code as it is. Pages show this, never the code."""
    names = {"nb": _("Norwegian bokmål"), "nn": _("Norwegian nynorsk"), **dict(Language.choices)}
    return str(names.get(code, code))
