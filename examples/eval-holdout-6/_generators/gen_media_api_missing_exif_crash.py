#!/usr/bin/env python3
"""media-api-missing-exif-crash

Seller app 8.4.0 for Android (phased Play Store rollout) strips EXIF from photos before upload.
media-api (Node 20) auto-orients every upload with `meta.exif.Orientation`; for a photo without
EXIF this throws TypeError "Cannot read properties of undefined (reading 'Orientation')" inside an
un-awaited promise, the unhandledRejection handler logs FATAL and exits, and the pod restarts
(CrashLoopBackOff after a few). Every in-flight upload on that pod is cut off too. listing-service
(Django) retries each photo 3 times, so one EXIF-less photo crashes up to three pods; it logs every
failed attempt and a chained traceback at the end (MediaUploadError, the loudest); edge-envoy
answers 502 to the app. Photos with EXIF are fine.
Noise: corrupt-JPEG warnings in media-api, an Elasticsearch bulk rejection in listing-service since
yesterday, slow-query warnings, a flaky probe of another deployment, envoy health checks.
Sentry issue alert on listing-service.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, node_line, py, pytb, envoy_line, k8s,
                    sentry_alert, pod, ip, uuid)

CASE = "media-api-missing-exif-crash"
rng = Rng(20260512)
START, END = dt("2026-05-12T10:40:00"), dt("2026-05-12T11:32:00")
ROLL = dt("2026-05-12T10:52:00")
ma, ls, ev, en = LogFile(), LogFile(), LogFile(), LogFile()
MA_PODS = [pod(rng, "media-api", "5c7f9d8b6") for _ in range(4)]
LS_PODS = [pod(rng, "listing-service", "7b9c6d5f8") for _ in range(3)]
restarts = {p: 0 for p in MA_PODS}
down_until = {p: START for p in MA_PODS}


def upload_ok(t, lid, pid, p, ua):
    d = rng.lognorm_ms(380)
    te = t + timedelta(milliseconds=d)
    ma.add(te, node_line(te, "info", "POST /v1/images 201 %dms id=img_%s bytes=%d exif=%s pod=%s" % (d, rng.hex(12), rng.randint(900000, 4800000), "present", p)))
    ls.add(te, py(te, "INFO", "listings.media", "photo %s stored for listing %s (%s)" % (pid, lid, ua)))
    en.add(te, envoy_line(te, "POST", "/api/listings/%s/photos" % lid, 201, "-", "via_upstream", rng.randint(900000, 4800000), 212,
                          d + 30, d + 25, ip(rng, "31.%d" % rng.randint(10, 200)), ua, uuid(rng), "seller-api.acme.example", "10.42.7.%d:8000" % rng.randint(2, 250)))


def pick_pod(t):
    up = [p for p in MA_PODS if down_until[p] <= t]
    return rng.choice(up) if up else None


cut = []   # (time, pod) of every crash, to fail in-flight uploads
for t in rng.times(START, END, 9):
    ua = rng.choice(["SellerApp/8.3.2 (iOS 17.4)", "SellerApp/8.3.2 (Android 14)", "SellerApp/8.3.1 (iOS 17.3)"])
    share = 0 if t < ROLL else min(0.06, 0.015 + (t - ROLL).total_seconds() / 30000)
    lid, pid = "L-%08d" % rng.randint(10000000, 99999999), "ph_%s" % rng.hex(10)
    if rng.random() >= share:
        upload_ok(t, lid, pid, rng.choice(MA_PODS), ua)
        continue
    ua = "SellerApp/8.4.0 (Android 14)"
    lp = rng.choice(LS_PODS)
    tr = rng.hex(32)
    ta = t
    for a in range(3):
        p = pick_pod(ta)
        if p is None:
            te = ta + timedelta(milliseconds=rng.randint(2, 9))
            ls.add(te, py(te, "ERROR", "listings.media", "MediaUploadError: photo %s for listing %s failed (attempt %d/3): media-api answered 503 no healthy upstream trace=%s" % (pid, lid, a + 1, tr)))
        else:
            tc = ta + timedelta(milliseconds=rng.randint(140, 400))
            ma.add(tc, node_line(tc, "fatal", "unhandledRejection, exiting pod=%s upload=%s TypeError: Cannot read properties of undefined (reading 'Orientation')\n"
                                 "    at autoOrient (/srv/media-api/dist/pipeline/orient.js:23:27)\n"
                                 "    at processUpload (/srv/media-api/dist/pipeline/index.js:58:11)\n"
                                 "    at async Promise.all (index 1)\n"
                                 "    at async ImageController.create (/srv/media-api/dist/http/images.js:41:5)" % (p, pid)))
            cut.append((tc, p))
            restarts[p] += 1
            back = min(300, 10 * 2 ** max(0, restarts[p] - 2)) if restarts[p] > 1 else 1
            ev.add(tc + timedelta(seconds=1), k8s(tc + timedelta(seconds=1), "Warning", "BackOff", "pod/" + p,
                   "Back-off restarting failed container media-api in pod %s_media(%s)" % (p, uuid(rng))) if restarts[p] > 1 else
                   k8s(tc + timedelta(seconds=1), "Normal", "Pulled", "pod/" + p, 'Container image "registry.acme.internal/media-api:3.9.1" already present on machine'))
            up = tc + timedelta(seconds=back + rng.randint(2, 4))
            down_until[p] = up
            ma.add(up, node_line(up, "info", "media-api 3.9.1 listening on :8080 pod=%s (restart #%d)" % (p, restarts[p])))
            ev.add(up, k8s(up, "Normal", "Started", "pod/" + p, "Started container media-api"))
            te = tc + timedelta(milliseconds=3)
            ls.add(te, py(te, "ERROR", "listings.media", "MediaUploadError: photo %s for listing %s failed (attempt %d/3): ConnectionError('Connection aborted.', RemoteDisconnected('Remote end closed connection without response')) trace=%s" % (pid, lid, a + 1, tr)))
        ta = te + timedelta(milliseconds=500 * (a + 1))
    tf = ta
    tb = pytb([
        ([("/usr/local/lib/python3.12/site-packages/urllib3/connectionpool.py", 793, "urlopen", "response = self._make_request("),
          ("/usr/local/lib/python3.12/site-packages/urllib3/connectionpool.py", 537, "_make_request", "response = conn.getresponse()"),
          ("/usr/local/lib/python3.12/http/client.py", 300, "_read_status", 'raise RemoteDisconnected("Remote end closed connection without"')],
         "http.client.RemoteDisconnected: Remote end closed connection without response", "during"),
        ([("/usr/local/lib/python3.12/site-packages/requests/adapters.py", 682, "send", "raise ConnectionError(err, request=request)")],
         "requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))", "cause"),
        ([("/app/listings/views/photos.py", 61, "post", "photo = media.upload(listing, request.FILES[\"photo\"])"),
          ("/app/listings/media.py", 94, "upload", 'raise MediaUploadError(f"media-api upload failed for {listing.id} after 3 attempts") from exc')],
         "listings.media.MediaUploadError: media-api upload failed for %s after 3 attempts" % lid, None)])
    ls.add(tf, py(tf, "ERROR", "django.request", "Internal Server Error: /api/listings/%s/photos trace=%s pod=%s" % (lid, tr, lp)) + "\n" + tb)
    en.add(tf, envoy_line(tf, "POST", "/api/listings/%s/photos" % lid, 502, "-", "via_upstream", rng.randint(900000, 4800000), 131,
                          int((tf - t).total_seconds() * 1000) + 12, int((tf - t).total_seconds() * 1000) + 8,
                          ip(rng, "31.%d" % rng.randint(10, 200)), ua, uuid(rng), "seller-api.acme.example", "10.42.7.%d:8000" % rng.randint(2, 250)))
# uploads that were in flight on a pod when it crashed
for tc, p in cut:
    for _ in range(rng.randint(0, 2)):
        lid, pid = "L-%08d" % rng.randint(10000000, 99999999), "ph_%s" % rng.hex(10)
        te = tc + timedelta(milliseconds=rng.randint(1, 6))
        ls.add(te, py(te, "ERROR", "listings.media", "MediaUploadError: photo %s for listing %s failed (attempt 1/3): ConnectionError('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer')) trace=%s" % (pid, lid, rng.hex(32))))
        upload_ok(te + timedelta(milliseconds=500), lid, pid, rng.choice(MA_PODS), "SellerApp/8.3.2 (iOS 17.4)")
# noise
for t in rng.times(START, END, 0.8):
    ma.add(t, node_line(t, "warn", "sharp: Corrupt JPEG data: %d extraneous bytes before marker 0xd9 (image kept)" % rng.randint(1, 400)))
for t in rng.times(START, END, 0.3):
    ls.add(t, py(t, "ERROR", "listings.search_sync", "Elasticsearch bulk partial failure: 1 of 200 docs rejected: mapper_parsing_exception failed to parse field [attributes.weight_kg] (failing since 2026-05-11 16:40)"))
for t in rng.times(START, END, 0.5):
    ls.add(t, py(t, "WARNING", "django.db.backends", "slow query (%d ms): SELECT ... FROM listings_listing WHERE seller_id = %%s ORDER BY updated_at DESC" % rng.randint(600, 1900)))
for t in rng.times(START, END, 0.12):
    ev.add(t, k8s(t, "Warning", "Unhealthy", "pod/" + pod(rng, "price-suggester", "6d7b8c9f5"), "Readiness probe failed: Get \"http://10.42.3.%d:8000/ready\": context deadline exceeded" % rng.randint(2, 250)))
for m in range(52):
    t = START + timedelta(minutes=m, seconds=3)
    en.add(t, envoy_line(t, "GET", "/healthz", 200, "-", "via_upstream", 0, 2, 1, 1, "10.42.0.1", "Envoy/HC", uuid(rng), "seller-api.acme.example", "10.42.7.11:8000"))

d = reset_logs(CASE)
ma.write(d + "/media-api.log")
ls.write(d + "/listing-service.log")
ev.write(d + "/k8s-events.log")
en.write(d + "/edge-envoy.access.log")
when = dt("2026-05-12T11:03:17.552")
frames = [
    {"filename": "listings/views/photos.py", "abs_path": "/app/listings/views/photos.py", "module": "listings.views.photos", "function": "post", "lineno": 61,
     "context_line": "        photo = media.upload(listing, request.FILES[\"photo\"])", "in_app": True},
    {"filename": "listings/media.py", "abs_path": "/app/listings/media.py", "module": "listings.media", "function": "upload", "lineno": 94,
     "context_line": "            raise MediaUploadError(f\"media-api upload failed for {listing.id} after 3 attempts\") from exc", "in_app": True},
]
write_json(d + "/../alert.json", sentry_alert(
    event_id="9f1c2d3e4a5b46c7d8e9f0a1b2c3d4e5", project=4507350, release="listing-service@2026.05.2", platform="python", when=when,
    logger="django.request", title="MediaUploadError: media-api upload failed for L-58203317 after 3 attempts",
    culprit="listings.media in upload", location="listings/media.py",
    tags=[("environment", "production"), ("handled", "no"), ("level", "error"), ("mechanism", "django"), ("release", "listing-service@2026.05.2"),
          ("server_name", LS_PODS[0]), ("transaction", "/api/listings/{id}/photos"), ("url", "https://seller-api.acme.example/api/listings/L-58203317/photos")],
    request={"method": "POST", "url": "https://seller-api.acme.example/api/listings/L-58203317/photos",
             "headers": [["Content-Type", "multipart/form-data"], ["User-Agent", "SellerApp/8.4.0 (Android 14)"]]},
    exc_type="MediaUploadError", exc_value="media-api upload failed for L-58203317 after 3 attempts", exc_module="listings.media",
    mechanism="django", frames=frames, org="acme", slug="listing-service", issue_id="6402217730",
    rule="listing-service: new issue", installation="2b7e4c1a-9d3f-4e8a-b1c5-0f6a7d8e9c21"))
finish(CASE, {
    "root_cause": {"service": "media-api", "component": "pipeline/orient.js autoOrient (meta.exif.Orientation read without a guard; rejection not handled)",
                   "error_type": "TypeError", "file": "src/pipeline/orient.ts"},
    "category": "code",
    "symptoms": [{"service": "listing-service", "error_type": "MediaUploadError"},
                 {"service": "edge-envoy", "error_type": "HTTP_502"}],
    "why": "Seller app 8.4.0 uploads photos without EXIF; media-api reads meta.exif.Orientation unguarded, the TypeError escapes as an unhandled rejection and the process exits, killing every upload in flight on that pod. listing-service's three attempts per photo crash up to three pods each and make its MediaUploadError the loudest; media-api must handle missing EXIF.",
})
