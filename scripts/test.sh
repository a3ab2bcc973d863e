#!/usr/bin/env bash
# The whole test suite: brings up the database servers the storage tests need, runs every suite
# with bun test, and ends with one line "N passed, N failed". Extra arguments go to bun test.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh || exit 1
bash scripts/browser.sh || exit 1
# The web panel, built once when its sources changed (browser tests and the binary test serve it).
node_modules/.bin/bun scripts/panel-assets.ts || exit 1
out=$(mktemp)
# Suites start servers and databases: give each test more than bun's 5 s default on a busy machine.
# --isolate: a timer left by one file can otherwise fire in a later one, and bun then kills every
# process that file started (the panel tests' browser among them).
node_modules/.bin/bun test --isolate --timeout 30000 "$@" 2>&1 | tee "$out"
code=${PIPESTATUS[0]}
passed=$(grep -E '^ *[0-9]+ pass$' "$out" | tail -n 1 | tr -dc '0-9')
failed=$(grep -E '^ *[0-9]+ fail$' "$out" | tail -n 1 | tr -dc '0-9')
rm -f "$out"
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "$code" = 0 ] && [ "${passed:-0}" = 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$code"
