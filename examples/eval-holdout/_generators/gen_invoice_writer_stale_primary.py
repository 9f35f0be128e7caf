#!/usr/bin/env python3
"""invoice-writer-stale-primary

The billing PostgreSQL cluster (Patroni: pg-billing-1 10.20.1.11, pg-billing-2 10.20.1.12) gets
a planned switchover at 14:05 for a minor upgrade: pg-billing-2 is promoted, Patroni's role
callback points pg-billing-primary.service.consul (TTL 5 s) at 10.20.1.12, and pg-billing-1
restarts as a streaming replica. billing-api (Go, pgx) and the Grafana datasource re-resolve and
follow the new primary within seconds. invoice-writer (Java, Spring AMQP + Hikari) runs on a base
image whose java.security sets networkaddress.cache.ttl=-1, so its reconnects keep going to the
cached 10.20.1.11 - now read-only: every INSERT fails with "cannot execute INSERT in a read-only
transaction" (PSQLException, SQLSTATE 25006), is retried 3 times and dead-lettered. The loudest
errors are the old primary's own ERROR lines (one per attempt) and billing-api's invoice mailer
giving up on paid orders without invoices. Noise: brief connection errors everywhere during the
switchover itself, a Grafana datasource with a wrong password (FATAL every minute, moving to the
new primary), a tax-rate lookup error in billing-api since yesterday, checkpoints/autovacuum.
Trace ids only in billing-api (JSONL). Alertmanager alert on billing-api.
"""
import os
import sys
from datetime import timedelta

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from casegen import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish,
                     logback, pg, pylog, jrec)

CASE = "invoice-writer-stale-primary"
rng = Rng(20250506)

START = dt("2025-05-06T13:30:00")
END = dt("2025-05-06T15:08:00")
SW = dt("2025-05-06T14:05:00.412")           # switchover requested
DOWN1 = SW + timedelta(milliseconds=620)       # pg-billing-1 fast shutdown
PROMO = SW + timedelta(seconds=3, milliseconds=180)
DNS = PROMO + timedelta(milliseconds=900)      # consul record now 10.20.1.12
UP1 = SW + timedelta(seconds=19, milliseconds=350)   # pg-billing-1 back as standby

p1 = LogFile()
p2 = LogFile()
pat1 = LogFile()
pat2 = LogFile()
iw = LogFile()
ba = LogFile()

IW_IPS = ["10.21.4.17", "10.21.6.40"]
BA_IPS = ["10.21.3.22", "10.21.5.9", "10.21.7.31"]
pids = {"n": 81000}


def pglog(f, t, user_db, level, msg):
    pids["n"] += rng.randint(1, 40)
    pid = pids["n"] if user_db else rng.choice([1187, 1190, 1191])
    pref = ("%s@%s " % user_db) if user_db else ""
    f.add(t, "%s [%d] %s%s:  %s" % (pg(t), pid, pref, level, msg))
    return pid


def pglog_pid(f, t, pid, user_db, level, msg):
    pref = ("%s@%s " % user_db) if user_db else ""
    f.add(t, "%s [%d] %s%s:  %s" % (pg(t), pid, pref, level, msg))


def primary_at(t):
    return p1 if t < DOWN1 else p2


def patroni(f, t, level, msg):
    f.add(t, "%s %s: %s" % (pylog(t), level, msg))


def lbk(t, level, thread, logger, msg):
    return "%s %5s 1 --- [invoice-writer] [%15s] %-40s : %s" % (logback(t), level, thread[-15:], logger[-40:], msg)


def b(t, level, msg, **kw):
    ba.add(t, jrec(t, level, "billing-api", msg, **kw))


