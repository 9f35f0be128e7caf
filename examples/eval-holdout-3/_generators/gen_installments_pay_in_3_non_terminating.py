#!/usr/bin/env python3
"""installments-pay-in-3-non-terminating

installments-service (Spring) splits an order total into n instalments with
BigDecimal.divide(BigDecimal.valueOf(n)) and no rounding. The API has always accepted
n in {2,3,4,6}, but the web shop only offered 2 and 4 (always exact). The mobile app 6.2.0,
in a phased store release since the morning, offers "pay in 3" and "pay in 6": every total
whose division by 3 or 6 does not terminate throws ArithmeticException ("Non-terminating
decimal expansion"). No server deploy. checkout-api logs each failure twice (client and
controller, InstallmentPlanException) and the app retries once, so checkout-api is loudest,
then the edge 502s. A few 3-instalment failures from early app testers happen before 09:30.
Noise: loyalty 409 errors in checkout-api since the night, slow credit cache refresh warnings,
a flaky reviews health probe at the edge, 3DS latency warnings in payment-methods.
Alertmanager alert on checkout-api.
"""
from datetime import timedelta
from decimal import Decimal, getcontext
from math import gcd

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, spring, envoy_line, alertmanager, pod, ip, uuid)

CASE = "installments-pay-in-3-non-terminating"
rng = Rng(20250414)
START, END = dt("2025-04-14T08:50:00"), dt("2025-04-14T10:40:00")
RAMP0, RAMP1 = dt("2025-04-14T09:00:00"), dt("2025-04-14T10:40:00")

ins, co, env, pm = LogFile(), LogFile(), LogFile(), LogFile()
INS_PODS = [pod(rng, "installments-service", "7b9d6c5f4") for _ in range(2)]
CO_PODS = [pod(rng, "checkout-api", "5c7f8d9b6") for _ in range(3)]
PM_POD = pod(rng, "payment-methods", "6d8c7b5f9")
CO_DEPLOY = {"version": "8.21.3", "commit": "c41e9a7"}


def terminates(cents, n):
    q = n // gcd(cents, n)
    while q % 2 == 0:
        q //= 2
    while q % 5 == 0:
        q //= 5
    return q == 1


ARITH = ("java.lang.ArithmeticException: Non-terminating decimal expansion; no exact representable decimal result.\n"
         "\tat java.base/java.math.BigDecimal.divide(BigDecimal.java:1780)\n"
         "\tat com.acme.installments.plan.InstallmentPlanner.split(InstallmentPlanner.java:64)\n"
         "\tat com.acme.installments.plan.InstallmentPlanner.plan(InstallmentPlanner.java:41)\n"
         "\tat com.acme.installments.web.PlanController.create(PlanController.java:38)\n"
         "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)\n"
         "\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)")

UAS_OLD = ["AcmeShop-iOS/6.1.4 CFNetwork/1494.0.7", "AcmeShop-Android/6.1.4 okhttp/4.12.0"]
UAS_NEW = ["AcmeShop-iOS/6.2.0 CFNetwork/1494.0.7", "AcmeShop-Android/6.2.0 okhttp/4.12.0"]
UA_WEB = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Safari/605.1.15"]


