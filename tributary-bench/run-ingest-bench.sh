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
  --warmup D            unmeasured phase before it (default 10s)
  --batch N             events per request (default 100)
  --concurrency N       closed-loop workers (default 8)
  --rate N              open-loop events per second (default 5000)
  --users N             synthetic people (default 10000)
  --probe-interval D    time between visibility probes in a hub's open loop (default 200ms)
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
  HUB_START_TIMEOUT seconds (120), BENCH_JAVA_OPTS (extra JVM options for the generator and the
  baseline), TRIBUTARY_JAVA_OPTS (extra JVM options for the hubs, e.g. a flight recording).
EOF
}

MODES=baseline,embedded
LOOPS=closed,open
REPETITIONS=3
DURATION=20s
WARMUP=10s
BATCH=100
CONCURRENCY=8
RATE=5000
USERS=10000
PROBE_INTERVAL=200ms
PARTITIONS=12
DRAIN=30s
OUT=""
WAIT_FOR_QUIET=true
ATTEMPTS=3
SKIP_BUILD=false

while [[ $# -gt 0 ]]; do
  case "$1" in
    --modes) MODES="$2"; shift 2 ;;
    --loops) LOOPS="$2"; shift 2 ;;
    -n | --repetitions) REPETITIONS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --batch) BATCH="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --users) USERS="$2"; shift 2 ;;
    --probe-interval) PROBE_INTERVAL="$2"; shift 2 ;;
    --partitions) PARTITIONS="$2"; shift 2 ;;
    --drain) DRAIN="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --baseline-only) MODES=baseline; shift ;;
    --attempts) ATTEMPTS="$2"; shift 2 ;;
    --no-wait-for-quiet) WAIT_FOR_QUIET=false; shift ;;
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

# A duration as the generator reads it (20s, 500ms, 2m, 1.5s) in whole milliseconds.
millis() {
  local n
  case "$1" in
    *ms) n="${1%ms}"; awk -v n="$n" 'BEGIN { printf "%d", n }' ;;
    *s) n="${1%s}"; awk -v n="$n" 'BEGIN { printf "%d", n * 1000 }' ;;
    *m) n="${1%m}"; awk -v n="$n" 'BEGIN { printf "%d", n * 60000 }' ;;
    *) die "cannot read the duration '$1'; use e.g. 20s, 500ms or 2m" ;;
  esac
}

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

# The same JDK lookup as ./tributary and .ci/run: JAVA_HOME, PATH, then /usr/lib/jvm.
# shellcheck source=../.ci/find-java.sh
. "$(dirname "${BASH_SOURCE[0]}")/../.ci/find-java.sh" || die "no JDK 21+ found; set JAVA_HOME"
JAVA="$JAVA_HOME/bin/java"

tools=(curl setsid "$JAVA")
[[ "$NEEDS_SERVERS" == true ]] && tools+=(psql mkfifo)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || die "'$tool' not found; see the header of this script"
done
java_major="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${java_major:-0}" -ge 21 ]] || die "Java 21+ required, '$JAVA' is ${java_major:-unknown}; set JAVA_HOME"
if [[ "$NEEDS_HUB" == true && ! -x "$REPO_ROOT/tributary" ]]; then
  die "hub launcher $REPO_ROOT/tributary not found; run with --modes baseline"
fi

# --- build -----------------------------------------------------------------------------------
build_stamp="$BENCH_DIR/target/lib/.run-ingest-bench-built"
needs_build() {
  [[ ! -f "$build_stamp" ]] && return 0
  [[ -n "$(find "$BENCH_DIR/src" "$BENCH_DIR/pom.xml" "$REPO_ROOT/pom.xml" "$REPO_ROOT/tributary-testkit/src" \
    -newer "$build_stamp" -print -quit)" ]]
}
if [[ "$SKIP_BUILD" == false ]] && needs_build; then
  log "building tributary-bench"
  (cd "$REPO_ROOT" && ./mvnw -q -B -pl tributary-bench -am package -DskipTests)
  touch "$build_stamp"
