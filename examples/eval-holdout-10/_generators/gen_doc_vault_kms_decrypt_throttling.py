#!/usr/bin/env python3
"""doc-vault-kms-decrypt-throttling

doc-vault (Spring, AWS SDK v2) calls KMS Decrypt for the data key of every document it serves;
it has no data-key cache. As Monday-morning traffic ramps up after 08:00 its Decrypt rate (its
own per-minute counter), on top of the account's other KMS users, passes the shared KMS request quota and KMS throttles:
the SDK retries, then fails with KmsException "Rate exceeded" (ThrottlingException), and doc-vault
answers 503. claims-portal (Node) shows an error page (no retry); policy-api (JSONL) fails its
document attachments; the ingress shows the 503s. doc-vault's own error is the most frequent
one: the naive baseline is right here.
Noise: doc-vault virus-scan warnings and an older thumbnail error, claims-portal session
warnings, policy-api validation warnings, a flaky doc-vault readiness probe at the ingress.
Generic alert on claims-portal.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, spring, jstack, node_line, nginx_line,
                    generic_alert, ramp, arrivals, ip)

CASE = "doc-vault-kms-decrypt-throttling"
rng = Rng(20260803)
START, END = dt("2026-08-03T07:47:00"), dt("2026-08-03T08:25:00")
dv, cp, pa, ng = LogFile(), LogFile(), LogFile(), LogFile()
DV_PODS = ["doc-vault-6d8b7c9f5-%s" % rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789") for _ in range(4)]
PA_DEP = {"version": "7.12.0", "commit": "3c8e4a1"}
# requests per minute reaching doc-vault (each one a Decrypt); KMS starts throttling above QUOTA
rate = ramp([(START, 5), (dt("2026-08-03T08:00:00"), 7), (dt("2026-08-03T08:12:00"), 23), (END, 26)])
QUOTA = 17.0
calls, thr = {}, {}


def throttled(t):
    """whether this request's Decrypt is throttled (three attempts) and count it for the minute"""
    r = rate(t)
    m = int((t - START).total_seconds() // 60)
    hit = r > QUOTA and rng.random() < min(0.8, (r - QUOTA) / r * 1.6)
    calls[m] = calls.get(m, 0) + (3 if hit else 1)
    thr[m] = thr.get(m, 0) + (3 if hit else 0)
    return hit


def kms_fail(t, caller, trace, doc):
    pod = rng.choice(DV_PODS)
    req = "%s-%s-%s-%s-%s" % (rng.hex(8), rng.hex(4), rng.hex(4), rng.hex(4), rng.hex(12))
    dv.add(t, spring(t, "ERROR", "doc-vault", trace, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 100), "c.a.docvault.web.DocumentController",
                     "GET /v2/documents/%s failed for caller=%s, answering 503" % (doc, caller)) + "\n" + jstack([
        ("software.amazon.awssdk.services.kms.model.KmsException", "Rate exceeded (Service: Kms, Status Code: 400, Request ID: %s)" % req,
         ["software.amazon.awssdk.services.kms.model.KmsException$BuilderImpl.build(KmsException.java:113)",
          "software.amazon.awssdk.core.internal.http.pipeline.stages.RetryableStage.execute(RetryableStage.java:73)",
          "software.amazon.awssdk.services.kms.DefaultKmsClient.decrypt(DefaultKmsClient.java:1564)",
          "com.acme.docvault.crypto.EnvelopeDecryptor.dataKey(EnvelopeDecryptor.java:38)",
          "com.acme.docvault.store.DocumentStore.open(DocumentStore.java:71)",
          "com.acme.docvault.web.DocumentController.get(DocumentController.java:52)"]),
    ]) + "\n\tSuppressed: software.amazon.awssdk.core.exception.SdkClientException: Request attempt 1 failure: Rate exceeded (Service: Kms, Status Code: 400, Request ID: %s)" % req
        + "\n\tSuppressed: software.amazon.awssdk.core.exception.SdkClientException: Request attempt 2 failure: Rate exceeded (Service: Kms, Status Code: 400, Request ID: %s)" % req)
    return pod


# claims-portal: browser -> ingress -> claims-portal -> doc-vault
for t in arrivals(rng, START, END, lambda t: rate(t) * 0.6):
    trace = rng.hex(32)
    doc = "doc_%s" % rng.alnum(14)
    claim = "CLM-%07d" % rng.randint(10 ** 6, 10 ** 7 - 1)
    te = t + timedelta(milliseconds=rng.randint(90, 260))
    if throttled(t):
        kms_fail(t + timedelta(milliseconds=rng.randint(60, 220)), "claims-portal", trace, doc)
        cp.add(te, node_line(te, "error", "GET /claims/%s/documents/%s -> doc-vault 503 trace=%s DocumentUnavailableError: document service unavailable\n"
                             "    at DocVaultClient.fetch (/app/src/clients/docVault.js:58:13)\n"
                             "    at async documentRoute (/app/src/routes/documents.js:31:20)" % (claim, doc, trace)))
        st, size = 503, 1480
    else:
        if rng.random() < 0.2:
            cp.add(te, node_line(te, "info", "GET /claims/%s/documents/%s 200 %dms" % (claim, doc, rng.randint(90, 260))))
        st, size = 200, rng.randint(40000, 900000)
    ng.add(te, nginx_line(te, ip(rng, "10.70"), "GET", "/claims/%s/documents/%s" % (claim, doc), st, size, "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15",
                          (te - t).total_seconds(), "claims-claims-portal-3000", "10.70.4.%d:3000" % rng.randint(2, 250), rng.hex(32)))
