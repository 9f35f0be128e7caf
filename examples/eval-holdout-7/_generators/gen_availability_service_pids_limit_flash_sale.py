"""availability-service-pids-limit-flash-sale (resource): at the 12:00 flash sale the warehouse fan-out
executor of availability-service grows to the pod's pids limit (1024); the JVM cannot start threads
(OutOfMemoryError: unable to create native thread, pthread_create EAGAIN) while the heap is fine.
The root logs every failure and is the loudest: the naive count is right here."""
import os
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish, spring, spring_err, node_line,
                    envoy_line, jl, alertmanager, trace, span, ramp, arrivals, ip)

CASE = "availability-service-pids-limit-flash-sale"
rng = Rng(7007)
logs = reset_logs(CASE)
START, END = dt("2025-09-12T11:30:00"), dt("2025-09-12T12:45:00")
SALE = dt("2025-09-12T12:00:00")
NODE = "ip-10-42-7-15"

av, sf, env, node, my = LogFile(), LogFile(), LogFile(), LogFile(), LogFile()
PODS = ["availability-service-84d6c7f9b-%s" % s for s in ("fj2wq", "n7xkp", "t4mzd")]
POD_IP = {p: "10.42.7.%d" % rng.randint(20, 250) for p in PODS}
POD_UID = rng.hex(8) + "_" + rng.hex(4) + "_" + rng.hex(4) + "_" + rng.hex(4) + "_" + rng.hex(12)
traffic = ramp([(START, 1.0), (SALE - timedelta(minutes=1), 1.0), (SALE + timedelta(minutes=2), 8.0),
                (dt("2025-09-12T12:25:00"), 7.0), (dt("2025-09-12T12:40:00"), 3.0), (END, 2.0)])


def threads(t):
    """live JVM threads per pod follow the load; the pod's pids limit is 1024"""
    return min(1019, int(210 + 118 * traffic(t) + rng.randint(-15, 15)))


def fail_p(t):
    th = threads(t)
    return 0.0 if th < 990 else min(0.6, (th - 990) / 45.0)


OOM = [("java.lang.OutOfMemoryError", "unable to create native thread: possibly out of memory or process/resource limits reached", [
    "java.base/java.lang.Thread.start0(Native Method)",
    "java.base/java.lang.Thread.start(Thread.java:1553)",
    "java.base/java.util.concurrent.ThreadPoolExecutor.addWorker(ThreadPoolExecutor.java:945)",
    "java.base/java.util.concurrent.ThreadPoolExecutor.execute(ThreadPoolExecutor.java:1364)",
    "java.base/java.util.concurrent.CompletableFuture.asyncSupplyStage(CompletableFuture.java:1782)",
    "java.base/java.util.concurrent.CompletableFuture.supplyAsync(CompletableFuture.java:2005)",
    "com.acme.availability.fanout.WarehouseFanout.query(WarehouseFanout.java:57)",
    "com.acme.availability.AvailabilityService.check(AvailabilityService.java:44)"])]
UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36"

