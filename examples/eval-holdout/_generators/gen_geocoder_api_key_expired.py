#!/usr/bin/env python3
"""geocoder-api-key-expired

address-validator (Python) normalises shipping addresses for checkout-api (Java) and geocodes
store searches for store-locator (Go) through a third-party geocoding provider (Geomatic).
The production API key gk_live_…7c2e was issued with a one-year validity that nobody put in a
calendar; at 09:00:00Z it expires and every provider call is answered 401 API_KEY_EXPIRED.
address-validator serves cache hits as before, raises requests HTTPError for each cache miss,
opens its circuit breaker after 5 consecutive failures and then fails fast (WARN) with probes
once a minute, returning 502 to callers. checkout-api wraps the 502 in
AddressValidationException (browsers retry the step), the ingress logs the 502s, store-locator
logs failed geocodes. Noise: provider read timeouts before the incident, a misrouted Stripe
test webhook failing signature checks for days, slow-provider warnings, 504s from an
unrelated recommendations backend. Trace ids shared between checkout-api and address-validator.
Sentry issue alert on checkout-api.
"""
import os
import sys
from datetime import timedelta

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from casegen import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish,
                     logback, pylog, nginx, iso_ms)

CASE = "geocoder-api-key-expired"
rng = Rng(20250311)

START = dt("2025-03-11T07:30:00")
END = dt("2025-03-11T10:12:00")
EXPIRED = dt("2025-03-11T09:00:00")

av = LogFile()     # address-validator
co = LogFile()     # checkout-api
sl = LogFile()     # store-locator
ing = LogFile()    # ingress-nginx

AV_PODS = ["address-validator-5d8f7b9c4-2xkqm", "address-validator-5d8f7b9c4-vh7rt"]
CO_PODS = ["10.8.3.22", "10.8.5.17", "10.8.1.40"]
STREETS = ["Kastanienallee", "Hauptstrasse", "Rue de la Paix", "Calle Mayor", "Via Roma", "Prinsengracht",
           "Lindenweg", "Bahnhofstrasse", "Avenue Louise", "Korte Nieuwstraat", "Rua Augusta", "Mariahilfer Str."]
CITIES = ["Berlin", "Hamburg", "Paris", "Madrid", "Milano", "Amsterdam", "Wien", "Zuerich", "Bruxelles", "Lisboa"]
VENV = "/app/.venv/lib/python3.12/site-packages"

state = {"fails": 0, "open_until": None}


def addr():
    return "%s %d, %s" % (rng.choice(STREETS), rng.randint(1, 180), rng.choice(CITIES))


def av_line(t, level, logger, msg, trace=None):
    tr = (" trace_id=%s" % trace) if trace else ""
    return "%s %s [%s]%s %s" % (pylog(t), level, logger, tr, msg)


TB_401 = '''Traceback (most recent call last):
  File "/app/address_validator/provider/geomatic.py", line 88, in geocode
    resp.raise_for_status()
  File "{v}/requests/models.py", line 1024, in raise_for_status
    raise HTTPError(http_error_msg, response=self)
requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://api.geomatic.example/v3/geocode?q={q}&country={cc}&key=REDACTED'''

TB_TIMEOUT = '''Traceback (most recent call last):
  File "{v}/urllib3/connectionpool.py", line 536, in _make_request
    response = conn.getresponse()
  File "/usr/local/lib/python3.12/ssl.py", line 1252, in recv_into
    return self.read(nbytes, buffer)
TimeoutError: The read operation timed out

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/app/address_validator/provider/geomatic.py", line 84, in geocode
    resp = self.session.get(self.url, params=params, timeout=(2, 3))
  File "{v}/requests/adapters.py", line 713, in send
    raise ReadTimeout(e, request=request)
requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.geomatic.example', port=443): Read timed out. (read timeout=3)'''


