#!/usr/bin/env python3
"""billing-worker-12-jsr310-missing

billing-worker 12.0.0 (rolled out 09:12-09:19: 1, then 2, then 4 pods) moved to a shaded jar whose
build excluded jackson-datatype-jsr310. Only 12.0.0 pods fail, and only jobs that serialize a
java.time value into the invoice snapshot (almost all of them): NoClassDefFoundError
com/fasterxml/jackson/datatype/jsr310/JavaTimeModule (caused_by ClassNotFoundException). The
11.9.4 pods keep working while they exist. invoice-api reports invoices stuck in PENDING;
payments-webhooks is unaffected apart from its usual noise. The naive baseline is right here.
Noise: an older TaxIdValidationException on both versions, invoice-api slow PDF warnings,
payments-webhooks signature warnings.
Generic alert on billing-worker job failures.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, k8s, generic_alert, pod)

CASE = "billing-worker-12-jsr310-missing"
rng = Rng(20260406)
START, END = dt("2026-04-06T08:50:00"), dt("2026-04-06T09:40:00")
OLDV, NEWV = {"version": "11.9.4", "commit": "3be71c2"}, {"version": "12.0.0", "commit": "9f0d44e"}
bw, ia, pw, ev = LogFile(), LogFile(), LogFile(), LogFile()
OLD = [pod(rng, "billing-worker", "6b7c9d8f4") for _ in range(4)]
NEW = [pod(rng, "billing-worker", "7f5c8b6d9") for _ in range(4)]
STEPS = [dt("2026-04-06T09:12:20"), dt("2026-04-06T09:15:40"), dt("2026-04-06T09:18:55"), dt("2026-04-06T09:19:30")]
for i, t in enumerate(STEPS):
    ev.add(t, k8s(t, "Normal", "ScalingReplicaSet", "deployment/billing-worker", "Scaled up replica set billing-worker-7f5c8b6d9 to %d" % (i + 1)))
    ev.add(t + timedelta(seconds=2), k8s(t + timedelta(seconds=2), "Normal", "Pulled", "pod/" + NEW[i], 'Successfully pulled image "registry.acme.internal/billing-worker:12.0.0" in 3.1s'))
    ev.add(t + timedelta(seconds=40), k8s(t + timedelta(seconds=40), "Normal", "Killing", "pod/" + OLD[i], "Stopping container billing-worker"))
    ts = t + timedelta(seconds=14)
    bw.add(ts, jrec(ts, "INFO", "billing-worker", "billing-worker started (consumers=8, queue=billing.jobs)", component="com.acme.billing.Main", deploy=NEWV, attrs={"pod": NEW[i]}))


def pods_at(t):
    n = sum(1 for s in STEPS if t >= s + timedelta(seconds=14))
    olds = [OLD[i] for i in range(4) if t < STEPS[i] + timedelta(seconds=40)]
    return [(p, OLDV) for p in olds] + [(NEW[i], NEWV) for i in range(n)]


CAUSE = "java.lang.ClassNotFoundException: com.fasterxml.jackson.datatype.jsr310.JavaTimeModule"
STACK = ["com.acme.billing.snapshot.SnapshotMapper.<clinit>(SnapshotMapper.java:27)",
         "com.acme.billing.jobs.InvoiceJob.snapshot(InvoiceJob.java:118)",
         "com.acme.billing.jobs.InvoiceJob.run(InvoiceJob.java:64)",
         "com.acme.billing.queue.JobConsumer.handle(JobConsumer.java:51)"]
for t in rng.times(START, END, 16):
    p, v = rng.choice(pods_at(t))
    inv = "INV-2026-%06d" % rng.randint(100000, 999999)
    tr = rng.hex(32)
    dated = rng.random() < 0.92
    if v is NEWV and dated:
        bw.add(t, jrec(t, "ERROR", "billing-worker", "job invoice.generate failed for %s: com/fasterxml/jackson/datatype/jsr310/JavaTimeModule" % inv,
                       component="com.acme.billing.queue.JobConsumer", error_type="java.lang.NoClassDefFoundError", trace_id=tr, span_id=rng.hex(16),
                       caused_by=CAUSE, stack=STACK, deploy=v, attrs={"pod": p, "invoice": inv, "redelivery": rng.randint(0, 3)}))
        if rng.random() < 0.3:
            tq = t + timedelta(seconds=rng.randint(20, 90))
            ia.add(tq, jrec(tq, "WARN", "invoice-api", "GET /v1/invoices/%s/pdf: invoice still PENDING after %ds" % (inv, rng.randint(60, 600)), component="com.acme.invoice.web.PdfController",
                            trace_id=rng.hex(32), deploy={"version": "4.2.1", "commit": "77ac01d"}))
        if rng.random() < 0.08:
            tq = t + timedelta(seconds=rng.randint(20, 90))
            ia.add(tq, jrec(tq, "ERROR", "invoice-api", "customer portal timed out waiting for invoice %s" % inv, component="com.acme.invoice.web.PdfController",
                            error_type="com.acme.invoice.InvoiceNotReadyException", trace_id=rng.hex(32), deploy={"version": "4.2.1", "commit": "77ac01d"}))
    else:
        bw.add(t, jrec(t, "INFO", "billing-worker", "job invoice.generate done for %s in %dms" % (inv, rng.lognorm_ms(420)), component="com.acme.billing.queue.JobConsumer",
                       trace_id=tr, span_id=rng.hex(16), deploy=v, attrs={"pod": p, "invoice": inv}))
# noise
for t in rng.times(START, END, 0.7):
    p, v = rng.choice(pods_at(t))
    bw.add(t, jrec(t, "ERROR", "billing-worker", "customer VAT id rejected by VIES check, invoice issued without reverse charge", component="com.acme.billing.tax.VatValidator",
                   error_type="com.acme.billing.tax.TaxIdValidationException", deploy=v, attrs={"pod": p}))
for t in rng.times(START, END, 0.8):
    ia.add(t, jrec(t, "WARN", "invoice-api", "PDF render took %dms (threshold 2000ms)" % rng.randint(2000, 4200), component="com.acme.invoice.pdf.PdfRenderer", deploy={"version": "4.2.1", "commit": "77ac01d"}))
for t in rng.times(START, END, 6):
    pw.add(t, jrec(t, "INFO", "payments-webhooks", "webhook %s processed" % rng.choice(["payment_intent.succeeded", "charge.refunded", "payout.paid"]), component="com.acme.payhooks.Dispatcher",
                   deploy={"version": "2.8.0", "commit": "c1d2e3f"}))
for t in rng.times(START, END, 0.5):
    pw.add(t, jrec(t, "WARN", "payments-webhooks", "signature timestamp outside tolerance (replayed delivery?), ignored", component="com.acme.payhooks.SignatureVerifier",
                   deploy={"version": "2.8.0", "commit": "c1d2e3f"}))

d = reset_logs(CASE)
bw.write(d + "/billing-worker.jsonl")
ia.write(d + "/invoice-api.jsonl")
pw.write(d + "/payments-webhooks.jsonl")
ev.write(d + "/k8s-events.log")
write_json(d + "/../alert.json", generic_alert("billing-worker", "billing-worker job failure ratio above 20%", "critical",
           "billing-worker-job-failures", dt("2026-04-06T09:21:00"), {"team": "billing", "env": "production", "queue": "billing.jobs"}))
finish(CASE, {
    "root_cause": {"service": "billing-worker", "component": "12.0.0 shaded jar (jackson-datatype-jsr310 excluded), SnapshotMapper",
                   "error_type": "NoClassDefFoundError", "file": "pom.xml"},
    "category": "deploy",
    "symptoms": [{"service": "invoice-api", "error_type": "InvoiceNotReadyException"}],
    "why": "billing-worker 12.0.0 (rolled out 09:12-09:19) ships a shaded jar without jackson-datatype-jsr310, so on the new pods every invoice job that snapshots a java.time value fails with NoClassDefFoundError (JavaTimeModule); 11.9.4 pods keep working, and invoice-api sees invoices stuck in PENDING.",
})
