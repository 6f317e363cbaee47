#!/usr/bin/env python3
"""Summarises a flight recording of the hub delivering to webhooks, per group of threads.

Input: the output of
    jfr print --stack-depth 64 --events jdk.ExecutionSample,jdk.JavaMonitorEnter <file.jfr>

Prints: the share of Java execution samples per group of threads and the top frames of the
busiest groups; for the processor, the share of its samples in parts of the delivery path; and
for jdk.JavaMonitorEnter (a thread blocked on a monitor for longer than the recording's
threshold, 10 ms with settings=profile) the time each group spent blocked, on which monitor, and
which threads held it before. Blocked time is summed over threads, so three threads blocked for
the whole of a 15 s recording add up to 45 s.
"""
import collections
import re
import sys

FRAME = re.compile(r'^\s{4}(\S.*?)(?:\s+line: \d+)?$', re.M)
UNITS = {'ns': 1e-6, 'us': 1e-3, 'ms': 1.0, 's': 1000.0, 'min': 60000.0}


def group(thread, virtual):
    if thread.startswith('processor-'):
        return 'processor'
    if thread.startswith('delivery-housekeeper'):
        return 'delivery housekeeper'
    if thread.startswith('delivery-'):
        return 'delivery dispatch threads (one per destination)'
    if thread.endswith('WebServer socket'):
        return 'ingest HTTP connections (Helidon)'
    if thread.startswith('HttpClient-'):
        return 'webhook HTTP client (JDK HttpClient threads)'
    if virtual and thread == '':
        return 'webhook sends (virtual threads)'
    if thread.startswith('ForkJoinPool'):
        return 'virtual-thread carriers'
    return thread


def frames_of(body):
    if 'stackTrace = [' not in body:
        return []
    return [f for f in FRAME.findall(body.split('stackTrace = [', 1)[1]) if f not in (']', '...')]


def millis(text):
    value, unit = text.split()
    return float(value) * UNITS[unit]


def main(path):
    text = open(path, encoding='utf-8').read()
    java = collections.Counter()
    top = collections.defaultdict(collections.Counter)
    stacks = collections.defaultdict(list)
    blocked = collections.Counter()
    blocked_count = collections.Counter()
    owners = collections.defaultdict(collections.Counter)
    times = []
    for kind, body in re.findall(r'(jdk\.\w+) \{(.*?)\n\}', text, re.S):
        m = re.search(r'(?:sampledThread|eventThread) = "(.*?)"( \([^)]*virtual\))?', body)
        g = group(m.group(1), bool(m.group(2))) if m else '?'
        start = re.search(r'startTime = (\d\d):(\d\d):([\d.]+)', body)
        if start:
            times.append(int(start.group(1)) * 3600 + int(start.group(2)) * 60 + float(start.group(3)))
        frames = frames_of(body)
        if kind == 'jdk.ExecutionSample':
            java[g] += 1
            if frames:
                top[g][frames[0]] += 1
            stacks[g].append(frames)
        elif kind == 'jdk.JavaMonitorEnter':
            monitor = re.search(r'monitorClass = (\S+)', body).group(1)
            key = (g, monitor)
            blocked[key] += millis(re.search(r'duration = (.*)', body).group(1))
            blocked_count[key] += 1
            previous = re.search(r'previousOwner = "(.*?)"', body)
            owners[key][group(previous.group(1), False) if previous else '?'] += 1

    span = max(times) - min(times) if times else 0
    total = sum(java.values())
    print(f'recording span: {span:.1f} s; jdk.ExecutionSample: {total} samples of threads running Java code')
    for g, n in java.most_common(10):
        print(f'  {100 * n / total:5.1f} %  {g} ({n})')
    for g in [g for g, _ in java.most_common(4)]:
        print(f'\n{g}: top frames, of {java[g]} samples')
        for f, n in top[g].most_common(10):
            print(f'  {100 * n / java[g]:5.1f} %  {f}')

    def containing(g, categories):
        n = len(stacks[g])
        if n < 20:
            return
        print(f'\n{g}: samples whose stack contains (categories overlap), of {n}')
        for label, pattern, *without in categories:
            hits = sum(1 for fr in stacks[g]
                       if any(re.search(pattern, f) for f in fr)
                       and not any(re.search(w, f) for w in without for f in fr))
            print(f'  {100 * hits / n:5.1f} %  {label}')

    containing('processor', [
        ('processing the event (identity resolution, profile: EventProcessor)', r'EventProcessor'),
        ('the outbox step beyond processing (OutboxStep.apply, not in EventProcessor)',
         r'OutboxStep\.apply', r'EventProcessor'),
        ('  building the delivery input (event and profile as JSON)', r'DeliveryInput\.<init>'),
        ('  making the payloads (Destination.payload)', r'Destination\.payload'),
        ('  writing outbox rows', r'enqueue|JdbcOutbox|OutboxColumns'),
        ('state store transaction commit and flush', r'JdbcStateTransaction\.flush|SQLiteConnection\.commit'),
        ('waking the delivery workers', r'DeliveryEngine\.wake'),
    ])
    containing('delivery dispatch threads (one per destination)', [
        ('settling outcomes (JdbcOutbox.settle)', r'JdbcOutbox\.settle'),
        ('reading the outbox (JdbcOutbox.pending)', r'JdbcOutbox\.pending'),
        ('lastHeldId (scan of the held messages)', r'lastHeldId'),
        ('removing a sent message from its lane queue', r'removeHead|replaceHead'),
    ])

    if blocked:
        print('\nblocked on monitors (jdk.JavaMonitorEnter), summed over threads:')
        for key, ms in sorted(blocked.items(), key=lambda kv: -kv[1])[:8]:
            g, monitor = key
            share = f', {100 * ms / 1000 / span:.0f} % of the span' if span else ''
            print(f'  {ms / 1000:7.1f} s in {blocked_count[key]:5d} waits  {g} on {monitor}{share}')
            for owner, n in owners[key].most_common(4):
                print(f'            held before by {owner}: {n}')


if __name__ == '__main__':
    main(sys.argv[1])
