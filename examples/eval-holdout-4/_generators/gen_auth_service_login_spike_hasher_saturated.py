#!/usr/bin/env python3
"""auth-service-login-spike-hasher-saturated

At 18:00 marketing sent a "today only" push to all app users; logins jump about eight-fold.
auth-service (Spring Boot, logback) checks passwords with bcrypt (cost 12) on a bounded
executor (8 threads, queue 200 per pod). Its HPA reaches maxReplicas 6 at 18:03 (k8s events:
desired 15, limited to 6), every pod runs at its CPU limit, the hash queues fill and new logins
are refused with RejectedExecutionException (answered 503). mobile-bff retries each login twice
and logs an ERROR per failed attempt plus one per failed login (AuthUnavailableError), which is
the loudest; its retries add to the load. No deploy or config change.
Noise: slow JWKS refresh warnings in auth-service, mobile-bff flag fetch errors since the
afternoon, a pending batch pod, a flaky probe at the edge.
Alertmanager alert on mobile-bff.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, spring, spring_err, node_line, envoy_line, k8s,
                    alertmanager, pod, ip, uuid, ramp, arrivals)

CASE = "auth-service-login-spike-hasher-saturated"
rng = Rng(20260309)
START, END = dt("2026-03-09T17:42:00"), dt("2026-03-09T18:24:00")
PUSH = dt("2026-03-09T18:00:00")
rate = ramp([(START, 1.5), (PUSH, 1.5), (PUSH + timedelta(minutes=2), 11), (PUSH + timedelta(minutes=9), 12), (END, 8)])
au, mb, ev, ed = LogFile(), LogFile(), LogFile(), LogFile()
AU_PODS = [pod(rng, "auth-service", "7d5c9f6b8") for _ in range(6)]
MB_PODS = [pod(rng, "mobile-bff", "6b8f7c5d9") for _ in range(3)]
SAT = PUSH + timedelta(minutes=3, seconds=10)

for i, (t, desired, cur) in enumerate([(PUSH + timedelta(seconds=75), 6, 3), (PUSH + timedelta(minutes=3, seconds=5), 15, 6), (PUSH + timedelta(minutes=8), 15, 6)]):
    if i == 0:
        ev.add(t, k8s(t, "Normal", "SuccessfulRescale", "horizontalpodautoscaler/auth-service", "New size: 6; reason: cpu resource utilization (percentage of request) above target"))
    else:
        ev.add(t, k8s(t, "Warning", "ScalingLimited", "horizontalpodautoscaler/auth-service", "the desired replica count %d is more than the maximum replica count 6" % desired))


def p_reject(t):
    if t < SAT:
        return 0.0
    return min(0.55, 0.15 + rate(t) / 27.0)


count = [0]
for t in arrivals(rng, START, END, rate):
    trace, span, mp = rng.hex(32), rng.hex(16), rng.choice(MB_PODS)
    ta, ok = t, False
    for attempt in (1, 2, 3):
        ap = rng.choice(AU_PODS[:3] if ta < PUSH + timedelta(seconds=90) else AU_PODS)
        th = "http-nio-8080-exec-%d" % rng.randint(1, 60)
        if rng.random() < p_reject(ta):
            done = ta + timedelta(milliseconds=rng.randint(2, 9))
            count[0] += 1
            au.add(done, spring_err(done, "ERROR", "auth-service", trace, rng.hex(16), th, "c.a.auth.login.PasswordLoginService",
                                    "login rejected: password hashing executor saturated; answering 503 (pod %s)" % ap,
                                    [("java.util.concurrent.RejectedExecutionException",
                                      "Task java.util.concurrent.FutureTask@%s[Not completed, task = com.acme.auth.crypto.BcryptVerifier$$Lambda/0x00007f3c1c4a2b58@%s] rejected from java.util.concurrent.ThreadPoolExecutor@5e2d8a1b[Running, pool size = 8, active threads = 8, queued tasks = 200, completed tasks = %d]" % (
                                          rng.hex(8), rng.hex(8), 48211 + count[0] * 7),
                                      ["java.base/java.util.concurrent.ThreadPoolExecutor$AbortPolicy.rejectedExecution(ThreadPoolExecutor.java:2081)",
                                       "java.base/java.util.concurrent.ThreadPoolExecutor.reject(ThreadPoolExecutor.java:841)",
                                       "java.base/java.util.concurrent.ThreadPoolExecutor.execute(ThreadPoolExecutor.java:1376)",
                                       "java.base/java.util.concurrent.AbstractExecutorService.submit(AbstractExecutorService.java:145)",
                                       "com.acme.auth.crypto.BcryptVerifier.verifyAsync(BcryptVerifier.java:44)",
                                       "com.acme.auth.login.PasswordLoginService.login(PasswordLoginService.java:71)",
                                       "com.acme.auth.web.TokenController.token(TokenController.java:58)"])]))
            e = done + timedelta(milliseconds=4)
            mb.add(e, node_line(e, "error", "POST /v1/token attempt %d/3 failed trace=%s pod=%s: AuthUnavailableError: auth-service answered 503 Service Unavailable" % (attempt, trace, mp)))
            ta = e + timedelta(milliseconds=200 * attempt)
            continue
        lat = rng.lognorm_ms(180 if ta < SAT - timedelta(minutes=2) else 1400, 0.4)
        done = ta + timedelta(milliseconds=lat)
        au.add(done, spring(done, "INFO", "auth-service", trace, rng.hex(16), th, "c.a.auth.web.AccessLog", "POST /v1/token 200 %dms grant=password" % lat))
        ta, ok = done, True
        break
    dur = int((ta - t).total_seconds() * 1000) + rng.randint(5, 20)
    tend = t + timedelta(milliseconds=dur)
    if ok:
        mb.add(tend, node_line(tend, "info", "POST /api/login 200 %dms trace=%s pod=%s" % (dur, trace, mp)))
        st = 200
    else:
        mb.add(tend, node_line(tend, "error", "POST /api/login failed after 3 attempts trace=%s pod=%s\nAuthUnavailableError: auth-service answered 503 Service Unavailable\n    at AuthClient.token (/app/dist/clients/auth.js:88:13)\n    at async loginHandler (/app/dist/routes/login.js:31:22)" % (trace, mp)))
        st = 503
    ed.add(tend, envoy_line(tend + timedelta(milliseconds=1), "POST", "/api/login", st, "-", "via_upstream", 212, 690 if st == 200 else 96, dur + 1, dur, ip(rng, "198.18"),
                            rng.choice(["AcmeShop/8.14.0 (iPhone; iOS 18.3)", "AcmeShop/8.14.0 (Android 15)"]), uuid(rng), "api.acme.example", "10.42.%d.%d:3000" % (rng.randint(1, 6), rng.randint(2, 250))))

for m in range(0, 42, 2):
    t = START + timedelta(minutes=m, seconds=55)
    q = 0 if t < SAT - timedelta(minutes=2) else (rng.randint(120, 199) if t < SAT else 200)
    if q:
        au.add(t, spring(t, "WARN", "auth-service", "", "", "metrics-1", "c.a.auth.crypto.BcryptVerifier", "password hash queue %d/200, active 8/8, cpu throttled %d%% of periods" % (q, rng.randint(55, 92))))

# ---- noise ------------------------------------------------------------------------------------
for m in range(0, 42, 5):
    t = START + timedelta(minutes=m, seconds=12)
    au.add(t, spring(t, "WARN", "auth-service", "", "", "jwks-refresh", "c.a.auth.jwt.JwksCache", "JWKS refresh from https://id.acme.example/.well-known/jwks.json took %dms" % rng.randint(1200, 2600)))
for t in rng.times(START, END, 0.5):
    mb.add(t, node_line(t, "error", "feature flags fetch failed, using cached flags: FlagsFetchError: GET http://flags.internal/v2/flags timed out after 500ms"))
t = START + timedelta(minutes=1, seconds=3)
for k in range(4):
    tt = t + timedelta(minutes=10 * k)
    ev.add(tt, k8s(tt, "Warning", "FailedScheduling", "pod/recs-train-29031200-5wq8d", "0/9 nodes are available: 3 Insufficient nvidia.com/gpu, 6 node(s) didn't match Pod's node affinity/selector."))
for m in range(0, 42):
    t = START + timedelta(minutes=m, seconds=41)
    st = 503 if rng.random() < 0.08 else 200
    ed.add(t, envoy_line(t, "GET", "/store-locator/healthz", st, "-" if st == 200 else "UF", "via_upstream" if st == 200 else "upstream_reset_before_response_started{connection_failure}",
                         0, 2 if st == 200 else 91, 1 if st == 200 else 250, 1 if st == 200 else None, "10.42.0.1", "kube-probe/1.31", uuid(rng), "store-locator.internal", "10.42.3.44:8080"))

d = reset_logs(CASE)
au.write(d + "/auth-service.log")
mb.write(d + "/mobile-bff.log")
ev.write(d + "/k8s-events.log")
ed.write(d + "/edge-envoy.access.log")
labels = {"alertname": "MobileLoginErrorRate", "service": "mobile-bff", "namespace": "mobile", "severity": "critical", "env": "prod"}
write_json(d + "/../alert.json", alertmanager("mobile-oncall", labels,
                                              {"summary": "mobile-bff: 18% of POST /api/login failing",
                                               "description": "AuthUnavailableError from auth-service; login p99 9.8s"},
                                              dt("2026-03-09T18:06:30"), "sum%28rate%28envoy_cluster_upstream_rq_xx%7Benvoy_response_code_class%3D%225%22%2Croute%3D%22login%22%7D%5B5m%5D%29%29",
                                              "d83b1f5a0e7c2946"))
finish(CASE, {
    "root_cause": {"service": "auth-service", "component": "bcrypt password-hash executor (8 threads, queue 200 per pod) with HPA capped at 6 replicas",
                   "error_type": "RejectedExecutionException", "file": None},
    "category": "resource",
    "symptoms": [{"service": "mobile-bff", "error_type": "AuthUnavailableError"},
                 {"service": "edge-envoy", "error_type": "HTTP_503"}],
    "why": "The 18:00 push notification multiplied logins about eight-fold; auth-service's HPA hit its maximum of 6 replicas, CPU-bound bcrypt hashing saturated every pod's 8-thread executor and its 200-slot queue, and new logins were refused with RejectedExecutionException (503). mobile-bff's retries amplify both the load and the error count (AuthUnavailableError); the capacity limit of the hashing pool and the HPA cap is the cause.",
})
