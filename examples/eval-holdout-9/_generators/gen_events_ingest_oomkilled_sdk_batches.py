"""events-ingest-oomkilled-sdk-batches (resource).

Android app 7.2.0 (analytics SDK 7.2.0) goes to 100% of the Play Store rollout at 09:05. The new
SDK flushes a device's whole offline queue in one request: some batches are 20-30 MB gzip, over
200 MB of JSON. events-ingest (Go) reads and decodes a whole batch in memory under a 512 MiB
container limit (GOMEMLIMIT unset); each such batch gets the container OOM-killed by the memory
cgroup, and the pods crash-loop with growing back-off. mobile-gateway (envoy) answers 502 for
requests in flight and 503 when no pod is ready: loudest. events-ingest logs no error of its own
before it dies, only "large batch" and heap warnings. Noise: a dropped-field schema warning,
kubelet image-fs errors on the node, mobile-gateway's /v1/config 500s for app 5.x (since 07:00).
"""
from common import *

CASE = "events-ingest-oomkilled-sdk-batches"
rng = Rng(90707)
T0, T1 = dt("2025-11-12T08:52:00"), dt("2025-11-12T10:02:00")
ROLL = dt("2025-11-12T09:05:00")
NODE = "ip-10-50-3-12"

ei, nj, k8, gw = LogFile(), LogFile(), LogFile(), LogFile()
PODS = [pod(rng, "events-ingest", "64c9f7d85") for _ in range(3)]
PODNODE = {PODS[0]: NODE, PODS[1]: NODE, PODS[2]: "ip-10-50-7-201"}
up_at = {p: T0 - sec(3600) for p in PODS}
kills = {p: 0 for p in PODS}
BACKOFF = [10, 20, 40, 80, 160, 300]


def sdk_ver(t):
    share = 0.08 if t < ROLL else min(0.85, 0.08 + 0.77 * (t - ROLL).total_seconds() / 1500)
    return "7.2.0" if rng.random() < share else rng.choice(["7.1.4", "7.1.4", "7.1.3"])


def kill(p, t):
    kills[p] += 1
    pid = rng.randint(2100, 2900)
    rss = rng.randint(520400, 524100)
    if PODNODE[p] == NODE:
        for line in ["events-ingest invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=999",
                     "memory: usage 524288kB, limit 524288kB, failcnt %d" % rng.randint(10, 90000),
                     "Memory cgroup out of memory: Killed process %d (events-ingest) total-vm:%dkB, anon-rss:%dkB, file-rss:%dkB, shmem-rss:0kB, UID:65532 pgtables:1204kB oom_score_adj:999" % (
                         pid, rng.randint(1900000, 2100000), rss, rng.randint(9000, 12000))]:
            nj.add(t, jl(t, NODE, "kernel", line))
        nj.add(t + ms(80), jl(t + ms(80), NODE, "containerd[911]", 'time="%s" level=info msg="TaskExit event container_id:\\"%s\\" pid:%d exit_status:137"' % (iso_us(t + ms(80)), rng.hex(64), pid)))
    k8.add(t, k8s(t, "Warning", "OOMKilling", "node/%s" % PODNODE[p], "Memory cgroup out of memory: Killed process %d (events-ingest) total-vm:%dkB, anon-rss:%dkB" % (pid, rng.randint(1900000, 2100000), rss)))
    b = BACKOFF[min(kills[p] - 1, 5)] if kills[p] > 1 else 0
    start = t + sec(b + 2)
    if b:
        k8.add(t + sec(1), k8s(t + sec(1), "Warning", "BackOff", "pod/%s" % p, "Back-off restarting failed container events-ingest in pod %s_ingest(%s)" % (p, uuid(rng))))
    k8.add(start, k8s(start, "Normal", "Pulled", "pod/%s" % p, 'Container image "registry.acme.example/data/events-ingest:3.4.1" already present on machine'))
    k8.add(start, k8s(start, "Normal", "Started", "pod/%s" % p, "Started container events-ingest"))
    ei.add(start + ms(30), logfmt(start + ms(30), "info", "starting events-ingest", version="3.4.1", pod=p, gomaxprocs=2, gomemlimit="unset", max_body="64MiB"))
    ei.add(start + ms(240), logfmt(start + ms(240), "info", "kafka producer connected", brokers="kafka-0,kafka-1,kafka-2", topic="app-events"))
    rdy = start + sec(6)
    ei.add(rdy, logfmt(rdy, "info", "ready", addr=":8080", pod=p))
    up_at[p] = rdy


def ua(v):
    return "AcmeShop-Android/%s (sdk %s; Android 14)" % ({"7.2.0": "7.2.0", "7.1.4": "7.1.2", "7.1.3": "7.1.1"}[v], v)


