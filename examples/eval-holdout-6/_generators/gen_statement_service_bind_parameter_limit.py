#!/usr/bin/env python3
"""statement-service-bind-parameter-limit

At 06:00 on the 1st the monthly statement run starts. statement-service (Spring, JdbcTemplate on
PostgreSQL) loads a statement's invoice lines with one `WHERE id IN (:ids)` query; for the six
B2B accounts with more than 32,767 lines that month the PostgreSQL JDBC driver cannot encode the
bind count (a 2-byte field): PSQLException "An I/O error occurred while sending to the backend",
caused by IOException "Tried to send an out-of-range integer as a 2-byte value: 41288", wrapped by
Spring as DataAccessResourceFailureException; Hikari marks the connection broken each time.
Smaller accounts are fine. statement-scheduler retries the six accounts every 30 minutes;
customer-portal users of those accounts download their statement, the portal tries 3 times and
logs every attempt plus the final failure (the loudest); the ingress returns 500.
Noise: font glyph fallback warnings, a JWKS refresh timeout in the portal since yesterday,
scheduler lock-renewal warnings, flaky /healthz.
Alertmanager alert on statement-scheduler failures.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, node_line, nginx_line,
                    spring, spring_err, alertmanager, pod, ip)

CASE = "statement-service-bind-parameter-limit"
rng = Rng(20260501)
START, END = dt("2026-05-01T05:48:00"), dt("2026-05-01T06:52:00")
RUN = dt("2026-05-01T06:00:00")
ss, sch, cp, ng = LogFile(), LogFile(), LogFile(), LogFile()
SS_PODS = [pod(rng, "statement-service", "6f8b7c9d4") for _ in range(3)]
CP_PODS = [pod(rng, "customer-portal", "84c6d5b7f") for _ in range(2)]
BIG = {"ACC-%06d" % rng.randint(100000, 999999): rng.randint(32900, 58000) for _ in range(6)}
SMALL = ["ACC-%06d" % rng.randint(100000, 999999) for _ in range(220)]
SQL = "SELECT l.id, l.invoice_id, l.sku, l.qty, l.net_amount, l.tax_rate FROM invoice_line l WHERE l.id IN (?, ?, ?, ...)"
CHAIN_FRAMES = [
    "org.springframework.jdbc.support.SQLStateSQLExceptionTranslator.doTranslate(SQLStateSQLExceptionTranslator.java:107)",
    "org.springframework.jdbc.core.JdbcTemplate.execute(JdbcTemplate.java:667)",
    "com.acme.statements.lines.InvoiceLineRepository.findByIds(InvoiceLineRepository.java:64)",
    "com.acme.statements.build.StatementBuilder.loadLines(StatementBuilder.java:118)",
]


def fail(t, acct, n, tr, th):
    p = rng.choice(SS_PODS)
    ss.add(t, spring(t, "INFO", "statement-service", tr, rng.hex(16), th, "c.a.statements.build.StatementBuilder",
                     "building statement account=%s period=2026-04 invoice_lines=%d pod=%s" % (acct, n, p)))
    t2 = t + timedelta(milliseconds=rng.randint(180, 420))
    ss.add(t2, spring(t2, "WARN", "statement-service", tr, rng.hex(16), th, "com.zaxxer.hikari.pool.ProxyConnection",
                      "HikariPool-1 - Connection org.postgresql.jdbc.PgConnection@%s marked as broken because of SQLSTATE(08006), ErrorCode(0)" % rng.hex(8)))
    ss.add(t2, spring_err(t2, "ERROR", "statement-service", tr, rng.hex(16), th, "c.a.statements.web.ApiExceptionHandler",
        "GET /internal/statements/%s/2026-04 failed" % acct,
        [("org.springframework.dao.DataAccessResourceFailureException",
          "PreparedStatementCallback; SQL [%s]; An I/O error occurred while sending to the backend." % SQL, CHAIN_FRAMES),
         ("org.postgresql.util.PSQLException", "An I/O error occurred while sending to the backend.",
          ["org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:395)",
           "org.postgresql.jdbc.PgPreparedStatement.executeQuery(PgPreparedStatement.java:134)",
           ]),
         ("java.io.IOException", "Tried to send an out-of-range integer as a 2-byte value: %d" % n,
          ["org.postgresql.core.PGStream.sendInteger2(PGStream.java:359)",
           "org.postgresql.core.v3.QueryExecutorImpl.sendParse(QueryExecutorImpl.java:1617)",
           ])]))
    return t2


def ok(t, acct, tr, th):
    n = rng.randint(3, 2400)
    d = rng.lognorm_ms(40 + n // 20)
    t2 = t + timedelta(milliseconds=d)
    ss.add(t2, spring(t2, "INFO", "statement-service", tr, rng.hex(16), th, "c.a.statements.web.RequestLog",
                      "GET /internal/statements/%s/2026-04 200 invoice_lines=%d pdf_bytes=%d in %dms" % (acct, n, 18000 + n * 61, d)))
    return t2


# the monthly run: scheduler fans out all accounts from 06:00, then retries the failed ones
for i, acct in enumerate(SMALL):
    t = RUN + timedelta(seconds=2 + i * 6.5, milliseconds=rng.randint(0, 900))
    tr = rng.hex(32)
    t2 = ok(t, acct, tr, "http-nio-8080-exec-%d" % rng.randint(1, 50))
    if i % 60 == 0:
        sch.add(t2, jrec(t2, "INFO", "statement-scheduler", "statement run 2026-04: %d/%d accounts done" % (i, len(SMALL) + len(BIG)),
                         component="run", trace_id=tr, attrs={"run": "2026-04"}))
sch.add(RUN, jrec(RUN, "INFO", "statement-scheduler", "statement run 2026-04 started: %d accounts" % (len(SMALL) + len(BIG)),
                  component="run", attrs={"run": "2026-04", "cron": "0 6 1 * *"}))
for k, (acct, n) in enumerate(sorted(BIG.items())):
    for a in range(2):
        t = RUN + timedelta(minutes=1 + 30 * a, seconds=7 * k + rng.randint(0, 5))
        if t >= END:
            break
        tr, sp = rng.hex(32), rng.hex(16)
        t2 = fail(t, acct, n, tr, "http-nio-8080-exec-%d" % rng.randint(1, 50))
        sch.add(t2 + timedelta(milliseconds=9), jrec(t2 + timedelta(milliseconds=9), "ERROR", "statement-scheduler",
                "statement for %s failed: statement-service answered 500, retry %d in 30m" % (acct, a + 1),
                component="worker", error_type="StatementServiceException", trace_id=tr, span_id=sp,
                attrs={"account": acct, "attempt": a + 1, "status": 500}))
# portal users of the big accounts download the new statement
for t in rng.times(RUN + timedelta(minutes=24), END, 1.0):
    acct = rng.choice(sorted(BIG))
    tr = rng.hex(32)
    cip = ip(rng, "85.%d" % rng.randint(10, 200))
    p = rng.choice(CP_PODS)
    for a in range(3):
        ta = t + timedelta(milliseconds=30 + 520 * a)
        t2 = fail(ta, acct, BIG[acct], tr, "http-nio-8080-exec-%d" % rng.randint(1, 50))
        cp.add(t2 + timedelta(milliseconds=4), node_line(t2 + timedelta(milliseconds=4), "error",
               "[statements] StatementFetchError: statement-service responded 500 for %s/2026-04 (attempt %d/3) trace=%s pod=%s" % (acct, a + 1, tr, p)))
    te = t + timedelta(milliseconds=1700)
    cp.add(te, node_line(te, "error", "[http] GET /account/statements/2026-04.pdf 500 StatementFetchError: statement unavailable after 3 attempts trace=%s\n"
                         "    at StatementClient.fetch (/srv/portal/dist/clients/statements.js:44:15)\n"
                         "    at async downloadStatement (/srv/portal/dist/routes/statements.js:29:17)" % tr))
    ng.add(te, nginx_line(te, cip, "GET", "/account/statements/2026-04.pdf", 500, 92, "Mozilla/5.0", 1.712,
                          "portal-customer-portal-80", "10.42.5.%d:3000" % rng.randint(2, 250), rng.hex(32)))
# ordinary portal traffic
for t in rng.times(START, END, 6):
    d = rng.lognorm_ms(45)
    path = rng.choice(["/account/invoices", "/account/overview", "/account/users", "/account/statements"])
    te = t + timedelta(milliseconds=d)
    cp.add(te, node_line(te, "info", "[http] GET %s 200 %dms" % (path, d)))
    ng.add(te, nginx_line(te, ip(rng, "85.%d" % rng.randint(10, 200)), "GET", path, 200, rng.randint(8000, 40000), "Mozilla/5.0",
                          d / 1000, "portal-customer-portal-80", "10.42.5.%d:3000" % rng.randint(2, 250), rng.hex(32)))
# noise
for t in rng.times(START, END, 0.7):
    ss.add(t, spring(t, "WARN", "statement-service", None, None, "pdf-render-%d" % rng.randint(1, 8), "c.a.statements.pdf.FontResolver",
                     "glyph U+%04X missing in font 'Inter', substituting 'DejaVu Sans'" % rng.choice([0x0151, 0x0171, 0x0103, 0x021B])))
for t in rng.times(START, END, 0.3):
    cp.add(t, node_line(t, "error", "[auth] JWKS refresh failed: Error: connect ETIMEDOUT 10.60.4.12:443 (keeping cached keys, failing since 2026-04-30T17:05Z)"))
for t in rng.times(START, END, 0.25):
    sch.add(t, jrec(t, "WARN", "statement-scheduler", "lock renewal took %dms (lease 30s)" % rng.randint(900, 2600), component="lock"))
for m in range(64):
    t = START + timedelta(minutes=m, seconds=41)
    st = 200 if rng.random() > 0.05 else 503
    ng.add(t, nginx_line(t, "10.42.0.1", "GET", "/healthz", st, 2 if st == 200 else 190, "kube-probe/1.29", 0.002 if st == 200 else 1.0,
                         "portal-customer-portal-80", "10.42.5.17:3000", rng.hex(32)))

d = reset_logs(CASE)
ss.write(d + "/statement-service.log")
sch.write(d + "/statement-scheduler.jsonl")
cp.write(d + "/customer-portal.log")
ng.write(d + "/ingress-nginx.access.log")
labels = {"alertname": "StatementRunFailures", "severity": "high", "service": "statement-scheduler", "namespace": "billing", "team": "billing"}
write_json(d + "/../alert.json", alertmanager("billing-pager", labels,
    {"summary": "monthly statement run has failing accounts", "description": "6 accounts failed 3+ times in run 2026-04",
     "runbook_url": "https://runbooks.acme.internal/billing/statement-run"},
    dt("2026-05-01T06:16:00"), "sum(increase(statement_failures_total%5B15m%5D))+%3E+10", "4e2c91b7d0a3f658"))
finish(CASE, {
    "root_cause": {"service": "statement-service", "component": "InvoiceLineRepository.findByIds (one IN list with every line id; >32767 bind parameters)",
                   "error_type": "PSQLException", "file": "src/main/java/com/acme/statements/lines/InvoiceLineRepository.java"},
    "category": "code",
    "symptoms": [{"service": "customer-portal", "error_type": "StatementFetchError"},
                 {"service": "statement-scheduler", "error_type": "StatementServiceException"},
                 {"service": "ingress-nginx", "error_type": "HTTP_500"}],
    "why": "statement-service loads a statement's invoice lines with a single IN list; for the six accounts with more than 32,767 lines the PostgreSQL driver cannot send the bind count (IOException 'out-of-range integer as a 2-byte value') and throws PSQLException, so those statements fail on every try. The scheduler's retries and the portal's 3 attempts per download are only echoes; the query must be batched.",
})
