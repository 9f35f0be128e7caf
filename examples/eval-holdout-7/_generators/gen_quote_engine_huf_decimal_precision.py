"""quote-engine-huf-decimal-precision (code): HUF wholesale quotes of 10 million forint or more
overflow quote-engine's 9-digit decimal context; order-api double-logs every failure."""
import math
import os
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish, py, pytb, spring,
                    spring_err, node_line, nginx_line, sentry_alert, ip, uuid, trace, span)

CASE = "quote-engine-huf-decimal-precision"
rng = Rng(7001)
logs = reset_logs(CASE)
START, END = dt("2025-03-10T07:30:00"), dt("2025-03-10T09:30:00")
HU_OPEN = dt("2025-03-10T08:00:00")

qe, oa, bp, ing = LogFile(), LogFile(), LogFile(), LogFile()
QE_PODS = ["quote-engine-6f8d9c7b5-k2x7p", "quote-engine-6f8d9c7b5-w9qzt"]
OA_THREADS = ["http-nio-8080-exec-%d" % i for i in range(1, 41)]
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"
CUST_EU = ["C-10%03d" % rng.randint(100, 999) for _ in range(30)]
CUST_HU = ["C-20%03d" % rng.randint(100, 999) for _ in range(14)]

QE_TB = [([
    ("/usr/local/lib/python3.12/site-packages/starlette/routing.py", 74, "app", "response = await func(request)"),
    ("/usr/local/lib/python3.12/site-packages/fastapi/routing.py", 299, "app", "raw_response = await run_endpoint_function("),
    ("/app/quote_engine/api.py", 88, "create_quote", "quote = pricing.build_quote(req)"),
    ("/app/quote_engine/pricing.py", 141, "build_quote", "total = money.round_minor(subtotal * (1 + vat_rate), req.currency)"),
    ("/app/quote_engine/money.py", 37, "round_minor", "return amount.quantize(EXPONENTS[currency], context=MONEY_CTX)"),
], "decimal.InvalidOperation: [<class 'decimal.InvalidOperation'>]", None)]


def money(v):
    return "%.2f" % v


def quote(t, cust, currency, lines, subtotal, attempt):
    tr, s_bp, s_oa, s_qe = trace(rng), span(rng), span(rng), span(rng)
    qid = "Q-%d" % rng.randint(4100000, 4999999)
    vat = 0.27 if currency == "HUF" else rng.choice([0.19, 0.20, 0.21])
    total = subtotal * (1 + vat)
    ok = total < 9999999.995
    rid = rng.hex(32)
    n = int(cust[2:])  # one office address per customer
    client = ("84.2.%d.%d" if currency == "HUF" else "91.64.%d.%d") % (n % 61, n % 251 + 2)
    t1 = t + timedelta(milliseconds=rng.randint(3, 9))
    t2 = t1 + timedelta(milliseconds=rng.randint(4, 12))
    qms = rng.lognorm_ms(38 + lines)
    t3 = t2 + timedelta(milliseconds=qms)
    if ok:
        qe.add(t3, py(t3, "INFO", "quote_engine.api", "quote created quote_id=%s customer=%s currency=%s lines=%d subtotal=%s total=%s took_ms=%d trace_id=%s" % (
            qid, cust, currency, lines, money(subtotal), money(total), qms, tr)))
        t4 = t3 + timedelta(milliseconds=rng.randint(2, 8))
        oa.add(t4, spring(t4, "INFO", "order-api", tr, s_oa, rng.choice(OA_THREADS), "c.a.orders.quote.QuoteController",
                          "POST /internal/quotes customer=%s currency=%s lines=%d -> 201 %s in %dms" % (cust, currency, lines, qid, (t4 - t1).total_seconds() * 1000)))
        t5 = t4 + timedelta(milliseconds=rng.randint(3, 9))
        bp.add(t5, node_line(t5, "info", "POST /api/quotes 201 %dms customer=%s currency=%s trace=%s" % ((t5 - t).total_seconds() * 1000, cust, currency, tr)))
        ing.add(t5, nginx_line(t5, client, "POST", "/api/quotes", 201, 1840 + lines * 60, UA, (t5 - t).total_seconds() + 0.002,
                               "b2b-b2b-portal-3000", "100.64.%d.%d:3000" % (rng.randint(0, 7), rng.randint(2, 250)), rid, 900 + lines * 40))
        return False
    qe.add(t3, py(t3, "ERROR", "quote_engine.api", "quote failed quote_id=%s customer=%s currency=%s lines=%d subtotal=%s vat_rate=%s trace_id=%s" % (
        qid, cust, currency, lines, money(subtotal), vat, tr)) + "\n" + pytb(QE_TB))
    t4 = t3 + timedelta(milliseconds=rng.randint(2, 6))
    th = rng.choice(OA_THREADS)
    msg = '500 Internal Server Error: "{\\"detail\\":\\"quote failed\\",\\"quote_id\\":\\"%s\\"}"' % qid
    chain = [("com.acme.orders.quote.QuoteUnavailableException", "quote-engine answered 500 for customer %s (%s, %d lines)" % (cust, currency, lines), [
        "com.acme.orders.quote.QuoteClient.create(QuoteClient.java:74)",
        "com.acme.orders.quote.QuoteService.quote(QuoteService.java:52)",
        "com.acme.orders.quote.QuoteController.create(QuoteController.java:41)",
        "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
        "org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)"]),
        ("org.springframework.web.client.HttpServerErrorException$InternalServerError", msg, [
            "org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:102)",
            "org.springframework.web.client.StatusHandler.lambda$defaultHandler$3(StatusHandler.java:86)",
            "org.springframework.web.client.DefaultRestClient$DefaultResponseSpec.toEntityInternal(DefaultRestClient.java:653)",
            "com.acme.orders.quote.QuoteClient.create(QuoteClient.java:69)"])]
    oa.add(t4, spring_err(t4, "ERROR", "order-api", tr, s_oa, th, "c.a.orders.quote.QuoteService",
                          "quote request failed customer=%s currency=%s lines=%d" % (cust, currency, lines), chain))
    t4b = t4 + timedelta(milliseconds=1)
    oa.add(t4b, spring_err(t4b, "ERROR", "order-api", tr, s_oa, th, "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
                           "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: com.acme.orders.quote.QuoteUnavailableException: quote-engine answered 500 for customer %s (%s, %d lines)] with root cause" % (cust, currency, lines),
                           chain[1:]))
    t5 = t4b + timedelta(milliseconds=rng.randint(3, 8))
    bp.add(t5, node_line(t5, "error", "POST /api/quotes 502 %dms customer=%s currency=%s attempt=%d trace=%s QuoteRequestError: order-api answered 500 (quote_unavailable)\n"
                         "    at QuoteClient.create (/app/src/clients/quote-client.js:58:13)\n"
                         "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n"
                         "    at async createQuote (/app/src/routes/quotes.js:33:19)" % ((t5 - t).total_seconds() * 1000, cust, currency, attempt, tr)))
    ing.add(t5, nginx_line(t5, client, "POST", "/api/quotes", 502, 164, UA, (t5 - t).total_seconds() + 0.002,
                           "b2b-b2b-portal-3000", "100.64.%d.%d:3000" % (rng.randint(0, 7), rng.randint(2, 250)), rid, 900 + lines * 40))
    return True


