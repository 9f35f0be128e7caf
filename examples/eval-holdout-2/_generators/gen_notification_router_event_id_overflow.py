#!/usr/bin/env python3
"""notification-router-event-id-overflow

activity-api (Go) stores user activity events with a BIGSERIAL id and pushes each event to
notification-router (Java, JSON logs) through push-relay (Go), which retries a failed delivery
5 times with backoff and then dead-letters it. notification-router's legacy EventEnvelope
parses event_id with Integer.parseInt. Nothing was deployed: at 14:23 the id sequence passes
2,147,483,647 and every new event fails with NumberFormatException (For input string:
"2147483648"), as does every inbox read whose since_id cursor is past the limit. push-relay
logs each failed attempt and each dead-letter at level=error and is the loudest; mobile-bff
reports inbox failures. Noise: APNs 410 Unregistered warnings, an FCM quota error since the
morning, push-relay slow-consumer warnings, a mobile-bff avatar resize error.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, alertmanager, iso_ms)

CASE = "notification-router-event-id-overflow"
rng = Rng(20250923)
START, END = dt("2025-09-23T13:45:00"), dt("2025-09-23T14:58:00")
LIMIT = 2147483647

aa, pr, nr, mb = LogFile(), LogFile(), LogFile(), LogFile()
NR_PODS = ["notification-router-5c7b9d8f6-8wq2h", "notification-router-5c7b9d8f6-kx4tz", "notification-router-5c7b9d8f6-v3m9n"]
DEPLOY = {"version": "5.8.2", "commit": "b41e7d0"}


def go(t, level, msg, **kv):
    parts = ["time=%s" % iso_ms(t), "level=%s" % level, 'msg="%s"' % msg]
    parts += ['%s=%s' % (k, ('"%s"' % v) if isinstance(v, str) and (" " in v or ":" in v) else v) for k, v in kv.items()]
    return " ".join(parts)


NFE_STACK = ["java.lang.NumberFormatException: For input string: \"%d\"",
             "at java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)",
             "at java.base/java.lang.Integer.parseInt(Integer.java:662)",
             "at java.base/java.lang.Integer.parseInt(Integer.java:778)",
             "at com.acme.notify.model.EventEnvelope.fromJson(EventEnvelope.java:41)",
             "at com.acme.notify.web.EventController.receive(EventController.java:36)"]
NFE_STACK_Q = ["java.lang.NumberFormatException: For input string: \"%d\"",
               "at java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)",
               "at java.base/java.lang.Integer.parseInt(Integer.java:662)",
               "at com.acme.notify.inbox.InboxQuery.sinceId(InboxQuery.java:28)",
               "at com.acme.notify.web.InboxController.list(InboxController.java:52)"]

# ---- events ---------------------------------------------------------------------------------
eid = LIMIT - 205
t = START
first_bad = None
last_ok = LIMIT - 205
while True:
    t = t + timedelta(seconds=rng.expovariate(1 / 22.0))
    if t >= END:
        break
    eid += rng.randint(1, 3)
    trace = rng.hex(32)
    kind = rng.choice(["comment.created", "follow.created", "mention.created", "like.created"])
    if rng.random() < 0.3:
        aa.add(t, go(t, "info", "event stored", id=eid, kind=kind, user="u_%d" % rng.randint(100000, 999999), trace_id=trace))
    td = t + timedelta(milliseconds=rng.randint(20, 200))
    if eid <= LIMIT:
        last_ok = eid
        pod = rng.choice(NR_PODS)
        nr.add(td, jrec(td, "INFO", "notification-router", "event %d routed: %s -> %d devices" % (eid, kind, rng.randint(1, 4)),
                        component="com.acme.notify.route.Router", trace_id=trace, span_id=rng.hex(16), parent_span_id=rng.hex(16), deploy=DEPLOY, attrs={"pod": pod}))
        continue
    if first_bad is None:
        first_bad = td
    backoff = 1
    for attempt in range(1, 6):
        pod = rng.choice(NR_PODS)
        nr.add(td, jrec(td, "ERROR", "notification-router", "POST /internal/events failed -> 500", component="com.acme.notify.web.ApiExceptionHandler",
                        error_type="java.lang.NumberFormatException", trace_id=trace, span_id=rng.hex(16), parent_span_id=rng.hex(16),
                        stack=[NFE_STACK[0] % eid] + NFE_STACK[1:], file="EventEnvelope.java", line=41, deploy=DEPLOY,
                        attrs={"pod": pod, "event_kind": kind}))
        pr.add(td + timedelta(milliseconds=3), go(td + timedelta(milliseconds=3), "error", "delivery failed", event_id=eid, attempt="%d/5" % attempt, target="http://notification-router.notify.svc:8080/internal/events", status=500, next_retry="%ds" % backoff if attempt < 5 else "none", trace_id=trace))
        td = td + timedelta(seconds=backoff, milliseconds=rng.randint(0, 300))
        backoff *= 2
    pr.add(td, go(td, "error", "event dead-lettered after 5 attempts", event_id=eid, kind=kind, dlq="notify-dlq", trace_id=trace))

# inbox reads from the apps through mobile-bff
for t in rng.times(START, END, 4.0):
    uid = "u_%d" % rng.randint(100000, 999999)
    trace = rng.hex(32)
    since = (last_ok - rng.randint(50, 4000)) if (first_bad is None or t < first_bad or rng.random() < 0.6) else LIMIT + rng.randint(1, 60)
    if since > LIMIT:
        pod = rng.choice(NR_PODS)
        nr.add(t, jrec(t, "ERROR", "notification-router", "GET /v1/inbox failed -> 500", component="com.acme.notify.web.ApiExceptionHandler",
                       error_type="java.lang.NumberFormatException", trace_id=trace, span_id=rng.hex(16), parent_span_id=rng.hex(16),
                       stack=[NFE_STACK_Q[0] % since] + NFE_STACK_Q[1:], file="InboxQuery.java", line=28, deploy=DEPLOY, attrs={"pod": pod, "user": uid}))
        mb.add(t + timedelta(milliseconds=8), "[%s] ERROR mobile-bff: GET /api/inbox?since_id=%d user=%s -> 502 (notification-router 500) trace_id=%s" % (iso_ms(t + timedelta(milliseconds=8)), since, uid, trace))
    else:
        mb.add(t + timedelta(milliseconds=30), "[%s] INFO mobile-bff: GET /api/inbox?since_id=%d user=%s 200 %dms" % (iso_ms(t + timedelta(milliseconds=30)), since, uid, rng.lognorm_ms(35)))

# ---- noise ------------------------------------------------------------------------------------
for t in rng.times(START, END, 1.2):
    nr.add(t, jrec(t, "WARN", "notification-router", "APNs rejected device token: 410 Unregistered; token removed", component="com.acme.notify.apns.ApnsSender",
                   deploy=DEPLOY, attrs={"pod": rng.choice(NR_PODS), "token": rng.hex(12) + "..."}))
for t in rng.times(START, END, 0.3):
    nr.add(t, jrec(t, "ERROR", "notification-router", "FCM send failed: 429 QUOTA_EXCEEDED for project acme-social-legacy", component="com.acme.notify.fcm.FcmSender",
                   error_type="com.google.firebase.messaging.FirebaseMessagingException", deploy=DEPLOY,
                   stack=["com.google.firebase.messaging.FirebaseMessagingException: Quota exceeded for quota metric 'Send requests' of service 'fcm.googleapis.com'",
                          "at com.google.firebase.messaging.FirebaseMessagingClientImpl.send(FirebaseMessagingClientImpl.java:106)"],
                   attrs={"pod": rng.choice(NR_PODS), "since": "2025-09-23T07:00:00Z"}))
for t in rng.times(START, END, 0.4):
    pr.add(t, go(t, "warn", "slow consumer", target="analytics-sink", p99_ms=rng.randint(900, 3000)))
for t in rng.times(START, END, 0.35):
    mb.add(t, "[%s] ERROR mobile-bff: avatar resize failed: Error: Input buffer contains unsupported image format (u_%d.heic)\n    at Sharp.toBuffer (/app/node_modules/sharp/lib/output.js:163:17)" % (iso_ms(t), rng.randint(100000, 999999)))
for m in range(0, 73, 5):
    t = START + timedelta(minutes=m, seconds=12)
    aa.add(t, go(t, "info", "db pool", open=18, idle=rng.randint(6, 14), wait_count=0))

d = reset_logs(CASE)
aa.write(d + "/activity-api.log")
pr.write(d + "/push-relay.log")
nr.write(d + "/notification-router.jsonl")
mb.write(d + "/mobile-bff.log")
write_json(d + "/../alert.json", alertmanager(
    "social-oncall",
    {"alertname": "PushRelayDeadLetters", "service": "push-relay", "namespace": "notify", "severity": "high", "env": "prod", "team": "social"},
    {"summary": "push-relay dead-lettered 100% of events in the last 10m (notify-dlq growing)",
     "description": "rate(push_relay_dead_letters_total[10m]) / rate(push_relay_events_total[10m]) = 1.0"},
    dt("2025-09-23T14:33:00"),
    "sum%28rate%28push_relay_dead_letters_total%5B10m%5D%29%29+%2F+sum%28rate%28push_relay_events_total%5B10m%5D%29%29+%3E+0.05",
    "c2a7e9d04f1b3856"))
finish(CASE, {
    "root_cause": {"service": "notification-router",
                   "component": "EventEnvelope.fromJson / InboxQuery.sinceId parse event ids with Integer.parseInt (ids passed 2^31-1 at 14:23)",
                   "error_type": "NumberFormatException", "file": "src/main/java/com/acme/notify/model/EventEnvelope.java"},
    "category": "code",
    "symptoms": [{"service": "push-relay", "error_type": None},
                 {"service": "mobile-bff", "error_type": None}],
    "why": "Activity event ids passed 2,147,483,647 at 14:23 with no deploy anywhere; notification-router parses ids with Integer.parseInt, so every new event and every inbox read with a cursor past the limit fails with NumberFormatException (500). push-relay retries five times and dead-letters each event, mobile-bff fails inbox reads; parse ids as long and replay notify-dlq.",
})
