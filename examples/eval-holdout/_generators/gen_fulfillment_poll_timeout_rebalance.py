#!/usr/bin/env python3
"""fulfillment-poll-timeout-rebalance

fulfillment-worker (Java, Spring Kafka, 2 pods) consumes orders.paid (12 partitions, group
fulfillment-worker, max.poll.records=200, max.poll.interval.ms=300000), renders a packing slip
and reserves stock in warehouse-api for each order, and commits after each poll. Release 3.4.0
(rolled out 10:00) renders the packing slip PDF in-process for every order instead of asking
the print bridge: ~1.6 s per record instead of ~0.06 s. At normal traffic polls return a dozen
records and nothing shows; the 10:15 newsletter spike builds a backlog, the first full
200-record poll takes ~320 s, the heartbeat thread leaves the group at 300 s ("consumer poll
timeout has expired"), the commit fails with CommitFailedException, the consumer rejoins and is
handed the same uncommitted 200 records again - forever. Every replay re-reserves orders that
are already reserved: warehouse-api logs a DuplicateReservationError per order (the loudest
errors, and the alert), while lag grows. Noise: an old SFTP feed error in warehouse-api, broker
housekeeping, a flaky probe of an unrelated pod, readiness probe failures during the rollout.
No trace ids (async pipeline); warehouse-api as JSONL, kafka server.log, logback, k8s events.
"""
import os
import sys
from datetime import timedelta

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from casegen import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish,
                     logback, iso_s, jrec)

CASE = "fulfillment-poll-timeout-rebalance"
rng = Rng(20250218)

START = dt("2025-02-18T09:25:00")
END = dt("2025-02-18T11:08:00")
ROLLOUT = dt("2025-02-18T10:00:12")
SPIKE = (dt("2025-02-18T10:15:00"), dt("2025-02-18T10:29:00"))

fw = LogFile()    # fulfillment-worker
wh = LogFile()    # warehouse-api (jsonl)
kb = LogFile()    # kafka-1 server.log
ev = LogFile()    # k8s events

OLD = ["fulfillment-worker-6b7f9d5c8-lq2vn", "fulfillment-worker-6b7f9d5c8-t9xkd"]
NEW = ["fulfillment-worker-85c4d7b6f9-m4wzp", "fulfillment-worker-85c4d7b6f9-rj7hs"]
PARTS = [list(range(0, 6)), list(range(6, 12))]
COORD = "kafka-1.kafka-headless.data.svc:9092 (id: 2147483646 rack: eu-west-1a)"


def lbk(t, level, pod, thread, logger, msg):
    return "%s %5s 1 --- [%s] [%15s] %-40s : %s" % (logback(t), level, pod, thread[-15:], logger[-40:], msg)


