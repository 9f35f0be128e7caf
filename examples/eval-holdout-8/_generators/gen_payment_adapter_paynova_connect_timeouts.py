#!/usr/bin/env python3
"""payment-adapter-paynova-connect-timeouts

From 19:42 the external card processor PayNova stops accepting TCP connections on
api.paynova.com (connect timeouts; its status page later says "degraded: EU card processing").
payment-adapter (Python, PayNova SDK) retries each charge 3 times, logging every failed attempt
and then the traceback (requests ConnectTimeout, during handling of which
paynova.error.APIConnectionError); charges through the second processor CardLink keep
succeeding. checkout-api (Spring) logs one PaymentProviderUnavailableException per order, the
ingress answers 502, refund-worker's PayNova refunds fail. Here the root is also the loudest.
Noise: idempotency-key warnings, an older checkout-api gift-card 404 error, a flaky ingress health
check, refund-worker rate-limit warnings.
Alertmanager alert on checkout-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, py, pytb, spring, spring_err, nginx_line,
                    alertmanager, uuid, trace, span)

CASE = "payment-adapter-paynova-connect-timeouts"
rng = Rng(20251128)
START, END = dt("2025-11-28T19:20:00"), dt("2025-11-28T20:07:00")
DOWN = dt("2025-11-28T19:42:17")
pa, co, ng, rw = LogFile(), LogFile(), LogFile(), LogFile()
RW_DEP = {"version": "1.9.3", "commit": "5d0e7b2"}
TB = pytb([
    ([("/usr/local/lib/python3.12/site-packages/requests/adapters.py", 688, "send", "raise ConnectTimeout(e, request=request)")],
     "requests.exceptions.ConnectTimeout: HTTPSConnectionPool(host='api.paynova.com', port=443): Max retries exceeded with url: /v2/charges "
     "(Caused by ConnectTimeoutError(<urllib3.connection.HTTPSConnection object at 0x7f3c2a1e9d50>, 'Connection to api.paynova.com timed out. (connect timeout=3.05)'))", "during"),
    ([("/app/payment_adapter/providers/paynova.py", 57, "charge", "resp = self.client.charges.create(**payload, idempotency_key=key)"),
      ("/usr/local/lib/python3.12/site-packages/paynova/api_resources/charge.py", 41, "create", "return cls._static_request(\"post\", url, params=params, **kw)"),
      ("/usr/local/lib/python3.12/site-packages/paynova/api_requestor.py", 212, "request_raw", "raise error.APIConnectionError(msg, should_retry=True) from None")],
     "paynova.error.APIConnectionError: Unexpected error communicating with PayNova. If this problem persists, let us know at support@paynova.example. (Network error: ConnectTimeout)", None)])


def provider_call(t, provider, tr, amount):
    """returns (ok, done time); logs the adapter side"""
    if provider == "paynova" and t >= DOWN:
        ta = t
        for a in range(3):
            ta = ta + timedelta(milliseconds=3050 + rng.randint(0, 20))
            pa.add(ta, py(ta, "ERROR", "payment_adapter.providers.paynova", "charge attempt %d/3 failed: APIConnectionError: Unexpected error communicating with PayNova. (Network error: ConnectTimeout) trace=%s" % (a + 1, tr)))
            ta = ta + timedelta(milliseconds=500 * (a + 1))
        pa.add(ta, py(ta, "ERROR", "payment_adapter.api", "POST /charges provider=paynova amount=%d failed after 3 attempts trace=%s\n%s" % (amount, tr, TB)))
        return False, ta + timedelta(milliseconds=2)
    d = rng.lognorm_ms(420 if provider == "paynova" else 510)
    td = t + timedelta(milliseconds=d)
    pa.add(td, py(td, "INFO", "payment_adapter.api", "POST /charges provider=%s amount=%d status=succeeded %dms trace=%s" % (provider, amount, d, tr)))
    return True, td


for t in rng.times(START, END, 3.2):
    tr = trace(rng)
    amount = rng.choice([1999, 4590, 2350, 12900, 7800, 3290])
    provider = "paynova" if rng.random() < 0.78 else "cardlink"
    order = "ORD-%d" % rng.randint(5000000, 5999999)
    ok, td = provider_call(t + timedelta(milliseconds=20), provider, tr, amount)
    th = "http-nio-8080-exec-%d" % rng.randint(1, 64)
    cip = "81.%d.%d.%d" % (rng.randint(10, 200), rng.randint(0, 255), rng.randint(1, 254))
    up = "10.40.%d.%d:8080" % (rng.randint(1, 8), rng.randint(2, 250))
    if ok:
        co.add(td + timedelta(milliseconds=4), spring(td + timedelta(milliseconds=4), "INFO", "checkout-api", tr, span(rng), th, "c.a.checkout.payment.PaymentStep",
                                                      "order %s paid via %s" % (order, provider)))
        ng.add(td + timedelta(milliseconds=9), nginx_line(td + timedelta(milliseconds=9), cip, "POST", "/api/checkout/pay", 200, 388, "Mozilla/5.0", (td - t).total_seconds() + 0.01,
                                                          "shop-checkout-api-8080", up, rng.hex(32)))
    else:
        co.add(td + timedelta(milliseconds=4), spring_err(td + timedelta(milliseconds=4), "ERROR", "checkout-api", tr, span(rng), th, "c.a.checkout.web.ErrorAdvice",
               "POST /api/checkout/pay order=%s -> 502" % order,
               [("com.acme.checkout.payment.PaymentProviderUnavailableException", "payment-adapter: 502 provider_unavailable (paynova)",
                 ["com.acme.checkout.payment.PaymentAdapterClient.charge(PaymentAdapterClient.java:77)",
                  "com.acme.checkout.payment.PaymentStep.execute(PaymentStep.java:49)"])]))
        ng.add(td + timedelta(milliseconds=9), nginx_line(td + timedelta(milliseconds=9), cip, "POST", "/api/checkout/pay", 502, 164, "Mozilla/5.0", (td - t).total_seconds() + 0.01,
                                                          "shop-checkout-api-8080", up, rng.hex(32)))
for t in rng.times(START, END, 0.6):
    tr = trace(rng)
    ok, td = provider_call(t, "paynova", tr, rng.choice([1999, 4590, 2350]))
    if ok:
        rw.add(td, jrec(td, "INFO", "refund-worker", "refund issued", component="refunds.executor", trace_id=tr, span_id=span(rng), deploy=RW_DEP, attrs={"provider": "paynova"}))
    else:
        rw.add(td, jrec(td, "ERROR", "refund-worker", "refund failed: payment-adapter answered 502 provider_unavailable, will retry in 15m", component="refunds.executor",
                        error_type="RefundFailedException", trace_id=tr, span_id=span(rng), deploy=RW_DEP, attrs={"provider": "paynova"}))
# health probe of the adapter against both providers
m = START
while m < END:
    t = m + timedelta(seconds=5, milliseconds=rng.randint(0, 999))
    if t >= DOWN:
        pa.add(t + timedelta(seconds=3), py(t + timedelta(seconds=3), "WARNING", "payment_adapter.health", "provider probe paynova: connect timeout to api.paynova.com:443 after 3.05s"))
    else:
        pa.add(t, py(t, "INFO", "payment_adapter.health", "provider probe paynova: ok %dms" % rng.lognorm_ms(90)))
    pa.add(t + timedelta(milliseconds=200), py(t + timedelta(milliseconds=200), "INFO", "payment_adapter.health", "provider probe cardlink: ok %dms" % rng.lognorm_ms(110)))
    m += timedelta(minutes=1)
# noise
for t in rng.times(START, END, 0.4):
    pa.add(t, py(t, "WARNING", "payment_adapter.idempotency", "idempotency key reused with a different payload, treating as new request key=%s" % rng.hex(16)))
for t in rng.times(START, END, 0.35):
    co.add(t, spring_err(t, "ERROR", "checkout-api", trace(rng), span(rng), "http-nio-8080-exec-%d" % rng.randint(1, 64), "c.a.checkout.giftcard.GiftCardClient",
                         "gift card balance lookup failed",
                         [("com.acme.checkout.giftcard.GiftCardServiceException", "404 Not Found from giftcard-service",
                           ["com.acme.checkout.giftcard.GiftCardClient.balance(GiftCardClient.java:38)"])]))
for k in range(int((END - START).total_seconds() // 30)):
    t = START + timedelta(seconds=30 * k + 3)
    bad = rng.random() < 0.03
    ng.add(t, nginx_line(t, "10.40.0.1", "GET", "/healthz", 503 if bad else 200, 190 if bad else 2, "kube-probe/1.30", 1.0 if bad else 0.002, "shop-checkout-api-8080", "10.40.2.17:8080", rng.hex(32)))
for t in rng.times(START, END, 0.2):
    rw.add(t, jrec(t, "WARN", "refund-worker", "rate limit budget below 20%, slowing down", component="refunds.scheduler", deploy=RW_DEP))

d = reset_logs(CASE)
pa.write(d + "/payment-adapter.log")
co.write(d + "/checkout-api.log")
ng.write(d + "/ingress-nginx.access.log")
rw.write(d + "/refund-worker.jsonl")
labels = {"alertname": "CheckoutPaymentErrors", "service": "checkout-api", "severity": "critical", "team": "payments", "env": "prod", "namespace": "shop"}
write_json(d + "/../alert.json", alertmanager("payments-pager", labels,
    {"summary": "checkout-api: POST /api/checkout/pay 5xx ratio 71%", "description": "ingress 5xx ratio for /api/checkout/pay above 5% for 5m",
     "dashboard": "https://grafana.acme.example/d/checkout-payments"},
    dt("2025-11-28T19:48:00"), "sum(rate(nginx_ingress_controller_requests%7Bservice%3D%22checkout-api%22%2Cstatus%3D~%225..%22%7D%5B5m%5D))", "73e0a5c2d9b1f648"))
finish(CASE, {
    "root_cause": {"service": "payment-adapter", "component": "PayNova card processor (api.paynova.com:443 connect timeouts), providers/paynova.py client",
                   "error_type": "APIConnectionError", "file": None},
    "category": "dependency",
    "symptoms": [{"service": "checkout-api", "error_type": "PaymentProviderUnavailableException"}, {"service": "ingress-nginx", "error_type": "HTTP_502"},
                 {"service": "refund-worker", "error_type": "RefundFailedException"}],
    "why": "From 19:42 the external processor PayNova accepts no connections (connect timeouts to api.paynova.com, health probe failing) while CardLink works; payment-adapter's PayNova SDK raises APIConnectionError on every attempt, so checkout-api's PayNova payments and refund-worker's refunds fail. Nothing on our side changed; failing over to CardLink mitigates.",
})
