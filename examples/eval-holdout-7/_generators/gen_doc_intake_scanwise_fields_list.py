"""doc-intake-scanwise-fields-list (dependency): the external OCR vendor ScanWise starts answering
its v2 extract endpoint with `fields` as a list (build 2025.06.2) instead of an object; doc-intake's
pydantic model rejects every response (ValidationError, wrapped in ExtractionError, SQS redelivers
3 times). The adjusters' dashboard polls claims-api, which logs every poll of a failed document."""
import os
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish, py, pytb, spring, nginx_line,
                    envoy_line, sentry_alert, ip, uuid, trace, span)

CASE = "doc-intake-scanwise-fields-list"
rng = Rng(7005)
logs = reset_logs(CASE)
START, END = dt("2025-07-02T08:50:00"), dt("2025-07-02T10:30:00")
VENDOR_CHANGE = dt("2025-07-02T09:31:20")

di, ca, ing, eg = LogFile(), LogFile(), LogFile(), LogFile()
CA_THREADS = ["http-nio-8080-exec-%d" % i for i in range(1, 25)]
ADJ = ["10.20.%d.%d" % (rng.randint(1, 3), rng.randint(2, 250)) for _ in range(9)]  # adjusters' desks behind the office NAT
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0"
KINDS = ["invoice", "police_report", "repair_estimate", "medical_bill", "photo_set"]


def tb(doc, rid, fields_preview):
    inner = ([
        ("/app/doc_intake/scanwise.py", 77, "extract", "return ExtractionResult.model_validate(payload)"),
        ("/usr/local/lib/python3.11/site-packages/pydantic/main.py", 596, "model_validate", "return cls.__pydantic_validator__.validate_python("),
    ], "pydantic_core._pydantic_core.ValidationError: 1 validation error for ExtractionResult\n"
       "fields\n"
       "  Input should be a valid dictionary [type=dict_type, input_value=[{'name': '%s', 'value'...nfidence': 0.97}], input_type=list]\n"
       "    For further information visit https://errors.pydantic.dev/2.7/v/dict_type" % fields_preview, "cause")
    outer = ([
        ("/app/doc_intake/worker.py", 58, "handle", "result = client.extract(doc)"),
        ("/app/doc_intake/scanwise.py", 79, "extract", 'raise ExtractionError(f"ScanWise response did not match schema (request_id={rid}, build={build})") from exc'),
    ], "doc_intake.scanwise.ExtractionError: ScanWise response did not match schema (request_id=%s, build=2025.06.2)" % rid, None)
    return pytb([inner, outer])


docs = []
for t in rng.times(START, END, 0.5):
    doc = "D-%d" % rng.randint(7000000, 7999999)
    claim = "CL-%d" % rng.randint(200000, 299999)
    kind = rng.choice(KINDS)
    pages = rng.randint(1, 9)
    di.add(t, py(t, "INFO", "doc_intake.worker", "received document doc=%s claim=%s kind=%s pages=%d queue=claims-docs receive_count=1" % (doc, claim, kind, pages)))
    failed = False
    tt = t
    for receive in range(1, 4):
        rid = "sw-" + rng.hex(20)
        ms = rng.lognorm_ms(1400 + 300 * pages)
        tt = tt + timedelta(milliseconds=ms)
        bytes_out = 1200 + 380 * pages
        if tt < VENDOR_CHANGE:
            eg.add(tt, envoy_line(tt, "POST", "/v2/extract", 200, "-", "via_upstream", 90000 * pages, rng.randint(3600, 4600), ms + 4, ms,
                                  "10.20.40.%d" % rng.randint(2, 60), "python-httpx/0.27.0", "%s-%s" % (rng.hex(8), rng.hex(4)), "api.scanwise.example", "52.29.%d.%d:443" % (rng.randint(0, 255), rng.randint(1, 254))))
            di.add(tt, py(tt, "INFO", "doc_intake.scanwise", "extract ok doc=%s request_id=%s build=2025.06.1 fields=%d took_ms=%d" % (doc, rid, rng.randint(9, 22), ms)))
            break
        failed = True
        eg.add(tt, envoy_line(tt, "POST", "/v2/extract", 200, "-", "via_upstream", 90000 * pages, rng.randint(5200, 6900), ms + 4, ms,
                              "10.20.40.%d" % rng.randint(2, 60), "python-httpx/0.27.0", "%s-%s" % (rng.hex(8), rng.hex(4)), "api.scanwise.example", "52.29.%d.%d:443" % (rng.randint(0, 255), rng.randint(1, 254))))
        di.add(tt, py(tt, "ERROR", "doc_intake.worker", "extraction failed doc=%s claim=%s receive_count=%d" % (doc, claim, receive)) + "\n" +
               tb(doc, rid, rng.choice(["policy_number", "claimant_name", "invoice_total", "incident_date"])))
        if receive < 3:
            tt = tt + timedelta(seconds=120 + rng.uniform(0, 3))  # SQS visibility timeout
            di.add(tt, py(tt, "INFO", "doc_intake.worker", "received document doc=%s claim=%s kind=%s pages=%d queue=claims-docs receive_count=%d" % (doc, claim, kind, pages, receive + 1)))
        else:
            tt = tt + timedelta(milliseconds=40)
            di.add(tt, py(tt, "WARNING", "doc_intake.worker", "doc=%s exceeded maxReceiveCount=3, left for claims-docs-dlq" % doc))
    te = tt + timedelta(milliseconds=rng.randint(20, 80))
    di.add(te, py(te, "INFO", "doc_intake.worker", "status doc=%s -> %s" % (doc, "FAILED" if failed else "EXTRACTED")))
    docs.append((t, te, doc, claim, failed))

