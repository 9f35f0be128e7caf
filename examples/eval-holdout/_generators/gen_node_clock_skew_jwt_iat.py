#!/usr/bin/env python3
"""node-clock-skew-jwt-iat

The EC2 instance ip-10-12-3-41 (a Kubernetes worker) is paused by the hypervisor for ~95 s
(07:39:37-07:41:12 real time): kubelet stops posting status (node NotReady, then Ready again),
the kernel reports a 94 s soft lockup, and the node's clock has simply stood still: it is now
~94.8 s behind. chrony notices ("System clock wrong by 94.81 seconds, adjustment started") but
the instance runs AWS's recommended leap-smear settings (maxslewrate 1000 ppm), so the offset
would take a day to slew away. cart-api-5f6d8c7b9-x7k2p (one of three cart-api replicas; Go,
golang-jwt) runs on that node: every access token younger than ~95 s has an `iat` in that pod's
future and is rejected ("token used before issued"). web-bff (Node) refreshes the session and
retries; a retry that lands on the same pod again, or a refresh racing a parallel one
(auth-service detects refresh-token reuse and revokes the family), ends in a forced logout.
The loudest errors are web-bff's and auth-service's; cart-api itself only WARNs, and only one
pod. Note the x7k2p lines and the node journal carry the node's (slow) clock. Noise: a reviews
backend 503 in web-bff since the night, refresh-token reuse from a buggy iOS build, containerd errors, a flapping search-api probe.
Trace ids shared between web-bff, cart-api and auth-service. Generic alert on web-bff.
"""
import os
import sys
from datetime import timedelta

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from casegen import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish,
                     iso_ms, iso_s, iso_us, journal, jrec)

CASE = "node-clock-skew-jwt-iat"
rng = Rng(20250402)

START = dt("2025-04-02T06:45:00")
END = dt("2025-04-02T08:40:00")
PAUSE = dt("2025-04-02T07:39:37.204")
RESUME = dt("2025-04-02T07:41:12.015")
SKEW = RESUME - PAUSE            # ~94.8 s: the node clock stood still during the pause
NODE = "ip-10-12-3-41"

bff = LogFile()
cart = LogFile()
auth = LogFile()
node = LogFile()
ev = LogFile()

BFF_PODS = ["web-bff-6d4c9b7f8-2jx9q", "web-bff-6d4c9b7f8-kd7wm"]
CART_PODS = ["cart-api-5f6d8c7b9-hq4zt", "cart-api-5f6d8c7b9-n8vwm", "cart-api-5f6d8c7b9-x7k2p"]
BAD = "cart-api-5f6d8c7b9-x7k2p"
ADDED_BAD = dt("2025-04-02T06:52:31")   # HPA scale-up places x7k2p on ip-10-12-3-41


def node_clock(t):
    """what the paused node's clock says at real time t"""
    return t - SKEW if t >= RESUME else t


def b(t, level, msg, pod=None, stack=None):
    pod = pod or rng.choice(BFF_PODS)
    s = "[%s] %s (web-bff/1 on %s): %s" % (iso_ms(t), level, pod, msg)
    if stack:
        s += "\n" + stack
    bff.add(t, s)


def c(t, pod, level, msg, **kv):
    shown = node_clock(t) if pod == BAD else t
    extra = "".join(' %s=%s' % (k, ('"%s"' % v) if (isinstance(v, str) and (" " in v or ":" in v)) else v) for k, v in kv.items())
    cart.add(t, 'time=%s level=%s msg="%s" pod=%s%s' % (iso_ms(shown), level, msg, pod, extra))


def a(t, level, msg, **kw):
    auth.add(t, jrec(t, level, "auth-service", msg, **kw))


def j(t, ident, msg):
    node.add(t, "%s %s %s: %s" % (journal(node_clock(t)), NODE, ident, msg))


def event(t, typ, reason, obj, msg):
    ev.add(t, "%s  %-7s  %-22s %-46s %s" % (iso_s(t), typ, reason, obj, msg))


UUE = """UpstreamUnauthorizedError: cart-api rejected a freshly refreshed access token (401 invalid_token)
    at CartClient.request (/app/dist/clients/cart.js:58:19)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
    at async withSessionRefresh (/app/dist/session/refresh.js:33:14)
    at async /app/dist/routes/cart.js:21:18"""

