"""gift-card-api-5-4-0-read-only-redeem (deploy).

gift-card-api 5.4.0 moves redemption into GiftCardService, which a refactor annotated
@Transactional(readOnly = true) at class level; redeem() does not override it. With MySQL the
connection is set READ ONLY, so every redemption UPDATE fails with java.sql.SQLException "Cannot
execute statement in a READ ONLY transaction." (error 1792), while balance look-ups keep working.
The Argo Rollouts canary goes 20% (10:52), 50% (11:07), 100% (11:20); errors come only from
5.4.0 pods and grow with each step. checkout-bff shows "pay another way" and logs a warning.
Here the loudest error is the root cause. Noise: checkout-bff's address autocomplete errors
(since 09:00), slow-query warnings, unknown codes entered by shoppers, a flaky readiness probe.
"""
from common import *

CASE = "gift-card-api-5-4-0-read-only-redeem"
rng = Rng(90909)
T0, T1 = dt("2026-01-20T10:32:00"), dt("2026-01-20T11:38:00")
STEPS = [(dt("2026-01-20T10:52:10"), 0.2), (dt("2026-01-20T11:07:15"), 0.5), (dt("2026-01-20T11:20:30"), 1.0)]

gc, cb, k8 = LogFile(), LogFile(), LogFile()
OLD = {"version": "5.3.2", "commit": "91ac4e0"}
NEW = {"version": "5.4.0", "commit": "d7e215b"}
OLD_PODS = [pod(rng, "gift-card-api", "6f8b5c7d9") for _ in range(4)]
NEW_PODS = [pod(rng, "gift-card-api", "7d49c6b8f") for _ in range(4)]


def share(t):
    s = 0.0
    for at, v in STEPS:
        if t >= at:
            s = v
    return s


# rollout events
k8.add(dt("2026-01-20T10:51:58"), k8s(dt("2026-01-20T10:51:58"), "Normal", "RolloutUpdated", "rollout/gift-card-api", "Rollout updated to revision 41 (image registry.acme.example/payments/gift-card-api:5.4.0)"))
for i, (at, v) in enumerate(STEPS):
    n = {0.2: 1, 0.5: 2, 1.0: 4}[v]
    k8.add(at - sec(10), k8s(at - sec(10), "Normal", "ScalingReplicaSet", "rollout/gift-card-api", "Scaled up ReplicaSet gift-card-api-7d49c6b8f (revision 41) from %d to %d" % ({0.2: 0, 0.5: 1, 1.0: 2}[v], n)))
    for p in NEW_PODS[{0.2: 0, 0.5: 1, 1.0: 2}[v]:n]:
        k8.add(at - sec(9), k8s(at - sec(9), "Normal", "Started", "pod/%s" % p, "Started container gift-card-api"))
    k8.add(at, k8s(at, "Normal", "RolloutStepCompleted", "rollout/gift-card-api", "Rollout step %d/5 completed (setWeight: %d)" % (2 * i + 1, int(v * 100))))
    if v < 1.0:
        k8.add(at + sec(1), k8s(at + sec(1), "Normal", "RolloutPaused", "rollout/gift-card-api", "Rollout is paused (CanaryPauseStep, duration 15m)"))
    else:
        k8.add(at + sec(2), k8s(at + sec(2), "Normal", "ScalingReplicaSet", "rollout/gift-card-api", "Scaled down ReplicaSet gift-card-api-6f8b5c7d9 (revision 40) from 4 to 0"))
        k8.add(at + sec(3), k8s(at + sec(3), "Normal", "RolloutCompleted", "rollout/gift-card-api", "Rollout completed update to revision 41 (7d49c6b8f): Completed blue-green update"))

STACK = ["org.springframework.orm.jpa.JpaSystemException: could not execute statement [Cannot execute statement in a READ ONLY transaction.] [update gift_card set balance_minor=?,version=? where id=? and version=?]",
         "at org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:341)",
         "at com.acme.giftcard.service.GiftCardService.redeem(GiftCardService.java:88)",
         "at com.acme.giftcard.web.RedeemController.redeem(RedeemController.java:36)",
         "Caused by: org.hibernate.exception.GenericJDBCException: could not execute statement",
         "at org.hibernate.engine.jdbc.spi.SqlExceptionHelper.convert(SqlExceptionHelper.java:63)",
         "Caused by: java.sql.SQLException: Cannot execute statement in a READ ONLY transaction.",
         "at com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:130)",
         "at com.mysql.cj.jdbc.ClientPreparedStatement.executeUpdateInternal(ClientPreparedStatement.java:1061)"]


def pick_pod(t):
    if rng.random() < share(t):
        n = {0.2: 1, 0.5: 2, 1.0: 4}[share(t)]
        return rng.choice(NEW_PODS[:n]), NEW
    return rng.choice(OLD_PODS), OLD


