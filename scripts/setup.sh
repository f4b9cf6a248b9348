#!/usr/bin/env bash
# Installs what Genesys-TS needs on a Debian machine with Node 20: npm packages, and torch from
# Debian when no Python can import it; with --tests also PostgreSQL (the store's tests start a
# throwaway server) and chromium (the dashboard's browser tests). Then builds the TypeScript and
# the dashboard. Idempotent; safe to run again.
#   bash scripts/setup.sh [--tests]
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! node scripts/find-python.mjs >/dev/null 2>&1; then
  echo "setup: no Python can import torch; installing python3-torch from Debian" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-torch libopenblas0-pthread >/dev/null
fi
echo "setup: Python with torch: $(node scripts/find-python.mjs)" >&2

# The store's tests and benchmarks start a throwaway PostgreSQL server from these binaries.
if [ "${1:-}" = "--tests" ] && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "setup: PostgreSQL binaries missing; installing postgresql from Debian" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi

# The dashboard's browser tests and benchmark drive Debian's chromium through playwright-core.
if [ "${1:-}" = "--tests" ] && [ ! -x /usr/bin/chromium ]; then
  echo "setup: chromium missing; installing chromium from Debian" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build
