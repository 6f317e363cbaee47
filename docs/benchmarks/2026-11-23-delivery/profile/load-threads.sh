#!/usr/bin/env bash
# Run beside run-delivery-bench.sh: once the load generator of a run has started, waits for its
# warm-up (first argument, seconds) and 3 s more, then measures for 15 s the CPU of the hub's
# threads from /proc, by thread name (digits folded: HttpClient-1-Worker-7 counts as
# HttpClient-N-Worker-N), and of the whole machine. Writes "name cores" lines to the file given
# second, busiest first.
warmup="$1"
out="$2"
while ! pgrep -f 'io.tributary.bench.LoadGenerator' >/dev/null; do sleep 0.2; done
sleep $((warmup + 3))
hub=$(pgrep -f 'io.tributary.server.cli.Main serve' | head -1)
snap() {
  for t in "/proc/$hub"/task/*; do
    s=$(cat "$t/stat" 2>/dev/null) || continue
    r=${s##*) }
    read -r -a f <<<"$r"
    echo "hub:$(tr ' ' _ <"$t/comm" | sed 's/[0-9][0-9]*/N/g') $((f[11] + f[12]))"
  done
  awk '/^cpu /{print "machine-busy", $2+$3+$4+$7+$8+$9}' /proc/stat
}
snap >"$out.0"
t0=$(date +%s%N)
sleep 15
snap >"$out.1"
t1=$(date +%s%N)
awk -v ms=$(((t1 - t0) / 1000000)) -v hz="$(getconf CLK_TCK)" '
  NR == FNR { a[$1] += $2; next }
  { b[$1] += $2 }
  END { for (k in b) { d = b[k] - a[k]; if (d > 0) printf "%-40s %.2f cores\n", k, d / hz / (ms / 1000) } }' \
  "$out.0" "$out.1" | sort -k2 -rn >"$out"
rm -f "$out.0" "$out.1"
