"""zones-publisher-self-intersecting-polygon (data).

At 05:30 zones-publisher publishes the delivery zones ops edited overnight. Zone BER-07 was
redrawn with a bow-tie (a self-intersecting ring); the publisher's validity check only warns
(strict_validation=false) and publishes version 2026-04-14.1. delivery-slots hot-reloads it at
05:31, and from the morning traffic on every slot request for an address in BER-07 fails:
shapely's intersection raises GEOSException (TopologyException: side location conflict),
re-raised as SlotComputationError. checkout-bff retries three times and logs each attempt plus
the give-up: loudest. courier-planner skips the invalid zone with a warning. Other zones work.
Noise: checkout-bff's voucher-service errors (since 05:10), a geocoder cache warning,
courier-planner's traffic-feed lag, a flaky readiness probe on delivery-slots.
"""
from common import *

CASE = "zones-publisher-self-intersecting-polygon"
rng = Rng(91212)
PUB = dt("2026-04-14T05:30:00")
T0, T1 = dt("2026-04-14T05:45:00"), dt("2026-04-14T06:48:00")
VER = "2026-04-14.1"

zp, ds, cb, cp = LogFile(), LogFile(), LogFile(), LogFile()
ZP_DEPLOY = {"version": "0.14.2", "commit": "4f1a9c3"}

t = PUB
for level, msg, attrs in [("INFO", "publish started", {"source": "ops-zones/main", "revision": 214, "triggered_by": "schedule"}),
                          ("INFO", "zones changed since last publish", {"changed": ["BER-07", "HAM-03"], "author": "ops-planning"}),
                          ("WARN", "zone BER-07 geometry invalid: Self-intersection[13.41632 52.53608]; publishing anyway (strict_validation=false)",
                           {"zone": "BER-07", "vertices": 118, "is_valid": False}),
                          ("INFO", "published zones", {"version": VER, "zones": 212, "bucket": "s3://acme-geo/zones/%s.geojson" % VER}),
                          ("INFO", "notified subscribers", {"topic": "zones.published", "version": VER})]:
    t = t + ms(rng.randint(300, 2200))
    zp.add(t, jrec(t, level, "zones-publisher", msg, component="ZonePublisher", deploy=ZP_DEPLOY, attrs=attrs))
RELOAD = t + sec(41)
ds.add(RELOAD, py(RELOAD, "INFO", "delivery_slots.zones", "zones reloaded version=%s zones=212 (was 2026-04-13.2)" % VER))
cp.add(RELOAD + sec(3), logfmt(RELOAD + sec(3), "info", "zones loaded", version=VER, zones=212))
cp.add(RELOAD + sec(3), logfmt(RELOAD + sec(3), "warn", "zone skipped: invalid geometry", zone="BER-07", reason="Self-intersection[13.41632 52.53608]"))


def tb(addr, zone):
    return pytb([
        ([("/app/delivery_slots/capacity.py", 77, "coverage", "return zone.geometry.intersection(depot.service_area)"),
          ("/usr/local/lib/python3.12/site-packages/shapely/set_operations.py", 131, "intersection", "return lib.intersection(a, b, **kwargs)")],
         "shapely.errors.GEOSException: TopologyException: side location conflict at 13.416320000000001 52.536079999999998. This can occur if the input geometry is invalid.", "cause"),
        ([("/app/delivery_slots/api.py", 54, "get_slots", "slots = planner.slots_for(address, day)"),
          ("/app/delivery_slots/capacity.py", 80, "coverage", 'raise SlotComputationError(f"capacity for zone {zone.id} failed") from e')],
         "delivery_slots.errors.SlotComputationError: capacity for zone %s failed" % zone, None)])


STREETS = {"BER-07": ["Kastanienallee", "Oderberger Str.", "Schoenhauser Allee", "Zionskirchstr."],
           "BER-02": ["Bergmannstr.", "Oranienstr."], "HAM-03": ["Osterstr.", "Eppendorfer Weg"], "MUC-11": ["Leopoldstr.", "Hohenzollernstr."]}


