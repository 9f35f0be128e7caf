"""pdf-renderer-dev-shm-month-start (resource).

pdf-renderer (Node + puppeteer) prints PDFs in headless Chromium. Its pods run with the container
default /dev/shm of 64 MiB (no memory-backed emptyDir, --disable-dev-shm-usage not set). On
ordinary days it renders one or two pages at a time. The month-start statements run (05:00) sends
up to 8 concurrent renders per pod; Chromium cannot create shared memory ("No space left on
device"), tabs crash and printToPDF fails with TargetCloseError, answered 500. statements-worker
logs every failed attempt and a traceback when a statement gives up after 3 attempts: loudest.
Noise: docs-api thumbnail decode errors (since 03:10), a font-config warning, an HPA metrics
warning, "statement not ready" polls.
"""
from common import *

CASE = "pdf-renderer-dev-shm-month-start"
rng = Rng(90606)
T0, T1 = dt("2025-10-01T04:48:00"), dt("2025-10-01T06:02:00")
BATCH = dt("2025-10-01T05:00:00")

pr, sw, k8, docs = LogFile(), LogFile(), LogFile(), LogFile()
PODS = [pod(rng, "pdf-renderer", "5f7b9c8d6") for _ in range(2)]
chrome_pid = {p: rng.randint(180, 260) for p in PODS}


def n(t, level, p, msg):
    return "%s %-5s [pdf-renderer] [%s] %s" % (iso_ms(t), level.upper(), p, msg)


for p in PODS:
    s = T0 + sec(5 + PODS.index(p))
    pr.add(s, n(s, "info", p, "chromium 127.0.6533.88 launched pid=%d args=[--headless=new --no-sandbox --font-render-hinting=none] /dev/shm=64.0MiB free=63.1MiB" % chrome_pid[p]))

k8.add(BATCH, k8s(BATCH, "Normal", "SuccessfulCreate", "cronjob/statements-monthly", "Created job statements-monthly-29322720"))
k8.add(BATCH + sec(1), k8s(BATCH + sec(1), "Normal", "SuccessfulCreate", "job/statements-monthly-29322720", "Created pod: statements-monthly-29322720-q7r2k"))
k8.add(BATCH + sec(40), k8s(BATCH + sec(40), "Normal", "Completed", "job/statements-monthly-29322720", "Job completed"))
sw.add(BATCH + sec(30), "[%s: INFO/MainProcess] statements.enqueue_month: 28114 statements for 2025-09 queued (concurrency per worker 8)" % pylog(BATCH + sec(30)))

TCE = ["    at CallbackRegistry.clear (/app/node_modules/puppeteer-core/lib/cjs/puppeteer/common/CallbackRegistry.js:81:36)",
       "    at CdpCDPSession._onClosed (/app/node_modules/puppeteer-core/lib/cjs/puppeteer/cdp/CDPSession.js:114:25)",
       "    at Connection.onMessage (/app/node_modules/puppeteer-core/lib/cjs/puppeteer/cdp/Connection.js:147:25)",
       "    at async renderPdf (/app/src/render.js:58:17)",
       "    at async /app/src/server.js:31:19"]


def fail_p(t):
    if t < BATCH + sec(90):
        return 0.0
    return 0.4


