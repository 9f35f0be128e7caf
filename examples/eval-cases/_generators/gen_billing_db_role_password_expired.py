#!/usr/bin/env python3
"""billing-db-role-password-expired

The PostgreSQL role billing_app on billing-db was created with VALID UNTIL
'2025-02-01 00:00:00+00'. PostgreSQL only checks the expiry at authentication, so
billing-api keeps working on its open connections after midnight; as SQLAlchemy recycles
connections (pool_recycle=1800) every new login fails ("password authentication failed",
DETAIL "has an expired password" in the server log only). By ~00:30 both billing-api pods
fail readiness and drop out of the endpoints: edge-envoy answers 503 UH and the monthly
subscription renewal batch, which happens to start at 00:00, gets ECONNREFUSED.
Plain-text logs only (postgres, Python/gunicorn tracebacks, Node, envoy, k8s events), no
trace ids.
"""
import os
import sys
from datetime import timedelta

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from casegen import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish,
                     iso_ms, iso_s, pylog, pg)

CASE = "billing-db-role-password-expired"
rng = Rng(20250201)

START = dt("2025-01-31T23:35:00")
END = dt("2025-02-01T01:05:00")
EXPIRY = dt("2025-02-01T00:00:00")
RECYCLE = 1800  # seconds

api = LogFile()
db = LogFile()
env = LogFile()
ren = LogFile()
ev = LogFile()

PODS = {
    "billing-api-7f6d9c5b8-k2x9m": {"ip": "10.20.3.17", "pids": [17, 18, 19, 20]},
    "billing-api-7f6d9c5b8-t7q4w": {"ip": "10.20.5.42", "pids": [17, 18, 19, 20]},
}
DB_HOST = 'connection to server at "billing-db.billing.svc.cluster.local" (10.20.4.11), port 5432 failed'

# per worker pool: list of connection birth times
pools = {}
for pod in PODS:
    for pid in PODS[pod]["pids"]:
        pools[(pod, pid)] = sorted(START - timedelta(seconds=rng.uniform(0, RECYCLE)) for _ in range(2))

ready = {pod: True for pod in PODS}
fail_streak = {pod: 0 for pod in PODS}
backend_pid = [48000]


def pg_pid():
    backend_pid[0] += rng.randint(3, 40)
    return backend_pid[0]


def db_login(t, pod):
    """a new connection from billing-api; True on success"""
    ip = PODS[pod]["ip"]
    p = pg_pid()
    t2 = t + timedelta(milliseconds=rng.randint(3, 9))
    if t < EXPIRY:
        return True
    db.add(t2, '%s [%d] billing_app@billing FATAL:  password authentication failed for user "billing_app"' % (pg(t2), p))
    db.add(t2, '%s [%d] billing_app@billing DETAIL:  User "billing_app" has an expired password.\n'
           '\tConnection matched file "/etc/postgresql/16/main/pg_hba.conf" line 104: '
           '"hostssl  billing  all  10.20.0.0/16  scram-sha-256"' % (pg(t2), p))
    return False


def checkout(t, pod, pid):
    """SQLAlchemy pool checkout with recycle; True when a usable connection is obtained"""
    pool = pools[(pod, pid)]
    live = [b for b in pool if (t - b).total_seconds() <= RECYCLE]
    pool[:] = live
    if live:
        return True
    ok = db_login(t, pod)
    if ok:
        pool.append(t)
    return ok


TB_SA = '''Traceback (most recent call last):
  File "/usr/local/lib/python3.12/site-packages/sqlalchemy/pool/base.py", line 896, in __connect
    self.dbapi_connection = connection = pool._invoke_creator(self)
  File "/usr/local/lib/python3.12/site-packages/psycopg2/__init__.py", line 122, in connect
    conn = _connect(dsn, connection_factory=connection_factory, **kwasync)
psycopg2.OperationalError: {host}: FATAL:  password authentication failed for user "billing_app"

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/app/billing/api/{mod}.py", line {line}, in {fn}
    {src}
  File "/usr/local/lib/python3.12/site-packages/sqlalchemy/engine/base.py", line 147, in __init__
    Connection._handle_dbapi_exception_noconnection(
sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) {host}: FATAL:  password authentication failed for user "billing_app"

(Background on this error at: https://sqlalche.me/e/20/e3q8)'''

