#!/usr/bin/env python3
"""stock-import-truncated-feed

The 07:30 stock-import cron job downloads the warehouse's nightly stock snapshot over SFTP. The
WMS export was cut off (the file is 61% of yesterday's size and its last line is incomplete),
but the job's minimum-ratio check is disabled, and in snapshot mode every SKU missing from the
file is set to available=0. It reports success. From 07:34 inventory-api answers 409 for those
26k SKUs; checkout-api's stock reservation fails with InsufficientStockException and is retried
twice (three errors per order, the loudest); storefront fails the orders and marks products
sold out. Nothing is wrong with inventory-api or checkout-api.
Noise: negative on-hand clamping warnings, a Redis reconnect error in inventory-api since
yesterday, slow payment warnings, a flaky storefront readiness probe.
Sentry issue alert on checkout-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, py, spring, spring_err, node_line,
                    sentry_alert, pod)

CASE = "stock-import-truncated-feed"
rng = Rng(20260612)
START, END = dt("2026-06-12T07:20:00"), dt("2026-06-12T08:24:00")
RUN = dt("2026-06-12T07:30:00")
APPLIED = dt("2026-06-12T07:33:52")
si, ia, co, sf = LogFile(), LogFile(), LogFile(), LogFile()
CO_PODS = [pod(rng, "checkout-api", "7d5b9c8f6") for _ in range(3)]
DEP = {"version": "9.12.0", "commit": "c41d8e2"}


def job(t, level, logger, msg):
    si.add(t, py(t, level, logger, msg))


job(RUN, "INFO", "stock_import.run", "run 2026-06-12T07:30 started (mode=snapshot, source=sftp://wms-gw.acme.internal/outbound/stock_20260612.csv)")
job(RUN + timedelta(seconds=41), "INFO", "stock_import.fetch", "downloaded stock_20260612.csv: 2,714,112 bytes (previous run 4,438,907 bytes)")
job(RUN + timedelta(seconds=44), "WARNING", "stock_import.parse", "line 41208: expected 4 fields, got 2 ('SKU-229104;8') - skipped")
job(RUN + timedelta(seconds=44, milliseconds=300), "INFO", "stock_import.parse", "parsed 41,207 rows (previous run 67,391)")
job(RUN + timedelta(seconds=44, milliseconds=310), "WARNING", "stock_import.checks", "row count is 61.1% of previous run; min_row_ratio check disabled (STOCK_MIN_ROW_RATIO unset), continuing")
for k in range(12):
    t = RUN + timedelta(seconds=50 + 16 * k)
    job(t, "INFO", "stock_import.apply", "applied batch %d/12 (5,616 SKUs)" % (k + 1))
job(APPLIED - timedelta(seconds=2), "INFO", "stock_import.apply", "snapshot mode: 26,184 SKUs absent from feed set to available=0")
job(APPLIED, "INFO", "stock_import.run", "run finished OK in 232s: 41,207 updated, 26,184 zeroed, 0 errors")
for t in rng.times(RUN + timedelta(seconds=50), APPLIED, 6):
    job(t, "WARNING", "stock_import.apply", "SKU-%06d has negative on-hand %d in feed, clamped to 0" % (rng.randint(100000, 999999), -rng.randint(1, 4)))
ZEROED = ["SKU-%06d" % rng.randint(200000, 299999) for _ in range(600)]
FINE = ["SKU-%06d" % rng.randint(100000, 199999) for _ in range(600)]
for t in rng.times(START, END, 3.2):
    tr = rng.hex(32)
    order = "O-%09d" % rng.randint(100000000, 999999999)
    skus = [rng.choice(FINE) for _ in range(rng.randint(1, 3))]
    if t >= APPLIED and rng.random() < 0.42:
        skus[0] = rng.choice(ZEROED)
    bad = [s for s in skus if s in ZEROED and t >= APPLIED]
    p = rng.choice(CO_PODS)
    th = "http-nio-8080-exec-%d" % rng.randint(1, 60)
    if not bad:
        for s in skus:
            ia.add(t, jrec(t, "INFO", "inventory-api", "reserved 1 x %s for %s" % (s, order), component="reservations", trace_id=tr, span_id=rng.hex(16),
                           attrs={"sku": s, "available_after": rng.randint(1, 80)}))
        te = t + timedelta(milliseconds=rng.lognorm_ms(240))
        co.add(te, spring(te, "INFO", "checkout-api", tr, rng.hex(16), th, "c.a.checkout.web.RequestLog", "POST /api/orders 201 order=%s" % order))
        sf.add(te, node_line(te, "info", "[checkout] order %s placed (%d items)" % (order, len(skus))))
        continue
    ta = t
    for a in range(3):
        ia.add(ta, jrec(ta, "WARN", "inventory-api", "reservation refused: %s available=0 requested=1" % bad[0], component="reservations", trace_id=tr, span_id=rng.hex(16),
                        attrs={"sku": bad[0], "order": order, "stock_source": "snapshot 2026-06-12T07:30"}))
        te = ta + timedelta(milliseconds=rng.randint(8, 30))
        co.add(te, spring_err(te, "ERROR", "checkout-api", tr, rng.hex(16), th, "c.a.checkout.order.OrderService",
                              "stock reservation failed for order %s (attempt %d/3)" % (order, a + 1),
                              [("com.acme.checkout.stock.InsufficientStockException", "inventory-api refused reservation: %s available=0 requested=1 (409)" % bad[0],
                                ["com.acme.checkout.stock.InventoryClient.reserve(InventoryClient.java:88)",
                                 "com.acme.checkout.order.OrderService.reserveStock(OrderService.java:141)",
                                 "com.acme.checkout.order.OrderService.place(OrderService.java:97)"])]))
        ta = te + timedelta(milliseconds=250 * (a + 1))
    sf.add(ta, node_line(ta, "warn", "[checkout] order %s rejected: OUT_OF_STOCK %s; marking product sold out" % (order, bad[0])))
# storefront page views (sold-out banner shows up for zeroed SKUs)
for t in rng.times(START, END, 4):
    s = rng.choice(ZEROED + FINE)
    so = s in ZEROED and t >= APPLIED
    sf.add(t, node_line(t, "info", "GET /p/%s 200 %dms%s" % (s.lower(), rng.lognorm_ms(70), " (sold out)" if so else "")))
# noise
for t in rng.times(START, END, 0.3):
    ia.add(t, jrec(t, "ERROR", "inventory-api", "redis cache connection reset, reconnecting (cache bypassed)", component="cache", error_type="RedisConnectionException",
                   attrs={"since": "2026-06-11T15:20Z"}))
for t in rng.times(START, END, 0.8):
    co.add(t, spring(t, "WARN", "checkout-api", rng.hex(32), rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 60), "c.a.checkout.payment.PspClient",
                     "payment authorisation took %dms (threshold 1500ms)" % rng.randint(1500, 4200)))
for t in rng.times(START, END, 0.2):
    sf.add(t, node_line(t, "warn", "[health] readiness probe slow: %dms" % rng.randint(900, 2000)))

d = reset_logs(CASE)
si.write(d + "/stock-import.log")
ia.write(d + "/inventory-api.jsonl")
co.write(d + "/checkout-api.log")
sf.write(d + "/storefront.log")
when = dt("2026-06-12T07:41:09.612")
frames = [
    {"filename": "OrderController.java", "module": "com.acme.checkout.web.OrderController", "function": "create", "lineno": 52, "in_app": True},
    {"filename": "OrderService.java", "module": "com.acme.checkout.order.OrderService", "function": "reserveStock", "lineno": 141, "in_app": True},
    {"filename": "InventoryClient.java", "module": "com.acme.checkout.stock.InventoryClient", "function": "reserve", "lineno": 88, "in_app": True},
]
write_json(d + "/../alert.json", sentry_alert(
    event_id="3c8e1f0a5b2d4e6f9a7c0b1d2e3f4a5b", project=4507219, release="checkout-api@9.12.0", platform="java", when=when,
    logger="com.acme.checkout.order.OrderService", title="InsufficientStockException: inventory-api refused reservation: SKU-241977 available=0 requested=1 (409)",
    culprit="com.acme.checkout.stock.InventoryClient in reserve", location="InventoryClient.java",
    tags=[("environment", "production"), ("handled", "yes"), ("level", "error"), ("mechanism", "logback"), ("release", "checkout-api@9.12.0"),
          ("server_name", CO_PODS[0]), ("transaction", "POST /api/orders"), ("url", "http://checkout-api.shop.svc/api/orders")],
    request={"method": "POST", "url": "http://checkout-api.shop.svc/api/orders",
             "headers": [["Content-Type", "application/json"], ["User-Agent", "storefront/14.3.0"]]},
    exc_type="InsufficientStockException", exc_value="inventory-api refused reservation: SKU-241977 available=0 requested=1 (409)",
    exc_module="com.acme.checkout.stock", mechanism="logback", frames=frames, org="acme", slug="checkout-api", issue_id="6418830196",
    rule="checkout-api: error spike", installation="5f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b"))
finish(CASE, {
    "root_cause": {"service": "stock-import", "component": "07:30 snapshot run on a truncated stock_20260612.csv (61% of rows; min_row_ratio check disabled; absent SKUs zeroed)",
                   "error_type": None, "file": None},
    "category": "data",
    "symptoms": [{"service": "checkout-api", "error_type": "InsufficientStockException"},
                 {"service": "inventory-api", "error_type": None},
                 {"service": "storefront", "error_type": None}],
    "why": "The 07:30 stock import read a truncated warehouse file (41,207 of ~67,000 rows, last line cut) and, in snapshot mode with its ratio check disabled, set the 26,184 missing SKUs to zero stock while reporting success; from 07:34 every order containing one of them is refused by inventory-api and checkout-api's three reservation attempts make InsufficientStockException the loudest error.",
})
