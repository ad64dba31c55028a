"""Reads of the work module. Persons always start from ``policy.visible_to(user, section=WORK)``;
employers, openings and fairs from their access resources. Callers record the list reads they show.

The matching reads plain data once (``load_candidates``, ``opening_data``) and ranks it with the pure
functions in ``rules``. ``load_candidates`` reads the profile tables only: it never selects a
person's sex, country, birth date or age, and ``rules.Candidate`` has no place for them.
"""

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from lagrundt.access import policy
from lagrundt.access.disclosure import Cell, protect_count, protect_table
from lagrundt.access.resources import EMPLOYERS, OPENINGS, VIEW
from lagrundt.access.sections import Section
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Municipality

from . import occupations, rules
from .models import CompetenceProfile, Employer, Opening, Placement, WorkExperience
from .profiles import weight_profile
from .vocabulary import CEFR_RANK, EmployerKind, OpeningStatus, PlacementOutcome, PlacementState

NEW_OPENING_DAYS = 21  # the meeting is every third week: «new» is what came since the last one
NOT_CONTACTED_DAYS = 90
TOP = 3
LIST_LIMIT = 300


# ---------------------------------------------------------------------------- persons
def work_persons(user, *, on: dt.date | None = None) -> QuerySet[Person]:
    """Persons whose work section the user may read."""
    return policy.visible_to(user, section=Section.WORK, on=on)


def profile_of(person: Person) -> CompetenceProfile | None:
    return (
        CompetenceProfile.objects.filter(person=person)
        .prefetch_related("educations", "experiences", "languages")
        .first()
    )


@dataclass(frozen=True)
class CandidateFilter:
    q: str = ""
    occupation: str = ""  # a STYRK-08 prefix: 9, 91, 911 or 9112
    oral_at_least: str = ""  # a CEFR level
    licence: str = ""
    municipality_id: int | None = None
    seeking_only: bool = True


def candidate_profiles(user, filters: CandidateFilter) -> QuerySet[CompetenceProfile]:
    """The competence database: profiles of persons the user may see, in name order."""
    persons = work_persons(user).filter(moved_out_on__isnull=True)
    if filters.municipality_id:
        persons = persons.filter(municipality_id=filters.municipality_id)
    qs = CompetenceProfile.objects.filter(person__in=persons.values("pk"))
    if filters.seeking_only:
        qs = qs.filter(seeking=True)
    if filters.q.strip():
        from lagrundt.people.selectors import PersonFilter, person_search

        qs = qs.filter(person__in=person_search(user, PersonFilter(q=filters.q)).values("pk"))
    if filters.occupation:
        prefix = filters.occupation
        qs = qs.filter(
            Q(experiences__occupation__startswith=prefix) | Q(wished_occupations__icontains=f'"{prefix}')
        ).distinct()
    if filters.oral_at_least in CEFR_RANK:
        qs = qs.filter(
            norwegian_oral__in=[lv for lv, r in CEFR_RANK.items() if r >= CEFR_RANK[filters.oral_at_least]]
        )
    if filters.licence:
        qs = qs.filter(licences__icontains=f'"{filters.licence}"')
    return qs.select_related("person", "person__municipality").order_by(
        "person__family_name", "person__given_name", "person_id"
    )


# ---------------------------------------------------------------------------- plain data for matching
_CANDIDATE_FIELDS = (
    "person_id",
    "norwegian_oral",
    "norwegian_written",
    "licences",
    "certificates",
    "limits",
    "max_hours_per_week",
    "available_from",
    "seasonal_work",
    "has_car",
    "takes_bus",
    "wished_occupations",
)