fi
if [[ "$SKIP_BUILD" == false && "$NEEDS_HUB" == true ]]; then
  # ./tributary builds the hub when its sources changed: once here, not inside a measured start.
  (cd "$REPO_ROOT" && ./tributary version)
fi
CP="$BENCH_DIR/target/classes:$BENCH_DIR/target/lib/*"
[[ -d "$BENCH_DIR/target/classes/io/tributary/bench" ]] || die "no build found; run without --skip-build"

# --- process handling: every server runs in its own process group, stopped by its id ---------
mkdir -p "$OUT"
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/tributary-ingest-bench.XXXXXX")"
SERVER_PIDS=()
SERVERS_PID=""

# Waits for a process that runs in a process group of its own to exit; kills the group after a while.
await_exit() { # pid seconds what
  for _ in $(seq 1 $(($2 * 10))); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$1" 2>/dev/null; then
    log "$3 $1 did not stop in $2 s; killing it"
    kill -KILL -- "-$1" 2>/dev/null || true
  fi
  wait "$1" 2>/dev/null || true
}

stop_servers() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${SERVER_PIDS[@]}"; do
    await_exit "$pid" 30 server
  done
  SERVER_PIDS=()
}

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
  stop_servers
  stop_scale_out_servers
  rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_health() { # url timeout-seconds log-file pid
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null --max-time 2 "$1/health" 2>/dev/null; do
    kill -0 "$4" 2>/dev/null || die "server exited during start-up; see $3"
    ((SECONDS < deadline)) || die "no 200 from $1/health within $2 s; see $3"
    sleep 0.2
  done
}

OTHER_BUILDS='org.codehaus.plexus.classworlds|surefire|failsafe'

# In the background during a run: notes in <run>.disturbed when another build or test run starts.
watch_for_builds() { # run-name
  while sleep 1; do
    if pgrep -f "$OTHER_BUILDS" >/dev/null; then
      echo "another build or test run seen at $(date -u +%H:%M:%S)" >"$OUT/$1.disturbed"
      return 0
    fi
  done
}

# Waits while Maven, Surefire or Failsafe runs on this machine (another build or test run), so
# that runs start on a quiet machine; logs how long it waited.
wait_for_quiet() { # run-name
  [[ "$WAIT_FOR_QUIET" == true ]] || return 0
  local waited=0
  while pgrep -f "$OTHER_BUILDS" >/dev/null; do
    ((waited == 0)) && log "another build or test run is going on; waiting for it to end before $1"
    sleep 30
    waited=$((waited + 30))
  done
  if ((waited > 0)); then
    echo "$1: waited $waited s for other builds to end" >>"$OUT/waits.txt"
    log "waited $waited s; quiet now"
  fi
}

start_baseline() { # log-file
  port_in_use "$BASELINE_PORT" && die "port $BASELINE_PORT is in use; set BASELINE_PORT"
  rm -f "$SCRATCH/baseline.log"
  setsid "$JAVA" "${EXTRA_JAVA_OPTS[@]}" -cp "$CP" io.tributary.bench.BaselineServer \
    --port "$BASELINE_PORT" --file "$SCRATCH/baseline.log" --write-key "$WRITE_KEY" >"$1" 2>&1 9>&- &
  SERVER_PIDS+=($!)
  wait_for_health "http://127.0.0.1:$BASELINE_PORT" 60 "$1" "$!"
}

hub_port() { echo $((HUB_PORT + 2 * ($1 - 1))); } # instance number

