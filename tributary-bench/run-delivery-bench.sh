#!/usr/bin/env bash
# Delivery benchmark: end-to-end latency from ingest to a webhook receiving the event, with fan-out
# to three webhook destinations, on this machine, over loopback only.
#
# Each repetition runs, for every rate of --rates, every scenario of --scenarios in the order
# given, each an open loop at that rate against a freshly started embedded hub (fresh data
# directory) and fresh receivers:
#   no-destinations   the hub without destinations: the reference for what delivery adds
#   healthy           three http destinations, hook-a, hook-b and hook-c, all receivers up
#   one-down          the same, with hook-c down (--down: its port closed, or answering 503)
# Interleaving the scenarios spreads background noise over all of them. The tables printed at the
# end hold the median of each metric over the repetitions (see CompareDeliveryResults).
#
# The load generator stamps each event's send time (its due time in the open loop, wall clock) into
# context.sent_at_us (--sent-at); the destinations send the default payload (the whole event with a
# profile snapshot), or --mapping's; the receivers (io.tributary.bench.WebhookSink, one process for
# the three) answer 200 at once and record arrival time − send time per event. Only the events sent
# in the measured phase count, and the latency percentiles are over all of them: an event that has
# not arrived when the receivers report counts as slower than every one that has. The generator
# also runs ingest-to-profile-visible probes, as run-ingest-bench.sh does, in every scenario.
#
# After the load the script waits up to --drain for the processor to catch up, then up to --drain
# again for every receiver that is up to have received every event of the measured phase, then
# saves the receivers' report (<run>-sinks.json), the hub's view of its destinations
# (<run>-destinations.json: delivered, pending, latency p50/p99 from ingest to the receiver's
# answer), its tributary_* metrics, the CPU each process used in the measured phase, and every
# second the processor's lag (<run>-lag.txt) and the requests each receiver has had
# (<run>-received.txt).
#
# Before each run the script waits while another build or test run (Maven, Surefire, Failsafe)
# uses the machine, and runs again a run during which one started (--attempts), unless
# --no-wait-for-quiet; waits and repeated runs are logged to waits.txt.
#
# Needs: a JDK 21+ (found like ./tributary does), curl, setsid. See docs/benchmarks.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: tributary-bench/run-delivery-bench.sh [options]
  --rates LIST          comma-separated open-loop events per second (default 1000,5000)
  --scenarios LIST      comma-separated, run in this order: no-destinations, healthy, one-down
                        (default no-destinations,healthy,one-down)
  -n, --repetitions N   repetitions of every scenario at every rate (default 3)
  --duration D          measured phase of each run (default 20s)
  --warmup D            unmeasured phase before it (default 40s); the tables say for each run
                        whether the hub had caught up with the load before the measured phase
  --batch N             events per request (default 100)
  --users N             synthetic people (default 10000)
  --probe-interval D    time between visibility probes (default 50ms: 400 probes in 20 s)
  --down HOW            how hook-c is down in one-down: refuse (port closed, connections refused)
                        or 503 (answers 503 without Retry-After) (default refuse)
  --mapping EXPR        the destinations' mapping (default none: the default payload); it must
                        carry sent_at_us, e.g. "{'sent_at_us': event.context.sent_at_us}"
  --max-batch N         the webhooks' max-batch: up to N ready messages per request, as a JSON
                        array (default 1: one request per event)
  --drain D             after the load, wait this long at most for the processor to catch up, and
                        again for the receivers to get every event (default 10s)
  --out DIR             result directory (default tributary-bench/target/delivery-bench/<time>)
  --attempts N          runs during which another build or test run started are run again, up to
                        N attempts in all (default 3)
  --no-wait-for-quiet   start runs even while another build or test run is going on, and keep them
  --skip-build          use the existing build
  -h, --help            this text
Durations: 20s, 500ms, 2m.
Environment: HUB_PORT (18088), SINK_PORT (18100, the receivers' report; hook-a..c on the next
  three ports), HUB_START_TIMEOUT seconds (120), BENCH_JAVA_OPTS (JVM options for the generator
  and the receivers; default -XX:+UseSerialGC, empty for the JVM's default), TRIBUTARY_JAVA_OPTS (extra JVM options for the hub, e.g. a flight
  recording).
EOF
}

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
BENCH_SCRIPT=run-delivery-bench
# shellcheck source=bench-common.sh
. "$BENCH_DIR/bench-common.sh"

RATES=1000,5000
SCENARIOS=no-destinations,healthy,one-down
WARMUP=40s
DRAIN=10s
DOWN=refuse
MAPPING=""
MAX_BATCH=1

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rates) RATES="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --down) DOWN="$2"; shift 2 ;;
    --mapping) MAPPING="$2"; shift 2 ;;
    --max-batch) MAX_BATCH="$2"; shift 2 ;;
    *) bench_option "$@"; shift "$BENCH_SHIFT" ;;
  esac
done

SINK_PORT="${SINK_PORT:-18100}"

