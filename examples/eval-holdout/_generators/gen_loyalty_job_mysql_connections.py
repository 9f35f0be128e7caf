#!/usr/bin/env python3
"""loyalty-job-mysql-connections

mysql-main (MySQL 8.0, max_connections=400) is shared by orders-svc (Java/Hikari), catalog-svc
(Go, database/sql, plain std log without levels) and accounts (Python/Django); together they
hold ~180 connections. The nightly CronJob loyalty-recalc (Python, multiprocessing +
SQLAlchemy) was changed the day before from 6 to 48 worker processes ("speed up nightly
recalc"), each with pool_size=5/max_overflow=2: from 03:00 it opens ~330 connections and keeps
them busy until it finishes at 03:52. The server is full: whenever an application pool
recycles or grows a connection it gets "Too many connections" (1040), so orders-svc times out
waiting for connections, catalog-svc queries fail, accounts raises OperationalError, and envoy
returns 503s (with client retries - the loudest). Everything recovers when the job completes.
loyalty-recalc itself logs only INFO/WARN. Noise: payment-provider timeouts in orders-svc,
envoy 404s, a flapping probe of an unrelated pod, Django deprecation warnings, a slow log that
is mostly the job's own queries. Sentry issue alert on accounts.
"""
import math
import os
import sys
from datetime import timedelta

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from casegen import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish,
                     logback, pylog, iso_s, iso_ms, iso_us)

CASE = "loyalty-job-mysql-connections"
rng = Rng(20250708)

START = dt("2025-07-08T02:22:00")
END = dt("2025-07-08T04:12:00")
JOB = dt("2025-07-08T03:00:04")
FULL = dt("2025-07-08T03:01:37")
DONE = dt("2025-07-08T03:52:18")

orders = LogFile()
catalog = LogFile()
accounts = LogFile()
envoy = LogFile()
job = LogFile()
ev = LogFile()
slow = LogFile()

JOB_POD = "loyalty-recalc-29199060-6mz4q"
UPS = {"orders-svc.shop.svc:8080": "10.40.1.%d:8080", "catalog-svc.shop.svc:8080": "10.40.2.%d:8080",
       "accounts.shop.svc:8000": "10.40.3.%d:8000", "shop-web.shop.svc:8080": "10.40.4.%d:8080"}


def p_fail(t, lifetime_s, peak):
    """share of requests that need a new connection and cannot get one"""
    if t < FULL or t >= DONE + timedelta(seconds=20):
        return 0.0
    el = (t - FULL).total_seconds()
    return peak * (1 - math.exp(-el / lifetime_s))


def lbk(t, level, thread, logger, msg):
    return "%s %5s 1 --- [orders-svc] [%15s] %-40s : %s" % (logback(t), level, thread[-15:], logger[-40:], msg)


def event(t, typ, reason, obj, msg):
    ev.add(t, "%s  %-7s  %-22s %-48s %s" % (iso_s(t), typ, reason, obj, msg))


