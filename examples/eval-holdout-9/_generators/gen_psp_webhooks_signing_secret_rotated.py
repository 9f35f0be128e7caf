"""psp-webhooks-signing-secret-rotated (config).

At 11:02 the scheduled Vault rotation writes a new Paylane webhook signing secret (version 7);
external-secrets syncs it into the psp-webhooks Secret and Reloader restarts the deployment.
Paylane still signs with the old secret (the rotation was meant to be registered with the PSP
first), so every webhook the new pods receive fails verification: WebhookSignatureError, thrown
out of the route and answered 500. Paylane redelivers after 1 and 10 minutes, so the ingress 500s
are loudest. Without confirmations, order-timeout-worker cancels paid orders after 15 minutes.
Noise: the retired legacy IPN endpoint's 503s (since 09:00), unhandled dispute events, a
cart-cleanup CronJob stuck in ImagePullBackOff, slow scans.
"""
from common import *

CASE = "psp-webhooks-signing-secret-rotated"
rng = Rng(90303)
T0, T1 = dt("2025-06-03T10:40:00"), dt("2025-06-03T11:41:00")
ROT = dt("2025-06-03T11:02:04.000")

pw, k8, otw, ing = LogFile(), LogFile(), LogFile(), LogFile()
OLD_RS, NEW_RS = "6b8d7c9f5", "7f4c9d8b6"
old_pods = [pod(rng, "psp-webhooks", OLD_RS) for _ in range(2)]
new_pods = [pod(rng, "psp-webhooks", NEW_RS) for _ in range(2)]
# (pod, serving from, serving until)
serving = [(old_pods[0], T0 - sec(86400), dt("2025-06-03T11:02:36")), (old_pods[1], T0 - sec(86400), dt("2025-06-03T11:03:07")),
           (new_pods[0], dt("2025-06-03T11:02:24"), T1 + sec(3600)), (new_pods[1], dt("2025-06-03T11:02:55"), T1 + sec(3600))]
OLD_FP, NEW_FP = "sha256:4be1c09d", "sha256:9f27a6e3"

# rotation, sync and rollout
ev = [(ROT, "Normal", "Updated", "externalsecret/psp-webhooks-signing", "Updated Secret payments/psp-webhooks-signing from vault secret/data/payments/paylane-webhook (version 7)"),
      (ROT + ms(310), "Normal", "ReloaderRollout", "deployment/psp-webhooks", "Changes detected in 'psp-webhooks-signing' of type 'SECRET' in namespace 'payments'; updated 'psp-webhooks' of type 'Deployment'"),
      (ROT + ms(420), "Normal", "ScalingReplicaSet", "deployment/psp-webhooks", "Scaled up replica set psp-webhooks-%s to 1" % NEW_RS),
      (ROT + ms(500), "Normal", "SuccessfulCreate", "replicaset/psp-webhooks-%s" % NEW_RS, "Created pod: %s" % new_pods[0]),
      (ROT + ms(600), "Normal", "Scheduled", "pod/%s" % new_pods[0], "Successfully assigned payments/%s to ip-10-31-6-44.eu-central-1.compute.internal" % new_pods[0]),
      (ROT + sec(2), "Normal", "Pulled", "pod/%s" % new_pods[0], 'Container image "registry.acme.example/payments/psp-webhooks:2.9.3" already present on machine'),
      (ROT + sec(2), "Normal", "Started", "pod/%s" % new_pods[0], "Started container psp-webhooks"),
      (dt("2025-06-03T11:02:32"), "Normal", "ScalingReplicaSet", "deployment/psp-webhooks", "Scaled down replica set psp-webhooks-%s to 1 from 2" % OLD_RS),
      (dt("2025-06-03T11:02:32"), "Normal", "Killing", "pod/%s" % old_pods[0], "Stopping container psp-webhooks"),
      (dt("2025-06-03T11:02:32"), "Normal", "SuccessfulCreate", "replicaset/psp-webhooks-%s" % NEW_RS, "Created pod: %s" % new_pods[1]),
      (dt("2025-06-03T11:02:34"), "Normal", "Started", "pod/%s" % new_pods[1], "Started container psp-webhooks"),
      (dt("2025-06-03T11:03:03"), "Normal", "ScalingReplicaSet", "deployment/psp-webhooks", "Scaled down replica set psp-webhooks-%s to 0 from 1" % OLD_RS),
      (dt("2025-06-03T11:03:03"), "Normal", "Killing", "pod/%s" % old_pods[1], "Stopping container psp-webhooks")]
