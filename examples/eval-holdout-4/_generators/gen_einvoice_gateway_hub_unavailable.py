#!/usr/bin/env python3
"""einvoice-gateway-hub-unavailable

On the first working day of the month billing-worker (Celery) pushes the monthly B2B invoices
to einvoice-gateway (Spring Boot, Spring-WS), which submits them by SOAP, through the egress
envoy, to the national e-invoicing hub (hub.einvoice.gov.example). From 08:14 the hub answers
most calls with 503 Service Unavailable (an HTML error page): einvoice-gateway retries once,
then logs WebServiceTransportException "Service Unavailable [503]" and answers 502.
billing-worker retries each invoice up to 5 times and logs SubmissionError per attempt; the
egress envoy logs every 503 (two per attempt), which is the loudest.
Noise: S3 SlowDown 503s at the egress (recurring), a VAT id validation error in billing-worker
since the morning, the hub client certificate expiry warning, flaky health checks.
Generic alert on billing-worker.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, spring, spring_err, py, pytb, envoy_line, generic_alert, uuid)

CASE = "einvoice-gateway-hub-unavailable"
rng = Rng(20260202)
START, END = dt("2026-02-02T08:02:00"), dt("2026-02-02T08:37:00")
DOWN = dt("2026-02-02T08:14:20")
eg, bw, ev = LogFile(), LogFile(), LogFile()
HUB = "hub.einvoice.gov.example"


def hub_call(t, trace):
    """one SOAP POST through the egress; returns (status, done)"""
    st = 503 if t >= DOWN and rng.random() < 0.88 else 200
    dur = rng.lognorm_ms(420) if st == 200 else rng.randint(2, 15)
    done = t + timedelta(milliseconds=dur)
    ev.add(done, envoy_line(done, "POST", "/ws/v2/InvoiceSubmission", st, "-", "via_upstream", rng.randint(9000, 24000), 1260 if st == 200 else 412, dur, dur - 1,
                            "10.42.4.%d" % rng.randint(10, 30), "Spring-WS/4.0.10", uuid(rng), HUB, "198.51.100.27:443"))
    return st, done


for inv in range(1, 10**6):
    t = START + timedelta(seconds=rng.expovariate(1 / 30.0) + (inv - 1) * 30)
    if t >= END:
        break
    iid = "INV-2026-01-%05d" % rng.randint(1, 40000)
    tid = uuid(rng)
    ta = t
    for attempt in range(1, 6):
        trace = rng.hex(32)
        st, done = hub_call(ta + timedelta(milliseconds=20), trace)
        if st == 503:
            st, done = hub_call(done + timedelta(milliseconds=500), trace)
        if st == 200:
            eg.add(done, spring(done, "INFO", "einvoice-gateway", trace, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 20), "c.a.einvoice.hub.HubSubmissionClient",
                                "invoice %s accepted by hub: reference KSH-%s" % (iid, rng.hex(12).upper())))
            bw.add(done + timedelta(milliseconds=8), py(done + timedelta(milliseconds=8), "INFO", "billing.einvoice", "task %s: invoice %s submitted (attempt %d)" % (tid, iid, attempt)))
            break
        eg.add(done, spring_err(done, "ERROR", "einvoice-gateway", trace, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 20), "c.a.einvoice.hub.HubSubmissionClient",
                                "submission of invoice %s to hub failed after 2 tries; answering 502" % iid,
                                [("org.springframework.ws.client.WebServiceTransportException", "Service Unavailable [503]",
                                  ["org.springframework.ws.client.core.WebServiceTemplate.handleError(WebServiceTemplate.java:719)",
                                   "org.springframework.ws.client.core.WebServiceTemplate.doSendAndReceive(WebServiceTemplate.java:622)",
                                   "org.springframework.ws.client.core.WebServiceTemplate.sendAndReceive(WebServiceTemplate.java:558)",
                                   "com.acme.einvoice.hub.HubSubmissionClient.submit(HubSubmissionClient.java:83)",
                                   "com.acme.einvoice.web.SubmissionController.create(SubmissionController.java:47)"])]))
        e = done + timedelta(milliseconds=6)
        bw.add(e, py(e, "ERROR", "billing.einvoice", "task %s: submitting %s failed (attempt %d/5)\n" % (tid, iid, attempt) + pytb([
            ([("/app/billing/einvoice.py", 64, "submit_invoice", "resp.raise_for_status()"),
              ("/usr/local/lib/python3.12/site-packages/requests/models.py", 1024, "raise_for_status", "raise HTTPError(http_error_msg, response=self)")],
             "requests.exceptions.HTTPError: 502 Server Error: Bad Gateway for url: http://einvoice-gateway.billing.svc/v1/submissions", "cause"),
            ([("/app/billing/tasks.py", 88, "push_einvoice", "submit_invoice(invoice)"),
              ("/app/billing/einvoice.py", 67, "submit_invoice", "raise SubmissionError(f\"einvoice-gateway rejected {invoice.number}: {exc}\") from exc")],
             "billing.einvoice.SubmissionError: einvoice-gateway rejected %s: 502 Server Error: Bad Gateway" % iid, None)])))
        ta = e + timedelta(seconds=30 * 2 ** (attempt - 1))
        if ta >= END:
            break
        if attempt == 5:
            bw.add(e + timedelta(milliseconds=2), py(e + timedelta(milliseconds=2), "WARNING", "billing.einvoice", "task %s: giving up on %s; invoice left in state PENDING_SUBMISSION" % (tid, iid)))

# ---- noise ------------------------------------------------------------------------------------
for t in rng.times(START, END, 2):
    st = 503 if rng.random() < 0.04 else 200
    ev.add(t, envoy_line(t, "PUT", "/acme-invoices-pdf/2026/01/%s.pdf" % rng.hex(8), st, "-", "via_upstream", rng.randint(40000, 180000), 0 if st == 200 else 301,
                         rng.lognorm_ms(60), 50, "10.42.2.%d" % rng.randint(10, 30), "Boto3/1.35.2", uuid(rng), "acme-invoices-pdf.s3.eu-central-1.amazonaws.com", "52.219.170.%d:443" % rng.randint(1, 250)))
for t in rng.times(START, END, 0.3):
    bw.add(t, py(t, "ERROR", "billing.customers", "VAT id check failed for customer c_%s\n" % rng.choice(["88213", "90412", "77010"]) + pytb([
        ([("/app/billing/vat.py", 31, "validate", "raise VatIdValidationError(vat_id)")], "billing.vat.VatIdValidationError: DE81234567 is not a valid VAT id (checksum)", None)])))
for m in range(0, 35, 10):
    t = START + timedelta(minutes=m, seconds=5)
    eg.add(t, spring(t, "WARN", "einvoice-gateway", "", "", "scheduling-1", "c.a.einvoice.hub.ClientCertificateMonitor", "hub client certificate CN=acme-einvoice expires in 40 days"))
for m in range(0, 35):
    t = START + timedelta(minutes=m, seconds=30)
    st = 503 if rng.random() < 0.06 else 200
    ev.add(t, envoy_line(t, "GET", "/healthz", st, "-" if st == 200 else "UF", "via_upstream" if st == 200 else "upstream_reset_before_response_started{connection_failure}",
                         0, 2 if st == 200 else 91, 1 if st == 200 else 250, 1 if st == 200 else None, "10.42.0.1", "kube-probe/1.31", uuid(rng), "egress-admin.internal", "127.0.0.1:9901"))

d = reset_logs(CASE)
eg.write(d + "/einvoice-gateway.log")
bw.write(d + "/billing-worker.log")
ev.write(d + "/egress-envoy.access.log")
write_json(d + "/../alert.json", generic_alert(
    "billing-worker", "billing-worker: e-invoice submissions failing (SubmissionError > 50 in 10m)", "high", "c90d2f6e18b4a7e3", dt("2026-02-02T08:24:00"),
    {"env": "prod", "team": "billing", "alertname": "EInvoiceSubmissionErrors", "source": "loki-ruler", "queue": "einvoice"}))
finish(CASE, {
    "root_cause": {"service": "einvoice-gateway", "component": "HubSubmissionClient -> national e-invoicing hub hub.einvoice.gov.example (503 Service Unavailable from 08:14)",
                   "error_type": "WebServiceTransportException", "file": None},
    "category": "dependency",
    "symptoms": [{"service": "egress-envoy", "error_type": "HTTP_503"},
                 {"service": "billing-worker", "error_type": "SubmissionError"}],
    "why": "From 08:14 the external e-invoicing hub answers most SOAP submissions with 503 Service Unavailable, so einvoice-gateway fails with WebServiceTransportException 'Service Unavailable [503]' and returns 502; billing-worker's five retries and the egress proxy's log of every 503 make the symptoms louder than the cause. Nothing in our services changed; wait out or escalate the hub outage and slow the retries.",
})