SRE = """SessionRevokedError: auth-service revoked the session family during refresh (invalid_grant: refresh_token_reused)
    at AuthClient.refresh (/app/dist/clients/auth.js:77:13)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
    at async withSessionRefresh (/app/dist/session/refresh.js:24:7)
    at async /app/dist/routes/cart.js:21:18"""

REVIEWS = """ReviewsUnavailableError: reviews-api answered 503 Service Unavailable
    at ReviewsClient.list (/app/dist/clients/reviews.js:29:11)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
    at async /app/dist/routes/product.js:44:21"""


def cart_pods(t):
    pods = ["cart-api-5f6d8c7b9-hq4zt", "cart-api-5f6d8c7b9-n8vwm"]
    if t >= ADDED_BAD and not (PAUSE - timedelta(seconds=5) <= t < RESUME + timedelta(seconds=8)):
        pods.append(BAD)   # endpoints drop the pod while the node is NotReady
    return pods


def cart_call(t, trace, user, token_age, path):
    """one cart-api request; returns (status, latency_ms, pod)"""
    pod = rng.choice(cart_pods(t))
    lat = rng.lognorm_ms(24, 0.5)
    iat = t - timedelta(seconds=token_age)
    if pod == BAD and t >= RESUME and node_clock(t) < iat:
        c(t + timedelta(milliseconds=1), pod, "warn", "rejecting bearer token", err="token has invalid claims: token used before issued",
          sub=user, iat=int(iat.timestamp()), kid="auth-2025-03", trace_id=trace)
        c(t + timedelta(milliseconds=2), pod, "info", "request", method="GET" if path == "/api/cart" else "POST", path=path, status=401, duration_ms=1, trace_id=trace)
        return 401, 2, pod
    c(t + timedelta(milliseconds=lat), pod, "info", "request", method="GET" if path == "/api/cart" else "POST", path=path, status=200, duration_ms=lat, trace_id=trace)
    return 200, lat, pod


def refresh(t, trace, user, family, reused):
    lat = rng.lognorm_ms(35, 0.4)
    te = t + timedelta(milliseconds=lat)
    if reused:
        a(te, "ERROR", "refresh token reuse detected for session family %s, revoking all tokens of the family" % family,
          component="oauth.RefreshTokenService", error_type="RefreshTokenReuseException", trace_id=trace, span_id=rng.hex(16),
          attrs={"sub": user, "client_id": "web-bff", "grant_type": "refresh_token", "token_generation": rng.randint(3, 40)},
          stack=["com.acme.auth.oauth.RefreshTokenService.rotate(RefreshTokenService.java:118)",
                 "com.acme.auth.oauth.TokenEndpoint.refresh(TokenEndpoint.java:74)",
                 "com.acme.auth.oauth.TokenEndpoint.token(TokenEndpoint.java:51)"])
        return False, lat
    a(te, "INFO", "issued access token", component="oauth.TokenEndpoint", trace_id=trace, span_id=rng.hex(16),
      attrs={"sub": user, "client_id": "web-bff", "grant_type": "refresh_token", "expires_in": 300, "iat": int(te.timestamp())})
    return True, lat


# ---- browser traffic through web-bff --------------------------------------------------------
def silent_login(t, trace, user):
    """the SPA re-authenticates silently through SSO after a forced logout"""
    te = t + timedelta(milliseconds=rng.randint(900, 2200))
    a(te, "INFO", "issued access token", component="oauth.TokenEndpoint", trace_id=trace, span_id=rng.hex(16),
      attrs={"sub": user, "client_id": "web-bff", "grant_type": "authorization_code", "expires_in": 300, "iat": int(te.timestamp())})
    b(te + timedelta(milliseconds=3), "INFO", "GET /auth/callback 302 (silent re-login for %s) trace=%s" % (user, trace))
    return te + timedelta(milliseconds=rng.randint(150, 400))


