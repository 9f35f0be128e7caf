#!/usr/bin/env python3
"""db-03-bond-primary-link-flapping

From 14:12 the transceiver of db-03's ens1f0 (primary member of bond0, active-backup,
primary_reselect=always) starts failing: the link drops and returns every one to two minutes.
Each drop fails over to ens1f1 and each return fails straight back, so db-03 (the MySQL primary)
is unreachable for one to four seconds twice per flap. All its clients fail in the same bursts:
orders-api (logback, Hikari/Connector/J Caused by chain, retried: the loudest), reporting
(Python, MySQLdb OperationalError 2013) and inventory (Go, "invalid connection"); mysqld logs the
aborted connections. The kernel lines in db-03's journal line up with every burst.
Noise: db-03 sysstat runs and mysqld DNS warnings, orders-api slow-request warnings, an older
reporting template error, inventory cache warnings and a flaky readiness check.
Alertmanager alert on orders-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jl, lb, jstack, py, pytb, logfmt,
                    alertmanager)

CASE = "db-03-bond-primary-link-flapping"
rng = Rng(20260709)
START, END = dt("2026-07-09T13:56:00"), dt("2026-07-09T14:44:00")
FLAP_FROM = dt("2026-07-09T14:12:07")
jn, my, oa, rp, inv = LogFile(), LogFile(), LogFile(), LogFile(), LogFile()
HOST = "db-03"
CLIENTS = {"orders": "10.20.4.%d" % rng.randint(10, 60), "reporting": "10.20.6.%d" % rng.randint(10, 60), "inventory": "10.20.5.%d" % rng.randint(10, 60)}
conn_id = [4_812_000]


def kern(t, msg):
    jn.add(t, jl(t, HOST, "kernel", msg))


# flaps: link down -> failover to ens1f1 -> link up -> failback to ens1f0
blackouts = []
t = FLAP_FROM
while t < END - timedelta(seconds=30):
    kern(t, "mlx5_core 0000:3b:00.0: Port module event[error]: module 0, Cable error, Unknown status")
    kern(t + timedelta(milliseconds=2), "mlx5_core 0000:3b:00.0 ens1f0: Link down")
    kern(t + timedelta(milliseconds=100), "bond0: (slave ens1f0): link status definitely down, disabling slave")
    kern(t + timedelta(milliseconds=101), "bond0: (slave ens1f1): making interface the new active one")
    blackouts.append((t, t + timedelta(milliseconds=rng.randint(1200, 4200))))
    up = t + timedelta(seconds=rng.randint(8, 40), milliseconds=rng.randint(0, 999))
    kern(up, "mlx5_core 0000:3b:00.0 ens1f0: Link up")
    kern(up + timedelta(milliseconds=100), "bond0: (slave ens1f0): link status definitely up, 25000 Mbps full duplex")
    kern(up + timedelta(milliseconds=101), "bond0: (slave ens1f0): making interface the new active one")
    blackouts.append((up, up + timedelta(milliseconds=rng.randint(1000, 3500))))
    t = up + timedelta(seconds=rng.randint(35, 110), milliseconds=rng.randint(0, 999))


def down(t):
    return any(a <= t < b for a, b in blackouts)


def near_down(t, slack):
    """a request that started before a blackout and was still waiting when it began"""
    return any(a - timedelta(milliseconds=slack) <= t < b for a, b in blackouts)


def aborted(t, user, why):
    conn_id[0] += rng.randint(1, 40)
    tt = t + timedelta(seconds=rng.randint(3, 6), milliseconds=rng.randint(0, 999))  # the client closes once the link is back
    my.add(tt, "%s %d [Note] [MY-010914] [Server] Aborted connection %d to db: 'shop' user: '%s' host: '%s' (%s)." % (
        tt.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), conn_id[0], conn_id[0], user, CLIENTS[user], why))


# orders-api: socketTimeout 3 s, two retries
for t in rng.times(START, END, 26):
    trace = rng.hex(16)
    thread = "http-nio-8080-exec-%d" % rng.randint(1, 80)
    for a in range(1, 4):
        if not near_down(t, 3000):
            if rng.random() < 0.12:
                oa.add(t + timedelta(milliseconds=25), lb(t + timedelta(milliseconds=25), "INFO", thread, "c.a.orders.web.RequestLog", "POST /api/orders 201 in %dms trace=%s attempt=%d" % (rng.randint(18, 90), trace, a)))
            break
        tf = t + timedelta(milliseconds=3004)
        oa.add(tf, lb(tf, "WARN", thread, "com.zaxxer.hikari.pool.ProxyConnection",
                      "HikariPool-1 - Connection com.mysql.cj.jdbc.ConnectionImpl@%s marked as broken because of SQLSTATE(08S01), ErrorCode(0)" % rng.hex(8)))
        oa.add(tf + timedelta(milliseconds=1), lb(tf + timedelta(milliseconds=1), "ERROR", thread, "c.a.orders.service.OrderService",
                                                  "order create failed trace=%s attempt=%d/3" % (trace, a)) + "\n" + jstack([
            ("org.springframework.dao.DataAccessResourceFailureException", "PreparedStatementCallback; SQL [insert into orders (customer_id, total, currency, status) values (?, ?, ?, ?)]; Communications link failure",
             ["org.springframework.jdbc.support.SQLExceptionSubclassTranslator.doTranslate(SQLExceptionSubclassTranslator.java:81)",
              "org.springframework.jdbc.core.JdbcTemplate.update(JdbcTemplate.java:1008)",
              "com.acme.orders.repo.OrderRepository.insert(OrderRepository.java:64)",
              "com.acme.orders.service.OrderService.create(OrderService.java:88)"]),
            ("com.mysql.cj.jdbc.exceptions.CommunicationsException", "Communications link failure\n\nThe last packet successfully received from the server was 3,004 milliseconds ago. The last packet sent successfully to the server was 3,004 milliseconds ago.",
             ["com.mysql.cj.jdbc.exceptions.SQLError.createCommunicationsException(SQLError.java:165)",
              "com.mysql.cj.jdbc.ClientPreparedStatement.executeInternal(ClientPreparedStatement.java:916)"]),
            ("java.net.SocketTimeoutException", "Read timed out", ["java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)"])]))
        aborted(t, "orders", "Got an error reading communication packets")
        t = tf + timedelta(milliseconds=200 * a)

# reporting: long queries, lost mid-query
for t in rng.times(START, END, 2.2):
    job = "rpt-%05d" % rng.randint(10000, 99999)
    if near_down(t, 8000) or any(a <= t + timedelta(seconds=4) < b for a, b in blackouts):
        tf = t + timedelta(seconds=rng.randint(4, 9))
        tb = pytb([([("/app/reporting/jobs/sales.py", 142, "run", "cur.execute(SALES_BY_REGION, params)"),
                     ("/usr/local/lib/python3.11/site-packages/MySQLdb/cursors.py", 179, "execute", "res = self._query(mogrified_query)"),
                     ("/usr/local/lib/python3.11/site-packages/MySQLdb/connections.py", 261, "query", "_mysql.connection.query(self, query)")],
                    "MySQLdb.OperationalError: (2013, 'Lost connection to MySQL server during query')", None)])
        rp.add(tf, py(tf, "ERROR", "reporting.jobs", "job %s failed, will retry in 60s\n%s" % (job, tb)))
        aborted(t, "reporting", "Got an error writing communication packets")
    elif rng.random() < 0.5:
        rp.add(t + timedelta(seconds=5), py(t + timedelta(seconds=5), "INFO", "reporting.jobs", "job %s done rows=%d in %.1fs" % (job, rng.randint(100, 90000), 2 + rng.random() * 6)))

# inventory: short queries, Go driver
for t in rng.times(START, END, 20):
    if near_down(t, 1000):
        inv.add(t + timedelta(seconds=2), logfmt(t + timedelta(seconds=2), "error", "reserve stock failed", sku="SKU-%06d" % rng.randint(100000, 999999),
                                                 err="invalid connection", db="db-03.shop.internal:3306"))
        if rng.random() < 0.5:
            inv.add(t + timedelta(seconds=2, milliseconds=1), "[mysql] %s packets.go:37: read tcp %s:%d->10.20.1.3:3306: i/o timeout" % (
                (t + timedelta(seconds=2)).strftime("%Y/%m/%d %H:%M:%S"), CLIENTS["inventory"], rng.randint(33000, 60999)))
        aborted(t, "inventory", "Got an error reading communication packets")
    elif rng.random() < 0.1:
        inv.add(t, logfmt(t, "info", "stock reserved", sku="SKU-%06d" % rng.randint(100000, 999999), qty=rng.randint(1, 4)))

# noise
for m in range(0, 48, 10):
    t = START + timedelta(minutes=m, seconds=1)
    jn.add(t, jl(t, HOST, "systemd[1]", "Starting sysstat-collect.service - system activity accounting tool..."))
    jn.add(t + timedelta(milliseconds=420), jl(t + timedelta(milliseconds=420), HOST, "systemd[1]", "sysstat-collect.service: Deactivated successfully."))
for t in rng.times(START, END, 0.06):
    jn.add(t, jl(t, HOST, "chronyd[911]", "Selected source 10.20.0.%d (ntp1.internal)" % rng.randint(2, 3)))
for t in rng.times(START, END, 0.5):
    my.add(t, "%s 0 [Warning] [MY-010055] [Server] IP address '10.20.9.%d' could not be resolved: Name or service not known" % (t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), rng.randint(2, 250)))
for t in rng.times(START, END, 0.8):
    oa.add(t, lb(t, "WARN", "http-nio-8080-exec-%d" % rng.randint(1, 80), "c.a.orders.web.SlowRequestFilter", "GET /api/orders/search took %dms (> 1000ms)" % rng.randint(1000, 2600)))
for t in rng.times(START, END, 0.3):
    tb = pytb([([("/app/reporting/render.py", 57, "render", "row[col]")], "KeyError: 'vat_rate_reduced'", None)])
    rp.add(t, py(t, "ERROR", "reporting.render", "template tax_summary_v2 references a missing column\n%s" % tb))
for t in rng.times(START, END, 0.7):
    inv.add(t, logfmt(t, "warn", "cache refresh slow", took_ms=rng.randint(800, 2000), cache="warehouse-capacity"))
for m in range(48):
    if rng.random() < 0.07:
        t = START + timedelta(minutes=m, seconds=33)
        inv.add(t, logfmt(t, "warn", "readiness check failed", check="kafka", err="context deadline exceeded"))

d = reset_logs(CASE)
jn.write(d + "/db-03.journal.log")
my.write(d + "/db-03.mysqld.log")
inv.write(d + "/inventory.log")
oa.write(d + "/orders-api.log")
rp.write(d + "/reporting.log")
labels = {"alertname": "OrdersApiErrorRate", "severity": "critical", "service": "orders-api", "namespace": "shop", "team": "orders"}
write_json(d + "/../alert.json", alertmanager("orders-pager", labels,
    {"summary": "orders-api 5xx rate above 2% for 5m", "description": "order creation errors, DataAccessResourceFailureException in logs"},
    dt("2026-07-09T14:19:00"), "sum%28rate%28http_server_requests_seconds_count%7Bservice%3D%22orders-api%22%2Cstatus%3D~%225..%22%7D%5B5m%5D%29%29", "9e2b5c7d1f4a0863"))
finish(CASE, {
    "root_cause": {"service": "db-03", "component": "bond0 primary member ens1f0 (mlx5, failing transceiver) flapping; primary_reselect=always fails back on every link-up",
                   "error_type": None, "file": None},
    "category": "network",
    "symptoms": [{"service": "orders-api", "error_type": "CommunicationsException"}, {"service": "reporting", "error_type": "OperationalError"},
                 {"service": "inventory", "error_type": None}],
    "why": "From 14:12 db-03's kernel logs ens1f0 cable errors and link down/up every minute or two, and bond0 fails over and back each time; every burst of lost MySQL connections in orders-api, reporting and inventory (and mysqld's aborted connections) starts at one of those failovers.",
})
