"""refund-service-split-tender-keyerror (code).

At 09:00 payments-api turns on split tender (gift card + card in one payment) for everyone.
refund-service's allocation code reads payment["card"] directly; a split-tender payment keeps its
card under "tenders" and has no top-level "card", so every refund of such an order raises
KeyError: 'card', re-raised as RefundComputationError and answered 500. Refunds of split-tender
orders only come in as customers cancel fresh orders, so the failures grow after 09:05.
support-desk retries every refund three times and logs each attempt plus the give-up: it is the
loudest. Noise: payments-api's unknown-payment webhooks (since 07:40), support-desk's macros-cms
resets, refund-service's slow PSP polls and an hourly settlement-file 404.
"""
from common import *

CASE = "refund-service-split-tender-keyerror"
rng = Rng(90101)
T0, T1 = dt("2025-04-08T08:20:00"), dt("2025-04-08T09:56:00")
LAUNCH = dt("2025-04-08T09:00:00")

rs, sd, pay, ing = LogFile(), LogFile(), LogFile(), LogFile()
RS_PODS = [pod(rng, "refund-service", "6d9c7f5b8") for _ in range(2)]
SD_PODS = [pod(rng, "support-desk", "7b5f9c6d4") for _ in range(2)]
PAY_DEPLOY = {"version": "9.14.2", "commit": "e41b07c"}


def split_share(t):
    if t < LAUNCH + sec(300):
        return 0.0
    return min(0.3, 0.3 * (t - LAUNCH - sec(300)).total_seconds() / 2400)


def tb(order, payid, t):
    return pytb([
        ([("/app/refund_service/api.py", 88, "create_refund", "plan = allocate_refund(payment, req.amount)"),
          ("/app/refund_service/allocation.py", 41, "allocate_refund", "return _card_first(payment, amount)"),
          ("/app/refund_service/allocation.py", 57, "_card_first", 'card = payment["card"]')],
         "KeyError: 'card'", "cause"),
        ([("/usr/local/lib/python3.12/site-packages/flask/app.py", 880, "full_dispatch_request", "rv = self.dispatch_request()"),
          ("/usr/local/lib/python3.12/site-packages/flask/app.py", 865, "dispatch_request", "return self.ensure_sync(self.view_functions[rule.endpoint])(**view_args)"),
          ("/app/refund_service/api.py", 91, "create_refund", "raise RefundComputationError(")],
         "refund_service.errors.RefundComputationError: cannot allocate refund of %s for order %s (payment %s, tenders=gift_card+card)" % (
             "%.2f EUR" % (rng.randint(1500, 18000) / 100), order, payid), None),
    ])


def refund_click(t, ticket, order, split, again=False):
    req = rng.hex(32)
    payid = "pay_" + rng.alnum(14)
    agent = "agent-%02d" % rng.randint(1, 28)
    sdp = rng.choice(SD_PODS)
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/123.0 Safari/537.36"
    sd.add(t, "[%s] INFO  support-desk: POST /api/tickets/%s/refund by %s order=%s reqId=%s pod=%s" % (
        iso_ms(t), ticket, agent, order, req, sdp))
    tt = t
    attempts = 3 if split else 1
    for a in range(1, attempts + 1):
        tt = tt + ms(rng.randint(20, 60))
        rp = rng.choice(RS_PODS)
        # refund-service looks the payment up in payments-api
        lt = tt + ms(rng.randint(5, 15))
        pay.add(lt, jrec(lt, "INFO", "payments-api", "GET /v2/payments/{id} 200 in %dms" % rng.randint(8, 30),
                         component="PaymentQueryHandler", trace_id=req, span_id=rng.hex(16), parent_span_id=rng.hex(16),
                         deploy=PAY_DEPLOY, attrs={"payment_id": payid, "tender_mode": "split" if split else "single",
                                                   "caller": "refund-service"}))
        et = lt + ms(rng.randint(15, 40))
        if split:
            rs.add(et, py(et, "ERROR", "refund_service.api", "POST /v1/refunds failed request_id=%s order=%s pod=%s" % (req, order, rp))
                   + "\n" + tb(order, payid, et))
            rs.add(et + ms(2), py(et + ms(2), "INFO", "gunicorn.access", '"POST /v1/refunds HTTP/1.1" 500 112 request_id=%s' % req))
            sd.add(et + ms(6), "[%s] ERROR support-desk: RefundFailedError: refund-service responded 500 for order %s (attempt %d/3) reqId=%s" % (
                iso_ms(et + ms(6)), order, a, req))
            tt = et + sec(2 ** a) + ms(rng.randint(0, 300))
        else:
            rs.add(et, py(et, "INFO", "refund_service.api", "refund %s created order=%s amount=%.2f EUR psp_ref=re_%s request_id=%s" % (
                "rf_" + rng.alnum(10), order, rng.randint(900, 24000) / 100, rng.alnum(12), req)))
            rs.add(et + ms(2), py(et + ms(2), "INFO", "gunicorn.access", '"POST /v1/refunds HTTP/1.1" 201 236 request_id=%s' % req))
            tt = et
    end = tt + ms(rng.randint(5, 20))
    if split:
        sd.add(end, "[%s] ERROR support-desk: RefundFailedError: giving up on refund for order %s after 3 attempts; ticket %s moved to needs-finance reqId=%s" % (
            iso_ms(end), order, ticket, req))
        status, size = 500, 97
    else:
        sd.add(end, "[%s] INFO  support-desk: refund done for ticket %s order=%s reqId=%s" % (iso_ms(end), ticket, order, req))
        status, size = 200, 341
    ing.add(end, nginx_line(end, ip(rng, "10.20"), "POST", "/api/tickets/%s/refund" % ticket, status, size, ua,
                            (end - t).total_seconds(), "support-support-desk-3000", ip(rng, "10.42") + ":3000", rng.hex(32)))
    if split and not again and rng.random() < 0.35:
        refund_click(end + sec(rng.randint(20, 90)), ticket, order, True, again=True)


