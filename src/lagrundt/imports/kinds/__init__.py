"""The kinds of spreadsheet the import takes, each in its own module with a ``KIND``."""

import importlib

MODULES = ("persons", "dwellings", "employers", "volunteers", "grant_receipts")


def all_kinds() -> dict:
    """Every kind that is built, by key, in the order of ``MODULES``."""
    kinds = {}
    for name in MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            continue
        kind = getattr(module, "KIND", None)
        if kind is not None:
            kinds[kind.key] = kind
    return kinds
