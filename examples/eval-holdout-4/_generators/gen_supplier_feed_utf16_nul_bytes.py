#!/usr/bin/env python3
"""supplier-feed-utf16-nul-bytes

supplier-feed-import (Python CronJob, jsonl) imports supplier CSV feeds into the product
document store and emits product-change events. Supplier Kestrel Tools switched its export to
UTF-16LE without telling anyone; the importer reads feeds as UTF-8, which succeeds but leaves a
NUL between every character. The 05:30 run warns "2311 rows contain control characters (kept
as-is)" and reports success. catalog-indexer (Spring Kafka, logback) upserts each changed
product into PostgreSQL catalog-db, which rejects text with 0x00: PSQLException 'invalid byte
sequence for encoding "UTF8": 0x00', translated to DataIntegrityViolationException; the
indexer retries twice and sends the record to the dead-letter topic. catalog-db logs an ERROR
with its statement for every attempt and is the loudest.
Noise: other suppliers' runs, missing image warnings, a synonym job's duplicate-key errors and
a Grafana read-only user with a wrong password on catalog-db (both recurring since the night),
slow upsert warnings.
Alertmanager alert on catalog-indexer.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, lb, pgline, alertmanager)

CASE = "supplier-feed-utf16-nul-bytes"
rng = Rng(20260520)
START, END = dt("2026-05-20T05:08:00"), dt("2026-05-20T06:02:00")
RUN = dt("2026-05-20T05:30:00.211")
si, ci, db = LogFile(), LogFile(), LogFile()
POD = "supplier-feed-import-29130330-k7x2m"


def imp(t, level, msg, **attrs):
    si.add(t, jrec(t, level, "supplier-feed-import", msg, component="feed_import.run", attrs=dict({"pod": POD}, **attrs)))


# an earlier, clean run for another supplier
t0 = dt("2026-05-20T05:15:00.102")
imp(t0, "INFO", "import run 5520 started", supplier="brightline-lighting", feed="sftp://feeds.acme.example/brightline/catalog.csv", run=5520)
imp(t0 + timedelta(seconds=3), "INFO", "feed decoded as utf-8: 8120 rows, 0 rows with control characters", supplier="brightline-lighting", run=5520)
imp(t0 + timedelta(seconds=4), "WARN", "image URL returned 404 for 37 products; kept previous images", supplier="brightline-lighting", run=5520)
imp(t0 + timedelta(seconds=58), "INFO", "import run 5520 finished: 412 products changed, 0 rejected", supplier="brightline-lighting", run=5520, changed=412)
imp(RUN, "INFO", "import run 5521 started", supplier="kestrel-tools", feed="sftp://feeds.acme.example/kestrel/products_export.csv", run=5521)
imp(RUN + timedelta(seconds=2), "INFO", "feed downloaded: 1187420 bytes (previous run 598114 bytes)", supplier="kestrel-tools", run=5521, sha256=rng.hex(64))
imp(RUN + timedelta(seconds=4), "INFO", "feed decoded as utf-8: 2311 rows", supplier="kestrel-tools", run=5521)
imp(RUN + timedelta(seconds=4, milliseconds=40), "WARN", "2311 rows contain control characters (U+0000); kept as-is (strict_text=false)", supplier="kestrel-tools", run=5521,
    sample="K\\u0000T\\u0000-\\u00004\\u00004\\u00001\\u00002\\u0000")
CHANGED = 2311
t_end = RUN + timedelta(minutes=11, seconds=48)
imp(t_end, "INFO", "import run 5521 finished: 2311 products changed, 0 rejected", supplier="kestrel-tools", run=5521, changed=CHANGED)

SQL = "insert into search_documents (product_id, title, brand, body, updated_at) values (?, ?, ?, ?, ?) on conflict (product_id) do update set title = excluded.title, brand = excluded.brand, body = excluded.body, updated_at = excluded.updated_at"
PG_SQL = SQL.replace("?", "$%d") % (1, 2, 3, 4, 5)
# sample the events the indexer sees (every 16th product change of the run, plus clean traffic)
events = []
for k in range(0, CHANGED, 16):
    events.append((RUN + timedelta(seconds=6 + k * 0.305), "KT-%05d" % (10000 + k), True))
for t in rng.times(START, END, 2.5):
    events.append((t, "P-%07d" % rng.randint(1000000, 9999999), False))
events.sort()
for t, pid, bad in events:
    part, off = rng.randint(0, 11), rng.randint(4100000, 4200000)
    thr = "org.springframework.kafka.KafkaListenerEndpointContainer#0-%d-C-1" % (part % 4)
    if not bad:
        tt = t + timedelta(milliseconds=rng.randint(20, 80))
        if rng.random() < 0.05:
            ci.add(tt, lb(tt, "WARN", thr, "c.a.catalog.index.SearchDocumentWriter", "slow upsert for %s: %dms" % (pid, rng.randint(500, 1400))))
        continue
    ta = t + timedelta(milliseconds=rng.randint(20, 80))
    for attempt in (1, 2, 3):
        bpid = 41000 + part
        db.add(ta, pgline(ta, bpid, "ERROR", 'invalid byte sequence for encoding "UTF8": 0x00', user="catalog_indexer", db="catalog", app="PostgreSQL JDBC Driver")
               + "\n" + pgline(ta, bpid, "CONTEXT", "unnamed portal parameter $2", user="catalog_indexer", db="catalog", app="PostgreSQL JDBC Driver")
               + "\n" + pgline(ta, bpid, "STATEMENT", PG_SQL, user="catalog_indexer", db="catalog", app="PostgreSQL JDBC Driver"))
        te = ta + timedelta(milliseconds=4)
        if attempt < 3:
            ci.add(te, lb(te, "WARN", thr, "o.s.kafka.listener.DefaultErrorHandler",
                          "Failed to process record product-changes-%d@%d (product %s), attempt %d of 3; retrying in 1000ms: invalid byte sequence for encoding \"UTF8\": 0x00 (SQLState 22021)" % (part, off, pid, attempt)))
            ta = te + timedelta(seconds=1)
            continue
        ci.add(te, lb(te, "ERROR", thr, "o.s.kafka.listener.DeadLetterPublishingRecoverer",
                      "Backoff FixedBackOff{interval=1000, currentAttempts=3, maxAttempts=2} exhausted for product-changes-%d@%d (product %s); publishing to product-changes.DLT\n" % (part, off, pid)
                      + "org.springframework.dao.DataIntegrityViolationException: PreparedStatementCallback; SQL [%s]; ERROR: invalid byte sequence for encoding \"UTF8\": 0x00\n" % SQL
                      + "\tat org.springframework.jdbc.support.SQLStateSQLExceptionTranslator.doTranslate(SQLStateSQLExceptionTranslator.java:118)\n"
                      + "\tat org.springframework.jdbc.core.JdbcTemplate.translateException(JdbcTemplate.java:1548)\n"
                      + "\tat org.springframework.jdbc.core.JdbcTemplate.update(JdbcTemplate.java:1011)\n"
                      + "\tat com.acme.catalog.index.SearchDocumentWriter.upsert(SearchDocumentWriter.java:62)\n"
                      + "\tat com.acme.catalog.index.ProductChangeListener.onChange(ProductChangeListener.java:41)\n"
                      + "Caused by: org.postgresql.util.PSQLException: ERROR: invalid byte sequence for encoding \"UTF8\": 0x00\n"
                      + "\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)\n"
                      + "\tat org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2412)\n"
                      + "\tat org.postgresql.jdbc.PgPreparedStatement.executeUpdate(PgPreparedStatement.java:152)\n"
                      + "\t... 19 common frames omitted"))

# ---- noise ------------------------------------------------------------------------------------
for m in range(0, 54, 5):
    t = START + timedelta(minutes=m, seconds=7)
    db.add(t, pgline(t, 28, "LOG", "checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, 1 recycled; write=%.3f s, sync=0.004 s, total=%.3f s" % (
        rng.randint(800, 4000), rng.random() * 3, rng.random() * 30, 30 + rng.random()), user="", db="", app=""))
for t in rng.times(START, END, 0.3):
    npid = rng.randint(30000, 39999)
    db.add(t, pgline(t, npid, "ERROR", 'duplicate key value violates unique constraint "search_synonyms_pkey"', user="synonym_job", db="catalog", app="psql")
           + "\n" + pgline(t, npid, "DETAIL", "Key (term)=(akkuschrauber) already exists.", user="synonym_job", db="catalog", app="psql"))
for m in range(2, 54, 10):
    t = START + timedelta(minutes=m, seconds=40)
    npid = rng.randint(30000, 39999)
    db.add(t, pgline(t, npid, "FATAL", 'password authentication failed for user "grafana_ro"', user="grafana_ro", db="catalog", app="[unknown]")
           + "\n" + pgline(t, npid, "DETAIL", "Connection matched file \"/etc/postgresql/pg_hba.conf\" line 14: \"host all all 10.0.0.0/8 scram-sha-256\"", user="grafana_ro", db="catalog", app="[unknown]"))
for m in range(0, 54, 4):
    t = START + timedelta(minutes=m, seconds=20)
    ci.add(t, lb(t, "INFO", "metrics-1", "c.a.catalog.index.IndexStats", "indexed %d documents in last 4m, DLT size %d" % (rng.randint(8, 16), 0 if t < RUN else len([e for e in ci.entries if "publishing to product-changes.DLT" in e[2] and e[0] < t]))))

d = reset_logs(CASE)
si.write(d + "/supplier-feed-import.jsonl")
ci.write(d + "/catalog-indexer.log")
db.write(d + "/catalog-db.log")
labels = {"alertname": "CatalogIndexerDeadLetters", "service": "catalog-indexer", "namespace": "catalog", "severity": "high", "env": "prod"}
write_json(d + "/../alert.json", alertmanager("catalog-oncall", labels,
                                              {"summary": "catalog-indexer: 212 records sent to product-changes.DLT in 15m",
                                               "description": "dead-letter rate above 5/min; new products may be missing from search"},
                                              dt("2026-05-20T05:46:00"), "sum%28increase%28spring_kafka_dlt_published_total%7Bservice%3D%22catalog-indexer%22%7D%5B15m%5D%29%29+%3E+50",
                                              "93a7c5e1d0b4f826"))
finish(CASE, {
    "root_cause": {"service": "supplier-feed-import", "component": "import run 5521 (kestrel-tools feed now UTF-16LE, decoded as UTF-8 with strict_text=false, NULs kept)",
                   "error_type": None, "file": None},
    "category": "data",
    "symptoms": [{"service": "catalog-db", "error_type": None},
                 {"service": "catalog-indexer", "error_type": "DataIntegrityViolationException"}],
    "why": "Kestrel Tools' feed arrived as UTF-16LE (twice the usual size); the 05:30 supplier-feed-import run decoded it as UTF-8, warned that all 2311 rows contain U+0000 and still published them. PostgreSQL rejects text containing 0x00, so every Kestrel product that catalog-indexer upserts fails (PSQLException, DataIntegrityViolationException) and goes to the dead-letter topic after retries; catalog-db's per-attempt errors are the loudest. The bad data came from the import.",
})
