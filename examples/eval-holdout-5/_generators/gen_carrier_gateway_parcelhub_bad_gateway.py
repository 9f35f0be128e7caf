#!/usr/bin/env python3
"""carrier-gateway-parcelhub-bad-gateway

From 13:41 the external carrier ParcelHub answers label creation (POST /v2/labels) with 502 Bad
Gateway for most requests (its tracking API still works). carrier-gateway (Python/FastAPI)
raises ParcelHubServerError and answers 502 itself; Nordpost labels keep working. fulfillment-api
(Spring) retries each label 3 times and logs LabelCreationException with a Caused by chain on every
attempt (the loudest) plus a final error line; warehouse packing stations see 502 in ingress-nginx.
Noise: carrier-gateway address-normalisation warnings, fulfillment-api optimistic-lock retries,
an older Nordpost ERROR about a rejected PO box, flaky readiness probe.
Sentry issue alert on fulfillment-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, py, pytb, spring, spring_err, nginx_line,
                    sentry_alert, pod, uuid)

CASE = "carrier-gateway-parcelhub-bad-gateway"
rng = Rng(20260409)
START, END = dt("2026-04-09T13:18:00"), dt("2026-04-09T14:05:00")
DOWN = dt("2026-04-09T13:41:07")
cg, fa, ng = LogFile(), LogFile(), LogFile()
FA_PODS = [pod(rng, "fulfillment-api", "5c7d9b8f6") for _ in range(3)]
TB = pytb([([("/app/carrier_gateway/routes/labels.py", 48, "create_label", "label = await carrier.create_label(shipment)"),
             ("/app/carrier_gateway/carriers/parcelhub.py", 91, "create_label", "raise ParcelHubServerError(resp.status_code, resp.text[:120])")],
            "carrier_gateway.carriers.parcelhub.ParcelHubServerError: (502, '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>')", None)])
for t in rng.times(START, END, 2.6):
    carrier = "parcelhub" if rng.random() < 0.7 else "nordpost"
    sh = "SHP-%d" % rng.randint(10 ** 7, 10 ** 8)
    tr = rng.hex(32)
    station = "pack-%02d" % rng.randint(1, 18)
    fail = carrier == "parcelhub" and t >= DOWN and rng.random() < 0.93
    if not fail:
        d = rng.lognorm_ms(380 if carrier == "parcelhub" else 240)
        cg.add(t + timedelta(milliseconds=d), py(t + timedelta(milliseconds=d), "INFO", "carrier_gateway.access", '10.42.5.%d - "POST /labels/%s HTTP/1.1" 201 trace=%s' % (rng.randint(2, 250), carrier, tr)))
        fa.add(t + timedelta(milliseconds=d + 5), spring(t + timedelta(milliseconds=d + 5), "INFO", "fulfillment-api", tr, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 40),
               "c.a.fulfillment.labels.LabelService", "label created shipment=%s carrier=%s" % (sh, carrier)))
        ng.add(t + timedelta(milliseconds=d + 9), nginx_line(t + timedelta(milliseconds=d + 9), "10.60.1.%d" % rng.randint(10, 60), "POST", "/api/shipments/%s/label" % sh, 201, 3400, "PackStation/3.2 (%s)" % station,
               d / 1000 + 0.01, "wh-fulfillment-api-8080", "10.42.6.%d:8080" % rng.randint(2, 250), rng.hex(32)))
        continue
    for a in range(3):
        ta = t + timedelta(milliseconds=1200 * a)
        tc = ta + timedelta(milliseconds=rng.randint(900, 1100))
        cg.add(tc, py(tc, "WARNING", "httpx", 'HTTP Request: POST https://api.parcelhub.example/v2/labels "HTTP/1.1 502 Bad Gateway"'))
        cg.add(tc + timedelta(milliseconds=1), py(tc + timedelta(milliseconds=1), "ERROR", "carrier_gateway.routes.labels", "label creation failed shipment=%s trace=%s\n%s" % (sh, tr, TB)))
        cg.add(tc + timedelta(milliseconds=2), py(tc + timedelta(milliseconds=2), "INFO", "carrier_gateway.access", '10.42.5.%d - "POST /labels/parcelhub HTTP/1.1" 502 trace=%s' % (rng.randint(2, 250), tr)))
        fa.add(tc + timedelta(milliseconds=4), spring_err(tc + timedelta(milliseconds=4), "ERROR", "fulfillment-api", tr, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 40),
               "c.a.fulfillment.labels.LabelService", "label attempt %d/3 failed shipment=%s carrier=parcelhub" % (a + 1, sh),
               [("com.acme.fulfillment.labels.LabelCreationException", "carrier-gateway could not create label for %s" % sh,
                 ["com.acme.fulfillment.labels.LabelService.create(LabelService.java:83)",
                  "com.acme.fulfillment.web.ShipmentController.label(ShipmentController.java:57)"]),
                ("org.springframework.web.client.HttpServerErrorException$BadGateway", "502 Bad Gateway: \"{\"detail\":\"parcelhub upstream error 502\"}\"",
                 ["org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:104)",
                  "org.springframework.web.client.StatusHandler.lambda$defaultHandler$3(StatusHandler.java:86)",
                  "com.acme.fulfillment.carrier.CarrierGatewayClient.createLabel(CarrierGatewayClient.java:46)"])]))
    te = t + timedelta(milliseconds=3600)
    fa.add(te, spring(te, "ERROR", "fulfillment-api", tr, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 40), "c.a.fulfillment.web.ErrorHandler",
                      "POST /api/shipments/%s/label -> 502: LabelCreationException after 3 attempts (station=%s)" % (sh, station)))
    ng.add(te, nginx_line(te, "10.60.1.%d" % rng.randint(10, 60), "POST", "/api/shipments/%s/label" % sh, 502, 160, "PackStation/3.2 (%s)" % station, 3.6,
                          "wh-fulfillment-api-8080", "10.42.6.%d:8080" % rng.randint(2, 250), rng.hex(32)))
# noise
for t in rng.times(START, END, 0.9):
    cg.add(t, py(t, "WARNING", "carrier_gateway.address", "address line 2 truncated to 35 chars for nordpost"))
for t in rng.times(START, END, 0.5):
    fa.add(t, spring(t, "WARN", "fulfillment-api", None, None, "http-nio-8080-exec-%d" % rng.randint(1, 40), "c.a.fulfillment.orders.PickListService",
                     "optimistic lock conflict on pick list, retrying (ObjectOptimisticLockingFailure)"))
for t in rng.times(START, END, 0.25):
    cg.add(t, py(t, "ERROR", "carrier_gateway.carriers.nordpost", "nordpost rejected shipment: PO boxes are not deliverable for service EXPRESS (code 4107)"))
for m in range(47):
    t = START + timedelta(minutes=m, seconds=25)
    if rng.random() < 0.06:
        cg.add(t, py(t, "WARNING", "carrier_gateway.health", "readiness check slow: redis ping %dms" % rng.randint(800, 1500)))

d = reset_logs(CASE)
cg.write(d + "/carrier-gateway.log")
fa.write(d + "/fulfillment-api.log")
ng.write(d + "/ingress-nginx.access.log")
when = dt("2026-04-09T13:42:31.204")
frames = [
    {"filename": "ShipmentController.java", "module": "com.acme.fulfillment.web.ShipmentController", "function": "label", "lineno": 57, "in_app": True},
    {"filename": "LabelService.java", "module": "com.acme.fulfillment.labels.LabelService", "function": "create", "lineno": 83, "in_app": True},
]
write_json(d + "/../alert.json", sentry_alert(
    event_id="c0a7d31e95b24f6e8a1d2b3c4e5f6a7b", project=4507112, release="fulfillment-api@6.11.0", platform="java", when=when,
    logger="com.acme.fulfillment.labels.LabelService", title="LabelCreationException: carrier-gateway could not create label for SHP-58120334",
    culprit="com.acme.fulfillment.labels.LabelService in create", location="LabelService.java",
    tags=[("environment", "production"), ("handled", "no"), ("level", "error"), ("mechanism", "UncaughtExceptionHandler"), ("release", "fulfillment-api@6.11.0"),
          ("server_name", FA_PODS[0]), ("transaction", "POST /api/shipments/{id}/label"), ("url", "http://fulfillment-api.warehouse.svc/api/shipments/SHP-58120334/label")],
    request={"method": "POST", "url": "http://fulfillment-api.warehouse.svc/api/shipments/SHP-58120334/label",
             "headers": [["Content-Type", "application/json"], ["User-Agent", "PackStation/3.2 (pack-07)"]]},
    exc_type="LabelCreationException", exc_value="carrier-gateway could not create label for SHP-58120334", exc_module="com.acme.fulfillment.labels",
    mechanism="UncaughtExceptionHandler", frames=frames, org="acme", slug="fulfillment-api", issue_id="6311904527",
    rule="fulfillment-api: new issue", installation="0e6b2f3a-8c1d-4d5e-9f70-a1b2c3d4e5f6"))
finish(CASE, {
    "root_cause": {"service": "carrier-gateway", "component": "ParcelHub label API client (api.parcelhub.example/v2/labels answers 502)",
                   "error_type": "ParcelHubServerError", "file": None},
    "category": "dependency",
    "symptoms": [{"service": "fulfillment-api", "error_type": "LabelCreationException"}, {"service": "ingress-nginx", "error_type": "HTTP_502"}],
    "why": "From 13:41 the external carrier ParcelHub answers label creation with 502 Bad Gateway, so carrier-gateway fails ParcelHub labels with ParcelHubServerError (Nordpost labels still work); fulfillment-api's retries log LabelCreationException and the packing stations get 502s.",
})