# policy-api: attaches documents to policy packs
for t in arrivals(rng, START, END, lambda t: rate(t) * 0.4):
    trace = rng.hex(32)
    doc = "doc_%s" % rng.alnum(14)
    pol = "POL-%08d" % rng.randint(10 ** 7, 10 ** 8 - 1)
    if throttled(t):
        kms_fail(t, "policy-api", trace, doc)
        pa.add(t + timedelta(milliseconds=rng.randint(80, 250)), jrec(t + timedelta(milliseconds=rng.randint(80, 250)), "ERROR", "policy-api",
                                                                     "policy pack %s incomplete: document %s unavailable (doc-vault 503)" % (pol, doc),
                                                                     component="com.acme.policy.pack.PackAssembler", error_type="com.acme.policy.pack.DocumentFetchException",
                                                                     trace_id=trace, span_id=rng.hex(16), deploy=PA_DEP, attrs={"policy": pol}))
    elif rng.random() < 0.25:
        pa.add(t + timedelta(milliseconds=150), jrec(t + timedelta(milliseconds=150), "INFO", "policy-api", "policy pack %s assembled (%d documents)" % (pol, rng.randint(2, 9)),
                                                     component="com.acme.policy.pack.PackAssembler", trace_id=trace, deploy=PA_DEP))
# doc-vault's own counter: its KMS calls per minute and how many KMS throttled
for m in range(38):
    t = START + timedelta(minutes=m, seconds=59, milliseconds=rng.randint(0, 999))
    c, h = calls.get(m, 0), thr.get(m, 0)
    dv.add(t, spring(t, "INFO" if h == 0 else "WARN", "doc-vault", None, None, "metrics-1", "c.a.docvault.crypto.KmsMetrics",
                     "kms Decrypt last 60s: throttled %d%% of calls (ThrottlingException) key=alias/doc-vault-master region=eu-west-1" % (100 * h // max(1, c))))

# noise
for t in rng.times(START, END, 0.9):
    dv.add(t, spring(t, "WARN", "doc-vault", None, None, "scan-%d" % rng.randint(1, 4), "c.a.docvault.scan.VirusScanClient",
                     "virus scan queue latency %dms above 2000ms for upload %s" % (rng.randint(2000, 4800), "up_%s" % rng.alnum(10))))
for t in rng.times(START, END, 0.35):
    dv.add(t, spring(t, "ERROR", "doc-vault", None, None, "thumbs-1", "c.a.docvault.thumbs.ThumbnailWorker", "thumbnail failed for legacy TIFF upload") + "\n" +
           jstack([("javax.imageio.IIOException", "Unsupported Image Type", ["java.desktop/com.sun.imageio.plugins.tiff.TIFFImageReader.read(TIFFImageReader.java:1302)"])]))
for t in rng.times(START, END, 0.6):
    cp.add(t, node_line(t, "warn", "session refresh for user %d took %dms (idp)" % (rng.randint(10 ** 5, 10 ** 6), rng.randint(800, 1900))))
for t in rng.times(START, END, 0.5):
    pa.add(t, jrec(t, "WARN", "policy-api", "postcode %s failed validation, kept as entered" % rng.alnum(6).upper(), component="com.acme.policy.validation.AddressValidator", deploy=PA_DEP))
for m in range(38):
    t = START + timedelta(minutes=m, seconds=5)
    st = 503 if rng.random() < 0.06 else 200
    ng.add(t, nginx_line(t, "10.70.0.1", "GET", "/healthz/doc-vault", st, 19 if st == 200 else 0, "kube-probe/1.30", 0.004 if st == 200 else 1.001,
                         "claims-doc-vault-8080", "10.70.6.%d:8080" % rng.randint(2, 250), rng.hex(32)))

d = reset_logs(CASE)
cp.write(d + "/claims-portal.log")
dv.write(d + "/doc-vault.log")
ng.write(d + "/ingress-nginx.access.log")
pa.write(d + "/policy-api.jsonl")
write_json(d + "/../alert.json", generic_alert("claims-portal", "claims-portal document downloads failing (5xx > 10%)", "high",
           "claims-portal-document-5xx", dt("2026-08-03T08:14:00"), {"team": "claims", "env": "production", "route": "/claims/:id/documents/:doc"}))
finish(CASE, {
    "root_cause": {"service": "doc-vault", "component": "EnvelopeDecryptor: one KMS Decrypt per document (no data-key cache) exceeds the KMS request quota",
                   "error_type": "KmsException", "file": None},
    "category": "resource",
    "symptoms": [{"service": "claims-portal", "error_type": "DocumentUnavailableError"}, {"service": "policy-api", "error_type": "DocumentFetchException"},
                 {"service": "ingress-nginx", "error_type": "HTTP_503"}],
    "why": "doc-vault calls KMS Decrypt for every document; as Monday traffic ramps up its Decrypt calls, on top of the other KMS users in the account, pass the account's shared KMS request quota (its own counter shows throttled Decrypt calls from about 08:09), so KMS throttles with Rate exceeded (KmsException) and doc-vault answers 503 to claims-portal and policy-api.",
})
