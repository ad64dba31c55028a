"""The programme as people read it: reasons in sentences, months and kroner written the Norwegian way,
confidence tags in words. No database writes."""

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lagrundt.core.formats import date_label, kroner
from lagrundt.core.sources import confidence_label

from . import rules
from .models import EligibilityStatus, PermitBasis


def status_label(status: str) -> str:
    return str(EligibilityStatus(status).label)


# ---------------------------------------------------------------------------- citations
# A part of a rule's reference that cites a law or a regulation («integreringsloven § 8», «§ 8 tredje
# ledd», «integreringsforskriften kap. 3»); other parts are notes for whoever keeps the rules.
_CITES = re.compile(r"^(?:\w+(?:loven|lova|forskriften|forskrifta)\b|§)")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")
_AMENDED = re.compile(r"\s+endr(?:et|a)\s+ved\b.*$")


def citation(rule: str) -> str:
    """A rule's reference as a letter cites it: «integreringsloven § 13 andre ledd (nå § 13)» →
    «integreringsloven § 13 andre ledd». Notes in parentheses (the numbering before an amendment, the
    bill that changed it) and parts that cite no law («kommunal praksis») are left out."""
    text, before = rule or "", None
    while before != text:
        before, text = text, _PARENTHESIS.sub("", text)
    parts = []
    for part in text.split(";"):
        part = _AMENDED.sub("", part.strip()).strip(" ,")
        if part and _CITES.match(part):
            parts.append(part)
    return "; ".join(parts)


def citations(rules_used) -> list[str]:
    """The plain citations of several rules, each once, in order, none empty."""
    return [c for c in dict.fromkeys(citation(r) for r in rules_used) if c]


# ---------------------------------------------------------------------------- right and duty
def reason_text(reason: rules.Reason, *, for_letter: bool = False) -> str:
    """A reason in a sentence. On the case worker's page an assumed fact says so and what to record;
    in a letter (``for_letter``) the sentence states the fact only: the check was the case worker's."""
    p = reason.params
    match reason.code:
        case "nordic_or_eea":
            text = _("Nordic or EEA citizen: outside the programme (§ 8 fourth paragraph).")
        case "basis":
            label = dict(PermitBasis.choices).get(p["basis"], p["basis"])
            text = (
                _("Residence permit: %(basis)s.")
                if reason.holds
                else _("Residence permit: %(basis)s, which gives no right.")
            ) % {"basis": label}
        case "not_settled":
            text = _("No settlement is recorded.")
        case "residence":
            text = (
                _(
                    "Settled %(settled)s: the right lasts until %(lapses)s "
                    "(less than %(years)s years in the municipality)."
                )
                if reason.holds
                else _(
                    "Settled %(settled)s: more than %(years)s years in the municipality on %(on)s, "
                    "so no right."
                )
            ) % {
                "settled": date_label(p["settled_on"]),
                "lapses": date_label(p["lapses_on"]),
                "years": p["years"],
                "on": date_label(p["on"]),
            }
        case "age_unknown":
            text = _("The age on the permit date is not known.")
        case "age" | "under_age" | "over_age":
            base = {
                "age": _("%(age)s years old on the permit date %(day)s: within %(min)s–%(max)s."),
                "under_age": _("%(age)s years old on the permit date %(day)s: under %(min)s."),
                "over_age": _(
                    "%(age)s years old on the permit date %(day)s: over %(max)s, "
                    "so the municipality may offer the programme."
                ),
            }[reason.code]
            text = base % {
                "age": p["age"],
                "day": date_label(p["permit_day"]),
                "min": p["min"],
                "max": p["max"],
            }
        case "agreement":
            text = (
                _("Settled by agreement with IMDi.")
                if reason.holds
                else _("Not settled by agreement: the municipality may offer the programme.")
            )
        case "collective_protection":
            text = _("Temporary collective protection: right, but no duty (chapter 6A).")
        case _:
            text = reason.code
    text = str(text)
    if reason.assumed and not for_letter:
        text += " " + str(
            {
                "basis": _("(Assumed from the settlement category: record the permit.)"),
                "agreement": _("(Assumed: refugees are settled by agreement. Record it if not.)"),
                "collective_protection": _("(Assumed: the rule after 1 July 2026 is not in the sources.)"),
            }.get(reason.code, _("(The permit date is not recorded: the settlement date is used.)"))
        )
    return text


_DATE_PARAMS = ("settled_on", "lapses_on", "on", "permit_day")

# What a required check asks for: the decision is refused until it is recorded.
REQUIRED_CHECKS = {
    "age": _(
        "Record the permit date before the decision: on the settlement day the person was %(age)s, at "
        "the limit of the target group, so the age on the day the permit was granted decides the right."
    ),
    "over_age": _(
        "Record the permit date before the decision: on the settlement day the person was %(age)s, just "
        "over the limit of the target group, so the age on the day the permit was granted decides the right."
    ),
}


