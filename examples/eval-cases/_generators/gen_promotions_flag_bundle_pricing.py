#!/usr/bin/env python3
"""promotions-flag-bundle-pricing

At 14:02:10 the feature flag promotions.bundle-pricing-v2 is switched from 0% to 100% in
flag-relay. promotions-service (Java) picks it up two seconds later; the v2 bundle pricer
needs a migrated (v2) price list, which exists only for EUR, so every evaluation of a GBP,
SEK, DKK or PLN cart throws IllegalStateException. cart-api (Python/FastAPI) has a circuit
breaker around promotions: it opens on the failure rate and then fails every cart fast,
EUR carts included, so cart-api's PromotionsUnavailableError outnumbers the exceptions in
promotions-service. checkout-web (Node) shows the cart errors. JSONL + Python plain text,
trace ids shared.
"""
import os
import sys
from collections import deque
from datetime import timedelta

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from casegen import Rng, dt, jrec, LogFile, reset_logs, write_json, case_dir, finish, pylog, iso_ms

CASE = "promotions-flag-bundle-pricing"
rng = Rng(20250311)

START = dt("2025-03-11T12:50:00")
END = dt("2025-03-11T15:20:00")
FLAG_SET = dt("2025-03-11T14:02:10.318")
FLAG_SEEN = dt("2025-03-11T14:02:12.604")
OPEN_FOR = timedelta(seconds=60)

PROMO_DEPLOY = {"version": "3.22.1", "commit": "5d7e0b3"}
WEB_DEPLOY = {"version": "9.3.0", "commit": "a18c4f2"}
RELAY_DEPLOY = {"version": "0.14.2", "commit": "77e1b90"}
PROMO_PODS = ["promotions-service-5f7b6d9c8-6kqzt", "promotions-service-5f7b6d9c8-fw2lr"]
CART_PODS = ["cart-api-69c8d7b5f4-jm4xw", "cart-api-69c8d7b5f4-r8p2v"]
WEB_PODS = ["checkout-web-7d6c5b9f8-hz5np", "checkout-web-7d6c5b9f8-x7tqw"]
CURRENCIES = ["EUR"] * 58 + ["GBP"] * 24 + ["SEK"] * 8 + ["DKK"] * 5 + ["PLN"] * 5

promo = LogFile()
cartl = LogFile()
web = LogFile()
relay = LogFile()


class Breaker:
    """failure-rate breaker: >=50% of the last 10 calls (min 6) -> open 60 s; half-open: 1 trial"""

    def __init__(self):
        self.window = deque(maxlen=10)
        self.open_until = None
        self.state = "closed"

    def allow(self, t):
        if self.state == "open":
            if t < self.open_until:
                return False
            self.state = "half-open"
        return True

    def record(self, t, ok):
        if self.state == "half-open":
            if ok:
                self.state = "closed"
                self.window.clear()
                return "closed"
            self.state = "open"
            self.open_until = t + OPEN_FOR
            return "reopened"
        self.window.append(ok)
        fails = sum(1 for x in self.window if not x)
        if len(self.window) >= 6 and fails * 2 >= len(self.window):
            self.state = "open"
            self.open_until = t + OPEN_FOR
            return "opened %d/%d" % (fails, len(self.window))
        return None


breaker = {pod: Breaker() for pod in CART_PODS}

