import json, sys, glob, re, os
d = sys.argv[1]
out = d + '/out'
s = json.load(open(glob.glob(out + '/*-sinks.json')[0]))
t0 = s['fromEpochMicros'] // 1000
w = s['sinks'][0]['worstPerSliceMs']
events = []
for l in open(glob.glob(out + '/*-server.log')[0]):
    if l.startswith('DIAG'):
        p = l.split(None, 2)
        events.append((int(p[1]), 'hub ' + p[2].strip()))
for f in glob.glob(d + '/gc-*.log') + glob.glob(d + '/bench-gc-*.log'):
    who = 'hubGC' if os.path.basename(f).startswith('gc-') else 'benchGC-' + f.split('-')[-1].split('.')[0]
    for l in open(f):
        m = re.match(r'\[(\d+)ms\].*Pause.* ([\d.]+)ms$', l.strip())
        if m and float(m.group(2)) > 3:
            events.append((int(m.group(1)), '%s pause %s ms' % (who, m.group(2))))
events.sort()
bad = [i for i, x in enumerate(w) if x > 60]
print('bad slices', [(i, int(w[i])) for i in bad])
groups = []
for i in bad:
    if groups and i - groups[-1][-1] <= 3:
        groups[-1].append(i)
    else:
        groups.append([i])
for g in groups:
    a = t0 + g[0] * 100 - 400; b = t0 + g[-1] * 100 + 200
    print('--- slices %s worst %s' % (g, [int(w[i]) for i in g]))
    for ts, e in events:
        if a <= ts <= b and 'ckpt state' not in e:
            print('  %6.2f %s' % ((ts - t0) / 1000, e))
