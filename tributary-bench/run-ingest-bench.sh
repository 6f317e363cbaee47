#!/usr/bin/env bash
# Ingest benchmark: the hub against the baseline, on this machine, over loopback only.
#
# Each repetition runs, in this order and each against a freshly started server:
#   1. baseline, closed loop (max throughput)
#   2. baseline, open loop at --rate (latency floor at a fixed load)
#   3. hub,      closed loop
#   4. hub,      open loop at --rate, with ingest-to-profile visibility probes
# Interleaving the servers spreads background noise over both. The table printed at the end holds
# the median of each metric over the repetitions and the hub/baseline ratios.
#
# The hub is started as `./tributary serve` from the repository root, configured through
# TRIBUTARY_DATA_DIR, TRIBUTARY_HTTP_PORT, TRIBUTARY_ADMIN_TOKEN and TRIBUTARY_SOURCES
# (web=<writeKey>), and is ready once GET /health answers 200. Without that launcher the hub rows
# are reported as not yet measured.
#
# Needs: a JDK 21+ (found like ./tributary does), curl, setsid. See docs/benchmarks.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: tributary-bench/run-ingest-bench.sh [options]
  -n, --repetitions N   repetitions of every scenario (default 3)
  --duration D          measured phase of each run (default 20s)
  --warmup D            unmeasured phase before it (default 10s)
  --batch N             events per request (default 100)
  --concurrency N       closed-loop workers (default 8)
  --rate N              open-loop events per second (default 5000)
  --users N             synthetic people (default 10000)
  --probe-interval D    time between visibility probes in the hub's open loop (default 50ms)
  --out DIR             result directory (default tributary-bench/target/ingest-bench/<time>)
  --baseline-only       skip the hub
  --skip-build          use the existing build
  -h, --help            this text
Environment: BASELINE_PORT (18089), HUB_PORT (18088), HUB_START_TIMEOUT seconds (120),
  BENCH_JAVA_OPTS (extra JVM options for the generator and the baseline).
EOF
}

REPETITIONS=3
DURATION=20s
WARMUP=10s
BATCH=100
CONCURRENCY=8
RATE=5000
USERS=10000
PROBE_INTERVAL=200ms
OUT=""
BASELINE_ONLY=false
SKIP_BUILD=false

while [[ $# -gt 0 ]]; do
  case "$1" in
    -n | --repetitions) REPETITIONS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --batch) BATCH="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --users) USERS="$2"; shift 2 ;;
    --probe-interval) PROBE_INTERVAL="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --baseline-only) BASELINE_ONLY=true; shift ;;
    --skip-build) SKIP_BUILD=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run-ingest-bench: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
BASELINE_PORT="${BASELINE_PORT:-18089}"
HUB_PORT="${HUB_PORT:-18088}"
HUB_START_TIMEOUT="${HUB_START_TIMEOUT:-120}"
read -r -a EXTRA_JAVA_OPTS <<<"${BENCH_JAVA_OPTS:-}"
WRITE_KEY="bench-write-key"
ADMIN_TOKEN="bench-admin-token-$RANDOM$RANDOM"
OUT="${OUT:-$BENCH_DIR/target/ingest-bench/$(date -u +%Y%m%dT%H%M%SZ)}"

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { printf 'run-ingest-bench: %s\n' "$*" >&2; exit 1; }
# The same JDK lookup as ./tributary and .ci/run: JAVA_HOME, PATH, then /usr/lib/jvm.
# shellcheck source=../.ci/find-java.sh
. "$(dirname "${BASH_SOURCE[0]}")/../.ci/find-java.sh" || die "no JDK 21+ found; set JAVA_HOME"
JAVA="$JAVA_HOME/bin/java"

for tool in curl setsid "$JAVA"; do
  command -v "$tool" >/dev/null || die "'$tool' not found; see the header of this script"
done
java_major="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${java_major:-0}" -ge 21 ]] || die "Java 21+ required, '$JAVA' is ${java_major:-unknown}; set JAVA_HOME"

# --- build -----------------------------------------------------------------------------------
build_stamp="$BENCH_DIR/target/lib/.run-ingest-bench-built"
needs_build() {
  [[ ! -f "$build_stamp" ]] && return 0
  [[ -n "$(find "$BENCH_DIR/src" "$BENCH_DIR/pom.xml" "$REPO_ROOT/pom.xml" -newer "$build_stamp" -print -quit)" ]]
}
if [[ "$SKIP_BUILD" == false ]] && needs_build; then
  log "building tributary-bench"
  (cd "$REPO_ROOT" && ./mvnw -q -B -pl tributary-bench -am package -DskipTests)
  touch "$build_stamp"
fi
CP="$BENCH_DIR/target/classes:$BENCH_DIR/target/lib/*"
[[ -d "$BENCH_DIR/target/classes/io/tributary/bench" ]] || die "no build found; run without --skip-build"

# --- process handling: every server runs in its own process group, stopped by its id ---------
mkdir -p "$OUT"
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/tributary-ingest-bench.XXXXXX")"
SERVER_PID=""

