#!/usr/bin/env python3
"""orders-api-rename-column-migration

orders-api 5.3.0 (Django) ships migration 0047 that renames orders_order.shipping_addr to
shipping_address. The Helm pre-upgrade hook runs the migration at 14:02 before the rolling
update; the rollout then replaces the six 5.2.4 pods one at a time (maxSurge 1, 90 s warm-up).
Until each old pod is gone it fails every order read with ProgrammingError (psycopg2
UndefinedColumn "column orders_order.shipping_addr does not exist", the direct cause), logged
twice (JSON records from django.request with the cause and from the error middleware, each
with the pod's deploy version); orders-db logs each failed
statement with a HINT naming the new column; storefront-bff shows order pages as unavailable.
Errors fade as the rollout completes at ~14:16. The loudest error is the root cause here.
Noise: a slow-query warning, a storefront-bff recommendations timeout since morning, postgres
checkpoints and autovacuum, readiness probe failures of the warming new pods.
Sentry issue alert on orders-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, pgline, k8s, sentry_alert, pod)

CASE = "orders-api-rename-column-migration"
rng = Rng(20260616)
START, END = dt("2026-06-16T13:50:00"), dt("2026-06-16T14:30:00")
MIGRATED = dt("2026-06-16T14:02:31.406")
oa, db, ev, bff = LogFile(), LogFile(), LogFile(), LogFile()
OLD = [pod(rng, "orders-api", "6f7c8b9d5") for _ in range(6)]
NEW = [pod(rng, "orders-api", "84b9d6c7f") for _ in range(6)]
# rollout: new pod i ready at, old pod i removed at
ready = [MIGRATED + timedelta(seconds=40 + 130 * i + rng.randint(0, 25)) for i in range(6)]
DEPLOY = {"5.2.4": {"version": "5.2.4", "commit": "91ac3f0"}, "5.3.0": {"version": "5.3.0", "commit": "d27e5b8"}}
STACK = ["django/core/handlers/exception.py:55 in inner", "orders/views.py:48 in retrieve", "django/db/models/query.py:645 in get",
         "django/db/backends/utils.py:100 in _execute", "django/db/utils.py:91 in __exit__", "django/db/backends/utils.py:105 in _execute"]
SQL = ('SELECT "orders_order"."id", "orders_order"."number", "orders_order"."status", "orders_order"."customer_id", '
       '"orders_order"."shipping_addr", "orders_order"."total_cents" FROM "orders_order" WHERE "orders_order"."number" = $1 LIMIT 21')


def serving(t):
    """(pod, version) serving at t"""
    pods = [(p, "5.2.4") for i, p in enumerate(OLD) if t < ready[i]] + [(p, "5.3.0") for i, p in enumerate(NEW) if t >= ready[i]]
    return rng.choice(pods)


ev.add(dt("2026-06-16T14:01:58"), k8s(dt("2026-06-16T14:01:58"), "Normal", "SuccessfulCreate", "job/orders-api-migrate-5-3-0", "Created pod: orders-api-migrate-5-3-0-%s" % rng.alnum(5)))
ev.add(dt("2026-06-16T14:02:33"), k8s(dt("2026-06-16T14:02:33"), "Normal", "Completed", "job/orders-api-migrate-5-3-0", "Job completed"))
oa.add(dt("2026-06-16T14:02:30.902"), jrec(dt("2026-06-16T14:02:30.902"), "INFO", "orders-api", "Applying orders.0047_rename_shipping_addr_order_shipping_address... OK",
                                           component="django.db.migrations", deploy=DEPLOY["5.3.0"], attrs={"pod": "orders-api-migrate-5-3-0"}))
db.add(MIGRATED - timedelta(milliseconds=300), pgline(MIGRATED - timedelta(milliseconds=300), 48811, "LOG", 'statement: ALTER TABLE "orders_order" RENAME COLUMN "shipping_addr" TO "shipping_address"', user="orders", db="orders", app="[migrate]"))
for i in range(6):
    t = ready[i] - timedelta(seconds=95)
    ev.add(t, k8s(t, "Normal", "ScalingReplicaSet", "deployment/orders-api", "Scaled up replica set orders-api-84b9d6c7f to %d from %d" % (i + 1, i)))
    ev.add(t + timedelta(seconds=2), k8s(t + timedelta(seconds=2), "Normal", "Started", "pod/" + NEW[i], "Started container orders-api"))
    for k in range(2):
        tu = t + timedelta(seconds=20 + 25 * k)
        ev.add(tu, k8s(tu, "Warning", "Unhealthy", "pod/" + NEW[i], 'Readiness probe failed: Get "http://10.42.4.%d:8000/ready": dial tcp: connect: connection refused' % rng.randint(2, 250)))
    oa.add(t + timedelta(seconds=60), jrec(t + timedelta(seconds=60), "INFO", "orders-api", "Booting worker with pid: %d" % rng.randint(20, 90), component="gunicorn.error",
                                           deploy=DEPLOY["5.3.0"], attrs={"pod": NEW[i]}))
    ev.add(ready[i] + timedelta(seconds=1), k8s(ready[i] + timedelta(seconds=1), "Normal", "ScalingReplicaSet", "deployment/orders-api", "Scaled down replica set orders-api-6f7c8b9d5 to %d from %d" % (5 - i, 6 - i)))
    ev.add(ready[i] + timedelta(seconds=1), k8s(ready[i] + timedelta(seconds=1), "Normal", "Killing", "pod/" + OLD[i], "Stopping container orders-api"))
for t in rng.times(START, END, 24):
    number = "O-%09d" % rng.randint(100000000, 999999999)
    p, ver = serving(t)
    via_bff = rng.random() < 0.35
    tr = rng.hex(32)
    path = "/api/orders/%s" % number
    if t < MIGRATED or ver == "5.3.0":
        d = rng.lognorm_ms(28)
        oa.add(t + timedelta(milliseconds=d), jrec(t + timedelta(milliseconds=d), "INFO", "orders-api", "GET %s 200 %dms" % (path, d), component="orders.access",
                                                   trace_id=tr, span_id=rng.hex(16), deploy=DEPLOY[ver], attrs={"pod": p}))
        if via_bff:
            bff.add(t + timedelta(milliseconds=d + 2), jrec(t + timedelta(milliseconds=d + 2), "INFO", "storefront-bff", "order page %s rendered" % number, component="orders", trace_id=tr, span_id=rng.hex(16)))
        continue
    pid = rng.randint(48000, 49999)
    db.add(t + timedelta(milliseconds=4), pgline(t + timedelta(milliseconds=4), pid, "ERROR", "column orders_order.shipping_addr does not exist at character 89", user="orders", db="orders", app="orders-api"))
    db.add(t + timedelta(milliseconds=4), pgline(t + timedelta(milliseconds=4), pid, "HINT", 'Perhaps you meant to reference the column "orders_order.shipping_address".', user="orders", db="orders", app="orders-api"))
    db.add(t + timedelta(milliseconds=4), pgline(t + timedelta(milliseconds=4), pid, "STATEMENT", SQL, user="orders", db="orders", app="orders-api"))
    te = t + timedelta(milliseconds=rng.randint(6, 14))
    sp = rng.hex(16)
    oa.add(te, jrec(te, "ERROR", "orders-api", "Internal Server Error: %s" % path, component="django.request",
                    error_type="django.db.utils.ProgrammingError", trace_id=tr, span_id=sp,
                    caused_by="psycopg2.errors.UndefinedColumn: column orders_order.shipping_addr does not exist", stack=STACK,
                    deploy=DEPLOY[ver], attrs={"pod": p, "status": 500,
                    "exception": "column orders_order.shipping_addr does not exist\nLINE 1: ...\"orders_order\".\"customer_id\", \"orders_o...\nHINT:  Perhaps you meant to reference the column \"orders_order.shipping_address\"."}))
    oa.add(te, jrec(te, "ERROR", "orders-api", "unhandled ProgrammingError on GET %s, answering 500" % path, component="orders.middleware.errors",
                    error_type="django.db.utils.ProgrammingError", trace_id=tr, span_id=sp, deploy=DEPLOY[ver], attrs={"pod": p}))
    if via_bff:
        bff.add(te + timedelta(milliseconds=3), jrec(te + timedelta(milliseconds=3), "ERROR", "storefront-bff", "order page %s unavailable: orders-api answered 500" % number,
                component="orders", error_type="OrderServiceError", trace_id=tr, span_id=rng.hex(16), attrs={"upstream": "orders-api", "status": 500}))


# noise
for t in rng.times(START, END, 0.4):
    p, ver = serving(t)
    oa.add(t, jrec(t, "WARN", "orders-api", "slow query (%d ms): SELECT ... FROM orders_orderline WHERE order_id IN (...)" % rng.randint(500, 1500), component="django.db.backends",
                   deploy=DEPLOY[ver], attrs={"pod": p}))
for t in rng.times(START, END, 0.5):
    bff.add(t, jrec(t, "ERROR", "storefront-bff", "recommendations widget timed out after 400ms", component="recs", error_type="UpstreamTimeoutError",
                    attrs={"upstream": "recs-api", "since": "2026-06-16T08:10Z"}))
for m in range(0, 40, 5):
    t = START + timedelta(minutes=m, seconds=12)
    db.add(t, pgline(t, 61, "LOG", "checkpoint starting: time", user="", db="", app=""))
    db.add(t + timedelta(seconds=27), pgline(t + timedelta(seconds=27), 61, "LOG", "checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, 1 recycled; write=26.%03d s, sync=0.004 s, total=26.%03d s" % (
        rng.randint(800, 3000), rng.uniform(0.5, 2.0), rng.randint(0, 999), rng.randint(0, 999)), user="", db="", app=""))
for t in rng.times(START, END, 0.3):
    db.add(t, pgline(t, rng.randint(50000, 52000), "LOG", "automatic vacuum of table \"orders.public.orders_orderevent\": index scans: 1", user="", db="", app=""))

d = reset_logs(CASE)
oa.write(d + "/orders-api.jsonl")
db.write(d + "/orders-db.log")
ev.write(d + "/k8s-events.log")
bff.write(d + "/storefront-bff.jsonl")
when = dt("2026-06-16T14:03:02.117")
frames = [
    {"filename": "orders/views.py", "abs_path": "/app/orders/views.py", "module": "orders.views", "function": "retrieve", "lineno": 48,
     "context_line": "        order = Order.objects.get(number=number)", "in_app": True},
    {"filename": "django/db/utils.py", "abs_path": "/usr/local/lib/python3.12/site-packages/django/db/utils.py", "module": "django.db.utils", "function": "__exit__", "lineno": 91,
     "context_line": "                raise dj_exc_value.with_traceback(traceback) from exc_value", "in_app": False},
]
write_json(d + "/../alert.json", sentry_alert(
    event_id="7a2b9c4d1e0f43a8b6c5d4e3f2a1b0c9", project=4507402, release="orders-api@5.2.4", platform="python", when=when,
    logger="django.request", title="ProgrammingError: column orders_order.shipping_addr does not exist",
    culprit="orders.views in retrieve", location="orders/views.py",
    tags=[("environment", "production"), ("handled", "no"), ("level", "error"), ("mechanism", "django"), ("release", "orders-api@5.2.4"),
          ("server_name", OLD[3]), ("transaction", "/api/orders/{number}"), ("url", "http://orders-api.shop.svc/api/orders/O-518204771")],
    request={"method": "GET", "url": "http://orders-api.shop.svc/api/orders/O-518204771",
             "headers": [["Accept", "application/json"], ["User-Agent", "storefront-bff/22.1.0"]]},
    exc_type="ProgrammingError", exc_value="column orders_order.shipping_addr does not exist", exc_module="django.db.utils",
    mechanism="django", frames=frames, org="acme", slug="orders-api", issue_id="6420915583",
    rule="orders-api: new issue", installation="8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f"))
finish(CASE, {
    "root_cause": {"service": "orders-api", "component": "5.3.0 migration 0047 (RenameField shipping_addr -> shipping_address) run by the pre-upgrade hook while 5.2.4 pods still serve",
                   "error_type": "ProgrammingError", "file": "orders/migrations/0047_rename_shipping_addr_order_shipping_address.py"},
    "category": "deploy",
    "symptoms": [{"service": "orders-db", "error_type": None},
                 {"service": "storefront-bff", "error_type": "OrderServiceError"}],
    "why": "The 5.3.0 release renamed orders_order.shipping_addr in a migration that ran before the rolling update, so every 5.2.4 pod still serving fails order reads with ProgrammingError (UndefinedColumn) until it is replaced; errors start at the migration (14:02) and fade as the rollout completes. Here the loudest error is the root cause; the migration should have been split (add column, deploy, then drop).",
})