def redeem(t, again=False):
    trace, bspan, span = rng.hex(32), rng.hex(16), rng.hex(16)
    p, dep = pick_pod(t)
    card = "GC-****-%04d" % rng.randint(0, 9999)
    amount = rng.randint(500, 15000) / 100
    d = rng.lognorm_ms(35)
    e = t + ms(d)
    if dep is NEW:
        gc.add(e - ms(2), jrec(e - ms(2), "WARN", "gift-card-api", "SQL Error: 1792, SQLState: 25006", component="org.hibernate.engine.jdbc.spi.SqlExceptionHelper",
                               trace_id=trace, span_id=span, parent_span_id=bspan, deploy=dep, attrs={"pod": p}))
        gc.add(e, jrec(e, "ERROR", "gift-card-api", "POST /v1/cards/{id}/redeem failed: could not execute statement [Cannot execute statement in a READ ONLY transaction.]",
                       component="com.acme.giftcard.web.ApiExceptionHandler", error_type="java.sql.SQLException", trace_id=trace, span_id=span, parent_span_id=bspan,
                       caused_by="org.springframework.orm.jpa.JpaSystemException: could not execute statement; org.hibernate.exception.GenericJDBCException: could not execute statement; java.sql.SQLException: Cannot execute statement in a READ ONLY transaction.",
                       stack=STACK, deploy=dep, attrs={"pod": p, "card": card, "amount": "%.2f" % amount, "http.status": 500}))
        w = e + ms(rng.randint(3, 9))
        cb.add(w, "%s WARN  checkout-bff: gift card redemption failed (500 from gift-card-api), offering other payment methods trace=%s card=%s" % (iso_ms(w), trace, card))
        if not again and rng.random() < 0.45:
            redeem(w + sec(rng.randint(5, 40)), again=True)
    else:
        gc.add(e, jrec(e, "INFO", "gift-card-api", "POST /v1/cards/{id}/redeem 200 in %dms" % d, component="com.acme.giftcard.web.RequestLog",
                       trace_id=trace, span_id=span, parent_span_id=bspan, deploy=dep, attrs={"pod": p, "card": card, "amount": "%.2f" % amount}))
        w = e + ms(rng.randint(3, 9))
        cb.add(w, "%s INFO  checkout-bff: gift card redeemed %.2f EUR trace=%s" % (iso_ms(w), amount, trace))


for t in rng.times(T0, T1, 6.5):
    redeem(t)
for t in rng.times(T0, T1, 9):
    p, dep = pick_pod(t)
    d = rng.lognorm_ms(12)
    gc.add(t, jrec(t, "INFO", "gift-card-api", "GET /v1/cards/{id}/balance 200 in %dms" % d, component="com.acme.giftcard.web.RequestLog",
                   trace_id=rng.hex(32), span_id=rng.hex(16), parent_span_id=rng.hex(16), deploy=dep, attrs={"pod": p}))

# noise
for t in rng.times(T0, T1, 0.6):
    p, dep = pick_pod(t)
    gc.add(t, jrec(t, "WARN", "gift-card-api", "gift card code not found (entered by shopper)", component="com.acme.giftcard.web.ApiExceptionHandler",
                   trace_id=rng.hex(32), span_id=rng.hex(16), deploy=dep, attrs={"pod": p, "http.status": 404}))
for t in rng.times(T0, T1, 0.2):
    p, dep = pick_pod(t)
    gc.add(t, jrec(t, "WARN", "gift-card-api", "slow query: select ... from gift_card_txn where card_id=? order by created_at desc (%dms)" % rng.randint(600, 1800),
                   component="c.a.giftcard.db.SlowQueryListener", deploy=dep, attrs={"pod": p}))
for t in every(dt("2026-01-20T09:00:00"), T1, 150, rng, 60000):
    if t >= T0:
        cb.add(t, "%s ERROR checkout-bff: AddressAutocompleteError: geo-suggest returned 429 Too Many Requests (quota exceeded for key ck_web)" % iso_ms(t))
for t in rng.times(T0, T1, 10):
    cb.add(t, "%s INFO  checkout-bff: GET /api/checkout/summary 200 %dms" % (iso_ms(t), rng.lognorm_ms(40)))
for t in every(T0, T1, 400, rng, 60000):
    k8.add(t, k8s(t, "Warning", "Unhealthy", "pod/loyalty-api-5d8c7b9f4-qx2lm", "Readiness probe failed: Get \"http://10.44.3.18:8080/ready\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"))
cb.add(T0 + sec(2), "%s WARN  checkout-bff: (node:1) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 close listeners added to [TLSSocket]" % iso_ms(T0 + sec(2)))

alert = generic_alert("gift-card-api", "gift-card-api: POST /v1/cards/{id}/redeem error ratio above 10% for 5m", "high", "5b8e0d2f7c1a9436",
                      dt("2026-01-20T11:11:00"), {"env": "prod", "team": "payments", "alertname": "GiftCardRedeemErrors", "route": "/v1/cards/{id}/redeem"})
write_case(CASE, {"gift-card-api.jsonl": gc, "checkout-bff.log": cb, "k8s-events.log": k8}, alert)
finish(CASE, {
    "root_cause": {"service": "gift-card-api", "component": "GiftCardService (class-level @Transactional(readOnly = true) new in 5.4.0 covers redeem())",
                   "error_type": "SQLException", "file": "src/main/java/com/acme/giftcard/service/GiftCardService.java"},
    "category": "deploy",
    "symptoms": [{"service": "checkout-bff", "error_type": None}],
    "why": "Redemption errors start with the 5.4.0 canary at 10:52 and come only from 5.4.0 pods, growing with each step (20%, 50%, 100%): 5.4.0 runs redeem() inside a class-level read-only transaction, so MySQL refuses the UPDATE (SQLException: Cannot execute statement in a READ ONLY transaction). Rolling back to 5.3.2 fixes it; here the loudest error is the root cause.",
})
