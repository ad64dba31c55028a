"""Calendar arithmetic every app shares: whole years added to a day, and a person's age on a day.

A day plus or minus whole years keeps its month and day, except 29 February in a year that has none,
which becomes 28 February (the last day of the month, as ``dateutil.relativedelta`` does). Deadlines
with working-day rules are not computed here but by ``routines.rules.due_date``.
"""

import datetime as dt


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved by whole ``years`` (negative goes back); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def age_on(birth: dt.date, on: dt.date) -> int:
    """Completed years of age on a day (a person born 29 February turns a year older on 1 March)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
