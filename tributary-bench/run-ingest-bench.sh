#!/usr/bin/env bash
# Ingest benchmark: the hub in its storage modes, against the baseline and against each other, on
# this machine, over loopback only.
#
# Each repetition runs every mode of --modes in the order given, each with a closed loop (maximum
# throughput) and then an open loop at --rate (latency at a fixed load; against a hub with
# ingest-to-profile visibility probes alongside), every run against freshly started servers:
#   baseline            BaselineServer: the least any durable ingest must do (docs/benchmarks.md)
#   embedded            one hub with embedded storage (SQLite), in a fresh data directory
#   kafka-postgres      one hub in kafka+postgres mode, on a fresh topic, consumer group and database
#   kafka-postgres-x2   two such hubs in one consumer group; the generator sends to both in turn
# Interleaving the modes spreads background noise over all of them. The table printed at the end
# holds the median of each metric over the repetitions and the ratios to the first mode given.
#
# A hub is started as `./tributary serve` from the repository root, configured through TRIBUTARY_*
# environment variables, and is ready once GET /health answers 200 (and, in kafka+postgres mode,
# once the instances share the topic's partitions). After a hub's load the script waits up to
# --drain for the processor to catch up, saves each instance's tributary_* metrics and, in
# kafka+postgres mode, checks the state in PostgreSQL (see check_state). The kafka+postgres modes
# run against one Kafka broker and one PostgreSQL server started for the whole invocation by
# io.tributary.bench.ScaleOutServers. Every run also records the CPU each process used during its
# measured phase (<run>-cpu.txt).
#
# Before each run the script waits while another build or test run (Maven, Surefire, Failsafe)
# uses the machine, and runs again a run during which one started (--attempts), unless
# --no-wait-for-quiet; waits and repeated runs are logged to waits.txt.
#
# Needs: a JDK 21+ (found like ./tributary does), curl, setsid; for the kafka+postgres modes also
# psql and Debian's PostgreSQL server binaries (as the test kit does). See docs/benchmarks.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: tributary-bench/run-ingest-bench.sh [options]
  --modes LIST          comma-separated, run in this order; the first is the reference of the ratios:
                        baseline, embedded, kafka-postgres, kafka-postgres-x2 (default baseline,embedded)
  --loops LIST          closed, open or both (default closed,open)
  -n, --repetitions N   repetitions of every scenario (default 3)
  --duration D          measured phase of each run (default 20s)
  --warmup D            unmeasured phase before it (default 20s); the table says for each open
                        loop on a hub whether it had caught up before its measured phase
  --batch N             events per request (default 100)
  --concurrency N       closed-loop workers (default 8)
  --rate N              open-loop events per second (default 5000)
  --users N             synthetic people (default 10000)
  --probe-interval D    time between visibility probes in a hub's open loop (default 50ms)
  --partitions N        partitions of each kafka+postgres run's topic (default 12, the hub's default)
  --drain D             after a hub's load, wait this long at most for its processor to catch up (default 30s)
  --out DIR             result directory (default tributary-bench/target/ingest-bench/<time>)
  --baseline-only       the same as --modes baseline
  --attempts N          runs during which another build or test run started are run again, up to
                        N attempts in all (default 3)
  --no-wait-for-quiet   start runs even while another build or test run is going on, and keep them
  --skip-build          use the existing build
  -h, --help            this text
Durations: 20s, 500ms, 2m.
Environment: BASELINE_PORT (18089), HUB_PORT (18088; a second instance uses HUB_PORT+2),
  HUB_START_TIMEOUT seconds (120), BENCH_JAVA_OPTS (JVM options for the generator and the
  baseline; default -XX:+UseSerialGC, empty for the JVM's default), TRIBUTARY_JAVA_OPTS (extra JVM options for the hubs, e.g. a flight recording).
EOF
}

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
BENCH_SCRIPT=run-ingest-bench
# shellcheck source=bench-common.sh
. "$BENCH_DIR/bench-common.sh"

MODES=baseline,embedded
LOOPS=closed,open
CONCURRENCY=8
RATE=5000
PARTITIONS=12
# 10 s until 2026-12-03, when the hub's open-loop runs caught up with the load only 13-14 s after
# their start (the tables say so for every run: warm-up verdicts)
WARMUP=20s