def checkout(t, ua, n, cents, attempt=1):
    trace, co_span, ins_span = rng.hex(32), rng.hex(16), rng.hex(16)
    copod, inspod = rng.choice(CO_PODS), rng.choice(INS_PODS)
    order = "ORD-%d" % rng.randint(7100000, 7199999)
    amount = "%d.%02d" % divmod(cents, 100)
    t1 = t + timedelta(milliseconds=rng.randint(20, 60))
    thread = "http-nio-8080-exec-%d" % rng.randint(1, 200)
    ok = terminates(cents, n)
    req = uuid(rng)
    if ok:
        ms = rng.lognorm_ms(38)
        ins.add(t1 + timedelta(milliseconds=ms), spring(t1 + timedelta(milliseconds=ms), "INFO", "installments-service", trace, ins_span, thread,
                                                        "c.a.installments.web.PlanController", "plan created order=%s total=%s EUR n=%d first_due=2025-05-14 in %dms" % (order, amount, n, ms)))
        tt = rng.lognorm_ms(260) + ms
        co.add(t + timedelta(milliseconds=tt), jrec(t + timedelta(milliseconds=tt), "INFO", "checkout-api", "POST /api/checkout/pay 200 in %dms" % tt,
                                                     component="com.acme.checkout.web.RequestLog", trace_id=trace, span_id=co_span, deploy=CO_DEPLOY,
                                                     attrs={"pod": copod, "order": order, "payment": "installments", "installments": n}))
        env.add(t + timedelta(milliseconds=tt + 3), envoy_line(t + timedelta(milliseconds=tt + 3), "POST", "/api/checkout/pay", 200, "-", "via_upstream", 1180, 412, tt + 3, tt,
                                                              ip(rng), ua, req, "shop.acme.example", "10.42.%d.%d:8080" % (rng.randint(1, 7), rng.randint(2, 250))))
        return
    te = t1 + timedelta(milliseconds=rng.randint(4, 15))
    ins.add(te, spring(te, "ERROR", "installments-service", trace, ins_span, thread, "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
                       "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: java.lang.ArithmeticException: Non-terminating decimal expansion; no exact representable decimal result.] with root cause\n" + ARITH))
    tc = te + timedelta(milliseconds=rng.randint(3, 9))
    cause = "org.springframework.web.client.HttpServerErrorException$InternalServerError: 500 Internal Server Error: \"{\"status\":500,\"error\":\"Internal Server Error\",\"path\":\"/v1/plans\"}\""
    co.add(tc, jrec(tc, "ERROR", "checkout-api", "installment plan creation failed for order %s (n=%d, total=%s EUR): 500 from installments-service" % (order, n, amount),
                    component="com.acme.checkout.installments.InstallmentClient", error_type="com.acme.checkout.installments.InstallmentPlanException",
                    trace_id=trace, span_id=co_span, caused_by=cause,
                    stack=["com.acme.checkout.installments.InstallmentPlanException: installment plan creation failed",
                           "at com.acme.checkout.installments.InstallmentClient.createPlan(InstallmentClient.java:77)",
                           "at com.acme.checkout.payment.InstallmentPayment.authorize(InstallmentPayment.java:52)",
                           "at com.acme.checkout.web.CheckoutController.pay(CheckoutController.java:96)",
                           "Caused by: " + cause.split(":")[0] + ": 500 Internal Server Error",
                           "at org.springframework.web.client.DefaultResponseErrorHandler.handleError(DefaultResponseErrorHandler.java:102)"],
                    deploy=CO_DEPLOY, attrs={"pod": copod, "order": order, "installments": n, "attempt": attempt}))
    tc2 = tc + timedelta(milliseconds=2)
    co.add(tc2, jrec(tc2, "ERROR", "checkout-api", "POST /api/checkout/pay failed: payment authorization error (installments)", component="com.acme.checkout.web.ApiExceptionHandler",
                     error_type="com.acme.checkout.installments.InstallmentPlanException", trace_id=trace, span_id=co_span, deploy=CO_DEPLOY,
                     attrs={"pod": copod, "order": order, "status": 502}))
    dur = int((tc2 - t).total_seconds() * 1000) + 2
    env.add(t + timedelta(milliseconds=dur), envoy_line(t + timedelta(milliseconds=dur), "POST", "/api/checkout/pay", 502, "-", "via_upstream", 1180, 131, dur, dur - 1,
                                                        ip(rng), ua, req, "shop.acme.example", "10.42.%d.%d:8080" % (rng.randint(1, 7), rng.randint(2, 250))))
    if attempt == 1 and ua.startswith("AcmeShop"):
        checkout(t + timedelta(milliseconds=dur + rng.randint(1500, 4000)), ua, n, cents, attempt=2)


for t in rng.times(START, END, 3.6):
    share_new = 0.0 if t < RAMP0 else min(0.55, 0.55 * (t - RAMP0).total_seconds() / (RAMP1 - RAMP0).total_seconds())
    r = rng.random()
    cents = rng.randint(4000, 180000)
    if r < 0.45:
        checkout(t, rng.choice(UA_WEB), rng.choice([2, 4]), cents)
    elif r < 0.45 + 0.55 * share_new:
        checkout(t, rng.choice(UAS_NEW), rng.choice([3, 3, 3, 6, 2, 4]), cents)
    else:
        checkout(t, rng.choice(UAS_OLD), rng.choice([2, 4]), cents)
# early testers on the 6.2.0 TestFlight build before the phased release
for s in ("2025-04-14T08:53:12.402", "2025-04-14T08:57:40.118"):
    checkout(dt(s), UAS_NEW[0], 3, 10000 + rng.randint(1, 999) * 3 + 1)

# card / wallet payments (never touch installments)
for t in rng.times(START, END, 3.5):
    trace = rng.hex(32)
    ms = rng.lognorm_ms(240)
    method = rng.choice(["card", "card", "paypal", "applepay"])
    co.add(t + timedelta(milliseconds=ms), jrec(t + timedelta(milliseconds=ms), "INFO", "checkout-api", "POST /api/checkout/pay 200 in %dms" % ms,
                                                 component="com.acme.checkout.web.RequestLog", trace_id=trace, span_id=rng.hex(16), deploy=CO_DEPLOY,
                                                 attrs={"pod": rng.choice(CO_PODS), "payment": method}))
    env.add(t + timedelta(milliseconds=ms + 2), envoy_line(t + timedelta(milliseconds=ms + 2), "POST", "/api/checkout/pay", 200, "-", "via_upstream", 1020, 388, ms + 2, ms,
                                                          ip(rng), rng.choice(UA_WEB + UAS_OLD), uuid(rng), "shop.acme.example", "10.42.%d.%d:8080" % (rng.randint(1, 7), rng.randint(2, 250))))
    if method == "card" and rng.random() < 0.5:
        pm.add(t + timedelta(milliseconds=ms // 2), jrec(t + timedelta(milliseconds=ms // 2), "INFO", "payment-methods", "3DS challenge result=frictionless card_bin=%d" % rng.randint(400000, 559999),
                                                          component="pm.threeds", trace_id=trace, span_id=rng.hex(16), attrs={"pod": PM_POD}))

