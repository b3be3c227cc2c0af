#!/usr/bin/env bash
# Installs what the browser tests need, idempotently: Debian's chromium (/usr/bin/chromium) and the pinned
# playwright-core from e2e-tests/src/test/browser/package-lock.json (npm ci; node_modules is git-ignored).
# playwright-core never downloads a browser of its own: the tests launch Debian's chromium.
#
#   scripts/browser.sh [install]   install what is missing (apt-get needs root), then print the versions
#   scripts/browser.sh check       exit 0 only when everything is installed (installs nothing)
#
# DashboardPageIT runs it before it starts the browser, so `./saga test`, `.ci/run` and a plain
# `./mvnw verify -pl e2e-tests` all work on a fresh machine. Concurrent runs wait for each other.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BROWSER_TESTS=$REPO_ROOT/e2e-tests/src/test/browser
CHROMIUM=/usr/bin/chromium
NODE_MAJOR_MIN=20   # playwright-core's own minimum

log()  { printf '[browser] %s\n' "$*"; }
die()  { printf '[browser] ERROR: %s\n' "$*" >&2; exit 1; }

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || return 1
  ((major >= NODE_MAJOR_MIN))
}

# npm ci is skipped when the installed tree was made from the committed lock file.
modules_ok() {
  local installed=$BROWSER_TESTS/node_modules/.package-lock.json
  [[ -f $installed && -f $BROWSER_TESTS/node_modules/playwright-core/package.json ]] || return 1
  [[ ! $BROWSER_TESTS/package-lock.json -nt $installed ]]
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
  if [[ ! -x $CHROMIUM ]]; then
    apt_install chromium
    [[ -x $CHROMIUM ]] || die "apt-get installed chromium but $CHROMIUM is not there"
  fi
  if ! node_ok; then
    apt_install nodejs npm
    node_ok || die "node >= $NODE_MAJOR_MIN is needed for playwright-core; found $(node --version 2>/dev/null || echo none)"
  fi
  if ! modules_ok; then
    log "npm ci in ${BROWSER_TESTS#"$REPO_ROOT"/}"
    (cd "$BROWSER_TESTS" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
  log "$("$CHROMIUM" --version 2>/dev/null | head -n 1), node $(node --version), playwright-core $(node -p \
    "require('$BROWSER_TESTS/node_modules/playwright-core/package.json').version")"
}

case ${1:-install} in
  install)
    # one install at a time (a CI run and a developer's run may overlap)
    exec 9>"${TMPDIR:-/tmp}/saga-platform-browser.lock"
    flock 9
    install
    ;;
  check) [[ -x $CHROMIUM ]] && node_ok && modules_ok ;;
  *) die "unknown command: $1 (install | check)" ;;
esac
