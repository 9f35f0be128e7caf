"""auth-host-clock-jump: the clock of the host auth-service runs on jumps 97 s ahead; the gateway rejects its tokens as not yet valid (WARN) and orders-api gets 401s.

Written by the lead, who knows the analyzer: a regression guard, not a blind case."""
import random,datetime as dt
from probe import case_dir, iso, write_case
R=random.Random(11)
base=dt.datetime(2026,4,14,9,0,0)
out=case_dir('auth-host-clock-jump')
jump=base+dt.timedelta(minutes=38,seconds=12)
skew=dt.timedelta(seconds=97)
host=[];auth=[];gw=[];orders=[];ev=[]
def J(t,prog,msg): host.append((t,'%s ip-10-0-3-17 %s: %s'%(t.strftime('%b %d %H:%M:%S'),prog,msg)))
for m in range(0,60,8):
    J(base+dt.timedelta(minutes=m,seconds=5),'chronyd[611]','Selected source 169.254.169.123 (169.254.169.123)' if m==0 else 'Source 169.254.169.123 replaced with 169.254.169.123')
for m in range(1,60,5):
    J(base+dt.timedelta(minutes=m,seconds=30),'kubelet[1204]','I0414 %s   1204 kubelet_getters.go:218] "Pod status updated" pod="shop/auth-service-7b9c5d6f8-r4t6y" status="Running"'%(base+dt.timedelta(minutes=m,seconds=30)).strftime('%H:%M:%S.%f'))
J(jump-dt.timedelta(seconds=1),'kernel','clocksource: timekeeping watchdog on CPU1: Marking clocksource \'tsc\' as unstable because the skew is too large:')
J(jump-dt.timedelta(seconds=1),'kernel','clocksource: Switched to clocksource hpet')
J(jump+skew,'chronyd[611]','Forward time jump detected!')
J(jump+skew+dt.timedelta(seconds=2),'chronyd[611]','Can\'t synchronise: no selectable sources')
for k in range(1,12):
    J(jump+skew+dt.timedelta(minutes=2*k),'chronyd[611]','Can\'t synchronise: no selectable sources')
host.sort()
# auth-service logfmt, on the host: timestamps jump with the host clock
t=base
while t<base+dt.timedelta(minutes=58):
    t+=dt.timedelta(seconds=R.uniform(1,3))
    shown=t+skew if t>=jump else t
    sub='u_%06d'%R.randint(1,999999)
    auth.append((t,'time=%s level=info msg="token issued" sub=%s aud=shop-api kid=2026-04 iat=%d exp=%d host=ip-10-0-3-17'%(shown.strftime('%Y-%m-%dT%H:%M:%S.')+'%03dZ'%(shown.microsecond//1000),sub,int(shown.replace(tzinfo=dt.timezone.utc).timestamp()),int(shown.replace(tzinfo=dt.timezone.utc).timestamp())+900)))
    if R.random()<0.01:
        auth.append((t,'time=%s level=warn msg="jwks cache refresh slow" took_ms=%d'%(shown.strftime('%Y-%m-%dT%H:%M:%S.000Z'),R.randint(800,1500))))
# gateway (node text) validates tokens; after jump tokens have iat in future -> 401
t=base
while t<base+dt.timedelta(minutes=58):
    t+=dt.timedelta(seconds=R.uniform(0.4,1.2))
    rid='%08x'%R.getrandbits(32)
    if t>=jump+dt.timedelta(seconds=3) and R.random()<0.9:
        gw.append((t,'[%s] WARN api-gateway: JsonWebTokenError rejected bearer token req=%s: NotBeforeError: jwt not active (nbf %s, iss auth-service)'%(iso(t),rid,(t+skew).strftime('%Y-%m-%dT%H:%M:%SZ'))))
        gw.append((t,'[%s] INFO api-gateway: %s /v1/orders 401 %dms req=%s'%(iso(t),R.choice(['GET','POST']),R.randint(1,5),rid)))
    else:
        gw.append((t,'[%s] INFO api-gateway: %s /v1/orders 200 %dms req=%s'%(iso(t),R.choice(['GET','POST']),R.randint(20,80),rid)))
    if R.random()<0.003:
        gw.append((t,'[%s] ERROR api-gateway: upstream reset before headers req=%s: Error: socket hang up (orders-api)'%(iso(t),rid)))
# orders-api python: its client jobs get 401 and retry; logs errors
t=base
while t<base+dt.timedelta(minutes=58):
    t+=dt.timedelta(seconds=R.uniform(2,5))
    ts=t.strftime('%Y-%m-%d %H:%M:%S,')+'%03d'%(t.microsecond//1000)
    if t>=jump+dt.timedelta(seconds=3):
        for a in range(3):
            tt=t+dt.timedelta(milliseconds=200*a); ts2=tt.strftime('%Y-%m-%d %H:%M:%S,')+'%03d'%(tt.microsecond//1000)
            orders.append((tt,'%s ERROR [orders.sync] fulfilment sync call rejected, attempt %d/3\nTraceback (most recent call last):\n  File "/app/orders/sync.py", line 71, in push\n    resp.raise_for_status()\n  File "/usr/local/lib/python3.12/site-packages/requests/models.py", line 1024, in raise_for_status\n    raise HTTPError(http_error_msg, response=self)\nrequests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://api-gateway.shop.svc/v1/fulfilment/push'%(ts2,a+1)))
    else:
        orders.append((t,'%s INFO [orders.sync] pushed batch of %d orders'%(ts,R.randint(1,30))))
    if R.random()<0.02:
        orders.append((t,'%s WARNING [orders.db] connection pool at 80%% (16/20)'%ts))
write_case(out, [('ip-10-0-3-17.journal.log',host),('auth-service.log',auth),('api-gateway.log',gw),('orders-api.log',orders)],
           {"source":"generic","service":"orders-api","title":"orders fulfilment sync failing","severity":"critical","fingerprint":"ofs","startsAt":iso(jump+dt.timedelta(minutes=4)),"labels":{}},
           {"root_cause":{"service":"ip-10-0-3-17","component":"chronyd / clocksource","error_type":None,"file":None},"category":"infra","symptoms":[{"service": "orders-api", "error_type": "HTTPError"}],"why":"ip-10-0-3-17's clocksource went unstable and its clock jumped about 97 s ahead (chronyd: forward time jump, then no selectable sources); auth-service runs there, so every token it signs is not yet valid for api-gateway, which rejects them at WARN, and orders-api's fulfilment sync fails with 401 on every attempt.","frequency_baseline":{"service":"orders-api","error_type":"HTTPError"}})
