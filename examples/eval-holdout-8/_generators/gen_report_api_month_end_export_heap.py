#!/usr/bin/env python3
"""report-api-month-end-export-heap

On the first business day after month end finance runs the full "orders for May" export
(3.1 M rows). report-api's export loads the whole result into memory before writing the XLSX;
with -Xmx1536m and -XX:+ExitOnOutOfMemoryError each such export drives the pod into back-to-back
full GCs (unified GC log) and then the JVM prints "Terminating due to java.lang.OutOfMemoryError:
Java heap space" and exits; Kubernetes restarts it (BackOff after repeats). Finance retries the
export, killing the next pod. Requests in flight on a thrashing or dying pod fail: admin-bff (Node)
retries twice and logs every failure (the loudest), the ingress answers 502/504.
Noise: report-api slow-query warnings, an older admin-bff feature-flag fetch error, readiness
blips, ingress health probes.
Generic alert on admin-bff.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, spring, node_line, nginx_line, k8s,
                    generic_alert, pod, trace, span)

CASE = "report-api-month-end-export-heap"
rng = Rng(20250602)
START, END = dt("2025-06-02T07:48:00"), dt("2025-06-02T08:36:00")
ra, ab, ng, ke = LogFile(), LogFile(), LogFile(), LogFile()
PODS = [pod(rng, "report-api", "6d9c8f7b5") for _ in range(3)]
IPS = {p: "10.44.%d.%d" % (rng.randint(1, 9), rng.randint(10, 250)) for p in PODS}
USERS = ["anna.kowalski", "j.meyer", "finance-bot", "r.santos"]
# (export start, pod, user): each one kills its pod about 95-130 s later
EXPORTS = [(dt("2025-06-02T08:02:41"), 0, "anna.kowalski"), (dt("2025-06-02T08:06:12"), 1, "anna.kowalski"),
           (dt("2025-06-02T08:11:03"), 2, "j.meyer"), (dt("2025-06-02T08:15:47"), 0, "anna.kowalski"),
           (dt("2025-06-02T08:21:30"), 1, "r.santos"), (dt("2025-06-02T08:26:02"), 2, "j.meyer"),
           (dt("2025-06-02T08:30:40"), 0, "anna.kowalski")]
thrash, down = {p: [] for p in PODS}, {p: [] for p in PODS}
restarts = {p: 0 for p in PODS}
for t0, i, user in EXPORTS:
    p = PODS[i]
    th = "http-nio-8080-exec-%d" % rng.randint(1, 40)
    tr = trace(rng)
    ra.add(t0, spring(t0, "INFO", "report-api", tr, span(rng), th, "c.a.reports.export.OrderExportService",
                      "export orders range=2025-05-01..2025-05-31 format=xlsx user=%s estimated_rows=3140221 pod=%s" % (user, p)))
    t = t0 + timedelta(seconds=rng.randint(20, 30))
    heap = 980
    gcn = rng.randint(40, 90) if restarts[p] else rng.randint(900, 1400)  # a restarted JVM counts GCs from 0
    while heap < 1530:
        gcn += 1
        t += timedelta(seconds=rng.uniform(3, 9) if heap < 1400 else rng.uniform(0.4, 2.0))
        kind = "Pause Young (Normal) (G1 Evacuation Pause)" if heap < 1380 else "Pause Full (G1 Compaction Pause)"
        after = heap + (rng.randint(25, 70) if heap < 1380 else rng.randint(2, 9))
        ms = rng.uniform(40, 160) if heap < 1380 else rng.uniform(1400, 2600)
        ra.add(t, "[%s.%03d+0000][info][gc] GC(%d) %s %dM->%dM(1536M) %.3fms" % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000, gcn, kind, min(1536, heap + 60), min(1534, after), ms))
        if heap >= 1380:
            thrash[p].append(t)
            t += timedelta(milliseconds=ms)
        heap = after
    ra.add(t, "[%s.%03d+0000][info][gc] GC(%d) Pause Full (G1 Compaction Pause) 1536M->1535M(1536M) 2871.402ms\n"
              "Terminating due to java.lang.OutOfMemoryError: Java heap space" % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000, gcn + 1))
    t_oom = t + timedelta(seconds=3)
    first_thrash = min(x for x in thrash[p] if x >= t0)
    thrash[p].append(first_thrash)
    down[p].append((first_thrash, t_oom, t_oom + timedelta(seconds=70)))
    ng.add(t_oom, nginx_line(t_oom, "10.60.4.%d" % rng.randint(2, 90), "GET", "/api/reports/export?type=orders&from=2025-05-01&to=2025-05-31&format=xlsx", 502, 150,
                             "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", (t_oom - t0).total_seconds(), "backoffice-report-api-8080", IPS[p] + ":8080", rng.hex(32)))
    restarts[p] += 1
    ts = t_oom + timedelta(seconds=1)
    if restarts[p] >= 2:
        ke.add(ts, k8s(ts, "Warning", "BackOff", "pod/" + p, "Back-off restarting failed container report-api in pod %s_backoffice" % p))
        ts += timedelta(seconds=10 * restarts[p])
    ke.add(ts, k8s(ts, "Normal", "Pulled", "pod/" + p, 'Container image "registry.acme.example/report-api:3.11.4" already present on machine'))
    ke.add(ts + timedelta(seconds=1), k8s(ts + timedelta(seconds=1), "Normal", "Created", "pod/" + p, "Created container report-api"))
    ke.add(ts + timedelta(seconds=1), k8s(ts + timedelta(seconds=1), "Normal", "Started", "pod/" + p, "Started container report-api"))
    ke.add(ts + timedelta(seconds=12), k8s(ts + timedelta(seconds=12), "Warning", "Unhealthy", "pod/" + p,
                                           'Readiness probe failed: Get "http://%s:8080/actuator/health/readiness": dial tcp %s:8080: connect: connection refused' % (IPS[p], IPS[p])))
    tb = ts + timedelta(seconds=4)
    ra.add(tb, spring(tb, "INFO", "report-api", "", "", "main", "c.a.reports.ReportApiApplication", "Starting ReportApiApplication v3.11.4 using Java 17.0.11 with PID 1 (%s)" % p))
    ra.add(tb + timedelta(seconds=38), spring(tb + timedelta(seconds=38), "INFO", "report-api", "", "", "main", "c.a.reports.ReportApiApplication",
                                               "Started ReportApiApplication in 37.904 seconds (process running for 38.61)"))


def state(p, t):
    for a, b, c in down[p]:
        if a <= t < b:
            return "thrash"
        if b <= t < c:
            return "down"
    return "up"


PATHS = ["/v1/dashboards/sales-daily", "/v1/dashboards/returns", "/v1/reports/%d", "/v1/kpis/today"]
for t in rng.times(START, END, 14):
    path = rng.choice(PATHS)
    if "%d" in path:
        path = path % rng.randint(1000, 9999)
    tr = trace(rng)
    ta = t
    ok = False
    for a in range(3):
        p = rng.choice(PODS)
        s = state(p, ta)
        if s == "up":
            d = rng.lognorm_ms(140)
            ra.add(ta + timedelta(milliseconds=d), spring(ta + timedelta(milliseconds=d), "INFO", "report-api", tr, span(rng), "http-nio-8080-exec-%d" % rng.randint(1, 40),
                                                          "c.a.reports.web.RequestLog", "GET %s 200 %dms" % (path, d)))
            ta += timedelta(milliseconds=d)
            ok = True
            break
        if s == "thrash":
            ta += timedelta(seconds=5)
            ab.add(ta, node_line(ta, "error", "ReportApiError: GET http://report-api.backoffice.svc:8080%s timed out after 5000ms (attempt %d/3) trace=%s\n"
                                 "    at ReportApiClient.get (/srv/app/dist/clients/reportApi.js:52:15)" % (path, a + 1, tr)))
        else:
            ta += timedelta(milliseconds=rng.randint(2, 30))
            ab.add(ta, node_line(ta, "error", "ReportApiError: GET http://report-api.backoffice.svc:8080%s failed: connect ECONNREFUSED %s:8080 (attempt %d/3) trace=%s\n"
                                 "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)" % (path, IPS[p], a + 1, tr)))
        ta += timedelta(milliseconds=200)
    st = 200 if ok else 502
    ng.add(ta + timedelta(milliseconds=5), nginx_line(ta + timedelta(milliseconds=5), "10.60.4.%d" % rng.randint(2, 90), "GET", "/admin/api" + path, st, 5400 if ok else 150,
                                                      "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", (ta - t).total_seconds() + 0.005, "backoffice-admin-bff-3000", "10.44.7.%d:3000" % rng.randint(10, 250), rng.hex(32)))
    if not ok:
        ab.add(ta + timedelta(milliseconds=3), node_line(ta + timedelta(milliseconds=3), "error", "GET /admin/api%s 502 ReportApiError: report-api unavailable after 3 attempts trace=%s" % (path, tr)))

# noise
for t in rng.times(START, END, 0.5):
    ra.add(t, spring(t, "WARN", "report-api", "", "", "http-nio-8080-exec-%d" % rng.randint(1, 40), "org.hibernate.SQL_SLOW",
                     "Slow query took %d milliseconds [select ... from order_daily_agg where day between ? and ?]" % rng.randint(1100, 3900)))
for t in rng.times(START, END, 0.4):
    ab.add(t, node_line(t, "error", "flags: FeatureFlagError: GET http://flagd.platform.svc:8013/flags failed: 503 Service Unavailable, using cached flags"))
for k in range(int((END - START).total_seconds() // 20)):
    t = START + timedelta(seconds=20 * k + 9)
    ng.add(t, nginx_line(t, "10.44.0.1", "GET", "/healthz", 200, 2, "kube-probe/1.30", 0.001, "backoffice-admin-bff-3000", "10.44.7.31:3000", rng.hex(32)))
for t in rng.times(START, END, 0.12):
    ke.add(t, k8s(t, "Warning", "Unhealthy", "pod/admin-bff-5f7d6c8b9-k2v8r", 'Liveness probe failed: Get "http://10.44.7.31:3000/live": context deadline exceeded'))

d = reset_logs(CASE)
ra.write(d + "/report-api.log")
ab.write(d + "/admin-bff.log")
ng.write(d + "/ingress-nginx.access.log")
ke.write(d + "/k8s-events.log")
write_json(d + "/../alert.json", generic_alert("admin-bff", "admin-bff: error log rate > 10/min (ReportApiError)", "high", "0b7e2d94c1a6f385",
                                               dt("2025-06-02T08:09:00"), {"env": "prod", "team": "backoffice", "alertname": "AdminBffErrorLogRate", "source": "loki-ruler", "namespace": "backoffice"}))
finish(CASE, {
    "root_cause": {"service": "report-api", "component": "OrderExportService full-month orders export loads all rows in heap (-Xmx1536m, ExitOnOutOfMemoryError)",
                   "error_type": "OutOfMemoryError", "file": None},
    "category": "resource",
    "symptoms": [{"service": "admin-bff", "error_type": "ReportApiError"}, {"service": "ingress-nginx", "error_type": "HTTP_502"}],
    "why": "Each full-month orders export (month-end close, retried by finance) fills report-api's 1.5 GiB heap: back-to-back full GCs, then the JVM terminates with OutOfMemoryError: Java heap space and the pod restarts (BackOff). Requests on the thrashing or restarting pod time out or are refused, which admin-bff's retries make the loudest error.",
})
