"""partner-api-5-0-trailing-slash (deploy): partner-api 5.0.0 moves to Spring Boot 3 (Spring 6), which
no longer matches a trailing slash; marketplace-connector calls /v2/orders/{id}/ and gets 404 from the
new pods only (partner-api logs it at WARN as NoResourceFoundException). Sidekiq retries and
order-hub's overdue checks make the callers loud."""
import os
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish, jrec, logfmt, nginx_line, k8s,
                    generic_alert, trace, span, iso_ms, pod)

CASE = "partner-api-5-0-trailing-slash"
rng = Rng(7006)
logs = reset_logs(CASE)
START, END = dt("2025-08-19T10:50:00"), dt("2025-08-19T12:20:00")
ROLL = dt("2025-08-19T11:20:04")

pa, mc, oh, ev, ing = LogFile(), LogFile(), LogFile(), LogFile(), LogFile()
OLD = {"version": "4.9.3", "commit": "0c6e2a91"}
NEW = {"version": "5.0.0", "commit": "b7f43d18"}
OLD_PODS = [pod(rng, "partner-api", "7d9b8c6f5") for _ in range(4)]
NEW_PODS = [pod(rng, "partner-api", "58c4f7b9d") for _ in range(4)]
PIP = {p: "10.60.%d.%d" % (rng.randint(1, 12), rng.randint(2, 250)) for p in OLD_PODS + NEW_PODS}
# rolling update, maxSurge 1 / maxUnavailable 0: (new pod ready, old pod gone)
STEPS = []
t = ROLL
for i in range(4):
    ready = t + timedelta(seconds=rng.uniform(62, 80))
    STEPS.append((NEW_PODS[i], ready, OLD_PODS[i], ready + timedelta(seconds=rng.uniform(1, 3))))
    t = ready + timedelta(seconds=rng.uniform(3, 9))


def serving(t):
    live = [o for o in OLD_PODS if all(not (o == old and t >= gone) for _, _, old, gone in STEPS)]
    live += [n for n, ready, _, _ in STEPS if t >= ready]
    return live


def call(t, method, path, tr, caller, ua):
    """one request through the ingress to a partner-api pod; returns the status"""
    p = rng.choice(serving(t))
    new = p in NEW_PODS
    ms = rng.randint(4, 40)
    te = t + timedelta(milliseconds=ms)
    sp = span(rng)
    if new and path.endswith("/"):
        st = 404
        pa.add(te, jrec(te, "WARN", "partner-api", "Resolved [org.springframework.web.servlet.resource.NoResourceFoundException: No static resource %s.]" % path.lstrip("/"),
                        component="o.s.w.s.m.support.DefaultHandlerExceptionResolver", error_type="org.springframework.web.servlet.resource.NoResourceFoundException",
                        trace_id=tr, span_id=sp, deploy=NEW, attrs={"pod": p, "method": method, "path": path, "status": 404, "caller": caller}))
    else:
        st = 201 if method == "POST" else 200
        pa.add(te, jrec(te, "INFO", "partner-api", "%s %s %d in %dms" % (method, path, st, ms), component="c.a.partner.web.RequestLog",
                        trace_id=tr, span_id=sp, deploy=NEW if new else OLD, attrs={"pod": p, "caller": caller}))
    ing.add(te, nginx_line(te, "10.60.30.%d" % rng.randint(2, 40) if caller == "marketplace-connector" else "10.60.31.%d" % rng.randint(2, 40), method, path, st,
                           120 if st == 404 else rng.randint(400, 3000), ua, ms / 1000.0 + 0.001, "partners-partner-api-8080", "%s:8080" % PIP[p], rng.hex(32), 600 if method == "POST" else 380))
    return st


def sk(t, tid, cls, jid, level, msg, elapsed=None):
    """Sidekiq 7 default log line"""
    return "%s pid=7 tid=%s class=%s jid=%s%s %s: %s" % (iso_ms(t), tid, cls, jid, (" elapsed=%.3f" % elapsed) if elapsed is not None else "", level, msg)


def backoff(n):
    """Sidekiq's default retry delay for retry_count n"""
    return n ** 4 + 15 + rng.randint(0, 9) * (n + 1)


