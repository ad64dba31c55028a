"""Access-matrix rows of everyday integration, gathered from each part's module."""

import importlib

MATRIX: dict = {}
for _part in ("guides", "welcome", "interpreters", "follow_up"):
    try:
        MATRIX.update(importlib.import_module(f"tests.community.url_access_{_part}").MATRIX)
    except ModuleNotFoundError as missing:
        if missing.name != f"tests.community.url_access_{_part}":
            raise
