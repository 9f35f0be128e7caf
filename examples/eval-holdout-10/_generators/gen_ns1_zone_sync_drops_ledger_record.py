#!/usr/bin/env python3
"""ns1-zone-sync-drops-ledger-record

The internal zone is kept in git and applied to the authoritative server ns1 by a zone-sync
timer every five minutes. At 16:31:40 it applies a cleanup commit whose pattern meant to remove
`ledger-old` but also removed `ledger.internal`'s A records; named loads the new serial. As the
clients' cached answers (TTL 300) expire over the next minutes, every service that calls the
ledger by name fails to resolve it: payout-scheduler (Spring, UnknownHostException under
ResourceAccessException, three attempts: the loudest), statements-api (Python requests chain
from socket.gaierror) and reconciler (Go, "no such host"). ledger itself is healthy: its request
log just goes quiet apart from health checks by IP.
Noise: ns1 zone-sync "no changes" runs and denied wpad queries, payout-scheduler holiday-calendar
warnings, an older statements-api font error, reconciler drift warnings, a flaky statements-api
readiness probe.
Sentry alert on statements-api (python).
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jl, spring, jstack, py, pytb, logfmt, lb,
                    sentry_alert)

CASE = "ns1-zone-sync-drops-ledger-record"
rng = Rng(20260811)
START, END = dt("2026-08-11T16:19:00"), dt("2026-08-11T16:56:00")
SYNC = dt("2026-08-11T16:31:40")
ns, ps, sa, rc, lg = LogFile(), LogFile(), LogFile(), LogFile(), LogFile()
NS_IP = "10.30.0.53"
CLIENT_IPS = {"payout-scheduler": "10.30.4.%d" % rng.randint(10, 90), "statements-api": "10.30.5.%d" % rng.randint(10, 90), "reconciler": "10.30.6.%d" % rng.randint(10, 90)}
# when each client's cached answer for ledger.internal runs out (TTL 300 s, cached at different times)
EXPIRE = {k: SYNC + timedelta(seconds=rng.randint(20, 290)) for k in CLIENT_IPS}


def resolves(caller, t):
    return t < EXPIRE[caller]


def qlog(t, caller):
    ns.add(t, jl(t, "ns1", "named[1187]", "client @0x7f3c%s %s#%d (ledger.internal): query: ledger.internal IN A +E(0)K (%s)" % (
        rng.hex(8), CLIENT_IPS[caller], rng.randint(32768, 60999), NS_IP)))


# zone-sync every five minutes; the 16:31:40 run removes three records
t = SYNC - timedelta(minutes=10)
serial = 2026081103
while t < END:
    pid = rng.randint(20000, 40000)
    ns.add(t, jl(t, "ns1", "zone-sync[%d]" % pid, "fetching git@git.acme.internal:infra/dns-zones.git (branch main)"))
    if t == SYNC:
        serial += 1
        tc = t + timedelta(milliseconds=610)
        ns.add(tc, jl(tc, "ns1", "zone-sync[%d]" % pid, "HEAD 7c1d2e0 \"cleanup: remove decommissioned ledger-old hosts (INFRA-2291)\" by j.okafor"))
        for rr in ("ledger.internal. 300 IN A 10.30.8.21", "ledger.internal. 300 IN A 10.30.8.22", "ledger-old.internal. 300 IN A 10.30.2.14"):
            ns.add(tc + timedelta(milliseconds=20), jl(tc + timedelta(milliseconds=20), "ns1", "zone-sync[%d]" % pid, "zone internal: - %s" % rr))
        ns.add(tc + timedelta(milliseconds=30), jl(tc + timedelta(milliseconds=30), "ns1", "zone-sync[%d]" % pid, "zone internal: 0 added, 3 removed, serial %d; named-checkzone OK; rndc reload internal" % serial))
        ns.add(tc + timedelta(milliseconds=90), jl(tc + timedelta(milliseconds=90), "ns1", "named[1187]", "received control channel command 'reload internal'"))
        ns.add(tc + timedelta(milliseconds=95), jl(tc + timedelta(milliseconds=95), "ns1", "named[1187]", "zone internal/IN: loaded serial %d" % serial))
        ns.add(tc + timedelta(milliseconds=96), jl(tc + timedelta(milliseconds=96), "ns1", "named[1187]", "zone internal/IN: sending notifies (serial %d)" % serial))
    else:
        ns.add(t + timedelta(milliseconds=640), jl(t + timedelta(milliseconds=640), "ns1", "zone-sync[%d]" % pid, "zone internal: no changes (serial %d)" % serial))
    t += timedelta(minutes=5)

# payout-scheduler: posts payouts to the ledger, three attempts
for t in rng.times(START, END, 2.2):
    payout = "po_%s" % rng.alnum(12)
    thread = "payout-exec-%d" % rng.randint(1, 16)
    trace = rng.hex(32)
    for a in range(1, 4):
        if resolves("payout-scheduler", t):
            if rng.random() < 0.3:
                ps.add(t, spring(t, "INFO", "payout-scheduler", trace, rng.hex(16), thread, "c.a.payouts.PayoutRunner", "payout %s posted to ledger (attempt %d)" % (payout, a)))
                lg.add(t + timedelta(milliseconds=8), lb(t + timedelta(milliseconds=8), "INFO", "http-nio-8080-exec-%d" % rng.randint(1, 50), "c.a.ledger.web.RequestLog",
                                                         "POST /v1/postings 201 in %dms from %s" % (rng.randint(6, 40), CLIENT_IPS["payout-scheduler"])))
            break
        if rng.random() < 0.15:
            qlog(t, "payout-scheduler")
        tf = t + timedelta(milliseconds=rng.randint(2, 9))
        ps.add(tf, spring(tf, "ERROR", "payout-scheduler", trace, rng.hex(16), thread, "c.a.payouts.PayoutRunner", "payout %s not posted (attempt %d/3)" % (payout, a)) + "\n" + jstack([
            ("org.springframework.web.client.ResourceAccessException", "I/O error on POST request for \"http://ledger.internal:8080/v1/postings\": ledger.internal",
             ["org.springframework.web.client.RestTemplate.createResourceAccessException(RestTemplate.java:915)",
              "com.acme.payouts.ledger.LedgerClient.post(LedgerClient.java:44)",
              "com.acme.payouts.PayoutRunner.run(PayoutRunner.java:71)"]),
            ("java.net.UnknownHostException", "ledger.internal",
             ["java.base/sun.nio.ch.NioSocketImpl.connect(NioSocketImpl.java:567)",
              "java.base/sun.net.www.http.HttpClient.openServer(HttpClient.java:178)"])]))
        t = tf + timedelta(seconds=2 * a)
    else:
        ps.add(t, spring(t, "WARN", "payout-scheduler", trace, None, thread, "c.a.payouts.PayoutRunner", "payout %s deferred to next run" % payout))

# statements-api: requests to the ledger for balances
for t in rng.times(START, END, 1.1):
    acct = "acc_%s" % rng.alnum(10)
    if resolves("statements-api", t):
        if rng.random() < 0.4:
            sa.add(t, py(t, "INFO", "statements.api", "GET /v1/statements/%s 200 in %dms" % (acct, rng.randint(60, 240))))
            lg.add(t, lb(t, "INFO", "http-nio-8080-exec-%d" % rng.randint(1, 50), "c.a.ledger.web.RequestLog",
                         "GET /v1/balances/%s 200 in %dms from %s" % (acct, rng.randint(4, 30), CLIENT_IPS["statements-api"])))
        continue
    if rng.random() < 0.15:
        qlog(t, "statements-api")
    url = "/v1/balances/%s" % acct
    tb = pytb([
        ([("/usr/local/lib/python3.12/site-packages/urllib3/connection.py", 198, "_new_conn", "sock = connection.create_connection("),
          ("/usr/local/lib/python3.12/site-packages/urllib3/util/connection.py", 60, "create_connection", "for res in socket.getaddrinfo(host, port, family, socket.SOCK_STREAM):"),
          ("/usr/local/lib/python3.12/socket.py", 976, "getaddrinfo", "for res in _socket.getaddrinfo(host, port, family, type, proto, flags):")],
         "socket.gaierror: [Errno -2] Name or service not known", "during"),
        ([("/usr/local/lib/python3.12/site-packages/urllib3/connectionpool.py", 793, "urlopen", "response = self._make_request("),
          ("/usr/local/lib/python3.12/site-packages/urllib3/connection.py", 205, "_new_conn", "raise NameResolutionError(self.host, self, e) from e")],
         "urllib3.exceptions.NameResolutionError: <urllib3.connection.HTTPConnection object at 0x7f%s>: Failed to resolve 'ledger.internal' ([Errno -2] Name or service not known)" % rng.hex(9), "during"),
        ([("/usr/local/lib/python3.12/site-packages/requests/adapters.py", 667, "send", "resp = conn.urlopen("),
          ("/usr/local/lib/python3.12/site-packages/urllib3/util/retry.py", 519, "increment", "raise MaxRetryError(_pool, url, reason) from reason")],
         "urllib3.exceptions.MaxRetryError: HTTPConnectionPool(host='ledger.internal', port=8080): Max retries exceeded with url: %s (Caused by NameResolutionError(\"<urllib3.connection.HTTPConnection object>: Failed to resolve 'ledger.internal' ([Errno -2] Name or service not known)\"))" % url, "during"),
        ([("/app/statements/api.py", 88, "get_statement", "balance = ledger.balance(account_id)"),
          ("/app/statements/ledger.py", 31, "balance", "resp = self.session.get(f\"{self.base}/v1/balances/{account_id}\", timeout=3)"),
          ("/usr/local/lib/python3.12/site-packages/requests/adapters.py", 700, "send", "raise ConnectionError(e, request=request)")],
         "requests.exceptions.ConnectionError: HTTPConnectionPool(host='ledger.internal', port=8080): Max retries exceeded with url: %s (Caused by NameResolutionError(\"<urllib3.connection.HTTPConnection object>: Failed to resolve 'ledger.internal' ([Errno -2] Name or service not known)\"))" % url, None)])
    sa.add(t, py(t, "ERROR", "statements.api", "GET /v1/statements/%s failed, answering 502\n%s" % (acct, tb)))

# reconciler (Go): balance sweeps every 20 s
t = START + timedelta(seconds=7)
while t < END:
    if resolves("reconciler", t):
        lg.add(t, lb(t, "INFO", "http-nio-8080-exec-%d" % rng.randint(1, 50), "c.a.ledger.web.RequestLog", "GET /v1/balances?changed_since=15m 200 in %dms from %s" % (rng.randint(30, 120), CLIENT_IPS["reconciler"])))
        rc.add(t + timedelta(milliseconds=90), logfmt(t + timedelta(milliseconds=90), "info", "sweep done", accounts=rng.randint(200, 900), mismatches=0))
    else:
        if rng.random() < 0.3:
            qlog(t, "reconciler")
        for a in range(1, 3):
            ta = t + timedelta(seconds=a - 1, milliseconds=rng.randint(1, 6))
            rc.add(ta, logfmt(ta, "error", "fetch ledger balances", attempt=a, err="Get \"http://ledger.internal:8080/v1/balances?changed_since=15m\": dial tcp: lookup ledger.internal on %s:53: no such host" % NS_IP))
    t += timedelta(seconds=20, milliseconds=rng.randint(0, 400))

# ledger health checks keep coming (by pod IP) the whole time
for m in range(37):
    for s in (10, 40):
        t = START + timedelta(minutes=m, seconds=s, milliseconds=rng.randint(0, 999))
        if rng.random() < 0.5:
            lg.add(t, lb(t, "INFO", "http-nio-8080-exec-%d" % rng.randint(1, 50), "c.a.ledger.web.RequestLog", "GET /healthz 200 in 1ms from 10.30.0.%d" % rng.randint(2, 4)))

# noise
for tt in rng.times(START, END, 0.7):
    ns.add(tt, jl(tt, "ns1", "named[1187]", "client @0x7f3c%s 10.30.%d.%d#%d (wpad.internal): query (cache) 'wpad.internal/A/IN' denied" % (
        rng.hex(8), rng.randint(1, 9), rng.randint(2, 250), rng.randint(32768, 60999))))
for tt in rng.times(START, END, 0.5):
    ps.add(tt, spring(tt, "WARN", "payout-scheduler", None, None, "payout-exec-%d" % rng.randint(1, 16), "c.a.payouts.calendar.HolidayCalendar",
                      "no bank holiday calendar for %s, assuming weekdays only" % rng.choice(["IS", "MT", "CY"])))
for tt in rng.times(START, END, 0.3):
    tb = pytb([([("/app/statements/pdf.py", 54, "render", "pdf.set_font(\"Inter\", size=9)"),
                 ("/usr/local/lib/python3.12/site-packages/fpdf/fpdf.py", 1901, "set_font", "raise FPDFException(")],
                "fpdf.errors.FPDFException: Undefined font: inter - Use built-in fonts or FPDF.add_font() beforehand", None)])
    sa.add(tt, py(tt, "ERROR", "statements.pdf", "pdf render fell back to html\n%s" % tb))
for tt in rng.times(START, END, 0.5):
    rc.add(tt, logfmt(tt, "warn", "fx drift above tolerance", pair=rng.choice(["EUR/SEK", "EUR/PLN"]), drift_bp=rng.randint(6, 20)))
for m in range(37):
    if rng.random() < 0.07:
        tt = START + timedelta(minutes=m, seconds=52)
        sa.add(tt, py(tt, "WARNING", "statements.health", "readiness probe slow: redis ping %dms" % rng.randint(900, 1600)))

d = reset_logs(CASE)
lg.write(d + "/ledger.log")
ns.write(d + "/ns1.journal.log")
ps.write(d + "/payout-scheduler.log")
rc.write(d + "/reconciler.log")
sa.write(d + "/statements-api.log")
when = dt("2026-08-11T16:35:12.094")
frames = [
    {"filename": "statements/api.py", "abs_path": "/app/statements/api.py", "module": "statements.api", "function": "get_statement", "lineno": 88, "in_app": True},
    {"filename": "statements/ledger.py", "abs_path": "/app/statements/ledger.py", "module": "statements.ledger", "function": "balance", "lineno": 31, "in_app": True},
    {"filename": "requests/adapters.py", "abs_path": "/usr/local/lib/python3.12/site-packages/requests/adapters.py", "module": "requests.adapters", "function": "send", "lineno": 700, "in_app": False},
]
write_json(d + "/../alert.json", sentry_alert(
    event_id="a7d3f1e09b2c4d58a6e4c3b2a1f0e9d8", project=4507988, release="statements-api@2.31.0", platform="python", when=when,
    logger="statements.api", title="ConnectionError: HTTPConnectionPool(host='ledger.internal', port=8080): Max retries exceeded with url: /v1/balances/...",
    culprit="statements.api in get_statement", location="statements/api.py",
    tags=[("environment", "production"), ("handled", "yes"), ("level", "error"), ("mechanism", "logging"), ("release", "statements-api@2.31.0"),
          ("runtime", "CPython 3.12.4"), ("server_name", "statements-api-7f5c9d6b84-h4mzt"), ("transaction", "/v1/statements/{account_id}"),
          ("url", "http://statements-api.finance.svc/v1/statements/acc_9s2k4m1x0q")],
    request={"method": "GET", "url": "http://statements-api.finance.svc/v1/statements/acc_9s2k4m1x0q", "headers": [["Accept", "application/json"], ["User-Agent", "customer-web/18.2.0"]]},
    exc_type="ConnectionError", exc_value="HTTPConnectionPool(host='ledger.internal', port=8080): Max retries exceeded with url: /v1/balances/acc_9s2k4m1x0q (Caused by NameResolutionError(\"<urllib3.connection.HTTPConnection object>: Failed to resolve 'ledger.internal' ([Errno -2] Name or service not known)\"))",
    exc_module="requests.exceptions", mechanism="logging", frames=frames, org="acme", slug="statements-api", issue_id="5990123847",
    rule="statements-api: new issue", installation="3b2a1c0d-9e8f-4a7b-b6c5-d4e3f2a1b0c9"))
finish(CASE, {
    "root_cause": {"service": "ns1", "component": "zone-sync run of 16:31:40 (commit 7c1d2e0) removed ledger.internal's A records from the internal zone",
                   "error_type": None, "file": "zones/internal.zone"},
    "category": "config",
    "symptoms": [{"service": "payout-scheduler", "error_type": "UnknownHostException"}, {"service": "statements-api", "error_type": "ConnectionError"},
                 {"service": "reconciler", "error_type": None}],
    "why": "At 16:31:40 zone-sync on ns1 applied a cleanup commit that removed ledger.internal's A records and named loaded the new serial; as cached answers expired, payout-scheduler (UnknownHostException), statements-api (gaierror, Failed to resolve 'ledger.internal') and reconciler (no such host, from ns1's address) all fail to resolve the ledger, while ledger itself stays healthy.",
})
