#!/usr/bin/env python3
"""order-events-relay-kafka-client-cert-expired

order-events-relay (Spring, HTTP -> Kafka) authenticates to the brokers with a client
certificate (CN=order-events-relay) that it loaded from its keystore when its pods started 41 days
ago. The certificate expires at 09:00:00Z; cert-manager renewed the Secret weeks ago but the relay
never reloads its keystore. From 09:00 every new broker connection fails: kafka-1 logs failed
SSL authentications from the relay's pod IPs (INFO), the relay's producer logs failed
authentication (ERROR, no class) and every publish fails with SslAuthenticationException /
SSLHandshakeException "Received fatal alert: certificate_expired" (logged at WARN, answered 503).
Its SSL health check warned of the coming expiry before. checkout-api (JSONL, trace ids) retries
each order event three times and is the loudest.
Noise: relay payload-size warnings, kafka-1 ISR/segment lines, checkout-api coupon warnings and an
older tax-service error, a flaky relay readiness warning.
Alertmanager alert on checkout-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, spring, jstack, alertmanager)

CASE = "order-events-relay-kafka-client-cert-expired"
rng = Rng(20260722)
START, END = dt("2026-07-22T08:43:00"), dt("2026-07-22T09:23:00")
EXPIRY = dt("2026-07-22T09:00:00")
rl, kb, co = LogFile(), LogFile(), LogFile()
RELAY_PODS = [("order-events-relay-5c7d9f6b8-%s" % rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789"), "10.42.%d.%d" % (rng.randint(1, 12), rng.randint(2, 250))) for _ in range(2)]
BROKERS = [("kafka-%d" % i, "10.42.1.%d" % (4 + i)) for i in range(3)]
CO_DEP = {"version": "31.0.4", "commit": "e6b0d21"}


def kafka(t, level, msg, logger):
    kb.add(t, "[%s,%03d] %s %s (%s)" % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, level, msg, logger))


def ssl_chain():
    return [
        ("org.apache.kafka.common.errors.SslAuthenticationException", "SSL handshake failed",
         ["org.apache.kafka.clients.producer.KafkaProducer.doSend(KafkaProducer.java:1078)",
          "com.acme.relay.kafka.EventPublisher.publish(EventPublisher.java:47)",
          "com.acme.relay.web.EventController.post(EventController.java:39)"]),
        ("javax.net.ssl.SSLHandshakeException", "Received fatal alert: certificate_expired",
         ["java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)",
          "java.base/sun.security.ssl.Alert$AlertConsumer.consume(Alert.java:287)",
          "org.apache.kafka.common.network.SslTransportLayer.handshakeUnwrap(SslTransportLayer.java:557)",
          "org.apache.kafka.common.network.SslTransportLayer.handshake(SslTransportLayer.java:373)",
          "org.apache.kafka.common.network.Selector.pollSelectionKeys(Selector.java:568)"])]


# SSL bundle health: warns before expiry, then reports it expired
for m in range(0, 40, 5):
    for name, _ in RELAY_PODS:
        t = START + timedelta(minutes=m, seconds=rng.randint(0, 59))
        left = (EXPIRY - t).total_seconds()
        if left > 0:
            rl.add(t, spring(t, "WARN", "order-events-relay", None, None, "ssl-health-1", "c.a.relay.health.SslBundleHealth",
                             "ssl bundle kafka-client status=WILL_EXPIRE_SOON subject=CN=order-events-relay,OU=platform serial=4f:2a:91:0c notAfter=2026-07-22T09:00:00Z (in %dm) source=/etc/kafka-tls/keystore.p12 loadedAt=2026-06-11T07:14:52Z pod=%s" % (left // 60, name)))
        else:
            rl.add(t, spring(t, "ERROR", "order-events-relay", None, None, "ssl-health-1", "c.a.relay.health.SslBundleHealth",
                             "ssl bundle kafka-client status=EXPIRED subject=CN=order-events-relay,OU=platform serial=4f:2a:91:0c notAfter=2026-07-22T09:00:00Z source=/etc/kafka-tls/keystore.p12 loadedAt=2026-06-11T07:14:52Z; kafka health DOWN pod=%s" % name))

# after expiry: the producers reconnect with back-off (reconnect.backoff.max.ms=30000), every attempt fails
for pi, (name, pip) in enumerate(RELAY_PODS):
    t = EXPIRY + timedelta(seconds=rng.randint(1, 20), milliseconds=rng.randint(0, 999))
    backoff = 0.05
    while t < END:
        b, bip = rng.choice(BROKERS)
        port = rng.randint(33000, 60999)
        if b == "kafka-1":  # only kafka-1's log is in the case
            kafka(t, "INFO", "[SocketServer listenerType=BROKER, nodeId=1] Failed authentication with /%s (channelId=%s:9093-%s:%d-%d) (SSL handshake failed)" % (
                pip, bip, pip, port, rng.randint(1000, 99999)), "org.apache.kafka.common.network.Selector")
        tr = t + timedelta(milliseconds=6)
        rl.add(tr, spring(tr, "ERROR", "order-events-relay", None, None, "kafka-producer-network-thread | order-events-relay-%d" % (pi + 1), "o.apache.kafka.clients.NetworkClient",
                          "[Producer clientId=order-events-relay-%d] Connection to node %d (%s.kafka.svc/%s:9093) failed authentication due to: SSL handshake failed" % (pi + 1, int(b[-1]), b, bip)))
        backoff = min(30.0, backoff * 2)
        t = tr + timedelta(seconds=backoff * (0.8 + rng.random() * 0.4))

# checkout-api publishes order events through the relay, three attempts each
for t in rng.times(START, END, 2.4):
    trace = rng.hex(32)
    order = "ord_%s" % rng.alnum(12)
    event = rng.choice(["OrderPlaced", "OrderPaid", "OrderCancelled"])
    for a in range(1, 4):
        name, _ = rng.choice(RELAY_PODS)
        if t < EXPIRY + timedelta(seconds=8):
            if rng.random() < 0.3:
                rl.add(t + timedelta(milliseconds=9), spring(t + timedelta(milliseconds=9), "INFO", "order-events-relay", trace, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 40),
                                                             "c.a.relay.web.EventController", "published %s for %s to order-events partition=%d" % (event, order, rng.randint(0, 11))))
            break
        tf = t + timedelta(milliseconds=rng.randint(3, 12))
        rl.add(tf, spring(tf, "WARN", "order-events-relay", trace, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 40), "c.a.relay.web.EventController",
                          "publish of %s for %s failed, answering 503" % (event, order)) + "\n" + jstack(ssl_chain()))
        tc = tf + timedelta(milliseconds=4)
        co.add(tc, jrec(tc, "ERROR", "checkout-api", "order event %s for %s not published (attempt %d/3): order-events-relay answered 503" % (event, order, a),
                        component="com.acme.checkout.events.OrderEventPublisher", error_type="com.acme.checkout.events.OrderEventPublishException",
                        trace_id=trace, span_id=rng.hex(16), deploy=CO_DEP, attrs={"order": order, "relay_pod": name}))
        if a == 3:
            co.add(tc + timedelta(milliseconds=1), jrec(tc + timedelta(milliseconds=1), "WARN", "checkout-api", "order event %s for %s parked in outbox for later delivery" % (event, order),
                                                        component="com.acme.checkout.events.Outbox", trace_id=trace, deploy=CO_DEP))
        t = tc + timedelta(milliseconds=300 * a)

# other clients of kafka-1 are fine
for t in rng.times(START, END, 1.2):
    if rng.random() < 0.2:
        kafka(t, "INFO", "[GroupCoordinator 1]: Member %s-%s in group %s has left, removing it from the group" % (rng.choice(["inventory-consumer", "mailer"]), rng.hex(8), rng.choice(["inventory", "mailer"])),
              "kafka.coordinator.group.GroupCoordinator")
    else:
        kafka(t, "INFO", "[LocalLog partition=order-events-%d, dir=/var/lib/kafka/data] Rolled new log segment at offset %d in %d ms." % (rng.randint(0, 11), rng.randint(10 ** 7, 10 ** 8), rng.randint(1, 9)),
              "kafka.log.LocalLog")
for t in rng.times(START, END, 0.3):
    kafka(t, "WARN", "[ReplicaFetcher replicaId=1, leaderId=%d, fetcherId=0] Error in response for fetch request (type=FetchRequest, replicaId=1, maxWait=500, minBytes=1, maxBytes=10485760): Request timed out" % rng.choice([0, 2]),
          "kafka.server.ReplicaFetcherThread")

# noise
for t in rng.times(START, END, 0.7):
    rl.add(t, spring(t, "WARN", "order-events-relay", None, None, "http-nio-8080-exec-%d" % rng.randint(1, 40), "c.a.relay.web.PayloadGuard",
                     "event payload %d KiB above soft limit 256 KiB (lines=%d)" % (rng.randint(257, 600), rng.randint(80, 400))))
for t in rng.times(START, END, 0.5):
    co.add(t, jrec(t, "WARN", "checkout-api", "coupon %s expired, removed from basket" % rng.alnum(8).upper(), component="com.acme.checkout.CouponService", deploy=CO_DEP))
for t in rng.times(START, END, 0.4):
    co.add(t, jrec(t, "ERROR", "checkout-api", "tax quote failed for region %s, using cached rate" % rng.choice(["CH", "NO", "IS"]), component="com.acme.checkout.TaxClient",
                   error_type="com.acme.checkout.tax.TaxQuoteException", deploy=CO_DEP))
for m in range(40):
    if rng.random() < 0.07:
        t = START + timedelta(minutes=m, seconds=22)
        rl.add(t, spring(t, "WARN", "order-events-relay", None, None, "actuator-1", "c.a.relay.health.ReadinessProbe", "readiness slow: %dms (GC pause)" % rng.randint(900, 1800)))

d = reset_logs(CASE)
co.write(d + "/checkout-api.jsonl")
kb.write(d + "/kafka-1.server.log")
rl.write(d + "/order-events-relay.log")
labels = {"alertname": "OrderEventsOutboxGrowing", "severity": "critical", "service": "checkout-api", "namespace": "shop", "team": "checkout"}
write_json(d + "/../alert.json", alertmanager("checkout-pager", labels,
    {"summary": "checkout-api order events not published, outbox growing", "description": "increase(checkout_outbox_parked_total[10m]) = 212"},
    dt("2026-07-22T09:08:00"), "increase%28checkout_outbox_parked_total%5B10m%5D%29+%3E+50", "5a7c0e3b9d1f2846"))
finish(CASE, {
    "root_cause": {"service": "order-events-relay", "component": "Kafka client certificate CN=order-events-relay (keystore loaded at pod start, expired 09:00Z, never reloaded)",
                   "error_type": "SslAuthenticationException", "file": None},
    "category": "config",
    "symptoms": [{"service": "checkout-api", "error_type": "OrderEventPublishException"}],
    "why": "order-events-relay's Kafka client certificate expired at 09:00:00Z and the relay still uses the keystore it loaded at start (its SSL health warned, then reported EXPIRED); from then the brokers reject its handshakes (certificate_expired, failed authentication from its pod IPs), every publish fails with SslAuthenticationException and checkout-api's retries log OrderEventPublishException.",
})
