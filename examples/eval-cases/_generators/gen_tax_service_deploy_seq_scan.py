#!/usr/bin/env python3
"""tax-service-deploy-seq-scan

tax-service (Go) rolls out 4.3.0 at 13:41-13:44. 4.3.0 matches tax rates by postal-code
prefix (`postal_code LIKE $1 || '%'`), which the tax_rates indexes cannot serve, so every
lookup becomes a sequential scan taking 0.6-4 s instead of ~15 ms. tax-service itself logs no
new errors (client cancellations are WARN/499, slow queries are WARN); its callers time out:
checkout-api (Node, 800 ms budget, 3 attempts) and order-service (Java, 2 s read timeout).
JSONL only, trace ids shared between callers and callee, `deploy` on every record.
"""
import os
import sys
from datetime import timedelta

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from casegen import Rng, dt, jrec, LogFile, reset_logs, write_json, case_dir, finish

CASE = "tax-service-deploy-seq-scan"
rng = Rng(20241119)

START = dt("2024-11-19T12:00:00")
END = dt("2024-11-19T15:05:00")

OLD = {"version": "4.2.3", "commit": "b71e0c4"}
NEW = {"version": "4.3.0", "commit": "9e41c0a"}
CO_DEPLOY = {"version": "2.31.1", "commit": "e0c55a2"}
OS_DEPLOY = {"version": "5.8.2", "commit": "3fa91d7"}

# tax-service pods: (name, deploy, ready_from, gone_at)
ROLL = [
    ("tax-service-6b8f9c7d45-4kzq2", OLD, START, dt("2024-11-19T13:41:53")),
    ("tax-service-6b8f9c7d45-p7m9d", OLD, START, dt("2024-11-19T13:43:00")),
    ("tax-service-6b8f9c7d45-w2xfh", OLD, START, dt("2024-11-19T13:44:07")),
    ("tax-service-7d4c9b8f6-h5r2k", NEW, dt("2024-11-19T13:41:51"), END),
    ("tax-service-7d4c9b8f6-q8n3v", NEW, dt("2024-11-19T13:42:58"), END),
    ("tax-service-7d4c9b8f6-z6t4m", NEW, dt("2024-11-19T13:44:05"), END),
]
STARTS = {
    "tax-service-7d4c9b8f6-h5r2k": dt("2024-11-19T13:41:32.204"),
    "tax-service-7d4c9b8f6-q8n3v": dt("2024-11-19T13:42:40.611"),
    "tax-service-7d4c9b8f6-z6t4m": dt("2024-11-19T13:43:47.093"),
}
CO_PODS = ["checkout-api-5d9f7b8c6-8xk2p", "checkout-api-5d9f7b8c6-c4vnm",
           "checkout-api-5d9f7b8c6-j9w5t", "checkout-api-5d9f7b8c6-rq7zd"]
OS_PODS = ["order-service-77c6d5f9b-2mlkq", "order-service-77c6d5f9b-vt8ns"]

POSTCODES = {"DE": ["10115", "10405", "20095", "50667", "80331", "70173", "04109", "01067"],
             "AT": ["1010", "1150", "4020", "5020", "8010"],
             "NL": ["1012", "3011", "2511", "3511"],
             "FR": ["75001", "69002", "13001", "31000", "33000"]}

tax = LogFile()
co = LogFile()
osvc = LogFile()


def pod_at(t):
    ready = [p for p in ROLL if p[2] <= t < p[3]]
    return rng.choice(ready)


def lookup_ms(dep):
    if dep is NEW:
        return rng.lognorm_ms(1350, 0.42, lo=420, hi=4800)
    return rng.lognorm_ms(14, 0.5, lo=3, hi=180)


def tax_call(t, trace, parent, route, budget_ms, nlookups=1, origin="checkout-api"):
    """tax-service's side of one call; returns (elapsed_ms, completed)."""
    name, dep, _, _ = pod_at(t)
    per = [lookup_ms(dep) for _ in range(nlookups)]
    total = sum(per) + rng.randint(1, 4)
    span = rng.hex(16)
    attrs = {"pod": name, "http.route": route, "caller": origin}
    if total <= budget_ms:
        tax.add(t + timedelta(milliseconds=total),
                jrec(t + timedelta(milliseconds=total), "INFO", "tax-service",
                     "POST %s 200 took_ms=%d" % (route, total), component="httpserver",
                     trace_id=trace, span_id=span, parent_span_id=parent, deploy=dep,
                     attrs=dict(attrs, status=200, lookups=nlookups)))
        if dep is NEW and max(per) > 500:
            tq = t + timedelta(milliseconds=per[0])
            tax.add(tq, jrec(tq, "WARN", "tax-service", "slow query took_ms=%d" % per[0],
                             component="store.pgx", trace_id=trace, span_id=span, deploy=dep,
                             attrs={"pod": name, "sql": SQL_NEW, "rows": 1}))
        return total, True
    tc = t + timedelta(milliseconds=budget_ms + rng.randint(1, 6))
    tax.add(tc, jrec(tc, "WARN", "tax-service", "request canceled by client: context canceled",
                     component="httpserver", trace_id=trace, span_id=span, parent_span_id=parent,
                     deploy=dep, attrs=dict(attrs, status=499, took_ms=budget_ms + 2)))
    return None, False


