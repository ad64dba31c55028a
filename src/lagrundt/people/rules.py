"""Pure rules about people: ages and school years, national IDs, names and date order.

No database access here; forms, serializers and services call these so that a rule is written once.
"""

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer

from lagrundt.core.dates import add_years

ADULT_AGE = 18
# Norwegian primary school: a child starts in August of the calendar year it turns 6 and leaves
# in June of the year it turns 16 (opplæringslova § 2-1 / § 2-5 in the 2024 act).
SCHOOL_START_AGE_IN_YEAR = 6
SCHOOL_LAST_AGE_IN_YEAR = 15
SCHOOL_YEAR_START_MONTH = 8
EARLIEST_DATE = dt.date(1900, 1, 1)

MSG_ID_FORMAT = _("A national ID or D-number has exactly 11 digits.")
MSG_ID_CHECKSUM = _("This national ID or D-number has wrong check digits. Check for typing errors.")
MSG_ID_DATE = _("The national ID or D-number does not contain a valid birth date.")
MSG_ID_BIRTH_MISMATCH = _(
    "The national ID or D-number says the person was born on %(date)s, not on the birth date given."
)
MSG_BIRTH_IN_FUTURE = _("The birth date cannot be in the future.")
MSG_TOO_EARLY = _("The date cannot be before 1900.")
MSG_SETTLED_BEFORE_BIRTH = _("The settlement date cannot be before the birth date.")
MSG_SETTLED_TOO_LATE = _("The settlement date can be at most one year ahead.")
MSG_MOVED_BEFORE_SETTLED = _("The moving date cannot be before the settlement date (%(date)s).")
MSG_MOVED_IN_FUTURE = _("The moving date cannot be more than one year ahead.")
MSG_NAME_CHARACTERS = _("A name may contain letters, spaces, hyphens, apostrophes and full stops only.")
MSG_CONTROL_CHARACTERS = _("The text contains invisible control characters. Remove them and try again.")

# Letters of any script, combining marks, and the few separators names use.
_NAME_RE = re.compile(r"^[^\W\d_]+(?:[ \-'’.][^\W\d_]*)*$")


def school_year_start(on: dt.date) -> int:
    """The calendar year in which the school year running on ``on`` started (August to June)."""
    return on.year if on.month >= SCHOOL_YEAR_START_MONTH else on.year - 1


def school_age_birth_range(on: dt.date) -> tuple[dt.date, dt.date]:
    """Birth dates of children in primary and lower secondary school (grades 1–10) on a day."""
    start = school_year_start(on)
    return (
        dt.date(start - SCHOOL_LAST_AGE_IN_YEAR, 1, 1),
        dt.date(start - SCHOOL_START_AGE_IN_YEAR, 12, 31),
    )


def under_school_age_birth_range(on: dt.date) -> tuple[dt.date, dt.date]:
    """Birth dates of children who have not yet started school on a day (kindergarten age)."""
    return (dt.date(school_year_start(on) - SCHOOL_START_AGE_IN_YEAR + 1, 1, 1), on)


def adult_birth_cutoff(on: dt.date) -> dt.date:
    """Persons born on or before this day are adults on ``on``."""
    return add_years(on, -ADULT_AGE)


def is_school_age(birth_date: dt.date, on: dt.date) -> bool:
    low, high = school_age_birth_range(on)
    return low <= birth_date <= high


def is_under_school_age(birth_date: dt.date, on: dt.date) -> bool:
    low, high = under_school_age_birth_range(on)
    return low <= birth_date <= high


def is_adult(birth_date: dt.date, on: dt.date) -> bool:
    return birth_date <= adult_birth_cutoff(on)


def normalise_national_id(value: str) -> str:
    return fodselsnummer.compact(value or "")


def validate_national_id(value: str, birth_date: dt.date | None = None) -> str:
    """Validate a fødselsnummer or D-number (python-stdnum) and that it agrees with the birth date.

    Returns the compact 11-digit form; raises ``ValidationError`` with a message for the user.
    """
    number = normalise_national_id(value)
    try:
        fodselsnummer.validate(number)
    except (InvalidLength, InvalidFormat) as exc:
        raise ValidationError(MSG_ID_FORMAT, code="national_id_format") from exc
    except InvalidChecksum as exc:
        raise ValidationError(MSG_ID_CHECKSUM, code="national_id_checksum") from exc
    except InvalidComponent as exc:
        raise ValidationError(MSG_ID_DATE, code="national_id_date") from exc
    except StdnumError as exc:
        raise ValidationError(MSG_ID_CHECKSUM, code="national_id_checksum") from exc
    if birth_date is not None:
        encoded = fodselsnummer.get_birth_date(number)
        if encoded != birth_date:
            raise ValidationError(
                MSG_ID_BIRTH_MISMATCH,
                code="national_id_birth_date",
                params={"date": encoded.strftime("%d.%m.%Y")},
            )
    return number


