#!/usr/bin/env python3
"""ingress-nginx-global-read-timeout

At 09:58 Argo CD syncs a platform change ("fail fast on hung upstreams") into the shared
ingress-nginx controller ConfigMap: proxy-read-timeout and proxy-send-timeout drop from 60 s to
10 s for every ingress. The controller logs the ConfigMap UPDATE and reloads. From then on
report exports and year-range summaries of reports-api, which take 12-50 s, are cut at 10 s:
the controller logs "upstream timed out" and answers 504 (the reports UI retries twice, so
three 504s per export, the loudest); reports-api finishes the work and only notices the
client is gone (ClientAbortException warnings); ws-gateway's idle websockets are now closed
every 10 s and clients reconnect. Nothing is wrong in reports-api.
Noise: a canary service without endpoints (controller warning), reports-api cache-miss warnings,
an older reports-api error about a missing fiscal calendar, ws-gateway auth-token warnings.
Alertmanager alert on the ingress 504 rate of reports-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, nginx_line, lb, logfmt, alertmanager, ip)
from common import klog, nginx_err

CASE = "ingress-nginx-global-read-timeout"
rng = Rng(20260526)
START, END = dt("2026-05-26T09:35:00"), dt("2026-05-26T10:36:00")
SYNC = dt("2026-05-26T09:58:40.512")
RELOAD = SYNC + timedelta(milliseconds=730)
ng, ra, ws, ac = LogFile(), LogFile(), LogFile(), LogFile()
UPS = "reports-reports-api-8080"
RA_IPS = ["10.42.6.%d" % rng.randint(2, 250) for _ in range(3)]
cn = [310000]


def access(t, method, path, status, rt, upstream, ua="Mozilla/5.0", size=None):
    ng.add(t, nginx_line(t, ip(rng, "81.%d" % rng.randint(10, 200)), method, path, status,
                         size if size is not None else (rng.randint(2000, 90000) if status == 200 else 160), ua, rt,
                         upstream, "%s:8080" % rng.choice(RA_IPS), rng.hex(32)))


def slow_request(t, path, work_s, user_retry=True):
    """a request that takes work_s seconds in reports-api"""
    th = "http-nio-8080-exec-%d" % rng.randint(1, 80)
    timeout = 60 if t < RELOAD else 10
    tries = 3 if (user_retry and work_s > timeout) else 1
    ta = t
    for a in range(tries):
        if work_s <= timeout:
            te = ta + timedelta(seconds=work_s)
            access(te, "GET", path, 200, work_s, UPS)
            ra.add(te, lb(te, "INFO", th, "c.a.reports.web.RequestLog", "GET %s 200 %dms" % (path, int(work_s * 1000))))
            return
        te = ta + timedelta(seconds=10, milliseconds=rng.randint(0, 3))
        cn[0] += rng.randint(1, 40)
        up = rng.choice(RA_IPS)
        ng.add(te, nginx_err(te, "error", 31, cn[0], 'upstream timed out (110: Operation timed out) while reading response header from upstream, client: %s, server: app.acme.example, request: "GET %s HTTP/1.1", upstream: "http://%s:8080%s", host: "app.acme.example"' % (
            ip(rng, "81.%d" % rng.randint(10, 200)), path, up, path)))
        access(te, "GET", path, 504, 10.001, UPS)
        tw = ta + timedelta(seconds=work_s, milliseconds=rng.randint(5, 60))
        ra.add(tw, lb(tw, "WARN", th, "c.a.reports.web.StreamingResponseWriter",
                      "GET %s: client went away after %.1fs of %.1fs (ClientAbortException: java.io.IOException: Broken pipe), result discarded" % (path, 10.0, work_s)))
        ta = te + timedelta(seconds=rng.randint(2, 6))


# reports traffic: fast pages, slow exports and year summaries
for t in rng.times(START, END, 11):
    r = rng.random()
    if r < 0.09:
        slow_request(t, "/api/reports/export?report=%s&format=%s" % (rng.choice(["sales-by-sku", "returns", "payouts", "vat-by-country"]), rng.choice(["csv", "xlsx"])),
                     round(rng.uniform(12, 50), 3))
    elif r < 0.15:
        slow_request(t, "/api/reports/summary?range=365d&group=%s" % rng.choice(["week", "month", "region"]), round(rng.uniform(8, 22), 3), user_retry=False)
    else:
        d = rng.lognorm_ms(120) / 1000.0
        path = rng.choice(["/api/reports/summary?range=7d", "/api/reports/summary?range=30d", "/api/reports/list", "/api/reports/saved"])
        slow_request(t, path, round(d, 3))
# the sync and reload
ac.add(SYNC - timedelta(seconds=3), logfmt(SYNC - timedelta(seconds=3), "info", "Initiated automated sync to '7c1f2e9a'", application="argocd/ingress-nginx", dest_namespace="ingress-nginx"))
ac.add(SYNC, logfmt(SYNC, "info", "Applying resource ConfigMap/ingress-nginx-controller in cluster: https://kubernetes.default.svc, namespace: ingress-nginx", application="argocd/ingress-nginx", revision="7c1f2e9a"))
ac.add(SYNC + timedelta(seconds=1), logfmt(SYNC + timedelta(seconds=1), "info", "Partial sync operation to 7c1f2e9a succeeded", application="argocd/ingress-nginx",
       revision_message="platform: fail fast on hung upstreams (proxy-read-timeout/proxy-send-timeout 60 -> 10) PLAT-2231"))
ng.add(SYNC + timedelta(milliseconds=80), klog(SYNC + timedelta(milliseconds=80), "I", 7, "event.go:377", 'Event(v1.ObjectReference{Kind:"ConfigMap", Namespace:"ingress-nginx", Name:"ingress-nginx-controller", UID:"6c0d1e2f-3a4b-4c5d-8e9f-a0b1c2d3e4f5", APIVersion:"v1", ResourceVersion:"88412931", FieldPath:""}): type: \'Normal\' reason: \'UPDATE\' ConfigMap ingress-nginx/ingress-nginx-controller'))
ng.add(SYNC + timedelta(milliseconds=95), klog(SYNC + timedelta(milliseconds=95), "I", 7, "controller.go:193", '"Configuration changes detected, backend reload required"'))
ng.add(RELOAD, klog(RELOAD, "I", 7, "controller.go:213", '"Backend successfully reloaded"'))
ng.add(RELOAD, klog(RELOAD, "I", 7, "event.go:377", 'Event(v1.ObjectReference{Kind:"Pod", Namespace:"ingress-nginx", Name:"ingress-nginx-controller-7d5c8b9f6-qk2lp", UID:"0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d", APIVersion:"v1", ResourceVersion:"88412977", FieldPath:""}): type: \'Normal\' reason: \'RELOAD\' NGINX reload triggered due to a change in configuration'))
# websockets: idle connections now dropped every 10 s
for t in rng.times(START, END, 3):
    ws.add(t, logfmt(t, "info", "client connected", conn="ws_%s" % rng.alnum(10), user="u_%s" % rng.alnum(8), channel=rng.choice(["orders", "reports", "notifications"])))
for t in rng.times(RELOAD + timedelta(seconds=10), END, 8):
    ws.add(t, logfmt(t, "warn", "client connection closed unexpectedly", conn="ws_%s" % rng.alnum(10), code=1006, lifetime="%.1fs" % rng.uniform(10.0, 10.4), reason="EOF"))
# noise
for t in rng.times(START, END, 0.4):
    ac.add(t, logfmt(t, "info", "Refreshing app status (controller refresh requested), level (1)", application="argocd/%s" % rng.choice(["payments", "storefront", "reports", "observability"])))
for t in rng.times(START, END, 0.5):
    ng.add(t, klog(t, "W", 7, "controller.go:1214", 'Service "reports/reports-api-canary" does not have any active Endpoint.'))
for t in rng.times(START, END, 1.0):
    ra.add(t, lb(t, "WARN", "http-nio-8080-exec-%d" % rng.randint(1, 80), "c.a.reports.cache.SummaryCache", "summary cache miss for tenant t_%s, computing" % rng.alnum(6)))
for t in rng.times(START, END, 0.3):
    ra.add(t, lb(t, "ERROR", "http-nio-8080-exec-%d" % rng.randint(1, 80), "c.a.reports.fiscal.FiscalCalendarService",
                 "no fiscal calendar for tenant t_8k2m1x year 2027, falling back to calendar year (FiscalCalendarNotFoundException)"))
for t in rng.times(START, END, 0.8):
    ws.add(t, logfmt(t, "warn", "token near expiry, asking client to refresh", user="u_%s" % rng.alnum(8), ttl="%ds" % rng.randint(5, 60)))
for m in range(61):
    t = START + timedelta(minutes=m, seconds=9)
    st = 200 if rng.random() > 0.04 else 503
    ng.add(t, nginx_line(t, "10.42.0.1", "GET", "/healthz", st, 2 if st == 200 else 190, "kube-probe/1.29", 0.001 if st == 200 else 1.0, UPS, "%s:8080" % RA_IPS[0], rng.hex(32)))

d = reset_logs(CASE)
ng.write(d + "/ingress-nginx.log")
ra.write(d + "/reports-api.log")
ws.write(d + "/ws-gateway.log")
ac.write(d + "/argocd.log")
labels = {"alertname": "IngressUpstream504Rate", "severity": "high", "service": "reports-api", "namespace": "reports", "ingress": "reports-api", "team": "analytics"}
write_json(d + "/../alert.json", alertmanager("analytics-pager", labels,
    {"summary": "reports-api ingress 504 rate above 2% for 10m", "description": "504 ratio 7.9% on ingress reports/reports-api",
     "runbook_url": "https://runbooks.acme.internal/analytics/reports-api-5xx"},
    dt("2026-05-26T10:12:00"), "sum(rate(nginx_ingress_controller_requests%7Bingress%3D%22reports-api%22%2Cstatus%3D%22504%22%7D%5B10m%5D))", "a81f3c0e7b2d4956"))
finish(CASE, {
    "root_cause": {"service": "ingress-nginx", "component": "ConfigMap ingress-nginx-controller proxy-read-timeout/proxy-send-timeout 60 -> 10 (Argo CD revision 7c1f2e9a, PLAT-2231)",
                   "error_type": None, "file": None},
    "category": "config",
    "symptoms": [{"service": "ingress-nginx", "error_type": "HTTP_504"},
                 {"service": "reports-api", "error_type": "ClientAbortException"},
                 {"service": "ws-gateway", "error_type": None}],
    "why": "The 09:58 sync lowered the ingress controller's global proxy-read-timeout from 60 s to 10 s; report exports and year summaries take 12-50 s, so the ingress cuts them at exactly 10 s with 504 (retried twice by the UI) while reports-api finishes the work for a client that has gone, and idle websockets drop every 10 s. The fix is the controller config, not reports-api.",
})
