"""Demo data of the plans: both plans loaded, with synthetic progress, figures, targets and a report.

The plans themselves are the real documents. Everything added here is made up for the demo and says
so: progress notes are written by the demo users, entered figures name «syntetisk demotall» as their
source. Re-runnable: a plan that is already loaded gets nothing more.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.tenancy.models import Municipality

from . import presenters, registry, services
from .models import EnteredFigure, Goal, Measure, MeasureStatus, ProgressNote, Report
from .profiles import PLAN_DIR, load_plan_file

DEMO_SOURCE = "Syntetisk demotall"
# (start of the measure's text, status, days ago each note was written, a note)
HEMSEDAL = [
    (
        "Utvikle arbeidsledermodellen i de tre",
        MeasureStatus.UNDER_WAY,
        [400, 250, 40],
        "Arbeidsgruppa har prøvd modellen i helse og omsorg; neste steg er oppvekst.",
    ),
    (
        "Lønnsmidler til kommunale sysselsettingstiltak",
        MeasureStatus.UNDER_WAY,
        [300, 120],
        "Tre kandidater i lønnet arbeidstrening i kommunale enheter.",
    ),
    (
        "Vedta og gjennomføre flyktningeløftet",
        MeasureStatus.DONE,
        [380],
        "Løftet er lagt fram for kommunestyret sammen med bosettingsvedtaket.",
    ),
    (
        "I samarbeide med Nav avholdes årlig 1-2 jobbtreff",
        MeasureStatus.UNDER_WAY,
        [200, 20],
        "Jobbtreff holdt med tolv bedrifter; nytt treff planlagt før vintersesongen.",
    ),
    ("Alle utlysinger av kommunale stillinger skal gjennomgå", MeasureStatus.NOT_STARTED, [], ""),
    (
        "Samtaler med helsesykepleier og tilvisning",
        MeasureStatus.UNDER_WAY,
        [150],
        "Alle nyankomne familier har hatt samtale; tolk brukt i alle.",
    ),
    (
        "Helsekartlegging ved bosetting",
        MeasureStatus.UNDER_WAY,
        [60, 10],
        "Helsekartlegging gjennomført for alle bosatt i år.",
    ),
    (
        "Tilby sosiale møteplasser og aktiviteter",
        MeasureStatus.UNDER_WAY,
        [100],
        "Språkkafé hver torsdag, i snitt femten deltakere.",
    ),
    (
        "Vurdere behov for flyktningeguider",
        MeasureStatus.DROPPED,
        [230],
        "Dekkes av aktivitetsfaddere under Kulturetaten.",
    ),
    ("Etablere en rutinebeskrivelse hvem som har ansvaret", MeasureStatus.NOT_STARTED, [], ""),
    ("Kartlegge elevenes skolebakgrunn", MeasureStatus.DONE, [330], "Kartlegging brukes ved all oppstart."),
    ("Tilby gratisplasser i kulturskolen", MeasureStatus.UNDER_WAY, [95], "Fire gratisplasser tildelt."),
]
HEMSEDAL_DEADLINES = {"Etablere en rutinebeskrivelse hvem som har ansvaret": dt.date(2026, 6, 30)}
# After the 2025 report was sent: what changed since.
HEMSEDAL_AFTER_REPORT = [
    (
        "Alle utlysinger av kommunale stillinger skal gjennomgå",
        MeasureStatus.UNDER_WAY,
        "Stillingsanalyse innført for helse og omsorg fra i høst.",
    ),
    ("Tilby gratisplasser i kulturskolen", MeasureStatus.DONE, "Ordningen er fast fra nytt skoleår."),
]
AAL = [
    (
        "Kompetansekartlegging av alle flyktningar",
        MeasureStatus.UNDER_WAY,
        [120, 30],
        "Alle nye deltakarar er kartlagde; databasen er gått gjennom med næringsutviklar.",
    ),
    (
        "Samarbeid med næringsutviklar for å sørge for god dialog",
        MeasureStatus.UNDER_WAY,
        [63, 21],
        "Møte kvar tredje veke held fram; tre nye praksisplassar i privat næringsliv.",
    ),
    (
        "Alle flyktningforeldre får tilbod om foreldrerettleiingskurs",
        MeasureStatus.UNDER_WAY,
        [150],
        "ICDP-kurs for to grupper i vår, med tolk.",
    ),
    (
        "Det blir arrangert velkomsttreff for nye ålingar",
        MeasureStatus.UNDER_WAY,
        [200, 45],
        "Velkomsttreff i Ål kulturhus med om lag førti deltakarar.",
    ),
    ("Greie ut moglegheit for raskare barnehageopptak", MeasureStatus.NOT_STARTED, [], ""),
    ("Jamleg rullering av «Plan for busetting og inkludering", MeasureStatus.NOT_STARTED, [], ""),
    (
        "Gjennomføre regelmessige brukarundersøkingar",
        MeasureStatus.UNDER_WAY,
        [110],
        "Spørjeskjema omsett til ukrainsk og tigrinja.",
    ),
    (
        "Det er fatta vedtak om å busette fem einslege mindreårige",
        MeasureStatus.UNDER_WAY,
        [180, 60],
        "Tre av fem er busette; bustad klar for dei neste.",
    ),
]
AAL_DEADLINES = {"Greie ut moglegheit for raskare barnehageopptak": dt.date(2026, 9, 1)}


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _measure(plan, start: str) -> Measure:
    return Measure.objects.get(plan=plan, text__startswith=start)


def _progress(plan, rows, author, today, deadlines) -> None:
    actor = Actor(author)
    for start, status, days, text in rows:
        measure = _measure(plan, start)
        for ago in days:
            note = services.progress_note_add(
                actor=actor, measure=measure, written_on=today - dt.timedelta(days=ago), text=text
            )
            # Written on the day it says, not when the demo was loaded.
            ProgressNote.objects.filter(pk=note.pk).update(
                created_at=timezone.make_aware(dt.datetime.combine(note.written_on, dt.time(12)))
            )
        if status != measure.status:
            reason = text if status == MeasureStatus.DROPPED else ""
            services.measure_set_status(actor=actor, measure=measure, status=status, reason=reason)
    for start, deadline in deadlines.items():
        services.measure_update(actor=actor, measure=_measure(plan, start), data={"ends_on": deadline})


def _figure(municipality, indicator, year, value, **extra) -> None:
    EnteredFigure.objects.create(
        municipality=municipality,
        indicator=indicator,
        year=year,
        value=Decimal(str(value)),
        source=extra.pop("source", DEMO_SOURCE),
        **extra,
    )


def _target(plan, goal_text: str, actor, **fields) -> None:
    goal = Goal.objects.get(plan=plan, text__startswith=goal_text)
    services.target_set(actor=actor, goal=goal, source=DEMO_SOURCE, **fields)


def load(*, today, seed, out) -> None:
    keys = set(registry.all_indicators())
    specs = {
        name: load_plan_file(PLAN_DIR / f"{name}.yaml", indicator_keys=keys) for name in ("hemsedal", "aal")
    }
    for name, spec in specs.items():
        municipality = Municipality.objects.filter(number=spec.municipality).first()
        if municipality is None:
            continue
        with transaction.atomic():
            plan, created = services.plan_load(spec, municipality=municipality)
            if not created:
                out.write(f"Plan {plan.title}: finnes allerede, ingen endringer.")
                continue
            if name == "hemsedal":
                _hemsedal(plan, today)
            else:
                _aal(plan, today)
        counts = spec.counts()
        out.write(
            f"Plan {plan.title} ({municipality.name}): {counts['goals']} mål, {counts['sub_goals']} delmål, "
            f"{counts['measures']} tiltak."
        )


def _hemsedal(plan, today) -> None:
    leader = _user("hemsedal-leder") or _user("hemsedal-ledelse")
    worker = _user("hemsedal-integrering")
    author = worker or leader
    if author is None:
        return
    actor = Actor(leader or author)
    municipality = plan.municipality
    _progress(plan, HEMSEDAL, author, today, HEMSEDAL_DEADLINES)
    for year, value in ((2023, 38), (2024, 41), (2025, 46)):
        _figure(municipality, "work_or_education", year, value)
    _figure(
        municipality, "work_or_education", 2025, 29, group={"settled_years_min": 2}, note="Bosatt minst to år"
    )
    for year, value in ((2024, 48), (2025, 52)):
        _figure(municipality, "children_leisure", year, value)
    _target(
        plan,
        "Øke flyktningenes deltakelse i sosiale",
        actor,
        indicator="children_leisure",
        value=Decimal(60),
        by=dt.date(2027, 12, 31),
    )
    _target(
        plan,
        "Være en tilgjengelig tjeneste",
        actor,
        indicator="duties_on_time",
        value=Decimal(90),
        by=dt.date(2027, 12, 31),
    )
    _target(
        plan,
        "Flest mulig av de bosatte flyktninger",
        actor,
        indicator="work_or_education",
        value=Decimal(40),
        by=dt.date(2027, 12, 31),
        group={"settled_years_min": 2},
    )
    # The report for 2025, sent to the council in February; then a few changes since.
    report = services.report_for(plan=plan, year=2025)
    services.report_update(
        actor=actor,
        report=report,
        summary=(
            "Integreringstjenesten har i 2025 prioritert arbeidsrettet kvalifisering og flyktningeløftet. "
            "Andelen i arbeid eller utdanning har økt, men målet på 50 % er ikke nådd."
        ),
    )
    sent = dt.datetime.combine(dt.date(today.year, 2, 15), dt.time(10))
    report.refresh_from_db()
    services.report_issue(
        actor=actor, report=report, snapshot=presenters.report_data(plan, report, dt.date(2025, 12, 31))
    )
    Report.objects.filter(pk=report.pk).update(issued_at=timezone.make_aware(sent))
    for start, status, text in HEMSEDAL_AFTER_REPORT:
        measure = _measure(plan, start)
        services.progress_note_add(
            actor=Actor(author), measure=measure, written_on=today - dt.timedelta(days=14), text=text
        )
        services.measure_set_status(actor=Actor(author), measure=measure, status=status)
    draft = services.report_for(plan=plan, year=today.year)
    services.report_update(actor=actor, report=draft, summary="Utkast: oppsummeringen skrives i desember.")


def _aal(plan, today) -> None:
    leader = _user("aal-leder")
    worker = _user("aal-integrering")
    author = worker or leader
    if author is None:
        return
    actor = Actor(leader or author)
    _progress(plan, AAL, author, today, AAL_DEADLINES)
    _target(
        plan,
        "Høg og stabil yrkesdeltaking",
        actor,
        indicator="programme_completers_in_work",
        value=Decimal(80),
        by=dt.date(2027, 12, 31),
        group={"country": "UA"},
    )
    _target(
        plan,
        "Jobbe for at alle som bur i Ål",
        actor,
        indicator="still_living_here",
        value=Decimal(80),
        by=dt.date(2027, 12, 31),
    )
    _figure(plan.municipality, "programme_completers_in_work", 2024, 71, group={"country": "UA"})
    draft = services.report_for(plan=plan, year=today.year)
    services.report_update(
        actor=actor,
        report=draft,
        summary="Utkast: Ål introsenter skriv oppsummeringa for 2026 før rapporten går til kommunestyret.",
    )
