"""Slow 100 ms slices of a delivery run (worstPerSliceMs > 40 ms) beside the fsyncs (>= 3 ms) and
GC safepoints (>= 3 ms) around them. Usage, in this directory:
  python3 correlate.py healthy-5000-1-sinks.json fsyncs.perf.txt perf-start-epoch.txt gc.log
"""
import json,sys,re
sinks_file,perf_file,start_file,gc_file=sys.argv[1:5]
s=json.load(open(sinks_file)); start=s['fromEpochMicros']/1e6
p0=float(open(start_file).read())
ev=[]
for l in open(perf_file):
    m=re.match(r'\s*([\d.]+) \(\s*([\d.]+) ms\): (\S+)/(\d+) (?:(\w+)\(fd: (\d+)|\s*\.\.\. \[continued\]: (\w+))',l)
    if m:
        t=p0+float(m.group(1))/1000; d=float(m.group(2))
        if d>=3: ev.append((t,d,m.group(3),m.group(6) or '?'))
gc=[]
for l in open(gc_file):
    m=re.search(r'\[(\S+?)\+0000\].*Total: (\d+) ns',l)
    if m:
        import datetime
        t=datetime.datetime.strptime(m.group(1),"%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc).timestamp()
        d=int(m.group(2))/1e6
        if d>=3: gc.append((t,d))
w=s['sinks'][0]['worstPerSliceMs']
for i,v in enumerate(w):
    if v<=40: continue
    a=start+i*0.1; b=a+0.1
    near=[("%+d"%round((t-a)*1000),round(d,1),th,fd) for t,d,th,fd in ev if a-0.15<=t<b]
    g=[("%+d"%round((t-a)*1000),round(d,1)) for t,d in gc if a-0.15<=t<b]
    print(f"slice {i} worst {v} ms | fsyncs>=3ms near: {near} | gc: {g}")