def env(t, method, path, status, dur, cluster, up):
    envoy.add(t, '[%s] "%s %s HTTP/1.1" %d %s 0 %d %d %s "%s" "%s" "%s-%s-%s-%s-%s" "api.shop.example" "%s"' % (
        iso_ms(t), method, path, status, "-",
        rng.randint(90, 4000), dur, dur - 1 if dur > 1 else 0, "10.40.%d.%d" % (rng.randint(0, 9), rng.randint(2, 250)),
        rng.choice(["okhttp/4.12.0", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)", "shop-web/2025.07.1"]),
        rng.hex(8), rng.hex(4), rng.hex(4), rng.hex(4), rng.hex(12), UPS[up] % rng.randint(2, 250)))


ORDERS_ERR = """org.springframework.transaction.CannotCreateTransactionException: Could not open JPA EntityManager for transaction
	at org.springframework.orm.jpa.JpaTransactionManager.doBegin(JpaTransactionManager.java:466)
	at org.springframework.transaction.support.AbstractPlatformTransactionManager.startTransaction(AbstractPlatformTransactionManager.java:531)
	at com.acme.orders.api.OrderController.{m}(OrderController.java:{l})
Caused by: org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection [HikariPool-1 - Connection is not available, request timed out after 10000ms (total=6, active=6, idle=0, waiting=14)]
	at org.hibernate.exception.internal.SQLStateConversionDelegate.convert(SQLStateConversionDelegate.java:100)
	... 38 common frames omitted
Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 10000ms (total=6, active=6, idle=0, waiting=14)
	at com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)
	at com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179)
	... 41 common frames omitted
Caused by: java.sql.SQLNonTransientConnectionException: Data source rejected establishment of connection,  message from server: "Too many connections"
	at com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:111)
	at com.mysql.cj.jdbc.ConnectionImpl.createNewIO(ConnectionImpl.java:819)
	at com.zaxxer.hikari.pool.PoolBase.newConnection(PoolBase.java:360)
	at com.zaxxer.hikari.pool.HikariPool$PoolEntryCreator.call(HikariPool.java:734)"""

PAY_ERR = """com.acme.orders.payment.PaymentProviderTimeoutException: psp.example timed out after 8000ms (capture {ref})
	at com.acme.orders.payment.PspClient.capture(PspClient.java:88)
	at com.acme.orders.payment.CaptureJob.run(CaptureJob.java:41)
Caused by: java.net.SocketTimeoutException: Read timed out
	at java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)"""

ACC_TB = '''Traceback (most recent call last):
  File "/app/.venv/lib/python3.12/site-packages/django/db/backends/base/base.py", line 279, in ensure_connection
    self.connect()
  File "/app/.venv/lib/python3.12/site-packages/django/db/backends/mysql/base.py", line 247, in get_new_connection
    connection = Database.connect(**conn_params)
  File "/app/.venv/lib/python3.12/site-packages/MySQLdb/__init__.py", line 121, in Connect
    return Connection(*args, **kwargs)
  File "/app/.venv/lib/python3.12/site-packages/MySQLdb/connections.py", line 195, in __init__
    super().__init__(*args, **kwargs2)
MySQLdb.OperationalError: (1040, 'Too many connections')

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/app/.venv/lib/python3.12/site-packages/django/core/handlers/exception.py", line 55, in inner
    response = get_response(request)
  File "/app/accounts/views/profile.py", line 38, in {view}
    profile = Profile.objects.select_related("user").get(user_id=request.user.id)
  File "/app/.venv/lib/python3.12/site-packages/django/db/backends/base/base.py", line 279, in ensure_connection
    self.connect()
django.db.utils.OperationalError: (1040, 'Too many connections')'''

# ---- loyalty-recalc (Python CronJob) ---------------------------------------------------------
def jl(t, level, msg):
    job.add(t, "%s %s [loyalty_recalc] %s" % (pylog(t), level, msg))


jl(JOB, "INFO", "loyalty-recalc 1.14.0 starting (git 4e1c0a7, 'speed up nightly recalc: LOYALTY_WORKERS 6 -> 48')")
jl(JOB + timedelta(milliseconds=40), "INFO", "config: LOYALTY_WORKERS=48 DB_POOL_SIZE=5 DB_MAX_OVERFLOW=2 DB_URL=mysql+mysqldb://loyalty@mysql-main.data.svc:3306/shop")
jl(JOB + timedelta(seconds=3), "INFO", "1842113 members in 3686 chunks of 500")
for w in range(48):
    tw = JOB + timedelta(seconds=4 + w * 1.9, milliseconds=rng.randint(0, 400))
    jl(tw, "INFO", "worker %02d (pid %d) started, engine pool_size=5 max_overflow=2" % (w, 41 + w))
total = 3686
t = JOB + timedelta(minutes=2)
doneb = 0
while t < DONE:
    doneb = min(total, int(total * (t - JOB).total_seconds() / (DONE - JOB).total_seconds()))
    jl(t, "INFO", "progress %d/%d chunks (%.1f%%), %d members/s" % (doneb, total, 100.0 * doneb / total, rng.randint(520, 640)))
    t += timedelta(minutes=2)
for tn in rng.times(FULL, DONE, 1 / 3.0):
    jl(tn, "WARNING", "worker %02d: chunk %d took %.1fs (lock wait on loyalty_points)" % (rng.randint(0, 47), rng.randint(1, total), rng.uniform(30, 95)))
jl(DONE - timedelta(seconds=2), "INFO", "progress %d/%d chunks (100.0%%)" % (total, total))
jl(DONE, "INFO", "all workers finished; 1842113 members recalculated, 96411 tier changes; elapsed 52m14s")
event(JOB - timedelta(seconds=4), "Normal", "SuccessfulCreate", "cronjob/loyalty-recalc", "Created job loyalty-recalc-29199060")
event(JOB - timedelta(seconds=4), "Normal", "SuccessfulCreate", "job/loyalty-recalc-29199060", "Created pod: %s" % JOB_POD)
event(JOB - timedelta(seconds=3), "Normal", "Scheduled", "pod/%s" % JOB_POD, "Successfully assigned batch/%s to ip-10-40-9-21.eu-west-1.compute.internal" % JOB_POD)
event(JOB - timedelta(seconds=2), "Normal", "Pulled", "pod/%s" % JOB_POD, 'Container image "registry.acme.internal/loyalty-recalc:1.14.0" already present on machine')
event(JOB - timedelta(seconds=1), "Normal", "Started", "pod/%s" % JOB_POD, "Started container loyalty-recalc")
event(DONE + timedelta(seconds=2), "Normal", "Completed", "job/loyalty-recalc-29199060", "Job completed")
event(DONE + timedelta(seconds=3), "Normal", "SawCompletedJob", "cronjob/loyalty-recalc", "Saw completed job: loyalty-recalc-29199060, status: Complete")
for tn in rng.times(START, END, 1 / 7.0):
    event(tn, "Warning", "Unhealthy", "pod/recs-feature-store-5c8d7f9b6-wq2lp", "Readiness probe failed: Get \"http://10.40.6.18:8080/ready\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)")

# ---- MySQL slow log (mostly the job) ---------------------------------------------------------
slow.add(START - timedelta(seconds=1), "/usr/sbin/mysqld, Version: 8.0.39 (MySQL Community Server - GPL). started with:\nTcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\nTime                 Id Command    Argument")


def slowq(t, user, host, tid, qt, lt, sent, exam, sql):
    slow.add(t, "# Time: %s\n# User@Host: %s[%s] @  [%s]  Id: %d\n# Query_time: %.6f  Lock_time: %.6f Rows_sent: %d  Rows_examined: %d\nSET timestamp=%d;\n%s;"
             % (iso_us(t), user, user, host, tid, qt, lt, sent, exam, int(t.timestamp()), sql))


for tn in rng.times(START, END, 1 / 9.0):
    slowq(tn, "orders_app", "10.40.1.%d" % rng.randint(2, 250), rng.randint(180000, 189000), rng.uniform(1, 3), 0.00002, rng.randint(1, 400), rng.randint(100000, 900000),
          "SELECT o.* FROM orders o WHERE o.customer_id = %d ORDER BY o.created_at DESC LIMIT 50" % rng.randint(10000, 999999))
for tn in rng.times(FULL, DONE, 2.2):
    c = rng.randint(1, total)
    slowq(tn, "loyalty", "10.40.9.21", 191200 + rng.randint(0, 335), rng.uniform(2, 40), rng.uniform(0.5, 30), 0, rng.randint(500, 4000),
          "UPDATE loyalty_points lp JOIN orders o ON o.customer_id = lp.member_id SET lp.points = lp.points + o.points_earned WHERE lp.member_id BETWEEN %d AND %d" % (c * 500, c * 500 + 499))

# ---- orders-svc (Java) --------------------------------------------------------------------
for t in rng.times(START, END, 7.0):
    th = "http-nio-8080-exec-%d" % rng.randint(1, 60)
    m, path, l = rng.choice([("get", "/api/orders/%d" % rng.randint(10**6, 10**7), 57), ("list", "/api/orders?customer=%d" % rng.randint(10000, 999999), 41), ("create", "/api/orders", 88)])
    verb = "POST" if m == "create" else "GET"
    tries = 0
    while True:
        tries += 1
        if rng.random() < p_fail(t, 600, 0.65):
            te = t + timedelta(seconds=10, milliseconds=rng.randint(1, 40))
            orders.add(te, lbk(te, "ERROR", th, "c.a.orders.api.ApiExceptionHandler", "%s %s failed -> 503" % (verb, path)) + "\n" + ORDERS_ERR.format(m=m, l=l))
            env(te, verb, path, 503, 10000 + rng.randint(5, 60), "orders", "orders-svc.shop.svc:8080")
            if tries < 2 and verb == "GET":   # the apps retry idempotent calls once
                t = te + timedelta(milliseconds=rng.randint(200, 900))
                continue
            break
        lat = rng.lognorm_ms(35)
        te = t + timedelta(milliseconds=lat)
        orders.add(te, lbk(te, "INFO", th, "c.a.orders.web.RequestLog", "%s %s %d in %dms" % (verb, path, 201 if m == "create" else 200, lat)))
        env(te, verb, path, 201 if m == "create" else 200, lat, "orders", "orders-svc.shop.svc:8080")
        break
for tn in rng.times(START, END, 1 / 8.0):
    orders.add(tn, lbk(tn, "ERROR", "scheduling-1", "c.a.orders.payment.CaptureJob", "capture failed, will retry in 5m") + "\n" + PAY_ERR.format(ref="cap_" + rng.alnum(10)))
for tn in rng.times(START, END, 1 / 5.0):
    orders.add(tn, lbk(tn, "INFO", "HikariPool-1 housekeeper", "com.zaxxer.hikari.pool.HikariPool", "HikariPool-1 - Pool stats (total=%d, active=%d, idle=%d, waiting=%d)"
                       % ((20, rng.randint(2, 9), rng.randint(8, 17), 0) if p_fail(tn, 600, 0.65) == 0 else (6, 6, 0, rng.randint(6, 25)))))

# ---- catalog-svc (Go, std log) -------------------------------------------------------------
for t in rng.times(START, END, 9.0):
    sku = rng.randint(100000, 999999)
    path = "/api/catalog/products/%d" % sku
    if rng.random() < p_fail(t, 300, 0.75):
        te = t + timedelta(milliseconds=rng.randint(2, 9))
        catalog.add(te, "%s catalog: GET %s: load product: Error 1040 (08004): Too many connections" % (te.strftime("%Y/%m/%d %H:%M:%S"), path))
        env(te, "GET", path, 500, rng.randint(3, 12), "catalog", "catalog-svc.shop.svc:8080")
        if rng.random() < 0.7:   # web client retries once
            t2 = te + timedelta(milliseconds=rng.randint(300, 1200))
            if rng.random() < p_fail(t2, 300, 0.75):
                catalog.add(t2, "%s catalog: GET %s: load product: Error 1040 (08004): Too many connections" % (t2.strftime("%Y/%m/%d %H:%M:%S"), path))
                env(t2, "GET", path, 500, rng.randint(3, 12), "catalog", "catalog-svc.shop.svc:8080")
            else:
                env(t2, "GET", path, 200, rng.lognorm_ms(12), "catalog", "catalog-svc.shop.svc:8080")
        continue
    lat = rng.lognorm_ms(12)
    env(t + timedelta(milliseconds=lat), "GET", path, 200 if rng.random() > 0.04 else 404, lat, "catalog", "catalog-svc.shop.svc:8080")
t = START + timedelta(seconds=rng.randint(0, 59))
while t < END:
    open_c = 18 if p_fail(t, 300, 0.75) == 0 else max(2, int(18 * (1 - p_fail(t, 300, 0.75))))
    catalog.add(t, "%s catalog: db stats open=%d in_use=%d idle=%d wait_count=%d max_lifetime_closed=%d" % (
        t.strftime("%Y/%m/%d %H:%M:%S"), open_c, min(open_c, rng.randint(2, 8)), max(0, open_c - 8), rng.randint(0, 3) if open_c == 18 else rng.randint(40, 300), rng.randint(0, 4)))
    t += timedelta(minutes=1)
for tn in rng.times(START, END, 1 / 10.0):
    catalog.add(tn, "%s catalog: search index refresh skipped: previous refresh still running" % tn.strftime("%Y/%m/%d %H:%M:%S"))

# ---- accounts (Django) ----------------------------------------------------------------------
for t in rng.times(START, END, 4.0):
    view, path = rng.choice([("profile_detail", "/api/accounts/me"), ("addresses", "/api/accounts/me/addresses"), ("preferences", "/api/accounts/me/preferences")])
    if rng.random() < p_fail(t, 60, 0.8):
        te = t + timedelta(milliseconds=rng.randint(3, 15))
        accounts.add(te, "%s ERROR [django.request] Internal Server Error: %s\n%s" % (pylog(te), path, ACC_TB.format(view=view)))
        env(te, "GET", path, 500, rng.randint(5, 20), "accounts", "accounts.shop.svc:8000")
        continue
    lat = rng.lognorm_ms(28)
    accounts.add(t + timedelta(milliseconds=lat), "%s INFO [accounts.access] GET %s 200 %dms" % (pylog(t + timedelta(milliseconds=lat)), path, lat))
    env(t + timedelta(milliseconds=lat), "GET", path, 200, lat, "accounts", "accounts.shop.svc:8000")
for tn in rng.times(START, END, 1 / 15.0):
    accounts.add(tn, "%s WARNING [py.warnings] /app/accounts/serializers.py:77: RemovedInDjango60Warning: The default scheme will be changed from 'http' to 'https' in Django 6.0." % pylog(tn))
for tn in rng.times(START, END, 3.0):
    env(tn, "GET", rng.choice(["/favicon.ico", "/api/legacy/wishlist", "/.env", "/wp-login.php"]), 404, rng.randint(1, 4), "web", "shop-web.shop.svc:8080")

# ---- write ---------------------------------------------------------------------------------
logs = reset_logs(CASE)
accounts.write(os.path.join(logs, "accounts.log"))
catalog.write(os.path.join(logs, "catalog-svc.log"))
envoy.write(os.path.join(logs, "envoy.access.log"))
ev.write(os.path.join(logs, "k8s-events.log"))
job.write(os.path.join(logs, "loyalty-recalc.log"))
slow.write(os.path.join(logs, "mysql-main.slow.log"))
orders.write(os.path.join(logs, "orders-svc.log"))

write_json(os.path.join(case_dir(CASE), "alert.json"), {
    "action": "triggered",
    "installation": {"uuid": "0b4e7d21-95c6-4a8f-b3e2-6d1f0c9a8e57"},
    "data": {
        "event": {
            "event_id": "7c2d9e0f1a3b4c5d8e6f7a8b9c0d1e2f",
            "project": 4506620,
            "release": "accounts@2025.07.03",
            "dist": None,
            "platform": "python",
            "message": "",
            "datetime": "2025-07-08T03:02:41.118000Z",
            "timestamp": 1751943761.118,
            "level": "error",
            "logger": "django.request",
            "title": "OperationalError: (1040, 'Too many connections')",
            "culprit": "accounts.views.profile in profile_detail",
            "location": "accounts/views/profile.py",
            "environment": "production",
            "tags": [["environment", "production"], ["handled", "no"], ["level", "error"], ["mechanism", "django"],
                     ["release", "accounts@2025.07.03"], ["server_name", "accounts-7f9c8d6b5-q2k8w"],
                     ["transaction", "/api/accounts/me"], ["url", "http://accounts.shop.svc:8000/api/accounts/me"]],
            "exception": {"values": [
                {"type": "OperationalError", "value": "(1040, 'Too many connections')", "module": "MySQLdb",
                 "stacktrace": {"frames": [
                     {"filename": "MySQLdb/connections.py", "module": "MySQLdb.connections", "function": "__init__", "lineno": 195, "in_app": False}]}},
                {"type": "OperationalError", "value": "(1040, 'Too many connections')", "module": "django.db.utils",
                 "mechanism": {"type": "django", "handled": False},
                 "stacktrace": {"frames": [
                     {"filename": "django/core/handlers/exception.py", "module": "django.core.handlers.exception", "function": "inner", "lineno": 55, "in_app": False},
                     {"filename": "accounts/views/profile.py", "module": "accounts.views.profile", "function": "profile_detail", "lineno": 38,
                      "context_line": "    profile = Profile.objects.select_related(\"user\").get(user_id=request.user.id)", "in_app": True},
                     {"filename": "django/db/backends/base/base.py", "module": "django.db.backends.base.base", "function": "ensure_connection", "lineno": 279, "in_app": False}]}}]},
            "url": "https://sentry.io/api/0/projects/acme/accounts/events/7c2d9e0f1a3b4c5d8e6f7a8b9c0d1e2f/",
            "web_url": "https://sentry.io/organizations/acme/issues/6391022874/events/7c2d9e0f1a3b4c5d8e6f7a8b9c0d1e2f/",
            "issue_url": "https://sentry.io/api/0/issues/6391022874/",
            "issue_id": "6391022874",
        },
        "triggered_rule": "accounts: new issue",
    },
    "actor": {"type": "application", "id": "sentry", "name": "Sentry"},
})

finish(CASE, {
    "root_cause": {
        "service": "loyalty-recalc",
        "component": "CronJob loyalty-recalc 1.14.0: LOYALTY_WORKERS raised 6 -> 48, each worker with SQLAlchemy pool_size=5/max_overflow=2 (~336 connections against mysql-main max_connections=400)",
        "error_type": None,
        "file": None,
    },
    "category": "resource",
    "symptoms": [
        {"service": "envoy", "error_type": "HTTP_503"},
        {"service": "orders-svc", "error_type": "CannotCreateTransactionException"},
        {"service": "accounts", "error_type": "OperationalError"},
        {"service": "catalog-svc", "error_type": None},
        {"service": "envoy", "error_type": "HTTP_500"},
    ],
    "why": "From 03:00 the nightly loyalty-recalc job runs 48 worker processes (raised from 6 the day before), each holding up to 7 MySQL connections, which uses up mysql-main's 400 connection slots; every application connection that has to be opened afterwards is refused with 1040 'Too many connections', so orders-svc's pool drains and times out, catalog-svc and accounts fail their queries and envoy returns 5xx. Errors stop at 03:52 when the job completes. Cap the job's workers/pool (or give it its own user limit); the applications and MySQL are healthy.",
})
