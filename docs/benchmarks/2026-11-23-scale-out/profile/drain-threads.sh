#!/usr/bin/env bash
# Waits for the load generator of a run to end, then measures for 15 s the CPU of the hub's
# threads (by name), of PostgreSQL's processes and of the broker, from /proc.
out="$1"
while ! pgrep -f 'io.tributary.bench.LoadGenerator' >/dev/null; do sleep 0.2; done
while pgrep -f 'io.tributary.bench.LoadGenerator' >/dev/null; do sleep 0.2; done
sleep 1
hub=$(pgrep -f 'tributary-server.jar' | head -1)
snap() {
  for t in /proc/$hub/task/*; do
    s=$(cat $t/stat 2>/dev/null) || continue; r=${s##*) }; read -r -a f <<<"$r"
    echo "hub:$(tr " " _ <$t/comm) $((f[11]+f[12]))"
  done
  for p in $(pgrep -x postgres); do
    s=$(cat /proc/$p/stat 2>/dev/null) || continue; r=${s##*) }; read -r -a f <<<"$r"
    echo "postgres:$(tr '\0 ' '__' </proc/$p/cmdline | cut -c1-48) $((f[11]+f[12]))"
  done
  for p in $(pgrep -f KafkaBrokerMain); do
    s=$(cat /proc/$p/stat); r=${s##*) }; read -r -a f <<<"$r"; echo "kafka-broker $((f[11]+f[12]))"
  done
  awk '/^cpu /{print "machine-busy", $2+$3+$4+$7+$8+$9}' /proc/stat
}
snap > /tmp/snap0; t0=$(date +%s%N); sleep 15; snap > /tmp/snap1; t1=$(date +%s%N)
awk -v secs=$(( (t1-t0)/1000000 )) 'NR==FNR { a[$1]+=$2; next } { b[$1]+=$2 } END { for (k in b) { d=b[k]-a[k]; if (d>0) printf "%-55s %.2f cores\n", k, d/100/(secs/1000) } }' /tmp/snap0 /tmp/snap1 | sort -k2 -t: | sort -k2 -rn -t' ' > "$out"
