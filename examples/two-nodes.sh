#!/usr/bin/env bash
# A cluster in miniature, on one machine over loopback: one PostgreSQL database, two
# `genesys node` processes that each play a separate machine (own workspace, own id, half of the
# cores), one artifact folder they share, and `genesys evolve --db` planning an evolution whose
# design and verify jobs the two nodes run. The evolve process itself runs no worker.
#
#   bash examples/two-nodes.sh                               # the default, small run
#   bash examples/two-nodes.sh --budget micro-1=6,micro-2=1  # extra arguments go to `genesys evolve`
#   GENESYS_DB=postgres://user@host:5432/db bash examples/two-nodes.sh   # use that database
#
# Without GENESYS_DB it starts a throwaway PostgreSQL (Debian's `postgresql` package) on a free
# loopback port, and stops and deletes it on exit. The node workspaces, the artifact folder
# (GENESYS_ARTIFACTS, default: inside the run folder) and the logs stay in the run folder
# (GENESYS_EXAMPLE_DIR, default: a new folder under $TMPDIR) for you to look at. GENESYS_CLI
# replaces the CLI command (default: node bin/genesys.js of this checkout, built by `npm run build`).
# Exit status: 0 only when the evolution finished, every job and every verification succeeded,
# and both nodes stopped cleanly.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The repository's CLI (needs `npm run build`); GENESYS_CLI replaces it (the tests run the sources).
if [[ -n "${GENESYS_CLI:-}" ]]; then read -r -a CLI <<<"$GENESYS_CLI"; else CLI=(node "$ROOT/bin/genesys.js"); fi

say() { printf '==> %s\n' "$*"; }
die() { printf 'two-nodes: %s\n' "$*" >&2; exit 1; }

