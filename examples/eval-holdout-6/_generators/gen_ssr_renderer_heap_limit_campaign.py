#!/usr/bin/env python3
"""ssr-renderer-heap-limit-campaign

A TV campaign at 20:15 triples storefront traffic. ssr-renderer (Node 20, --max-old-space-size=512)
scales to its HPA maximum of 6 pods by 20:19 (ScalingLimited). Each pod then renders ~3x more
pages at once; the heap fills, GC pauses grow (event-loop lag, liveness probe timeouts) and V8
aborts: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"
(exit 134), again and again on every pod. Each abort cuts off the pod's in-flight renders and
the ingress answers 502 (the loudest); slow renders before an abort give 504. ssr-renderer's
dependency catalog-api is healthy and only sees cancelled requests. Capacity (max replicas x heap
per pod) is the cause, not a code change: nothing was deployed.
Noise: render-budget warnings, catalog-api price-cache refresh lines, an old catalog-api error for
a retired brand feed, a flaky readiness probe of another deployment, /healthz 503s.
Generic alert on storefront availability.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, nginx_line, k8s, generic_alert, pod, ip)
from common import iso_us

CASE = "ssr-renderer-heap-limit-campaign"
rng = Rng(20260605)
START, END = dt("2026-06-05T20:00:00"), dt("2026-06-05T20:54:00")
CAMPAIGN = dt("2026-06-05T20:15:00")
sr, ev, ng, ca = LogFile(), LogFile(), LogFile(), LogFile()
PODS = [pod(rng, "ssr-renderer", "58d7c6b9f") for _ in range(6)]
UPS = "storefront-ssr-renderer-3000"
POD_IP = {p: "10.42.%d.%d" % (rng.randint(1, 9), rng.randint(2, 250)) for p in PODS}


def line(t, text):
    """container stdout as collected with runtime timestamps"""
    sr.add(t, "%s %s" % (iso_us(t), text))


def app(t, level, msg):
    line(t, "%-5s %s" % (level.upper(), msg))


def rate(t):
    return 9 if t < CAMPAIGN else min(27, 9 + (t - CAMPAIGN).total_seconds() / 12)


active = {p: (START if i < 3 else CAMPAIGN + timedelta(minutes=1 + i)) for i, p in enumerate(PODS)}
for i, p in enumerate(PODS[3:], 3):
    t = active[p]
    ev.add(t - timedelta(seconds=20), k8s(t - timedelta(seconds=20), "Normal", "SuccessfulRescale", "horizontalpodautoscaler/ssr-renderer",
           "New size: %d; reason: cpu resource utilization (percentage of request) above target" % (i + 1)))
    app(t, "info", "ssr-renderer 7.2.0 listening on :3000 (node v20.12.2, max-old-space-size=512) pod=%s" % p)
ev.add(CAMPAIGN + timedelta(minutes=4, seconds=10), k8s(CAMPAIGN + timedelta(minutes=4, seconds=10), "Warning", "ScalingLimited", "horizontalpodautoscaler/ssr-renderer",
       "the desired replica count is more than the maximum replica count: desired 11, max 6"))
# crashes: every pod after the campaign starts, every 5-9 minutes once its heap fills
crashes = []
for p in PODS:
    t = max(active[p], CAMPAIGN) + timedelta(minutes=rng.uniform(4, 8))
    while t < END:
        crashes.append((t, p))
        t = t + timedelta(minutes=rng.uniform(5, 9))
crashes.sort()
down = {p: [] for p in PODS}
restarts = {p: 0 for p in PODS}
for t, p in crashes:
    for k in range(3):
        tw = t - timedelta(seconds=75 - 30 * k)
        app(tw, "warn", "[mem] heap used %d MB of 512 MB, in-flight renders %d, event-loop lag %d ms pod=%s" % (430 + 25 * k + rng.randint(0, 15), 40 + 12 * k + rng.randint(0, 9), 300 + 600 * k + rng.randint(0, 200), p))
    tl = t - timedelta(seconds=12)
    ev.add(tl, k8s(tl, "Warning", "Unhealthy", "pod/" + p, 'Liveness probe failed: Get "http://%s:3000/livez": context deadline exceeded (Client.Timeout exceeded while awaiting headers)' % POD_IP[p]))
    ms = int((t - START).total_seconds() * 1000) + 3200000
    for txt in ["", "<--- Last few GCs --->", "",
                "[1:0x6b2c440] %8d ms: Mark-Compact %.1f (%.1f) -> %.1f (%.1f) MB, %.2f / 0.00 ms  (average mu = 0.1%02d, current mu = 0.0%02d) allocation failure; scavenge might not succeed" % (
                    ms - 2100, 509 + rng.random(), 523 + rng.random(), 507 + rng.random(), 524 + rng.random(), 1300 + rng.random() * 300, rng.randint(0, 99), rng.randint(0, 99)),
                "[1:0x6b2c440] %8d ms: Mark-Compact %.1f (%.1f) -> %.1f (%.1f) MB, %.2f / 0.00 ms  (average mu = 0.0%02d, current mu = 0.0%02d) allocation failure; scavenge might not succeed" % (
                    ms, 510 + rng.random(), 524 + rng.random(), 509 + rng.random(), 525 + rng.random(), 1500 + rng.random() * 300, rng.randint(0, 99), rng.randint(0, 99)),
                "", "<--- JS stacktrace --->", "",
                "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
                " 1: 0xb8d0a3 node::Abort() [node]",
                " 2: 0xa9a7f8  [node]",
                " 3: 0xd6b7f0 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]",
                " 4: 0xf3f0a5 v8::internal::Heap::FatalProcessOutOfMemory(char const*) [node]"]:
        line(t, txt)
    restarts[p] += 1
    back = 10 if restarts[p] == 1 else min(80, 10 * 2 ** (restarts[p] - 1))
    ev.add(t + timedelta(seconds=1), k8s(t + timedelta(seconds=1), "Normal", "Pulled", "pod/" + p, 'Container image "registry.acme.internal/ssr-renderer:7.2.0" already present on machine'))
    if restarts[p] > 1:
        ev.add(t + timedelta(seconds=2), k8s(t + timedelta(seconds=2), "Warning", "BackOff", "pod/" + p, "Back-off restarting failed container ssr-renderer in pod %s_storefront" % p))
    up = t + timedelta(seconds=back + 6)
    ev.add(up - timedelta(seconds=4), k8s(up - timedelta(seconds=4), "Normal", "Started", "pod/" + p, "Started container ssr-renderer"))
    app(up, "info", "ssr-renderer 7.2.0 listening on :3000 (node v20.12.2, max-old-space-size=512) pod=%s restart=%d" % (p, restarts[p]))
    down[p].append((t, up))
    # renders in flight on the pod when it aborted
    for _ in range(rng.randint(6, 14)):
        ta = t + timedelta(milliseconds=rng.randint(0, 30))
        ng.add(ta, nginx_line(ta, ip(rng, "91.%d" % rng.randint(10, 200)), "GET", rng.choice(["/", "/p/sku-%06d" % rng.randint(1, 999999), "/c/%s" % rng.choice(["tv", "audio", "gaming", "phones"])]),
                              502, 150, "Mozilla/5.0", rng.uniform(0.2, 6.0), UPS, "%s:3000" % POD_IP[p], rng.hex(32)))


def is_down(p, t):
    return t < active[p] or any(a <= t < b for a, b in down[p])


# page traffic
t = START
while t < END:
    nxt = t + timedelta(minutes=1)
    for ta in rng.times(t, nxt, rate(t)):
        up = [p for p in PODS if not is_down(p, ta)]
        p = rng.choice(up or PODS)
        path = rng.choice(["/", "/p/sku-%06d" % rng.randint(1, 999999), "/c/%s" % rng.choice(["tv", "audio", "gaming", "phones"]), "/deals/tv-spot"])
        pressure = ta >= CAMPAIGN + timedelta(minutes=3)
        d = (rng.lognorm_ms(2000, sigma=0.8) if pressure else rng.lognorm_ms(180)) / 1000.0
        if pressure and d > 10:
            ng.add(ta + timedelta(seconds=10), nginx_line(ta + timedelta(seconds=10), ip(rng, "91.%d" % rng.randint(10, 200)), "GET", path, 504, 160, "Mozilla/5.0", 10.0, UPS, "%s:3000" % POD_IP[p], rng.hex(32)))
            continue
        te = ta + timedelta(seconds=d)
        ng.add(te, nginx_line(te, ip(rng, "91.%d" % rng.randint(10, 200)), "GET", path, 200, rng.randint(60000, 180000), "Mozilla/5.0", d, UPS, "%s:3000" % POD_IP[p], rng.hex(32)))
        if d > 3:
            app(te, "warn", "render of %s took %dms (budget 3000ms) pod=%s" % (path, int(d * 1000), p))
        if rng.random() < 0.3:
            ca.add(ta + timedelta(milliseconds=5), jrec(ta + timedelta(milliseconds=5), "INFO", "catalog-api", "GET /v3/%s 200 in %dms" % (rng.choice(["products", "categories", "prices"]), rng.lognorm_ms(14)),
                   component="http", trace_id=rng.hex(32), span_id=rng.hex(16), parent_span_id=rng.hex(16), deploy={"version": "12.4.1", "commit": "a9c3e71"}))
    t = nxt
for t, p in crashes:
    for _ in range(rng.randint(2, 5)):
        ta = t + timedelta(milliseconds=rng.randint(1, 80))
        ca.add(ta, jrec(ta, "WARN", "catalog-api", "client closed connection before response was written (GET /v3/products)", component="http",
                        deploy={"version": "12.4.1", "commit": "a9c3e71"}, attrs={"peer": POD_IP[p]}))
# noise
for t in rng.times(START, END, 0.5):
    ca.add(t, jrec(t, "INFO", "catalog-api", "price cache refreshed: %d entries" % rng.randint(180000, 190000), component="prices",
                   deploy={"version": "12.4.1", "commit": "a9c3e71"}))
for t in rng.times(START, END, 0.25):
    ca.add(t, jrec(t, "ERROR", "catalog-api", "brand feed 'nordhaus' import failed: 410 Gone (brand retired 2026-06-01)", component="feeds",
                   error_type="FeedFetchException", deploy={"version": "12.4.1", "commit": "a9c3e71"}))
for t in rng.times(START, END, 0.15):
    ev.add(t, k8s(t, "Warning", "Unhealthy", "pod/" + pod(rng, "wishlist-api", "7f6d5c8b9"), "Readiness probe failed: HTTP probe failed with statuscode: 503"))
for m in range(54):
    t = START + timedelta(minutes=m, seconds=51)
    st = 200 if rng.random() > 0.05 else 503
    ng.add(t, nginx_line(t, "10.42.0.1", "GET", "/healthz", st, 2 if st == 200 else 190, "kube-probe/1.29", 0.002 if st == 200 else 1.0, UPS, "%s:3000" % POD_IP[PODS[0]], rng.hex(32)))

d = reset_logs(CASE)
sr.write(d + "/ssr-renderer.log")
ev.write(d + "/k8s-events.log")
ng.write(d + "/ingress-nginx.access.log")
ca.write(d + "/catalog-api.jsonl")
write_json(d + "/../alert.json", generic_alert("storefront", "storefront availability below 97% (5xx on page views)", "critical",
           "storefront-availability", dt("2026-06-05T20:27:00"), {"team": "web-platform", "env": "production", "slo": "page-availability"}))
finish(CASE, {
    "root_cause": {"service": "ssr-renderer", "component": "V8 heap limit 512 MB per pod with HPA max 6 replicas under 3x campaign traffic",
                   "error_type": None, "file": None},
    "category": "resource",
    "symptoms": [{"service": "ingress-nginx", "error_type": "HTTP_502"},
                 {"service": "ingress-nginx", "error_type": "HTTP_504"},
                 {"service": "catalog-api", "error_type": None}],
    "why": "The 20:15 TV campaign triples traffic; ssr-renderer is capped at 6 replicas (HPA ScalingLimited) and each pod's 512 MB V8 heap fills with concurrent renders, so V8 aborts with 'Reached heap limit ... JavaScript heap out of memory' on every pod every few minutes, killing in-flight renders (ingress 502s, the loudest). Nothing was deployed; catalog-api is healthy.",
})
