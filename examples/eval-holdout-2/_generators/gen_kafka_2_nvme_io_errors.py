#!/usr/bin/env python3
"""kafka-2-nvme-io-errors

Three Kafka brokers; topic order-events has 12 partitions, replication factor 2 and
min.insync.replicas=2 (set last quarter "for durability"), producers use acks=all. At 03:12 the
NVMe data disk of kafka-2 starts failing (kernel nvme timeouts, blk I/O errors, XFS shuts the
filesystem down); the broker logs java.io.IOException from LogDirFailureChannel, stops serving
its only log dir and exits, and systemd keeps restarting it into the same I/O error. Every
partition with a replica on kafka-2 (8 of 12) now has an ISR of one, below min.insync.replicas:
kafka-1 and kafka-3 reject each produce request with NotEnoughReplicasException (logged at
ERROR per request, the loudest lines), order-api's producer retries and expires batches after
120 s, order-projector (Go) sees stalled partitions. Noise: a schema-registry lookup error in
order-projector since yesterday, log-cleaner chatter, chrony and cron on the host.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, lb, jl, alertmanager, iso_ms)

CASE = "kafka-2-nvme-io-errors"
rng = Rng(20250814)
START, END = dt("2025-08-14T02:40:00"), dt("2025-08-14T03:58:00")
DISK = dt("2025-08-14T03:12:07.318")
DOWN = dt("2025-08-14T03:12:31.904")

hj, k2, k1, k3, oa, op = (LogFile() for _ in range(6))


def kl(t, level, msg, cls):
    return "[%s,%03d] %s %s (%s)" % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, level, msg, cls)


def leader_isr(p, t):
    """(leader, isr) of order-events-p at time t; replicas: p%3==0 -> [1,2], 1 -> [2,3], 2 -> [3,1]"""
    reps = {0: [1, 2], 1: [2, 3], 2: [3, 1]}[p % 3]
    if t < DOWN:
        return reps[0], reps
    alive = [b for b in reps if b != 2]
    return alive[0], alive


# ---- kafka-2 host journal: the disk ---------------------------------------------------------
for m in range(0, 78, 5):
    t = START + timedelta(minutes=m, seconds=1)
    hj.add(t, jl(t, "kafka-2", "CRON[%d]" % (18000 + m), "(root) CMD (/usr/local/bin/kafka-du-report >/dev/null)"))
for t in rng.times(START, END, 0.1):
    hj.add(t, jl(t, "kafka-2", "chronyd[702]", "Selected source 169.254.169.123 (ntp)"))
seq = [(0, "nvme nvme1: I/O 412 QID 3 timeout, aborting"),
       (1.2, "nvme nvme1: Abort status: 0x0"),
       (31.0, "nvme nvme1: I/O 412 QID 3 timeout, reset controller"),
       (31.4, "nvme nvme1: controller is down; will reset: CSTS=0x3, PCI_STATUS=0x10"),
       (32.1, "blk_update_request: I/O error, dev nvme1n1, sector 1839472640 op 0x1:(WRITE) flags 0x8800 phys_seg 32 prio class 0"),
       (32.1, "blk_update_request: I/O error, dev nvme1n1, sector 1839473152 op 0x1:(WRITE) flags 0x8800 phys_seg 16 prio class 0"),
       (32.2, "XFS (nvme1n1): metadata I/O error in \"xfs_buf_ioend+0x1c4/0x3f0 [xfs]\" at daddr 0x6da40080 len 32 error 5"),
       (32.2, "XFS (nvme1n1): log I/O error -5"),
       (32.3, "XFS (nvme1n1): Filesystem has been shut down due to log error (0x2)."),
       (32.3, "XFS (nvme1n1): Please unmount the filesystem and rectify the problem(s).")]
base = DISK - timedelta(seconds=31)
for off, msg in seq:
    t = base + timedelta(seconds=off)
    hj.add(t, jl(t, "kafka-2", "kernel", msg))
restart = DOWN + timedelta(seconds=2)
n = 1
while restart < END:
    hj.add(restart, jl(restart, "kafka-2", "systemd[1]", "kafka.service: Main process exited, code=exited, status=1/FAILURE"))
    hj.add(restart, jl(restart, "kafka-2", "systemd[1]", "kafka.service: Failed with result 'exit-code'."))
    t = restart + timedelta(seconds=10)
    hj.add(t, jl(t, "kafka-2", "systemd[1]", "kafka.service: Scheduled restart job, restart counter is at %d." % n))
    hj.add(t, jl(t, "kafka-2", "systemd[1]", "Started kafka.service - Apache Kafka broker."))
    t2 = t + timedelta(seconds=6, milliseconds=rng.randint(0, 900))
    k2.add(t2, kl(t2, "INFO", "[KafkaServer id=2] starting", "kafka.server.KafkaServer"))
    k2.add(t2 + timedelta(milliseconds=800), kl(t2 + timedelta(milliseconds=800), "ERROR", "Failed to create or validate data directory /var/lib/kafka/data\njava.io.IOException: Input/output error\n"
                                               "\tat java.base/sun.nio.ch.FileDispatcherImpl.force0(Native Method)\n\tat java.base/sun.nio.ch.FileDispatcherImpl.force(FileDispatcherImpl.java:82)\n"
                                               "\tat org.apache.kafka.common.utils.Utils.flushDir(Utils.java:966)\n\tat kafka.log.LogManager.$anonfun$createAndValidateLogDirs$1(LogManager.scala:159)", "kafka.log.LogManager"))
    k2.add(t2 + timedelta(milliseconds=820), kl(t2 + timedelta(milliseconds=820), "ERROR", "Shutdown broker because none of the specified log dirs from /var/lib/kafka/data can be created or validated", "kafka.log.LogManager"))
    restart = t2 + timedelta(seconds=1) + timedelta(seconds=min(300, 10 * 2 ** min(n, 5)))
    n += 1

# ---- brokers ------------------------------------------------------------------------------
for m in range(0, 78, 4):
    for f, b in ((k1, 1), (k2, 2), (k3, 3)):
        t = START + timedelta(minutes=m, seconds=rng.randint(0, 59))
        if b == 2 and t > DOWN:
            continue
        f.add(t, kl(t, "INFO", "[kafka-log-cleaner-thread-0]: Log cleaner thread 0 cleaned log __consumer_offsets-%d (dirty section = [%d, %d])" % (rng.randint(0, 49), rng.randint(10 ** 6, 10 ** 7), rng.randint(10 ** 7, 10 ** 8)), "kafka.log.LogCleaner"))
k2.add(DISK, kl(DISK, "ERROR", "Error while appending records to order-events-4 in dir /var/lib/kafka/data\njava.io.IOException: Input/output error\n"
                "\tat java.base/sun.nio.ch.FileDispatcherImpl.write0(Native Method)\n\tat java.base/sun.nio.ch.FileChannelImpl.write(FileChannelImpl.java:285)\n"
                "\tat org.apache.kafka.common.record.MemoryRecords.writeFullyTo(MemoryRecords.java:92)\n\tat kafka.log.LogSegment.append(LogSegment.scala:158)\n"
                "\tat kafka.log.UnifiedLog.append(UnifiedLog.scala:969)", "kafka.server.LogDirFailureChannel"))
k2.add(DISK + timedelta(milliseconds=3), kl(DISK + timedelta(milliseconds=3), "WARN", "[ReplicaManager broker=2] Stopping serving replicas in dir /var/lib/kafka/data", "kafka.server.ReplicaManager"))
k2.add(DISK + timedelta(milliseconds=9), kl(DISK + timedelta(milliseconds=9), "ERROR", "Error while flushing log for order-events-1 in dir /var/lib/kafka/data with offset 90114 (exclusive) and recovery point 90102\njava.io.IOException: Input/output error\n"
                                            "\tat java.base/sun.nio.ch.FileDispatcherImpl.force0(Native Method)\n\tat kafka.log.LogSegment.flush(LogSegment.scala:476)", "kafka.server.LogDirFailureChannel"))
k2.add(DISK + timedelta(milliseconds=40), kl(DISK + timedelta(milliseconds=40), "WARN", "[ReplicaManager broker=2] Broker 2 stopped fetcher for partitions order-events-0,order-events-3,order-events-6,order-events-9 and stopped moving logs for partitions  because they are in the failed log directory /var/lib/kafka/data.", "kafka.server.ReplicaManager"))
k2.add(DOWN - timedelta(seconds=1), kl(DOWN - timedelta(seconds=1), "ERROR", "Shutdown broker because all log dirs in /var/lib/kafka/data have failed", "kafka.log.LogManager"))
for p in range(12):
    if p % 3 == 2:
        continue
    lead, _ = leader_isr(p, DOWN + timedelta(seconds=1))
    f = k1 if lead == 1 else k3
    t = DOWN + timedelta(seconds=rng.uniform(8, 11))
    if p % 3 == 1:
        f.add(t, kl(t, "INFO", "[Partition order-events-%d broker=3] order-events-%d starts at leader epoch %d from offset %d with partition epoch %d, high watermark %d. Previous leader epoch was %d." % (p, p, 41, rng.randint(80000, 95000), 77, rng.randint(80000, 95000), 40), "kafka.cluster.Partition"))
    else:
        f.add(t, kl(t, "INFO", "[Partition order-events-%d broker=1] Shrinking ISR from 1,2 to 1. Leader: (highWatermark: %d, endOffset: %d). Out of sync replicas: (brokerId: 2, endOffset: %d, lastCaughtUpTimeMs: %d)." % (p, rng.randint(80000, 95000), rng.randint(95000, 96000), rng.randint(80000, 95000), int(DISK.timestamp() * 1000)), "kafka.cluster.Partition"))
for f, b in ((k1, 1), (k3, 3)):
    t = DOWN + timedelta(seconds=rng.uniform(6, 8))
    f.add(t, kl(t, "INFO", "[Controller id=%d epoch=18] Broker 2 has been fenced (session expired)" % b if b == 1 else "[BrokerLifecycleManager id=3] The broker is in RUNNING state; broker 2 fenced by controller", "kafka.controller.KafkaController" if b == 1 else "kafka.server.BrokerLifecycleManager"))
    for t in rng.times(DOWN + timedelta(seconds=12), END, 4.5):
        p = rng.choice([q for q in range(12) if q % 3 == (0 if b == 1 else 1)])
        f.add(t, kl(t, "ERROR", "[ReplicaManager broker=%d] Error processing append operation on partition order-events-%d\n"
                    "org.apache.kafka.common.errors.NotEnoughReplicasException: The size of the current ISR Set(%d) is insufficient to satisfy the min.isr requirement of 2 for partition order-events-%d" % (b, p, b, p),
                    "kafka.server.ReplicaManager"))
    for t in rng.times(START, END, 0.2):
        f.add(t, kl(t, "WARN", "Attempting to send response via channel for which there is no open connection, connection id 10.80.%d.%d:9092-10.80.5.%d:%d-%d" % (b, 10 + b, rng.randint(2, 60), rng.randint(30000, 60000), rng.randint(1, 900)), "kafka.network.Processor"))

# ---- order-api producer (Spring Kafka) -----------------------------------------------------
for t in rng.times(START, END, 4.0):
    order = "ORD-%d" % rng.randint(7000000, 7999999)
    p = rng.randrange(12)
    thread = "http-nio-8080-exec-%d" % rng.randint(1, 60)
    if t >= DISK and p % 3 != 2:
        if rng.random() < 0.4:
            tw = t + timedelta(milliseconds=rng.randint(100, 900))
            oa.add(tw, lb(tw, "WARN", "kafka-producer-network-thread | order-api-producer-1", "o.a.k.c.producer.internals.Sender",
                          "[Producer clientId=order-api-producer-1] Got error produce response with correlation id %d on topic-partition order-events-%d, retrying (2147483%03d attempts left). Error: NOT_ENOUGH_REPLICAS" % (rng.randint(100000, 999999), p, rng.randint(100, 646))))
        te = t + timedelta(seconds=120, milliseconds=rng.randint(0, 400))
        if te < END:
            oa.add(te, lb(te, "ERROR", "kafka-producer-network-thread | order-api-producer-1", "c.a.orders.events.OrderEventPublisher",
                          "publish of OrderPlaced for %s failed; order kept in outbox for replay\norg.springframework.kafka.KafkaException: Send failed\n"
                          "\tat org.springframework.kafka.core.KafkaTemplate.doSend(KafkaTemplate.java:796)\n\tat com.acme.orders.events.OrderEventPublisher.publish(OrderEventPublisher.java:52)\n"
                          "Caused by: org.apache.kafka.common.errors.TimeoutException: Expiring 1 record(s) for order-events-%d:120000 ms has passed since batch creation" % (order, p)))
        oa.add(t, lb(t, "INFO", thread, "c.a.orders.web.RequestLog", "POST /api/orders 201 in %dms (%s, event queued)" % (rng.lognorm_ms(60), order)))
    else:
        oa.add(t, lb(t, "INFO", thread, "c.a.orders.web.RequestLog", "POST /api/orders 201 in %dms (%s)" % (rng.lognorm_ms(40), order)))
for m in range(0, 78):
    t = START + timedelta(minutes=m, seconds=30)
    stuck = 0 if t < DISK else int((t - DISK).total_seconds() / 60 * 2.6)
    oa.add(t, lb(t, "WARN" if stuck > 50 else "INFO", "outbox-relay-1", "c.a.orders.events.OutboxRelay", "outbox pending=%d oldest=%ds" % (stuck + rng.randint(0, 3), 0 if not stuck else int((t - DISK).total_seconds()))))

# ---- order-projector (Go consumer) ---------------------------------------------------------
def go(t, level, msg, **kv):
    return "time=%s level=%s msg=\"%s\" %s" % (iso_ms(t), level, msg, " ".join("%s=%s" % (k, v) for k, v in kv.items()))


for m in range(0, 78):
    t = START + timedelta(minutes=m, seconds=5)
    for p in range(12):
        if t > DISK + timedelta(minutes=3) and p % 3 != 2 and rng.random() < 0.15:
            op.add(t, go(t, "warn", "partition idle", topic="order-events", partition=p, idle_for="%ds" % int((t - DISK).total_seconds())))
    op.add(t, go(t, "info", "consumer lag", group="order-projector", lag=rng.randint(0, 40), rate_per_s=rng.randint(1, 3) if t > DISK else rng.randint(3, 6)))
op.add(DOWN + timedelta(seconds=4), go(DOWN + timedelta(seconds=4), "warn", "fetch from broker failed, refreshing metadata", broker="kafka-2:9092", err="\"dial tcp 10.80.2.12:9092: connect: connection refused\""))
for t in rng.times(START, END, 0.4):
    op.add(t, go(t, "error", "schema lookup failed, event skipped", subject="order-events-value", version=7, err="\"schema registry: 40402 Version not found\"", since="2025-08-13T19:20:00Z"))

d = reset_logs(CASE)
hj.write(d + "/kafka-2.journal.log")
k2.write(d + "/kafka-2.log")
k1.write(d + "/kafka-1.log")
k3.write(d + "/kafka-3.log")
oa.write(d + "/order-api.log")
op.write(d + "/order-projector.log")
write_json(d + "/../alert.json", alertmanager(
    "data-platform-oncall",
    {"alertname": "KafkaUnderMinIsrPartitionCount", "cluster": "kafka-prod", "service": "kafka", "severity": "critical", "env": "prod", "team": "data-platform"},
    {"summary": "8 partitions of order-events under min ISR; producers failing",
     "description": "kafka_server_replicamanager_underminisrpartitioncount > 0 for 5m on kafka-1, kafka-3",
     "runbook_url": "https://runbooks.acme.example/kafka/under-min-isr"},
    dt("2025-08-14T03:18:00"),
    "sum%28kafka_server_replicamanager_underminisrpartitioncount%29+%3E+0",
    "4e1b7c9a0d3f6285", group_by=("alertname", "cluster")))
finish(CASE, {
    "root_cause": {"service": "kafka-2",
                   "component": "NVMe data disk nvme1n1 (/var/lib/kafka/data) failing with I/O errors; XFS shut down",
                   "error_type": "IOException", "file": None},
    "category": "infra",
    "symptoms": [{"service": "kafka-1", "error_type": "NotEnoughReplicasException"},
                 {"service": "kafka-3", "error_type": "NotEnoughReplicasException"},
                 {"service": "order-api", "error_type": "KafkaException"},
                 {"service": "order-projector", "error_type": None}],
    "why": "kafka-2's NVMe data disk failed at 03:12 (nvme timeouts, blk I/O errors, XFS shutdown), so the broker hits IOException on its only log dir, exits and cannot restart. With replication factor 2 and min.insync.replicas=2, the 8 partitions that had a replica on kafka-2 are left with ISR 1, and kafka-1/kafka-3 reject every acks=all produce with NotEnoughReplicasException, which order-api sees as expiring batches. Replace the disk (or reassign the replicas); the other brokers are healthy.",
})
