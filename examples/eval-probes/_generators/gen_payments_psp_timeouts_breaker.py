"""payments-psp-timeouts-breaker: the PSP slows down; payments-adapter times out, then its circuit breaker opens and refuses most calls (the loudest error).

Written by the lead, who knows the analyzer: a regression guard, not a blind case."""
import random,datetime as dt
from probe import case_dir, iso, write_case
R=random.Random(53)
base=dt.datetime(2026,9,14,18,0,0)
out=case_dir('payments-psp-timeouts-breaker')
slow=base+dt.timedelta(minutes=22,seconds=30)
pa=[];co=[];ng=[]
def ts(t): return t.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(t.microsecond//1000)
t=base
breaker_open_until=None
breaker_from=None
while t<base+dt.timedelta(minutes=50):
    t+=dt.timedelta(seconds=R.uniform(0.7,2.0))
    tr='%032x'%R.getrandbits(128)
    th='http-nio-8080-exec-%d'%R.randint(1,60)
    if t<slow:
        pa.append((t,'%s INFO  [%s] [payments-adapter,%s,%s] c.a.pay.PspClient - authorize ok psp=adyen took=%dms'%(ts(t),th,tr,tr[:16],R.randint(120,400))))
        co.append((t,'%s INFO  [%s] [checkout,%s,%s] c.a.checkout.PayStep - payment authorized'%(ts(t+dt.timedelta(milliseconds=450)),th,tr,'%016x'%R.getrandbits(64))))
        continue
    if breaker_open_until and breaker_from<=t<breaker_open_until:
        pa.append((t,'%s ERROR [%s] [payments-adapter,%s,%s] c.a.pay.PaymentController - authorize rejected\nio.github.resilience4j.circuitbreaker.CallNotPermittedException: CircuitBreaker \'adyen\' is OPEN and does not permit further calls\n\tat io.github.resilience4j.circuitbreaker.CallNotPermittedException.createCallNotPermittedException(CallNotPermittedException.java:48)\n\tat com.acme.pay.PspClient.authorize(PspClient.java:77)'%(ts(t),th,tr,tr[:16])))
        te=t+dt.timedelta(milliseconds=20)
    else:
        te=t+dt.timedelta(seconds=5)
        pa.append((te,'%s ERROR [%s] [payments-adapter,%s,%s] c.a.pay.PaymentController - authorize failed psp=adyen\norg.springframework.web.client.ResourceAccessException: I/O error on POST request for "https://checkout-live.adyen.com/v71/payments": Read timed out\n\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:915)\n\tat com.acme.pay.PspClient.authorize(PspClient.java:81)\nCaused by: java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)\n\t... 57 common frames omitted'%(ts(te),th,tr,tr[:16])))
        if R.random()<0.25:
            breaker_open_until=te+dt.timedelta(seconds=30); breaker_from=te
            pa.append((te,'%s WARN  [%s] [payments-adapter,,] i.g.r.c.i.CircuitBreakerStateMachine - CircuitBreaker \'adyen\' changed state from CLOSED to OPEN (failure rate 62.5%% > 50%%)'%(ts(te),th)))
    for a in range(2):
        tt=te+dt.timedelta(milliseconds=30+10*a)
        co.append((tt,'%s ERROR [%s] [checkout,%s,%s] c.a.checkout.PayStep - payment step failed (attempt %d/2)\ncom.acme.checkout.PaymentDeclinedException: payments-adapter answered 502 for order %d\n\tat com.acme.checkout.PayStep.run(PayStep.java:40)'%(ts(tt),th,tr,'%016x'%R.getrandbits(64),a+1,R.randint(100000,999999))))
    ng.append((te,'10.2.%d.%d - - [%s +0000] "POST /api/checkout/pay HTTP/1.1" 502 %d "-" "Mozilla/5.0" %.3f'%(R.randint(0,9),R.randint(1,250),te.strftime('%d/%b/%Y:%H:%M:%S'),R.randint(100,300),(te-t).total_seconds())))
for m in range(0,50,4):
    t=base+dt.timedelta(minutes=m,seconds=R.randint(0,59))
    co.append((t,'%s WARN  [scheduling-1] [checkout,,] c.a.checkout.CartSweeper - sweeping %d abandoned carts took %dms'%(ts(t),R.randint(10,90),R.randint(900,3000))))
    pa.append((t,'%s ERROR [%s] [payments-adapter,%s,%s] c.a.pay.WebhookController - webhook signature invalid\ncom.acme.pay.HmacMismatchException: HMAC mismatch for notification'%(ts(t),'http-nio-8080-exec-3','%032x'%R.getrandbits(128),'%016x'%R.getrandbits(64))))
write_case(out, [('payments-adapter.log',pa),('checkout.log',co),('ingress-nginx.access.log',ng)],
           {"source":"generic","service":"checkout","title":"checkout payment failures","severity":"critical","fingerprint":"cp","startsAt":iso(slow+dt.timedelta(minutes=5)),"labels":{}},
           {"root_cause":{"service":"payments-adapter","component":"PSP adyen authorize calls","error_type":"SocketTimeoutException","file":None},"category":"dependency","symptoms":[{"service":"checkout","error_type":"PaymentDeclinedException"},{"service":"ingress-nginx","error_type":"HTTP_502"}],"why":"From 18:22:30 the PSP answers slower than payments-adapter's 5 s read timeout (SocketTimeoutException); each burst of timeouts opens its resilience4j breaker, whose CallNotPermittedException refusals outnumber the timeouts. checkout fails the payment step twice per order and the ingress answers 502.","frequency_baseline":{"service":"checkout","error_type":"PaymentDeclinedException"}})