for t in rng.times(T0, T1, 1.3):
    ticket = "TCK-%d" % rng.randint(480000, 489999)
    order = "O-%d" % rng.randint(7100000, 7199999)
    refund_click(t, ticket, order, rng.random() < split_share(t))

# ordinary traffic
for t in rng.times(T0, T1, 2.5):
    pay.add(t, jrec(t, "INFO", "payments-api", "POST /v2/payments 201 in %dms" % rng.lognorm_ms(140), component="PaymentCommandHandler",
                    trace_id=rng.hex(32), span_id=rng.hex(16), deploy=PAY_DEPLOY,
                    attrs={"tender_mode": "split" if (t > LAUNCH and rng.random() < 0.3) else "single"}))
for t in rng.times(T0, T1, 1.6):
    u = rng.choice(["/api/tickets?view=mine", "/api/tickets/%d" % rng.randint(480000, 489999), "/api/customers/search?q=%s" % rng.alnum(5)])
    sd.add(t, "[%s] INFO  support-desk: GET %s 200 %dms" % (iso_ms(t), u, rng.lognorm_ms(45)))
    ing.add(t, nginx_line(t, ip(rng, "10.20"), "GET", u, 200, rng.randint(900, 9000), "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/123.0 Safari/537.36",
                          rng.lognorm_ms(45) / 1000, "support-support-desk-3000", ip(rng, "10.42") + ":3000", rng.hex(32)))
for t in every(T0, T1, 30, rng, 900):
    ing.add(t, nginx_line(t, "10.0.0.5", "GET", "/healthz", 200, 2, "kube-probe/1.30", 0.001, "support-support-desk-3000", ip(rng, "10.42") + ":3000", rng.hex(32), 110))
for t in every(T0, T1, 60, rng, 500):
    rs.add(t, py(t, "INFO", "gunicorn.access", '"GET /healthz HTTP/1.1" 200 2'))

# the launch
pay.add(LAUNCH, jrec(LAUNCH, "INFO", "payments-api", "feature flag payments.split_tender changed: 10% -> 100% (by release-bot, change CHG-22817)",
                     component="FeatureFlags", deploy=PAY_DEPLOY, attrs={"flag": "payments.split_tender", "rollout": 100}))
pay.add(dt("2025-04-08T08:31:00"), jrec(dt("2025-04-08T08:31:00"), "INFO", "payments-api",
        "feature flag payments.split_tender changed: 0% -> 10% (by release-bot, change CHG-22817)", component="FeatureFlags", deploy=PAY_DEPLOY,
        attrs={"flag": "payments.split_tender", "rollout": 10}))

# noise
for t in every(dt("2025-04-08T07:40:00"), T1, 540, rng, 60000):
    if t >= T0:
        pay.add(t, jrec(t, "ERROR", "payments-api", "PSP webhook for unknown payment psp_ref=pi_%s ignored" % rng.alnum(14),
                        component="PspWebhookController", error_type="UnknownPaymentException", trace_id=rng.hex(32), span_id=rng.hex(16), deploy=PAY_DEPLOY))
for t in rng.times(T0, T1, 0.4):
    pay.add(t, jrec(t, "WARN", "payments-api", "3DS challenge not completed within 600s, payment expired", component="ThreeDsTimeoutSweeper", deploy=PAY_DEPLOY))
for t in every(T0, T1, 420, rng, 120000):
    sd.add(t, "[%s] ERROR support-desk: GET /api/macros failed: Error: read ECONNRESET (macros-cms.support.svc:8080)" % iso_ms(t))
