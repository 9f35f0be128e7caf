#!/usr/bin/env python3
"""stock-projector-poison-message

At 10:47 an operator replays a hand-edited StockAdjusted event (ticket OPS-4471) with kcat
onto stock-events partition 3; its quantity is the string "12". inventory-projector (Go)
cannot decode it (json.UnmarshalTypeError), retries the same offset forever with capped
back-off and never commits, so partition 3 (warehouses DE-BER-2 and AT-VIE-1) stops being
projected while the other five partitions are fine. storefront-api (Java) refuses
reservations whose stock projection is older than 120 s (StaleStockException); cart-service
(Node) retries and fails checkouts. wms-bridge, the regular producer, keeps publishing valid
events. Mixed: Go logfmt (.log) + JSONL; trace ids between cart-service and storefront-api.
"""
import json
import os
import sys
from datetime import timedelta

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from casegen import Rng, dt, jrec, LogFile, reset_logs, write_json, case_dir, finish, iso_ms

CASE = "stock-projector-poison-message"
rng = Rng(20241204)

START = dt("2024-12-04T09:30:00")
END = dt("2024-12-04T12:40:00")
POISON = dt("2024-12-04T10:47:03.112")
POISON_OFFSET = 18823417
MAX_AGE = 120

PART_OF = {"DE-BER-1": 0, "DE-HAM-1": 1, "NL-AMS-1": 2, "DE-BER-2": 3, "AT-VIE-1": 3,
           "DE-MUC-1": 4, "PL-WAW-1": 5, "CZ-PRG-1": 5}
WAREHOUSE_W = {"DE-BER-1": 14, "DE-HAM-1": 12, "NL-AMS-1": 9, "DE-BER-2": 21, "AT-VIE-1": 7,
               "DE-MUC-1": 13, "PL-WAW-1": 8, "CZ-PRG-1": 5}
PROJ_PODS = {0: "inventory-projector-84c7b9d6f-lq2xz", 1: "inventory-projector-84c7b9d6f-lq2xz",
             2: "inventory-projector-84c7b9d6f-lq2xz", 3: "inventory-projector-84c7b9d6f-s9k4r",
             4: "inventory-projector-84c7b9d6f-s9k4r", 5: "inventory-projector-84c7b9d6f-s9k4r"}
SF_PODS = ["storefront-api-6b9d8c7f5-2hxqk", "storefront-api-6b9d8c7f5-8tnvw", "storefront-api-6b9d8c7f5-mc4zr"]
CART_PODS = ["cart-service-7c5d9f8b4-4jw2n", "cart-service-7c5d9f8b4-ph7kd"]
SF_DEPLOY = {"version": "8.2.0", "commit": "c41d7e9"}
CART_DEPLOY = {"version": "5.14.3", "commit": "8b20f6a"}
WMS_DEPLOY = {"version": "1.9.7", "commit": "f3a0d12"}

proj = LogFile()
sf = LogFile()
cart = LogFile()
wms = LogFile()


def logfmt(t, level, msg, **kv):
    parts = ["time=%s" % iso_ms(t), "level=%s" % level, "msg=%s" % json.dumps(msg)]
    for k, v in kv.items():
        if isinstance(v, str) and (" " in v or '"' in v or "=" in v or v == ""):
            v = json.dumps(v)
        parts.append("%s=%s" % (k, v))
    return " ".join(parts)


def projection_age(wh, t):
    """seconds since this warehouse's projection was last updated"""
    if PART_OF[wh] == 3 and t >= POISON:
        return int((t - POISON).total_seconds()) + rng.randint(0, 3)
    return rng.randint(0, 4)


# ---- inventory-projector -----------------------------------------------------------------
offsets = {0: 20911302, 1: 19877110, 2: 14409876, 3: None, 4: 20010455, 5: 11876590}
# partition 3: draw its pre-poison batch sizes first so that the last commit before the
# poison message sits ~180 events below it
p3_batches = []
t = START + timedelta(seconds=17)
while t < POISON:
    p3_batches.append(rng.randint(240, 840))
    t += timedelta(minutes=5)
