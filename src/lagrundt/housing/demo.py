"""Demo data for housing in Hemsedal and Ål, made through the services (so the audit log has it too).

Hemsedal as its plan describes the stock (ch. 5 Eiendom): 11 municipal units, of which 6 are let to
refugees, and 15 private dwellings the integration service leases from landlords. Ål: municipal and
private dwellings, the private ones approved by the settlement lead (3.4), one not yet. Settled
households get tenancies; a few accepted settlement cases get a dwelling held, so they move to
"dwelling ready"; one year-1 inspection has a deviation; one household in Ål has moved to a home
bought with the first-time buyer grant. Runs after the settlement demo. Re-runnable: a municipality
that already has dwellings gets none new. Every name and address is synthetic.
"""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Min

from lagrundt.access.audit import Actor
from lagrundt.core.dates import add_years
from lagrundt.people.models import Household
from lagrundt.settlement.models import Reply, SettlementCase, Stage
from lagrundt.tenancy.models import Municipality, Sector

from . import services
from .models import ApprovalResult, Dwelling, ItemResult, Ownership, Tenancy, TenancyEnd
from .profiles import profile_for
from .selectors import stock_figures

STREETS = {
    "3326": ["Trøimsvegen", "Hemsedalsvegen", "Tuvvegen", "Ulsåkvegen", "Grøndalsvegen", "Bjøberg"],
    "3328": ["Sundrejordet", "Torget", "Vesleslåtta", "Kyrkjevegen", "Leksvegen", "Votndalsvegen"],
}
LANDLORDS = ["Ola Bakke", "Kari Fossheim", "Per Lien", "Anne Grøt", "Nils Rud", "Ingrid Haugen",
             "Fjellbolig AS", "Tor Sletten", "Liv Brekke", "Hallingbygg AS"]  # fmt: skip
INVENTORY = [("Seng", 2), ("Sofa", 1), ("Spisebord", 1), ("Stol", 4), ("Vaskemaskin", 1), ("Kjøleskap", 1)]


def _actor(municipality: Municipality, sector: str) -> Actor:
    user = (
        get_user_model()
        .objects.filter(memberships__sector=sector, memberships__unit__municipalities=municipality)
        .order_by("pk")
        .first()
    )
    return Actor(user=user, detail="demo")


def _dwelling(actor, municipality, rng, n, **values) -> Dwelling:
    street = STREETS[municipality.number][n % len(STREETS[municipality.number])]
    bedrooms = values.pop("bedrooms", rng.choice([1, 2, 2, 3, 3, 4]))
    central = values.pop("central", rng.random() < 0.6)
    data = dict(
        municipality=municipality,
        address=f"{street} {10 + n}",
        rooms=bedrooms + rng.choice([1, 1, 2]),
        bedrooms=bedrooms,
        area_m2=35 + 18 * bedrooms + rng.randint(0, 15),
        floor=rng.choice([1, 1, 1, 2, 3]),
        accessible=rng.random() < 0.15,
        rent=Decimal(6000 + 1500 * bedrooms + rng.randint(0, 10) * 100),
        charges=Decimal(rng.choice([0, 500, 800, 1200])),
        deposit=Decimal(rng.choice([0, 15000, 20000])),
        central=central,
        minutes_to_centre=rng.randint(2, 8) if central else rng.randint(10, 30),
        minutes_to_school=rng.randint(3, 12) if central else rng.randint(12, 40),
        minutes_to_bus=rng.randint(1, 5) if central else rng.randint(4, 25),
        **values,
    )
    dwelling = services.dwelling_save(actor=actor, data=data)
    for name, quantity in INVENTORY[: rng.randint(3, len(INVENTORY))]:
        services.inventory_add(actor=actor, dwelling=dwelling, name=name, quantity=quantity)
    return dwelling


def _landlord(actor, municipality, rng, n):
    name = LANDLORDS[n % len(LANDLORDS)]
    return services.landlord_save(
        actor=actor,
        data={
            "municipality": municipality,
            "name": name,
            "phone": f"+47 9{rng.randint(1000000, 9999999)}",
            "organisation_number": "",
        },
    )


def _leased(
    actor, municipality, rng, count, today, *, ownership=Ownership.MUNICIPAL_LEASED
) -> list[Dwelling]:
    made = []
    for n in range(count):
        landlord = _landlord(actor, municipality, rng, n)
        dwelling = _dwelling(actor, municipality, rng, 100 + n, ownership=ownership, landlord=landlord)
        starts = today - dt.timedelta(days=rng.randint(200, 1500))
        services.agreement_add(
            actor=actor,
            dwelling=dwelling,
            data={
                "starts_on": starts,
                "ends_on": add_years(starts, 3) if rng.random() < 0.5 else None,
                "rent": dwelling.rent,
                "who_pays": "Leietaker betaler strøm og internett; utleier vedlikehold og brøyting.",
            },
        )
        made.append(dwelling)
    return made


def _households(municipality) -> list[tuple[Household, dt.date]]:
    """Settled households still living there, with their arrival, the latest first."""
    rows = (
        Household.objects.filter(municipality=municipality, members__moved_out_on__isnull=True)
        .annotate(arrived=Min("members__settlement__settled_on"))
        .filter(arrived__isnull=False, tenancies__isnull=True)
        .order_by("-arrived", "pk")
        .distinct()
    )
    return [(h, h.arrived) for h in rows]