def check_text(check) -> str:
    """A check before a decision (``selectors.decisions.Check``) in a sentence for the case worker."""
    if check.version is not None:
        version = check.version
        text = _("%(rule)s: %(confidence)s.") % {
            "rule": check.params["rule"].label if "rule" in check.params else version.key,
            "confidence": confidence_label(version.confidence),
        }
        return str(text)
    if check.required and check.code in REQUIRED_CHECKS:
        return str(REQUIRED_CHECKS[check.code]) % {k: v for k, v in check.params.items() if k == "age"}
    return reason_text(check.reason) if check.reason else check.code


def required_check_error(check) -> ValidationError:
    return ValidationError(REQUIRED_CHECKS[check.code], params={"age": check.params.get("age")}, code="check")


def eligibility_record(eligibility: rules.Eligibility) -> dict:
    """What a decision keeps of the right it was made on: the status and each reason as data, so
    that the letter can state them in its own language."""
    return {
        "status": eligibility.status,
        "on": eligibility.on.isoformat(),
        "reasons": [
            {
                "code": r.code,
                "holds": r.holds,
                "assumed": r.assumed,
                "params": {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in r.params.items()},
            }
            for r in eligibility.reasons
        ],
    }


def reasons_from_record(facts: dict, *, for_letter: bool = False) -> list[str]:
    """The reasons a decision stored, in sentences of the active language."""
    texts = []
    for stored in facts.get("reasons", []):
        params = {
            k: dt.date.fromisoformat(v) if k in _DATE_PARAMS and isinstance(v, str) else v
            for k, v in stored.get("params", {}).items()
        }
        texts.append(
            reason_text(
                rules.Reason(stored["code"], stored["holds"], params, stored.get("assumed", False)),
                for_letter=for_letter,
            )
        )
    return texts


# ---------------------------------------------------------------------------- absence
ABSENCE_MESSAGES = {
    "self_cert_too_early": _(
        "%(day)s: self-certification is possible only after %(weeks)s weeks in the programme "
        "(from %(from)s). "
        "Register a doctor's certificate, or another kind of absence."
    ),
    "self_cert_too_long": _(
        "%(day)s: a self-certification covers at most %(max)s days; "
        "from this day a doctor's certificate is needed."
    ),
    "self_cert_too_many": _(
        "%(day)s: at most %(max)s self-certifications in twelve months; this would be one more. "
        "A doctor's certificate is needed."
    ),
    "child_illness_no_child": _(
        "%(day)s: no child is registered, so there is no absence for a child's illness."
    ),
    "child_illness_over_limit": _(
        "%(day)s: the days for a child's illness are used up (%(limit)s days in twelve months)."
    ),
}


def absence_message(finding: rules.Finding) -> ValidationError:
    params = {k: date_label(v) if isinstance(v, dt.date) else v for k, v in finding.params.items()}
    return ValidationError(ABSENCE_MESSAGES[finding.code], params=params, code=finding.code)


# ---------------------------------------------------------------------------- the benefit
def share_label(share) -> str:
    if share == 1:
        return "2 G"
    return f"{share.numerator}/{share.denominator} × 2 G"


def segment_text(segment: rules.Segment) -> str:
    g = segment.g
    text = _("%(first)s–%(last)s: %(share)s, G %(g)s") % {
        "first": date_label(segment.first),
        "last": date_label(segment.last),
        "share": share_label(segment.share),
        "g": kroner(g.amount, decimals=2, unit=False),
    }
    if not g.verified:
        text = str(text) + " " + str(_("(G assumed)"))
    return str(text)


def payment_details(benefit: rules.PeriodBenefit) -> dict:
    """What an exported payment keeps of how it was computed: each stretch of days, G and rate."""
    return {
        "first": benefit.first.isoformat(),
        "last": benefit.last.isoformat(),
        "unexcused_hours": str(benefit.unexcused_hours),
        "segments": [
            {
                "first": s.first.isoformat(),
                "last": s.last.isoformat(),
                "g": str(s.g.amount),
                "g_from": s.g.valid_from.isoformat(),
                "g_confidence": s.g.confidence,
                "share": str(s.share),
            }
            for s in benefit.segments
        ],
        "rules": [v.as_record() for v in benefit.versions],
    }


def assumed_g_reason(benefit: rules.PeriodBenefit) -> str:
    """Why an amount is marked assumed: the G values it is computed with that no source confirms."""
    return " ".join(
        str(
            _("G from %(date)s (%(amount)s kr) is %(confidence)s: %(source)s.")
            % {
                "date": date_label(g.valid_from),
                "amount": kroner(g.amount, decimals=0, unit=False),
                "confidence": confidence_label(g.confidence),
                "source": g.note or g.source,
            }
        )
        for g in benefit.g_values
        if not g.verified
    )


PAYROLL_PROBLEMS = {
    "missing_g": _("%(name)s: G for the period from %(date)s is not recorded"),
    "unregistered": _("%(name)s: attendance is not registered for every day"),
    "decision_required": _("%(name)s: the deduction needs a decision"),
}


def payroll_problem(line, problem: str) -> str:
    date = line.row.missing_g or line.row.first
    return str(PAYROLL_PROBLEMS[problem]) % {"name": line.person.full_name, "date": date_label(date)}


def hours_text(hours: Decimal) -> str:
    value = float(hours)
    return ngettext("%(n)s hour", "%(n)s hours", 1 if value == 1 else 2) % {
        "n": number_format(hours, use_l10n=True)
    }
