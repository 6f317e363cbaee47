#!/usr/bin/env bash
# The processor's throughput on the embedded default, without ingest competing for the CPU: a log
# of synthetic retail events is written once (closed loop into a hub, which then catches up and
# stops); then each scenario starts a hub on a copy of that log with an empty state store and times
# the processor applying the whole log.
#
# Scenarios:
#   none     no destinations: identity resolution, profiles, timeline
#   down     three http destinations whose receivers refuse connections: the outbox rows are
#            written, next to nothing is sent (the breakers open)
#   sending  three http destinations with receivers (io.tributary.bench.WebhookSink): the outbox
#            is written, sent and settled while the processor works, as in production
#
# Needs what run-delivery-bench.sh needs (a JDK 21+, curl, setsid). Prints one line per run and a
# table of medians; writes everything to --out.
set -euo pipefail

usage() {
  cat <<EOF
Usage: tributary-bench/run-replay-bench.sh [options]
  --scenarios LIST   comma-separated: none, down, sending (default none,down,sending)
  --max-batch N      the destinations' http max-batch (default 1)
  --log-load D       how long the closed loop writes the log (default 12s: about 230,000 events here)
  -n, --repetitions N  runs of every scenario, interleaved (default 3)
  --out DIR          result directory (default tributary-bench/target/replay-bench/<time>)
  --skip-build       use the existing build
  -h, --help         this text
EOF
}

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
BENCH_SCRIPT=run-replay-bench
# shellcheck source=bench-common.sh
. "$BENCH_DIR/bench-common.sh"

SCENARIOS=none,down,sending
MAX_BATCH=1
LOG_LOAD=12s
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --max-batch) MAX_BATCH="$2"; shift 2 ;;
    --log-load) LOG_LOAD="$2"; shift 2 ;;
    *) bench_option "$@"; shift "$BENCH_SHIFT" ;;
  esac
done
[[ "$MAX_BATCH" =~ ^[1-9][0-9]*$ ]] || die "expected a whole number from 1 in --max-batch, but got '$MAX_BATCH'"
IFS=, read -r -a SCENARIO_LIST <<<"$SCENARIOS"
for scenario in "${SCENARIO_LIST[@]}"; do
  [[ "$scenario" =~ ^(none|down|sending)$ ]] || die "unknown scenario '$scenario'; see --help"
done
millis "$LOG_LOAD" >/dev/null

bench_find_java
bench_setup
trap bench_cleanup EXIT
bench_build "$SKIP_BUILD" true
SINK_PORT="${SINK_PORT:-18100}"
URL="http://127.0.0.1:$(hub_port 1)"

destinations_json() {
  local i items=()
  for i in 1 2 3; do
    items+=("{\"name\": \"hook-$i\", \"transport\": {\"type\": \"http\", \"max-batch\": $MAX_BATCH, \"url\": \"http://127.0.0.1:$((SINK_PORT + i))/hook\"}}")
  done
  (IFS=,; echo "[${items[*]}]")
}

# Starts a hub on the data directory as it is (start_hub would empty it).
start_hub_on() { # data-dir log-file [NAME=value...]
  (cd "$REPO_ROOT" && exec env TRIBUTARY_DATA_DIR="$1" TRIBUTARY_HTTP_PORT="$(hub_port 1)" \
    TRIBUTARY_ADMIN_TOKEN="$ADMIN_TOKEN" TRIBUTARY_SOURCES="web=$WRITE_KEY" "${@:3}" \
    setsid ./tributary serve) >"$2" 2>&1 9>&- &
  SERVER_PIDS+=($!)
  wait_for_health "$URL" "$HUB_START_TIMEOUT" "$2" "${SERVER_PIDS[-1]}"
}

{
  echo "scenarios:   $SCENARIOS; repetitions=$REPETITIONS; log written by a closed loop for $LOG_LOAD"
  echo "destinations: $(destinations_json)"
} | write_environment

