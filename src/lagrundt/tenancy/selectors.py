"""Reads of tenancy data."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from .models import Membership, Municipality


@dataclass(frozen=True)
class MembershipScope:
    """A membership with the municipality ids its unit serves, loaded once per request."""

    membership_id: int
    sector: str
    role: str
    unit_id: int
    unit_name: str
    municipality_ids: frozenset[int]


def memberships_for(user: AbstractBaseUser | AnonymousUser) -> list[MembershipScope]:
    """The user's memberships with their municipalities, cached on the user object for the request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_lagrundt_scopes", None)
    if cached is not None:
        return cached
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("unit")
        .prefetch_related("unit__municipalities")
        .order_by("pk")
    )
    scopes = [
        MembershipScope(
            membership_id=m.pk,
            sector=m.sector,
            role=m.role,
            unit_id=m.unit_id,
            unit_name=m.unit.name,
            municipality_ids=frozenset(mm.pk for mm in m.unit.municipalities.all()),
        )
        for m in memberships
    ]
    served = {mm.pk: mm for m in memberships for mm in m.unit.municipalities.all()}
    user._lagrundt_municipalities = sorted(served.values(), key=lambda mm: (mm.name, mm.pk))
    user._lagrundt_scopes = scopes
    return scopes


def municipalities_for(user) -> list[Municipality]:
    """The municipalities the user's units serve, by name: loaded with the memberships, once a request."""
    memberships_for(user)
    return list(getattr(user, "_lagrundt_municipalities", []))
