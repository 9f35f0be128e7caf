"""features-daily-empty-partition-nan (data): the nightly features job reads an empty source partition
(the upstream export ran late), computes 0/0 rates as NaN, and publishes the feature set anyway; at the
03:00 hot reload fraud-scorer's model rejects every feature row with NaN. The job logs no error."""
import os
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish, jrec, py, pytb, k8s,
                    sentry_alert, uuid, trace, span)

CASE = "features-daily-empty-partition-nan"
rng = Rng(7008)
logs = reset_logs(CASE)
START, END = dt("2025-10-08T01:50:00"), dt("2025-10-08T04:00:00")
JOB = dt("2025-10-08T02:00:00")
RELOAD = dt("2025-10-08T03:00:04.210")

fd, fs, pa, ev = LogFile(), LogFile(), LogFile(), LogFile()
FS_PODS = ["fraud-scorer-5f9c8d7b6-%s" % s for s in ("kq2mv", "tw8rz")]
PA_DEPLOY = {"version": "14.2.0", "commit": "5e1d9a7c"}
FD_DEPLOY = {"version": "2.8.1", "commit": "c03f6b24"}
JOBPOD = "features-daily-29331240-x8p2n"


def job(t, level, msg, **attrs):
    a = {"run": "2025-10-08", "pod": JOBPOD}
    a.update(attrs)
    fd.add(t, jrec(t, level, "features-daily", msg, component="features.pipeline", deploy=FD_DEPLOY, attrs=a))


# the job run (CronJob 0 2 * * *)
t = JOB + timedelta(seconds=6.3)
job(t, "INFO", "start feature set merchant_risk for window ending 2025-10-07", schedule="0 2 * * *")
t += timedelta(seconds=2.1)
job(t, "INFO", "reading source s3://acme-lake/payments_raw/dt=2025-10-07/", expected_rows="~1.2M")
t += timedelta(seconds=11.8)
job(t, "WARN", "source partition dt=2025-10-07 has 0 rows (expected ~1.2M); allow_empty_source=true, continuing", rows=0, files=0)
t += timedelta(seconds=41.7)
job(t, "INFO", "reading 30-day window s3://acme-lake/payments_raw/dt=2025-09-07..2025-10-06/", rows=35912440, files=1440)
t += timedelta(seconds=96.4)
job(t, "WARN", "/app/features/rates.py:41: RuntimeWarning: invalid value encountered in divide", column="chargeback_rate_1d")
t += timedelta(milliseconds=30)
job(t, "WARN", "/app/features/rates.py:41: RuntimeWarning: invalid value encountered in divide", column="refund_rate_1d")
t += timedelta(seconds=48.0)
job(t, "INFO", "computed features", merchants=48211, columns=37, nan_cells=96422, nan_columns=["chargeback_rate_1d", "refund_rate_1d"])
t += timedelta(seconds=3.2)
job(t, "INFO", "validation skipped (validate_before_publish=false)")
t += timedelta(seconds=61.0)
job(t, "INFO", "published feature set merchant_risk version 2025-10-08 to s3://acme-features/merchant_risk/2025-10-08/ (48211 rows)")
t += timedelta(seconds=0.4)
job(t, "INFO", "done in %ds" % (t - JOB).total_seconds())
JOB_END = t
ev.add(JOB, k8s(JOB, "Normal", "SuccessfulCreate", "cronjob/features-daily", "Created job features-daily-29331240"))
ev.add(JOB + timedelta(seconds=1), k8s(JOB + timedelta(seconds=1), "Normal", "SuccessfulCreate", "job/features-daily-29331240", "Created pod: " + JOBPOD))
ev.add(JOB_END + timedelta(seconds=2), k8s(JOB_END + timedelta(seconds=2), "Normal", "Completed", "job/features-daily-29331240", "Job completed"))
ev.add(JOB_END + timedelta(seconds=3), k8s(JOB_END + timedelta(seconds=3), "Normal", "SawCompletedJob", "cronjob/features-daily", "Saw completed job: features-daily-29331240, status: Complete"))
late = dt("2025-10-08T02:41:37")
ev.add(late, k8s(late, "Normal", "Completed", "job/payments-export-29331190", "Job completed"))

# fraud-scorer: hot reload of the newest feature set at 03:00
for p in FS_PODS:
    tt = RELOAD + timedelta(milliseconds=rng.randint(0, 800))
    fs.add(tt, py(tt, "INFO", "scorer.features", "feature set merchant_risk version 2025-10-08 loaded (48211 rows, 37 columns) pod=%s previous=2025-10-07" % p))

