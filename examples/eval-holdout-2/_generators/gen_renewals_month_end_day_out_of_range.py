#!/usr/bin/env python3
"""renewals-month-end-day-out-of-range

subscriptions (Django) computes the next billing period in billing/periods.py. Three weeks ago
a refactor dropped python-dateutil and replaced relativedelta(months=1) with
anchor.replace(month=anchor.month + 1) (and a year rollover); nothing failed since, because no
monthly period ended on a day the following month lacks. On 2025-01-29 every monthly
subscription due today needs a period end of 2025-02-29: date.replace raises ValueError
"day is out of range for month", wrapped as RenewalError, and Django answers 500. Annual and
weekly plans renew fine. renewal-runner (Go) processes today's due subscriptions from 00:05,
logs every failed attempt (3 attempts) and a final give-up at level=error, so it is the
loudest; entitlements (Node) revokes access for subscriptions that were not renewed.
Noise: payments-api 3DS provider timeouts for days, a slow-query warning, runner
rate-limit warnings, Django 404s for a retired endpoint.
Sentry issue alert on subscriptions (chained exception: ValueError -> RenewalError).
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, pylog, pytb,
                    sentry_alert, iso_ms)

CASE = "renewals-month-end-day-out-of-range"
rng = Rng(20250129)
START, END = dt("2025-01-28T23:30:00"), dt("2025-01-29T01:20:00")
RUN = dt("2025-01-29T00:05:00")

sub, rr, pay, ent = LogFile(), LogFile(), LogFile(), LogFile()
SP = "/usr/local/lib/python3.12/site-packages"


def dj(t, level, logger, msg):
    return "%s %s [%s] %s" % (pylog(t), level, logger, msg)


def go(t, level, msg, **kv):
    parts = ["time=%s" % iso_ms(t), "level=%s" % level, 'msg="%s"' % msg]
    for k, v in kv.items():
        v = str(v)
        parts.append('%s=%s' % (k, '"%s"' % v if (" " in v or "=" in v) else v))
    return " ".join(parts)


def tb(sid):
    return pytb([
        ([("/app/billing/renewals.py", 64, "renew", "new_end = next_period_end(sub.current_period_end, sub.plan.interval)"),
          ("/app/billing/periods.py", 31, "next_period_end", "return _add_months(anchor, 1)"),
          ("/app/billing/periods.py", 18, "_add_months", "return anchor.replace(year=year, month=month)"),
          ],
         "ValueError: day is out of range for month", "cause"),
        ([(SP + "/django/core/handlers/exception.py", 55, "inner", "response = get_response(request)"),
          (SP + "/django/core/handlers/base.py", 197, "_get_response", "response = wrapped_callback(request, *callback_args, **callback_kwargs)"),
          ("/app/billing/views.py", 112, "renew_subscription", "result = renewals.renew(sub, idempotency_key=key)"),
          ("/app/billing/renewals.py", 66, "renew", 'raise RenewalError(f"renewal of {sub.public_id} failed: could not compute next period") from exc')],
         "billing.errors.RenewalError: renewal of %s failed: could not compute next period" % sid, None),
    ])


# due today: 70% monthly (anchor day 29 -> fail), rest annual/weekly (fine)
due = []
for i in range(46):
    plan = "monthly" if rng.random() < 0.7 else rng.choice(["annual", "weekly"])
    due.append(("sub_%s" % rng.alnum(12, "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"), plan))

rr.add(RUN, go(RUN, "info", "renewal run started", run="2025-01-29", due=len(due), workers=4))
t = RUN + timedelta(seconds=1)
revoked = []
for sid, plan in due:
    t = t + timedelta(milliseconds=rng.randint(900, 6400))
    trace = rng.hex(32)
    if plan != "monthly":
        ms = rng.lognorm_ms(180)
        sub.add(t + timedelta(milliseconds=ms), dj(t + timedelta(milliseconds=ms), "INFO", "billing.renewals",
                "renewed %s plan=%s period_end=%s charge=ch_%s trace_id=%s" % (sid, plan, "2026-01-29" if plan == "annual" else "2025-02-05", rng.alnum(14), trace)))
        pay.add(t + timedelta(milliseconds=ms - 20), jrec(t + timedelta(milliseconds=ms - 20), "INFO", "payments-api", "charge captured", component="com.acme.payments.ChargeService",
                                                         trace_id=trace, span_id=rng.hex(16), attrs={"subscription": sid, "amount_minor": rng.choice([9900, 11900, 1900]), "currency": "EUR"}))
        rr.add(t + timedelta(milliseconds=ms + 3), go(t + timedelta(milliseconds=ms + 3), "info", "renewed", sub=sid, plan=plan, took_ms=ms, trace_id=trace))
        continue
    ta = t
    for attempt in (1, 2, 3):
        ms = rng.lognorm_ms(40)
        te = ta + timedelta(milliseconds=ms)
        sub.add(te, dj(te, "ERROR", "django.request", "Internal Server Error: /internal/subscriptions/%s/renew\n%s" % (sid, tb(sid))))
        rr.add(te + timedelta(milliseconds=2), go(te + timedelta(milliseconds=2), "error", "renewal attempt failed", sub=sid, plan=plan, attempt="%d/3" % attempt,
                                                  status=500, err="POST http://subscriptions.billing.svc:8000/internal/subscriptions/%s/renew: status 500" % sid, trace_id=trace))
        ta = te + timedelta(seconds=2 ** attempt, milliseconds=rng.randint(0, 400))
    tg = ta - timedelta(seconds=1)
    rr.add(tg, go(tg, "error", "giving up on renewal; subscription left past_due", sub=sid, plan=plan, attempts=3, trace_id=trace))
    revoked.append((sid, tg))

t_end = t + timedelta(seconds=14)
rr.add(t_end, go(t_end, "info", "renewal run finished", run="2025-01-29", renewed=sum(1 for _, p in due if p != "monthly"),
                 failed=sum(1 for _, p in due if p == "monthly"), took="%ds" % (t_end - RUN).seconds))

# entitlements: revoke access when a renewal is left past_due; customers then hit 403s
for sid, tg in revoked:
    tr = tg + timedelta(seconds=rng.randint(20, 90))
    ent.add(tr, "[%s] WARN entitlements: subscription %s past_due after renewal failure; access revoked (grace_period=0)" % (iso_ms(tr), sid))
    for _ in range(rng.randint(0, 3)):
        tq = tr + timedelta(seconds=rng.randint(30, 2400))
        if tq < END:
            ent.add(tq, "[%s] INFO entitlements: GET /v1/entitlements/%s 200 plan=none (revoked)" % (iso_ms(tq), sid))
for tq in rng.times(START, END, 3.0):
    ent.add(tq, "[%s] INFO entitlements: GET /v1/entitlements/sub_%s 200 plan=%s %dms" % (iso_ms(tq), rng.alnum(12, "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"),
                                                                                         rng.choice(["monthly", "annual", "weekly"]), rng.lognorm_ms(12)))
for m in range(0, 110, 15):
    tq = START + timedelta(minutes=m, seconds=7)
    ent.add(tq, "[%s] WARN entitlements: (node:1) [DEP0040] DeprecationWarning: The `punycode` module is deprecated. Please use a userland alternative instead." % iso_ms(tq))

# background traffic and noise
for tq in rng.times(START, END, 2.0):
    sid = "sub_%s" % rng.alnum(12, "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")
    sub.add(tq, dj(tq, "INFO", "billing.views", "GET /internal/subscriptions/%s 200 %dms" % (sid, rng.lognorm_ms(15))))
for tq in rng.times(START, END, 0.3):
    sub.add(tq, dj(tq, "WARNING", "django.request", "Not Found: /internal/subscriptions/legacy-sync"))
for tq in rng.times(START, END, 0.1):
    sub.add(tq, dj(tq, "WARNING", "billing.db", "slow query (1.%03ds): SELECT ... FROM billing_invoice WHERE status = 'open' ORDER BY created_at" % rng.randint(100, 900)))
for tq in rng.times(START, END, 0.25):
    pay.add(tq, jrec(tq, "ERROR", "payments-api", "3DS challenge lookup timed out after 5000ms (provider acs.securepay.example)",
                     component="com.acme.payments.threeds.ThreeDsClient", error_type="java.net.SocketTimeoutException",
                     trace_id=rng.hex(32), span_id=rng.hex(16),
                     stack=["java.net.SocketTimeoutException: Read timed out", "at java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)",
                            "at com.acme.payments.threeds.ThreeDsClient.lookup(ThreeDsClient.java:88)"],
                     attrs={"since": "2025-01-26T09:00:00Z", "pod": "payments-api-5b8d7c6f4-rq2vn"}))
for tq in rng.times(START, END, 1.2):
    pay.add(tq, jrec(tq, "INFO", "payments-api", "charge captured", component="com.acme.payments.ChargeService", trace_id=rng.hex(32), span_id=rng.hex(16),
                     attrs={"order": "ord_%s" % rng.alnum(10), "amount_minor": rng.randint(500, 40000), "currency": "EUR"}))
for tq in rng.times(RUN, t_end, 1.0):
    rr.add(tq, go(tq, "warn", "payments-api rate limited the batch, backing off", retry_after="1s", worker=rng.randint(1, 4)))
for m in range(0, 110, 10):
    tq = START + timedelta(minutes=m)
    rr.add(tq, go(tq, "info", "scheduler heartbeat", next_run="2025-01-29T00:05:00Z" if tq < RUN else "2025-01-30T00:05:00Z"))

d = reset_logs(CASE)
sub.write(d + "/subscriptions.log")
rr.write(d + "/renewal-runner.log")
pay.write(d + "/payments-api.jsonl")
ent.write(d + "/entitlements.log")

first = dt("2025-01-29T00:05:01.911")
frames = [
    {"filename": "django/core/handlers/exception.py", "abs_path": SP + "/django/core/handlers/exception.py", "module": "django.core.handlers.exception",
     "function": "inner", "lineno": 55, "context_line": "                response = get_response(request)", "in_app": False},
    {"filename": "billing/views.py", "abs_path": "/app/billing/views.py", "module": "billing.views", "function": "renew_subscription", "lineno": 112,
     "context_line": "    result = renewals.renew(sub, idempotency_key=key)", "in_app": True},
    {"filename": "billing/renewals.py", "abs_path": "/app/billing/renewals.py", "module": "billing.renewals", "function": "renew", "lineno": 66,
     "context_line": "        raise RenewalError(f\"renewal of {sub.public_id} failed: could not compute next period\") from exc", "in_app": True},
]
alert = sentry_alert(
    event_id="b3e07d1c9a2f4e58a61d0c7f2e9b4a13", project=4508112, release="subscriptions@2025.01.3", platform="python",
    when=first, logger="django.request", title="RenewalError: renewal of %s failed: could not compute next period" % due[0][0],
    culprit="billing.renewals in renew", location="billing/renewals.py",
    tags=[("environment", "production"), ("handled", "no"), ("level", "error"), ("mechanism", "django"),
          ("release", "subscriptions@2025.01.3"), ("server_name", "subscriptions-6f9c8d7b5-kq2zr"),
          ("transaction", "/internal/subscriptions/{public_id}/renew"),
          ("url", "http://subscriptions.billing.svc:8000/internal/subscriptions/%s/renew" % due[0][0])],
    request={"method": "POST", "url": "http://subscriptions.billing.svc:8000/internal/subscriptions/%s/renew" % due[0][0],
             "headers": [["Content-Type", "application/json"], ["User-Agent", "renewal-runner/1.7.2 (go1.23)"], ["Idempotency-Key", "renew-2025-01-29-%s" % due[0][0]]]},
    exc_type="RenewalError", exc_value="renewal of %s failed: could not compute next period" % due[0][0], exc_module="billing.errors",
    mechanism="django", frames=frames, org="acme", slug="subscriptions", issue_id="6120447815",
    rule="subscriptions: new issue", installation="2c7a9e41-5d0b-4f3e-8a16-7b9d0c3e1f52")
# Sentry sends the chain: the cause first, the raised exception last
alert["data"]["event"]["exception"]["values"].insert(0, {
    "type": "ValueError", "value": "day is out of range for month", "module": "builtins",
    "mechanism": {"type": "chained", "handled": False, "source": "__cause__", "exception_id": 1, "parent_id": 0},
    "stacktrace": {"frames": [
        {"filename": "billing/renewals.py", "abs_path": "/app/billing/renewals.py", "module": "billing.renewals", "function": "renew", "lineno": 64,
         "context_line": "        new_end = next_period_end(sub.current_period_end, sub.plan.interval)", "in_app": True},
        {"filename": "billing/periods.py", "abs_path": "/app/billing/periods.py", "module": "billing.periods", "function": "_add_months", "lineno": 18,
         "context_line": "    return anchor.replace(year=year, month=month)", "in_app": True,
         "vars": {"anchor": "datetime.date(2025, 1, 29)", "month": "2", "year": "2025"}}]}})
write_json(d + "/../alert.json", alert)
finish(CASE, {
    "root_cause": {"service": "subscriptions",
                   "component": "billing/periods.py _add_months: anchor.replace(month=month+1) instead of clamping to the month's last day",
                   "error_type": "ValueError", "file": "billing/periods.py"},
    "category": "code",
    "symptoms": [{"service": "subscriptions", "error_type": "RenewalError"},
                 {"service": "renewal-runner", "error_type": None},
                 {"service": "entitlements", "error_type": None}],
    "why": "billing/periods.py adds a month with date.replace(month=...), which raises ValueError for 2025-01-29 + 1 month (there is no Feb 29 in 2025); every monthly subscription due on 29 January fails to renew (RenewalError from ValueError, 500), renewal-runner retries and gives up, and entitlements revokes access. Annual and weekly plans renew fine; clamp to the last day of the month (or restore relativedelta) and re-run today's renewals.",
})
