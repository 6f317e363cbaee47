#!/usr/bin/env python3
"""Summarises the samples of a flight recording of the hub, per group of threads.

Input: the output of
    jfr print --stack-depth 64 --events jdk.ExecutionSample,jdk.NativeMethodSample <file.jfr>

Prints, for jdk.ExecutionSample (threads running Java code): the share of each group of threads,
the most frequent top frames of the busiest groups, and for the processor and the HTTP connections
the share of samples whose stack contains certain code. For jdk.NativeMethodSample it prints only
where the processor thread was in native code: JFR takes one native sample per period across all
threads, so these counts are no measure of time.
"""
import collections
import re
import sys

FRAME = re.compile(r'^\s{4}(\S.*?)(?:\s+line: \d+)?$', re.M)


def group(thread):
    if thread.startswith('processor-'):
        return 'processor'
    if thread.endswith('WebServer socket'):
        return 'HTTP connections (Helidon)'
    if 'kafka-producer' in thread:
        return 'Kafka producer I/O'
    if thread.startswith('ForkJoinPool'):
        return 'virtual-thread carriers'
    return thread


def frames_of(body):
    if 'stackTrace = [' not in body:
        return []
    return [f for f in FRAME.findall(body.split('stackTrace = [', 1)[1]) if f not in (']', '...')]


def main(path):
    text = open(path, encoding='utf-8').read()
    java = collections.Counter()
    top = collections.defaultdict(collections.Counter)
    stacks = collections.defaultdict(list)
    processor_native = collections.Counter()
    for kind, body in re.findall(r'(jdk\.\w+) \{(.*?)\n\}', text, re.S):
        m = re.search(r'sampledThread = "(.*?)"', body)
        g = group(m.group(1) if m else '?')
        frames = frames_of(body)
        if kind == 'jdk.ExecutionSample':
            java[g] += 1
            if frames:
                top[g][frames[0]] += 1
            stacks[g].append(frames)
        elif kind == 'jdk.NativeMethodSample' and g == 'processor' and frames:
            waits_on = next((f for f in frames if f.startswith(('org.postgresql', 'org.apache.kafka'))), '?')
            processor_native[f'{frames[0]}  <- {waits_on}'] += 1

    total = sum(java.values())
    print(f'jdk.ExecutionSample: {total} samples of threads running Java code')
    for g, n in java.most_common(8):
        print(f'  {100 * n / total:5.1f} %  {g} ({n})')
    for g in [g for g, _ in java.most_common(3)]:
        print(f'\n{g}: top frames, of {java[g]} samples')
        for f, n in top[g].most_common(12):
            print(f'  {100 * n / java[g]:5.1f} %  {f}')

    def containing(g, categories):
        n = len(stacks[g])
        if n < 20:
            return
        print(f'\n{g}: samples whose stack contains (categories overlap), of {n}')
        for label, pattern in categories:
            hits = sum(1 for fr in stacks[g] if any(re.search(pattern, f) for f in fr))
            print(f'  {100 * hits / n:5.1f} %  {label}')

    containing('processor', [
        ('state store transaction (io.tributary.jdbc.JdbcStateTransaction)', r'JdbcStateTransaction'),
        ('  writing profiles and timeline at the end (flush)', r'JdbcStateTransaction\.flush'),
        ('identity resolution (io.tributary.core.identity)', r'io\.tributary\.core\.identity\.'),
        ('PostgreSQL JDBC driver (org.postgresql)', r'^org\.postgresql\.'),
        ('decoding the log entry (EventCodec.decode)', r'EventCodec\.decode'),
        ('Jackson', r'^com\.fasterxml\.jackson'),
        ('phone numbers (libphonenumber)', r'phonenumbers'),
        ('Kafka consumer (org.apache.kafka)', r'^org\.apache\.kafka\.'),
    ])
    containing('HTTP connections (Helidon)', [
        ('Jackson', r'^com\.fasterxml\.jackson'),
        ('re-encoding events for the log (EventCodec.encode)', r'EventCodec\.encode'),
        ('Tributary validation and normalisation (io.tributary.core)', r'io\.tributary\.core\.'),
        ('Kafka producer send (org.apache.kafka)', r'^org\.apache\.kafka\.'),
    ])
    if processor_native:
        print(f'\nprocessor in native code: where ({sum(processor_native.values())} samples)')
        for f, n in processor_native.most_common(5):
            print(f'  {n:5d}  {f}')


if __name__ == '__main__':
    main(sys.argv[1])
