#!/usr/bin/env python3
"""recs-service-heap-leak-oom

recs-service 7.4.0 (Java 21 / Spring Boot, deployed the previous afternoon) keeps a per-user
"seen items" deque in SeenItemsFilter that is never evicted. As morning traffic ramps up each
pod's old generation fills, GC thrashes for a few minutes (requests slow, readiness flaps) and
the JVM dies with java.lang.OutOfMemoryError: Java heap space (-XX:+ExitOnOutOfMemoryError),
restarts and starts filling again. web-bff (Node) logs RecsUpstreamError for timeouts, resets
and refused connections; ingress-nginx answers 502 on /api/recs/for-you. Plain-text logs only
(Spring Boot logback, pino-pretty, nginx, k8s events), no trace ids.
"""
import os
import sys
from datetime import timedelta

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from casegen import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish,
                     iso_ms, iso_s, nginx)

CASE = "recs-service-heap-leak-oom"
rng = Rng(20240918)

START = dt("2024-09-18T07:30:00")
END = dt("2024-09-18T10:15:00")

PODS = {
    "recs-service-6d5f7c9b8-x2k4p": "10.3.14.22",
    "recs-service-6d5f7c9b8-9qv7t": "10.3.9.141",
    "recs-service-6d5f7c9b8-m5n8c": "10.3.21.7",
}
# JVM deaths (ExitOnOutOfMemoryError): pod -> list of times
OOMS = {
    "recs-service-6d5f7c9b8-x2k4p": [dt("2024-09-18T08:38:41.553"), dt("2024-09-18T09:44:07.210")],
    "recs-service-6d5f7c9b8-9qv7t": [dt("2024-09-18T08:57:12.018"), dt("2024-09-18T10:03:29.775")],
    "recs-service-6d5f7c9b8-m5n8c": [dt("2024-09-18T09:14:55.402")],
}
# last (re)start of each pod before the window: the 7.4.0 rollout
ROLLOUT = {"recs-service-6d5f7c9b8-x2k4p": dt("2024-09-17T16:05:12"),
           "recs-service-6d5f7c9b8-9qv7t": dt("2024-09-17T16:06:31"),
           "recs-service-6d5f7c9b8-m5n8c": dt("2024-09-17T16:07:48")}
THRASH = timedelta(minutes=4)
READY_AFTER = timedelta(seconds=52)
REFUSED = timedelta(seconds=5)
BFF_PODS = ["web-bff-5c4b8d7f9-2rlx8", "web-bff-5c4b8d7f9-hn6wd", "web-bff-5c4b8d7f9-vq9k3"]

recs = LogFile()
bff = LogFile()
ngx = LogFile()
ev = LogFile()


def lb(t, level, thread, logger, msg):
    # Spring Boot 3.3 console pattern
    return "%s %5s 1 --- [recs-service] [%15s] %-40s : %s" % (iso_ms(t), level, thread[-15:], logger[:40], msg)


def pod_state(pod, t):
    """'ok' | 'thrash' | 'refused' | 'down'"""
    for o in OOMS[pod]:
        if o - THRASH <= t < o:
            return "thrash"
        if o <= t < o + REFUSED:
            return "refused"
        if o + REFUSED <= t < o + READY_AFTER:
            return "down"
    return "ok"


def last_start(pod, t):
    s = ROLLOUT[pod]
    for o in OOMS[pod]:
        if o + timedelta(seconds=17) <= t:
            s = o + timedelta(seconds=17)
    return s


def heap_pct(pod, t):
    """old-gen occupancy after GC: grows with time since (re)start, ~96% at OOM"""
    nxt = [o for o in OOMS[pod] if o > t]
    s = last_start(pod, t)
    if nxt:
        frac = (t - s).total_seconds() / (nxt[0] - s).total_seconds()
        return min(97.5, 27 + 70 * frac ** 1.6)
    return min(90.0, 27 + 70 * ((t - s).total_seconds() / 4000.0) ** 1.6)


# ---- traffic: /api/recs/for-you (proxied) and /api/home (carousel) -------------------------
UAS = ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
       "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15"]