for e in ev:
    k8.add(e[0], k8s(*e))
for p, start, _ in serving[2:]:
    s = start - sec(19)
    pw.add(s, node_line(s, "info", "[%s] psp-webhooks 2.9.3 starting (node v20.14.0, NODE_ENV=production)" % p))
    pw.add(s + ms(40), node_line(s + ms(40), "info", "[%s] loaded Paylane signing secret from /var/run/secrets/psp/signing (fingerprint %s, secret version 7)" % (p, NEW_FP)))
    pw.add(start, node_line(start, "info", "[%s] listening on :8080" % p))
for p, _, until in serving[:2]:
    pw.add(until - sec(1), node_line(until - sec(1), "info", "[%s] SIGTERM received, draining (signing secret fingerprint %s, version 6)" % (p, OLD_FP)))
k8.add(dt("2025-06-03T10:41:12"), k8s(dt("2025-06-03T10:41:12"), "Normal", "Synced", "externalsecret/psp-webhooks-signing", "Secret payments/psp-webhooks-signing is up to date (vault version 6)"))

STACK = ["    at Webhooks.verifyHeader (/app/node_modules/@paylane/node/lib/webhooks.js:147:19)",
         "    at Webhooks.constructEvent (/app/node_modules/@paylane/node/lib/webhooks.js:38:10)",
         "    at handlePaylaneWebhook (/app/src/routes/paylane.js:22:33)",
         "    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)"]


def pod_at(t):
    live = [p for p, a, b in serving if a <= t < b]
    return rng.choice(live)


def delivery(t, evt, evtype, attempt):
    p = pod_at(t)
    rid = rng.hex(32)
    bad = NEW_RS in p
    if bad:
        pw.add(t, node_line(t, "error", "[%s] POST /webhooks/paylane %s %s attempt=%d request_id=%s failed\nWebhookSignatureError: No signatures found matching the expected signature for payload. Are you passing the raw request body you received from Paylane?\n%s" % (
            p, evtype, evt, attempt, rid, "\n".join(STACK))))
        st, size = 500, 21
    else:
        pw.add(t, node_line(t, "info", "[%s] POST /webhooks/paylane %s %s attempt=%d -> 200 (%dms)" % (p, evtype, evt, attempt, rng.randint(6, 40))))
        st, size = 200, 2
    tt = t + ms(rng.randint(3, 30))
    ing.add(tt, nginx_line(tt, "35.157.%d.%d" % (rng.randint(0, 3), rng.randint(10, 200)), "POST", "/webhooks/paylane", st, size,
                           "Paylane-Webhooks/2.0", (tt - t).total_seconds(), "payments-psp-webhooks-8080", ip(rng, "10.42") + ":8080", rid, 1400))
    return bad


pending = []  # (order, created, payment)
confirmed_by = {}  # order -> its payment.authorized webhook was accepted
for t in rng.times(T0, T1, 1.6):
    order = "O-%d" % rng.randint(30400000, 30499999)
    pay = "pl_" + rng.alnum(16)
    confirmed_by[order] = False
    for evtype, lag in (("payment.authorized", rng.randint(2, 9)), ("payment.captured", rng.randint(20, 80))):
        evt = "evt_" + rng.alnum(18)
        dt0 = t + sec(lag)
        for attempt, back in enumerate((0, 60, 600), 1):
            w = dt0 + sec(back) + ms(rng.randint(0, 2000))
            if w >= T1:
                break
            if not delivery(w, evt, evtype, attempt):
                if evtype == "payment.authorized":
                    confirmed_by[order] = True
                break
    pending.append((order, t, pay))

