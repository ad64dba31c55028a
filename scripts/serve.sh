#!/usr/bin/env bash
# Serve Lagrundt as in production: migrate, collect the static files, then run gunicorn (the web server,
# settings in src/lagrundt/gunicorn_conf.py) and the worker for Django's tasks side by side. Ctrl-C or
# SIGTERM stops both; if one of them stops, the other is stopped too and the script fails.
#
#   scripts/serve.sh                      LAGRUNDT_ENV=production unless set; see docs/operations.md
#   LAGRUNDT_ENV=demo scripts/serve.sh    the demo database (loads the demo data if it is missing)
#
# `make serve` runs this after installing what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
export LAGRUNDT_ENV="${LAGRUNDT_ENV:-production}"
export LAGRUNDT_LOG_FORMAT="${LAGRUNDT_LOG_FORMAT:-json}"
# Static files under hashed names, collected below (production always uses them).
export LAGRUNDT_STATIC_MANIFEST=1
if [ "$LAGRUNDT_ENV" = test ]; then
  echo "LAGRUNDT_ENV=test runs tasks at once and has no worker; serve production or demo." >&2
  exit 2
fi
if [ "$LAGRUNDT_ENV" = demo ] && [ -z "${LAGRUNDT_SECRET_KEY:-}" ]; then
  # The web server and the worker must share a key (the demo otherwise makes one per process).
  LAGRUNDT_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
  export LAGRUNDT_SECRET_KEY
fi

# On PostgreSQL with two roles (docs/access.md) the owner migrates; the servers run as the application role.
DATABASE_URL="${LAGRUNDT_OWNER_DATABASE_URL:-${DATABASE_URL:-}}" "$PY" manage.py migrate --noinput -v0
# The cache table that the workers share (throttles count across them, not per process).
DATABASE_URL="${LAGRUNDT_OWNER_DATABASE_URL:-${DATABASE_URL:-}}" "$PY" manage.py createcachetable
if [ "$LAGRUNDT_ENV" = demo ]; then
  "$PY" manage.py load_demo >/dev/null
fi

# Collect (hash and compress) the static files only when a source is newer than the last collection:
# it takes most of a minute.
static_root="$("$PY" manage.py shell -v0 -c 'from django.conf import settings; print(settings.STATIC_ROOT)')"
manifest="$static_root/staticfiles.json"
if [ ! -f "$manifest" ] || [ -n "$(find src/lagrundt -path '*/static/*' -type f -newer "$manifest" -print -quit)" ] \
  || [ .venv/.installed -nt "$manifest" ]; then
  echo "Collecting static files into $static_root …"
  "$PY" manage.py collectstatic --noinput -v0
fi

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

"$PY" manage.py db_worker --no-startup-delay &
pids+=($!)
.venv/bin/gunicorn -c src/lagrundt/gunicorn_conf.py &
pids+=($!)
echo "Lagrundt ($LAGRUNDT_ENV) on http://${LAGRUNDT_BIND:-127.0.0.1:8000}/ with the task worker; Ctrl-C stops both." >&2

# Whichever stops first, the other follows.
set +e
wait -n "${pids[@]}"
status=$?
set -e
echo "A process of the server stopped (exit $status); stopping the rest." >&2
exit "$status"
