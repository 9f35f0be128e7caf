"""tax-calculator-midpoint-halfup-reload (config): an Argo CD sync changes the mounted tax.json to
Rounding:Midpoint = "HalfUp", which is no MidpointRounding value; tax-calculator reloads its options
on file change and every calculation fails to bind them. .NET logs 'fail:' (not ERROR), so the
naive count sees only the callers."""
import json
import os
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish, jrec, logfmt, envoy_line, k8s,
                    alertmanager, trace, span, iso_ms, ip)

CASE = "tax-calculator-midpoint-halfup-reload"
rng = Rng(7004)
logs = reset_logs(CASE)
START, END = dt("2025-06-05T13:40:00"), dt("2025-06-05T14:40:00")
SYNC = dt("2025-06-05T14:05:12")
PODS = {"tax-calculator-6c5f7d8b9-%s" % s: SYNC + timedelta(seconds=sec) for s, sec in (("2lqvm", 51.2), ("8tzkd", 67.9), ("r5wnx", 88.4))}

tax, co, env, inv, ev = LogFile(), LogFile(), LogFile(), LogFile(), LogFile()
I = "      "


def net(t, level, category, eid, lines):
    """.NET console logger (simple formatter, UTC timestamp, multi-line)"""
    return "%s %s: %s[%d]\n%s" % (iso_ms(t), level, category, eid, "\n".join(I + l for l in lines))


FAIL = [
    "System.InvalidOperationException: Failed to convert configuration value at 'Tax:Rounding:Midpoint' to type 'System.MidpointRounding'.",
    " ---> System.FormatException: HalfUp is not a valid value for MidpointRounding.",
    " ---> System.ArgumentException: Requested value 'HalfUp' was not found.",
    "   at System.ComponentModel.EnumConverter.ConvertFrom(ITypeDescriptorContext context, CultureInfo culture, Object value)",
    "   --- End of inner exception stack trace ---",
    "   at Microsoft.Extensions.Configuration.ConfigurationBinder.TryConvertValue(Type type, String value, String path, Object& result, Exception& error)",
    "   --- End of inner exception stack trace ---",
    "   at Microsoft.Extensions.Configuration.ConfigurationBinder.BindInstance(Type type, BindingPoint bindingPoint, IConfiguration config, BinderOptions options)",
    "   at Microsoft.Extensions.Options.OptionsMonitor`1.get_CurrentValue()",
    "   at Acme.Tax.Calculation.TaxEngine.Calculate(TaxRequest request) in /src/Acme.Tax/Calculation/TaxEngine.cs:line 48",
    "   at Acme.Tax.Api.TaxEndpoints.<>c.<<Map>b__0_0>d.MoveNext() in /src/Acme.Tax/Api/TaxEndpoints.cs:line 22",
]


def tax_call(t, caller, tr):
    """one POST /v1/tax/quote; returns (ok, duration ms)"""
    pod = rng.choice(list(PODS))
    dur = rng.uniform(2.0, 9.0)
    te = t + timedelta(milliseconds=dur)
    if te < PODS[pod]:
        tax.add(te, net(te, "info", "Microsoft.AspNetCore.Hosting.Diagnostics", 2, [
            "Request finished HTTP/1.1 POST http://tax-calculator.tax.svc:8080/v1/tax/quote - 200 %d application/json %.4fms (caller=%s trace=%s)" % (rng.randint(300, 900), dur, caller, tr)]))
        return True, dur
    tax.add(te, net(te, "fail", "Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", 1, [
        "An unhandled exception has occurred while executing the request. (pod=%s caller=%s trace=%s)" % (pod, caller, tr)] + FAIL))
    return False, dur


