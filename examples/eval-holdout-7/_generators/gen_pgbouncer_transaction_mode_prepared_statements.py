"""pgbouncer-transaction-mode-prepared-statements (config): a puppet run switches pgbouncer from
session to transaction pooling and reloads it; clients that use server-side prepared statements
(pgjdbc after prepareThreshold, pgx's statement cache) now land on server connections that do not
have their statements. The database logs every failed statement and is loudest; pgbouncer logs no error."""
import os
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish, spring, spring_err, logfmt, jl,
                    generic_alert, trace, span)

CASE = "pgbouncer-transaction-mode-prepared-statements"
rng = Rng(7003)
logs = reset_logs(CASE)
START, END = dt("2025-05-14T10:00:00"), dt("2025-05-14T11:40:00")
RELOAD = dt("2025-05-14T10:42:03.118")
PGB_IP, PGB_PID = "10.0.9.44", 812

pgb, host, db, oa, inv = LogFile(), LogFile(), LogFile(), LogFile(), LogFile()
OA_THREADS = ["http-nio-8080-exec-%d" % i for i in range(1, 31)]
OA_PODS = {"10.0.4.%d" % rng.randint(10, 250): "orders-api-7b9c6d5f8-%s" % rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789") for _ in range(3)}
INV_IP = "10.0.6.%d" % rng.randint(10, 250)


def fail_share(t):
    """the reload takes effect as client connections cycle (Hikari max-lifetime 5 min)"""
    if t < RELOAD:
        return 0.0
    return min(0.34, 0.34 * (t - RELOAD).total_seconds() / 300.0)


def rds(t, pid, client, level, msg, user="orders_app"):
    """RDS PostgreSQL log_line_prefix %t:%r:%u@%d:[%p]:"""
    return "%s UTC:%s(%d):%s@orders:[%d]:%s:  %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), client, rng.randint(30000, 60999), user, pid, level, msg)


QUERIES = [
    ("GET /api/orders/{id}", "select o1_0.id,o1_0.customer_id,o1_0.status,o1_0.total_cents from orders o1_0 where o1_0.id=$1", 1),
    ("GET /api/orders?customer={id}", "select o1_0.id,o1_0.status,o1_0.created_at from orders o1_0 where o1_0.customer_id=$1 order by o1_0.created_at desc limit $2", 2),
    ("POST /api/orders", "insert into orders (created_at,customer_id,status,total_cents,id) values ($1,$2,$3,$4,$5)", 5),
    ("POST /api/orders", "insert into order_lines (order_id,sku,quantity,unit_cents,id) values ($1,$2,$3,$4,$5)", 5),
]
SERVER_PIDS = [rng.randint(21000, 29999) for _ in range(40)]

# orders-api traffic
for t in rng.times(START, END, 2.2):
    route, sql, nparams = rng.choice(QUERIES)
    path = route.replace("{id}", str(rng.randint(1000000, 1999999)))
    client = rng.choice(list(OA_PODS))
    tr, sp = trace(rng), span(rng)
    th = rng.choice(OA_THREADS)
    dur = rng.lognorm_ms(14)
    if rng.random() >= fail_share(t):
        te = t + timedelta(milliseconds=dur)
        oa.add(te, spring(te, "INFO", "orders-api", tr, sp, th, "c.a.orders.web.RequestLogFilter",
                          "%s %s 200 in %dms" % (path.split(" ")[0], path.split(" ", 1)[1], dur)))
        continue
    n = rng.randint(1, 9)
    kind = rng.random()
    pid = rng.choice(SERVER_PIDS)
    if kind < 0.6:
        pg_msg, state = 'prepared statement "S_%d" does not exist' % n, "26000"
    elif kind < 0.85:
        pg_msg, state = 'prepared statement "S_%d" already exists' % n, "42P05"
    else:
        other = rng.choice([q for q in QUERIES if q[2] != nparams])[2]
        pg_msg, state = 'bind message supplies %d parameters, but prepared statement "S_%d" requires %d' % (nparams, n, other), "08P01"
    te = t + timedelta(milliseconds=dur)
    db.add(te, rds(te, pid, PGB_IP, "ERROR", pg_msg))
    db.add(te, rds(te, pid, PGB_IP, "STATEMENT", sql))
    te2 = te + timedelta(milliseconds=rng.randint(1, 4))
    oa.add(te2, spring(te2, "WARN", "orders-api", tr, sp, th, "o.h.engine.jdbc.spi.SqlExceptionHelper", "SQL Error: 0, SQLState: %s" % state))
    oa.add(te2, spring(te2, "ERROR", "orders-api", tr, sp, th, "o.h.engine.jdbc.spi.SqlExceptionHelper", "ERROR: " + pg_msg))
    te3 = te2 + timedelta(milliseconds=rng.randint(1, 3))
    oa.add(te3, spring_err(te3, "ERROR", "orders-api", tr, sp, th, "c.a.orders.web.ApiExceptionHandler",
                           "%s failed with 500" % path, [
                               ("org.springframework.dao.InvalidDataAccessResourceUsageException",
                                "JDBC exception executing SQL [%s] [ERROR: %s]; SQL [n/a]" % (sql.replace("$", "?")[:90] + "...", pg_msg), [
                                    "org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:277)",
                                    "org.springframework.orm.jpa.vendor.HibernateJpaDialect.translateExceptionIfPossible(HibernateJpaDialect.java:241)",
                                    "com.acme.orders.repo.OrderRepository$$SpringCGLIB$$0.findById(<generated>)",
                                    "com.acme.orders.service.OrderService.load(OrderService.java:61)"]),
                               ("org.hibernate.exception.SQLGrammarException", "JDBC exception executing SQL [...]", [
                                   "org.hibernate.exception.internal.SQLStateConversionDelegate.convert(SQLStateConversionDelegate.java:89)"]),
                               ("org.postgresql.util.PSQLException", "ERROR: " + pg_msg, [
                                   "org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)",
                                   "org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2420)",
                                   "org.postgresql.jdbc.PgPreparedStatement.executeWithFlags(PgPreparedStatement.java:152)",
                                   "com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeQuery(HikariProxyPreparedStatement.java)"])]))

# inventory-sync (Go, pgx v5 statement cache): a batch every 60 s, failed statements retried 3 times
t = START + timedelta(seconds=7)
while t < END:
    items = rng.randint(5, 12)
    failed = 0
    tt = t
    for i in range(items):
        tt = tt + timedelta(milliseconds=rng.randint(15, 60))
        if rng.random() < fail_share(tt) * 0.5:
            failed += 1
            name = "stmtcache_" + rng.hex(40)
            sku = "SKU-%06d" % rng.randint(1, 400000)
            for attempt in range(1, 4):
                tt = tt + timedelta(milliseconds=rng.randint(30, 120))
                pid = rng.choice(SERVER_PIDS)
                db.add(tt, rds(tt, pid, PGB_IP, "ERROR", 'prepared statement "%s" does not exist' % name, user="inventory_sync"))
                db.add(tt, rds(tt, pid, PGB_IP, "STATEMENT", "update stock_levels set on_hand = $1, updated_at = now() where sku = $2 and warehouse_id = $3", user="inventory_sync"))
                inv.add(tt, logfmt(tt, "warn" if attempt < 3 else "error", "stock update failed", sku=sku, attempt=attempt,
                                   err='ERROR: prepared statement "%s" does not exist (SQLSTATE 26000)' % name))
    te = tt + timedelta(milliseconds=20)
    inv.add(te, logfmt(te, "info", "batch done", items=items, updated=items - failed, failed=failed, source="wms-eu-1"))
    t = t + timedelta(seconds=60 + rng.uniform(-0.5, 0.5))

# pgbouncer: own log (log_connections=1, stats every 60 s) and the reload
t = START + timedelta(seconds=3.12)
while t < END:
    x = rng.randint(180, 260)
    pgb.add(t, "%s [%d] LOG stats: %d xacts/s, %d queries/s, 0 client parses/s, 0 server parses/s, 0 binds/s, in %d B/s, out %d B/s, xact %d us, query %d us, wait %d us" % (
        t.strftime("%Y-%m-%d %H:%M:%S.") + "%03d UTC" % (t.microsecond // 1000), PGB_PID, x, x * rng.randint(6, 9), x * 1400, x * 5800,
        rng.randint(3000, 5000), rng.randint(300, 500), rng.randint(5, 20) if t < RELOAD else rng.randint(1, 4)))
    t += timedelta(seconds=60)


def pgbl(t, msg):
    return "%s [%d] %s" % (t.strftime("%Y-%m-%d %H:%M:%S.") + "%03d UTC" % (t.microsecond // 1000), PGB_PID, msg)


for t in rng.times(START, END, 2.0 if True else 0):
    ptr = "0x55d%s" % rng.hex(9)
    src = rng.choice(list(OA_PODS) + [INV_IP])
    user = "inventory_sync" if src == INV_IP else "orders_app"
    pgb.add(t, pgbl(t, "LOG C-%s: orders/%s@%s:%d login attempt: db=orders user=%s tls=no replication=no" % (ptr, user, src, rng.randint(30000, 60999), user)))
for t in rng.times(START, END, 0.6):
    pgb.add(t, pgbl(t, "LOG S-0x55d%s: orders/orders_app@10.0.9.17:5432 closing because: server idle timeout (age=%ds)" % (rng.hex(9), rng.randint(600, 640))))
pgb.add(RELOAD, pgbl(RELOAD, "LOG got SIGHUP, re-reading config"))
for t in rng.times(START, END, 1 / 15.0):  # a monitoring login that has been failing for days
    pgb.add(t, pgbl(t, "WARNING C-0x55d%s: (nodb)/(nouser)@10.0.2.31:%d pooler error: no such user: datadog" % (rng.hex(9), rng.randint(30000, 60999))))

# pgb-01 journal: puppet runs every 30 minutes; the 10:42 run changes pgbouncer.ini
PP = "puppet-agent[%d]"
for run, changed in ((dt("2025-05-14T10:11:52"), False), (RELOAD - timedelta(seconds=9.4), True), (dt("2025-05-14T11:11:57"), False)):
    p = PP % rng.randint(20000, 29999)
    t = run
    host.add(t, jl(t, "pgb-01", p, "Requesting catalog from puppet.int.acme.example:8140 (10.0.1.12)"))
    t += timedelta(seconds=2.1)
    ver = "a41c9e2 (pgbouncer: transaction pooling to cut server connections on orders-db, OPS-4471)" if changed else "7d03b55 (monitoring: scrape interval 30s)"
    if run > RELOAD:
        ver = "a41c9e2 (pgbouncer: transaction pooling to cut server connections on orders-db, OPS-4471)"
    host.add(t, jl(t, "pgb-01", p, "Applying configuration version '%s'" % ver))
    if changed:
        t += timedelta(seconds=3.3)
        diff = ["--- /etc/pgbouncer/pgbouncer.ini\t2025-04-02 08:14:09.221804312 +0000",
                "+++ /tmp/puppet-file20250514-23114-1x9k2c\t2025-05-14 10:41:57.003214810 +0000",
                "@@ -11,9 +11,9 @@",
                " listen_port = 6432",
                " auth_type = scram-sha-256",
                " auth_file = /etc/pgbouncer/userlist.txt",
                "-pool_mode = session",
                "+pool_mode = transaction",
                " max_client_conn = 2000",
                "-default_pool_size = 120",
                "+default_pool_size = 40",
                " server_idle_timeout = 600",
                " log_connections = 1"]
        host.add(t, jl(t, "pgb-01", p, "(/Stage[main]/Profile::Pgbouncer/File[/etc/pgbouncer/pgbouncer.ini]/content) "))
        for d in diff:
            host.add(t, jl(t, "pgb-01", p, d))
        host.add(t, jl(t, "pgb-01", p, "(/Stage[main]/Profile::Pgbouncer/File[/etc/pgbouncer/pgbouncer.ini]/content) content changed '{sha256}%s' to '{sha256}%s'" % (rng.hex(64), rng.hex(64))))
        t += timedelta(seconds=0.4)
        host.add(t, jl(t, "pgb-01", p, "(/Stage[main]/Profile::Pgbouncer/Service[pgbouncer]) Triggered 'refresh' from 1 event"))
        host.add(RELOAD - timedelta(milliseconds=300), jl(RELOAD, "pgb-01", "systemd[1]", "Reloading pgbouncer.service - connection pooler for PostgreSQL..."))
        host.add(RELOAD + timedelta(milliseconds=60), jl(RELOAD, "pgb-01", "systemd[1]", "Reloaded pgbouncer.service - connection pooler for PostgreSQL."))
        t = RELOAD + timedelta(seconds=1.1)
    else:
        t += timedelta(seconds=rng.uniform(3, 5))
    host.add(t, jl(t, "pgb-01", p, "Applied catalog in %.2f seconds" % rng.uniform(4, 7)))
for t in rng.times(START, END, 1 / 10.0):
    host.add(t, jl(t, "pgb-01", "CRON[%d]" % rng.randint(30000, 39999), "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"))
for t in rng.times(START, END, 1 / 20.0):
    host.add(t, jl(t, "pgb-01", "sshd[%d]" % rng.randint(30000, 39999), "Accepted publickey for ansible from 10.0.1.9 port %d ssh2: ED25519 SHA256:Qm3v0eJp1cM2yDk4hA9bX7nTgW5sLr8uFz6oKq0iYtE" % rng.randint(40000, 60000)))

# orders-db (RDS): checkpoints, autovacuum, and an old client bug logging duplicate keys
t = START + timedelta(seconds=41)
while t < END:
    db.add(t, rds(t, 412, "[local]", "LOG", "checkpoint starting: time", user="rdsadmin"))
    t2 = t + timedelta(seconds=rng.randint(60, 150))
    db.add(t2, rds(t2, 412, "[local]", "LOG", "checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, %d recycled; write=%.3f s, sync=0.004 s, total=%.3f s" % (
        rng.randint(2000, 9000), rng.uniform(0.5, 3), rng.randint(2, 9), rng.uniform(50, 140), rng.uniform(50, 140)), user="rdsadmin"))
    t += timedelta(minutes=5)
for t in rng.times(START, END, 1 / 6.0):
    pid = rng.choice(SERVER_PIDS)
    db.add(t, rds(t, pid, PGB_IP, "ERROR", 'duplicate key value violates unique constraint "idempotency_keys_pkey"'))
    db.add(t, rds(t, pid, PGB_IP, "DETAIL", "Key (key)=(chk-%s) already exists." % rng.hex(12)))
for t in rng.times(START, END, 1 / 8.0):
    db.add(t, rds(t, rng.randint(30000, 39999), "[local]", "LOG", 'automatic vacuum of table "orders.public.order_events": index scans: 1, pages: 0 removed, %d remain' % rng.randint(90000, 120000), user="rdsadmin"))
for t in rng.times(START, END, 1 / 7.0):
    oa.add(t, spring(t, "WARN", "orders-api", "", "", "task-3", "c.a.orders.outbox.OutboxRelay", "outbox lag %ds above 5s threshold, %d events pending" % (rng.randint(5, 12), rng.randint(20, 140))))
for t in rng.times(START, END, 1 / 5.0):
    inv.add(t, logfmt(t, "warn", "supplier feed throttled", supplier="nordlager", retry_after="30s"))

pgb.write(os.path.join(logs, "pgbouncer.log"))
host.write(os.path.join(logs, "pgb-01.journal.log"))
db.write(os.path.join(logs, "orders-db.log"))
oa.write(os.path.join(logs, "orders-api.log"))
inv.write(os.path.join(logs, "inventory-sync.log"))

write_json(os.path.join(case_dir(CASE), "alert.json"), generic_alert(
    "orders-api", "orders-api 5xx ratio 31% on /api/orders (SLO burn 14x)", "critical", "3e8a0d6b1f2c47a9",
    dt("2025-05-14T10:49:00"), {"env": "prod", "team": "orders", "alertname": "OrdersApiErrorBudgetBurn", "cluster": "prod-eu-1"}))

finish(CASE, {
    "root_cause": {"service": "pgbouncer", "component": "pgbouncer.ini pool_mode = transaction (puppet config version a41c9e2, reloaded 10:42:03)",
                   "error_type": None, "file": None},
    "category": "config",
    "symptoms": [{"service": "orders-db", "error_type": None},
                 {"service": "orders-api", "error_type": "InvalidDataAccessResourceUsageException"},
                 {"service": "inventory-sync", "error_type": None}],
    "why": "The 10:42 puppet run changed pgbouncer from session to transaction pooling and reloaded it; pgjdbc and pgx keep named server-side prepared statements per connection, which transaction pooling hands to other server connections, so from 10:42 statements fail with 'prepared statement does not exist / already exists' and bind mismatches. orders-db logs every failed statement and is loudest, but nothing changed there or in the clients; pgbouncer's config is the cause.",
})
