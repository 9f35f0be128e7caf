#!/usr/bin/env python3
"""payments-api-grpc-keepalive-too-many-pings

At 15:01 Argo CD syncs a payments-api config change that sets the ledger gRPC channel's
keepalive to 10s with keepalive-without-calls (was 5m). The config checksum rolls the three
payments-api pods. ledger (Go gRPC server, default enforcement: pings no more often than every 5m)
answers the pings with GOAWAY ENHANCE_YOUR_CALM "too_many_pings" and drops the connection; calls
in flight on it fail in payments-api with StatusRuntimeException UNAVAILABLE. checkout-api (JSONL,
trace ids) retries each capture up to three times and is the loudest.
Noise: payments-api 3DS timeouts (WARN) and an older FxRateStaleException, ledger slow-commit
warnings, checkout-api coupon warnings, a flaky ledger readiness probe.
Generic alert on checkout-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, logfmt, spring, spring_err, k8s,
                    generic_alert, pod)

CASE = "payments-api-grpc-keepalive-too-many-pings"
rng = Rng(20260602)
START, END = dt("2026-06-02T14:41:00"), dt("2026-06-02T15:24:00")
SYNC = dt("2026-06-02T15:01:12")
pa, lg, co, ev = LogFile(), LogFile(), LogFile(), LogFile()
OLD_RS, NEW_RS = "5d7f8b9c46", "68b4c7d5f9"
old = [pod(rng, "payments-api", OLD_RS) for _ in range(3)]
new = [pod(rng, "payments-api", NEW_RS) for _ in range(3)]
ips_old = ["10.42.%d.%d" % (rng.randint(1, 12), rng.randint(2, 250)) for _ in range(3)]
ips_new = ["10.42.%d.%d" % (rng.randint(1, 12), rng.randint(2, 250)) for _ in range(3)]
READY = [SYNC + timedelta(seconds=38 + 41 * i) for i in range(3)]
CO_DEP = {"version": "22.4.1", "commit": "b3e19a0"}
LEDGER_PODS = [pod(rng, "ledger", "7f9c6d8b5") for _ in range(2)]

ev.add(SYNC, k8s(SYNC, "Normal", "OperationStarted", "application/payments-api", "Initiated automated sync to '9d41e7c2a0f35b8e61c4d27a90b3f51e8c6d2a47'"))
ev.add(SYNC + timedelta(seconds=2), k8s(SYNC + timedelta(seconds=2), "Normal", "ResourceUpdated", "application/payments-api", "Updated sync status: OutOfSync -> Synced (ConfigMap payments/payments-api-config configured, Deployment payments/payments-api configured)"))
for i in range(3):
    t0 = READY[i] - timedelta(seconds=34)
    ev.add(t0, k8s(t0, "Normal", "ScalingReplicaSet", "deployment/payments-api", "Scaled up replica set payments-api-%s to %d from %d" % (NEW_RS, i + 1, i)))
    ev.add(t0 + timedelta(seconds=2), k8s(t0 + timedelta(seconds=2), "Normal", "Started", "pod/" + new[i], "Started container payments-api"))
    ev.add(READY[i], k8s(READY[i], "Normal", "ScalingReplicaSet", "deployment/payments-api", "Scaled down replica set payments-api-%s to %d from %d" % (OLD_RS, 2 - i, 3 - i)))
    ev.add(READY[i], k8s(READY[i], "Normal", "Killing", "pod/" + old[i], "Stopping container payments-api"))
    ts = READY[i] - timedelta(seconds=6)
    pa.add(ts, spring(ts, "INFO", "payments-api", None, None, "main", "c.a.payments.PaymentsApplication", "Started PaymentsApplication in 21.374 seconds (process running for 23.02)"))
    pa.add(ts + timedelta(milliseconds=80), spring(ts + timedelta(milliseconds=80), "INFO", "payments-api", None, None, "main", "c.a.payments.ledger.LedgerChannelConfig",
                                                   "ledger channel target=dns:///ledger.payments.svc:9090 keepAliveTime=10s keepAliveTimeout=5s keepAliveWithoutCalls=true maxInboundMessageSize=4MiB"))


def serving(t):
    return [(new[i], ips_new[i], True) if t >= READY[i] else (old[i], ips_old[i], False) for i in range(3)]


# each new pod's ledger connection is dropped about every 30 s (two ping strikes, then GOAWAY)
drops = []
for i in range(3):
    t = READY[i] + timedelta(seconds=31 + rng.random() * 4)
    while t < END:
        drops.append((t, i))
        lgp = LEDGER_PODS[rng.randint(0, 1)]
        port = rng.randint(33000, 60999)
        lg.add(t, logfmt(t, "error", "[transport] transport: Got too many pings from the client, closing the connection.", system="grpc", grpc_log="true", pod=lgp))
        lg.add(t + timedelta(milliseconds=1), logfmt(t + timedelta(milliseconds=1), "info", "connection closed", peer="%s:%d" % (ips_new[i], port),
                                                     goaway="ENHANCE_YOUR_CALM", debug_data="too_many_pings", open_streams=rng.randint(0, 3), pod=lgp))
        pa.add(t + timedelta(milliseconds=3), spring(t + timedelta(milliseconds=3), "WARN", "payments-api", None, None, "grpc-nio-worker-ELG-1-%d" % rng.randint(1, 8),
                                                     "io.grpc.netty.NettyClientHandler", "Received GOAWAY with ENHANCE_YOUR_CALM. Debug data: too_many_pings", pid=1))
        t += timedelta(seconds=30 + rng.random() * 6)


def near_drop(t, i):
    """a call in flight when its pod's connection is dropped, or sent while it reconnects"""
    return any(0 <= (t - d).total_seconds() < 1.6 for d, j in drops if j == i)