def provider_call(t, trace, q, caller):
    """returns (ok, latency_ms, status_to_caller)"""
    cc = q.rsplit(", ", 1)[-1][:2].upper()
    qq = q.replace(" ", "+").replace(",", "%2C")
    if t < EXPIRED:
        if rng.random() < 0.012:
            te = t + timedelta(seconds=3, milliseconds=rng.randint(2, 30))
            av.add(te, av_line(te, "ERROR", "address_validator.provider.geomatic", "geocode failed for caller=%s" % caller, trace)
                   + "\n" + TB_TIMEOUT.format(v=VENV))
            return False, 3000 + rng.randint(5, 40), 504
        lat = rng.lognorm_ms(180, 0.5)
        if lat > 1500:
            av.add(t + timedelta(milliseconds=lat), av_line(t + timedelta(milliseconds=lat), "WARNING", "address_validator.provider.geomatic",
                   "slow provider response %dms (budget 1500ms)" % lat, trace))
        return True, lat, 200
    # key expired
    if state["open_until"] and t < state["open_until"]:
        av.add(t, av_line(t, "WARNING", "address_validator.provider.breaker", "circuit 'geomatic' is OPEN, failing fast (caller=%s)" % caller, trace))
        return False, rng.randint(1, 4), 502
    lat = rng.lognorm_ms(60, 0.3)
    te = t + timedelta(milliseconds=lat)
    av.add(te, av_line(te, "ERROR", "address_validator.provider.geomatic",
                       "geocode failed for caller=%s: provider answered 401 %s" % (
                           caller, '{"error":{"code":"API_KEY_EXPIRED","message":"API key gk_live_...7c2e expired at 2025-03-11T09:00:00Z. Renew it in the Geomatic console."}}'), trace)
           + "\n" + TB_401.format(v=VENV, q=qq, cc=cc))
    if state["open_until"] is not None:
        # half-open probe failed
        state["open_until"] = te + timedelta(seconds=60)
        av.add(te, av_line(te, "WARNING", "address_validator.provider.breaker", "circuit 'geomatic' half-open probe failed, OPEN again for 60s"))
    else:
        state["fails"] += 1
        if state["fails"] >= 5:
            state["open_until"] = te + timedelta(seconds=60)
            av.add(te, av_line(te, "WARNING", "address_validator.provider.breaker", "circuit 'geomatic' OPEN for 60s after 5 consecutive failures"))
    return False, lat, 502


def validate(t, trace, caller):
    """address-validator handling of one request; returns (status, latency_ms)"""
    q = addr()
    hit = rng.random() < 0.55
    if hit:
        lat = rng.randint(2, 9)
        av.add(t + timedelta(milliseconds=lat), av_line(t + timedelta(milliseconds=lat), "INFO", "address_validator.api",
               "POST /v1/validate 200 %dms cache=hit caller=%s" % (lat, caller), trace))
        return 200, lat
    ok, lat, st = provider_call(t, trace, q, caller)
    te = t + timedelta(milliseconds=lat + 3)
    if ok:
        av.add(te, av_line(te, "INFO", "address_validator.api", "POST /v1/validate 200 %dms cache=miss caller=%s" % (lat + 3, caller), trace))
    else:
        av.add(te, av_line(te, "INFO", "address_validator.api", "POST /v1/validate %d %dms cache=miss caller=%s" % (st, lat + 3, caller), trace))
    return st, lat + 3


def lbk(t, level, thread, trace, span, logger, msg):
    return "%s %5s 1 --- [checkout-api] [%15s] [%s-%s] %-40s : %s" % (
        logback(t), level, thread[-15:], trace or "", span or "", logger[-40:], msg)


AVE_502 = """com.acme.checkout.address.AddressValidationException: address validation unavailable for checkout {cid}
	at com.acme.checkout.address.AddressClient.validate(AddressClient.java:71)
	at com.acme.checkout.address.ShippingAddressService.confirm(ShippingAddressService.java:44)
	at com.acme.checkout.web.CheckoutController.setShippingAddress(CheckoutController.java:112)
	at java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)
	at org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)
Caused by: org.springframework.web.client.HttpServerErrorException$BadGateway: 502 Bad Gateway: "{{"detail":"geocoding provider error","provider_status":401,"provider_code":"API_KEY_EXPIRED"}}"
	at org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:102)
	at org.springframework.web.client.StatusHandler.lambda$defaultHandler$3(StatusHandler.java:89)
	at org.springframework.web.client.DefaultRestClient$DefaultResponseSpec.toEntity(DefaultRestClient.java:724)
	at com.acme.checkout.address.AddressClient.validate(AddressClient.java:64)
	... 4 common frames omitted"""