TB_HTTP = '''Traceback (most recent call last):
  File "/app/cart_api/promotions/client.py", line 71, in evaluate
    resp.raise_for_status()
  File "/usr/local/lib/python3.12/site-packages/httpx/_models.py", line 829, in raise_for_status
    raise HTTPStatusError(message, request=request, response=self)
httpx.HTTPStatusError: Server error '500 Internal Server Error' for url 'http://promotions-service.promo.svc.cluster.local:8080/v3/promotions/evaluate'
For more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/500

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/app/cart_api/pricing.py", line 33, in price_cart
    promos = await self.promotions.evaluate(cart)
  File "/app/cart_api/promotions/client.py", line 76, in evaluate
    raise PromotionsUnavailableError(cart.id, "upstream 500") from exc
cart_api.errors.PromotionsUnavailableError: promotions unavailable for cart {cart} (upstream 500)'''
TB_OPEN = '''Traceback (most recent call last):
  File "/app/cart_api/pricing.py", line 33, in price_cart
    promos = await self.promotions.evaluate(cart)
  File "/app/cart_api/promotions/client.py", line 58, in evaluate
    raise PromotionsUnavailableError(cart.id, f"circuit {{self.breaker.name!r}} open until {{self.breaker.open_until:%H:%M:%S}}Z")
cart_api.errors.PromotionsUnavailableError: promotions unavailable for cart {cart} (circuit 'promotions' open until {until}Z)'''

ISE_STACK = ["java.lang.IllegalStateException: no v2 price list for currency {cur}; bundle-pricing-v2 requires a migrated price list",
             "at com.acme.promotions.bundle.BundlePricerV2.priceListFor(BundlePricerV2.java:112)",
             "at com.acme.promotions.bundle.BundlePricerV2.apply(BundlePricerV2.java:64)",
             "at com.acme.promotions.engine.PromotionEngine.evaluate(PromotionEngine.java:141)",
             "at com.acme.promotions.web.EvaluateController.evaluate(EvaluateController.java:47)",
             "at java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
             "at org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)"]

stats = {"promo_ise": 0, "cart_err": 0, "opens": 0}
first_open = None  # (time, cart, until, pod, method, path) of the first fail-fast error: the Sentry event

