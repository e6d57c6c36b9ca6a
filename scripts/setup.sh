#!/usr/bin/env bash
# Installs what the tests need on a fresh machine (CI starts from a new machine
# sometimes, so nothing installed by hand can be relied on). Idempotent: when
# everything is present it only runs a few `dpkg -s` checks and returns.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: redis-server (tests start their own instance on a free port),
# chromium (browser tests of the display pages), fonts-noto-cjk (CJK glyphs in
# screenshots instead of tofu boxes).
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # Only refresh the package lists when something is missing: keeps reruns fast.
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # The package may start a system redis on 6379; tests run their own, so stop it.
  if [[ " ${missing[*]} " == *" redis-server "* ]]; then
    $SUDO service redis-server stop >/dev/null 2>&1 || true
  fi
fi

# npm packages the server serves itself (SignalR client, Noto Sans SC font).
# The build (build/Frontend.targets) would also run `npm ci`, but doing it here
# keeps the first build's output clean and fails early with a clear message.
if [ ! -d node_modules ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi
