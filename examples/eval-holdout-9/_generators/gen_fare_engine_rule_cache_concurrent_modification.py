"""fare-engine-rule-cache-concurrent-modification (code).

fare-engine rebuilds its in-memory FareRuleCache every 5 minutes by clearing and refilling the
shared ArrayList that quote threads iterate without a lock. With ~9k rules the refresh took
~0.2 s and the race almost never hit. At 13:58 partner-rules-sync imports 41,870 new Skylark
rules; from the 14:00 refresh on, each refresh takes 14-19 s and quotes that iterate the list
meanwhile fail with java.util.ConcurrentModificationException (in bursts at every refresh).
booking-api retries each failed quote twice and logs every attempt plus the give-up, so it is
loudest; edge-envoy answers 503. Noise: booking-api's seat-map timeouts (since 12:50), a stale
currency-rate warning, a malformed-rule-file error in partner-rules-sync, a flaky probe.
"""
from common import *

CASE = "fare-engine-rule-cache-concurrent-modification"
rng = Rng(90202)
T0, T1 = dt("2025-05-19T13:30:00"), dt("2025-05-19T14:52:00")
IMPORT = dt("2025-05-19T13:58:11.402")

fe, bk, env, prs = LogFile(), LogFile(), LogFile(), LogFile()
FE_PODS = [pod(rng, "fare-engine", "5c8b7d6f9") for _ in range(3)]
BK_DEPLOY = {"version": "11.3.0", "commit": "5a0f3e2"}
ROUTES = ["FRA-LIS", "MUC-BCN", "BER-CPH", "HAM-PMI", "DUS-OPO", "FRA-ATH", "STR-NAP", "CGN-VIE"]

# refresh windows: (start, end)
windows = []
for t in every(dt("2025-05-19T13:30:00"), T1, 300):
    big = t >= IMPORT
    dur = ms(rng.randint(14000, 19000)) if big else ms(rng.randint(150, 260))
    rules = 51630 + rng.randint(0, 40) if big else 9760 + rng.randint(0, 20)
    p = rng.choice(FE_PODS)
    for fp in FE_PODS:
        st = t + ms(rng.randint(0, 400))
        d = dur + ms(rng.randint(-800, 800)) if big else dur
        fe.add(st, spring(st, "INFO", "fare-engine", "", "", "rules-refresh-1", "c.a.fare.rules.FareRuleCache",
                          "fare rule refresh started pod=%s source=rules-db" % fp))
        fe.add(st + d, spring(st + d, "INFO", "fare-engine", "", "", "rules-refresh-1", "c.a.fare.rules.FareRuleCache",
                              "fare rule refresh finished pod=%s rules=%d took=%dms" % (fp, rules, d.total_seconds() * 1000)))
        if big:
            w = st + d + ms(3)
            fe.add(w, spring(w, "WARN", "fare-engine", "", "", "rules-refresh-1", "c.a.fare.rules.FareRuleCache",
                             "fare rule refresh exceeded 2000ms budget (took %dms)" % (d.total_seconds() * 1000)))
        windows.append((fp, st, st + d, big))


def in_refresh(p, t):
    for fp, a, b, big in windows:
        if fp == p and big and a <= t <= b:
            return True
    return False


CME = [("java.util.ConcurrentModificationException", None, [
    "java.base/java.util.ArrayList$Itr.checkForComodification(ArrayList.java:1095)",
    "java.base/java.util.ArrayList$Itr.next(ArrayList.java:1049)",
    "com.acme.fare.rules.FareRuleCache.matching(FareRuleCache.java:74)",
    "com.acme.fare.quote.FareQuoteService.quote(FareQuoteService.java:52)",
    "com.acme.fare.web.QuoteController.quote(QuoteController.java:38)",
    "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
    "org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)",
    "org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:61)",
    "java.base/java.lang.Thread.run(Thread.java:1583)"])]


