"""What every chapter of the rules shares: the day as a unit, and a finding against a limit."""

import datetime as dt
from dataclasses import dataclass, field

DAY = dt.timedelta(days=1)


class Problem:
    """A rule broken (``error``) or a main rule not followed, which needs grounds (``warning``)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    level: str
    code: str
    params: dict = field(default_factory=dict)
    field: str = ""
