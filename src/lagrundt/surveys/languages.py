"""The languages a survey can be given in, with their names in their own script."""

from django.utils.translation import gettext_lazy as _

from lagrundt.people.languages import Language, direction

# The name of each language as its speakers write it, for the language choice on the answer page.
OWN_NAMES = {
    "nb": "Norsk bokmål",
    "nn": "Norsk nynorsk",
    "en": "English",
    "am": "አማርኛ",
    "ar": "العربية",
    "prs": "دری",
    "fa": "فارسی",
    "fr": "Français",
    "rw": "Ikinyarwanda",
    "kmr": "Kurmancî",
    "ln": "Lingála",
    "ps": "پښتو",
    "ru": "Русский",
    "so": "Soomaali",
    "ckb": "کوردی",
    "sw": "Kiswahili",
    "ti": "ትግርኛ",
    "tr": "Türkçe",
    "uk": "Українська",
}
# The languages the user interface itself is translated into: their page texts come from the catalogues.
INTERFACE = ("nb", "nn", "en")


def choices() -> list[tuple[str, str]]:
    """Every language a survey may be offered in, named in the reader's language."""
    found = [("nb", _("Norwegian bokmål")), ("nn", _("Norwegian nynorsk"))]
    found += [(code, label) for code, label in Language.choices if code != Language.NORWEGIAN]
    return found


CODES = frozenset(code for code, _label in choices())


def own_name(code: str) -> str:
    return OWN_NAMES.get(code, code)


def name(code: str) -> str:
    return str(dict(choices()).get(code, code))


__all__ = ["CODES", "INTERFACE", "choices", "direction", "name", "own_name"]