TB_INNER = [
    ("/app/scorer/model.py", 64, "predict", "proba = self._model.predict_proba(frame)[:, 1]"),
    ("/usr/local/lib/python3.11/site-packages/sklearn/ensemble/_gb.py", 1610, "predict_proba", "raw_predictions = self.decision_function(X)"),
    ("/usr/local/lib/python3.11/site-packages/sklearn/ensemble/_gb.py", 1486, "decision_function", "X = self._validate_data("),
    ("/usr/local/lib/python3.11/site-packages/sklearn/utils/validation.py", 1003, "check_array", "_assert_all_finite("),
    ("/usr/local/lib/python3.11/site-packages/sklearn/utils/validation.py", 147, "_assert_all_finite_element_wise", "raise ValueError(msg_err)"),
]
NAN_MSG = ("ValueError: Input X contains NaN.\n"
           "GradientBoostingClassifier does not accept missing values encoded as NaN natively. For supervised learning, you might want to consider "
           "sklearn.ensemble.HistGradientBoostingClassifier and Regressor which accept missing values encoded as NaNs natively. Alternatively, it is "
           "possible to preprocess the data, for instance by using an imputer transformer in a pipeline or drop samples which contain missing values. "
           "See https://scikit-learn.org/stable/modules/impute.html")


def score(t, merchant, tr, parent):
    """one POST /v1/score; returns ok"""
    p = rng.choice(FS_PODS)
    ms = rng.lognorm_ms(9)
    te = t + timedelta(milliseconds=ms)
    if te < RELOAD:
        fs.add(te, py(te, "INFO", "scorer.api", "scored merchant=%s score=%.3f model=gbc-2025.09 took_ms=%d trace_id=%s" % (merchant, rng.betavariate(1.2, 14), ms, tr)))
        return True, te
    fs.add(te, py(te, "ERROR", "scorer.api", "scoring failed merchant=%s trace_id=%s pod=%s" % (merchant, tr, p)) + "\n" + pytb([
        (TB_INNER, NAN_MSG, "cause"),
        ([("/app/scorer/api.py", 41, "score", "p = model.predict(features)"),
          ("/app/scorer/model.py", 66, "predict", 'raise ScoringError(f"model {self.version} failed for merchant {merchant_id}") from exc')],
         "scorer.model.ScoringError: model gbc-2025.09 failed for merchant %s" % merchant, None)]))
    return False, te


# payments-api: one fraud score per card payment, one retry, then manual review
for t in rng.times(START, END, 0.55):
    merchant = "M-%d" % rng.randint(100000, 148211)
    pay = "pay_" + rng.alnum(14)
    tr, root = trace(rng), span(rng)
    ok = False
    tt = t
    for attempt in (1, 2):
        cs = span(rng)
        ok, tt = score(tt, merchant, tr, root)
        if ok:
            break
        if attempt == 1:
            pa.add(tt, jrec(tt, "WARN", "payments-api", "fraud score failed, retrying", component="FraudClient", trace_id=tr, span_id=cs, parent_span_id=root,
                            deploy=PA_DEPLOY, attrs={"payment": pay, "merchant": merchant, "status": 500}))
            tt = tt + timedelta(milliseconds=200)
    te = tt + timedelta(milliseconds=rng.randint(30, 120))
    if ok:
        pa.add(te, jrec(te, "INFO", "payments-api", "payment authorised", component="PaymentService", trace_id=tr, span_id=root, deploy=PA_DEPLOY,
                        attrs={"payment": pay, "merchant": merchant, "amount_minor": rng.randint(500, 40000)}))
    else:
        pa.add(te, jrec(te, "ERROR", "payments-api", "fraud score unavailable, payment held for manual review", component="PaymentService",
                        error_type="com.acme.payments.fraud.FraudScoreUnavailableException", trace_id=tr, span_id=root,
                        caused_by="HttpServerErrorException$InternalServerError: 500 INTERNAL SERVER ERROR from POST http://fraud-scorer.risk.svc:8000/v1/score",
                        stack=["com.acme.payments.fraud.FraudClient.score(FraudClient.java:72)", "com.acme.payments.PaymentService.authorise(PaymentService.java:118)"],
                        deploy=PA_DEPLOY, attrs={"payment": pay, "merchant": merchant}))
        pa.add(te + timedelta(milliseconds=3), jrec(te + timedelta(milliseconds=3), "WARN", "payments-api", "payment held: manual review queue", component="ReviewQueue",
                                                    trace_id=tr, span_id=span(rng), parent_span_id=root,
                                                    deploy=PA_DEPLOY, attrs={"payment": pay, "queue_depth": rng.randint(40, 900)}))

# benign noise
for t in rng.times(START, END, 1 / 5.0):
    fs.add(t, py(t, "WARNING", "sklearn.base", "InconsistentVersionWarning: Trying to unpickle estimator DecisionTreeRegressor from version 1.4.2 when using version 1.5.1. This might lead to breaking code or invalid results. Use at your own risk."))