AVE_504 = """com.acme.checkout.address.AddressValidationException: address validation unavailable for checkout {cid}
	at com.acme.checkout.address.AddressClient.validate(AddressClient.java:71)
	at com.acme.checkout.address.ShippingAddressService.confirm(ShippingAddressService.java:44)
	at com.acme.checkout.web.CheckoutController.setShippingAddress(CheckoutController.java:112)
Caused by: org.springframework.web.client.HttpServerErrorException$GatewayTimeout: 504 Gateway Timeout: "{{"detail":"geocoding provider timeout"}}"
	at org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:108)
	at com.acme.checkout.address.AddressClient.validate(AddressClient.java:64)
	... 3 common frames omitted"""

STRIPE = """com.stripe.exception.SignatureVerificationException: No signatures found matching the expected signature for payload
	at com.stripe.net.Webhook$Signature.verifyHeader(Webhook.java:167)
	at com.stripe.net.Webhook.constructEvent(Webhook.java:70)
	at com.acme.checkout.payment.StripeWebhookController.receive(StripeWebhookController.java:39)"""

UAS = ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
       "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0"]


def ingress(t, method, path, status, upstream, up_addr, rt_ms, ref="https://shop.acme.example/checkout"):
    ing.add(t, '%s - - [%s] "%s %s HTTP/2.0" %d %d "%s" "%s" %d %.3f [%s] [] %s %d %.3f %d %s' % (
        "10.0.%d.%d" % (rng.randint(0, 3), rng.randint(2, 250)), nginx(t), method, path, status,
        rng.randint(60, 900) if status != 200 else rng.randint(200, 4000), ref, rng.choice(UAS),
        rng.randint(300, 900), rt_ms / 1000.0, upstream, up_addr, rng.randint(60, 4000), rt_ms / 1000.0 - 0.001 if rt_ms > 1 else 0.0,
        status, rng.hex(32)))


# ---- request simulation in time order (the breaker state depends on order) ----------------
import heapq
queue = []
seq = [0]
sentry_events = []


def push(t, kind, data):
    seq[0] += 1
    heapq.heappush(queue, (t, seq[0], kind, data))


for t0 in rng.times(START, END, 3.5):
    push(t0, "checkout", {"cid": "co_" + rng.alnum(12), "attempt": 1})
for t0 in rng.times(START, END, 3.2):
    push(t0, "store", {})


def checkout_step(t, d):
    cid = d["cid"]
    trace, span = rng.hex(32), rng.hex(16)
    th = "nio-8080-exec-%d" % rng.randint(1, 40)
    st, lat = validate(t + timedelta(milliseconds=4), trace, "checkout-api")
    te = t + timedelta(milliseconds=lat + rng.randint(8, 20))
    upstream = rng.choice(CO_PODS) + ":8080"
    ms = (te - t).total_seconds() * 1000
    if st == 200:
        co.add(te, lbk(te, "INFO", th, trace, span, "c.a.checkout.web.RequestLog", "PUT /api/checkout/%s/shipping-address 200 in %dms" % (cid, ms)))
        ingress(te, "PUT", "/api/checkout/%s/shipping-address" % cid, 200, "shop-checkout-api-8080", upstream, ms)
    else:
        tmpl = AVE_502 if st == 502 else AVE_504
        co.add(te, lbk(te, "ERROR", th, trace, span, "c.a.checkout.web.ApiExceptionHandler",
                       "PUT /api/checkout/%s/shipping-address failed -> 502" % cid) + "\n" + tmpl.format(cid=cid))
        if st == 502 and t >= EXPIRED:
            sentry_events.append((te, cid, trace))
        ingress(te, "PUT", "/api/checkout/%s/shipping-address" % cid, 502, "shop-checkout-api-8080", upstream, ms)
        a = d["attempt"]
        # the checkout page retries twice automatically, then the shopper may click again
        if a < 3 or (a < 5 and rng.random() < 0.5):
            push(te + timedelta(seconds=rng.uniform(1.5, 9) if a < 3 else rng.uniform(8, 40)), "checkout", {"cid": cid, "attempt": a + 1})
    if d["attempt"] == 1 and rng.random() < 0.6:  # other checkout calls (payment intent) unaffected
        t2 = t + timedelta(seconds=rng.uniform(20, 90))
        lat = rng.lognorm_ms(45)
        co.add(t2, lbk(t2, "INFO", "nio-8080-exec-%d" % rng.randint(1, 40), rng.hex(32), rng.hex(16), "c.a.checkout.web.RequestLog",
                       "POST /api/checkout/%s/payment-intent 200 in %dms" % (cid, lat)))
        ingress(t2, "POST", "/api/checkout/%s/payment-intent" % cid, 200, "shop-checkout-api-8080", rng.choice(CO_PODS) + ":8080", lat)


