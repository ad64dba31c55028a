"""Generate synthetic settled refugees, for demos and load tests. Never for a production register."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lagrundt.people.synthetic import generate_people
from lagrundt.tenancy.models import Municipality


class Command(BaseCommand):
    help = (
        "Lager syntetiske (oppdiktede) bosatte flyktninger med husstander, bosettinger, utflyttinger og "
        "slektskap. Fordeles jevnt på kommunene. Skriver ingen tilgangslogg."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000, help="Antall personer (standard 1000).")
        parser.add_argument(
            "--municipality",
            action="append",
            dest="municipalities",
            metavar="SLUG",
            help="Kommunens slug, f.eks. hemsedal. Kan gjentas; standard er alle kommuner.",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Frø for tilfeldighetene (samme frø, samme data)."
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Dagens dato for genereringen (ÅÅÅÅ-MM-DD); standard er i dag.",
        )

    def handle(self, *args, count, municipalities, seed, today, **options):
        if getattr(settings, "ENVIRONMENT", "production") == "production":
            raise CommandError(
                "Syntetiske personer lages ikke i et produksjonsregister. Bruk LAGRUNDT_ENV=demo eller test."
            )
        if count < 1:
            raise CommandError("--count må være minst 1.")
        chosen = list(Municipality.objects.order_by("number"))
        if municipalities:
            by_slug = {m.slug: m for m in chosen}
            unknown = sorted(set(municipalities) - by_slug.keys())
            if unknown:
                known = ", ".join(sorted(by_slug)) or "ingen"
                raise CommandError(f"Ukjent kommune: {', '.join(unknown)}. Kjente kommuner: {known}.")
            chosen = [by_slug[slug] for slug in dict.fromkeys(municipalities)]
        if not chosen:
            raise CommandError("Det finnes ingen kommuner ennå. Kjør først «manage.py load_demo».")
        summary = generate_people(chosen, count, today or timezone.localdate(), seed)
        names = ", ".join(m.name for m in chosen)
        self.stdout.write(
            self.style.SUCCESS(
                f"Laget {summary['persons']} syntetiske personer i {names} på {summary['seconds']} s: "
                f"{summary['households']} husstander, {summary['settlements']} bosettinger, "
                f"{summary['move_outs']} utflyttinger, {summary['relations']} slektskapsrelasjoner, "
                f"{summary['born_in_norway']} født i Norge, {summary['national_ids']} med (syntetisk) "
                "fødselsnummer."
            )
        )