ROUTES = [  # method, path template, module, line, function, source
    ("GET", "/v1/billing/overview", "overview", 38, "overview",
     "acct = db.session.execute(select(Account).where(Account.owner_id == g.user_id)).scalar_one()"),
    ("GET", "/v1/invoices", "invoices", 51, "list_invoices",
     "rows = db.session.execute(q.limit(25)).scalars().all()"),
    ("GET", "/v1/payment-methods", "payment_methods", 27, "list_methods",
     "methods = db.session.execute(select(PaymentMethod).filter_by(account_id=acct_id)).scalars().all()"),
    ("POST", "/v1/invoices/{id}/pay", "invoices", 96, "pay_invoice",
     "inv = db.session.execute(select(Invoice).filter_by(id=invoice_id).with_for_update()).scalar_one()"),
]
CHARGE_ROUTE = ("POST", "/internal/charges", "charges", 64, "create_charge",
                "acct = db.session.execute(select(Account).filter_by(id=body[\"account_id\"])).scalar_one()")
UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15",
       "AcmeBilling-iOS/4.12.1 CFNetwork/1568.300.101 Darwin/24.2.0",
       "okhttp/4.12.0"]


def api_error(t, pod, pid, route, target):
    method, _, mod, line, fn, src = route
    tb = TB_SA.format(host=DB_HOST, mod=mod, line=line, fn=fn, src=src)
    api.add(t, "%s ERROR [billing.api.errors] [%s pid %d] %s %s failed: database unavailable, answering 503\n%s"
            % (pylog(t), pod[-5:], pid, method, target, tb))


def serve(t, route, target):
    """a request reaching billing-api; returns (status, ms, pod)"""
    cands = [p for p in PODS if ready[p]]
    if not cands:
        return None, 0, None
    pod = rng.choice(cands)
    pid = rng.choice(PODS[pod]["pids"])
    ok = checkout(t, pod, pid)
    if ok:
        ms = rng.lognorm_ms(45 if route[0] == "GET" else 120, 0.5, lo=6)
        return (201 if route is CHARGE_ROUTE else 200), ms, pod
    ms = rng.randint(14, 40)
    api_error(t + timedelta(milliseconds=ms), pod, pid, route, target)
    return 503, ms, pod


# ---- one event queue: probes, edge traffic, renewal batch ----------------------------------
import heapq

q = []
seq = [0]


def push(t, kind, data):
    seq[0] += 1
    heapq.heappush(q, (t, seq[0], kind, data))


for pod in PODS:
    push(START + timedelta(seconds=rng.uniform(0, 10)), "probe", {"pod": pod, "last": None, "cached": True})
for t in rng.times(START, END, 5.5):
    push(t, "edge", None)
# monthly renewal batch: CronJob at 00:00, ~2 renewals a minute
BATCH = dt("2025-02-01T00:00:04")
for t in rng.times(BATCH, END, 2.0):
    push(t, "renew", {"sub": "sub_" + rng.alnum(8), "attempt": 1, "amount": rng.choice(
        ["9.00", "19.00", "19.00", "49.00", "49.00", "99.00", "249.00"])})

CLIENT_IPS = ["198.51.100.%d" % i for i in range(2, 250)]
renew_ok = renew_fail = 0

