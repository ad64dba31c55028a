"""Settings for the delivery worker the kill test starts: it pauses between writing a message's XML and
renaming it into place, so that the test can kill it there."""

from lagrundt.settings import *  # noqa: F403

ARCHIVE_DELIVERY_PAUSE = 60
