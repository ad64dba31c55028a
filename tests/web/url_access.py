"""Access-matrix rows for the health endpoint and the favicon (see tests/test_url_access_matrix.py).

A monitor has no login: ``/helse/`` answers everyone alike, and says only whether the server can serve.
Browsers ask for ``/favicon.ico`` before anyone has logged in: it redirects everyone to the icon.
"""

from tests.access_matrix import answers, nothing

OPEN_TO_ALL = answers(200, anonymous=200)

MATRIX = {
    "health": (nothing, "get", OPEN_TO_ALL, OPEN_TO_ALL),
    "favicon": (nothing, "get", answers(301, anonymous=301), answers(301, anonymous=301)),
}