RECS_URL = "http://recs-service.recs.svc.cluster.local:8080"


first_errors = []  # the Sentry event: first error on /api/recs/for-you


def bff_error(t, pod_bff, route, url, kind, ip):
    if kind == "timeout":
        why, cause = "timed out after 1500ms", "The operation was aborted due to timeout"
    elif kind == "reset":
        why, cause = "failed: socket hang up", "socket hang up (ECONNRESET)"
    else:
        why, cause = "failed: connect ECONNREFUSED %s:8080" % ip, "connect ECONNREFUSED %s:8080" % ip
    if route != "/api/home":
        first_errors.append((t, pod_bff, "GET %s %s" % (url, why)))
    msg = "recs request failed" + (", serving home without recommendations" if route == "/api/home" else "")
    bff.add(t, """[%s] ERROR (web-bff/1 on %s): %s
    err: {
      "type": "RecsUpstreamError",
      "message": "GET %s %s",
      "stack":
          RecsUpstreamError: GET %s %s
              at RecsClient.get (/app/dist/clients/recs.js:57:13)
              at async %s (/app/dist/routes/%s.js:%d:19)
      "cause": "%s"
    }
    route: "%s\"""" % (t.strftime("%Y-%m-%d %H:%M:%S.") + "%03d +0000" % (t.microsecond // 1000), pod_bff, msg,
                     url, why, url, why,
                     "forYouHandler" if route != "/api/home" else "homeHandler",
                     "recs" if route != "/api/home" else "home", 22 if route != "/api/home" else 48,
                     cause, route))


def recs_call(t):
    """pick a recs pod as kube-proxy would; returns (kind, ms, pod)"""
    cands = [p for p in PODS if pod_state(p, t) != "down"]
    pod = rng.choice(cands)
    st = pod_state(pod, t)
    if st == "ok":
        return "ok", rng.lognorm_ms(38, 0.45, lo=9, hi=900), pod
    if st == "refused":
        return "refused", rng.randint(1, 3), pod
    # thrash: GC pauses; the last few seconds before the JVM dies end in a reset
    o = [x for x in OOMS[pod] if x > t][0]
    if (o - t).total_seconds() < 1.5:
        return "reset", int((o - t).total_seconds() * 1000) + 1, pod
    ms = rng.lognorm_ms(2600, 0.5, lo=700)
    if ms < 1500:
        return "ok", ms, pod
    return "timeout", 1500, pod


def rate(t):
    # morning ramp: 3/min at 07:30 -> 5/min after 09:00
    h = (t - START).total_seconds() / 3600.0
    return 3.0 + min(2.0, 1.4 * h)


def arrivals():
    out = []
    t = START
    while t < END:
        nxt = t + timedelta(minutes=1)
        out += rng.times(t, nxt, rate(t))
        t = nxt
    return out


for t in arrivals():  # /api/recs/for-you, proxied by web-bff, 502 on failure
    user = "u_%d" % rng.randint(10000, 999999)
    url = "%s/v2/recs/for-you?user=%s&n=24" % (RECS_URL, user)
    kind, ms, pod = recs_call(t)
    pb = rng.choice(BFF_PODS)
    ip = "100.64.%d.%d" % (rng.randint(1, 60), rng.randint(2, 250))
    ua = rng.choice(UAS)
    rid = rng.hex(32)
    upstream = "10.2.%d.%d:3000" % (7 + BFF_PODS.index(pb), 40 + BFF_PODS.index(pb))
    if kind == "ok":
        total = ms + rng.randint(2, 9)
        ngx.add(t, '%s - - [%s] "GET /api/recs/for-you?n=24 HTTP/2.0" 200 %d "https://www.acme.example/" "%s" 61 %.3f [web-web-bff-3000] [] %s %d %.3f 200 %s'
                % (ip, nginx(t), rng.randint(4200, 9800), ua, total / 1000.0, upstream, rng.randint(4200, 9800), total / 1000.0, rid))
        if rng.random() < 0.12:
            te = t + timedelta(milliseconds=total)
            bff.add(te, "[%s] INFO (web-bff/1 on %s): request completed\n    req: {\"method\": \"GET\", \"url\": \"/api/recs/for-you?n=24\"}\n    res: {\"statusCode\": 200}\n    responseTime: %d"
                    % (te.strftime("%Y-%m-%d %H:%M:%S.") + "%03d +0000" % (te.microsecond // 1000), pb, total))
    else:
        te = t + timedelta(milliseconds=ms + rng.randint(1, 4))
        bff_error(te, pb, "/api/recs/for-you", url, kind, PODS[pod])
        total = ms + rng.randint(3, 9)
        ngx.add(t, '%s - - [%s] "GET /api/recs/for-you?n=24 HTTP/2.0" 502 94 "https://www.acme.example/" "%s" 61 %.3f [web-web-bff-3000] [] %s 94 %.3f 502 %s'
                % (ip, nginx(t), ua, total / 1000.0, upstream, total / 1000.0, rid))

for t in arrivals():  # /api/home carousel: web-bff degrades (200 without recs) and logs
    kind, ms, pod = recs_call(t)
    if kind != "ok":
        user = "u_%d" % rng.randint(10000, 999999)
        url = "%s/v2/recs/home?user=%s&n=12" % (RECS_URL, user)
        bff_error(t + timedelta(milliseconds=ms + 2), rng.choice(BFF_PODS), "/api/home", url, kind, PODS[pod])

# web-bff background noise: analytics beacon flush rejected (since a CDN rule change last week)
for t in rng.times(START, END, 1 / 10.0):
    bff.add(t, """[%s] ERROR (web-bff/1 on %s): analytics beacon flush failed
    err: {
      "type": "BeaconFlushError",
      "message": "POST https://collect.acme.example/v1/batch -> 413 Payload Too Large (batch of %d events)"
    }""" % (t.strftime("%Y-%m-%d %H:%M:%S.") + "%03d +0000" % (t.microsecond // 1000), rng.choice(BFF_PODS), rng.randint(180, 400)))
for t in rng.times(START, END, 1 / 9.0):
    bff.add(t, "[%s] WARN (web-bff/1 on %s): session cookie refresh skipped: clock skew %dms"
            % (t.strftime("%Y-%m-%d %H:%M:%S.") + "%03d +0000" % (t.microsecond // 1000), rng.choice(BFF_PODS), rng.randint(1200, 3800)))

# ---- recs-service ------------------------------------------------------------------------
OOM_SITES = [
    ("nio-8080-exec-%d", "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
     "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause",
     ["", "java.lang.OutOfMemoryError: Java heap space",
      "\tat java.base/java.util.ArrayDeque.grow(ArrayDeque.java:150)",
      "\tat java.base/java.util.ArrayDeque.addLast(ArrayDeque.java:307)",
      "\tat com.acme.recs.filter.SeenItemsFilter.record(SeenItemsFilter.java:61)",
      "\tat com.acme.recs.filter.SeenItemsFilter.apply(SeenItemsFilter.java:44)",
      "\tat com.acme.recs.service.RecsService.forYou(RecsService.java:93)",
      "\tat com.acme.recs.web.RecsController.forYou(RecsController.java:38)",
      "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
      "\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)"]),
    ("nio-8080-exec-%d", "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
     "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause",
     ["", "java.lang.OutOfMemoryError: Java heap space",
      "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)",
      "\tat com.fasterxml.jackson.core.util.ByteArrayBuilder._allocMore(ByteArrayBuilder.java:314)",
      "\tat com.fasterxml.jackson.core.json.UTF8JsonGenerator._flushBuffer(UTF8JsonGenerator.java:2204)",
      "\tat org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter.writeInternal(AbstractJackson2HttpMessageConverter.java:483)",
      "\tat org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor.handleReturnValue(RequestResponseBodyMethodProcessor.java:184)"]),
    ("nio-8080-exec-%d", "c.a.recs.web.ApiExceptionHandler",
     "GET /v2/recs/home failed: java.lang.OutOfMemoryError: Java heap space",
     ["java.lang.OutOfMemoryError: Java heap space",
      "\tat com.acme.recs.ranking.CandidateScorer.score(CandidateScorer.java:77)",
      "\tat com.acme.recs.service.RecsService.home(RecsService.java:121)",
      "\tat com.acme.recs.web.RecsController.home(RecsController.java:52)"]),
    ("   scheduling-1", "o.s.s.s.TaskUtils$LoggingErrorHandler",
     "Unexpected error occurred in scheduled task",
     ["java.lang.OutOfMemoryError: Java heap space",
      "\tat java.base/java.util.HashMap.resize(HashMap.java:710)",
      "\tat com.acme.recs.metrics.SeenItemsGauge.snapshot(SeenItemsGauge.java:29)",
      "\tat org.springframework.scheduling.support.ScheduledMethodRunnable.run(ScheduledMethodRunnable.java:130)"]),
]

for pod, ooms in OOMS.items():
    for o in ooms:
        # thrash: heap watcher warnings every minute
        t = o - THRASH + timedelta(seconds=rng.randint(3, 20))
        while t < o:
            pct = heap_pct(pod, t)
            recs.add(t, lb(t, "WARN", "     heap-watch", "c.a.recs.ops.HeapWatcher",
                           "heap after GC %d/1536 MiB (%.1f%%), GC time %d%% of last 60s, pod=%s"
                           % (int(1536 * pct / 100), pct, rng.randint(38, 71), pod)))
            t += timedelta(seconds=60)
        sites = rng.sample(OOM_SITES[:3], 2) + ([OOM_SITES[3]] if rng.random() < 0.6 else [])
        tt = o
        for thread, logger, msg, frames in sites:
            th = thread % rng.randint(1, 64) if "%d" in thread else thread
            rec = lb(tt, "ERROR", th, logger, msg) + "\n" + "\n".join(frames)
            recs.add(tt, rec)
            tt += timedelta(milliseconds=rng.randint(40, 900))
        # raw JVM output, no timestamp: belongs to the record above
        recs.add(tt, "java.lang.OutOfMemoryError: Java heap space\nDumping heap to /dumps/java_pid1.hprof ...\n"
                 "Heap dump file created [%d bytes in %.3f secs]\nTerminating due to java.lang.OutOfMemoryError: Java heap space"
                 % (rng.randint(1_560_000_000, 1_610_000_000), rng.uniform(5.5, 8.5)))
        # restart
        s = o + timedelta(seconds=rng.uniform(15, 19))
        boot = [
            (0, "INFO", "           main", "com.acme.recs.RecsApplication", "Starting RecsApplication v7.4.0 using Java 21.0.4 with PID 1 (/app/app.jar started by app in /app)"),
            (40, "INFO", "           main", "com.acme.recs.RecsApplication", "The following 1 profile is active: \"prod\""),
            (2900, "INFO", "           main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)"),
            (9100, "INFO", "           main", "c.a.recs.model.ModelRegistry", "loaded model recs-2024-09-17 (412 MiB, off-heap)"),
            (9800, "INFO", "           main", "c.a.recs.filter.SeenItemsFilter", "seen-items tracking enabled (window=all, per-user deque)"),
            (14800, "INFO", "           main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'"),
            (14900, "INFO", "           main", "com.acme.recs.RecsApplication", "Started RecsApplication in 15.611 seconds (process running for 16.43)"),
        ]
        for off, lvl, th, lg, m in boot:
            tb = s + timedelta(milliseconds=off + rng.randint(0, 30))
            recs.add(tb, lb(tb, lvl, th, lg, m))
        # k8s events
        ip = PODS[pod]
        for k in range(3):
            te = o - timedelta(seconds=150 - 40 * k + rng.randint(0, 9))
            ev.add(te, '%s  Warning  Unhealthy          pod/%s   Readiness probe failed: Get "http://%s:8080/actuator/health/readiness": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
                   % (iso_s(te), pod, ip))
        te = o + timedelta(seconds=2)
        ev.add(te, "%s  Warning  BackOff            pod/%s   Back-off restarting failed container recs in pod %s_recs(%s)"
               % (iso_s(te), pod, pod, rng.hex(8)))
        for k, (r, m) in enumerate([("Pulled", 'Container image "registry.acme.example/recs/recs-service:7.4.0" already present on machine'),
                                    ("Created", "Created container recs"), ("Started", "Started container recs")]):
            te = s - timedelta(seconds=1) + timedelta(milliseconds=300 * k)
            ev.add(te, "%s  Normal   %-18s pod/%s   %s" % (iso_s(te), r, pod, m))

# periodic heap / tracker stats, served-request samples, model refresh noise
for pod in PODS:
    t = START + timedelta(seconds=rng.randint(0, 299))
    while t < END:
        if pod_state(pod, t) == "ok":
            pct = heap_pct(pod, t)
            lvl = "WARN" if pct > 85 else "INFO"
            recs.add(t, lb(t, lvl, "     heap-watch", "c.a.recs.ops.HeapWatcher",
                           "heap after GC %d/1536 MiB (%.1f%%), GC time %d%% of last 60s, pod=%s"
                           % (int(1536 * pct / 100), pct, rng.randint(1, 4) if pct < 80 else rng.randint(9, 22), pod)))
        t += timedelta(minutes=5)
    t = START + timedelta(seconds=rng.randint(0, 599))
    while t < END:
        if pod_state(pod, t) == "ok":
            users = int(6200 * (heap_pct(pod, t) - 25.5) + rng.randint(0, 900)) + 2000
            recs.add(t, lb(t, "INFO", "   scheduling-1", "c.a.recs.metrics.SeenItemsGauge",
                           "seen-items tracker: %s users, %s entries" % (format(users, ","), format(users * 41 + rng.randint(0, 5000), ","))))
        t += timedelta(minutes=10)
for t in rng.times(START, END, 1.6):
    pod = rng.choice([p for p in PODS if pod_state(p, t) == "ok"])
    recs.add(t, lb(t, "INFO", "nio-8080-exec-%d" % rng.randint(1, 64), "c.a.recs.web.RequestLog",
                   "GET /v2/recs/%s 200 in %dms" % (rng.choice(["for-you", "home", "similar"]), rng.lognorm_ms(38, 0.4, lo=8))))
t = dt("2024-09-18T07:30:00")
while t < END:
    for pod in PODS:
        if pod_state(pod, t) != "ok":
            continue
        tt = t + timedelta(milliseconds=rng.randint(5, 2500))
        recs.add(tt, lb(tt, "ERROR", "   scheduling-2", "c.a.recs.model.ModelRefresher",
                        "model refresh failed, keeping recs-2024-09-17\nsoftware.amazon.awssdk.services.s3.model.NoSuchKeyException: The specified key does not exist. (Service: S3, Status Code: 404, Request ID: %s)\n"
                        "\tat software.amazon.awssdk.services.s3.model.NoSuchKeyException$BuilderImpl.build(NoSuchKeyException.java:126)\n"
                        "\tat com.acme.recs.model.ModelRefresher.refresh(ModelRefresher.java:58)" % rng.hex(16).upper()))
    t += timedelta(minutes=30)

# k8s noise
for t in rng.times(START, END, 1 / 9.0):
    n = rng.randint(3, 6)
    ev.add(t, "%s  Normal   SuccessfulRescale  horizontalpodautoscaler/web-bff   New size: %d; reason: cpu resource utilization (percentage of request) above target"
           % (iso_s(t), n))
t = START
while t < END:  # */15 cronjob; job name suffix is the scheduled time in minutes since the epoch
    ev.add(t, "%s  Normal   SuccessfulCreate   cronjob/feed-exporter   Created job feed-exporter-%d" % (iso_s(t), int(t.timestamp() // 60)))
    t += timedelta(minutes=15)

# ---- write ---------------------------------------------------------------------------------
logs = reset_logs(CASE)
ngx.write(os.path.join(logs, "ingress-nginx.access.log"))
ev.write(os.path.join(logs, "k8s-events.log"))
recs.write(os.path.join(logs, "recs-service.log"))
bff.write(os.path.join(logs, "web-bff.log"))

fr_t, fr_pod, fr_val = min(first_errors)

write_json(os.path.join(case_dir(CASE), "alert.json"), {
    "action": "triggered",
    "installation": {"uuid": "2f7b1c9e-6a4d-4e0f-8b3a-91c5d7e2f640"},
    "data": {
        "event": {
            "event_id": "b91f2c7d4e6a4f0c8d1e3a5b7c9d0e2f",
            "project": 4508124,
            "release": "web-bff@12.4.1",
            "dist": None,
            "platform": "node",
            "message": "",
            "datetime": fr_t.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z",
            "timestamp": round(fr_t.timestamp(), 3),
            "level": "error",
            "logger": "",
            "title": "RecsUpstreamError: " + fr_val,
            "culprit": "RecsClient.get(dist/clients/recs)",
            "location": "dist/clients/recs.js",
            "environment": "production",
            "tags": [["environment", "production"], ["handled", "yes"], ["level", "error"],
                     ["release", "web-bff@12.4.1"], ["runtime", "node v20.17.0"],
                     ["server_name", fr_pod], ["transaction", "GET /api/recs/for-you"],
                     ["url", "https://www.acme.example/api/recs/for-you"]],
            "request": {"method": "GET", "url": "https://www.acme.example/api/recs/for-you",
                        "headers": [["Accept", "application/json"], ["User-Agent", UAS[0]]]},
            "exception": {"values": [{
                "type": "RecsUpstreamError",
                "value": fr_val,
                "mechanism": {"type": "generic", "handled": True},
                "stacktrace": {"frames": [
                    {"filename": "node:internal/process/task_queues", "module": "task_queues",
                     "function": "process.processTicksAndRejections", "lineno": 95, "colno": 5, "in_app": False},
                    {"filename": "/app/dist/routes/recs.js", "module": "routes:recs", "function": "forYouHandler",
                     "lineno": 22, "colno": 19, "in_app": True,
                     "context_line": "    const recs = await recsClient.get(`/v2/recs/for-you`, { user: req.user.id, n: 24 });"},
                    {"filename": "/app/dist/clients/recs.js", "module": "clients:recs", "function": "RecsClient.get",
                     "lineno": 57, "colno": 13, "in_app": True,
                     "context_line": "      throw new RecsUpstreamError(`GET ${url} failed: ${err.cause?.message ?? err.message}`, { cause: err });"}]}}]},
            "url": "https://sentry.io/api/0/projects/acme/web-bff/events/b91f2c7d4e6a4f0c8d1e3a5b7c9d0e2f/",
            "web_url": "https://sentry.io/organizations/acme/issues/5890412277/events/b91f2c7d4e6a4f0c8d1e3a5b7c9d0e2f/",
            "issue_url": "https://sentry.io/api/0/issues/5890412277/",
            "issue_id": "5890412277",
        },
        "triggered_rule": "web-bff: error spike (>25 events in 5m)",
    },
    "actor": {"type": "application", "id": "sentry", "name": "Sentry"},
})

finish(CASE, {
    "root_cause": {
        "service": "recs-service",
        "component": "SeenItemsFilter in 7.4.0 (per-user seen-items deque kept for every user, never evicted) filling the 1.5 GiB heap",
        "error_type": "OutOfMemoryError",
        "file": None,
    },
    "category": "code",
    "symptoms": [
        {"service": "web-bff", "error_type": "RecsUpstreamError"},
        {"service": "ingress-nginx", "error_type": "HTTP_502"},
    ],
    "why": "Since 7.4.0 recs-service remembers every user's seen items in an unbounded in-heap map; with the morning traffic each pod's heap fills, GC thrashes for minutes and the JVM exits with OutOfMemoryError: Java heap space, restarts and fills again (08:38, 08:57, 09:14, 09:44, 10:03). web-bff's timeouts, resets and refused connections and the ingress 502s follow each crash; bounding or evicting the tracker (or rolling back) fixes it.",
})