start_hub() { # log-file instance-number [NAME=value...]: starts it, does not wait for it
  local port
  port="$(hub_port "$2")"
  port_in_use "$port" && die "port $port is in use; set HUB_PORT"
  rm -rf "$SCRATCH/hub-data-$2" && mkdir -p "$SCRATCH/hub-data-$2"
  (cd "$REPO_ROOT" && exec env \
    TRIBUTARY_DATA_DIR="$SCRATCH/hub-data-$2" \
    TRIBUTARY_HTTP_PORT="$port" \
    TRIBUTARY_ADMIN_TOKEN="$ADMIN_TOKEN" \
    TRIBUTARY_SOURCES="web=$WRITE_KEY" \
    "${@:3}" \
    setsid ./tributary serve) >"$1" 2>&1 9>&- &
  SERVER_PIDS+=($!)
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

health_field() { # url sed-pattern-of-the-number
  curl -fsS --max-time 2 "$1/health" 2>/dev/null | sed -n "s/.*$2\([0-9]*\).*/\1/p"
}

# After a hub's load: how far the processor was behind, how long it took to catch up (at most
# --drain) and how fast it processed without ingest; then every instance's tributary_* metrics.
after_hub_load() { # name
  local name="$1" url="${HUB_URLS[0]}" start end0 processed0 lag0 end1 processed1 lag1 elapsed i
  start="$(date +%s%N)"
  end0="$(health_field "$url" '"end_position":')"
  processed0="$(health_field "$url" '"position":')"
  lag0="$(health_field "$url" '"lag_events":')"
  lag1="$lag0"
  while [[ "${lag1:-1}" != 0 ]] && (($(date +%s%N) - start < DRAIN_MS * 1000000)); do
    sleep 0.25
    lag1="$(health_field "$url" '"lag_events":')"
  done
  elapsed=$((($(date +%s%N) - start) / 1000000))
  end1="$(health_field "$url" '"end_position":')"
  processed1="$(health_field "$url" '"position":')"
  {
    echo "end of load:  log end $end0, processed $processed0, lag $lag0"
    echo "after ${elapsed} ms: log end $end1, processed $processed1, lag $lag1" \
      "$([[ "$lag1" == 0 ]] && echo "(caught up)" || echo "(NOT caught up within --drain $DRAIN)")"
    if [[ -n "$processed0" && -n "$processed1" ]] && ((elapsed > 0 && lag0 > 0)); then
      awk -v n=$((processed1 - processed0)) -v ms="$elapsed" \
        'BEGIN { printf "processed without ingest: %.0f events/s\n", n * 1000 / ms }'
    fi
  } | tee "$OUT/$name-progress.txt"
  for i in "${!HUB_URLS[@]}"; do
    curl -fsS --max-time 5 "${HUB_URLS[$i]}/metrics" | grep -E '^tributary_' \
      >"$OUT/$name-metrics-$((i + 1)).txt" || true
    grep -h '^tributary_processor_conflicts_total' "$OUT/$name-metrics-$((i + 1)).txt" |
      sed "s/^/instance $((i + 1)): /" || true
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
# Ticks (user + system) of the given processes and all their descendants.
tree_ticks() { # pid...
  ps -e -o pid=,ppid= | awk -v roots="$*" '
    { parent[$1] = $2; pids[NR] = $1 }
    END {
      n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1
      do { changed = 0
        for (i in pids) { p = pids[i]; if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; changed = 1 } }
      } while (changed)
      for (p in keep) print p
    }' | while read -r pid; do
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || continue
    rest="${stat##*) }"
    read -r -a f <<<"$rest"
    echo $((f[11] + f[12]))
  done | awk '{ s += $1 } END { print s + 0 }'
}

busy_and_idle_ticks() {
  awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat
}

# The launcher's children: the Kafka broker (a java process) and PostgreSQL (runuser or postgres).
child_pid() { # parent-pid comm...
  ps -o pid=,comm= --ppid "$1" | awk -v want=" ${*:2} " 'index(want, " " $2 " ") { print $1; exit }'
}

# In the background while a run's generator runs: samples the CPU ticks of the hubs (or the
# baseline), the broker, PostgreSQL and the generator over the measured phase, less a second at
# each end, and writes the cores each used to <run>-cpu.txt.
sample_cpu() { # name
  local name="$1" window_ms=$((MEASURE_MS - 2000))
  ((window_ms >= 1000)) || return 0
  sleep "$(awk -v ms=$((WARMUP_MS + 2000)) 'BEGIN { print ms / 1000 }')"
  local generator broker="" postgres="" roles=() pids=() i
  generator="$(pgrep -f "io.tributary.bench.LoadGenerator .*--out $OUT/$name.json" | head -1)"
  for i in "${!SERVER_PIDS[@]}"; do
    roles+=("server-$((i + 1))"); pids+=("${SERVER_PIDS[$i]}")
  done
  if [[ -n "$SERVERS_PID" ]]; then
    broker="$(child_pid "$SERVERS_PID" java)"
    postgres="$(child_pid "$SERVERS_PID" runuser postgres)"
    [[ -n "$broker" ]] && roles+=(kafka) && pids+=("$broker")
    [[ -n "$postgres" ]] && roles+=(postgres) && pids+=("$postgres")
  fi
  [[ -n "$generator" ]] && roles+=(generator) && pids+=("$generator")
  local before=() after=() cpu0 cpu1
  cpu0="$(busy_and_idle_ticks)"
  for i in "${!pids[@]}"; do before+=("$(tree_ticks "${pids[$i]}")"); done
  sleep "$(awk -v ms="$window_ms" 'BEGIN { print ms / 1000 }')"
  cpu1="$(busy_and_idle_ticks)"
  for i in "${!pids[@]}"; do after+=("$(tree_ticks "${pids[$i]}")"); done
  local hz
  hz="$(getconf CLK_TCK)"
  {
    local sum=0
    for i in "${!pids[@]}"; do
      local d=$((after[i] - before[i]))
      sum=$((sum + d))
      awk -v r="${roles[$i]}" -v d="$d" -v hz="$hz" -v ms="$window_ms" \
        'BEGIN { printf "%-10s %.2f\n", r, d / hz / (ms / 1000) }'
    done
    read -r busy0 idle0 <<<"$cpu0"
    read -r busy1 idle1 <<<"$cpu1"
    awk -v b=$((busy1 - busy0)) -v s="$sum" -v idle=$((idle1 - idle0)) -v hz="$hz" -v ms="$window_ms" \
      'BEGIN { printf "%-10s %.2f\n%-10s %.2f\n", "other", (b - s) / hz / (ms / 1000), "idle", idle / hz / (ms / 1000) }'
  } >"$OUT/$name-cpu.txt"
}

# In the background while a hub's generator runs: the processor's lag every second, to
# <run>-lag.txt as "seconds-since-start lag".
sample_lag() { # name url
  local t=0
  while sleep 1; do
    t=$((t + 1))
    echo "$t $(health_field "$2" '"lag_events":')"
  done >"$OUT/$1-lag.txt"
}

run_load() { # name extra-args...
  local name="$1" sampler lags=""
  shift
  log "run $name"
  echo "$name start loadavg $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
  sample_cpu "$name" 9>&- &
  sampler=$!
  if [[ "$name" != baseline-* ]]; then
    sample_lag "$name" "${HUB_URLS[0]}" 9>&- &
    lags=$!
  fi
  "$JAVA" "${EXTRA_JAVA_OPTS[@]}" -cp "$CP" io.tributary.bench.LoadGenerator \
    --write-key "$WRITE_KEY" --batch "$BATCH" --users "$USERS" \
    --duration "$DURATION" --warmup "$WARMUP" "$@" --out "$OUT/$name.json" 9>&- | tee "$OUT/$name.txt"
  wait "$sampler" 2>/dev/null || true
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
  echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit:      $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu:         $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1) x $(nproc)"
  echo "memory:      $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "java:        $("$JAVA" -version 2>&1 | head -1)"
  echo "modes:       $MODES ($LOOPS loops)"
  echo "parameters:  repetitions=$REPETITIONS duration=$DURATION warmup=$WARMUP batch=$BATCH" \
    "concurrency=$CONCURRENCY rate=$RATE users=$USERS probe-interval=$PROBE_INTERVAL" \
    "partitions=$PARTITIONS drain=$DRAIN"
  [[ -n "${TRIBUTARY_JAVA_OPTS:-}" ]] && echo "hub JVM:     TRIBUTARY_JAVA_OPTS=$TRIBUTARY_JAVA_OPTS"
  [[ "$NEEDS_SERVERS" == true ]] && printf '%s\n' /usr/lib/postgresql/*/bin/postgres | sort -V | tail -1 |
    sed 's|^|postgres:    |'
  true
} | tee "$OUT/environment.txt"

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
    after_hub_load "$name"
    [[ "$mode" == embedded ]] || check_state "$name" "$HUB_DATABASE"
  fi
  stop_servers
  # A database whose state passed its check goes; one that failed stays for a closer look.
  if [[ "$mode" == kafka-postgres* ]] && grep -qx 'state check: ok' "$OUT/$name-check.txt"; then
    psql_admin postgres -c "DROP DATABASE $HUB_DATABASE" >/dev/null
  fi
}

# A run during which another build or test run showed up is run again, up to --attempts times;
# the disturbed attempts' files go to disturbed/.
for rep in $(seq 1 "$REPETITIONS"); do
  log "repetition $rep of $REPETITIONS"
  for mode in "${MODE_LIST[@]}"; do
    for loop in "${LOOP_LIST[@]}"; do
      name="$mode-$loop-$rep"
      for attempt in $(seq 1 "$ATTEMPTS"); do
        wait_for_quiet "$name"
        watcher=""
        if [[ "$WAIT_FOR_QUIET" == true ]]; then
          watch_for_builds "$name" 9>&- &
          watcher=$!
        fi
        run_scenario "$mode" "$loop" "$name"
        if [[ -n "$watcher" ]]; then
          kill "$watcher" 2>/dev/null || true
          wait "$watcher" 2>/dev/null || true
        fi
        [[ -f "$OUT/$name.disturbed" ]] || break
        if ((attempt == ATTEMPTS)); then
          echo "$name: attempt $attempt of $ATTEMPTS disturbed too ($(cat "$OUT/$name.disturbed")); kept" >>"$OUT/waits.txt"
          log "WARNING: $name was disturbed in all $ATTEMPTS attempts; keeping the last"
          break
        fi
        echo "$name: attempt $attempt disturbed ($(cat "$OUT/$name.disturbed")); run again" >>"$OUT/waits.txt"
        log "$name was disturbed by another build; running it again"
        mkdir -p "$OUT/disturbed"
        for f in "$OUT/$name".* "$OUT/$name"-*; do
          [[ -e "$f" ]] && mv "$f" "$OUT/disturbed/attempt-$attempt-${f##*/}"
        done
      done
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
      cat "$OUT/$mode-$loop-"*-cpu.txt 2>/dev/null | awk -v label="$(label "$mode" "$loop")" '
        { v[$1] = v[$1] " " $2; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
        END {
          if (n == 0) exit
          line = label ":"
          for (i = 1; i <= n; i++) {
            k = split(substr(v[order[i]], 2), a, " ")
            for (x = 1; x <= k; x++) for (y = x + 1; y <= k; y++) if (a[y] < a[x]) { t = a[x]; a[x] = a[y]; a[y] = t }
            m = k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
            line = line sprintf(" %s %.2f", order[i], m)
          }
          print line
        }'
    done
  done
  [[ -f "$OUT/waits.txt" ]] && echo && echo "Other builds and tests (waits, runs repeated):" && cat "$OUT/waits.txt"
  true
} | tee -a "$OUT/table.md"
echo
log "results in $OUT"
