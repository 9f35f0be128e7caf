#!/usr/bin/env python3
"""nat-b-conntrack-table-full

Outbound traffic from each availability zone leaves through that zone's NAT instance. nat-b
was rebuilt yesterday from the new base AMI, which lacks the sysctl drop-in that raised
net.netfilter.nf_conntrack_max to 524288, so it runs with the default 65536 (nat-a still has
524288). At the 12:00 peak nat-b's table fills (11:58:40) and the kernel drops new flows
("nf_conntrack: table full, dropping packet"): pods in eu-central-1b cannot open connections
to the internet, pods in eu-central-1a are fine. payments-adapter (Spring) gets connect
timeouts to the payment provider only on its 1b replica, shipping-rates (Python requests) gets
ConnectTimeout to carrier APIs only from 1b, checkout-api retries and fails orders. nat-b's
own monitoring script prints conntrack_count=conntrack_max; nothing on nat-b logs an error.
Noise: ssh scanners on both NAT hosts, an address-autocomplete quota error in checkout-api
since the morning, late PSP webhooks, a carrier sandbox warning.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, lb, pylog, jl, pytb,
                    alertmanager)

CASE = "nat-b-conntrack-table-full"
rng = Rng(20250612)
START, END = dt("2025-06-12T11:20:00"), dt("2025-06-12T12:38:00")
FULL = dt("2025-06-12T11:58:40")

na, nb, pa, sr, co = (LogFile() for _ in range(5))
PA = {"payments-adapter-6d8c7b5f9-2jx4q": "eu-central-1a", "payments-adapter-6d8c7b5f9-wk7tn": "eu-central-1b"}
SR = {"shipping-rates-77f9c6d8b-hq5zl": "eu-central-1a", "shipping-rates-77f9c6d8b-r4m2v": "eu-central-1b"}
SP = "/usr/local/lib/python3.12/site-packages"


def ct_b(t):
    if t >= FULL:
        return 65536
    frac = (t - START).total_seconds() / (FULL - START).total_seconds()
    return int(31000 + frac * 34400 + rng.randint(-300, 300))


def b_fails(t):
    return t >= FULL and rng.random() < 0.58


# ---- NAT hosts -------------------------------------------------------------------------------
for m in range(0, 78):
    t = START + timedelta(minutes=m, seconds=rng.randint(0, 2))
    ca = int(30000 + 18000 * min(1, m / 40.0) + rng.randint(-600, 600))
    na.add(t, jl(t, "nat-a", "nat-health[%d]" % (7100 + m), "conntrack_count=%d conntrack_max=524288 eth0_rx_pps=%d eth0_tx_pps=%d snat_ports_in_use=%d" % (ca, rng.randint(38000, 52000), rng.randint(36000, 50000), ca // 3)))
    cb = ct_b(t)
    nb.add(t, jl(t, "nat-b", "nat-health[%d]" % (2300 + m), "conntrack_count=%d conntrack_max=65536 eth0_rx_pps=%d eth0_tx_pps=%d snat_ports_in_use=%d" % (cb, rng.randint(30000, 44000), rng.randint(29000, 42000), cb // 3)))
t = FULL
while t < END:
    nb.add(t, jl(t, "nat-b", "kernel", "nf_conntrack: nf_conntrack: table full, dropping packet"))
    t2 = t + timedelta(seconds=5)
    nb.add(t2, jl(t2, "nat-b", "kernel", "net_ratelimit: %d callbacks suppressed" % rng.randint(400, 2600)))
    t = t + timedelta(seconds=rng.randint(9, 16))
for host, f in (("nat-a", na), ("nat-b", nb)):
    for tt in rng.times(START, END, 0.3):
        ip = "%d.%d.%d.%d" % (rng.choice([45, 80, 103, 185, 193]), rng.randint(1, 254), rng.randint(1, 254), rng.randint(1, 254))
        f.add(tt, jl(tt, host, "sshd[%d]" % rng.randint(20000, 40000), "Invalid user %s from %s port %d" % (rng.choice(["admin", "ubuntu", "test", "oracle", "git"]), ip, rng.randint(30000, 65000))))
    for m in range(0, 78, 10):
        tt = START + timedelta(minutes=m, seconds=17)
        f.add(tt, jl(tt, host, "CRON[%d]" % rng.randint(3000, 9000), "(root) CMD (/usr/local/sbin/rotate-flowlogs >/dev/null 2>&1)"))

# ---- payments-adapter ------------------------------------------------------------------------
for pod, zone in PA.items():
    t0 = START + timedelta(seconds=rng.randint(5, 50))
    pa.add(t0, lb(t0, "INFO", "main", "c.a.payments.adapter.Bootstrap", "pool stats pod=%s zone=%s psp=https://api.psp-gateway.example leased=%d available=%d" % (pod, zone, rng.randint(2, 6), rng.randint(10, 20))))
PSP_TO = ("org.springframework.web.client.ResourceAccessException: I/O error on POST request for \"https://api.psp-gateway.example/v3/authorizations\": Connect to https://api.psp-gateway.example:443 [api.psp-gateway.example/185.12.44.10, api.psp-gateway.example/185.12.44.11] failed: Connect timed out\n"
          "\tat org.springframework.web.client.RestTemplate.createResourceAccessException(RestTemplate.java:915)\n"
          "\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:895)\n"
          "\tat com.acme.payments.adapter.psp.PspClient.authorize(PspClient.java:84)\n"
          "\tat com.acme.payments.adapter.web.AuthorizationController.authorize(AuthorizationController.java:47)\n"
          "Caused by: org.apache.hc.client5.http.ConnectTimeoutException: Connect to https://api.psp-gateway.example:443 [api.psp-gateway.example/185.12.44.10, api.psp-gateway.example/185.12.44.11] failed: Connect timed out\n"
          "\tat org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator.connect(DefaultHttpClientConnectionOperator.java:151)\n"
          "Caused by: java.net.SocketTimeoutException: Connect timed out\n"
          "\tat java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:546)\n"
          "\t... 61 common frames omitted")
for t in rng.times(START, END, 5.0):
    order = "ord_%s" % rng.alnum(10)
    trace = rng.hex(32)
    ok = False
    for attempt in (1, 2):
        pod = rng.choice(list(PA))
        ta = t + timedelta(seconds=(attempt - 1) * 2.6)
        if PA[pod] == "eu-central-1b" and b_fails(ta):
            te = ta + timedelta(seconds=2)
            pa.add(te, lb(te, "ERROR", "http-nio-8080-exec-%d" % rng.randint(1, 80), "c.a.payments.adapter.web.ApiExceptionHandler",
                          "POST /v1/authorize failed for %s pod=%s trace_id=%s -> 502\n%s" % (order, pod, trace, PSP_TO)))
            co.add(te + timedelta(milliseconds=4), jrec(te + timedelta(milliseconds=4), "WARN" if attempt == 1 else "ERROR", "checkout-api",
                                                       "payment authorization attempt %d/2 failed: 502 from payments-adapter" % attempt,
                                                       component="com.acme.checkout.payment.PaymentClient",
                                                       error_type=None if attempt == 1 else "com.acme.checkout.payment.PaymentFailedException",
                                                       trace_id=trace, span_id=rng.hex(16),
                                                       caused_by=None if attempt == 1 else "org.springframework.web.client.HttpServerErrorException$BadGateway: 502 Bad Gateway on POST request for \"http://payments-adapter.payments.svc:8080/v1/authorize\"",
                                                       attrs={"order": order, "attempt": attempt}))
        else:
            ms = rng.lognorm_ms(240)
            pa.add(ta + timedelta(milliseconds=ms), lb(ta + timedelta(milliseconds=ms), "INFO", "http-nio-8080-exec-%d" % rng.randint(1, 80), "c.a.payments.adapter.web.RequestLog",
                                                       "POST /v1/authorize 200 in %dms pod=%s trace_id=%s" % (ms, pod, trace)))
            co.add(ta + timedelta(milliseconds=ms + 10), jrec(ta + timedelta(milliseconds=ms + 10), "INFO", "checkout-api", "payment authorized", component="com.acme.checkout.payment.PaymentClient",
                                                             trace_id=trace, span_id=rng.hex(16), attrs={"order": order}))
            ok = True
            break
    if not ok:
        tf = t + timedelta(seconds=4.7)
        co.add(tf, jrec(tf, "ERROR", "checkout-api", "order %s failed: payment could not be authorized" % order, component="com.acme.checkout.OrderService",
                        error_type="com.acme.checkout.payment.PaymentFailedException", trace_id=trace, span_id=rng.hex(16),
                        stack=["com.acme.checkout.payment.PaymentFailedException: payment could not be authorized after 2 attempts",
                               "at com.acme.checkout.payment.PaymentClient.authorize(PaymentClient.java:77)",
                               "at com.acme.checkout.OrderService.place(OrderService.java:98)"],
                        attrs={"order": order}))

# ---- shipping-rates (Python) -----------------------------------------------------------------
def ctb(host):
    return pytb([
        ([(SP + "/urllib3/connection.py", 203, "_new_conn", "sock = connection.create_connection("),
          (SP + "/urllib3/util/connection.py", 85, "create_connection", "raise err"),
          (SP + "/urllib3/util/connection.py", 73, "create_connection", "sock.connect(sa)")],
         "TimeoutError: timed out", "during"),
        ([(SP + "/urllib3/connectionpool.py", 789, "urlopen", "response = self._make_request("),
          (SP + "/urllib3/connection.py", 212, "_new_conn", "raise ConnectTimeoutError(")],
         "urllib3.exceptions.ConnectTimeoutError: (<urllib3.connection.HTTPSConnection object at 0x7f3a9c%s>, 'Connection to %s timed out. (connect timeout=3)')" % (rng.hex(6), host), "during"),
        ([(SP + "/requests/adapters.py", 667, "send", "resp = conn.urlopen("),
          (SP + "/urllib3/connectionpool.py", 843, "urlopen", "retries = retries.increment("),
          (SP + "/urllib3/util/retry.py", 519, "increment", "raise MaxRetryError(_pool, url, reason) from reason  # type: ignore[arg-type]")],
         "urllib3.exceptions.MaxRetryError: HTTPSConnectionPool(host='%s', port=443): Max retries exceeded with url: /rates (Caused by ConnectTimeoutError(<urllib3.connection.HTTPSConnection object at 0x7f3a9c%s>, 'Connection to %s timed out. (connect timeout=3)'))" % (host, rng.hex(6), host), "during"),
        ([("/app/shipping_rates/carriers/base.py", 44, "quote", "resp = self.session.post(self.url, json=payload, timeout=(3, 5))"),
          (SP + "/requests/sessions.py", 637, "post", 'return self.request("POST", url, data=data, json=json, **kwargs)'),
          (SP + "/requests/adapters.py", 688, "send", "raise ConnectTimeout(e, request=request)")],
         "requests.exceptions.ConnectTimeout: HTTPSConnectionPool(host='%s', port=443): Max retries exceeded with url: /rates (Caused by ConnectTimeoutError(<urllib3.connection.HTTPSConnection object at 0x7f3a9c%s>, 'Connection to %s timed out. (connect timeout=3)'))" % (host, rng.hex(6), host), None),
    ])


for t in rng.times(START, END, 1.6):
    pod = rng.choice(list(SR))
    host = rng.choice(["api.dhl-express.example", "rates.ups-api.example", "api.gls-group.example"])
    if SR[pod] == "eu-central-1b" and b_fails(t):
        te = t + timedelta(seconds=3)
        sr.add(te, "%s ERROR [shipping_rates.carriers] %s: quote failed for carrier %s, returning fallback table rate\n%s" % (pylog(te), pod, host.split(".")[1], ctb(host)))
    else:
        sr.add(t, "%s INFO [shipping_rates.api] %s: POST /rates 200 carrier=%s %dms" % (pylog(t), pod, host.split(".")[1], rng.lognorm_ms(180)))
for t in rng.times(START, END, 0.25):
    sr.add(t, "%s WARNING [shipping_rates.carriers] UPS sandbox credentials configured for test merchant m_0042; skipping" % pylog(t))

# ---- noise -----------------------------------------------------------------------------------
for t in rng.times(START, END, 0.5):
    co.add(t, jrec(t, "ERROR", "checkout-api", "address autocomplete failed: 429 quota exceeded (places.maps-provider.example)", component="com.acme.checkout.address.AutocompleteClient",
                   error_type="org.springframework.web.client.HttpClientErrorException$TooManyRequests", trace_id=rng.hex(32), span_id=rng.hex(16),
                   attrs={"since": "2025-06-12T08:00:00Z"}))
for t in rng.times(START, END, 0.3):
    pa.add(t, lb(t, "WARN", "psp-webhooks-1", "c.a.payments.adapter.webhook.WebhookHandler", "webhook for authorization auth_%s arrived %ds late" % (rng.alnum(12), rng.randint(40, 300))))

d = reset_logs(CASE)
na.write(d + "/nat-a.journal.log")
nb.write(d + "/nat-b.journal.log")
pa.write(d + "/payments-adapter.log")
sr.write(d + "/shipping-rates.log")
co.write(d + "/checkout-api.jsonl")
write_json(d + "/../alert.json", alertmanager(
    "payments-oncall",
    {"alertname": "CheckoutPaymentFailures", "service": "checkout-api", "namespace": "shop", "severity": "critical", "env": "prod", "team": "payments"},
    {"summary": "checkout-api: 24% of orders fail payment authorization (threshold 3%)",
     "description": "PaymentFailedException rate high; payments-adapter 502s", "dashboard": "https://grafana.acme.example/d/checkout-payments"},
    dt("2025-06-12T12:04:00"),
    "sum%28rate%28checkout_orders_failed_total%7Breason%3D%22payment%22%7D%5B5m%5D%29%29+%2F+sum%28rate%28checkout_orders_total%5B5m%5D%29%29+%3E+0.03",
    "8d4a1f6c0e3b9725"))
finish(CASE, {
    "root_cause": {"service": "nat-b",
                   "component": "NAT instance nat-b (eu-central-1b): net.netfilter.nf_conntrack_max=65536 after yesterday's AMI rebuild (nat-a: 524288)",
                   "error_type": None, "file": None},
    "category": "network",
    "symptoms": [{"service": "checkout-api", "error_type": "PaymentFailedException"},
                 {"service": "payments-adapter", "error_type": "ConnectTimeoutException"},
                 {"service": "shipping-rates", "error_type": "ConnectTimeout"}],
    "why": "nat-b's conntrack table (max 65536 since its rebuild; nat-a has 524288) is full from 11:58:40 and the kernel drops new flows, so only pods in eu-central-1b time out connecting to the internet: payments-adapter's 1b replica cannot reach the PSP and shipping-rates' 1b replica cannot reach carriers, and checkout-api fails orders. Raise nf_conntrack_max on nat-b (restore the sysctl drop-in); the applications and the PSP are fine.",
})
