#!/usr/bin/env python3
"""redis-01-needrestart-cold-cache

redis-01 is a VM running the catalog cache (redis without persistence). At 06:25 the daily
unattended-upgrades run installs a libssl3/openssl security update and needrestart, set to
restart automatically, restarts redis-server.service: the cache comes back empty. As the
morning traffic ramps up, catalog-api misses on nearly every category page and runs the heavy
listing queries on catalog-db; with the 2 s statement timeout many are cancelled (catalog-db
ERROR "canceling statement due to statement timeout" for each query and its one retry, the loudest), catalog-api
fails with QueryTimeoutException and the ingress returns 500s. The only sign of the cause is in
redis-01's journal and a short Lettuce reconnect in catalog-api; the hit ratio drops from 0.97.
Noise: UFW blocks on redis-01, catalog-db autovacuum/checkpoints, catalog-api recommendation
errors since the night, a flaky health check at the ingress.
Alertmanager alert on catalog-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jl, lb, pgline, nginx_line, alertmanager, ramp, arrivals)

CASE = "redis-01-needrestart-cold-cache"
rng = Rng(20260707)
START, END = dt("2026-07-07T06:05:00"), dt("2026-07-07T06:58:00")
RESTART = dt("2026-07-07T06:25:31.204")
rj, ca, db, ng = LogFile(), LogFile(), LogFile(), LogFile()
rate = ramp([(START, 4), (dt("2026-07-07T06:30:00"), 6), (dt("2026-07-07T06:45:00"), 13), (END, 16)])


def j(t, unit, msg):
    rj.add(t, jl(t, "redis-01", unit, msg))


t = dt("2026-07-07T06:25:01.004")
j(t, "systemd[1]", "Starting apt-daily-upgrade.service - Daily apt upgrade and clean activities...")
j(t + timedelta(seconds=9), "unattended-upgrade[48211]", "Packages that will be upgraded: libssl3 openssl")
j(t + timedelta(seconds=9, milliseconds=300), "unattended-upgrade[48211]", "Writing dpkg log to /var/log/unattended-upgrades/unattended-upgrades-dpkg.log")
j(t + timedelta(seconds=27), "needrestart[48390]", "Restarting services: redis-server.service ssh.service")
j(RESTART - timedelta(milliseconds=180), "systemd[1]", "Stopping redis-server.service - Advanced key-value store...")
j(RESTART - timedelta(milliseconds=170), "redis-server[912]", "912:signal-handler (1783405531) Received SIGTERM scheduling shutdown...")
j(RESTART - timedelta(milliseconds=60), "redis-server[912]", "912:M 07 Jul 2026 06:25:31.144 # User requested shutdown...")
j(RESTART - timedelta(milliseconds=58), "redis-server[912]", "912:M 07 Jul 2026 06:25:31.146 # Redis is now ready to exit, bye bye...")
j(RESTART - timedelta(milliseconds=20), "systemd[1]", "redis-server.service: Deactivated successfully.")
j(RESTART, "systemd[1]", "Stopped redis-server.service - Advanced key-value store.")
j(RESTART + timedelta(milliseconds=8), "systemd[1]", "Starting redis-server.service - Advanced key-value store...")
j(RESTART + timedelta(milliseconds=190), "redis-server[48433]", "48433:M 07 Jul 2026 06:25:31.394 * Server initialized")
j(RESTART + timedelta(milliseconds=191), "redis-server[48433]", "48433:M 07 Jul 2026 06:25:31.395 * Ready to accept connections tcp")
j(RESTART + timedelta(milliseconds=230), "systemd[1]", "Started redis-server.service - Advanced key-value store.")
j(RESTART + timedelta(seconds=1), "systemd[1]", "Stopping ssh.service - OpenBSD Secure Shell server...")
j(RESTART + timedelta(seconds=1, milliseconds=90), "systemd[1]", "Started ssh.service - OpenBSD Secure Shell server.")
j(RESTART + timedelta(seconds=4), "unattended-upgrade[48211]", "All upgrades installed")
j(RESTART + timedelta(seconds=5), "systemd[1]", "apt-daily-upgrade.service: Deactivated successfully.")
j(RESTART + timedelta(seconds=5), "systemd[1]", "Finished apt-daily-upgrade.service - Daily apt upgrade and clean activities.")
tw = RESTART + timedelta(seconds=1, milliseconds=400)
ca.add(tw, lb(tw, "WARN", "lettuce-nioEventLoop-4-1", "i.l.core.protocol.ConnectionWatchdog", "Reconnecting, last destination was redis-01.dc1/10.1.2.30:6379"))
ca.add(tw + timedelta(milliseconds=210), lb(tw + timedelta(milliseconds=210), "INFO", "lettuce-eventExecutorLoop-1-2", "i.l.core.protocol.ReconnectionHandler", "Reconnected to redis-01.dc1/<unresolved>:6379"))

warm = set()  # category pages cached since the restart
for t in arrivals(rng, START, END, rate):
    cat = rng.randint(1, 420) if rng.random() < 0.6 else rng.randint(1, 40)
    path = "/api/categories/%d/products?page=%d" % (cat, rng.choice([1, 1, 1, 2, 3]))
    thr = "http-nio-8080-exec-%d" % rng.randint(1, 80)
    hit = t < RESTART or (cat, path) in warm
    if hit:
        dur = rng.lognorm_ms(12)
        st = 200
    else:
        load = rate(t) / 16.0
        pid = rng.randint(50000, 59999)
        q1 = rng.lognorm_ms(400 + 2600 * load, 0.5)
        if t < RESTART:
            q1 = rng.lognorm_ms(300)
        if q1 >= 2000:
            # first attempt times out, ListingRepository retries once (also timing out)
            t1 = t + timedelta(milliseconds=2000)
            db.add(t1, pgline(t1, pid, "ERROR", "canceling statement due to statement timeout", user="catalog_api", db="catalog", app="PostgreSQL JDBC Driver"))
            ca.add(t1 + timedelta(milliseconds=2), lb(t1 + timedelta(milliseconds=2), "WARN", thr, "c.a.catalog.listing.ListingRepository",
                                                      "listing query for category %d timed out after 2000ms; retrying once" % cat))
            te = t1 + timedelta(milliseconds=2005)
            db.add(te, pgline(te, pid, "ERROR", "canceling statement due to statement timeout", user="catalog_api", db="catalog", app="PostgreSQL JDBC Driver")
                   + "\n" + pgline(te, pid, "STATEMENT", "select p.id, p.title, p.price_cents, count(*) over () as total from products p join product_categories pc on pc.product_id = p.id where pc.category_id = $1 and p.active order by p.rank desc limit 48 offset $2",
                                   user="catalog_api", db="catalog", app="PostgreSQL JDBC Driver"))
            ca.add(te + timedelta(milliseconds=3), lb(te + timedelta(milliseconds=3), "ERROR", thr, "c.a.catalog.web.ApiExceptionHandler",
                                                      "GET %s failed: 500\n" % path
                                                      + "org.springframework.dao.QueryTimeoutException: PreparedStatementCallback; SQL [select p.id, p.title, p.price_cents, count(*) over () as total from products p join product_categories pc on pc.product_id = p.id where pc.category_id = ? and p.active order by p.rank desc limit 48 offset ?]; ERROR: canceling statement due to statement timeout\n"
                                                      + "\tat org.springframework.jdbc.support.SQLStateSQLExceptionTranslator.doTranslate(SQLStateSQLExceptionTranslator.java:105)\n"
                                                      + "\tat org.springframework.jdbc.core.JdbcTemplate.translateException(JdbcTemplate.java:1548)\n"
                                                      + "\tat org.springframework.jdbc.core.JdbcTemplate.query(JdbcTemplate.java:733)\n"
                                                      + "\tat com.acme.catalog.listing.ListingRepository.page(ListingRepository.java:88)\n"
                                                      + "\tat com.acme.catalog.listing.ListingService.listing(ListingService.java:51)\n"
                                                      + "Caused by: org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout\n"
                                                      + "\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)\n"
                                                      + "\tat org.postgresql.jdbc.PgPreparedStatement.executeQuery(PgPreparedStatement.java:134)\n"
                                                      + "\t... 62 common frames omitted"))
            dur, st = 4017, 500
        else:
            if q1 > 1000:
                tq = t + timedelta(milliseconds=q1)
                db.add(tq, pgline(tq, pid, "LOG", "duration: %d.%03d ms  execute <unnamed>: select p.id, p.title, p.price_cents, count(*) over () as total from products p join product_categories pc on pc.product_id = p.id where pc.category_id = $1 and p.active order by p.rank desc limit 48 offset $2" % (q1, rng.randint(0, 999)),
                                  user="catalog_api", db="catalog", app="PostgreSQL JDBC Driver"))
            warm.add((cat, path))
            dur, st = q1 + rng.randint(3, 15), 200
    tend = t + timedelta(milliseconds=dur)
    ng.add(tend, nginx_line(tend, "203.0.113.%d" % rng.randint(1, 254), "GET", path, st, rng.randint(9000, 40000) if st == 200 else 186,
                            rng.choice(["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)", "Mozilla/5.0 (Linux; Android 14)"]), dur / 1000.0,
                            "shop-catalog-api-8080", "10.42.%d.%d:8080" % (rng.randint(1, 6), rng.randint(2, 250)), rng.hex(32)))

# hit-ratio lines every 2 minutes
for m in range(0, 53, 2):
    t = START + timedelta(minutes=m, seconds=58)
    hr = 0.97 if t < RESTART else min(0.9, 0.02 + 0.03 * (t - RESTART).total_seconds() / 60)
    ca.add(t, lb(t, "INFO", "metrics-1", "c.a.catalog.cache.CacheStats", "listing cache: hit ratio %.2f (2m), keys %d, evictions 0" % (hr, 184000 if t < RESTART else int(900 * (t - RESTART).total_seconds() / 60))))

# ---- noise ------------------------------------------------------------------------------------
for t in rng.times(START, END, 0.4):
    j(t, "kernel", "[UFW BLOCK] IN=ens18 OUT= MAC=52:54:00:3a:1c:9e SRC=10.9.%d.%d DST=10.1.2.30 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=%d DF PROTO=TCP SPT=%d DPT=6380 WINDOW=64240 RES=0x00 SYN URGP=0" % (
        rng.randint(0, 3), rng.randint(2, 250), rng.randint(1000, 65000), rng.randint(32768, 60999)))
for m in range(0, 53, 5):
    t = START + timedelta(minutes=m, seconds=11)
    db.add(t, pgline(t, 31, "LOG", "checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, 2 recycled; write=26.9 s, sync=0.006 s, total=27.0 s" % (rng.randint(900, 3000), rng.random() * 2), user="", db="", app=""))
for m in range(3, 53, 9):
    t = START + timedelta(minutes=m, seconds=40)
    db.add(t, pgline(t, rng.randint(60000, 69999), "LOG", "automatic vacuum of table \"catalog.public.price_history\": index scans: 1, pages: 0 removed, %d remain" % rng.randint(80000, 90000), user="", db="", app=""))
for t in rng.times(START, END, 0.3):
    ca.add(t, lb(t, "ERROR", "http-nio-8080-exec-%d" % rng.randint(1, 80), "c.a.catalog.recs.RecsClient",
                 "recommendations unavailable for listing, rendering without them\ncom.acme.catalog.recs.RecsUnavailableException: recs-service answered 404 for model 'similar-v3'\n\tat com.acme.catalog.recs.RecsClient.similar(RecsClient.java:52)"))
for m in range(0, 53):
    t = START + timedelta(minutes=m, seconds=27)
    st = 503 if rng.random() < 0.1 else 200
    ng.add(t, nginx_line(t, "10.42.0.1", "GET", "/reviews/healthz", st, 19 if st == 200 else 190, "kube-probe/1.30", 0.002 if st == 200 else 1.0,
                         "shop-reviews-80", "10.42.4.18:80", rng.hex(32)))

d = reset_logs(CASE)
rj.write(d + "/redis-01.journal.log")
ca.write(d + "/catalog-api.log")
db.write(d + "/catalog-db.log")
ng.write(d + "/ingress-nginx.access.log")
labels = {"alertname": "CatalogApiErrorRate", "service": "catalog-api", "namespace": "shop", "severity": "critical", "env": "prod"}
write_json(d + "/../alert.json", alertmanager("shop-oncall", labels,
                                              {"summary": "catalog-api: 5xx ratio 21% on category listings",
                                               "description": "QueryTimeoutException from catalog-db; listing p95 2.0s"},
                                              dt("2026-07-07T06:41:00"), "sum%28rate%28nginx_ingress_controller_requests%7Bservice%3D%22catalog-api%22%2Cstatus%3D~%225..%22%7D%5B5m%5D%29%29",
                                              "4b0e8d2c7a61f953"))
finish(CASE, {
    "root_cause": {"service": "redis-01", "component": "unattended-upgrades (libssl3) + needrestart auto-restart of redis-server.service at 06:25:31; cache has no persistence",
                   "error_type": None, "file": None},
    "category": "infra",
    "symptoms": [{"service": "catalog-db", "error_type": None},
                 {"service": "catalog-api", "error_type": "QueryTimeoutException"},
                 {"service": "ingress-nginx", "error_type": "HTTP_500"}],
    "why": "At 06:25 unattended-upgrades on redis-01 installed a libssl3 update and needrestart restarted redis-server, so the non-persistent listing cache came back empty just before the morning ramp; catalog-api now sends nearly every category page to catalog-db, whose heavy listing queries hit the 2 s statement timeout (catalog-db's cancellations are the loudest errors, QueryTimeoutException in catalog-api). The host's automatic restart is the cause; the database is only overloaded by it.",
})