offsets[3] = POISON_OFFSET - 1 - 180 - sum(p3_batches)
t = START + timedelta(seconds=17)
while t < END:
    for p in range(6):
        tt = t + timedelta(milliseconds=rng.randint(0, 1500))
        if p == 3 and tt >= POISON:
            lag = int((tt - POISON).total_seconds() * rng.uniform(0.55, 0.65))
            proj.add(tt, logfmt(tt, "INFO", "partition stats (5m)", pod=PROJ_PODS[p], topic="stock-events",
                                partition=p, applied=0 if tt - POISON > timedelta(minutes=5) else 180,
                                committed_offset=POISON_OFFSET - 1, lag=lag))
            if lag > 500:
                proj.add(tt, logfmt(tt, "WARN", "consumer lag above threshold", pod=PROJ_PODS[p],
                                    topic="stock-events", partition=p, lag=lag, threshold=500))
            continue
        n = p3_batches.pop(0) if p == 3 else rng.randint(120, 420)
        offsets[p] += n
        proj.add(tt, logfmt(tt, "INFO", "partition stats (5m)", pod=PROJ_PODS[p], topic="stock-events",
                            partition=p, applied=n, committed_offset=offsets[p], lag=rng.randint(0, 25)))
    t += timedelta(minutes=5)
# the poison message: retried forever with capped exponential back-off, never committed
tt = POISON
attempt = 1
delay = 1.0
while tt < END:
    proj.add(tt, logfmt(tt, "ERROR", "decode event failed; retrying same offset", pod=PROJ_PODS[3],
                        topic="stock-events", partition=3, offset=POISON_OFFSET, key="DE-BER-2",
                        event_type="StockAdjusted", headers="source=kcat,x-replay-ticket=OPS-4471",
                        attempt=attempt, backoff="%gs" % delay,
                        err="json: cannot unmarshal string into Go struct field StockAdjusted.quantity of type int",
                        **{"err.type": "*json.UnmarshalTypeError"}))
    tt = tt + timedelta(seconds=delay, milliseconds=rng.randint(2, 40))
    attempt += 1
    delay = min(30.0, delay * 2)
# noise: metrics push gateway flaps (predates), rebalances none, slow commits
for tn in rng.times(START, END, 1 / 13.0):
    proj.add(tn, logfmt(tn, "ERROR", "metrics push failed", pod=rng.choice(sorted(set(PROJ_PODS.values()))),
                        err='Post "http://pushgateway.monitoring:9091/metrics/job/inventory-projector": dial tcp 10.43.12.9:9091: i/o timeout'))
for tn in rng.times(START, END, 1 / 17.0):
    p = rng.choice([0, 1, 2, 4, 5])
    proj.add(tn, logfmt(tn, "WARN", "offset commit slow", pod=PROJ_PODS[p], partition=p, took_ms=rng.randint(600, 1900)))

# ---- wms-bridge: the regular producer keeps publishing well-formed events ----------------
for tn in rng.times(START, END, 1.3):
    wh = rng.choices(list(WAREHOUSE_W), weights=list(WAREHOUSE_W.values()))[0]
    et = rng.choice(["StockAdjusted", "StockReceived", "StockReceived", "StockPicked"])
    q = rng.randint(1, 240)
    wms.add(tn, jrec(tn, "INFO", "wms-bridge", "published %s for %s" % (et, wh), component="wms_bridge.publisher",
                     deploy=WMS_DEPLOY,
                     attrs={"topic": "stock-events", "partition": PART_OF[wh], "key": wh,
                            "sku": "SKU-%06d" % rng.randint(1, 250000), "quantity": q if et != "StockPicked" else -q}))
for tn in rng.times(START, END, 1 / 12.0):
    wms.add(tn, jrec(tn, "WARN", "wms-bridge", "WMS poll slow: %.1fs (threshold 5s)" % rng.uniform(5.2, 11.0),
                     component="wms_bridge.poller", deploy=WMS_DEPLOY, attrs={"wms": "manhattan-scale-eu"}))

# ---- cart-service -> storefront-api reservations --------------------------------------------
SF_STACK = ["com.acme.storefront.stock.StaleStockException: stock projection for warehouse {wh} is {age}s behind (max 120s)",
            "at com.acme.storefront.stock.FreshnessGuard.check(FreshnessGuard.java:41)",
            "at com.acme.storefront.stock.ReservationService.reserve(ReservationService.java:87)",
            "at com.acme.storefront.web.ReservationController.create(ReservationController.java:52)",
            "at java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)"]