RO_CHAIN = """org.springframework.jdbc.UncategorizedSQLException: PreparedStatementCallback; uncategorized SQLException for SQL [INSERT INTO invoices (id, order_id, customer_id, currency, total_gross, total_net, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)]; SQL state [25006]; error code [0]; ERROR: cannot execute INSERT in a read-only transaction
	at org.springframework.jdbc.core.JdbcTemplate.translateException(JdbcTemplate.java:1549)
	at org.springframework.jdbc.core.JdbcTemplate.execute(JdbcTemplate.java:677)
	at org.springframework.jdbc.core.JdbcTemplate.update(JdbcTemplate.java:972)
	at com.acme.billing.invoice.InvoiceRepository.insert(InvoiceRepository.java:58)
	at com.acme.billing.invoice.InvoiceWriter.write(InvoiceWriter.java:91)
	at com.acme.billing.invoice.InvoiceRequestListener.onMessage(InvoiceRequestListener.java:47)
	at org.springframework.retry.support.RetryTemplate.doExecute(RetryTemplate.java:357)
	at org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer.doInvokeListener(AbstractMessageListenerContainer.java:1681)
Caused by: org.postgresql.util.PSQLException: ERROR: cannot execute INSERT in a read-only transaction
	at org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)
	at org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2420)
	at org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:372)
	at org.postgresql.jdbc.PgStatement.executeInternal(PgStatement.java:517)
	at org.postgresql.jdbc.PgPreparedStatement.executeUpdate(PgPreparedStatement.java:152)
	at com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeUpdate(HikariProxyPreparedStatement.java)
	at org.springframework.jdbc.core.JdbcTemplate.lambda$update$2(JdbcTemplate.java:975)
	at org.springframework.jdbc.core.JdbcTemplate.execute(JdbcTemplate.java:658)
	... 6 common frames omitted"""

REFUSED_CHAIN = """org.springframework.transaction.CannotCreateTransactionException: Could not open JDBC Connection for transaction
	at org.springframework.jdbc.datasource.DataSourceTransactionManager.doBegin(DataSourceTransactionManager.java:308)
	at com.acme.billing.invoice.InvoiceRequestListener.onMessage(InvoiceRequestListener.java:41)
Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 5002ms (total=0, active=0, idle=0, waiting=0)
	at com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)
	at com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179)
	... 12 common frames omitted
Caused by: org.postgresql.util.PSQLException: Connection to pg-billing-primary.service.consul:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.
	at org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:352)
	... 8 common frames omitted
Caused by: java.net.ConnectException: Connection refused"""

TERMINATED = """org.postgresql.util.PSQLException: FATAL: terminating connection due to administrator command
	at org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)
	at org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2420)"""

# ---- pg housekeeping and monitoring ------------------------------------------------------
for f, s, e in ((p1, START, DOWN1), (p2, PROMO, END)):
    t = s + timedelta(minutes=rng.randint(1, 4))
    while t < e:
        pglog(f, t, None, "LOG", "checkpoint starting: time")
        te = t + timedelta(seconds=rng.uniform(20, 150))
        if te < e:
            pglog(f, te, None, "LOG", "checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, %d recycled; write=%.3f s, sync=%.3f s, total=%.3f s; sync files=%d, longest=0.004 s, average=0.001 s; distance=%d kB, estimate=%d kB; lsn=3A/%X, redo lsn=3A/%X"
                  % (rng.randint(800, 9000), rng.uniform(0.5, 5), rng.randint(1, 4), rng.uniform(20, 140), rng.uniform(0.01, 0.2), rng.uniform(20, 150), rng.randint(20, 90), rng.randint(20000, 90000), rng.randint(60000, 90000), rng.randint(0x10000000, 0xFFFFFFFF), rng.randint(0x10000000, 0xFFFFFFFF)))
        t += timedelta(minutes=5)
for tn in rng.times(START, END, 1 / 7.0):
    f = primary_at(tn)
    if DOWN1 <= tn < PROMO:
        continue
    pglog(f, tn, None, "LOG", "automatic vacuum of table \"billing.public.%s\": index scans: 1\n\tpages: 0 removed, %d remain, %d scanned (%.2f%% of total)\n\ttuples: %d removed, %d remain, 0 are dead but not yet removable"
          % (rng.choice(["payments", "payment_events", "invoice_lines", "ledger_entries"]), rng.randint(2000, 90000), rng.randint(100, 2000), rng.uniform(0.5, 8), rng.randint(100, 6000), rng.randint(10**5, 10**7)))
t = START + timedelta(seconds=17)
while t < END:  # Grafana datasource with a stale password, via the primary's DNS name
    if not (DOWN1 <= t < DNS):
        f = p1 if t < DOWN1 else p2
        pid = pglog(f, t, ("grafana_ro", "billing"), "FATAL", "password authentication failed for user \"grafana_ro\"")
        pglog_pid(f, t, pid, ("grafana_ro", "billing"), "DETAIL", "Connection matched file \"/etc/postgresql/16/main/pg_hba.conf\" line 21: \"host billing grafana_ro 10.21.0.0/16 scram-sha-256\"")
    t += timedelta(seconds=60)

