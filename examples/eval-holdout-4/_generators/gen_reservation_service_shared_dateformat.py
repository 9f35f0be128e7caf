#!/usr/bin/env python3
"""reservation-service-shared-dateformat

reservation-service (Spring Boot, logback) parses the pickup hold window with one static
SimpleDateFormat shared by all request threads (HoldWindowParser, since 6.4.0, four days ago).
SimpleDateFormat is not thread-safe: with a few concurrent requests it sometimes throws
NumberFormatException ("multiple points", 'For input string: ""') or parses a garbage date.
At night traffic is low and only a handful failed; the lunch peak (11:35-12:05) makes it
fail for about a third of holds. checkout-api retries three times and logs an ERROR per
attempt plus one per failed checkout, so its ReservationClientException is loudest; the
ingress shows 502s. No deploy in the window.
Noise: address-api lookups that time out (since the morning), slow-query warnings in
reservation-service, a flaky loyalty-web health check at the ingress.
Alertmanager alert on checkout-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, spring, spring_err, nginx_line,
                    alertmanager, pod, ip, ramp, arrivals)

CASE = "reservation-service-shared-dateformat"
rng = Rng(20250916)
START, END = dt("2025-09-16T11:24:00"), dt("2025-09-16T12:04:00")
rate = ramp([(START, 5), (dt("2025-09-16T11:35:00"), 9), (dt("2025-09-16T11:45:00"), 17), (END, 18)])

rs, co, ng = LogFile(), LogFile(), LogFile()
CO_PODS = [pod(rng, "checkout-api", "7f6d9c8b5") for _ in range(3)]
CO_DEPLOY = {"version": "9.12.3", "commit": "5be0a71"}
NFE = ["multiple points", "multiple points", 'For input string: ""', "empty String", 'For input string: ".1616E2.1616E2"']
STACK_TAIL = [
    "java.base/java.text.DigitList.getDouble(DigitList.java:169)",
    "java.base/java.text.DecimalFormat.parse(DecimalFormat.java:2202)",
    "java.base/java.text.SimpleDateFormat.subParse(SimpleDateFormat.java:1937)",
    "java.base/java.text.SimpleDateFormat.parse(SimpleDateFormat.java:1545)",
    "java.base/java.text.DateFormat.parse(DateFormat.java:397)",
    "com.acme.reservation.hold.HoldWindowParser.parse(HoldWindowParser.java:31)",
    "com.acme.reservation.hold.HoldService.reserve(HoldService.java:74)",
    "com.acme.reservation.web.ReservationController.create(ReservationController.java:52)",
    "jakarta.servlet.http.HttpServlet.service(HttpServlet.java:658)",
]


def reserve(t, trace, parent):
    """one POST /v2/holds on reservation-service; returns (ok, done)"""
    r = rate(t)
    p_fail = max(0.004, (r - 7.0) / 36.0)
    lat = rng.lognorm_ms(38)
    done = t + timedelta(milliseconds=lat)
    span = rng.hex(16)
    thread = "http-nio-8080-exec-%d" % rng.randint(1, 40)
    u = rng.random()
    if u < p_fail:
        msg = rng.choice(NFE)
        first = ["java.base/jdk.internal.math.FloatingDecimal.readJavaFormatString(FloatingDecimal.java:1914)",
                 "java.base/jdk.internal.math.FloatingDecimal.parseDouble(FloatingDecimal.java:110)",
                 "java.base/java.lang.Double.parseDouble(Double.java:792)"]
        if msg == 'For input string: ""':
            first = ["java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)",
                     "java.base/java.lang.Long.parseLong(Long.java:721)", "java.base/java.lang.Long.parseLong(Long.java:836)"]
        rs.add(done, spring_err(done, "ERROR", "reservation-service", trace, span, thread, "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
                                "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: java.lang.NumberFormatException: %s] with root cause" % msg,
                                [("java.lang.NumberFormatException", msg, first + STACK_TAIL)]))
        return False, done
    if u < p_fail * 1.15:
        rs.add(done, spring(done, "WARN", "reservation-service", trace, span, thread, "c.a.reservation.hold.HoldService",
                            "hold window end before start for store %d (start=2025-09-16T%02d:%02d, end=%s); clamping to 2h" % (
                                rng.randint(100, 480), rng.randint(12, 18), rng.choice([0, 15, 30, 45]), rng.choice(["2025-01-16T14:00", "2009-09-16T14:30", "2025-09-01T00:00"]))))
    return True, done


for t in arrivals(rng, START, END, rate):
    trace, span, p = rng.hex(32), rng.hex(16), rng.choice(CO_PODS)
    ta, ok = t + timedelta(milliseconds=rng.randint(20, 60)), False
    for attempt in (1, 2, 3):
        ok, done = reserve(ta, trace, span)
        if ok:
            break
        e = done + timedelta(milliseconds=4)
        co.add(e, jrec(e, "ERROR", "checkout-api", "reservation hold failed (attempt %d/3): 500 Internal Server Error from POST http://reservation-service/v2/holds" % attempt,
                       component="com.acme.checkout.reservation.ReservationClient", error_type="com.acme.checkout.reservation.ReservationClientException",
                       trace_id=trace, span_id=span, deploy=CO_DEPLOY, attrs={"pod": p, "attempt": attempt}))
        ta = e + timedelta(milliseconds=150 * attempt)
    dur = int((ta - t).total_seconds() * 1000) + rng.randint(60, 140)
    tend = t + timedelta(milliseconds=dur)
    if ok:
        co.add(tend, jrec(tend, "INFO", "checkout-api", "POST /api/checkout 200 in %dms" % dur, component="com.acme.checkout.web.RequestLog",
                          trace_id=trace, span_id=span, deploy=CO_DEPLOY, attrs={"pod": p}))
        st = 200
    else:
        co.add(tend, jrec(tend, "ERROR", "checkout-api", "checkout failed: could not reserve pickup slot after 3 attempts", component="com.acme.checkout.web.CheckoutController",
                          error_type="com.acme.checkout.reservation.ReservationClientException", trace_id=trace, span_id=span,
                          caused_by="org.springframework.web.client.HttpServerErrorException$InternalServerError: 500 Internal Server Error on POST request for \"http://reservation-service/v2/holds\"",
                          deploy=CO_DEPLOY, attrs={"pod": p, "status": 502}))
        st = 502
    ng.add(tend, nginx_line(tend + timedelta(milliseconds=2), "203.0.113.%d" % rng.randint(1, 254),
                            "POST", "/api/checkout", st, 1840 if st == 200 else 162, "Mozilla/5.0 (Linux; Android 14) AcmeShop/5.22", dur / 1000.0,
                            "shop-checkout-api-8080", "10.42.%d.%d:8080" % (rng.randint(1, 6), rng.randint(2, 250)), rng.hex(32)))

# ---- noise ------------------------------------------------------------------------------------
for t in rng.times(START, END, 0.35):
    co.add(t, jrec(t, "ERROR", "checkout-api", "address suggestion lookup timed out after 800ms; continuing without normalised address",
                   component="com.acme.checkout.address.AddressClient", error_type="com.acme.checkout.address.AddressLookupException",
                   trace_id=rng.hex(32), span_id=rng.hex(16), deploy=CO_DEPLOY, attrs={"pod": rng.choice(CO_PODS), "upstream": "address-api"}))
for t in rng.times(START, END, 0.25):
    rs.add(t, spring(t, "WARN", "reservation-service", "", "", "http-nio-8080-exec-%d" % rng.randint(1, 40), "o.h.e.jdbc.spi.SqlStatementLogger",
                     "Slow query: %d milliseconds. SQL: 'select s1_0.store_id,s1_0.slot_start from store_slot s1_0 where s1_0.store_id=? and s1_0.day=?'" % rng.randint(300, 900)))
for m in range(0, 40, 5):
    t = START + timedelta(minutes=m, seconds=12)
    rs.add(t, spring(t, "INFO", "reservation-service", "", "", "scheduling-1", "c.a.reservation.hold.ExpiredHoldSweeper",
                     "released %d expired holds (oldest %d min)" % (rng.randint(3, 40), rng.randint(31, 58))))
for m in range(0, 40):
    t = START + timedelta(minutes=m, seconds=33)
    st = 503 if rng.random() < 0.12 else 200
    ng.add(t, nginx_line(t, "10.42.0.1", "GET", "/loyalty/healthz", st, 19 if st == 200 else 190, "kube-probe/1.30", 0.002 if st == 200 else 1.0,
                         "shop-loyalty-web-80", "10.42.4.61:80", rng.hex(32)))
for t in rng.times(START, END, 3):
    path = rng.choice(["/api/catalog/search?q=drill", "/api/cart", "/static/app.4f1c.js", "/api/stores/nearby?lat=52.5&lon=13.4"])
    ng.add(t, nginx_line(t, "203.0.113.%d" % rng.randint(1, 254), "GET", path, 200, rng.randint(800, 30000), "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
                         rng.randint(5, 90) / 1000.0, "shop-storefront-8080", "10.42.%d.%d:8080" % (rng.randint(1, 6), rng.randint(2, 250)), rng.hex(32)))

d = reset_logs(CASE)
rs.write(d + "/reservation-service.log")
co.write(d + "/checkout-api.jsonl")
ng.write(d + "/ingress-nginx.access.log")
labels = {"alertname": "CheckoutErrorRate", "service": "checkout-api", "namespace": "shop", "severity": "critical", "env": "prod"}
write_json(d + "/../alert.json", alertmanager("shop-oncall", labels,
                                              {"summary": "checkout-api: 7.8% of POST /api/checkout failing (threshold 2%)",
                                               "description": "ReservationClientException dominates the error log; see checkout dashboard"},
                                              dt("2025-09-16T11:51:00"), "sum%28rate%28http_server_requests_seconds_count%7Bservice%3D%22checkout-api%22%2Cstatus%3D~%225..%22%7D%5B5m%5D%29%29",
                                              "e4a19c07b2d83f56"))
finish(CASE, {
    "root_cause": {"service": "reservation-service", "component": "HoldWindowParser: static SimpleDateFormat shared across request threads (since 6.4.0)",
                   "error_type": "NumberFormatException", "file": "src/main/java/com/acme/reservation/hold/HoldWindowParser.java"},
    "category": "code",
    "symptoms": [{"service": "checkout-api", "error_type": "ReservationClientException"},
                 {"service": "ingress-nginx", "error_type": "HTTP_502"}],
    "why": "reservation-service parses hold windows with one static SimpleDateFormat shared by all request threads, which is not thread-safe: at the lunch peak concurrent parses corrupt each other and throw NumberFormatException ('multiple points', 'For input string') or yield garbage dates, for about a third of holds. checkout-api's three retries and final failure make its ReservationClientException the loudest; use a DateTimeFormatter.",
})