def validate_name(value: str) -> None:
    if value and not _NAME_RE.match(value.strip()):
        raise ValidationError(MSG_NAME_CHARACTERS, code="name_characters")


def validate_no_control_characters(value: str) -> None:
    """Reject control and format characters (NUL, escape, bidi overrides); tabs and newlines are fine."""
    for ch in value or "":
        if ch in "\n\r\t":
            continue
        if unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co"}:
            raise ValidationError(MSG_CONTROL_CHARACTERS, code="control_characters")


def validate_birth_date(birth_date: dt.date, today: dt.date) -> None:
    if birth_date > today:
        raise ValidationError(MSG_BIRTH_IN_FUTURE, code="birth_in_future")
    if birth_date < EARLIEST_DATE:
        raise ValidationError(MSG_TOO_EARLY, code="too_early")


def validate_settlement_date(settled_on: dt.date, birth_date: dt.date | None, today: dt.date) -> None:
    if settled_on < EARLIEST_DATE:
        raise ValidationError(MSG_TOO_EARLY, code="too_early")
    if birth_date is not None and settled_on < birth_date:
        raise ValidationError(MSG_SETTLED_BEFORE_BIRTH, code="settled_before_birth")
    if settled_on > today + dt.timedelta(days=366):
        raise ValidationError(MSG_SETTLED_TOO_LATE, code="settled_too_late")


def validate_move_out_date(moved_on: dt.date, settled_on: dt.date | None, today: dt.date | None) -> None:
    """A move out is after the settlement and, when ``today`` is given, at most a year ahead."""
    if moved_on < EARLIEST_DATE:
        raise ValidationError(MSG_TOO_EARLY, code="too_early")
    if settled_on is not None and moved_on < settled_on:
        raise ValidationError(
            MSG_MOVED_BEFORE_SETTLED,
            code="moved_before_settled",
            params={"date": settled_on.strftime("%d.%m.%Y")},
        )
    if today is not None and moved_on > today + dt.timedelta(days=366):
        raise ValidationError(MSG_MOVED_IN_FUTURE, code="moved_in_future")


_WORD = re.compile(r"[a-z0-9]+")
TOKEN_LENGTH = 40
MAX_SEARCH_WORDS = 5


def fold(text: str) -> str:
    """Case- and accent-folded ASCII: "Ølstad Åse" → "olstad ase"."""
    from unidecode import unidecode

    return unidecode(text or "").casefold()


def name_tokens(*names: str) -> set[str]:
    """The words a person is found by: each word of each name, and a name's words joined.

    "Al-Ahmed" gives {"al", "ahmed", "alahmed"}, so that "alah" and "ahm" both find it.
    """
    tokens: set[str] = set()
    for name in names:
        words = _WORD.findall(fold(name))
        tokens.update(w[:TOKEN_LENGTH] for w in words)
        if len(words) > 1:
            tokens.add("".join(words)[:TOKEN_LENGTH])
    return tokens


def search_words(term: str) -> list[str]:
    """The words of a search, folded like the tokens; each must begin some token of a hit."""
    return [w[:TOKEN_LENGTH] for w in _WORD.findall(fold(term))][:MAX_SEARCH_WORDS]


_NEXT = {"9": "a"}  # tokens are [0-9a-z]; digits sort before letters in every collation we meet


def prefix_upper_bound(word: str) -> str | None:
    """The least string above every token that starts with ``word``, or None if there is none.

    Prefix search as the range ``word <= token < bound`` uses the token index on every database,
    where ``LIKE 'word%'`` does not (SQLite's LIKE ignores case; PostgreSQL needs a C collation).
    """
    stem = word
    while stem:
        last = stem[-1]
        if last != "z":
            return stem[:-1] + _NEXT.get(last, chr(ord(last) + 1))
        stem = stem[:-1]
    return None
