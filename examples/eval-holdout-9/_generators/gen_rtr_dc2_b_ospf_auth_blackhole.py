"""rtr-dc2-b-ospf-auth-blackhole (network).

The cloud reaches the DC2 warehouse network 10.60.0.0/20 over two routers, rtr-dc2-a and
rtr-dc2-b, which both advertise it to the transit gateway by BGP (ECMP); each anchors the /20
with a Null0 static route and learns the real subnets from the DC2 core by OSPF. At 14:21 an
ansible run on rtr-dc2-b turns on OSPF message-digest authentication on vlan260, but the core
is not configured for it. After the 40 s dead interval the adjacency drops and rtr-dc2-b loses
every DC2 subnet, yet its BGP keeps advertising the /20 (anchored by Null0). About half of the
flows (by ECMP hash) are silently dropped: new connections to wms-db time out and pooled ones
hang. shipping-api's retried label requests are loudest; wms-sync fails about every other run.
Noise: a UPS sandbox-key 401 in shipping-api (since 12:00), SNMP polls, NTP lines, a carrier
rate cache warning, wms-sync's slow-run warning.
"""
from common import *

CASE = "rtr-dc2-b-ospf-auth-blackhole"
rng = Rng(91010)
T0, T1 = dt("2026-02-10T13:58:00"), dt("2026-02-10T14:58:00")
CHANGE = dt("2026-02-10T14:21:03")
DOWN = dt("2026-02-10T14:21:44")

ra, rb, sa, ws = LogFile(), LogFile(), LogFile(), LogFile()

# the change on rtr-dc2-b
for dtt, unit, msg in [
    (CHANGE - sec(14), "ansible-pull[40112]", "Starting Ansible Pull at 2026-02-10 14:20:49"),
    (CHANGE - sec(12), "ansible-pull[40112]", "TASK [frr : render /etc/frr/frr.conf] changed: [rtr-dc2-b]"),
    (CHANGE - sec(12), "ansible-pull[40112]", "--- before: /etc/frr/frr.conf\n+++ after: /etc/frr/frr.conf\n@@ -41,6 +41,8 @@\n interface vlan260\n  ip ospf area 0.0.0.0\n+ ip ospf authentication message-digest\n+ ip ospf message-digest-key 1 md5 <redacted>\n  ip ospf hello-interval 10\n  ip ospf dead-interval 40"),
    (CHANGE - sec(2), "ansible-pull[40112]", "RUNNING HANDLER [frr : reload frr] changed: [rtr-dc2-b]"),
    (CHANGE, "frrinit.sh[40388]", "Reloading FRR: /usr/lib/frr/frr-reload.py --reload /etc/frr/frr.conf"),
    (CHANGE + sec(1), "watchfrr[811]", "configuration reloaded (frr-reload.py): 2 lines added, 0 removed"),
    (CHANGE + sec(2), "ansible-pull[40112]", "PLAY RECAP rtr-dc2-b : ok=23 changed=1 unreachable=0 failed=0"),
    (DOWN, "ospfd[833]", "AdjChg: Nbr 10.60.255.1(dc2-core-1) on vlan260:10.60.255.9: Full -> Deleted (InactivityTimer)"),
    (DOWN + ms(12), "ospfd[833]", "AdjChg: Nbr 10.60.255.2(dc2-core-2) on vlan260:10.60.255.9: Full -> Deleted (InactivityTimer)"),
    (DOWN + ms(200), "zebra[801]", "rib: 14 routes from ospf removed in VRF default; 10.60.0.0/20 now resolved via static blackhole (Null0)"),
]:
    rb.add(dtt, jl(dtt, "rtr-dc2-b", unit, msg))
for t in every(CHANGE + sec(4), T1, 10, rng, 900):
    for nbr in ("10.60.255.1", "10.60.255.2"):
        rb.add(t, jl(t, "rtr-dc2-b", "ospfd[833]", "interface vlan260:10.60.255.9: ospf_check_auth: packet from [%s]: Authentication type mismatch" % nbr))