for t0 in rng.times(START, END, 28.0):
    user = "u_%d" % rng.randint(100000, 999999)
    family = "sf_" + rng.alnum(10)
    path = rng.choice(["/api/cart", "/api/cart", "/api/cart", "/api/cart/items"])
    verb = "GET" if path == "/api/cart" else "POST"
    pod = rng.choice(BFF_PODS)
    age = rng.uniform(0, 300)
    t = t0
    for rnd in range(4):
        trace = rng.hex(32)
        st, lat, cp = cart_call(t + timedelta(milliseconds=3), trace, user, age, path)
        te = t + timedelta(milliseconds=lat + rng.randint(4, 12))
        if st == 200:
            b(te, "INFO", "%s %s 200 %dms trace=%s" % (verb, path, (te - t).total_seconds() * 1000, trace), pod)
            break
        b(te, "WARN", "cart-api answered 401 invalid_token for %s, refreshing session trace=%s" % (user, trace), pod)
        # parallel requests of the same page refresh at the same time about a third of the time
        reused = rng.random() < 0.3
        ok, rl = refresh(te + timedelta(milliseconds=2), trace, user, family, reused)
        tr = te + timedelta(milliseconds=rl + 4)
        if not ok:
            b(tr, "ERROR", "session refresh failed for %s, forcing logout trace=%s" % (user, trace), pod, SRE)
            b(tr, "INFO", "%s %s 401 %dms trace=%s" % (verb, path, (tr - t).total_seconds() * 1000, trace), pod)
            family = "sf_" + rng.alnum(10)
            t = silent_login(tr, trace, user)
            age = 0.05
            continue
        st2, lat2, cp2 = cart_call(tr + timedelta(milliseconds=2), trace, user, 0.05, path)
        t2 = tr + timedelta(milliseconds=lat2 + 5)
        if st2 == 200:
            b(t2, "INFO", "%s %s 200 %dms (after refresh) trace=%s" % (verb, path, (t2 - t).total_seconds() * 1000, trace), pod)
            break
        b(t2, "ERROR", "cart-api rejected refreshed token for %s, forcing logout trace=%s" % (user, trace), pod, UUE)
        b(t2, "INFO", "%s %s 401 %dms trace=%s" % (verb, path, (t2 - t).total_seconds() * 1000, trace), pod)
        family = "sf_" + rng.alnum(10)
        t = silent_login(t2, trace, user)
        age = 0.05

# other web-bff traffic, reviews-api broken since 02:10
for t in rng.times(START, END, 5.0):
    p = rng.choice(["/api/home", "/api/catalog/search", "/api/products/%d" % rng.randint(1000, 9999)])
    b(t, "INFO", "GET %s 200 %dms trace=%s" % (p, rng.lognorm_ms(60), rng.hex(32)))
for t in rng.times(START, END, 1 / 6.0):
    b(t, "ERROR", "GET /api/products/%d/reviews -> 503 from reviews-api, serving without reviews trace=%s" % (rng.randint(1000, 9999), rng.hex(32)), stack=REVIEWS)
for t in rng.times(START, END, 1 / 20.0):
    b(t, "WARN", "(node:1) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 close listeners added to [TLSSocket]. Use emitter.setMaxListeners() to increase limit")

# auth-service logins and housekeeping
for t in rng.times(START, END, 2.5):
    a(t, "INFO", "issued access token", component="oauth.TokenEndpoint", trace_id=rng.hex(32), span_id=rng.hex(16),
      attrs={"sub": "u_%d" % rng.randint(100000, 999999), "client_id": rng.choice(["web-bff", "ios-app", "android-app"]),
             "grant_type": rng.choice(["authorization_code", "refresh_token", "refresh_token"]), "expires_in": 300})
t = START + timedelta(minutes=3)
while t < END:
    a(t, "INFO", "jwks cache refreshed (2 keys: auth-2025-03, auth-2025-04-next)", component="oauth.KeyRotation")
    t += timedelta(minutes=15)
for t in rng.times(START, END, 1 / 8.0):  # known ios-app 6.2 bug: background refresh races the foreground one
    a(t, "ERROR", "refresh token reuse detected for session family sf_%s, revoking all tokens of the family" % rng.alnum(10),
      component="oauth.RefreshTokenService", error_type="RefreshTokenReuseException", trace_id=rng.hex(32), span_id=rng.hex(16),
      attrs={"sub": "u_%d" % rng.randint(100000, 999999), "client_id": "ios-app", "app_version": "6.2.0", "grant_type": "refresh_token", "token_generation": rng.randint(3, 40)},
      stack=["com.acme.auth.oauth.RefreshTokenService.rotate(RefreshTokenService.java:118)",
             "com.acme.auth.oauth.TokenEndpoint.refresh(TokenEndpoint.java:74)",
             "com.acme.auth.oauth.TokenEndpoint.token(TokenEndpoint.java:51)"])
for t in rng.times(START, END, 1 / 12.0):
    a(t, "WARN", "login throttled for %s (5 failed attempts in 10m)" % ("u_%d" % rng.randint(100000, 999999)), component="login.Throttle")

