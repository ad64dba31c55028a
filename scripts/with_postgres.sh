#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server on a free loopback port, then stop it.
#   scripts/with_postgres.sh .venv/bin/pytest
# The server's files live in a temporary folder removed afterwards.
#
# It has the two roles of a real installation (docs/access.md, "PostgreSQL roles"):
#   lagrundt_owner  owns the database and its tables and runs the migrations (and, here, creates the
#                   test database, as Django's test runner does);
#   lagrundt_app    what the application runs as: normal rights on every table, but only SELECT and
#                   INSERT on the audit log (the migrations take the rest back), and it owns nothing,
#                   so it can neither TRUNCATE the log nor disable its trigger.
# The owner is a member of the application role, so a test can SET ROLE to it and be refused
# (tests/access/test_postgres_roles.py). The command sees DATABASE_URL (as the owner) and
# LAGRUNDT_PG_APP_ROLE.
#
# LAGRUNDT_PG_AS=app runs the command as the application role instead: the owner first creates and
# migrates the test database, and pytest reuses it (--reuse-db). That works for tests that run in a
# transaction, in one process (-p no:xdist); tests that empty the database between them (browser
# tests, transaction=True) cannot, as Django empties a PostgreSQL database with TRUNCATE, which the
# application role may not do on the audit log.
set -euo pipefail

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
workdir=$(mktemp -d -t lagrundt-pg.XXXXXX)
chmod 755 "$workdir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
here=$(cd "$(dirname "$0")/.." && pwd)

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then chown postgres "$workdir"; fi

stop() {
  as_pg "$pgbin/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap stop EXIT

as_pg "$pgbin/initdb" -D "$workdir/data" -A trust -U postgres -E UTF8 --no-sync >/dev/null
# Durability off: this server lives for one test run.
as_pg "$pgbin/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k $workdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null

psql_as() {  # psql_as ROLE DATABASE  (SQL on stdin)
  "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$1" -d "$2" >/dev/null
}

psql_as postgres postgres <<'SQL'
CREATE ROLE lagrundt_owner LOGIN CREATEDB;
CREATE ROLE lagrundt_app LOGIN;
GRANT lagrundt_app TO lagrundt_owner;
CREATE DATABASE lagrundt OWNER lagrundt_owner;
SQL
# What the application role may do on the tables the owner makes, in the database and in template1
# (the test databases Django creates are copies of template1).
for db in template1 lagrundt; do
  psql_as postgres "$db" <<'SQL'
ALTER DEFAULT PRIVILEGES FOR ROLE lagrundt_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES ON TABLES TO lagrundt_app;
ALTER DEFAULT PRIVILEGES FOR ROLE lagrundt_owner IN SCHEMA public
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO lagrundt_app;
GRANT USAGE ON SCHEMA public TO lagrundt_app;
SQL
done

base="postgres://%s@127.0.0.1:$port/%s"
export LAGRUNDT_PG_APP_ROLE=lagrundt_app
# shellcheck disable=SC2059
export DATABASE_URL=$(printf "$base" lagrundt_owner lagrundt)
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"

if [ "${LAGRUNDT_PG_AS:-owner}" = "app" ]; then
  psql_as postgres postgres <<'SQL'
CREATE DATABASE test_lagrundt OWNER lagrundt_owner;
SQL
  # shellcheck disable=SC2059
  DATABASE_URL=$(printf "$base" lagrundt_owner test_lagrundt) LAGRUNDT_ENV=test \
    "$here/.venv/bin/python" "$here/manage.py" migrate --noinput -v0
  # shellcheck disable=SC2059
  export DATABASE_URL=$(printf "$base" lagrundt_app lagrundt)
  export PYTEST_ADDOPTS="--reuse-db ${PYTEST_ADDOPTS:-}"
  echo "Running as the application role lagrundt_app on the test database the owner migrated."
fi
"$@"