# quote traffic: EU all morning, HU customers from the market opening at 08:00
for t in rng.times(START, END, 1.3):
    lines = rng.randint(3, 60)
    quote(t, rng.choice(CUST_EU), "EUR", lines, round(rng.lognorm_ms(1800, 0.9) * 10.0 + rng.random(), 2), 1)
for t in rng.times(HU_OPEN, END, 0.45):
    lines = rng.randint(8, 90)
    sub = round(7400000 * math.exp(rng.gauss(0, 0.85)) + rng.random(), 2)
    attempt, tt, cust = 1, t, rng.choice(CUST_HU)
    while quote(tt, cust, "HUF", lines, sub, attempt) and attempt < 3 and rng.random() < 0.7:
        attempt += 1
        tt = tt + timedelta(seconds=rng.randint(4, 40))

# benign noise
for t in rng.times(START, END, 1 / 7.0):
    qe.add(t, py(t, "WARNING", "quote_engine.fx", "FX snapshot age %ds > 900s, serving cached rates source=ecb-mirror" % rng.randint(905, 1300)))
for t in rng.times(START, END, 0.5):
    qe.add(t, py(t, "INFO", "quote_engine.health", "GET /healthz 200 pod=%s" % rng.choice(QE_PODS)))
for t in rng.times(START, END, 1 / 9.0):  # an unrelated failure running since the night
    tr = trace(rng)
    oa.add(t, spring_err(t, "ERROR", "order-api", tr, span(rng), "scheduling-1", "c.a.orders.erp.ErpSyncJob",
                         "ERP customer sync failed customer=C-2231", [
                             ("com.acme.orders.erp.ErpSyncException", "ERP rejected customer C-2231: VAT id HU1234567 failed checksum", [
                                 "com.acme.orders.erp.ErpClient.upsertCustomer(ErpClient.java:118)",
                                 "com.acme.orders.erp.ErpSyncJob.run(ErpSyncJob.java:47)"])]))
for t in rng.times(START, END, 1 / 12.0):
    oa.add(t, spring(t, "WARN", "order-api", "", "", "HikariPool-1 housekeeper", "com.zaxxer.hikari.pool.HikariPool",
                     "HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=1m%ds)." % rng.randint(2, 9)))
