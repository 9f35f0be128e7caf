"""search-api-liveness-restarts: search-api 7.4.0 warms 48 index shards at start, longer than its liveness probe allows; kubelet kills every new pod before it serves. Its pods' random suffixes are written outside Kubernetes' generated alphabet.

Written by the lead, who knows the analyzer: a regression guard, not a blind case."""
import random,datetime as dt
from probe import case_dir, iso, write_case
R=random.Random(61)
base=dt.datetime(2026,10,5,8,0,0)
out=case_dir('search-api-liveness-restarts')
dep=base+dt.timedelta(minutes=20,seconds=5)
ev=[];sa=[];web=[];ng=[]
def E(t,typ,reason,obj,msg): ev.append((t,'%s  %-7s  %-18s %-40s %s'%(t.strftime('%Y-%m-%dT%H:%M:%SZ'),typ,reason,obj,msg)))
def S(t,lvl,logger,msg,ver): sa.append((t,'%s %-5s 1 --- [search-api] [main] %s : %s [version=%s]'%(iso(t),lvl,logger,msg,ver)))
# old pods serve
for i in range(0,20*60,11):
    t=base+dt.timedelta(seconds=i)
    S(t,'INFO','c.a.search.SearchController','GET /search q=%d took %dms'%(R.randint(1,999),R.randint(10,80)),'7.3.1')
E(dep,'Normal','ScalingReplicaSet','deployment/search-api','Scaled up replica set search-api-5f6d7c8b9 to 3')
E(dep,'Normal','ScalingReplicaSet','deployment/search-api','Scaled down replica set search-api-79c8d6f5b to 0')
pods=['k4m2p','q7r9s','w3x5z']
for p in pods:
    pod='pod/search-api-5f6d7c8b9-'+p
    t=dep+dt.timedelta(seconds=2)
    for k in range(8):
        E(t,'Normal','Started',pod,'Started container search-api')
        S(t+dt.timedelta(seconds=1),'INFO','c.a.search.SearchApplication','Starting SearchApplication v7.4.0 using Java 21','7.4.0')
        S(t+dt.timedelta(seconds=3),'INFO','c.a.search.index.IndexWarmer','warming 48 index shards into memory (new in 7.4.0)','7.4.0')
        for j in range(3):
            E(t+dt.timedelta(seconds=30+10*j),'Warning','Unhealthy',pod,'Liveness probe failed: Get "http://10.4.1.%d:8080/actuator/health/liveness": dial tcp 10.4.1.%d:8080: connect: connection refused'%(R.randint(2,250),R.randint(2,250)))
        E(t+dt.timedelta(seconds=51),'Normal','Killing',pod,'Container search-api failed liveness probe, will be restarted')
        S(t+dt.timedelta(seconds=40),'INFO','c.a.search.index.IndexWarmer','warmed %d/48 shards'%R.randint(20,30),'7.4.0')
        t=t+dt.timedelta(seconds=52+min(300,10*2**k))
        E(t-dt.timedelta(seconds=5),'Warning','BackOff',pod,'Back-off restarting failed container search-api in pod search-api-5f6d7c8b9-%s'%p)
for m in range(0,55,7):
    E(base+dt.timedelta(minutes=m,seconds=R.randint(0,59)),'Warning','Unhealthy','pod/web-6d7f8c9b5-h2j4k','Readiness probe failed: HTTP probe failed with statuscode: 503')
t=base
while t<base+dt.timedelta(minutes=55):
    t+=dt.timedelta(seconds=R.uniform(0.8,2.5))
    if t>dep+dt.timedelta(seconds=20):
        web.append((t,'%s ERROR [web] search proxy failed: upstream connect error or disconnect/reset before headers. reset reason: connection failure (search-api:8080)\nTraceback (most recent call last):\n  File "/app/web/search.py", line 33, in proxy\n    r.raise_for_status()\nrequests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: http://search-api:8080/search'%t.strftime('%Y-%m-%d %H:%M:%S,%f')[:-3]))
        ng.append((t,'[%s] "GET /search?q=x HTTP/1.1" 503 UF 0 91 2 - "10.0.0.1" "Mozilla/5.0" "%s" "shop.example.com" "10.4.1.7:8080"'%(iso(t),'%08x-%04x'%(R.getrandbits(32),R.getrandbits(16)))))
    else:
        web.append((t,'%s INFO [web] GET /search 200'%t.strftime('%Y-%m-%d %H:%M:%S,%f')[:-3]))
        ng.append((t,'[%s] "GET /search?q=x HTTP/1.1" 200 - 0 1291 35 33 "10.0.0.1" "Mozilla/5.0" "%s" "shop.example.com" "10.4.1.7:8080"'%(iso(t),'%08x-%04x'%(R.getrandbits(32),R.getrandbits(16)))))
    if R.random()<0.01:
        web.append((t,'%s WARNING [web.cache] template cache miss rate high'%t.strftime('%Y-%m-%d %H:%M:%S,%f')[:-3]))
write_case(out, [('k8s-events.log',ev),('search-api.log',sa),('web.log',web),('edge-envoy.log',ng)],
           {"source":"generic","service":"web","title":"search down","severity":"critical","fingerprint":"sd","startsAt":iso(dep+dt.timedelta(minutes=4)),"labels":{}},
           {"root_cause":{"service":"search-api","component":"7.4.0 index warm-up at start outlasts the liveness probe","error_type":None,"file":None},"category":"deploy","symptoms":[{"service":"web","error_type":"HTTPError"},{"service":"edge-envoy","error_type":None}],"why":"search-api 7.4.0 (08:20) warms its index shards at start for longer than the liveness probe waits, so kubelet kills each new pod after three failed probes and backs off; with the old replica set scaled to 0 nothing serves search, edge-envoy answers 503 and web fails every search. search-api logs no error of its own.","frequency_baseline":{"service":"edge-envoy","error_type":"HTTP_503"}})
