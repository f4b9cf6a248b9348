#!/usr/bin/env bash
# The README's quick start, step by step: set up, check the machine, run an evolution on the
# embedded defaults (PGlite store, offline library designer, cpu-micro ladder), show the results.
# Flags go to `genesys evolve`, e.g. a smaller first run:
#   bash examples/quickstart.sh --budget micro-1=8,micro-2=2,micro-3=0   (the 5 seeds and 3 new designs)
# Ctrl-C stops safely; run it again with --resume to continue. GENESYS_WORKSPACE picks another
# workspace than .genesys for every step.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
./bin/genesys.js doctor --no-bench
./bin/genesys.js evolve "$@"
./bin/genesys.js status
./bin/genesys.js report
echo "report: ${GENESYS_WORKSPACE:-.genesys}/reports/default; browse everything with ./bin/genesys.js serve"
