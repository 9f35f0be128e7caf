"""kvm-14-fan-failure-thermal-throttling (infra): a fan fails in hypervisor kvm-14; the CPUs heat up and
throttle, and every guest on the host slows down: the Elasticsearch data node es-data-3 (GC overhead,
slow searches, slow fs health checks) and the RabbitMQ node mq-2 (missed heartbeats). search-api's
timeouts and the edge's 503s are loudest; the host logs no error of its own."""
import os
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish, jl, spring, spring_err, envoy_line,
                    alertmanager, trace, span, ramp, arrivals, ip)

CASE = "kvm-14-fan-failure-thermal-throttling"
rng = Rng(7010)
logs = reset_logs(CASE)
START, END = dt("2025-12-02T13:00:00"), dt("2025-12-02T14:35:00")
FAN = dt("2025-12-02T13:22:10")
HOT = dt("2025-12-02T13:31:00")

kvm, es, sa, env, mq = LogFile(), LogFile(), LogFile(), LogFile(), LogFile()
# how hard kvm-14's CPUs are throttled (0..1)
heat = ramp([(START, 0.0), (HOT, 0.0), (dt("2025-12-02T13:38:00"), 0.8), (dt("2025-12-02T14:05:00"), 0.9), (END, 0.85)])


def esl(t, level, logger, msg):
    """Elasticsearch plain-text log line"""
    return "[%s,%03d][%-5s][%s] [es-data-3] %s" % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000, level, logger, msg)


def rmq(t, level, msg):
    """RabbitMQ 3.13 log line"""
    return "%s+00:00 [%s] <0.%d.0> %s" % (t.strftime("%Y-%m-%d %H:%M:%S.%f"), level, rng.randint(1000, 99999), msg)


# kvm-14: the fan, the temperatures, the guests it runs
kvm.add(FAN, jl(FAN, "kvm-14", "ipmiseld[1180]", "SEL System Event: Fan #0x33 FAN3 Lower Critical going low ; Event Data3 = 0.00 RPM ; Threshold = 600.00 RPM ; Asserted"))
kvm.add(FAN + timedelta(seconds=1), jl(FAN + timedelta(seconds=1), "kvm-14", "ipmiseld[1180]", "SEL System Event: Fan #0x33 FAN3 Lower Non-recoverable going low ; Event Data3 = 0.00 RPM ; Threshold = 300.00 RPM ; Asserted"))
t = FAN + timedelta(minutes=3)
while t < END:
    temp = 71 + (t - FAN).total_seconds() / 60.0 * 1.4 if t < HOT else 95 + rng.uniform(-2, 3)
    if t > FAN + timedelta(minutes=4):
        kvm.add(t, jl(t, "kvm-14", "ipmiseld[1180]", "SEL System Event: Temperature #0x0e CPU2 Temp Upper Non-critical going high ; Event Data3 = %.2f degrees C ; Threshold = 88.00 degrees C ; Asserted" % temp)
                if temp > 88 else jl(t, "kvm-14", "sensord[1202]", "CPU2 Temp: +%.1f C (high = +88.0 C, crit = +98.0 C)" % temp))
    t += timedelta(seconds=rng.uniform(120, 200))
events = 0
for t in arrivals(rng, HOT, END, lambda t: 1.4 * heat(t)):
    events += rng.randint(200, 900)
    cpu = rng.choice([2, 3, 14, 15, 18, 26, 27, 30])
    kvm.add(t, jl(t, "kvm-14", "kernel", "mce: CPU%d: %s temperature above threshold, cpu clock throttled (total events = %d)" % (cpu, rng.choice(["Core", "Core", "Package"]), events)))
    if rng.random() < 0.3:
        t2 = t + timedelta(seconds=rng.uniform(1, 20))
        kvm.add(t2, jl(t2, "kvm-14", "kernel", "mce: CPU%d: Core temperature/speed normal" % cpu))
t = START + timedelta(seconds=30)
while t < END:
    kvm.add(t, jl(t, "kvm-14", "hv-agent[2410]", "guests running=3: es-data-3 (vcpu=8 mem=32G), mq-2 (vcpu=4 mem=8G), ci-runner-5 (vcpu=4 mem=8G); host load=%.2f" % (
        rng.uniform(9, 13) + 10 * heat(t))))
    t += timedelta(minutes=10)
for t in rng.times(START, END, 1 / 12.0):
    kvm.add(t, jl(t, "kvm-14", "libvirtd[1530]", "internal error: Unable to get index for interface vnet%d: No such device" % rng.randint(10, 30)))
for t in rng.times(START, END, 1 / 30.0):
    kvm.add(t, jl(t, "kvm-14", "smartd[1044]", "Device: /dev/sdb [SAT], SMART Usage Attribute: 194 Temperature_Celsius changed from %d to %d" % (34, 35)))