for t in rng.times(T0, T1, 0.25):
    sd.add(t, "[%s] WARN  support-desk: zendesk sync lagging: 37 tickets behind" % iso_ms(t))
for t in rng.times(T0, T1, 0.3):
    rs.add(t, py(t, "WARN", "refund_service.psp", "PSP refund status poll slow: %.1fs (threshold 2.0s)" % (rng.randint(21, 48) / 10)))
for t in every(dt("2025-04-08T08:15:00"), T1, 3600):
    if t >= T0:
        rs.add(t, py(t, "ERROR", "refund_service.reconcile", "settlement file settle_20250407.csv not available yet: 404 from bank-sftp-proxy; will retry next hour"))
sd.add(T0 + sec(3), "[%s] WARN  support-desk: (node:1) [DEP0040] DeprecationWarning: The `punycode` module is deprecated." % iso_ms(T0 + sec(3)))

frames = [
    {"filename": "flask/app.py", "abs_path": "/usr/local/lib/python3.12/site-packages/flask/app.py", "module": "flask.app",
     "function": "dispatch_request", "lineno": 865, "context_line": "        return self.ensure_sync(self.view_functions[rule.endpoint])(**view_args)", "in_app": False},
    {"filename": "refund_service/api.py", "abs_path": "/app/refund_service/api.py", "module": "refund_service.api",
     "function": "create_refund", "lineno": 88, "context_line": "        plan = allocate_refund(payment, req.amount)", "in_app": True},
    {"filename": "refund_service/allocation.py", "abs_path": "/app/refund_service/allocation.py", "module": "refund_service.allocation",
     "function": "allocate_refund", "lineno": 41, "context_line": "    return _card_first(payment, amount)", "in_app": True},
    {"filename": "refund_service/allocation.py", "abs_path": "/app/refund_service/allocation.py", "module": "refund_service.allocation",
     "function": "_card_first", "lineno": 57, "context_line": '    card = payment["card"]', "in_app": True,
     "vars": {"payment": "{'id': 'pay_k2v9x0q4m1r8ta', 'tender_mode': 'split', 'tenders': [...], 'amount': 8450}"}},
]
when = dt("2025-04-08T09:21:40.512")
alert = sentry_alert(
    event_id="b71c20e94f3a4d5c8e6f1a2b3c4d5e6f", project=4508112, release="refund-service@3.6.1", platform="python", when=when,
    logger="refund_service.api", title="RefundComputationError: cannot allocate refund for order O-7141208 (payment pay_k2v9x0q4m1r8ta, tenders=gift_card+card)",
    culprit="refund_service.api in create_refund", location="refund_service/api.py",
    tags=[("environment", "production"), ("handled", "no"), ("level", "error"), ("mechanism", "flask"),
          ("release", "refund-service@3.6.1"), ("server_name", RS_PODS[0]), ("transaction", "/v1/refunds"),
          ("url", "http://refund-service.payments.svc/v1/refunds")],
    request={"method": "POST", "url": "http://refund-service.payments.svc/v1/refunds",
             "headers": [["Content-Type", "application/json"], ["User-Agent", "support-desk/5.2.0 node-fetch"]]},
    exc_type="RefundComputationError", exc_value="cannot allocate refund for order O-7141208 (payment pay_k2v9x0q4m1r8ta, tenders=gift_card+card)",
    exc_module="refund_service.errors", mechanism="flask", frames=frames, org="acme", slug="refund-service", issue_id="6120458817",
    rule="refund-service: new issue or >20 events in 10m", installation="0c7e1a9d-2b4f-4e6a-8d3c-5f1e9a7b2c40")

write_case(CASE, {"refund-service.log": rs, "support-desk.log": sd, "payments-api.jsonl": pay, "ingress-nginx.access.log": ing}, alert)
finish(CASE, {
    "root_cause": {"service": "refund-service", "component": "refund_service/allocation.py _card_first reads payment[\"card\"], absent on split-tender payments",
                   "error_type": "KeyError", "file": "refund_service/allocation.py"},
    "category": "code",
    "symptoms": [{"service": "refund-service", "error_type": "RefundComputationError"},
                 {"service": "support-desk", "error_type": "RefundFailedError"},
                 {"service": "ingress-nginx", "error_type": "HTTP_500"}],
    "why": "Since payments-api switched split tender on for everyone at 09:00, refunds of split-tender orders reach refund-service's allocation code, which reads payment[\"card\"] directly and raises KeyError: 'card' (re-raised as RefundComputationError, 500). support-desk retries each refund three times and logs every attempt, so it is the loudest; single-tender refunds keep working.",
})
