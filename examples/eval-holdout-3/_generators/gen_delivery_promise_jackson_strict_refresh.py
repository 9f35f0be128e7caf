#!/usr/bin/env python3
"""delivery-promise-jackson-strict-refresh

A commit to the shared Spring Cloud Config repo ("harden jackson defaults for all services")
sets spring.jackson.deserialization.fail-on-unknown-properties=true in application.yml.
config-server picks it up at 10:04:51 and the bus refresh reaches every Spring service at
~10:05. delivery-promise (Spring) reads carrier-rates quotes into a RateQuote class that does
not know "co2Grams", a field carrier-rates has sent since its 2.8.0 release three days ago.
From the refresh on, every promise lookup fails: RestClientException <- HttpMessageNotReadable
<- UnrecognizedPropertyException. checkout-api refreshes too but its payloads match its
classes, and it falls back to a default promise (WARN). storefront-bff (Node) retries twice
and logs each attempt plus the fallback, so its DeliveryPromiseError is the loudest.
Noise: missing holiday calendar warnings, slow git fetch warnings in config-server, a reviews
timeout error in the bff since the morning, carrier DPD latency warnings.
Sentry issue alert on storefront-bff (Node).
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, spring, logfmt, node_line, lb, sentry_alert, pod)

CASE = "delivery-promise-jackson-strict-refresh"
rng = Rng(20250603)
START, END = dt("2025-06-03T09:40:00"), dt("2025-06-03T10:28:00")
COMMIT = dt("2025-06-03T10:04:51.310")

dp, bff, cs, cr, co = LogFile(), LogFile(), LogFile(), LogFile(), LogFile()
DP_PODS = [pod(rng, "delivery-promise", "5d7b9c8f6") for _ in range(2)]
CO_PODS = [pod(rng, "checkout-api", "7f6c5d8b9") for _ in range(2)]
BFF_PODS = [pod(rng, "storefront-bff", "68c9f7d5b") for _ in range(3)]
refreshed = {}

# ---- config server and the refresh ----------------------------------------------------------
cs.add(COMMIT, lb(COMMIT, "INFO", "http-nio-8888-exec-3", "o.s.c.c.s.e.JGitEnvironmentRepository",
                  "Fetched config from https://git.acme.example/platform/config-repo.git (main): 71c2e0a..3e9a1f0 \"harden jackson defaults for all services\" (author r.keller)"))
t = COMMIT + timedelta(milliseconds=420)
cs.add(t, lb(t, "INFO", "http-nio-8888-exec-3", "o.s.c.c.monitor.PropertyPathEndpoint", "Refresh for: application (paths: [application.yml])"))
cs.add(t + timedelta(milliseconds=9), lb(t + timedelta(milliseconds=9), "INFO", "http-nio-8888-exec-3", "o.s.c.bus.event.RefreshListener",
                                         "Sending RefreshRemoteApplicationEvent destination=** origin=config-server:8888 id=4d0c2b6e-91f3-4a57-b0e8-2f6c1a9d7e35"))
for i, p in enumerate(DP_PODS):
    tr = COMMIT + timedelta(seconds=8 + 3 * i, milliseconds=rng.randint(0, 900))
    refreshed[p] = tr
    dp.add(tr, spring(tr, "INFO", "delivery-promise", "", "", "springCloudBus-1", "o.s.c.e.event.RefreshEventListener",
                      "Refresh keys changed: [spring.jackson.deserialization.fail-on-unknown-properties, config.client.version]"))
for i, p in enumerate(CO_PODS):
    tr = COMMIT + timedelta(seconds=9 + 2 * i, milliseconds=rng.randint(0, 900))
    co.add(tr, spring(tr, "INFO", "checkout-api", "", "", "springCloudBus-1", "o.s.c.e.event.RefreshEventListener",
                      "Refresh keys changed: [spring.jackson.deserialization.fail-on-unknown-properties, config.client.version]"))
for m in range(0, 48, 7):
    t = START + timedelta(minutes=m, seconds=rng.randint(0, 50))
    cs.add(t, lb(t, "WARN", "http-nio-8888-exec-%d" % rng.randint(1, 9), "o.s.c.c.s.e.JGitEnvironmentRepository", "git fetch took %dms (threshold 1500ms)" % rng.randint(1600, 2900)))
    cs.add(t + timedelta(seconds=20), lb(t + timedelta(seconds=20), "INFO", "http-nio-8888-exec-%d" % rng.randint(1, 9), "o.s.c.c.s.e.NativeEnvironmentRepository",
                                         "Adding property source: Config resource 'file [/tmp/config-repo/application.yml]' via location 'file:/tmp/config-repo/'"))


def chain(tt):
    return ("org.springframework.web.client.RestClientException: Error while extracting response for type [java.util.List<com.acme.delivery.carrier.RateQuote>] and content type [application/json]\n"
            "\tat org.springframework.web.client.HttpMessageConverterExtractor.extractData(HttpMessageConverterExtractor.java:118)\n"
            "\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:889)\n"
            "\tat com.acme.delivery.carrier.CarrierRatesClient.quotes(CarrierRatesClient.java:47)\n"
            "\tat com.acme.delivery.promise.PromiseService.promise(PromiseService.java:63)\n"
            "\tat com.acme.delivery.web.PromiseController.get(PromiseController.java:31)\n"
            "Caused by: org.springframework.http.converter.HttpMessageNotReadableException: JSON parse error: Unrecognized field \"co2Grams\" (class com.acme.delivery.carrier.RateQuote), not marked as ignorable\n"
            "\tat org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter.readJavaType(AbstractJackson2HttpMessageConverter.java:406)\n"
            "\tat org.springframework.web.client.HttpMessageConverterExtractor.extractData(HttpMessageConverterExtractor.java:105)\n"
            "\t... 98 common frames omitted\n"
            "Caused by: com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException: Unrecognized field \"co2Grams\" (class com.acme.delivery.carrier.RateQuote), not marked as ignorable (4 known properties: \"carrier\", \"service\", \"etaDays\", \"priceCents\"])\n"
            " at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 88] (through reference chain: java.util.ArrayList[0]->com.acme.delivery.carrier.RateQuote[\"co2Grams\"])\n"
            "\tat com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException.from(UnrecognizedPropertyException.java:61)\n"
            "\tat com.fasterxml.jackson.databind.DeserializationContext.handleUnknownProperty(DeserializationContext.java:1153)\n"
            "\tat com.fasterxml.jackson.databind.deser.std.StdDeserializer.handleUnknownProperty(StdDeserializer.java:2241)\n"
            "\t... 104 common frames omitted")


def promise_call(t, trace, parent, caller):
    """delivery-promise GET /v1/promise -> carrier-rates; returns (ok, done_time)"""
    p = rng.choice(DP_PODS)
    span = rng.hex(16)
    tc = t + timedelta(milliseconds=rng.randint(2, 6))
    ms = rng.lognorm_ms(45)
    cr.add(tc + timedelta(milliseconds=ms), logfmt(tc + timedelta(milliseconds=ms), "info", "quote served", path="/v2/quotes", status=200, carriers=rng.randint(2, 4),
                                                   duration_ms=ms, trace_id=trace, version="2.8.0"))
    tdone = tc + timedelta(milliseconds=ms + rng.randint(2, 9))
    thread = "http-nio-8080-exec-%d" % rng.randint(1, 120)
    if t >= refreshed[p]:
        dp.add(tdone, spring(tdone, "ERROR", "delivery-promise", trace, span, thread, "c.a.delivery.web.ApiExceptionHandler",
                             "GET /v1/promise failed (caller=%s, zip=%05d): 500\n%s" % (caller, rng.randint(1000, 99999), chain(tdone))))
        return False, tdone
    dp.add(tdone, spring(tdone, "INFO", "delivery-promise", trace, span, thread, "c.a.delivery.web.RequestLog",
                         "GET /v1/promise 200 in %dms (earliest=%s)" % (ms + 8, rng.choice(["2025-06-04", "2025-06-05"]))))
    return True, tdone


BFF_STACK = ("DeliveryPromiseError: delivery-promise responded 500 for GET /v1/promise\n"
             "    at DeliveryClient.fetchPromise (/app/dist/clients/delivery.js:58:13)\n"
             "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n"
             "    at async withRetry (/app/dist/lib/retry.js:22:18)\n"
             "    at async CartController.view (/app/dist/controllers/cart.js:41:22)")

for t in rng.times(START, END, 1.3):
    trace = rng.hex(32)
    bp = rng.choice(BFF_PODS)
    route = rng.choice(["/api/cart", "/api/cart", "/api/product/%d" % rng.randint(100000, 999999)])
    ta = t
    for attempt in (1, 2, 3):
        ok, td = promise_call(ta, trace, None, "storefront-bff")
        if ok:
            bff.add(td + timedelta(milliseconds=20), node_line(td + timedelta(milliseconds=20), "info", "[bff] GET %s 200 %dms trace_id=%s pod=%s" % (route, int((td - t).total_seconds() * 1000) + 20, trace, bp)))
            break
        te = td + timedelta(milliseconds=3)
        bff.add(te, node_line(te, "error", "[bff] delivery promise attempt %d/3 failed trace_id=%s pod=%s\n%s" % (attempt, trace, bp, BFF_STACK)))
        if attempt == 3:
            bff.add(te + timedelta(milliseconds=1), node_line(te + timedelta(milliseconds=1), "error",
                                                              "[bff] GET %s rendered without delivery promise (fallback) trace_id=%s pod=%s\n%s" % (route, trace, bp, BFF_STACK)))
        ta = te + timedelta(milliseconds=150 * attempt)

for t in rng.times(START, END, 0.6):
    trace = rng.hex(32)
    p = rng.choice(CO_PODS)
    ok, td = promise_call(t, trace, None, "checkout-api")
    th = "http-nio-8080-exec-%d" % rng.randint(1, 80)
    if not ok:
        co.add(td + timedelta(milliseconds=4), spring(td + timedelta(milliseconds=4), "WARN", "checkout-api", trace, rng.hex(16), th, "c.a.checkout.delivery.PromiseClient",
                                                      "delivery promise unavailable (500 from delivery-promise), using default promise of 5 working days"))
    te = td + timedelta(milliseconds=rng.lognorm_ms(120))
    co.add(te, spring(te, "INFO", "checkout-api", trace, rng.hex(16), th, "c.a.checkout.web.RequestLog", "GET /api/checkout/summary 200 in %dms" % int((te - t).total_seconds() * 1000)))

# ---- noise ---------------------------------------------------------------------------------
for t in rng.times(START, END, 0.4):
    bff.add(t, node_line(t, "error", "[bff] reviews widget failed trace_id=%s pod=%s\nReviewsTimeoutError: reviews-api did not answer within 800ms\n    at ReviewsClient.top (/app/dist/clients/reviews.js:33:11)\n    at async ProductController.view (/app/dist/controllers/product.js:57:19)" % (rng.hex(32), rng.choice(BFF_PODS))))
for t in rng.times(START, END, 0.3):
    dp.add(t, spring(t, "WARN", "delivery-promise", "", "", "http-nio-8080-exec-%d" % rng.randint(1, 120), "c.a.delivery.calendar.HolidayCalendar",
                     "no holiday calendar for country=NO year=2025, assuming weekends only"))
for t in rng.times(START, END, 0.5):
    cr.add(t, logfmt(t, "warn", "carrier upstream slow", carrier="DPD", p95_ms=rng.randint(900, 1600), threshold_ms=800, version="2.8.0"))
for m in range(0, 48, 10):
    t = START + timedelta(minutes=m, seconds=1)
    cr.add(t, logfmt(t, "info", "runtime stats", version="2.8.0", build="2025-05-31T08:12:40Z", uptime="%dh%dm" % (73 + m // 60, m % 60), goroutines=rng.randint(80, 120)))

d = reset_logs(CASE)
dp.write(d + "/delivery-promise.log")
bff.write(d + "/storefront-bff.log")
cs.write(d + "/config-server.log")
cr.write(d + "/carrier-rates.log")
co.write(d + "/checkout-api.log")

when = dt("2025-06-03T10:05:22.904")
frames = [
    {"filename": "/app/dist/controllers/cart.js", "abs_path": "/app/dist/controllers/cart.js", "module": "controllers:cart", "function": "CartController.view", "lineno": 41,
     "context_line": "    const promise = await withRetry(() => this.delivery.fetchPromise(cart.zip, cart.skus), 3);", "in_app": True},
    {"filename": "/app/dist/lib/retry.js", "abs_path": "/app/dist/lib/retry.js", "module": "lib:retry", "function": "withRetry", "lineno": 22,
     "context_line": "      return await fn();", "in_app": True},
    {"filename": "/app/dist/clients/delivery.js", "abs_path": "/app/dist/clients/delivery.js", "module": "clients:delivery", "function": "DeliveryClient.fetchPromise", "lineno": 58,
     "context_line": "      throw new DeliveryPromiseError(`delivery-promise responded ${res.status} for GET /v1/promise`);", "in_app": True},
]
alert = sentry_alert(
    event_id="c0a94e7b5d2f41e8a6b39f1d0c7e2a54", project=4508120, release="storefront-bff@14.3.2", platform="node", when=when, logger="",
    title="DeliveryPromiseError: delivery-promise responded 500 for GET /v1/promise", culprit="DeliveryClient.fetchPromise(clients:delivery)",
    location="/app/dist/clients/delivery.js",
    tags=[("environment", "production"), ("handled", "no"), ("level", "error"), ("mechanism", "onunhandledrejection"), ("release", "storefront-bff@14.3.2"),
          ("server_name", BFF_PODS[0]), ("transaction", "GET /api/cart"), ("url", "https://shop.acme.example/api/cart")],
    request={"method": "GET", "url": "https://shop.acme.example/api/cart", "headers": [["Accept", "application/json"], ["User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"]]},
    exc_type="DeliveryPromiseError", exc_value="delivery-promise responded 500 for GET /v1/promise", exc_module="clients:delivery", mechanism="onunhandledrejection",
    frames=frames, org="acme", slug="storefront-bff", issue_id="6412870093", rule="storefront-bff: new issue with more than 50 events in 10m",
    installation="91c4e2b7-3a6d-4f08-b5e1-7d2c9a0f6e13")
write_json(d + "/../alert.json", alert)
finish(CASE, {
    "root_cause": {"service": "delivery-promise",
                   "component": "shared config application.yml (config repo commit 3e9a1f0): spring.jackson.deserialization.fail-on-unknown-properties=true, applied by bus refresh at 10:05; RateQuote does not map co2Grams",
                   "error_type": "UnrecognizedPropertyException", "file": "application.yml"},
    "category": "config",
    "symptoms": [{"service": "storefront-bff", "error_type": "DeliveryPromiseError"},
                 {"service": "checkout-api", "error_type": None}],
    "why": "The 10:04:51 shared-config commit turned on fail-on-unknown-properties and the bus refresh applied it to delivery-promise at ~10:05; carrier-rates has sent the extra co2Grams field since 2.8.0 three days ago, so from that second every quote fails to deserialize (UnrecognizedPropertyException at the bottom of the RestClientException chain). The storefront-bff retries make its DeliveryPromiseError loudest; revert the commit (or ignore unknown properties in RateQuote).",
})
