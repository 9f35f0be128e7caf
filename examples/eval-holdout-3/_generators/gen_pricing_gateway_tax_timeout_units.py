#!/usr/bin/env python3
"""pricing-gateway-tax-timeout-units

pricing-gateway (Spring WebFlux, jsonl) reads its upstream timeouts from Consul KV and
reloads them live. At 15:12:07 a platform engineer normalising keys to milliseconds wrote
tax-engine.timeout = 200 (meant 2000): the reload logs "2s -> 200ms". tax-engine (Go) is as
fast as ever (p50 ~240 ms), but now most calls exceed 200 ms, so pricing-gateway raises
TimeoutException and answers 504. tax-engine only sees cancelled requests (warn) and some
broken-pipe errors when it writes to the closed connection, which look like a tax-engine
problem. cart-api retries 3 times and logs an ERROR per attempt and per failed request, so
its PricingUnavailableException is the loudest; the edge shows the 502s.
Noise: stale FX rate warnings in pricing-gateway, a coupon-service 404 error in cart-api since
the morning, flaky /healthz of the wishlist at the edge, tax-engine cache reloads.
Generic alert on cart-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, logfmt, envoy_line, generic_alert, pod, ip, uuid)

CASE = "pricing-gateway-tax-timeout-units"
rng = Rng(20250722)
START, END = dt("2025-07-22T14:45:00"), dt("2025-07-22T15:42:00")
RELOAD = dt("2025-07-22T15:12:07.448")

pg, te, ca, env = LogFile(), LogFile(), LogFile(), LogFile()
PG_PODS = [pod(rng, "pricing-gateway", "9c7d5b8f6") for _ in range(2)]
CA_PODS = [pod(rng, "cart-api", "6b5f8c7d9") for _ in range(3)]
PG_DEPLOY = {"version": "5.4.1", "commit": "e07b3c2"}
CA_DEPLOY = {"version": "11.0.7", "commit": "93fa61d"}
reload_at = {}
for i, p in enumerate(PG_PODS):
    t = RELOAD + timedelta(milliseconds=300 + 1100 * i)
    reload_at[p] = t
    pg.add(t, jrec(t, "INFO", "pricing-gateway", "upstream config reloaded from consul kv pricing-gateway/upstreams (index 88412): tax-engine.timeout 2s -> 200ms; catalog.timeout 800ms -> 800ms; promo.timeout 500ms -> 500ms",
                   component="com.acme.pricing.config.UpstreamConfigWatcher", deploy=PG_DEPLOY, attrs={"pod": p, "consul_index": 88412, "modify_index_by": "svc-platform-ci"}))

TO = "Did not observe any item or terminal signal within 200ms in 'timeout' (and no fallback has been configured)"


def price(t, trace, parent):
    """pricing-gateway POST /v1/price -> tax-engine; returns (ok, done)"""
    p = rng.choice(PG_PODS)
    span, tspan = rng.hex(16), rng.hex(16)
    lat = rng.lognorm_ms(240, sigma=0.35)
    limit = 200 if t >= reload_at[p] else 2000
    tt = t + timedelta(milliseconds=rng.randint(3, 12))
    if lat <= limit:
        te.add(tt + timedelta(milliseconds=lat), logfmt(tt + timedelta(milliseconds=lat), "info", "tax computed", path="/v3/tax", status=200, duration_ms=lat,
                                                        jurisdictions=rng.randint(1, 4), trace_id=trace, span_id=tspan))
        done = tt + timedelta(milliseconds=lat + rng.randint(8, 30))
        pg.add(done, jrec(done, "INFO", "pricing-gateway", "POST /v1/price 200 in %dms (tax %dms)" % (int((done - t).total_seconds() * 1000), lat),
                          component="com.acme.pricing.web.RequestLog", trace_id=trace, span_id=span, parent_span_id=parent, deploy=PG_DEPLOY, attrs={"pod": p}))
        return True, done
    tc = tt + timedelta(milliseconds=limit)
    te.add(tt + timedelta(milliseconds=lat), logfmt(tt + timedelta(milliseconds=lat), "warn", "request canceled by client", path="/v3/tax", after_ms=limit,
                                                    would_take_ms=lat, trace_id=trace, span_id=tspan))
    if rng.random() < 0.15:
        te.add(tt + timedelta(milliseconds=lat + 1), logfmt(tt + timedelta(milliseconds=lat + 1), "error", "write response failed", path="/v3/tax",
                                                            err="write tcp 10.42.7.19:8080->10.42.3.%d:%d: write: broken pipe" % (rng.randint(2, 250), rng.randint(32768, 60999)), trace_id=trace))
    pg.add(tc, jrec(tc, "ERROR", "pricing-gateway", "tax-engine call failed: " + TO, component="com.acme.pricing.tax.TaxClient",
                    error_type="java.util.concurrent.TimeoutException", trace_id=trace, span_id=span, parent_span_id=parent,
                    stack=["java.util.concurrent.TimeoutException: " + TO,
                           "at io.github.resilience4j.timelimiter.TimeLimiter.createdTimeoutExceptionWithName(TimeLimiter.java:225)",
                           "at reactor.core.publisher.FluxTimeout$TimeoutMainSubscriber.handleTimeout(FluxTimeout.java:296)",
                           "at com.acme.pricing.tax.TaxClient.tax(TaxClient.java:58)"],
                    deploy=PG_DEPLOY, attrs={"pod": p, "upstream": "tax-engine", "timeout_ms": limit}))
    done = tc + timedelta(milliseconds=2)
    pg.add(done, jrec(done, "WARN", "pricing-gateway", "POST /v1/price 504 in %dms (tax-engine timeout)" % int((done - t).total_seconds() * 1000),
                      component="com.acme.pricing.web.RequestLog", trace_id=trace, span_id=span, parent_span_id=parent, deploy=PG_DEPLOY, attrs={"pod": p}))
    return False, done


for t in rng.times(START, END, 4.5):
    trace = rng.hex(32)
    cpod = rng.choice(CA_PODS)
    cspan = rng.hex(16)
    route = rng.choice(["POST /api/cart/items", "GET /api/cart", "PATCH /api/cart/items"])
    ta = t
    ok = False
    for attempt in (1, 2, 3):
        ok, done = price(ta, trace, cspan)
        if ok:
            break
        ca.add(done + timedelta(milliseconds=3), jrec(done + timedelta(milliseconds=3), "ERROR", "cart-api", "pricing call failed (attempt %d/3): 504 GATEWAY_TIMEOUT from pricing-gateway" % attempt,
                                                      component="com.acme.cart.pricing.PricingClient", error_type="com.acme.cart.pricing.PricingUnavailableException",
                                                      trace_id=trace, span_id=cspan, deploy=CA_DEPLOY, attrs={"pod": cpod, "attempt": attempt}))
        ta = done + timedelta(milliseconds=100 * attempt)
    dur = int((ta - t).total_seconds() * 1000) + rng.randint(10, 40)
    tend = t + timedelta(milliseconds=dur)
    method, path = route.split(" ")
    if ok:
        ca.add(tend, jrec(tend, "INFO", "cart-api", "%s 200 in %dms" % (route, dur), component="com.acme.cart.web.RequestLog", trace_id=trace, span_id=cspan, deploy=CA_DEPLOY, attrs={"pod": cpod}))
        st = 200
    else:
        ca.add(tend, jrec(tend, "ERROR", "cart-api", "%s failed: prices unavailable after 3 attempts" % route, component="com.acme.cart.web.ErrorHandler",
                          error_type="com.acme.cart.pricing.PricingUnavailableException", trace_id=trace, span_id=cspan,
                          caused_by="org.springframework.web.reactive.function.client.WebClientResponseException$GatewayTimeout: 504 Gateway Timeout from POST http://pricing-gateway/v1/price",
                          deploy=CA_DEPLOY, attrs={"pod": cpod, "status": 502}))
        st = 502
    env.add(tend + timedelta(milliseconds=2), envoy_line(tend + timedelta(milliseconds=2), method, path, st, "-", "via_upstream", 640, 2210 if st == 200 else 118, dur + 2, dur,
                                                        ip(rng), rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"]),
                                                        uuid(rng), "shop.acme.example", "10.42.%d.%d:8080" % (rng.randint(1, 7), rng.randint(2, 250))))

# ---- noise ------------------------------------------------------------------------------------
for t in rng.times(START, END, 0.4):
    ca.add(t, jrec(t, "ERROR", "cart-api", "coupon lookup failed: 404 from coupon-service for code SUMMER25 (campaign ended)", component="com.acme.cart.coupon.CouponClient",
                   error_type="com.acme.cart.coupon.CouponNotFoundException", trace_id=rng.hex(32), span_id=rng.hex(16), deploy=CA_DEPLOY, attrs={"pod": rng.choice(CA_PODS)}))
for t in rng.times(START, END, 0.3):
    pg.add(t, jrec(t, "WARN", "pricing-gateway", "FX rate EUR/CHF older than 15m (age %dm), using last known rate" % rng.randint(15, 40), component="com.acme.pricing.fx.FxRates",
                   deploy=PG_DEPLOY, attrs={"pod": rng.choice(PG_PODS)}))
for m in range(0, 57, 10):
    t = START + timedelta(minutes=m, seconds=5)
    te.add(t, logfmt(t, "info", "rate table cache reloaded", rows=rng.randint(41000, 42000), duration_ms=rng.randint(300, 600), version="3.12.0"))
for m in range(0, 57):
    t = START + timedelta(minutes=m, seconds=40)
    st = 503 if rng.random() < 0.1 else 200
    env.add(t, envoy_line(t, "GET", "/wishlist/healthz", st, "-" if st == 200 else "UF", "via_upstream" if st == 200 else "upstream_reset_before_response_started{connection_failure}",
                          0, 2 if st == 200 else 91, 1 if st == 200 else 250, 1 if st == 200 else None, "10.42.0.1", "kube-probe/1.31", uuid(rng), "wishlist.internal", "10.42.5.77:8080"))

d = reset_logs(CASE)
pg.write(d + "/pricing-gateway.jsonl")
te.write(d + "/tax-engine.log")
ca.write(d + "/cart-api.jsonl")
env.write(d + "/edge-envoy.access.log")
write_json(d + "/../alert.json", generic_alert(
    "cart-api", "cart-api: error log rate 38/min (PricingUnavailableException)", "critical", "3ad9e61f0c74b2e8", dt("2025-07-22T15:16:00"),
    {"env": "prod", "team": "basket", "alertname": "CartErrorLogRate", "source": "loki-ruler", "namespace": "shop"}))
finish(CASE, {
    "root_cause": {"service": "pricing-gateway", "component": "Consul KV pricing-gateway/upstreams tax-engine.timeout = 200 (meant 2000 ms), reloaded live at 15:12:07",
                   "error_type": "TimeoutException", "file": None},
    "category": "config",
    "symptoms": [{"service": "cart-api", "error_type": "PricingUnavailableException"},
                 {"service": "edge-envoy", "error_type": "HTTP_502"},
                 {"service": "tax-engine", "error_type": None}],
    "why": "At 15:12:07 pricing-gateway reloaded its upstream config with tax-engine.timeout 200 ms instead of 2 s; tax-engine's latency is unchanged (~240 ms), so most tax calls now hit pricing-gateway's 200 ms TimeoutException and return 504, and cart-api's three attempts per request make its PricingUnavailableException loudest. tax-engine's cancelled requests and broken pipes are a consequence; set the key back to 2000.",
})