def _listed(value) -> tuple:
    """A JSON list column as the database driver gives it: text on SQLite, a list on PostgreSQL."""
    if not value or value == "[]":
        return ()
    return tuple(json.loads(value) if isinstance(value, str) else value)


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def candidates_from_rows(rows, experience_rows) -> list[rules.Candidate]:
    """Plain candidates from raw profile rows (in ``_CANDIDATE_FIELDS`` order) and (person, code, years)."""
    experience: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for person_id, code, years in experience_rows:
        experience[person_id].append((code, float(years)))
    out = []
    for row in rows:
        (
            person_id,
            oral,
            written,
            licences,
            certificates,
            limits,
            hours,
            available,
            seasonal,
            car,
            bus,
            wishes,
        ) = row
        held = _listed(licences)
        out.append(
            rules.Candidate(
                person_id=person_id,
                experience=tuple(experience[person_id]) if person_id in experience else (),
                wished_occupations=frozenset(_listed(wishes)),
                norwegian_oral=CEFR_RANK.get(oral, 0),
                norwegian_written=CEFR_RANK.get(written, 0),
                licences=rules.licences_entitled(held) if held else frozenset(),
                certificates=frozenset(_listed(certificates)),
                limits=frozenset(_listed(limits)),
                max_hours=hours,
                available_from=_date(available),
                seasonal_work=bool(seasonal),
                has_car=bool(car),
                takes_bus=bool(bus),
            )
        )
    return out


def _raw(qs) -> list[tuple]:
    """The rows of a ``values_list`` query as the driver returns them, without Django's per-value
    converters: for five thousand candidates, decoding four JSON columns through them cost more than
    the query itself. ``candidates_from_rows`` converts the few types involved."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def load_candidates(user, *, person_ids=None, seeking_only: bool = True) -> list[rules.Candidate]:
    """Every candidate the user may see (living here, looking for work), as plain data, in one go."""
    persons = work_persons(user).filter(moved_out_on__isnull=True)
    if person_ids is not None:
        persons = persons.filter(pk__in=list(person_ids))
    # EXISTS per profile rather than IN (visible persons): a case worker may see tens of thousands of
    # persons, of whom a few thousand have a profile; SQLite materialised the IN list every time.
    profiles = CompetenceProfile.objects.filter(Exists(persons.filter(pk=OuterRef("person_id"))))
    experience = WorkExperience.objects.filter(Exists(persons.filter(pk=OuterRef("profile__person_id"))))
    if seeking_only:
        profiles = profiles.filter(seeking=True)
        experience = experience.filter(profile__seeking=True)
    rows = _raw(profiles.values_list(*_CANDIDATE_FIELDS))
    return candidates_from_rows(
        rows, _raw(experience.values_list("profile__person_id", "occupation", "years"))
    )


_OPENING_FIELDS = (
    "pk",
    "occupation",
    "kind",
    "hours_per_week",
    "starts_on",
    "municipality_id",
    "bus_connection",
    "transport_provided",
)


def opening_data(openings) -> list[rules.OpeningData]:
    """Openings (models, or rows of ``_OPENING_FIELDS``) as plain data, with their municipality's weights."""
    openings = list(openings)
    numbers = dict(
        Municipality.objects.filter(pk__in={o.municipality_id for o in openings}).values_list("pk", "number")
    )
    requirements: dict[int, list[rules.Requirement]] = defaultdict(list)
    from .models import OpeningRequirement

    for opening_id, kind, value, required in OpeningRequirement.objects.filter(
        opening_id__in=[o.pk for o in openings]
    ).values_list("opening_id", "kind", "value", "required"):
        requirements[opening_id].append(rules.Requirement(kind, value, required))
    profile = weight_profile()
    return [
        rules.OpeningData(
            opening_id=o.pk,
            occupation=o.occupation,
            kind=o.kind,
            hours_per_week=float(o.hours_per_week),
            starts_on=o.starts_on,
            weights=profile.weights_for(numbers.get(o.municipality_id, ""), o.kind),
            bus_connection=o.bus_connection,
            transport_provided=o.transport_provided,
            requirements=tuple(requirements.get(o.pk, ())),
        )
        for o in openings
    ]


def open_openings(user) -> QuerySet[Opening]:
    return OPENINGS.instances_user_has_permission_for(user, VIEW).filter(status=OpeningStatus.OPEN)


@dataclass
class RankedCandidates:
    ranking: rules.Ranking
    persons: dict[int, Person]  # the shown ones only
    shown: list[rules.Match]
    excluded_shown: list[rules.Match]
    considered: int


