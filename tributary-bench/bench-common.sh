# shellcheck shell=bash disable=SC2034 # settings for the scripts that source this file
# Shell functions shared by the benchmark scripts (run-ingest-bench.sh, run-delivery-bench.sh);
# sourced, not run. A script sets BENCH_SCRIPT (its name in messages), BENCH_DIR and REPO_ROOT
# before sourcing it, which sets the defaults of the options both scripts take (bench_option
# reads them) and the settings from the environment (HUB_PORT, HUB_START_TIMEOUT,
# BENCH_JAVA_OPTS). After reading its options the script sets WARMUP_MS, MEASURE_MS and DRAIN_MS,
# calls bench_setup, and defines usage and cpu_roles (see sample_cpu).
#
# Every server runs in a process group of its own (setsid), is listed in SERVER_PIDS and is stopped
# by its id (stop_servers). Long-lived helpers get `9>&-` so that they do not hold a descriptor a
# script keeps open for its own purposes (run-ingest-bench.sh's launcher stdin).

REPETITIONS=3
DURATION=20s
WARMUP=10s
BATCH=100
USERS=10000
PROBE_INTERVAL=50ms
DRAIN=30s
OUT=""
WAIT_FOR_QUIET=true
ATTEMPTS=3
SKIP_BUILD=false

HUB_PORT="${HUB_PORT:-18088}"
HUB_START_TIMEOUT="${HUB_START_TIMEOUT:-120}"
# The harness JVMs (load generator, webhook receivers, baseline server) use the serial collector
# unless BENCH_JAVA_OPTS says otherwise (set it empty for the JVM's default): with G1 their own
# pauses showed in the hub's measured tail, on 2 cores shared with the hub (docs/benchmarks.md).
read -r -a EXTRA_JAVA_OPTS <<<"${BENCH_JAVA_OPTS--XX:+UseSerialGC}"
WRITE_KEY="bench-write-key"
ADMIN_TOKEN="bench-admin-token-$RANDOM$RANDOM"

# Reads one of the options both scripts take (see their --help) from "$@" and sets BENCH_SHIFT to
# the number of words it took; ends the script with the script's usage for -h and an unknown one.
bench_option() {
  BENCH_SHIFT=2
  case "$1" in
    -h | --help) usage; exit 0 ;;
    -n | --repetitions) REPETITIONS="$2" ;;
    --duration) DURATION="$2" ;;
    --warmup) WARMUP="$2" ;;
    --batch) BATCH="$2" ;;
    --users) USERS="$2" ;;
    --probe-interval) PROBE_INTERVAL="$2" ;;
    --drain) DRAIN="$2" ;;
    --out) OUT="$2" ;;
    --attempts) ATTEMPTS="$2" ;;
    --no-wait-for-quiet) WAIT_FOR_QUIET=false; BENCH_SHIFT=1 ;;
    --skip-build) SKIP_BUILD=true; BENCH_SHIFT=1 ;;
    *) echo "$BENCH_SCRIPT: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  [[ "$BENCH_SHIFT" == 1 || $# -ge 2 ]] || die "option $1 needs a value; see --help"
}

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { printf '%s: %s\n' "${BENCH_SCRIPT:-bench}" "$*" >&2; exit 1; }

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

# Finds a JDK 21+ like ./tributary does (JAVA_HOME, PATH, then /usr/lib/jvm), sets JAVA, and checks
# that the given tools are there.
bench_find_java() { # tool...
  # shellcheck source=../.ci/find-java.sh
  . "$REPO_ROOT/.ci/find-java.sh" || die "no JDK 21+ found; set JAVA_HOME"
  JAVA="$JAVA_HOME/bin/java"
  local tool java_major
  for tool in curl setsid "$JAVA" "$@"; do
    command -v "$tool" >/dev/null || die "'$tool' not found; see the header of this script"
  done
  java_major="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "${java_major:-0}" -ge 21 ]] || die "Java 21+ required, '$JAVA' is ${java_major:-unknown}; set JAVA_HOME"
}

# Builds tributary-bench when its sources changed (and, with a hub, lets ./tributary build the hub
# once here, not inside a measured start); sets CP, the generator's class path.
bench_build() { # skip-build(true/false) needs-hub(true/false)
  local stamp="$BENCH_DIR/target/lib/.bench-built"
  if [[ "$1" == false ]] && bench_stale "$stamp"; then
    log "building tributary-bench"
    (cd "$REPO_ROOT" && ./mvnw -q -B -pl tributary-bench -am package -DskipTests)
    touch "$stamp"
  fi
  if [[ "$2" == true ]]; then
    [[ -x "$REPO_ROOT/tributary" ]] || die "hub launcher $REPO_ROOT/tributary not found"
    [[ "$1" == true ]] || (cd "$REPO_ROOT" && ./tributary version)
  fi
  CP="$BENCH_DIR/target/classes:$BENCH_DIR/target/lib/*"
  [[ -d "$BENCH_DIR/target/classes/io/tributary/bench" ]] || die "no build found; run without --skip-build"
}

