"""Where an app plugs into the shared parts of Lagrundt without the shared parts knowing it.

Each app of ours may have a module of a known name; the shared code asks for all of them. Each hook's
contract is written down here, with the data type it returns, so that an app needs nothing from the
app that asks it (no capability app imports ``web`` for a menu entry, or ``finance`` for a cost):

| module             | provides                                               | asked by                     |
|--------------------|--------------------------------------------------------|------------------------------|
| `navigation.py`    | `entries(user) -> list[Entry]`                         | the menu and the home page   |
| `demo.py`          | `load(*, today, seed, out)`: its demo data             | `manage.py load_demo`        |
| `bench.py`         | `run(*, runs, out) -> list[str]`: its report lines     | `manage.py bench`            |
| `person_page.py`   | `links(user, person) -> list[PersonLink]`              | a person's page, per section |
| `routine_facts.py` | `person_facts(facts) -> {id: {fact: value}}`           | `routines.engine`            |
| `finance_costs.py` | `costs(*, municipality_ids, years) -> list[CostLine]`  | the economy pages (finance)  |
| `indicators.py`    | `definitions() -> list[core.measurement.Indicator]`    | the action plans             |

``checks.plugin_contracts`` (a Django system check, run at start-up and by ``manage.py check``)
fails when an app's module lacks a function of its hook or takes other parameters, and when a menu
entry's key is not in ``MENU_ORDER``. An app's own translations live in its `locale/` folder, its
URLs in its `urls.py`, included once in the root URL configuration.
"""

import importlib
import importlib.util
import inspect
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from types import ModuleType

from django.apps import apps


# ---------------------------------------------------------------------------- the data types
@dataclass(frozen=True)
class Entry:
    """A page in the menu, and a card on the home page when it has a description."""

    key: str  # its place in MENU_ORDER
    url: str
    label: str
    # One sentence for the card on the home page; an entry without one is in the menu only.
    description: str = ""
    # A page reached from another (programme results from the programme) may be a card only, so
    # that the menu stays one line for those who work in many parts of Lagrundt.
    in_menu: bool = True


# The menu and the home page's cards in this order, whichever apps provide them.
MENU_ORDER = (
    "home",
    "plans_dashboard",
    "persons",
    "tasks",
    "register",
    "intro",
    "work",
    "plans",
    "statistics",
    "work_results",
    "finance",
    "compliance",
    "intro_results",
    "audit",
    "admin",
)


@dataclass(frozen=True)
class PersonLink:
    """A page of another app about this person, shown in the card of the section it belongs to."""

    order: int
    section: str
    url: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class CostLine:
    """A cost of settlement per municipality and year, in whole kroner (``Decimal``)."""

    municipality_id: int
    year: int
    kind: str  # a finance CostKind value
    amount: Decimal
    label: str = ""
    source: str = ""  # who computed or entered it: an app's verbose name, or "entered"
    entry_id: int | None = None  # the entered figure (finance's CostEntry), if it is one


# ---------------------------------------------------------------------------- the hooks
@dataclass(frozen=True)
class Hook:
    module: str
    function: str
    parameters: tuple[str, ...]  # the names it must accept (by keyword, or positionally in order)


HOOKS = (
    Hook("navigation", "entries", ("user",)),
    Hook("demo", "load", ("today", "seed", "out")),
    Hook("bench", "run", ("runs", "out")),
    Hook("person_page", "links", ("user", "person")),
    Hook("routine_facts", "person_facts", ("facts",)),
    Hook("finance_costs", "costs", ("municipality_ids", "years")),
    Hook("indicators", "definitions", ()),
)


@cache
def app_modules(name: str) -> tuple[ModuleType, ...]:
    """The module ``<app>.<name>`` of every installed Lagrundt app that has one."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("lagrundt."):
            continue
        dotted = f"{config.name}.{name}"
        # Only a missing module is skipped: an error inside one that exists must surface.
        if importlib.util.find_spec(dotted) is not None:
            found.append(importlib.import_module(dotted))
    return tuple(found)


def contract_problems() -> list[str]:
    """What breaks a hook's contract in the installed apps, one sentence per problem."""
    problems = []
    for hook in HOOKS:
        for module in app_modules(hook.module):
            function = getattr(module, hook.function, None)
            if not callable(function):
                problems.append(f"{module.__name__} has no function {hook.function}().")
                continue
            accepted = inspect.signature(function).parameters
            missing = [p for p in hook.parameters if p not in accepted]
            extra = [
                name
                for name, p in accepted.items()
                if name not in hook.parameters
                and p.default is inspect.Parameter.empty
                and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
            ]
            if missing or extra:
                problems.append(
                    f"{module.__name__}.{hook.function}() must take ({', '.join(hook.parameters)})"
                    + (f"; it lacks {', '.join(missing)}" if missing else "")
                    + (f"; it also requires {', '.join(extra)}" if extra else "")
                    + "."
                )
    return problems