def rank_for_opening(user, opening: Opening, today: dt.date, *, top: int = 20) -> RankedCandidates:
    """Every candidate ranked; the ``top`` shown (and as many of the excluded) explained."""
    candidates = load_candidates(user)
    by_id = {c.person_id: c for c in candidates}
    (data,) = opening_data([opening])
    ranking = rules.rank_candidates(candidates, data, today)
    shown = [rules.evaluate(by_id[s.person_id], data, today) for s in ranking.matches[:top]]
    excluded_shown = [rules.evaluate(by_id[s.person_id], data, today) for s in ranking.excluded[:top]]
    ids = [m.person_id for m in shown + excluded_shown]
    persons = {p.pk: p for p in Person.objects.filter(pk__in=ids).select_related("municipality")}
    return RankedCandidates(ranking, persons, shown, excluded_shown, len(candidates))


@dataclass
class RankedOpenings:
    ranking: rules.Ranking
    openings: dict[int, Opening]
    shown: list[rules.Match]
    excluded_shown: list[rules.Match]
    considered: int


def rank_for_person(user, person: Person, today: dt.date, *, top: int = 50) -> RankedOpenings | None:
    """Every open opening ranked for one candidate; the ``top`` shown explained."""
    candidates = load_candidates(user, person_ids=[person.pk], seeking_only=False)
    if not candidates:
        return None
    (candidate,) = candidates
    # Plain rows for ranking every opening; model instances only for the ones shown.
    rows = open_openings(user).values_list(*_OPENING_FIELDS, named=True)
    data = {d.opening_id: d for d in opening_data(rows)}
    ranking = rules.rank_openings(candidate, data.values(), today)
    shown, excluded = ranking.matches[:top], ranking.excluded[:top]
    openings = Opening.objects.filter(pk__in=[s.opening_id for s in shown + excluded]).select_related(
        "employer", "municipality"
    )
    return RankedOpenings(
        ranking,
        {o.pk: o for o in openings},
        [rules.evaluate(candidate, data[s.opening_id], today) for s in shown],
        [rules.evaluate(candidate, data[s.opening_id], today) for s in excluded],
        len(data),
    )


# ---------------------------------------------------------------------------- placements
def placements_visible_to(user) -> QuerySet[Placement]:
    """Placements of persons whose work section the user may read."""
    return Placement.objects.filter(person__in=work_persons(user).values("pk"))


# ---------------------------------------------------------------------------- the three-weekly meeting
@dataclass
class MeetingOpening:
    opening: Opening
    new: bool
    top: list[rules.Match]
    considered: int


@dataclass
class Meeting:
    day: dt.date
    municipalities: list[Municipality]
    openings: list[MeetingOpening]
    without_placement: list[CompetenceProfile]
    without_placement_more: bool
    quiet_employers: list[Employer]
    persons: dict[int, Person] = field(default_factory=dict)