bench_stale() { # stamp-file
  [[ ! -f "$1" ]] && return 0
  [[ -n "$(find "$BENCH_DIR/src" "$BENCH_DIR/pom.xml" "$REPO_ROOT/pom.xml" "$REPO_ROOT/tributary-testkit/src" \
    -newer "$1" -print -quit)" ]]
}

# The result directory (--out, by default target/<ingest|delivery>-bench/<time>) and a scratch
# directory (removed by bench_cleanup).
bench_setup() {
  OUT="${OUT:-$BENCH_DIR/target/${BENCH_SCRIPT#run-}/$(date -u +%Y%m%dT%H%M%SZ)}"
  mkdir -p "$OUT"
  SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/tributary-${BENCH_SCRIPT:-bench}.XXXXXX")"
  SERVER_PIDS=()
}

# --- process handling ---------------------------------------------------------------------------
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

# On exit: stops the servers and the script's samplers still running in the background.
bench_cleanup() {
  local jobs
  jobs="$(jobs -p)"
  # shellcheck disable=SC2086 # one id a word
  [[ -z "$jobs" ]] || kill $jobs 2>/dev/null || true
  stop_servers
  rm -rf "$SCRATCH"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_health() { # url timeout-seconds log-file pid
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null --max-time 2 "$1/health" 2>/dev/null; do
    kill -0 "$4" 2>/dev/null || die "server exited during start-up; see $3"
    ((SECONDS < deadline)) || die "no 200 from $1/health within $2 s; see $3"
    sleep 0.2
  done
}

# --- a quiet machine ------------------------------------------------------------------------------
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
    sleep 5
    waited=$((waited + 5))
  done
  if ((waited > 0)); then
    echo "$1: waited $waited s for other builds to end" >>"$OUT/waits.txt"
    log "waited $waited s; quiet now"
  fi
}

# Runs `command...` for the run <name> on a quiet machine: waits for quiet first, and runs it again
# (up to ATTEMPTS in all) when another build or test run started during it; the disturbed attempts'
# files go to disturbed/. Sets the global `attempt` (1, 2, ...) for the command to use.
run_with_attempts() { # name command...
  local name="$1" watcher f
  shift
  for attempt in $(seq 1 "$ATTEMPTS"); do
    wait_for_quiet "$name"
    watcher=""
    if [[ "$WAIT_FOR_QUIET" == true ]]; then
      watch_for_builds "$name" 9>&- &
      watcher=$!
    fi
    "$@"
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
}

# --- the hub ----------------------------------------------------------------------------------------
hub_port() { echo $((HUB_PORT + 2 * ($1 - 1))); } # instance number

