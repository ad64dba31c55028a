"""Matches and requirements as a case worker reads them: each criterion met, partly met or missing,
with what to do about it. The rules give facts; the words are here, in the user's language."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lagrundt.core.formats import date_label

from . import occupations
from .models import hours_label
from .rules import MET, MISSING, PARTIAL, Criterion, Match
from .vocabulary import CEFR_BY_RANK, Certificate, LicenceClass, Limit, PhysicalDemand, RequirementKind, Skill

LABELS = {
    "travel": gettext_lazy("Getting there"),
    "occupation": gettext_lazy("Occupation"),
    "experience": gettext_lazy("Experience"),
    "norwegian_oral": gettext_lazy("Oral Norwegian"),
    "norwegian_written": gettext_lazy("Written Norwegian"),
    "licences": gettext_lazy("Driving licence"),
    "certificates": gettext_lazy("Certificates"),
    "physical": gettext_lazy("Physical demands"),
    "availability": gettext_lazy("Start"),
    "hours": gettext_lazy("Hours"),
    "season": gettext_lazy("Season"),
    "wishes": gettext_lazy("Wishes"),
}
STATUS = {
    MET: gettext_lazy("Met"),
    PARTIAL: gettext_lazy("Partly met"),
    MISSING: gettext_lazy("Missing"),
}
STATUS_COLOR = {MET: "success", PARTIAL: "warning", MISSING: "danger"}


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    status: str
    status_label: str
    color: str
    text: str
    excludes: bool
    required: bool


def _years(value: float) -> str:
    n = int(value) if float(value).is_integer() else 2
    text = number_format(value, decimal_pos=0 if float(value).is_integer() else 1)
    return ngettext("%(n)s year", "%(n)s years", n) % {"n": text}


def _level(rank: int) -> str:
    return CEFR_BY_RANK.get(rank, "–")


def _names(choices, values) -> str:
    labels = dict(choices)
    return ", ".join(str(labels.get(v, v)) for v in values)


def _text(c: Criterion, opening_occupation: str) -> str:
    f = c.facts
    if c.key == "travel":
        if c.status == MET:
            return {
                "transport": _("The employer provides transport."),
                "bus": _("Can get there by bus."),
                "car": _("Can drive there."),
            }[f[0]]
        bus_connection, has_car = f
        if has_car:
            return _(
                "Has a car but no class B licence, and cannot take the bus there: "
                "no match until transport is solved."
            )
        if not bus_connection:
            return _(
                "No car, and no bus goes there: no match until transport is solved "
                "(the employer, a ride, a driving licence)."
            )
        return _("Cannot take the bus and has no car: no match until transport is solved.")
    if c.key in ("occupation", "wishes"):
        digits, code = f
        if c.key == "occupation":
            if c.status == MET:
                return _("Experience from the same occupation: %(occupation)s.") % {
                    "occupation": occupations.label(code)
                }
            if c.status == PARTIAL:
                group = occupations.group_of(opening_occupation, digits)
                return _("Experience from a related occupation: %(occupation)s (same group: %(group)s).") % {
                    "occupation": occupations.label(code),
                    "group": group.title() if group else "",
                }
            return _("No experience in this occupation: a work practice placement can be a start.")
        if c.status == MET:
            return _("Wishes this occupation.")
        if c.status == PARTIAL:
            return _("Wishes a related occupation: %(occupation)s.") % {"occupation": occupations.label(code)}
        return _("Wants other work: talk about whether this can be a step on the way.")
    if c.key == "experience":
        years, target, asked = f
        if c.status == MET:
            if asked:
                return _("%(years)s in the field; the opening asks for %(target)s.") % {
                    "years": _years(years),
                    "target": _years(target),
                }
            return _("%(years)s in the field.") % {"years": _years(years)}
        if asked:
            return _("Needs %(target)s in the field, has %(years)s: work practice can add experience.") % {
                "target": _years(target),
                "years": _years(years),
            }
        if c.status == PARTIAL:
            return _("%(years)s in the field: work practice can add more.") % {"years": _years(years)}
        return _("No experience in the field yet: work practice can add experience.")
    if c.key in ("norwegian_oral", "norwegian_written"):
        has, needs = f
        values = {"has": _level(has), "needs": _level(needs)}
        if c.key == "norwegian_oral":
            if c.status == MET:
                return _("Oral Norwegian %(has)s; the opening needs %(needs)s.") % values
            if has:
                return (
                    _("Needs %(needs)s oral, has %(has)s: plan a trade course or job-oriented Norwegian.")
                    % values
                )
            return _("Needs %(needs)s oral; the level is not assessed: assess it first.") % values
        if c.status == MET:
            return _("Written Norwegian %(has)s; the opening needs %(needs)s.") % values
        if has:
            return _("Needs %(needs)s written, has %(has)s: plan training in written Norwegian.") % values
        return _("Needs %(needs)s written; the level is not assessed: assess it first.") % values
    if c.key == "licences":
        met, missing = f
        if not missing:
            return _("Has driving licence %(classes)s.") % {"classes": ", ".join(met)}
        return _(
            "Needs driving licence %(classes)s: plan driving lessons, or ask about tasks without driving."
        ) % {"classes": ", ".join(missing)}
    if c.key == "certificates":
        met, missing = f
        if not missing:
            return _("Has %(list)s.") % {"list": _names(Certificate.choices, met)}
        return _("Needs %(list)s: book the course before the start.") % {
            "list": _names(Certificate.choices, missing)
        }
    if c.key == "physical":
        if not f:
            return _("Nothing in the work clashes with the person's limits.")
        return _(
            "The work involves %(demands)s, which the person cannot do: "
            "ask the employer about adjusted tasks."
        ) % {"demands": _names(PhysicalDemand.choices, f).lower()}
    if c.key == "availability":
        available, start = f
        if c.status == MET:
            return _("Available from the start (%(start)s).") % {"start": date_label(start)}
        if c.status == PARTIAL:
            return _(
                "Available from %(date)s, %(days)s days after the start: ask whether the start can wait."
            ) % {
                "date": date_label(available),
                "days": (available - start).days,
            }
        return _(
            "Available from %(date)s, long after the start on %(start)s: keep in mind for later openings."
        ) % {
            "date": date_label(available),
            "start": date_label(start),
        }
    if c.key == "hours":
        most, hours = f
        if c.status == MET:
            return _("Can work the %(hours)s hours a week.") % {"hours": hours_label(hours)}
        return _("Can work %(most)s hours a week, the opening has %(hours)s: ask about part time.") % {
            "most": hours_label(most),
            "hours": hours_label(hours),
        }
    if c.key == "season":
        if c.status == MET:
            return _("Willing to take seasonal work.")
        return _("Does not want seasonal work: talk about what a season can lead to.")
    return ""


class Explanation(list):
    """The lines of a match, with what still needs doing apart from what is met."""

    @property
    def todo(self) -> list[Line]:
        return [line for line in self if line.status != MET]

    @property
    def met(self) -> list[Line]:
        return [line for line in self if line.status == MET]

    @property
    def met_labels(self) -> str:
        return ", ".join(line.label.lower() for line in self.met)


def explain(match: Match, opening_occupation: str) -> Explanation:
    return Explanation(
        Line(
            key=c.key,
            label=str(LABELS.get(c.key, c.key)),
            status=c.status,
            status_label=str(STATUS[c.status]),
            # Red only for what rules the candidate out: a missing optional certificate is a warning.
            color=STATUS_COLOR[c.status] if (c.status != MISSING or c.excludes) else "warning",
            text=_text(c, opening_occupation),
            excludes=c.excludes,
            required=c.required and c.key != "travel",
        )
        for c in match.criteria
    )


def exclusion_reasons(match: Match, opening_occupation: str) -> list[str]:
    return [line.text for line in explain(match, opening_occupation) if line.excludes]


def score(match: Match) -> int:
    return round(match.score)


REQUIREMENT_LABEL = {
    RequirementKind.NORWEGIAN_ORAL: gettext_lazy("Oral Norwegian %(value)s"),
    RequirementKind.NORWEGIAN_WRITTEN: gettext_lazy("Written Norwegian %(value)s"),
    RequirementKind.LICENCE: gettext_lazy("Driving licence %(value)s"),
    RequirementKind.CERTIFICATE: gettext_lazy("%(value)s"),
    RequirementKind.EXPERIENCE: gettext_lazy("Experience in the field: %(value)s"),
    RequirementKind.PHYSICAL: gettext_lazy("Physical demand: %(value)s"),
}


def requirement_text(kind: str, value: str) -> str:
    if kind == RequirementKind.CERTIFICATE:
        value = str(dict(Certificate.choices).get(value, value))
    elif kind == RequirementKind.PHYSICAL:
        value = str(dict(PhysicalDemand.choices).get(value, value)).lower()
    elif kind == RequirementKind.LICENCE:
        value = str(dict(LicenceClass.choices).get(value, value))
    elif kind == RequirementKind.EXPERIENCE:
        value = _years(float(value))
    return str(REQUIREMENT_LABEL[kind]) % {"value": value}


def profile_labels(profile) -> dict[str, list[str]]:
    """The profile's codes as the words a person reads."""
    if profile is None:
        return {"skills": [], "certificates": [], "limits": [], "wishes": []}

    def words(choices, codes):
        labels = dict(choices)
        return [str(labels.get(code, code)) for code in codes]

    return {
        "skills": words(Skill.choices, profile.skills),
        "certificates": words(Certificate.choices, profile.certificates),
        "limits": words(Limit.choices, profile.limits),
        "wishes": [occupations.label(code) for code in profile.wished_occupations],
    }
