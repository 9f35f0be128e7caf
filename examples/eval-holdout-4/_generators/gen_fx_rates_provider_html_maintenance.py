#!/usr/bin/env python3
"""fx-rates-provider-html-maintenance

fx-rates (Python) polls the external provider RateHub every 60 s. From 10:02 RateHub answers
its API with its HTML maintenance page and status 200, so resp.json() raises
requests.exceptions.JSONDecodeError ("Expecting value: line 1 column 1 (char 0)"; the
response line shows text/html). fx-rates keeps serving the last rates; after 15 minutes
they are older than the consumers' 900 s limit. catalog-api (Go) logs an error for every
non-EUR price it cannot convert (the loudest, with no exception class), and checkout
(Django) rejects non-EUR confirmations with StaleRateError, which Sentry reports.
Noise: missing VES rate warnings, catalog-api image errors, checkout idempotency warnings,
a flaky fx-rates liveness probe.
Sentry issue alert on checkout.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, py, pytb, logfmt, sentry_alert, pod)

CASE = "fx-rates-provider-html-maintenance"
rng = Rng(20260114)
START, END = dt("2026-01-14T09:40:00"), dt("2026-01-14T10:31:00")
DOWN = dt("2026-01-14T10:01:48")
fx, ca, co = LogFile(), LogFile(), LogFile()
CUR = ["GBP", "CHF", "PLN", "SEK", "CZK", "DKK"]
last_ok = START - timedelta(seconds=20)
TB = pytb([
    ([("/usr/local/lib/python3.11/site-packages/requests/models.py", 971, "json", "return complexjson.loads(self.text, **kwargs)"),
      ("/usr/local/lib/python3.11/json/__init__.py", 346, "loads", "return _default_decoder.decode(s)"),
      ("/usr/local/lib/python3.11/json/decoder.py", 337, "decode", "obj, end = self.raw_decode(s, idx=_w(s, 0).end())"),
      ("/usr/local/lib/python3.11/json/decoder.py", 355, "raw_decode", "raise JSONDecodeError(\"Expecting value\", s, err.value) from None")],
     "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)", "during"),
    ([("/app/fx_rates/poller.py", 58, "refresh", "rates = self.client.latest(base=\"EUR\")"),
      ("/app/fx_rates/ratehub.py", 41, "latest", "payload = resp.json()"),
      ("/usr/local/lib/python3.11/site-packages/requests/models.py", 975, "json", "raise RequestsJSONDecodeError(e.msg, e.doc, e.pos)")],
     "requests.exceptions.JSONDecodeError: Expecting value: line 1 column 1 (char 0)", None)])
t = START + timedelta(seconds=20)
while t < END:
    tr = t + timedelta(milliseconds=rng.randint(80, 400))
    if t < DOWN:
        fx.add(tr, py(tr, "INFO", "fx_rates.ratehub", "GET https://api.ratehub.example/v2/latest?base=EUR 200 (application/json, %d bytes) in %dms" % (rng.randint(5100, 5300), rng.randint(60, 180))))
        fx.add(tr + timedelta(milliseconds=2), py(tr + timedelta(milliseconds=2), "INFO", "fx_rates.poller", "rates refreshed: 161 currencies, provider timestamp %s" % (t - timedelta(seconds=rng.randint(5, 40))).strftime("%Y-%m-%dT%H:%M:%SZ")))
        last_ok = tr
    else:
        fx.add(tr, py(tr, "INFO", "fx_rates.ratehub", "GET https://api.ratehub.example/v2/latest?base=EUR 200 (text/html; charset=utf-8, 4812 bytes) in %dms" % rng.randint(20, 60)))
        fx.add(tr + timedelta(milliseconds=3), py(tr + timedelta(milliseconds=3), "ERROR", "fx_rates.poller", "rate refresh failed; keeping rates from %s\n%s" % (last_ok.strftime("%H:%M:%S"), TB)))
        age = int((tr - last_ok).total_seconds())
        fx.add(tr + timedelta(milliseconds=4), py(tr + timedelta(milliseconds=4), "WARNING", "fx_rates.poller", "serving cached rates, age=%ds" % age))
    t += timedelta(seconds=60)


def age_at(t):
    return int((t - last_fresh(t)).total_seconds())


def last_fresh(t):
    k = int((min(t, DOWN) - (START + timedelta(seconds=20))).total_seconds() // 60)
    return START + timedelta(seconds=20 + 60 * k, milliseconds=200)


for t in rng.times(START, END, 24):
    cur = rng.choice(CUR + ["EUR"] * 3)
    a = age_at(t)
    if cur != "EUR" and a > 900:
        ca.add(t, logfmt(t, "error", "price conversion failed", err="fx: rate EUR/%s stale (age %ds > 900s)" % (cur, a), sku="SKU-%d" % rng.randint(100000, 999999),
                         currency=cur, path="/v2/products", trace_id=rng.hex(32)))
    else:
        ca.add(t, logfmt(t, "info", "request", path=rng.choice(["/v2/products", "/v2/products/search", "/v2/categories/tree"]), status=200, duration_ms=rng.lognorm_ms(22), currency=cur))

CO_PODS = [pod(rng, "checkout", "6f8d7c9b5") for _ in range(2)]
STALE_TB = pytb([([("/usr/local/lib/python3.12/site-packages/django/core/handlers/exception.py", 55, "inner", "response = get_response(request)"),
                   ("/usr/local/lib/python3.12/site-packages/django/core/handlers/base.py", 197, "_get_response", "response = wrapped_callback(request, *callback_args, **callback_kwargs)"),
                   ("/app/checkout/views.py", 112, "confirm", "total = convert(order.total_eur, order.currency)"),
                   ("/app/checkout/fx.py", 37, "convert", "raise StaleRateError(f\"{currency} rate is {age}s old (max {MAX_AGE}s)\")")],
                  "checkout.fx.StaleRateError: %s rate is %ds old (max 900s)", None)])
for t in rng.times(START, END, 3):
    cur = rng.choice(CUR + ["EUR"] * 4)
    a = age_at(t)
    if cur != "EUR" and a > 900:
        co.add(t, py(t, "ERROR", "django.request", "Internal Server Error: /api/checkout/confirm\n" + STALE_TB % (cur, a)))
    else:
        co.add(t, py(t, "INFO", "checkout.views", "order confirmed currency=%s pod=%s" % (cur, rng.choice(CO_PODS))))

# ---- noise ------------------------------------------------------------------------------------
for m in range(0, 51, 5):
    t = START + timedelta(minutes=m, seconds=21)
    fx.add(t, py(t, "WARNING", "fx_rates.poller", "provider returned no rate for VES; currency disabled"))
for t in rng.times(START, END, 0.5):
    ca.add(t, logfmt(t, "error", "image variant missing", err="s3: NoSuchKey: products/%d/800w.webp" % rng.randint(10000, 99999), path="/v2/products"))
for t in rng.times(START, END, 0.3):
    co.add(t, py(t, "WARNING", "checkout.payments", "idempotency key reused for payment intent pi_%s; returning stored result" % rng.hex(12)))
for m in range(0, 51):
    t = START + timedelta(minutes=m, seconds=50)
    if rng.random() < 0.07:
        fx.add(t, py(t, "WARNING", "fx_rates.health", "liveness probe took %dms (threshold 1000ms)" % rng.randint(1000, 1900)))
    else:
        fx.add(t, py(t, "INFO", "uvicorn.access", "10.42.0.1:%d - \"GET /livez HTTP/1.1\" 200" % rng.randint(30000, 60000)))

d = reset_logs(CASE)
fx.write(d + "/fx-rates.log")
ca.write(d + "/catalog-api.log")
co.write(d + "/checkout.log")
when = dt("2026-01-14T10:17:12.551")
frames = [
    {"filename": "django/core/handlers/exception.py", "abs_path": "/usr/local/lib/python3.12/site-packages/django/core/handlers/exception.py", "module": "django.core.handlers.exception",
     "function": "inner", "lineno": 55, "context_line": "                response = get_response(request)", "in_app": False},
    {"filename": "django/core/handlers/base.py", "abs_path": "/usr/local/lib/python3.12/site-packages/django/core/handlers/base.py", "module": "django.core.handlers.base",
     "function": "_get_response", "lineno": 197, "context_line": "                response = wrapped_callback(request, *callback_args, **callback_kwargs)", "in_app": False},
    {"filename": "checkout/views.py", "abs_path": "/app/checkout/views.py", "module": "checkout.views", "function": "confirm", "lineno": 112,
     "context_line": "    total = convert(order.total_eur, order.currency)", "in_app": True},
    {"filename": "checkout/fx.py", "abs_path": "/app/checkout/fx.py", "module": "checkout.fx", "function": "convert", "lineno": 37,
     "context_line": "        raise StaleRateError(f\"{currency} rate is {age}s old (max {MAX_AGE}s)\")", "in_app": True,
     "vars": {"currency": "'GBP'", "age": "913", "MAX_AGE": "900"}},
]
write_json(d + "/../alert.json", sentry_alert(
    event_id="7d2e4a9c1b0f43e8b6a5c4d3e2f1a0b9", project=4506620, release="checkout@2026.01.2", platform="python", when=when, logger="django.request",
    title="StaleRateError: GBP rate is 913s old (max 900s)", culprit="checkout.fx in convert", location="checkout/fx.py",
    tags=[("environment", "production"), ("handled", "no"), ("level", "error"), ("mechanism", "django"), ("release", "checkout@2026.01.2"),
          ("server_name", CO_PODS[0]), ("transaction", "/api/checkout/confirm"), ("url", "http://checkout.shop.svc/api/checkout/confirm")],
    request={"method": "POST", "url": "http://checkout.shop.svc/api/checkout/confirm",
             "headers": [["Content-Type", "application/json"], ["User-Agent", "web-bff/7.3.1"]]},
    exc_type="StaleRateError", exc_value="GBP rate is 913s old (max 900s)", exc_module="checkout.fx", mechanism="django", frames=frames, org="acme", slug="checkout",
    issue_id="6203318842", rule="checkout: new issue or >10 events in 5m", installation="a4c2e8f1-5b3d-4e7a-9c1f-0d2b6e8a4f37"))
finish(CASE, {
    "root_cause": {"service": "fx-rates", "component": "RateHub provider client (api.ratehub.example/v2/latest answers an HTML maintenance page with 200)",
                   "error_type": "JSONDecodeError", "file": None},
    "category": "dependency",
    "symptoms": [{"service": "catalog-api", "error_type": None},
                 {"service": "checkout", "error_type": "StaleRateError"}],
    "why": "From 10:01:48 the external rate provider RateHub answers its API with an HTML maintenance page (200, text/html), so every fx-rates refresh fails with JSONDecodeError and the service keeps serving the last rates; after 900 s they count as stale, so catalog-api cannot convert non-EUR prices and checkout rejects non-EUR orders with StaleRateError. Nothing is wrong in the consumers; the provider outage (and fx-rates' silent staleness) is the cause.",
})
