#!/usr/bin/env bash
# Installs what the browser tests need, idempotently: Debian's chromium (/usr/bin/chromium) and Debian's
# chromedriver for it (/usr/bin/chromedriver, package chromium-driver), built from the same source at the same
# version. DashboardPageIT drives them with Selenium from Java: no Node, and no browser or driver is ever
# downloaded from anywhere but Debian's archive.
#
#   scripts/browser.sh [install]   install what is missing (apt-get needs root), then print the versions
#   scripts/browser.sh check       exit 0 only when everything is installed (installs nothing)
#
# DashboardPageIT runs it before it starts the browser, so `./saga test`, `.ci/run` and a plain
# `./mvnw verify -pl e2e-tests` all work on a fresh machine. Concurrent runs wait for each other.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

log()  { printf '[browser] %s\n' "$*"; }
die()  { printf '[browser] ERROR: %s\n' "$*" >&2; exit 1; }

# "Chromium 156.0.8078.114 built on Debian ..." and "ChromeDriver 156.0.8078.114 (...)": the version alone
version() { "$1" --version 2>/dev/null | grep -o -m 1 -E '[0-9]+(\.[0-9]+){3}' || true; }

# chromedriver only drives the chromium of its own version: an upgrade of one package without the other is
# a missing install too
installed() {
  [[ -x $CHROMIUM && -x $CHROMEDRIVER ]] || return 1
  local browser
  browser=$(version "$CHROMIUM")
  [[ -n $browser && $browser == "$(version "$CHROMEDRIVER")" ]]
}

apt_install() {
  [[ $(id -u) -eq 0 ]] || die "installing $* needs root (apt-get): run scripts/browser.sh as root once"
  log "apt-get install $*"
  export DEBIAN_FRONTEND=noninteractive
  # the package lists of a fresh machine may be empty or stale
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

install() {
  if ! installed; then
    # both, so that apt-get brings them to one version
    apt_install chromium chromium-driver
    installed || die "after apt-get: chromium $(version "$CHROMIUM") and chromedriver $(version "$CHROMEDRIVER")" \
      "(at $CHROMIUM and $CHROMEDRIVER) are not one version"
  fi
  log "chromium $(version "$CHROMIUM") and chromedriver $(version "$CHROMEDRIVER") (Debian)"
}

case ${1:-install} in
  install)
    # one install at a time (a CI run and a developer's run may overlap); the lock is opened for reading, so
    # that a user other than the one who created it can take it too
    lock=${TMPDIR:-/tmp}/saga-platform-browser.lock
    [[ -e $lock ]] || : >"$lock"
    exec 9<"$lock"
    flock 9
    install
    ;;
  check) installed ;;
  *) die "unknown command: $1 (install | check)" ;;
esac