for t in rng.times(START, END, 44):
    trace = rng.hex(32)
    order = "ord_%s" % rng.alnum(12)
    amount = "%d.%02d" % (rng.randint(5, 400), rng.randint(0, 99))
    tries = 1
    while True:
        p = rng.randint(0, 2)
        pname, _, is_new = serving(t)[p]
        span = rng.hex(16)
        fail = is_new and (near_drop(t, p) or rng.random() < 0.09)
        if not fail:
            if rng.random() < 0.35:
                pa.add(t + timedelta(milliseconds=40), spring(t + timedelta(milliseconds=40), "INFO", "payments-api", trace, span, "http-nio-8080-exec-%d" % rng.randint(1, 60),
                                                              "c.a.payments.web.CaptureController", "capture %s amount=%s EUR ok ledger_entry=le_%s" % (order, amount, rng.alnum(10))))
            if rng.random() < 0.3:
                co.add(t + timedelta(milliseconds=70), jrec(t + timedelta(milliseconds=70), "INFO", "checkout-api", "order %s paid" % order, component="com.acme.checkout.PaymentStep",
                                                            trace_id=trace, span_id=rng.hex(16), deploy=CO_DEP, attrs={"attempt": tries}))
            break
        tf = t + timedelta(milliseconds=rng.randint(2, 30))
        if rng.random() < 0.5:
            # the channel is still reconnecting after the GOAWAY: the capture is refused before any call
            pa.add(tf, spring(tf, "WARN", "payments-api", trace, span, "http-nio-8080-exec-%d" % rng.randint(1, 60), "c.a.payments.ledger.LedgerClient",
                              "ledger channel state=TRANSIENT_FAILURE (last: UNAVAILABLE: Connection closed after GOAWAY, too_many_pings), capture %s rejected with 503" % order))
        else:
            pa.add(tf, spring_err(tf, "ERROR", "payments-api", trace, span, "http-nio-8080-exec-%d" % rng.randint(1, 60), "c.a.payments.web.CaptureController",
                                  "capture %s failed: ledger posting not written" % order,
                                  [("io.grpc.StatusRuntimeException", "UNAVAILABLE: Connection closed after GOAWAY. HTTP/2 error code: ENHANCE_YOUR_CALM, debug data: too_many_pings",
                                    ["io.grpc.stub.ClientCalls.toStatusRuntimeException(ClientCalls.java:268)",
                                     "io.grpc.stub.ClientCalls.getUnchecked(ClientCalls.java:249)",
                                     "io.grpc.stub.ClientCalls.blockingUnaryCall(ClientCalls.java:167)",
                                     "com.acme.ledger.v1.LedgerServiceGrpc$LedgerServiceBlockingStub.post(LedgerServiceGrpc.java:412)",
                                     "com.acme.payments.ledger.LedgerClient.post(LedgerClient.java:58)",
                                     "com.acme.payments.capture.CaptureService.capture(CaptureService.java:96)",
                                     "com.acme.payments.web.CaptureController.capture(CaptureController.java:44)"])], pid=1))
        tc = tf + timedelta(milliseconds=9)
        co.add(tc, jrec(tc, "ERROR", "checkout-api", "payment capture failed for %s (attempt %d/3): payments-api answered 503" % (order, tries), component="com.acme.checkout.PaymentStep",
                        error_type="com.acme.checkout.payment.PaymentServiceUnavailableException", trace_id=trace, span_id=rng.hex(16), deploy=CO_DEP,
                        attrs={"order": order, "amount": amount, "payments_pod": pname}))
        if tries == 3:
            co.add(tc + timedelta(milliseconds=1), jrec(tc + timedelta(milliseconds=1), "WARN", "checkout-api", "order %s left in PAYMENT_PENDING, customer shown retry page" % order,
                                                        component="com.acme.checkout.PaymentStep", trace_id=trace, deploy=CO_DEP))
            break
        tries += 1
        t = tc + timedelta(milliseconds=200 * tries)

