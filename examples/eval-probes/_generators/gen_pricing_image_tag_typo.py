"""pricing-image-tag-typo: a Recreate rollout with a mistyped image tag leaves pricing-api with no pods (ErrImagePull); callers get connection refused, the ingress 503.

Written by the lead, who knows the analyzer: a regression guard, not a blind case."""
import random,datetime as dt
from probe import case_dir, iso, write_case
R=random.Random(7)
base=dt.datetime(2026,3,9,13,30,0)
out=case_dir('pricing-image-tag-typo')
ev=[];sf=[];co=[];ng=[];pr=[]
def E(t,typ,reason,obj,msg): ev.append((t,'%s  %-7s  %-20s  %-45s  %s'%(iso(t,False),typ,reason,obj,msg)))
inc=base+dt.timedelta(minutes=32)
# pricing-api old pods serve until killed
for i in range(0,32*60,7):
    t=base+dt.timedelta(seconds=i)
    pr.append((t,'%s INFO  [http-nio-8080-exec-%d] c.s.pricing.PriceController - GET /v1/prices sku_count=%d took=%dms'%(t.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%R.randint(0,999),R.randint(1,20),R.randint(1,40),R.randint(3,40))))
t=inc-dt.timedelta(seconds=20)
pr.append((t,'%s INFO  [SpringApplicationShutdownHook] o.s.b.w.e.tomcat.GracefulShutdown - Commencing graceful shutdown. Waiting for active requests to complete'%t.strftime('%Y-%m-%d %H:%M:%S.000')))
E(inc-dt.timedelta(seconds=21),'Normal','ScalingReplicaSet','deployment/pricing-api','Scaled down replica set pricing-api-6f7c9d8b4 to 0 from 3')
for p in ['x7k2q','m4n8r','p9t3w']:
    E(inc-dt.timedelta(seconds=21),'Normal','Killing','pod/pricing-api-6f7c9d8b4-'+p,'Stopping container pricing-api')
E(inc-dt.timedelta(seconds=2),'Normal','ScalingReplicaSet','deployment/pricing-api','Scaled up replica set pricing-api-85d4b7c6f9 to 3')
for p in ['b2v6h','c8j4l','d5f1s']:
    pod='pod/pricing-api-85d4b7c6f9-'+p
    E(inc-dt.timedelta(seconds=1),'Normal','Scheduled',pod,'Successfully assigned shop/pricing-api-85d4b7c6f9-%s to ip-10-4-%d-%d'%(p,R.randint(1,3),R.randint(10,200)))
    t=inc+dt.timedelta(seconds=1)
    E(t,'Normal','Pulling',pod,'Pulling image "registry.shop.internal/pricing-api:2.41.O"')
    k=0
    while t<inc+dt.timedelta(minutes=25):
        E(t+dt.timedelta(seconds=2),'Warning','Failed',pod,'Failed to pull image "registry.shop.internal/pricing-api:2.41.O": rpc error: code = NotFound desc = failed to pull and unpack image "registry.shop.internal/pricing-api:2.41.O": failed to resolve reference "registry.shop.internal/pricing-api:2.41.O": registry.shop.internal/pricing-api:2.41.O: not found')
        E(t+dt.timedelta(seconds=2),'Warning','Failed',pod,'Error: ErrImagePull')
        E(t+dt.timedelta(seconds=3),'Normal','BackOff',pod,'Back-off pulling image "registry.shop.internal/pricing-api:2.41.O"')
        E(t+dt.timedelta(seconds=3),'Warning','Failed',pod,'Error: ImagePullBackOff')
        k+=1; t=t+dt.timedelta(seconds=min(300,10*2**k))
# noise events
for m in range(0,55,6):
    E(base+dt.timedelta(minutes=m,seconds=R.randint(0,50)),'Warning','Unhealthy','pod/search-api-5c9d7f6b8-q2w3e','Readiness probe failed: Get "http://10.4.2.17:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)')