# --- the log, once ----------------------------------------------------------------------------
LOG_DIR="$SCRATCH/log"
mkdir -p "$LOG_DIR"
log "writing the log: closed loop for $LOG_LOAD"
start_hub_on "$LOG_DIR" "$OUT/log-server.log"
"$JAVA" "${EXTRA_JAVA_OPTS[@]}" -cp "$CP" io.tributary.bench.LoadGenerator --url "$URL" \
  --write-key "$WRITE_KEY" --batch "$BATCH" --users "$USERS" --mode closed --duration "$LOG_LOAD" \
  --warmup 1s --out "$OUT/log-load.json" 9>&- >"$OUT/log-load.txt"
until [[ "$(health_field "$URL" '"lag_events":')" == 0 ]]; do sleep 1; done
EVENTS="$(health_field "$URL" '"end_position":')"
stop_servers
log "the log holds $EVENTS events ($(du -h "$LOG_DIR/log.db" | cut -f1))"

# --- the runs ---------------------------------------------------------------------------------
replay() { # scenario name
  local data="$SCRATCH/run" hub_env=() t0="" p0=0 p e now ms
  rm -rf "$data" && mkdir -p "$data" && cp "$LOG_DIR/log.db" "$data/"
  if [[ "$1" != none ]]; then
    hub_env+=(TRIBUTARY_DESTINATIONS="$(destinations_json)")
  fi
  if [[ "$1" == sending ]]; then
    setsid "$JAVA" "${EXTRA_JAVA_OPTS[@]}" -cp "$CP" io.tributary.bench.WebhookSink --control-port "$SINK_PORT" \
      --sink "hook-1=$((SINK_PORT + 1))" --sink "hook-2=$((SINK_PORT + 2))" --sink "hook-3=$((SINK_PORT + 3))" \
      >"$OUT/$2-receivers.log" 2>&1 9>&- &
    SERVER_PIDS+=($!)
    wait_for_health "http://127.0.0.1:$SINK_PORT" 60 "$OUT/$2-receivers.log" "${SERVER_PIDS[-1]}"
  fi
  start_hub_on "$data" "$OUT/$2-server.log" "${hub_env[@]}"
  while true; do
    p="$(health_field "$URL" '"position":')"
    e="$(health_field "$URL" '"end_position":')"
    now="$(date +%s%N)"
    if [[ -z "$t0" && "${p:-0}" -gt 0 ]]; then t0="$now"; p0="$p"; fi
    [[ -n "$p" && "$p" == "$e" && "$p" -gt 0 ]] && break
    sleep 0.2
  done
  ms=$(((now - t0) / 1000000))
  echo "$2: $((p - p0)) events in $ms ms = $(((p - p0) * 1000 / ms)) events/s;" \
    "state directory $(du -sh "$data" | cut -f1)" | tee "$OUT/$2.txt"
  stop_servers
}

for rep in $(seq 1 "$REPETITIONS"); do
  for scenario in "${SCENARIO_LIST[@]}"; do
    name="$scenario-$rep"
    log "run $name"
    run_with_attempts "$name" replay "$scenario" "$name"
  done
done

{
  echo "processor replay of $EVENTS events; max-batch $MAX_BATCH; median of $REPETITIONS"
  echo "| scenario | events/s (median) | runs | vs none |"
  echo "|---|---:|---|---:|"
  base=""
  for scenario in "${SCENARIO_LIST[@]}"; do
    mapfile -t rates < <(sed -n 's/.* = \([0-9]*\) events\/s.*/\1/p' "$OUT/$scenario"-*.txt | sort -n)
    n="${#rates[@]}"
    median="$(( n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2 ))"
    [[ "$scenario" == none ]] && base="$median"
    ratio="-"
    [[ -n "$base" ]] && ratio="$(awk -v a="$median" -v b="$base" 'BEGIN { printf "%.2fx", a / b }')"
    echo "| $scenario | $median | $(IFS=/; echo "${rates[*]}") | $ratio |"
  done
} | tee "$OUT/table.md"