for host, lf in (("rtr-dc2-a", ra), ("rtr-dc2-b", rb)):
    for t in every(T0, T1, 60, rng, 5000):
        lf.add(t, jl(t, host, "snmpd[702]", "Connection from UDP: [10.0.9.5]:%d->[10.60.255.%d]:161" % (rng.randint(30000, 60000), 8 if host == "rtr-dc2-a" else 9)))
    for t in every(T0, T1, 1024, rng, 9000):
        lf.add(t, jl(t, host, "chronyd[640]", "Selected source 10.0.0.123 (ntp1.acme.internal)"))
ra.add(dt("2026-02-10T14:20:40"), jl(dt("2026-02-10T14:20:40"), "rtr-dc2-a", "ansible-pull[51120]", "PLAY RECAP rtr-dc2-a : ok=23 changed=0 unreachable=0 failed=0"))


def broken(t):
    return t >= DOWN and rng.random() < 0.5


PSQL_CT = [("org.springframework.jdbc.CannotGetJdbcConnectionException", "Failed to obtain JDBC Connection",
            ["org.springframework.jdbc.datasource.DataSourceUtils.getConnection(DataSourceUtils.java:84)",
             "com.acme.shipping.wms.WmsRepository.reservePackingSlot(WmsRepository.java:57)"]),
           ("org.postgresql.util.PSQLException", "The connection attempt failed.",
            ["org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:354)"]),
           ("java.net.SocketTimeoutException", "Connect timed out", ["java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:546)"])]
PSQL_RT = [("org.springframework.dao.DataAccessResourceFailureException", "PreparedStatementCallback; SQL [select slot_id from packing_slot where ...]; An I/O error occurred while sending to the backend.",
            ["org.springframework.jdbc.support.SQLStateSQLExceptionTranslator.doTranslate(SQLStateSQLExceptionTranslator.java:121)",
             "com.acme.shipping.wms.WmsRepository.reservePackingSlot(WmsRepository.java:61)"]),
           ("org.postgresql.util.PSQLException", "An I/O error occurred while sending to the backend.",
            ["org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:395)"]),
           ("java.net.SocketTimeoutException", "Read timed out", ["java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)"])]

for t in rng.times(T0, T1, 4.2):
    order = "SHP-%d" % rng.randint(2000000, 2999999)
    tt = t
    for a in range(1, 4):
        thread = "http-nio-8080-exec-%d" % rng.randint(1, 50)
        if broken(tt):
            connect = rng.random() < 0.6
            tt = tt + (sec(10) if connect else sec(15))
            sa.add(tt, lb(tt, "ERROR", thread, "c.a.shipping.label.LabelController", "label for %s failed (attempt %d/3, wms-db 10.60.4.20:5432)" % (order, a))
                   + "\n" + jstack(PSQL_CT if connect else PSQL_RT))
            tt = tt + ms(500 * a)
            if a == 3:
                sa.add(tt, lb(tt, "ERROR", thread, "c.a.shipping.label.LabelController", "label for %s failed after 3 attempts, answering 503" % order))
        else:
            d = rng.lognorm_ms(120)
            tt = tt + ms(d)
            sa.add(tt, lb(tt, "INFO", thread, "c.a.shipping.web.RequestLog", "POST /v1/labels %s 201 in %dms" % (order, d)))
            break

