"""Municipality profiles: the municipalities, service units and demo users of one installation, as YAML.

A profile is data so that a new municipality is set up by writing a file, not code. Loading checks
everything before anything touches the database, and every error names the file and the line so
that the person editing the YAML can fix it without reading Python.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from lagrundt.core.yaml_files import ProfileError, YamlReader, compose_yaml

__all__ = ["ProfileError", "apply_profile", "builtin_profiles", "load_profile"]

from .models import Membership, Municipality, Role, Sector, ServiceUnit

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"
# Norwegian letters slugify would otherwise drop or flatten: "Ål" must become "aal", not "al".
_NORWEGIAN_TRANSLITERATION = str.maketrans({"å": "aa", "Å": "aa", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o"})

_TOP_KEYS = {"profile", "language", "municipalities", "units", "users"}
_MUNICIPALITY_KEYS = {"number", "name", "slug"}
_UNIT_KEYS = {"key", "name", "sector", "host", "serves"}
_USER_KEYS = {"username", "full_name", "unit", "sector", "role", "email"}


@dataclass(frozen=True)
class MunicipalitySpec:
    number: str
    name: str
    slug: str


@dataclass(frozen=True)
class UnitSpec:
    key: str
    name: str
    sector: str
    host: str
    serves: tuple[str, ...]


@dataclass(frozen=True)
class UserSpec:
    username: str
    full_name: str
    unit: str
    sector: str
    role: str
    email: str = ""


@dataclass(frozen=True)
class Profile:
    path: Path
    name: str
    language: str
    municipalities: tuple[MunicipalitySpec, ...]
    units: tuple[UnitSpec, ...]
    users: tuple[UserSpec, ...] = field(default_factory=tuple)

    def unit(self, key: str) -> UnitSpec:
        return next(u for u in self.units if u.key == key)


def municipality_slug(name: str) -> str:
    """A URL slug for a municipality name with Norwegian transliteration: "Ål" → "aal"."""
    return slugify(name.translate(_NORWEGIAN_TRANSLITERATION))


def builtin_profiles() -> list[Path]:
    """The profiles shipped with Lagrundt (the demo installation loads all of them)."""
    return sorted(PROFILE_DIR.glob("*.yaml"))


# ---------------------------------------------------------------------------- reading
def load_profile(path: str | Path) -> Profile:
    """Read and check a profile file; a ``ProfileError`` names the file and line of the first problem."""
    path = Path(path)
    root = compose_yaml(path)
    r = YamlReader(path)
    top = r.mapping(root, "the profile", _TOP_KEYS, {"municipalities", "units"})
    name = r.text(top["profile"], "profile") if "profile" in top else path.stem
    language = r.choice(top["language"], "language", ("nb", "nn", "en")) if "language" in top else "nb"

    municipalities: dict[str, MunicipalitySpec] = {}
    slugs: set[str] = set()
    for node in r.sequence(top["municipalities"], "municipalities"):
        m = r.mapping(node, "a municipality", _MUNICIPALITY_KEYS, {"number", "name"})
        number = r.number(m["number"], "municipality number")
        if number in municipalities:
            raise r.error(f"municipality number {number} is listed twice.", m["number"])
        m_name = r.text(m["name"], "municipality name")
        slug = r.text(m["slug"], "slug") if "slug" in m else municipality_slug(m_name)
        if slug != slugify(slug) or slug in slugs:
            raise r.error(
                f"the slug {slug!r} is not a lowercase URL slug or is used twice.", m.get("slug", node)
            )
        slugs.add(slug)
        municipalities[number] = MunicipalitySpec(number=number, name=m_name, slug=slug)
    if not municipalities:
        raise r.error("a profile needs at least one municipality.", top["municipalities"])

    def known_number(node: yaml.Node, what: str) -> str:
        number = r.number(node, what)
        if number not in municipalities:
            raise r.error(
                f"{what} {number} is not among the profile's municipalities ({', '.join(municipalities)}).",
                node,
            )
        return number

    units: dict[str, UnitSpec] = {}
    for node in r.sequence(top["units"], "units"):
        u = r.mapping(node, "a unit", _UNIT_KEYS, {"key", "name", "sector", "host", "serves"})
        key = r.text(u["key"], "unit key")
        if key in units:
            raise r.error(f"the unit key {key!r} is used twice.", u["key"])
        serves = tuple(known_number(n, "municipality number") for n in r.sequence(u["serves"], "serves"))
        if not serves:
            raise r.error("a unit must serve at least one municipality.", u["serves"])
        units[key] = UnitSpec(
            key=key,
            name=r.text(u["name"], "unit name"),
            sector=r.choice(u["sector"], "sector", Sector.values),
            host=known_number(u["host"], "host municipality number"),
            serves=tuple(dict.fromkeys(serves)),
        )

    users: dict[str, UserSpec] = {}
    for node in r.sequence(top["users"], "users") if "users" in top else []:
        u = r.mapping(node, "a user", _USER_KEYS, {"username", "full_name", "unit"})
        username = r.text(u["username"], "username")
        if username in users:
            raise r.error(f"the username {username!r} is used twice.", u["username"])
        unit_key = r.text(u["unit"], "unit")
        if unit_key not in units:
            raise r.error(
                f"unknown unit {unit_key!r}; the profile's units are {', '.join(units)}.", u["unit"]
            )
        sector = r.choice(u["sector"], "sector", Sector.values) if "sector" in u else units[unit_key].sector
        default_role = Role.LEADER if sector == Sector.LEADERSHIP else Role.EMPLOYEE
        users[username] = UserSpec(
            username=username,
            full_name=r.text(u["full_name"], "full name"),
            unit=unit_key,
            sector=sector,
            role=r.choice(u["role"], "role", Role.values) if "role" in u else default_role,
            email=r.text(u["email"], "email") if "email" in u else "",
        )
    return Profile(
        path=path,
        name=name,
        language=language,
        municipalities=tuple(municipalities.values()),
        units=tuple(units.values()),
        users=tuple(users.values()),
    )


# ---------------------------------------------------------------------------- applying
def apply_profile(profile: Profile | str | Path, *, password: str | None = None) -> dict[str, int]:
    """Create or update what the profile describes; running it again changes nothing.

    Units are identified by name and host municipality, users by username. A profile user's
    memberships are made to match the profile exactly, so that moving a user to another unit in the
    YAML also takes away the old access. ``password`` is set for new users, and for existing users
    whose password differs; without it new users get an unusable password.
    """
    if not isinstance(profile, Profile):
        profile = load_profile(profile)
    counts = dict.fromkeys(
        (
            "municipalities_created",
            "units_created",
            "users_created",
            "memberships_created",
            "memberships_removed",
            "passwords_set",
        ),
        0,
    )
    User = get_user_model()
    with transaction.atomic():
        by_number: dict[str, Municipality] = {}
        for spec in profile.municipalities:
            municipality, created = Municipality.objects.get_or_create(
                number=spec.number, defaults={"name": spec.name, "slug": spec.slug}
            )
            counts["municipalities_created"] += created
            if (municipality.name, municipality.slug) != (spec.name, spec.slug):
                municipality.name, municipality.slug = spec.name, spec.slug
                municipality.save(update_fields=["name", "slug"])
            by_number[spec.number] = municipality

        units: dict[str, ServiceUnit] = {}
        for spec in profile.units:
            unit, created = ServiceUnit.objects.get_or_create(
                name=spec.name, host_municipality=by_number[spec.host], defaults={"sector": spec.sector}
            )
            counts["units_created"] += created
            if unit.sector != spec.sector:
                unit.sector = spec.sector
                unit.save(update_fields=["sector"])
            wanted = {by_number[n].pk for n in spec.serves}
            if set(unit.municipalities.values_list("pk", flat=True)) != wanted:
                unit.municipalities.set(wanted)
            units[spec.key] = unit

        # One hash for all new demo users: hashing is deliberately slow, and the password is shared anyway.
        new_hash = make_password(password) if password else None
        checked: dict[str, bool] = {}
        for spec in profile.users:
            given, _, family = spec.full_name.rpartition(" ")
            if not given:
                given, family = family, ""
            user, created = User.objects.get_or_create(
                username=spec.username,
                defaults={"first_name": given, "last_name": family, "email": spec.email, "is_active": True},
            )
            changed: list[str] = []
            if created:
                counts["users_created"] += 1
                if new_hash:
                    user.password = new_hash
                    counts["passwords_set"] += 1
                else:
                    user.set_unusable_password()
                changed.append("password")
            else:
                for attr, value in (("first_name", given), ("last_name", family), ("email", spec.email)):
                    if getattr(user, attr) != value:
                        setattr(user, attr, value)
                        changed.append(attr)
                if password:
                    if user.password not in checked:
                        checked[user.password] = user.check_password(password)
                    if not checked[user.password]:
                        user.password = new_hash
                        changed.append("password")
                        counts["passwords_set"] += 1
            if changed:
                user.save(update_fields=changed)

            unit = units[spec.unit]
            membership, m_created = Membership.objects.get_or_create(
                user=user, unit=unit, sector=spec.sector, defaults={"role": spec.role}
            )
            counts["memberships_created"] += m_created
            if membership.role != spec.role:
                membership.role = spec.role
                membership.save(update_fields=["role"])
            removed, _ = Membership.objects.filter(user=user).exclude(pk=membership.pk).delete()
            counts["memberships_removed"] += removed
    return counts