SQL_OLD = ("SELECT rate_bp, jurisdiction_id FROM tax_rates WHERE jurisdiction_id = $1 "
           "AND valid_from <= $2 ORDER BY valid_from DESC LIMIT 1")
SQL_NEW = ("SELECT rate_bp, jurisdiction_id FROM tax_rates WHERE country = $1 AND "
           "postal_code LIKE $2 || '%' AND valid_from <= $3 ORDER BY length(postal_code) DESC, "
           "valid_from DESC LIMIT 1")

# ---- checkout-api: quote requests --------------------------------------------------------
for t in rng.times(START, END, 2.1):
    pod = rng.choice(CO_PODS)
    trace = rng.hex(32)
    root_span = rng.hex(16)
    cart = "cart_" + rng.alnum(10)
    country = rng.choice(["DE", "DE", "DE", "AT", "NL", "FR"])
    pc = rng.choice(POSTCODES[country])
    cur = t + timedelta(milliseconds=rng.randint(3, 20))
    ok = False
    for attempt in (1, 2, 3):
        span = rng.hex(16)
        ms, done = tax_call(cur, trace, span, "/v2/quote", 800, 1)
        if done:
            cur = cur + timedelta(milliseconds=ms + rng.randint(20, 90))
            ok = True
            break
        cur = cur + timedelta(milliseconds=801)
        co.add(cur, jrec(cur, "ERROR", "checkout-api",
                         "tax quote attempt %d/3 timed out after 800ms" % attempt,
                         component="clients/tax", error_type="TaxServiceTimeoutError",
                         trace_id=trace, span_id=span, parent_span_id=root_span,
                         stack=["TaxServiceTimeoutError: tax quote attempt %d/3 timed out after 800ms" % attempt,
                                "    at TaxClient.quote (/app/dist/clients/tax.js:61:15)",
                                "    at async QuoteService.build (/app/dist/services/quote.js:88:21)",
                                "    at async quoteHandler (/app/dist/routes/checkout.js:142:19)",
                                "Caused by: TimeoutError: The operation was aborted due to timeout"],
                         deploy=CO_DEPLOY,
                         attrs={"pod": pod, "upstream": "tax-service",
                                "url": "http://tax-service.pricing.svc.cluster.local:8080/v2/quote",
                                "attempt": attempt, "timeout_ms": 800, "cart_id": cart,
                                "country": country}))
        cur = cur + timedelta(milliseconds=100 * attempt)
    if ok:
        total = int((cur - t).total_seconds() * 1000)
        co.add(cur, jrec(cur, "INFO", "checkout-api", "POST /v1/checkout/quote 200 %dms" % total,
                         component="http", trace_id=trace, span_id=root_span, deploy=CO_DEPLOY,
                         attrs={"pod": pod, "cart_id": cart, "country": country, "status": 200}))
    else:
        total = int((cur - t).total_seconds() * 1000)
        co.add(cur, jrec(cur, "ERROR", "checkout-api",
                         "POST /v1/checkout/quote 503 %dms: tax quote unavailable after 3 attempts" % total,
                         component="http", error_type="TaxQuoteUnavailableError", trace_id=trace,
                         span_id=root_span, deploy=CO_DEPLOY,
                         attrs={"pod": pod, "cart_id": cart, "country": country, "status": 503}))

# checkout-api background: address autocomplete provider flaps all afternoon (predates)
for t in rng.times(START, END, 1 / 9.0):
    co.add(t, jrec(t, "ERROR", "checkout-api",
                   "address autocomplete failed: provider answered 502 Bad Gateway",
                   component="clients/address", error_type="AddressProviderError",
                   trace_id=rng.hex(32), span_id=rng.hex(16), deploy=CO_DEPLOY,
                   attrs={"pod": rng.choice(CO_PODS), "provider": "addressly",
                          "url": "https://api.addressly.example/v1/autocomplete"}))
