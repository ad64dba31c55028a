#!/usr/bin/env bash
# Install the Debian packages Lagrundt needs, where they are missing:
# Chromium for the browser tests, PostgreSQL for the second test run (and its client for backups),
# gettext for translations, Pango and fonts for PDF output. Does nothing when everything is there.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
# pg_dump and pg_restore for `manage.py backup` and `restore` (and their drill in the suite).
compgen -G "/usr/lib/postgresql/*/bin/pg_dump" >/dev/null || need+=(postgresql-client)
command -v msgfmt >/dev/null || need+=(gettext)
ldconfig -p 2>/dev/null | grep -q libpangoft2 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
