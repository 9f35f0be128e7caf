#!/usr/bin/env python3
"""sms-gateway-textwave-throttled

From 08:12 the external SMS provider Textwave throttles our account: its rate-limit headers drop
from the contracted 200/s to 20/s and most sends are answered 429 with "Throughput temporarily
reduced for route EU-3 (carrier degradation)". Our volume is normal. sms-gateway (Flask) raises
requests' HTTPError "429 Client Error: Too Many Requests" for each refused send and answers the
caller 503. notification-worker (Go) retries every SMS four times with backoff and logs each
failure (the loudest, no exception type); courier-dispatch cannot tell customers their delivery
ETA. E-mail and push notifications are fine.
Noise: number normalisation warnings, an old signature-mismatch error from a disabled legacy
provider's webhook, APNs token-expiry warnings, stale GPS fixes, health checks.
Alertmanager alert on the notification queue backlog.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, py, pytb, logfmt, alertmanager, uuid)

CASE = "sms-gateway-textwave-throttled"
rng = Rng(20260602)
START, END = dt("2026-06-02T07:50:00"), dt("2026-06-02T08:46:00")
THROTTLE = dt("2026-06-02T08:12:20")
sg, nw, cd = LogFile(), LogFile(), LogFile()
URL = "https://api.textwave.example/v2/messages"


def tb(msgid):
    return pytb([([("/app/sms_gateway/providers/textwave.py", 77, "send", "resp.raise_for_status()"),
                   ("/usr/local/lib/python3.12/site-packages/requests/models.py", 1024, "raise_for_status", "raise HTTPError(http_error_msg, response=self)")],
                  "requests.exceptions.HTTPError: 429 Client Error: Too Many Requests for url: %s" % URL, None)])


def send(t, kind, ref, tr):
    """one SMS through sms-gateway; returns True if Textwave accepted it"""
    msgid = "msg_%s" % rng.alnum(16)
    d = rng.lognorm_ms(140)
    te = t + timedelta(milliseconds=d)
    if t < THROTTLE or rng.random() < 0.28:
        sg.add(te, py(te, "INFO", "sms_gateway.providers.textwave", "sent %s kind=%s ref=%s provider_id=tw_%s in %dms x-ratelimit-limit=%d" % (
            msgid, kind, ref, rng.hex(12), d, 200 if t < THROTTLE else 20), "trace=%s" % tr))
        return True, te
    sg.add(te, py(te, "WARNING", "sms_gateway.providers.textwave", 'textwave answered 429 for %s: {"code":20429,"message":"Throughput temporarily reduced for route EU-3 (carrier degradation). Retry later."} retry-after=30 x-ratelimit-limit=20 x-ratelimit-remaining=0' % msgid, "trace=%s" % tr))
    sg.add(te, py(te, "ERROR", "sms_gateway.api", "send %s kind=%s ref=%s failed, answering 503" % (msgid, kind, ref), "trace=%s" % tr) + "\n" + tb(msgid))
    return False, te


# notifications: SMS (order shipped, delivery ETA, OTP) go through sms-gateway, 4 attempts each
for t in rng.times(START, END, 2.6):
    kind = rng.choice(["delivery_eta", "delivery_eta", "order_shipped", "login_otp"])
    ref = "ord_%s" % rng.alnum(10) if kind != "login_otp" else "usr_%s" % rng.alnum(8)
    tr = rng.hex(32)
    nid = uuid(rng)
    ta = t
    for a in range(4):
        ok, te = send(ta, kind, ref, tr)
        if ok:
            nw.add(te, logfmt(te, "info", "notification delivered", id=nid, channel="sms", kind=kind, attempt=a + 1, trace_id=tr))
            break
        nw.add(te, logfmt(te, "error", "sms send failed", id=nid, channel="sms", kind=kind, attempt="%d/4" % (a + 1),
                          err="sms-gateway: POST /v1/sms: 503 Service Unavailable: provider rejected message (429)", trace_id=tr))
        ta = te + timedelta(seconds=[2, 8, 30][a] if a < 3 else 0)
    else:
        nw.add(ta, logfmt(ta, "error", "giving up on notification, moved to dead-letter queue", id=nid, channel="sms", kind=kind, trace_id=tr))
        if kind == "delivery_eta":
            cd.add(ta + timedelta(milliseconds=40), jrec(ta + timedelta(milliseconds=40), "ERROR", "courier-dispatch",
                   "customer was not notified of delivery ETA for %s: notification %s dead-lettered" % (ref, nid),
                   component="eta.notify", error_type="CustomerNotificationException", trace_id=tr, span_id=rng.hex(16),
                   attrs={"order": ref, "channel": "sms"}))
# e-mail and push are fine
for t in rng.times(START, END, 4):
    ch = rng.choice(["email", "push"])
    nw.add(t, logfmt(t, "info", "notification delivered", id=uuid(rng), channel=ch, kind=rng.choice(["order_shipped", "receipt", "delivery_eta"]), attempt=1, trace_id=rng.hex(32)))
# courier-dispatch routine
for t in rng.times(START, END, 3):
    cd.add(t, jrec(t, "INFO", "courier-dispatch", "ETA computed for ord_%s: %s" % (rng.alnum(10), (t + timedelta(minutes=rng.randint(20, 180))).strftime("%H:%M")),
                   component="eta", trace_id=rng.hex(32), span_id=rng.hex(16)))
# noise
for t in rng.times(START, END, 1.2):
    sg.add(t, py(t, "WARNING", "sms_gateway.numbers", "normalised national number 0%d... to +49 E.164" % rng.randint(150, 179)))
for t in rng.times(START, END, 0.25):
    sg.add(t, py(t, "ERROR", "sms_gateway.webhooks", "delivery receipt from provider 'smsnordic' rejected: signature mismatch (provider disabled since 2026-05-30, webhook still registered)"))
for t in rng.times(START, END, 0.9):
    nw.add(t, logfmt(t, "warn", "apns: device token expired, unregistering", device="d_%s" % rng.alnum(12)))
for t in rng.times(START, END, 0.7):
    cd.add(t, jrec(t, "WARN", "courier-dispatch", "stale GPS fix for courier c_%s (%ds old), using last known position" % (rng.alnum(6), rng.randint(90, 600)), component="tracking"))
for m in range(0, 56, 1):
    t = START + timedelta(minutes=m, seconds=33)
    if rng.random() < 0.05:
        sg.add(t, py(t, "WARNING", "sms_gateway.health", "readiness: redis ping took %dms" % rng.randint(700, 1300)))
    else:
        sg.add(t, py(t, "INFO", "sms_gateway.health", "GET /healthz 200"))

d = reset_logs(CASE)
sg.write(d + "/sms-gateway.log")
nw.write(d + "/notification-worker.log")
cd.write(d + "/courier-dispatch.jsonl")
labels = {"alertname": "NotificationQueueBacklog", "severity": "warning", "service": "notification-worker", "namespace": "messaging", "queue": "notifications.sms", "team": "messaging"}
write_json(d + "/../alert.json", alertmanager("messaging-oncall", labels,
    {"summary": "notifications.sms backlog above 500 for 10m", "description": "backlog 1,840 messages; dead-letter rate 0.6/s",
     "runbook_url": "https://runbooks.acme.internal/messaging/notification-backlog"},
    dt("2026-06-02T08:27:00"), "max(rabbitmq_queue_messages_ready%7Bqueue%3D%22notifications.sms%22%7D)+%3E+500", "5d0e9a2b7c1f3846"))
finish(CASE, {
    "root_cause": {"service": "sms-gateway", "component": "Textwave provider client (api.textwave.example throttles the account to 20/s, 429 on route EU-3)",
                   "error_type": "HTTPError", "file": None},
    "category": "dependency",
    "symptoms": [{"service": "notification-worker", "error_type": None},
                 {"service": "courier-dispatch", "error_type": "CustomerNotificationException"}],
    "why": "From 08:12 the external SMS provider Textwave cuts our throughput from 200/s to 20/s (429, 'route EU-3 carrier degradation') while our volume is unchanged; sms-gateway fails most sends with HTTPError 429 and answers 503, and notification-worker's four attempts per SMS make it the loudest. E-mail and push keep working.",
})