def store_step(t):
    trace = rng.hex(32)
    st, lat = validate(t + timedelta(milliseconds=2), trace, "store-locator")
    te = t + timedelta(milliseconds=lat + rng.randint(3, 12))
    if st == 200:
        sl.add(te, 'time=%s level=info msg="store search" q_len=%d results=%d duration_ms=%d trace_id=%s' % (
            iso_ms(te), rng.randint(6, 40), rng.randint(0, 12), (te - t).total_seconds() * 1000, trace))
    else:
        sl.add(te, 'time=%s level=error msg="geocode via address-validator failed" status=%d err="address-validator: unexpected status %d" fallback=postcode_centroid trace_id=%s' % (
            iso_ms(te), st, st, trace))


while queue:
    t, _, kind, d = heapq.heappop(queue)
    if t >= END:
        continue
    if kind == "checkout":
        checkout_step(t, d)
    else:
        store_step(t)

# misrouted Stripe test-mode webhook, failing since the day before
for t in rng.times(START, END, 1 / 6.0):
    co.add(t, lbk(t, "ERROR", "nio-8080-exec-%d" % rng.randint(1, 40), "", "", "c.a.c.payment.StripeWebhookController",
                  "rejecting webhook evt_%s (endpoint whsec configured for livemode)" % rng.alnum(24, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))
           + "\n" + STRIPE)
    ingress(t, "POST", "/api/webhooks/stripe", 400, "shop-checkout-api-8080", rng.choice(CO_PODS) + ":8080", rng.randint(3, 9), ref="-")
for t in rng.times(START, END, 1 / 9.0):
    co.add(t, lbk(t, "WARN", "HikariPool-1 housekeeper", "", "", "com.zaxxer.hikari.pool.HikariPool",
                  "HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=1m%ds%dms)." % (rng.randint(2, 9), rng.randint(0, 999))))

# ---- store-locator noise
for t in rng.times(START, END, 1 / 5.0):
    sl.add(t, 'time=%s level=warn msg="store hours feed stale" age=26h source=s3://acme-stores/hours.json' % iso_ms(t))

# ---- ingress: other traffic ---------------------------------------------------------------
for t in rng.times(START, END, 8):
    p = rng.choice(["/", "/api/catalog/search?q=%s" % rng.alnum(5), "/api/cart", "/static/js/app.%s.js" % rng.hex(8), "/api/catalog/products/%d" % rng.randint(10000, 99999)])
    ingress(t, "GET", p, 200, "shop-web-8080", "10.8.%d.%d:8080" % (rng.randint(0, 6), rng.randint(2, 250)), rng.lognorm_ms(30), ref="https://shop.acme.example/")
for t in rng.times(START, END, 1 / 7.0):  # recommendations backend has been flaky for days
    ingress(t, "GET", "/api/recommendations?slot=pdp", 504, "shop-recs-api-8080", "10.8.6.%d:8080" % rng.randint(2, 250), 5000 + rng.randint(0, 3), ref="https://shop.acme.example/")

# shop-web rolling restart at 08:20: a handful of 502s while old pods drain
for t in rng.times(dt("2025-03-11T08:20:05"), dt("2025-03-11T08:22:40"), 3.0):
    ingress(t, "GET", "/", 502, "shop-web-8080", "10.8.%d.%d:8080" % (rng.randint(0, 6), rng.randint(2, 250)), rng.randint(1, 4), ref="https://shop.acme.example/")

# address-validator startup/housekeeping noise
for t in rng.times(START, END, 1 / 10.0):
    av.add(t, av_line(t, "INFO", "address_validator.cache", "cache stats size=%d hit_ratio=0.%d evictions=%d" % (rng.randint(180000, 200000), rng.randint(52, 58), rng.randint(0, 80))))

# ---- write ---------------------------------------------------------------------------------
logs = reset_logs(CASE)
av.write(os.path.join(logs, "address-validator.log"))
co.write(os.path.join(logs, "checkout-api.log"))
ing.write(os.path.join(logs, "ingress-nginx.access.log"))
sl.write(os.path.join(logs, "store-locator.log"))

