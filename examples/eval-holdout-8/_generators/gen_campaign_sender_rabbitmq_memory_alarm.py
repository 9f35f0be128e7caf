#!/usr/bin/env python3
"""campaign-sender-rabbitmq-memory-alarm

At 09:00 campaign-sender (Python, pika) starts the spring newsletter: 1.84 M personalised emails
published at ~1,900 msg/s into the classic queue email.send on the shared broker mq-1, while the
email workers drain ~400/s (2-3 KB per message). The queue's messages fill broker memory and at 09:13 RabbitMQ sets its
memory alarm ("Publishers will be blocked until this alarm clears"); the alarm flaps as pages go
to disk and the sender resumes. While it is set every publishing connection is blocked, including
orders-service's order.created events: publisher confirms time out after 5 s (AmqpTimeoutException)
and the order is rolled back; checkout-api retries each order 3 times and logs every attempt plus
a final error (the loudest). The broker logs no error; campaign-sender only logs that it is paused.
Noise: broker connection-closed warnings, orders-service slow queries, an older checkout-api
address validation error, campaign-sender bounce-list skips.
Alertmanager alert on checkout-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, py, spring, spring_err, rabbit,
                    alertmanager, pod, trace, span)

CASE = "campaign-sender-rabbitmq-memory-alarm"
rng = Rng(20250408)
START, END = dt("2025-04-08T08:49:00"), dt("2025-04-08T09:34:00")
BLAST = dt("2025-04-08T09:00:02")
ALARMS = [(dt("2025-04-08T09:13:47.521"), dt("2025-04-08T09:18:12.904")), (dt("2025-04-08T09:18:51.330"), dt("2025-04-08T09:21:40.118")),
          (dt("2025-04-08T09:22:09.702"), END + timedelta(hours=1))]
cs, mq, os_, co = LogFile(), LogFile(), LogFile(), LogFile()
CO_DEP = {"version": "11.0.3", "commit": "9a1f6c2"}
OS_PODS = [pod(rng, "orders-service", "5f8c6d9b7") for _ in range(2)]


def blocked(t):
    return any(a <= t < b for a, b in ALARMS)


# broker: connection of campaign-sender, alarms
ct = BLAST - timedelta(milliseconds=300)
mq.add(ct, rabbit(ct, "info", "0.19233.0", "accepting AMQP connection <0.19233.0> (10.44.3.21:51822 -> 10.44.9.5:5672)"))
mq.add(ct + timedelta(milliseconds=9), rabbit(ct + timedelta(milliseconds=9), "info", "0.19233.0",
       "connection <0.19233.0> (10.44.3.21:51822 -> 10.44.9.5:5672): user 'campaign-sender' authenticated and granted access to vhost 'marketing'"))
for a, b in ALARMS:
    mq.add(a, rabbit(a, "info", "0.455.0", "vm_memory_high_watermark set. Memory used:%d allowed:3435973836" % rng.randint(3436000000, 3441000000)))
    mq.add(a + timedelta(microseconds=180), rabbit(a + timedelta(microseconds=180), "warning", "0.455.0", "memory resource limit alarm set on node 'rabbit@mq-1'."))
    mq.add(a + timedelta(microseconds=200), rabbit(a + timedelta(microseconds=200), "warning", "0.455.0", "\n"
           "**********************************************************\n"
           "*** Publishers will be blocked until this alarm clears ***\n"
           "**********************************************************"))
    if b < END:
        mq.add(b, rabbit(b, "info", "0.455.0", "vm_memory_high_watermark clear. Memory used:%d allowed:3435973836" % rng.randint(3300000000, 3430000000)))
        mq.add(b + timedelta(microseconds=150), rabbit(b + timedelta(microseconds=150), "warning", "0.455.0", "memory resource limit alarm cleared on node 'rabbit@mq-1'"))
        mq.add(b + timedelta(microseconds=170), rabbit(b + timedelta(microseconds=170), "warning", "0.455.0", "memory resource limit alarm cleared across the cluster"))

# campaign-sender progress
cs.add(BLAST - timedelta(seconds=2), py(BLAST - timedelta(seconds=2), "INFO", "campaign_sender.run", "campaign spring-newsletter-2025 starting: 1840212 recipients, segment=all-optin, rate_limit=none"))
cs.add(BLAST, py(BLAST, "INFO", "campaign_sender.publisher", "connected to amqp://mq-1.messaging.svc:5672/marketing, publishing to exchange 'email' routing key 'email.send' (confirm_delivery=False)"))
sent = 0
t = BLAST
while t < END:
    t += timedelta(seconds=30)
    if blocked(t - timedelta(seconds=15)):
        cs.add(t, py(t, "WARNING", "campaign_sender.publisher", "broker blocked the connection (Connection.Blocked: low on memory); publishing paused at %d/1840212" % sent))
        continue
    r = rng.randint(1820, 1990) if t < ALARMS[0][0] else rng.randint(700, 1500)
    sent = min(1840212, sent + r * 30)
    cs.add(t, py(t, "INFO", "campaign_sender.publisher", "published %d/1840212 (%d msg/s)" % (sent, r)))
    if sent == 1840212:
        cs.add(t + timedelta(milliseconds=5), py(t + timedelta(milliseconds=5), "INFO", "campaign_sender.run", "campaign spring-newsletter-2025: all messages published, handing over to email workers"))
        break
for a, b in ALARMS:
    if b < END:
        cs.add(b + timedelta(milliseconds=40), py(b + timedelta(milliseconds=40), "INFO", "campaign_sender.publisher", "Connection.Unblocked received, resuming"))

CHAIN = [("org.springframework.amqp.AmqpTimeoutException", "java.util.concurrent.TimeoutException: no publisher confirm for order.created within 5000ms",
          ["org.springframework.amqp.rabbit.support.RabbitExceptionTranslator.convertRabbitAccessException(RabbitExceptionTranslator.java:73)",
           "com.acme.orders.events.OrderEventPublisher.publishCreated(OrderEventPublisher.java:61)",
           "com.acme.orders.OrderService.create(OrderService.java:104)"]),
         ("java.util.concurrent.TimeoutException", "no publisher confirm for order.created within 5000ms",
          ["com.acme.orders.events.OrderEventPublisher.awaitConfirm(OrderEventPublisher.java:88)"])]
for t in rng.times(START, END, 3.6):
    tr, root = trace(rng), span(rng)
    osp = rng.choice(OS_PODS)
    ta = t
    ok = False
    for a in range(3):
        sp = span(rng)
        if not blocked(ta):
            d = rng.lognorm_ms(85)
            ta += timedelta(milliseconds=d)
            oid = rng.randint(8800000, 8899999)
            os_.add(ta, spring(ta, "INFO", "orders-service", tr, sp, "http-nio-8080-exec-%d" % rng.randint(1, 60), "c.a.orders.OrderService", "order %d created, order.created published" % oid))
            co.add(ta + timedelta(milliseconds=3), jrec(ta + timedelta(milliseconds=3), "INFO", "checkout-api", "order placed", component="checkout.PlaceOrder", trace_id=tr, span_id=span(rng),
                                                         parent_span_id=root, deploy=CO_DEP, attrs={"order_id": oid, "attempt": a + 1}))
            ok = True
            break
        ta += timedelta(milliseconds=5000 + rng.randint(5, 60))
        os_.add(ta, spring_err(ta, "ERROR", "orders-service", tr, sp, "http-nio-8080-exec-%d" % rng.randint(1, 60), "c.a.orders.web.ErrorAdvice",
                               "POST /v1/orders failed, transaction rolled back (pod %s)" % osp, CHAIN))
        co.add(ta + timedelta(milliseconds=4), jrec(ta + timedelta(milliseconds=4), "ERROR", "checkout-api", "create order attempt %d/3 failed: orders-service answered 503" % (a + 1),
                                                     component="checkout.clients.OrdersClient", error_type="OrderServiceException", trace_id=tr, span_id=span(rng), parent_span_id=root,
                                                     deploy=CO_DEP, attrs={"attempt": a + 1}))
        ta += timedelta(milliseconds=400 * (a + 1))
    if not ok:
        co.add(ta, jrec(ta, "ERROR", "checkout-api", "order could not be placed after 3 attempts, customer shown retry page", component="checkout.PlaceOrder",
                        error_type="OrderServiceException", trace_id=tr, span_id=span(rng), parent_span_id=root, deploy=CO_DEP))
# orders-service notices the blocked connection
for a, b in ALARMS:
    for p in OS_PODS:
        ta = a + timedelta(milliseconds=rng.randint(5, 60))
        os_.add(ta, spring(ta, "WARN", "orders-service", "", "", "AMQP Connection 10.44.9.5:5672", "c.a.orders.events.BrokerConnectionListener",
                           "RabbitMQ connection blocked by broker: low on memory (pod %s)" % p))
        if b < END:
            tb = b + timedelta(milliseconds=rng.randint(5, 60))
            os_.add(tb, spring(tb, "INFO", "orders-service", "", "", "AMQP Connection 10.44.9.5:5672", "c.a.orders.events.BrokerConnectionListener", "RabbitMQ connection unblocked (pod %s)" % p))
# noise
for t in rng.times(START, END, 0.5):
    port = rng.randint(30000, 60000)
    cp = "0.%d.0" % rng.randint(10000, 20000)
    mq.add(t, rabbit(t, "warning", cp, "closing AMQP connection <%s> (10.44.%d.%d:%d -> 10.44.9.5:5672, vhost: 'shop', user: 'reporting'):\nclient unexpectedly closed TCP connection"
                     % (cp, rng.randint(1, 8), rng.randint(10, 250), port)))
for t in rng.times(START, END, 0.4):
    os_.add(t, spring(t, "WARN", "orders-service", "", "", "http-nio-8080-exec-%d" % rng.randint(1, 60), "org.hibernate.SQL_SLOW", "Slow query took %d milliseconds [select ... from order_line where order_id in (...)]" % rng.randint(900, 2100)))
for t in rng.times(START, END, 0.45):
    co.add(t, jrec(t, "ERROR", "checkout-api", "address validation rejected postcode for country DE", component="checkout.address.Validator",
                   error_type="AddressValidationException", trace_id=trace(rng), span_id=span(rng), deploy=CO_DEP, attrs={"postcode": "%05d" % rng.randint(0, 99999)}))
for t in rng.times(BLAST, END, 0.6):
    cs.add(t, py(t, "WARNING", "campaign_sender.render", "skipping recipient %d: address on hard-bounce list" % rng.randint(10 ** 6, 10 ** 7)))

d = reset_logs(CASE)
cs.write(d + "/campaign-sender.log")
mq.write(d + "/mq-1.log")
os_.write(d + "/orders-service.log")
co.write(d + "/checkout-api.jsonl")
labels = {"alertname": "CheckoutOrderFailures", "service": "checkout-api", "severity": "critical", "team": "checkout", "env": "prod"}
write_json(d + "/../alert.json", alertmanager("checkout-pager", labels,
    {"summary": "checkout-api: order placement failing for 64% of attempts", "description": "checkout_place_order_errors ratio 0.64 over 5m (threshold 0.02)",
     "runbook_url": "https://runbooks.acme.example/checkout/order-failures"},
    dt("2025-04-08T09:17:30"), "sum(rate(checkout_place_order_errors_total%5B5m%5D))+%2F+sum(rate(checkout_place_order_total%5B5m%5D))+%3E+0.02", "c29f4e7b0a1d8356"))
finish(CASE, {
    "root_cause": {"service": "campaign-sender", "component": "spring-newsletter-2025 blast: 1.84 M messages into classic queue email.send on shared broker mq-1, no rate limit",
                   "error_type": None, "file": None},
    "category": "resource",
    "symptoms": [{"service": "mq-1", "error_type": None}, {"service": "orders-service", "error_type": "AmqpTimeoutException"},
                 {"service": "checkout-api", "error_type": "OrderServiceException"}],
    "why": "campaign-sender's 09:00 newsletter publishes 1.84 M messages at ~1,900/s into a queue drained at a fraction of that, so the shared broker mq-1 reaches its memory high watermark at 09:13 and blocks every publisher (alarm flapping as the blast resumes); orders-service's order.created confirms time out (AmqpTimeoutException), orders roll back and checkout-api's retries fail. The broker did what it is configured to do; the unthrottled blast exhausted it.",
})