# ---- noise ---------------------------------------------------------------------------------
for t in rng.times(START, END, 0.35):
    co.add(t, jrec(t, "ERROR", "checkout-api", "loyalty points redemption rejected: 409 CONFLICT (points already reserved by another session)",
                   component="com.acme.checkout.loyalty.LoyaltyClient", error_type="com.acme.checkout.loyalty.LoyaltyPointsException",
                   trace_id=rng.hex(32), span_id=rng.hex(16), deploy=CO_DEPLOY, attrs={"pod": rng.choice(CO_PODS), "since": "2025-04-13T23:10Z"}))
for m in range(0, 110, 5):
    t = START + timedelta(minutes=m, seconds=rng.randint(1, 9))
    ins.add(t, spring(t, "WARN", "installments-service", "", "", "scheduling-1", "c.a.installments.credit.CreditCache",
                      "credit limit cache refresh took %dms (threshold 2000ms), %d entries" % (rng.randint(2100, 3400), rng.randint(88000, 91000))))
for t in rng.times(START, END, 0.5):
    pm.add(t, jrec(t, "WARN", "payment-methods", "3DS directory server latency p95 %dms above 1500ms" % rng.randint(1500, 2400), component="pm.threeds", attrs={"pod": PM_POD, "ds": "visa"}))
for m in range(0, 110):
    t = START + timedelta(minutes=m, seconds=15)
    st = 503 if rng.random() < 0.12 else 200
    env.add(t, envoy_line(t, "GET", "/reviews/healthz", st, "-" if st == 200 else "UF", "via_upstream" if st == 200 else "upstream_reset_before_response_started{connection_failure}",
                          0, 2 if st == 200 else 91, 1 if st == 200 else 250, 1 if st == 200 else None, "10.42.0.1", "kube-probe/1.30", uuid(rng), "reviews.internal", "10.42.4.31:8080"))
for t in rng.times(START, END, 0.2):
    env.add(t, envoy_line(t, "GET", "/api/checkout/session", 499, "DC", "downstream_remote_disconnect", 0, 0, 4990, None, ip(rng), rng.choice(UA_WEB), uuid(rng), "shop.acme.example", "10.42.2.17:8080"))

d = reset_logs(CASE)
ins.write(d + "/installments-service.log")
co.write(d + "/checkout-api.jsonl")
env.write(d + "/edge-envoy.access.log")
pm.write(d + "/payment-methods.jsonl")

labels = {"alertname": "CheckoutPaymentFailures", "service": "checkout-api", "severity": "critical", "team": "checkout", "env": "prod"}
write_json(d + "/../alert.json", alertmanager(
    "checkout-oncall", labels,
    {"summary": "checkout-api: 502 on POST /api/checkout/pay at 6.8% (threshold 2%)",
     "description": "payment authorization failures over 10m; see checkout dashboard", "runbook_url": "https://runbooks.acme.example/checkout/pay-failures"},
    dt("2025-04-14T10:12:00"), "sum%28rate%28envoy_http_downstream_rq_xx%7Benvoy_response_code_class%3D%225%22%2Croute%3D%22checkout-pay%22%7D%5B10m%5D%29%29",
    "4e7a1c0b9d2f3a58"))
finish(CASE, {
    "root_cause": {"service": "installments-service",
                   "component": "InstallmentPlanner.split: BigDecimal.divide(n) without scale/rounding (throws for 3 and 6 instalments unless the total divides exactly)",
                   "error_type": "ArithmeticException", "file": "src/main/java/com/acme/installments/plan/InstallmentPlanner.java"},
    "category": "code",
    "symptoms": [{"service": "checkout-api", "error_type": "InstallmentPlanException"},
                 {"service": "edge-envoy", "error_type": "HTTP_502"}],
    "why": "InstallmentPlanner.split divides the total by n with BigDecimal.divide and no rounding, which throws ArithmeticException (non-terminating decimal) whenever the total does not divide exactly; the web shop only offers 2 and 4 instalments, but the app 6.2.0 phased release offers 3 and 6, so failures grow with its adoption (no server deploy). checkout-api logs each failure twice and the app retries, so its InstallmentPlanException lines are loudest; divide with a scale and RoundingMode and put the remainder on the last instalment.",
})
