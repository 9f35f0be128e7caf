#!/usr/bin/env python3
"""pdf-export-direct-buffer-quarter-end

Quarter-end morning: from 07:00 finance teams export large account statements. pdf-export
(Spring, Netty-based S3 upload) buffers each rendered PDF part off-heap with
-XX:MaxDirectMemorySize=256m; with several 60-180 MB exports in flight the direct memory is
used up and uploads fail with "OutOfMemoryError: Direct buffer memory" (heap is fine). Its own
memory monitor warns about direct memory climbing from ~06:58. reports-api (JSONL) tries every
export 3 times and logs ExportFailedException on each failure plus one for the user (the loudest);
ingress-nginx shows 502 for the export downloads.
Noise: pdf-export font-fallback warnings, reports-api cache-miss warnings, an older recurring
reports-api error about a deleted saved report, a flaky probe.
Alertmanager alert on reports-api export failures.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, spring, spring_err, nginx_line,
                    alertmanager, pod, uuid)

CASE = "pdf-export-direct-buffer-quarter-end"
rng = Rng(20260401)
START, END = dt("2026-04-01T06:40:00"), dt("2026-04-01T07:28:00")
PEAK = dt("2026-04-01T07:00:00")
pe, ra, ng = LogFile(), LogFile(), LogFile()
PE_PODS = [pod(rng, "pdf-export", "84d6c9f7b") for _ in range(2)]
DEP = {"version": "8.3.2", "commit": "aa51f90"}


def pressure(t):
    """share of direct memory in use, per minute"""
    if t < PEAK - timedelta(minutes=3):
        return 0.25 + rng.random() * 0.1
    return min(0.99, 0.45 + (t - PEAK + timedelta(minutes=3)).total_seconds() / 600 * 0.5)


for m in range(48):
    t = START + timedelta(minutes=m, seconds=3)
    for p in PE_PODS:
        used = int(256 * pressure(t))
        lvl = "WARN" if used > 200 else "INFO"
        pe.add(t, spring(t, lvl, "pdf-export", None, None, "mem-monitor", "c.a.pdfexport.ops.MemoryMonitor",
                         "memory pod=%s heap=%dMiB/1024MiB direct=%dMiB/256MiB nettyPooled=%d arenas=8" % (p, rng.randint(310, 470), used, used * 4)))
for t in rng.times(START, END, 5):
    big = t >= PEAK - timedelta(minutes=2) and rng.random() < 0.7
    size = rng.randint(60, 180) if big else rng.randint(1, 12)
    job = "exp_%s" % rng.hex(10)
    tr = rng.hex(32)
    fails = 0
    for a in range(3):
        ta = t + timedelta(seconds=25 * a)
        p = rng.choice(PE_PODS)
        if big and rng.random() < min(0.95, (pressure(ta) - 0.55) * 2.6):
            fails += 1
            pe.add(ta, spring_err(ta, "ERROR", "pdf-export", tr, rng.hex(16), "reactor-http-epoll-%d" % rng.randint(1, 4), "c.a.pdfexport.upload.S3PartUploader",
                   "upload of part %d failed for export %s (%d MB)" % (rng.randint(2, 12), job, size),
                   [("java.lang.OutOfMemoryError", "Cannot reserve 16777216 bytes of direct buffer memory (allocated: %d, limit: 268435456)" % rng.randint(255000000, 268000000),
                     ["java.base/java.nio.Bits.reserveMemory(Bits.java:178)",
                      "java.base/java.nio.DirectByteBuffer.<init>(DirectByteBuffer.java:127)",
                      "io.netty.buffer.PoolArena$DirectArena.allocateDirect(PoolArena.java:718)",
                      "io.netty.buffer.PooledByteBufAllocator.newDirectBuffer(PooledByteBufAllocator.java:400)",
                      "com.acme.pdfexport.upload.S3PartUploader.upload(S3PartUploader.java:71)"])]))
            ra.add(ta + timedelta(milliseconds=30), jrec(ta + timedelta(milliseconds=30), "ERROR", "reports-api", "export %s attempt %d/3 failed: pdf-export answered 500" % (job, a + 1),
                   component="com.acme.reports.export.ExportCoordinator", error_type="com.acme.reports.export.ExportFailedException", trace_id=tr, span_id=rng.hex(16),
                   deploy={"version": "12.4.0", "commit": "5e6f7a8"}, attrs={"job": job, "size_mb": size}))
            continue
        pe.add(ta + timedelta(seconds=size // 10), spring(ta + timedelta(seconds=size // 10), "INFO", "pdf-export", tr, rng.hex(16), "reactor-http-epoll-%d" % rng.randint(1, 4),
               "c.a.pdfexport.web.ExportController", "export %s done: %d pages, %d MB in %ds" % (job, size * 9, size, size // 10 + 1)))
        ra.add(ta + timedelta(seconds=size // 10 + 1), jrec(ta + timedelta(seconds=size // 10 + 1), "INFO", "reports-api", "export %s ready" % job, component="com.acme.reports.export.ExportCoordinator",
               trace_id=tr, deploy={"version": "12.4.0", "commit": "5e6f7a8"}))
        break
    if fails == 3:
        te = t + timedelta(seconds=51)
        ra.add(te, jrec(te, "ERROR", "reports-api", "export %s failed for user after 3 attempts" % job, component="com.acme.reports.web.ExportController",
               error_type="com.acme.reports.export.ExportFailedException", trace_id=tr, deploy={"version": "12.4.0", "commit": "5e6f7a8"}))
        ng.add(te, nginx_line(te, "10.20.%d.%d" % (rng.randint(0, 9), rng.randint(2, 250)), "GET", "/api/exports/%s/download" % job, 502, 150, "Mozilla/5.0", 0.02,
                              "finance-reports-api-8080", "10.42.8.%d:8080" % rng.randint(2, 250), rng.hex(32)))
    else:
        te = t + timedelta(seconds=25 * fails + size // 10 + 4)
        ng.add(te, nginx_line(te, "10.20.%d.%d" % (rng.randint(0, 9), rng.randint(2, 250)), "GET", "/api/exports/%s/download" % job, 200, size * 1048576, "Mozilla/5.0", 0.9,
                              "finance-reports-api-8080", "10.42.8.%d:8080" % rng.randint(2, 250), rng.hex(32)))
# noise
for t in rng.times(START, END, 0.7):
    pe.add(t, spring(t, "WARN", "pdf-export", None, None, "render-%d" % rng.randint(1, 8), "o.a.pdfbox.pdmodel.font.PDType1Font", "No glyph for U+2212 in font Helvetica, using fallback"))
for t in rng.times(START, END, 0.8):
    ra.add(t, jrec(t, "WARN", "reports-api", "report cache miss for dashboard %d, recomputing" % rng.randint(100, 999), component="com.acme.reports.cache.ReportCache", deploy={"version": "12.4.0", "commit": "5e6f7a8"}))
for t in rng.times(START, END, 0.4):
    ra.add(t, jrec(t, "ERROR", "reports-api", "scheduled saved report refers to deleted report definition", component="com.acme.reports.schedule.SavedReportRunner",
                   error_type="com.acme.reports.schedule.ReportDefinitionNotFoundException", deploy={"version": "12.4.0", "commit": "5e6f7a8"}))
for m in range(48):
    t = START + timedelta(minutes=m, seconds=44)
    st = 503 if rng.random() < 0.05 else 200
    ng.add(t, nginx_line(t, "10.42.0.1", "GET", "/healthz", st, 2, "kube-probe/1.29", 0.003, "finance-reports-api-8080", "10.42.8.11:8080", rng.hex(32)))

d = reset_logs(CASE)
pe.write(d + "/pdf-export.log")
ra.write(d + "/reports-api.jsonl")
ng.write(d + "/ingress-nginx.access.log")
labels = {"alertname": "ReportExportFailures", "severity": "critical", "service": "reports-api", "namespace": "finance", "team": "reporting"}
write_json(d + "/../alert.json", alertmanager("reporting-pager", labels,
    {"summary": "reports-api export failures above 20% for 5m", "description": "increase(reports_export_failed_total[5m]) = 61"},
    dt("2026-04-01T07:11:00"), "increase(reports_export_failed_total%5B5m%5D)+%3E+20", "7a0c4f92e13b58d6"))
finish(CASE, {
    "root_cause": {"service": "pdf-export", "component": "S3PartUploader direct (off-heap) buffers, -XX:MaxDirectMemorySize=256m",
                   "error_type": "OutOfMemoryError", "file": None},
    "category": "resource",
    "symptoms": [{"service": "reports-api", "error_type": "ExportFailedException"}, {"service": "ingress-nginx", "error_type": "HTTP_502"}],
    "why": "At quarter-end many 60-180 MB statement exports run at once and pdf-export's Netty uploads use up its 256 MiB direct-memory limit (its memory monitor shows direct memory climbing while heap is fine), so uploads fail with OutOfMemoryError (cannot reserve direct buffer memory); reports-api's retries log ExportFailedException and downloads return 502.",
})