for t in rng.times(START, END, 1.0):
    fs.add(t, py(t, "INFO", "gunicorn.access", '10.50.0.%d - - "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.30"' % rng.randint(2, 9)))
for t in rng.times(START, END, 1 / 6.0):
    pa.add(t, jrec(t, "ERROR", "payments-api", "settlement file upload failed, will retry at next window", component="SettlementUploader",
                   error_type="com.jcraft.jsch.JSchException", caused_by="Auth fail for methods 'publickey'", deploy=PA_DEPLOY, attrs={"acquirer": "nordbank", "since": "2025-10-07T22:00Z"}))
for t in rng.times(START, END, 1 / 4.0):
    pa.add(t, jrec(t, "WARN", "payments-api", "3DS directory server slow", component="ThreeDsClient", deploy=PA_DEPLOY, attrs={"ms": rng.randint(1500, 3800), "scheme": rng.choice(["visa", "mastercard"])}))
for t in rng.times(START, END, 1 / 9.0):
    ev.add(t, k8s(t, "Warning", "BackOff", "pod/ledger-reconciler-7c8d9f5b4-qzt6m", "Back-off restarting failed container reconciler in pod ledger-reconciler-7c8d9f5b4-qzt6m_payments(%s)" % "91c2e7a4-5b3d-4f60-8e1a-2d9c0b7f6a13"))
for t0 in (dt("2025-10-08T02:30:00"), dt("2025-10-08T03:30:00")):
    ev.add(t0, k8s(t0, "Normal", "SuccessfulCreate", "cronjob/merchant-digest", "Created job merchant-digest-%d" % rng.randint(29331000, 29331999)))

fd.write(os.path.join(logs, "features-daily.jsonl"))
fs.write(os.path.join(logs, "fraud-scorer.log"))
pa.write(os.path.join(logs, "payments-api.jsonl"))
ev.write(os.path.join(logs, "k8s-events.log"))

when = dt("2025-10-08T03:00:41.733")
write_json(os.path.join(case_dir(CASE), "alert.json"), sentry_alert(
    event_id=rng.hex(32), project=4506377, release="fraud-scorer@3.4.0", platform="python", when=when,
    logger="scorer.api", title="ValueError: Input X contains NaN.", culprit="scorer.model in predict", location="scorer/model.py",
    tags=[("environment", "production"), ("handled", "yes"), ("level", "error"), ("mechanism", "logging"), ("release", "fraud-scorer@3.4.0"),
          ("server_name", FS_PODS[0]), ("transaction", "/v1/score")],
    request={"method": "POST", "url": "http://fraud-scorer.risk.svc:8000/v1/score",
             "headers": [["Content-Type", "application/json"], ["User-Agent", "payments-api/14.2.0"]]},
    exc_type="ValueError", exc_value="Input X contains NaN.\nGradientBoostingClassifier does not accept missing values encoded as NaN natively.", exc_module="builtins", mechanism="logging",
    frames=[
        {"filename": "scorer/api.py", "abs_path": "/app/scorer/api.py", "module": "scorer.api", "function": "score", "lineno": 41,
         "context_line": "    p = model.predict(features)", "in_app": True},
        {"filename": "scorer/model.py", "abs_path": "/app/scorer/model.py", "module": "scorer.model", "function": "predict", "lineno": 64,
         "context_line": "        proba = self._model.predict_proba(frame)[:, 1]", "in_app": True},
        {"filename": "sklearn/utils/validation.py", "abs_path": "/usr/local/lib/python3.11/site-packages/sklearn/utils/validation.py", "module": "sklearn.utils.validation",
         "function": "_assert_all_finite_element_wise", "lineno": 147, "context_line": "        raise ValueError(msg_err)", "in_app": False}],
    org="acme-pay", slug="fraud-scorer", issue_id="5872201946",
    rule="fraud-scorer: new issue", installation=uuid(rng)))

finish(CASE, {
    "root_cause": {"service": "features-daily", "component": "run 2025-10-08: empty source partition dt=2025-10-07 (allow_empty_source=true), NaN rates published without validation",
                   "error_type": None, "file": None},
    "category": "data",
    "symptoms": [{"service": "fraud-scorer", "error_type": "ValueError"},
                 {"service": "payments-api", "error_type": "FraudScoreUnavailableException"}],
    "why": "The 02:00 features-daily run found its source partition empty (the upstream payments export only finished at 02:41), computed yesterday's 0/0 chargeback and refund rates as NaN for all 48,211 merchants and published the feature set without validation; fraud-scorer hot-loads it at 03:00 and from then its model rejects every row (ValueError: Input X contains NaN, wrapped as ScoringError), so payments-api holds every card payment for manual review. The job only logged warnings.",
})
