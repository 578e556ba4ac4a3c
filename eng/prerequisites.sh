#!/usr/bin/env bash
# Installs what the suite needs from Debian's packages when it is missing: redis-server (the suite's store, run by the
# AppHost), node with npm (the tests run vendors' own JavaScript clients against the Sandbox), and chromium (the
# Portal's browser tests drive Debian's Chromium through Playwright; nothing is downloaded at run time).
# Needs root or sudo for apt-get; says what to install when it has neither. Waits while another apt holds its lock.
set -euo pipefail

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet was not found on PATH): https://dotnet.microsoft.com/download" >&2
  exit 1
fi

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Missing: ${missing[*]}. Install with: apt-get install -y ${missing[*]}" >&2
  exit 1
fi

# apt answers "Could not get lock" while another apt (unattended upgrades, a second terminal) runs: wait for it, up to
# ten minutes, instead of failing.
apt_get() {
  local waited=0 log
  log=$(mktemp)
  until "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 "$@" >"$log" 2>&1; do
    if ! grep -q "Could not get lock\|Unable to acquire\|is another process using it" "$log" || [ $waited -ge 600 ]; then
      cat "$log" >&2
      rm -f "$log"
      return 1
    fi
    echo "  apt is busy (another apt holds its lock); waiting... (${waited}s)"
    sleep 10
    waited=$((waited + 10))
  done
  rm -f "$log"
}

echo "Installing ${missing[*]} with apt-get..."
apt_get update -qq
apt_get install -y -qq --no-install-recommends "${missing[@]}"
echo "Installed ${missing[*]}."