# --- what to run ------------------------------------------------------------------------------
IFS=, read -r -a RATE_LIST <<<"$RATES"
IFS=, read -r -a SCENARIO_LIST <<<"$SCENARIOS"
[[ "$MAX_BATCH" =~ ^[1-9][0-9]*$ ]] || die "expected a whole number from 1 in --max-batch, but got '$MAX_BATCH'"
for rate in "${RATE_LIST[@]}"; do
  [[ "$rate" =~ ^[1-9][0-9]*$ ]] || die "expected whole events per second in --rates, but got '$rate'"
done
for scenario in "${SCENARIO_LIST[@]}"; do
  case "$scenario" in
    no-destinations | healthy | one-down) ;;
    *) die "unknown scenario '$scenario' in --scenarios; see --help" ;;
  esac
done
[[ "$DOWN" == refuse || "$DOWN" == 503 ]] || die "expected --down refuse or 503, but got '$DOWN'"
[[ ${#RATE_LIST[@]} -gt 0 && ${#SCENARIO_LIST[@]} -gt 0 ]] || die "nothing to run; see --help"
DRAIN_MS="$(millis "$DRAIN")"
MEASURE_MS="$(millis "$DURATION")"
WARMUP_MS="$(millis "$WARMUP")"
SINKS=(hook-a hook-b hook-c)
DOWN_SINK=hook-c

# shellcheck disable=SC2119 # no tools beyond the common ones
bench_find_java
bench_build "$SKIP_BUILD" true
bench_setup
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# --- the receivers and the hub's destinations ---------------------------------------------------
sink_port() { echo $((SINK_PORT + 1 + $1)); } # index in SINKS

json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }

# The destinations as TRIBUTARY_DESTINATIONS takes them: a JSON list (YAML flow syntax).
destinations_json() {
  local i items=()
  for i in "${!SINKS[@]}"; do
    local item="{\"name\": \"${SINKS[$i]}\""
    [[ -n "$MAPPING" ]] && item+=", \"mapping\": $(json_string "$MAPPING")"
    item+=", \"transport\": {\"type\": \"http\", \"max-batch\": $MAX_BATCH, \"url\": \"http://127.0.0.1:$(sink_port "$i")/hook\"}}"
    items+=("$item")
  done
  (IFS=,; echo "[${items[*]}]")
}

start_sinks() { # scenario log-file
  local args=() i spec
  port_in_use "$SINK_PORT" && die "port $SINK_PORT is in use; set SINK_PORT"
  for i in "${!SINKS[@]}"; do
    port_in_use "$(sink_port "$i")" && die "port $(sink_port "$i") is in use; set SINK_PORT"
    spec="${SINKS[$i]}=$(sink_port "$i")"
    [[ "$1" == one-down && "${SINKS[$i]}" == "$DOWN_SINK" ]] && spec+=":$DOWN"
    args+=(--sink "$spec")
  done
  setsid "$JAVA" "${EXTRA_JAVA_OPTS[@]}" -cp "$CP" io.tributary.bench.WebhookSink \
    --control-port "$SINK_PORT" "${args[@]}" >"$2" 2>&1 9>&- &
  SERVER_PIDS+=($!)
  SINKS_PID=$!
  wait_for_health "http://127.0.0.1:$SINK_PORT" 60 "$2" "$SINKS_PID"
}

result_number() { # file field: a whole number of the generator's result file
  sed -n "s/.*\"$2\" : \([0-9]*\).*/\1/p" "$1" | head -1
}

# After the processor caught up: waits until every receiver that is up has a request for each
# event of the measured phase (at most --drain), then saves the receivers' report and the hub's
# view of its destinations.
after_delivery() { # name scenario
  local name="$1" from to sent start counts missing
  from="$(result_number "$OUT/$name.json" measureStartEpochMicros)"
  to="$(result_number "$OUT/$name.json" measureEndEpochMicros)"
  sent="$(result_number "$OUT/$name.json" acceptedEvents)"
  start="$(date +%s%N)"
  while true; do
    counts="$(curl -fsS --max-time 5 "http://127.0.0.1:$SINK_PORT/count?from_us=$from&to_us=$to" | tr -d '{}" \n')"
    missing=0
    for i in "${!SINKS[@]}"; do
      [[ "$2" == one-down && "${SINKS[$i]}" == "$DOWN_SINK" ]] && continue
      local got
      got="$(tr ',' '\n' <<<"$counts" | sed -n "s/^${SINKS[$i]}:\([0-9]*\)$/\1/p")"
      ((${got:-0} >= sent)) || missing=$((missing + sent - ${got:-0}))
    done
    ((missing == 0)) && break
    (($(date +%s%N) - start < DRAIN_MS * 1000000)) || break
    sleep 0.25
  done
  {
    echo "events of the measured phase: $sent; receivers: $counts"
    echo "after $((($(date +%s%N) - start) / 1000000)) ms:" \
      "$([[ "$missing" == 0 ]] && echo "every receiver that is up has them all" ||
        echo "$missing missing at the receivers that are up (NOT delivered within --drain $DRAIN)")"
  } | tee "$OUT/$name-delivery-progress.txt"
  curl -fsS --max-time 60 "http://127.0.0.1:$SINK_PORT/report?from_us=$from&to_us=$to&sent=$sent" \
    >"$OUT/$name-sinks.json"
  # The hub counts each destination's outbox for this: slow with a large backlog.
  curl -fsS --max-time 120 -o "$OUT/$name-destinations.json" -w 'GET /v1/destinations answered in %{time_total} s\n' \
    -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$(hub_port 1)/v1/destinations" |
    tee -a "$OUT/$name-delivery-progress.txt" || true
}

# In the background from the start of the load to the receivers' report: the requests each
# receiver has had so far, every second, to <run>-received.txt as "seconds-since-start a b c".
sample_received() { # name
  local t=0
  while sleep 1; do
    t=$((t + 1))
    echo "$t $(curl -fsS --max-time 2 "http://127.0.0.1:$SINK_PORT/count" | tr -d '{}" \n' | tr ',' ' ')"
  done >"$OUT/$1-received.txt"
}

# --- runs -------------------------------------------------------------------------------------
# What sample_cpu measures: the hub, the receivers and the generator.
cpu_roles() { # name
  echo "hub ${HUB_PID:-}"
  echo "receivers ${SINKS_PID:-}"
  echo "generator $(generator_pid "$1")"
}

run_scenario() { # scenario rate name
  local scenario="$1" rate="$2" name="$3" hub_env=() sampler lags scrape received="" url
  SINKS_PID=""
  if [[ "$scenario" != no-destinations ]]; then
    start_sinks "$scenario" "$OUT/$name-receivers.log"
    hub_env+=(TRIBUTARY_DESTINATIONS="$(destinations_json)")
  fi
  start_hub "$OUT/$name-server.log" 1 "${hub_env[@]}"
  HUB_PID="${SERVER_PIDS[-1]}"
  url="http://127.0.0.1:$(hub_port 1)"
  wait_for_health "$url" "$HUB_START_TIMEOUT" "$OUT/$name-server.log" "$HUB_PID"
  log "run $name"
  echo "$name start loadavg $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
  sample_cpu "$name" 9>&- &
  sampler=$!
  sample_lag "$name" "$url" 9>&- &
  lags=$!
  scrape_at_measure_start "$name" "$url" 9>&- &
  scrape=$!
  if [[ -n "$SINKS_PID" ]]; then
    sample_received "$name" 9>&- &
    received=$!
  fi
  "$JAVA" "${EXTRA_JAVA_OPTS[@]}" -cp "$CP" io.tributary.bench.LoadGenerator \
    --url "$url" --write-key "$WRITE_KEY" --batch "$BATCH" --users "$USERS" \
    --mode open --rate "$rate" --duration "$DURATION" --warmup "$WARMUP" --sent-at \
    --admin-token "$ADMIN_TOKEN" --probe-interval "$PROBE_INTERVAL" \
    --out "$OUT/$name.json" 9>&- | tee "$OUT/$name.txt"
  wait "$sampler" 2>/dev/null || true
  wait "$scrape" 2>/dev/null || true
  kill "$lags" 2>/dev/null || true
  wait "$lags" 2>/dev/null || true
  echo "$name end   loadavg $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
  after_hub_load "$name" "$url"
  warmup_verdict "$name" "$rate"
  [[ "$scenario" == no-destinations ]] || after_delivery "$name" "$scenario"
  if [[ -n "$received" ]]; then
    kill "$received" 2>/dev/null || true
    wait "$received" 2>/dev/null || true
  fi
  stop_servers
}

{
  echo "scenarios:   $SCENARIOS at $RATES events/s; hook-c down in one-down: $DOWN"
  echo "parameters:  repetitions=$REPETITIONS duration=$DURATION warmup=$WARMUP batch=$BATCH" \
    "users=$USERS probe-interval=$PROBE_INTERVAL drain=$DRAIN"
  echo "payload:     ${MAPPING:-the default payload (event + profile snapshot)}"
  echo "destinations: $(destinations_json)"
} | write_environment

for rep in $(seq 1 "$REPETITIONS"); do
  log "repetition $rep of $REPETITIONS"
  for rate in "${RATE_LIST[@]}"; do
    for scenario in "${SCENARIO_LIST[@]}"; do
      run_with_attempts "$scenario-$rate-$rep" run_scenario "$scenario" "$rate" "$scenario-$rate-$rep"
    done
  done
done

# --- tables -----------------------------------------------------------------------------------
echo
"$JAVA" -cp "$CP" io.tributary.bench.CompareDeliveryResults --dir "$OUT" --scenarios "$SCENARIOS" |
  tee "$OUT/table.md"
{
  echo
  echo "Cores used in the measured phase (median over the repetitions):"
  for rate in "${RATE_LIST[@]}"; do
    for scenario in "${SCENARIO_LIST[@]}"; do
      cpu_medians "$scenario $rate/s" "$OUT/$scenario-$rate-"*-cpu.txt
    done
  done
} | tee -a "$OUT/table.md"
warmup_table | tee -a "$OUT/table.md"
bench_finish