UA_MC = "Faraday v2.10.1"
# marketplace orders: each one is fetched and acknowledged by AckMarketplaceOrderJob
overdue = {}
for t0 in rng.times(START, END, 0.9):
    order = "MKT-%s-%d" % (rng.choice(["ZAL", "OTT", "KAU"]), rng.randint(10000000, 99999999))
    jid = rng.hex(24)
    t = t0
    n = 0
    while t < END:
        tid = rng.alnum(4)
        tr = trace(rng)
        mc.add(t, sk(t, tid, "AckMarketplaceOrderJob", jid, "INFO", "start"))
        st = call(t + timedelta(milliseconds=3), "GET", "/v2/orders/%s/" % order, tr, "marketplace-connector", UA_MC)
        path = "/v2/orders/%s/" % order
        if st == 200:
            t2 = t + timedelta(milliseconds=rng.randint(60, 120))
            st = call(t2, "POST", "/v2/orders/%s/acknowledgements/" % order, tr, "marketplace-connector", UA_MC)
            path = "/v2/orders/%s/acknowledgements/" % order
        te = t + timedelta(milliseconds=rng.randint(150, 260))
        if st in (200, 201):
            mc.add(te, sk(te, tid, "AckMarketplaceOrderJob", jid, "INFO", "done", (te - t).total_seconds()))
            break
        mc.add(te, sk(te, tid, "AckMarketplaceOrderJob", jid, "ERROR", "order %s: PartnerApi::NotFoundError: 404 Not Found %s https://partner-api.int.acme.example%s (retry_count=%d)" % (
            order, "GET" if path.count("/") == 4 else "POST", path, n), (te - t).total_seconds()))
        mc.add(te, sk(te, tid, "AckMarketplaceOrderJob", jid, "INFO", "fail", (te - t).total_seconds()))
        overdue.setdefault(order, t0)
        t = te + timedelta(seconds=backoff(n))
        n += 1
    else:
        continue
    overdue.pop(order, None)

