#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests (Playwright drives it; it
# downloads no browser of its own here). Installs it when we are root and have apt-get; otherwise says
# loudly that the browser tests will skip. Never fails: the tests decide what a missing browser means.
set -uo pipefail

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}  # overridable only to try this script
[ -x "$CHROMIUM" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium is missing: installing Debian's chromium for the browser tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

if [ ! -x "$CHROMIUM" ]; then
    cat >&2 <<MSG

  **********************************************************************
  **  $CHROMIUM not found and could not be installed:
  **  THE BROWSER TESTS (tests/browser/) WILL BE SKIPPED.
  **  Install it with:  sudo apt-get install chromium fonts-dejavu-core
  **********************************************************************

MSG
fi
exit 0
