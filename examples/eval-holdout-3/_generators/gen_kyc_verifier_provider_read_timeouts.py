#!/usr/bin/env python3
"""kyc-verifier-provider-read-timeouts

kyc-verifier (Python, httpx) sends every new customer's ID document to the external
identity-verification provider VerifyMe (8 s read timeout). From 11:02 VerifyMe's EU document
endpoint slows down (its status page says "elevated response times" from 11:09): most calls
end in httpx.ReadTimeout (chained from httpcore.ReadTimeout), which kyc-verifier turns into
ProviderUnavailable and a 503; a few slow calls still succeed. onboarding-api (Spring) retries
3 times and logs each attempt and the failed signup (KycUnavailableException); the ingress
shows the 503s. Sanctions screening (another vendor) in the same service stays healthy.
Noise: a PEP-list refresh warning, an old address-autocomplete error in onboarding-api,
client-closed 499s at the ingress, a flaky metrics scrape error.
Sentry issue alert on onboarding-api (Java).
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, py, pytb, spring, nginx_line, sentry_alert, pod, ip)

CASE = "kyc-verifier-provider-read-timeouts"
rng = Rng(20251014)
START, END = dt("2025-10-14T10:35:00"), dt("2025-10-14T11:35:00")
SLOW = dt("2025-10-14T11:02:00")
SP = "/usr/local/lib/python3.12/site-packages"

kv, ob, ing = LogFile(), LogFile(), LogFile()
KV_PODS = [pod(rng, "kyc-verifier", "7c6d9f8b5") for _ in range(2)]
OB_PODS = [pod(rng, "onboarding-api", "5f9b7c6d8") for _ in range(3)]

TB = pytb([
    ([(SP + "/httpx/_transports/default.py", 72, "map_httpcore_exceptions", "yield"),
      (SP + "/httpx/_transports/default.py", 236, "handle_request", "resp = self._pool.handle_request(req)"),
      (SP + "/httpcore/_sync/connection_pool.py", 216, "handle_request", "raise exc from None"),
      (SP + "/httpcore/_exceptions.py", 14, "map_exceptions", "raise to_exc(exc) from exc")],
     "httpcore.ReadTimeout: The read operation timed out", "cause"),
    ([("/app/kyc_verifier/provider.py", 77, "verify_document", "resp = self._client.post(\"/v2/verifications\", json=payload, timeout=self._timeout)"),
      (SP + "/httpx/_client.py", 1145, "post", "return self.request("),
      (SP + "/httpx/_client.py", 1014, "_send_single_request", "response = transport.handle_request(request)"),
      (SP + "/httpx/_transports/default.py", 89, "map_httpcore_exceptions", "raise mapped_exc(message) from exc")],
     "httpx.ReadTimeout: The read operation timed out", "during"),
    ([("/app/kyc_verifier/api.py", 39, "verify", "result = provider.verify_document(doc)"),
      ("/app/kyc_verifier/provider.py", 81, "verify_document", "raise ProviderUnavailable(f\"VerifyMe did not answer within {self._timeout}s\")")],
     "kyc_verifier.errors.ProviderUnavailable: VerifyMe did not answer within 8.0s", None)])

OB_CHAIN = ("com.acme.onboarding.kyc.KycUnavailableException: identity verification unavailable\n"
            "\tat com.acme.onboarding.kyc.KycClient.verify(KycClient.java:64)\n"
            "\tat com.acme.onboarding.signup.SignupService.verifyIdentity(SignupService.java:118)\n"
            "\tat com.acme.onboarding.web.SignupController.submitDocument(SignupController.java:52)\n"
            "Caused by: org.springframework.web.client.HttpServerErrorException$ServiceUnavailable: 503 Service Unavailable: \"{\"detail\":\"provider unavailable\"}\"\n"
            "\tat org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:116)\n"
            "\tat com.acme.onboarding.kyc.KycClient.verify(KycClient.java:58)\n"
            "\t... 62 common frames omitted")


def provider_latency(t):
    if t < SLOW:
        return rng.lognorm_ms(1400, 0.3)
    ramp = min(1.0, (t - SLOW).total_seconds() / 300.0)
    return rng.lognorm_ms(1400 + 9000 * ramp, 0.35)


def verify(t, trace, parent):
    p = rng.choice(KV_PODS)
    lat = provider_latency(t)
    if lat <= 8000:
        td = t + timedelta(milliseconds=lat + rng.randint(10, 40))
        kv.add(td, py(td, "INFO", "kyc_verifier.api", "POST /v1/verify 200 provider=verifyme decision=%s provider_ms=%d trace_id=%s" % (rng.choice(["approved", "approved", "approved", "review"]), lat, trace), p))
        return True, td
    td = t + timedelta(milliseconds=8000 + rng.randint(5, 30))
    kv.add(td, py(td, "ERROR", "kyc_verifier.api", "POST /v1/verify 503 provider=verifyme trace_id=%s span_id=%s\n%s" % (trace, rng.hex(16), TB), p))
    return False, td


for t in rng.times(START, END, 1.1):
    trace = rng.hex(32)
    op = rng.choice(OB_PODS)
    th = "http-nio-8080-exec-%d" % rng.randint(1, 200)
    span = rng.hex(16)
    ta = t + timedelta(milliseconds=20)
    ok = False
    for attempt in (1, 2, 3):
        ok, td = verify(ta, trace, span)
        if ok:
            break
        ob.add(td + timedelta(milliseconds=3), spring(td + timedelta(milliseconds=3), "ERROR", "onboarding-api", trace, span, th, "c.a.onboarding.kyc.KycClient",
                                                      "identity verification attempt %d/3 failed\n%s" % (attempt, OB_CHAIN)))
        ta = td + timedelta(milliseconds=500)
    tend = td + timedelta(milliseconds=rng.randint(15, 40))
    if ok:
        ob.add(tend, spring(tend, "INFO", "onboarding-api", trace, span, th, "c.a.onboarding.web.RequestLog", "POST /api/signup/document 200 in %dms" % int((tend - t).total_seconds() * 1000)))
        st = 200
    else:
        ob.add(tend, spring(tend, "ERROR", "onboarding-api", trace, span, th, "c.a.onboarding.web.ApiErrorHandler", "POST /api/signup/document failed: 503\n%s" % OB_CHAIN.split("\n")[0]))
        st = 503
    ing.add(tend, nginx_line(tend, ip(rng), "POST", "/api/signup/document", st, 310 if ok else 96, rng.choice(["AcmeBank-iOS/3.18.0 CFNetwork/1498.700.2", "AcmeBank-Android/3.18.0 okhttp/4.12.0"]),
                             (tend - t).total_seconds(), "onboarding-onboarding-api-8080", "10.31.%d.%d:8080" % (rng.randint(1, 4), rng.randint(2, 250)), trace, rng.randint(800000, 2600000)))

# sanctions screening (other vendor) keeps working
for t in rng.times(START, END, 2.0):
    kv.add(t, py(t, "INFO", "kyc_verifier.sanctions", "screening ok provider=complyfirst hits=0 provider_ms=%d trace_id=%s" % (rng.lognorm_ms(180), rng.hex(32)), rng.choice(KV_PODS)))
# vendor status poll
for m in range(0, 60, 5):
    t = START + timedelta(minutes=m, seconds=44)
    if t < dt("2025-10-14T11:09:00"):
        kv.add(t, py(t, "INFO", "kyc_verifier.status", "verifyme status page: all systems operational", KV_PODS[0]))
    else:
        kv.add(t, py(t, "WARNING", "kyc_verifier.status", "verifyme status page: degraded_performance - 'Elevated response times for document verification (EU region)' (incident since 11:09 UTC)", KV_PODS[0]))
for m in range(0, 60):
    t = START + timedelta(minutes=m, seconds=58)
    kv.add(t, py(t, "INFO", "kyc_verifier.metrics", "verifyme latency p95=%dms timeouts_1m=%d" % (min(8000, int(1900 if t < SLOW else 1900 + 6100 * min(1.0, (t - SLOW).total_seconds() / 300))), 0 if t < SLOW else rng.randint(1, 3)), KV_PODS[m % 2]))

# ---- noise -------------------------------------------------------------------------------------
for t in rng.times(START, END, 0.3):
    ob.add(t, spring(t, "ERROR", "onboarding-api", rng.hex(32), rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 200), "c.a.onboarding.address.AddressAutocomplete",
                     "address autocomplete failed, manual entry shown\ncom.acme.onboarding.address.AddressLookupException: 401 from loqate (key scope mismatch, ticket OPS-5521)\n\tat com.acme.onboarding.address.AddressAutocomplete.suggest(AddressAutocomplete.java:44)"))
for t in rng.times(START, END, 0.15):
    kv.add(t, py(t, "WARNING", "kyc_verifier.pep", "PEP list refresh skipped: upstream file unchanged since 2025-10-13T22:00Z", rng.choice(KV_PODS)))
for t in rng.times(START, END, 0.25):
    ing.add(t, nginx_line(t, ip(rng), "GET", "/api/signup/status", 499, 0, "AcmeBank-Android/3.18.0 okhttp/4.12.0", 10.0, "onboarding-onboarding-api-8080", "10.31.2.77:8080", rng.hex(32)))
for m in range(0, 60, 4):
    t = START + timedelta(minutes=m, seconds=7)
    ob.add(t, spring(t, "WARN", "onboarding-api", "", "", "micrometer-export", "i.m.s.b.r.StepMeterRegistry", "failed to send metrics to otlp collector: connect timed out (will retry next step)"))

d = reset_logs(CASE)
kv.write(d + "/kyc-verifier.log")
ob.write(d + "/onboarding-api.log")
ing.write(d + "/ingress-nginx.access.log")

when = dt("2025-10-14T11:04:19.552")
frames = [
    {"filename": "SignupController.java", "abs_path": "SignupController.java", "module": "com.acme.onboarding.web.SignupController", "function": "submitDocument", "lineno": 52, "in_app": True},
    {"filename": "SignupService.java", "abs_path": "SignupService.java", "module": "com.acme.onboarding.signup.SignupService", "function": "verifyIdentity", "lineno": 118, "in_app": True},
    {"filename": "KycClient.java", "abs_path": "KycClient.java", "module": "com.acme.onboarding.kyc.KycClient", "function": "verify", "lineno": 64, "in_app": True},
]
write_json(d + "/../alert.json", sentry_alert(
    event_id="2b9f4c7e1a0d48e6b3c5f9a2d7e10c84", project=4508011, release="onboarding-api@2.41.0", platform="java", when=when,
    logger="com.acme.onboarding.web.ApiErrorHandler", title="KycUnavailableException: identity verification unavailable",
    culprit="com.acme.onboarding.kyc.KycClient in verify", location="KycClient.java",
    tags=[("environment", "production"), ("handled", "yes"), ("level", "error"), ("mechanism", "logback"), ("release", "onboarding-api@2.41.0"),
          ("server_name", OB_PODS[2]), ("transaction", "POST /api/signup/document"), ("url", "https://api.acmebank.example/api/signup/document")],
    request={"method": "POST", "url": "https://api.acmebank.example/api/signup/document", "headers": [["Content-Type", "application/json"], ["User-Agent", "AcmeBank-iOS/3.18.0 CFNetwork/1498.700.2"]]},
    exc_type="KycUnavailableException", exc_value="identity verification unavailable", exc_module="com.acme.onboarding.kyc", mechanism="logback",
    frames=frames, org="acmebank", slug="onboarding-api", issue_id="6502214478", rule="onboarding-api: issue seen more than 30 times in 10m",
    installation="0d7b3e9a-5c21-4f86-a4e0-8b1c6d2f9e57"))
finish(CASE, {
    "root_cause": {"service": "kyc-verifier", "component": "VerifyMe document-verification API (external provider, EU region degraded from 11:02; 8 s read timeout)",
                   "error_type": "ReadTimeout", "file": None},
    "category": "dependency",
    "symptoms": [{"service": "onboarding-api", "error_type": "KycUnavailableException"},
                 {"service": "kyc-verifier", "error_type": "ProviderUnavailable"},
                 {"service": "ingress-nginx", "error_type": "HTTP_503"}],
    "why": "From 11:02 the external VerifyMe document API slows to beyond kyc-verifier's 8 s read timeout (its status page reports degraded EU performance from 11:09), so most verifications end in httpx ReadTimeout, wrapped as ProviderUnavailable and a 503; sanctions screening with another vendor is fine. onboarding-api's three attempts make KycUnavailableException loudest; the fix is on the provider side or a fallback provider, not in our callers.",
})
