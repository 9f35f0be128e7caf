#!/usr/bin/env python3
"""pg-maint-vacuum-full-overlaps-billing-run

The weekly maintenance cron on db-02 (Sunday 05:00) runs pg-maint.sh, which does VACUUM FULL
ANALYZE on every table of the billing database, one after the other; it used to finish before
06:45. invoice_lines has nearly doubled since the last quarter, and at 06:52 the script starts
VACUUM FULL on it (ACCESS EXCLUSIVE lock, backend pid 31877) and is still running when the
daily billing-run starts at 07:00. Every statement touching invoice_lines waits for the lock
(log_lock_waits: "Process holding the lock: 31877") and is cancelled after the application role's
5 s lock_timeout: postgres logs each cancel as ERROR (the loudest), invoice-api (Flask,
SQLAlchemy) fails invoice reads with OperationalError (LockNotAvailable), billing-run (Go) retries
each batch 3 times and gives up. The maintenance job logs no error; it is just still running.
Noise: postgres checkpoints and autovacuum, sysstat cron lines, sshd preauth closes, an older
invoice-api PDF-font warning, billing-run currency-cache warnings, invoice-api 404s.
Alertmanager alert on invoice-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, pgline, py, pytb, logfmt, jl,
                    alertmanager, trace)

CASE = "pg-maint-vacuum-full-overlaps-billing-run"
rng = Rng(20250803)
START, END = dt("2025-08-03T06:44:00"), dt("2025-08-03T07:22:00")
VF = dt("2025-08-03T06:52:07.412")
RUN = dt("2025-08-03T07:00:00")
MAINT_PID = 31877
pm, db, ia, br, jn = LogFile(), LogFile(), LogFile(), LogFile(), LogFile()

# the maintenance job, started by cron at 05:00 (its earlier lines are before this window)
cron = dt("2025-08-03T05:00:01")
jn.add(cron, jl(cron, "db-02", "CRON[28809]", "(postgres) CMD (/usr/local/bin/pg-maint.sh weekly >> /var/log/pg-maint/pg-maint.log 2>&1)"))
pm.add(cron, "%s pg-maint[28811] weekly maintenance starting: VACUUM FULL ANALYZE, database billing, 14 tables (backend pid %d)" % (cron.strftime("%Y-%m-%dT%H:%M:%SZ"), MAINT_PID))
t = cron
for name, secs in [("payments", 1104), ("customers", 388), ("credit_notes", 941), ("audit_events", 2107), ("invoices", 1620), ("tax_lines", 512), ("sessions", 50)]:
    t += timedelta(seconds=secs)
    pm.add(t, "%s pg-maint[28811] VACUUM FULL ANALYZE public.%s done in %ds" % (t.strftime("%Y-%m-%dT%H:%M:%SZ"), name, secs))
    if t >= START:
        db.add(t, pgline(t, MAINT_PID, "LOG", "duration: %d.%03d ms  statement: VACUUM FULL ANALYZE public.%s" % (secs * 1000, rng.randint(0, 999), name), user="maint", db="billing", app="pg-maint"))
pm.add(VF, "%s pg-maint[28811] VACUUM FULL ANALYZE public.invoice_lines (182 GB; 97 GB at the May run) starting" % VF.strftime("%Y-%m-%dT%H:%M:%SZ"))

QUERIES = ["SELECT l.id, l.sku, l.amount_cents FROM invoice_lines l WHERE l.invoice_id = $1",
           "SELECT sum(amount_cents) FROM invoice_lines WHERE invoice_id = $1",
           "INSERT INTO invoice_lines (invoice_id, sku, qty, amount_cents) VALUES ($1, $2, $3, $4)"]
backend = [40100]


def blocked_query(t, user, app, q):
    """a statement that waits for the ACCESS EXCLUSIVE lock and is cancelled by lock_timeout"""
    backend[0] += rng.randint(1, 7)
    pid = backend[0]
    w = t + timedelta(milliseconds=1000 + rng.randint(0, 90))
    mode = "RowExclusiveLock" if q.startswith("INSERT") else "AccessShareLock"
    db.add(w, pgline(w, pid, "LOG", "process %d still waiting for %s on relation 16421 of database 16384 after 1000.%03d ms" % (pid, mode, rng.randint(0, 999)), user=user, db="billing", app=app))
    db.add(w, pgline(w, pid, "DETAIL", "Process holding the lock: %d. Wait queue: %d." % (MAINT_PID, pid), user=user, db="billing", app=app))
    db.add(w, pgline(w, pid, "STATEMENT", q, user=user, db="billing", app=app))
    c = t + timedelta(milliseconds=5000 + rng.randint(0, 9))
    db.add(c, pgline(c, pid, "ERROR", "canceling statement due to lock timeout", user=user, db="billing", app=app))
    db.add(c, pgline(c, pid, "STATEMENT", q, user=user, db="billing", app=app))
    return c


TB = pytb([
    ([("/usr/local/lib/python3.12/site-packages/sqlalchemy/engine/base.py", 1967, "_exec_single_context", "self.dialect.do_execute("),
      ("/usr/local/lib/python3.12/site-packages/sqlalchemy/engine/default.py", 941, "do_execute", "cursor.execute(statement, parameters)")],
     "psycopg2.errors.LockNotAvailable: canceling statement due to lock timeout", "cause"),
    ([("/usr/local/lib/python3.12/site-packages/flask/app.py", 880, "full_dispatch_request", "rv = self.dispatch_request()"),
      ("/app/invoice_api/views/invoices.py", 57, "get_invoice", "lines = repo.lines_for(invoice_id)"),
      ("/app/invoice_api/repo.py", 33, "lines_for", "return self.session.execute(LINES_SQL, {\"invoice_id\": invoice_id}).all()"),
      ("/usr/local/lib/python3.12/site-packages/sqlalchemy/engine/default.py", 941, "do_execute", "cursor.execute(statement, parameters)")],
     "sqlalchemy.exc.OperationalError: (psycopg2.errors.LockNotAvailable) canceling statement due to lock timeout\n"
     "[SQL: SELECT l.id, l.sku, l.amount_cents FROM invoice_lines l WHERE l.invoice_id = %(invoice_id)s]\n"
     "[parameters: {'invoice_id': INVOICE_ID}]\n(Background on this error at: https://sqlalche.me/e/20/e3q8)", None)])
for t in rng.times(START, END, 1.8):
    inv = rng.randint(3000000, 3999999)
    tr = trace(rng)
    if t < VF:
        d = rng.lognorm_ms(35)
        ia.add(t + timedelta(milliseconds=d), py(t + timedelta(milliseconds=d), "INFO", "invoice_api.access", '10.30.2.%d "GET /v1/invoices/%d HTTP/1.1" 200 %dms trace=%s' % (rng.randint(2, 250), inv, d, tr)))
        continue
    c = blocked_query(t, "invoice_api", "invoice-api", QUERIES[0])
    ia.add(c + timedelta(milliseconds=3), py(c + timedelta(milliseconds=3), "ERROR", "invoice_api.app", "Exception on /v1/invoices/%d [GET] trace=%s\n%s" % (inv, tr, TB.replace("INVOICE_ID", str(inv)))))
    ia.add(c + timedelta(milliseconds=5), py(c + timedelta(milliseconds=5), "INFO", "invoice_api.access", '10.30.2.%d "GET /v1/invoices/%d HTTP/1.1" 500 %dms trace=%s' % (rng.randint(2, 250), inv, (c - t).total_seconds() * 1000 + 5, tr)))
# billing-run from 07:00: batches of customers, 3 attempts each
br.add(RUN, logfmt(RUN, "info", "billing run starting", run="2025-08-03", customers=41872, batches=419, batch_size=100))
t = RUN + timedelta(seconds=1)
b = 0
while t < END:
    b += 1
    for a in range(3):
        c = blocked_query(t, "billing_run", "billing-run", QUERIES[2])
        br.add(c + timedelta(milliseconds=2), logfmt(c + timedelta(milliseconds=2), "error", "batch insert failed", batch=b, attempt="%d/3" % (a + 1),
                                                      err="ERROR: canceling statement due to lock timeout (SQLSTATE 55P03)"))
        t = c + timedelta(seconds=2 * (a + 1))
    br.add(t, logfmt(t, "warn", "batch skipped, will be picked up by the next run", batch=b, customers=100))
    t += timedelta(milliseconds=200)
# noise
for k in range(int((END - START).total_seconds() // 300)):
    tc = START + timedelta(minutes=5 * k + 1, seconds=rng.randint(0, 59))
    db.add(tc, pgline(tc, 1187, "LOG", "checkpoint starting: time", user="", db="", app=""))
    db.add(tc + timedelta(seconds=rng.randint(60, 150)), pgline(tc + timedelta(seconds=rng.randint(60, 150)), 1187, "LOG",
           "checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, %d recycled; write=%.3f s, sync=0.012 s, total=%.3f s"
           % (rng.randint(2000, 9000), rng.uniform(1, 6), rng.randint(2, 9), rng.uniform(50, 140), rng.uniform(50, 141)), user="", db="", app=""))
    tj = START + timedelta(minutes=5 * k, seconds=17)
    jn.add(tj, jl(tj, "db-02", "CRON[%d]" % rng.randint(29000, 39000), "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"))
for t in rng.times(START, END, 0.3):
    db.add(t, pgline(t, rng.randint(30000, 39000), "LOG", "automatic analyze of table \"billing.public.%s\" avg read rate: %.3f MB/s" % (rng.choice(["sessions", "payment_attempts"]), rng.uniform(5, 60)), user="", db="", app=""))
for t in rng.times(START, END, 0.2):
    jn.add(t, jl(t, "db-02", "sshd[%d]" % rng.randint(40000, 50000), "Connection closed by authenticating user root 203.0.113.%d port %d [preauth]" % (rng.randint(2, 250), rng.randint(30000, 60000))))
for t in rng.times(START, END, 0.4):
    ia.add(t, py(t, "WARNING", "invoice_api.pdf", "font 'Inter-Medium' not embedded, falling back to Helvetica"))
for t in rng.times(START, END, 0.5):
    ia.add(t, py(t, "INFO", "invoice_api.access", '10.30.2.%d "GET /v1/invoices/%d HTTP/1.1" 404 3ms' % (rng.randint(2, 250), rng.randint(9000000, 9999999))))
for t in rng.times(RUN, END, 0.3):
    br.add(t, logfmt(t, "warn", "fx cache stale, using yesterday's rates", currency=rng.choice(["GBP", "CHF", "SEK"])))

d = reset_logs(CASE)
pm.write(d + "/pg-maint.log")
db.write(d + "/billing-db.log")
ia.write(d + "/invoice-api.log")
br.write(d + "/billing-run.log")
jn.write(d + "/db-02.journal.log")
labels = {"alertname": "InvoiceApiErrorRate", "service": "invoice-api", "severity": "critical", "team": "billing", "env": "prod"}
write_json(d + "/../alert.json", alertmanager("billing-oncall", labels,
    {"summary": "invoice-api: 100% of GET /v1/invoices/{id} failing", "description": "error ratio 1.0 over 5m, p99 latency 5.0s"},
    dt("2025-08-03T06:58:00"), "job%3Ahttp_errors%3Aratio5m%7Bservice%3D%22invoice-api%22%7D+%3E+0.05", "1d7c4a9e3b6f0285"))
finish(CASE, {
    "root_cause": {"service": "pg-maint", "component": "weekly cron pg-maint.sh: VACUUM FULL ANALYZE public.invoice_lines (ACCESS EXCLUSIVE, backend 31877) running into the 07:00 billing run",
                   "error_type": None, "file": None},
    "category": "infra",
    "symptoms": [{"service": "billing-db", "error_type": None}, {"service": "invoice-api", "error_type": "OperationalError"},
                 {"service": "billing-run", "error_type": None}],
    "why": "The Sunday maintenance cron reached VACUUM FULL on invoice_lines (now 182 GB) at 06:52 and holds its ACCESS EXCLUSIVE lock past 07:00; every statement on the table waits behind backend 31877 and is cancelled by the 5 s lock_timeout, so invoice-api fails invoice reads (OperationalError / LockNotAvailable) and billing-run skips every batch. The database is healthy; the maintenance job overlapping business traffic is the cause.",
})