# es-data-3 (the guest): GC overhead, slow fs health checks and slow queries while the host throttles
for t in arrivals(rng, START, END, lambda t: 0.05 + 3.0 * heat(t)):
    k = rng.random()
    h = heat(t)
    if k < 0.4:
        spent = 0.3 + 2.8 * h * rng.uniform(0.6, 1.2)
        es.add(t, esl(t, "WARN", "o.e.m.j.JvmGcMonitorService", "[gc][%d] overhead, spent [%.1fs] collecting in the last [%.1fs]" % (rng.randint(380000, 390000), spent, spent * rng.uniform(1.1, 1.4))))
    elif k < 0.75:
        ms = int(500 + 9000 * h * rng.uniform(0.5, 1.1))
        es.add(t, esl(t, "WARN", "i.s.s.query", "[products][%d] took[%.1fs], took_millis[%d], total_hits[%d+ hits], stats[], search_type[QUERY_THEN_FETCH], total_shards[6], source[{\"size\":24,\"query\":{\"bool\":{\"must\":[{\"multi_match\":{\"query\":\"%s\"}}]}}}], id[]" % (
            rng.choice([1, 4]), ms / 1000.0, ms, rng.randint(10, 9000), rng.choice(["winter jacket", "usb-c cable", "coffee grinder", "running shoes", "desk lamp"]))))
    elif k < 0.9:
        es.add(t, esl(t, "WARN", "o.e.m.f.FsHealthService", "health check of [/var/lib/elasticsearch/indices] took [%dms] which is above the warn threshold of [5s]" % rng.randint(5100, 14000)))
    else:
        es.add(t, esl(t, "WARN", "o.e.t.InboundHandler", "handling request [InboundMessage{Header{%d}{8.15.3}{%d}{false}{false}{false}{false}{indices:data/read/search[phase/query]}}] took [%dms] which is above the warn threshold of [5000ms]" % (
            rng.randint(300, 900), rng.randint(10 ** 8, 10 ** 9), rng.randint(5100, 12000))))
for t in rng.times(START, END, 1 / 10.0):
    es.add(t, esl(t, "INFO", "o.e.c.r.a.DiskThresholdMonitor", "low disk watermark [85%%] exceeded on [%s][es-data-1][/var/lib/elasticsearch] free: 41.2gb[14.1%%], replicas will not be assigned to this node" % rng.hex(22)))
for t in rng.times(START, END, 1 / 15.0):
    es.add(t, esl(t, "WARN", "o.e.d.DeprecationLogger", "[types removal] Specifying types in search requests is deprecated."))

# mq-2 (the other guest): clients' heartbeats are missed while the host throttles
for t in arrivals(rng, START, END, lambda t: 1.1 * heat(t)):
    mq.add(t, rmq(t, "error", "closing AMQP connection <0.%d.0> (10.30.4.%d:%d -> 10.30.2.14:5672 - order-events-consumer): missed heartbeats from client, timeout: 60s" % (
        rng.randint(1000, 99999), rng.randint(2, 60), rng.randint(30000, 60000))))
for t in rng.times(START, END, 1 / 4.0):
    mq.add(t, rmq(t, "info", "accepting AMQP connection <0.%d.0> (10.30.4.%d:%d -> 10.30.2.14:5672)" % (rng.randint(1000, 99999), rng.randint(2, 60), rng.randint(30000, 60000))))
for t in rng.times(START, END, 1 / 20.0):
    mq.add(t, rmq(t, "warning", "Deprecated features: `transient_nonexcl_queues`: Feature `transient_nonexcl_queues` is deprecated."))

# search-api and the edge: every search fans out to all shards, so es-data-3 sets the pace
UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
for t in rng.times(START, END, 4.0):
    h = heat(t)
    tr = trace(rng)
    q = rng.choice(["winter+jacket", "usb-c+cable", "coffee+grinder", "running+shoes", "desk+lamp", "headphones"])
    th = "http-nio-8080-exec-%d" % rng.randint(1, 200)
    client = ip(rng, "92.%d" % rng.randint(0, 200))
    rid = "%s-%s" % (rng.hex(8), rng.hex(4))
    if rng.random() < 0.75 * h:
        tt = t
        for attempt in (1, 2):
            tt = tt + timedelta(milliseconds=2000 + rng.randint(1, 9))
            if attempt == 1:
                sa.add(tt, spring(tt, "WARN", "search-api", tr, span(rng), th, "c.a.search.backend.EsSearchClient", "search attempt 1 timed out after 2000ms q=%s index=products, retrying" % q))
        sa.add(tt, spring_err(tt, "ERROR", "search-api", tr, span(rng), th, "c.a.search.web.SearchController", "GET /api/search?q=%s failed, answering 503" % q, [
            ("com.acme.search.backend.SearchBackendException", "product search timed out after 2 attempts (index=products)", [
                "com.acme.search.backend.EsSearchClient.search(EsSearchClient.java:88)",
                "com.acme.search.web.SearchController.search(SearchController.java:47)"]),
            ("java.net.SocketTimeoutException", "2,000 milliseconds timeout on connection http-outgoing-%d [ACTIVE]" % rng.randint(1, 64), [
                "org.apache.http.nio.protocol.HttpAsyncRequestExecutor.timeout(HttpAsyncRequestExecutor.java:387)",
                "org.elasticsearch.client.RestClient.performRequest(RestClient.java:288)"])]))
        env.add(tt, envoy_line(tt + timedelta(milliseconds=2), "GET", "/api/search?q=" + q, 503, "-", "via_upstream", 0, 120, int((tt - t).total_seconds() * 1000) + 3,
                               int((tt - t).total_seconds() * 1000) + 1, client, UA, rid, "www.acme-shop.example", "10.30.6.%d:8080" % rng.randint(2, 250)))
    else:
        ms = int(rng.lognorm_ms(60) + 1500 * h * rng.random())
        te = t + timedelta(milliseconds=ms)
        sa.add(te, spring(te, "INFO", "search-api", tr, span(rng), th, "c.a.search.web.SearchController", "GET /api/search?q=%s 200 hits=%d took=%dms" % (q, rng.randint(10, 4000), ms)))
        env.add(te, envoy_line(te + timedelta(milliseconds=2), "GET", "/api/search?q=" + q, 200, "-", "via_upstream", 0, rng.randint(9000, 40000), ms + 3, ms + 1,
                               client, UA, rid, "www.acme-shop.example", "10.30.6.%d:8080" % rng.randint(2, 250)))