for t in rng.times(START, END, 1 / 5.0):
    bp.add(t, node_line(t, "error", "GET /api/invoices/INV-%d/pdf 404 from document-store (archived before 2023-01; failing since 2025-03-07)" % rng.randint(180000, 199999)))
bp.add(START + timedelta(seconds=41), node_line(START + timedelta(seconds=41), "warn", "(node:1) [DEP0040] DeprecationWarning: The `punycode` module is deprecated. Please use a userland alternative instead."))
for t in rng.times(START, END, 2.0):
    path = rng.choice(["/", "/catalog", "/api/catalog/search?q=%s" % rng.choice(["valve", "pump", "gasket", "flange"]), "/api/cart", "/assets/app.js"])
    ing.add(t, nginx_line(t, ip(rng, "91.64"), "GET", path, 200, rng.randint(800, 48000), UA, rng.randint(4, 90) / 1000.0,
                          "b2b-b2b-portal-3000", "100.64.%d.%d:3000" % (rng.randint(0, 7), rng.randint(2, 250)), rng.hex(32), 380))
for t in rng.times(START, END, 0.5):  # external uptime probe, occasionally slow
    st = 504 if rng.random() < 0.03 else 200
    ing.add(t, nginx_line(t, "52.45.%d.%d" % (rng.randint(0, 255), rng.randint(1, 254)), "GET", "/status", st, 17 if st == 200 else 160,
                          "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)", 5.0 if st == 504 else 0.004, "b2b-b2b-portal-3000",
                          "100.64.3.17:3000", rng.hex(32), 210))

qe.write(os.path.join(logs, "quote-engine.log"))
oa.write(os.path.join(logs, "order-api.log"))
bp.write(os.path.join(logs, "b2b-portal.log"))
ing.write(os.path.join(logs, "ingress-nginx.access.log"))

when = dt("2025-03-10T08:09:31.412")
write_json(os.path.join(case_dir(CASE), "alert.json"), sentry_alert(
    event_id=rng.hex(32), project=4508113, release="b2b-portal@3.18.2", platform="node", when=when,
    logger="b2b-portal", title="QuoteRequestError: order-api answered 500 (quote_unavailable)",
    culprit="QuoteClient.create(src/clients/quote-client)", location="src/clients/quote-client.js",
    tags=[("environment", "production"), ("handled", "yes"), ("level", "error"), ("release", "b2b-portal@3.18.2"),
          ("server_name", "b2b-portal-7c9d8f6b4-mq2lx"), ("transaction", "POST /api/quotes"), ("url", "https://b2b.acme-industrial.example/api/quotes")],
    request={"method": "POST", "url": "https://b2b.acme-industrial.example/api/quotes",
             "headers": [["Content-Type", "application/json"], ["User-Agent", UA]]},
    exc_type="QuoteRequestError", exc_value="order-api answered 500 (quote_unavailable)", exc_module=None, mechanism="generic",
    frames=[
        {"filename": "node:internal/process/task_queues", "abs_path": "node:internal/process/task_queues", "module": "task_queues",
         "function": "process.processTicksAndRejections", "lineno": 95, "in_app": False},
        {"filename": "/app/src/routes/quotes.js", "abs_path": "/app/src/routes/quotes.js", "module": "routes.quotes",
         "function": "createQuote", "lineno": 33, "context_line": "    const quote = await quoteClient.create(req.body, ctx);", "in_app": True},
        {"filename": "/app/src/clients/quote-client.js", "abs_path": "/app/src/clients/quote-client.js", "module": "clients.quote-client",
         "function": "QuoteClient.create", "lineno": 58, "context_line": "      throw new QuoteRequestError(`order-api answered ${res.status} (${body.code})`);", "in_app": True}],
    org="acme-industrial", slug="b2b-portal", issue_id="5130982271",
    rule="b2b-portal: new issue or >20 events in 5m", installation=uuid(rng)))

finish(CASE, {
    "root_cause": {"service": "quote-engine", "component": "money.round_minor (MONEY_CTX = Context(prec=9): quantize to 0.01 cannot hold 10,000,000.00 or more)",
                   "error_type": "InvalidOperation", "file": "quote_engine/money.py"},
    "category": "code",
    "symptoms": [{"service": "order-api", "error_type": "QuoteUnavailableException"},
                 {"service": "b2b-portal", "error_type": "QuoteRequestError"},
                 {"service": "ingress-nginx", "error_type": "HTTP_502"}],
    "why": "quote-engine rounds money in a decimal context with 9 significant digits, enough for any EUR quote but not for forint: from the 08:00 Hungarian launch every HUF quote whose total reaches 10 million (about 40% of them) fails with decimal.InvalidOperation in money.round_minor, while smaller HUF quotes and all EUR quotes succeed. order-api logs each failure twice and the portal and ingress pass it on as 502.",
})
