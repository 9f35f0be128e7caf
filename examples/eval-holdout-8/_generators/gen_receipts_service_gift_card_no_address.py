#!/usr/bin/env python3
"""receipts-service-gift-card-no-address

At 10:00 the storefront launches e-gift cards: digital-only orders without a shipping address.
receipts-service (celery worker) builds every receipt's context with
format_address(order.shipping_address) and raises AttributeError on None, re-raised as
ReceiptRenderError (direct cause); celery retries twice (INFO "Retry in 20s") and then logs the
failure with the chained traceback. order-mailer (Go logfmt) polls for the receipt PDF six times
per order and logs every 404 at level=error (the loudest), then sends the confirmation without a
receipt; customer-api (Node) fails "download receipt" clicks. Paper orders keep working.
Noise: weasyprint CSS warnings, celery missed heartbeats, an older customer-api avatar TypeError,
smtp relay latency warnings, storefront payment-webhook retries.
Sentry issue alert on receipts-service.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, celery, pytb, logfmt, node_line,
                    sentry_alert, pod, uuid, trace, span)

CASE = "receipts-service-gift-card-no-address"
rng = Rng(20251103)
START, END = dt("2025-11-03T09:38:00"), dt("2025-11-03T10:34:00")
LAUNCH = dt("2025-11-03T10:00:00")
rc, om, ca, sf = LogFile(), LogFile(), LogFile(), LogFile()
WORKERS = ["ForkPoolWorker-%d" % i for i in range(1, 5)]
SF_DEP = {"version": "2025.11.1", "commit": "a90d3e4"}


def tb(order):
    return pytb([
        ([("/app/receipts/render.py", 64, "build_context", '"ship_to": format_address(order.shipping_address),'),
          ("/app/receipts/address.py", 12, "format_address", 'lines = [addr.name, addr.line1, f"{addr.postal_code} {addr.city}"]')],
         "AttributeError: 'NoneType' object has no attribute 'name'", "cause"),
        ([("/usr/local/lib/python3.12/site-packages/celery/app/trace.py", 453, "trace_task", "R = retval = fun(*args, **kwargs)"),
          ("/usr/local/lib/python3.12/site-packages/celery/app/autoretry.py", 38, "run", "return task._orig_run(*args, **kwargs)"),
          ("/app/receipts/tasks.py", 31, "render_receipt", "ctx = build_context(order)"),
          ("/app/receipts/render.py", 71, "build_context", 'raise ReceiptRenderError(f"order {order.id}: cannot build receipt context") from exc')],
         "receipts.errors.ReceiptRenderError: order %d: cannot build receipt context" % order, None)])


gift_orders = []
fails = []
for t in rng.times(START, END, 6.5):
    order = rng.randint(7700000, 7799999)
    tr = trace(rng)
    gift = t >= LAUNCH and rng.random() < min(0.16, 0.05 + (t - LAUNCH).total_seconds() / 6000)
    kind = "egift" if gift else "parcel"
    sf.add(t, jrec(t, "INFO", "storefront", "order placed", component="checkout.confirm", trace_id=tr, span_id=span(rng), deploy=SF_DEP,
                   attrs={"order_id": order, "kind": kind, "items": rng.randint(1, 4) if not gift else 1}))
    tid = uuid(rng)
    w = rng.choice(WORKERS)
    t1 = t + timedelta(milliseconds=rng.randint(150, 600))
    rc.add(t1, celery(t1, "INFO", "MainProcess", "Task receipts.tasks.render_receipt[%s] received" % tid))
    if not gift:
        d = rng.lognorm_ms(420) / 1000
        rc.add(t1 + timedelta(seconds=d), celery(t1 + timedelta(seconds=d), "INFO", w, "Task receipts.tasks.render_receipt[%s] succeeded in %.3fs: 'receipts/%d.pdf'" % (tid, d, order)))
        tm = t1 + timedelta(seconds=d + rng.uniform(1, 4))
        om.add(tm, logfmt(tm, "info", "confirmation sent", order_id=order, receipt="attached", trace_id=tr, duration_ms=rng.lognorm_ms(300)))
        continue
    gift_orders.append(order)
    ta = t1
    for a in range(3):
        ta = ta + timedelta(milliseconds=rng.randint(60, 140))
        if a < 2:
            rc.add(ta, celery(ta, "INFO", w, "Task receipts.tasks.render_receipt[%s] retry: Retry in 20s: ReceiptRenderError('order %d: cannot build receipt context')" % (tid, order)))
            ta = ta + timedelta(seconds=20)
            rc.add(ta, celery(ta, "INFO", "MainProcess", "Task receipts.tasks.render_receipt[%s] received" % tid))
        else:
            fails.append(ta)
            rc.add(ta, celery(ta, "ERROR", w, "Task receipts.tasks.render_receipt[%s] raised unexpected: ReceiptRenderError('order %d: cannot build receipt context')\n%s" % (tid, order, tb(order))))
    tm = t1
    for a in range(6):
        tm = tm + timedelta(seconds=15, milliseconds=rng.randint(0, 400))
        om.add(tm, logfmt(tm, "error", "receipt fetch failed", order_id=order, url="http://receipts-service/receipts/%d.pdf" % order, status=404, attempt="%d/6" % (a + 1), trace_id=tr))
    tm += timedelta(seconds=1)
    om.add(tm, logfmt(tm, "warn", "confirmation sent without receipt", order_id=order, trace_id=tr))
    for c in range(rng.choice([0, 0, 1, 1, 2])):
        tc = tm + timedelta(seconds=rng.randint(30, 400))
        if tc >= END:
            break
        ca.add(tc, node_line(tc, "error", "GET /v1/orders/%d/receipt 500 ReceiptNotFoundError: receipt for order %d is not available (receipts-service 404) req=%s\n"
                             "    at ReceiptsClient.download (/srv/app/dist/clients/receipts.js:44:15)\n"
                             "    at async getReceipt (/srv/app/dist/routes/orders.js:131:19)" % (order, order, uuid(rng))))

sf.add(LAUNCH, jrec(LAUNCH, "INFO", "storefront", "launch: e-gift cards available in all EU shops (flag egift_cards=100%)", component="flags", deploy=SF_DEP))
# steady customer-api traffic
for t in rng.times(START, END, 3.5):
    ca.add(t, node_line(t, "info", "GET /v1/%s 200 %dms" % (rng.choice(["orders?page=1", "me", "orders/%d" % rng.randint(7600000, 7799999), "addresses"]), rng.lognorm_ms(40))))
# noise
for t in rng.times(START, END, 0.8):
    rc.add(t, celery(t, "WARNING", rng.choice(WORKERS), "weasyprint: Ignored `break-inside: avoid-page` at 41:5, invalid value."))
for t in rng.times(START, END, 0.15):
    rc.add(t, celery(t, "INFO", "MainProcess", "missed heartbeat from celery@receipts-service-%s" % rng.alnum(5)))
for t in rng.times(START - timedelta(minutes=0), END, 0.5):
    ca.add(t, node_line(t, "error", "GET /v1/me 500 TypeError: Cannot read properties of null (reading 'avatarUrl')\n"
                        "    at serializeProfile (/srv/app/dist/serializers/profile.js:22:31)"))
for t in rng.times(START, END, 0.5):
    om.add(t, logfmt(t, "warn", "smtp relay slow", relay="smtp-relay-2:25", latency_ms=rng.randint(1800, 4200)))
for t in rng.times(START, END, 0.4):
    sf.add(t, jrec(t, "WARN", "storefront", "payment webhook delivery retried", component="payments.webhooks", deploy=SF_DEP,
                   attrs={"provider": "paynova", "attempt": 2}))

d = reset_logs(CASE)
rc.write(d + "/receipts-service.log")
om.write(d + "/order-mailer.log")
ca.write(d + "/customer-api.log")
sf.write(d + "/storefront.jsonl")
when = min(fails)
ev = uuid(rng).replace("-", "")
write_json(d + "/../alert.json", sentry_alert(
    event_id=ev, project=4508112, release="receipts-service@3.7.2", platform="python", when=when, logger="celery.app.trace",
    title="ReceiptRenderError: order %d: cannot build receipt context" % gift_orders[0], culprit="receipts.render in build_context",
    location="receipts/render.py",
    tags=[("environment", "production"), ("handled", "no"), ("level", "error"), ("mechanism", "celery"),
          ("release", "receipts-service@3.7.2"), ("server_name", "receipts-service-6b8d9f7c5-q2x7m"), ("transaction", "receipts.tasks.render_receipt")],
    request={"method": None, "url": None, "headers": []},
    exc_type="ReceiptRenderError", exc_value="order %d: cannot build receipt context" % gift_orders[0], exc_module="receipts.errors", mechanism="celery",
    frames=[{"filename": "receipts/tasks.py", "abs_path": "/app/receipts/tasks.py", "module": "receipts.tasks", "function": "render_receipt", "lineno": 31,
             "context_line": "    ctx = build_context(order)", "in_app": True},
            {"filename": "receipts/render.py", "abs_path": "/app/receipts/render.py", "module": "receipts.render", "function": "build_context", "lineno": 71,
             "context_line": '        raise ReceiptRenderError(f"order {order.id}: cannot build receipt context") from exc', "in_app": True}],
    org="acme", slug="receipts-service", issue_id="6120449817", rule="receipts-service: new issue", installation="2f6e1b0c-8a7d-4c3e-9b51-0d4a7e6c2f18"))
finish(CASE, {
    "root_cause": {"service": "receipts-service", "component": "receipts/address.py format_address (assumes every order has a shipping address)",
                   "error_type": "AttributeError", "file": "receipts/address.py"},
    "category": "code",
    "symptoms": [{"service": "receipts-service", "error_type": "ReceiptRenderError"}, {"service": "order-mailer", "error_type": None},
                 {"service": "customer-api", "error_type": "ReceiptNotFoundError"}],
    "why": "E-gift card orders (live since 10:00) have no shipping address; receipts-service's format_address dereferences it and raises AttributeError on None (wrapped as ReceiptRenderError), so their receipts never render, order-mailer's six polls per order get 404 and customer-api cannot serve the receipt. Paper orders are unaffected; the code must handle address-less orders.",
})
