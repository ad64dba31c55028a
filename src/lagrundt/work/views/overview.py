"""The work module's start page."""

import datetime as dt

from django.shortcuts import render
from django.utils import timezone

from lagrundt.access.resources import CHANGE, EMPLOYERS, JOB_FAIRS, VIEW

from .. import selectors
from ..vocabulary import PlacementState
from .shared import readers_only


def index(request):
    readers_only(request)
    user = request.user
    today = timezone.localdate()
    openings = selectors.open_openings(user)
    placements = selectors.placements_visible_to(user)
    context = {
        "open_openings": openings.count(),
        "new_openings": openings.filter(created_at__date__gte=today - dt.timedelta(days=21)).count(),
        "ongoing": placements.filter(state__in=[PlacementState.AGREED, PlacementState.STARTED]).count(),
        "proposed": placements.filter(state=PlacementState.PROPOSED).count(),
        "fairs": JOB_FAIRS.instances_user_has_permission_for(user, VIEW)
        .filter(held_on__gte=today)
        .order_by("held_on")[:3],
        "can_manage": EMPLOYERS.user_has_permission(user, CHANGE),
    }
    return render(request, "work/index.html", context)