for tn in rng.times(START, END, 5.5):
    trace = rng.hex(32)
    cspan = rng.hex(16)
    order = "co_%s" % rng.alnum(10)
    cpod = rng.choice(CART_PODS)
    lines = rng.randint(1, 4)
    whs = [rng.choices(list(WAREHOUSE_W), weights=list(WAREHOUSE_W.values()))[0]]
    cur = tn
    ok = False
    for attempt in (1, 2, 3):
        span = rng.hex(16)
        spod = rng.choice(SF_PODS)
        stale = [w for w in whs if projection_age(w, cur) > MAX_AGE]
        ms = rng.lognorm_ms(24, 0.4, lo=5)
        te = cur + timedelta(milliseconds=ms)
        if not stale:
            if rng.random() < 0.45:
                sf.add(te, jrec(te, "INFO", "storefront-api", "POST /api/stock/reservations 201 in %dms" % ms,
                                component="com.acme.storefront.web.RequestLog", trace_id=trace, span_id=span,
                                parent_span_id=cspan, deploy=SF_DEPLOY,
                                attrs={"pod": spod, "warehouse": whs[0], "lines": lines}))
            ok = True
            cur = te
            break
        wh = stale[0]
        age = projection_age(wh, cur)
        sf.add(te, jrec(te, "ERROR", "storefront-api",
                        "reservation refused for %s: stock projection for warehouse %s is %ds behind (max 120s)" % (order, wh, age),
                        component="com.acme.storefront.stock.ReservationService",
                        error_type="com.acme.storefront.stock.StaleStockException", trace_id=trace,
                        span_id=span, parent_span_id=cspan,
                        stack=[SF_STACK[0].format(wh=wh, age=age)] + SF_STACK[1:], deploy=SF_DEPLOY,
                        attrs={"pod": spod, "warehouse": wh, "projection_age_s": age, "status": 503,
                               "thread": "http-nio-8080-exec-%d" % rng.randint(1, 80)}))
        cur = te + timedelta(milliseconds=2)
        if attempt < 3:
            cart.add(cur, jrec(cur, "WARN", "cart-service",
                               "reserve attempt %d/3 for %s got 503 from storefront-api, retrying in %dms" % (attempt, order, 250 * attempt),
                               component="reservations", trace_id=trace, span_id=cspan, deploy=CART_DEPLOY,
                               attrs={"pod": cpod, "upstream": "storefront-api", "status": 503}))
            cur += timedelta(milliseconds=250 * attempt)
    if ok:
        if rng.random() < 0.25:
            cart.add(cur, jrec(cur, "INFO", "cart-service", "checkout %s: stock reserved (%d lines)" % (order, lines),
                               component="reservations", trace_id=trace, span_id=cspan, deploy=CART_DEPLOY,
                               attrs={"pod": cpod}))
    else:
        cart.add(cur, jrec(cur, "ERROR", "cart-service",
                           "checkout %s failed: stock reservation unavailable after 3 attempts (storefront-api 503)" % order,
                           component="reservations", error_type="ReservationFailedError", trace_id=trace,
                           span_id=cspan,
                           stack=["ReservationFailedError: stock reservation unavailable after 3 attempts (storefront-api 503)",
                                  "    at ReservationClient.reserve (/app/dist/reservations/client.js:88:11)",
                                  "    at async CheckoutService.place (/app/dist/checkout/service.js:142:7)"],
                           deploy=CART_DEPLOY, attrs={"pod": cpod, "upstream": "storefront-api", "order": order}))

# storefront-api availability reads: stale data is served with a warning
for tn in rng.times(START, END, 1.5):
    wh = rng.choices(list(WAREHOUSE_W), weights=list(WAREHOUSE_W.values()))[0]
    age = projection_age(wh, tn)
    if age > MAX_AGE:
        sf.add(tn, jrec(tn, "WARN", "storefront-api", "serving availability for %s from a %ds old projection" % (wh, age),
                        component="com.acme.storefront.stock.AvailabilityService", trace_id=rng.hex(32),
                        span_id=rng.hex(16), deploy=SF_DEPLOY, attrs={"pod": rng.choice(SF_PODS), "warehouse": wh}))
    else:
        sf.add(tn, jrec(tn, "INFO", "storefront-api", "GET /api/stock/availability 200 in %dms" % rng.lognorm_ms(9, 0.4),
                        component="com.acme.storefront.web.RequestLog", trace_id=rng.hex(32), span_id=rng.hex(16),
                        deploy=SF_DEPLOY, attrs={"pod": rng.choice(SF_PODS), "warehouse": wh}))
