#!/usr/bin/env python3
"""media-nginx-client-max-body-size

At 14:06 an Argo CD sync updates the media-nginx ConfigMap (limits.conf); the config-reloader
sidecar validates it and sends SIGHUP. The new config sets client_max_body_size 1m (was 25m), so
from that second every photo upload above 1 MiB is refused by nginx itself with 413 ("client
intended to send too large body") and never reaches media-upload; small uploads and all reads
keep working. mobile-bff (Node) retries each upload 3 times and logs every attempt as
PhotoUploadError (the loudest); seller-portal (jsonl) fails listing images. nginx has no
exception of its own and 413 is not a 5xx.
Noise: media-upload thumbnail-queue warnings, an older mobile-bff push-token error, seller-portal
session warnings, a flaky upstream health check (502).
Alertmanager alert on mobile-bff.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, node_line, logfmt, nginx_line, nginx_err, k8s,
                    iso_s, alertmanager, uuid, trace, span)

CASE = "media-nginx-client-max-body-size"
rng = Rng(20250311)
START, END = dt("2025-03-11T13:46:00"), dt("2025-03-11T14:31:00")
RELOAD = dt("2025-03-11T14:06:01")
acc, err, rel, mb, sp_, mu = LogFile(), LogFile(), LogFile(), LogFile(), LogFile(), LogFile()
LIMIT = 1024 * 1024
UP = "10.42.%d.%d:8080" % (rng.randint(1, 9), rng.randint(2, 250))
SP_DEP = {"version": "4.19.0", "commit": "c2e8f51"}

rel.add(RELOAD - timedelta(seconds=1), "%s [config-reloader] /etc/nginx/conf.d/limits.conf changed (sha256 3f1ac09e -> 9bc2d74a)" % iso_s(RELOAD - timedelta(seconds=1)))
rel.add(RELOAD - timedelta(milliseconds=600), "%s [config-reloader] nginx -t: the configuration file /etc/nginx/nginx.conf syntax is ok; configuration file /etc/nginx/nginx.conf test is successful" % iso_s(RELOAD))
rel.add(RELOAD - timedelta(milliseconds=500), "%s [config-reloader] sending SIGHUP to nginx master (pid 1)" % iso_s(RELOAD))
for i, msg in enumerate(["signal 1 (SIGHUP) received from 14, reconfiguring", "reconfiguring", 'using the "epoll" event method',
                         "start worker processes", "start worker process 318", "start worker process 319",
                         "gracefully shutting down", "exiting", "exit"]):
    t = RELOAD + timedelta(milliseconds=3 * i + (400 if i >= 6 else 0))
    err.add(t, nginx_err(t, "notice", 1 if i < 6 else 27 + (i - 6) % 2, 0, msg))
ke = LogFile()
ke.add(RELOAD - timedelta(seconds=14), k8s(RELOAD - timedelta(seconds=14), "Normal", "OperationStarted", "application/media-edge", "Initiated automated sync to '7d2c9e1'"))
ke.add(RELOAD - timedelta(seconds=11), k8s(RELOAD - timedelta(seconds=11), "Normal", "OperationCompleted", "application/media-edge", "Sync operation to 7d2c9e1 succeeded"))
for t in rng.times(START, END, 0.2):
    ke.add(t, k8s(t, "Warning", "Unhealthy", "pod/media-upload-6c9f8d7b5-x2kqp", 'Liveness probe failed: Get "http://10.42.3.77:8080/live": context deadline exceeded'))
for t in rng.times(START, END, 0.08):
    ke.add(t, k8s(t, "Normal", "SuccessfulRescale", "horizontalpodautoscaler/mobile-bff", "New size: %d; reason: cpu resource utilization (percentage of request) above target" % rng.randint(4, 6)))
conn = 48000


def wpid(t, c):
    """nginx worker pid: the reload at 14:06 replaces workers 27/28 with 318/319"""
    return (318 if t >= RELOAD else 27) + c % 2


def upload(t, client, path, size, tr):
    """one POST through media-nginx; returns (status, done)"""
    global conn
    conn += rng.randint(1, 9)
    cip = "10.42.%d.%d" % (rng.randint(1, 9), rng.randint(2, 250))
    if t >= RELOAD and size > LIMIT:
        err.add(t, nginx_err(t, "error", wpid(t, conn), conn,
                             'client intended to send too large body: %d bytes, client: %s, server: media.acme.internal, request: "POST %s HTTP/1.1", host: "media.acme.internal"' % (size, cip, path)))
        acc.add(t, nginx_line(t, cip, "POST", path, 413, 176, client, 0.000, "-", "-", rng.hex(32), req_len=size))
        return 413, t + timedelta(milliseconds=2)
    d = rng.lognorm_ms(180 + size // 20000)
    td = t + timedelta(milliseconds=d)
    mu.add(td, logfmt(td, "info", "stored", path=path, bytes=size, duration_ms=d, trace_id=tr))
    acc.add(td, nginx_line(td, cip, "POST", path, 201, 311, client, d / 1000, "media-upload", UP, rng.hex(32), req_len=size))
    return 201, td + timedelta(milliseconds=3)


for t in rng.times(START, END, 6.5):
    size = int(rng.lognormvariate(14.7, 0.6)) if rng.random() < 0.85 else rng.randint(40000, 700000)
    tr = trace(rng)
    if rng.random() < 0.7:
        ta = t
        for a in range(3):
            st, td = upload(ta, "okhttp/4.12.0", "/v2/photos", size, tr)
            if st == 201:
                mb.add(td, node_line(td, "info", "POST /api/photos 201 %dms bytes=%d trace=%s" % ((td - t).total_seconds() * 1000, size, tr)))
                break
            mb.add(td + timedelta(milliseconds=4), node_line(td + timedelta(milliseconds=4), "error",
                   "PhotoUploadError: media upload failed with 413 Request Entity Too Large (attempt %d/3, bytes=%d) trace=%s\n"
                   "    at MediaClient.upload (/srv/app/dist/clients/media.js:88:13)\n"
                   "    at async uploadPhoto (/srv/app/dist/routes/photos.js:42:20)" % (a + 1, size, tr)))
            ta = td + timedelta(milliseconds=300 * (a + 1))
        else:
            mb.add(ta, node_line(ta, "warn", "POST /api/photos 502 after 3 upload attempts trace=%s" % tr))
    else:
        st, td = upload(t, "Mozilla/5.0 (seller-portal)", "/v2/listing-images", size, tr)
        if st == 201:
            sp_.add(td, jrec(td, "INFO", "seller-portal", "listing image uploaded", component="listings.images", trace_id=tr, span_id=span(rng), deploy=SP_DEP,
                             attrs={"bytes": size}))
        else:
            sp_.add(td, jrec(td, "ERROR", "seller-portal", "listing image upload failed: media edge answered 413 Request Entity Too Large", component="listings.images",
                             error_type="MediaUploadException", trace_id=tr, span_id=span(rng), deploy=SP_DEP, attrs={"bytes": size, "listing": rng.randint(100000, 999999)}))
for t in rng.times(START, END, 11):
    cip = "10.42.%d.%d" % (rng.randint(1, 9), rng.randint(2, 250))
    d = rng.lognorm_ms(12)
    acc.add(t, nginx_line(t, cip, "GET", "/v2/photos/%s/w640.jpg" % rng.hex(12), 200, rng.randint(30000, 180000), "okhttp/4.12.0", d / 1000, "media-upload", UP, rng.hex(32)))
# noise
for k in range(int((END - START).total_seconds() // 30)):
    t = START + timedelta(seconds=30 * k + 11)
    bad = rng.random() < 0.03
    acc.add(t, nginx_line(t, "10.42.0.1", "GET", "/upstream-health", 502 if bad else 200, 150 if bad else 2, "kube-probe/1.30", 0.5 if bad else 0.001, "media-upload", UP, rng.hex(32)))
    if bad:
        err.add(t, nginx_err(t, "error", wpid(t, k), 0, "upstream prematurely closed connection while reading response header from upstream, client: 10.42.0.1, server: media.acme.internal, request: \"GET /upstream-health HTTP/1.1\", upstream: \"http://%s/health\"" % UP))
for t in rng.times(START, END, 0.6):
    mu.add(t, logfmt(t, "warn", "thumbnail queue depth high", depth=rng.randint(210, 480), workers=8))
for t in rng.times(START, END, 0.5):
    mb.add(t, node_line(t, "error", "push: FCM rejected token (messaging/registration-token-not-registered) user=%d" % rng.randint(10 ** 6, 10 ** 7)))
for t in rng.times(START, END, 0.3):
    sp_.add(t, jrec(t, "WARN", "seller-portal", "session refresh raced, reissuing", component="auth.session", deploy=SP_DEP))
for t in rng.times(START, END, 3):
    mb.add(t, node_line(t, "info", "GET /api/%s 200 %dms" % (rng.choice(["feed", "me", "listings/%d" % rng.randint(100000, 999999)]), rng.lognorm_ms(40))))

d = reset_logs(CASE)
acc.write(d + "/media-nginx.access.log")
err.write(d + "/media-nginx.error.log")
rel.write(d + "/media-nginx.reloader.log")
mb.write(d + "/mobile-bff.log")
sp_.write(d + "/seller-portal.jsonl")
mu.write(d + "/media-upload.log")
ke.write(d + "/k8s-events.log")
labels = {"alertname": "MobilePhotoUploadFailures", "service": "mobile-bff", "severity": "high", "team": "marketplace", "env": "prod"}
write_json(d + "/../alert.json", alertmanager("marketplace-oncall", labels,
    {"summary": "mobile-bff: 74% of photo uploads failing", "description": "photo upload error ratio 0.74 over 10m (threshold 0.1)"},
    dt("2025-03-11T14:14:00"), "sum(rate(mobile_bff_photo_upload_errors_total%5B10m%5D))+%2F+sum(rate(mobile_bff_photo_uploads_total%5B10m%5D))", "e51b0c9d7a3f2648"))
finish(CASE, {
    "root_cause": {"service": "media-nginx", "component": "ConfigMap media-nginx limits.conf (Argo CD sync 7d2c9e1): client_max_body_size 1m",
                   "error_type": None, "file": None},
    "category": "config",
    "symptoms": [{"service": "mobile-bff", "error_type": "PhotoUploadError"}, {"service": "seller-portal", "error_type": "MediaUploadException"}],
    "why": "The 14:06 reload of media-nginx with a new limits.conf caps request bodies at 1 MiB; from that second nginx itself rejects every larger upload with 413 (client intended to send too large body) before media-upload sees it, so mobile-bff's retried uploads and seller-portal's listing images fail while small uploads and reads work.",
})