for t in rng.times(START, END, 1 / 5.0):
    sa.add(t, spring_err(t, "ERROR", "search-api", "", "", "scheduling-1", "c.a.search.synonyms.SynonymRefresher", "synonym refresh failed, keeping previous set", [
        ("com.acme.search.synonyms.SynonymSourceException", "GET https://cms.acme-shop.example/api/synonyms answered 401 (token expired 2025-12-01)", [
            "com.acme.search.synonyms.CmsSynonymSource.fetch(CmsSynonymSource.java:54)"])]))
for t in rng.times(START, END, 2.0):
    p = rng.choice(["/", "/c/electronics", "/c/outdoor", "/p/%d" % rng.randint(100000, 999999)])
    env.add(t, envoy_line(t, "GET", p, 200, "-", "via_upstream", 0, rng.randint(20000, 90000), rng.randint(20, 120), rng.randint(18, 110), ip(rng, "92.%d" % rng.randint(0, 200)),
                          UA, "%s-%s" % (rng.hex(8), rng.hex(4)), "www.acme-shop.example", "10.30.7.%d:3000" % rng.randint(2, 250)))
for t in rng.times(START, END, 0.5):
    st = 503 if rng.random() < 0.03 else 200
    env.add(t, envoy_line(t, "GET", "/ready", st, "UF" if st == 503 else "-", "upstream_reset_before_response_started{connection_failure}" if st == 503 else "via_upstream",
                          0, 91 if st == 503 else 2, rng.randint(1, 3), None if st == 503 else 1, "10.30.0.%d" % rng.randint(2, 9), "StatusCake",
                          "%s-%s" % (rng.hex(8), rng.hex(4)), "www.acme-shop.example", "10.30.7.33:3000"))

kvm.write(os.path.join(logs, "kvm-14.journal.log"))
es.write(os.path.join(logs, "es-data-3.log"))
mq.write(os.path.join(logs, "mq-2.log"))
sa.write(os.path.join(logs, "search-api.log"))
env.write(os.path.join(logs, "storefront-envoy.access.log"))

labels = {"alertname": "SearchApiErrorRatio", "severity": "critical", "service": "search-api", "namespace": "search", "env": "prod"}
write_json(os.path.join(case_dir(CASE), "alert.json"), alertmanager(
    "search-oncall", labels,
    {"summary": "search-api 5xx ratio 58% (threshold 5%), p99 latency 4.1s",
     "description": "GET /api/search answers 503 for most queries since about 13:35; Elasticsearch cluster status green."},
    dt("2025-12-02T13:41:00"),
    "sum(rate(http_server_requests_seconds_count{service=\"search-api\",status=~\"5..\"}[5m]))/sum(rate(http_server_requests_seconds_count{service=\"search-api\"}[5m]))>0.05",
    "e83b5c1a9f0d2746"))

finish(CASE, {
    "root_cause": {"service": "kvm-14", "component": "hypervisor kvm-14: FAN3 failed at 13:22 (0 RPM), CPUs thermally throttled from 13:31",
                   "error_type": None, "file": None},
    "category": "infra",
    "symptoms": [{"service": "search-api", "error_type": "SearchBackendException"},
                 {"service": "storefront-envoy", "error_type": "HTTP_503"},
                 {"service": "es-data-3", "error_type": None},
                 {"service": "mq-2", "error_type": None}],
    "why": "FAN3 in hypervisor kvm-14 fails at 13:22; the CPUs pass their temperature threshold and throttle from 13:31, slowing every guest on the host at once: the Elasticsearch data node es-data-3 (GC overhead, 5-10 s queries, slow fs health checks) and the RabbitMQ node mq-2 (missed client heartbeats). Every product search fans out to es-data-3's shards, so search-api times out and the edge answers 503; nothing changed in the search stack.",
})