E(base+dt.timedelta(minutes=3),'Normal','SuccessfulCreate','job/sitemap-rebuild-29512330','Created pod: sitemap-rebuild-29512330-kq7zp')
# storefront (node, pino-ish text)
t=base
while t<base+dt.timedelta(minutes=57):
    t+=dt.timedelta(seconds=R.uniform(1.5,4))
    rid='%016x'%R.getrandbits(64)
    if t<inc:
        sf.append((t,'[%s] INFO storefront: GET /p/%d 200 %dms req=%s'%(iso(t),R.randint(1000,9999),R.randint(20,90),rid)))
    else:
        for a in range(3):
            tt=t+dt.timedelta(milliseconds=150*a)
            sf.append((tt,'[%s] WARN storefront: pricing lookup failed (attempt %d/3) req=%s: connect ECONNREFUSED 10.96.41.12:8080'%(iso(tt),a+1,rid)))
        tt=t+dt.timedelta(milliseconds=460)
        sf.append((tt,'[%s] ERROR storefront: GET /p/%d 502 req=%s: PricingUnavailableError: prices unavailable after 3 attempts (pricing-api.shop.svc:8080)'%(iso(tt),R.randint(1000,9999),rid)))
        sf.append((tt,'    at PricingClient.quote (/app/src/clients/pricing.js:88:11)'))
        sf.append((tt,'    at async ProductPage.render (/app/src/pages/product.js:41:19)'))
    if R.random()<0.02:
        sf.append((t,'[%s] WARN storefront: (node:1) [DEP0040] DeprecationWarning: The `punycode` module is deprecated.'%iso(t)))
# recs 404 noise from before
for m in range(2,57,4):
    t=base+dt.timedelta(minutes=m,seconds=R.randint(0,59))
    sf.append((t,'[%s] ERROR storefront: GET /api/recs 404 from recs-api: RecsNotFoundError: widget v1 removed'%iso(t)))
# checkout-api logback
t=base
while t<base+dt.timedelta(minutes=57):
    t+=dt.timedelta(seconds=R.uniform(3,8))
    ts=t.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(t.microsecond//1000)
    th='http-nio-8080-exec-%d'%R.randint(1,30)
    if t<inc:
        co.append((t,'%s INFO  [%s] c.s.checkout.CartController - POST /v1/checkout/quote 200'%(ts,th)))
        if R.random()<0.05: co.append((t,'%s WARN  [%s] o.h.engine.jdbc.spi.SqlExceptionHelper - slow query 1840ms: select * from carts where id=?'%(ts,th)))
    else:
        for a in range(2):
            tt=t+dt.timedelta(milliseconds=300*a); ts2=tt.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(tt.microsecond//1000)
            co.append((tt,'%s ERROR [%s] c.s.checkout.PricingGateway - price quote failed, attempt %d\norg.springframework.web.client.ResourceAccessException: I/O error on POST request for "http://pricing-api.shop.svc:8080/v1/prices": Connection refused\n\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:915)\n\tat com.shop.checkout.PricingGateway.quote(PricingGateway.java:57)\nCaused by: java.net.ConnectException: Connection refused\n\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)\n\t... 48 common frames omitted'%(ts2,th,a+1)))
# nginx
t=base
while t<base+dt.timedelta(minutes=57):
    t+=dt.timedelta(seconds=R.uniform(0.5,2))
    st=200
    path=R.choice(['/api/prices?sku=%d'%R.randint(1,999),'/','/p/%d'%R.randint(1,999),'/api/cart'])
    if t>=inc and path.startswith('/api/prices'): st=503
    ng.append((t,'10.4.%d.%d - - [%s +0000] "GET %s HTTP/1.1" %d %d "-" "Mozilla/5.0" %.3f'%(R.randint(0,3),R.randint(2,250),t.strftime('%d/%b/%Y:%H:%M:%S'),path,st,R.randint(200,9000),R.uniform(0.001,0.2))))
write_case(out, [('k8s-events.log',ev),('storefront.log',sf),('checkout-api.log',co),('ingress-nginx.access.log',ng),('pricing-api.log',pr)],
           {"source":"generic","service":"storefront","title":"storefront 5xx ratio above 5%","severity":"critical","fingerprint":"sf-5xx","startsAt":iso(inc+dt.timedelta(minutes=6),False),"labels":{"team":"web"}},
           {"root_cause":{"service":"pricing-api","component":"deployment image tag","error_type":"ErrImagePull","file":None},"category":"deploy","symptoms":[{"service": "storefront", "error_type": "PricingUnavailableError"}, {"service": "checkout-api", "error_type": "ResourceAccessException"}, {"service": "ingress-nginx", "error_type": "HTTP_503"}],"why":"pricing-api's 14:02 rollout (Recreate strategy) points at image tag 2.41.O, a typo for 2.41.0: the old pods are stopped first and the new ones can never pull their image (ErrImagePull, then ImagePullBackOff), so nothing serves prices; storefront's three attempts and checkout-api's retries fail with connection refused and the ingress answers 503.","frequency_baseline":{"service":"storefront","error_type":"PricingUnavailableError"}})
