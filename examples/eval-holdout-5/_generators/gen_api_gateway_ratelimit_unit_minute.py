#!/usr/bin/env python3
"""api-gateway-ratelimit-unit-minute

At 14:20:05 a GitOps commit to api-gateway's rate-limit config (envoy + ratelimit sidecar) meant to
add a descriptor for a new partner also changed the per-tenant default from 100 per second to
100 per minute. The gateway reloads it (logged once, no error) and from then answers most tenant
traffic with 429 (response flag RL). mobile-bff (JSONL) logs UpstreamRateLimitedException on every
429 and retries (the loudest); partner-sync (Python) fails its sync batches with HTTPError 429.
api-gateway itself logs no exception: only the reload line, over-limit warnings and 429s.
Noise: mobile-bff deprecated-client warnings and an older PushTokenInvalidException, partner-sync
pagination warnings, a flaky gateway health check (503).
Generic alert on mobile-bff.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, envoy_line, logfmt, py, pytb,
                    generic_alert, uuid, ip)

CASE = "api-gateway-ratelimit-unit-minute"
rng = Rng(20260317)
START, END = dt("2026-03-17T13:58:00"), dt("2026-03-17T14:44:00")
RELOAD = dt("2026-03-17T14:20:05.412")
gw, gwa, mb, ps = LogFile(), LogFile(), LogFile(), LogFile()
TENANTS = ["t-%04d" % rng.randint(1000, 9999) for _ in range(12)]
DEP = {"version": "5.6.1", "commit": "0c7aa19"}


def limited(t, tenant):
    if t < RELOAD:
        return False
    # the access log is a 1-in-20 sample; 100/minute per tenant is used up within the first ~15 s
    return t.second >= 12 or rng.random() < 0.2


gw.add(START + timedelta(seconds=3), logfmt(START + timedelta(seconds=3), "info", "config loaded", rev="a91f2c4", domain="tenant-api",
       descriptors=14, default_limit="100/second"))
gw.add(RELOAD, logfmt(RELOAD, "info", "runtime config reloaded", rev="d27e6b0", domain="tenant-api", descriptors=15,
       default_limit="100/minute", source="git@git.acme.internal:platform/gateway-config.git"))
gw.add(RELOAD + timedelta(milliseconds=3), logfmt(RELOAD + timedelta(milliseconds=3), "info", "descriptor added", key="tenant_id", value="t-partner-lumen", limit="600/minute"))
for t in rng.times(START, END, 22):
    tenant = rng.choice(TENANTS)
    rid = uuid(rng)
    path = rng.choice(["/v3/orders", "/v3/catalog/items", "/v3/customers/me", "/v3/orders/%d" % rng.randint(10 ** 6, 10 ** 7)])
    partner = rng.random() < 0.2
    ua = "partner-sync/2.3.0 python-requests/2.31.0" if partner else "mobile-bff/11.2.0"
    if limited(t, tenant):
        gwa.add(t, envoy_line(t, "GET", path, 429, "RL", "request_rate_limited", 0, 18, 1, None, ip(rng, "10.42"), ua, rid, "api.acme.io", "-"))
        if rng.random() < 0.04:
            gw.add(t, logfmt(t, "warn", "over limit", domain="tenant-api", descriptor="tenant_id=%s" % tenant, limit="100/minute"))
        if partner:
            tb = pytb([([("/app/partner_sync/run.py", 77, "sync_page", "resp.raise_for_status()"),
                         ("/usr/local/lib/python3.12/site-packages/requests/models.py", 1024, "raise_for_status", "raise HTTPError(http_error_msg, response=self)")],
                        "requests.exceptions.HTTPError: 429 Client Error: Too Many Requests for url: https://api.acme.io%s" % path, None)])
            ps.add(t + timedelta(milliseconds=4), py(t + timedelta(milliseconds=4), "ERROR", "partner_sync.run", "page sync failed tenant=%s\n%s" % (tenant, tb)))
        else:
            for a in range(2):
                ta = t + timedelta(milliseconds=3 + 250 * a)
                mb.add(ta, jrec(ta, "ERROR", "mobile-bff", "upstream %s answered 429 (attempt %d/2)" % (path, a + 1), component="com.acme.mobile.upstream.GatewayClient",
                                error_type="com.acme.mobile.upstream.UpstreamRateLimitedException", trace_id=rng.hex(32), span_id=rng.hex(16), deploy=DEP,
                                attrs={"tenant": tenant, "request_id": rid}))
    else:
        d = rng.lognorm_ms(40)
        gwa.add(t, envoy_line(t, "GET", path, 200, "-", "via_upstream", 0, rng.randint(300, 20000), d, d - 1, ip(rng, "10.42"), ua, rid, "api.acme.io", "10.42.9.%d:8080" % rng.randint(2, 250)))
        if not partner and rng.random() < 0.3:
            mb.add(t + timedelta(milliseconds=d), jrec(t + timedelta(milliseconds=d), "INFO", "mobile-bff", "GET %s 200 in %dms" % (path, d + 8), component="com.acme.mobile.web.RequestLog", deploy=DEP, attrs={"tenant": tenant}))
        if partner and rng.random() < 0.3:
            ps.add(t + timedelta(milliseconds=d), py(t + timedelta(milliseconds=d), "INFO", "partner_sync.run", "synced page tenant=%s rows=%d" % (tenant, rng.randint(20, 200))))
# noise
for t in rng.times(START, END, 0.8):
    mb.add(t, jrec(t, "WARN", "mobile-bff", "client version 7.%d.0 is deprecated; upgrade banner sent" % rng.randint(0, 9), component="com.acme.mobile.web.ClientVersionFilter", deploy=DEP))
for t in rng.times(START, END, 0.6):
    mb.add(t, jrec(t, "ERROR", "mobile-bff", "push token rejected by APNs: BadDeviceToken", component="com.acme.mobile.push.ApnsSender",
                   error_type="com.acme.mobile.push.PushTokenInvalidException", deploy=DEP))
for t in rng.times(START, END, 0.3):
    ps.add(t, py(t, "WARNING", "partner_sync.pager", "cursor expired, restarting page from last checkpoint"))
for m in range(46):
    t = START + timedelta(minutes=m, seconds=7)
    st = 503 if rng.random() < 0.07 else 200
    gwa.add(t, envoy_line(t, "GET", "/ready", st, "UF" if st == 503 else "-", "via_upstream", 0, 2, 2, 1, "10.42.0.1", "kube-probe/1.29", uuid(rng), "api-gateway", "127.0.0.1:9901"))

d = reset_logs(CASE)
gw.write(d + "/api-gateway.log")
gwa.write(d + "/api-gateway.access.log")
mb.write(d + "/mobile-bff.jsonl")
ps.write(d + "/partner-sync.log")
write_json(d + "/../alert.json", generic_alert("mobile-bff", "mobile-bff upstream error rate above 10%", "critical",
           "mobile-bff-upstream-errors", dt("2026-03-17T14:26:00"), {"team": "mobile", "env": "production", "upstream": "api-gateway"}))
finish(CASE, {
    "root_cause": {"service": "api-gateway", "component": "rate-limit config rev d27e6b0 (tenant default 100/minute instead of 100/second)",
                   "error_type": None, "file": "ratelimit/config/tenant-api.yaml"},
    "category": "config",
    "symptoms": [{"service": "mobile-bff", "error_type": "UpstreamRateLimitedException"}, {"service": "partner-sync", "error_type": "HTTPError"}],
    "why": "The 14:20:05 gateway config revision d27e6b0 changed the per-tenant default rate limit from 100/second to 100/minute while adding a partner descriptor, so api-gateway rejects most tenant requests with 429 (flag RL); mobile-bff and partner-sync only report the 429s they receive.",
})
