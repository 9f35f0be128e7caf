"""cache-03-thp-after-kernel-reboot (infra).

cache-03 (a VM that runs basket-redis) reboots into a new kernel in the 02:30 maintenance window.
At boot disable-thp.service fails (a config-management cleanup removed /usr/local/sbin/disable-thp),
so transparent huge pages stay at "always". Redis warns about THP at start. Under the morning
load every RDB snapshot fork now takes 2-4 s and copy-on-write duplicates 2 MiB pages (CoW ~1.4 GB
per save instead of tens of MB); Redis stalls during the fork and for seconds afterwards. Commands
in those windows time out: basket-api's retried Lettuce timeouts are loudest, rate-limiter fails
open. Nothing changed in Redis or its clients. Noise: basket-api's promo-service 404s (since
07:30), a Lettuce reconnect warning, the rate-limiter's config reload, an apt timer and SSH
logins on the host.
"""
from common import *

CASE = "cache-03-thp-after-kernel-reboot"
rng = Rng(91111)
T0, T1 = dt("2026-03-03T07:52:00"), dt("2026-03-03T09:02:00")
BOOT = dt("2026-03-03T02:31:12")
RUSH = dt("2026-03-03T08:05:00")

hj, rd, ba, rl = LogFile(), LogFile(), LogFile(), LogFile()