for i, t in enumerate(every(T0, T1, 60, rng, 4000)):
    run = 70210 + i
    ws.add(t, py(t, "INFO", "wms_sync.job", "run %d started: syncing stock moves since %s" % (run, iso_s(t - sec(60)))))
    if broken(t):
        e = t + sec(10)
        ws.add(e, py(e, "ERROR", "wms_sync.job", "run %d failed" % run) + "\n" + pytb([
            ([("/app/wms_sync/db.py", 22, "connect", "return psycopg2.connect(dsn, connect_timeout=10)"),
              ("/usr/local/lib/python3.12/site-packages/psycopg2/__init__.py", 122, "connect", "conn = _connect(dsn, connection_factory=connection_factory, **kwasync)")],
             'psycopg2.OperationalError: connection to server at "10.60.4.20", port 5432 failed: timeout expired', "cause"),
            ([("/app/wms_sync/job.py", 48, "run", "with db.connect() as conn:"), ("/app/wms_sync/db.py", 25, "connect", 'raise WmsUnavailableError(f"wms-db unreachable: {e}") from e')],
             'wms_sync.errors.WmsUnavailableError: wms-db unreachable: connection to server at "10.60.4.20", port 5432 failed: timeout expired', None)]))
    else:
        n = rng.randint(20, 140)
        e = t + ms(rng.lognorm_ms(1800))
        ws.add(e, py(e, "INFO", "wms_sync.job", "run %d finished: %d stock moves applied" % (run, n)))
        if rng.random() < 0.1:
            ws.add(e + ms(2), py(e + ms(2), "WARN", "wms_sync.job", "run %d slow: 48.2s of 60s budget" % run))

# noise
for t in every(dt("2026-02-10T12:00:00"), T1, 300, rng, 60000):
    if t >= T0:
        sa.add(t, lb(t, "ERROR", "ups-validate-1", "c.a.shipping.carrier.UpsAddressValidator", "address validation failed") + "\n" + jstack([
            ("com.acme.shipping.carrier.CarrierAuthException", "UPS /addressvalidation/v2 returned 401 (sandbox credentials in production profile?)",
             ["com.acme.shipping.carrier.UpsAddressValidator.validate(UpsAddressValidator.java:71)"])]))
for t in rng.times(T0, T1, 0.4):
    sa.add(t, lb(t, "WARN", "http-nio-8080-exec-%d" % rng.randint(1, 50), "c.a.shipping.rates.RateCache", "carrier rate cache miss for zone DE-%02d, fetching" % rng.randint(1, 99)))

alert = alertmanager("logistics-oncall", {"alertname": "ShippingLabelErrors", "service": "shipping-api", "namespace": "logistics", "severity": "critical", "env": "prod"},
                     {"summary": "shipping-api label failures above 10% for 10m", "description": "POST /v1/labels 503 ratio 41% (10m); wms-db timeouts"},
                     dt("2026-02-10T14:33:00"), "sum(rate(http_server_requests_seconds_count%7Buri%3D%22%2Fv1%2Flabels%22%2Cstatus%3D%22503%22%7D%5B10m%5D))+%3E+0.1",
                     "0b6d3f9e2a7c5184")
write_case(CASE, {"rtr-dc2-a.journal.log": ra, "rtr-dc2-b.journal.log": rb, "shipping-api.log": sa, "wms-sync.log": ws}, alert)
finish(CASE, {
    "root_cause": {"service": "rtr-dc2-b", "component": "FRR on rtr-dc2-b: OSPF message-digest auth on vlan260 not matched by the DC2 core; BGP keeps advertising 10.60.0.0/20 via the Null0 anchor",
                   "error_type": None, "file": "/etc/frr/frr.conf"},
    "category": "network",
    "symptoms": [{"service": "shipping-api", "error_type": "SocketTimeoutException"}, {"service": "wms-sync", "error_type": "OperationalError"}],
    "why": "At 14:21 an ansible run turned on OSPF authentication on rtr-dc2-b's vlan260 that the DC2 core does not use; the adjacency dropped at 14:21:44 and the router lost its DC2 routes but still advertises 10.60.0.0/20 (Null0 anchor), so the ECMP half of cloud-to-DC2 flows is blackholed. shipping-api and wms-sync time out to wms-db about half the time; rtr-dc2-a is unchanged.",
})
