#!/usr/bin/env python3
"""lb-int-02-half-duplex-link

The internal HAProxy pair lb-int-01 (10.1.0.11) and lb-int-02 (10.1.0.12) sits behind the DNS
round-robin name internal-api.dc1. At 10:21 DC ops replaced lb-int-02's patch cable; the link
renegotiated at 100 Mb/s half duplex (kernel: "NIC Link is Up 100 Mbps Half Duplex",
"10/100 speed: disabling TSO"). Every connection through lb-int-02 now crawls (collisions,
retransmits): HAProxy logs multi-second response times and 504s (sH--) on that host only,
while lb-int-01 is normal. Clients see timeouts on about half of their calls, all on the
10.1.0.12 address: orders-api (Go) logs "context deadline exceeded" (loudest, no exception
class), shipping-api (Spring) SocketTimeoutException.
Noise: a flapping search backend on both balancers since the morning, nagios sessions,
orders-api tax-id lookup errors, shipping-api carrier deprecation warnings.
Generic alert on orders-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jl, logfmt, spring, spring_err, generic_alert)

CASE = "lb-int-02-half-duplex-link"
rng = Rng(20260611)
START, END = dt("2026-06-11T10:02:00"), dt("2026-06-11T10:50:00")
LINK = dt("2026-06-11T10:21:14")
LB = {"lb-int-01": ("10.1.0.11", LogFile()), "lb-int-02": ("10.1.0.12", LogFile())}
oa, sh = LogFile(), LogFile()
j2 = LB["lb-int-02"][1]
for dtm, msg in [(0, "e1000e 0000:00:1f.6 eno1: NIC Link is Down"),
                 (9.4, "e1000e 0000:00:1f.6 eno1: NIC Link is Up 100 Mbps Half Duplex, Flow Control: None"),
                 (9.4, "e1000e 0000:00:1f.6 eno1: 10/100 speed: disabling TSO")]:
    t = LINK + timedelta(seconds=dtm)
    j2.add(t, jl(t, "lb-int-02", "kernel", msg))
t = LINK + timedelta(seconds=10)
j2.add(t, jl(t, "lb-int-02", "systemd-networkd[611]", "eno1: Gained carrier"))
j2.add(t + timedelta(seconds=1), jl(t + timedelta(seconds=1), "lb-int-02", "keepalived_vrrp[902]", "(VI_INTERNAL) Entering BACKUP STATE"))
j2.add(t + timedelta(seconds=4), jl(t + timedelta(seconds=4), "lb-int-02", "keepalived_vrrp[902]", "(VI_INTERNAL) Entering MASTER STATE"))

BACKENDS = {"inventory": ["inv-1", "inv-2", "inv-3"], "shipping-rates": ["rates-1", "rates-2"], "customer": ["cust-1", "cust-2"]}


def via_lb(t, client, backend, path):
    """one request through a balancer; returns (lb_name, status, total_ms)"""
    name = rng.choice(["lb-int-01", "lb-int-02"])
    addr, log = LB[name]
    slow = name == "lb-int-02" and t >= LINK + timedelta(seconds=9)
    tr = rng.lognorm_ms(35)
    if slow:
        tr = rng.lognorm_ms(2600, 0.6)
    srv = rng.choice(BACKENDS[backend])
    if tr > 5000:
        st, tr_s, flags, size = 504, "-1", "sH--", 194
        tot = 5001
    else:
        st, tr_s, flags, size = 200, str(tr), "----", rng.randint(800, 20000)
        tot = tr + 1
    done = t + timedelta(milliseconds=tot)
    log.add(done, jl(done, name, "haproxy[1432]", '%s:%d [%s] fe_internal be_%s/%s 0/0/%d/%s/%d %d %d - - %s %d/%d/%d/%d/0 0/0 "%s HTTP/1.1"' % (
        client, rng.randint(32768, 60999), t.strftime("%d/%b/%Y:%H:%M:%S.") + "%03d" % (t.microsecond // 1000), backend, srv,
        rng.randint(1, 3) if not slow else rng.randint(200, 1200), tr_s, tot, st, size, flags, rng.randint(300, 900), rng.randint(280, 880), rng.randint(5, 40), rng.randint(1, 9), path)))
    return name, st, tot, addr


for t in rng.times(START, END, 18):
    sku = "SKU-%06d" % rng.randint(1, 250000)
    name, st, tot, addr = via_lb(t, "10.20.3.%d" % rng.randint(10, 40), "inventory", "GET /v1/stock/%s" % sku)
    if tot > 2000:
        e = t + timedelta(milliseconds=2000)
        oa.add(e, logfmt(e, "error", "inventory call failed", err='Get "http://internal-api.dc1/v1/stock/%s": context deadline exceeded' % sku,
                         remote_addr=addr + ":80", timeout="2s", trace_id=rng.hex(32)))
    else:
        oa.add(t + timedelta(milliseconds=tot), logfmt(t + timedelta(milliseconds=tot), "info", "inventory call", sku=sku, status=st, duration_ms=tot, remote_addr=addr + ":80"))

for t in rng.times(START, END, 4):
    name, st, tot, addr = via_lb(t, "10.20.5.%d" % rng.randint(10, 40), "shipping-rates", "POST /v2/rates")
    trace, span = rng.hex(32), rng.hex(16)
    if tot > 3000:
        e = t + timedelta(milliseconds=3000)
        sh.add(e, spring_err(e, "ERROR", "shipping-api", trace, span, "http-nio-8080-exec-%d" % rng.randint(1, 50), "c.a.shipping.rates.RatesClient",
                             "rate quote failed for shipment sh_%s (upstream internal-api.dc1/%s)" % (rng.hex(10), addr),
                             [("org.springframework.web.client.ResourceAccessException", 'I/O error on POST request for "http://internal-api.dc1/v2/rates": Read timed out',
                               ["org.springframework.web.client.RestTemplate.createResourceAccessException(RestTemplate.java:915)",
                                "org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:895)",
                                "com.acme.shipping.rates.RatesClient.quote(RatesClient.java:57)"]),
                              ("java.net.SocketTimeoutException", "Read timed out",
                               ["java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)",
                                "java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:304)",
                                "java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)"])]))
    else:
        sh.add(t + timedelta(milliseconds=tot), spring(t + timedelta(milliseconds=tot), "INFO", "shipping-api", trace, span, "http-nio-8080-exec-%d" % rng.randint(1, 50),
                                                       "c.a.shipping.web.AccessLog", "POST /api/shipments/quote 200 %dms" % (tot + rng.randint(5, 30))))

for t in rng.times(START, END, 3):
    via_lb(t, "10.20.7.%d" % rng.randint(10, 40), "customer", "GET /v1/customers/c_%s" % rng.hex(8))

# ---- noise ------------------------------------------------------------------------------------
for m in range(0, 48, 7):
    for name in LB:
        t = START + timedelta(minutes=m, seconds=rng.randint(0, 50))
        LB[name][1].add(t, jl(t, name, "haproxy[1432]", "Server be_search/search-2 is DOWN, reason: Layer4 timeout, check duration: 2001ms. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."))
        t2 = t + timedelta(seconds=rng.randint(40, 120))
        LB[name][1].add(t2, jl(t2, name, "haproxy[1432]", "Server be_search/search-2 is UP, reason: Layer4 check passed, check duration: 1ms. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."))
for m in range(0, 48, 10):
    for name in LB:
        t = START + timedelta(minutes=m, seconds=2)
        n = rng.randint(2000, 9000)
        LB[name][1].add(t, jl(t, name, "systemd-logind[702]", "New session %d of user nagios." % n))
        LB[name][1].add(t + timedelta(seconds=1), jl(t + timedelta(seconds=1), name, "systemd-logind[702]", "Session %d logged out. Waiting for processes to exit." % n))
for t in rng.times(START, END, 0.4):
    oa.add(t, logfmt(t, "error", "tax id lookup failed", err="vies: MS_UNAVAILABLE for country IT", customer="c_%s" % rng.hex(8)))
for m in range(0, 48, 6):
    t = START + timedelta(minutes=m, seconds=33)
    sh.add(t, spring(t, "WARN", "shipping-api", "", "", "scheduling-1", "c.a.shipping.carrier.LabelClient", "carrier DPD label API v1 is deprecated (sunset 2026-09-30)"))

d = reset_logs(CASE)
LB["lb-int-01"][1].write(d + "/lb-int-01.journal.log")
LB["lb-int-02"][1].write(d + "/lb-int-02.journal.log")
oa.write(d + "/orders-api.log")
sh.write(d + "/shipping-api.log")
write_json(d + "/../alert.json", generic_alert(
    "orders-api", "orders-api: p99 latency 2.1s and 11% errors on POST /orders (inventory calls timing out)", "high", "2e8c0b7f4d19a635", dt("2026-06-11T10:27:00"),
    {"env": "prod", "team": "orders", "alertname": "OrdersApiLatency", "source": "grafana", "dc": "dc1"}))
finish(CASE, {
    "root_cause": {"service": "lb-int-02", "component": "eno1 link renegotiated at 100 Mb/s half duplex after the 10:21 cable replacement",
                   "error_type": None, "file": None},
    "category": "network",
    "symptoms": [{"service": "orders-api", "error_type": None},
                 {"service": "shipping-api", "error_type": "SocketTimeoutException"}],
    "why": "After the 10:21 cable swap lb-int-02's NIC came back at 100 Mb/s half duplex, so everything through that balancer crawls (multi-second responses and 504s in its HAProxy log only) while lb-int-01 is normal; the clients' timeouts all go to 10.1.0.12, about half of their calls via DNS round robin. Fix the link (force or renegotiate 1G full duplex) or pull lb-int-02 from DNS.",
})