stop_server() {
  [[ -z "$SERVER_PID" ]] && return 0
  kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    log "server $SERVER_PID did not stop in 30 s; killing it"
    kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

cleanup() {
  stop_server
  rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_health() { # url timeout-seconds log-file
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null --max-time 2 "$1/health" 2>/dev/null; do
    kill -0 "$SERVER_PID" 2>/dev/null || die "server exited during start-up; see $3"
    ((SECONDS < deadline)) || die "no 200 from $1/health within $2 s; see $3"
    sleep 0.2
  done
}

start_baseline() { # log-file
  port_in_use "$BASELINE_PORT" && die "port $BASELINE_PORT is in use; set BASELINE_PORT"
  rm -f "$SCRATCH/baseline.log"
  setsid "$JAVA" "${EXTRA_JAVA_OPTS[@]}" -cp "$CP" io.tributary.bench.BaselineServer \
    --port "$BASELINE_PORT" --file "$SCRATCH/baseline.log" --write-key "$WRITE_KEY" >"$1" 2>&1 &
  SERVER_PID=$!
  wait_for_health "http://127.0.0.1:$BASELINE_PORT" 60 "$1"
}

start_hub() { # log-file
  port_in_use "$HUB_PORT" && die "port $HUB_PORT is in use; set HUB_PORT"
  rm -rf "$SCRATCH/hub-data" && mkdir -p "$SCRATCH/hub-data"
  (cd "$REPO_ROOT" && exec env \
    TRIBUTARY_DATA_DIR="$SCRATCH/hub-data" \
    TRIBUTARY_HTTP_PORT="$HUB_PORT" \
    TRIBUTARY_ADMIN_TOKEN="$ADMIN_TOKEN" \
    TRIBUTARY_SOURCES="web=$WRITE_KEY" \
    setsid ./tributary serve) >"$1" 2>&1 &
  SERVER_PID=$!
  wait_for_health "http://127.0.0.1:$HUB_PORT" "$HUB_START_TIMEOUT" "$1"
}

run_load() { # name url extra-args...
  local name="$1" url="$2"
  shift 2
  log "run $name"
  echo "$name start loadavg $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
  "$JAVA" "${EXTRA_JAVA_OPTS[@]}" -cp "$CP" io.tributary.bench.LoadGenerator \
    --url "$url" --write-key "$WRITE_KEY" --batch "$BATCH" --users "$USERS" \
    --duration "$DURATION" --warmup "$WARMUP" --out "$OUT/$name.json" "$@" | tee "$OUT/$name.txt"
  echo "$name end   loadavg $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
}

# --- environment ------------------------------------------------------------------------------
{
  echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit:      $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu:         $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1) x $(nproc)"
  echo "memory:      $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "java:        $("$JAVA" -version 2>&1 | head -1)"
  echo "parameters:  repetitions=$REPETITIONS duration=$DURATION warmup=$WARMUP batch=$BATCH" \
    "concurrency=$CONCURRENCY rate=$RATE users=$USERS probe-interval=$PROBE_INTERVAL"
} | tee "$OUT/environment.txt"

HUB=true
if [[ "$BASELINE_ONLY" == true ]]; then
  HUB=false
elif [[ ! -x "$REPO_ROOT/tributary" ]]; then
  log "hub launcher $REPO_ROOT/tributary not found: hub rows stay 'not yet measured'"
  HUB=false
fi

# --- runs -------------------------------------------------------------------------------------
BASELINE="http://127.0.0.1:$BASELINE_PORT"
HUB_URL="http://127.0.0.1:$HUB_PORT"
for rep in $(seq 1 "$REPETITIONS"); do
  log "repetition $rep of $REPETITIONS"

  start_baseline "$OUT/baseline-server-closed-$rep.log"
  run_load "baseline-closed-$rep" "$BASELINE" --mode closed --concurrency "$CONCURRENCY"
  stop_server

  start_baseline "$OUT/baseline-server-open-$rep.log"
  run_load "baseline-open-$rep" "$BASELINE" --mode open --rate "$RATE"
  stop_server

  if [[ "$HUB" == true ]]; then
    start_hub "$OUT/hub-server-closed-$rep.log"
    run_load "hub-closed-$rep" "$HUB_URL" --mode closed --concurrency "$CONCURRENCY"
    stop_server

    start_hub "$OUT/hub-server-open-$rep.log"
    run_load "hub-open-$rep" "$HUB_URL" --mode open --rate "$RATE" \
      --admin-token "$ADMIN_TOKEN" --probe-interval "$PROBE_INTERVAL"
    # The hub's own view: arrival -> committed to profiles, for every event (no polling involved).
    curl -fsS --max-time 5 "$HUB_URL/metrics" | grep -E '^tributary_ingest_to_visible_seconds' \
      > "$OUT/hub-open-$rep-visible-metrics.txt" || true
    stop_server
  fi
done

# --- table ------------------------------------------------------------------------------------
files() { # prefix
  local list=()
  for rep in $(seq 1 "$REPETITIONS"); do list+=("$OUT/$1-$rep.json"); done
  (IFS=,; echo "${list[*]}")
}
closed="baseline closed, batch $BATCH"
open="baseline open $RATE/s, batch $BATCH"
echo
"$JAVA" -cp "$CP" io.tributary.bench.CompareResults \
  --reference "$closed" --reference "$open" \
  --row "$closed=$(files baseline-closed)" \
  --row "$open=$(files baseline-open)" \
  --row "hub closed, batch $BATCH=$(files hub-closed)" \
  --row "hub open $RATE/s + probes, batch $BATCH=$(files hub-open)" | tee "$OUT/table.md"
echo
log "results in $OUT"
