"""Country names in bokmål, nynorsk and English from the Unicode CLDR (through Babel).

django-countries ships no nynorsk names and leaves some bokmål ones in English ("Democratic
Republic of the Congo" — and Congo is one of the origin countries in both plans). Its override
setting takes, for every code, a lazy name that follows the active language.
"""

from functools import cache

from babel import Locale
from django.utils.functional import lazy
from django.utils.translation import get_language

LANGUAGES = {"nb": "nb", "nn": "nn", "en": "en"}


@cache
def _territories(language: str) -> dict[str, str]:
    return Locale.parse(language).territories


def country_name(code: str) -> str:
    language = LANGUAGES.get((get_language() or "nb")[:2], "nb")
    return _territories(language).get(code) or _territories("en").get(code) or code


lazy_country_name = lazy(country_name, str)


def cldr_overrides() -> dict:
    """``COUNTRIES_OVERRIDE`` for every country django-countries knows and CLDR names."""
    from django_countries.data import COUNTRIES

    return {code: lazy_country_name(code) for code in COUNTRIES if code in _territories("en")}
