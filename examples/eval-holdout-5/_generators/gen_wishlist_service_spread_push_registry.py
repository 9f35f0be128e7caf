#!/usr/bin/env python3
"""wishlist-service-spread-push-registry

Gift registries imported for two wedding-list partners hold 120k-160k items each. wishlist-service
(Node) concatenates the pages of a list with all.push(...rows); V8 passes every element as a call
argument, so once a merged page passes ~120k rows it throws "RangeError: Maximum call stack size
exceeded". Only the huge registries fail, but guests open them a lot. account-bff (Go, logfmt)
retries once and logs both attempts at level=error; edge-envoy returns 500 (the loudest part).
Noise: wishlist-service price-refresh warnings, an older recurring account-bff avatar error,
envoy health-check flaps, deprecation warnings.
Generic alert on account-bff error rate.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, node_line, logfmt, envoy_line,
                    generic_alert, pod, ip, uuid)

CASE = "wishlist-service-spread-push-registry"
rng = Rng(20260311)
START, END = dt("2026-03-11T17:10:00"), dt("2026-03-11T17:58:00")
ws, bff, env = LogFile(), LogFile(), LogFile()
BIG = {"rg-%d" % rng.randint(100000, 999999): rng.randint(120500, 161000) for _ in range(3)}
WS_PODS = [pod(rng, "wishlist-service", "66f9c8d7b") for _ in range(3)]
STACK = ("RangeError: Maximum call stack size exceeded\n"
         "    at Array.push (<anonymous>)\n"
         "    at mergePages (/srv/wishlist/dist/lists/merge.js:22:11)\n"
         "    at ListRepository.loadAll (/srv/wishlist/dist/lists/repository.js:88:20)\n"
         "    at async GetListHandler.handle (/srv/wishlist/dist/http/get-list.js:34:18)")
# guest traffic to registries grows as the evening invitations go out
for t in rng.times(START, END, 6):
    big = rng.random() < min(0.5, 0.15 + (t - START).total_seconds() / 7200)
    lst = rng.choice(sorted(BIG)) if big else "wl-%d" % rng.randint(1000000, 9999999)
    tr = rng.hex(32)
    rid = uuid(rng)
    wp = rng.choice(WS_PODS)
    if big:
        for a in range(2):
            ta = t + timedelta(milliseconds=30 + 700 * a)
            ws.add(ta, node_line(ta, "info", "GET /lists/%s loading %d items in %d pages pod=%s" % (lst, BIG[lst], BIG[lst] // 500 + 1, wp)))
            te = ta + timedelta(milliseconds=rng.randint(480, 640))
            ws.add(te, node_line(te, "error", "GET /lists/%s failed trace=%s pod=%s\n%s" % (lst, tr, wp, STACK)))
            bff.add(te + timedelta(milliseconds=3), logfmt(te + timedelta(milliseconds=3), "error", "wishlist call failed",
                    err="wishlist: GET /lists/%s: status 500: internal error" % lst, attempt=a + 1, trace_id=tr, request_id=rid))
        tf = t + timedelta(milliseconds=1400)
        env.add(tf, envoy_line(tf, "GET", "/api/v1/registry/%s" % lst, 500, "-", "via_upstream", 0, 86, 1402, 1398,
                               ip(rng, "92.%d" % rng.randint(10, 200)), "AcmeShop/8.4 (iOS)", rid, "api.acme.shop", "10.42.7.%d:8080" % rng.randint(2, 250)))
    else:
        n = rng.randint(1, 80)
        ws.add(t + timedelta(milliseconds=30), node_line(t + timedelta(milliseconds=30), "info", "GET /lists/%s 200 items=%d %dms" % (lst, n, rng.lognorm_ms(14))))
        d = rng.lognorm_ms(45)
        bff.add(t + timedelta(milliseconds=d), logfmt(t + timedelta(milliseconds=d), "info", "request", method="GET", path="/api/v1/wishlist/%s" % lst, status=200, duration_ms=d, request_id=rid))
        env.add(t + timedelta(milliseconds=d), envoy_line(t + timedelta(milliseconds=d), "GET", "/api/v1/wishlist/%s" % lst, 200, "-", "via_upstream", 0, rng.randint(900, 30000), d, d - 2,
                ip(rng, "92.%d" % rng.randint(10, 200)), "AcmeShop/8.4 (iOS)", rid, "api.acme.shop", "10.42.7.%d:8080" % rng.randint(2, 250)))
# noise
for t in rng.times(START, END, 0.5):
    ws.add(t, node_line(t, "warn", "price refresh skipped for %d items: catalog answered 404 (discontinued)" % rng.randint(1, 6)))
for t in rng.times(START, END, 0.2):
    ws.add(t, node_line(t, "warn", "(node:1) [DEP0040] DeprecationWarning: The `punycode` module is deprecated."))
for t in rng.times(START, END, 0.7):
    bff.add(t, logfmt(t, "error", "avatar fetch failed", err="gcs: object not found: avatars/%s.webp" % rng.hex(12), request_id=uuid(rng)))
for m in range(48):
    t = START + timedelta(minutes=m, seconds=40)
    st = 503 if rng.random() < 0.06 else 200
    env.add(t, envoy_line(t, "GET", "/healthz", st, "UF" if st == 503 else "-", "upstream_reset_before_response_started{connection_failure}" if st == 503 else "via_upstream",
                          0, 2 if st == 200 else 91, 3, 2 if st == 200 else None, "10.42.0.1", "Envoy/HC", uuid(rng), "account-bff", "10.42.7.21:8080"))

d = reset_logs(CASE)
ws.write(d + "/wishlist-service.log")
bff.write(d + "/account-bff.log")
env.write(d + "/edge-envoy.access.log")
write_json(d + "/../alert.json", generic_alert("account-bff", "account-bff error rate above 3% (registry endpoints)", "high",
           "account-bff-error-rate", dt("2026-03-11T17:31:00"), {"team": "accounts", "env": "production", "route": "/api/v1/registry/*"}))
finish(CASE, {
    "root_cause": {"service": "wishlist-service", "component": "mergePages (all.push(...rows) over registry pages)",
                   "error_type": "RangeError", "file": "src/lists/merge.ts"},
    "category": "code",
    "symptoms": [{"service": "account-bff", "error_type": None}, {"service": "edge-envoy", "error_type": "HTTP_500"}],
    "why": "wishlist-service merges list pages with all.push(...rows), which passes every row as a call argument; the imported gift registries hold 120k-160k items, so loading them throws RangeError (Maximum call stack size exceeded) and account-bff's retries and the edge 500s follow. Normal wishlists work; the code fails only on large lists.",
})