def statement(t, sid, batch):
    task = uuid(rng)
    worker = "ForkPoolWorker-%d" % rng.randint(1, 8)
    tt = t
    for a in range(1, 4):
        p = rng.choice(PODS)
        job = rng.hex(8)
        pages = rng.randint(2, 9)
        if batch and rng.random() < fail_p(tt):
            c = tt + ms(rng.randint(400, 2500))
            pr.add(c, n(c, "warn", p, "chromium[%d]: [%d:%d:%s:ERROR:platform_shared_memory_region_posix.cc(214)] Creating shared memory in /dev/shm/.org.chromium.Chromium.%s failed: No space left on device (28)" % (
                chrome_pid[p], chrome_pid[p] + rng.randint(10, 90), 1, c.strftime("%m%d/%H%M%S.") + "%06d" % c.microsecond, rng.alnum(6, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))))
            pr.add(c + ms(15), n(c + ms(15), "warn", p, "page crashed job=%s (Page crashed!) open_pages=%d" % (job, rng.randint(6, 8))))
            pr.add(c + ms(18), n(c + ms(18), "error", p, "POST /render failed job=%s statement=%s pages=%d -> 500\nTargetCloseError: Protocol error (Page.printToPDF): Target closed\n%s" % (
                job, sid, pages, "\n".join(TCE))))
            e = c + ms(30)
            sw.add(e, "[%s: ERROR/%s] statements.render[%s]: StatementRenderError: pdf-renderer answered 500 for statement %s (attempt %d/3)" % (pylog(e), worker, task, sid, a))
            if a == 3:
                sw.add(e + ms(5), "[%s: ERROR/%s] Task statements.render[%s] raised unexpected: StatementRenderError('pdf-renderer answered 500 for statement %s')\n%s" % (
                    pylog(e + ms(5)), worker, task, sid, pytb([
                        ([("/app/statements/tasks.py", 64, "render", "pdf = client.render(html, statement_id=sid)"),
                          ("/app/statements/renderer_client.py", 39, "render", "resp.raise_for_status()"),
                          ("/usr/local/lib/python3.12/site-packages/requests/models.py", 1024, "raise_for_status", "raise HTTPError(http_error_msg, response=self)")],
                         "requests.exceptions.HTTPError: 500 Server Error: Internal Server Error for url: http://pdf-renderer.docs.svc:3000/render", "cause"),
                        ([("/usr/local/lib/python3.12/site-packages/celery/app/trace.py", 453, "trace_task", "R = retval = fun(*args, **kwargs)"),
                          ("/app/statements/tasks.py", 70, "render", "raise StatementRenderError(f\"pdf-renderer answered {e.response.status_code} for statement {sid}\") from e")],
                         "statements.errors.StatementRenderError: pdf-renderer answered 500 for statement %s" % sid, None)])))
                return
            sw.add(e + ms(3), "[%s: INFO/%s] Task statements.render[%s] retry: Retry in 20s" % (pylog(e + ms(3)), worker, task))
            tt = e + sec(20) + ms(rng.randint(0, 3000))
        else:
            d = rng.lognorm_ms(900 + 250 * pages)
            e = tt + ms(d)
            pr.add(e, n(e, "info", p, "POST /render 200 job=%s pages=%d bytes=%d %dms" % (job, pages, rng.randint(60000, 400000), d)))
            sw.add(e + ms(20), "[%s: INFO/%s] Task statements.render[%s] succeeded in %.3fs: 'stmt/%s.pdf'" % (pylog(e + ms(20)), worker, task, (e - t).total_seconds(), sid))
            return


for t in rng.times(T0, BATCH, 0.6):
    statement(t, "ST-%d" % rng.randint(1000000, 9999999), False)
for t in rng.times(BATCH + sec(35), T1, 3.8):
    statement(t, "ST-2509-%07d" % rng.randint(0, 9999999), True)

# noise
for t in every(dt("2025-10-01T03:10:00"), T1, 400, rng, 100000):
    if t >= T0:
        docs.add(t, jrec(t, "ERROR", "docs-api", "thumbnail generation failed for upload", component="ThumbnailService", error_type="ImageDecodeException",
                         trace_id=rng.hex(32), span_id=rng.hex(16), attrs={"upload_id": "up_" + rng.alnum(10), "mime": "image/heic"},
                         deploy={"version": "4.11.0", "commit": "b2e90d1"}))
for t in rng.times(T0, T1, 3):
    st = rng.random() < 0.2 and t > BATCH
    docs.add(t, jrec(t, "WARN" if st else "INFO", "docs-api", "GET /v1/statements/{id}/pdf %s" % ("404 statement not ready" if st else "200 in %dms" % rng.lognorm_ms(35)),
                     component="StatementController", trace_id=rng.hex(32), span_id=rng.hex(16), deploy={"version": "4.11.0", "commit": "b2e90d1"}))
for t in every(T0, T1, 300, rng, 30000):
    p = rng.choice(PODS)
    pr.add(t, n(t, "warn", p, "fontconfig: Fontconfig warning: \"/etc/fonts/fonts.conf\", line 86: unknown element \"blank\""))
for t in every(T0, T1, 150, rng, 20000):
    k8.add(t, k8s(t, "Warning", "FailedGetResourceMetric", "horizontalpodautoscaler/docs-api", "failed to get memory utilization: missing request for memory in container docs-api"))
for t in every(T0, T1, 60, rng, 500):
    for p in PODS:
        pr.add(t, n(t, "debug", p, "GET /healthz 200 1ms"))

alert = generic_alert("statements-worker", "Statement render failures above 5% for 10m (statements_render_failed_total)", "high", "f1c08e3a7d5b2964",
                      dt("2025-10-01T05:18:00"), {"env": "prod", "team": "documents", "alertname": "StatementRenderFailures", "queue": "statements"})
write_case(CASE, {"pdf-renderer.log": pr, "statements-worker.log": sw, "k8s-events.log": k8, "docs-api.jsonl": docs}, alert)
finish(CASE, {
    "root_cause": {"service": "pdf-renderer", "component": "headless Chromium with the container default /dev/shm (64 MiB) under month-start concurrency",
                   "error_type": "TargetCloseError", "file": None},
    "category": "resource",
    "symptoms": [{"service": "statements-worker", "error_type": "StatementRenderError"}],
    "why": "The 05:00 month-start run sends up to 8 concurrent renders per pdf-renderer pod; Chromium runs out of its 64 MiB /dev/shm (\"Creating shared memory ... No space left on device\"), tabs crash and printToPDF fails with TargetCloseError (500). statements-worker's retries and give-ups are loudest; nothing in its code is wrong.",
})