def _let(actor, dwellings, households, count) -> list[Tenancy]:
    made = []
    for dwelling, (household, arrived) in zip(dwellings, households[:count], strict=False):
        starts = max(arrived, dwelling.available_from or arrived)
        made.append(
            services.tenancy_start(actor=actor, dwelling=dwelling, household=household, starts_on=starts)
        )
    return made


def _hold(actor, municipality, dwellings, today) -> int:
    """Hold vacant dwellings for a few accepted cases: they move to "dwelling ready"."""
    held = 0
    cases = SettlementCase.objects.filter(
        municipality=municipality, reply=Reply.ACCEPTED, stage=Stage.ACCEPTED, arrived_on__isnull=True
    ).order_by("expected_arrival", "pk")[:2]
    for case, dwelling in zip(cases, dwellings, strict=False):
        ready = max(today, (case.expected_arrival or today) - dt.timedelta(days=14))
        services.tenancy_hold(actor=actor, dwelling=dwelling, case=case, starts_on=ready)
        held += 1
    return held


def _inspect(actor, owner, tenancies, today) -> bool:
    """A year-1 inspection with one deviation, for a household in its first year."""
    for tenancy in tenancies:
        arrived = services.arrival_of(tenancy.household)
        if not arrived or tenancy.starts_on > today - dt.timedelta(days=30) or add_years(arrived, 1) <= today:
            continue
        profile = profile_for(tenancy.dwelling.municipality)
        items = profile.checklist(1)
        results = {i.key: ItemResult.OK for i in items}
        flagged = items[0].key
        results[flagged] = ItemResult.FOLLOW_UP
        services.inspection_add(
            actor=actor,
            tenancy=tenancy,
            data={
                "year": 1,
                "inspected_on": today - dt.timedelta(days=3),
                "results": results,
                "guidance": [g.key for g in profile.guidance[:3]],
                "notes": "Gjennomgått sjekklisten med familien.",
            },
            deviations=[
                {
                    "item": flagged,
                    "description": "Følge opp punktet sammen med familien og utleier.",
                    "owner": owner,
                    "due_on": today + dt.timedelta(days=14),
                }
            ],
        )
        return True
    return False


def _hemsedal(actor, housing, municipality, rng, today) -> dict:
    municipal = [_dwelling(actor, municipality, rng, n, ownership=Ownership.MUNICIPAL) for n in range(11)]
    leased = _leased(actor, municipality, rng, 15, today)
    households = _households(municipality)
    tenancies = _let(actor, municipal[:6], households, 6)
    tenancies += _let(actor, leased[:12], households[6:], 12)
    held = _hold(actor, municipality, leased[12:] + municipal[6:], today)
    inspected = _inspect(housing, housing.user, tenancies, today)
    return {"held": held, "inspected": inspected}


def _aal(actor, municipality, rng, today) -> dict:
    municipal = [_dwelling(actor, municipality, rng, n, ownership=Ownership.MUNICIPAL) for n in range(8)]
    private = _leased(actor, municipality, rng, 6, today, ownership=Ownership.PRIVATE)
    keys = [i.key for i in profile_for(municipality).approval]
    # Approved (years ago) before the first household moved in; the sixth is not approved yet.
    for dwelling in private[:5]:
        services.approval_add(
            actor=actor,
            dwelling=dwelling,
            data={
                "approved_on": add_years(today, -6) + dt.timedelta(days=rng.randint(0, 60)),
                "result": ApprovalResult.APPROVED,
                "results": dict.fromkeys(keys, ItemResult.OK),
            },
        )
    households = _households(municipality)
    tenancies = _let(actor, municipal[:5] + private[:4], households, 9)
    # One household has bought its own home with the municipal first-time buyer grant (3.4).
    moved = next((t for t in tenancies if t.starts_on < today - dt.timedelta(days=60)), None)
    if moved is not None:
        services.tenancy_end(
            actor=actor,
            tenancy=moved,
            ends_on=today - dt.timedelta(days=20),
            reason=TenancyEnd.OWN_BOUGHT_GRANT,
        )
    held = _hold(actor, municipality, municipal[5:] + private[4:5], today)
    inspected = _inspect(actor, actor.user, tenancies, today)
    return {"held": held, "inspected": inspected, "own_home": moved is not None}


def load(*, today, seed, out) -> None:
    rng = random.Random(seed + 14)
    for number in ("3326", "3328"):
        municipality = Municipality.objects.filter(number=number).first()
        if municipality is None:
            continue
        actor = _actor(municipality, Sector.INTEGRATION_SERVICE)
        housing = _actor(municipality, Sector.HOUSING)
        if housing.user is None:
            housing = actor
        if actor.user is not None and not Dwelling.objects.filter(municipality=municipality).exists():
            with transaction.atomic():
                done = (
                    _hemsedal(actor, housing, municipality, rng, today)
                    if number == "3326"
                    else _aal(actor, municipality, rng, today)
                )
            out.write(
                f"{municipality.name}: bolig – {done['held']} boliger holdt av for bosettingssaker; "
                f"tilsyn år 1 med avvik: {'ja' if done['inspected'] else 'nei'}."
            )
        figures = stock_figures(Dwelling.objects.filter(municipality=municipality), today)
        parts = ", ".join(f"{r.label}: {r.let} av {r.in_stock} utleid" for r in figures.rows if r.in_stock)
        out.write(f"{municipality.name}: boligmassen – {parts}.")
