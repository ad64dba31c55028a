"""The events everyday integration's records give the routines (see ``records.events``): a routine
file's ``closed_by`` names them, and the record's service closes the matching task."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "community.welcome_letter": _("Welcome letter sent"),
    "community.follow_up_talk": _("Follow-up talk held"),
}

PREFIXES = ("community.",)
