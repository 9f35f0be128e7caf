#!/usr/bin/env python3
"""account-service-java21-kryo-opens

account-service 7.3.0 (jsonl, deploy markers) moves the image from eclipse-temurin:11 to
eclipse-temurin:21 ("runtime upgrade"), but the JVM flags lose nothing and gain nothing: the
Kryo serializer that writes the profile cache to Redis needs --add-opens java.base/java.util,
which Java 17+ refuses by default. On the new pods every profile cache write throws
InaccessibleObjectException (wrapped in KryoException and SerializationException) and the
request fails 500. The rolling update (maxSurge 1) replaces one pod every ~5 minutes from
13:58, so errors grow step by step and come only from the 7.3.0 pods. Here the loudest error
is the root cause: the auth-gateway 500s are fewer (internal orders-api calls do not pass it,
and orders-api only warns and uses its own cached customer).
Noise: email provider 429s in account-service since the morning, slow-query warnings,
unrelated CronJob and HPA events, a flaky probe on the gateway.
Alertmanager alert on auth-gateway.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, nginx_line, k8s, alertmanager, ip)

CASE = "account-service-java21-kryo-opens"
rng = Rng(20250819)
START, END = dt("2025-08-19T13:35:00"), dt("2025-08-19T14:30:00")
OLD = {"version": "7.2.6", "commit": "4be19a0"}
NEW = {"version": "7.3.0", "commit": "d81c57e"}
OLD_RS, NEW_RS = "account-service-6d9b7c5f8", "account-service-7f4c8d6b9"

ac, gw, ev, oa = LogFile(), LogFile(), LogFile(), LogFile()
old_pods = ["%s-%s" % (OLD_RS, rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")) for _ in range(3)]
new_pods = ["%s-%s" % (NEW_RS, rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")) for _ in range(3)]
# (time new pod ready, old pod removed)
STEPS = [(dt("2025-08-19T13:58:41"), 0), (dt("2025-08-19T14:03:52"), 1), (dt("2025-08-19T14:09:07"), 2)]
timeline = []  # (time, live pods)
live = list(old_pods)
timeline.append((START, list(live)))
for i, (t, k) in enumerate(STEPS):
    tc = t - timedelta(seconds=36)
    if i == 0:
        ev.add(tc - timedelta(seconds=1), k8s(tc - timedelta(seconds=1), "Normal", "ScalingReplicaSet", "deployment/account-service", "Scaled up replica set %s to 1 from 0" % NEW_RS))
    else:
        ev.add(tc - timedelta(seconds=1), k8s(tc - timedelta(seconds=1), "Normal", "ScalingReplicaSet", "deployment/account-service", "Scaled up replica set %s to %d from %d" % (NEW_RS, i + 1, i)))
    p = new_pods[i]
    ev.add(tc, k8s(tc, "Normal", "SuccessfulCreate", "replicaset/" + NEW_RS, "Created pod: " + p))
    ev.add(tc, k8s(tc, "Normal", "Scheduled", "pod/" + p, "Successfully assigned accounts/%s to ip-10-6-%d-%d" % (p, rng.randint(1, 3), rng.randint(10, 200))))
    ev.add(tc + timedelta(seconds=2), k8s(tc + timedelta(seconds=2), "Normal", "Pulled", "pod/" + p, "Container image \"registry.acme.example/accounts/account-service:7.3.0\" already present on machine" if i else
                                          "Successfully pulled image \"registry.acme.example/accounts/account-service:7.3.0\" in 4.81s (4.81s including waiting). Image size: 212338172 bytes."))
    ev.add(tc + timedelta(seconds=2), k8s(tc + timedelta(seconds=2), "Normal", "Created", "pod/" + p, "Created container account-service"))
    ev.add(tc + timedelta(seconds=3), k8s(tc + timedelta(seconds=3), "Normal", "Started", "pod/" + p, "Started container account-service"))
    ts = tc + timedelta(seconds=14)
    ac.add(ts, jrec(ts, "INFO", "account-service", "Starting AccountServiceApplication v7.3.0 using Java 21.0.4 with PID 1", component="com.acme.account.AccountServiceApplication",
                    deploy=NEW, attrs={"pod": p, "jvm": "OpenJDK 64-Bit Server VM 21.0.4+7-LTS", "image": "eclipse-temurin:21-jre-jammy",
                                       "java_opts": "-XX:MaxRAMPercentage=75 -XX:+UseG1GC"}))
    ac.add(t - timedelta(seconds=2), jrec(t - timedelta(seconds=2), "INFO", "account-service", "Started AccountServiceApplication in 19.84 seconds (process running for 21.2)",
                                          component="com.acme.account.AccountServiceApplication", deploy=NEW, attrs={"pod": p}))
    ev.add(t + timedelta(seconds=5), k8s(t + timedelta(seconds=5), "Normal", "ScalingReplicaSet", "deployment/account-service", "Scaled down replica set %s to %d from %d" % (OLD_RS, 2 - i, 3 - i)))
    ev.add(t + timedelta(seconds=5), k8s(t + timedelta(seconds=5), "Normal", "Killing", "pod/" + old_pods[k], "Stopping container account-service"))
    live = [x for x in live if x != old_pods[k]] + [p]
    timeline.append((t, list(live)))


def live_at(t):
    cur = timeline[0][1]
    for ts, pods in timeline:
        if ts <= t:
            cur = pods
    return cur


CHAIN = ("org.springframework.data.redis.serializer.SerializationException: Cannot serialize; nested exception is com.esotericsoftware.kryo.KryoException: "
         "java.lang.reflect.InaccessibleObjectException: Unable to make field final java.util.Collection java.util.Collections$UnmodifiableCollection.c accessible: "
         "module java.base does not \"opens java.util\" to unnamed module @5b2f8ab6")
STACK = ["java.lang.reflect.InaccessibleObjectException: Unable to make field final java.util.Collection java.util.Collections$UnmodifiableCollection.c accessible: module java.base does not \"opens java.util\" to unnamed module @5b2f8ab6",
         "at java.base/java.lang.reflect.AccessibleObject.throwInaccessibleObjectException(AccessibleObject.java:391)",
         "at java.base/java.lang.reflect.AccessibleObject.checkCanSetAccessible(AccessibleObject.java:367)",
         "at java.base/java.lang.reflect.Field.setAccessible(Field.java:172)",
         "at com.esotericsoftware.kryo.serializers.FieldSerializer.buildValidFields(FieldSerializer.java:283)",
         "at com.acme.account.cache.KryoRedisSerializer.serialize(KryoRedisSerializer.java:39)",
         "at com.acme.account.profile.ProfileCache.put(ProfileCache.java:52)",
         "at com.acme.account.profile.ProfileService.load(ProfileService.java:88)"]


def account_call(t, trace, parent, route):
    p = rng.choice(live_at(t))
    span = rng.hex(16)
    dep = NEW if p.startswith(NEW_RS) else OLD
    ms = rng.lognorm_ms(35)
    tdone = t + timedelta(milliseconds=ms)
    if dep is NEW and rng.random() < 0.93:  # cache hits of profiles written before skip the write
        ac.add(tdone, jrec(tdone, "ERROR", "account-service", "%s failed: could not cache profile" % route, component="com.acme.account.web.ApiErrorHandler",
                           error_type="java.lang.reflect.InaccessibleObjectException", trace_id=trace, span_id=span, parent_span_id=parent, caused_by=CHAIN,
                           stack=STACK, deploy=dep, attrs={"pod": p, "status": 500}))
        return False, tdone
    ac.add(tdone, jrec(tdone, "INFO", "account-service", "%s 200 in %dms" % (route, ms), component="com.acme.account.web.RequestLog", trace_id=trace, span_id=span,
                       parent_span_id=parent, deploy=dep, attrs={"pod": p}))
    return True, tdone


for t in rng.times(START, END, 7.0):
    trace = rng.hex(32)
    route = rng.choice(["GET /api/account/profile", "GET /api/account/profile", "POST /api/account/login", "GET /api/account/addresses"])
    ok, td = account_call(t + timedelta(milliseconds=3), trace, rng.hex(16), route)
    method, path = route.split(" ")
    st = 200 if ok else 500
    ua = rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "AcmeShop-Android/6.4.1 okhttp/4.12.0"])
    rt = (td - t).total_seconds() + 0.004
    gw.add(td + timedelta(milliseconds=4), nginx_line(td + timedelta(milliseconds=4), ip(rng), method, path, st, 1320 if ok else 162, ua, rt, "accounts-account-service-8080",
                                                      "10.6.%d.%d:8080" % (rng.randint(1, 3), rng.randint(10, 200)), rng.hex(32)))
for t in rng.times(START, END, 3.0):
    trace = rng.hex(32)
    span = rng.hex(16)
    ok, td = account_call(t, trace, span, "GET /internal/customers/{id}")
    if not ok:
        oa.add(td + timedelta(milliseconds=2), jrec(td + timedelta(milliseconds=2), "WARN", "orders-api", "customer lookup failed (500 from account-service), using order snapshot",
                                                     component="com.acme.orders.customer.CustomerClient", trace_id=trace, span_id=span, attrs={"pod": "orders-api-5c8b9d7f6-q2m8x"}))
    te = td + timedelta(milliseconds=rng.lognorm_ms(60))
    oa.add(te, jrec(te, "INFO", "orders-api", "GET /api/orders/{id} 200 in %dms" % int((te - t).total_seconds() * 1000), component="com.acme.orders.web.RequestLog",
                    trace_id=trace, span_id=span, attrs={"pod": "orders-api-5c8b9d7f6-q2m8x"}))

# ---- noise ----------------------------------------------------------------------------------
for t in rng.times(START, END, 0.5):
    p = rng.choice(live_at(t))
    ac.add(t, jrec(t, "ERROR", "account-service", "verification email not sent: 429 Too Many Requests from mail provider (rate limited since 09:12)",
                   component="com.acme.account.mail.MailSender", error_type="com.acme.account.mail.EmailProviderException", deploy=NEW if p.startswith(NEW_RS) else OLD, attrs={"pod": p}))
for t in rng.times(START, END, 0.3):
    p = rng.choice(live_at(t))
    ac.add(t, jrec(t, "WARN", "account-service", "slow query (%dms): select ... from addresses where customer_id = ?" % rng.randint(510, 900), component="com.acme.account.db.SlowQueryLogger",
                   deploy=NEW if p.startswith(NEW_RS) else OLD, attrs={"pod": p}))
for m in range(0, 55, 15):
    t = START + timedelta(minutes=m, seconds=2)
    name = "newsletter-sync-%d" % (29260500 + m)
    ev.add(t, k8s(t, "Normal", "SuccessfulCreate", "job/" + name, "Created pod: %s-%s" % (name, rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789"))))
    ev.add(t + timedelta(seconds=41), k8s(t + timedelta(seconds=41), "Normal", "Completed", "job/" + name, "Job completed"))
for t in (dt("2025-08-19T13:41:10"), dt("2025-08-19T14:21:40")):
    ev.add(t, k8s(t, "Normal", "SuccessfulRescale", "horizontalpodautoscaler/search-api", "New size: %d; reason: cpu resource utilization (percentage of request) above target" % rng.randint(5, 7)))
for m in range(0, 55):
    t = START + timedelta(minutes=m, seconds=30)
    st = 502 if rng.random() < 0.08 else 200
    gw.add(t, nginx_line(t, "10.6.0.1", "GET", "/healthz/legacy-sso", st, 2 if st == 200 else 150, "kube-probe/1.31", 0.002 if st == 200 else 1.0, "accounts-legacy-sso-8080", "10.6.2.41:8080", rng.hex(32), 110))

d = reset_logs(CASE)
ac.write(d + "/account-service.jsonl")
gw.write(d + "/auth-gateway.access.log")
ev.write(d + "/k8s-events.log")
oa.write(d + "/orders-api.jsonl")
labels = {"alertname": "AuthGateway5xx", "service": "auth-gateway", "namespace": "accounts", "severity": "critical", "env": "prod"}
write_json(d + "/../alert.json", alertmanager(
    "identity-oncall", labels, {"summary": "auth-gateway 5xx ratio 41% on /api/account/*", "description": "5xx ratio over 5m above 5%; upstream accounts-account-service-8080"},
    dt("2025-08-19T14:06:00"), "sum%28rate%28nginx_ingress_controller_requests%7Bingress%3D%22auth-gateway%22%2Cstatus%3D~%225..%22%7D%5B5m%5D%29%29", "61c0d8e2a5f7b934"))
finish(CASE, {
    "root_cause": {"service": "account-service", "component": "7.3.0 image on eclipse-temurin:21 without --add-opens java.base/java.util=ALL-UNNAMED, needed by the Kryo profile-cache serializer",
                   "error_type": "InaccessibleObjectException", "file": None},
    "category": "deploy",
    "symptoms": [{"service": "auth-gateway", "error_type": "HTTP_500"},
                 {"service": "orders-api", "error_type": None}],
    "why": "account-service 7.3.0 moved to a Java 21 base image, and Java 17+ refuses the reflective access Kryo needs to serialize profiles into the Redis cache, so on the 7.3.0 pods nearly every profile request fails with InaccessibleObjectException (inside KryoException/SerializationException); errors grow with each step of the rolling update from 13:58 and never come from 7.2.6 pods. Roll back to 7.2.6 or add --add-opens java.base/java.util=ALL-UNNAMED; here the loudest error is the cause.",
})