for t in rng.times(START, END, 3.0):
    trace = rng.hex(32)
    cart = "c_" + rng.alnum(9)
    cur = rng.choice(CURRENCIES)
    cpod = rng.choice(CART_PODS)
    from_web = rng.random() < 0.62
    method, path = rng.choice([("GET", "/v2/carts/%s" % cart), ("GET", "/v2/carts/%s" % cart),
                               ("POST", "/v2/carts/%s/items" % cart), ("PATCH", "/v2/carts/%s/items" % cart)])
    br = breaker[cpod]
    status = 200
    tt = t + timedelta(milliseconds=rng.randint(4, 15))
    if br.allow(tt):
        ppod = rng.choice(PROMO_PODS)
        span = rng.hex(16)
        ms = rng.lognorm_ms(21, 0.4, lo=4)
        te = tt + timedelta(milliseconds=ms)
        fails = cur != "EUR" and tt >= FLAG_SEEN
        if fails:
            promo.add(te, jrec(te, "ERROR", "promotions-service",
                               "POST /v3/promotions/evaluate failed for cart %s (%s)" % (cart, cur),
                               component="com.acme.promotions.web.ApiExceptionHandler",
                               error_type="java.lang.IllegalStateException", trace_id=trace, span_id=span,
                               stack=[ISE_STACK[0].format(cur=cur)] + ISE_STACK[1:], deploy=PROMO_DEPLOY,
                               attrs={"pod": ppod, "currency": cur, "status": 500,
                                      "flags": {"promotions.bundle-pricing-v2": True},
                                      "thread": "http-nio-8080-exec-%d" % rng.randint(1, 40)}))
            stats["promo_ise"] += 1
        elif rng.random() < 0.5:
            promo.add(te, jrec(te, "INFO", "promotions-service",
                               "POST /v3/promotions/evaluate 200 in %dms (%d promotions applied)" % (ms, rng.randint(0, 3)),
                               component="com.acme.promotions.web.RequestLog", trace_id=trace, span_id=span,
                               deploy=PROMO_DEPLOY, attrs={"pod": ppod, "currency": cur}))
        change = br.record(te, not fails)
        if change:
            tc = te + timedelta(milliseconds=1)
            if change == "closed":
                cartl.add(tc, "%s INFO [cart_api.resilience] circuit 'promotions' closed after successful trial call (pod %s)" % (pylog(tc), cpod))
            elif change == "reopened":
                cartl.add(tc, "%s WARNING [cart_api.resilience] circuit 'promotions' trial call failed, open again until %s (pod %s)"
                          % (pylog(tc), (tc + OPEN_FOR).strftime("%H:%M:%S"), cpod))
            else:
                stats["opens"] += 1
                cartl.add(tc, "%s WARNING [cart_api.resilience] circuit 'promotions' OPEN: %s recent calls failed, failing fast until %s (pod %s)"
                          % (pylog(tc), change.split()[1], (tc + OPEN_FOR).strftime("%H:%M:%S"), cpod))
        if fails:
            status = 503
            te2 = te + timedelta(milliseconds=2)
            cartl.add(te2, "%s ERROR [cart_api.pricing] trace_id=%s %s %s: cannot price cart %s\n%s"
                      % (pylog(te2), trace, method, path, cart, TB_HTTP.format(cart=cart)))
        total = int((te - t).total_seconds() * 1000) + rng.randint(5, 30)
    else:
        status = 503
        te2 = tt + timedelta(milliseconds=1)
        if first_open is None:
            first_open = (te2, cart, br.open_until.strftime("%H:%M:%S"), cpod, method, path)
        cartl.add(te2, "%s ERROR [cart_api.pricing] trace_id=%s %s %s: cannot price cart %s\n%s"
                  % (pylog(te2), trace, method, path, cart,
                     TB_OPEN.format(cart=cart, until=br.open_until.strftime("%H:%M:%S"))))
        total = rng.randint(6, 15)
    te3 = t + timedelta(milliseconds=total)
    if status == 503:
        stats["cart_err"] += 1
        cartl.add(te3, "%s INFO [cart_api.http] trace_id=%s %s %s -> %d (%dms, currency=%s)" % (pylog(te3), trace, method, path, status, total, cur))
    elif rng.random() < 0.55:
        cartl.add(te3, "%s INFO [cart_api.http] trace_id=%s %s %s -> %d (%dms, currency=%s)" % (pylog(te3), trace, method, path, status, total, cur))
    if from_web:
        wpod = rng.choice(WEB_PODS)
        tw = te3 + timedelta(milliseconds=rng.randint(2, 8))
        page = rng.choice(["/cart", "/cart", "/checkout", "/checkout/shipping"])
        if status == 503:
            web.add(tw, jrec(tw, "ERROR", "checkout-web", "SSR %s: cart request failed with 503" % page,
                             component="lib/cartApi", error_type="CartApiError", trace_id=trace, span_id=rng.hex(16),
                             stack=["CartApiError: %s %s -> 503 Service Unavailable" % (method, path),
                                    "    at CartApi.request (/app/.next/server/chunks/cart-api.js:1:4821)",
                                    "    at async getServerSideProps (/app/.next/server/pages%s.js:1:2290)" % {"/cart": "/cart", "/checkout": "/checkout", "/checkout/shipping": "/checkout/shipping"}[page]],
                             deploy=WEB_DEPLOY, attrs={"pod": wpod, "page": page, "currency": cur}))
        elif rng.random() < 0.3:
            web.add(tw, jrec(tw, "INFO", "checkout-web", "SSR %s 200 in %dms" % (page, total + rng.randint(30, 140)),
                             component="server", trace_id=trace, span_id=rng.hex(16), deploy=WEB_DEPLOY,
                             attrs={"pod": wpod, "page": page}))

# ---- flag-relay ---------------------------------------------------------------------------
t = START + timedelta(seconds=41)
while t < END:
    relay.add(t, jrec(t, "INFO", "flag-relay", "sync ok", component="sync", deploy=RELAY_DEPLOY,
                      attrs={"flags": 214, "clients": 37, "rev": 8811 if t < FLAG_SET else 8812}))
    t += timedelta(minutes=5)