for t in arrivals(rng, START, END, lambda t: 1.1 * traffic(t)):
    cart = rng.random() < 0.3  # add-to-cart needs a hard answer; product pages fall back
    sku = "SKU-%06d" % rng.randint(1, 90000)
    tr = trace(rng)
    p = rng.choice(PODS)
    client = ip(rng, "88.%d" % rng.randint(64, 79))
    rid = "%s-%s" % (rng.hex(8), rng.hex(4))
    ms = rng.lognorm_ms(18 + 6 * traffic(t))
    te = t + timedelta(milliseconds=ms)
    failed = rng.random() < fail_p(t)
    if failed:
        th = "http-nio-8080-exec-%d" % rng.randint(1, 400)
        av.add(te - timedelta(milliseconds=1), "[%s+0000][warning][os,thread] Failed to start thread \"Unknown thread\" - pthread_create failed (EAGAIN) for attributes: stacksize: 1024k, guardsize: 0k, detached." % (
            (te - timedelta(milliseconds=1)).strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % ((te - timedelta(milliseconds=1)).microsecond // 1000)))
        av.add(te, spring_err(te, "ERROR", "availability-service", tr, span(rng), th, "c.a.availability.web.ApiExceptionHandler",
                              "GET /v1/availability?sku=%s failed (pod=%s)" % (sku, p), OOM))
    if cart:
        if failed:
            sf.add(te + timedelta(milliseconds=2), node_line(te + timedelta(milliseconds=2), "error", "POST /api/cart/items 503 sku=%s trace=%s AvailabilityUnavailableError: availability-service answered 500" % (sku, tr)))
        else:
            sf.add(te + timedelta(milliseconds=2), node_line(te + timedelta(milliseconds=2), "info", "POST /api/cart/items 201 %dms sku=%s" % (ms + 6, sku)))
        env.add(te + timedelta(milliseconds=4), envoy_line(te + timedelta(milliseconds=4), "POST", "/api/cart/items", 503 if failed else 201, "-", "via_upstream", 210, 96 if failed else 1320,
                                                           ms + 9, ms + 7, client, UA, rid, "m.shop.acme.example", "10.42.3.%d:3000" % rng.randint(2, 250)))
    else:
        if failed:
            sf.add(te + timedelta(milliseconds=2), node_line(te + timedelta(milliseconds=2), "warn", "availability fallback used for /p/%s (availability-service 500) trace=%s" % (sku, tr)))
        env.add(te + timedelta(milliseconds=30), envoy_line(te + timedelta(milliseconds=30), "GET", "/p/%s" % sku, 200, "-", "via_upstream", 0, rng.randint(30000, 90000),
                                                            ms + 40, ms + 38, client, UA, rid, "m.shop.acme.example", "10.42.3.%d:3000" % rng.randint(2, 250)))

# per-pod monitors: threads climb to the limit while the heap stays low
t = START + timedelta(seconds=13)
while t < END:
    for p in PODS:
        tt = t + timedelta(milliseconds=rng.randint(0, 900))
        th = threads(tt)
        av.add(tt, spring(tt, "INFO" if th < 900 else "WARN", "availability-service", "", "", "jvm-monitor", "c.a.availability.ops.JvmMonitor",
                          "pod=%s threads live=%d peak=%d fanout_pool active=%d heap used=%.2fGiB/3.00GiB (%d%%) nonheap=%dMiB" % (
                              p, th, max(th, 240), max(0, th - 190), 0.9 + 0.05 * traffic(tt), (0.9 + 0.05 * traffic(tt)) * 100 / 3, rng.randint(205, 220))))
    t += timedelta(seconds=60)

# the node journal: the pids controller refuses forks for one of the pods (kernel rate-limits the message)
for t in rng.times(SALE + timedelta(minutes=2), dt("2025-09-12T12:38:00"), 0.7):
    node.add(t, jl(t, NODE, "kernel", "cgroup: fork rejected by pids controller in /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%s.slice/cri-containerd-%s.scope" % (POD_UID, "4f0b9e21c7a3")))
for t in rng.times(START, END, 1 / 3.0):
    node.add(t, jl(t, NODE, "kubelet[2211]", 'I%s %5d kubelet_getters.go:218] "Pod status updated" pod="shop/%s" status="Running"' % (
        t.strftime("%m%d %H:%M:%S.%f"), 2211, rng.choice(PODS))))
for t in rng.times(START, END, 1 / 6.0):
    node.add(t, jl(t, NODE, "containerd[1187]", 'time="%s" level=info msg="ImageCreate event name:\\"sha256:%s\\" labels:{key:\\"io.cri-containerd.image\\" value:\\"managed\\"}"' % (
        t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), rng.hex(64))))
node.add(START + timedelta(minutes=7), jl(START + timedelta(minutes=7), NODE, "systemd[1]", "Starting logrotate.service - Rotate log files..."))
node.add(START + timedelta(minutes=7, seconds=1), jl(START + timedelta(minutes=7, seconds=1), NODE, "systemd[1]", "logrotate.service: Deactivated successfully."))

# stock-mysql error log
for t in rng.times(START, END, 1 / 2.0):
    my.add(t, "%s %d [Warning] [MY-010055] [Server] IP address '10.42.%d.%d' could not be resolved: Name or service not known" % (
        t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), rng.randint(80000, 99999), rng.randint(1, 9), rng.randint(2, 250)))
for t in rng.times(SALE + timedelta(minutes=3), dt("2025-09-12T12:38:00"), 1.5):
    my.add(t, "%s %d [Note] [MY-010914] [Server] Aborted connection %d to db: 'stock' user: 'availability' host: '%s' (Got an error reading communication packets)." % (
        t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), rng.randint(80000, 99999), rng.randint(80000, 99999), POD_IP[rng.choice(PODS)]))