# Starts `./tributary serve` in a fresh data directory; does not wait for it.
start_hub() { # log-file instance-number [NAME=value...]
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

health_field() { # url sed-pattern-of-the-number
  curl -fsS --max-time 2 "$1/health" 2>/dev/null | sed -n "s/.*$2\([0-9]*\).*/\1/p"
}

# After a hub's load: how far the processor was behind, how long it took to catch up (at most
# DRAIN_MS) and how fast it processed without ingest; then every instance's tributary_* metrics.
after_hub_load() { # name url...
  local name="$1" url="$2" start end0 processed0 lag0 end1 processed1 lag1 elapsed i
  local urls=("${@:2}")
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
  for i in "${!urls[@]}"; do
    start="$(date +%s%N)"
    curl -fsS --max-time 120 "${urls[$i]}/metrics" | grep -E '^tributary_' \
      >"$OUT/$name-metrics-$((i + 1)).txt" || true
    echo "GET /metrics of instance $((i + 1)) answered in $((($(date +%s%N) - start) / 1000000)) ms" \
      >>"$OUT/$name-progress.txt"
    grep -h '^tributary_processor_conflicts_total' "$OUT/$name-metrics-$((i + 1)).txt" |
      sed "s/^/instance $((i + 1)): /" || true
  done
  # where the time went, from the first instance's histograms (without the warm-up when the
  # measured phase's start was scraped); python3 is optional
  if command -v python3 >/dev/null; then
    python3 "$BENCH_DIR/histogram-quantiles.py" "$OUT/$name" >"$OUT/$name-histograms.txt" 2>&1 || true
  fi
}

# In the background while a hub's generator runs: the hub's tributary_* metrics about when the
# measured phase begins (the warm-up plus a second for the generator's start), to
# <run>-metrics-start-1.txt. Against <run>-metrics-1.txt, saved after the load, the histograms
# then give the measured phase and the drain alone (tributary-bench/histogram-quantiles.py).
scrape_at_measure_start() { # name url
  sleep "$(awk -v ms=$((WARMUP_MS + 1000)) 'BEGIN { print ms / 1000 }')"
  curl -fsS --max-time 30 "$2/metrics" | grep -E '^tributary_' >"$OUT/$1-metrics-start-1.txt" || true
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

# Whether the hub had caught up with an open loop of <rate> events/s before its measured phase
# began, from <run>-lag.txt: a hub still working off the backlog of its cold start (class loading,
# compiling) answers the first seconds of the measured phase late, and those seconds then decide
# the p99 (seen: a 16,000-event backlog worked off only 19 s into a 20 s warm-up). Caught up means
# three samples in a row at most a tenth of a second of events behind. Appends the verdict to
# <run>-progress.txt and prints it.
warmup_verdict() { # name rate
  local lags="$OUT/$1-lag.txt" rate="$2" verdict
  [[ -s "$lags" ]] || return 0
  verdict="$(awk -v limit=$((rate / 10)) -v warmup=$((WARMUP_MS / 1000)) '
    $2 != "" && $2 <= limit { run++ } $2 == "" || $2 > limit { run = 0 }
    run == 3 && !steady { steady = $1 - 2 }
    END {
      if (steady && steady + 2 <= warmup)
        printf "warm-up: caught up %d s into the %d s warm-up (lag at most %d events from then)\n", steady, warmup, limit
      else if (steady)
        printf "warm-up: NOT caught up when the measured phase began; caught up only %d s after the start (warm-up %d s): its first seconds are not steady state\n", steady, warmup
      else
        printf "warm-up: NEVER caught up (lag above %d events throughout)\n", limit
    }' "$lags")"
  echo "$verdict" | tee -a "$OUT/$1-progress.txt"
}

# The warm-up verdicts of every run that has one, for the end of table.md.
warmup_table() {
  local f
  echo
  echo "Warm-up of each run (a run not caught up before its measured phase measures a cold start):"
  for f in "$OUT"/*-progress.txt; do
    grep -q '^warm-up:' "$f" && echo "$(basename "$f" -progress.txt): $(grep -h '^warm-up:' "$f" | sed 's/^warm-up: //')"
  done
  true
}

# --- CPU per process over the measured phase -----------------------------------------------------
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

# A child of a process by its command name.
child_pid() { # parent-pid comm...
  ps -o pid=,comm= --ppid "$1" | awk -v want=" ${*:2} " 'index(want, " " $2 " ") { print $1; exit }'
}

# The generator of the run <name>, once it runs.
generator_pid() { # name
  pgrep -f "io.tributary.bench.LoadGenerator .*--out $OUT/$1.json" | head -1
}

# In the background while a run's generator runs: samples the CPU ticks of the processes that the
# script's cpu_roles function names ("role pid" lines, asked once the warm-up is over) over the
# measured phase, less a second at each end, and writes the cores each used, the rest of the
# machine's busy time ("other") and the idle time to <run>-cpu.txt.
sample_cpu() { # name
  local name="$1" window_ms=$((MEASURE_MS - 2000))
  ((window_ms >= 1000)) || return 0
  sleep "$(awk -v ms=$((WARMUP_MS + 2000)) 'BEGIN { print ms / 1000 }')"
  local roles=() pids=() i role pid
  while read -r role pid; do
    [[ -n "$pid" ]] && roles+=("$role") && pids+=("$pid")
  done < <(cpu_roles "$name")
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

# The median over the given <run>-cpu.txt files of each process's cores, on one line after label.
cpu_medians() { # label file...
  local label="$1"
  shift
  cat "$@" 2>/dev/null | awk -v label="$label" '
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
}

# The end of a benchmark: the waits for other builds and the runs repeated, if any, to table.md;
# then where the results are.
bench_finish() {
  if [[ -f "$OUT/waits.txt" ]]; then
    {
      echo
      echo "Other builds and tests (waits, runs repeated):"
      cat "$OUT/waits.txt"
    } | tee -a "$OUT/table.md"
  fi
  echo
  log "results in $OUT"
}

# The machine, the JVM and the commit, to environment.txt; further lines from stdin.
write_environment() {
  {
    echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit:      $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "cpu:         $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1) x $(nproc)"
    echo "memory:      $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "java:        $("$JAVA" -version 2>&1 | head -1)"
    cat
    [[ -n "${TRIBUTARY_JAVA_OPTS:-}" ]] && echo "hub JVM:     TRIBUTARY_JAVA_OPTS=$TRIBUTARY_JAVA_OPTS"
    true
  } | tee "$OUT/environment.txt"
}