relay.add(FLAG_SET, jrec(FLAG_SET, "INFO", "flag-relay", "flag updated: promotions.bundle-pricing-v2",
                         component="audit", deploy=RELAY_DEPLOY,
                         attrs={"env": "prod", "key": "promotions.bundle-pricing-v2",
                                "from": {"enabled": True, "rollout": 0}, "to": {"enabled": True, "rollout": 100},
                                "actor": "j.moreno@acme.example", "rev": 8812,
                                "note": "bundle pricing v2: go live for all markets"}))
tp = FLAG_SET + timedelta(milliseconds=406)
relay.add(tp, jrec(tp, "INFO", "flag-relay", "pushed rev 8812 to 37 streaming clients", component="stream",
                   deploy=RELAY_DEPLOY, attrs={"rev": 8812, "took_ms": 402}))
for tn in rng.times(START, END, 1 / 20.0):
    relay.add(tn, jrec(tn, "WARN", "flag-relay", "client uses outdated SDK", component="stream", deploy=RELAY_DEPLOY,
                       attrs={"client": rng.choice(["legacy-cms", "email-renderer"]), "sdk": "go-flags/1.8.0"}))

# ---- promotions-service: flag pickup, background ------------------------------------------
promo.add(FLAG_SEEN, jrec(FLAG_SEEN, "INFO", "promotions-service",
                          "feature flag promotions.bundle-pricing-v2 changed: off -> on (rev 8812)",
                          component="com.acme.promotions.flags.FlagListener", deploy=PROMO_DEPLOY,
                          attrs={"pod": PROMO_PODS[0]}))
tf = FLAG_SEEN + timedelta(milliseconds=233)
promo.add(tf, jrec(tf, "INFO", "promotions-service",
                   "feature flag promotions.bundle-pricing-v2 changed: off -> on (rev 8812)",
                   component="com.acme.promotions.flags.FlagListener", deploy=PROMO_DEPLOY,
                   attrs={"pod": PROMO_PODS[1]}))
t = START + timedelta(minutes=3, seconds=12)
while t < END:
    for pod in PROMO_PODS:
        tt = t + timedelta(milliseconds=rng.randint(0, 4000))
        promo.add(tt, jrec(tt, "INFO", "promotions-service",
                           "price lists refreshed: EUR(v2) GBP(v1) SEK(v1) DKK(v1) PLN(v1) in %dms" % rng.randint(900, 2600),
                           component="com.acme.promotions.pricing.PriceListCache", deploy=PROMO_DEPLOY,
                           attrs={"pod": pod}))
    t += timedelta(minutes=15)
for tn in rng.times(START, END, 1 / 12.0):
    promo.add(tn, jrec(tn, "ERROR", "promotions-service", "coupon redemption sync to CRM failed; will retry",
                       component="com.acme.promotions.crm.RedemptionSync",
                       error_type="com.acme.promotions.crm.CrmSyncException",
                       caused_by="java.net.http.HttpTimeoutException: request timed out",
                       deploy=PROMO_DEPLOY, attrs={"pod": rng.choice(PROMO_PODS), "batch": rng.randint(100, 400)}))

# cart-api noise: address normaliser deprecation warnings, a slow redis
for tn in rng.times(START, END, 1 / 8.0):
    cartl.add(tn, "%s WARNING [cart_api.shipping] shipping-estimate took %dms (budget 250ms)" % (pylog(tn), rng.randint(260, 900)))
cartl.add(START + timedelta(seconds=2), "%s INFO [cart_api.resilience] circuit 'promotions': failure-rate threshold 50%% over 10 calls (min 6), open 60s, 1 trial call" % pylog(START + timedelta(seconds=2)))

# ---- write ---------------------------------------------------------------------------------
logs = reset_logs(CASE)
cartl.write(os.path.join(logs, "cart-api.log"))
web.write(os.path.join(logs, "checkout-web.jsonl"))
relay.write(os.path.join(logs, "flag-relay.jsonl"))
promo.write(os.path.join(logs, "promotions-service.jsonl"))
print("  sim:", stats)

