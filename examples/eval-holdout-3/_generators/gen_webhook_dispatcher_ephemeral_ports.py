#!/usr/bin/env python3
"""webhook-dispatcher-ephemeral-ports

webhook-dispatcher (Spring, logback) delivers merchant webhooks with a new connection per
delivery (Connection: close), which was fine at ~6,000 deliveries/min. The 12:00 flash sale
multiplies order events about six-fold; each closed socket sits in TIME_WAIT for 60 s in the
pod's network namespace, and by ~12:04 the 28,232 ephemeral ports (32768-60999) are used up.
All deliveries go through one egress proxy, so they share one destination and its port range:
from then on a share of connects fail with java.net.BindException "Cannot assign requested
address", while direct lookups to merchant-config (another destination) keep working. The
dispatcher logs every failed attempt as WebhookDeliveryException (BindException as cause),
so the loudest pair names the wrapper; the socket stats line and the node's "time wait
bucket table overflow" messages show the exhausted port range. Merchants and orders-api are
fine; the incoming event volume is the trigger, not a fault.
Noise: one merchant's expired TLS certificate (SSLHandshakeException since days), 410 Gone
endpoints, orders-api slow-query warnings, unrelated journal lines.
Generic alert on webhook-dispatcher.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, lb, jl, generic_alert, pod)

CASE = "webhook-dispatcher-ephemeral-ports"
rng = Rng(20251111)
START, END = dt("2025-11-11T11:40:00"), dt("2025-11-11T12:30:00")
SALE = dt("2025-11-11T12:00:00")
NODE = "ip-10-9-4-17"

wd, mc, oa, nj = LogFile(), LogFile(), LogFile(), LogFile()
WD_POD = pod(rng, "webhook-dispatcher", "7c9f6d8b5")
MERCHANTS = ["m_%d" % rng.randint(10000, 99999) for _ in range(40)]
HOSTS = {m: rng.choice(["hooks.%s.example" % rng.alnum(6), "api.%s.example/webhooks" % rng.alnum(7), "%s.myshop.example/acme/hook" % rng.alnum(5)]) for m in MERCHANTS}


def rate(t):
    """deliveries per minute"""
    return 6000 if t < SALE else 36000


def time_wait(t):
    """every delivery leaves one socket to the egress proxy in TIME_WAIT for 60 s"""
    if t < SALE:
        return 6000 + rng.randint(-300, 300)
    ramp = min(1.0, (t - SALE).total_seconds() / 360.0)
    return min(28232 - rng.randint(0, 40), int(6000 + 30000 * ramp) + rng.randint(-300, 300))


def fail_share(t):
    if t < SALE + timedelta(minutes=4, seconds=20):
        return 0.0
    return min(0.42, 0.1 + (t - SALE - timedelta(minutes=4, seconds=20)).total_seconds() / 600.0)


BIND = "java.net.BindException: Cannot assign requested address"


def wd_err(t, evt, m, attempt):
    th = "delivery-%d" % rng.randint(1, 64)
    return lb(t, "ERROR", th, "c.a.webhooks.delivery.Dispatcher",
              "delivery of %s to merchant %s failed (attempt %d/6), next attempt in %ds\n"
              "com.acme.webhooks.delivery.WebhookDeliveryException: POST https://%s (via egress-proxy.net.svc:3128) failed before a response was received\n"
              "\tat com.acme.webhooks.delivery.HttpDeliverer.deliver(HttpDeliverer.java:73)\n"
              "\tat com.acme.webhooks.delivery.Dispatcher.attempt(Dispatcher.java:112)\n"
              "\tat com.acme.webhooks.delivery.Dispatcher.lambda$onEvent$2(Dispatcher.java:84)\n"
              "Caused by: %s\n"
              "\tat java.base/sun.nio.ch.Net.connect0(Native Method)\n"
              "\tat java.base/sun.nio.ch.Net.connect(Net.java:589)\n"
              "\tat java.base/sun.nio.ch.NioSocketImpl.connect(NioSocketImpl.java:583)\n"
              "\tat java.base/java.net.Socket.connect(Socket.java:751)\n"
              "\tat java.base/sun.net.NetworkClient.doConnect(NetworkClient.java:178)\n"
              "\tat java.base/sun.net.www.protocol.https.HttpsURLConnectionImpl.connect(HttpsURLConnectionImpl.java:168)\n"
              "\tat com.acme.webhooks.delivery.HttpDeliverer.deliver(HttpDeliverer.java:66)\n"
              "\t... 6 common frames omitted" % (evt, m, attempt, 2 ** attempt * 5, HOSTS[m], BIND))


# the dispatcher logs a sample of successes and, through its rate-limited error logger, one
# failed delivery per 10 s with a count of the suppressed ones
t = START
suppressed = 0
while t < END:
    n = rate(t) // 60  # per second
    fs = fail_share(t)
    fails = max(0, int(n * fs + rng.gauss(0, 3))) if fs else 0
    sec = int((t - START).total_seconds())
    if fails and sec % 10 == 0:
        te = t + timedelta(milliseconds=rng.randint(0, 999))
        wd.add(te, wd_err(te, "evt_%s" % rng.alnum(20), rng.choice(MERCHANTS), rng.randint(1, 3)))
        fails -= 1
    suppressed += fails
    if suppressed and sec % 10 == 9:
        te = t + timedelta(milliseconds=999)
        wd.add(te, lb(te, "WARN", "delivery-%d" % rng.randint(1, 64), "c.a.webhooks.log.RateLimitedLogger",
                      "suppressed %d similar errors (WebhookDeliveryException) in the last 10s" % suppressed))
        suppressed = 0
    if rng.random() < 0.12:
        ts = t + timedelta(milliseconds=rng.randint(0, 999))
        wd.add(ts, lb(ts, "INFO", "delivery-%d" % rng.randint(1, 64), "c.a.webhooks.delivery.Dispatcher",
                      "delivered evt_%s to %s: 200 in %dms" % (rng.alnum(20), rng.choice(MERCHANTS), rng.lognorm_ms(180))))
    t += timedelta(seconds=1)

for m in range(0, 50):
    t = START + timedelta(minutes=m, seconds=30, milliseconds=rng.randint(0, 999))
    tw = time_wait(t)
    est = rng.randint(150, 260) if t < SALE else rng.randint(700, 1100)
    wd.add(t, lb(t, "INFO" if tw < 20000 else "WARN", "stats-1", "c.a.webhooks.ops.SocketStats",
                 "sockets tcp: ESTABLISHED=%d TIME_WAIT=%d ephemeral_range=32768-60999 (%d ports) consumed=%d/min lag=%d" % (
                     est, tw, 28232, rate(t) if t < SALE + timedelta(minutes=4, seconds=20) else int(rate(t) * (1 - fail_share(t))), 0 if t < SALE + timedelta(minutes=4) else rng.randint(4000, 90000) * (m - 23))))
    if tw >= 28000:
        for s in range(0, 60, rng.randint(5, 12)):
            tk = t + timedelta(seconds=s)
            nj.add(tk, jl(tk, NODE, "kernel", "TCP: time wait bucket table overflow"))

# merchant-config lookups (cache misses) go direct, not via the proxy: other destination, they keep working
for t in rng.times(START, END, 6.0):
    trace = rng.hex(32)
    m = rng.choice(MERCHANTS)
    ms = rng.lognorm_ms(9)
    mc.add(t + timedelta(milliseconds=ms), jrec(t + timedelta(milliseconds=ms), "INFO", "merchant-config", "GET /v1/merchants/{id}/webhook 200 in %dms" % ms,
                                                component="merchants.http", trace_id=trace, span_id=rng.hex(16), attrs={"pod": "merchant-config-5b7d9c6f8-h4k2n", "caller": "webhook-dispatcher"}))

# orders-api: event volume
for m in range(0, 50):
    t = START + timedelta(minutes=m, seconds=5, milliseconds=rng.randint(0, 999))
    n = rng.randint(560, 640) if t < SALE else rng.randint(3400, 3800)
    oa.add(t, jrec(t, "INFO", "orders-api", "outbox relay published %d order events in the last minute" % n, component="com.acme.orders.outbox.OutboxRelay",
                   attrs={"pod": "orders-api-7f8c6d9b5-p2r7t", "topic": "order-events"}))
oa.add(SALE - timedelta(seconds=30), jrec(SALE - timedelta(seconds=30), "INFO", "orders-api", "campaign 'singles-day-2025' starts at 12:00:00Z (expected 6x order volume)",
                                          component="com.acme.orders.campaign.CampaignScheduler", attrs={"pod": "orders-api-7f8c6d9b5-p2r7t"}))

# ---- noise ------------------------------------------------------------------------------------
for t in rng.times(START, END, 0.5):
    wd.add(t, lb(t, "ERROR", "delivery-%d" % rng.randint(1, 64), "c.a.webhooks.delivery.Dispatcher",
                 "delivery of evt_%s to merchant m_40417 failed (attempt 6/6), giving up\n"
                 "javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed\n"
                 "\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:130)\n"
                 "\tat com.acme.webhooks.delivery.HttpDeliverer.deliver(HttpDeliverer.java:66)\n"
                 "Caused by: java.security.cert.CertificateExpiredException: NotAfter: Sat Nov 08 23:59:59 UTC 2025\n"
                 "\t... 31 common frames omitted" % rng.alnum(20)))
for t in rng.times(START, END, 0.6):
    wd.add(t, lb(t, "WARN", "delivery-%d" % rng.randint(1, 64), "c.a.webhooks.delivery.Dispatcher", "endpoint of merchant %s answered 410 Gone, disabling webhook" % rng.choice(MERCHANTS)))
for t in rng.times(START, END, 0.3):
    oa.add(t, jrec(t, "WARN", "orders-api", "slow query (%dms) on order_lines by order_id" % rng.randint(300, 700), component="com.acme.orders.db.SlowQueryLog", attrs={"pod": "orders-api-7f8c6d9b5-p2r7t"}))
for t in rng.times(START, END, 0.2):
    nj.add(t, jl(t, NODE, "kubelet[2211]", "I1111 %s.%06d    2211 kubelet_volumes.go:160] \"Cleaned up orphaned pod volumes dir\" podUID=\"%s\" path=\"/var/lib/kubelet/pods/%s/volumes\"" % (
        t.strftime("%H:%M:%S"), t.microsecond, rng.hex(8), rng.hex(8))))
for m in range(0, 50, 10):
    t = START + timedelta(minutes=m, seconds=17)
    nj.add(t, jl(t, NODE, "systemd[1]", "Started logrotate.service - Rotate log files."))

d = reset_logs(CASE)
wd.write(d + "/webhook-dispatcher.log")
mc.write(d + "/merchant-config.jsonl")
oa.write(d + "/orders-api.jsonl")
nj.write(d + "/%s.journal.log" % NODE)
write_json(d + "/../alert.json", generic_alert(
    "webhook-dispatcher", "webhook-dispatcher: delivery success rate 64% (SLO 99%) and consumer lag 310k", "critical", "e27c4a9f0b5d1836", dt("2025-11-11T12:14:00"),
    {"env": "prod", "team": "merchant-platform", "alertname": "WebhookDeliverySLO", "source": "prometheus", "namespace": "merchants"}))
finish(CASE, {
    "root_cause": {"service": "webhook-dispatcher", "component": "HttpDeliverer opens a new connection per delivery (Connection: close); at 6x sale volume TIME_WAIT sockets use up the pod's 28,232 ephemeral ports",
                   "error_type": "BindException", "file": None},
    "category": "resource",
    "symptoms": [{"service": "webhook-dispatcher", "error_type": "WebhookDeliveryException"},
                 {"service": NODE, "error_type": None}],
    "why": "The 12:00 flash sale raised webhook volume about six-fold and webhook-dispatcher opens a fresh connection per delivery, so its TIME_WAIT sockets to the egress proxy fill the 28,232-port ephemeral range by ~12:04; outbound connects then fail with BindException 'Cannot assign requested address' (logged inside WebhookDeliveryException), and the node kernel reports time-wait bucket overflow. Reuse connections (pooling/keep-alive) or widen the port range; the merchants and orders-api are fine.",
})
