#!/usr/bin/env python3
"""cart-redis-maxmemory-noeviction

cart-redis (Redis 7, maxmemory 4gb, maxmemory-policy noeviction) keeps anonymous carts for 30
days. The weekend sale has been creating carts at three times the usual rate since Friday, and
at 11:41 on Sunday used memory reaches maxmemory. With noeviction Redis refuses every write
("OOM command not allowed when used memory > 'maxmemory'") while reads still work, and logs
nothing about it itself; its verbose key-count lines show the key count flat from 11:41.
cart-service (Spring, Lettuce) fails every add-to-cart and cart update with RedisSystemException
caused by RedisCommandExecutionException (the loudest); its memory watch warns from 11:20;
checkout-api cannot take the cart lock (CartLockException); edge-envoy returns 503.
Noise: re-pricing warnings, redis client connect lines, an older address-validation timeout in
checkout-api, RDB saves, health checks.
Alertmanager alert on the add-to-cart success rate.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, spring, spring_err, envoy_line,
                    alertmanager, pod, ip, uuid)
from common import redis

CASE = "cart-redis-maxmemory-noeviction"
rng = Rng(20260607)
START, END = dt("2026-06-07T11:15:00"), dt("2026-06-07T12:08:00")
FULL = dt("2026-06-07T11:41:23")
rd, cs, co, en = LogFile(), LogFile(), LogFile(), LogFile()
CS_PODS = [pod(rng, "cart-service", "6c9b7d8f5") for _ in range(4)]
DEP = {"version": "5.8.2", "commit": "0be41d7"}


def keys_at(t):
    if t >= FULL:
        return 9412230 + rng.randint(-40, 0)
    return int(9412230 - (FULL - t).total_seconds() * 310)


def used_pct(t):
    return 100 if t >= FULL else 100 - (FULL - t).total_seconds() / 380.0


# redis verbose serverCron lines and saves
t = START
while t < END:
    k = keys_at(t)
    rd.add(t, redis(t, "M", "DB 0: %d keys (%d volatile) in 16777216 slots HT." % (k, k - 1204), mark="-"))
    rd.add(t, redis(t, "M", "%d clients connected (0 replicas), %d bytes in use" % (rng.randint(180, 230), int(4294967296 * used_pct(t) / 100) - rng.randint(0, 90000)), mark="-"))
    t += timedelta(seconds=30)
for m in range(0, 53, 5):
    t = START + timedelta(minutes=m, seconds=2)
    pid = 4100 + m
    rd.add(t, redis(t, "M", "10000 changes in 60 seconds. Saving..."))
    rd.add(t, redis(t, "M", "Background saving started by pid %d" % pid))
    t2 = t + timedelta(seconds=rng.randint(38, 52))
    rd.add(t2, redis(t2, "C", "DB saved on disk", pid=pid))
    rd.add(t2, redis(t2, "C", "Fork CoW for RDB: current %d MB, peak %d MB, average %d MB" % (rng.randint(30, 60), rng.randint(60, 90), rng.randint(20, 40)), pid=pid))
    rd.add(t2, redis(t2, "M", "Background saving terminated with success"))
for t in rng.times(START, END, 1.5):
    rd.add(t, redis(t, "M", "Accepted %s:%d" % (ip(rng, "10.42"), rng.randint(30000, 60000)), mark="-"))

CHAIN = lambda cmd: [
    ("org.springframework.data.redis.RedisSystemException", "Error in execution",
     ["org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter.convert(LettuceExceptionConverter.java:52)",
      "org.springframework.data.redis.core.DefaultHashOperations.putAll(DefaultHashOperations.java:205)",
      "com.acme.cart.store.RedisCartStore.save(RedisCartStore.java:71)",
      "com.acme.cart.service.CartService.addItem(CartService.java:58)"]),
    ("io.lettuce.core.RedisCommandExecutionException", "OOM command not allowed when used memory > 'maxmemory'.",
     ["io.lettuce.core.internal.ExceptionFactory.createExecutionException(ExceptionFactory.java:147)",
      ])]

for t in rng.times(START, END, 12):
    tr, sp = rng.hex(32), rng.hex(16)
    p = rng.choice(CS_PODS)
    th = "http-nio-8080-exec-%d" % rng.randint(1, 100)
    cid = "c_%s" % rng.alnum(12)
    r = rng.random()
    d = rng.lognorm_ms(9)
    te = t + timedelta(milliseconds=d)
    cip = ip(rng, "77.%d" % rng.randint(10, 200))
    if r < 0.55:   # reads work throughout
        cs.add(te, spring(te, "INFO", "cart-service", tr, sp, th, "c.a.cart.web.RequestLog", "GET /api/cart/%s 200 %dms" % (cid, d)))
        en.add(te, envoy_line(te, "GET", "/api/cart/%s" % cid, 200, "-", "via_upstream", 0, rng.randint(400, 4000), d + 3, d, cip, "Mozilla/5.0", uuid(rng), "shop.acme.example", "10.42.2.%d:8080" % rng.randint(2, 250)))
        continue
    path = "/api/cart/%s/items" % cid if r < 0.9 else "/api/cart/%s/checkout-lock" % cid
    if t < FULL:
        cs.add(te, spring(te, "INFO", "cart-service", tr, sp, th, "c.a.cart.web.RequestLog", "POST %s 200 %dms" % (path, d)))
        if r < 0.9:
            en.add(te, envoy_line(te, "POST", path, 200, "-", "via_upstream", rng.randint(80, 400), rng.randint(400, 4000), d + 3, d, cip, "Mozilla/5.0", uuid(rng), "shop.acme.example", "10.42.2.%d:8080" % rng.randint(2, 250)))
        if r >= 0.9:
            co.add(te, jrec(te, "INFO", "checkout-api", "cart lock acquired for %s" % cid, component="checkout.CartLock", trace_id=tr, span_id=rng.hex(16), parent_span_id=sp, deploy=DEP))
        continue
    cs.add(te, spring_err(te, "ERROR", "cart-service", tr, sp, th, "c.a.cart.web.ApiExceptionHandler", "POST %s failed pod=%s" % (path, p), CHAIN("HSET")))
    if r < 0.9:  # checkout-api takes the lock inside the cluster, not through the edge
        en.add(te, envoy_line(te, "POST", path, 503, "-", "via_upstream", rng.randint(80, 400), 95, d + 3, d, cip, "Mozilla/5.0", uuid(rng), "shop.acme.example", "10.42.2.%d:8080" % rng.randint(2, 250)))
    if r >= 0.9:
        co.add(te + timedelta(milliseconds=2), jrec(te + timedelta(milliseconds=2), "ERROR", "checkout-api", "cannot lock cart %s: cart-service answered 503" % cid,
               component="checkout.CartLock", error_type="com.acme.checkout.cart.CartLockException", trace_id=tr, span_id=rng.hex(16), parent_span_id=sp, deploy=DEP))
# cart-service memory watch (scheduled INFO command)
for m in range(0, 53, 2):
    t = START + timedelta(minutes=m, seconds=15)
    u = used_pct(t)
    lvl = "WARN" if u >= 90 else "INFO"
    cs.add(t, spring(t, lvl, "cart-service", None, None, "scheduling-1", "c.a.cart.store.RedisMemoryWatch",
                     "cart-redis used_memory=%.2fG maxmemory=4.00G (%.1f%%) policy=noeviction keys=%d" % (4.0 * u / 100, u, keys_at(t))))
# noise
for t in rng.times(START, END, 1.2):
    cs.add(t, spring(t, "WARN", "cart-service", rng.hex(32), rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 100), "c.a.cart.pricing.Repricer",
                     "price drift for sku-%06d in cart, re-pricing (%d -> %d cents)" % (rng.randint(1, 999999), rng.randint(900, 5000), rng.randint(900, 5000))))
for t in rng.times(START, END, 0.4):
    co.add(t, jrec(t, "ERROR", "checkout-api", "address validation timed out after 2000ms, accepting address unvalidated", component="checkout.Address",
                   error_type="AddressValidationTimeoutException", deploy=DEP, attrs={"provider": "addrcheck", "since": "2026-06-06T18:00Z"}))
for m in range(53):
    t = START + timedelta(minutes=m, seconds=27)
    en.add(t, envoy_line(t, "GET", "/healthz", 200, "-", "via_upstream", 0, 2, 1, 1, "10.42.0.1", "Envoy/HC", uuid(rng), "shop.acme.example", "10.42.2.9:8080"))

d = reset_logs(CASE)
rd.write(d + "/cart-redis.log")
cs.write(d + "/cart-service.log")
co.write(d + "/checkout-api.jsonl")
en.write(d + "/edge-envoy.access.log")
labels = {"alertname": "AddToCartSuccessRateLow", "severity": "critical", "service": "cart-service", "namespace": "shop", "team": "cart"}
write_json(d + "/../alert.json", alertmanager("cart-pager", labels,
    {"summary": "add-to-cart success rate below 95%", "description": "success 3.1% over 5m (POST /api/cart/*/items)",
     "runbook_url": "https://runbooks.acme.internal/cart/add-to-cart"},
    dt("2026-06-07T11:46:00"), "sum(rate(envoy_cluster_upstream_rq%7Bcluster%3D%22cart-service%22%2Cresponse_code_class%3D%222xx%22%7D%5B5m%5D))", "c7e2a4f1903b5d68"))
finish(CASE, {
    "root_cause": {"service": "cart-redis", "component": "Redis maxmemory 4gb with maxmemory-policy noeviction (30-day anonymous carts, sale traffic)",
                   "error_type": None, "file": None},
    "category": "resource",
    "symptoms": [{"service": "cart-service", "error_type": "RedisSystemException"},
                 {"service": "checkout-api", "error_type": "CartLockException"},
                 {"service": "edge-envoy", "error_type": "HTTP_503"}],
    "why": "cart-redis reached its 4 GB maxmemory at 11:41 (sale-weekend anonymous carts kept 30 days) and, with the noeviction policy, refuses every write with 'OOM command not allowed', while reads keep working; cart-service's add-to-cart failures are the loudest errors and checkout cannot lock carts. Redis itself logs no error; its key count stops growing at 11:41.",
})