fo_t, fo_cart, fo_until, fo_pod, fo_method, fo_path = first_open
fo_title = "promotions unavailable for cart %s (circuit 'promotions' open until %sZ)" % (fo_cart, fo_until)
write_json(os.path.join(case_dir(CASE), "alert.json"), {
    "action": "triggered",
    "installation": {"uuid": "c6a2e0f4-1b7d-4f83-9e25-0d4b8a7c3e91"},
    "data": {
        "event": {
            "event_id": "3d9a6e1f0b7c4e2a9f8d5c3b1a0e7f64",
            "project": 4508866,
            "release": "cart-api@2025.03.2",
            "dist": None,
            "platform": "python",
            "message": "",
            "datetime": fo_t.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z",
            "timestamp": round(fo_t.timestamp(), 3),
            "level": "error",
            "logger": "cart_api.pricing",
            "title": "PromotionsUnavailableError: " + fo_title,
            "culprit": "cart_api.promotions.client in evaluate",
            "location": "cart_api/promotions/client.py",
            "environment": "production",
            "tags": [["environment", "production"], ["handled", "yes"], ["level", "error"],
                     ["mechanism", "logging"], ["release", "cart-api@2025.03.2"],
                     ["server_name", fo_pod], ["transaction", "/v2/carts/{cart_id}"],
                     ["url", "http://cart-api.shop.svc" + fo_path]],
            "request": {"method": fo_method, "url": "http://cart-api.shop.svc" + fo_path,
                        "headers": [["Accept", "application/json"], ["User-Agent", "checkout-web/9.3.0"]]},
            "exception": {"values": [{
                "type": "PromotionsUnavailableError",
                "value": fo_title,
                "module": "cart_api.errors",
                "mechanism": {"type": "logging", "handled": True},
                "stacktrace": {"frames": [
                    {"filename": "cart_api/pricing.py", "abs_path": "/app/cart_api/pricing.py", "module": "cart_api.pricing",
                     "function": "price_cart", "lineno": 33, "context_line": "    promos = await self.promotions.evaluate(cart)", "in_app": True},
                    {"filename": "cart_api/promotions/client.py", "abs_path": "/app/cart_api/promotions/client.py",
                     "module": "cart_api.promotions.client", "function": "evaluate", "lineno": 58,
                     "context_line": "            raise PromotionsUnavailableError(cart.id, f\"circuit {self.breaker.name!r} open until {self.breaker.open_until:%H:%M:%S}Z\")",
                     "in_app": True}]}}]},
            "url": "https://sentry.io/api/0/projects/acme/cart-api/events/3d9a6e1f0b7c4e2a9f8d5c3b1a0e7f64/",
            "web_url": "https://sentry.io/organizations/acme/issues/6011873450/events/3d9a6e1f0b7c4e2a9f8d5c3b1a0e7f64/",
            "issue_url": "https://sentry.io/api/0/issues/6011873450/",
            "issue_id": "6011873450",
        },
        "triggered_rule": "cart-api: issue seen more than 20 times in 5m",
    },
    "actor": {"type": "application", "id": "sentry", "name": "Sentry"},
})

finish(CASE, {
    "root_cause": {
        "service": "promotions-service",
        "component": "feature flag promotions.bundle-pricing-v2 rolled out to 100% at 14:02 (flag-relay rev 8812); BundlePricerV2.priceListFor needs a v2 price list, which only EUR has",
        "error_type": "IllegalStateException",
        "file": None,
    },
    "category": "config",
    "symptoms": [
        {"service": "cart-api", "error_type": "PromotionsUnavailableError"},
        {"service": "checkout-web", "error_type": "CartApiError"},
    ],
    "why": "Switching promotions.bundle-pricing-v2 to 100% at 14:02 sent every cart through BundlePricerV2, which throws IllegalStateException for any currency without a migrated v2 price list (everything but EUR). cart-api's breaker then opens on the failure rate and fails all carts fast, EUR included, so its errors outnumber the root exception; rolling the flag back to 0% ends it.",
})
