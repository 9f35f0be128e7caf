#!/usr/bin/env python3
"""mail-renderer-staging-template-bucket

The 11:30 helm values change for mail-renderer (meant to raise its memory request) also carried a
copy-pasted TEMPLATE_BUCKET=acme-mail-templates-staging. The pods restart with an empty template
cache and the production IAM role cannot read the staging bucket, so every template load fails
with S3Exception (Access Denied, 403). mail-renderer answers 500; notification-worker (celery)
retries each email 4 times and logs RenderError at ERROR each time (the loudest), and the queue
backs up. Evidence: mail-renderer's startup line names the staging bucket; the k8s events show
the rollout at 11:30. Noise: notification-worker bounce warnings, an older SMTP 421 error,
mail-renderer Thymeleaf deprecation warnings, a readiness probe failure during the rollout.
Alertmanager alert on the notification queue backlog.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, spring, spring_err, py, pytb, k8s,
                    alertmanager, pod)

CASE = "mail-renderer-staging-template-bucket"
rng = Rng(20260324)
START, END = dt("2026-03-24T11:05:00"), dt("2026-03-24T11:52:00")
ROLL = dt("2026-03-24T11:30:14")
mr, nw, ev = LogFile(), LogFile(), LogFile()
OLD = [pod(rng, "mail-renderer", "7d4b9c8f5") for _ in range(2)]
NEW = [pod(rng, "mail-renderer", "58c6f7d9b") for _ in range(2)]
TPL = ["order-shipped", "order-confirmed", "password-reset", "invoice-ready", "return-received"]
LANG = ["de", "en", "fr", "nl", "pl"]
for i, (o, n) in enumerate(zip(OLD, NEW)):
    t = ROLL + timedelta(seconds=20 * i)
    ev.add(t, k8s(t, "Normal", "ScalingReplicaSet", "deployment/mail-renderer", "Scaled up replica set mail-renderer-58c6f7d9b to %d" % (i + 1)))
    ev.add(t + timedelta(seconds=1), k8s(t + timedelta(seconds=1), "Normal", "Pulled", "pod/" + n, 'Container image "registry.acme.internal/mail-renderer:3.4.2" already present on machine'))
    ev.add(t + timedelta(seconds=2), k8s(t + timedelta(seconds=2), "Normal", "Started", "pod/" + n, "Started container mail-renderer"))
    ts = t + timedelta(seconds=9)
    mr.add(ts, spring(ts, "INFO", "mail-renderer", None, None, "main", "c.a.mail.MailRendererApplication", "Started MailRendererApplication in 7.81 seconds (process running for 8.4) pod=%s" % n))
    mr.add(ts + timedelta(milliseconds=2), spring(ts + timedelta(milliseconds=2), "INFO", "mail-renderer", None, None, "main", "c.a.mail.templates.S3TemplateSource",
           "template source: bucket=acme-mail-templates-staging prefix=templates/ region=eu-central-1 cache=cold ttl=PT1H"))
    tp = t + timedelta(seconds=5)
    ev.add(tp, k8s(tp, "Warning", "Unhealthy", "pod/" + n, "Readiness probe failed: HTTP probe failed with statuscode: 503"))
    ev.add(t + timedelta(seconds=30), k8s(t + timedelta(seconds=30), "Normal", "Killing", "pod/" + o, "Stopping container mail-renderer"))
mr.add(START + timedelta(seconds=1), spring(START + timedelta(seconds=1), "INFO", "mail-renderer", None, None, "scheduling-1", "c.a.mail.templates.TemplateCache", "template cache: 25 entries, 0 evicted"))
for t in rng.times(START, END, 1.8):
    tpl, lang = rng.choice(TPL), rng.choice(LANG)
    task = "%s-%s" % (rng.hex(8), rng.hex(4))
    if t < ROLL + timedelta(seconds=12):
        d = rng.lognorm_ms(35)
        mr.add(t, spring(t, "INFO", "mail-renderer", rng.hex(32), rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 20), "c.a.mail.web.RenderController", "rendered %s/%s in %dms" % (tpl, lang, d)))
        nw.add(t + timedelta(milliseconds=d), py(t + timedelta(milliseconds=d), "INFO", "celery.app.trace", "Task notifications.send_email[%s] succeeded in %.3fs: None" % (task, d / 1000 + 0.2)))
        continue
    for a in range(4):
        ta = t + timedelta(seconds=[0, 10, 40, 130][a])
        if ta >= END:
            break
        tr = rng.hex(32)
        rid = "%s%s" % (rng.alnum(4, "ABCDEFGHJKMNPQRSTVWXYZ0123456789"), rng.alnum(12, "ABCDEFGHJKMNPQRSTVWXYZ0123456789"))
        mr.add(ta, spring_err(ta, "ERROR", "mail-renderer", tr, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 20), "c.a.mail.web.RenderController",
               "render failed for template %s/%s" % (tpl, lang),
               [("software.amazon.awssdk.services.s3.model.S3Exception", "Access Denied (Service: S3, Status Code: 403, Request ID: %s)" % rid,
                 ["software.amazon.awssdk.services.s3.model.S3Exception$BuilderImpl.build(S3Exception.java:113)",
                  "software.amazon.awssdk.core.internal.http.CombinedResponseHandler.handleErrorResponse(CombinedResponseHandler.java:125)",
                  "software.amazon.awssdk.services.s3.DefaultS3Client.getObject(DefaultS3Client.java:5263)",
                  "com.acme.mail.templates.S3TemplateSource.load(S3TemplateSource.java:52)",
                  "com.acme.mail.templates.TemplateCache.get(TemplateCache.java:38)",
                  "com.acme.mail.web.RenderController.render(RenderController.java:44)"])]))
        tb = pytb([([("/app/notifications/tasks.py", 64, "send_email", "html = renderer.render(template, lang, context)"),
                     ("/app/notifications/renderer.py", 29, "render", "raise RenderError(f\"mail-renderer returned {resp.status_code} for {template}/{lang}\")")],
                    "notifications.renderer.RenderError: mail-renderer returned 500 for %s/%s" % (tpl, lang), None)])
        te = ta + timedelta(milliseconds=rng.randint(60, 140))
        if a < 3:
            nw.add(te, py(te, "ERROR", "notifications.tasks", "send_email[%s] render failed, retry %d/3 in %ds\n%s" % (task, a + 1, [10, 30, 90][a], tb)))
        else:
            nw.add(te, py(te, "ERROR", "celery.app.trace", "Task notifications.send_email[%s] raised unexpected: RenderError('mail-renderer returned 500 for %s/%s')\n%s" % (task, tpl, lang, tb)))
            nw.add(te + timedelta(milliseconds=2), py(te + timedelta(milliseconds=2), "ERROR", "notifications.tasks", "email %s dropped after 4 attempts: RenderError (moved to dead-letter queue emails.dlq)" % task))
# noise
for t in rng.times(START, END, 0.9):
    nw.add(t, py(t, "WARNING", "notifications.bounces", "hard bounce for recipient hash %s; address suppressed" % rng.hex(10)))
for t in rng.times(START, dt("2026-03-24T11:20:00"), 0.4):
    nw.add(t, py(t, "ERROR", "notifications.smtp", "SMTPServerDisconnected: 421 4.7.0 Try again later, closing connection (relay throttled); message requeued"))
for t in rng.times(START, END, 0.3):
    mr.add(t, spring(t, "WARN", "mail-renderer", None, None, "http-nio-8080-exec-%d" % rng.randint(1, 20), "o.thymeleaf.templateparser.markup", "[THYMELEAF] Deprecated unwrapped fragment expression \"footer :: legal\" found in template"))
for m in range(0, 47, 3):
    t = START + timedelta(minutes=m, seconds=30)
    nw.add(t, py(t, "INFO", "notifications.metrics", "queue emails depth=%d" % (40 + (0 if t < ROLL else int((t - ROLL).total_seconds() * 2.3)) + rng.randint(0, 15))))

d = reset_logs(CASE)
mr.write(d + "/mail-renderer.log")
nw.write(d + "/notification-worker.log")
ev.write(d + "/k8s-events.log")
labels = {"alertname": "NotificationQueueBacklog", "severity": "warning", "service": "notification-worker", "queue": "emails", "namespace": "messaging"}
write_json(d + "/../alert.json", alertmanager("messaging-oncall", labels,
    {"summary": "emails queue depth above 1000 for 10m", "description": "celery queue emails has 2614 messages waiting"},
    dt("2026-03-24T11:44:30"), "celery_queue_length%7Bqueue%3D%22emails%22%7D+%3E+1000", "41c9e2a7d05b83f6"))
finish(CASE, {
    "root_cause": {"service": "mail-renderer", "component": "helm values TEMPLATE_BUCKET (acme-mail-templates-staging) read by S3TemplateSource",
                   "error_type": "S3Exception", "file": "deploy/helm/mail-renderer/values-production.yaml"},
    "category": "config",
    "symptoms": [{"service": "notification-worker", "error_type": "RenderError"}],
    "why": "The 11:30 helm values change pointed mail-renderer's TEMPLATE_BUCKET at the staging bucket, which the production role cannot read; the restarted pods have an empty template cache, so every render fails with S3Exception (Access Denied) and notification-worker's retries fail with RenderError until the queue backs up.",
})