# ---- the switchover ------------------------------------------------------------------------
patroni(pat1, SW - timedelta(milliseconds=40), "INFO", "no action. I am (pg-billing-1), the leader with the lock")
patroni(pat1, SW, "INFO", "received switchover request with leader=pg-billing-1 candidate=pg-billing-2 scheduled_at=None (requested by patronictl on bastion-01, change CHG-20877 minor upgrade 16.3 -> 16.4)")
patroni(pat1, SW + timedelta(milliseconds=150), "INFO", "Got response from pg-billing-2 http://10.20.1.12:8008/patroni: {\"state\": \"running\", \"role\": \"replica\", \"server_version\": 160004, \"xlog\": {\"received_location\": 63472920576, \"replayed_location\": 63472920576}, \"timeline\": 7}")
patroni(pat1, SW + timedelta(milliseconds=600), "INFO", "Demoting self (graceful)")
pglog(p1, DOWN1, None, "LOG", "received fast shutdown request")
pglog(p1, DOWN1 + timedelta(milliseconds=2), None, "LOG", "aborting any active transactions")
for ip in IW_IPS:
    for k in range(3):
        pglog(p1, DOWN1 + timedelta(milliseconds=4 + k), ("invoice_writer", "billing"), "FATAL", "terminating connection due to administrator command")
for ip in BA_IPS:
    for k in range(2):
        pglog(p1, DOWN1 + timedelta(milliseconds=8 + k), ("billing_api", "billing"), "FATAL", "terminating connection due to administrator command")
pglog(p1, DOWN1 + timedelta(milliseconds=40), None, "LOG", "background worker \"logical replication launcher\" (PID 1192) exited with exit code 1")
pglog(p1, DOWN1 + timedelta(milliseconds=60), None, "LOG", "shutting down")
pglog(p1, DOWN1 + timedelta(milliseconds=900), None, "LOG", "database system is shut down")
patroni(pat1, DOWN1 + timedelta(seconds=1, milliseconds=100), "INFO", "Leader key released")
patroni(pat2, PROMO - timedelta(milliseconds=300), "INFO", "Cleaning up failover key after acquiring leader lock...")
patroni(pat2, PROMO - timedelta(milliseconds=250), "INFO", "promoted self to leader by acquiring session lock")
pglog(p2, PROMO, None, "LOG", "received promote request")
pglog(p2, PROMO + timedelta(milliseconds=3), None, "LOG", "redo done at 3A/C4A1B2D8 system usage: CPU: user: 412.31 s, system: 190.02 s, elapsed: 1903442.11 s")
pglog(p2, PROMO + timedelta(milliseconds=5), None, "LOG", "selected new timeline ID: 8")
pglog(p2, PROMO + timedelta(milliseconds=90), None, "LOG", "archive recovery complete")
pglog(p2, PROMO + timedelta(milliseconds=160), None, "LOG", "database system is ready to accept connections")
patroni(pat2, PROMO + timedelta(milliseconds=700), "INFO", "Lock owner: pg-billing-2; I am pg-billing-2")
patroni(pat2, DNS, "INFO", "on_role_change callback: /usr/local/bin/patroni-consul-role.sh on_role_change master pg-billing -> consul service pg-billing-primary now 10.20.1.12 (ttl 5s)")
patroni(pat2, DNS + timedelta(seconds=9), "INFO", "no action. I am (pg-billing-2), the leader with the lock")
patroni(pat1, UP1 - timedelta(seconds=4), "INFO", "starting after demotion")
pglog(p1, UP1 - timedelta(seconds=3), None, "LOG", "starting PostgreSQL 16.4 (Debian 16.4-1.pgdg120+2) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit")
pglog(p1, UP1 - timedelta(seconds=3), None, "LOG", "listening on IPv4 address \"10.20.1.11\", port 5432")
pglog(p1, UP1 - timedelta(seconds=2), None, "LOG", "database system was shut down at 2025-05-06 14:05:01 UTC")
pglog(p1, UP1 - timedelta(seconds=2), None, "LOG", "entering standby mode")
pglog(p1, UP1 - timedelta(seconds=1), None, "LOG", "redo starts at 3A/C4A1B260")
pglog(p1, UP1 - timedelta(milliseconds=300), None, "LOG", "consistent recovery state reached at 3A/C4A1B2D8")
pglog(p1, UP1, None, "LOG", "database system is ready to accept read-only connections")
pglog(p1, UP1 + timedelta(milliseconds=400), None, "LOG", "started streaming WAL from primary at 3A/C5000000 on timeline 8")
patroni(pat1, UP1 + timedelta(seconds=5), "INFO", "Lock owner: pg-billing-2; I am pg-billing-1")
patroni(pat1, UP1 + timedelta(seconds=5, milliseconds=2), "INFO", "on_role_change callback: /usr/local/bin/patroni-consul-role.sh on_role_change replica pg-billing -> consul service pg-billing-replica now 10.20.1.11 (ttl 5s)")
for f, name in ((pat1, "pg-billing-1"), (pat2, "pg-billing-2")):
    t = START + timedelta(seconds=rng.randint(0, 9))
    while t < END:
        if abs((t - SW).total_seconds()) > 40:
            leader = "pg-billing-1" if t < SW else "pg-billing-2"
            if leader == name:
                patroni(f, t, "INFO", "no action. I am (%s), the leader with the lock" % name)
            else:
                patroni(f, t, "INFO", "no action. I am (%s), a secondary, and following a leader (%s)" % (name, leader))
        t += timedelta(seconds=60)

