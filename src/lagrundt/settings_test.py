"""Settings for the test suite: the ordinary settings in the ``test`` environment."""

import os

os.environ.setdefault("LAGRUNDT_ENV", "test")

from lagrundt.settings import *  # noqa: F403
