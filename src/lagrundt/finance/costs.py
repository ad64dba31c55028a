"""Costs beside the income: what the municipality entered, and what other apps compute.

Plug-in point: an app that knows a cost of settlement (the introduction programme knows the
benefit it paid) provides a module ``<app>/finance_costs.py`` with one function::

    def costs(*, municipality_ids: frozenset[int], years: range) -> Iterable[CostLine]:
        ...

returning a ``CostLine`` per municipality, year and kind it knows, in whole kroner as ``Decimal``.
The finance app asks every installed app for it (``core.plugins.app_modules("finance_costs")``), so
the app needs no change here. A computed figure takes the place of an entered one of the same
municipality, year and kind (and label); the page says where each figure comes from.
"""

from collections.abc import Iterable
from decimal import Decimal

from lagrundt.core.plugins import CostLine, app_modules

from .models import CostEntry, CostKind

PLUGIN_MODULE = "finance_costs"


def _check(line: CostLine, module_name: str) -> CostLine:
    if line.kind not in CostKind.values:
        raise ValueError(f"{module_name}: unknown cost kind {line.kind!r}")
    if not isinstance(line.amount, Decimal):
        raise TypeError(f"{module_name}: a cost is a Decimal, not {type(line.amount).__name__}")
    return line


def computed_costs(municipality_ids: frozenset[int], years: range) -> list[CostLine]:
    """The costs every app's ``finance_costs.costs`` gives for these municipalities and years."""
    from django.apps import apps

    found: list[CostLine] = []
    for module in app_modules(PLUGIN_MODULE):
        app_label = module.__name__.split(".")[-2]
        config = next((c for c in apps.get_app_configs() if c.name.endswith("." + app_label)), None)
        source = str(config.verbose_name) if config else app_label
        for line in module.costs(municipality_ids=municipality_ids, years=years):
            line = _check(line, module.__name__)
            if line.municipality_id in municipality_ids and line.year in years:
                found.append(
                    CostLine(line.municipality_id, line.year, line.kind, line.amount, line.label, source)
                )
    return found


def entered_costs(municipality_ids: frozenset[int], years: range) -> list[CostLine]:
    return [
        CostLine(e.municipality_id, e.year, e.kind, e.amount, e.label, "", e.pk)
        for e in CostEntry.objects.filter(
            municipality_id__in=sorted(municipality_ids), year__gte=years.start, year__lt=years.stop
        ).order_by("year", "kind", "label")
    ]


def costs_for(municipality_ids: Iterable[int], years: range) -> tuple[list[CostLine], list[CostLine]]:
    """(the costs that count, the entered ones a computed figure replaced)."""
    ids = frozenset(municipality_ids)
    computed = computed_costs(ids, years)
    replaced_keys = {(c.municipality_id, c.year, c.kind, c.label) for c in computed}
    counted, replaced = list(computed), []
    for entry in entered_costs(ids, years):
        if (entry.municipality_id, entry.year, entry.kind, entry.label) in replaced_keys:
            replaced.append(entry)
        else:
            counted.append(entry)
    counted.sort(key=lambda c: (c.year, list(CostKind.values).index(c.kind), c.label))
    return counted, replaced
