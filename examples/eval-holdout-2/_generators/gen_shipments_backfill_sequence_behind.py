#!/usr/bin/env python3
"""shipments-backfill-sequence-behind

Logistics is retiring its legacy carrier system. At 09:41-09:53 an operator runs the
shipments-backfill job, which copies 184,000 legacy shipments into shipments-db and, with
--keep-ids, inserts them with their legacy ids 9,100,001..9,284,000 without advancing the
shipments_id_seq sequence (at ~9,099,8xx then). New shipments keep taking ids from the
sequence; from 10:09 it reaches 9,100,001 and every INSERT collides with a backfilled row
(duplicate key on shipments_pkey, each failed insert burns one id). shipment-service (Spring)
answers 409/500 with DuplicateKeyException, checkout-api retries once and logs each attempt
plus a final ShipmentCreationException, so checkout-api is loudest. The backfill logs only
INFO. Noise: a BI tool failing password auth against the database for days, autovacuum and
checkpoints, slow carrier-rate warnings, a loyalty lookup 404 in checkout-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, spring, pg, generic_alert)

CASE = "shipments-backfill-sequence-behind"
rng = Rng(20250520)
START, END = dt("2025-05-20T09:25:00"), dt("2025-05-20T10:42:00")
BF0, BF1 = dt("2025-05-20T09:41:07"), dt("2025-05-20T09:53:40")

bf, db, ss, co = LogFile(), LogFile(), LogFile(), LogFile()
seq = [9099874]   # next value of shipments_id_seq at START
SS_PODS = ["shipment-service-74c8d6b9f-6tq2w", "shipment-service-74c8d6b9f-xk9mr"]


def pgl(t, pid, level, msg):
    return "%s [%d] %s:  %s" % (pg(t), pid, level, msg)


# ---- the backfill --------------------------------------------------------------------------
bf.add(BF0, jrec(BF0, "INFO", "shipments-backfill", "backfill started", component="backfill.main",
                 attrs={"source": "legacy-carrier-db/ship_orders", "target": "shipments-db/public.shipments", "mode": "copy",
                        "flags": ["--keep-ids", "--batch-size=5000"], "operator": "j.okafor", "ticket": "LOG-2291", "pod": "shipments-backfill-h7f2k"}))
n = 0
t = BF0 + timedelta(seconds=20)
while n < 184000:
    n += 5000 if n + 5000 <= 184000 else 184000 - n
    t += timedelta(seconds=rng.uniform(17, 22))
    if n % 20000 == 0 or n == 184000:
        bf.add(t, jrec(t, "INFO", "shipments-backfill", "copied %d/184000 rows" % n, component="backfill.copy",
                       attrs={"last_id": 9100000 + n, "rate_rows_s": rng.randint(240, 270)}))
bf.add(BF1 - timedelta(seconds=3), jrec(BF1 - timedelta(seconds=3), "WARN", "shipments-backfill", "412 legacy rows without carrier code mapped to carrier 'UNKNOWN'", component="backfill.map"))
bf.add(BF1, jrec(BF1, "INFO", "shipments-backfill", "backfill finished: 184000 rows inserted, ids preserved from legacy (9100001..9284000)",
                 component="backfill.main", attrs={"duration_s": int((BF1 - BF0).total_seconds()), "skipped": 0, "verify": "row counts match"}))
db.add(BF0 + timedelta(seconds=2), pgl(BF0 + timedelta(seconds=2), 51220, "LOG", 'connection authorized: user=backfill database=shipments application_name=shipments-backfill SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)'))
db.add(BF1 + timedelta(seconds=1), pgl(BF1 + timedelta(seconds=1), 51220, "LOG", "disconnection: session time: 0:12:34.120 user=backfill database=shipments host=10.60.4.77 port=50122"))
db.add(BF1 + timedelta(seconds=71), pgl(BF1 + timedelta(seconds=71), 51301, "LOG", 'automatic analyze of table "shipments.public.shipments"'))

# ---- orders -> checkout-api -> shipment-service -> db ---------------------------------------
for t in rng.times(START, END, 3.2):
    order = "ord_%s" % rng.alnum(10)
    trace = rng.hex(32)
    cspan = rng.hex(16)
    ok = False
    for attempt in (1, 2):
        ta = t + timedelta(milliseconds=(attempt - 1) * 600 + rng.randint(5, 30))
        sid = seq[0]
        seq[0] += 1
        pod = rng.choice(SS_PODS)
        sspan = rng.hex(16)
        pid = rng.randint(40000, 52000)
        if 9100001 <= sid <= 9284000:
            db.add(ta, pgl(ta, pid, "ERROR", 'duplicate key value violates unique constraint "shipments_pkey"'))
            db.add(ta, pgl(ta, pid, "DETAIL", "Key (id)=(%d) already exists." % sid))
            db.add(ta, pgl(ta, pid, "STATEMENT", "insert into shipments (carrier,created_at,order_id,service_level,status,id) values ($1,$2,$3,$4,$5,$6)"))
            ss.add(ta, spring(ta, "ERROR", "shipment-service", trace, sspan, "http-nio-8080-exec-%d" % rng.randint(1, 50), "c.a.shipping.web.ApiExceptionHandler",
                              "POST /v1/shipments failed for order %s -> 500\n"
                              "org.springframework.dao.DuplicateKeyException: could not execute statement [ERROR: duplicate key value violates unique constraint \"shipments_pkey\"\n"
                              "  Detail: Key (id)=(%d) already exists.] [insert into shipments (carrier,created_at,order_id,service_level,status,id) values (?,?,?,?,?,?)]\n"
                              "\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:290)\n"
                              "\tat com.acme.shipping.service.ShipmentService.create(ShipmentService.java:67)\n"
                              "Caused by: org.postgresql.util.PSQLException: ERROR: duplicate key value violates unique constraint \"shipments_pkey\"\n"
                              "  Detail: Key (id)=(%d) already exists.\n"
                              "\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)\n"
                              "\t... 94 common frames omitted" % (order, sid, sid)))
            if attempt == 1:
                co.add(ta + timedelta(milliseconds=40), jrec(ta + timedelta(milliseconds=40), "ERROR", "checkout-api", "create shipment failed (attempt 1/2), retrying in 500ms",
                                                            component="com.acme.checkout.shipping.ShipmentClient", error_type="org.springframework.web.client.HttpServerErrorException$InternalServerError",
                                                            trace_id=trace, span_id=cspan, attrs={"order": order, "status": 500}))
        else:
            ms = rng.lognorm_ms(25)
            ss.add(ta + timedelta(milliseconds=ms), spring(ta + timedelta(milliseconds=ms), "INFO", "shipment-service", trace, sspan, "http-nio-8080-exec-%d" % rng.randint(1, 50),
                                                           "c.a.shipping.web.RequestLog", "POST /v1/shipments 201 in %dms (shipment %d, order %s)" % (ms, sid, order)))
            co.add(ta + timedelta(milliseconds=ms + 6), jrec(ta + timedelta(milliseconds=ms + 6), "INFO", "checkout-api", "order placed", component="com.acme.checkout.OrderService",
                                                            trace_id=trace, span_id=cspan, attrs={"order": order, "shipment": sid}))
            ok = True
            break
    if not ok:
        tf = t + timedelta(milliseconds=700)
        co.add(tf, jrec(tf, "ERROR", "checkout-api", "order %s not placed: shipment could not be created" % order, component="com.acme.checkout.OrderService",
                        error_type="com.acme.checkout.shipping.ShipmentCreationException", trace_id=trace, span_id=cspan,
                        caused_by="org.springframework.web.client.HttpServerErrorException$InternalServerError: 500 on POST request for \"http://shipment-service.logistics.svc:8080/v1/shipments\"",
                        stack=["com.acme.checkout.shipping.ShipmentCreationException: shipment could not be created after 2 attempts",
                               "at com.acme.checkout.shipping.ShipmentClient.create(ShipmentClient.java:58)",
                               "at com.acme.checkout.OrderService.place(OrderService.java:121)"],
                        attrs={"order": order, "attempts": 2}))
# checkout-api: a failed attempt followed by a 500 also logs the final error; 3 lines/order

# ---- noise ----------------------------------------------------------------------------------
for t in rng.times(START, END, 0.5):
    pid = rng.randint(52000, 53000)
    db.add(t, pgl(t, pid, "FATAL", 'password authentication failed for user "metabase"'))
    db.add(t, pgl(t, pid, "DETAIL", 'User "metabase" has no password assigned.\n\tConnection matched file "/var/lib/postgresql/data/pg_hba.conf" line 103: "host all all 10.60.0.0/16 scram-sha-256"'))
for m in range(0, 77, 5):
    t = START + timedelta(minutes=m, seconds=4)
    db.add(t, pgl(t, 88, "LOG", "checkpoint starting: time"))
    db.add(t + timedelta(seconds=27), pgl(t + timedelta(seconds=27), 88, "LOG", "checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, %d recycled; write=26.912 s, sync=0.006 s, total=27.114 s" % (rng.randint(900, 4000), rng.uniform(0.5, 2.5), rng.randint(1, 4))))
for t in rng.times(START, END, 0.2):
    db.add(t, pgl(t, rng.randint(52000, 53000), "LOG", 'automatic vacuum of table "shipments.public.tracking_events": index scans: 1'))
for t in rng.times(START, END, 0.6):
    ss.add(t, spring(t, "WARN", "shipment-service", None, None, "carrier-rates-%d" % rng.randint(1, 4), "c.a.shipping.carrier.RateClient",
                     "carrier rate lookup slow: carrier=DHL took %dms (budget 800ms), using cached rates" % rng.randint(820, 2400)))
for t in rng.times(START, END, 0.4):
    co.add(t, jrec(t, "ERROR", "checkout-api", "loyalty lookup failed: 404 Not Found from loyalty-api (GET /v2/members/{id}/points)", component="com.acme.checkout.loyalty.LoyaltyClient",
                   error_type="org.springframework.web.client.HttpClientErrorException$NotFound", trace_id=rng.hex(32), span_id=rng.hex(16),
                   attrs={"since": "2025-05-19T15:30:00Z", "note": "loyalty-api v2 retired"}))

d = reset_logs(CASE)
bf.write(d + "/shipments-backfill.jsonl")
co.write(d + "/checkout-api.jsonl")
db.write(d + "/shipments-db.log")
ss.write(d + "/shipment-service.log")
write_json(d + "/../alert.json", generic_alert(
    "checkout-api", "checkout-api: orders failing with ShipmentCreationException (placed-order ratio 12%, normal 97%)", "critical",
    "b71e0c94a3d25f86", dt("2025-05-20T10:14:00"),
    {"env": "prod", "team": "checkout", "alertname": "CheckoutOrderSuccessRatio", "source": "datadog-monitor", "namespace": "shop"}))
finish(CASE, {
    "root_cause": {"service": "shipments-backfill",
                   "component": "backfill run LOG-2291 with --keep-ids: inserted ids 9100001..9284000 without advancing shipments_id_seq",
                   "error_type": None, "file": None},
    "category": "data",
    "symptoms": [{"service": "checkout-api", "error_type": "ShipmentCreationException"},
                 {"service": "shipment-service", "error_type": "DuplicateKeyException"},
                 {"service": "shipments-db", "error_type": None}],
    "why": "The 09:41 legacy backfill inserted 184,000 shipments with their legacy ids 9100001..9284000 but left shipments_id_seq behind; from 10:09 the sequence hands out ids that already exist, so every new shipment INSERT fails on shipments_pkey and checkout cannot place orders. The database and shipment-service code are fine; setval the sequence past 9284000 (and make the backfill do it).",
})
