#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server on a free loopback port, then stop it.
#   scripts/with_postgres.sh .venv/bin/pytest
# The command sees DATABASE_URL. The server's files live in a temporary folder removed afterwards.
set -euo pipefail

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
workdir=$(mktemp -d -t lagrundt-pg.XXXXXX)
chmod 755 "$workdir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then chown postgres "$workdir"; fi

stop() {
  as_pg "$pgbin/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap stop EXIT

as_pg "$pgbin/initdb" -D "$workdir/data" -A trust -U lagrundt -E UTF8 --no-sync >/dev/null
# Durability off: this server lives for one test run.
as_pg "$pgbin/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k $workdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null

export DATABASE_URL="postgres://lagrundt@127.0.0.1:$port/lagrundt"
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