NODES=(node-a node-b)
CORES=$(nproc 2>/dev/null || echo 2)
THREADS=$((CORES / ${#NODES[@]} > 0 ? CORES / ${#NODES[@]} : 1))

WORK=${GENESYS_EXAMPLE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/genesys-two-nodes.XXXXXX")}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
export GENESYS_ARTIFACTS=${GENESYS_ARTIFACTS:-$WORK/artifacts}

# The default evolution: two seeds and four first-scale verifications (two seeds, two new designs).
cat >"$WORK/evolve.yaml" <<'YAML'
# The example's evolution settings (every setting: docs/configuration.md); flags override them.
seeds: [gpt, retnet]
budget: { micro-1: 4, micro-2: 0, micro-3: 0 }
YAML

PG_DIR=''
PG_BIN=''
PG_AS=()
NODE_PIDS=()

# ---- a throwaway PostgreSQL, when no GENESYS_DB is given ------------------------------------------

free_port() {
  node -e "const s = require('net').createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });"
}

# PostgreSQL refuses to run as root: as root, its binaries run as the `postgres` system user.
as_server_user() { ${PG_AS[@]+"${PG_AS[@]}"} "$@"; }

start_postgres() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n "$PG_BIN" && -x "$PG_BIN/pg_ctl" ]] \
    || die "PostgreSQL is not installed (apt-get install postgresql), or set GENESYS_DB=postgres://user@host:port/db"
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/genesys-two-nodes-pg.XXXXXX")
  if [[ $(id -u) == 0 ]]; then
    id -u postgres >/dev/null 2>&1 || die "as root the server runs as the postgres user, and there is none (the postgresql package creates it)"
    chown postgres "$PG_DIR"
    PG_AS=(runuser -u postgres --)
  fi
  local port
  port=$(free_port)
  as_server_user "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U genesys -E UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1 \
    || die "initdb failed: $(tail -n 5 "$PG_DIR/initdb.log")"
  as_server_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null \
    || die "PostgreSQL did not start: $(tail -n 5 "$PG_DIR/server.log")"
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U genesys genesys
  GENESYS_DB="postgres://genesys@127.0.0.1:$port/genesys"
}

stop_postgres() {
  [[ -n "$PG_DIR" ]] || return 0
  as_server_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=''
}

cleanup() {
  local pid
  # Nodes still running here means the script stops early: a second SIGTERM hands their jobs back.
  for pid in ${NODE_PIDS[@]+"${NODE_PIDS[@]}"}; do kill -TERM "$pid" 2>/dev/null && sleep 0.2 && kill -TERM "$pid" 2>/dev/null; done
  for pid in ${NODE_PIDS[@]+"${NODE_PIDS[@]}"}; do wait "$pid" 2>/dev/null || true; done
  stop_postgres
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A field of a JSON document on stdin, e.g. `json 'd.nodes.length'`.
json() { node -e "let s = ''; process.stdin.on('data', (c) => (s += c)).on('end', () => { const d = JSON.parse(s); console.log($1); });"; }

# ---- the run -------------------------------------------------------------------------------------

if [[ -n "${GENESYS_DB:-}" ]]; then
  say "database: GENESYS_DB (…@${GENESYS_DB##*@})"  # never the password
else
  say "starting a throwaway PostgreSQL"
  start_postgres
  say "database: $GENESYS_DB (deleted on exit)"
fi
export GENESYS_DB
say "run folder: $WORK (node workspaces, logs)"
say "shared artifact folder: GENESYS_ARTIFACTS=$GENESYS_ARTIFACTS"

# The first command creates the tables, before the nodes start.
"${CLI[@]}" nodes --db "$GENESYS_DB" >/dev/null 2>&1 || die "cannot open the database (try: genesys nodes --db …)"

# Each node plays one machine: its own workspace (prepared data, run folders, records), its own id,
# and its share of the cores (one job at a time, $THREADS torch thread(s)). Its log lines go to the
# terminal with its id in front and to <id>.log; its stdout (the --json exit summary) to <id>.exit.json.
for id in "${NODES[@]}"; do
  say "starting $id: --workspace $WORK/$id --concurrency 1, GENESYS_TORCH_THREADS=$THREADS"
  mkdir -p "$WORK/$id"
  GENESYS_TORCH_THREADS=$THREADS "${CLI[@]}" node --db "$GENESYS_DB" --workspace "$WORK/$id" --id "$id" \
    --role all --concurrency 1 --heartbeat-seconds 2 --json \
    2> >(tee "$WORK/$id.log" | sed -u "s/^[^ ]* /[$id] /") >"$WORK/$id.exit.json" &
  NODE_PIDS+=($!)
done

registered=0
for _ in $(seq 1 120); do
  registered=$("${CLI[@]}" nodes --db "$GENESYS_DB" --json 2>/dev/null \
    | json "d.nodes.filter((n) => n.status === 'active' && '${NODES[*]}'.split(' ').includes(n.id)).length" || echo 0)
  [[ $registered == "${#NODES[@]}" ]] && break
  sleep 1
done
[[ $registered == "${#NODES[@]}" ]] || die "the nodes did not register within 2 minutes (see $WORK/node-*.log)"
say "both nodes registered"

# genesys status must look at the evolution the extra arguments name, if any.
EVOLUTION=default
previous=''
for arg in "$@"; do
  [[ $previous == --evolution ]] && EVOLUTION=$arg
  [[ $arg == --evolution=* ]] && EVOLUTION=${arg#--evolution=}
  previous=$arg
done

say "genesys evolve --db … --config $WORK/evolve.yaml $*"
started=$SECONDS
evolve_status=0
"${CLI[@]}" evolve --db "$GENESYS_DB" --config "$WORK/evolve.yaml" "$@" 2>&1 | tee "$WORK/evolve.log" || evolve_status=${PIPESTATUS[0]}
say "genesys evolve exited with $evolve_status after $((SECONDS - started)) s"

say "genesys status --db … --evolution $EVOLUTION"
"${CLI[@]}" status --db "$GENESYS_DB" --evolution "$EVOLUTION" || true
say "genesys nodes --db …"
"${CLI[@]}" nodes --db "$GENESYS_DB" 2>&1 || true

if command -v psql >/dev/null 2>&1; then
  say "who ran what (jobs and job_attempts, read with psql)"
  psql "$GENESYS_DB" -X -q -P pager=off -v evolution="$EVOLUTION" <<'SQL' || true
SELECT j.id AS job, j.kind, coalesce(d.name || ' @ ' || (j.payload->>'scale'), j.payload->>'name') AS what,
       a.node_id AS node, a.outcome, round(extract(epoch FROM a.ended_at - a.started_at)) AS seconds
FROM job_attempts a JOIN jobs j ON j.id = a.job_id LEFT JOIN designs d ON d.id = j.payload->>'designId'
WHERE coalesce(d.evolution, j.payload->>'evolution') = :'evolution'
ORDER BY a.started_at;
SQL
fi

say "stopping the nodes (SIGTERM: finish the running job, then stop)"
for pid in "${NODE_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
failed=0
for index in "${!NODES[@]}"; do
  id=${NODES[$index]}
  code=0
  wait "${NODE_PIDS[$index]}" || code=$?
  ends=$(json "JSON.stringify(d.jobs)" <"$WORK/$id.exit.json" 2>/dev/null || echo '?')
  say "$id exited with $code; its jobs ended: $ends"
  if [[ $code != 0 ]]; then say "FAILED: $id did not stop cleanly (see $WORK/$id.log)"; failed=1; fi
  # Anything but "completed" (failed, requeued, lease-lost, released) means a job did not go through.
  if [[ $(json "Object.keys(d.jobs).filter((end) => end !== 'completed').length" <"$WORK/$id.exit.json" 2>/dev/null || echo 1) != 0 ]]; then
    say "FAILED: a job on $id did not complete (see $WORK/$id.log)"; failed=1
  fi
done
NODE_PIDS=()

say "artifact folder: $(find "$GENESYS_ARTIFACTS" -type f 2>/dev/null | wc -l) file(s), $(du -sh "$GENESYS_ARTIFACTS" 2>/dev/null | cut -f1) (per verification: its record, and the trained weights of an ok training run)"

if [[ $evolve_status != 0 ]]; then say "FAILED: genesys evolve exited with $evolve_status"; failed=1; fi
status_json=$("${CLI[@]}" status --db "$GENESYS_DB" --evolution "$EVOLUTION" --json 2>/dev/null || echo '{}')
unverified=$(json "d.scales.reduce((n, s) => n + s.used - s.verified, 0)" <<<"$status_json" 2>/dev/null || echo '?')
if [[ $unverified != 0 ]]; then say "FAILED: $unverified verification(s) spent budget without an ok result (genesys status)"; failed=1; fi

if [[ $failed == 0 ]]; then say "done: everything succeeded; the run folder $WORK stays for you to look at"; fi
exit "$failed"