# cart-api background (all pods)
t = START + timedelta(seconds=rng.randint(0, 59))
while t < END:
    for p in cart_pods(t):
        c(t + timedelta(milliseconds=rng.randint(0, 900)), p, "info", "redis pool stats", active=rng.randint(1, 6), idle=rng.randint(4, 10), waits=0)
    t += timedelta(minutes=2)
c(ADDED_BAD + timedelta(seconds=4), BAD, "info", "cart-api starting", version="2.19.4", go="go1.23.6", jwt_leeway="0s", jwks="http://auth-service.identity.svc/.well-known/jwks.json")
c(ADDED_BAD + timedelta(seconds=5), BAD, "info", "listening", addr=":8080")

# ---- node journal ---------------------------------------------------------------------------
def kubelet(t, sev, src, msg):
    n = node_clock(t)
    j(t, "kubelet[1893]", "%s%s %s.%06d    1893 %s] %s" % (sev, n.strftime("%m%d"), n.strftime("%H:%M:%S"), n.microsecond, src, msg))


for tn in rng.times(START, END, 1 / 3.0):
    if PAUSE <= tn < RESUME:
        continue
    pods = ["monitoring/node-exporter-9xk2d", "logging/fluent-bit-7qv5m"] + (["shop/" + BAD] if tn >= ADDED_BAD else [])
    kubelet(tn, "I", "prober.go:107", "\"Probe succeeded\" probeType=\"Readiness\" pod=\"%s\"" % rng.choice(pods))
for tn in rng.times(START, END, 1 / 25.0):
    if PAUSE <= tn < RESUME:
        continue
    j(tn, "containerd[1211]", 'time="%s" level=error msg="failed to reload cni configuration after receiving fs change event(REMOVE        \\"/etc/cni/net.d/10-aws.conflist.tmp\\")" error="cni config load failed: no network config found in /etc/cni/net.d: cni plugin not initialized: failed to load cni config"'
      % iso_us(node_clock(tn)).replace("Z", "000Z"))
t = START + timedelta(minutes=4, seconds=11)
while t < END:
    if not (PAUSE <= t < RESUME):
        j(t, "systemd[1]", "Started sysstat-collect.service - system activity accounting tool.")
    t += timedelta(minutes=10)
j(ADDED_BAD + timedelta(seconds=1), "kubelet[1893]", "I0402 %s.%06d    1893 kubelet.go:2404] \"SyncLoop ADD\" source=\"api\" pods=[\"shop/%s\"]" % (ADDED_BAD.strftime("%H:%M:%S"), 118342, BAD))
# the pause
j(RESUME + timedelta(milliseconds=80), "kernel", "watchdog: BUG: soft lockup - CPU#1 stuck for 94s! [containerd-shim:4121]")
j(RESUME + timedelta(milliseconds=81), "kernel", "rcu: INFO: rcu_sched detected stalls on CPUs/tasks:")
j(RESUME + timedelta(milliseconds=82), "kernel", "rcu: \t1-...!: (0 ticks this GP) idle=6b4/0/0x1 softirq=918342/918342 fqs=0")
j(RESUME + timedelta(milliseconds=90), "kernel", "clocksource: timekeeping watchdog on CPU0: hpet wd-wd read-back delay of 94794211ns")
kubelet(RESUME + timedelta(milliseconds=400), "E", "kubelet_node_status.go:544", "\"Error updating node status, will retry\" err=\"error getting node \\\"%s.eu-central-1.compute.internal\\\": Get \\\"https://4F2C1A.gr7.eu-central-1.eks.amazonaws.com/api/v1/nodes/%s.eu-central-1.compute.internal?timeout=10s\\\": context deadline exceeded\"" % (NODE, NODE))
kubelet(RESUME + timedelta(seconds=2), "I", "kubelet_node_status.go:724", "\"Recording event message for node\" node=\"%s.eu-central-1.compute.internal\" event=\"NodeReady\"" % NODE)
j(RESUME + timedelta(seconds=33), "chronyd[702]", "Can't synchronise: no selectable sources")
j(RESUME + timedelta(seconds=97), "chronyd[702]", "Selected source 169.254.169.123 (AWS Time Sync)")
j(RESUME + timedelta(seconds=97, milliseconds=3), "chronyd[702]", "System clock wrong by 94.811236 seconds, adjustment started")
t = RESUME + timedelta(minutes=17)
while t < END:
    el = (t - RESUME).total_seconds()
    j(t, "chronyd[702]", "System clock wrong by %.6f seconds, adjustment started" % (94.811236 - el * 0.001))
    t += timedelta(minutes=17, seconds=rng.randint(0, 40))
