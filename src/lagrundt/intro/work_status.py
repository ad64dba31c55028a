"""What the programme knows of a person's work or education on a day, for the indicator «settled adults
in work or education» (computed by the work app, which does not import the programme).

A person whose programme ended by the day is known by how it ended: the status one year later once
it has been checked (or the year has passed) by that day, otherwise the status at the end. "Not known"
and empty statuses tell nothing and are left out, like persons whose programme has not ended.
"""

import datetime as dt

from lagrundt.core.dates import add_years

from .models import Outcome, ProgrammeEnd


def statuses(*, person_ids, on: dt.date) -> dict[int, bool]:
    """For each person of ``person_ids`` the programme knows about on ``on``: in work or education."""
    good = set(Outcome.in_work_or_education())
    found: dict[int, bool] = {}
    rows = ProgrammeEnd.objects.filter(person_id__in=person_ids, ended_on__lte=on).values_list(
        "person_id", "ended_on", "status_at_end", "status_after_one_year", "status_checked_on"
    )
    for person_id, ended_on, at_end, after, checked_on in rows:
        later = bool(after) and (checked_on or add_years(ended_on, 1)) <= on
        status = after if later else at_end
        if status and status != Outcome.UNKNOWN:
            found[person_id] = status in good
    return found