def meeting(user, today: dt.date, *, municipality_id: int | None = None) -> Meeting:
    """What the business developer and the advisers go through every third week."""
    readable = EMPLOYERS.municipality_ids(user, VIEW)
    ids = {municipality_id} & readable if municipality_id else readable
    openings = list(
        open_openings(user)
        .filter(Q(municipality_id__in=sorted(ids)) | Q(employer__municipality_id__in=sorted(ids)))
        .select_related("employer", "municipality")
        .order_by("-created_at", "-pk")[:LIST_LIMIT]
    )
    candidates = load_candidates(user)
    if municipality_id:
        keep = set(work_persons(user).filter(municipality_id=municipality_id).values_list("pk", flat=True))
        candidates = [c for c in candidates if c.person_id in keep]
    by_id = {c.person_id: c for c in candidates}
    items = []
    for opening, data in zip(openings, opening_data(openings), strict=True):
        ranking = rules.rank_candidates(candidates, data, today)
        items.append(
            MeetingOpening(
                opening=opening,
                new=(today - opening.created_at.date()).days <= NEW_OPENING_DAYS,
                top=[rules.evaluate(by_id[s.person_id], data, today) for s in ranking.matches[:TOP]],
                considered=len(candidates),
            )
        )
    items.sort(key=lambda m: (not m.new, m.opening.starts_on, m.opening.pk))
    busy = Placement.objects.filter(state__in=rules.ONGOING).values("person_id")
    waiting = list(
        CompetenceProfile.objects.filter(
            person__in=work_persons(user)
            .filter(moved_out_on__isnull=True, municipality_id__in=sorted(ids))
            .values("pk"),
            seeking=True,
        )
        .exclude(person_id__in=busy)
        .select_related("person", "person__municipality")
        .annotate(placements=Count("person__placements"), last_end=Max("person__placements__ended_on"))
        .order_by("person__family_name", "person__given_name", "person_id")[: LIST_LIMIT + 1]
    )
    quiet = list(
        Employer.objects.filter(municipality_id__in=sorted(ids), active=True)
        .annotate(last_contact=Max("contact_log__contacted_on"))
        .filter(
            Q(last_contact__lt=today - dt.timedelta(days=NOT_CONTACTED_DAYS)) | Q(last_contact__isnull=True)
        )
        .order_by("last_contact", "name")[:LIST_LIMIT]
    )
    shown_ids = {m.person_id for item in items for m in item.top} | {
        p.person_id for p in waiting[:LIST_LIMIT]
    }
    persons = {p.pk: p for p in Person.objects.filter(pk__in=shown_ids)}
    return Meeting(
        day=today,
        municipalities=list(Municipality.objects.filter(pk__in=sorted(ids)).order_by("name")),
        openings=items,
        without_placement=waiting[:LIST_LIMIT],
        without_placement_more=len(waiting) > LIST_LIMIT,
        quiet_employers=quiet,
        persons=persons,
    )


# ---------------------------------------------------------------------------- statistics
OUTCOMES = (
    PlacementOutcome.JOB_OFFER,
    PlacementOutcome.EXTENDED,
    PlacementOutcome.EDUCATION,
    PlacementOutcome.ENDED,
)


@dataclass(frozen=True)
class ConversionRow:
    label: str
    cells: list[Cell]  # per outcome, in OUTCOMES order
    total: Cell
    share: float | None  # job offers of ended placements; None when hidden or none ended


@dataclass(frozen=True)
class Conversion:
    year: int
    aggregated: bool  # small numbers hidden (leadership)
    by_employer: list[ConversionRow]
    by_sector: list[ConversionRow]
    by_municipality: list[ConversionRow]


def _ended_placements(user, year: int) -> tuple[QuerySet[Placement], bool] | None:
    aggregated = policy.aggregate_municipality_ids(user)
    if aggregated:
        qs, hide = Placement.objects.filter(municipality_id__in=sorted(aggregated)), True
    elif EMPLOYERS.user_has_permission(user, VIEW):
        qs, hide = placements_visible_to(user), False
    else:
        return None
    return qs.filter(state=PlacementState.ENDED, ended_on__year=year), hide


def _rows(labels: list[str], raw: list[list[int]], hide: bool) -> list[ConversionRow]:
    """One row per label with its outcomes and their total (the table shows row totals, no column totals)."""
    if hide:
        shown = protect_table(raw, row_totals=True)
        cells, totals = shown.cells, shown.row_totals
    else:
        cells, totals = [[Cell(v) for v in row] for row in raw], [Cell(sum(row)) for row in raw]
    rows = []
    for label, row_cells, total, values in zip(labels, cells, totals, raw, strict=True):
        hidden = total.suppressed or any(c.suppressed for c in row_cells)
        rows.append(
            ConversionRow(
                label=label,
                cells=row_cells,
                total=total,
                share=None if hidden else rules.conversion(values[0], sum(values)),
            )
        )
    return rows