for t in rng.times(START, END, 1 / 10.0):
    my.add(t, "%s 0 [Warning] [MY-013360] [Server] Plugin mysql_native_password reported: ''mysql_native_password' is deprecated and will be removed in a future release. Please use caching_sha2_password instead'" % (
        t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")))

# benign noise elsewhere
for t in rng.times(START, END, 1 / 4.0):
    sf.add(t, node_line(t, "error", "GET /api/reviews/summary 500 from reviews-api: ReviewsUpstreamError: upstream timeout (known, INC-2291)"))
for t in rng.times(START, END, 1 / 6.0):
    sf.add(t, node_line(t, "warn", "(node:1) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 close listeners added to [TLSSocket]."))
for t in rng.times(START, END, 1.0):
    st = 503 if rng.random() < 0.03 else 200
    env.add(t, envoy_line(t, "GET", "/healthz", st, "UH" if st == 503 else "-", "no_healthy_upstream" if st == 503 else "via_upstream", 0, 19 if st == 503 else 2,
                          0 if st == 503 else 1, None if st == 503 else 1, "10.42.0.%d" % rng.randint(2, 9), "ELB-HealthChecker/2.0",
                          "%s-%s" % (rng.hex(8), rng.hex(4)), "m.shop.acme.example", "-" if st == 503 else "10.42.3.17:3000"))

av.write(os.path.join(logs, "availability-service.log"))
sf.write(os.path.join(logs, "storefront-bff.log"))
env.write(os.path.join(logs, "edge-envoy.access.log"))
node.write(os.path.join(logs, NODE + ".journal.log"))
my.write(os.path.join(logs, "stock-mysql.log"))

labels = {"alertname": "AddToCartErrorRatio", "severity": "critical", "service": "storefront-bff", "namespace": "shop", "env": "prod", "campaign": "flash-sale-0912"}
write_json(os.path.join(case_dir(CASE), "alert.json"), alertmanager(
    "shop-oncall", labels,
    {"summary": "POST /api/cart/items 5xx ratio 27% during flash sale (threshold 3%)",
     "description": "Add-to-cart failures at the edge since 12:03; product pages degraded to 'check availability in cart'."},
    dt("2025-09-12T12:06:00"),
    "sum(rate(envoy_cluster_upstream_rq{route=\"cart-items\",response_code_class=\"5\"}[5m]))/sum(rate(envoy_cluster_upstream_rq{route=\"cart-items\"}[5m]))>0.03",
    "5a0e8c3d7b9f1246"))

finish(CASE, {
    "root_cause": {"service": "availability-service", "component": "pod pids limit (1024) vs. WarehouseFanout executor (max 2048 threads) under flash-sale load",
                   "error_type": "OutOfMemoryError", "file": None},
    "category": "resource",
    "symptoms": [{"service": "storefront-bff", "error_type": "AvailabilityUnavailableError"},
                 {"service": "edge-envoy", "error_type": "HTTP_503"}],
    "why": "At the 12:00 flash sale each availability-service pod's warehouse fan-out executor grows to about 1,000 threads and meets the pod's pids limit of 1024: pthread_create fails with EAGAIN (the node's kernel logs forks rejected by the pids controller) and requests fail with OutOfMemoryError 'unable to create native thread' although the heap is at 40%. Add-to-cart returns 503 and product pages fall back.",
})