def kafka(t, level, msg, cls):
    s = t.strftime("%Y-%m-%d %H:%M:%S,") + "%03d" % (t.microsecond // 1000)
    kb.add(t, "[%s] %s %s (%s)" % (s, level, msg, cls))


def event(t, typ, reason, obj, msg):
    ev.add(t, "%s  %-7s  %-22s %-48s %s" % (iso_s(t), typ, reason, obj, msg))


def wlog(t, level, msg, **kw):
    wh.add(t, jrec(t, level, "warehouse-api", msg, **kw))


# ---- incoming orders (per consumer half of the partitions) ----------------------------------
def rate(t):
    if SPIKE[0] <= t < SPIKE[1]:
        return 150.0
    return 22.0


arrivals = []
t = START - timedelta(minutes=2)
while t < END:
    nxt = t + timedelta(seconds=rng.expovariate(rate(t) / 60.0))
    arrivals.append(nxt)
    t = nxt
order_ids = [8812000 + i * 3 + rng.randint(0, 2) for i in range(len(arrivals))]
queues = [[], []]
for i, (ta, oid) in enumerate(zip(arrivals, order_ids)):
    queues[rng.randint(0, 1)].append((ta, oid))

reserved = set()
gen = [41]
members = {}


def member_id(c):
    return "consumer-fulfillment-worker-1-%s" % members[c]


def new_member(c):
    members[c] = "%s-%s-%s-%s-%s" % (rng.hex(8), rng.hex(4), rng.hex(4), rng.hex(4), rng.hex(12))


def rebalance(t, c, reason, client_reason):
    kafka(t, "INFO", "[GroupCoordinator 1]: Preparing to rebalance group fulfillment-worker in state PreparingRebalance with old generation %d (__consumer_offsets-31) (reason: %s; client reason: %s)"
          % (gen[0], reason, client_reason), "kafka.coordinator.group.GroupCoordinator")
    gen[0] += 1
    t2 = t + timedelta(milliseconds=rng.randint(2500, 3200))
    kafka(t2, "INFO", "[GroupCoordinator 1]: Stabilized group fulfillment-worker generation %d (__consumer_offsets-31) with 2 members" % gen[0],
          "kafka.coordinator.group.GroupCoordinator")
    kafka(t2 + timedelta(milliseconds=12), "INFO", "[GroupCoordinator 1]: Assignment received from leader %s for group fulfillment-worker for generation %d. The group has 2 members, 0 of which are static."
          % (member_id(0), gen[0]), "kafka.coordinator.group.GroupCoordinator")
    return t2


def joined(t, c, pod):
    thr = "ntainer#0-0-C-1"
    fw.add(t, lbk(t, "INFO", pod, thr, "o.a.k.c.c.internals.ConsumerCoordinator",
                  "[Consumer clientId=consumer-fulfillment-worker-1, groupId=fulfillment-worker] Successfully joined group with generation Generation{generationId=%d, memberId='%s', protocol='range'}"
                  % (gen[0], member_id(c))))
    parts = ", ".join("orders.paid-%d" % p for p in PARTS[c])
    fw.add(t, lbk(t, "INFO", pod, thr, "o.a.k.c.c.internals.ConsumerCoordinator",
                  "[Consumer clientId=consumer-fulfillment-worker-1, groupId=fulfillment-worker] Notifying assignor about the new Assignment(partitions=[%s])" % parts))
    fw.add(t, lbk(t, "INFO", pod, thr, "o.s.k.l.KafkaMessageListenerContainer", "fulfillment-worker: partitions assigned: [%s]" % parts))


def startup(t, pod, version, c):
    thr = "main"
    fw.add(t, lbk(t, "INFO", pod, thr, "c.a.fulfillment.FulfillmentWorkerApplication", "Starting FulfillmentWorkerApplication v%s using Java 21.0.5 with PID 1" % version))
    t += timedelta(milliseconds=rng.randint(3000, 4200))
    cfg = ["ConsumerConfig values: ", "\tallow.auto.create.topics = true", "\tauto.commit.interval.ms = 5000", "\tauto.offset.reset = earliest",
           "\tbootstrap.servers = [kafka-0.kafka-headless.data.svc:9092, kafka-1.kafka-headless.data.svc:9092, kafka-2.kafka-headless.data.svc:9092]",
           "\tclient.id = consumer-fulfillment-worker-1", "\tenable.auto.commit = false", "\tfetch.max.wait.ms = 500", "\tgroup.id = fulfillment-worker",
           "\theartbeat.interval.ms = 3000", "\tisolation.level = read_committed", "\tmax.partition.fetch.bytes = 1048576",
           "\tmax.poll.interval.ms = 300000", "\tmax.poll.records = 200", "\tpartition.assignment.strategy = [class org.apache.kafka.clients.consumer.RangeAssignor]",
           "\tsession.timeout.ms = 45000", "\tvalue.deserializer = class org.springframework.kafka.support.serializer.JsonDeserializer"]
    fw.add(t, lbk(t, "INFO", pod, thr, "o.a.k.clients.consumer.ConsumerConfig", "\n".join(cfg)))
    fw.add(t, lbk(t, "INFO", pod, thr, "o.a.kafka.common.utils.AppInfoParser", "Kafka version: 3.7.1"))
    if version.startswith("3.4"):
        fw.add(t, lbk(t, "INFO", pod, thr, "c.a.f.slip.PackingSlipRenderer", "packing slips: rendering in-process (OpenPDF 2.0.3, template packing-slip-v5.xml, fonts embedded)"))
    else:
        fw.add(t, lbk(t, "INFO", pod, thr, "c.a.f.slip.PackingSlipClient", "packing slips: delegating to print-bridge http://print-bridge.warehouse.svc:8080"))
    t += timedelta(milliseconds=rng.randint(400, 900))
    fw.add(t, lbk(t, "INFO", pod, thr, "c.a.fulfillment.FulfillmentWorkerApplication", "Started FulfillmentWorkerApplication in %.3f seconds (process running for %.3f)" % (rng.uniform(7, 9), rng.uniform(8, 10))))
    return t


# ---- consumers ---------------------------------------------------------------------------
events_done = []


def run_consumer(c):
    q = queues[c]
    committed = 0        # index into q
    pod = OLD[c]
    new_member(c)
    t = START + timedelta(seconds=rng.uniform(1, 4))
    thr = "ntainer#0-0-C-1"
    switched = False
    last_status = t
    while t < END:
        if not switched and t >= ROLLOUT + timedelta(seconds=20 + 35 * c):
            # rolling update: old pod stops, new pod starts and rejoins
            fw.add(t, lbk(t, "INFO", pod, "ionShutdownHook", "o.s.k.l.KafkaMessageListenerContainer", "fulfillment-worker: partitions revoked: [%s]" % ", ".join("orders.paid-%d" % p for p in PARTS[c])))
            fw.add(t, lbk(t, "INFO", pod, "ionShutdownHook", "o.a.k.c.c.internals.ConsumerCoordinator",
                          "[Consumer clientId=consumer-fulfillment-worker-1, groupId=fulfillment-worker] Member %s sending LeaveGroup request to coordinator %s due to the consumer is being closed" % (member_id(c), COORD)))
            event(t, "Normal", "Killing", "pod/%s" % pod, "Stopping container fulfillment-worker")
            pod = NEW[c]
            switched = True
            ts = t - timedelta(seconds=6)
            event(ts, "Normal", "Scheduled", "pod/%s" % pod, "Successfully assigned fulfillment/%s to ip-10-2-%d-%d.eu-west-1.compute.internal" % (pod, 3 + c, rng.randint(10, 200)))
            event(ts + timedelta(seconds=1), "Normal", "Pulled", "pod/%s" % pod, 'Container image "registry.acme.internal/fulfillment-worker:3.4.0" already present on machine')
            event(ts + timedelta(seconds=1), "Normal", "Started", "pod/%s" % pod, "Started container fulfillment-worker")
            ts2 = startup(ts + timedelta(seconds=2), pod, "3.4.0", c)
            event(ts + timedelta(seconds=5), "Warning", "Unhealthy", "pod/%s" % pod, "Readiness probe failed: Get \"http://10.2.%d.%d:8081/actuator/health/readiness\": dial tcp 10.2.%d.%d:8081: connect: connection refused" % (3 + c, 40 + c, 3 + c, 40 + c))
            t = max(t, ts2)
            rebalance(t, c, "removing member %s on LeaveGroup" % member_id(c), "the consumer is being closed")
            new_member(c)
            t2 = rebalance(t + timedelta(seconds=1), c, "Adding new member %s with group instance id None" % member_id(c), "need to re-join with the given member-id: %s" % member_id(c))
            t = t2
            joined(t, c, pod)
        per = 0.06 if not switched else 1.6
        avail = [x for x in q[committed:] if x[0] <= t]
        if not avail:
            t += timedelta(milliseconds=500)
            continue
        batch = avail[:200]
        n = len(batch)
        start = t
        elapsed = 0.0
        dup = 0
        for k, (ta, oid) in enumerate(batch):
            cost = rng.uniform(0.8, 1.2) * per
            elapsed += cost
            tt = start + timedelta(seconds=elapsed)
            if oid in reserved:
                dup += 1
                wlog(tt, "ERROR", "reserve stock for order %d failed: reservation already exists" % oid, component="reservations",
                     error_type="DuplicateReservationError",
                     attrs={"order_id": oid, "existing_reservation": "rsv_%d" % (oid * 7 % 1000003), "http_status": 409, "caller": "fulfillment-worker/3.4.0",
                            "sql_error": "duplicate key value violates unique constraint \"stock_reservations_order_id_key\""})
            else:
                reserved.add(oid)
            if switched and n >= 50 and (k + 1) % 50 == 0 and k + 1 < n:
                fw.add(tt, lbk(tt, "INFO", pod, thr, "c.a.fulfillment.OrderPaidListener",
                               "batch progress %d/%d records, elapsed %.1fs (avg %.2fs/record, packing slip render avg %.2fs)" % (k + 1, n, elapsed, elapsed / (k + 1), elapsed / (k + 1) - 0.05)))
            if switched and elapsed > 300 and elapsed - cost <= 300:
                tk = start + timedelta(seconds=300, milliseconds=rng.randint(0, 900))
                fw.add(tk, lbk(tk, "WARN", pod, "t-fulfillment-worker", "o.a.k.c.c.internals.ConsumerCoordinator",
                               "[Consumer clientId=consumer-fulfillment-worker-1, groupId=fulfillment-worker] consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records."))
                fw.add(tk, lbk(tk, "INFO", pod, "t-fulfillment-worker", "o.a.k.c.c.internals.ConsumerCoordinator",
                               "[Consumer clientId=consumer-fulfillment-worker-1, groupId=fulfillment-worker] Member %s sending LeaveGroup request to coordinator %s due to consumer poll timeout has expired." % (member_id(c), COORD)))
                rebalance(tk + timedelta(milliseconds=3), c, "Removing member %s on LeaveGroup" % member_id(c), "consumer poll timeout has expired.")
        te = start + timedelta(seconds=elapsed)
        lag = len([x for x in q[committed:] if x[0] <= te])
        if switched and elapsed > 300:
            fw.add(te, lbk(te, "ERROR", pod, thr, "o.s.k.l.KafkaMessageListenerContainer",
                           "Consumer exception") + "\n" + CFE)
            fw.add(te, lbk(te, "INFO", pod, thr, "o.a.k.c.c.internals.ConsumerCoordinator",
                           "[Consumer clientId=consumer-fulfillment-worker-1, groupId=fulfillment-worker] Request joining group due to: consumer pro-actively leaving the group"))
            new_member(c)
            t2 = rebalance(te + timedelta(milliseconds=rng.randint(300, 900)), c,
                           "Adding new member %s with group instance id None" % member_id(c),
                           "need to re-join with the given member-id: %s" % member_id(c))
            joined(t2, c, pod)
            fw.add(t2, lbk(t2, "INFO", pod, thr, "o.a.k.c.c.internals.ConsumerCoordinator",
                           "[Consumer clientId=consumer-fulfillment-worker-1, groupId=fulfillment-worker] Setting offset for partition orders.paid-%d to the committed offset FetchPosition{offset=%d, offsetEpoch=Optional[17], currentLeader=LeaderAndEpoch{leader=Optional[kafka-%d.kafka-headless.data.svc:9092 (id: %d rack: eu-west-1a)], epoch=17}}"
                           % (PARTS[c][0], 401200 + committed // 6, (c + 1) % 3, (c + 1) % 3)))
            t = t2 + timedelta(milliseconds=rng.randint(200, 600))
        else:
            committed += n
            if n >= 20 or (te - last_status).total_seconds() > 60:
                fw.add(te, lbk(te, "INFO", pod, thr, "c.a.fulfillment.OrderPaidListener",
                               "batch done: %d records in %.1fs (%d reserved, %d duplicates skipped), committed, lag=%d" % (n, elapsed, n - dup, dup, lag - n)))
                last_status = te
            t = te + timedelta(milliseconds=rng.randint(5, 60))


CFE = """org.apache.kafka.clients.consumer.CommitFailedException: Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; it is likely that the consumer was kicked out of the group.
	at org.apache.kafka.clients.consumer.internals.ConsumerCoordinator.sendOffsetCommitRequest(ConsumerCoordinator.java:1351)
	at org.apache.kafka.clients.consumer.internals.ConsumerCoordinator.commitOffsetsSync(ConsumerCoordinator.java:1188)
	at org.apache.kafka.clients.consumer.internals.LegacyKafkaConsumer.commitSync(LegacyKafkaConsumer.java:1012)
	at org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doCommitSync(KafkaMessageListenerContainer.java:3309)
	at org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.commitSync(KafkaMessageListenerContainer.java:3304)
	at org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.commitIfNecessary(KafkaMessageListenerContainer.java:3290)
	at org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.processCommits(KafkaMessageListenerContainer.java:3088)
	at org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.pollAndInvoke(KafkaMessageListenerContainer.java:1551)
	at org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.run(KafkaMessageListenerContainer.java:1410)
	at java.base/java.util.concurrent.CompletableFuture$AsyncRun.run(CompletableFuture.java:1804)
	at java.base/java.lang.Thread.run(Thread.java:1583)"""

for c in (0, 1):
    run_consumer(c)

# ---- warehouse-api background ------------------------------------------------------------
t = START + timedelta(seconds=rng.randint(0, 59))
while t < END:
    wlog(t, "INFO", "http stats window=60s", component="http",
         attrs={"requests": rng.randint(90, 140), "p99_ms": rng.randint(40, 90), "status_5xx": 0})
    t += timedelta(seconds=60)
t = START + timedelta(minutes=7, seconds=13)
while t < END:  # supplier stock feed, broken since a key rotation last week
    wlog(t, "ERROR", "supplier stock feed sync failed: ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey], no supported methods remain",
         component="feeds.sftp", attrs={"supplier": "nordlager", "host": "sftp.nordlager.example:22", "consecutive_failures": 600 + int((t - START).total_seconds() // 900)})
    t += timedelta(minutes=15)
for t in rng.times(START, END, 1 / 6.0):
    wlog(t, "WARN", "slow query", component="db", attrs={"query": "stock_levels_by_location", "duration_ms": rng.randint(520, 1900)})

# ---- broker housekeeping -----------------------------------------------------------------
for t in rng.times(START, END, 1 / 4.0):
    tp = rng.choice(["orders.created", "payments.events", "inventory.snapshots", "clickstream.raw"])
    kafka(t, "INFO", "[LocalLog partition=%s-%d, dir=/var/lib/kafka/data] Deleting segment files LogSegment(baseOffset=%d, size=%d, lastModifiedTime=%d, largestRecordTimestamp=%d)"
          % (tp, rng.randint(0, 11), rng.randint(10**6, 9 * 10**7), rng.randint(10**8, 10**9), 1739800000000 + rng.randint(0, 10**7), 1739800000000 + rng.randint(0, 10**7)), "kafka.log.LocalLog$")
for t in rng.times(START, END, 1 / 11.0):
    kafka(t, "WARN", "[SocketServer listenerType=BROKER, nodeId=1] Unexpected error from /10.2.7.%d (channelId=10.2.4.11:9092-10.2.7.%d-%d); closing connection" % (rng.randint(2, 250), rng.randint(2, 250), rng.randint(1, 400)),
          "org.apache.kafka.common.network.Selector")
for t in rng.times(START, END, 1 / 9.0):
    kafka(t, "INFO", "[GroupCoordinator 1]: Member analytics-sink-%s in group analytics-sink has left, removing it from the group" % rng.hex(6), "kafka.coordinator.group.GroupCoordinator")

# flaky liveness probe on an unrelated pod
for t in rng.times(START, END, 1 / 8.0):
    event(t, "Warning", "Unhealthy", "pod/label-printer-bridge-7d9f6c8b5-8hx2w", "Liveness probe failed: Get \"http://10.2.5.77:9000/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)")
event(ROLLOUT, "Normal", "ScalingReplicaSet", "deployment/fulfillment-worker", "Scaled up replica set fulfillment-worker-85c4d7b6f9 to 1")
event(ROLLOUT + timedelta(seconds=55), "Normal", "ScalingReplicaSet", "deployment/fulfillment-worker", "Scaled down replica set fulfillment-worker-6b7f9d5c8 to 0 from 1")

# ---- write ---------------------------------------------------------------------------------
for lf in (fw, wh, kb, ev):
    lf.entries = [e for e in lf.entries if e[0] < END]
logs = reset_logs(CASE)
fw.write(os.path.join(logs, "fulfillment-worker.log"))
kb.write(os.path.join(logs, "kafka-1.server.log"))
ev.write(os.path.join(logs, "k8s-events.log"))
wh.write(os.path.join(logs, "warehouse-api.jsonl"))

write_json(os.path.join(case_dir(CASE), "alert.json"), {
    "receiver": "fulfilment-oncall",
    "status": "firing",
    "version": "4",
    "groupKey": "{}:{alertname=\"WarehouseApiErrorLogRate\"}",
    "truncatedAlerts": 0,
    "alerts": [{
        "status": "firing",
        "labels": {"alertname": "WarehouseApiErrorLogRate", "service": "warehouse-api", "namespace": "warehouse",
                   "severity": "high", "env": "prod", "team": "fulfilment"},
        "annotations": {"summary": "warehouse-api: 84 error logs/min (threshold 10)",
                        "description": "ERROR records from warehouse-api above threshold for 10m; top component: reservations"},
        "startsAt": "2025-02-18T10:38:30Z",
        "endsAt": "0001-01-01T00:00:00Z",
        "generatorURL": "http://prometheus.monitoring:9090/graph?g0.expr=sum%28rate%28log_records_total%7Bservice%3D%22warehouse-api%22%2Clevel%3D%22ERROR%22%7D%5B5m%5D%29%29",
        "fingerprint": "9d3c61a0e4b27f58",
    }],
    "groupLabels": {"alertname": "WarehouseApiErrorLogRate"},
    "commonLabels": {"alertname": "WarehouseApiErrorLogRate", "service": "warehouse-api", "severity": "high", "env": "prod"},
    "commonAnnotations": {"summary": "warehouse-api: 84 error logs/min (threshold 10)"},
    "externalURL": "http://alertmanager.monitoring:9093",
})

finish(CASE, {
    "root_cause": {
        "service": "fulfillment-worker",
        "component": "release 3.4.0 PackingSlipRenderer (in-process PDF rendering, ~1.6 s per record) with max.poll.records=200 against max.poll.interval.ms=300000",
        "error_type": "CommitFailedException",
        "file": None,
    },
    "category": "deploy",
    "symptoms": [
        {"service": "warehouse-api", "error_type": "DuplicateReservationError"},
        {"service": "kafka-1", "error_type": None},
    ],
    "why": "fulfillment-worker 3.4.0 renders packing slips in-process, ~1.6 s per order; once the 10:15 order spike fills a 200-record poll, processing takes ~320 s, longer than max.poll.interval.ms (300 s), so each consumer is expelled, its commit fails (CommitFailedException) and it re-reads the same uncommitted batch after every rebalance. Nothing is committed and every replay re-reserves the same orders, which warehouse-api logs as DuplicateReservationError; roll back 3.4.0 (or lower max.poll.records) and the group drains.",
})
