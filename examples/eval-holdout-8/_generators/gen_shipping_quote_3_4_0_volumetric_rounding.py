#!/usr/bin/env python3
"""shipping-quote-3-4-0-volumetric-rounding

shipping-quote 3.4.0 rounds the new volumetric weight with BigDecimal.setScale(1) and no rounding
mode. Whenever length*width*height/5000 has more than one decimal, that throws ArithmeticException
("Rounding necessary"). The canary rollout sends 25% of traffic to 3.4.0 at 10:21, 50% at 10:36
and 100% at 10:51, and the errors come only from 3.4.0 pods (deploy.version in every record).
cart-api (Go) falls back to a flat estimate and only warns; checkout-api (logback) fails the
shipping step of affected checkouts. Here the loudest error is also the root cause.
Noise: stale DPD rate-table warnings, an older cart-api recommendations timeout, an older
checkout-api voucher error, canary analysis and probe events.
Generic alert on shipping-quote.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, logfmt, spring_err, spring, k8s,
                    generic_alert, pod, trace, span)

CASE = "shipping-quote-3-4-0-volumetric-rounding"
rng = Rng(20250909)
START, END = dt("2025-09-09T10:06:00"), dt("2025-09-09T11:02:00")
STEPS = [(dt("2025-09-09T10:21:14"), 0.25), (dt("2025-09-09T10:36:20"), 0.5), (dt("2025-09-09T10:51:25"), 1.0)]
sq, ca, co, ke = LogFile(), LogFile(), LogFile(), LogFile()
OLD = {"version": "3.3.2", "commit": "8e41b07"}
NEW = {"version": "3.4.0", "commit": "f2c9a63"}
OLD_PODS = [pod(rng, "shipping-quote", "69c7d8f5b") for _ in range(4)]
NEW_PODS = [pod(rng, "shipping-quote", "7d5b9c6f4") for _ in range(4)]
STACK = ["java.base/java.math.BigDecimal.commonNeedIncrement(BigDecimal.java:4628)",
         "java.base/java.math.BigDecimal.needIncrement(BigDecimal.java:4835)",
         "java.base/java.math.BigDecimal.divideAndRound(BigDecimal.java:4810)",
         "java.base/java.math.BigDecimal.setScale(BigDecimal.java:2911)",
         "java.base/java.math.BigDecimal.setScale(BigDecimal.java:2970)",
         "com.acme.shipping.quote.VolumetricWeight.of(VolumetricWeight.java:27)",
         "com.acme.shipping.quote.RateCalculator.quote(RateCalculator.java:64)",
         "com.acme.shipping.web.QuoteController.quote(QuoteController.java:41)"]


def share(t):
    s = 0.0
    for at, w in STEPS:
        if t >= at:
            s = w
    return s


for i, (at, w) in enumerate(STEPS):
    n = int(round(w * 4))
    ke.add(at - timedelta(seconds=40), k8s(at - timedelta(seconds=40), "Normal", "RolloutStepCompleted" if i else "RolloutUpdated", "rollout/shipping-quote",
                                           "Rollout step %d/6 completed (analysis successful)" % (2 * i) if i else "Rollout updated to revision 41 (image registry.acme.example/shipping-quote:3.4.0)"))
    for p in NEW_PODS[:n]:
        if i and p in NEW_PODS[:int(round(STEPS[i - 1][1] * 4))]:
            continue
        ke.add(at - timedelta(seconds=30), k8s(at - timedelta(seconds=30), "Normal", "Started", "pod/" + p, "Started container shipping-quote"))
    ke.add(at, k8s(at, "Normal", "SetWeight", "rollout/shipping-quote", "Set weight to %d" % int(w * 100)))
    if w == 1.0:
        for p in OLD_PODS:
            ke.add(at + timedelta(seconds=30), k8s(at + timedelta(seconds=30), "Normal", "Killing", "pod/" + p, "Stopping container shipping-quote"))
for t in rng.times(START, END, 0.06):
    ke.add(t, k8s(t, "Normal", "AnalysisRunSuccessful", "rollout/shipping-quote", "Analysis Run 'shipping-quote-41-%d' Status New: 'Successful' Previous: 'Running'" % rng.randint(1, 6)))

for t in rng.times(START, END, 13):
    tr, root = trace(rng), span(rng)
    new = rng.random() < share(t)
    p = rng.choice(NEW_PODS[:max(1, int(round(share(t) * 4)))] if new else OLD_PODS)
    dep = NEW if new else OLD
    dims = (rng.randint(10, 80), rng.randint(8, 60), rng.choice([3, 5, 7, 11, 12, 15, 20, 25, 33]))
    vol = dims[0] * dims[1] * dims[2] / 5000
    bad = new and abs(vol * 10 - round(vol * 10)) > 1e-9
    dest = rng.choice(["DE", "AT", "NL", "FR", "PL", "IT", "DK"])
    caller = "checkout-api" if rng.random() < 0.25 else "cart-api"
    d = rng.lognorm_ms(25)
    te = t + timedelta(milliseconds=d)
    if not bad:
        sq.add(te, jrec(te, "INFO", "shipping-quote", "quote %s %dx%dx%d cm -> %s EUR" % (dest, dims[0], dims[1], dims[2], "%.2f" % rng.uniform(4, 19)),
                        component="com.acme.shipping.web.QuoteController", trace_id=tr, span_id=span(rng), parent_span_id=root, deploy=dep, attrs={"pod": p, "caller": caller}))
        if caller == "cart-api":
            ca.add(te + timedelta(milliseconds=3), logfmt(te + timedelta(milliseconds=3), "info", "shipping estimate", source="shipping-quote", dest=dest, duration_ms=d + 3, trace_id=tr))
        else:
            co.add(te + timedelta(milliseconds=3), spring(te + timedelta(milliseconds=3), "INFO", "checkout-api", tr, span(rng), "http-nio-8080-exec-%d" % rng.randint(1, 50),
                                                          "c.a.checkout.shipping.ShippingStep", "shipping quoted dest=%s" % dest))
        continue
    sq.add(te, jrec(te, "ERROR", "shipping-quote", "POST /v2/quotes failed: Rounding necessary", component="com.acme.shipping.web.ApiExceptionHandler",
                    error_type="java.lang.ArithmeticException", trace_id=tr, span_id=span(rng), parent_span_id=root, stack=STACK, deploy=dep,
                    attrs={"pod": p, "caller": caller, "dims_cm": list(dims), "dest": dest}))
    if caller == "cart-api":
        ca.add(te + timedelta(milliseconds=3), logfmt(te + timedelta(milliseconds=3), "warn", "shipping-quote failed, showing flat estimate", status=500, dest=dest, fallback="4.99", trace_id=tr))
    else:
        co.add(te + timedelta(milliseconds=3), spring_err(te + timedelta(milliseconds=3), "ERROR", "checkout-api", tr, span(rng), "http-nio-8080-exec-%d" % rng.randint(1, 50),
               "c.a.checkout.shipping.ShippingStep", "shipping step failed dest=%s" % dest,
               [("com.acme.checkout.shipping.ShippingQuoteException", "shipping-quote answered 500 for %s" % dest,
                 ["com.acme.checkout.shipping.ShippingQuoteClient.quote(ShippingQuoteClient.java:58)", "com.acme.checkout.shipping.ShippingStep.execute(ShippingStep.java:33)"])]))
# noise
for t in rng.times(START, END, 0.5):
    dep = NEW if rng.random() < share(t) else OLD
    sq.add(t, jrec(t, "WARN", "shipping-quote", "carrier rate table dpd-2025-09 is 26h old, refresh job pending", component="com.acme.shipping.rates.RateTableCache", deploy=dep))
for t in rng.times(START, END, 0.5):
    ca.add(t, logfmt(t, "error", "recommendations call failed", err="context deadline exceeded", upstream="recs-api:8080", timeout_ms=250))
for t in rng.times(START, END, 0.3):
    co.add(t, spring_err(t, "ERROR", "checkout-api", trace(rng), span(rng), "http-nio-8080-exec-%d" % rng.randint(1, 50), "c.a.checkout.voucher.VoucherClient",
                         "voucher redemption failed",
                         [("com.acme.checkout.voucher.VoucherServiceException", "409 Conflict: voucher already redeemed",
                           ["com.acme.checkout.voucher.VoucherClient.redeem(VoucherClient.java:71)"])]))
for t in rng.times(START, END, 0.15):
    ke.add(t, k8s(t, "Warning", "Unhealthy", "pod/cart-api-5c8f7d6b9-h4x2p", 'Readiness probe failed: HTTP probe failed with statuscode: 503'))

d = reset_logs(CASE)
sq.write(d + "/shipping-quote.jsonl")
ca.write(d + "/cart-api.log")
co.write(d + "/checkout-api.log")
ke.write(d + "/k8s-events.log")
write_json(d + "/../alert.json", generic_alert("shipping-quote", "shipping-quote 5xx ratio 19% since 10:21", "high", "5e0a7c3b9d1f2468",
                                               dt("2025-09-09T10:41:00"), {"env": "prod", "team": "logistics", "alertname": "ShippingQuote5xx", "namespace": "shop"}))
finish(CASE, {
    "root_cause": {"service": "shipping-quote", "component": "VolumetricWeight.of (BigDecimal.setScale(1) without RoundingMode, new in 3.4.0)",
                   "error_type": "ArithmeticException", "file": "src/main/java/com/acme/shipping/quote/VolumetricWeight.java"},
    "category": "deploy",
    "symptoms": [{"service": "checkout-api", "error_type": "ShippingQuoteException"}, {"service": "cart-api", "error_type": None}],
    "why": "The errors start with the 3.4.0 canary at 10:21, grow with each weight step and come only from 3.4.0 pods: the new volumetric weight is rounded with setScale(1) and no rounding mode, which throws ArithmeticException (Rounding necessary) for most parcel sizes. Aborting the rollout (or passing a RoundingMode) fixes it; cart-api hides it behind a flat estimate, checkout-api fails those checkouts.",
})
