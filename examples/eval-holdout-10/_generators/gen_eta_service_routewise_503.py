#!/usr/bin/env python3
"""eta-service-routewise-503

From 17:46 the external routing provider RouteWise answers most route requests with 503
("routing cluster eu-2 unavailable"). eta-service (Python, httpx + tenacity) tries three times,
then raises RouteProviderError from the HTTPStatusError and answers 503. Every upstream attempt
shows in the egress envoy as a 503 via_upstream (the loudest), order-tracking (Node) retries each
eta call twice more and dispatch-planner (Go) fails its batches.
Noise: an older eta-service KeyError in the traffic feed, geocode cache warnings, order-tracking
slow renders, a map-tiles provider that sometimes times out at the egress (504 UT), stale courier
locations in dispatch-planner.
Sentry alert on order-tracking.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, envoy_line, logfmt, node_line, py, pytb,
                    sentry_alert, uuid)

CASE = "eta-service-routewise-503"
rng = Rng(20260614)
START, END = dt("2026-06-14T17:31:00"), dt("2026-06-14T18:03:00")
OUTAGE = dt("2026-06-14T17:46:20")
eta, ot, eg, dp = LogFile(), LogFile(), LogFile(), LogFile()
CITIES = ["52.5200,13.4050", "48.1351,11.5820", "53.5511,9.9937", "50.1109,8.6821", "51.2277,6.7735", "48.7758,9.1829"]


def provider_fails(t):
    return t >= OUTAGE and rng.random() < 0.86


def eta_call(t, caller, trace):
    """one eta-service request; returns (done_at, ok)"""
    origin, dest = rng.sample(CITIES, 2)
    url = "https://api.routewise.example/v3/route?origin=%s&destination=%s&profile=van" % (origin, dest)
    ta = t
    for a in range(1, 4):
        rid = uuid(rng)
        if provider_fails(ta):
            d = rng.lognorm_ms(60)
            eg.add(ta, envoy_line(ta, "GET", url[len("https://api.routewise.example"):], 503, "-", "via_upstream", 0, 96, d, d - 1, "10.44.%d.%d" % (rng.randint(1, 9), rng.randint(2, 250)),
                                  "python-httpx/0.27.0", rid, "api.routewise.example", "34.117.%d.%d:443" % (rng.randint(0, 255), rng.randint(1, 254))))
            tw = ta + timedelta(milliseconds=d + 1)
            if a < 3:
                eta.add(tw, py(tw, "WARNING", "eta.providers.routewise", 'routewise attempt %d/3 failed: 503 Service Unavailable retry-after=30 body={"error":"upstream_unavailable","message":"routing cluster eu-2 unavailable"} trace=%s' % (a, trace)))
                ta = tw + timedelta(milliseconds=200 * 2 ** a + rng.randint(0, 80))
                continue
            tb = pytb([
                ([("/app/eta/providers/routewise.py", 88, "route", "resp.raise_for_status()"),
                  ("/usr/local/lib/python3.12/site-packages/httpx/_models.py", 829, "raise_for_status", "raise HTTPStatusError(message, request=request, response=self)")],
                 "httpx.HTTPStatusError: Server error '503 Service Unavailable' for url '%s'\nFor more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/503" % url, "cause"),
                ([("/app/eta/api.py", 54, "get_eta", "route = await provider.route(origin, dest)"),
                  ("/usr/local/lib/python3.12/site-packages/tenacity/asyncio/__init__.py", 189, "async_wrapped", "return await copy(fn, *args, **kwargs)"),
                  ("/app/eta/providers/routewise.py", 93, "route", 'raise RouteProviderError(f"routewise unavailable: {resp.status_code} after {attempt} attempts") from exc')],
                 "eta.providers.errors.RouteProviderError: routewise unavailable: 503 after 3 attempts", None)])
            eta.add(tw, py(tw, "ERROR", "eta.api", "GET /v1/eta caller=%s trace=%s failed, answering 503\n%s" % (caller, trace, tb)))
            return tw + timedelta(milliseconds=2), False
        d = rng.lognorm_ms(140)
        eg.add(ta, envoy_line(ta, "GET", url[len("https://api.routewise.example"):], 200, "-", "via_upstream", 0, rng.randint(2000, 9000), d, d - 2, "10.44.%d.%d" % (rng.randint(1, 9), rng.randint(2, 250)),
                              "python-httpx/0.27.0", rid, "api.routewise.example", "34.117.%d.%d:443" % (rng.randint(0, 255), rng.randint(1, 254))))
        done = ta + timedelta(milliseconds=d + 3)
        if rng.random() < 0.25:
            eta.add(done, py(done, "INFO", "eta.api", "GET /v1/eta caller=%s 200 eta_min=%d attempts=%d" % (caller, rng.randint(6, 95), a)))
        return done, True


# order-tracking: a tracking page asks for the eta, retries twice on 503
for t in rng.times(START, END, 2.6):
    trace = rng.hex(32)
    shipment = "SHP%08d" % rng.randint(10 ** 7, 10 ** 8 - 1)
    for a in range(1, 4):
        done, ok = eta_call(t, "order-tracking", trace)
        if ok:
            if rng.random() < 0.4:
                ot.add(done, node_line(done, "info", "GET /track/%s 200 %dms" % (shipment, rng.randint(80, 400))))
            break
        ot.add(done, node_line(done, "error", "eta lookup failed shipment=%s attempt=%d/3 trace=%s AxiosError: Request failed with status code 503\n"
                               "    at settle (/app/node_modules/axios/dist/node/axios.cjs:2019:12)\n"
                               "    at IncomingMessage.handleStreamEnd (/app/node_modules/axios/dist/node/axios.cjs:3135:11)\n"
                               "    at IncomingMessage.emit (node:events:531:35)\n"
                               "    at endReadableNT (node:internal/streams/readable:1696:12)\n"
                               "    at Axios.request (/app/node_modules/axios/dist/node/axios.cjs:4287:41)\n"
                               "    at async getEta (/app/src/clients/eta.js:22:18)\n"
                               "    at async trackHandler (/app/src/routes/track.js:47:17)" % (shipment, a, trace)))
        if a == 3:
            ot.add(done + timedelta(milliseconds=2), node_line(done + timedelta(milliseconds=2), "warn", "GET /track/%s 200 rendered without eta (eta_unavailable)" % shipment))
        t = done + timedelta(milliseconds=300)

# dispatch-planner: batch eta every 20 s per depot
for t in rng.times(START, END, 1.5):
    depot = rng.choice(["BER-1", "MUC-2", "HAM-1", "FRA-3"])
    trace = rng.hex(32)
    done, ok = eta_call(t, "dispatch-planner", trace)
    if ok:
        dp.add(done, logfmt(done, "info", "plan updated", depot=depot, stops=rng.randint(20, 90), trace_id=trace))
    else:
        dp.add(done, logfmt(done, "error", "eta batch failed, keeping previous plan", depot=depot, err="eta-service: GET /v1/eta: 503 Service Unavailable", trace_id=trace))

# noise
for t in rng.times(START, END, 0.3):
    tb = pytb([([("/app/eta/traffic/feed.py", 131, "apply_segment", "speed = seg[\"speed_kph\"]")], "KeyError: 'speed_kph'", None)])
    eta.add(t, py(t, "ERROR", "eta.traffic.feed", "segment update skipped (feed v2 record without speed)\n%s" % tb))
for t in rng.times(START, END, 0.8):
    eta.add(t, py(t, "WARNING", "eta.geocode", "geocode cache miss ratio %.2f over last 60s" % (0.3 + rng.random() * 0.2)))
for t in rng.times(START, END, 0.6):
    ot.add(t, node_line(t, "warn", "slow render /track/SHP%08d %dms (map snapshot)" % (rng.randint(10 ** 7, 10 ** 8 - 1), rng.randint(1500, 3200))))
for t in rng.times(START, END, 1.2):
    st = 504 if rng.random() < 0.1 else 200
    d = 15000 if st == 504 else rng.lognorm_ms(90)
    eg.add(t, envoy_line(t, "GET", "/styles/v1/streets/tiles/%d/%d/%d" % (rng.randint(10, 15), rng.randint(1000, 9000), rng.randint(1000, 9000)), st, "UT" if st == 504 else "-",
                         "upstream_response_timeout" if st == 504 else "via_upstream", 0, 24 if st == 504 else rng.randint(5000, 40000), d, None if st == 504 else d - 3,
                         "10.44.%d.%d" % (rng.randint(1, 9), rng.randint(2, 250)), "node-fetch/3.3.2", uuid(rng), "tiles.mapvendor.example", "151.101.%d.%d:443" % (rng.randint(0, 255), rng.randint(1, 254))))
for t in rng.times(START, END, 0.7):
    dp.add(t, logfmt(t, "warn", "courier location stale", courier="c-%05d" % rng.randint(10000, 99999), age_s=rng.randint(120, 900)))

d = reset_logs(CASE)
dp.write(d + "/dispatch-planner.log")
eg.write(d + "/egress-envoy.access.log")
eta.write(d + "/eta-service.log")
ot.write(d + "/order-tracking.log")
when = dt("2026-06-14T17:47:02.318")
frames = [
    {"filename": "node:events", "module": "node:events", "function": "IncomingMessage.emit", "lineno": 531, "in_app": False},
    {"filename": "/app/node_modules/axios/dist/node/axios.cjs", "module": "axios.dist.node:axios", "function": "settle", "lineno": 2019, "in_app": False},
    {"filename": "/app/src/clients/eta.js", "module": "clients:eta", "function": "getEta", "lineno": 22, "in_app": True},
    {"filename": "/app/src/routes/track.js", "module": "routes:track", "function": "trackHandler", "lineno": 47, "in_app": True},
]
write_json(d + "/../alert.json", sentry_alert(
    event_id="5b8e0c2d14a94f7fb61e93a0c7d25e48", project=4508120, release="order-tracking@3.19.2", platform="node", when=when,
    logger="", title="AxiosError: Request failed with status code 503", culprit="getEta(clients/eta)", location="/app/src/clients/eta.js",
    tags=[("environment", "production"), ("handled", "yes"), ("level", "error"), ("mechanism", "generic"), ("release", "order-tracking@3.19.2"),
          ("runtime", "node v20.14.0"), ("server_name", "order-tracking-6c9f7d8b54-x2kqp"), ("transaction", "GET /track/:shipment"),
          ("url", "https://track.acme-parcels.example/track/SHP48213077")],
    request={"method": "GET", "url": "https://track.acme-parcels.example/track/SHP48213077",
             "headers": [["Accept", "text/html"], ["User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)"]]},
    exc_type="AxiosError", exc_value="Request failed with status code 503", exc_module=None,
    mechanism="generic", frames=frames, org="acme-parcels", slug="order-tracking", issue_id="5902217734",
    rule="order-tracking: error spike", installation="7d3c9e21-4b6a-4f08-8e15-2a9c0b7f6d31"))
finish(CASE, {
    "root_cause": {"service": "eta-service", "component": "RouteWise routing API client (api.routewise.example/v3/route answers 503, cluster eu-2)",
                   "error_type": "RouteProviderError", "file": None},
    "category": "dependency",
    "symptoms": [{"service": "order-tracking", "error_type": "AxiosError"}, {"service": "dispatch-planner", "error_type": None},
                 {"service": "egress-envoy", "error_type": "HTTP_503"}],
    "why": "From 17:46 the external routing provider RouteWise answers most route requests with 503 (routing cluster eu-2 unavailable, via_upstream at the egress), so eta-service fails after three attempts with RouteProviderError from HTTPStatusError; order-tracking's retries (AxiosError 503) and dispatch-planner's failed batches only relay eta-service's 503.",
})
