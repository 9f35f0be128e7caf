#!/usr/bin/env python3
"""session-cleanup-cron-redis-keys

The session-cleanup CronJob (Python, every 15 minutes) finds stale sessions with
`KEYS session:*` on the shared sessions redis, which now holds about 7 million keys. Each KEYS
blocks redis's single command thread for 7-9 s. During every run auth-api (Spring, Lettuce
command timeout 1 s) fails session reads with RedisCommandTimeoutException and retries once (the
loudest), and cart-api (Node, ioredis) fails with "Command timed out". The bursts start when the
CronJob creates its job (k8s events) and end when the job logs the KEYS result; redis itself logs
only its normal RDB saves.
Noise: auth-api hash-upgrade warnings and an older LDAP sync error, cart-api price-cache
warnings, redis saves, a flaky cart-api readiness probe.
Sentry alert on auth-api (java).
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, spring, jstack, node_line, py, k8s,
                    sentry_alert)

CASE = "session-cleanup-cron-redis-keys"
rng = Rng(20260714)
START, END = dt("2026-07-14T09:41:00"), dt("2026-07-14T10:36:00")
sc, rd, aa, ca, ev = LogFile(), LogFile(), LogFile(), LogFile(), LogFile()
RUNS = [dt("2026-07-14T09:45:00"), dt("2026-07-14T10:00:00"), dt("2026-07-14T10:15:00"), dt("2026-07-14T10:30:00")]
blocked = []
AUTH_PODS = ["auth-api-7b6d9c8f54-%s" % rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789") for _ in range(3)]
CART_PODS = ["cart-api-64f8d7c9b-%s" % rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789") for _ in range(2)]


def redis(t, role, mark, msg, pid=1):
    rd.add(t, "%d:%s %s.%03d %s %s" % (pid, role, t.strftime("%d %b %Y %H:%M:%S"), t.microsecond // 1000, mark, msg))


keys = 6_640_000
for i, r in enumerate(RUNS):
    job = "session-cleanup-%d" % (29_732_805 + i * 15)
    podn = "%s-%s" % (job, rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789"))
    ev.add(r, k8s(r, "Normal", "SuccessfulCreate", "cronjob/session-cleanup", "Created job %s" % job))
    ev.add(r, k8s(r, "Normal", "SuccessfulCreate", "job/" + job, "Created pod: " + podn))
    ev.add(r + timedelta(seconds=1), k8s(r + timedelta(seconds=1), "Normal", "Started", "pod/" + podn, "Started container session-cleanup"))
    t0 = r + timedelta(seconds=2, milliseconds=rng.randint(100, 700))
    keys += rng.randint(60_000, 110_000)
    dur = 6.8 + (keys - 6_600_000) / 1_000_000 * 4 + rng.random() * 0.6
    sc.add(t0, py(t0, "INFO", "session_cleanup", "run started redis=sessions-redis.auth.svc:6379 pattern=session:* max_idle=72h"))
    sc.add(t0 + timedelta(milliseconds=2), py(t0 + timedelta(milliseconds=2), "INFO", "session_cleanup", "listing keys with KEYS session:*"))
    t1 = t0 + timedelta(seconds=dur)
    blocked.append((t0 + timedelta(milliseconds=5), t1))
    sc.add(t1, py(t1, "INFO", "session_cleanup", "KEYS session:* returned %s keys in %.2fs" % ("{:,}".format(keys), dur)))
    stale = rng.randint(150_000, 240_000)
    t2 = t1 + timedelta(seconds=rng.randint(50, 80))
    sc.add(t2, py(t2, "INFO", "session_cleanup", "OBJECT IDLETIME checked for %s keys in pipelines of 1000" % "{:,}".format(keys)))
    t3 = t2 + timedelta(seconds=rng.randint(8, 15))
    sc.add(t3, py(t3, "INFO", "session_cleanup", "deleted %s sessions idle > 72h; run took %ds" % ("{:,}".format(stale), int((t3 - t0).total_seconds()))))
    keys -= stale // 3
    ev.add(t3 + timedelta(seconds=2), k8s(t3 + timedelta(seconds=2), "Normal", "Completed", "job/" + job, "Job completed"))
    if i > 0:
        ev.add(t3 + timedelta(seconds=3), k8s(t3 + timedelta(seconds=3), "Normal", "SawCompletedJob", "cronjob/session-cleanup", "Saw completed job: %s, status: Complete" % job))


def in_block(t):
    for a, b in blocked:
        if a <= t < b:
            return b
    return None


# auth-api: session reads, Lettuce timeout 1 s, one retry
for t in rng.times(START, END, 150):
    pod = rng.choice(AUTH_PODS)
    trace, span = rng.hex(32), rng.hex(16)
    thread = "http-nio-8080-exec-%d" % rng.randint(1, 120)
    for a in (1, 2):
        if not in_block(t):
            if rng.random() < 0.06:
                aa.add(t, spring(t, "INFO", "auth-api", trace, span, thread, "c.a.auth.web.RequestLog", "GET /v1/session 200 in %dms" % rng.randint(2, 14)))
            break
        tf = t + timedelta(seconds=1, milliseconds=rng.randint(0, 4))
        aa.add(tf, spring(tf, "ERROR", "auth-api", trace, span, thread, "c.a.auth.session.SessionService",
                          "session lookup failed (attempt %d/2), answering 503" % a if a == 2 else "session lookup failed (attempt %d/2), retrying" % a) + "\n" + jstack([
            ("org.springframework.dao.QueryTimeoutException", "Redis command timed out",
             ["org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter.convert(LettuceExceptionConverter.java:70)",
              "org.springframework.data.redis.core.DefaultValueOperations.get(DefaultValueOperations.java:58)",
              "com.acme.auth.session.SessionService.load(SessionService.java:49)"]),
            ("io.lettuce.core.RedisCommandTimeoutException", "Command timed out after 1 second(s)",
             ["io.lettuce.core.internal.ExceptionFactory.createTimeoutException(ExceptionFactory.java:59)",
              "io.lettuce.core.protocol.CommandExpiryWriter.lambda$potentiallyExpire$0(CommandExpiryWriter.java:176)"])]))
        t = tf + timedelta(milliseconds=100)

# cart-api: ioredis, commandTimeout 500 ms
for t in rng.times(START, END, 40):
    pod = rng.choice(CART_PODS)
    if in_block(t):
        tf = t + timedelta(milliseconds=500 + rng.randint(0, 3))
        ca.add(tf, node_line(tf, "error", "[%s] GET /api/cart session check failed: Error: Command timed out\n"
                             "    at Timeout._onTimeout (/app/node_modules/ioredis/built/Command.js:192:33)\n"
                             "    at listOnTimeout (node:internal/timers:573:17)\n"
                             "    at process.processTimers (node:internal/timers:514:7)" % pod))
        ca.add(tf + timedelta(milliseconds=1), node_line(tf + timedelta(milliseconds=1), "info", "[%s] GET /api/cart 503 %dms" % (pod, 504 + rng.randint(0, 9))))
    elif rng.random() < 0.15:
        ca.add(t, node_line(t, "info", "[%s] GET /api/cart 200 %dms" % (pod, rng.randint(8, 60))))

# noise
t = START + timedelta(seconds=rng.randint(0, 200))
while t < END:
    redis(t, "M", "*", "100 changes in 300 seconds. Saving...")
    child = rng.randint(2000, 9000)
    redis(t + timedelta(milliseconds=4), "M", "*", "Background saving started by pid %d" % child)
    tt = t + timedelta(seconds=rng.randint(9, 14))
    redis(tt, "C", "*", "DB saved on disk", child)
    redis(tt + timedelta(milliseconds=1), "C", "*", "Fork CoW for RDB: current %d MB, peak %d MB, average %d MB" % (rng.randint(8, 40), rng.randint(40, 90), rng.randint(10, 30)), child)
    redis(tt + timedelta(milliseconds=90), "M", "*", "Background saving terminated with success")
    t += timedelta(seconds=300 + rng.randint(0, 20))
for tt in rng.times(START, END, 0.8):
    aa.add(tt, spring(tt, "WARN", "auth-api", None, None, "http-nio-8080-exec-%d" % rng.randint(1, 120), "c.a.auth.password.HashUpgrader",
                      "password hash for user %d upgraded from bcrypt(10) to argon2id on login" % rng.randint(10 ** 6, 10 ** 7)))
for tt in rng.times(START, END, 0.25):
    aa.add(tt, spring(tt, "ERROR", "auth-api", None, None, "ldap-sync-1", "c.a.auth.ldap.DirectorySync", "partner directory sync failed, keeping previous snapshot") + "\n" +
           jstack([("javax.naming.CommunicationException", "ldap.partner-sso.example:636", ["com.sun.jndi.ldap.Connection.<init>(Connection.java:252)"]),
                   ("java.net.ConnectException", "Connection refused", ["java.base/sun.nio.ch.Net.connect0(Native Method)"])]))
for tt in rng.times(START, END, 0.6):
    ca.add(tt, node_line(tt, "warn", "[%s] price cache stale for %d items, refreshing in background" % (rng.choice(CART_PODS), rng.randint(1, 30))))
for m in range(55):
    if rng.random() < 0.07:
        tt = START + timedelta(minutes=m, seconds=48)
        ev.add(tt, k8s(tt, "Warning", "Unhealthy", "pod/" + rng.choice(CART_PODS), 'Readiness probe failed: Get "http://10.52.3.19:3000/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'))

d = reset_logs(CASE)
aa.write(d + "/auth-api.log")
ca.write(d + "/cart-api.log")
ev.write(d + "/k8s-events.log")
sc.write(d + "/session-cleanup.log")
rd.write(d + "/sessions-redis.log")
when = dt("2026-07-14T10:00:04.511")
frames = [
    {"filename": "SessionService.java", "module": "com.acme.auth.session.SessionService", "function": "load", "lineno": 49, "in_app": True},
    {"filename": "DefaultValueOperations.java", "module": "org.springframework.data.redis.core.DefaultValueOperations", "function": "get", "lineno": 58, "in_app": False},
    {"filename": "CommandExpiryWriter.java", "module": "io.lettuce.core.protocol.CommandExpiryWriter", "function": "lambda$potentiallyExpire$0", "lineno": 176, "in_app": False},
]
write_json(d + "/../alert.json", sentry_alert(
    event_id="e4a19c07d23b4f5e8c6a1b2d3f4e5a60", project=4506631, release="auth-api@14.2.0", platform="java", when=when,
    logger="com.acme.auth.session.SessionService", title="RedisCommandTimeoutException: Command timed out after 1 second(s)",
    culprit="com.acme.auth.session.SessionService in load", location="SessionService.java",
    tags=[("environment", "production"), ("handled", "yes"), ("level", "error"), ("mechanism", "logback"), ("release", "auth-api@14.2.0"),
          ("server_name", AUTH_PODS[0]), ("transaction", "GET /v1/session"), ("url", "http://auth-api.auth.svc/v1/session")],
    request={"method": "GET", "url": "http://auth-api.auth.svc/v1/session", "headers": [["Accept", "application/json"], ["User-Agent", "web-bff/9.4.1"]]},
    exc_type="RedisCommandTimeoutException", exc_value="Command timed out after 1 second(s)", exc_module="io.lettuce.core",
    mechanism="logback", frames=frames, org="acme", slug="auth-api", issue_id="5880412296",
    rule="auth-api: error spike (>50 in 1m)", installation="1f0e2d3c-4b5a-4968-8776-5a4b3c2d1e0f"))
finish(CASE, {
    "root_cause": {"service": "session-cleanup", "component": "CronJob */15 listing stale sessions with KEYS session:* on sessions-redis (~7M keys)",
                   "error_type": None, "file": "session_cleanup/run.py"},
    "category": "code",
    "symptoms": [{"service": "auth-api", "error_type": "RedisCommandTimeoutException"}, {"service": "cart-api", "error_type": None}],
    "why": "Every 15 minutes the session-cleanup job runs KEYS session:* on the shared sessions redis (about 7 million keys, 7-9 s), blocking redis; auth-api's and cart-api's redis timeouts come in bursts that start when the CronJob creates the job and end when it logs the KEYS result, while redis shows no fault of its own.",
})
