#!/usr/bin/env python3
"""tor-b3-uplink-crc-errors

At 14:05 one of the two uplinks of top-of-rack switch tor-b3 (Ethernet1/49, member of
port-channel101 to spine-1) starts taking CRC errors from a failing optic and flaps a few times.
Flows hashed onto that link lose packets; the other uplink is clean. Of the catalog database
replicas only mysql-r3 sits in rack B3: catalog-api (Go) queries that land on it time out
("i/o timeout", "invalid connection") and the request fails with 503; mysql-r3 logs aborted
connections and its replication I/O thread loses the source. storefront (Node) retries product
and category calls to catalog-api twice and logs every failure (the loudest). Errors come and go
with the link state and stop when network ops shut the port at 14:31.
Noise: switch login/NTP lines, a replica reverse-DNS warning, catalog-api cache warnings, an
older storefront error about a retired CMS block, storefront health lines.
Generic alert on storefront page errors.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jl, logfmt, node_line, generic_alert, uuid)
from common import mysql8

CASE = "tor-b3-uplink-crc-errors"
rng = Rng(20260623)
START, END = dt("2026-06-23T13:52:00"), dt("2026-06-23T14:42:00")
CRC = dt("2026-06-23T14:05:12")
SHUT = dt("2026-06-23T14:31:04")
FLAPS = [(dt("2026-06-23T14:09:40"), dt("2026-06-23T14:10:25")), (dt("2026-06-23T14:16:02"), dt("2026-06-23T14:16:50")),
         (dt("2026-06-23T14:24:31"), dt("2026-06-23T14:25:19"))]
sw, r3, ca, sf = LogFile(), LogFile(), LogFile(), LogFile()
R3 = "10.20.3.33"
CA_IPS = ["10.30.4.%d" % rng.randint(2, 250) for _ in range(4)]


def nx(t, msg):
    sw.add(t, jl(t, "tor-b3", ":", "%s UTC: %s" % (t.strftime("%Y %b %d %H:%M:%S"), msg)).replace("tor-b3 :: ", "tor-b3 : "))


def bad(t):
    """the errored link carries traffic"""
    return CRC <= t < SHUT and not any(a <= t < b for a, b in FLAPS)


# switch log
for t in [CRC + timedelta(minutes=m) for m in range(0, 26)]:
    if bad(t):
        nx(t, "%%USER-4-SYSTEM_MSG: netmon: Ethernet1/49 input CRC errors %d in last 60s (threshold 100), port-channel101 member  - netmon" % rng.randint(9000, 26000))
for a, b in FLAPS:
    nx(a, "%ETHPORT-5-IF_DOWN_LINK_FAILURE: Interface Ethernet1/49 is down (Link failure)")
    nx(a + timedelta(milliseconds=30), "%ETH_PORT_CHANNEL-5-PORT_DOWN: port-channel101: Ethernet1/49 is down")
    nx(b, "%ETH_PORT_CHANNEL-5-PORT_UP: port-channel101: Ethernet1/49 is up")
    nx(b + timedelta(milliseconds=15), "%ETHPORT-5-IF_UP: Interface Ethernet1/49 is up in mode trunk")
nx(SHUT - timedelta(seconds=40), "%DAEMON-5-SYSTEM_MSG: Login Success [user: netops-oncall] [Source: 10.0.250.12] - sshd[28711]")
nx(SHUT, "%ETHPORT-5-IF_ADMIN_DOWN: Interface Ethernet1/49 is admin down (Administratively down)")
nx(SHUT + timedelta(milliseconds=20), "%ETH_PORT_CHANNEL-5-PORT_DOWN: port-channel101: Ethernet1/49 is down")
nx(SHUT + timedelta(seconds=1), "%ETH_PORT_CHANNEL-4-PORT_INDIVIDUAL: port-channel101 running with 1 of 2 members (Ethernet1/50)")
for m in range(0, 50, 10):
    t = START + timedelta(minutes=m, seconds=30)
    nx(t, "%NTP-6-NTP_SYSLOG_CLOCK_SYNC: Clock is synchronized to 10.0.0.123")
for t in rng.times(START, END, 0.1):
    nx(t, "%%DAEMON-5-SYSTEM_MSG: Login Success [user: observium] [Source: 10.0.250.40] - sshd[%d]" % rng.randint(20000, 29999))

# mysql-r3: aborted client connections and replication I/O errors while the link is bad
conn = [771200]
repl_down = None
for a, b in [(CRC + timedelta(seconds=140), None), (FLAPS[0][1] + timedelta(seconds=95), None), (FLAPS[1][1] + timedelta(seconds=200), None)]:
    r3.add(a, mysql8(a, 12, "ERROR", "MY-010584", "[Repl] Replica I/O for channel '': Error reading packet from server for channel '': Lost connection to MySQL server during query (server_errno=2013), Error_code: MY-002013"))
    r3.add(a + timedelta(seconds=60), mysql8(a + timedelta(seconds=60), 12, "System", "MY-010562", "[Repl] Replica I/O thread for channel '': connected to source 'repl@mysql-p1.db.internal:3306',replication started in log 'binlog.004211' at position %d" % rng.randint(10000000, 99999999)))
for t in rng.times(START, END, 0.4):
    r3.add(t, mysql8(t, 0, "Warning", "MY-010055", "IP address '10.30.%d.%d' could not be resolved: Name or service not known" % (rng.randint(0, 9), rng.randint(2, 250))))

# catalog-api queries (replicas r1..r3) behind storefront calls
def catalog(t, path, rid):
    """catalog-api handles one request on a random replica; returns (ok, end time)"""
    rep = rng.choice(["mysql-r1", "mysql-r2", "mysql-r3"])
    if rep == "mysql-r3" and bad(t) and rng.random() < 0.5:
        te = t + timedelta(seconds=3, milliseconds=rng.randint(0, 20))
        err = rng.choice(["read tcp %s:%d->%s:3306: i/o timeout" % (rng.choice(CA_IPS), rng.randint(30000, 60000), R3), "invalid connection"])
        ca.add(te, logfmt(te, "error", "request failed", path=path, status=503, replica=rep, request_id=rid, err=err))
        if rng.random() < 0.6:
            conn[0] += rng.randint(1, 9)
            tr3 = te + timedelta(seconds=rng.randint(20, 30))
            r3.add(tr3, mysql8(tr3, conn[0], "Note", "MY-010914", "Aborted connection %d to db: 'catalog' user: 'catalog_ro' host: '%s' (Got timeout reading communication packets)." % (conn[0], rng.choice(CA_IPS))))
        return False, te
    d = rng.lognorm_ms(6)
    te = t + timedelta(milliseconds=d)
    ca.add(te, logfmt(te, "info", "request served", path=path, status=200, replica=rep, duration="%dms" % d, request_id=rid))
    return True, te


for t in rng.times(START, END, 22):
    path = rng.choice(["/v1/products/sku-%06d" % rng.randint(1, 999999), "/v1/categories/%s" % rng.choice(["shoes", "jackets", "bags", "kids"]), "/v1/search?q=%s" % rng.choice(["boots", "rain", "linen", "sandals"])])
    ta = t
    for a in range(3):
        rid = uuid(rng)
        ok, te = catalog(ta, path, rid)
        if ok:
            sf.add(te + timedelta(milliseconds=3), node_line(te + timedelta(milliseconds=3), "info", "GET %s -> catalog-api 200 %dms" % (path, int((te - t).total_seconds() * 1000) + 3)))
            break
        sf.add(te + timedelta(milliseconds=2), node_line(te + timedelta(milliseconds=2), "error", "CatalogError: catalog-api GET %s answered 503 (attempt %d/3) request_id=%s" % (path, a + 1, rid)))
        ta = te + timedelta(milliseconds=200)
    else:
        sf.add(ta, node_line(ta, "error", "[render] page %s failed: CatalogError: catalog-api unavailable after 3 attempts\n    at CatalogClient.get (/srv/storefront/dist/clients/catalog.js:51:13)\n    at async renderListing (/srv/storefront/dist/pages/listing.js:77:19)" % path))
# noise
for t in rng.times(START, END, 0.8):
    ca.add(t, logfmt(t, "warn", "cache entry too large, not cached", key="cat:tree:%s" % rng.alnum(6), size="%dKB" % rng.randint(520, 900)))
for t in rng.times(START, END, 0.3):
    sf.add(t, node_line(t, "error", "[cms] CmsBlockError: block 'summer-teaser-2025' not found (retired, still referenced by homepage layout)"))
for m in range(50):
    t = START + timedelta(minutes=m, seconds=18)
    sf.add(t, node_line(t, "info", "GET /healthz 200 1ms"))

d = reset_logs(CASE)
sw.write(d + "/tor-b3.log")
r3.write(d + "/mysql-r3.log")
ca.write(d + "/catalog-api.log")
sf.write(d + "/storefront.log")
write_json(d + "/../alert.json", generic_alert("storefront", "storefront page error rate above 2% (listing and product pages)", "high",
           "storefront-page-errors", dt("2026-06-23T14:12:00"), {"team": "web-platform", "env": "production", "region": "dc-b"}))
finish(CASE, {
    "root_cause": {"service": "tor-b3", "component": "uplink Ethernet1/49 (port-channel101 to spine-1): failing optic, CRC errors and link flaps",
                   "error_type": None, "file": None},
    "category": "network",
    "symptoms": [{"service": "storefront", "error_type": "CatalogError"},
                 {"service": "catalog-api", "error_type": None},
                 {"service": "mysql-r3", "error_type": None}],
    "why": "From 14:05 tor-b3's uplink Ethernet1/49 takes thousands of CRC errors a minute and flaps; flows hashed onto it lose packets, so only connections to mysql-r3 (the one catalog replica in rack B3) time out and the replica's replication drops. catalog-api's and storefront's retries make storefront's CatalogError the loudest; errors follow the link state and stop when the port is shut at 14:31.",
})