def conversion(user, year: int) -> Conversion | None:
    """From placement to job: outcomes of placements ended in a year, by employer, sector, municipality."""
    found = _ended_placements(user, year)
    if found is None:
        return None
    qs, hide = found

    def grouped(*keys):
        table: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(OUTCOMES))
        for row in qs.values(*keys, "outcome").annotate(n=Count("pk")).order_by():
            if row["outcome"] in OUTCOMES:
                table[tuple(row[k] for k in keys)][OUTCOMES.index(row["outcome"])] += row["n"]
        return table

    employers = grouped("employer_id", "employer__name")
    employer_keys = sorted(employers, key=lambda k: (k[1], k[0]))
    sectors = grouped("employer__kind")
    sector_keys = [k for k in EmployerKind.values if (k,) in sectors]
    municipalities = grouped("municipality__name")
    municipality_keys = sorted(municipalities)
    return Conversion(
        year=year,
        aggregated=hide,
        by_employer=_rows([k[1] for k in employer_keys], [employers[k] for k in employer_keys], hide),
        by_sector=_rows(
            [str(EmployerKind(k).label) for k in sector_keys], [sectors[(k,)] for k in sector_keys], hide
        ),
        by_municipality=_rows(
            [k[0] for k in municipality_keys], [municipalities[k] for k in municipality_keys], hide
        ),
    )


@dataclass(frozen=True)
class PledgeDepartment:
    employer: Employer
    participants: Cell  # distinct participants who started a placement there in the year
    ongoing: Cell  # placements running now
    job_offers: Cell


@dataclass(frozen=True)
class Pledge:
    year: int
    aggregated: bool
    municipalities: list[Municipality]
    participants: Cell  # in the introduction programme now
    reached: Cell  # of them, had a placement in a municipal department this year
    departments: list[PledgeDepartment]
    waiting: list[CompetenceProfile]  # named only for those who may see persons