for t in rng.times(START, END, 1 / 14.0):
    co.add(t, jrec(t, "WARN", "checkout-api", "event loop lag %dms" % rng.randint(80, 240),
                   component="runtime", deploy=CO_DEPLOY, attrs={"pod": rng.choice(CO_PODS)}))

# ---- order-service: order finalisation (tax lines) ---------------------------------------
for t in rng.times(START, END, 0.9):
    pod = rng.choice(OS_PODS)
    trace = rng.hex(32)
    span = rng.hex(16)
    order = "ord_%d" % rng.randint(4810000, 4899999)
    n = rng.choice([1, 1, 2, 2, 3, 4])
    ms, done = tax_call(t + timedelta(milliseconds=5), trace, span, "/v2/tax/lines", 2000, n,
                        origin="order-service")
    if done:
        te = t + timedelta(milliseconds=ms + rng.randint(30, 120))
        osvc.add(te, jrec(te, "INFO", "order-service", "order %s finalized (%d lines)" % (order, n),
                          component="com.acme.orders.finalize.OrderFinalizer", trace_id=trace,
                          span_id=span, deploy=OS_DEPLOY,
                          attrs={"pod": pod, "thread": "finalizer-%d" % rng.randint(1, 4)}))
    else:
        te = t + timedelta(milliseconds=2005 + rng.randint(1, 30))
        osvc.add(te, jrec(te, "ERROR", "order-service",
                          "order %s finalize failed: I/O error on POST request for "
                          "\"http://tax-service.pricing.svc.cluster.local:8080/v2/tax/lines\": Read timed out" % order,
                          component="com.acme.orders.finalize.OrderFinalizer",
                          error_type="org.springframework.web.client.ResourceAccessException",
                          trace_id=trace, span_id=span,
                          caused_by="java.net.SocketTimeoutException: Read timed out",
                          stack=["org.springframework.web.client.ResourceAccessException: I/O error on POST request for \"http://tax-service.pricing.svc.cluster.local:8080/v2/tax/lines\": Read timed out",
                                 "at org.springframework.web.client.RestTemplate.createResourceAccessException(RestTemplate.java:915)",
                                 "at org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:895)",
                                 "at com.acme.orders.tax.TaxLinesClient.compute(TaxLinesClient.java:58)",
                                 "at com.acme.orders.finalize.OrderFinalizer.finalizeOrder(OrderFinalizer.java:112)",
                                 "Caused by: java.net.SocketTimeoutException: Read timed out",
                                 "at java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)",
                                 "at java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)"],
                          deploy=OS_DEPLOY,
                          attrs={"pod": pod, "thread": "finalizer-%d" % rng.randint(1, 4),
                                 "upstream": "tax-service", "read_timeout_ms": 2000}))
        tr = te + timedelta(milliseconds=3)
        osvc.add(tr, jrec(tr, "INFO", "order-service", "order %s requeued for finalization in 60s" % order,
                          component="com.acme.orders.finalize.OrderFinalizer", trace_id=trace,
                          span_id=span, deploy=OS_DEPLOY, attrs={"pod": pod}))

# order-service background noise (predates): confirmation mails throttled by the provider
for t in rng.times(START, END, 1 / 16.0):
    osvc.add(t, jrec(t, "ERROR", "order-service",
                     "order confirmation mail not sent: provider answered 429 Too Many Requests",
                     component="com.acme.orders.mail.ConfirmationMailer",
                     error_type="com.acme.orders.mail.MailThrottledException",
                     deploy=OS_DEPLOY, attrs={"pod": rng.choice(OS_PODS), "provider": "postmark"}))
for t in rng.times(START, END, 1 / 20.0):
    osvc.add(t, jrec(t, "WARN", "order-service",
                     "[Producer clientId=order-events] Got error produce response with correlation id %d on topic-partition order-events-%d, retrying (2147483646 attempts left). Error: NOT_LEADER_OR_FOLLOWER" % (rng.randint(100000, 999999), rng.randint(0, 11)),
                     component="org.apache.kafka.clients.producer.internals.Sender",
                     deploy=OS_DEPLOY, attrs={"pod": rng.choice(OS_PODS)}))

