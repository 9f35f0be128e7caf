#!/usr/bin/env python3
"""image-proxy-fd-limit-1024

image-proxy (Go) leaks one file descriptor per conditional request answered 304 from its disk
cache (the cached file is opened and never closed). Its pods run with a 1024 open-files limit;
the runtime stats line shows open_fds climbing. Pod -4kq7m hits the limit at about 11:07 and
pod -p2x9d at about 11:24: the Go server logs "http: Accept error: ... too many open files"
(no level), cache reads fail with EMFILE and the ingress gets 500/502/504 for images served by
those pods (the loudest). storefront-ssr (Node) fails image metadata lookups and retries. The
liveness probe restarts -4kq7m at 11:19 (fds back to normal), the other pod is still saturated at
the end. The third pod is fine.
Noise: image-proxy 404s for missing originals (older), downscale warnings, storefront-ssr
deprecation warnings, a reviews API that sometimes answers 503 at the ingress, client 499s.
Alertmanager alert on storefront-ssr.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, logfmt, node_line, nginx_line, k8s,
                    alertmanager, uuid, ip)

CASE = "image-proxy-fd-limit-1024"
rng = Rng(20260621)
START, END = dt("2026-06-21T10:55:00"), dt("2026-06-21T11:36:00")
ipx, ss, ng, ev = LogFile(), LogFile(), LogFile(), LogFile()
RS = "86d9c4f7b5"
PODS = ["image-proxy-%s-4kq7m" % RS, "image-proxy-%s-p2x9d" % RS, "image-proxy-%s-w8zl5" % RS]
POD_IP = {PODS[0]: "10.60.3.41", PODS[1]: "10.60.7.12", PODS[2]: "10.60.5.88"}
# open fds at START and leak per minute; pod 0 is restarted at RESTART
FD0 = {PODS[0]: 880, PODS[1]: 680, PODS[2]: 410}
LEAK = {PODS[0]: 12.0, PODS[1]: 11.5, PODS[2]: 10.0}
RESTART = dt("2026-06-21T11:19:06")
LIMIT = 1024
SS_PODS = ["storefront-ssr-5f6c8d9b7-%s" % rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789") for _ in range(3)]


def fds(p, t):
    if p == PODS[0] and t >= RESTART:
        return int(96 + LEAK[p] * (t - RESTART).total_seconds() / 60)
    return int(FD0[p] + LEAK[p] * (t - START).total_seconds() / 60)


def saturated(p, t):
    return fds(p, t) >= LIMIT - 6


# runtime stats once a minute per pod
for m in range(41):
    for p in PODS:
        t = START + timedelta(minutes=m, seconds=17 + PODS.index(p) * 5, milliseconds=rng.randint(0, 999))
        if p == PODS[0] and RESTART <= t < RESTART + timedelta(seconds=25):
            continue
        ipx.add(t, logfmt(t, "info", "runtime stats", pod=p, goroutines=rng.randint(180, 260) if not saturated(p, t) else rng.randint(900, 1400),
                          open_fds=min(LIMIT, fds(p, t)), fd_limit=LIMIT, cache_hit_ratio="%.2f" % (0.9 + rng.random() * 0.06), rss_mb=rng.randint(310, 360)))
# the Go server's accept loop (std log, no level) while a pod is at its limit
for p in PODS[:2]:
    t = START
    while t < END:
        if saturated(p, t):
            ipx.add(t, "%s http: Accept error: accept tcp [::]:8080: accept4: too many open files; retrying in 1s" % t.strftime("%Y/%m/%d %H:%M:%S"))
            t += timedelta(seconds=rng.choice([5, 9, 14, 21]))
        else:
            t += timedelta(seconds=5)
t = RESTART - timedelta(seconds=60)
for k in range(3):
    tp = t + timedelta(seconds=20 * k)
    ev.add(tp, k8s(tp, "Warning", "Unhealthy", "pod/" + PODS[0], 'Liveness probe failed: Get "http://%s:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)' % POD_IP[PODS[0]]))
ev.add(RESTART, k8s(RESTART, "Normal", "Killing", "pod/" + PODS[0], "Container image-proxy failed liveness probe, will be restarted"))
ev.add(RESTART + timedelta(seconds=2), k8s(RESTART + timedelta(seconds=2), "Normal", "Pulled", "pod/" + PODS[0], 'Container image "registry.acme.internal/media/image-proxy:2.11.3" already present on machine'))
ev.add(RESTART + timedelta(seconds=2), k8s(RESTART + timedelta(seconds=2), "Normal", "Started", "pod/" + PODS[0], "Started container image-proxy"))
ipx.add(RESTART + timedelta(seconds=3), logfmt(RESTART + timedelta(seconds=3), "info", "listening", addr=":8080", version="2.11.3", cache_dir="/var/cache/imgproxy", pod=PODS[0]))
for tp in rng.times(dt("2026-06-21T11:25:00"), END, 1.1):
    ev.add(tp, k8s(tp, "Warning", "Unhealthy", "pod/" + PODS[1], 'Liveness probe failed: Get "http://%s:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)' % POD_IP[PODS[1]]))


def image_request(t, path, via):
    """one request to image-proxy; returns (status, pod)"""
    p = rng.choice(PODS)
    if not saturated(p, t):
        return (304 if rng.random() < 0.35 else 200), p
    r = rng.random()
    if r < 0.25:
        ipx.add(t, logfmt(t, "error", "cache read failed", path=path, err="open /var/cache/imgproxy/%s/%s.webp: too many open files" % (rng.hex(2), rng.hex(24)),
                          pod=p, via=via))
        return 500, p
    return (504 if r < 0.8 else 502), p


CDN = ["Amazon CloudFront", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"]
for t in rng.times(START, END, 30):
    path = "/img/p/%d/%dx%d.webp" % (rng.randint(100000, 999999), rng.choice([320, 640, 1024]), rng.choice([320, 640, 1024]))
    st, p = image_request(t, path, "ingress")
    rt = 60.0 if st == 504 else (rng.lognorm_ms(30) / 1000.0)
    ng.add(t, nginx_line(t, ip(rng, "10.60"), "GET", path, st, 0 if st == 304 else (rng.randint(8000, 90000) if st == 200 else 160), rng.choice(CDN), rt,
                         "media-image-proxy-8080", "%s:8080" % POD_IP[p], rng.hex(32)))
for t in rng.times(START, END, 6):
    prod = rng.randint(100000, 999999)
    trace = rng.hex(32)
    pod = rng.choice(SS_PODS)
    for a in range(1, 4):
        st, p = image_request(t, "/meta/p/%d" % prod, "storefront-ssr")
        if st in (200, 304):
            if rng.random() < 0.3:
                ss.add(t, node_line(t, "info", "[%s] GET /p/%d 200 %dms" % (pod, prod, rng.randint(90, 300))))
            break
        reason = {500: "image-proxy answered 500", 502: "socket hang up", 504: "network timeout at: http://image-proxy.media.svc:8080/meta/p/%d" % prod}[st]
        err = ("FetchError: request to http://image-proxy.media.svc:8080/meta/p/%d failed, reason: %s" % (prod, reason)) if st != 500 else \
              "ImageMetaError: image-proxy answered 500 for /meta/p/%d" % prod
        ss.add(t + timedelta(milliseconds=5), node_line(t + timedelta(milliseconds=5), "error", "[%s] image meta lookup failed product=%d attempt=%d/3 trace=%s %s\n"
                                                         "    at ClientRequest.<anonymous> (/app/node_modules/node-fetch/lib/index.js:1501:11)\n"
                                                         "    at getImageMeta (/app/server/lib/images.js:33:21)\n"
                                                         "    at async renderProductPage (/app/server/pages/product.js:71:19)" % (pod, prod, a, trace, err)))
        t = t + timedelta(milliseconds=(2500 if st == 504 else 40) + 250 * a)

# noise
for t in rng.times(START, END, 0.6):
    ipx.add(t, logfmt(t, "error", "origin fetch failed", status=404, origin="s3://acme-media-originals/p/%d/main.jpg" % rng.randint(100000, 999999), pod=rng.choice(PODS)))
for t in rng.times(START, END, 0.9):
    ipx.add(t, logfmt(t, "warn", "source image exceeds 40MP, downscaling before transform", megapixels=rng.randint(41, 90), pod=rng.choice(PODS)))
for t in rng.times(START, END, 0.4):
    ss.add(t, node_line(t, "warn", "[%s] (node:1) [DEP0169] DeprecationWarning: `url.parse()` behavior is not standardized" % rng.choice(SS_PODS)))
for t in rng.times(START, END, 1.5):
    st = 503 if rng.random() < 0.12 else 200
    ng.add(t, nginx_line(t, ip(rng, "10.60"), "GET", "/api/reviews/%d" % rng.randint(100000, 999999), st, 190 if st == 503 else rng.randint(900, 6000), CDN[1],
                         rng.lognorm_ms(80) / 1000.0, "shop-reviews-api-8080", "10.60.%d.%d:8080" % (rng.randint(1, 9), rng.randint(2, 250)), rng.hex(32)))
for t in rng.times(START, END, 0.5):
    ng.add(t, nginx_line(t, ip(rng, "10.60"), "GET", "/img/p/%d/1024x1024.webp" % rng.randint(100000, 999999), 499, 0, CDN[1], 0.4 + rng.random(),
                         "media-image-proxy-8080", "%s:8080" % POD_IP[rng.choice(PODS)], rng.hex(32)))

d = reset_logs(CASE)
ipx.write(d + "/image-proxy.log")
ng.write(d + "/ingress-nginx.access.log")
ev.write(d + "/k8s-events.log")
ss.write(d + "/storefront-ssr.log")
labels = {"alertname": "StorefrontRenderErrors", "severity": "warning", "service": "storefront-ssr", "namespace": "shop", "team": "web"}
write_json(d + "/../alert.json", alertmanager("web-oncall", labels,
    {"summary": "storefront-ssr render errors above 2% for 10m", "description": "rate(ssr_render_errors_total[5m]) / rate(ssr_renders_total[5m]) = 0.061"},
    dt("2026-06-21T11:16:30"), "rate%28ssr_render_errors_total%5B5m%5D%29", "c81d3e0f5a7b2946"))
finish(CASE, {
    "root_cause": {"service": "image-proxy", "component": "disk-cache 304 path leaks a file descriptor per request; pods hit the 1024 open-files limit",
                   "error_type": None, "file": None},
    "category": "resource",
    "symptoms": [{"service": "ingress-nginx", "error_type": "HTTP_504"}, {"service": "storefront-ssr", "error_type": "FetchError"}],
    "why": "image-proxy's open file descriptors climb steadily (runtime stats) until two pods reach their 1024 limit; they then fail to accept connections and to open cache files (too many open files), so the ingress returns 500/502/504 for their images and storefront-ssr's image lookups fail; the restart of one pod clears it there.",
})
