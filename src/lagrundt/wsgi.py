"""WSGI entry point.

WeasyPrint is imported here, when the server loads the application (gunicorn's master before it forks
its workers, see ``preload_app``), rather than by the first document a user asks for: its import takes
most of a second.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lagrundt.settings")
application = get_wsgi_application()

from lagrundt.core.documents import warm_up  # noqa: E402  (after Django is set up)

warm_up()