def quote(t):
    trace = rng.hex(32)
    route = rng.choice(ROUTES)
    bspan = rng.hex(16)
    tt = t
    failed = 0
    for a in range(1, 4):
        p = rng.choice(FE_PODS)
        s = rng.hex(16)
        d = rng.lognorm_ms(60)
        tt = tt + ms(rng.randint(2, 8))
        thread = "http-nio-8080-exec-%d" % rng.randint(1, 40)
        if in_refresh(p, tt) and rng.random() < 0.8:
            fe.add(tt + ms(d // 3), spring_err(tt + ms(d // 3), "ERROR", "fare-engine", trace, s, thread, "c.a.fare.web.QuoteExceptionHandler",
                                               "POST /v1/quotes failed route=%s pod=%s" % (route, p), CME))
            e = tt + ms(d // 3 + 4)
            failed += 1
            last = a == 3
            bk.add(e, jrec(e, "ERROR", "booking-api", "fare-engine quote failed: 500 Internal Server Error (attempt %d/3)" % a,
                           component="FareEngineClient", error_type="com.acme.booking.fare.FareQuoteClientException",
                           trace_id=trace, span_id=rng.hex(16), parent_span_id=bspan, deploy=BK_DEPLOY,
                           attrs={"route": route, "attempt": a, "upstream": "fare-engine.pricing.svc:8080"}))
            if last:
                bk.add(e + ms(1), jrec(e + ms(1), "ERROR", "booking-api", "quote unavailable for %s after 3 attempts, answering 503" % route,
                                       component="QuoteController", error_type="com.acme.booking.fare.FareQuoteClientException",
                                       trace_id=trace, span_id=bspan, deploy=BK_DEPLOY, attrs={"route": route}))
                env.add(e + ms(3), envoy_line(e + ms(3), "POST", "/api/bookings/quote", 503, "-", "via_upstream", 310, 96,
                                              (e - t).total_seconds() * 1000 + 3, int((e - t).total_seconds() * 1000), ip(rng, "198.51.100")[:-2] + str(rng.randint(1, 254)),
                                              "SkyBook-Android/6.14.1", uuid(rng), "api.skybook.example", ip(rng, "10.42") + ":8080"))
                return
            tt = e + ms(100 * a)
        else:
            fe.add(tt + ms(d), spring(tt + ms(d), "INFO", "fare-engine", trace, s, thread, "c.a.fare.web.RequestLog",
                                      "POST /v1/quotes 200 in %dms route=%s" % (d, route)))
            e = tt + ms(d + 3)
            if failed:
                bk.add(e, jrec(e, "INFO", "booking-api", "fare-engine quote succeeded on attempt %d" % a, component="FareEngineClient",
                               trace_id=trace, span_id=rng.hex(16), parent_span_id=bspan, deploy=BK_DEPLOY, attrs={"route": route}))
            env.add(e + ms(2), envoy_line(e + ms(2), "POST", "/api/bookings/quote", 200, "-", "via_upstream", 310, rng.randint(2400, 6800),
                                          (e - t).total_seconds() * 1000 + 2, int((e - t).total_seconds() * 1000), "198.51.100.%d" % rng.randint(1, 254),
                                          rng.choice(["SkyBook-Android/6.14.1", "SkyBook-iOS/6.14.0 CFNetwork/1496.0.7", "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"]),
                                          uuid(rng), "api.skybook.example", ip(rng, "10.42") + ":8080"))
            return


for t in rng.times(T0, T1, 7):
    quote(t)

for t in rng.times(T0, T1, 1.8):
    d = rng.lognorm_ms(240)
    bk.add(t, jrec(t, "INFO", "booking-api", "booking created BK%s in %dms" % (rng.alnum(6, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"), d),
                   component="BookingController", trace_id=rng.hex(32), span_id=rng.hex(16), deploy=BK_DEPLOY))
    env.add(t + ms(d), envoy_line(t + ms(d), "POST", "/api/bookings", 201, "-", "via_upstream", 1820, 940, d + 2, d,
                                  "198.51.100.%d" % rng.randint(1, 254), "SkyBook-iOS/6.14.0 CFNetwork/1496.0.7", uuid(rng), "api.skybook.example", ip(rng, "10.42") + ":8080"))

# partner-rules-sync: an import every 15 minutes
for i, t in enumerate(every(dt("2025-05-19T13:28:10"), T1, 900, rng, 3000)):
    big = abs((t - IMPORT).total_seconds()) < 400
    n = 41870 if big else rng.randint(0, 60)
    prs.add(t, logfmt(t, "info", "import run started", run=88553 + i, partners=7))
    for partner in ["lufthansa-group", "skylark", "aerolinea-sol", "nordwind", "tap"]:
        c = n if (big and partner == "skylark") else rng.randint(0, 12)
        t = t + ms(rng.randint(300, 1200) + (48000 if c > 1000 else 0))
        prs.add(t, logfmt(t, "info", "partner rules imported", partner=partner, new_rules=c, updated=rng.randint(0, 30), file="%s/fares-%s.xml" % (partner, t.strftime("%Y%m%dT%H%M"))))
    if big:
        prs.add(t + ms(5), logfmt(t + ms(5), "info", "large import", partner="skylark", new_rules=41870, note="season 2025-W summer network published"))
    prs.add(t + ms(20), logfmt(t + ms(20), "info", "import run finished", total_rules=(51634 if t > IMPORT else 9762), took_ms=rng.randint(2000, 52000) if big else rng.randint(2000, 6000)))
    if rng.random() < 0.6:
        prs.add(t + ms(30), logfmt(t + ms(30), "error", "skipping malformed rule file", partner="aerolinea-sol", file="aerolinea-sol/fares-legacy.xml",
                                   err="XML syntax error on line 1183: unexpected EOF"))

# noise
for t in every(dt("2025-05-19T12:50:00"), T1, 360, rng, 90000):
    if t >= T0:
        bk.add(t, jrec(t, "ERROR", "booking-api", "seat map request timed out after 3000ms (provider seatmaps.partner.example)", component="SeatMapClient",
                       error_type="com.acme.booking.seats.SeatMapTimeoutException", trace_id=rng.hex(32), span_id=rng.hex(16), deploy=BK_DEPLOY))
for t in every(T0, T1, 600, rng, 20000):
    fe.add(t, spring(t, "WARN", "fare-engine", "", "", "scheduling-1", "c.a.fare.fx.CurrencyRates", "currency rates older than 6h (last update 07:00Z); using cached rates"))
for t in every(T0, T1, 15, rng, 1000):
    st = 200 if rng.random() > 0.02 else 503
    env.add(t, envoy_line(t, "GET", "/ready", st, "-" if st == 200 else "UF", "via_upstream" if st == 200 else "upstream_reset_before_response_started{connection_failure}",
                          0, 2 if st == 200 else 91, 1, 1 if st == 200 else None, "10.0.0.7", "kube-probe/1.30", uuid(rng), "booking-api.internal", ip(rng, "10.42") + ":8080"))

alert = alertmanager("travel-oncall", {"alertname": "BookingQuoteErrorRate", "service": "booking-api", "namespace": "booking", "severity": "critical", "env": "prod"},
                     {"summary": "booking-api quote errors above 5% for 10m", "description": "POST /api/bookings/quote 5xx ratio 7.9% (15m)"},
                     dt("2025-05-19T14:21:00"), "sum(rate(envoy_cluster_upstream_rq_xx%7Benvoy_response_code_class%3D%225%22%2Croute%3D%22quote%22%7D%5B15m%5D))+%3E+0.05",
                     "4e9a1c7d2b3f0a56")
write_case(CASE, {"fare-engine.log": fe, "booking-api.jsonl": bk, "edge-envoy.access.log": env, "partner-rules-sync.log": prs}, alert)
finish(CASE, {
    "root_cause": {"service": "fare-engine", "component": "FareRuleCache.refresh clears and refills the shared ArrayList that matching() iterates unlocked",
                   "error_type": "ConcurrentModificationException", "file": "src/main/java/com/acme/fare/rules/FareRuleCache.java"},
    "category": "code",
    "symptoms": [{"service": "booking-api", "error_type": "FareQuoteClientException"}, {"service": "edge-envoy", "error_type": "HTTP_503"}],
    "why": "fare-engine's FareRuleCache refills the list quote threads iterate without a lock; once the 13:58 Skylark import grew the rules from ~9.8k to ~51.6k, each 5-minute refresh takes 14-19 s and quotes during it throw ConcurrentModificationException in bursts. booking-api's retries land in the same window and are loudest; the import is legitimate data that only widened the race.",
})