while [[ $# -gt 0 ]]; do
  case "$1" in
    --modes) MODES="$2"; shift 2 ;;
    --loops) LOOPS="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --partitions) PARTITIONS="$2"; shift 2 ;;
    --baseline-only) MODES=baseline; shift ;;
    *) bench_option "$@"; shift "$BENCH_SHIFT" ;;
  esac
done

BASELINE_PORT="${BASELINE_PORT:-18089}"

# --- what to run ------------------------------------------------------------------------------
IFS=, read -r -a MODE_LIST <<<"$MODES"
IFS=, read -r -a LOOP_LIST <<<"$LOOPS"
NEEDS_HUB=false
NEEDS_SERVERS=false
for mode in "${MODE_LIST[@]}"; do
  case "$mode" in
    baseline) ;;
    embedded) NEEDS_HUB=true ;;
    kafka-postgres | kafka-postgres-x2) NEEDS_HUB=true; NEEDS_SERVERS=true ;;
    *) die "unknown mode '$mode' in --modes; see --help" ;;
  esac
done
for loop in "${LOOP_LIST[@]}"; do
  [[ "$loop" == closed || "$loop" == open ]] || die "unknown loop '$loop' in --loops; see --help"
done
[[ ${#MODE_LIST[@]} -gt 0 && ${#LOOP_LIST[@]} -gt 0 ]] || die "nothing to run; see --help"
DRAIN_MS="$(millis "$DRAIN")"
MEASURE_MS="$(millis "$DURATION")"
WARMUP_MS="$(millis "$WARMUP")"

tools=()
[[ "$NEEDS_SERVERS" == true ]] && tools+=(psql mkfifo)
bench_find_java "${tools[@]}"

# --- build -----------------------------------------------------------------------------------
bench_build "$SKIP_BUILD" "$NEEDS_HUB"

# --- process handling: every server runs in its own process group, stopped by its id ---------
bench_setup
SERVERS_PID=""

# Kafka and PostgreSQL: stopped through their launcher, which also stops them by itself when this
# script's end closes its standard input (fd 9, closed for every other child).
stop_scale_out_servers() {
  [[ -z "$SERVERS_PID" ]] && return 0
  kill -TERM "$SERVERS_PID" 2>/dev/null || true
  exec 9>&-
  await_exit "$SERVERS_PID" 60 "the Kafka/PostgreSQL launcher"
  SERVERS_PID=""
}

cleanup() {
  stop_servers # the hubs before Kafka and PostgreSQL
  stop_scale_out_servers
  bench_cleanup
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_baseline() { # log-file
  port_in_use "$BASELINE_PORT" && die "port $BASELINE_PORT is in use; set BASELINE_PORT"
  rm -f "$SCRATCH/baseline.log"
  setsid "$JAVA" "${EXTRA_JAVA_OPTS[@]}" -cp "$CP" io.tributary.bench.BaselineServer \
    --port "$BASELINE_PORT" --file "$SCRATCH/baseline.log" --write-key "$WRITE_KEY" >"$1" 2>&1 9>&- &
  SERVER_PIDS+=($!)
  wait_for_health "http://127.0.0.1:$BASELINE_PORT" 60 "$1" "$!"
}

# Starts the hubs of a mode for the run <name>; returns once all answer /health and, in
# kafka+postgres mode, once the instances share all of the topic's partitions.
start_hubs() { # mode name
  local mode="$1" name="$2" i
  case "$mode" in
    embedded)
      start_hub "$OUT/$name-server.log" 1
      HUB_URLS=("http://127.0.0.1:$(hub_port 1)")
      ;;
    kafka-postgres | kafka-postgres-x2)
      # Fresh per attempt: a run that is run again must not find the last attempt's records.
      local instances=1 database="bench_${name//-/_}_$attempt" topic="tributary-$name-$attempt"
      [[ "$mode" == kafka-postgres-x2 ]] && instances=2
      psql_admin postgres -c "CREATE DATABASE $database" >/dev/null
      HUB_DATABASE="$database"
      HUB_URLS=()
      for i in $(seq 1 "$instances"); do
        start_hub "$OUT/$name-server-$i.log" "$i" \
          TRIBUTARY_STORAGE_MODE=kafka+postgres \
          TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP" \
          TRIBUTARY_KAFKA_TOPIC="$topic" \
          TRIBUTARY_KAFKA_PARTITIONS="$PARTITIONS" \
          TRIBUTARY_KAFKA_REPLICATION_FACTOR=1 \
          TRIBUTARY_KAFKA_GROUP_ID="$topic" \
          TRIBUTARY_KAFKA_CLIENT_ID="hub-$i" \
          TRIBUTARY_POSTGRES_URL="$POSTGRES_URL_BASE/$database" \
          TRIBUTARY_POSTGRES_USER="$POSTGRES_USER"
        HUB_URLS+=("http://127.0.0.1:$(hub_port "$i")")
      done
      ;;
  esac
  for i in "${!HUB_URLS[@]}"; do
    wait_for_health "${HUB_URLS[$i]}" "$HUB_START_TIMEOUT" "$OUT/$name-server*.log" "${SERVER_PIDS[$i]}"
  done
  [[ "$mode" == embedded ]] || await_partitions_shared "$name"
}

# The consumer group has settled when every instance consumes some partitions and together they
# consume each partition once. Starting the load earlier would measure a rebalance.
await_partitions_shared() { # name
  local deadline=$((SECONDS + 60)) url total empty
  while true; do
    total=0
    empty=false
    for url in "${HUB_URLS[@]}"; do
      local partitions
      partitions="$(curl -fsS --max-time 2 "$url/health" 2>/dev/null | sed -n 's/.*"partitions":\[\([0-9,]*\)\].*/\1/p')"
      [[ -z "$partitions" ]] && empty=true
      total=$((total + $(tr ',' '\n' <<<"$partitions" | grep -c '[0-9]' || true)))
    done
    if [[ "$empty" == false && "$total" -eq "$PARTITIONS" ]]; then
      return 0
    fi
    if ((SECONDS >= deadline)); then
      log "WARNING: $1: the instances did not share the $PARTITIONS partitions within 60 s (they consume $total); going on"
      return 0
    fi
    sleep 0.5
  done
}

# --- Kafka and PostgreSQL ----------------------------------------------------------------------
psql_admin() { # database psql-args...
  PGCONNECT_TIMEOUT=10 psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$POSTGRES_PORT" -U "$POSTGRES_USER" \
    -d "$1" "${@:2}" 9>&-
}

start_scale_out_servers() {
  local info="$OUT/scale-out-servers.log"
  mkfifo "$SCRATCH/servers.stdin"
  setsid "$JAVA" -cp "$CP" io.tributary.bench.ScaleOutServers <"$SCRATCH/servers.stdin" >"$info" 2>&1 &
  SERVERS_PID=$!
  exec 9>"$SCRATCH/servers.stdin"
  log "starting a Kafka broker and PostgreSQL"
  local deadline=$((SECONDS + 180))
  until grep -qx ready "$info"; do
    kill -0 "$SERVERS_PID" 2>/dev/null || die "the Kafka/PostgreSQL launcher exited; see $info"
    ((SECONDS < deadline)) || die "Kafka and PostgreSQL not ready within 180 s; see $info"
    sleep 0.5
  done
  KAFKA_BOOTSTRAP="$(sed -n 's/^kafka.bootstrap-servers=//p' "$info")"
  POSTGRES_URL_BASE="$(sed -n 's|^postgres.url=\(.*\)/postgres$|\1|p' "$info")"
  POSTGRES_PORT="$(sed -n 's/^postgres.port=//p' "$info")"
  POSTGRES_USER="$(sed -n 's/^postgres.user=//p' "$info")"
  log "Kafka at $KAFKA_BOOTSTRAP, PostgreSQL at $POSTGRES_URL_BASE"
}

# Checks the state one kafka+postgres run left in PostgreSQL. Each holds in every committed
# state, so the check needs no caught-up processor: every consumed record has its processed
# message id (one event per record, every message id unique); no identity link points to a
# missing profile; no profile holds two user ids; and no synthetic person is split, i.e. the
# user id user-N and the e-mail userN@example.com belong to the same profile. Also saves the
# database's commits, rollbacks and deadlocks, and index scans and row changes per table (the
# statistics collector's, which may lag a second).
check_state() { # name database
  psql_admin "$2" -A -t -F ' ' >"$OUT/$1-check.txt" <<'SQL'
SELECT 'consumed_records', COALESCE(SUM(next_position), 0) FROM consumed_positions
UNION ALL SELECT 'processed_message_ids', COUNT(*) FROM processed_messages
UNION ALL SELECT 'profiles', COUNT(*) FROM profiles
UNION ALL SELECT 'merges', COUNT(*) FROM profile_merges
UNION ALL SELECT 'identity_links', COUNT(*) FROM identity_links
UNION ALL SELECT 'timeline_rows', COUNT(*) FROM timeline
UNION ALL SELECT 'links_to_missing_profiles', COUNT(*)
  FROM identity_links l LEFT JOIN profiles p ON p.profile_id = l.profile_id WHERE p.profile_id IS NULL
UNION ALL SELECT 'profiles_with_two_user_ids', COUNT(*)
  FROM (SELECT profile_id FROM identity_links WHERE id_type = 'user_id' GROUP BY profile_id HAVING COUNT(*) > 1) t
UNION ALL SELECT 'people_split', COUNT(*)
  FROM identity_links u JOIN identity_links e
    ON e.id_type = 'email' AND e.id_value = 'user' || substr(u.id_value, 6) || '@example.com'
  WHERE u.id_type = 'user_id' AND u.id_value LIKE 'user-%' AND u.profile_id <> e.profile_id
UNION ALL SELECT 'transactions_committed', xact_commit FROM pg_stat_database WHERE datname = current_database()
UNION ALL SELECT 'transactions_rolled_back', xact_rollback FROM pg_stat_database WHERE datname = current_database()
UNION ALL SELECT 'deadlocks', deadlocks FROM pg_stat_database WHERE datname = current_database()
UNION ALL SELECT 'index_scans.' || relname, idx_scan FROM pg_stat_user_tables
UNION ALL SELECT 'rows_inserted.' || relname, n_tup_ins FROM pg_stat_user_tables
UNION ALL SELECT 'rows_updated.' || relname, n_tup_upd FROM pg_stat_user_tables
UNION ALL SELECT 'rows_deleted.' || relname, n_tup_del FROM pg_stat_user_tables;
SQL
  awk '
    { v[$1] = $2 }
    END {
      bad = ""
      if (v["consumed_records"] != v["processed_message_ids"]) bad = bad " consumed_records!=processed_message_ids"
      if (v["links_to_missing_profiles"] != 0) bad = bad " links_to_missing_profiles"
      if (v["profiles_with_two_user_ids"] != 0) bad = bad " profiles_with_two_user_ids"
      if (v["people_split"] != 0) bad = bad " people_split"
      print (bad == "" ? "state check: ok" : "STATE CHECK FAILED:" bad)
    }' "$OUT/$1-check.txt" | tee -a "$OUT/$1-check.txt"
}

# --- CPU per process over the measured phase ---------------------------------------------------
# What sample_cpu measures: the hubs (or the baseline), the broker, PostgreSQL and the generator.
cpu_roles() { # name
  local i
  for i in "${!SERVER_PIDS[@]}"; do echo "server-$((i + 1)) ${SERVER_PIDS[$i]}"; done
  if [[ -n "$SERVERS_PID" ]]; then
    echo "kafka $(child_pid "$SERVERS_PID" java)"
    echo "postgres $(child_pid "$SERVERS_PID" runuser postgres)"
  fi
  echo "generator $(generator_pid "$1")"
}

run_load() { # name extra-args...
  local name="$1" sampler lags="" scrape=""
  shift
  log "run $name"
  echo "$name start loadavg $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
  sample_cpu "$name" 9>&- &
  sampler=$!
  if [[ "$name" != baseline-* ]]; then
    sample_lag "$name" "${HUB_URLS[0]}" 9>&- &
    lags=$!
    scrape_at_measure_start "$name" "${HUB_URLS[0]}" 9>&- &
    scrape=$!
  fi
  "$JAVA" "${EXTRA_JAVA_OPTS[@]}" -cp "$CP" io.tributary.bench.LoadGenerator \
    --write-key "$WRITE_KEY" --batch "$BATCH" --users "$USERS" \
    --duration "$DURATION" --warmup "$WARMUP" "$@" --out "$OUT/$name.json" 9>&- | tee "$OUT/$name.txt"
  wait "$sampler" 2>/dev/null || true
  [[ -z "$scrape" ]] || wait "$scrape" 2>/dev/null || true
  if [[ -n "$lags" ]]; then
    kill "$lags" 2>/dev/null || true
    wait "$lags" 2>/dev/null || true
  fi
  echo "$name end   loadavg $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
}

loop_args() { # loop [probe]: the generator's arguments of a closed or open loop
  if [[ "$1" == closed ]]; then
    echo "--mode closed --concurrency $CONCURRENCY"
  elif [[ "${2:-}" == probe ]]; then
    echo "--mode open --rate $RATE --admin-token $ADMIN_TOKEN --probe-interval $PROBE_INTERVAL"
  else
    echo "--mode open --rate $RATE"
  fi
}

# --- environment ------------------------------------------------------------------------------
{
  echo "modes:       $MODES ($LOOPS loops)"
  echo "parameters:  repetitions=$REPETITIONS duration=$DURATION warmup=$WARMUP batch=$BATCH" \
    "concurrency=$CONCURRENCY rate=$RATE users=$USERS probe-interval=$PROBE_INTERVAL" \
    "partitions=$PARTITIONS drain=$DRAIN"
  [[ "$NEEDS_SERVERS" == true ]] && printf '%s\n' /usr/lib/postgresql/*/bin/postgres | sort -V | tail -1 |
    sed 's|^|postgres:    |'
  true
} | write_environment

[[ "$NEEDS_SERVERS" == true ]] && start_scale_out_servers

# --- runs -------------------------------------------------------------------------------------
run_scenario() { # mode loop name
  local mode="$1" loop="$2" name="$3"
  if [[ "$mode" == baseline ]]; then
    start_baseline "$OUT/$name-server.log"
    # shellcheck disable=SC2046 # loop_args is meant to split
    run_load "$name" --url "http://127.0.0.1:$BASELINE_PORT" $(loop_args "$loop")
  else
    start_hubs "$mode" "$name"
    # shellcheck disable=SC2046
    run_load "$name" --url "$(IFS=,; echo "${HUB_URLS[*]}")" $(loop_args "$loop" probe)
    after_hub_load "$name" "${HUB_URLS[@]}"
    [[ "$loop" == open ]] && warmup_verdict "$name" "$RATE"
    [[ "$mode" == embedded ]] || check_state "$name" "$HUB_DATABASE"
  fi
  stop_servers
  # A database whose state passed its check goes; one that failed stays for a closer look.
  if [[ "$mode" == kafka-postgres* ]] && grep -qx 'state check: ok' "$OUT/$name-check.txt"; then
    psql_admin postgres -c "DROP DATABASE $HUB_DATABASE" >/dev/null
  fi
}

# A run during which another build or test run showed up is run again (run_with_attempts).
for rep in $(seq 1 "$REPETITIONS"); do
  log "repetition $rep of $REPETITIONS"
  for mode in "${MODE_LIST[@]}"; do
    for loop in "${LOOP_LIST[@]}"; do
      run_with_attempts "$mode-$loop-$rep" run_scenario "$mode" "$loop" "$mode-$loop-$rep"
    done
  done
done

# --- table ------------------------------------------------------------------------------------
files() { # prefix
  local list=()
  for rep in $(seq 1 "$REPETITIONS"); do list+=("$OUT/$1-$rep.json"); done
  (IFS=,; echo "${list[*]}")
}
label() { # mode loop
  local what
  case "$1" in
    baseline) what=baseline ;;
    embedded) what="hub embedded" ;;
    kafka-postgres) what="hub kafka+postgres x1" ;;
    kafka-postgres-x2) what="hub kafka+postgres x2" ;;
  esac
  if [[ "$2" == closed ]]; then
    echo "$what closed, batch $BATCH"
  elif [[ "$1" == baseline ]]; then
    echo "$what open $RATE/s, batch $BATCH"
  else
    echo "$what open $RATE/s + probes, batch $BATCH"
  fi
}
table_args=()
for loop in "${LOOP_LIST[@]}"; do table_args+=(--reference "$(label "${MODE_LIST[0]}" "$loop")"); done
for mode in "${MODE_LIST[@]}"; do
  for loop in "${LOOP_LIST[@]}"; do
    table_args+=(--row "$(label "$mode" "$loop")=$(files "$mode-$loop")")
  done
done
echo
"$JAVA" -cp "$CP" io.tributary.bench.CompareResults "${table_args[@]}" | tee "$OUT/table.md"

# CPU: the median cores of each process over the repetitions.
{
  echo
  echo "Cores used in the measured phase (median over the repetitions):"
  for mode in "${MODE_LIST[@]}"; do
    for loop in "${LOOP_LIST[@]}"; do
      cpu_medians "$(label "$mode" "$loop")" "$OUT/$mode-$loop-"*-cpu.txt
    done
  done
} | tee -a "$OUT/table.md"
warmup_table | tee -a "$OUT/table.md"
bench_finish