for t in rng.times(T0, T1, 16):
    v = sdk_ver(t)
    live = [p for p in PODS if up_at[p] <= t]
    rid = uuid(rng)
    if not live:
        gw.add(t, envoy_line(t, "POST", "/v1/events", 503, "UH", "no_healthy_upstream", rng.randint(2000, 90000), 19, 0, None,
                             "100.%d.%d.%d" % (rng.randint(64, 127), rng.randint(0, 255), rng.randint(1, 254)), ua(v), rid, "events.acme.example", "-"))
        continue
    p = rng.choice(live)
    big = v == "7.2.0" and rng.random() < 0.06
    if big:
        size = rng.randint(19, 31) * 1024 * 1024
        ei.add(t + ms(900), logfmt(t + ms(900), "warn", "large batch", pod=p, sdk=v, content_length=size, encoding="gzip", device=rng.hex(16)))
        ei.add(t + ms(2600), logfmt(t + ms(2600), "warn", "heap high", pod=p, heap_inuse_mb=rng.randint(430, 480), limit_mb=512, inflight=rng.randint(3, 9)))
        k = t + ms(rng.randint(3200, 4800))
        gw.add(k, envoy_line(k, "POST", "/v1/events", 502, "UC", "upstream_reset_before_response_started{connection_termination}", size, 87,
                             int((k - t).total_seconds() * 1000), None, "100.%d.%d.%d" % (rng.randint(64, 127), rng.randint(0, 255), rng.randint(1, 254)), ua(v), rid,
                             "events.acme.example", ip(rng, "10.50") + ":8080"))
        # requests in flight on the same pod die with it
        for _ in range(rng.randint(1, 4)):
            q = k + ms(rng.randint(1, 40))
            w = sdk_ver(q)
            gw.add(q, envoy_line(q, "POST", "/v1/events", 502, "UC", "upstream_reset_before_response_started{connection_termination}", rng.randint(2000, 90000), 87,
                                 rng.randint(20, 900), None, "100.%d.%d.%d" % (rng.randint(64, 127), rng.randint(0, 255), rng.randint(1, 254)), ua(w), uuid(rng),
                                 "events.acme.example", ip(rng, "10.50") + ":8080"))
        up_at[p] = T1 + sec(9999)
        kill(p, k)
        continue
    n = rng.randint(5, 120)
    d = rng.lognorm_ms(25)
    ei.add(t + ms(d), logfmt(t + ms(d), "info", "batch accepted", pod=p, sdk=v, events=n, bytes=n * rng.randint(700, 1100), took_ms=d))
    gw.add(t + ms(d + 1), envoy_line(t + ms(d + 1), "POST", "/v1/events", 202, "-", "via_upstream", n * 900, 2, d + 1, d,
                                     "100.%d.%d.%d" % (rng.randint(64, 127), rng.randint(0, 255), rng.randint(1, 254)), ua(v), rid, "events.acme.example", ip(rng, "10.50") + ":8080"))

# noise
for t in rng.times(T0, T1, 0.5):
    ei.add(t, logfmt(t, "warn", "schema: unknown field dropped", field="ab_bucket", sdk="7.1.3"))
for t in every(dt("2025-11-12T07:00:00"), T1, 240, rng, 60000):
    if t >= T0:
        gw.add(t, envoy_line(t, "GET", "/v1/config?app=5.9.2", 500, "-", "via_upstream", 0, 61, 12, 11, "100.%d.%d.%d" % (rng.randint(64, 127), rng.randint(0, 255), rng.randint(1, 254)),
                             "AcmeShop-Android/5.9.2", uuid(rng), "events.acme.example", ip(rng, "10.50") + ":8080"))
for t in every(T0, T1, 600, rng, 60000):
    nj.add(t, jl(t, NODE, "kubelet[1288]", 'E%s %s    1288 cri_stats_provider.go:455] "Failed to get the info of the filesystem with mountpoint" err="unable to find data in memory cache" mountpoint="/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs"' % (
        t.strftime("%m%d"), t.strftime("%H:%M:%S.") + "%06d" % t.microsecond)))
for t in every(T0, T1, 300, rng, 30000):
    nj.add(t, jl(t, NODE, "systemd[1]", "Started containerd-shim cleanup timer."))
for t in every(T0, T1, 20, rng, 600):
    gw.add(t, envoy_line(t, "GET", "/ready", 200, "-", "via_upstream", 0, 2, 1, 1, "10.0.0.3", "kube-probe/1.31", uuid(rng), "mobile-gateway.internal", "-"))

alert = alertmanager("data-oncall", {"alertname": "EventsIngestAvailability", "service": "mobile-gateway", "namespace": "ingest", "severity": "critical", "env": "prod"},
                     {"summary": "POST /v1/events success ratio below 95% for 10m", "description": "5xx 14.6% (502 UC, 503 UH) on mobile-gateway route events"},
                     dt("2025-11-12T09:26:00"), "sum(rate(envoy_cluster_upstream_rq_xx%7Benvoy_cluster_name%3D%22events-ingest%22%2Cenvoy_response_code_class%3D%225%22%7D%5B10m%5D))",
                     "83d1e5b0c9a27f46")
write_case(CASE, {"events-ingest.log": ei, "%s.journal.log" % NODE: nj, "k8s-events.log": k8, "mobile-gateway.access.log": gw}, alert)
finish(CASE, {
    "root_cause": {"service": "events-ingest", "component": "batch handler reads and decodes a whole request in memory (512 MiB limit, GOMEMLIMIT unset)",
                   "error_type": None, "file": None},
    "category": "resource",
    "symptoms": [{"service": "mobile-gateway", "error_type": "HTTP_502"}, {"service": "mobile-gateway", "error_type": "HTTP_503"},
                 {"service": NODE, "error_type": None}],
    "why": "Since SDK 7.2.0 reached all Android users at 09:05, some devices flush 20-30 MB batches; events-ingest decodes each whole batch in memory, exceeds its 512 MiB limit and is OOM-killed by the memory cgroup, so all pods crash-loop. The gateway's 502/503s are the loudest symptom; the node only reports the kills.",
})