# ---- invoice-writer --------------------------------------------------------------------------
iw_conns = {}


def iw_connect(t):
    """Hikari adds connections; DNS answer is cached forever, so they all go to 10.20.1.11"""
    f = p1
    for k in range(3):
        ip = rng.choice(IW_IPS)
        tt = t + timedelta(milliseconds=k * 40)
        pid = pglog(f, tt, None, "LOG", "connection received: host=%s port=%d" % (ip, rng.randint(40000, 60999)))
        pglog_pid(f, tt + timedelta(milliseconds=3), pid, ("invoice_writer", "billing"), "LOG",
                  "connection authorized: user=invoice_writer database=billing application_name=invoice-writer SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)")
        iw_conns.setdefault("pids", []).append(pid)
    iw.add(t + timedelta(milliseconds=130), lbk(t + timedelta(milliseconds=130), "INFO", "HikariPool-1 connection adder", "com.zaxxer.hikari.pool.HikariPool", "HikariPool-1 - Added connection org.postgresql.jdbc.PgConnection@%s" % rng.hex(8)))


iw.add(DOWN1 + timedelta(milliseconds=30), lbk(DOWN1 + timedelta(milliseconds=30), "WARN", "ntContainer#0-1", "com.zaxxer.hikari.pool.ProxyConnection",
       "HikariPool-1 - Connection org.postgresql.jdbc.PgConnection@%s marked as broken because of SQLSTATE(57P01), ErrorCode(0)" % rng.hex(8)) + "\n" + TERMINATED)
iw_connect(UP1 + timedelta(milliseconds=700))

