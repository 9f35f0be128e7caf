"""notify-crashloop-missing-env: a Node release reads an environment variable the deployment lacks and dies at every start; kubelet backs off; orders gets connection refused. Right at its first run.

Written by the lead, who knows the analyzer: a regression guard, not a blind case."""
import random,json,datetime as dt
from probe import case_dir, iso, write_case
R=random.Random(97)
base=dt.datetime(2026,11,10,15,0,0)
out=case_dir('notify-crashloop-missing-env')
dep=base+dt.timedelta(minutes=18,seconds=30)
ev=[];nt=[];ord_=[]
def E(t,typ,reason,obj,msg): ev.append((t,'%s  %-7s  %-18s %-42s %s'%(t.strftime('%Y-%m-%dT%H:%M:%SZ'),typ,reason,obj,msg)))
for i in range(0,18*60,9):
    t=base+dt.timedelta(seconds=i)
    nt.append((t,'[%s] INFO notify: sent %s to user u_%06d'%(iso(t),R.choice(['email','push','sms']),R.randint(1,999999))))
E(dep,'Normal','ScalingReplicaSet','deployment/notify','Scaled up replica set notify-7c9d8b6f5 to 2')
E(dep+dt.timedelta(seconds=1),'Normal','ScalingReplicaSet','deployment/notify','Scaled down replica set notify-5d8c7b9f4 to 0')
for p in ['bq7xk','tz4mw']:
    pod='pod/notify-7c9d8b6f5-'+p
    t=dep+dt.timedelta(seconds=3)
    for k in range(9):
        E(t,'Normal','Started',pod,'Started container notify')
        nt.append((t+dt.timedelta(seconds=1),'[%s] INFO notify: starting notify 2.8.0 (node v20.11.1)'%iso(t+dt.timedelta(seconds=1))))
        nt.append((t+dt.timedelta(seconds=2),'[%s] FATAL notify: uncaught exception, exiting\nTypeError: Cannot read properties of undefined (reading \'split\')\n    at parseProviders (/app/src/config.js:31:44)\n    at Object.<anonymous> (/app/src/index.js:12:19)\n    at Module._compile (node:internal/modules/cjs/loader:1376:14)'%iso(t+dt.timedelta(seconds=2))))
        t2=t+dt.timedelta(seconds=3)
        E(t2,'Warning','BackOff',pod,'Back-off restarting failed container notify in pod notify-7c9d8b6f5-%s'%p)
        t=t2+dt.timedelta(seconds=min(300,10*2**k))
t=base
while t<base+dt.timedelta(minutes=50):
    t+=dt.timedelta(seconds=R.uniform(1,3))
    if t>dep+dt.timedelta(seconds=4):
        for a in range(3):
            tt=t+dt.timedelta(milliseconds=400*a)
            ord_.append((tt,json.dumps({"ts":iso(tt),"level":"ERROR","service":"orders","message":"order confirmation not sent (attempt %d/3): connect ECONNREFUSED notify.shop.svc:3000"%(a+1),"error_type":"NotificationError","caused_by":"Error: connect ECONNREFUSED 10.96.7.21:3000"})))
    else:
        ord_.append((t,json.dumps({"ts":iso(t),"level":"INFO","service":"orders","message":"order confirmed"})))
    if R.random()<0.01:
        ord_.append((t,json.dumps({"ts":iso(t),"level":"WARN","service":"orders","message":"slow inventory reservation 1.4s"})))
write_case(out, [('k8s-events.log',ev),('notify.log',nt),('orders.jsonl',ord_)],
           {"source":"generic","service":"orders","title":"confirmations failing","severity":"critical","fingerprint":"n","startsAt":iso(dep+dt.timedelta(minutes=4)),"labels":{}},
           {"root_cause":{"service":"notify","component":"2.8.0 reads PROVIDERS env var that the deployment does not set","error_type":"TypeError","file":None},"category":"config","symptoms":[{"service":"orders","error_type":"NotificationError"}],"why":"notify 2.8.0 (15:18:30) parses a PROVIDERS variable the deployment does not set, so every start dies with TypeError before listening and kubelet backs off; with the old replica set gone, orders cannot reach notify (ECONNREFUSED) and fails every confirmation three times.","frequency_baseline":{"service":"orders","error_type":"NotificationError"}})
