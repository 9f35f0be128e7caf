#!/usr/bin/env python3
"""promo-engine-esm-require

promo-engine 5.0.0 (Node 20) moved the code base to ES modules ("type": "module"). One lazy
require('./legacy/tiered.cjs') in src/rules/tiered.js was missed: it only runs when a cart
holds a tiered promotion (the "3 for 2" winter campaign, ~35% of carts), and there it throws
ReferenceError "require is not defined in ES module scope". The rollout (14:10-14:15,
k8s events) replaces the 4.9.3 pods one by one; only 5.0.0 pods fail, and the errors grow
with each step. cart-bff falls back to pricing without promotions and only warns.
Here the loudest error is also the root cause (promo-engine/ReferenceError).
Noise: promo-engine campaign-without-end-date warnings, cart-bff wishlist 404 errors since the
morning, an unrelated flaky readiness probe.
Sentry issue alert on promo-engine.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, node_line, k8s, sentry_alert, pod)

CASE = "promo-engine-esm-require"
rng = Rng(20251202)
START, END = dt("2025-12-02T13:50:00"), dt("2025-12-02T14:38:00")
OLD_RS, NEW_RS = "7b9c6d5f8", "84f6c9d7b"
OLD = [pod(rng, "promo-engine", OLD_RS) for _ in range(3)]
NEW = [pod(rng, "promo-engine", NEW_RS) for _ in range(3)]
STEP = [dt("2025-12-02T14:10:31"), dt("2025-12-02T14:12:44"), dt("2025-12-02T14:14:58")]

pe, cb, ev = LogFile(), LogFile(), LogFile()
CB_PODS = [pod(rng, "cart-bff", "5c7f8d6b9") for _ in range(2)]
CB_DEPLOY = {"version": "2.41.0", "commit": "d3f90a2"}
for i, t in enumerate(STEP):
    ev.add(t, k8s(t, "Normal", "ScalingReplicaSet", "deployment/promo-engine", "Scaled up replica set promo-engine-%s to %d from %d" % (NEW_RS, i + 1, i)))
    ev.add(t, k8s(t + timedelta(seconds=1), "Normal", "Pulled", "pod/" + NEW[i], "Container image \"registry.acme.example/pricing/promo-engine:5.0.0\" already present on machine"))
    ev.add(t, k8s(t + timedelta(seconds=2), "Normal", "Started", "pod/" + NEW[i], "Started container promo-engine"))
    ts = t + timedelta(seconds=3, milliseconds=rng.randint(0, 900))
    pe.add(ts, node_line(ts, "info", "promo-engine 5.0.0 listening on :8080 (node v20.18.1, module=esm, pod=%s)" % NEW[i]))
    tk = t + timedelta(seconds=40)
    ev.add(tk, k8s(tk, "Normal", "ScalingReplicaSet", "deployment/promo-engine", "Scaled down replica set promo-engine-%s to %d from %d" % (OLD_RS, 2 - i, 3 - i)))
    ev.add(tk, k8s(tk, "Normal", "Killing", "pod/" + OLD[i], "Stopping container promo-engine"))


def pods_at(t):
    out = []
    for i in range(3):
        out.append(NEW[i] if t >= STEP[i] + timedelta(seconds=12) else OLD[i])
    return out


ERR = "require is not defined in ES module scope, you can use import instead"
NSTACK = ["ReferenceError: " + ERR,
          "    at loadTieredTable (file:///app/src/rules/tiered.js:18:17)",
          "    at TieredRule.apply (file:///app/src/rules/tiered.js:44:19)",
          "    at evaluateCart (file:///app/src/engine/evaluate.js:71:28)",
          "    at async file:///app/src/http/routes/evaluate.js:23:20"]
for t in rng.times(START, END, 14):
    p = rng.choice(pods_at(t))
    trace, span = rng.hex(32), rng.hex(16)
    tiered = rng.random() < 0.35
    lat = rng.lognorm_ms(14)
    done = t + timedelta(milliseconds=lat)
    cp = rng.choice(CB_PODS)
    if tiered and p in NEW:
        pe.add(done, node_line(done, "error", "POST /v1/evaluate failed cart=c_%s trace=%s pod=%s\n%s" % (rng.hex(10), trace, p, "\n".join(NSTACK))))
        e = done + timedelta(milliseconds=3)
        cb.add(e, jrec(e, "WARN", "cart-bff", "promo-engine answered 500 for cart evaluation; pricing cart without promotions", component="cart.promotions.client",
                       trace_id=trace, span_id=rng.hex(16), parent_span_id=span, deploy=CB_DEPLOY, attrs={"pod": cp, "upstream_status": 500}))
    else:
        pe.add(done, node_line(done, "info", "POST /v1/evaluate 200 %dms rules=%d trace=%s pod=%s" % (lat, rng.randint(2, 9), trace, p)))
    e = done + timedelta(milliseconds=rng.randint(8, 30))
    cb.add(e, jrec(e, "INFO", "cart-bff", "GET /bff/cart 200 in %dms" % int((e - t).total_seconds() * 1000 + 12), component="cart.http", trace_id=trace,
                   span_id=rng.hex(16), deploy=CB_DEPLOY, attrs={"pod": cp}))

# ---- noise ------------------------------------------------------------------------------------
for m in range(0, 48, 4):
    t = START + timedelta(minutes=m, seconds=17)
    pe.add(t, node_line(t, "warn", "campaign WINTER-3FOR2 has no end date; treating as open-ended"))
for t in rng.times(START, END, 0.6):
    cb.add(t, jrec(t, "ERROR", "cart-bff", "wishlist badge lookup failed: 404 Not Found from GET http://wishlist-service/v1/lists/default", component="cart.wishlist.client",
                   error_type="WishlistNotFoundError", trace_id=rng.hex(32), span_id=rng.hex(16), deploy=CB_DEPLOY, attrs={"pod": rng.choice(CB_PODS)}))
for m in range(0, 48, 3):
    if rng.random() < 0.4:
        t = START + timedelta(minutes=m, seconds=rng.randint(0, 59))
        ev.add(t, k8s(t, "Warning", "Unhealthy", "pod/price-history-5d7c9b8f6-x4k2n", "Readiness probe failed: HTTP probe failed with statuscode: 503"))

d = reset_logs(CASE)
pe.write(d + "/promo-engine.log")
cb.write(d + "/cart-bff.jsonl")
ev.write(d + "/k8s-events.log")
when = dt("2025-12-02T14:11:03.412")
frames = [
    {"filename": "node:internal/process/task_queues", "abs_path": "node:internal/process/task_queues", "module": "task_queues", "function": "process.processTicksAndRejections", "lineno": 95, "in_app": False},
    {"filename": "/app/src/http/routes/evaluate.js", "abs_path": "file:///app/src/http/routes/evaluate.js", "module": "src.http.routes:evaluate", "function": "?", "lineno": 23,
     "context_line": "    const result = await evaluateCart(req.body, { now: new Date() });", "in_app": True},
    {"filename": "/app/src/engine/evaluate.js", "abs_path": "file:///app/src/engine/evaluate.js", "module": "src.engine:evaluate", "function": "evaluateCart", "lineno": 71,
     "context_line": "      const applied = await rule.apply(cart, ctx);", "in_app": True},
    {"filename": "/app/src/rules/tiered.js", "abs_path": "file:///app/src/rules/tiered.js", "module": "src.rules:tiered", "function": "TieredRule.apply", "lineno": 44,
     "context_line": "    const table = loadTieredTable(this.campaign);", "in_app": True},
    {"filename": "/app/src/rules/tiered.js", "abs_path": "file:///app/src/rules/tiered.js", "module": "src.rules:tiered", "function": "loadTieredTable", "lineno": 18,
     "context_line": "  const legacy = require('./legacy/tiered.cjs');", "in_app": True},
]
write_json(d + "/../alert.json", sentry_alert(
    event_id="c1f07a3e9b2d48e6a5f4c3b2d1e0f9a8", project=4508113, release="promo-engine@5.0.0", platform="node", when=when, logger="",
    title="ReferenceError: " + ERR, culprit="loadTieredTable(src/rules/tiered)", location="/app/src/rules/tiered.js",
    tags=[("environment", "production"), ("handled", "no"), ("level", "error"), ("mechanism", "express"), ("release", "promo-engine@5.0.0"),
          ("server_name", NEW[0]), ("transaction", "POST /v1/evaluate"), ("url", "http://promo-engine.pricing.svc/v1/evaluate")],
    request={"method": "POST", "url": "http://promo-engine.pricing.svc/v1/evaluate",
             "headers": [["Content-Type", "application/json"], ["User-Agent", "cart-bff/2.41.0 undici"]]},
    exc_type="ReferenceError", exc_value=ERR, exc_module=None, mechanism="express", frames=frames, org="acme", slug="promo-engine",
    issue_id="6120448815", rule="promo-engine: new issue in release", installation="3b7e9d21-6c4a-4f8e-a0d2-91c5e7f3b604"))
finish(CASE, {
    "root_cause": {"service": "promo-engine", "component": "src/rules/tiered.js loadTieredTable: CommonJS require() left in the ESM build of 5.0.0",
                   "error_type": "ReferenceError", "file": "src/rules/tiered.js"},
    "category": "deploy",
    "symptoms": [{"service": "cart-bff", "error_type": None}],
    "why": "Errors start with the promo-engine 5.0.0 rollout (14:10-14:15) and come only from 5.0.0 pods: the release switched to ES modules but loadTieredTable still calls require(), which throws ReferenceError for every cart with a tiered promotion, and cart-bff silently prices those carts without promotions. The loudest error is the root cause here; roll back to 4.9.3 or import the table.",
})