def rts(t, role="M", pid=1):
    return "%d:%s %s" % (pid, role, t.strftime("%d %b %Y %H:%M:%S.") + "%03d" % (t.microsecond // 1000))


# the reboot
for off, unit, msg in [
    (-40, "systemd[1]", "Reached target System Reboot."),
    (0, "kernel", "Linux version 6.8.0-101-generic (buildd@lcy02-amd64-048) (x86_64-linux-gnu-gcc-13) #101-Ubuntu SMP PREEMPT_DYNAMIC"),
    (0, "kernel", "Command line: BOOT_IMAGE=/vmlinuz-6.8.0-101-generic root=/dev/mapper/vg0-root ro console=ttyS0"),
    (6, "systemd[1]", "Starting disable-thp.service - Disable Transparent Huge Pages (for Redis)..."),
    (6, "(sable-thp)[612]", "disable-thp.service: Unable to locate executable '/usr/local/sbin/disable-thp': No such file or directory"),
    (6, "(sable-thp)[612]", "disable-thp.service: Failed at step EXEC spawning /usr/local/sbin/disable-thp: No such file or directory"),
    (6, "systemd[1]", "disable-thp.service: Main process exited, code=exited, status=203/EXEC"),
    (6, "systemd[1]", "disable-thp.service: Failed with result 'exit-code'."),
    (6, "systemd[1]", "Failed to start disable-thp.service - Disable Transparent Huge Pages (for Redis)."),
    (8, "systemd[1]", "Starting redis-server.service - Advanced key-value store..."),
    (9, "systemd[1]", "Started redis-server.service - Advanced key-value store."),
    (12, "systemd[1]", "Startup finished in 2.114s (kernel) + 9.870s (userspace) = 11.984s."),
]:
    t = BOOT + sec(off)
    hj.add(t, jl(t, "cache-03", unit, msg))
for t in every(T0, T1, 1200, rng, 60000):
    hj.add(t, jl(t, "cache-03", "systemd[1]", "Starting apt-daily.service - Daily apt download activities..."))
    hj.add(t + sec(4), jl(t + sec(4), "cache-03", "systemd[1]", "apt-daily.service: Deactivated successfully."))
for t in rng.times(T0, T1, 0.05):
    hj.add(t, jl(t, "cache-03", "sshd[%d]" % rng.randint(3000, 9000), "Accepted publickey for ops from 10.0.8.14 port %d ssh2: ED25519 SHA256:%s" % (rng.randint(40000, 60000), rng.alnum(12))))

# redis start after boot
rs = BOOT + sec(9)
for line, role in [("# WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition.", "C"),
                   ("* oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo", "C"),
                   ("* Redis version=7.2.4, bits=64, commit=00000000, modified=0, pid=1201, just started", "C"),
                   ("* Configuration loaded", "C"),
                   ("* Server initialized", "M"),
                   ("# WARNING you have Transparent Huge Pages (THP) support enabled in your kernel. This will create latency and memory usage issues with Redis. To fix this issue run the command 'echo madvise > /sys/kernel/mm/transparent_hugepage/enabled' as root, and add it to your /etc/rc.local in order to retain the setting after a reboot. Redis must be restarted after THP is disabled (set to 'madvise' or 'never').", "M"),
                   ("* Loading RDB produced by version 7.2.4", "M"),
                   ("* Done loading RDB, keys loaded: 2391044, keys expired: 18841.", "M"),
                   ("* DB loaded from disk: 14.882 seconds", "M"),
                   ("* Ready to accept connections tcp", "M")]:
    rd.add(rs, "%s %s" % (rts(rs, role, 1201), line))
    rs = rs + ms(rng.randint(1, 40) if "RDB" not in line else 14882)

# snapshots: every ~60-100 s under load; fork stalls and CoW-fault slowness
stalls = []
t = T0 + sec(20)
while t < T1:
    busy = t >= RUSH
    gap = rng.randint(60, 100) if busy else rng.randint(240, 300)
    fork = ms(rng.randint(2100, 3900)) if busy else ms(rng.randint(700, 1100))
    rd.add(t, "%s * %s changes in %s seconds. Saving..." % (rts(t, "M", 1201), "10000" if busy else "100", "60" if busy else "300"))
    cp = rng.randint(29000, 34000)
    rd.add(t + fork, "%s * Background saving started by pid %d" % (rts(t + fork, "M", 1201), cp))
    done = t + fork + sec(rng.randint(16, 22))
    cow = rng.randint(1250, 1490) if busy else rng.randint(380, 520)
    rd.add(done, "%s * DB saved on disk" % rts(done, "C", cp))
    rd.add(done + ms(2), "%s * Fork CoW for RDB: current %d MB, peak %d MB, average %d MB" % (rts(done + ms(2), "C", cp), cow, cow, cow // 2))
    rd.add(done + ms(80), "%s * Background saving terminated with success" % rts(done + ms(80), "M", 1201))
    stalls.append((t, t + fork + (sec(rng.randint(6, 11)) if busy else ms(200)), busy))
    t = t + sec(gap)


def stalled(t):
    for a, b, busy in stalls:
        if a <= t <= b and busy:
            return True
    return False


LT = [("io.lettuce.core.RedisCommandTimeoutException", "Command timed out after 500 millisecond(s)",
       ["io.lettuce.core.internal.ExceptionFactory.createTimeoutException(ExceptionFactory.java:59)",
        "com.acme.basket.store.RedisBasketStore.load(RedisBasketStore.java:64)",
        "com.acme.basket.web.BasketController.get(BasketController.java:41)"])]

for t in rng.times(T0, T1, 6.5):
    trace = rng.hex(32)
    op = rng.choice(["GET /api/basket", "POST /api/basket/items", "GET /api/basket"])
    tt = t
    for a in range(1, 4):
        th = "http-nio-8080-exec-%d" % rng.randint(1, 60)
        if stalled(tt):
            tt = tt + ms(500)
            ba.add(tt, spring(tt, "ERROR", "basket-api", trace, rng.hex(16), th, "c.a.basket.web.ApiExceptionHandler",
                              "%s failed (redis basket-redis.cache-03:6379, attempt %d/3)" % (op, a)) + "\n" + jstack(
                [("org.springframework.dao.QueryTimeoutException", "Redis command timed out", ["org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter.convert(LettuceExceptionConverter.java:70)"])] + [
                    (LT[0][0], LT[0][1], LT[0][2])]))
            tt = tt + ms(100 * a)
        else:
            d = rng.lognorm_ms(9)
            tt = tt + ms(d)
            ba.add(tt, spring(tt, "INFO", "basket-api", trace, rng.hex(16), th, "c.a.basket.web.RequestLog", "%s 200 in %dms" % (op, d)))
            break

for t in rng.times(T0, T1, 4):
    if stalled(t):
        rl.add(t + ms(250), logfmt(t + ms(250), "error", "redis call failed, failing open", key="rl:partner:%s" % rng.alnum(6), err="redis: i/o timeout", addr="cache-03:6379", timeout="250ms"))
    elif rng.random() < 0.3:
        rl.add(t, logfmt(t, "info", "allowed", key="rl:partner:%s" % rng.alnum(6), remaining=rng.randint(10, 900)))

# noise
for t in every(dt("2026-03-03T07:30:00"), T1, 240, rng, 60000):
    if t >= T0:
        ba.add(t, spring(t, "ERROR", "basket-api", rng.hex(32), rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 60), "c.a.basket.promo.PromoClient",
                         "promo lookup failed") + "\n" + jstack([("com.acme.basket.promo.PromoNotFoundException", "404 from promo-service for code SPRING26 (campaign not yet published)",
                                                                  ["com.acme.basket.promo.PromoClient.lookup(PromoClient.java:52)"])]))
ba.add(dt("2026-03-03T07:54:10.220"), spring(dt("2026-03-03T07:54:10.220"), "WARN", "basket-api", "", "", "lettuce-nioEventLoop-4-1", "i.l.core.protocol.ConnectionWatchdog",
                                             "Reconnecting, last destination was cache-03/10.12.0.43:6379"))
for t in every(T0, T1, 300, rng, 20000):
    rl.add(t, logfmt(t, "info", "config reloaded", rules=142, source="/etc/ratelimiter/rules.yaml"))

alert = alertmanager("shop-oncall", {"alertname": "BasketApiErrorRate", "service": "basket-api", "namespace": "shop", "severity": "high", "env": "prod"},
                     {"summary": "basket-api 5xx above 2% for 10m", "description": "5xx 4.1% and p99 latency 2.3s on /api/basket (10m)"},
                     dt("2026-03-03T08:24:00"), "sum(rate(http_server_requests_seconds_count%7Bapplication%3D%22basket-api%22%2Cstatus%3D~%225..%22%7D%5B10m%5D))",
                     "d29f4b1e8c0a7356")
write_case(CASE, {"cache-03.journal.log": hj, "basket-redis.log": rd, "basket-api.log": ba, "rate-limiter.log": rl}, alert)
finish(CASE, {
    "root_cause": {"service": "cache-03", "component": "host cache-03 after the 02:30 kernel reboot: disable-thp.service failed (script missing), transparent huge pages = always",
                   "error_type": None, "file": None},
    "category": "infra",
    "symptoms": [{"service": "basket-api", "error_type": "RedisCommandTimeoutException"}, {"service": "rate-limiter", "error_type": None},
                 {"service": "basket-redis", "error_type": None}],
    "why": "After the 02:30 kernel reboot cache-03's disable-thp.service failed (executable missing), so THP is on (Redis warns at start). Under the morning load every RDB fork takes 2-4 s with ~1.4 GB of copy-on-write, and Redis stalls for seconds each time; basket-api's retried Lettuce timeouts and rate-limiter's fail-open errors cluster at the saves. Redis and its clients are unchanged.",
})
