#!/usr/bin/env python3
"""fraud-scorer-model-uri-missing

fraud-scorer (Python, uvicorn) scores every checkout payment. It watches its mounted config
file and hot-reloads the model when model_uri changes; the reload drops the current model
before loading the new one. At 13:20 a GitOps commit ("bump fraud model to v48") changes
model_uri to s3://acme-ml-models/fraud/v48/model.onnx, an object that was never published.
Both pods log the config change and a botocore ClientError (404 on HeadObject), keep no model
and answer 503 ModelNotLoadedError to every /v1/score call; the loader retries every 5 min
with the same ClientError. checkout-api (Spring) fails closed: it retries twice and rejects
the payment with FraudCheckException, so fraud-scorer's ModelNotLoadedError lines are the
loudest and checkout's the most visible, while the cause is the config's model_uri.
Noise: a VIES VAT-check outage in checkout-api since the morning, missing-feature warnings,
redis background saves, client-closed 499s at the ingress.
Sentry issue alert on checkout-api (Java).
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, pylog, spring, nginx_line, pytb,
                    sentry_alert)

CASE = "fraud-scorer-model-uri-missing"
rng = Rng(20251007)
START, END = dt("2025-10-07T12:45:00"), dt("2025-10-07T13:58:00")
CHANGE = dt("2025-10-07T13:20:14.880")

fs, co, ing, rc = LogFile(), LogFile(), LogFile(), LogFile()
FS_PODS = ["fraud-scorer-7d4c9b6f8-5lq2x", "fraud-scorer-7d4c9b6f8-wz8kc"]
CO_PODS = ["checkout-api-6b8f9c7d5-2mtq4", "checkout-api-6b8f9c7d5-h7vxr", "checkout-api-6b8f9c7d5-x4pn9"]
SP = "/opt/venv/lib/python3.11/site-packages"
V47 = "s3://acme-ml-models/fraud/v47/model.onnx"
V48 = "s3://acme-ml-models/fraud/v48/model.onnx"


def py(t, level, logger, pod, msg):
    return "%s %s [%s] %s %s" % (pylog(t), level, logger, pod, msg)


CLIENT_TB = pytb([
    ([("/app/fraud_scorer/model/loader.py", 57, "load", "self._s3.head_object(Bucket=bucket, Key=key)"),
      (SP + "/botocore/client.py", 569, "_api_call", "return self._make_api_call(operation_name, kwargs)"),
      (SP + "/botocore/client.py", 1023, "_make_api_call", "raise error_class(parsed_response, operation_name)")],
     "botocore.exceptions.ClientError: An error occurred (404) when calling the HeadObject operation: Not Found", None)])

for pod in FS_PODS:
    t = START + timedelta(seconds=rng.randint(2, 40))
    fs.add(t, py(t, "INFO", "fraud_scorer.model", pod, "model loaded: %s (sha256 5be0c1..., 412 features, AUC 0.941)" % V47))
loaded = {p: True for p in FS_PODS}
reload_at = {}
for i, pod in enumerate(FS_PODS):
    t = CHANGE + timedelta(seconds=1.5 + 2.7 * i)
    fs.add(t, py(t, "INFO", "fraud_scorer.config", pod, "config change detected in /etc/fraud-scorer/config.yaml (git rev 8c1f2e4 \"bump fraud model to v48\"): model_uri %s -> %s" % (V47, V48)))
    fs.add(t + timedelta(milliseconds=4), py(t + timedelta(milliseconds=4), "INFO", "fraud_scorer.model", pod, "unloading model %s" % V47))
    tr = t + timedelta(milliseconds=180)
    k = 0
    while tr < END:
        fs.add(tr, py(tr, "ERROR", "fraud_scorer.model", pod, "model load failed for %s; no model loaded, /v1/score will answer 503 until a load succeeds\n%s" % (V48, CLIENT_TB)))
        fs.add(tr + timedelta(milliseconds=2), py(tr + timedelta(milliseconds=2), "INFO", "fraud_scorer.model", pod, "next model load attempt in 300s"))
        tr = tr + timedelta(seconds=300, milliseconds=rng.randint(0, 400))
        k += 1
    reload_at[pod] = t + timedelta(milliseconds=4)

# ---- payments: ingress -> checkout-api -> fraud-scorer ---------------------------------------
for t in rng.times(START, END, 4.5):
    trace = rng.hex(32)
    order = "o-%d" % rng.randint(50000000, 59999999)
    copod = rng.choice(CO_PODS)
    amount = rng.randint(900, 90000)
    failed = 0
    for attempt in (1, 2, 3):
        ta = t + timedelta(milliseconds=40 + 250 * (attempt - 1))
        pod = rng.choice(FS_PODS)
        if ta >= reload_at[pod]:
            fs.add(ta, py(ta, "ERROR", "fraud_scorer.api", pod, "POST /v1/score 503 trace_id=%s: ModelNotLoadedError: no model loaded (last load of %s failed)" % (trace, V48)))
            failed += 1
            if attempt < 3:
                co.add(ta + timedelta(milliseconds=5), spring(ta + timedelta(milliseconds=5), "WARN", "checkout-api", trace, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 100),
                                                              "c.a.checkout.fraud.FraudClient", "fraud score attempt %d/3 failed: 503 SERVICE_UNAVAILABLE, retrying in 200ms" % attempt))
        else:
            if rng.random() < 0.2:
                fs.add(ta + timedelta(milliseconds=12), py(ta + timedelta(milliseconds=12), "INFO", "fraud_scorer.api", pod, "POST /v1/score 200 trace_id=%s score=0.%03d %dms" % (trace, rng.randint(1, 400), rng.lognorm_ms(11))))
            break
    ip = "100.64.%d.%d" % (rng.randint(0, 63), rng.randint(1, 254))
    ua = rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "AcmeShop-Android/9.7.0"])
    up = "10.90.3.%d:8080" % rng.randint(10, 50)
    if failed == 3:
        te = t + timedelta(milliseconds=560)
        co.add(te, spring(te, "ERROR", "checkout-api", trace, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 100), "c.a.checkout.payment.PaymentController",
                          "payment for order %s rejected: fraud check unavailable (fail-closed)\n"
                          "com.acme.checkout.fraud.FraudCheckException: fraud score unavailable after 3 attempts\n"
                          "\tat com.acme.checkout.fraud.FraudClient.score(FraudClient.java:71)\n"
                          "\tat com.acme.checkout.fraud.FraudGate.check(FraudGate.java:38)\n"
                          "\tat com.acme.checkout.payment.PaymentController.pay(PaymentController.java:57)\n"
                          "Caused by: org.springframework.web.client.HttpServerErrorException$ServiceUnavailable: 503 Service Unavailable: \"{\"detail\":\"no model loaded\"}\"\n"
                          "\tat org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:116)\n"
                          "\tat com.acme.checkout.fraud.FraudClient.call(FraudClient.java:88)\n"
                          "\t... 48 common frames omitted" % order))
        ing.add(te, nginx_line(te, ip, "POST", "/api/checkout/pay", 502, 98, ua, 0.56, "shop-checkout-api-8080", up, trace))
    else:
        ms = rng.lognorm_ms(180) + 250 * failed
        co.add(t + timedelta(milliseconds=ms), spring(t + timedelta(milliseconds=ms), "INFO", "checkout-api", trace, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 100),
                                                     "c.a.checkout.web.RequestLog", "POST /api/checkout/pay 200 in %dms (order %s)" % (ms, order)))
        ing.add(t + timedelta(milliseconds=ms), nginx_line(t + timedelta(milliseconds=ms), ip, "POST", "/api/checkout/pay", 200, 240, ua, ms / 1000, "shop-checkout-api-8080", up, trace))

# ---- noise ------------------------------------------------------------------------------------
for t in rng.times(START, END, 0.4):
    co.add(t, spring(t, "ERROR", "checkout-api", rng.hex(32), rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 100), "c.a.checkout.vat.ViesClient",
                     "VAT id check failed, accepting order without validation: MS_UNAVAILABLE for member state DE (failing since 07:40)\n"
                     "com.acme.checkout.vat.ViesUnavailableException: MS_UNAVAILABLE\n\tat com.acme.checkout.vat.ViesClient.check(ViesClient.java:64)"))
for t in rng.times(START, END, 0.5):
    fs.add(t, py(t, "WARNING", "fraud_scorer.features", rng.choice(FS_PODS), "feature 'device_age_days' missing in %.1f%% of requests (last 5m); imputing median" % rng.uniform(2, 4)))
for m in range(0, 73, 6):
    t = START + timedelta(minutes=m, seconds=3)
    rc.add(t, "1:M %s.%03d * 100 changes in 300 seconds. Saving..." % (t.strftime("%d %b %Y %H:%M:%S"), t.microsecond // 1000))
    rc.add(t, "1:M %s.%03d * Background saving started by pid %d" % (t.strftime("%d %b %Y %H:%M:%S"), 1, 4100 + m))
    t2 = t + timedelta(seconds=2)
    rc.add(t2, "%d:C %s.%03d * DB saved on disk" % (4100 + m, t2.strftime("%d %b %Y %H:%M:%S"), 512))
    rc.add(t2, "1:M %s.%03d * Background saving terminated with success" % (t2.strftime("%d %b %Y %H:%M:%S"), 611))
for t in rng.times(START, END, 0.3):
    ing.add(t, nginx_line(t, "100.64.%d.%d" % (rng.randint(0, 63), rng.randint(1, 254)), "GET", "/api/checkout/session", 499, 0, "Mozilla/5.0 (Linux; Android 14)", 4.998, "shop-checkout-api-8080", "10.90.3.%d:8080" % rng.randint(10, 50), rng.hex(32)))

d = reset_logs(CASE)
fs.write(d + "/fraud-scorer.log")
co.write(d + "/checkout-api.log")
ing.write(d + "/ingress-nginx.access.log")
rc.write(d + "/feature-cache.log")

when = dt("2025-10-07T13:20:31.207")
frames = [
    {"filename": "PaymentController.java", "abs_path": "PaymentController.java", "module": "com.acme.checkout.payment.PaymentController",
     "function": "pay", "lineno": 57, "in_app": True},
    {"filename": "FraudGate.java", "abs_path": "FraudGate.java", "module": "com.acme.checkout.fraud.FraudGate", "function": "check", "lineno": 38, "in_app": True},
    {"filename": "FraudClient.java", "abs_path": "FraudClient.java", "module": "com.acme.checkout.fraud.FraudClient", "function": "score", "lineno": 71, "in_app": True},
]
alert = sentry_alert(
    event_id="7f2c0e9a4b1d4e6f9a3c5b8d0e2f4a61", project=4507390, release="checkout-api@6.14.1", platform="java",
    when=when, logger="com.acme.checkout.payment.PaymentController", title="FraudCheckException: fraud score unavailable after 3 attempts",
    culprit="com.acme.checkout.fraud.FraudClient in score", location="FraudClient.java",
    tags=[("environment", "production"), ("handled", "no"), ("level", "error"), ("mechanism", "UncaughtExceptionHandler"),
          ("release", "checkout-api@6.14.1"), ("server_name", CO_PODS[1]), ("transaction", "POST /api/checkout/pay"),
          ("url", "https://shop.acme.example/api/checkout/pay")],
    request={"method": "POST", "url": "https://shop.acme.example/api/checkout/pay",
             "headers": [["Content-Type", "application/json"], ["User-Agent", "AcmeShop-Android/9.7.0"]]},
    exc_type="FraudCheckException", exc_value="fraud score unavailable after 3 attempts", exc_module="com.acme.checkout.fraud",
    mechanism="UncaughtExceptionHandler", frames=frames, org="acme", slug="checkout-api", issue_id="6330981147",
    rule="checkout-api: more than 20 events in 5m", installation="5a0e7c3d-9b21-4f68-8d4e-1c7b9f2a6e03")
write_json(d + "/../alert.json", alert)
finish(CASE, {
    "root_cause": {"service": "fraud-scorer",
                   "component": "config.yaml model_uri s3://acme-ml-models/fraud/v48/model.onnx (git rev 8c1f2e4; object never published); hot reload unloads the old model first",
                   "error_type": "ClientError", "file": "config.yaml"},
    "category": "config",
    "symptoms": [{"service": "fraud-scorer", "error_type": "ModelNotLoadedError"},
                 {"service": "checkout-api", "error_type": "FraudCheckException"},
                 {"service": "ingress-nginx", "error_type": "HTTP_502"}],
    "why": "The 13:20 config commit pointed fraud-scorer's model_uri at fraud/v48/model.onnx, which does not exist; the hot reload dropped the v47 model and the load fails with ClientError 404 on HeadObject (retried every 5 min), so every score request gets 503 ModelNotLoadedError and checkout-api rejects payments with FraudCheckException. Revert model_uri to v47 (and load before unloading).",
})