# noise
for t in rng.times(START, END, 0.9):
    pa.add(t, spring(t, "WARN", "payments-api", rng.hex(32), rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 60), "c.a.payments.threeds.ChallengeService",
                     "3DS challenge timed out at issuer BIN %d, falling back to frictionless decline" % rng.randint(400000, 499999)))
for t in rng.times(START, END, 0.35):
    pa.add(t, spring_err(t, "ERROR", "payments-api", None, None, "scheduling-1", "c.a.payments.fx.FxRefreshJob", "fx refresh failed, keeping rates from 03:00",
                         [("com.acme.payments.fx.FxRateStaleException", "rates for SEK,NOK older than 12h (provider returned snapshot 2026-06-01T14:00Z)",
                           ["com.acme.payments.fx.FxRefreshJob.refresh(FxRefreshJob.java:61)",
                            "org.springframework.scheduling.support.ScheduledMethodRunnable.run(ScheduledMethodRunnable.java:84)"])], pid=1))
for t in rng.times(START, END, 0.7):
    lg.add(t, logfmt(t, "warn", "slow commit", took_ms=rng.randint(250, 900), table="postings", pod=rng.choice(LEDGER_PODS)))
for t in rng.times(START, END, 0.6):
    co.add(t, jrec(t, "WARN", "checkout-api", "coupon %s expired, removed from basket" % rng.alnum(8).upper(), component="com.acme.checkout.CouponService", deploy=CO_DEP))
for m in range(43):
    t = START + timedelta(minutes=m, seconds=12)
    if rng.random() < 0.1:
        ev.add(t, k8s(t, "Warning", "Unhealthy", "pod/" + rng.choice(LEDGER_PODS), "Readiness probe failed: timeout: failed to connect service \":9090\" within 1s"))

d = reset_logs(CASE)
co.write(d + "/checkout-api.jsonl")
ev.write(d + "/k8s-events.log")
lg.write(d + "/ledger.log")
pa.write(d + "/payments-api.log")
write_json(d + "/../alert.json", generic_alert("checkout-api", "checkout-api payment step failures above 3% (5m)", "critical",
           "checkout-api-payment-failures", dt("2026-06-02T15:09:00"), {"team": "checkout", "env": "production", "step": "payment", "region": "eu-central-1"}))
finish(CASE, {
    "root_cause": {"service": "payments-api", "component": "ledger gRPC channel keepalive (keepAliveTime=10s, keepAliveWithoutCalls=true) from the 15:01 config sync",
                   "error_type": "StatusRuntimeException", "file": "deploy/payments-api/configmap.yaml"},
    "category": "config",
    "symptoms": [{"service": "checkout-api", "error_type": "PaymentServiceUnavailableException"}, {"service": "ledger", "error_type": None}],
    "why": "The 15:01 payments-api config sync set the ledger channel keepalive to 10s without calls; ledger's gRPC server rejects pings that frequent with GOAWAY ENHANCE_YOUR_CALM (too_many_pings), so captures in flight fail in payments-api with StatusRuntimeException UNAVAILABLE and checkout-api's retries log PaymentServiceUnavailableException.",
})