# adjusters' dashboard polls the claim's documents every 15 s while the claim is open (about 2-3 minutes)
for t0, done, doc, claim, failed in docs:
    desk = rng.choice(ADJ)
    t = t0 + timedelta(seconds=rng.uniform(5, 30))
    if failed:  # the adjuster opens the claim while the document is still being retried
        t = max(t, done - timedelta(seconds=rng.uniform(10, 90)))
    after = rng.randint(5, 10)  # polls the adjuster sits through once a document has failed
    for i in range(60):
        if failed and t > done + timedelta(seconds=15 * after):
            break
        tr, sp = trace(rng), span(rng)
        th = rng.choice(CA_THREADS)
        ms = rng.randint(6, 30)
        te = t + timedelta(milliseconds=ms)
        path = "/api/claims/%s/documents" % claim
        rid = rng.hex(32)
        if failed and te > done:
            ca.add(te, spring(te, "ERROR", "claims-api", tr, sp, th, "c.a.claims.docs.DocumentStatusService",
                              "com.acme.claims.docs.DocumentExtractionFailedException: document %s of claim %s failed extraction (status=FAILED, reason=vendor_response_invalid)" % (doc, claim)))
            ing.add(te, nginx_line(te, desk, "GET", path, 502, 212, UA, ms / 1000.0, "claims-claims-api-8080", "10.20.8.%d:8080" % rng.randint(2, 250), rid, 520))
        else:
            status = "EXTRACTED" if te > done else "PROCESSING"
            ca.add(te, spring(te, "INFO", "claims-api", tr, sp, th, "c.a.claims.web.RequestLog", "GET %s 200 in %dms documents=1 status=%s" % (path, ms, status)))
            ing.add(te, nginx_line(te, desk, "GET", path, 200, 840, UA, ms / 1000.0, "claims-claims-api-8080", "10.20.8.%d:8080" % rng.randint(2, 250), rid, 520))
            if te > done:
                break
        t = t + timedelta(seconds=15)

# benign noise
di.add(START - timedelta(hours=3), py(START - timedelta(hours=3), "INFO", "doc_intake", "doc-intake 3.7.2 started, queue=claims-docs concurrency=4 scanwise_api=v2"))
for t in rng.times(START, END, 1 / 6.0):
    di.add(t, py(t, "WARNING", "botocore.credentials", "Refreshing temporary credentials failed during advisory refresh period, will retry"))
for t in rng.times(START, END, 1 / 4.0):
    tr = trace(rng)
    ca.add(t, spring(t, "ERROR", "claims-api", tr, span(rng), "scheduling-1", "c.a.claims.sync.PolicySyncJob",
                     "policy sync failed for broker feed 'hanse-makler': com.acme.claims.sync.PolicyFeedException: SFTP login refused (since 2025-07-01)"))
for t in rng.times(START, END, 1 / 5.0):
    ca.add(t, spring(t, "WARN", "claims-api", "", "", "HikariPool-1 housekeeper", "com.zaxxer.hikari.pool.HikariPool",
                     "HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=%ds%dms)." % (rng.randint(61, 70), rng.randint(0, 999))))
for t in rng.times(START, END, 3.0):
    p = rng.choice(["/api/claims/CL-%d" % rng.randint(200000, 299999), "/api/claims?status=open&page=%d" % rng.randint(1, 5), "/api/adjusters/me"])
    ms = rng.randint(8, 120)
    ing.add(t, nginx_line(t, rng.choice(ADJ), "GET", p, 200, rng.randint(900, 14000), UA, ms / 1000.0, "claims-claims-api-8080", "10.20.8.%d:8080" % rng.randint(2, 250), rng.hex(32), 480))
