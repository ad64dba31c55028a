"""Set up the demo: both built-in municipality profiles, demo logins and a few hundred synthetic persons.

Re-runnable: profiles are applied idempotently and persons are only generated for a municipality
that has none, so running it twice changes nothing. Refused in production, because every demo user
shares one published password.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from lagrundt.access.resources import sector_grants
from lagrundt.access.rules import Population
from lagrundt.access.sections import Section
from lagrundt.core.plugins import app_modules
from lagrundt.people.synthetic import generate_people
from lagrundt.tenancy.models import Membership, Municipality, Sector
from lagrundt.tenancy.profiles import ProfileError, apply_profile, builtin_profiles, load_profile

# Only for the demo, and documented as such: every demo login uses it.
DEMO_PASSWORD = "lagrundt-demo-2026"  # noqa: S105
DEMO_URL = "http://127.0.0.1:8000"
ADMIN_USERNAME = "admin"
# Synthetic persons per municipality slug, with a fixed seed so that every demo looks the same.
DEMO_PEOPLE = {"hemsedal": 120, "gol": 80, "aal": 150, "hol": 60}
DEMO_SEED = 2026

SECTOR_LABELS = {
    Sector.INTEGRATION_SERVICE: "Integreringstjeneste",
    Sector.HEALTH: "Helse",
    Sector.SCHOOL: "Skole",
    Sector.KINDERGARTEN: "Barnehage",
    Sector.NAV: "Nav",
    Sector.HOUSING: "Bolig",
    Sector.CULTURE_LEISURE: "Kultur og fritid",
    Sector.VOLUNTEER_CENTRE: "Frivilligsentral",
    Sector.LEADERSHIP: "Ledelse",
    Sector.DATA_PROTECTION: "Personvern",
    Sector.SYSTEM_ADMINISTRATION: "Systemforvaltning",
}
POPULATION_LABELS = {
    Population.ALL: "alle bosatte i {where}, også utflyttede",
    Population.RESIDENTS: "alle som bor i {where}",
    Population.SCHOOL_AGE: "barn på 1.–10. trinn i {where}",
    Population.UNDER_SCHOOL_AGE: "barn under skolealder i {where}",
    Population.ADULTS: "voksne (18 år og eldre) i {where}",
    Population.CONSENTED: "de i {where} som har samtykket til kontakt",
}
SECTION_LABELS = {
    Section.IDENTITY: "identitet",
    Section.NATIONAL_ID: "fødselsnummer",
    Section.SETTLEMENT: "bosetting",
    Section.FAMILY: "familie",
    Section.HEALTH: "helse",
    Section.EDUCATION: "opplæring",
    Section.WORK: "arbeid",
    Section.HOUSING: "bolig",
    Section.FINANCES: "økonomi",
    Section.NOTES: "notater",
    Section.PROGRAMME: "introduksjonsprogram",
    Section.COMMUNITY: "guider og velkomst",
    Section.LEISURE: "fritid",
    Section.LEISURE_SUPPORT: "støtte til fritid",
}


def what_they_see(sector: str, municipality_names: list[str]) -> str:
    """A one-line description read from the access policy, so that the table cannot drift from it."""
    grants = sector_grants(sector)
    where = " og ".join(municipality_names)
    parts = []
    if grants.reads:
        sections = ", ".join(SECTION_LABELS.get(s, str(s)) for s in grants.reads)
        who = POPULATION_LABELS.get(grants.population, grants.population.value + " ({where})")
        parts.append(f"{who.format(where=where)}: {sections}")
    if grants.sees_aggregates:
        parts.append(f"statistikk for {where}, ingen enkeltpersoner")
    if grants.reads_audit_log:
        parts.append("tilgangsloggen")
    return "; ".join(parts) or "ingen personopplysninger"


class Command(BaseCommand):
    help = (
        "Laster demodata: kommuneprofilene for Hemsedal/Gol og Ål/Hol, demobrukere (passord "
        f"{DEMO_PASSWORD}) og noen hundre syntetiske personer. Kan kjøres flere ganger."
    )

    def handle(self, *args, **options):
        if getattr(settings, "ENVIRONMENT", "production") == "production":
            raise CommandError(
                "Demodata har et kjent passord og lastes aldri i produksjon. Bruk LAGRUNDT_ENV=demo."
            )
        try:
            profiles = [load_profile(path) for path in builtin_profiles()]
        except ProfileError as exc:
            raise CommandError(str(exc)) from exc

        with transaction.atomic():
            for profile in profiles:
                counts = apply_profile(profile, password=DEMO_PASSWORD)
                changes = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in counts.items() if v)
                self.stdout.write(f"Profil {profile.name}: {changes or 'ingen endringer'}.")
            self._admin()

        today = timezone.localdate()
        for index, (slug, count) in enumerate(DEMO_PEOPLE.items()):
            municipality = Municipality.objects.filter(slug=slug).first()
            if municipality is None:
                continue
            if municipality.persons.exists():
                self.stdout.write(f"{municipality.name}: har allerede personer, lager ingen nye.")
                continue
            summary = generate_people([municipality], count, today, DEMO_SEED + index)
            self.stdout.write(
                f"{municipality.name}: laget {summary['persons']} syntetiske personer "
                f"i {summary['households']} husstander."
            )
        self._routines(today)
        # Every other app's demo data (its demo.py), after the register and the tasks it may build on.
        for module in app_modules("demo"):
            module.load(today=today, seed=DEMO_SEED, out=self.stdout)
        self._print_logins(profiles)

    def _routines(self, today) -> None:
        """Every municipality's routines from the files, and the tasks they give, with a history."""
        from lagrundt.routines.engine import refresh_all
        from lagrundt.routines.models import Task, TaskStatus
        from lagrundt.routines.services import apply_routine_files
        from lagrundt.routines.synthetic import demo_tasks

        try:
            counts = apply_routine_files()
        except ProfileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Rutiner: {counts['created']} nye, {counts['changed']} endret.")
        if Task.objects.exclude(status=TaskStatus.OPEN).exists():
            stats = refresh_all(today=today)
            self.stdout.write(f"Oppgaver: {stats.created} nye, {stats.updated} endret.")
        else:
            result = demo_tasks(today, seed=DEMO_SEED)
            self.stdout.write(
                f"Oppgaver: {result['created']} laget, {result['closed']} av de eldste lukket "
                "som syntetisk historikk."
            )

    def _admin(self) -> None:
        """A system administrator for Django's admin pages; without membership it sees no person."""
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=ADMIN_USERNAME,
            defaults={
                "first_name": "Demo",
                "last_name": "Systemforvalter",
                "is_staff": True,
                "is_superuser": True,
            },
        )
        fields = []
        if created or not user.check_password(DEMO_PASSWORD):
            user.password = make_password(DEMO_PASSWORD)
            fields.append("password")
        if not (user.is_staff and user.is_superuser and user.is_active):
            user.is_staff = user.is_superuser = user.is_active = True
            fields += ["is_staff", "is_superuser", "is_active"]
        if fields:
            user.save(update_fields=fields)

    def _print_logins(self, profiles) -> None:
        usernames = [u.username for p in profiles for u in p.users]
        memberships = {
            m.user.username: m
            for m in Membership.objects.filter(user__username__in=usernames)
            .select_related("user", "unit")
            .prefetch_related("unit__municipalities")
        }
        rows = [("Brukernavn", "Passord", "Sektor", "Enhet", "Ser")]
        for username in usernames:
            m = memberships.get(username)
            if m is None:
                continue
            names = [mm.name for mm in sorted(m.unit.municipalities.all(), key=lambda x: x.name)]
            rows.append(
                (
                    username,
                    DEMO_PASSWORD,
                    SECTOR_LABELS.get(m.sector, m.sector),
                    m.unit.name,
                    what_they_see(m.sector, names),
                )
            )
        rows.append(
            (
                ADMIN_USERNAME,
                DEMO_PASSWORD,
                SECTOR_LABELS[Sector.SYSTEM_ADMINISTRATION],
                "(ingen enhet)",
                "administrasjonssidene (/admin/), ingen personopplysninger i registeret",
            )
        )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demobrukere (bare for demo; passordet er offentlig):"))
        for n, row in enumerate(rows):
            line = (
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
                + "  "
                + row[-1]
            )
            self.stdout.write(self.style.MIGRATE_LABEL(line) if n == 0 else line)
        self.stdout.write("")
        self.stdout.write(f"Åpne {DEMO_URL} og logg inn med en av brukerne over.")
