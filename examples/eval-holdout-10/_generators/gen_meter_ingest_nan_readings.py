#!/usr/bin/env python3
"""meter-ingest-nan-readings

From 06:41 smart meters on the vendor's firmware 4.2.0 (rolled out over the air overnight) send
`"reading_kwh":"NaN"` when a clamp saturates. meter-ingest (JSONL) accepts the string decimal and
publishes it to `meter-readings`, warning "non-finite reading forwarded". billing-rater (Spring
Kafka) fails `new BigDecimal("NaN")` with NumberFormatException wrapped in RatingException, and its
error handler redelivers each bad record four times before sending it to the DLT (the loudest);
the partition stalls meanwhile and lag grows. usage-dashboard (Node) skips the non-finite values.
Noise: meter-ingest clock-drift warnings and an older duplicate-reading ERROR, billing-rater tariff
cache warnings, usage-dashboard session errors and a flaky readiness check.
Generic alert on billing-rater.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, spring, jstack, node_line,
                    generic_alert)

CASE = "meter-ingest-nan-readings"
rng = Rng(20260703)
START, END = dt("2026-07-03T06:24:00"), dt("2026-07-03T07:04:00")
NAN_FROM = dt("2026-07-03T06:41:10")
mi, br, ud = LogFile(), LogFile(), LogFile()
DEP = {"version": "3.8.2", "commit": "d07a5e1"}
FW = ["4.1.7", "4.1.7", "4.1.7", "4.2.0"]
offset = {p: rng.randint(8_000_000, 9_000_000) for p in range(6)}

# meter-ingest publishes batches; a batch from firmware 4.2.0 meters may carry NaN readings
bad_records = []
for t in rng.times(START, END, 14):
    part = rng.randint(0, 5)
    n = rng.randint(40, 260)
    fw = rng.choice(FW)
    gw = "gw-%03d" % rng.randint(1, 180)
    nan = 0
    if fw == "4.2.0" and t >= NAN_FROM and rng.random() < 0.45:
        nan = rng.randint(1, 2)
    first = offset[part]
    offset[part] += n
    if rng.random() < 0.3 or nan:
        mi.add(t, jrec(t, "INFO", "meter-ingest", "batch published to meter-readings-%d offsets %d-%d" % (part, first, first + n - 1), component="ingest.publisher",
                       deploy=DEP, attrs={"gateway": gw, "records": n, "firmware": fw}))
    for k in range(nan):
        meter = "MTR-%08d" % rng.randint(10 ** 7, 10 ** 8 - 1)
        off = first + rng.randint(0, n - 1)
        tw = t + timedelta(milliseconds=1 + k)
        mi.add(tw, jrec(tw, "WARN", "meter-ingest", "non-finite reading forwarded as received: reading_kwh=\"NaN\" meter=%s" % meter, component="ingest.validator",
                        deploy=DEP, attrs={"gateway": gw, "firmware": fw, "register": "1.8.0", "topic": "meter-readings", "partition": part, "offset": off}))
        bad_records.append((tw + timedelta(milliseconds=rng.randint(40, 300)), part, off, meter))

FRAMES = ["java.base/java.math.BigDecimal.<init>(BigDecimal.java:608)",
          "java.base/java.math.BigDecimal.<init>(BigDecimal.java:497)",
          "java.base/java.math.BigDecimal.<init>(BigDecimal.java:903)",
          "com.acme.rating.ReadingMapper.toKwh(ReadingMapper.java:41)"]
# billing-rater: four deliveries per bad record (FixedBackOff 2 s, 3 retries), then the DLT
busy_until = {p: START for p in range(6)}
for t, part, off, meter in sorted(bad_records):
    t = max(t, busy_until[part])
    for a in range(1, 5):
        ta = t + timedelta(seconds=2 * (a - 1), milliseconds=rng.randint(3, 40))
        br.add(ta, spring(ta, "ERROR", "billing-rater", None, None, "rater-%d-C-1" % part, "c.a.rating.ReadingListener",
                          "rating failed topic=meter-readings partition=%d offset=%d meter=%s producer=meter-ingest delivery=%d" % (part, off, meter, a)) + "\n" +
               jstack([("com.acme.rating.RatingException", "cannot rate reading of %s register 1.8.0" % meter,
                        ["com.acme.rating.RatingService.rate(RatingService.java:77)", "com.acme.rating.ReadingListener.onReading(ReadingListener.java:52)"]),
                       ("java.lang.NumberFormatException", "Character N is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark.",
                        FRAMES)]))
    te = t + timedelta(seconds=6, milliseconds=rng.randint(60, 90))
    br.add(te, spring(te, "ERROR", "billing-rater", None, None, "rater-%d-C-1" % part, "o.s.k.l.DefaultErrorHandler",
                      "Backoff FixedBackOff{interval=2000, currentAttempts=4, maxAttempts=3} exhausted for meter-readings-%d@%d" % (part, off)) + "\n" +
           jstack([("org.springframework.kafka.listener.ListenerExecutionFailedException", "Listener method 'public void com.acme.rating.ReadingListener.onReading(com.acme.rating.Reading)' threw exception",
                    ["org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.decorateException(KafkaMessageListenerContainer.java:2996)"]),
                   ("com.acme.rating.RatingException", "cannot rate reading of %s register 1.8.0" % meter, ["com.acme.rating.RatingService.rate(RatingService.java:77)"])]))
    br.add(te + timedelta(milliseconds=4), spring(te + timedelta(milliseconds=4), "WARN", "billing-rater", None, None, "rater-%d-C-1" % part, "c.a.rating.DltPublisher",
                                                  "record meter-readings-%d@%d sent to meter-readings.DLT" % (part, off)))
    busy_until[part] = te + timedelta(milliseconds=5)
    ud.add(t + timedelta(milliseconds=rng.randint(100, 900)), node_line(t + timedelta(milliseconds=rng.randint(100, 900)), "warn",
                                                                         "skipping non-finite reading meter=%s value=NaN partition=%d offset=%d" % (meter, part, off)))
# lag and normal rating
for m in range(40):
    t = START + timedelta(minutes=m, seconds=30)
    stalled = sum(1 for tb, _p, _o, _m in bad_records if tb <= t) if t >= NAN_FROM else 0
    lag = rng.randint(200, 900) + int(stalled * rng.randint(1900, 2300))
    br.add(t, spring(t, "INFO" if lag < 20000 else "WARN", "billing-rater", None, None, "lag-monitor", "c.a.rating.LagMonitor",
                     "consumer group billing-rater lag=%d records (meter-readings, 6 partitions)" % lag))
for t in rng.times(START, END, 5):
    br.add(t, spring(t, "INFO", "billing-rater", None, None, "rater-%d-C-1" % rng.randint(0, 5), "c.a.rating.RatingService",
                     "rated batch records=%d tariff=%s" % (rng.randint(40, 260), rng.choice(["HT-2026", "NT-2026", "DYN-15"]))))
for t in rng.times(START, END, 3):
    ud.add(t, node_line(t, "info", "GET /api/usage/%s 200 %dms" % ("MTR-%08d" % rng.randint(10 ** 7, 10 ** 8 - 1), rng.randint(30, 220))))

# noise
for t in rng.times(START, END, 0.8):
    mi.add(t, jrec(t, "WARN", "meter-ingest", "gateway clock drift %ds, using receive time" % rng.randint(31, 240), component="ingest.clock", deploy=DEP,
                   attrs={"gateway": "gw-%03d" % rng.randint(1, 180)}))
for t in rng.times(START, END, 0.5):
    mi.add(t, jrec(t, "ERROR", "meter-ingest", "duplicate reading rejected for MTR-%08d (same register and timestamp)" % rng.randint(10 ** 7, 10 ** 8 - 1), component="ingest.dedup",
                   error_type="ingest.DuplicateReadingError", deploy=DEP))
for t in rng.times(START, END, 0.6):
    br.add(t, spring(t, "WARN", "billing-rater", None, None, "tariff-refresh", "c.a.rating.TariffCache", "tariff cache refresh took %dms (>500ms)" % rng.randint(520, 1300)))
for t in rng.times(START, END, 0.4):
    ud.add(t, node_line(t, "error", "session lookup failed: Error: invalid signature on session cookie (rotated secret?) sid=%s" % rng.alnum(10)))
for m in range(40):
    if rng.random() < 0.08:
        t = START + timedelta(minutes=m, seconds=50)
        ud.add(t, node_line(t, "warn", "readiness: kafka consumer heartbeat late by %dms" % rng.randint(3000, 9000)))

d = reset_logs(CASE)
br.write(d + "/billing-rater.log")
mi.write(d + "/meter-ingest.jsonl")
ud.write(d + "/usage-dashboard.log")
write_json(d + "/../alert.json", generic_alert("billing-rater", "billing-rater consumer lag above 20k records", "high",
           "billing-rater-consumer-lag", dt("2026-07-03T06:52:00"), {"team": "billing", "env": "production", "topic": "meter-readings", "consumer_group": "billing-rater"}))
finish(CASE, {
    "root_cause": {"service": "meter-ingest", "component": "ingest.validator forwards non-finite readings (reading_kwh \"NaN\" from firmware 4.2.0 meters)",
                   "error_type": None, "file": None},
    "category": "data",
    "symptoms": [{"service": "billing-rater", "error_type": "RatingException"}, {"service": "usage-dashboard", "error_type": None}],
    "why": "From 06:41 meters on firmware 4.2.0 send reading_kwh \"NaN\" and meter-ingest forwards them to meter-readings (its own warnings name meter, partition and offset); every billing-rater failure (NumberFormatException under RatingException, four deliveries then the DLT) is one of those records, and the stalled partitions make the lag alert fire.",
})
