#!/usr/bin/env python3
# Young collections of a hub GC log (-Xlog:gc:file=...:uptime) between uptime 22 s and 44 s (the
# measured phase of a run-ingest-bench.sh run with its default 20 s warm-up): count, interval,
# allocation rate (eden filled between collections) and pause times. Usage: gc-summary.py LOG...
import re,sys
for f in sys.argv[1:]:
    ev=[]
    for l in open(f):
        m=re.search(r'\[([\d.]+)s\].*Pause Young.* (\d+)M->(\d+)M\(\d+M\) ([\d.]+)ms',l)
        if m: ev.append((float(m.group(1)),int(m.group(2)),int(m.group(3)),float(m.group(4))))
    w=[e for e in ev if 22<=e[0]<=44]
    if len(w)<2: print(f,'too few'); continue
    alloc=sum(w[i][1]-w[i-1][2] for i in range(1,len(w)))
    span=w[-1][0]-w[0][0]
    pauses=sorted(e[3] for e in w)
    print("%-22s GCs %2d in 22-44s  interval %.2fs  alloc %.0f MB/s  pause median %.1f max %.1f sum %.0f ms"%(f.split('/')[-1],len(w),span/(len(w)-1),alloc/span,pauses[len(pauses)//2],pauses[-1],sum(pauses)))
