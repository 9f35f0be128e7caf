#!/usr/bin/env python3
"""fw-core-idle-timeout-oracle-sessions

claims-api (Spring, logback) keeps an Oracle UCP pool of 10 connections per pod to the
claims database in the data centre, through the core firewall fw-core-01. UCP does not
validate on borrow and hands connections out round-robin. In the 02:00 change window netops
commits CHG-20931 on fw-core-01, lowering the TCP idle timeout of the dc-trust-to-cloud policy
from 3600 s to 300 s. The firewall silently ages out sessions idle for 5 minutes and drops
their next packets (no RST), so any pooled connection unused for 5 minutes is dead: the next
query on it hangs until the 20 s socket read timeout (SQLRecoverableException "IO Error:
Socket read timed out"), then UCP replaces it. At night and in the quiet early morning almost
every request lands on a dead connection; once the 07:00 traffic keeps connections busy the
errors fade. portal-bff (jsonl) gives up after 8 s, retries twice and logs every attempt, so
its ClaimsApiTimeoutError is the loudest; the firewall's own log shows the commit, the aged-out
sessions and the dropped non-SYN packets to port 1521.
Noise: a document-store 404 error in claims-api since last week, UCP statistics, unrelated
firewall denies from a scanner, a flaky ingress probe.
Alertmanager alert on portal-bff.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, spring, nginx_line, jl, alertmanager, pod, ip)

CASE = "fw-core-idle-timeout-oracle-sessions"
rng = Rng(20260120)
START, END = dt("2026-01-20T01:50:00"), dt("2026-01-20T07:25:00")
COMMIT = dt("2026-01-20T02:03:11.000")
FW = "fw-core-01"
DB = "10.200.4.21"

ca, bff, ing, fw = LogFile(), LogFile(), LogFile(), LogFile()
CA_PODS = [pod(rng, "claims-api", "6d8f7b9c5") for _ in range(2)]
BFF_POD = pod(rng, "portal-bff", "7b5c9d6f8")
POD_IP = {p: "10.50.12.%d" % rng.randint(20, 90) for p in CA_PODS}


def idle_limit(t):
    return 300 if t >= COMMIT else 3600


class Conn:
    def __init__(self, p, t):
        self.pod, self.port, self.last = p, rng.randint(32768, 60999), t


pools = {p: [Conn(p, START - timedelta(seconds=rng.randint(0, 200))) for _ in range(10)] for p in CA_PODS}
rr = {p: 0 for p in CA_PODS}
fw.add(COMMIT, jl(COMMIT, FW, "mgmtd[2231]", "commit job 4411 by netops-ci (change CHG-20931) completed: 3 objects changed"))
fw.add(COMMIT, jl(COMMIT, FW, "mgmtd[2231]", "policy 'dc-trust-to-cloud' (zone cloud-k8s -> dc-trust, service oracle-1521,https): tcp session idle timeout 3600 -> 300"))
fw.add(COMMIT + timedelta(seconds=1), jl(COMMIT + timedelta(seconds=1), FW, "flowd[1880]", "policy table reloaded, 1,412 rules, existing sessions keep their timers until next packet"))

CHAIN = ("org.springframework.dao.RecoverableDataAccessException: PreparedStatementCallback; SQL [select c.claim_id, c.status, c.amount from claims c where c.policy_no = ? order by c.created_at desc]; IO Error: Socket read timed out\n"
         "\tat org.springframework.jdbc.support.SQLExceptionSubclassTranslator.doTranslate(SQLExceptionSubclassTranslator.java:100)\n"
         "\tat org.springframework.jdbc.core.JdbcTemplate.translateException(JdbcTemplate.java:1548)\n"
         "\tat com.acme.claims.repo.ClaimRepository.findByPolicy(ClaimRepository.java:57)\n"
         "\tat com.acme.claims.web.ClaimController.list(ClaimController.java:44)\n"
         "Caused by: java.sql.SQLRecoverableException: IO Error: Socket read timed out\n"
         "\tat oracle.jdbc.driver.T4CPreparedStatement.executeForDescribe(T4CPreparedStatement.java:1037)\n"
         "\tat oracle.jdbc.driver.OracleStatement.executeMaybeDescribe(OracleStatement.java:1391)\n"
         "\tat oracle.jdbc.driver.OraclePreparedStatementWrapper.executeQuery(OraclePreparedStatementWrapper.java:1136)\n"
         "\t... 98 common frames omitted\n"
         "Caused by: java.net.SocketTimeoutException: Socket read timed out\n"
         "\tat oracle.net.nt.TimeoutSocketChannel.read(TimeoutSocketChannel.java:174)\n"
         "\tat oracle.net.ns.NIOPacket.readHeader(NIOPacket.java:267)\n"
         "\t... 112 common frames omitted")


def query(t, trace, what):
    """claims-api request at t; returns (ok, done_time)"""
    p = rng.choice(CA_PODS)
    pool = pools[p]
    c = pool[rr[p] % len(pool)]
    rr[p] += 1
    idle = (t - c.last).total_seconds()
    th = "http-nio-8080-exec-%d" % rng.randint(1, 60)
    span = rng.hex(16)
    if idle > idle_limit(t):
        if rng.random() < 0.5:
            fw.add(t + timedelta(milliseconds=2), jl(t + timedelta(milliseconds=2), FW, "flowd[1880]", "drop non-SYN tcp packet without session: %s:%d -> %s:1521 flags=PA policy=dc-trust-to-cloud" % (POD_IP[p], c.port, DB)))
        td = t + timedelta(seconds=20, milliseconds=rng.randint(2, 40))
        ca.add(td, spring(td, "ERROR", "claims-api", trace, span, th, "c.a.claims.web.ApiErrorHandler", "%s failed: 500\n%s" % (what, CHAIN)))
        ca.add(td + timedelta(milliseconds=3), spring(td + timedelta(milliseconds=3), "WARN", "claims-api", trace, span, th, "o.ucp.jdbc.PoolDataSourceImpl",
                                                      "connection to claimsdb.dc.acme.internal:1521 closed after fatal error ORA-17002, replacing (pool claims-ucp, port %d)" % c.port))
        c.port = rng.randint(32768, 60999)
        c.last = td
        return False, td
    ms = rng.lognorm_ms(45)
    td = t + timedelta(milliseconds=ms)
    c.last = td
    ca.add(td, spring(td, "INFO", "claims-api", trace, span, th, "c.a.claims.web.RequestLog", "%s 200 in %dms" % (what, ms)))
    return True, td


def traffic(t):
    """portal requests per minute"""
    h = t.hour + t.minute / 60.0
    if h < 5.5:
        return 0.08
    if h < 6.8:
        return 0.35
    return min(14.0, 0.35 + (h - 6.8) * 40)


# housekeeping job in claims-api at 03:00 (first use of long-idle connections after the change)
t = dt("2026-01-20T03:00:00.120")
ca.add(t, spring(t, "INFO", "claims-api", "", "", "scheduling-1", "c.a.claims.jobs.ReserveRecalcJob", "reserve recalculation started"))
for k in range(3):
    ok, td = query(t + timedelta(milliseconds=5), rng.hex(32), "reserve recalculation batch %d" % (k + 1))
    t = td + timedelta(milliseconds=10)
ca.add(t, spring(t, "WARN", "claims-api", "", "", "scheduling-1", "c.a.claims.jobs.ReserveRecalcJob", "reserve recalculation finished with errors, will run again at 04:00"))

t = START
while t < END:
    t = t + timedelta(seconds=rng.expovariate(traffic(t) / 60.0))
    if t >= END:
        break
    t = t.replace(microsecond=rng.randrange(0, 1000) * 1000)
    trace = rng.hex(32)
    route = rng.choice(["GET /api/claims?policy={no}", "GET /api/claims/{id}", "GET /api/claims?policy={no}"])
    ta = t
    ok = False
    for attempt in (1, 2, 3):
        ok, td = query(ta + timedelta(milliseconds=4), trace, route)
        if ok:
            break
        tt = ta + timedelta(seconds=8)
        bff.add(tt, jrec(tt, "ERROR", "portal-bff", "claims-api did not answer within 8000ms (attempt %d/3) %s" % (attempt, route), component="clients/claims",
                         error_type="ClaimsApiTimeoutError", trace_id=trace, span_id=rng.hex(16), attrs={"pod": BFF_POD, "attempt": attempt}))
        ta = tt + timedelta(milliseconds=200)
    if ok:
        te = td + timedelta(milliseconds=12)
        bff.add(te, jrec(te, "INFO", "portal-bff", "%s 200 %dms" % (route, int((te - t).total_seconds() * 1000)), component="http", trace_id=trace, span_id=rng.hex(16), attrs={"pod": BFF_POD}))
        st = 200
    else:
        te = ta
        bff.add(te, jrec(te, "ERROR", "portal-bff", "%s failed after 3 attempts, answering 504" % route, component="http", error_type="ClaimsApiTimeoutError", trace_id=trace,
                         span_id=rng.hex(16), attrs={"pod": BFF_POD, "status": 504}))
        st = 504
    ing.add(te + timedelta(milliseconds=2), nginx_line(te + timedelta(milliseconds=2), ip(rng), "GET", route.split(" ")[1].replace("{no}", "P%07d" % rng.randint(1, 9999999)).replace("{id}", str(rng.randint(1000000, 9999999))),
                                                       st, 2400 if st == 200 else 160, rng.choice(["Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6)"]),
                                                       (te - t).total_seconds() + 0.002, "claims-portal-bff-3000", "10.50.14.%d:3000" % rng.randint(10, 60), trace))

# firewall: aged-out sessions (sampled)
for p in CA_PODS:
    for c in range(12):
        t = COMMIT + timedelta(minutes=rng.randint(5, 300), seconds=rng.randint(0, 59))
        fw.add(t, jl(t, FW, "flowd[1880]", "session aged out: %s:%d -> %s:1521 app=oracle idle=300s policy=dc-trust-to-cloud" % (POD_IP[p], rng.randint(32768, 60999), DB)))

# ---- noise -----------------------------------------------------------------------------------------
for t in rng.times(START, END, 0.05):
    ca.add(t, spring(t, "ERROR", "claims-api", rng.hex(32), rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 60), "c.a.claims.docs.DocumentClient",
                     "attachment metadata missing\ncom.acme.claims.docs.DocumentNotFoundException: 404 from document-store for doc d-%d (migrated archive, INC-7731)\n\tat com.acme.claims.docs.DocumentClient.meta(DocumentClient.java:61)" % rng.randint(100000, 999999)))
for m in range(0, 335, 15):
    t = START + timedelta(minutes=m, seconds=9)
    ca.add(t, spring(t, "INFO", "claims-api", "", "", "ucp-stats", "o.ucp.jdbc.PoolDataSourceImpl", "pool claims-ucp: total=10 available=%d borrowed=%d validateConnectionOnBorrow=false" % (rng.randint(8, 10), rng.randint(0, 2))))
for t in rng.times(START, END, 0.12):
    fw.add(t, jl(t, FW, "flowd[1880]", "deny tcp 203.0.113.%d:%d -> 198.51.100.10:%d policy=internet-in-default (scanner)" % (rng.randint(1, 250), rng.randint(1024, 65535), rng.choice([22, 23, 3389, 445]))))
for m in range(0, 335, 3):
    t = START + timedelta(minutes=m, seconds=44)
    st = 503 if rng.random() < 0.05 else 200
    ing.add(t, nginx_line(t, "10.50.0.1", "GET", "/healthz/claims-legacy-soap", st, 2 if st == 200 else 190, "kube-probe/1.31", 0.003 if st == 200 else 0.5, "claims-legacy-soap-8080", "10.50.14.9:8080", rng.hex(32), 110))

d = reset_logs(CASE)
ca.write(d + "/claims-api.log")
bff.write(d + "/portal-bff.jsonl")
ing.write(d + "/ingress-nginx.access.log")
fw.write(d + "/%s.log" % FW)
labels = {"alertname": "ClaimsPortalErrors", "service": "portal-bff", "namespace": "claims", "severity": "high", "env": "prod"}
write_json(d + "/../alert.json", alertmanager(
    "claims-oncall", labels, {"summary": "portal-bff: 504 ratio 38% on /api/claims (threshold 5%)", "description": "claims-api timeouts since the early morning; customer service opening at 07:00"},
    dt("2026-01-20T06:48:00"), "sum%28rate%28nginx_ingress_controller_requests%7Bingress%3D%22claims-portal%22%2Cstatus%3D%22504%22%7D%5B15m%5D%29%29", "f40b7d2c9e1a5863"))
finish(CASE, {
    "root_cause": {"service": FW, "component": "change CHG-20931 (02:03): policy dc-trust-to-cloud tcp session idle timeout 3600 -> 300 s; aged-out sessions are dropped silently (no RST)",
                   "error_type": None, "file": None},
    "category": "network",
    "symptoms": [{"service": "portal-bff", "error_type": "ClaimsApiTimeoutError"},
                 {"service": "claims-api", "error_type": "SQLRecoverableException"},
                 {"service": "ingress-nginx", "error_type": "HTTP_504"}],
    "why": "At 02:03 netops lowered fw-core-01's idle timeout for cloud-to-DC sessions from 3600 s to 300 s; the firewall then silently drops packets of any Oracle connection idle for 5 minutes, so claims-api's pooled connections (no validation on borrow) hang until the 20 s read timeout (SQLRecoverableException) whenever traffic is light, from the 03:00 job on through the quiet morning. portal-bff's retries make its timeouts loudest; restore the 3600 s timeout (or enable keepalive/validation in the pool).",
})