# ---- tax-service: lifecycle, pool stats, background noise --------------------------------
for name, t0 in STARTS.items():
    msgs = [
        (0, "INFO", "starting tax-service", {"go": "go1.23.3"}),
        (140, "INFO", "config loaded", {"lookup_strategy": "postal_prefix", "statement_timeout": "5s",
                                        "db_max_conns": 20, "http_addr": ":8080"}),
        (380, "INFO", "connected to postgres", {"host": "tax-db.pricing.svc", "db": "tax"}),
        (410, "INFO", "rate tables: 48213 rows", {"countries": "AT,DE,FR,NL"}),
        (18700, "INFO", "listening on :8080", {}),
    ]
    for off, lvl, m, a in msgs:
        tt = t0 + timedelta(milliseconds=off)
        tax.add(tt, jrec(tt, lvl, "tax-service", m, component="main", deploy=NEW,
                         attrs=dict({"pod": name}, **a)))
for name, dep, a, b in ROLL:
    if dep is OLD and b < END:
        tax.add(b, jrec(b, "INFO", "tax-service", "received SIGTERM, draining connections",
                        component="main", deploy=dep, attrs={"pod": name}))
        tt = b + timedelta(milliseconds=2310)
        tax.add(tt, jrec(tt, "INFO", "tax-service", "shutdown complete", component="main",
                         deploy=dep, attrs={"pod": name}))
# pool stats every 5 minutes per pod
t = START + timedelta(minutes=2, seconds=30)
while t < END:
    for name, dep, a, b in ROLL:
        if a <= t < b:
            if dep is NEW:
                acq = rng.randint(17, 20)
                waits = rng.randint(140, 420)
                wms = rng.randint(900, 3200)
            else:
                acq = rng.randint(1, 4)
                waits = 0
                wms = 0
            tt = t + timedelta(milliseconds=rng.randint(0, 900))
            tax.add(tt, jrec(tt, "INFO", "tax-service", "pgxpool stats", component="store.pgx",
                             deploy=dep, attrs={"pod": name, "acquired": acq, "idle": 20 - acq,
                                                "max": 20, "empty_acquire_5m": waits,
                                                "avg_acquire_wait_ms": wms}))
    t += timedelta(minutes=5)
# predating data noise: postal codes without a jurisdiction
for t in rng.times(START, END, 1 / 11.0):
    name, dep, _, _ = pod_at(t)
    pc = rng.choice(["99999", "00000", "1234", "L-1009", "9490"])
    tax.add(t, jrec(t, "ERROR", "tax-service", "no jurisdiction for postal code %s" % pc,
                    component="rates", error_type="rates.JurisdictionNotFoundError",
                    trace_id=rng.hex(32), span_id=rng.hex(16), deploy=dep,
                    attrs={"pod": name, "status": 422}))

# ---- write ------------------------------------------------------------------------------
logs = reset_logs(CASE)
co.write(os.path.join(logs, "checkout-api.jsonl"))
osvc.write(os.path.join(logs, "order-service.jsonl"))
tax.write(os.path.join(logs, "tax-service.jsonl"))

write_json(os.path.join(case_dir(CASE), "alert.json"), {
    "source": "generic",
    "service": "checkout-api",
    "title": "checkout-api: POST /v1/checkout/quote error ratio 58% over 5m (TaxServiceTimeoutError)",
    "severity": "critical",
    "fingerprint": "e3b8a14c07d95f22",
    "startsAt": "2024-11-19T13:47:00Z",
    "labels": {"env": "prod", "team": "checkout", "alertname": "CheckoutQuoteErrors",
               "route": "/v1/checkout/quote", "namespace": "checkout", "source": "grafana"},
})

finish(CASE, {
    "root_cause": {
        "service": "tax-service",
        "component": "rate lookup in 4.3.0 (lookup_strategy=postal_prefix: `postal_code LIKE $2 || '%'` cannot use the tax_rates indexes, every lookup is a sequential scan)",
        "error_type": None,
        "file": None,
    },
    "category": "deploy",
    "symptoms": [
        {"service": "checkout-api", "error_type": "TaxServiceTimeoutError"},
        {"service": "checkout-api", "error_type": "TaxQuoteUnavailableError"},
        {"service": "order-service", "error_type": "ResourceAccessException"},
    ],
    "why": "tax-service 4.3.0 rolled out at 13:41-13:44 and switched the rate lookup to postal-code prefix matching, which no index serves, so each lookup takes 0.5-4 s and the pool saturates; tax-service logs only slow-query and client-cancel warnings while checkout-api (800 ms budget, 3 attempts) and order-service (2 s read timeout) time out. Rolling back to 4.2.3 ends it; the callers' timeouts are symptoms.",
})
