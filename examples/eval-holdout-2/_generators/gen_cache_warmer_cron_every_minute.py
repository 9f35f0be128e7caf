#!/usr/bin/env python3
"""cache-warmer-cron-every-minute

cache-warmer is a CronJob that replays the previous day's top 6000 search queries directly
against the Elasticsearch products index at 03:00 to warm the shard request caches (40 qps,
about 4 minutes). Yesterday's chart bump (search-jobs 1.9.0) rewrote its schedule from
"0 3 * * *" to "* 3 * * *": from 03:00 a new run starts every minute, concurrencyPolicy Allow
lets them overlap, runs slow down as the cluster saturates and by 03:08 a dozen run at once.
The ES search thread pools queue up and reject (429 es_rejected_execution_exception); search-api
(Spring, ES REST client) fails user searches with ElasticsearchStatusException, web-bff
reports SearchUnavailableError, the edge envoy returns 503. cache-warmer itself only logs INFO
and a WARN with its own failed-query count; the ES slow log carries its X-Opaque-Id.
Noise: a recommendations widget timing out since yesterday, ES low-disk watermark warnings,
GC warnings, a flaky envoy health check, search-api synonym reload messages.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, spring, envoy_line,
                    k8s, alertmanager, uuid)

CASE = "cache-warmer-cron-every-minute"
rng = Rng(20250304)
START, END = dt("2025-03-04T02:25:00"), dt("2025-03-04T03:40:00")
CRON0 = dt("2025-03-04T03:00:00")

cw, ev, es, sa, bff, env = (LogFile() for _ in range(6))
ES_NODES = ["es-data-1", "es-data-2", "es-data-3"]
SA_PODS = ["search-api-7f6d5c8b9-2kqpl", "search-api-7f6d5c8b9-w8n4t"]
QUERIES = ["garden hose", "usb c cable", "desk lamp", "running shoes", "coffee grinder", "yoga mat",
           "wireless mouse", "air fryer", "kids bike", "phone case", "rain jacket", "led strip"]

# ---- the runs: one per minute from 03:00, each slower as more overlap ---------------------
runs = []   # (start, end, name)
for m in range(0, 40):
    t0 = CRON0 + timedelta(minutes=m, seconds=rng.randint(0, 2), milliseconds=rng.randint(0, 999))
    active = sum(1 for s, e, _ in runs if e > t0)
    dur = timedelta(seconds=int(230 * (1 + 0.45 * active) + rng.randint(-10, 20)))
    runs.append((t0, t0 + dur, "cache-warmer-%d" % (28993620 + m)))


def active(t):
    return sum(1 for s, e, _ in runs if s <= t < e)


def reject_p(t):
    return max(0.0, min(0.72, (active(t) - 3) / 9.0))


# the previous (normal) run yesterday is referenced, not shown
for i, (s, e, name) in enumerate(runs):
    pod = "%s-%s" % (name, rng.alnum(5))
    ev.add(s, k8s(s, "Normal", "SuccessfulCreate", "cronjob/cache-warmer", "Created job " + name))
    ev.add(s, k8s(s, "Normal", "SuccessfulCreate", "job/" + name, "Created pod: " + pod))
    ts = s + timedelta(seconds=3, milliseconds=rng.randint(0, 900))
    ev.add(ts, k8s(ts, "Normal", "Started", "pod/" + pod, "Started container warmer"))
    tl = s + timedelta(seconds=4, milliseconds=rng.randint(0, 900))
    cw.add(tl, jrec(tl, "INFO", "cache-warmer", "warm run started", component="warmer.main",
                    attrs={"job": name, "pod": pod, "queries": 6000, "qps": 40, "target": "http://search-es.search.svc:9200/products",
                           "opaque_id": "cache-warmer/%s" % name[13:], "schedule": "* 3 * * *",
                           "previous_run": "2025-03-03T03:00:02Z" if i == 0 else (runs[i - 1][0]).strftime("%Y-%m-%dT%H:%M:%SZ"),
                           "active_runs": active(tl), "chart": "search-jobs-1.9.0"}))
    failed = 0
    for q in range(1, 4):
        tq = s + (e - s) * q / 4
        if tq >= END:
            break
        fq = int(1500 * reject_p(tq) * rng.uniform(0.8, 1.1))
        failed += fq
        lvl = "WARN" if fq else "INFO"
        cw.add(tq, jrec(tq, lvl, "cache-warmer", "progress %d/6000 queries, %d failed (HTTP 429 from search-es), p95 %dms" % (1500 * q, failed, rng.lognorm_ms(180 * (1 + active(tq)))),
                        component="warmer.replay", attrs={"job": name}))
    if e < END:
        cw.add(e, jrec(e, "INFO", "cache-warmer", "warm run finished in %ds: 6000 queries, %d failed" % ((e - s).seconds, failed),
                       component="warmer.main", attrs={"job": name}))
        ev.add(e + timedelta(seconds=2), k8s(e + timedelta(seconds=2), "Normal", "Completed", "job/" + name, "Job completed"))
        ev.add(e + timedelta(seconds=2), k8s(e + timedelta(seconds=2), "Normal", "SawCompletedJob", "cronjob/cache-warmer", "Saw completed job: %s, status: Complete" % name))

# ---- Elasticsearch: slow log with the warmer's opaque id, GC, watermark noise -------------
def eslog(t, level, logger, node, msg):
    return "[%s,%03d][%-5s][%-25s] [%s] %s" % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000, level, logger, node, msg)


for t in rng.times(START, END, 0.3):
    es.add(t, eslog(t, "WARN", "o.e.c.r.a.DiskThresholdMonitor", "es-master-0",
                    "high disk watermark [90%] exceeded on [Zt3Lq0bXS1uY4q0v9aQmxw][es-data-3][/usr/share/elasticsearch/data] free: 41.2gb[9.6%], shards will be relocated away from this node; currently relocating away shards totalling [0] bytes; the node is expected to continue to exceed the high disk watermark when these relocations are complete"
                    if rng.random() < 0.2 else
                    "low disk watermark [85%] exceeded on [Zt3Lq0bXS1uY4q0v9aQmxw][es-data-3][/usr/share/elasticsearch/data] free: 58.9gb[13.7%], replicas will not be assigned to this node"))
for t in rng.times(START, END, 1.2):
    n = active(t)
    if n >= 2 and rng.random() < min(0.95, 0.25 * n):
        node = rng.choice(ES_NODES)
        ms = rng.lognorm_ms(600 * n)
        run = rng.choice([r for r in runs if r[0] <= t < r[1]])
        es.add(t, eslog(t, "WARN", "i.s.s.query", node,
                        '[products][%d] took[%.1fs], took_millis[%d], total_hits[%d hits], stats[], search_type[QUERY_THEN_FETCH], total_shards[6], source[{"size":48,"query":{"multi_match":{"query":"%s","fields":["title^3","brand","category"]}},"aggs":{"brand":{"terms":{"field":"brand.keyword","size":20}}}}], id[cache-warmer/%s], '
                        % (rng.randint(0, 5), ms / 1000, ms, rng.randint(40, 9000), rng.choice(QUERIES), run[2][13:])))
    elif n >= 4 and rng.random() < 0.5:
        node = rng.choice(ES_NODES)
        es.add(t, eslog(t, "WARN", "o.e.m.j.JvmGcMonitorService", node,
                        "[gc][%d] overhead, spent [%.1fs] collecting in the last [%.1fs]" % (rng.randint(480000, 490000), rng.uniform(0.6, 1.4), rng.uniform(1.0, 1.6))))
    else:
        es.add(t, eslog(t, "INFO", "o.e.c.m.MetadataMappingService", "es-master-0",
                        "[orders-2025.03.04/%s] update_mapping [_doc]" % rng.alnum(22, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")))

# ---- user searches: envoy -> web-bff -> search-api -> ES ---------------------------------
ES_EXC = ("org.elasticsearch.ElasticsearchStatusException",
          "Elasticsearch exception [type=es_rejected_execution_exception, reason=rejected execution of org.elasticsearch.common.util.concurrent.TimedRunnable@%s on QueueResizingEsThreadPoolExecutor[name = %s/search, queue capacity = 1000, min queue capacity = 1000, max queue capacity = 1000, frame size = 2000, targeted response rate = 1s, task execution EWMA = 1.2s, adjustment amount = 50, org.elasticsearch.common.util.concurrent.QueueResizingEsThreadPoolExecutor@%s[Running, pool size = 13, active threads = 13, queued tasks = 1000, completed tasks = 918273341]]]")
ES_FRAMES = ["org.elasticsearch.rest.BytesRestResponse.errorFromXContent(BytesRestResponse.java:178)",
             "org.elasticsearch.client.RestHighLevelClient.parseEntity(RestHighLevelClient.java:2484)",
             "org.elasticsearch.client.RestHighLevelClient.internalPerformRequest(RestHighLevelClient.java:2184)",
             "org.elasticsearch.client.RestHighLevelClient.search(RestHighLevelClient.java:1367)",
             "com.acme.search.es.ProductSearchRepository.search(ProductSearchRepository.java:74)",
             "com.acme.search.service.SearchService.search(SearchService.java:52)",
             "com.acme.search.web.SearchController.search(SearchController.java:39)"]
errs = {"sa": 0}
for t in rng.times(START, END, 5.0):
    q = rng.choice(QUERIES)
    trace, span, pspan = rng.hex(32), rng.hex(16), rng.hex(16)
    rid = uuid(rng)
    client = "203.0.113.%d" % rng.randint(1, 254)
    ua = rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "AcmeShop-Android/8.14.0"])
    pod = rng.choice(SA_PODS)
    failed_attempts = 0
    for attempt in (1, 2):   # web-bff retries a failed search once
        ta = t + timedelta(milliseconds=30 + 400 * (attempt - 1))
        if rng.random() < reject_p(ta):
            failed_attempts += 1
            node = rng.choice(ES_NODES)
            sa.add(ta, spring(ta, "ERROR", "search-api", trace, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 64),
                              "c.a.search.web.ApiExceptionHandler", "GET /v1/search failed q=\"%s\" -> 503\n%s" % (
                                  q, "%s: %s\n" % (ES_EXC[0], ES_EXC[1] % (rng.hex(8), node, rng.hex(8))) + "\n".join("\tat " + f for f in ES_FRAMES) +
                                  "\n\tSuppressed: org.elasticsearch.client.ResponseException: method [POST], host [http://search-es.search.svc:9200], URI [/products/_search?typed_keys=true&max_concurrent_shard_requests=5&search_type=query_then_fetch&batched_reduce_size=512], status line [HTTP/1.1 429 Too Many Requests]"
                                  "\n\t\tat org.elasticsearch.client.RestClient.performRequest(RestClient.java:313)")))
            errs["sa"] += 1
            if attempt == 1:
                bff.add(ta + timedelta(milliseconds=5), jrec(ta + timedelta(milliseconds=5), "WARN", "web-bff", "search-api answered 503, retrying once",
                                                             component="clients/search", trace_id=trace, span_id=span, attrs={"attempt": 1, "q": q}))
        else:
            break
    if failed_attempts == 2:
        te = t + timedelta(milliseconds=480)
        bff.add(te, jrec(te, "ERROR", "web-bff", "GET /api/search failed: search-api unavailable", component="routes/search",
                         error_type="SearchUnavailableError", trace_id=trace, span_id=span, parent_span_id=pspan,
                         caused_by="HTTPError: Response code 503 (Service Unavailable) from http://search-api.search.svc:8080/v1/search",
                         stack=["SearchUnavailableError: search-api unavailable", "at SearchClient.search (/app/dist/clients/search.js:57:15)",
                                "at async searchRoute (/app/dist/routes/search.js:22:20)"],
                         attrs={"q": q, "status": 503}))
        env.add(te, envoy_line(te, "GET", "/api/search?q=" + q.replace(" ", "+"), 503, "-", "via_upstream", 0, 91, 486, 485, client, ua, rid, "shop.acme.example", "10.52.3.%d:3000" % rng.randint(10, 40)))
    else:
        ms = rng.lognorm_ms(90) + 400 * failed_attempts
        env.add(t, envoy_line(t, "GET", "/api/search?q=" + q.replace(" ", "+"), 200, "-", "via_upstream", 0, rng.randint(20000, 60000), ms, ms - 2, client, ua, rid, "shop.acme.example", "10.52.3.%d:3000" % rng.randint(10, 40)))

# search-api per-minute pool stats + noise
for m in range(0, 75):
    t = START + timedelta(minutes=m, seconds=30)
    n = active(t)
    sa.add(t, spring(t, "INFO", "search-api", None, None, "metrics-1", "c.a.search.es.EsClientMetrics",
                     "es client: requests=%d errors_429=%d p99=%dms pool_leased=%d/%d" % (rng.randint(380, 460), int(400 * reject_p(t)), rng.lognorm_ms(60 + 300 * n, 0.2), min(50, 6 + 5 * n), 50)))
    if m % 10 == 4:
        sa.add(t + timedelta(seconds=5), spring(t + timedelta(seconds=5), "INFO", "search-api", None, None, "synonyms-reload", "c.a.search.synonyms.SynonymReloader",
                                                "synonyms reload skipped: s3://acme-search-config/synonyms_en.txt unchanged (etag \"9b2f0c\")"))
for m in range(0, 75, 3):
    t = START + timedelta(minutes=m, seconds=rng.randint(0, 59), milliseconds=rng.randint(0, 999))
    tr = rng.hex(32)
    bff.add(t, jrec(t, "ERROR", "web-bff", "recommendations widget failed: timeout of 800ms exceeded", component="widgets/recs",
                    error_type="RecsTimeoutError", trace_id=tr, span_id=rng.hex(16),
                    stack=["RecsTimeoutError: timeout of 800ms exceeded", "at RecsClient.fetch (/app/dist/clients/recs.js:41:11)"],
                    attrs={"upstream": "recs-api.recs.svc:8080", "since": "2025-03-03T18:10:00Z"}))
for t in rng.times(START, END, 0.2):
    env.add(t, envoy_line(t, "GET", "/healthz/ready", 503, "UF", "upstream_reset_before_response_started{connection_failure}", 0, 91, 1000, None,
                          "10.52.0.1", "kube-probe/1.29", uuid(rng), "10.52.3.17:8081", "10.52.3.17:3000"))
for t in rng.times(START, END, 0.5):
    bff.add(t, jrec(t, "INFO", "web-bff", "config refreshed from configmap web-bff-config (no changes)", component="config"))

d = reset_logs(CASE)
cw.write(d + "/cache-warmer.jsonl")
bff.write(d + "/web-bff.jsonl")
ev.write(d + "/k8s-events.log")
es.write(d + "/search-es.log")
sa.write(d + "/search-api.log")
env.write(d + "/edge-envoy.access.log")
write_json(d + "/../alert.json", alertmanager(
    "search-oncall",
    {"alertname": "SearchApiErrorRate", "service": "search-api", "namespace": "search", "severity": "critical", "env": "prod", "team": "discovery"},
    {"summary": "search-api: 31% of /v1/search answered 503 (threshold 2%)", "description": "error ratio over 5m; ES client reports 429 rejections",
     "runbook_url": "https://runbooks.acme.example/search/api-errors"},
    dt("2025-03-04T03:09:30"),
    "sum%28rate%28http_server_requests_seconds_count%7Bservice%3D%22search-api%22%2Cstatus%3D%22503%22%7D%5B5m%5D%29%29",
    "5c8e1f0a9d2b7364"))
finish(CASE, {
    "root_cause": {"service": "cache-warmer",
                   "component": "CronJob schedule \"* 3 * * *\" (was \"0 3 * * *\", search-jobs chart 1.9.0) with concurrencyPolicy Allow",
                   "error_type": None, "file": None},
    "category": "config",
    "symptoms": [{"service": "search-api", "error_type": "ElasticsearchStatusException"},
                 {"service": "web-bff", "error_type": "SearchUnavailableError"},
                 {"service": "edge-envoy", "error_type": "HTTP_503"},
                 {"service": "search-es", "error_type": None}],
    "why": "The cache-warmer CronJob's schedule became \"* 3 * * *\" in yesterday's chart bump, so from 03:00 a 6000-query warm run starts every minute and the runs overlap (a dozen by 03:08); their load fills the Elasticsearch search queues, which reject user searches with 429, so search-api, web-bff and the edge fail. ES is healthy but saturated (its slow log names the cache-warmer runs); restore \"0 3 * * *\" with concurrencyPolicy Forbid and delete the running jobs.",
})
