#!/usr/bin/env python3
"""elasticsearch-flood-stage-read-only

The Elasticsearch cluster is short of disk: es-data-2 has been above the high watermark since
before 08:30 and its shards cannot move away because es-data-1 and es-data-3 are above the low
watermark (the master logs both every minute). Log ingestion keeps growing the app-logs shards on
es-data-2 and at 09:02 it crosses the 95% flood stage: every index with a shard on that node,
including products-v7, gets the read-only-allow-delete block. catalog-indexer (Spring Kafka)
then fails every bulk update with cluster_block_exception, logging each of 3 attempts and the
exhausted back-off (the loudest); product-admin (Node) fails merchants' direct saves; searches
keep working. The node has no exception of its own: it is out of disk.
Noise: slow-log warnings, a long-standing deprecation warning, search-api slow-query warnings,
an older catalog-indexer schema warning, product-admin image-upload errors.
Generic alert on catalog-indexer.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, es, spring, spring_err, logfmt, node_line,
                    generic_alert, trace, span)

CASE = "elasticsearch-flood-stage-read-only"
rng = Rng(20250520)
START, END = dt("2025-05-20T08:31:00"), dt("2025-05-20T09:24:00")
FLOOD = dt("2025-05-20T09:02:44.211")
el, ci, pa, sa = LogFile(), LogFile(), LogFile(), LogFile()
IDS = {"es-data-1": "Qm3v0dXbS2a", "es-data-2": "aZ1kL9pTr0w", "es-data-3": "h7YtE2cNq5u"}
DT = "o.e.c.r.a.DiskThresholdMonitor"
m = START
free2 = 92.0  # GB free on es-data-2 (of 1 TB)
while m < END:
    t = m + timedelta(seconds=rng.randint(0, 2), milliseconds=rng.randint(0, 999))
    free2 -= rng.uniform(1.2, 1.45)
    if t < FLOOD:
        el.add(t, es(t, "WARN", DT, "es-master-1", "high disk watermark [90%%] exceeded on [%s][es-data-2][/var/lib/elasticsearch/nodes/0] free: %.1fgb[%.1f%%], shards will be relocated away from this node; currently relocating away shards totalling [0] bytes; the node is expected to continue to exceed the high disk watermark when these relocations are complete"
                     % (IDS["es-data-2"], free2, free2 / 10.24)))
    for n in ("es-data-1", "es-data-3"):
        f = rng.uniform(128, 146)
        el.add(t + timedelta(milliseconds=3), es(t + timedelta(milliseconds=3), "INFO", DT, "es-master-1", "low disk watermark [85%%] exceeded on [%s][%s][/var/lib/elasticsearch/nodes/0] free: %.1fgb[%.1f%%], replicas will not be assigned to this node"
                                                 % (IDS[n], n, f, f / 10.24)))
    m += timedelta(seconds=60)
el.add(FLOOD, es(FLOOD, "WARN", DT, "es-master-1", "flood stage disk watermark [95%%] exceeded on [%s][es-data-2][/var/lib/elasticsearch/nodes/0] free: 50.8gb[5.0%%], all indices on this node will be marked read-only" % IDS["es-data-2"]))
m = FLOOD + timedelta(seconds=60)
while m < END:
    t = m + timedelta(milliseconds=rng.randint(0, 999))
    el.add(t, es(t, "WARN", DT, "es-master-1", "flood stage disk watermark [95%%] exceeded on [%s][es-data-2][/var/lib/elasticsearch/nodes/0] free: %.1fgb[%.1f%%], all indices on this node will be marked read-only"
                 % (IDS["es-data-2"], 50.8 - (t - FLOOD).total_seconds() / 200, (50.8 - (t - FLOOD).total_seconds() / 200) / 10.24)))
    m += timedelta(seconds=60)

BLOCK = "[es/bulk] failed: [cluster_block_exception] index [products-v7] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block];"
for t in rng.times(START, END, 4.2):
    pid = rng.randint(100000, 999999)
    part = rng.randint(0, 11)
    off = rng.randint(4000000, 4900000)
    tr = trace(rng)
    th = "org.springframework.kafka.KafkaListenerEndpointContainer#0-%d-C-1" % rng.randint(0, 3)
    if t < FLOOD:
        ci.add(t, spring(t, "INFO", "catalog-indexer", tr, span(rng), th, "c.a.catalog.index.ProductIndexer", "indexed product=%d products-updates-%d@%d took=%dms" % (pid, part, off, rng.lognorm_ms(18))))
        continue
    tt = t
    for a in range(3):
        ci.add(tt, spring(tt, "ERROR", "catalog-indexer", tr, span(rng), th, "c.a.catalog.index.ProductIndexer",
                          "bulk index failed product=%d attempt %d/3: co.elastic.clients.elasticsearch._types.ElasticsearchException: %s" % (pid, a + 1, BLOCK)))
        tt += timedelta(seconds=1, milliseconds=rng.randint(5, 40))
    ci.add(tt, spring_err(tt, "ERROR", "catalog-indexer", tr, span(rng), th, "o.s.kafka.listener.DefaultErrorHandler",
                          "Backoff FixedBackOff{interval=1000, currentAttempts=3, maxAttempts=2} exhausted for products-updates-%d@%d, sending to products-updates.DLT" % (part, off),
                          [("org.springframework.kafka.listener.ListenerExecutionFailedException", "Listener method 'public void com.acme.catalog.index.ProductIndexer.onUpdate(com.acme.catalog.ProductUpdated)' threw exception",
                            ["org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.decorateException(KafkaMessageListenerContainer.java:2955)"]),
                           ("co.elastic.clients.elasticsearch._types.ElasticsearchException", BLOCK,
                            ["co.elastic.clients.transport.ElasticsearchTransportBase.getApiResponse(ElasticsearchTransportBase.java:345)",
                             "com.acme.catalog.index.ProductIndexer.onUpdate(ProductIndexer.java:58)"])]))
# product-admin direct saves
for t in rng.times(START, END, 1.6):
    sku = "P-%06d" % rng.randint(0, 999999)
    if t < FLOOD:
        pa.add(t, node_line(t, "info", "PUT /merchant/products/%s 200 %dms (search doc refreshed)" % (sku, rng.lognorm_ms(70))))
    else:
        pa.add(t, node_line(t, "error", "PUT /merchant/products/%s 500 ResponseError: cluster_block_exception: index [products-v7] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block];\n"
                               "    at onBody (/srv/app/node_modules/@elastic/transport/lib/Transport.js:560:23)\n"
                               "    at async ProductService.save (/srv/app/dist/products/service.js:88:9)" % sku))
# searches keep working
for t in rng.times(START, END, 7):
    sa.add(t, logfmt(t, "info", "search", q=rng.choice(["sofa", "lamp", "desk chair", "rug", "mirror", "shelf"]), hits=rng.randint(0, 900), took_ms=rng.lognorm_ms(24), index="products-v7"))
# noise
for t in rng.times(START, END, 0.5):
    el.add(t, es(t, "WARN", "i.s.s.query", "es-data-%d" % rng.randint(1, 3), "[products-v7][%d] took[%.1fs], took_millis[%d], total_hits[%d hits], type[], search_type[QUERY_THEN_FETCH], total_shards[6]"
                 % (rng.randint(0, 5), rng.uniform(1.0, 2.4), rng.randint(1000, 2400), rng.randint(10, 9000))))
for t in rng.times(START, END, 0.2):
    el.add(t, es(t, "WARN", "o.e.d.r.RestController", "es-data-%d" % rng.randint(1, 3), "[types removal] Specifying types in bulk requests is deprecated."))
for t in rng.times(START, END, 0.4):
    sa.add(t, logfmt(t, "warn", "slow search", q="*", took_ms=rng.randint(800, 1900), index="products-v7"))
for t in rng.times(START, END, 0.2):
    ci.add(t, spring(t, "WARN", "catalog-indexer", "", "", "main", "c.a.catalog.index.SchemaCheck", "field 'legacy_category' present in events but not in mapping products-v7, ignoring"))
for t in rng.times(START, END, 0.3):
    pa.add(t, node_line(t, "error", "POST /merchant/images 500 Error: image exceeds 20 MB limit (client sent %d bytes)" % rng.randint(21000000, 40000000)))

d = reset_logs(CASE)
el.write(d + "/elasticsearch.log")
ci.write(d + "/catalog-indexer.log")
pa.write(d + "/product-admin.log")
sa.write(d + "/search-api.log")
write_json(d + "/../alert.json", generic_alert("catalog-indexer", "catalog-indexer: products-updates DLT receiving messages (>20 in 5m)", "high", "6f3b1d8e2a0c9457",
                                               dt("2025-05-20T09:08:00"), {"env": "prod", "team": "catalog", "alertname": "CatalogIndexerDLT", "source": "kafka-exporter", "topic": "products-updates.DLT"}))
finish(CASE, {
    "root_cause": {"service": "elasticsearch", "component": "data node es-data-2 disk (/var/lib/elasticsearch) past the 95% flood-stage watermark; no room to relocate shards",
                   "error_type": None, "file": None},
    "category": "infra",
    "symptoms": [{"service": "catalog-indexer", "error_type": "ElasticsearchException"}, {"service": "product-admin", "error_type": "ResponseError"}],
    "why": "es-data-2 ran above the high watermark all morning with nowhere to move shards (the other data nodes are past the low watermark); at 09:02 it passed the 95% flood stage and Elasticsearch put the read-only-allow-delete block on every index with a shard there, so catalog-indexer's bulk updates and product-admin's saves fail with cluster_block_exception while searches work. More disk (or deleting old log indices) is the fix.",
})
