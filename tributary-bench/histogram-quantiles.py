#!/usr/bin/env python3
"""Quantiles of the hub's Prometheus histograms from the metrics a benchmark run saved.

Usage: tributary-bench/histogram-quantiles.py RUN-DIR/NAME [METRIC ...]
  reads NAME-metrics-1.txt (saved after the load) and, when there, NAME-metrics-start-1.txt (saved
  about when the measured phase began) and subtracts it, so the figures cover the measured phase
  and the drain, without the warm-up. By default: the log's writes, the processor's transactions,
  ingest to visible and ingest requests.

A quantile is given as the upper bound of the bucket it falls in: Micrometer's buckets are 10-40 %
apart, so read these as "at most", to compare steps with each other, not as exact values.
"""
import math
import os
import re
import sys

DEFAULT = [
    "tributary_log_write_seconds",
    "tributary_processor_transaction_seconds",
    "tributary_ingest_to_visible_seconds",
    'tributary_ingest_request_seconds{endpoint="batch"',
]


def buckets(path, name):
    """Cumulative counts by upper bound of one histogram (the first series whose name starts so)."""
    found = {}
    if not os.path.exists(path):
        return found
    base, _, labels = name.partition("{")
    for line in open(path):
        m = re.match(re.escape(base) + r'_bucket\{(.*)\} ([0-9.eE+]+)$', line.strip())
        if not m or (labels and not m.group(1).startswith(labels)):
            continue
        le = re.search(r'le="([^"]+)"', m.group(1)).group(1)
        bound = math.inf if le == "+Inf" else float(le)
        found.setdefault(bound, float(m.group(2)))
    return found


def quantile(counts, q):
    total = counts[-1][1]
    for bound, count in counts:
        if count >= q * total:
            return bound
    return math.inf


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    run = argv[1]
    names = argv[2:] or DEFAULT
    for name in names:
        end = buckets(run + "-metrics-1.txt", name)
        start = buckets(run + "-metrics-start-1.txt", name)
        counts = sorted((b, c - start.get(b, 0.0)) for b, c in end.items())
        if not counts or counts[-1][1] <= 0:
            print(f"{name}: no observations")
            continue
        parts = [f"p{label} <= {quantile(counts, q) * 1000:.1f} ms" for label, q in (("50", 0.5), ("90", 0.9), ("99", 0.99), ("99.9", 0.999))]
        scope = "measured phase and drain" if start else "whole run"
        shown = name + "}" if "{" in name else name
        print(f"{shown} ({scope}): n={int(counts[-1][1])}  " + "  ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