def slots(t):
    zone = rng.choice(["BER-07"] + ["BER-02", "HAM-03", "MUC-11"] * 3)
    addr = "%s %d" % (rng.choice(STREETS[zone]), rng.randint(1, 120))
    req = rng.hex(16)
    tt = t
    for a in range(1, 4):
        d = rng.lognorm_ms(40)
        tt = tt + ms(d)
        if zone == "BER-07" and t > RELOAD:
            ds.add(tt, py(tt, "ERROR", "delivery_slots.api", "GET /v1/slots failed zone=%s request_id=%s" % (zone, req)) + "\n" + tb(addr, zone))
            cb.add(tt + ms(4), "%s ERROR [checkout-bff] DeliverySlotsError: delivery-slots answered 500 for zone %s (attempt %d/3) req=%s" % (iso_ms(tt + ms(4)), zone, a, req))
            tt = tt + ms(200 * a)
        else:
            ds.add(tt, py(tt, "INFO", "delivery_slots.api", "GET /v1/slots 200 zone=%s slots=%d %dms request_id=%s" % (zone, rng.randint(4, 18), d, req)))
            cb.add(tt + ms(3), "%s INFO  [checkout-bff] GET /api/checkout/slots 200 %dms req=%s" % (iso_ms(tt + ms(3)), d + 5, req))
            return
    cb.add(tt, "%s ERROR [checkout-bff] DeliverySlotsError: no delivery slots for zone %s after 3 attempts, showing 'delivery unavailable' req=%s" % (iso_ms(tt), zone, req))


for t in rng.times(T0, T1, 4.5):
    slots(t)
for t in every(T0, T1, 300, rng, 20000):
    n = rng.randint(40, 90)
    cp.add(t, logfmt(t, "info", "plan computed", depot=rng.choice(["BER-N", "BER-S", "HAM-1", "MUC-2"]), stops=n, zones_used=211, took_ms=rng.randint(800, 3000)))

# noise
for t in every(dt("2026-04-14T05:10:00"), T1, 260, rng, 60000):
    if t >= T0:
        cb.add(t, "%s ERROR [checkout-bff] VoucherServiceError: voucher-service GET /v2/vouchers/WELCOME10 -> 410 Gone (campaign ended)" % iso_ms(t))
for t in rng.times(T0, T1, 0.3):
    ds.add(t, py(t, "WARN", "delivery_slots.geocode", "geocoder cache miss rate %d%% over 5m" % rng.randint(22, 35)))
for t in every(T0, T1, 180, rng, 30000):
    cp.add(t, logfmt(t, "warn", "traffic feed lagging", provider="tomtom", lag_s=rng.randint(90, 200)))
for t in every(T0, T1, 30, rng, 500):
    if rng.random() < 0.04:
        ds.add(t, py(t, "WARN", "uvicorn.access", '10.44.0.1:0 - "GET /ready HTTP/1.1" 503'))
    else:
        ds.add(t, py(t, "INFO", "uvicorn.access", '10.44.0.1:0 - "GET /ready HTTP/1.1" 200'))

alert = generic_alert("checkout-bff", "checkout: 'delivery unavailable' shown above 3% of checkouts for 10m", "high", "7e2c0a9f4d1b6583",
                      dt("2026-04-14T06:16:00"), {"env": "prod", "team": "checkout", "alertname": "DeliveryUnavailableShown", "region": "de"})
write_case(CASE, {"zones-publisher.jsonl": zp, "delivery-slots.log": ds, "checkout-bff.log": cb, "courier-planner.log": cp}, alert)
finish(CASE, {
    "root_cause": {"service": "zones-publisher", "component": "zones publish %s (zone BER-07 self-intersecting polygon published with strict_validation=false)" % VER,
                   "error_type": None, "file": None},
    "category": "data",
    "symptoms": [{"service": "delivery-slots", "error_type": "GEOSException"}, {"service": "delivery-slots", "error_type": "SlotComputationError"},
                 {"service": "checkout-bff", "error_type": "DeliverySlotsError"}],
    "why": "At 05:30 zones-publisher published a BER-07 polygon it knew was invalid (self-intersection, strict validation off); since delivery-slots reloaded it, every slot request in BER-07 fails in shapely's intersection (GEOSException: TopologyException) and checkout-bff's retries are loudest. Other zones work; courier-planner skips BER-07.",
})