for t in rng.times(START, END, 0.5):
    st = 503 if rng.random() < 0.04 else 200
    ing.add(t, nginx_line(t, "18.192.%d.%d" % (rng.randint(0, 255), rng.randint(1, 254)), "GET", "/healthz", st, 2 if st == 200 else 190,
                          "Site24x7", 0.001 if st == 200 else 0.0, "claims-claims-api-8080", "10.20.8.17:8080" if st == 200 else "-", rng.hex(32), 140))
for t in rng.times(START, END, 1 / 3.0):
    eg.add(t, envoy_line(t, "POST", "/oauth2/token", 200, "-", "via_upstream", 180, 1300, rng.randint(40, 120), rng.randint(38, 110), "10.20.40.%d" % rng.randint(2, 60),
                         "Apache-HttpClient/5.3", "%s-%s" % (rng.hex(8), rng.hex(4)), "login.partner-bank.example", "18.157.%d.%d:443" % (rng.randint(0, 255), rng.randint(1, 254))))

di.write(os.path.join(logs, "doc-intake.log"))
ca.write(os.path.join(logs, "claims-api.log"))
ing.write(os.path.join(logs, "ingress-nginx.access.log"))
eg.write(os.path.join(logs, "egress-envoy.access.log"))

first = next(d for d in docs if d[4])  # the first document that failed: Sentry's first event
when = first[1] + timedelta(seconds=21, milliseconds=120)
write_json(os.path.join(case_dir(CASE), "alert.json"), sentry_alert(
    event_id=rng.hex(32), project=4507910, release="claims-api@5.11.0", platform="java", when=when,
    logger="com.acme.claims.docs.DocumentStatusService", title="DocumentExtractionFailedException: document failed extraction (status=FAILED, reason=vendor_response_invalid)",
    culprit="com.acme.claims.docs.DocumentStatusService in status", location="DocumentStatusService.java",
    tags=[("environment", "production"), ("handled", "yes"), ("level", "error"), ("release", "claims-api@5.11.0"),
          ("server_name", "claims-api-66b8d7c9f4-t7kqz"), ("transaction", "GET /api/claims/{id}/documents")],
    request={"method": "GET", "url": "https://claims.acme-insurance.example/api/claims/%s/documents" % first[3],
             "headers": [["Accept", "application/json"], ["User-Agent", UA]]},
    exc_type="DocumentExtractionFailedException", exc_value="document %s of claim %s failed extraction (status=FAILED, reason=vendor_response_invalid)" % (first[2], first[3]),
    exc_module="com.acme.claims.docs", mechanism="logback",
    frames=[
        {"filename": "FrameworkServlet.java", "abs_path": "FrameworkServlet.java", "module": "org.springframework.web.servlet.FrameworkServlet",
         "function": "service", "lineno": 885, "in_app": False},
        {"filename": "DocumentController.java", "abs_path": "DocumentController.java", "module": "com.acme.claims.docs.DocumentController",
         "function": "list", "lineno": 39, "in_app": True},
        {"filename": "DocumentStatusService.java", "abs_path": "DocumentStatusService.java", "module": "com.acme.claims.docs.DocumentStatusService",
         "function": "status", "lineno": 71, "in_app": True}],
    org="acme-insurance", slug="claims-api", issue_id="5561190432",
    rule="claims-api: >50 events in 10m", installation=uuid(rng)))

finish(CASE, {
    "root_cause": {"service": "doc-intake", "component": "ScanWiseClient.extract: ExtractionResult.fields expects an object; ScanWise build 2025.06.2 returns a list on /v2/extract",
                   "error_type": "ValidationError", "file": None},
    "category": "dependency",
    "symptoms": [{"service": "claims-api", "error_type": "DocumentExtractionFailedException"},
                 {"service": "ingress-nginx", "error_type": "HTTP_502"},
                 {"service": "doc-intake", "error_type": "ExtractionError"}],
    "why": "From 09:31 the OCR vendor ScanWise (response build 2025.06.1 -> 2025.06.2, no change or restart on our side) returns `fields` as a list on its v2 extract API; doc-intake's pydantic model rejects every response (ValidationError, re-raised as ExtractionError) and SQS redelivers each document three times before the DLQ. claims-api logs an error on every dashboard poll of a failed document, which makes it loudest.",
})
