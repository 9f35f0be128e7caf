#!/usr/bin/env python3
"""ratings-service-zero-review-average

At 10:00 the spring collection (new SKUs, no reviews yet) went live with no deploy anywhere.
ratings-service (Java, JSONL) computes the star average with integer arithmetic
(sumStars / reviewCount) and throws ArithmeticException "/ by zero" for any product with no
reviews. product-page (Node) retries twice (logging every failed attempt) and renders an error page; ingress-nginx logs 502s
for the product pages (the loudest). Noise: ratings-service slow-query warnings, product-page
image CDN warnings, an older recurring recommendations timeout in product-page, flaky probe.
Alertmanager alert on product-page 5xx ratio.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, node_line, nginx_line,
                    alertmanager, pod, ip)

CASE = "ratings-service-zero-review-average"
rng = Rng(20260302)
START, END = dt("2026-03-02T09:35:00"), dt("2026-03-02T10:24:00")
LIVE = dt("2026-03-02T10:00:00")
rs, pp, ng = LogFile(), LogFile(), LogFile()
RS_PODS = [pod(rng, "ratings-service", "7c9d5f6b8") for _ in range(3)]
PP_PODS = [pod(rng, "product-page", "5b8f7d9c6") for _ in range(3)]
DEP = {"version": "2.18.3", "commit": "e41c0a7"}
STACK = ["com.acme.ratings.summary.RatingSummary.average(RatingSummary.java:48)",
         "com.acme.ratings.summary.SummaryService.summarize(SummaryService.java:71)",
         "com.acme.ratings.web.SummaryController.get(SummaryController.java:39)",
         "org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)"]
NEW = ["SPR26-%04d" % rng.randint(1000, 9999) for _ in range(40)]
OLD = ["SKU-%06d" % rng.randint(100000, 999999) for _ in range(200)]
for t in rng.times(START, END, 12):
    newshare = 0.0 if t < LIVE else min(0.45, 0.1 + (t - LIVE).total_seconds() / 1800)
    sku = rng.choice(NEW) if rng.random() < newshare else rng.choice(OLD)
    tr, root, s1 = rng.hex(32), rng.hex(16), rng.hex(16)
    cip = ip(rng, "81.%d" % rng.randint(10, 200))
    ppod = rng.choice(PP_PODS)
    if sku in NEW:
        for a in range(3):
            ta = t + timedelta(milliseconds=8 + 40 * a)
            sp = rng.hex(16)
            rs.add(ta, jrec(ta, "ERROR", "ratings-service", "GET /v2/products/%s/summary failed: / by zero" % sku,
                            component="com.acme.ratings.web.SummaryController", error_type="java.lang.ArithmeticException",
                            trace_id=tr, span_id=sp, parent_span_id=s1, stack=STACK, deploy=DEP,
                            attrs={"pod": rng.choice(RS_PODS), "sku": sku, "review_count": 0}))
            pp.add(ta + timedelta(milliseconds=12), node_line(ta + timedelta(milliseconds=12), "error",
                   "[ratings] UpstreamError: GET http://ratings-service/v2/products/%s/summary -> 500, attempt %d/3 trace=%s" % (sku, a + 1, tr)))
        te = t + timedelta(milliseconds=140)
        pp.add(te, node_line(te, "error", "[render] /p/%s failed: UpstreamError: ratings-service responded 500 after 3 attempts trace=%s pod=%s\n"
                             "    at RatingsClient.summary (/srv/app/dist/clients/ratings.js:57:13)\n"
                             "    at async renderProduct (/srv/app/dist/pages/product.js:112:21)" % (sku, tr, ppod)))
        ng.add(te, nginx_line(te, cip, "GET", "/p/%s" % sku, 502, 157, "Mozilla/5.0", 0.151, "shop-product-page-80", "10.42.3.%d:3000" % rng.randint(2, 250), rng.hex(32)))
    else:
        n = rng.randint(3, 900)
        rs.add(t, jrec(t, "INFO", "ratings-service", "GET /v2/products/%s/summary 200 in %dms" % (sku, rng.lognorm_ms(9)),
                       component="com.acme.ratings.web.RequestLog", trace_id=tr, span_id=rng.hex(16), parent_span_id=s1, deploy=DEP,
                       attrs={"pod": rng.choice(RS_PODS), "review_count": n}))
        d = rng.lognorm_ms(60)
        pp.add(t + timedelta(milliseconds=d), node_line(t + timedelta(milliseconds=d), "info", "GET /p/%s 200 %dms" % (sku, d)))
        ng.add(t + timedelta(milliseconds=d), nginx_line(t + timedelta(milliseconds=d), cip, "GET", "/p/%s" % sku, 200, rng.randint(40000, 90000), "Mozilla/5.0", d / 1000, "shop-product-page-80", "10.42.3.%d:3000" % rng.randint(2, 250), rng.hex(32)))
# spring launch marker in product-page (info only)
pp.add(LIVE + timedelta(seconds=1), node_line(LIVE + timedelta(seconds=1), "info", "[catalog] collection 'spring-26' is now visible (40 products)"))
# noise
for t in rng.times(START, END, 0.6):
    rs.add(t, jrec(t, "WARN", "ratings-service", "slow query: SELECT ... FROM review WHERE product_id = ? ORDER BY helpful DESC took %dms" % rng.randint(520, 1400),
                   component="org.hibernate.SQL_SLOW", deploy=DEP, attrs={"pod": rng.choice(RS_PODS)}))
for t in rng.times(START, END, 0.8):
    pp.add(t, node_line(t, "warn", "[images] cdn variant missing for %s, falling back to original" % rng.choice(OLD)))
for t in rng.times(START, END, 0.35):
    pp.add(t, node_line(t, "error", "[recs] TimeoutError: recommendations did not answer within 300ms (widget hidden)\n"
                        "    at Timeout._onTimeout (/srv/app/dist/clients/recs.js:31:18)"))
for m in range(49):
    t = START + timedelta(minutes=m, seconds=12)
    st = 200 if rng.random() > 0.05 else 503
    ng.add(t, nginx_line(t, "10.42.0.1", "GET", "/healthz", st, 2 if st == 200 else 190, "kube-probe/1.29", 0.002 if st == 200 else 1.0, "shop-product-page-80", "10.42.3.17:3000", rng.hex(32)))

d = reset_logs(CASE)
rs.write(d + "/ratings-service.jsonl")
pp.write(d + "/product-page.log")
ng.write(d + "/ingress-nginx.access.log")
labels = {"alertname": "ProductPage5xxRatioHigh", "severity": "critical", "service": "product-page", "namespace": "shop", "team": "storefront"}
write_json(d + "/../alert.json", alertmanager("storefront-pager", labels,
    {"summary": "product-page 5xx ratio above 5% for 5m", "description": "ingress 5xx ratio for shop-product-page-80 is 12.4%",
     "runbook_url": "https://runbooks.acme.internal/storefront/product-page-5xx"},
    dt("2026-03-02T10:09:30"), "sum(rate(nginx_ingress_controller_requests%7Bservice%3D%22product-page%22%2Cstatus%3D~%225..%22%7D%5B5m%5D))",
    "b3e1d07a9c2f4e51"))
finish(CASE, {
    "root_cause": {"service": "ratings-service", "component": "RatingSummary.average (integer sumStars / reviewCount)",
                   "error_type": "ArithmeticException", "file": "src/main/java/com/acme/ratings/summary/RatingSummary.java"},
    "category": "code",
    "symptoms": [{"service": "product-page", "error_type": "UpstreamError"}, {"service": "ingress-nginx", "error_type": "HTTP_502"}],
    "why": "The spring-26 collection went live at 10:00 with 40 products that have no reviews yet; ratings-service computes the average as an integer division sumStars / reviewCount and throws ArithmeticException (/ by zero) for them, so product-page fails those pages after retries and the ingress returns 502. No deploy happened; the bug was latent until products with zero reviews became visible.",
})
