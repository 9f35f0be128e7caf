#!/usr/bin/env python3
"""order-router-unclosed-region-regex

order-router (Spring Boot, jsonl) picks the warehouse for each order from routing rules held
in Spring Cloud Config. At 13:05:12 ops added the new Linz warehouse with region pattern
"^(AT|SI|HU$" (missing ")"), pushed it and triggered a bus refresh; order-router logs
"Refresh keys changed: [routing.rules[0]...]". Rule patterns are compiled lazily on each
evaluation and only cached when they compile, and the new rule has the highest priority, so
every evaluation throws PatternSyntaxException "Unclosed group near index 11". order-intake
(logback) parks each order on the retry topic (WARN) and redelivers it after 1, 2, 4, then every 8 minutes;
warehouse-gateway stops receiving pick lists.
Here the loudest error is also the root cause (order-router/PatternSyntaxException).
Noise: stale carrier cutoff warnings in order-router, fraud-check timeouts in order-intake
since the morning, warehouse-gateway scanner heartbeat warnings.
Generic alert on warehouse-gateway (no pick lists).
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, lb, logfmt, generic_alert, pod)

CASE = "order-router-unclosed-region-regex"
rng = Rng(20250821)
START, END = dt("2025-08-21T12:40:00"), dt("2025-08-21T13:34:00")
PUSH = dt("2025-08-21T13:05:12.604")

orr, oi, wg = LogFile(), LogFile(), LogFile()
OR_PODS = [pod(rng, "order-router", "6c8d9f7b5") for _ in range(2)]
OR_DEPLOY = {"version": "3.17.2", "commit": "a8e1c06"}
refresh = {}
for i, p in enumerate(OR_PODS):
    t = PUSH + timedelta(milliseconds=420 + 730 * i)
    refresh[p] = t
    orr.add(t, jrec(t, "INFO", "order-router", "Refresh keys changed: [routing.rules[0].warehouse, routing.rules[0].region-pattern, routing.rules[0].priority, routing.rules[0].carriers]",
                    component="org.springframework.cloud.endpoint.event.RefreshEventListener", deploy=OR_DEPLOY,
                    attrs={"pod": p, "config_label": "main", "config_version": "c41d9e2"}))
    orr.add(t + timedelta(milliseconds=3), jrec(t + timedelta(milliseconds=3), "INFO", "order-router", "routing rules reloaded: 9 rules (new: WH-LINZ priority 10)",
                                                component="com.acme.routing.rules.RoutingRulesProperties", deploy=OR_DEPLOY, attrs={"pod": p}))
PSE = "Unclosed group near index 11\n^(AT|SI|HU$"
STACK = ["java.util.regex.PatternSyntaxException: " + PSE,
         "at java.base/java.util.regex.Pattern.error(Pattern.java:2028)",
         "at java.base/java.util.regex.Pattern.accept(Pattern.java:1878)",
         "at java.base/java.util.regex.Pattern.group0(Pattern.java:3053)",
         "at java.base/java.util.regex.Pattern.sequence(Pattern.java:2124)",
         "at java.base/java.util.regex.Pattern.expr(Pattern.java:2069)",
         "at java.base/java.util.regex.Pattern.compile(Pattern.java:1783)",
         "at java.base/java.util.regex.Pattern.<init>(Pattern.java:1430)",
         "at java.base/java.util.regex.Pattern.compile(Pattern.java:1069)",
         "at com.acme.routing.rules.RegionMatcher.matches(RegionMatcher.java:37)",
         "at com.acme.routing.rules.RuleEngine.evaluate(RuleEngine.java:58)",
         "at com.acme.routing.OrderRoutingService.route(OrderRoutingService.java:91)"]
WH = ["WH-BERLIN", "WH-POZNAN", "WH-MILANO", "WH-LYON"]
pending = []


def route(t, order, attempt):
    p = rng.choice(OR_PODS)
    trace, span = rng.hex(32), rng.hex(16)
    done = t + timedelta(milliseconds=rng.randint(8, 40))
    if t >= refresh[p]:
        orr.add(done, jrec(done, "ERROR", "order-router", "route evaluation failed for order %s (country %s)" % (order, rng.choice(["DE", "PL", "IT", "FR", "AT", "CZ"])),
                           component="com.acme.routing.OrderRoutingService", error_type="java.util.regex.PatternSyntaxException", trace_id=trace, span_id=span,
                           stack=STACK, deploy=OR_DEPLOY, attrs={"pod": p, "order_id": order, "rule": "WH-LINZ"}))
        oi.add(done + timedelta(milliseconds=5), lb(done + timedelta(milliseconds=5), "WARN", "intake-consumer-%d" % rng.randint(0, 5), "c.a.intake.routing.RoutingStep",
                                                    "order %s: routing failed (order-router answered 500 ROUTE_EVALUATION_FAILED); parked on order-routing-retry, attempt %d" % (order, attempt)))
        return False
    wh = rng.choice(WH)
    orr.add(done, jrec(done, "INFO", "order-router", "order %s routed to %s (rule %s)" % (order, wh, wh), component="com.acme.routing.OrderRoutingService",
                       trace_id=trace, span_id=span, deploy=OR_DEPLOY, attrs={"pod": p, "order_id": order}))
    wt = done + timedelta(milliseconds=rng.randint(30, 200))
    wg.add(wt, logfmt(wt, "info", "pick list created", warehouse=wh, order=order, lines=rng.randint(1, 6)))
    return True


for t in rng.times(START, END, 4):
    order = "SO-%d" % rng.randint(4100000, 4199999)
    oi.add(t, lb(t, "INFO", "intake-consumer-%d" % rng.randint(0, 5), "c.a.intake.OrderIntakeListener", "order %s accepted (payment authorised)" % order))
    ta = t + timedelta(milliseconds=rng.randint(20, 80))
    for attempt in range(1, 20):
        if ta >= END or route(ta, order, attempt):
            break
        ta += timedelta(minutes=2 ** min(attempt - 1, 3), milliseconds=rng.randint(0, 2000))

# ---- noise ------------------------------------------------------------------------------------
for t in rng.times(START, END, 0.4):
    oi.add(t, lb(t, "ERROR", "intake-consumer-%d" % rng.randint(0, 5), "c.a.intake.fraud.FraudCheckClient",
                 "fraud check timed out after 1500ms for order SO-%d; accepting with manual review flag\ncom.acme.intake.fraud.FraudCheckTimeoutException: no answer from fraud-check within 1500ms\n\tat com.acme.intake.fraud.FraudCheckClient.check(FraudCheckClient.java:77)\n\tat com.acme.intake.OrderIntakeListener.onOrder(OrderIntakeListener.java:49)" % rng.randint(4100000, 4199999)))
for m in range(0, 54, 6):
    t = START + timedelta(minutes=m, seconds=9)
    orr.add(t, jrec(t, "WARN", "order-router", "carrier cutoff table is %d h old (source: carrier-cutoffs.csv); using cached cutoffs" % (26 + m // 30),
                    component="com.acme.routing.carrier.CutoffTable", deploy=OR_DEPLOY, attrs={"pod": rng.choice(OR_PODS)}))
for m in range(0, 54, 2):
    t = START + timedelta(minutes=m, seconds=rng.randint(0, 59))
    wg.add(t, logfmt(t, "warn", "scanner heartbeat missed", warehouse="WH-POZNAN", device="zebra-tc52-%02d" % rng.randint(1, 40), last_seen_s=rng.randint(65, 300)))
for m in range(5, 54, 5):
    t = START + timedelta(minutes=m)
    n = sum(1 for e in wg.entries if t - timedelta(minutes=5) <= e[0] < t and "pick list created" in e[2])
    wg.add(t, logfmt(t, "info" if n else "warn", "pick lists in last 5m", count=n))

d = reset_logs(CASE)
orr.write(d + "/order-router.jsonl")
oi.write(d + "/order-intake.log")
wg.write(d + "/warehouse-gateway.log")
write_json(d + "/../alert.json", generic_alert(
    "warehouse-gateway", "warehouse-gateway: no pick lists created for 10 minutes (all warehouses)", "critical", "5f0b7e2c9a146d83", dt("2025-08-21T13:16:00"),
    {"env": "prod", "team": "fulfilment", "alertname": "NoPickLists", "source": "grafana", "namespace": "logistics"}))
finish(CASE, {
    "root_cause": {"service": "order-router", "component": "routing rule WH-LINZ region-pattern \"^(AT|SI|HU$\" (config commit c41d9e2, bus refresh 13:05:12)",
                   "error_type": "PatternSyntaxException", "file": None},
    "category": "config",
    "symptoms": [{"service": "order-intake", "error_type": None},
                 {"service": "warehouse-gateway", "error_type": None}],
    "why": "The 13:05:12 config refresh added the WH-LINZ routing rule with the region pattern \"^(AT|SI|HU$\", whose group is never closed; order-router compiles rule patterns on each evaluation and the new rule has top priority, so every order fails with PatternSyntaxException and order-intake keeps parking and redelivering orders while warehouses get no pick lists. Fix the pattern (and validate rules before reload).",
})
