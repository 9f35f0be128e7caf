#!/usr/bin/env python3
"""node-ip-10-20-7-88-ebs-io-stall

At 10:14 the root EBS volume (nvme0) of worker node ip-10-20-7-88 stops completing I/O: the
kernel logs NVMe I/O timeouts and hung-task reports (jbd2, containerd-shim, java blocked in D
state). Containers on the node block as soon as they write to their log pipe or disk, so the two
promotions-api pods there stop answering without crashing. checkout-api calls promotions-api
through the service; requests that land on those pods time out (ResourceAccessException /
SocketTimeoutException; three attempts per checkout, the loudest). kubelet's PLEG goes unhealthy
and the node flaps NotReady (endpoints removed, then added back), until node auto-repair cordons
and drains it at 10:27 and the pods start elsewhere. promotions-api pods on other nodes are fine.
Noise: kubelet imageFs-label errors (for weeks), chrony and session lines, a slow promotion rule
cache refresh, PSP latency warnings in checkout-api, an unrelated readiness flake.
Alertmanager alert on checkout latency.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, jl, k8s, spring, spring_err,
                    alertmanager, pod)

CASE = "node-ip-10-20-7-88-ebs-io-stall"
rng = Rng(20260618)
START, END = dt("2026-06-18T09:55:00"), dt("2026-06-18T10:40:00")
STALL = dt("2026-06-18T10:14:07")
NODE = "ip-10-20-7-88"
# windows in which the stuck pods are in the service endpoints and receive traffic
IN_EP = [(STALL, dt("2026-06-18T10:18:26")), (dt("2026-06-18T10:21:05"), dt("2026-06-18T10:24:41"))]
DRAIN = dt("2026-06-18T10:27:12")
nd, ev, co, pa = LogFile(), LogFile(), LogFile(), LogFile()
BAD = [pod(rng, "promotions-api", "7b6c9d8f5") for _ in range(2)]
GOOD = [pod(rng, "promotions-api", "7b6c9d8f5") for _ in range(3)]
NEWP = [pod(rng, "promotions-api", "7b6c9d8f5") for _ in range(2)]
DEP = {"version": "4.6.2", "commit": "3f9e0b1"}


def klog_in_journal(t, sev, src, msg, unit="kubelet[1288]"):
    nd.add(t, jl(t, NODE, unit, "%s%s    1288 %s] %s" % (sev, t.strftime("%m%d %H:%M:%S.%f"), src, msg)))


# kernel: nvme timeouts and hung tasks
for t in rng.times(STALL, DRAIN, 2.2):
    nd.add(t, jl(t, NODE, "kernel", "nvme nvme0: I/O %d QID %d timeout, aborting" % (rng.randint(1, 1023), rng.randint(1, 4))))
    nd.add(t + timedelta(milliseconds=rng.randint(1, 9)), jl(t + timedelta(milliseconds=5), NODE, "kernel", "nvme nvme0: Abort status: 0x0"))
for t0, task, pid in [(STALL + timedelta(seconds=123), "jbd2/nvme0n1p1-8", 412), (STALL + timedelta(seconds=125), "containerd-shim", 30811),
                      (STALL + timedelta(seconds=246), "java", 31002), (STALL + timedelta(seconds=369), "kubelet", 1288)]:
    for i, txt in enumerate(["INFO: task %s:%d blocked for more than 122 seconds." % (task, pid),
                             "      Not tainted 6.1.97-104.177.amzn2023.x86_64 #1",
                             '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.',
                             "task:%-15s state:D stack:0     pid:%-5d ppid:%-5d flags:0x00004000" % (task, pid, 1 if task != "java" else 30811)]):
        nd.add(t0 + timedelta(microseconds=i), jl(t0, NODE, "kernel", txt))
# kubelet: PLEG unhealthy, node not ready (flapping), containerd timeouts
for t in rng.times(STALL + timedelta(seconds=180), DRAIN, 2):
    klog_in_journal(t, "E", "kubelet.go:2413", '"Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active %dm%ds ago; threshold is 3m0s"' % (rng.randint(3, 6), rng.randint(0, 59)))
for t in rng.times(STALL + timedelta(seconds=30), DRAIN, 1.5):
    nd.add(t, jl(t, NODE, "containerd[1034]", 'time="%s" level=error msg="ExecSync for \\"%s\\" failed" error="rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout 2s exceeded: context deadline exceeded"' % (
        t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), rng.hex(64))))
for (a, b), k in zip(IN_EP, range(2)):
    klog_in_journal(b - timedelta(seconds=1), "I", "setters.go:552", '"Node became not ready" node="%s" condition={"type":"Ready","status":"False","reason":"KubeletNotReady","message":"PLEG is not healthy: pleg was last seen active 3m4s ago; threshold is 3m0s"}' % NODE)
    ev.add(b, k8s(b, "Normal", "NodeNotReady", "node/" + NODE, "Node %s status is now: NodeNotReady" % NODE))
    for p in BAD:
        ev.add(b + timedelta(seconds=1), k8s(b + timedelta(seconds=1), "Warning", "NodeNotReady", "pod/" + p, "Node is not ready"))
    if k == 0:
        ev.add(IN_EP[1][0] - timedelta(seconds=1), k8s(IN_EP[1][0] - timedelta(seconds=1), "Normal", "NodeReady", "node/" + NODE, "Node %s status is now: NodeReady" % NODE))
ev.add(DRAIN - timedelta(seconds=20), k8s(DRAIN - timedelta(seconds=20), "Warning", "KernelDeadlock", "node/" + NODE, "kernel: INFO: task jbd2/nvme0n1p1-8:412 blocked for more than 122 seconds."))
ev.add(DRAIN, k8s(DRAIN, "Normal", "NodeNotSchedulable", "node/" + NODE, "Node %s status is now: NodeNotSchedulable" % NODE))
ev.add(DRAIN + timedelta(seconds=1), k8s(DRAIN + timedelta(seconds=1), "Normal", "NodeRepair", "node/" + NODE, "auto-repair: draining node (condition KernelDeadlock=True for 5m)"))
for i, p in enumerate(BAD + [pod(rng, "cms-api", "5d8c7b6f9"), pod(rng, "search-suggest", "69f7c8d5b")]):
    ev.add(DRAIN + timedelta(seconds=3 + i), k8s(DRAIN + timedelta(seconds=3 + i), "Normal", "Killing", "pod/" + p, "Stopping container %s" % p.rsplit("-", 2)[0]))
for i, p in enumerate(NEWP):
    t = DRAIN + timedelta(seconds=8 + i)
    ev.add(t, k8s(t, "Normal", "Scheduled", "pod/" + p, "Successfully assigned shop/%s to ip-10-20-5-%d" % (p, rng.randint(10, 250))))
    ev.add(t + timedelta(seconds=31), k8s(t + timedelta(seconds=31), "Normal", "Started", "pod/" + p, "Started container promotions-api"))
    pa.add(t + timedelta(seconds=38), jrec(t + timedelta(seconds=38), "INFO", "promotions-api", "Started PromotionsApplication in 6.9 seconds", component="boot", deploy=DEP, attrs={"pod": p}))


def stuck(t):
    return any(a <= t < b for a, b in IN_EP)


def pods_at(t):
    ps = list(GOOD)
    if t < STALL or stuck(t):
        ps += BAD
    if t >= DRAIN + timedelta(seconds=40):
        ps += NEWP
    return ps


for t in rng.times(START, END, 18):
    tr = rng.hex(32)
    order = "O-%09d" % rng.randint(100000000, 999999999)
    th = "http-nio-8080-exec-%d" % rng.randint(1, 120)
    ta = t
    for a in range(3):
        p = rng.choice(pods_at(ta))
        if p in BAD and ta >= STALL:
            te = ta + timedelta(seconds=2, milliseconds=rng.randint(0, 9))
            co.add(te, spring_err(te, "ERROR", "checkout-api", tr, rng.hex(16), th, "c.a.checkout.promo.PromotionsClient",
                                  "promotion evaluation failed for %s (attempt %d/3)" % (order, a + 1),
                                  [("org.springframework.web.client.ResourceAccessException",
                                    'I/O error on POST request for "http://promotions-api.shop.svc:8080/v2/promotions/evaluate": Read timed out',
                                    ["org.springframework.web.client.RestTemplate.createResourceAccessException(RestTemplate.java:915)",
                                     "com.acme.checkout.promo.PromotionsClient.evaluate(PromotionsClient.java:64)"]),
                                   ("java.net.SocketTimeoutException", "Read timed out",
                                    ["java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)"])]))
            ta = te + timedelta(milliseconds=100)
            if a == 2:
                co.add(ta, spring(ta, "WARN", "checkout-api", tr, rng.hex(16), th, "c.a.checkout.order.OrderService", "checkout %s continues without promotions after 3 failed evaluations" % order))
            continue
        d = rng.lognorm_ms(22)
        te = ta + timedelta(milliseconds=d)
        pa.add(te, jrec(te, "INFO", "promotions-api", "POST /v2/promotions/evaluate 200 in %dms (%d rules matched)" % (d, rng.randint(0, 4)), component="http",
                        trace_id=tr, span_id=rng.hex(16), parent_span_id=rng.hex(16), deploy=DEP, attrs={"pod": p}))
        co.add(te + timedelta(milliseconds=30), spring(te + timedelta(milliseconds=30), "INFO", "checkout-api", tr, rng.hex(16), th, "c.a.checkout.web.RequestLog",
                                                       "POST /api/checkout 200 order=%s %dms" % (order, int((te - t).total_seconds() * 1000) + 30)))
        break
# noise
for m in range(0, 45, 3):
    t = START + timedelta(minutes=m, seconds=5)
    klog_in_journal(t, "E", "cri_stats_provider.go:455", '"Failed to get the info of the filesystem with mountpoint" err="unable to find data in memory cache" mountpoint="/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs"')
for t in rng.times(START, END, 0.3):
    nd.add(t, jl(t, NODE, "chronyd[842]", "Selected source 169.254.169.123"))
for t in rng.times(START, STALL, 0.2):
    nd.add(t, jl(t, NODE, "systemd[1]", "Started Session %d of User ec2-user." % rng.randint(100, 300)))
for t in rng.times(START, END, 0.5):
    pa.add(t, jrec(t, "WARN", "promotions-api", "rule cache refresh took %dms (threshold 1000ms)" % rng.randint(1000, 1800), component="rules", deploy=DEP, attrs={"pod": rng.choice(GOOD)}))
for t in rng.times(START, END, 0.8):
    co.add(t, spring(t, "WARN", "checkout-api", rng.hex(32), rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 120), "c.a.checkout.payment.PspClient",
                     "payment authorisation took %dms (threshold 1500ms)" % rng.randint(1500, 3800)))
for t in rng.times(START, END, 0.12):
    ev.add(t, k8s(t, "Warning", "Unhealthy", "pod/" + pod(rng, "newsletter-api", "6b5d4c7f8"), "Readiness probe failed: HTTP probe failed with statuscode: 500"))

d = reset_logs(CASE)
nd.write(d + "/%s.journal.log" % NODE)
ev.write(d + "/k8s-events.log")
co.write(d + "/checkout-api.log")
pa.write(d + "/promotions-api.jsonl")
labels = {"alertname": "CheckoutLatencyP99High", "severity": "high", "service": "checkout-api", "namespace": "shop", "team": "checkout"}
write_json(d + "/../alert.json", alertmanager("checkout-pager", labels,
    {"summary": "checkout p99 latency above 3s for 5m", "description": "p99 6.4s (POST /api/checkout)",
     "runbook_url": "https://runbooks.acme.internal/checkout/latency"},
    dt("2026-06-18T10:19:00"), "histogram_quantile(0.99%2C+sum(rate(http_server_requests_seconds_bucket%7Bservice%3D%22checkout-api%22%7D%5B5m%5D))+by+(le))", "e3b7d1a0c95f2846"))
finish(CASE, {
    "root_cause": {"service": NODE, "component": "root EBS volume nvme0 stops completing I/O (NVMe timeouts, hung tasks in D state)",
                   "error_type": None, "file": None},
    "category": "infra",
    "symptoms": [{"service": "checkout-api", "error_type": "ResourceAccessException"},
                 {"service": "promotions-api", "error_type": None}],
    "why": "From 10:14 the root EBS volume of node ip-10-20-7-88 stops completing I/O (NVMe timeouts, hung tasks), so the two promotions-api pods there freeze without crashing; checkout-api's calls that land on them time out (three attempts per checkout, the loudest errors) while the node flaps NotReady, until auto-repair drains it at 10:27. promotions-api's code and its pods on other nodes are fine.",
})
