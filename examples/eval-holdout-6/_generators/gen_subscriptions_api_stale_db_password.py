#!/usr/bin/env python3
"""subscriptions-api-stale-db-password

At 02:00 the quarterly credential rotation job changes the MySQL passwords of plans_app and
subs_app on subs-mysql and updates their Kubernetes secrets. It restarts the deployments
annotated as consumers of each secret: plans-api is, subscriptions-api (password baked into its
Helm values, no consumer annotation) is not. subscriptions-api keeps working on its pooled
connections until Hikari retires them (maxLifetime 30 min); every new connection is refused
(SQLInvalidAuthorizationSpecException "Access denied for user 'subs_app'"), so its failures grow
from about 02:05 and are total by 02:32. subs-mysql notes every denied login. renewal-worker
(Celery, the 02:30 nightly renewals) retries each renewal five times and logs every failed call twice, client and task (the loudest);
checkout-bff fails new subscriptions.
Noise: mysql reverse-DNS warnings and aborted connections, a celery beat clock-drift warning,
an unrelated failing coupon lookup in checkout-bff since yesterday, Hikari housekeeping lines.
Generic alert on renewal-worker.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, lb, jstack, node_line, celery,
                    generic_alert, pod, uuid)
from common import mysql8

CASE = "subscriptions-api-stale-db-password"
rng = Rng(20260519)
START, END = dt("2026-05-19T01:45:00"), dt("2026-05-19T02:58:00")
ROT = dt("2026-05-19T02:00:11")
sa, db, rw, cb, rot = LogFile(), LogFile(), LogFile(), LogFile(), LogFile()
SA_PODS = {pod(rng, "subscriptions-api", "6b8d7c9f5"): "10.42.3.%d" % rng.randint(2, 250) for _ in range(3)}
# each pod has 10 pooled connections that retire at a random moment of the 30 minutes after rotation
retire = {p: sorted(ROT + timedelta(seconds=rng.randint(120, 1850)) for _ in range(10)) for p in SA_PODS}


def alive(p, t):
    return sum(1 for r in retire[p] if r > t)


conn = [88000]


def denied(t, p):
    conn[0] += rng.randint(1, 9)
    db.add(t, mysql8(t, conn[0], "Note", "MY-010926", "Access denied for user 'subs_app'@'%s' (using password: YES)" % SA_PODS[p]))
    return conn[0]


# rotation job
def rj(t, level, msg, **attrs):
    rot.add(t, jrec(t, level, "db-credential-rotator", msg, component="rotate", attrs=attrs or None))


rj(ROT - timedelta(seconds=9), "INFO", "rotation run q2-2026 started", schedule="0 2 19 2,5,8,11 *", users=["plans_app", "subs_app", "audit_ro"])
for i, (user, secret, consumers) in enumerate([("plans_app", "billing/plans-db-credentials", ["plans-api"]),
                                               ("subs_app", "billing/subs-db-credentials", []),
                                               ("audit_ro", "audit/audit-db-credentials", ["audit-exporter"])]):
    t = ROT + timedelta(seconds=4 * i)
    rj(t, "INFO", "ALTER USER '%s'@'%%' IDENTIFIED BY <redacted> on subs-mysql" % user, user=user)
    rj(t + timedelta(milliseconds=420), "INFO", "secret %s updated to version %d" % (secret, rng.randint(9, 15)), user=user, secret=secret)
    rj(t + timedelta(milliseconds=900), "INFO", "restarting consumers of %s: %s" % (secret, ", ".join(consumers) if consumers else "[] (no deployment annotated rotator.acme.io/consumer)"),
       secret=secret, consumers=consumers)
rj(ROT + timedelta(seconds=14), "INFO", "rotation run q2-2026 finished: 3 users rotated", failed=0)

CHAIN_HEAD = [
    ("org.springframework.transaction.CannotCreateTransactionException", "Could not open JPA EntityManager for transaction",
     ["org.springframework.orm.jpa.JpaTransactionManager.doBegin(JpaTransactionManager.java:466)",
      "com.acme.subs.web.SubscriptionController.get(SubscriptionController.java:44)"]),
    ("org.hibernate.exception.JDBCConnectionException", "Unable to acquire JDBC Connection [HikariPool-1 - Connection is not available, request timed out after 30000ms.]",
     ["org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl.getConnection(DatasourceConnectionProviderImpl.java:122)"]),
    ("java.sql.SQLTransientConnectionException", "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
     ["com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179)"]),
]


def sa_call(t, path, tr):
    """one subscriptions-api request at t; returns (status, finish time)"""
    p = rng.choice(sorted(SA_PODS))
    th = "http-nio-8080-exec-%d" % rng.randint(1, 60)
    if alive(p, t) > 0 and rng.random() < 0.4 + 0.6 * alive(p, t) / 10:
        d = rng.lognorm_ms(35)
        te = t + timedelta(milliseconds=d)
        sa.add(te, lb(te, "INFO", th, "c.a.subs.web.RequestLog", "%s 200 %dms trace=%s" % (path, d, tr)))
        return 200, te
    c = denied(t + timedelta(milliseconds=30), p)
    te = t + timedelta(seconds=30, milliseconds=rng.randint(1, 40))
    chain = CHAIN_HEAD + [("java.sql.SQLInvalidAuthorizationSpecException",
                           "(conn=%d) Access denied for user 'subs_app'@'%s' (using password: YES)" % (c, SA_PODS[p]),
                           ["org.mariadb.jdbc.client.impl.ConnectionHelper.authenticationHandler(ConnectionHelper.java:292)",
                            "com.zaxxer.hikari.pool.PoolBase.newConnection(PoolBase.java:359)"])]
    sa.add(te, lb(te, "ERROR", th, "c.a.subs.web.ApiExceptionHandler", "%s failed trace=%s pod=%s" % (path, tr, p)) + "\n" + jstack(chain))
    return 500, te


# renewals: the nightly run at 02:30, five attempts each, 60 s apart
RUN = dt("2026-05-19T02:30:00")
subs = ["sub_%s" % rng.alnum(14) for _ in range(18)]
rw.add(RUN, celery(RUN, "INFO", "MainProcess", "Scheduler: Sending due task nightly-renewals (renewals.schedule_due)"))
for i, s in enumerate(subs):
    t = RUN + timedelta(seconds=2 + i * 9.5, milliseconds=rng.randint(0, 900))
    tid = uuid(rng)
    proc = "ForkPoolWorker-%d" % rng.randint(1, 8)
    for a in range(5):
        st, te = sa_call(t, "GET /v1/subscriptions/%s" % s, rng.hex(32))
        if te >= END:
            break
        if st == 200:
            rw.add(te, celery(te, "INFO", proc, "Task renewals.renew[%s] succeeded in %.3fs: {'subscription': '%s', 'charged': True}" % (tid, (te - t).total_seconds() + 0.4, s)))
            break
        rw.add(te - timedelta(milliseconds=2), celery(te - timedelta(milliseconds=2), "ERROR", proc, "[renewals.client] GET http://subscriptions-api.billing.svc/v1/subscriptions/%s -> 500 in %.1fs: SubscriptionsApiError" % (s, (te - t).total_seconds())))
        if a < 4:
            rw.add(te, celery(te, "ERROR", proc, "renewals.renew %s failed: SubscriptionsApiError: subscriptions-api returned 500 for GET /v1/subscriptions/%s (attempt %d/5)" % (s, s, a + 1)))
            rw.add(te + timedelta(milliseconds=3), celery(te + timedelta(milliseconds=3), "INFO", proc, "Task renewals.renew[%s] retry: Retry in 60s: SubscriptionsApiError('subscriptions-api returned 500')" % tid))
        else:
            rw.add(te, celery(te, "ERROR", proc, "Task renewals.renew[%s] raised unexpected: SubscriptionsApiError('subscriptions-api returned 500 for GET /v1/subscriptions/%s after 5 attempts')" % (tid, s)))
        t = te + timedelta(seconds=60)
# checkout-bff: new subscriptions and account pages all night
for t in rng.times(START, END, 0.7):
    tr = rng.hex(32)
    path = rng.choice(["POST /v1/subscriptions", "GET /v1/subscriptions/sub_%s" % rng.alnum(14)])
    st, te = sa_call(t, path, tr)
    if st == 200:
        cb.add(te, node_line(te, "info", "%s -> subscriptions-api 200 trace=%s" % (path, tr)))
    else:
        cb.add(te, node_line(te, "error", "SubscriptionServiceError: %s -> subscriptions-api 500 after 30001ms trace=%s\n"
                             "    at SubscriptionsClient.request (/app/dist/clients/subscriptions.js:72:11)\n"
                             "    at async SubscriptionsController.create (/app/dist/routes/subscriptions.js:38:20)" % (path, tr)))
# noise
for t in rng.times(START, END, 0.6):
    db.add(t, mysql8(t, 0, "Warning", "MY-010055", "IP address '10.42.%d.%d' could not be resolved: Name or service not known" % (rng.randint(0, 9), rng.randint(2, 250))))
for t in rng.times(START, END, 0.2):
    conn[0] += rng.randint(1, 9)
    db.add(t, mysql8(t, conn[0], "Note", "MY-010914", "Aborted connection %d to db: 'plans' user: 'plans_app' host: '10.42.4.%d' (Got an error reading communication packets)." % (conn[0], rng.randint(2, 250))))
for m in range(0, 73, 10):
    t = START + timedelta(minutes=m, seconds=30)
    rw.add(t, celery(t, "WARNING", "MainProcess", "Substantial drift from celery@renewal-worker-%s may mean clocks are out of sync.  Current drift is 19 seconds." % rng.alnum(5)))
for t in rng.times(START, END, 0.35):
    cb.add(t, node_line(t, "error", "[coupons] CouponLookupError: coupon-service GET /v2/coupons/SPRING26 -> 404 (campaign ended 2026-05-18, still linked from banner)"))
for p in sorted(SA_PODS):
    for m in range(0, 73, 15):
        t = START + timedelta(minutes=m, seconds=rng.randint(0, 59))
        a = 10 if t < ROT else alive(p, t)
        sa.add(t, lb(t, "DEBUG", "HikariPool-1 housekeeper", "com.zaxxer.hikari.pool.HikariPool", "HikariPool-1 - Pool stats (total=%d, active=%d, idle=%d, waiting=%d)" % (a, min(a, rng.randint(0, 3)), max(0, a - 2), 0 if a else rng.randint(1, 6))))

d = reset_logs(CASE)
sa.write(d + "/subscriptions-api.log")
db.write(d + "/subs-mysql.log")
rw.write(d + "/renewal-worker.log")
cb.write(d + "/checkout-bff.log")
rot.write(d + "/db-credential-rotator.jsonl")
write_json(d + "/../alert.json", generic_alert("renewal-worker", "nightly renewals failing: 0 of 18 charged", "critical",
           "renewal-worker-nightly-failures", dt("2026-05-19T02:41:00"), {"team": "subscriptions", "env": "production", "queue": "renewals"}))
finish(CASE, {
    "root_cause": {"service": "subscriptions-api", "component": "datasource password in Helm values (not read from billing/subs-db-credentials; no rotator consumer annotation)",
                   "error_type": "SQLInvalidAuthorizationSpecException", "file": None},
    "category": "config",
    "symptoms": [{"service": "renewal-worker", "error_type": "SubscriptionsApiError"},
                 {"service": "checkout-bff", "error_type": "SubscriptionServiceError"},
                 {"service": "subs-mysql", "error_type": None}],
    "why": "The 02:00 rotation changed subs_app's MySQL password, but subscriptions-api still uses the old one from its Helm values and was not restarted (no consumer annotation, unlike plans-api); as Hikari retires pooled connections every new login is denied (SQLInvalidAuthorizationSpecException), so from about 02:30 every request fails and the renewal worker's retries are the loudest errors.",
})
