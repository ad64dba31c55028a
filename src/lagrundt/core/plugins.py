"""Where an app plugs into the shared parts of Lagrundt without the shared parts knowing it.

Each app of ours may have a module of a known name; the shared code asks for all of them:

| module          | what it provides                                   | asked by                      |
|-----------------|----------------------------------------------------|-------------------------------|
| `navigation.py` | `entries(user) -> list[web.navigation.Entry]`      | the menu and the home page    |
| `api.py`        | `register(router)`: viewsets under `/api/v1/`      | `api.v1`                      |
| `demo.py`       | `load(*, today, seed, out)`: its demo data         | `manage.py load_demo`         |
| `bench.py`      | `run(*, runs, out) -> list[str]`: its report lines | `manage.py bench`             |
| `person_page.py`| `links(user, person) -> list[people.PersonLink]`   | a person's page, per section  |
| `routine_facts.py` | `person_facts(facts) -> {id: {fact: value}}`    | `routines.engine`             |
| `finance_costs.py` | `costs(*, municipality_ids, years)` → CostLines | the economy pages (finance)   |

An app's own translations live in its `locale/` folder, its URLs in its `urls.py`, included once
in the root URL configuration. The order is the order of ``INSTALLED_APPS``.
"""

import importlib
import importlib.util
from functools import cache
from types import ModuleType

from django.apps import apps


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
