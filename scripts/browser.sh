#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the panel's browser tests (playwright-core drives it;
# no browser is ever downloaded). Installs the package when missing (needs root and apt-get).
set -uo pipefail
[ -n "${CHROMIUM_PATH:-}" ] && exit 0
command -v chromium >/dev/null && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "browser: chromium missing; install Debian's chromium package or set CHROMIUM_PATH" >&2
  exit 1
fi
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
