#!/usr/bin/env python3
"""tx-saturation --permutations N --seed S, drawn again in Python.

usage: saturation-perm.py N SEED CODINGS.tsv
Prints position, mean, lower, upper as tx-saturation does (its cumulative
column left out), from its own splitmix64, rejection draw, Fisher-Yates
shuffle and R's type 7 quantiles, so that tests/tx-saturation.bats checks
the tool against an implementation that shares no code with it. Documents
in input order; every row is the one coder's.
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
perm=list(range(len(docs))); vals=[[] for _ in docs]
for r in range(n):
    for i in range(len(docs),1,-1):
        j=below(i); perm[i-1],perm[j]=perm[j],perm[i-1]
    seen=set()
    for i,d in enumerate(perm):
        seen|=docs[d]; vals[i].append(len(seen))
def q(v,p):
    v=sorted(v); h=(len(v)-1)*p; lo=math.floor(h); hi=min(lo+1,len(v)-1)
    return v[lo]+(h-lo)*(v[hi]-v[lo])
for i,v in enumerate(vals):
    print("%d\t%.6g\t%.6g\t%.6g"%(i+1,sum(v)/len(v),q(v,.025),q(v,.975)))
