#!/usr/bin/env bash
# Run the date-sensitive tests on the days where calendar bugs hide: early in a new year (2 January),
# a leap day, and New Year's Eve. The rest of the suite runs on its default day (tests/conftest.py).
#   scripts/date_sweep.sh .venv/bin/pytest [pytest options]
set -euo pipefail
DAYS=(2027-01-02 2028-02-29 2026-12-31)
FOLDERS=(tests/routines tests/intro tests/finance tests/plans tests/settlement tests/housing tests/records tests/community tests/leisure tests/surveys)
for day in "${DAYS[@]}"; do
  echo "Date-sensitive tests on $day"
  # Tests marked calendar_free read no clock: they would run the same on every day. The browser
  # stories run once, on the default day.
  LAGRUNDT_TEST_TODAY=$day "$@" -m "not calendar_free and not browser" "${FOLDERS[@]}"
done