# checkout (Go): 3 attempts per tax quote; the web client retries a failed checkout once
for t in rng.times(START, END, 0.45):
    cart = "c_" + rng.alnum(10)
    attempts_web = 2 if t >= SYNC else 1
    for web_try in range(attempts_web):
        tr = trace(rng)
        tt = t + timedelta(seconds=web_try * rng.uniform(3, 9))
        ok = False
        for attempt in range(1, 4):
            ok, dur = tax_call(tt, "checkout", tr)
            tt = tt + timedelta(milliseconds=dur + 1)
            if ok:
                break
            co.add(tt, logfmt(tt, "warn", "tax quote attempt failed", cart=cart, attempt=attempt, status=500, trace_id=tr, upstream="tax-calculator"))
            tt = tt + timedelta(milliseconds=100 * 2 ** attempt)
        client = ip(rng, "81.19")
        rid = "%s-%s" % (rng.hex(8), rng.hex(4))
        if ok:
            co.add(tt, logfmt(tt, "info", "checkout placed", cart=cart, order="O-%d" % rng.randint(5000000, 5999999), trace_id=tr, dur_ms=int((tt - t).total_seconds() * 1000) + 40))
            env.add(tt, envoy_line(tt + timedelta(milliseconds=45), "POST", "/api/checkout", 201, "-", "via_upstream", 1840, 412, int((tt - t).total_seconds() * 1000) + 50, int((tt - t).total_seconds() * 1000) + 44,
                                   client, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15", rid, "shop.acme.example", "10.8.3.%d:8080" % rng.randint(2, 250)))
            break
        co.add(tt, logfmt(tt, "error", "checkout failed", cart=cart, trace_id=tr, err="tax: quote: unexpected status 500 after 3 attempts"))
        env.add(tt, envoy_line(tt + timedelta(milliseconds=3), "POST", "/api/checkout", 503, "-", "via_upstream", 1840, 96, int((tt - t).total_seconds() * 1000) + 5, int((tt - t).total_seconds() * 1000) + 2,
                               client, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15", rid, "shop.acme.example", "10.8.3.%d:8080" % rng.randint(2, 250)))

# invoice-service (Java, jsonl): finalises invoices every 10 minutes, 2 retries each
DEPLOY = {"version": "8.4.1", "commit": "e41b7c90"}
t = START + timedelta(minutes=2, seconds=7)
while t < END:
    tt = t
    n = rng.randint(3, 6)
    done = 0
    for i in range(n):
        invno = "INV-2025-%06d" % rng.randint(100000, 399999)
        tr, sp = trace(rng), span(rng)
        for attempt in range(1, 4):
            tt = tt + timedelta(milliseconds=rng.randint(40, 90))
            ok, _ = tax_call(tt, "invoice-service", tr)
            if ok:
                done += 1
                break
            csp = span(rng)
            if attempt < 3:
                inv.add(tt, jrec(tt, "WARN", "invoice-service", "tax quote failed, retrying", component="TaxClient", trace_id=tr, span_id=csp, parent_span_id=sp,
                                 deploy=DEPLOY, attrs={"invoice": invno, "attempt": attempt, "status": 500}))
            else:
                inv.add(tt, jrec(tt, "ERROR", "invoice-service", "invoice finalisation failed: tax quote unavailable", component="InvoiceFinaliser",
                                 error_type="com.acme.invoicing.tax.TaxServiceException", trace_id=tr, span_id=sp,
                                 caused_by="HttpServerErrorException$InternalServerError: 500 Internal Server Error from POST http://tax-calculator.tax.svc:8080/v1/tax/quote",
                                 stack=["com.acme.invoicing.tax.TaxClient.quote(TaxClient.java:63)", "com.acme.invoicing.InvoiceFinaliser.finalise(InvoiceFinaliser.java:88)",
                                        "com.acme.invoicing.InvoiceFinaliser.runBatch(InvoiceFinaliser.java:51)"],
                                 deploy=DEPLOY, attrs={"invoice": invno, "attempts": 3}))
    tt = tt + timedelta(milliseconds=30)
    inv.add(tt, jrec(tt, "INFO", "invoice-service", "finalisation batch done", component="InvoiceFinaliser", deploy=DEPLOY, attrs={"invoices": n, "finalised": done, "deferred": n - done}))
    t += timedelta(minutes=10)

# the sync and the reload on each pod
ev.add(SYNC, k8s(SYNC, "Normal", "OperationStarted", "application/tax-calculator", "Initiated automated sync to '9c2e4f1b7a'"))
ev.add(SYNC + timedelta(seconds=2), k8s(SYNC + timedelta(seconds=2), "Normal", "ResourceUpdated", "application/tax-calculator", "Updated sync status: OutOfSync -> Synced"))
ev.add(SYNC + timedelta(seconds=2), k8s(SYNC + timedelta(seconds=2), "Normal", "OperationCompleted", "application/tax-calculator", "Sync operation to 9c2e4f1b7a succeeded (configmap/tax-calculator-config configured)"))
for pod, at in PODS.items():
    tax.add(at, net(at, "info", "Acme.Tax.Config.ConfigWatcher", 0, ["configuration file /config/tax.json changed; options reloaded (changed keys: Tax:Rounding:Midpoint) pod=%s" % pod]))

# benign noise
for t in rng.times(START, END, 1 / 4.0):
    tax.add(t, net(t, "warn", "Acme.Tax.Rates.RateCache", 3, ["rate table for region 'US-PR' missing, using default rate table (pod=%s)" % rng.choice(list(PODS))]))
for t in rng.times(START, END, 1.0):
    tax.add(t, net(t, "info", "Microsoft.AspNetCore.Hosting.Diagnostics", 2, ["Request finished HTTP/1.1 GET http://%s:8080/healthz - 200 - text/plain %.4fms" % (
        "10.8.%d.%d" % (rng.randint(4, 6), rng.randint(2, 250)), rng.uniform(0.2, 1.1))]))
for t in rng.times(START, END, 1 / 5.0):
    co.add(t, logfmt(t, "error", "address autocomplete failed", provider="loqate", err="loqate: 402 Payment Required", since="2025-06-05T09:12Z"))
for t in rng.times(START, END, 1.0):
    st = 503 if rng.random() < 0.05 else 200
    env.add(t, envoy_line(t, "GET", "/healthz", st, "UF" if st == 503 else "-", "upstream_reset_before_response_started{connection_failure}" if st == 503 else "via_upstream",
                          0, 2 if st == 200 else 91, rng.randint(1, 4), None if st == 503 else 1, "10.8.0.%d" % rng.randint(2, 9), "UptimeRobot/2.0",
                          "%s-%s" % (rng.hex(8), rng.hex(4)), "shop.acme.example", "10.8.9.%d:8080" % rng.randint(2, 250)))
for t in rng.times(START, END, 4.0):
    env.add(t, envoy_line(t, "GET", rng.choice(["/api/products/%d" % rng.randint(1000, 9999), "/api/cart", "/api/search?q=lamp"]), 200, "-", "via_upstream",
                          0, rng.randint(800, 9000), rng.randint(8, 80), rng.randint(6, 70), ip(rng, "81.19"), "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)",
                          "%s-%s" % (rng.hex(8), rng.hex(4)), "shop.acme.example", "10.8.3.%d:8080" % rng.randint(2, 250)))
for t in rng.times(START, END, 1 / 9.0):
    inv.add(t, jrec(t, "WARN", "invoice-service", "PDF render slow", component="PdfRenderer", deploy=DEPLOY, attrs={"ms": rng.randint(2100, 4800)}))
for t in rng.times(START, END, 1 / 8.0):
    ev.add(t, k8s(t, "Normal", "SuccessfulRescale", "horizontalpodautoscaler/checkout", "New size: %d; reason: cpu resource utilization (percentage of request) above target" % rng.randint(4, 8)))

tax.write(os.path.join(logs, "tax-calculator.log"))
co.write(os.path.join(logs, "checkout.log"))
env.write(os.path.join(logs, "edge-envoy.access.log"))
inv.write(os.path.join(logs, "invoice-service.jsonl"))
ev.write(os.path.join(logs, "k8s-events.log"))

labels = {"alertname": "CheckoutFailureRatio", "severity": "critical", "service": "checkout", "namespace": "shop", "env": "prod"}
write_json(os.path.join(case_dir(CASE), "alert.json"), alertmanager(
    "shop-oncall", labels,
    {"summary": "checkout failure ratio 100% over 5m (threshold 5%)",
     "description": "POST /api/checkout answers 503 for nearly all carts since about 14:06.",
     "dashboard": "https://grafana.acme.example/d/checkout"},
    dt("2025-06-05T14:11:00"),
    "sum(rate(checkout_orders_total{result=\"failed\"}[5m]))/sum(rate(checkout_orders_total[5m]))>0.05", "0b6d2e9f4a1c7358"))

finish(CASE, {
    "root_cause": {"service": "tax-calculator", "component": "configmap tax-calculator-config, tax.json Tax:Rounding:Midpoint = \"HalfUp\" (Argo CD sync 9c2e4f1b7a); options re-bound on file change",
                   "error_type": "InvalidOperationException", "file": None},
    "category": "config",
    "symptoms": [{"service": "checkout", "error_type": None},
                 {"service": "edge-envoy", "error_type": "HTTP_503"},
                 {"service": "invoice-service", "error_type": "TaxServiceException"}],
    "why": "The 14:05 Argo CD sync changed tax-calculator's mounted tax.json to Midpoint \"HalfUp\", which is not a System.MidpointRounding value; each pod reloads the file when the kubelet refreshes the volume (14:06-14:06:40) and from then every tax quote fails to bind the options with InvalidOperationException. checkout (three attempts, web retry), the edge and invoice-service only relay the 500s.",
})
