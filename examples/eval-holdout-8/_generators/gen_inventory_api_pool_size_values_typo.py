#!/usr/bin/env python3
"""inventory-api-pool-size-values-typo

An Argo CD automated sync at 11:52 applies a values change for inventory-api that sets
INVENTORY_DB_POOL_MAX to 2 (was 20); the checksum annotation rolls the deployment. Each new pod
logs its datasource settings at start (maximumPoolSize=2) and, under the lunchtime load, requests
wait for one of two connections: Hikari times out after 3000 ms (total=2, active=2, idle=0,
waiting=N) and inventory-api logs a 3-level Caused by chain. cart-api (jsonl) gives up after 2 s,
retries 3 times and logs each attempt plus a final error (the loudest); storefront-bff (Node) fails
add-to-cart. The database itself is idle (pool stats show few connections).
Noise: inventory slow reservation-sweep warnings, an older cart-api promo 404 error, a flaky
storefront-bff readiness probe, HPA events.
Generic alert on cart-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, spring, spring_err, node_line, k8s,
                    generic_alert, pod, uuid, trace, span)

CASE = "inventory-api-pool-size-values-typo"
rng = Rng(20250722)
START, END = dt("2025-07-22T11:34:00"), dt("2025-07-22T12:09:00")
SYNC = dt("2025-07-22T11:52:11")
ia, ca, bff, ke = LogFile(), LogFile(), LogFile(), LogFile()
OLD = [pod(rng, "inventory-api", "84f6c9d7b") for _ in range(3)]
NEW = [pod(rng, "inventory-api", "5b9c7d6f8") for _ in range(3)]
CA_PODS = [pod(rng, "cart-api", "7c6d5b9f8") for _ in range(3)]
BFF_PODS = [pod(rng, "storefront-bff", "6f8b7d5c9") for _ in range(2)]
BFF_IPS = {p: "10.12.%d.%d" % (rng.randint(1, 9), rng.randint(10, 250)) for p in BFF_PODS}
CA_DEP = {"version": "9.4.0", "commit": "71ac3f0"}
UP = []  # (time new pod serves, old pod stops)
ke.add(SYNC, k8s(SYNC, "Normal", "OperationStarted", "application/inventory-api", "Initiated automated sync to 'e4b7a21'"))
ke.add(SYNC + timedelta(seconds=6), k8s(SYNC + timedelta(seconds=6), "Normal", "ScalingReplicaSet", "deployment/inventory-api", "Scaled up replica set inventory-api-5b9c7d6f8 to 1"))
for i, (o, n) in enumerate(zip(OLD, NEW)):
    t0 = SYNC + timedelta(seconds=8 + 52 * i)
    ke.add(t0, k8s(t0, "Normal", "Scheduled", "pod/" + n, "Successfully assigned shop/%s to ip-10-12-%d-%d" % (n, rng.randint(1, 9), rng.randint(10, 250))))
    ke.add(t0 + timedelta(seconds=2), k8s(t0 + timedelta(seconds=2), "Normal", "Pulled", "pod/" + n, 'Container image "registry.acme.example/inventory-api:6.3.2" already present on machine'))
    ke.add(t0 + timedelta(seconds=3), k8s(t0 + timedelta(seconds=3), "Normal", "Started", "pod/" + n, "Started container inventory-api"))
    ts = t0 + timedelta(seconds=14, milliseconds=rng.randint(0, 999))
    ia.add(ts, spring(ts, "INFO", "inventory-api", "", "", "main", "c.a.inventory.InventoryApplication", "Starting InventoryApplication v6.3.2 using Java 21.0.4 with PID 1 (%s)" % n))
    ia.add(ts + timedelta(seconds=9), spring(ts + timedelta(seconds=9), "INFO", "inventory-api", "", "", "main", "c.a.inventory.config.DataSourceConfig",
                                              "datasource url=jdbc:postgresql://inventory-db.shop.svc:5432/inventory maximumPoolSize=2 minimumIdle=2 connectionTimeout=3000ms (INVENTORY_DB_POOL_MAX=2)"))
    ia.add(ts + timedelta(seconds=9, milliseconds=40), spring(ts + timedelta(seconds=9, milliseconds=40), "INFO", "inventory-api", "", "", "main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Starting..."))
    ia.add(ts + timedelta(seconds=9, milliseconds=310), spring(ts + timedelta(seconds=9, milliseconds=310), "INFO", "inventory-api", "", "", "main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed."))
    ia.add(ts + timedelta(seconds=12), spring(ts + timedelta(seconds=12), "INFO", "inventory-api", "", "", "main", "c.a.inventory.InventoryApplication", "Started InventoryApplication in 12.118 seconds (process running for 13.02)"))
    tr_ = ts + timedelta(seconds=20)
    ke.add(tr_, k8s(tr_, "Normal", "ScalingReplicaSet", "deployment/inventory-api", "Scaled down replica set inventory-api-84f6c9d7b to %d from %d" % (2 - i, 3 - i)))
    ke.add(tr_ + timedelta(seconds=1), k8s(tr_ + timedelta(seconds=1), "Normal", "Killing", "pod/" + o, "Stopping container inventory-api"))
    if i < 2:
        ke.add(tr_ + timedelta(seconds=2), k8s(tr_ + timedelta(seconds=2), "Normal", "ScalingReplicaSet", "deployment/inventory-api", "Scaled up replica set inventory-api-5b9c7d6f8 to %d from %d" % (i + 2, i + 1)))
    UP.append(tr_)
ke.add(UP[-1] + timedelta(seconds=5), k8s(UP[-1] + timedelta(seconds=5), "Normal", "OperationCompleted", "application/inventory-api", "Sync operation to e4b7a21 succeeded"))
ke.add(UP[-1] + timedelta(seconds=6), k8s(UP[-1] + timedelta(seconds=6), "Normal", "ResourceUpdated", "application/inventory-api", "Updated sync status: OutOfSync -> Synced"))


def new_share(t):
    return sum(1 for u in UP if t >= u) / 3.0


def chain(waiting):
    return [("org.springframework.transaction.CannotCreateTransactionException", "Could not open JPA EntityManager for transaction",
             ["org.springframework.orm.jpa.JpaTransactionManager.doBegin(JpaTransactionManager.java:466)",
              "com.acme.inventory.reservation.ReservationService.reserve(ReservationService.java:58)"]),
            ("org.hibernate.exception.JDBCConnectionException", "Unable to acquire JDBC Connection [HikariPool-1 - Connection is not available, request timed out after 3000ms (total=2, active=2, idle=0, waiting=%d)]" % waiting,
             ["org.hibernate.exception.internal.SQLStateConversionDelegate.convert(SQLStateConversionDelegate.java:100)"]),
            ("java.sql.SQLTransientConnectionException", "HikariPool-1 - Connection is not available, request timed out after 3000ms (total=2, active=2, idle=0, waiting=%d)" % waiting,
             ["com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)"])]


for t in rng.times(START, END, 5):
    sku = "SKU-%06d" % rng.randint(100000, 999999)
    tr, root = trace(rng), span(rng)
    cpod, bpod = rng.choice(CA_PODS), rng.choice(BFF_PODS)
    ta = t
    ok = False
    for a in range(3):
        ipod_new = rng.random() < new_share(ta)
        fail = ipod_new and rng.random() < 0.7
        sp = span(rng)
        if not fail:
            d = rng.lognorm_ms(45)
            ca.add(ta + timedelta(milliseconds=d), jrec(ta + timedelta(milliseconds=d), "INFO", "cart-api", "item added", component="cart.handlers.AddItem",
                   trace_id=tr, span_id=sp, parent_span_id=root, deploy=CA_DEP, attrs={"pod": cpod, "sku": sku, "attempt": a + 1, "inventory_ms": d}))
            ta = ta + timedelta(milliseconds=d)
            ok = True
            break
        ipod = rng.choice([n for n, u in zip(NEW, UP) if ta >= u])
        tc = ta + timedelta(milliseconds=2000)
        ca.add(tc, jrec(tc, "ERROR", "cart-api", "inventory reserve attempt %d/3 failed: read timeout after 2000ms" % (a + 1), component="cart.clients.InventoryClient",
               error_type="InventoryUnavailableException", trace_id=tr, span_id=sp, parent_span_id=root, deploy=CA_DEP, attrs={"pod": cpod, "sku": sku, "attempt": a + 1}))
        ti = ta + timedelta(milliseconds=3004 + rng.randint(0, 40))
        ia.add(ti, spring_err(ti, "ERROR", "inventory-api", tr, sp, "http-nio-8080-exec-%d" % rng.randint(1, 200), "c.a.inventory.web.ErrorAdvice",
                              "POST /v2/reservations sku=%s failed (%s)" % (sku, ipod), chain(rng.randint(9, 38))))
        ta = tc + timedelta(milliseconds=100 * (a + 1))
    if ok:
        bff.add(ta + timedelta(milliseconds=8), node_line(ta + timedelta(milliseconds=8), "info", "POST /api/cart/items 200 %dms pod=%s" % ((ta - t).total_seconds() * 1000 + 8, bpod)))
    else:
        ca.add(ta, jrec(ta, "ERROR", "cart-api", "add item failed after 3 attempts, answering 503", component="cart.handlers.AddItem",
                        error_type="InventoryUnavailableException", trace_id=tr, span_id=span(rng), parent_span_id=root, deploy=CA_DEP, attrs={"pod": cpod, "sku": sku}))
        bff.add(ta + timedelta(milliseconds=6), node_line(ta + timedelta(milliseconds=6), "error", "POST /api/cart/items 503 CartApiError: cart-api answered 503 Service Unavailable trace=%s pod=%s\n"
                                                          "    at CartClient.addItem (/app/dist/clients/cart.js:61:11)" % (tr, bpod)))

# per-minute pool gauges (app metrics logger) on the new pods
m = SYNC
while m < END:
    for n, u in zip(NEW, UP):
        tl = m + timedelta(seconds=45, milliseconds=rng.randint(0, 999))
        if tl >= u:
            ia.add(tl, spring(tl, "INFO", "inventory-api", "", "", "metrics-1", "c.a.inventory.metrics.PoolGauge",
                              "hikari pool=HikariPool-1 total=2 active=2 idle=0 pending=%d max=2 pod=%s" % (rng.randint(6, 40), n)))
    m += timedelta(minutes=1)
# noise
for t in rng.times(START, END, 0.35):
    ia.add(t, spring(t, "WARN", "inventory-api", "", "", "scheduling-1", "c.a.inventory.reservation.ExpiredReservationSweeper",
                     "reservation sweep took %dms (released %d expired holds)" % (rng.randint(1100, 2400), rng.randint(3, 60))))
for t in rng.times(START, END, 0.5):
    ca.add(t, jrec(t, "ERROR", "cart-api", "promo code lookup failed: 404 from promotions-service", component="cart.clients.PromoClient",
                   error_type="PromoLookupException", trace_id=trace(rng), span_id=span(rng), deploy=CA_DEP, attrs={"pod": rng.choice(CA_PODS), "code": rng.choice(["SUMMER25", "WELCOME10", "FREESHIP"])}))
for t in rng.times(START, END, 0.25):
    p = rng.choice(BFF_PODS)
    ke.add(t, k8s(t, "Warning", "Unhealthy", "pod/" + p, "Readiness probe failed: Get \"http://%s:3000/ready\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)" % BFF_IPS[p]))
for t in rng.times(START, END, 0.1):
    ke.add(t, k8s(t, "Normal", "SuccessfulRescale", "horizontalpodautoscaler/cart-api", "New size: 3; reason: All metrics below target"))
for t in rng.times(START, END, 2.5):
    bff.add(t, node_line(t, "info", "GET /api/%s 200 %dms" % (rng.choice(["cart", "products/%d" % rng.randint(1000, 99999), "me"]), rng.lognorm_ms(35))))

d = reset_logs(CASE)
ia.write(d + "/inventory-api.log")
ca.write(d + "/cart-api.jsonl")
bff.write(d + "/storefront-bff.log")
ke.write(d + "/k8s-events.log")
write_json(d + "/../alert.json", generic_alert("cart-api", "cart-api: error log rate > 5/min (InventoryUnavailableException)", "high", "a7d3e19c04b6f258",
                                               dt("2025-07-22T11:58:00"), {"env": "prod", "team": "basket", "alertname": "CartApiErrorLogRate", "source": "loki-ruler", "namespace": "shop"}))
finish(CASE, {
    "root_cause": {"service": "inventory-api", "component": "Argo CD sync e4b7a21: values INVENTORY_DB_POOL_MAX=2 (was 20), Hikari maximumPoolSize",
                   "error_type": "SQLTransientConnectionException", "file": None},
    "category": "config",
    "symptoms": [{"service": "cart-api", "error_type": "InventoryUnavailableException"}, {"service": "storefront-bff", "error_type": "CartApiError"}],
    "why": "The 11:52 Argo CD sync rolled inventory-api with a datasource pool of 2 connections (the new pods log maximumPoolSize=2); at lunchtime load requests queue for a connection and Hikari times out after 3 s (SQLTransientConnectionException, total=2 active=2), so cart-api's 2 s calls time out, are retried and fail add-to-cart. Restoring the pool size fixes it.",
})