j(dt("2025-04-02T06:50:02"), "chronyd[702]", "Selected source 169.254.169.123 (AWS Time Sync)")

# ---- kubernetes events ----------------------------------------------------------------------
event(ADDED_BAD - timedelta(seconds=1), "Normal", "SuccessfulRescale", "horizontalpodautoscaler/cart-api", "New size: 3; reason: cpu resource utilization (percentage of request) above target")
event(ADDED_BAD, "Normal", "Scheduled", "pod/%s" % BAD, "Successfully assigned shop/%s to %s.eu-central-1.compute.internal" % (BAD, NODE))
event(ADDED_BAD + timedelta(seconds=2), "Normal", "Pulled", "pod/%s" % BAD, 'Container image "123456789012.dkr.ecr.eu-central-1.amazonaws.com/cart-api:2.19.4" already present on machine')
event(ADDED_BAD + timedelta(seconds=3), "Normal", "Started", "pod/%s" % BAD, "Started container cart-api")
event(PAUSE + timedelta(seconds=46), "Normal", "NodeNotReady", "node/%s.eu-central-1.compute.internal" % NODE, "Node %s.eu-central-1.compute.internal status is now: NodeNotReady" % NODE)
for p in (BAD, "node-exporter-9xk2d", "fluent-bit-7qv5m"):
    event(PAUSE + timedelta(seconds=46), "Warning", "NodeNotReady", "pod/%s" % p, "Node is not ready")
event(RESUME + timedelta(seconds=2), "Normal", "NodeReady", "node/%s.eu-central-1.compute.internal" % NODE, "Node %s.eu-central-1.compute.internal status is now: NodeReady" % NODE)
for tn in rng.times(START, END, 1 / 6.0):
    event(tn, "Warning", "Unhealthy", "pod/search-api-7f8c9d6b4-%s" % rng.choice(["p2m8x", "zz4qk"]), "Readiness probe failed: HTTP probe failed with statuscode: 503")
event(dt("2025-04-02T07:12:40"), "Normal", "SuccessfulCreate", "job/cart-abandon-mailer-28994352", "Created pod: cart-abandon-mailer-28994352-hv7t2")
event(dt("2025-04-02T07:14:05"), "Normal", "Completed", "job/cart-abandon-mailer-28994352", "Job completed")

# ---- write ---------------------------------------------------------------------------------
logs = reset_logs(CASE)
auth.write(os.path.join(logs, "auth-service.jsonl"))
cart.write(os.path.join(logs, "cart-api.log"))
node.write(os.path.join(logs, "ip-10-12-3-41.journal.log"))
ev.write(os.path.join(logs, "k8s-events.log"))
bff.write(os.path.join(logs, "web-bff.log"))

write_json(os.path.join(case_dir(CASE), "alert.json"), {
    "source": "generic",
    "service": "web-bff",
    "title": "web-bff: forced logouts 4.1% of sessions over 15m (threshold 1%)",
    "severity": "high",
    "fingerprint": "3b8e0f2d6c14a975",
    "startsAt": "2025-04-02T07:58:00Z",
    "labels": {"env": "prod", "team": "web-platform", "alertname": "ForcedLogoutRate", "namespace": "shop",
               "cluster": "prod-eu-central-1", "source": "grafana"},
})

finish(CASE, {
    "root_cause": {
        "service": NODE,
        "component": "worker node clock ~94.8 s behind after a 95 s hypervisor pause (07:39:37-07:41:12); chrony slews at maxslewrate 1000 ppm so the offset persists",
        "error_type": None,
        "file": None,
    },
    "category": "infra",
    "symptoms": [
        {"service": "web-bff", "error_type": "UpstreamUnauthorizedError"},
        {"service": "web-bff", "error_type": "SessionRevokedError"},
        {"service": "auth-service", "error_type": "RefreshTokenReuseException"},
        {"service": "cart-api", "error_type": None},
    ],
    "why": "Worker node ip-10-12-3-41 was frozen for ~95 s and its clock is now ~94.8 s slow (soft lockup, NotReady/Ready, chrony 'System clock wrong by 94.81 seconds'); the cart-api replica on it (x7k2p) sees every token younger than ~95 s as issued in the future and rejects it ('token used before issued'), while the two other replicas accept the same tokens. web-bff's refresh-and-retry turns these 401s into refresh-token reuse revocations in auth-service and forced logouts. Step the node clock (chronyc makestep) or drain the node; nothing is wrong with the tokens.",
})
