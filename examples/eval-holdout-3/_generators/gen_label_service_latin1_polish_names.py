#!/usr/bin/env python3
"""label-service-latin1-polish-names

label-service (Python, Flask under gunicorn) renders ZPL shipping labels and encodes them
with .encode("latin-1") for the warehouse printers. At 09:00 the shop opened deliveries to
Poland (a business launch, no deploy). Every label whose name, street or city holds a Polish
letter outside latin-1 (Ł, ś, ż, ą, ę, ń, ć) raises UnicodeEncodeError, re-raised as
LabelRenderError ("from exc") and answered 500; PL addresses that happen to be latin-1 only
(Kraków, Nowak) print fine, and DE/AT/NL labels never fail. fulfilment-worker (Java, jsonl)
retries 4 times and logs an ERROR per attempt plus one when it parks the shipment, so its
LabelServiceException lines are the loudest. The careful answer is the UnicodeEncodeError at
the bottom of label-service's chain (the wrapper only says "cannot render").
Noise: a DHL returns-label 503 in label-service since 07:40, inventory-sync errors in the
worker, carrier-gateway rate-limit warnings.
Generic alert on fulfilment-worker.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, py, pytb, logfmt, generic_alert, pod)

CASE = "label-service-latin1-polish-names"
rng = Rng(20250506)
START, END = dt("2025-05-06T08:20:00"), dt("2025-05-06T10:05:00")
LAUNCH = dt("2025-05-06T09:00:00")

ls, fw, cg = LogFile(), LogFile(), LogFile()
LS_PODS = [pod(rng, "label-service", "6f9c8d7b5") for _ in range(2)]
FW_PODS = [pod(rng, "fulfilment-worker", "84b6d9c7f") for _ in range(2)]
SP = "/usr/local/lib/python3.12/site-packages"

PL_BAD = [("Łukasz Wróblewski", "ul. Świętokrzyska 14/3", "Warszawa"), ("Małgorzata Śliwińska", "ul. Długa 7", "Gdańsk"),
          ("Paweł Zając", "ul. Piękna 22", "Łódź"), ("Zofia Kamińska", "os. Różane 3/41", "Poznań"),
          ("Jędrzej Nowicki", "ul. Kościuszki 90", "Wrocław"), ("Agnieszka Wójcik", "al. Jana Pawła II 12", "Białystok"),
          ("Krzysztof Dąbrowski", "ul. Żeromskiego 5", "Kielce"), ("Ewa Lewandowska", "ul. Słoneczna 8", "Zielona Góra")]
PL_OK = [("Anna Nowak", "ul. Floriańska 3", "Kraków"), ("Piotr Mazur", "ul. Polna 18", "Lublin"),
         ("Marta Kowalczyk", "ul. Ogrodowa 2", "Opole")]
OTHER = [("Jonas Becker", "Hauptstraße 12", "Köln", "DE"), ("Lea Gruber", "Mariahilfer Str. 45", "Wien", "AT"),
         ("Sanne de Vries", "Keizersgracht 101", "Amsterdam", "NL"), ("Felix Schäfer", "Bergstraße 3", "München", "DE")]


def first_bad(s):
    for i, ch in enumerate(s):
        if ord(ch) > 255:
            return i, ch
    return None


def tb(ship, name, street, city):
    header = "^XA^CI0^FO40,40^A0N,30,30^FD%s^FS^FO40,80^FD" % ship
    pos, ch = first_bad(name + " " + street + " " + city)
    return pytb([
        ([("/app/label_service/zpl.py", 88, "render", "payload = TEMPLATE.format(**fields).encode(\"latin-1\")")],
         "UnicodeEncodeError: 'latin-1' codec can't encode character '\\u%04x' in position %d: ordinal not in range(256)" % (ord(ch), len(header) + pos), "cause"),
        ([(SP + "/flask/app.py", 880, "full_dispatch_request", "rv = self.dispatch_request()"),
          (SP + "/flask/app.py", 865, "dispatch_request", "return self.ensure_sync(self.view_functions[rule.endpoint])(**view_args)  # type: ignore[no-any-return]"),
          ("/app/label_service/api.py", 51, "create_label", "zpl = render(shipment)"),
          ("/app/label_service/zpl.py", 91, "render", "raise LabelRenderError(f\"cannot render label for shipment {shipment.id}\") from exc")],
         "label_service.errors.LabelRenderError: cannot render label for shipment %s" % ship, None)])


def shipment(t, country, name, street, city):
    ship = "SHP-%d" % rng.randint(30000000, 39999999)
    order = "ORD-%d" % rng.randint(5500000, 5599999)
    trace = rng.hex(32)
    wpod = rng.choice(FW_PODS)
    bad = first_bad(name + street + city) is not None
    fw.add(t, jrec(t, "INFO", "fulfilment-worker", "order packed, requesting label shipment=%s country=%s carrier=%s" % (ship, country, "INPOST" if country == "PL" else "DHL"),
                   component="com.acme.fulfilment.PackedOrderListener", trace_id=trace, span_id=rng.hex(16), attrs={"pod": wpod, "order": order}))
    ta = t + timedelta(milliseconds=rng.randint(10, 40))
    for attempt in range(1, 5):
        lpod = rng.choice(LS_PODS)
        span = rng.hex(16)
        if not bad:
            ms = rng.lognorm_ms(95)
            ls.add(ta + timedelta(milliseconds=ms), py(ta + timedelta(milliseconds=ms), "INFO", "label_service.api",
                                                      "POST /v1/labels 201 shipment=%s country=%s bytes=%d %dms trace_id=%s" % (ship, country, rng.randint(1900, 2600), ms, trace), lpod))
            fw.add(ta + timedelta(milliseconds=ms + 4), jrec(ta + timedelta(milliseconds=ms + 4), "INFO", "fulfilment-worker", "label stored, shipment %s ready for pickup" % ship,
                                                              component="com.acme.fulfilment.LabelStep", trace_id=trace, span_id=rng.hex(16), attrs={"pod": wpod}))
            return
        te = ta + timedelta(milliseconds=rng.randint(6, 18))
        ls.add(te, py(te, "ERROR", "label_service.api", "POST /v1/labels 500 shipment=%s country=%s trace_id=%s span_id=%s\n%s" % (ship, country, trace, span, tb(ship, name, street, city)), lpod))
        tw = te + timedelta(milliseconds=rng.randint(3, 8))
        cause = "org.springframework.web.client.HttpServerErrorException$InternalServerError: 500 INTERNAL SERVER ERROR: \"{\"error\":\"label render failed\"}\""
        fw.add(tw, jrec(tw, "ERROR", "fulfilment-worker", "label request failed for shipment %s (attempt %d/4)%s" % (ship, attempt, ", retrying" if attempt < 4 else ""),
                        component="com.acme.fulfilment.LabelStep", error_type="com.acme.fulfilment.label.LabelServiceException", trace_id=trace, span_id=rng.hex(16), parent_span_id=None,
                        caused_by=cause, attrs={"pod": wpod, "order": order, "attempt": attempt}))
        if attempt == 4:
            tp = tw + timedelta(milliseconds=3)
            fw.add(tp, jrec(tp, "ERROR", "fulfilment-worker", "shipment %s parked in LABEL_FAILED after 4 attempts; packing station notified" % ship,
                            component="com.acme.fulfilment.ShipmentParker", error_type="com.acme.fulfilment.label.LabelServiceException", trace_id=trace, span_id=rng.hex(16),
                            attrs={"pod": wpod, "order": order, "queue": "LABEL_FAILED"}))
            return
        ta = tw + timedelta(seconds=[2, 8, 30][attempt - 1], milliseconds=rng.randint(0, 300))


for t in rng.times(START, END, 1.5):
    if t >= LAUNCH and rng.random() < 0.38:
        name, street, city = rng.choice(PL_BAD if rng.random() < 0.72 else PL_OK)
        shipment(t, "PL", name, street, city)
    else:
        name, street, city, c = rng.choice(OTHER)
        shipment(t, c, name, street, city)

ls.add(LAUNCH - timedelta(minutes=50), py(LAUNCH - timedelta(minutes=50), "INFO", "gunicorn.error", "Booting worker with pid: 41", LS_PODS[0]))

# ---- noise ----------------------------------------------------------------------------
for t in rng.times(START, END, 0.3):
    rma = "RMA-%d" % rng.randint(800000, 899999)
    ls.add(t, py(t, "ERROR", "label_service.returns", "return label for %s failed: DHL returns API answered 503 (failing since 07:40, retry via returns queue)\n%s" % (rma, pytb([
        ([("/app/label_service/returns.py", 44, "request_return_label", "resp.raise_for_status()"),
          (SP + "/requests/models.py", 1024, "raise_for_status", "raise HTTPError(http_error_msg, response=self)")],
         "requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: https://api-eu.dhl.com/parcel/de/shipping/returns/v1/orders", None)])), rng.choice(LS_PODS)))
for t in rng.times(START, END, 0.6):
    ls.add(t, py(t, "WARNING", "label_service.fonts", "font cache miss for 'Swiss721-Bold', loading from /app/fonts (%dms)" % rng.randint(30, 90), rng.choice(LS_PODS)))
for t in rng.times(START, END, 0.25):
    fw.add(t, jrec(t, "ERROR", "fulfilment-worker", "inventory sync to WMS failed for bin %s-%02d: 409 bin locked by cycle count" % (rng.choice("ABCDEF"), rng.randint(1, 40)),
                   component="com.acme.fulfilment.InventorySync", error_type="com.acme.fulfilment.wms.InventorySyncException", attrs={"pod": rng.choice(FW_PODS)}))
for t in rng.times(START, END, 2.0):
    cg.add(t, logfmt(t, "info", "label booked", carrier=rng.choice(["DHL", "DHL", "DPD", "INPOST"]), status=201, duration_ms=rng.lognorm_ms(210)))
for t in rng.times(START, END, 0.4):
    cg.add(t, logfmt(t, "warn", "carrier rate limit close", carrier="DPD", remaining=rng.randint(3, 12), window="60s"))

d = reset_logs(CASE)
ls.write(d + "/label-service.log")
fw.write(d + "/fulfilment-worker.jsonl")
cg.write(d + "/carrier-gateway.log")
write_json(d + "/../alert.json", generic_alert(
    "fulfilment-worker", "fulfilment-worker: 22 shipments parked in LABEL_FAILED in 30m (threshold 10)", "high", "b81f4c2e07a9d365",
    dt("2025-05-06T09:41:00"), {"env": "prod", "team": "fulfilment", "alertname": "ParkedShipments", "queue": "LABEL_FAILED", "source": "loki-ruler"}))
finish(CASE, {
    "root_cause": {"service": "label-service", "component": "label_service/zpl.py render(): ZPL payload encoded as latin-1 (^CI0) so Polish letters cannot be encoded",
                   "error_type": "UnicodeEncodeError", "file": "label_service/zpl.py"},
    "category": "code",
    "symptoms": [{"service": "fulfilment-worker", "error_type": "LabelServiceException"},
                 {"service": "label-service", "error_type": "LabelRenderError"}],
    "why": "Deliveries to Poland opened at 09:00 (no deploy) and label-service encodes every ZPL label as latin-1, so any PL address with Ł, ś, ż, ą, ę or ń raises UnicodeEncodeError, wrapped as LabelRenderError (the wrapper only says 'cannot render'; the UnicodeEncodeError names the defect). fulfilment-worker's four retries and park message make its LabelServiceException the loudest line; switch the label to UTF-8 (^CI28) and re-queue LABEL_FAILED.",
})
