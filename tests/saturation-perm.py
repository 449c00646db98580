#!/usr/bin/env python3
"""tx-saturation --permutations N --seed S, drawn again in Python.

usage: saturation-perm.py N SEED CODINGS.tsv [BASE RUN THRESHOLD]
Prints position, mean, lower, upper as tx-saturation does (its cumulative
column left out), from its own splitmix64, rejection draw, Fisher-Yates
shuffle and R's type 7 quantiles, so that tests/tx-saturation.bats checks
the tool against an implementation that shares no code with it. With
BASE RUN THRESHOLD, the --summary columns instead: permutations, reached,
median, lower, upper of the saturation points (Guest, Namey and Chen's
rule: new codes in a run / the base's codes, at or under the threshold;
saturation at the documents before the run). Documents in input order;
every row is the one coder's.
"""
import sys, math
M=(1<<64)-1
def mix(z):
    z=((z^(z>>30))*0xbf58476d1ce4e5b9)&M
    z=((z^(z>>27))*0x94d049bb133111eb)&M
    return z^(z>>31)
state=int(sys.argv[2]); n=int(sys.argv[1])
def nxt():
    global state
    state=(state+0x9e3779b97f4a7c15)&M
    return mix(state)
def below(m):
    least=((1<<64)-m)%m
    while True:
        x=nxt()
        if x>=least: return x%m
docs=[];ids={}
for line in open(sys.argv[3]).read().splitlines()[1:]:
    f=line.split('\t')
    if f[0] not in ids: ids[f[0]]=len(docs); docs.append(set())
    if f[3]: docs[ids[f[0]]].add(f[3])
summary = len(sys.argv) > 4
if summary:
    base, run, threshold = int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
def saturation_point(cum):
    if len(cum) < base or cum[base-1] == 0:
        return None
    for start in range(base + 1, len(cum) - run + 2):   # runs start..start+run-1, 1-based
        new = cum[start + run - 2] - cum[start - 2]
        if 100.0 * new / cum[base-1] <= threshold + 1e-9:
            return start - 1
    return None
perm=list(range(len(docs))); vals=[[] for _ in docs]; points=[]
for r in range(n):
    for i in range(len(docs),1,-1):
        j=below(i); perm[i-1],perm[j]=perm[j],perm[i-1]
    seen=set(); cum=[]
    for i,d in enumerate(perm):
        seen|=docs[d]; vals[i].append(len(seen)); cum.append(len(seen))
    if summary:
        p=saturation_point(cum)
        if p is not None: points.append(p)
def q(v,p):
    v=sorted(v); h=(len(v)-1)*p; lo=math.floor(h); hi=min(lo+1,len(v)-1)
    return v[lo]+(h-lo)*(v[hi]-v[lo])
if summary:
    if points:
        print("%d\t%d\t%.6g\t%.6g\t%.6g"%(n,len(points),q(points,.5),q(points,.025),q(points,.975)))
    else:
        print("%d\t0\t\t\t"%n)
    sys.exit(0)
for i,v in enumerate(vals):
    print("%d\t%.6g\t%.6g\t%.6g"%(i+1,sum(v)/len(v),q(v,.025),q(v,.975)))
