"""The events leisure gives the routines: a routine file's ``closed_by`` names them, and
``routines.services.close_by_record`` closes the person's matching task when the record's date is set.

Data, not code: the key is what the routine files write, the label what a form tells the user.
"""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "leisure.interests": _("Interests and wishes for leisure mapped"),
}

# The prefixes of the events this app gives: every ``closed_by`` with one of them must be in EVENTS.
PREFIXES = ("leisure.",)
