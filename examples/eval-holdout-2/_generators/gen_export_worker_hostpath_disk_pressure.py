#!/usr/bin/env python3
"""export-worker-hostpath-disk-pressure

export-worker (Python) builds merchant CSV exports in /var/tmp/exports, a hostPath volume
("faster than emptyDir") on the node's root disk, and deletes the file only after upload.
At 14:02 a full-history export for merchant m_4471 (11.8M orders) starts on node
ip-10-4-7-12 and grows the file to ~71 GiB; at 14:31 the disk is full, the write fails with
OSError ENOSPC (logged with a traceback) and the partial file stays behind. Because hostPath
usage belongs to no pod, the kubelet's eviction manager cannot reclaim it: the node stays in
DiskPressure and kubelet keeps evicting pods that have nothing to do with it, among them two
of the three cart-api replicas; replacements stay Pending for a while (tainted node, tight
cluster). The remaining cart-api replica is overloaded, storefront gets timeouts and resets and
the ingress serves 502/504; the retried export starts again on another node.
Noise: storefront flag-service timeouts since the morning, kubelet "Nameserver limits
exceeded", a flaky ingress probe, skipped rows in an unrelated export.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, pylog, spring, nginx_line, k8s, jl,
                    pytb, alertmanager, iso_ms, uuid)

CASE = "export-worker-hostpath-disk-pressure"
rng = Rng(20250409)
START, END = dt("2025-04-09T13:50:00"), dt("2025-04-09T15:02:00")
EXP0, FULL = dt("2025-04-09T14:02:11"), dt("2025-04-09T14:31:08.412")
NODE = "ip-10-4-7-12"

ew, nd, ev, ca, sf, ing = (LogFile() for _ in range(6))
CART = {"cart-api-7c5d9b8f6-4hx2m": NODE, "cart-api-7c5d9b8f6-9wq7t": NODE, "cart-api-7c5d9b8f6-tz5kd": "ip-10-4-3-88"}
CART_IP = {"cart-api-7c5d9b8f6-4hx2m": "10.4.7.41", "cart-api-7c5d9b8f6-9wq7t": "10.4.7.58", "cart-api-7c5d9b8f6-tz5kd": "10.4.3.19"}
EVICT = [("export-worker-5f7c9d6b8-r2x9p", "export-worker", "71.2Gi"), ("cart-api-7c5d9b8f6-4hx2m", "cart-api", "212Ki"),
         ("recs-api-66b9c7d5f-8kq4w", "recs-api", "1480Ki"), ("cart-api-7c5d9b8f6-9wq7t", "cart-api", "188Ki"),
         ("fluent-bit-x7k2d", "fluent-bit", "96Mi"), ("promo-api-58d7b6c9f-wd3n2", "promo-api", "640Ki")]
evicted_at = {}


def py(t, level, logger, msg):
    return "%s %s [%s] %s" % (pylog(t), level, logger, msg)


def kubelet(t, sev, src, msg):
    return jl(t, NODE, "kubelet[2141]", "%s%s %s    2141 %s] %s" % (sev, t.strftime("%m%d"), t.strftime("%H:%M:%S.%f"), src, msg))


# ---- export-worker -------------------------------------------------------------------------
ew.add(START + timedelta(seconds=3), py(START + timedelta(seconds=3), "INFO", "export_worker.main", "export-worker 2.6.1 ready on export-worker-5f7c9d6b8-r2x9p (node %s), spool=/var/tmp/exports (hostPath), queue=exports" % NODE))
for t in rng.times(START, END, 0.4):
    eid = "exp_%s" % rng.alnum(10)
    rows = rng.randint(800, 90000)
    ew.add(t, py(t, "INFO", "export_worker.jobs", "export %s for merchant m_%d done: %d rows, %.1f MiB, uploaded to s3://acme-exports/ in %.1fs" % (eid, rng.randint(1000, 9999), rows, rows / 9000.0, rng.uniform(2, 40))))
for t in rng.times(START, END, 0.08):
    ew.add(t, py(t, "WARNING", "export_worker.rows", "merchant m_1207: 3 orders with currency 'XXX' skipped"))
BIG = "exp_9dk2mq7ha1"
ew.add(EXP0, py(EXP0, "INFO", "export_worker.jobs", "export %s for merchant m_4471 started: scope=full_history, estimated rows=11,803,442, writing /var/tmp/exports/%s.csv" % (BIG, BIG)))
size = 0.0
t = EXP0
while t < FULL - timedelta(minutes=3):
    t = t + timedelta(minutes=3)
    size += rng.uniform(6.8, 7.6)
    ew.add(t, py(t, "INFO", "export_worker.jobs", "export %s progress: %d rows, file %.1f GiB" % (BIG, int(size * 166000), size)))
ew.add(FULL, py(FULL, "ERROR", "export_worker.jobs", "export %s for merchant m_4471 failed after %d rows; partial file kept at /var/tmp/exports/%s.csv for resume\n%s" % (
    BIG, int(71.2 * 166000), BIG, pytb([
        ([("/app/export_worker/jobs.py", 141, "run_export", "writer.writerows(batch)"),
          ("/app/export_worker/csvsink.py", 58, "writerows", "self._fh.write(buf)")],
         "OSError: [Errno 28] No space left on device", None)]))))
ew.add(FULL + timedelta(seconds=32), py(FULL + timedelta(seconds=32), "INFO", "export_worker.main", "received SIGTERM, draining (0 jobs in flight)"))
T2 = FULL + timedelta(minutes=4, seconds=12)
ew.add(T2, py(T2, "INFO", "export_worker.main", "export-worker 2.6.1 ready on export-worker-5f7c9d6b8-6mgrj (node ip-10-4-5-31), spool=/var/tmp/exports (hostPath), queue=exports"))
ew.add(T2 + timedelta(seconds=20), py(T2 + timedelta(seconds=20), "WARNING", "export_worker.jobs", "export %s: no partial file on this node, restarting from row 0" % BIG))
ew.add(T2 + timedelta(seconds=21), py(T2 + timedelta(seconds=21), "INFO", "export_worker.jobs", "export %s for merchant m_4471 started: scope=full_history, estimated rows=11,803,442, writing /var/tmp/exports/%s.csv" % (BIG, BIG)))

# ---- node journal: disk fills, kubelet evicts, cannot reclaim -----------------------------
for m in range(0, 72, 10):
    tc = START + timedelta(minutes=m, seconds=17)
    nd.add(tc, jl(tc, NODE, "CRON[%d]" % (41000 + m), "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"))
for tc in rng.times(START, END, 0.5):
    nd.add(tc, kubelet(tc, "E", "dns.go:153", '"Nameserver limits exceeded" err="Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.100.0.10 169.254.169.253 10.4.0.2"'))
pct = 60
tc = EXP0
while tc < FULL:
    tc += timedelta(minutes=5)
    pct = min(99, pct + 8)
    if pct >= 85 and tc < FULL:
        nd.add(tc, kubelet(tc, "I", "image_gc_manager.go:305", '"Disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold" usage=%d highThreshold=85 amountToFree=%d lowThreshold=80' % (pct, (pct - 80) * 1073741824)))
        nd.add(tc + timedelta(seconds=1), kubelet(tc + timedelta(seconds=1), "I", "image_gc_manager.go:434", '"Removing image to free bytes" imageID="sha256:%s" size=%d runtimeHandler=""' % (rng.hex(64), rng.randint(90, 700) * 1048576)))
nd.add(FULL + timedelta(seconds=9), kubelet(FULL + timedelta(seconds=9), "W", "eviction_manager.go:366", '"Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"'))
te = FULL + timedelta(seconds=10)
for i, (pod, app, used) in enumerate(EVICT):
    nd.add(te, kubelet(te, "I", "eviction_manager.go:377", '"Eviction manager: must evict pod(s) to reclaim" resourceName="ephemeral-storage"'))
    nd.add(te, kubelet(te, "I", "eviction_manager.go:395", '"Eviction manager: pods ranked for eviction" pods=[%s]' % " ".join("\"%s/%s\"" % ("exports" if a == "export-worker" else "shop", p) for p, a, _ in EVICT[i:i + 4])))
    nd.add(te + timedelta(seconds=1), kubelet(te + timedelta(seconds=1), "I", "eviction_manager.go:616", '"Eviction manager: pod is evicted successfully" pod="%s/%s"' % ("exports" if app == "export-worker" else "shop", pod)))
    evicted_at[pod] = te
    ev.add(te, k8s(te, "Warning", "Evicted", "pod/" + pod, "The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: %dKi. Container %s was using %s, request is 0, has larger consumption of ephemeral-storage." % (rng.randint(900000, 3100000), app, used)))
    ev.add(te + timedelta(seconds=1), k8s(te + timedelta(seconds=1), "Normal", "Killing", "pod/" + pod, "Stopping container " + app))
    if i == 0:
        nd.add(te + timedelta(seconds=40), kubelet(te + timedelta(seconds=40), "I", "eviction_manager.go:366", '"Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"'))
        nd.add(te + timedelta(seconds=41), kubelet(te + timedelta(seconds=41), "I", "eviction_manager.go:404", '"Eviction manager: unable to reclaim enough ephemeral-storage; node still under pressure" available="2.6Gi" threshold="10Gi"'))
    te = te + timedelta(seconds=rng.randint(55, 140))
nd.add(FULL + timedelta(seconds=12), jl(FULL + timedelta(seconds=12), NODE, "kubelet[2141]", 'I0409 14:31:20.531044    2141 kubelet_node_status.go:679] "Recording event message for node" node="%s" event="NodeHasDiskPressure"' % NODE))
ev.add(FULL + timedelta(seconds=12), k8s(FULL + timedelta(seconds=12), "Normal", "NodeHasDiskPressure", "node/" + NODE, "Node %s status is now: NodeHasDiskPressure" % NODE))
for tc in rng.times(FULL + timedelta(minutes=2), END, 0.5):
    nd.add(tc, kubelet(tc, "I", "eviction_manager.go:366", '"Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"'))
    nd.add(tc, kubelet(tc, "I", "eviction_manager.go:404", '"Eviction manager: unable to reclaim enough ephemeral-storage; node still under pressure" available="%.1fGi" threshold="10Gi"' % rng.uniform(2.1, 3.4)))
# replacements pending, then scheduled late
for pod, app, _ in EVICT[1:]:
    if app != "cart-api":
        continue
    t0 = evicted_at[pod] + timedelta(seconds=2)
    newpod = "cart-api-7c5d9b8f6-%s" % rng.alnum(5)
    for k in range(4):
        tk = t0 + timedelta(seconds=k * 75)
        ev.add(tk, k8s(tk, "Warning", "FailedScheduling", "pod/" + newpod, "0/7 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/disk-pressure: }, 6 Insufficient cpu. preemption: 0/7 nodes are available: 1 Preemption is not helpful for scheduling, 6 No preemption victims found for incoming pod."))
ev.add(dt("2025-04-09T14:33:40"), k8s(dt("2025-04-09T14:33:40"), "Normal", "TriggeredScaleUp", "pod/cart-api-7c5d9b8f6-pq8vz", "pod triggered scale-up: [{eks-shop-ng-b-2c4e 7->8 (max: 10)}]"))
ev.add(FULL + timedelta(minutes=4), k8s(FULL + timedelta(minutes=4), "Normal", "Scheduled", "pod/export-worker-5f7c9d6b8-6mgrj", "Successfully assigned exports/export-worker-5f7c9d6b8-6mgrj to ip-10-4-5-31"))
for tk in rng.times(START, END, 0.12):
    ev.add(tk, k8s(tk, "Warning", "Unhealthy", "pod/ingress-nginx-controller-6d9f8-x2w4l", "Liveness probe failed: Get \"http://10.4.1.7:10254/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"))

# ---- traffic: ingress -> storefront -> cart-api ---------------------------------------------
BACK = dt("2025-04-09T14:52:30")   # node scale-up lands, replacements run


def cart_capacity(t):
    up = [p for p in CART if p not in evicted_at or t < evicted_at[p]]
    if t >= BACK:
        return 3, up
    return len(up), up


for t in rng.times(START, END, 12.0):
    n, up = cart_capacity(t)
    if t >= BACK:
        up = list(CART)[2:] + ["cart-api-7c5d9b8f6-pq8vz", "cart-api-7c5d9b8f6-bn3hd"]
    pod = rng.choice(up) if up else None
    trace = rng.hex(32)
    path = rng.choice(["/api/cart", "/api/cart/items", "/api/cart/summary"])
    method = "POST" if path == "/api/cart/items" else "GET"
    ip = "100.64.%d.%d" % (rng.randint(0, 60), rng.randint(1, 254))
    ua = rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "AcmeShop-Android/9.2.1"])
    fail = n == 1 and rng.random() < 0.62
    just_evicted = any(abs((t - e).total_seconds()) < 4 for p, e in evicted_at.items() if p in CART)
    sfup = "10.4.%d.%d:3000" % (rng.choice([3, 5]), rng.randint(20, 60))
    if just_evicted and rng.random() < 0.7:
        sf.add(t, "[%s] ERROR storefront: %s %s failed: CartServiceError: socket hang up (ECONNRESET) upstream=cart-api.shop.svc:8080 trace=%s\n    at CartClient.call (/app/dist/clients/cart.js:64:13)" % (iso_ms(t), method, path, trace))
        ing.add(t, nginx_line(t, ip, method, path, 502, 150, ua, 0.21, "shop-storefront-3000", sfup, trace))
    elif fail:
        sf.add(t + timedelta(seconds=3), "[%s] ERROR storefront: %s %s failed: CartServiceError: timeout of 3000ms exceeded upstream=cart-api.shop.svc:8080 trace=%s\n    at CartClient.call (/app/dist/clients/cart.js:64:13)\n    at async cartRoute (/app/dist/routes/cart.js:19:18)" % (iso_ms(t + timedelta(seconds=3)), method, path, trace))
        ing.add(t + timedelta(seconds=3), nginx_line(t + timedelta(seconds=3), ip, method, path, 504 if rng.random() < 0.5 else 502, 160, ua, 3.004, "shop-storefront-3000", sfup, trace))
        if rng.random() < 0.35:
            tl = t + timedelta(seconds=rng.uniform(3.5, 9))
            ca.add(tl, spring(tl, "ERROR", "cart-api", trace, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 200), "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
                              "Servlet.service() for servlet [dispatcherServlet] threw exception\norg.apache.catalina.connector.ClientAbortException: java.io.IOException: Broken pipe\n"
                              "\tat org.apache.catalina.connector.OutputBuffer.realWriteBytes(OutputBuffer.java:353)\n\tat org.apache.catalina.connector.OutputBuffer.flushByteBuffer(OutputBuffer.java:784)\n"
                              "Caused by: java.io.IOException: Broken pipe\n\tat java.base/sun.nio.ch.SocketDispatcher.write0(Native Method)\n\t... 38 common frames omitted"))
    else:
        ms = rng.lognorm_ms(45 if n >= 2 else 900)
        if pod and rng.random() < 0.25:
            ca.add(t, spring(t, "INFO", "cart-api", trace, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 200), "c.a.cart.web.RequestLog", "%s %s 200 in %dms pod=%s" % (method, path, ms, pod)))
        ing.add(t, nginx_line(t, ip, method, path, 200, rng.randint(900, 8000), ua, ms / 1000, "shop-storefront-3000", sfup, trace))
for m in range(0, 72):
    tl = START + timedelta(minutes=m, seconds=45)
    n, up = cart_capacity(tl)
    for pod in (up if tl < BACK else up):
        if rng.random() < 0.3:
            ca.add(tl, spring(tl, "WARN" if n == 1 and tl < BACK else "INFO", "cart-api", None, None, "metrics-1", "c.a.cart.ops.TomcatStats",
                              "tomcat threads busy=%d/200 queue=%d pod=%s" % ((200, rng.randint(150, 900), pod) if n == 1 and tl < BACK else (rng.randint(8, 40), 0, pod))))
for tl in rng.times(START, END, 0.33):
    sf.add(tl, "[%s] ERROR storefront: feature flags refresh failed: FlagServiceError: timeout of 500ms exceeded (serving cached flags, stale since 2025-04-09T09:12Z)" % iso_ms(tl))

d = reset_logs(CASE)
ew.write(d + "/export-worker.log")
nd.write(d + "/%s.journal.log" % NODE)
ev.write(d + "/k8s-events.log")
ca.write(d + "/cart-api.log")
sf.write(d + "/storefront.log")
ing.write(d + "/ingress-nginx.access.log")
write_json(d + "/../alert.json", alertmanager(
    "shop-oncall",
    {"alertname": "KubeDeploymentReplicasMismatch", "deployment": "cart-api", "namespace": "shop", "service": "cart-api", "severity": "critical", "env": "prod", "cluster": "prod-eu-2"},
    {"summary": "Deployment shop/cart-api has 1/3 replicas available for more than 5 minutes",
     "description": "storefront 5xx on /api/cart rising; see ingress dashboard",
     "runbook_url": "https://runbooks.acme.example/kubernetes/kubedeploymentreplicasmismatch"},
    dt("2025-04-09T14:39:10"),
    "kube_deployment_spec_replicas%7Bdeployment%3D%22cart-api%22%7D+%21%3D+kube_deployment_status_replicas_available",
    "3f9a0c6e1d7b2458", group_by=("alertname", "deployment")))
finish(CASE, {
    "root_cause": {"service": "export-worker",
                   "component": "spool directory /var/tmp/exports is a hostPath on the node root disk; full_history export exp_9dk2mq7ha1 (71 GiB partial file) on ip-10-4-7-12",
                   "error_type": "OSError", "file": None},
    "category": "resource",
    "symptoms": [{"service": "storefront", "error_type": "CartServiceError"},
                 {"service": "ingress-nginx", "error_type": "HTTP_502"},
                 {"service": "cart-api", "error_type": "ClientAbortException"},
                 {"service": NODE, "error_type": None}],
    "why": "A 71 GiB full-history export filled ip-10-4-7-12's root disk through export-worker's hostPath spool (OSError ENOSPC at 14:31, partial file kept for resume); hostPath usage belongs to no pod, so the kubelet cannot reclaim it and keeps evicting unrelated pods, including two of three cart-api replicas, whose replacements stay Pending. The lone cart-api replica is overloaded and storefront and the ingress fail; delete the partial file and move the spool to a size-limited emptyDir.",
})
