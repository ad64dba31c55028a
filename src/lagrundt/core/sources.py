"""How sure Lagrundt is of a legal number: one vocabulary for every versioned, sourced value.

Grant rates, the entitlement rules' parameters, the programme's rules and G are data with a source
and a confidence, spelt as the project's fact files tag them. A value that is not verified (or
computed from verified values) is shown as such wherever it counts, and an administrator can set
it, dated and sourced.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    VERIFIED = "verified-in-source", _("Verified in the source")
    COMPUTED = "computed", _("Computed from verified figures")
    UNCERTAIN = "uncertain", _("Uncertain")
    RECALLED = "recalled", _("Recalled, not verified")
    NOT_FOUND = "not-found", _("Not found")
    ASSUMED = "assumed", _("Assumed")


# Official: shown without a warning. Everything else is marked wherever a number rests on it.
OFFICIAL = frozenset({Confidence.VERIFIED, Confidence.COMPUTED})
NOT_VERIFIED = frozenset(Confidence) - OFFICIAL


def confidence_label(value: str) -> str:
    """The confidence as words inside a sentence ("(uncertain)"); an unknown value as it is."""
    try:
        label = str(Confidence(value).label)
    except ValueError:
        return value
    return label[:1].lower() + label[1:]


def confidence_field() -> models.CharField:
    """The confidence column of every versioned, sourced value (rates, parameters, rules, G)."""
    return models.CharField(_("confidence"), max_length=20, choices=Confidence.choices)
