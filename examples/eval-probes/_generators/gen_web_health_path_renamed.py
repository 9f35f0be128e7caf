"""web-health-path-renamed: web 3.2.0 drops /healthz; HAProxy marks every server down and answers 503; web logs no error.

Written by the lead, who knows the analyzer: a regression guard, not a blind case."""
import random,datetime as dt
from probe import case_dir, iso, write_case
R=random.Random(5)
base=dt.datetime(2026,6,2,15,0,0)
out=case_dir('web-health-path-renamed')
dep=base+dt.timedelta(minutes=29,seconds=40)
lb=[];web=[];api=[]
def H(t,msg): lb.append((t,'%s lb-1 haproxy[2211]: %s'%(t.strftime('%b %d %H:%M:%S'),msg)))
servers=['web-1','web-2','web-3']
down={}
for i,s in enumerate(servers):
    down[s]=dep+dt.timedelta(seconds=20+25*i)+dt.timedelta(seconds=6)
t=base
while t<base+dt.timedelta(minutes=55):
    t+=dt.timedelta(seconds=R.uniform(0.2,0.9))
    up=[s for s in servers if t<down[s]]
    path=R.choice(['/','/products','/cart','/static/app.js','/account'])
    if up:
        s=R.choice(up); st=200
        H(t,'10.0.%d.%d:%d [%s] fe_https~ be_web/%s 0/0/1/%d/%d %d %d - - ---- 120/120/3/1/0 0/0 "GET %s HTTP/1.1"'%(R.randint(0,9),R.randint(2,250),R.randint(30000,60000),t.strftime('%d/%b/%Y:%H:%M:%S.')+'%03d'%(t.microsecond//1000),s,R.randint(5,60),R.randint(6,70),st,R.randint(300,9000),path))
    else:
        H(t,'10.0.%d.%d:%d [%s] fe_https~ be_web/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 80/80/0/0/0 0/0 "GET %s HTTP/1.1"'%(R.randint(0,9),R.randint(2,250),R.randint(30000,60000),t.strftime('%d/%b/%Y:%H:%M:%S.')+'%03d'%(t.microsecond//1000),path))
for s in servers:
    H(down[s],'Server be_web/%s is DOWN, reason: Layer7 wrong status, code: 404, info: "Not Found", check duration: 3ms. %d active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.'%(s,len([x for x in servers if down[x]>down[s]])))
H(max(down.values()),'backend be_web has no server available!')
for m in range(0,55,9):
    H(base+dt.timedelta(minutes=m,seconds=13),'Server be_api/api-2 is DOWN, reason: Layer4 timeout, check duration: 2001ms. 1 active and 0 backup servers left.' )
    H(base+dt.timedelta(minutes=m,seconds=43),'Server be_api/api-2 is UP, reason: Layer7 check passed, code: 200, check duration: 4ms. 2 active and 0 backup servers up.')
lb.sort()
# web: gunicorn/flask style; deploy at dep: new version; after that health checks to /healthz 404 (route renamed to /health/live)
t=base
web.append((base,'[%s] [1] [INFO] Starting gunicorn 22.0.0 version=3.1.4'%base.strftime('%Y-%m-%d %H:%M:%S +0000')))
while t<base+dt.timedelta(minutes=55):
    t+=dt.timedelta(seconds=2)
    v='3.2.0' if t>dep else '3.1.4'
    code=404 if t>dep+dt.timedelta(seconds=20) else 200
    web.append((t,'10.0.1.5 - - [%s] "GET /healthz HTTP/1.1" %d %d "-" "HAProxy health check"'%(t.strftime('%d/%b/%Y:%H:%M:%S +0000'),code,2 if code==200 else 207)))
web.append((dep,'[%s] [1] [INFO] Handling signal: hup'%dep.strftime('%Y-%m-%d %H:%M:%S +0000')))
web.append((dep+dt.timedelta(seconds=1),'[%s] [1] [INFO] Hang up: Master (deploy web 3.1.4 -> 3.2.0)'%(dep+dt.timedelta(seconds=1)).strftime('%Y-%m-%d %H:%M:%S +0000')))
for m in range(0,55,6):
    tt=base+dt.timedelta(minutes=m,seconds=R.randint(0,59))
    web.append((tt,'[%s] [12] [WARNING] worker timeout pid:%d (recycled)'%(tt.strftime('%Y-%m-%d %H:%M:%S +0000'),R.randint(100,999))))
# mobile-api (go logfmt) calls web via lb and fails
t=base
while t<base+dt.timedelta(minutes=55):
    t+=dt.timedelta(seconds=R.uniform(1,3))
    if t>min(down.values())+dt.timedelta(seconds=50):
        for a in range(3):
            tt=t+dt.timedelta(milliseconds=200*a)
            api.append((tt,'time=%s level=error msg="fetch storefront content failed" attempt=%d url=https://shop.example.com/products err="unexpected status 503 Service Unavailable"'%(iso(tt),a+1)))
    else:
        api.append((t,'time=%s level=info msg="fetched storefront content" took_ms=%d'%(iso(t),R.randint(20,90))))
write_case(out, [('lb-1.log',lb),('web.log',web),('mobile-api.log',api)],
           {"source":"generic","service":"lb-1","title":"be_web has no server available","severity":"critical","fingerprint":"lbw","startsAt":iso(max(down.values())+dt.timedelta(minutes=1)),"labels":{}},
           {"root_cause":{"service":"web","component":"health route renamed in 3.2.0","error_type":None,"file":None},"category":"deploy","symptoms":[{"service": "lb-1", "error_type": None}, {"service": "mobile-api", "error_type": None}],"why":"web 3.2.0 (deployed 15:29:40) no longer serves /healthz, so lb-1's Layer7 health checks get 404 and take web-1, web-2 and web-3 out one by one until be_web has no server; the balancer answers 503 and mobile-api's fetches fail three times each. web itself logs no error.","frequency_baseline":{"service":"mobile-api","error_type":None}})