# order-timeout-worker: every minute cancel orders still unconfirmed after 15 minutes
for i, t in enumerate(every(T0, T1, 60, rng, 800)):
    due = [(o, c, p) for o, c, p in pending if c + sec(900) <= t < c + sec(960)]
    bad = [x for x in due if not confirmed_by[x[0]]]
    otw.add(t, py(t, "INFO", "order_timeout.scan", "scan #%d: %d orders pending payment > 15m" % (40211 + i, len(bad))))
    for o, c, p in bad:
        e = t + ms(rng.randint(30, 400))
        otw.add(e, py(e, "ERROR", "order_timeout.cancel", "PaymentConfirmationTimeoutError: order %s has had no payment confirmation since %s (payment %s, status pending_payment); cancelling and voiding authorization" % (
            o, iso_s(c), p)))
        otw.add(e + ms(180), py(e + ms(180), "INFO", "order_timeout.cancel", "order %s cancelled; void %s requested; customer notified" % (o, p)))
    if rng.random() < 0.15:
        otw.add(t + ms(2500), py(t + ms(2500), "WARN", "order_timeout.scan", "scan took %.1fs (> 2s)" % (rng.randint(21, 39) / 10)))

# noise
for t in every(dt("2025-06-03T09:00:00"), T1, 470, rng, 60000):
    if t >= T0:
        ing.add(t, nginx_line(t, "52.29.%d.%d" % (rng.randint(0, 3), rng.randint(10, 200)), "POST", "/webhooks/legacy-ipn", 503, 190, "LegacyPay-IPN/1.1",
                              0.0, "payments-legacy-ipn-8080", "-", rng.hex(32), 880))
for t in rng.times(T0, T1, 0.2):
    pw.add(t, node_line(t, "warn", "[%s] unhandled Paylane event type payment.dispute.funds_withdrawn (acknowledged)" % pod_at(t)))
for t in every(T0, T1, 20, rng, 900):
    ing.add(t, nginx_line(t, "10.0.0.9", "GET", "/healthz", 200, 2, "kube-probe/1.30", 0.001, "payments-psp-webhooks-8080", ip(rng, "10.42") + ":8080", rng.hex(32), 110))
for t in every(T0 + sec(130), T1, 300, rng, 2000):
    k8.add(t, k8s(t, "Warning", "BackOff", "pod/cart-cleanup-29148720-4mzx2", 'Back-off pulling image "registry.acme.example/shop/cart-cleanup:1.0.9"'))
pw.add(T0 + sec(7), node_line(T0 + sec(7), "warn", "(node:1) [DEP0044] DeprecationWarning: The `util.isArray` API is deprecated."))

alert = generic_alert("order-timeout-worker", "Unpaid-order cancellations above 10/10m (payments.order_cancelled_unconfirmed)", "critical",
                      "a3c9e17f5b20d846", dt("2025-06-03T11:24:00"),
                      {"env": "prod", "team": "payments", "alertname": "UnconfirmedOrderCancellations", "namespace": "payments"})
write_case(CASE, {"psp-webhooks.log": pw, "k8s-events.log": k8, "order-timeout-worker.log": otw, "ingress-nginx.access.log": ing}, alert)
finish(CASE, {
    "root_cause": {"service": "psp-webhooks", "component": "Paylane webhook signing secret (Secret payments/psp-webhooks-signing, Vault version 7 rotated before Paylane was updated)",
                   "error_type": "WebhookSignatureError", "file": None},
    "category": "config",
    "symptoms": [{"service": "ingress-nginx", "error_type": "HTTP_500"},
                 {"service": "order-timeout-worker", "error_type": "PaymentConfirmationTimeoutError"}],
    "why": "At 11:02 the Vault rotation synced a new webhook signing secret into psp-webhooks and Reloader restarted it, while Paylane still signs with the old one; every webhook on the new pods fails with WebhookSignatureError (500), Paylane's redeliveries make the ingress 500s loudest, and unconfirmed orders are cancelled after 15 minutes.",
})