n_inv = [44120]
for t in rng.times(START, END, 4.2):
    order = rng.randint(3100000, 3999999)
    inv = "INV-2025-%06d" % n_inv[0]
    th = "ntContainer#0-%d" % rng.randint(1, 4)
    if t < DOWN1:
        lat = rng.lognorm_ms(18)
        te = t + timedelta(milliseconds=lat)
        pid = rng.randint(70000, 80999)
        iw.add(te, lbk(te, "INFO", th, "c.a.billing.invoice.InvoiceWriter", "invoice %s written for order %d (%d lines) in %dms" % (inv, order, rng.randint(1, 6), lat)))
        n_inv[0] += 1
        continue
    first = 1
    while first <= 3 and t < UP1 + timedelta(seconds=1):
        te = t + timedelta(seconds=5, milliseconds=3)
        iw.add(te, lbk(te, "WARN", th, "o.s.retry.support.RetryTemplate", "invoice request for order %d failed (attempt %d/3), retrying in %dms" % (order, first, 1000 * first))
               + "\n" + REFUSED_CHAIN)
        t = te + timedelta(milliseconds=1000 * first)
        first += 1
    # connected to the read-only old primary from here on
    attempt_t = t
    for att in range(first, 4):
        pid = rng.choice(iw_conns["pids"])
        ta = attempt_t + timedelta(milliseconds=rng.randint(2, 9))
        pglog_pid(p1, ta, pid, ("invoice_writer", "billing"), "ERROR", "cannot execute INSERT in a read-only transaction")
        pglog_pid(p1, ta, pid, ("invoice_writer", "billing"), "STATEMENT", "INSERT INTO invoices (id, order_id, customer_id, currency, total_gross, total_net, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        te = ta + timedelta(milliseconds=3)
        if att < 3:
            iw.add(te, lbk(te, "WARN", th, "o.s.retry.support.RetryTemplate", "invoice request for order %d failed (attempt %d/3), retrying in %dms: PreparedStatementCallback; SQL state [25006]: cannot execute INSERT in a read-only transaction" % (order, att, 1000 * att)))
            attempt_t = te + timedelta(milliseconds=1000 * att)
        else:
            iw.add(te, lbk(te, "ERROR", th, "c.a.b.invoice.InvoiceRequestListener", "invoice request for order %d failed after 3 attempts, rejecting to billing.invoice.requested.dlq" % order) + "\n" + RO_CHAIN)
    iw_conns.setdefault("failed", []).append((attempt_t, order))

for tn in rng.times(START, END, 1 / 15.0):
    iw.add(tn, lbk(tn, "INFO", "HikariPool-1 housekeeper", "com.zaxxer.hikari.pool.HikariPool",
                   "HikariPool-1 - Pool stats (total=10, active=%d, idle=%d, waiting=0)" % (rng.randint(0, 3), rng.randint(7, 10))))
for tn in rng.times(START, END, 1 / 11.0):
    iw.add(tn, lbk(tn, "WARN", "ntContainer#0-%d" % rng.randint(1, 4), "c.a.billing.invoice.CurrencyFormatter",
                   "no locale mapping for currency %s, falling back to en-US formatting" % rng.choice(["HRK", "BGN", "ISK"])))

# ---- billing-api (Go, pgx; JSONL) -----------------------------------------------------------
b(DOWN1 + timedelta(milliseconds=20), "WARN", "db: connection lost, reconnecting", component="db.pool",
  attrs={"err": "FATAL: terminating connection due to administrator command (SQLSTATE 57P01)", "host": "pg-billing-primary.service.consul"})
for k in range(4):
    tt = DOWN1 + timedelta(seconds=1 + k * 0.8)
    b(tt, "ERROR", "db: connect failed", component="db.pool", error_type="ConnectError",
      attrs={"err": "failed to connect to `host=pg-billing-primary.service.consul user=billing_api database=billing`: dial error (dial tcp 10.20.1.11:5432: connect: connection refused)"})
b(DNS + timedelta(seconds=1, milliseconds=200), "INFO", "db: connected", component="db.pool",
  attrs={"host": "pg-billing-primary.service.consul", "addr": "10.20.1.12:5432", "in_recovery": False, "server_version": "16.4"})
for k in range(6):
    tt = DNS + timedelta(seconds=1, milliseconds=210 + k * 30)
    ip = rng.choice(BA_IPS)
    pid = pglog(p2, tt, None, "LOG", "connection received: host=%s port=%d" % (ip, rng.randint(40000, 60999)))
    pglog_pid(p2, tt + timedelta(milliseconds=2), pid, ("billing_api", "billing"), "LOG", "connection authorized: user=billing_api database=billing application_name=billing-api SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)")

for t in rng.times(START, END, 9.0):
    trace = rng.hex(32)
    if DOWN1 <= t < DNS + timedelta(seconds=1):
        b(t, "ERROR", "POST /v1/payments/capture failed", component="http", error_type="ConnectError", trace_id=trace, span_id=rng.hex(16),
          attrs={"status": 503, "err": "db: no connection available (reconnecting)"})
        continue
    path = rng.choice(["/v1/payments/capture", "/v1/payments/capture", "/v1/invoices/by-order", "/v1/customers/balance"])
    status = 200
    if path == "/v1/invoices/by-order":
        status = 200 if t < UP1 or rng.random() < 0.2 else 404
    b(t, "INFO", "request", component="http", trace_id=trace, span_id=rng.hex(16),
      attrs={"method": "GET" if "by-order" in path or "balance" in path else "POST", "path": path, "status": status, "duration_ms": rng.lognorm_ms(14)})

# invoice mailer: every 2 minutes, mails invoices for orders paid > 3 min ago; gives up after 5 tries
pending = []
fails = {}
t = START + timedelta(seconds=41)
failed = sorted(iw_conns.get("failed", []))
fi = 0
while t < END:
    while fi < len(failed) and failed[fi][0] <= t - timedelta(minutes=3):
        pending.append(failed[fi][1])
        fi += 1
    sent = rng.randint(5, 11) if t < UP1 + timedelta(minutes=3) else rng.randint(0, 2)
    keep = []
    for order in pending:
        fails[order] = fails.get(order, 0) + 1
        tt = t + timedelta(milliseconds=rng.randint(5, 900))
        if fails[order] >= 5:
            b(tt, "ERROR", "invoice mailer: giving up on order %d, no invoice after 5 attempts; customer notified without invoice" % order,
              component="jobs.invoice_mailer", error_type="InvoiceMissingError", attrs={"order_id": order, "attempt": fails[order]})
        else:
            b(tt, "ERROR", "invoice mailer: no invoice for paid order %d (attempt %d/5)" % (order, fails[order]),
              component="jobs.invoice_mailer", error_type="InvoiceMissingError", attrs={"order_id": order, "attempt": fails[order]})
            keep.append(order)
    pending = keep
    b(t + timedelta(seconds=1), "INFO", "invoice mailer run finished", component="jobs.invoice_mailer", attrs={"sent": sent, "missing": len(keep)})
    t += timedelta(minutes=2)
for tn in rng.times(START, END, 1 / 6.0):
    b(tn, "ERROR", "tax rate lookup failed, using cached default rate", component="tax", error_type="TaxRateLookupError",
      trace_id=rng.hex(32), attrs={"region": "GB-NIR", "err": "tax-rates: 404 region not found"})

# ---- write ---------------------------------------------------------------------------------
logs = reset_logs(CASE)
ba.write(os.path.join(logs, "billing-api.jsonl"))
iw.write(os.path.join(logs, "invoice-writer.log"))
pat1.write(os.path.join(logs, "patroni.pg-billing-1.log"))
pat2.write(os.path.join(logs, "patroni.pg-billing-2.log"))
p1.write(os.path.join(logs, "pg-billing-1.log"))
p2.write(os.path.join(logs, "pg-billing-2.log"))

write_json(os.path.join(case_dir(CASE), "alert.json"), {
    "receiver": "billing-oncall",
    "status": "firing",
    "version": "4",
    "groupKey": "{}:{alertname=\"PaidOrdersWithoutInvoice\"}",
    "truncatedAlerts": 0,
    "alerts": [{
        "status": "firing",
        "labels": {"alertname": "PaidOrdersWithoutInvoice", "service": "billing-api", "namespace": "billing",
                   "severity": "critical", "env": "prod", "team": "billing"},
        "annotations": {"summary": "billing-api: invoice mailer cannot find invoices for paid orders",
                        "description": "billing_invoice_mailer_missing_total increased by 87 in 15m; no new invoices since 14:05",
                        "runbook_url": "https://runbooks.acme.example/billing/paid-orders-without-invoice"},
        "startsAt": "2025-05-06T14:27:00Z",
        "endsAt": "0001-01-01T00:00:00Z",
        "generatorURL": "http://prometheus.monitoring:9090/graph?g0.expr=increase%28billing_invoice_mailer_missing_total%5B15m%5D%29+%3E+20",
        "fingerprint": "e07a4c2b91d3f856",
    }],
    "groupLabels": {"alertname": "PaidOrdersWithoutInvoice"},
    "commonLabels": {"alertname": "PaidOrdersWithoutInvoice", "service": "billing-api", "severity": "critical", "env": "prod"},
    "commonAnnotations": {"summary": "billing-api: invoice mailer cannot find invoices for paid orders"},
    "externalURL": "http://alertmanager.monitoring:9093",
})

finish(CASE, {
    "root_cause": {
        "service": "invoice-writer",
        "component": "JVM DNS cache (networkaddress.cache.ttl=-1 in the base image's java.security): Hikari reconnects to the cached old primary 10.20.1.11 after the 14:05 Patroni switchover",
        "error_type": "PSQLException",
        "file": None,
    },
    "category": "network",
    "symptoms": [
        {"service": "pg-billing-1", "error_type": None},
        {"service": "billing-api", "error_type": "InvoiceMissingError"},
    ],
    "why": "After the planned 14:05 switchover the primary is pg-billing-2 and the consul name points to 10.20.1.12; billing-api and Grafana follow it, but invoice-writer caches the old address forever and reconnects to pg-billing-1, now a read-only standby, so every invoice INSERT fails with PSQLException 'cannot execute INSERT in a read-only transaction' (logged by pg-billing-1 for each retry) and is dead-lettered; billing-api's mailer then finds paid orders without invoices. Restarting invoice-writer (and fixing its DNS TTL) resolves it; the database is healthy.",
})