while q:
    t, _, kind, data = heapq.heappop(q)
    if t >= END:
        continue
    if kind == "probe":
        pod = data["pod"]
        if data["last"] is None or (t - data["last"]).total_seconds() >= 60:
            data["last"] = t
            pid = rng.choice(PODS[pod]["pids"])
            data["cached"] = checkout(t, pod, pid)
            if not data["cached"]:
                tw = t + timedelta(milliseconds=12)
                api.add(tw, "%s WARNING [billing.api.health] [%s pid %d] readiness: database check failed: "
                        "(psycopg2.OperationalError) password authentication failed for user \"billing_app\""
                        % (pylog(tw), pod[-5:], pid))
        if data["cached"]:
            fail_streak[pod] = 0
            if not ready[pod]:
                ready[pod] = True
                ev.add(t, "%s  Normal   Ready                  pod/%-36s Readiness probe succeeded" % (iso_s(t), pod))
        else:
            fail_streak[pod] += 1
            if fail_streak[pod] == 3 and ready[pod]:
                ready[pod] = False
                ev.add(t, "%s  Warning  Unhealthy              pod/%-36s Readiness probe failed: HTTP probe failed with statuscode: 503"
                       % (iso_s(t), pod))
        push(t + timedelta(seconds=10), "probe", data)
    elif kind == "edge":
        route = rng.choices(ROUTES, weights=[5, 4, 2, 2])[0]
        target = route[1].replace("{id}", "in_" + rng.alnum(12, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"))
        status, ms, pod = serve(t, route, target)
        rid = "%s-%s-%s-%s-%s" % (rng.hex(8), rng.hex(4), rng.hex(4), rng.hex(4), rng.hex(12))
        ip = rng.choice(CLIENT_IPS)
        ua = rng.choice(UAS)
        if status is None:
            env.add(t, '[%s] "%s %s HTTP/1.1" 503 UH no_healthy_upstream - "-" 0 19 0 - "%s" "%s" "%s" "billing.acme.example" "-"'
                    % (iso_ms(t), route[0], target, ip, ua, rid))
        else:
            up = "%s:8000" % PODS[pod]["ip"]
            size = rng.randint(700, 9000) if status < 300 else 131
            env.add(t, '[%s] "%s %s HTTP/1.1" %d - via_upstream - "-" %d %d %d %d "%s" "%s" "%s" "billing.acme.example" "%s"'
                    % (iso_ms(t), route[0], target, status, 0 if route[0] == "GET" else rng.randint(60, 240),
                       size, ms + 1, ms, ip, ua, rid, up))
            if status < 300 and route[0] == "POST":
                tt = t + timedelta(milliseconds=ms)
                api.add(tt, "%s INFO [billing.api.invoices] [%s pid %d] invoice %s paid via card (3DS not required)"
                        % (pylog(tt), pod[-5:], rng.choice(PODS[pod]["pids"]), target.split("/")[3]))
    elif kind == "renew":
        sub, attempt = data["sub"], data["attempt"]
        status, ms, pod = serve(t, CHARGE_ROUTE, "/internal/charges")
        tt = t + timedelta(milliseconds=ms + rng.randint(2, 9))
        if status == 201:
            ch = "ch_" + rng.alnum(14)
            api.add(t + timedelta(milliseconds=ms), "%s INFO [billing.api.charges] [%s pid %d] charge %s created for %s (%s EUR, renewal)"
                    % (pylog(t + timedelta(milliseconds=ms)), pod[-5:], rng.choice(PODS[pod]["pids"]), ch, sub, data["amount"]))
            ren.add(tt, "%s INFO  [renewer] renewed %s: %s EUR charged (%s)" % (iso_ms(tt), sub, data["amount"], ch))
            renew_ok += 1
            continue
        if status == 503:
            err = "BillingApiError: POST http://billing-api.billing.svc.cluster.local/internal/charges -> 503 Service Unavailable"
            frames = ["    at BillingClient.charge (/app/src/billing-client.js:48:13)",
                      "    at async renewOne (/app/src/renew.js:71:20)"]
        else:
            tt = t + timedelta(milliseconds=rng.randint(1, 4))
            err = "BillingApiError: POST http://billing-api.billing.svc.cluster.local/internal/charges failed: connect ECONNREFUSED 10.96.41.203:80"
            frames = ["    at BillingClient.charge (/app/src/billing-client.js:52:11)",
                      "    at async renewOne (/app/src/renew.js:71:20)",
                      "  [cause]: Error: connect ECONNREFUSED 10.96.41.203:80"]
        if attempt < 3:
            wait = 5 if attempt == 1 else 20
            ren.add(tt, "%s WARN  [renewer] charge attempt %d/3 for %s failed, retrying in %ds: %s"
                    % (iso_ms(tt), attempt, sub, wait, err))
            push(tt + timedelta(seconds=wait), "renew", dict(data, attempt=attempt + 1))
        else:
            ren.add(tt, "%s ERROR [renewer] renewal of %s failed after 3 attempts; left for the next run\n%s\n%s"
                    % (iso_ms(tt), sub, err, "\n".join(frames)))
            renew_fail += 1

# ---- lifecycle and background --------------------------------------------------------------
# renewal batch bookkeeping
ev.add(dt("2025-02-01T00:00:00"), "2025-02-01T00:00:00Z  Normal   SuccessfulCreate       cronjob/subscription-renewer                Created job subscription-renewer-28971360")
ev.add(dt("2025-02-01T00:00:00.5"), "2025-02-01T00:00:00Z  Normal   SuccessfulCreate       job/subscription-renewer-28971360           Created pod: subscription-renewer-28971360-v8q2l")
ev.add(dt("2025-02-01T00:00:01"), "2025-02-01T00:00:01Z  Normal   Scheduled              pod/subscription-renewer-28971360-v8q2l     Successfully assigned billing/subscription-renewer-28971360-v8q2l to ip-10-20-5-118")
ev.add(dt("2025-02-01T00:00:02"), "2025-02-01T00:00:02Z  Normal   Started                pod/subscription-renewer-28971360-v8q2l     Started container renewer")
for t, job in [(dt("2025-02-01T00:30:00"), 28971350)]:
    pod = "ledger-export-%d-%s" % (job, rng.alnum(5))
    ev.add(t, "%s  Normal   SuccessfulCreate       job/ledger-export-%d                  Created pod: %s" % (iso_s(t), job, pod))
    t2 = t + timedelta(seconds=71)
    ev.add(t2, "%s  Normal   Completed              job/ledger-export-%d                  Job completed" % (iso_s(t2), job))
ren.add(dt("2025-02-01T00:00:02.611"), "2025-02-01T00:00:02.611Z INFO  [renewer] subscription-renewer 3.4.2 starting (node v20.18.1)")
ren.add(dt("2025-02-01T00:00:03.402"), "2025-02-01T00:00:03.402Z INFO  [renewer] period 2025-02: 1912 subscriptions due, concurrency=2, billing=http://billing-api.billing.svc.cluster.local")
for t in rng.times(BATCH, END, 1 / 3.0):
    ren.add(t, "%s WARN  [renewer] %s has no default payment method; marked past_due" % (iso_ms(t), "sub_" + rng.alnum(8)))
t = BATCH + timedelta(minutes=5)
while t < END:
    ren.add(t, "%s INFO  [renewer] progress: %d/1912 processed" % (iso_ms(t), int((t - BATCH).total_seconds() / 60 * 2.0)))
    t += timedelta(minutes=5)

# billing-api: stripe webhook noise (a test-mode endpoint is pointed at prod since Jan 30)
for t in rng.times(START, END, 1 / 11.0):
    pod = rng.choice(list(PODS))
    api.add(t, '''%s ERROR [billing.api.webhooks] [%s pid %d] stripe webhook rejected: bad signature (endpoint we_1QmX)
Traceback (most recent call last):
  File "/app/billing/api/webhooks.py", line 33, in stripe_webhook
    event = stripe.Webhook.construct_event(payload, sig_header, settings.STRIPE_WEBHOOK_SECRET)
  File "/usr/local/lib/python3.12/site-packages/stripe/_webhook.py", line 23, in construct_event
    WebhookSignature.verify_header(payload, sig_header, secret, tolerance)
  File "/usr/local/lib/python3.12/site-packages/stripe/_webhook.py", line 91, in verify_header
    raise error.SignatureVerificationError(
stripe._error.SignatureVerificationError: No signatures found matching the expected signature for payload'''
            % (pylog(t), pod[-5:], rng.choice(PODS[pod]["pids"])))

# billing-db background
t = START + timedelta(minutes=1, seconds=17)
while t < END:
    db.add(t, "%s [61] LOG:  checkpoint starting: time" % pg(t))
    t2 = t + timedelta(seconds=rng.uniform(20, 29))
    db.add(t2, "%s [61] LOG:  checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, %d recycled; write=%.3f s, sync=0.004 s, total=%.3f s; sync files=%d, longest=0.002 s, average=0.001 s; distance=%d kB, estimate=%d kB"
           % (pg(t2), rng.randint(400, 3000), rng.uniform(0.2, 1.9), rng.randint(0, 3), rng.uniform(19, 27), rng.uniform(20, 29), rng.randint(20, 80), rng.randint(9000, 60000), rng.randint(30000, 60000)))
    t += timedelta(minutes=5)
for t in rng.times(START, END, 1 / 15.0):  # BI tool misconfigured for weeks
    p = pg_pid()
    db.add(t, '%s [%d] metabase_ro@billing FATAL:  no pg_hba.conf entry for host "10.20.9.14", user "metabase_ro", database "billing", no encryption' % (pg(t), p))
for t in rng.times(START, END, 1 / 9.0):
    p = pg_pid()
    db.add(t, '%s [%d] billing_app@billing ERROR:  duplicate key value violates unique constraint "charges_idempotency_key_key"' % (pg(t), p))
    db.add(t, '%s [%d] billing_app@billing DETAIL:  Key (idempotency_key)=(%s) already exists.' % (pg(t), p, rng.hex(32)))
    db.add(t, '%s [%d] billing_app@billing STATEMENT:  INSERT INTO charges (id, account_id, amount_minor, currency, idempotency_key, created_at) VALUES ($1, $2, $3, $4, $5, now())' % (pg(t), p))
for t in rng.times(START, END, 1 / 8.0):
    p = pg_pid()
    db.add(t, "%s [%d] billing_app@billing LOG:  duration: %.3f ms  statement: SELECT invoices.id, invoices.number, invoices.total_minor FROM invoices WHERE invoices.account_id = $1 ORDER BY invoices.issued_at DESC LIMIT 25"
           % (pg(t), p, rng.uniform(1000, 2400)))
# hourly ledger export runs as another role, whose password has no expiry
for t in [dt("2025-02-01T00:30:01.870")]:
    p = pg_pid()
    db.add(t + timedelta(seconds=30), "%s [%d] billing_export@billing LOG:  duration: %.3f ms  statement: COPY (SELECT * FROM ledger_entries WHERE posted_at >= $1) TO STDOUT WITH CSV"
           % (pg(t + timedelta(seconds=30)), p, rng.uniform(20000, 31000)))

# ---- write ---------------------------------------------------------------------------------
logs = reset_logs(CASE)
api.write(os.path.join(logs, "billing-api.log"))
db.write(os.path.join(logs, "billing-db.log"))
env.write(os.path.join(logs, "edge-envoy.access.log"))
ev.write(os.path.join(logs, "k8s-events.log"))
ren.write(os.path.join(logs, "subscription-renewer.log"))
print("  renewals ok=%d failed=%d" % (renew_ok, renew_fail))

write_json(os.path.join(case_dir(CASE), "alert.json"), {
    "receiver": "billing-oncall",
    "status": "firing",
    "version": "4",
    "groupKey": "{}:{alertname=\"BillingApiHighErrorRate\"}",
    "truncatedAlerts": 0,
    "alerts": [{
        "status": "firing",
        "labels": {"alertname": "BillingApiHighErrorRate", "service": "billing-api",
                   "namespace": "billing", "severity": "critical", "env": "prod"},
        "annotations": {
            "summary": "billing-api: 5xx ratio 64% at the edge (threshold 2%)",
            "description": "edge-envoy answers 503 for billing.acme.example; renewal batch failing",
            "runbook_url": "https://runbooks.acme.example/billing/api-errors"},
        "startsAt": "2025-02-01T00:24:30Z",
        "endsAt": "0001-01-01T00:00:00Z",
        "generatorURL": "http://prometheus.monitoring:9090/graph?g0.expr=sum%28rate%28envoy_cluster_upstream_rq_xx%7Benvoy_cluster_name%3D%22billing-api%22%2Cenvoy_response_code_class%3D%225%22%7D%5B5m%5D%29%29",
        "fingerprint": "4c0e7d1b9a2f6358"}],
    "groupLabels": {"alertname": "BillingApiHighErrorRate"},
    "commonLabels": {"alertname": "BillingApiHighErrorRate", "service": "billing-api",
                     "namespace": "billing", "severity": "critical", "env": "prod"},
    "commonAnnotations": {"summary": "billing-api: 5xx ratio 64% at the edge (threshold 2%)"},
    "externalURL": "http://alertmanager.monitoring:9093",
})

finish(CASE, {
    "root_cause": {
        "service": "billing-db",
        "component": "role billing_app VALID UNTIL '2025-02-01 00:00:00+00' (password expiry set at provisioning, never extended)",
        "error_type": None,
        "file": None,
    },
    "category": "config",
    "symptoms": [
        {"service": "edge-envoy", "error_type": "HTTP_503"},
        {"service": "billing-api", "error_type": "OperationalError"},
        {"service": "subscription-renewer", "error_type": "BillingApiError"},
    ],
    "why": "The billing_app role's password on billing-db expired at 00:00 UTC; open sessions kept working, but as billing-api recycled its pooled connections every new login failed (the server log says the password has expired), so both pods failed readiness by about 00:30 and the edge and the renewal batch that starts at midnight got 503/ECONNREFUSED. Extending the role's validity (or rotating the password and the secret) fixes it; the renewal batch is not the cause.",
})
