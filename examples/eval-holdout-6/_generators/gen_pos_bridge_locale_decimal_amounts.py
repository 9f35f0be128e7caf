#!/usr/bin/env python3
"""pos-bridge-locale-decimal-amounts

Store 0417 (Graz) is the pilot for POS firmware 5.2.0, installed overnight; it sends amounts as
locale-formatted strings ("12,50") instead of JSON numbers. pos-bridge accepts sales from all
stores and publishes them to Kafka pos.sales; its amount check is lenient (strict_amounts=false),
so it warns and forwards the raw value. ledger-consumer (Spring Kafka, retries a failed record
forever with a 30 s back-off) cannot deserialize the first 0417 sale (InvalidFormatException
inside ListenerExecutionFailedException, the loudest) and partition 3 of pos.sales stops; every
store hashed to that partition stops being booked. store-reporting-api serves stale store
totals and fails end-of-day checks for those stores. The other partitions are fine.
Noise: late terminal heartbeats, slow offset commits, a missing HUF rate error since yesterday,
a slow db ping in store-reporting-api.
Generic alert on ledger-consumer lag.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, spring, spring_err, logfmt,
                    generic_alert, uuid)

CASE = "pos-bridge-locale-decimal-amounts"
rng = Rng(20260609)
START, END = dt("2026-06-09T09:00:00"), dt("2026-06-09T09:56:00")
FIRST = dt("2026-06-09T09:12:41.317")
pb, lc, sr = LogFile(), LogFile(), LogFile()
STORES = ["%04d" % n for n in sorted(rng.sample(range(100, 999), 40))] + ["0417"]
PART = {s: (3 if s == "0417" else rng.randint(0, 5)) for s in STORES}
P3 = [s for s in STORES if PART[s] == 3]
offsets = {p: rng.randint(880000, 990000) for p in range(6)}
stuck_at = None
VERSION = {"version": "3.14.0", "commit": "5e2a9c1"}
CHAIN = lambda off, raw: [
    ("org.springframework.kafka.listener.ListenerExecutionFailedException", "Listener method 'public void com.acme.ledger.pos.PosSaleListener.onSale(com.acme.ledger.pos.PosSale)' threw exception",
     ["org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.decorateException(KafkaMessageListenerContainer.java:2958)",
      "org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeOnMessage(KafkaMessageListenerContainer.java:2871)"]),
    ("org.springframework.messaging.converter.MessageConversionException", "Cannot convert from [java.lang.String] to [com.acme.ledger.pos.PosSale] for GenericMessage [payload={\"store\":\"0417\",\"amount\":\"%s\",...}]" % raw,
     ["org.springframework.kafka.support.converter.JsonMessageConverter.extractAndConvertValue(JsonMessageConverter.java:137)"]),
    ("com.fasterxml.jackson.databind.exc.InvalidFormatException", "Cannot deserialize value of type `java.math.BigDecimal` from String \"%s\": not a valid representation\n at [Source: REDACTED; line: 1, column: 58] (through reference chain: com.acme.ledger.pos.PosSale[\"amount\"])" % raw,
     ["com.fasterxml.jackson.databind.exc.InvalidFormatException.from(InvalidFormatException.java:67)",
      "com.fasterxml.jackson.databind.deser.std.NumberDeserializers$BigDecimalDeserializer.deserialize(NumberDeserializers.java:1026)"])]

first_raw = None
for t in rng.times(START, END, 12):
    s = rng.choice(STORES[:-1]) if rng.random() > 0.06 else "0417"
    if s == "0417" and t < FIRST:
        s = STORES[0]
    if t >= FIRST and first_raw is None:
        s, t = "0417", FIRST
    p = PART[s]
    offsets[p] += 1
    sale = "S%s-%s" % (s, rng.alnum(8).upper())
    cents = rng.randint(150, 24000)
    tr = rng.hex(32)
    if s == "0417":
        raw = "%d,%02d" % (cents // 100, cents % 100)
        pb.add(t, jrec(t, "WARN", "pos-bridge", "amount '%s' is not a JSON number, forwarding raw value (strict_amounts=false)" % raw, component="ingest.validate",
                       trace_id=tr, span_id=rng.hex(16), attrs={"store": s, "firmware": "5.2.0", "sale": sale, "locale": "de-AT"}))
        if first_raw is None:
            first_raw = raw
            stuck_at = offsets[p]
    pb.add(t + timedelta(milliseconds=3), jrec(t + timedelta(milliseconds=3), "INFO", "pos-bridge", "published sale %s to pos.sales-%d@%d" % (sale, p, offsets[p]), component="publish",
                   trace_id=tr, span_id=rng.hex(16), attrs={"store": s, "firmware": "5.2.0" if s == "0417" else "5.1.3"}))
    if stuck_at is not None and p == 3:
        continue  # partition 3 does not move past the poison record
    te = t + timedelta(milliseconds=rng.randint(20, 200))
    lc.add(te, spring(te, "INFO", "ledger-consumer", tr, rng.hex(16), "ledger-pos-%d-C-1" % p, "c.a.ledger.pos.PosSaleListener",
                      "booked sale %s store=%s amount=%d.%02d offset=pos.sales-%d@%d" % (sale, s, cents // 100, cents % 100, p, offsets[p])))
# the stuck partition: the same record retried every 30 s
t = FIRST + timedelta(milliseconds=120)
k = 0
while t < END:
    k += 1
    lc.add(t, spring_err(t, "ERROR", "ledger-consumer", None, None, "ledger-pos-3-C-1", "o.s.k.l.KafkaMessageListenerContainer",
                         "Record in retry and not yet recovered: pos.sales-3@%d (attempt %d, back-off FixedBackOff{interval=30000, maxAttempts=unlimited})" % (stuck_at, k),
                         CHAIN(stuck_at, first_raw)))
    t += timedelta(seconds=30, milliseconds=rng.randint(0, 400))
# store reporting: managers refresh dashboards; partition-3 stores are stale, end-of-day checks fail
for t in rng.times(START, END, 7):
    s = rng.choice(STORES)
    stale = PART[s] == 3 and t > FIRST + timedelta(minutes=2)
    lag = int((t - FIRST).total_seconds()) if stale else rng.randint(0, 3)
    if stale and rng.random() < 0.45:
        sr.add(t, logfmt(t, "error", "store totals check failed", store=s, err="ledger totals behind POS by %ds (partition pos.sales-3 not advancing)" % lag, request_id=uuid(rng)))
    elif stale:
        sr.add(t, logfmt(t, "warn", "serving stale store totals", store=s, ledger_lag="%ds" % lag, request_id=uuid(rng)))
    else:
        sr.add(t, logfmt(t, "info", "GET /v1/stores/%s/totals 200" % s, duration="%dms" % rng.lognorm_ms(25), ledger_lag="%ds" % lag))
# noise
for t in rng.times(START, END, 1.0):
    pb.add(t, jrec(t, "WARN", "pos-bridge", "terminal heartbeat late by %ds" % rng.randint(31, 120), component="terminals", attrs={"store": rng.choice(STORES[:-1]), "terminal": "T%d" % rng.randint(1, 6)}))
for t in rng.times(START, END, 0.6):
    lc.add(t, spring(t, "WARN", "ledger-consumer", None, None, "ledger-pos-%d-C-1" % rng.randint(0, 5), "o.a.k.c.c.internals.ConsumerCoordinator",
                     "[Consumer clientId=ledger-consumer-1, groupId=ledger] Offset commit took %dms" % rng.randint(1000, 2400)))
for t in rng.times(START, END, 0.3):
    lc.add(t, spring(t, "ERROR", "ledger-consumer", None, None, "fx-refresh-1", "c.a.ledger.fx.FxRateService",
                     "FxRateMissingException: no HUF rate for 2026-06-09, booking with 2026-06-08 rate (failing since 2026-06-08T22:00Z)"))
for m in range(0, 56, 1):
    t = START + timedelta(minutes=m, seconds=44)
    if rng.random() < 0.07:
        sr.add(t, logfmt(t, "warn", "db ping slow", duration="%dms" % rng.randint(300, 900)))

d = reset_logs(CASE)
pb.write(d + "/pos-bridge.jsonl")
lc.write(d + "/ledger-consumer.log")
sr.write(d + "/store-reporting-api.log")
write_json(d + "/../alert.json", generic_alert("ledger-consumer", "consumer lag on pos.sales above 5000 records", "high",
           "ledger-consumer-lag-pos-sales", dt("2026-06-09T09:31:00"), {"team": "finance-platform", "env": "production", "topic": "pos.sales", "group": "ledger"}))
finish(CASE, {
    "root_cause": {"service": "pos-bridge", "component": "ingest.validate with strict_amounts=false forwards store 0417's locale-formatted amounts (POS firmware 5.2.0)",
                   "error_type": None, "file": None},
    "category": "data",
    "symptoms": [{"service": "ledger-consumer", "error_type": "InvalidFormatException"},
                 {"service": "store-reporting-api", "error_type": None}],
    "why": "Store 0417's new POS firmware sends amounts like \"12,50\"; pos-bridge only warns and publishes them, so ledger-consumer cannot deserialize the first one (InvalidFormatException) and, retrying forever, stops booking partition 3 of pos.sales; its repeated errors are the loudest and store totals go stale. The bad record was admitted by pos-bridge, not produced by a ledger bug.",
})
