"""The events a sector's record gives the routines: a routine file's ``closed_by`` names them, and
``routines.services.close_by_record`` closes the person's matching task when the record's date is set.

Data, not code: the key is what the routine files write, the label what a form tells the user.
"""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "school.start": _("School start"),
    "school.start_meeting": _("School start meeting"),
    "school.level_test": _("Level test at school start"),
    "kindergarten.start": _("Kindergarten start"),
    "kindergarten.welcome_talk": _("Welcome talk in kindergarten"),
    "kindergarten.interpreter_talk": _("Interpreter-assisted talk in kindergarten"),
    "health.gp": _("GP assigned"),
    "health.tb_screening": _("Tuberculosis screening done"),
    "health.vaccination": _("Vaccination status reviewed"),
    "health.examination": _("Health examination"),
    "health.mapping": _("Health mapping"),
    "health.first_talk": _("First health talk"),
    "health.second_talk": _("Second health talk"),
}

# The prefixes of the events this app gives: every ``closed_by`` with one of them must be in EVENTS.
PREFIXES = ("school.", "kindergarten.", "health.")
