"""gunicorn's settings for Lagrundt: ``gunicorn -c src/lagrundt/gunicorn_conf.py``.

``make serve`` and the systemd unit in ``deploy/`` start it this way. What a site may want to change
comes from the environment:

- ``LAGRUNDT_BIND``: the address to listen on (default ``127.0.0.1:8000``; a TLS proxy in front).
- ``LAGRUNDT_WORKERS``: worker processes (default ``2 × cores + 1``), ``LAGRUNDT_THREADS``: threads in
  each (default 2). A worker that waits for the database (SQLite's single writer, a PostgreSQL lock)
  lets its other thread serve; the load figures in docs/operations.md were measured with these.
- ``LAGRUNDT_TIMEOUT``: seconds before a stuck worker is restarted (default 60: a council report PDF
  takes a few seconds, never a minute, and is made by the task worker, not in a request).
- ``LAGRUNDT_FORWARDED_ALLOW_IPS``: the proxies whose ``X-Forwarded-*`` headers are believed
  (default the loopback addresses).

Logs: both of gunicorn's go to stdout as JSON lines (``lagrundt.core.logging``): the error log, and an
access log of one line per request with method, path (never the query string), status, duration, the
request id and the user id (never the client's address or user name).
"""

import os
import sys
from pathlib import Path

# gunicorn reads this file by its path: the source folder goes on the import path, as manage.py does.
SOURCE = str(Path(__file__).resolve().parent.parent)
if SOURCE not in sys.path:
    sys.path.insert(0, SOURCE)

from gunicorn.glogging import Logger  # noqa: E402

from lagrundt.core.logging import (  # noqa: E402
    ENVIRON_REQUEST_ID,
    ENVIRON_USER_ID,
    logging_config,
    safe_path,
)

wsgi_app = "lagrundt.wsgi:application"
bind = os.environ.get("LAGRUNDT_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LAGRUNDT_WORKERS") or 2 * (os.cpu_count() or 1) + 1)
threads = int(os.environ.get("LAGRUNDT_THREADS") or 2)
worker_class = "gthread"
timeout = int(os.environ.get("LAGRUNDT_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
# Django is imported once in the master and shared by the workers (less memory, faster restarts, and in
# the demo one generated secret key for all of them). So is WeasyPrint (``lagrundt.wsgi``): the first PDF
# after a start does not wait for its import.
preload_app = True
# A worker is replaced after this many requests, so that a slow leak cannot grow for weeks.
max_requests = 5000
max_requests_jitter = 500
forwarded_allow_ips = os.environ.get("LAGRUNDT_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The workers' heartbeat files in memory rather than on a disk that may stall.
if Path("/dev/shm").is_dir():  # noqa: S108
    worker_tmp_dir = "/dev/shm"  # noqa: S108
# No runtime control socket: nothing but systemd (or Ctrl-C) manages the server.
control_socket_disable = True
proc_name = "lagrundt"


class JsonAccessLogger(Logger):
    """gunicorn's access log as one structured record per request, read from the WSGI environ."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        method = environ.get("REQUEST_METHOD", "-")
        path = safe_path(environ.get("PATH_INFO", ""))
        status = resp.status_code
        duration_ms = round(request_time.total_seconds() * 1000, 1)
        self.access_log.info(
            "%s %s %s %.0f ms",
            method,
            path,
            status,
            duration_ms,
            extra={
                "method": method,
                "path": path,
                "status": status,
                "duration_ms": duration_ms,
                "bytes": getattr(resp, "sent", None),
                "request_id": environ.get(ENVIRON_REQUEST_ID),
                "user_id": environ.get(ENVIRON_USER_ID),
            },
        )


logger_class = JsonAccessLogger
_format = os.environ.get("LAGRUNDT_LOG_FORMAT", "json")
# The application's own logging (core.logging), with gunicorn's two loggers on the same stdout.
logconfig_dict = logging_config(json_lines=_format != "text")
logconfig_dict["loggers"] |= {
    "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
}
