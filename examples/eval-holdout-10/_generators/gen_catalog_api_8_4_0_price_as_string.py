#!/usr/bin/env python3
"""catalog-api-8-4-0-price-as-string

At 10:21 catalog-api 8.4.0 rolls out (one pod at a time, 10:21-10:27). Its new money module
serialises `price` as a JSON string ("19.90") instead of a number. catalog-api itself answers 200
and logs nothing wrong. cart-service (Go) fails to decode the answers of the 8.4.0 pods
(`cannot unmarshal string ... of type float64`) and retries three times (the loudest);
checkout-web (Node) renders prices with `toFixed` and throws TypeError. The errors rise in step
with the rollout and always name a 8.4.0 pod.
Noise: catalog-api slow-query warnings and an older AssetNotFoundException, cart-service redis
pool warnings and a promo-service timeout error that started earlier, a flaky checkout-web probe.
Alertmanager alert on checkout-web.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, logfmt, node_line, k8s,
                    alertmanager, pod)

CASE = "catalog-api-8-4-0-price-as-string"
rng = Rng(20260519)
START, END = dt("2026-05-19T10:04:00"), dt("2026-05-19T10:42:00")
ca, cs, cw, ev = LogFile(), LogFile(), LogFile(), LogFile()
OLD = {"version": "8.3.2", "commit": "a41c0de"}
NEW = {"version": "8.4.0", "commit": "5e9b217"}
OLD_RS, NEW_RS = "6b8d9f7c54", "79c5d8b6f4"
old_pods = [pod(rng, "catalog-api", OLD_RS) for _ in range(4)]
new_pods = [pod(rng, "catalog-api", NEW_RS) for _ in range(4)]
ROLL = [dt("2026-05-19T10:21:14"), dt("2026-05-19T10:23:02"), dt("2026-05-19T10:24:51"), dt("2026-05-19T10:26:40")]
CW_RS, CS_RS = "58f7b9d6c", "7c94d5bf8"
CW_PODS = [pod(rng, "checkout-web", CW_RS) for _ in range(3)]
CS_PODS = [pod(rng, "cart-service", CS_RS) for _ in range(3)]

# rollout events: new pod i is ready at ROLL[i] + 20 s and old pod i is terminated then
for i, t in enumerate(ROLL):
    if i == 0:
        ev.add(t, k8s(t, "Normal", "ScalingReplicaSet", "deployment/catalog-api", "Scaled up replica set catalog-api-%s to 1" % NEW_RS))
    else:
        ev.add(t, k8s(t, "Normal", "ScalingReplicaSet", "deployment/catalog-api", "Scaled up replica set catalog-api-%s to %d from %d" % (NEW_RS, i + 1, i)))
    ev.add(t, k8s(t, "Normal", "SuccessfulCreate", "replicaset/catalog-api-%s" % NEW_RS, "Created pod: %s" % new_pods[i]))
    ev.add(t + timedelta(seconds=1), k8s(t + timedelta(seconds=1), "Normal", "Scheduled", "pod/" + new_pods[i], "Successfully assigned shop/%s to ip-10-31-%d-%d.eu-west-1.compute.internal" % (new_pods[i], rng.randint(1, 9), rng.randint(10, 250))))
    ev.add(t + timedelta(seconds=3), k8s(t + timedelta(seconds=3), "Normal", "Pulled", "pod/" + new_pods[i], 'Container image "registry.acme.internal/shop/catalog-api:8.4.0" already present on machine' if i else 'Successfully pulled image "registry.acme.internal/shop/catalog-api:8.4.0" in 4.112s (4.112s including waiting)'))
    ev.add(t + timedelta(seconds=4), k8s(t + timedelta(seconds=4), "Normal", "Created", "pod/" + new_pods[i], "Created container catalog-api"))
    ev.add(t + timedelta(seconds=4), k8s(t + timedelta(seconds=4), "Normal", "Started", "pod/" + new_pods[i], "Started container catalog-api"))
    r = t + timedelta(seconds=20)
    ev.add(r, k8s(r, "Normal", "ScalingReplicaSet", "deployment/catalog-api", "Scaled down replica set catalog-api-%s to %d from %d" % (OLD_RS, 3 - i, 4 - i)))
    ev.add(r, k8s(r, "Normal", "Killing", "pod/" + old_pods[i], "Stopping container catalog-api"))
    ca.add(t + timedelta(seconds=14), jrec(t + timedelta(seconds=14), "INFO", "catalog-api", "Started CatalogApplication in 9.8 seconds (process running for 10.6)",
                                        component="com.acme.catalog.CatalogApplication", deploy=NEW, attrs={"pod": new_pods[i]}))
    ca.add(t + timedelta(seconds=14, milliseconds=40), jrec(t + timedelta(seconds=14, milliseconds=40), "INFO", "catalog-api", "money module registered: acme-money 2.0.1 (Money, MonetaryAmount)",
                                        component="com.acme.catalog.config.JacksonConfig", deploy=NEW, attrs={"pod": new_pods[i]}))


def serving_pods(t):
    """the catalog pods behind the service at time t (old pods leave, new ones join)"""
    out = []
    for i in range(4):
        ready = ROLL[i] + timedelta(seconds=20)
        out.append((new_pods[i], NEW) if t >= ready else (old_pods[i], OLD))
    return out


SKUS = ["SKU-%06d" % rng.randint(100000, 999999) for _ in range(60)]
for t in rng.times(START, END, 15):
    trace = rng.hex(32)
    caller = "cart-service" if rng.random() < 0.62 else "checkout-web"
    p, dep = rng.choice(serving_pods(t))
    sku = rng.choice(SKUS)
    d = rng.lognorm_ms(22)
    ca_span = rng.hex(16)
    parent = rng.hex(16)
    if rng.random() < 0.45:
        ca.add(t + timedelta(milliseconds=d), jrec(t + timedelta(milliseconds=d), "INFO", "catalog-api", "GET /v2/items/%s 200 in %dms" % (sku, d),
                                                  component="com.acme.catalog.web.RequestLog", trace_id=trace, span_id=ca_span, parent_span_id=parent,
                                                  deploy=dep, attrs={"pod": p, "caller": caller}))
    broken = dep is NEW
    te = t + timedelta(milliseconds=d + 2)
    if caller == "cart-service":
        cp = rng.choice(CS_PODS)
        if broken:
            for a in range(1, 4):
                ta = te + timedelta(milliseconds=150 * (a - 1) * a)
                # a retry may land on an old pod and work: only the answer of a 8.4.0 pod breaks
                pa, da = (p, dep) if a == 1 else rng.choice(serving_pods(ta))
                if da is not NEW:
                    cs.add(ta, logfmt(ta, "info", "catalog lookup ok after retry", sku=sku, attempt=a, upstream_pod=pa, catalog_version=da["version"], trace_id=trace))
                    break
                cs.add(ta, logfmt(ta, "error", "catalog lookup failed", sku=sku, attempt="%d/3" % a, upstream="catalog-api.shop.svc:8080", upstream_pod=pa,
                                  catalog_version=da["version"], err="decode /v2/items/%s: json: cannot unmarshal string into Go struct field CatalogItem.price of type float64" % sku,
                                  trace_id=trace, pod=cp))
            else:
                cs.add(ta + timedelta(milliseconds=1), logfmt(ta + timedelta(milliseconds=1), "warn", "cart line marked unavailable", sku=sku, reason="catalog_unavailable", trace_id=trace, pod=cp))
        elif rng.random() < 0.25:
            cs.add(te, logfmt(te, "info", "cart priced", lines=rng.randint(1, 6), trace_id=trace, pod=cp))
    else:
        wp = rng.choice(CW_PODS)
        if broken:
            cw.add(te, node_line(te, "error", "[%s] render /checkout failed trace=%s: TypeError: item.price.toFixed is not a function\n"
                                 "    at formatPrice (/app/dist/lib/money.js:14:29)\n"
                                 "    at /app/dist/components/CartSummary.js:41:38\n"
                                 "    at Array.map (<anonymous>)\n"
                                 "    at renderCartSummary (/app/dist/components/CartSummary.js:39:24)\n"
                                 "    at async renderCheckout (/app/dist/pages/checkout.js:88:17)" % (wp, trace)))
            cw.add(te + timedelta(milliseconds=3), node_line(te + timedelta(milliseconds=3), "info", "[%s] GET /checkout 500 %dms" % (wp, d + 31)))
        elif rng.random() < 0.3:
            cw.add(te, node_line(te, "info", "[%s] GET /checkout 200 %dms" % (wp, d + rng.randint(20, 80))))

# noise
for t in rng.times(START, END, 0.7):
    p, dep = rng.choice(serving_pods(t))
    ca.add(t, jrec(t, "WARN", "catalog-api", "slow query: category tree for locale de-AT took %dms" % rng.randint(700, 1400), component="com.acme.catalog.repo.CategoryRepository",
                   deploy=dep, attrs={"pod": p}))
for t in rng.times(START, END, 0.45):
    p, dep = rng.choice(serving_pods(t))
    ca.add(t, jrec(t, "ERROR", "catalog-api", "image signing failed: asset legacy/%d.jpg not found in bucket" % rng.randint(10000, 99999), component="com.acme.catalog.assets.AssetUrlSigner",
                   error_type="com.acme.catalog.assets.AssetNotFoundException", deploy=dep, attrs={"pod": p}))
for t in rng.times(START, END, 0.8):
    cs.add(t, logfmt(t, "warn", "redis pool wait", waited_ms=rng.randint(40, 180), pool="cart-redis", pod=rng.choice(CS_PODS)))
for t in rng.times(START, END, 0.5):
    cs.add(t, logfmt(t, "error", "promo lookup failed", err="context deadline exceeded", upstream="promo-service.shop.svc:9090", pod=rng.choice(CS_PODS)))
for m in range(38):
    t = START + timedelta(minutes=m, seconds=41)
    if rng.random() < 0.08:
        cw.add(t, node_line(t, "warn", "[%s] health: /readyz took %dms (session store ping)" % (rng.choice(CW_PODS), rng.randint(1100, 2100))))
        ev.add(t, k8s(t, "Warning", "Unhealthy", "pod/" + rng.choice(CW_PODS), "Readiness probe failed: Get \"http://10.31.4.17:3000/readyz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"))
for t in rng.times(START, END, 0.3):
    cw.add(t, node_line(t, "warn", "[%s] (node:1) [DEP0040] DeprecationWarning: The `punycode` module is deprecated." % rng.choice(CW_PODS)))

d = reset_logs(CASE)
ca.write(d + "/catalog-api.jsonl")
cs.write(d + "/cart-service.log")
cw.write(d + "/checkout-web.log")
ev.write(d + "/k8s-events.log")
labels = {"alertname": "CheckoutErrorRateHigh", "severity": "critical", "service": "checkout-web", "namespace": "shop", "team": "checkout"}
write_json(d + "/../alert.json", alertmanager("checkout-pager", labels,
    {"summary": "checkout-web 5xx ratio above 5% for 5m", "description": "sum(rate(http_requests_total{service=\"checkout-web\",code=~\"5..\"}[5m])) / sum(rate(http_requests_total{service=\"checkout-web\"}[5m])) = 0.19"},
    dt("2026-05-19T10:29:30"), "sum%28rate%28http_requests_total%7Bservice%3D%22checkout-web%22%2Ccode%3D~%225..%22%7D%5B5m%5D%29%29", "3f1e2a9c07b4d856"))
finish(CASE, {
    "root_cause": {"service": "catalog-api", "component": "catalog-api 8.4.0 money serialisation (price as JSON string, acme-money 2.0.1)",
                   "error_type": None, "file": None},
    "category": "deploy",
    "symptoms": [{"service": "cart-service", "error_type": None}, {"service": "checkout-web", "error_type": "TypeError"}],
    "why": "catalog-api 8.4.0, rolled out 10:21-10:27, serialises price as a string; it answers 200 and logs nothing wrong, but every failure in cart-service (cannot unmarshal string into ... price of type float64) and checkout-web (price.toFixed is not a function) follows an answer from a 8.4.0 pod and grows with the rollout.",
})