# Sentry's rule fires on the 26th event of the issue
ev_t, ev_cid, ev_trace = sentry_events[25]
write_json(os.path.join(case_dir(CASE), "alert.json"), {
    "action": "triggered",
    "installation": {"uuid": "c2f9a1e4-77b3-4d0e-8a51-0e6b3d9f2a17"},
    "data": {
        "event": {
            "event_id": "a41f0c2e9b7d4e3f8c1a6b5d2e0f9a13",
            "project": 4508112,
            "release": "checkout-api@5.21.3",
            "dist": None,
            "platform": "java",
            "message": "",
            "datetime": ev_t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "timestamp": round(ev_t.timestamp(), 3),
            "level": "error",
            "logger": "com.acme.checkout.web.ApiExceptionHandler",
            "title": "AddressValidationException: address validation unavailable for checkout %s" % ev_cid,
            "culprit": "com.acme.checkout.address.AddressClient in validate",
            "location": "com/acme/checkout/address/AddressClient.java",
            "environment": "production",
            "tags": [["environment", "production"], ["handled", "yes"], ["level", "error"],
                     ["release", "checkout-api@5.21.3"], ["server_name", "checkout-api-7b6d9c8f5-q4wzn"],
                     ["transaction", "PUT /api/checkout/{id}/shipping-address"], ["trace", ev_trace]],
            "exception": {"values": [
                {"type": "HttpServerErrorException$BadGateway",
                 "value": "502 Bad Gateway: \"{\"detail\":\"geocoding provider error\",\"provider_status\":401,\"provider_code\":\"API_KEY_EXPIRED\"}\"",
                 "module": "org.springframework.web.client",
                 "stacktrace": {"frames": [
                     {"filename": "AddressClient.java", "module": "com.acme.checkout.address.AddressClient", "function": "validate", "lineno": 64, "in_app": True}]}},
                {"type": "AddressValidationException",
                 "value": "address validation unavailable for checkout %s" % ev_cid,
                 "module": "com.acme.checkout.address",
                 "mechanism": {"type": "logback", "handled": True},
                 "stacktrace": {"frames": [
                     {"filename": "CheckoutController.java", "module": "com.acme.checkout.web.CheckoutController", "function": "setShippingAddress", "lineno": 112, "in_app": True},
                     {"filename": "ShippingAddressService.java", "module": "com.acme.checkout.address.ShippingAddressService", "function": "confirm", "lineno": 44, "in_app": True},
                     {"filename": "AddressClient.java", "module": "com.acme.checkout.address.AddressClient", "function": "validate", "lineno": 71, "in_app": True}]}}]},
            "url": "https://sentry.io/api/0/projects/acme/checkout-api/events/a41f0c2e9b7d4e3f8c1a6b5d2e0f9a13/",
            "web_url": "https://sentry.io/organizations/acme/issues/6120334871/events/a41f0c2e9b7d4e3f8c1a6b5d2e0f9a13/",
            "issue_url": "https://sentry.io/api/0/issues/6120334871/",
            "issue_id": "6120334871",
        },
        "triggered_rule": "checkout-api: >25 events of one issue in 5m",
    },
    "actor": {"type": "application", "id": "sentry", "name": "Sentry"},
})

finish(CASE, {
    "root_cause": {
        "service": "address-validator",
        "component": "Geomatic geocoding API key gk_live_...7c2e (expired 2025-03-11T09:00:00Z; provider answers 401 API_KEY_EXPIRED)",
        "error_type": "HTTPError",
        "file": None,
    },
    "category": "config",
    "symptoms": [
        {"service": "checkout-api", "error_type": "AddressValidationException"},
        {"service": "ingress-nginx", "error_type": "HTTP_502"},
        {"service": "store-locator", "error_type": None},
    ],
    "why": "At 09:00:00 address-validator's Geomatic API key expired, so every provider call for an address not in its cache gets 401 API_KEY_EXPIRED (requests HTTPError); its breaker then fails fast and it returns 502 to its callers. checkout-api reports AddressValidationException (retried by the checkout page, and mirrored by the ingress 502s) and store-locator falls back to postcode centroids. Renewing the key in address-validator's secret fixes all of them; the Stripe webhook errors and recommendation 504s are older and unrelated.",
})
