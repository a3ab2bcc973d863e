#!/usr/bin/env bash
# The whole test suite: brings up the database servers the storage tests need and the browser the
# panel's tests drive, runs every suite with bun test, and ends with one line "N passed, N failed".
# Extra arguments go to bun test (one run with them instead of the two below).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh || exit 1
bash scripts/browser.sh || exit 1
# The web panel, built once when its sources changed (browser tests and the binary test serve it).
node_modules/.bin/bun scripts/panel-assets.ts || exit 1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# Suites start servers and databases: give each test more than bun's 5 s default on a busy machine.
run() { node_modules/.bin/bun test --timeout 30000 "$@" 2>&1 | tee -a "$out"; return "${PIPESTATUS[0]}"; }
code=0
if [ $# -gt 0 ]; then
  run "$@" || code=$?
else
  # The browser tests run in a bun of their own: when any test of a file times out, bun kills every
  # process the file started, and a timer left over from another file could take their browser.
  run --path-ignore-patterns 'test/panel/**' || code=$?
  run test/panel || code=$?
fi
count() { grep -E "^ *[0-9]+ $1\$" "$out" | tr -dc '0-9\n' | awk '{ n += $1 } END { print n + 0 }'; }
passed=$(count pass)
failed=$(count fail)
echo "$passed passed, $failed failed"
if [ "$code" = 0 ] && [ "$passed" = 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$code"
