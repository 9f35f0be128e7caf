#!/usr/bin/env python3
"""profile-service-4-12-preferences-undefined

profile-service (Node/TypeScript) 4.12.0 rolls out progressively from 11:02 (1 of 4 pods,
2 at 11:10, all 4 at 11:18). The release upgraded the ORM; relations that used to come back
as an empty object now come back undefined for users who never saved preferences (~30% of
accounts), and formatProfile reads user.preferences.locale without a guard. Every profile
read for such a user on a 4.12.0 pod throws TypeError and returns 500; 4.11.3 pods keep
serving them. feed-service (Python) falls back to default personalisation and logs WARNING;
the web gateway shows the 500s of direct profile calls. Here the loudest error is the root
cause: a case where the naive baseline is right.
Noise: avatar CDN purge failures since yesterday, feed-service cache misses, readiness
flakes during the rollout.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, pylog, nginx_line, k8s,
                    generic_alert, iso_ms)

CASE = "profile-service-4-12-preferences-undefined"
rng = Rng(20250701)
START, END = dt("2025-07-01T10:30:00"), dt("2025-07-01T11:45:00")
OLD = ["profile-service-5b9d8c7f4-2hxkq", "profile-service-5b9d8c7f4-8jv3n", "profile-service-5b9d8c7f4-lq6wz", "profile-service-5b9d8c7f4-t9r4m"]
NEW = ["profile-service-69c4f7d8b-4kzpw", "profile-service-69c4f7d8b-9vx2c", "profile-service-69c4f7d8b-fh7ts", "profile-service-69c4f7d8b-q2m8d"]
STEPS = [dt("2025-07-01T11:02:10"), dt("2025-07-01T11:10:05"), dt("2025-07-01T11:14:40"), dt("2025-07-01T11:18:20")]

ps, fs, gw, ev = LogFile(), LogFile(), LogFile(), LogFile()


def pods_at(t):
    k = sum(1 for s in STEPS if s <= t)
    return [(p, "4.12.0") for p in NEW[:k]] + [(p, "4.11.3") for p in OLD[k:]]


def node(t, level, pod, ver, msg):
    return "[%s] %s profile-service pod=%s v=%s: %s" % (iso_ms(t), level, pod, ver, msg)


for p in OLD:
    t = START + timedelta(seconds=rng.randint(1, 30))
    ps.add(t, node(t, "INFO", p, "4.11.3", "connection pool ready (pg profiles-db:5432, size=20), redis profile-cache:6379 connected"))
for i, s in enumerate(STEPS):
    ev.add(s, k8s(s, "Normal", "ScalingReplicaSet", "deployment/profile-service", "Scaled up replica set profile-service-69c4f7d8b to %d from %d" % (i + 1, i)))
    ev.add(s + timedelta(seconds=1), k8s(s + timedelta(seconds=1), "Normal", "Pulled", "pod/" + NEW[i], 'Container image "registry.acme.io/identity/profile-service:4.12.0" already present on machine'))
    ev.add(s + timedelta(seconds=2), k8s(s + timedelta(seconds=2), "Normal", "Started", "pod/" + NEW[i], "Started container profile-service"))
    if rng.random() < 0.7:
        ev.add(s + timedelta(seconds=5), k8s(s + timedelta(seconds=5), "Warning", "Unhealthy", "pod/" + NEW[i], 'Readiness probe failed: Get "http://10.70.%d.%d:8080/ready": dial tcp 10.70.%d.%d:8080: connect: connection refused' % (2, 30 + i, 2, 30 + i)))
    ps.add(s + timedelta(seconds=6), node(s + timedelta(seconds=6), "INFO", NEW[i], "4.12.0", "profile-service 4.12.0 (commit 3e7a91c, orm 5.14.0) listening on :8080"))
    ps.add(s + timedelta(seconds=6, milliseconds=40), node(s + timedelta(seconds=6, milliseconds=40), "INFO", NEW[i], "4.12.0", "connection pool ready (pg profiles-db:5432, size=20), redis profile-cache:6379 connected"))
    tk = s + timedelta(seconds=22)
    ev.add(tk, k8s(tk, "Normal", "ScalingReplicaSet", "deployment/profile-service", "Scaled down replica set profile-service-5b9d8c7f4 to %d from %d" % (3 - i, 4 - i)))
    ev.add(tk, k8s(tk, "Normal", "Killing", "pod/" + OLD[i], "Stopping container profile-service"))
    ps.add(tk + timedelta(seconds=1), node(tk + timedelta(seconds=1), "INFO", OLD[i], "4.11.3", "SIGTERM received, closing server (in-flight: %d)" % rng.randint(0, 4)))

STACK = ("TypeError: Cannot read properties of undefined (reading 'locale')\n"
         "    at formatProfile (/app/dist/profiles/format.js:41:38)\n"
         "    at ProfileController.get (/app/dist/profiles/controller.js:27:16)\n"
         "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n"
         "    at async /app/node_modules/express-async-handler/index.js:25:9")


def profile_read(t, uid, caller, trace):
    pod, ver = rng.choice(pods_at(t))
    no_prefs = (int(uid[2:]) % 10) < 3
    if ver == "4.12.0" and no_prefs:
        ps.add(t, node(t, "ERROR", pod, ver, "GET /v2/profiles/%s failed (caller=%s trace=%s) -> 500\n%s" % (uid, caller, trace, STACK)))
        return False
    ms = rng.lognorm_ms(14)
    if rng.random() < 0.15:
        ps.add(t, node(t, "INFO", pod, ver, "GET /v2/profiles/%s 200 %dms caller=%s" % (uid, ms, caller)))
    return True


UAS = ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "AcmeSocial-Android/12.4.0"]
for t in rng.times(START, END, 9.0):   # direct profile reads from the apps through the gateway
    uid = "u_%07d" % rng.randint(1000000, 9999999)
    trace = rng.hex(32)
    ok = profile_read(t, uid, "web-gateway", trace)
    ip = "100.64.%d.%d" % (rng.randint(0, 63), rng.randint(1, 254))
    path = rng.choice(["/api/profile/me", "/api/profile/%s" % uid])
    up = "10.70.2.%d:8080" % rng.randint(10, 40)
    gw.add(t, nginx_line(t, ip, "GET", path, 200 if ok else 500, rng.randint(700, 2400) if ok else 52, rng.choice(UAS), rng.uniform(0.008, 0.06),
                         "identity-profile-service-8080", up, trace))
for t in rng.times(START, END, 7.0):   # feed-service personalisation lookups
    uid = "u_%07d" % rng.randint(1000000, 9999999)
    trace = rng.hex(32)
    if not profile_read(t, uid, "feed-service", trace):
        tw = t + timedelta(milliseconds=rng.randint(3, 20))
        fs.add(tw, "%s WARNING [feed.personalise] profile lookup for %s failed (500 from profile-service, trace_id=%s); using default locale/interests" % (pylog(tw), uid, trace))
    elif rng.random() < 0.3:
        fs.add(t, "%s INFO [feed.api] GET /v1/feed user=%s 200 items=40 %dms" % (pylog(t), uid, rng.lognorm_ms(80)))
    ip = "100.64.%d.%d" % (rng.randint(0, 63), rng.randint(1, 254))
    gw.add(t, nginx_line(t, ip, "GET", "/api/feed", 200, rng.randint(20000, 60000), rng.choice(UAS), rng.uniform(0.05, 0.2), "social-feed-service-8000", "10.70.5.%d:8000" % rng.randint(10, 40), trace))

# noise
for t in rng.times(START, END, 0.35):
    pod, ver = rng.choice(pods_at(t))
    ps.add(t, node(t, "ERROR", pod, ver, "avatar CDN purge failed for u_%07d: PurgeError: 403 Forbidden from https://api.cdn-provider.example/purge (token scope, since 2025-06-30T17:00Z)" % rng.randint(1000000, 9999999)))
for t in rng.times(START, END, 0.8):
    fs.add(t, "%s WARNING [feed.cache] redis GET feed:v3:%s miss ratio 0.%02d above 0.25" % (pylog(t), rng.alnum(6), rng.randint(26, 40)))
for t in rng.times(START, END, 0.15):
    gw.add(t, nginx_line(t, "10.70.0.1", "GET", "/healthz", 502, 150, "kube-probe/1.30", 0.001, "identity-profile-service-8080", "10.70.2.%d:8080" % rng.randint(10, 40), rng.hex(32)))

d = reset_logs(CASE)
ps.write(d + "/profile-service.log")
fs.write(d + "/feed-service.log")
gw.write(d + "/web-gateway.access.log")
ev.write(d + "/k8s-events.log")
write_json(d + "/../alert.json", generic_alert(
    "profile-service", "profile-service: 5xx on GET /v2/profiles/{id} at 17% since 11:03 (rollout 4.12.0 in progress)", "high",
    "0c7d2e9f4a1b6385", dt("2025-07-01T11:12:00"),
    {"env": "prod", "team": "identity", "alertname": "ProfileService5xx", "version": "4.12.0", "source": "grafana-alerting", "namespace": "identity"}))
finish(CASE, {
    "root_cause": {"service": "profile-service",
                   "component": "4.12.0 formatProfile (dist/profiles/format.js:41) reads user.preferences.locale; after the ORM upgrade preferences is undefined for users without saved preferences",
                   "error_type": "TypeError", "file": "src/profiles/format.ts"},
    "category": "deploy",
    "symptoms": [{"service": "web-gateway", "error_type": "HTTP_500"},
                 {"service": "feed-service", "error_type": None}],
    "why": "Errors start with the 4.12.0 rollout at 11:02 and grow with each step (1, 2, 4 pods); only 4.12.0 pods fail, and only for users without saved preferences, because after the ORM upgrade user.preferences is undefined and formatProfile reads .locale from it (TypeError, 500). feed-service degrades and the gateway shows the direct 500s; roll back to 4.11.3 or guard the optional relation.",
})
