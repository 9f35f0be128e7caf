"""media-proxy-unhandled-rejection-404 (code): media-proxy warms other image sizes with a
fire-and-forget promise; after the weekly purge of discontinued products the origin answers 404,
the rejection is unhandled and the process exits. Pods crash-loop; storefront's tile lookups are loudest."""
import os
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish, node_line, nginx_line, logfmt,
                    k8s, alertmanager, ip)

CASE = "media-proxy-unhandled-rejection-404"
rng = Rng(7002)
logs = reset_logs(CASE)
START, END = dt("2025-04-22T05:20:00"), dt("2025-04-22T06:50:00")
PURGE_DONE = dt("2025-04-22T05:38:12")

mp, sf, ing, ev = LogFile(), LogFile(), LogFile(), LogFile()
RS = "5d8c7b9f6"
PODS = ["media-proxy-%s-%s" % (RS, s) for s in ("h2kqz", "p8vbn", "x4ltr")]
POD_UID = {p: rng.hex(8) + "-" + rng.hex(4) + "-" + rng.hex(4) + "-" + rng.hex(4) + "-" + rng.hex(12) for p in PODS}
POD_IP = {p: "10.42.%d.%d" % (rng.randint(1, 9), rng.randint(2, 250)) for p in PODS}
LIVE = ["P-%d" % rng.randint(10000, 79999) for _ in range(400)]
PURGED = ["P-%d" % rng.randint(80000, 89999) for _ in range(120)]
UA = ["Amazon CloudFront", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"]
SIZES = ["200w", "400w", "800w", "1600w"]


def purged_share(t):
    """CDN copies of purged products' images expire over the first hour after the purge"""
    if t < PURGE_DONE + timedelta(minutes=3):
        return 0.0
    return min(0.10, 0.10 * (t - PURGE_DONE).total_seconds() / 2400.0)


class Pod:
    def __init__(self, name):
        self.name, self.up_at, self.crash_at, self.restarts, self.started = name, START - timedelta(days=2), None, 0, START - timedelta(days=2)
        self.down = []  # (crash, back up) intervals, for the readiness probe events


pods = [Pod(p) for p in PODS]


def crash(p, t, product, size):
    p.crash_at = t
    url = "https://images-origin.s3.eu-central-1.amazonaws.com/products/%s/original.jpg" % product
    mp.add(t, node_line(t, "fatal", "unhandled promise rejection, exiting pod=%s\n"
                                    "AxiosError: Request failed with status code 404\n"
                                    "    at settle (/app/node_modules/axios/dist/node/axios.cjs:1966:12)\n"
                                    "    at IncomingMessage.handleStreamEnd (/app/node_modules/axios/dist/node/axios.cjs:3065:11)\n"
                                    "    at IncomingMessage.emit (node:events:530:35)\n"
                                    "    at endReadableNT (node:internal/streams/readable:1698:12)\n"
                                    "    at process.processTicksAndRejections (node:internal/process/task_queues:82:21)\n"
                                    "    at Axios.request (/app/node_modules/axios/dist/node/axios.cjs:3876:41)\n"
                                    "    at async fetchOriginal (/app/src/origin.js:22:15)\n"
                                    "    at async Promise.all (index %d)\n"
                                    "    at async prefetchVariants (/app/src/prefetch.js:41:19) {\n"
                                    "  code: 'ERR_BAD_REQUEST',\n"
                                    "  config: { method: 'get', url: '%s' },\n"
                                    "  status: 404\n"
                                    "}" % (p.name, SIZES.index(size) if size in SIZES else 0, url)))
    uptime = (t - p.started).total_seconds()
    p.restarts = p.restarts + 1 if uptime < 600 else 1
    delay = 0 if p.restarts == 1 else min(10 * 2 ** (p.restarts - 2), 300)
    back = t + timedelta(seconds=1.2 + delay + rng.uniform(0.8, 2.0))
    te = t + timedelta(seconds=1)
    if delay:
        ev.add(te, k8s(te, "Warning", "BackOff", "pod/" + p.name, "Back-off restarting failed container media-proxy in pod %s_media(%s)" % (p.name, POD_UID[p.name])))
    for reason, msg in (("Pulled", 'Container image "registry.acme.example/media/media-proxy:2.9.1" already present on machine'),
                        ("Created", "Created container media-proxy"), ("Started", "Started container media-proxy")):
        ev.add(back, k8s(back, "Normal", reason, "pod/" + p.name, msg))
    startup(p, back)
    p.up_at = back + timedelta(seconds=rng.uniform(1.5, 2.5))
    p.started = back
    p.down.append((t, p.up_at))
    for _ in range(rng.randint(0, 3)):  # other requests in flight on the pod when it exits
        ti = t - timedelta(milliseconds=rng.randint(5, 400))
        ing.add(t, nginx_line(t, "130.176.%d.%d" % (rng.randint(0, 255), rng.randint(1, 254)), "GET", "/img/%s/%s.webp" % (rng.choice(LIVE), rng.choice(SIZES)),
                              502, 150, UA[0], (t - ti).total_seconds(), "media-media-proxy-8080", "%s:8080" % POD_IP[p.name], rng.hex(32), 310))


def startup(p, t):
    mp.add(t, node_line(t, "info", "media-proxy 2.9.1 starting pod=%s node=v20.12.2 sharp=0.33.3 libvips=8.15.2" % p.name))
    t2 = t + timedelta(milliseconds=rng.randint(400, 900))
    mp.add(t2, node_line(t2, "info", "origin https://images-origin.s3.eu-central-1.amazonaws.com, cache dir /cache (emptyDir), variants 200w,400w,800w,1600w"))
    t3 = t2 + timedelta(milliseconds=rng.randint(300, 700))
    mp.add(t3, node_line(t3, "info", "listening on :8080 pod=%s" % p.name))


def up(t):
    return [p for p in pods if p.up_at <= t and (p.crash_at is None or p.crash_at < p.up_at or t < p.crash_at)]


requests = sorted([(t, "img") for t in rng.times(START, END, 12.0)] + [(t, "page") for t in rng.times(START, END, 3.0)])
for t, kind in requests:
    live = up(t)
    if kind == "page":  # storefront SSR: one /meta lookup per product tile, straight to the service
        page = rng.choice(["/c/%s" % c for c in ("kitchen", "lighting", "garden", "bathroom", "storage")] + ["/p/" + rng.choice(LIVE)])
        tiles = rng.randint(4, 6)
        fails = 0
        for i in range(tiles):
            ti = t + timedelta(milliseconds=5 + 3 * i)
            prod = rng.choice(LIVE)
            if not live:
                fails += 1
                sf.add(ti, logfmt(ti, "error", "image meta lookup failed", product=prod, page=page,
                                  err='Get "http://media-proxy.media.svc:8080/meta/%s": dial tcp 10.43.18.77:8080: connect: connection refused' % prod))
        ts = t + timedelta(milliseconds=rng.randint(60, 180))
        sf.add(ts, logfmt(ts, "info", "rendered", page=page, status=200, tiles=tiles, images_missing=fails, dur_ms=rng.randint(60, 180)))
        continue
    purged = rng.random() < purged_share(t)
    prod = rng.choice(PURGED if purged else LIVE)
    size = rng.choice(SIZES)
    path = "/img/%s/%s.webp" % (prod, size)
    rid = rng.hex(32)
    client = "130.176.%d.%d" % (rng.randint(0, 255), rng.randint(1, 254))
    ua = UA[0] if rng.random() < 0.8 else UA[1]
    if not live:
        ing.add(t, nginx_line(t, client, "GET", path, 503, 190, ua, 0.0, "media-media-proxy-8080", "-", rid, 310))
        continue
    p = rng.choice(live)
    dur = rng.lognorm_ms(140 if not purged else 90) / 1000.0
    tend = t + timedelta(seconds=dur)
    if p.crash_at is not None and t < p.crash_at <= tend and p.crash_at > p.up_at:
        ing.add(tend, nginx_line(tend, client, "GET", path, 502, 150, ua, dur, "media-media-proxy-8080", "%s:8080" % POD_IP[p.name], rid, 310))
        continue
    hit = (not purged) and rng.random() < 0.7
    if purged:
        mp.add(tend, node_line(tend, "warn", "origin 404 for products/%s/original.jpg, serving placeholder pod=%s" % (prod, p.name)))
        ing.add(tend, nginx_line(tend, client, "GET", path, 404, 2210, ua, dur, "media-media-proxy-8080", "%s:8080" % POD_IP[p.name], rid, 310))
        crash(p, tend + timedelta(milliseconds=rng.randint(40, 160)), prod, rng.choice([s for s in SIZES if s != size]))
        continue
    if not hit and rng.random() < 0.5:
        mp.add(tend, node_line(tend, "info", "GET %s 200 %dms cache=miss origin_ms=%d pod=%s" % (path, dur * 1000, dur * 700, p.name)))
    ing.add(tend, nginx_line(tend, client, "GET", path, 200, rng.randint(9000, 160000), ua, dur, "media-media-proxy-8080", "%s:8080" % POD_IP[p.name], rid, 310))

for t in rng.times(START, END, 3.0):  # readiness probes fail while a pod is down
    for p in pods:
        if any(a <= t < b for a, b in p.down) and rng.random() < 0.3:
            ev.add(t, k8s(t, "Warning", "Unhealthy", "pod/" + p.name, 'Readiness probe failed: Get "http://%s:8080/healthz": dial tcp %s:8080: connect: connection refused' % (POD_IP[p.name], POD_IP[p.name])))

# benign noise
for t in rng.times(START, END, 1 / 6.0):
    mp.add(t, node_line(t, "warn", "vips warning: %s: unable to load ICC profile, using sRGB pod=%s" % (rng.choice(["jpegload", "pngload"]), rng.choice(PODS))))
for t in rng.times(START, END, 1 / 4.0):
    sf.add(t, logfmt(t, "error", "recommendations call failed", upstream="recs-api", err="context deadline exceeded", since="2025-04-22T02:10Z"))
for t in rng.times(START, END, 1 / 3.0):
    sf.add(t, logfmt(t, "warn", "slow upstream", upstream="catalog-api", dur_ms=rng.randint(800, 1900), path="/v1/categories"))
for t in rng.times(START, END, 0.5):
    st = 504 if rng.random() < 0.04 else 200
    ing.add(t, nginx_line(t, "34.91.%d.%d" % (rng.randint(0, 255), rng.randint(1, 254)), "GET", "/healthz", st, 2 if st == 200 else 160,
                          "Better Stack Bot", 5.0 if st == 504 else 0.002, "media-media-proxy-8080", "%s:8080" % POD_IP[PODS[0]], rng.hex(32), 120))
for t in rng.times(START, END, 1 / 10.0):
    n = rng.randint(3, 7)
    ev.add(t, k8s(t, "Normal", "SuccessfulRescale", "horizontalpodautoscaler/storefront", "New size: %d; reason: cpu resource utilization (percentage of request) above target" % n))
ev.add(dt("2025-04-22T05:30:00"), k8s(dt("2025-04-22T05:30:00"), "Normal", "SuccessfulCreate", "job/catalog-purge-29087130", "Created pod: catalog-purge-29087130-7mq4d"))
ev.add(PURGE_DONE, k8s(PURGE_DONE, "Normal", "Completed", "job/catalog-purge-29087130", "Job completed"))
ev.add(PURGE_DONE, k8s(PURGE_DONE, "Normal", "SawCompletedJob", "cronjob/catalog-purge", "Saw completed job: catalog-purge-29087130, status: Complete"))

mp.write(os.path.join(logs, "media-proxy.log"))
sf.write(os.path.join(logs, "storefront.log"))
ing.write(os.path.join(logs, "ingress-nginx.access.log"))
ev.write(os.path.join(logs, "k8s-events.log"))

labels = {"alertname": "StorefrontImagesErrorRatio", "severity": "critical", "namespace": "media", "ingress": "img-shop",
          "service": "storefront", "env": "prod"}
write_json(os.path.join(case_dir(CASE), "alert.json"), alertmanager(
    "web-oncall", labels,
    {"summary": "img.shop.example 5xx ratio 19% (threshold 2%)",
     "description": "Product images are failing for shoppers; storefront pages render with missing images.",
     "runbook_url": "https://runbooks.acme.example/storefront/images"},
    dt("2025-04-22T06:02:00"),
    "sum(rate(nginx_ingress_controller_requests{ingress=\"img-shop\",status=~\"5..\"}[5m]))/sum(rate(nginx_ingress_controller_requests{ingress=\"img-shop\"}[5m]))>0.02",
    "7c4e19a2b05d3f81"))

finish(CASE, {
    "root_cause": {"service": "media-proxy", "component": "prefetchVariants() called without await/catch; a rejected origin fetch hits the exit-on-unhandledRejection handler",
                   "error_type": "AxiosError", "file": "src/prefetch.js"},
    "category": "code",
    "symptoms": [{"service": "storefront", "error_type": None},
                 {"service": "ingress-nginx", "error_type": "HTTP_503"},
                 {"service": "k8s-events", "error_type": None}],
    "why": "media-proxy warms the other sizes of an image in a promise nobody awaits; once the 05:38 purge removed discontinued products' originals, each request for such an image makes that prefetch reject with a 404 AxiosError, the unhandledRejection handler exits the process, and the pods crash-loop with growing back-off. Storefront's tile lookups get connection refused and the ingress answers 502/503; the 404 itself is handled fine on the awaited path.",
})