# order-hub (Go): checks acknowledgement SLAs every 2 minutes
t = START + timedelta(seconds=20)
while t < END:
    late = [(o, t0) for o, t0 in overdue.items() if (t - t0).total_seconds() > 600]
    tt = t
    for o, t0 in late:
        tt = tt + timedelta(milliseconds=rng.randint(2, 9))
        oh.add(tt, logfmt(tt, "error", "marketplace acknowledgement overdue", order=o, marketplace=o.split("-")[1].lower(), age="%dm" % ((t - t0).total_seconds() // 60), sla="10m"))
    oh.add(tt + timedelta(milliseconds=5), logfmt(tt + timedelta(milliseconds=5), "info", "ack sla check done", checked=len(overdue) + rng.randint(40, 80), overdue=len(late)))
    t += timedelta(minutes=2)

# partner portal (no trailing slash) works on every pod
for t in rng.times(START, END, 2.5):
    call(t, "GET", rng.choice(["/v2/orders?status=open", "/v2/orders/MKT-ZAL-%d" % rng.randint(10000000, 99999999), "/v2/catalog/items?page=%d" % rng.randint(1, 40)]),
         trace(rng), "partner-portal", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15")

# rollout
ev.add(ROLL, k8s(ROLL, "Normal", "ScalingReplicaSet", "deployment/partner-api", "Scaled up replica set partner-api-58c4f7b9d to 1"))
for i, (new, ready, old, gone) in enumerate(STEPS):
    s = ready - timedelta(seconds=rng.uniform(55, 60))
    ev.add(s, k8s(s, "Normal", "Scheduled", "pod/" + new, "Successfully assigned partners/%s to ip-10-60-%d-%d.eu-central-1.compute.internal" % (new, rng.randint(1, 12), rng.randint(2, 250))))
    ev.add(s + timedelta(seconds=1), k8s(s + timedelta(seconds=1), "Normal", "Pulled", "pod/" + new, 'Container image "registry.acme.example/partners/partner-api:5.0.0" already present on machine' if i else 'Successfully pulled image "registry.acme.example/partners/partner-api:5.0.0" in 6.912s'))
    ev.add(s + timedelta(seconds=2), k8s(s + timedelta(seconds=2), "Normal", "Started", "pod/" + new, "Started container partner-api"))
    pa.add(s + timedelta(seconds=9), jrec(s + timedelta(seconds=9), "INFO", "partner-api", "Starting PartnerApiApplication v5.0.0 using Java 21.0.4 with PID 1", component="c.a.partner.PartnerApiApplication", deploy=NEW, attrs={"pod": new}))
    pa.add(s + timedelta(seconds=9.2), jrec(s + timedelta(seconds=9.2), "INFO", "partner-api", "Running with Spring Boot v3.3.2, Spring v6.1.11", component="c.a.partner.PartnerApiApplication", deploy=NEW, attrs={"pod": new}))
    pa.add(ready - timedelta(seconds=2), jrec(ready - timedelta(seconds=2), "INFO", "partner-api", "Started PartnerApiApplication in 31.482 seconds (process running for 33.1)", component="c.a.partner.PartnerApiApplication", deploy=NEW, attrs={"pod": new}))
    ev.add(gone, k8s(gone, "Normal", "ScalingReplicaSet", "deployment/partner-api", "Scaled down replica set partner-api-7d9b8c6f5 to %d from %d" % (3 - i, 4 - i)))
    ev.add(gone, k8s(gone, "Normal", "Killing", "pod/" + old, "Stopping container partner-api"))
    pa.add(gone + timedelta(milliseconds=200), jrec(gone + timedelta(milliseconds=200), "INFO", "partner-api", "Commencing graceful shutdown. Waiting for active requests to complete", component="o.s.b.w.e.tomcat.GracefulShutdown", deploy=OLD, attrs={"pod": old}))
    if i < 3:
        ev.add(gone, k8s(gone, "Normal", "ScalingReplicaSet", "deployment/partner-api", "Scaled up replica set partner-api-58c4f7b9d to %d from %d" % (i + 2, i + 1)))

# benign noise
for t in rng.times(START, END, 1 / 5.0):
    mc.add(t, sk(t, rng.alnum(4), "SyncMarketplaceStockJob", rng.hex(24), "WARN", "otto: rate limited (429), backing off 30s"))
for t in rng.times(START, END, 1 / 6.0):
    mc.add(t, sk(t, rng.alnum(4), "ImportReturnsJob", rng.hex(24), "ERROR", "kaufland: Faraday::ConnectionFailed: Failed to open TCP connection to sellerapi.kaufland.example:443 (getaddrinfo: Name or service not known) (failing since 2025-08-18 22:00)"))
for t in rng.times(START, END, 1 / 4.0):
    p = rng.choice(serving(t))
    pa.add(t, jrec(t, "WARN", "partner-api", "HikariPool-1 - Failed to validate connection org.postgresql.jdbc.PgConnection@%s (This connection has been closed.). Possibly consider using a shorter maxLifetime value." % rng.hex(8),
                   component="com.zaxxer.hikari.pool.PoolBase", deploy=NEW if p in NEW_PODS else OLD, attrs={"pod": p}))
OH_PODS = [pod(rng, "order-hub", "6f7d5c9b8") for _ in range(2)]
for t in rng.times(START, END, 1 / 8.0):
    ev.add(t, k8s(t, "Warning", "Unhealthy", "pod/" + rng.choice(OH_PODS), "Liveness probe failed: Get \"http://10.60.9.41:9090/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"))
for t in rng.times(START, END, 1 / 7.0):
    oh.add(t, logfmt(t, "warn", "kafka consumer lag high", topic="orders.v1", group="order-hub", lag=rng.randint(1200, 4000)))

pa.write(os.path.join(logs, "partner-api.jsonl"))
mc.write(os.path.join(logs, "marketplace-connector.log"))
oh.write(os.path.join(logs, "order-hub.log"))
ev.write(os.path.join(logs, "k8s-events.log"))
ing.write(os.path.join(logs, "ingress-nginx.access.log"))

write_json(os.path.join(case_dir(CASE), "alert.json"), generic_alert(
    "order-hub", "marketplace acknowledgements overdue: 38 orders past 10m SLA (Zalando, OTTO)", "high", "9d1c4e7a2b6f0835",
    dt("2025-08-19T11:36:00"), {"env": "prod", "team": "marketplaces", "alertname": "MarketplaceAckOverdue", "marketplaces": "zalando,otto,kaufland"}))

finish(CASE, {
    "root_cause": {"service": "partner-api", "component": "release 5.0.0 (Spring Boot 3.3 / Spring 6.1): trailing-slash matching is off, /v2/orders/{id}/ no longer maps",
                   "error_type": "NoResourceFoundException", "file": None},
    "category": "deploy",
    "symptoms": [{"service": "marketplace-connector", "error_type": "NotFoundError"},
                 {"service": "order-hub", "error_type": None}],
    "why": "The 11:20 rollout of partner-api 5.0.0 (Spring Boot 2.7 -> 3.3) drops Spring's trailing-slash matching, so the new pods answer the connector's /v2/orders/{id}/ calls with 404 (logged only as a WARN NoResourceFoundException) while 4.9.3 pods and slash-less portal calls work; failures grow with each rollout step to 100%. Sidekiq retries and order-hub's overdue checks make the callers loud.",
})