def pledge(user, year: int, today: dt.date) -> Pledge | None:
    """Flyktningeløftet: which municipal departments took participants this year, against the
    pledge that every participant in the programme gets a chance there."""
    aggregated = policy.aggregate_municipality_ids(user)
    readable = EMPLOYERS.municipality_ids(user, VIEW)
    ids = aggregated or readable
    if not ids:
        return None
    hide = bool(aggregated)
    persons = Person.objects.filter(municipality_id__in=sorted(ids)) if hide else work_persons(user)
    persons = persons.filter(municipality_id__in=sorted(ids), moved_out_on__isnull=True)
    participants = CompetenceProfile.objects.filter(
        person__in=persons.values("pk"), programme_participant=True
    )
    municipal = Placement.objects.filter(
        employer__kind=EmployerKind.MUNICIPAL,
        employer__municipality_id__in=sorted(ids),
        person__in=persons.values("pk"),
    )
    this_year = municipal.filter(started_on__year=year)
    reached_ids = set(this_year.values_list("person_id", flat=True))
    participant_ids = set(participants.values_list("person_id", flat=True))
    departments = list(
        Employer.objects.filter(
            municipality_id__in=sorted(ids), kind=EmployerKind.MUNICIPAL, active=True
        ).order_by("name")
    )
    started = dict(
        this_year.values("employer_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("employer_id", "n")
    )
    ongoing = dict(
        municipal.filter(state=PlacementState.STARTED)
        .values("employer_id")
        .annotate(n=Count("pk"))
        .values_list("employer_id", "n")
    )
    offers = dict(
        municipal.filter(outcome=PlacementOutcome.JOB_OFFER, ended_on__year=year)
        .values("employer_id")
        .annotate(n=Count("pk"))
        .values_list("employer_id", "n")
    )
    raw = [[started.get(d.pk, 0), ongoing.get(d.pk, 0), offers.get(d.pk, 0)] for d in departments]
    cells = protect_table(raw).cells if hide else [[Cell(v) for v in row] for row in raw]
    waiting = []
    if not hide:
        waiting = list(
            participants.exclude(person_id__in=reached_ids)
            .select_related("person", "person__municipality")
            .order_by("person__family_name", "person__given_name", "person_id")[:LIST_LIMIT]
        )
    count = protect_count if hide else Cell
    return Pledge(
        year=year,
        aggregated=hide,
        municipalities=list(Municipality.objects.filter(pk__in=sorted(ids)).order_by("name")),
        participants=count(len(participant_ids)),
        reached=count(len(participant_ids & reached_ids)),
        departments=[PledgeDepartment(d, *row) for d, row in zip(departments, cells, strict=True)],
        waiting=waiting,
    )


def outcome_labels() -> list[str]:
    return [str(PlacementOutcome(o).label) for o in OUTCOMES]


# ---------------------------------------------------------------------------- history
@dataclass(frozen=True)
class HistoryChange:
    label: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class HistoryRow:
    entry: object
    changes: list[HistoryChange]


def _history_labels() -> dict[str, str]:
    from .models import CompetenceProfile as ProfileModel

    labels = {f.name: f.verbose_name for f in Placement._meta.get_fields() if hasattr(f, "verbose_name")}
    labels.update(
        {f.name: f.verbose_name for f in ProfileModel._meta.get_fields() if hasattr(f, "verbose_name")}
    )
    labels.update(
        {
            "placement": _("placement"),
            "work_experience": _("work experience"),
            "education": _("education"),
            "language": _("language"),
            "job_fair": _("job fair"),
            "invited": _("invited"),
            "attended": _("attended"),
            "follow_up_visit": _("follow-up"),
        }
    )
    return labels


def _history_value(name: str, value, employers: dict[int, str]) -> str | None:
    from django.utils.formats import date_format

    from .models import CompetenceProfile as ProfileModel
    from .models import Education, LanguageSkill

    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if name == "employer":
        return employers.get(value, str(value))
    if name in ("wished_occupations",):
        return ", ".join(occupations.label(v) for v in value)
    if name == "work_experience" and isinstance(value, dict):
        return f"{occupations.label(value.get('occupation', ''))}, {value.get('years')}"
    if name == "education" and isinstance(value, dict):
        return str(
            dict(Education._meta.get_field("level").flatchoices).get(value.get("level"), value.get("level"))
        )
    if name == "language" and isinstance(value, dict):
        return str(dict(LanguageSkill._meta.get_field("language").flatchoices).get(value.get("language"), ""))
    if name == "follow_up_visit" and isinstance(value, dict):
        return value.get("note") or value.get("visited_on")
    for model in (ProfileModel, Placement):
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: S112 (a key of the other model, or a row)
            continue
        if field.get_internal_type() == "DateField" and isinstance(value, str):
            try:
                return date_format(dt.date.fromisoformat(value), "d.m.Y")
            except ValueError:
                return value
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if getattr(field, "choices", None):
            return str(dict(field.flatchoices).get(value, value))
        return str(value)
    return None if isinstance(value, int) and name in ("placement", "job_fair") else str(value)


def work_history(person: Person, limit: int = 50) -> list[HistoryRow]:
    """Changes to the person's work section, newest first, with fields named as on the forms."""
    from django.utils.text import capfirst

    from lagrundt.access.models import AuditAction, AuditEntry

    entries = list(
        AuditEntry.objects.filter(
            person_id=person.pk,
            section=Section.WORK,
            action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE],
        ).order_by("-at", "-pk")[:limit]
    )
    ids = {
        c.get(k)
        for e in entries
        for name, c in (e.changes or {}).items()
        if name == "employer"
        for k in ("old", "new")
    }
    employers = dict(
        Employer.objects.filter(pk__in=[i for i in ids if isinstance(i, int)]).values_list("pk", "name")
    )
    labels = _history_labels()
    rows = []
    for entry in entries:
        changes = [
            HistoryChange(
                label=capfirst(str(labels.get(name, name))),
                # The audit log keeps no content: a free-text field says only that it changed.
                old=None if change.get("changed") else _history_value(name, change.get("old"), employers),
                new=str(_("changed"))
                if change.get("changed")
                else _history_value(name, change.get("new"), employers),
            )
            for name, change in (entry.changes or {}).items()
            if name not in ("placement",)
        ]
        rows.append(HistoryRow(entry, changes))
    return rows