# storefront noise: redis cache timeouts (predates)
for tn in rng.times(START, END, 1 / 15.0):
    sf.add(tn, jrec(tn, "ERROR", "storefront-api", "price cache read failed, falling back to database",
                    component="com.acme.storefront.pricing.PriceCache",
                    error_type="io.lettuce.core.RedisCommandTimeoutException",
                    caused_by="io.lettuce.core.RedisCommandTimeoutException: Command timed out after 100 millisecond(s)",
                    deploy=SF_DEPLOY, attrs={"pod": rng.choice(SF_PODS)}))
# cart-service noise: promo engine lookup 404s logged as errors (long-standing)
for tn in rng.times(START, END, 1 / 10.0):
    cart.add(tn, jrec(tn, "ERROR", "cart-service", "promo code lookup failed: 404 from promo-engine",
                      component="promotions", error_type="PromoLookupError", trace_id=rng.hex(32),
                      span_id=rng.hex(16), deploy=CART_DEPLOY,
                      attrs={"pod": rng.choice(CART_PODS), "code": rng.choice(["XMAS24", "WELCOME10", "BLACKFRIDAY"])}))

# ---- write ---------------------------------------------------------------------------------
logs = reset_logs(CASE)
cart.write(os.path.join(logs, "cart-service.jsonl"))
proj.write(os.path.join(logs, "inventory-projector.log"))
sf.write(os.path.join(logs, "storefront-api.jsonl"))
wms.write(os.path.join(logs, "wms-bridge.jsonl"))

write_json(os.path.join(case_dir(CASE), "alert.json"), {
    "receiver": "commerce-oncall",
    "status": "firing",
    "version": "4",
    "groupKey": "{}/{team=\"commerce\"}:{alertname=\"StockReservationErrors\"}",
    "truncatedAlerts": 0,
    "alerts": [{
        "status": "firing",
        "labels": {"alertname": "StockReservationErrors", "service": "storefront-api", "namespace": "shop",
                   "severity": "critical", "team": "commerce", "env": "prod", "cluster": "prod-eu-2"},
        "annotations": {
            "summary": "storefront-api: 31% of POST /api/stock/reservations answered 503",
            "description": "reservation error ratio 0.31 over 10m (threshold 0.05); checkouts failing",
            "runbook_url": "https://runbooks.acme.example/commerce/reservations"},
        "startsAt": "2024-12-04T10:58:30Z",
        "endsAt": "0001-01-01T00:00:00Z",
        "generatorURL": "http://prometheus.monitoring:9090/graph?g0.expr=sum%28rate%28http_server_requests_seconds_count%7Bservice%3D%22storefront-api%22%2Curi%3D%22%2Fapi%2Fstock%2Freservations%22%2Cstatus%3D%22503%22%7D%5B10m%5D%29%29",
        "fingerprint": "a5d03e9c17b4f862"}],
    "groupLabels": {"alertname": "StockReservationErrors"},
    "commonLabels": {"alertname": "StockReservationErrors", "service": "storefront-api", "namespace": "shop",
                     "severity": "critical", "team": "commerce", "env": "prod", "cluster": "prod-eu-2"},
    "commonAnnotations": {"summary": "storefront-api: 31% of POST /api/stock/reservations answered 503"},
    "externalURL": "http://alertmanager.monitoring:9093",
})

finish(CASE, {
    "root_cause": {
        "service": "inventory-projector",
        "component": "stock-events partition 3, offset 18823417: hand-replayed StockAdjusted (OPS-4471) with quantity \"12\" as a string; the consumer retries it forever (no dead-letter, no skip), so the partition stops",
        "error_type": "UnmarshalTypeError",
        "file": None,
    },
    "category": "data",
    "symptoms": [
        {"service": "storefront-api", "error_type": "StaleStockException"},
        {"service": "cart-service", "error_type": "ReservationFailedError"},
    ],
    "why": "A manually replayed event with a string quantity landed on stock-events partition 3 at 10:47; inventory-projector cannot decode it and retries the same offset without committing, so the stock projection for DE-BER-2 and AT-VIE-1 freezes while other partitions keep up. storefront-api then refuses reservations for those warehouses as stale and cart-service fails checkouts; skipping or dead-lettering offset 18823417 unblocks it.",
})
