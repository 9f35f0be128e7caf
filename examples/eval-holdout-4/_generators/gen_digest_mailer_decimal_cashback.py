#!/usr/bin/env python3
"""digest-mailer-decimal-cashback

digest-mailer (Celery, Python 3.12) builds the weekly e-mail digest every Monday at 07:00:
celery beat fans out one build_weekly task per batch of 2000 users. Last Wednesday's commit
added a cashback summary whose amount comes from SQLAlchemy Numeric columns as Decimal;
the batch payload is serialised with plain json.dumps, which raises TypeError("Object of
type Decimal is not JSON serializable") for any batch with at least one cashback user (almost
all). The task wraps it ("raise DigestBuildError(...) from exc") and autoretries up to 4 times,
logging the chained traceback each time, so DigestBuildError is the loudest type; the
TypeError inside names what is wrong. mail-gateway only sees the few batches that build.
Noise: prefs-api expired unsubscribe tokens, mail-gateway send-quota warnings, a flaky
mail-gateway readiness probe, a deprecated-filter warning.
Generic alert (queue/failed-task rate) on digest-mailer.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, logfmt, pytb, generic_alert, pod, uuid)

CASE = "digest-mailer-decimal-cashback"
rng = Rng(20251006)
START, END = dt("2025-10-06T06:45:00"), dt("2025-10-06T07:35:00")
RUN = dt("2025-10-06T07:00:00")
BATCHES = 24

dm, mg, pf = LogFile(), LogFile(), LogFile()
PF_PODS = [pod(rng, "prefs-api", "5d8c7b6f9") for _ in range(2)]


def celery(t, level, proc, msg):
    return "[%s,%03d: %s/%s] %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, level, proc, msg)


def tb(batch):
    return pytb([
        ([("/app/digest/payload.py", 48, "encode_batch", "body = json.dumps(payload, separators=(\",\", \":\"))"),
          ("/usr/local/lib/python3.12/json/__init__.py", 238, "dumps", "**kw).encode(obj)"),
          ("/usr/local/lib/python3.12/json/encoder.py", 258, "iterencode", "return _iterencode(o, 0)"),
          ("/usr/local/lib/python3.12/json/encoder.py", 180, "default", "raise TypeError(f'Object of type {o.__class__.__name__} '")],
         "TypeError: Object of type Decimal is not JSON serializable", "cause"),
        ([("/usr/local/lib/python3.12/site-packages/celery/app/trace.py", 453, "trace_task", "R = retval = fun(*args, **kwargs)"),
          ("/usr/local/lib/python3.12/site-packages/celery/app/autoretry.py", 38, "run", "return task._orig_run(*args, **kwargs)"),
          ("/app/digest/tasks.py", 71, "build_weekly", "body = encode_batch(batch_id, users)"),
          ("/app/digest/payload.py", 51, "encode_batch", "raise DigestBuildError(f\"weekly digest batch {batch_id:04d} could not be built\") from exc")],
         "digest.errors.DigestBuildError: weekly digest batch %04d could not be built" % batch, None)])


pids = ["ForkPoolWorker-%d" % i for i in range(1, 9)]
t = RUN + timedelta(milliseconds=12)
dm.add(t, celery(t, "INFO", "MainProcess", "Scheduler: Sending due task weekly-digest (digest.tasks.schedule_weekly)"))
for b in range(1, BATCHES + 1):
    tid = uuid(rng)
    tq = RUN + timedelta(seconds=1 + b * 2.5)
    dm.add(tq, celery(tq, "INFO", "MainProcess", "Task digest.tasks.build_weekly[%s] received" % tid))
    fails = rng.random() < 0.965
    ta = tq + timedelta(milliseconds=rng.randint(200, 9000))
    for attempt in range(1, 6):
        proc = rng.choice(pids)
        # prefs lookup for the batch
        pt = ta + timedelta(milliseconds=rng.randint(5, 20))
        pf.add(pt, jrec(pt, "INFO", "prefs-api", "POST /internal/prefs/batch 200 in %dms (2000 users)" % rng.randint(30, 90),
                        component="prefs.web.access", trace_id=rng.hex(32), span_id=rng.hex(16), attrs={"pod": rng.choice(PF_PODS)}))
        te = pt + timedelta(milliseconds=rng.randint(4000, 14000))
        if not fails:
            dm.add(te, celery(te, "INFO", proc, "digest.tasks.build_weekly[%s]: batch %04d built, 2000 recipients, submitting" % (tid, b)))
            tm = te + timedelta(milliseconds=rng.randint(10, 40))
            mg.add(tm, logfmt(tm, "info", "batch accepted", path="/v1/batches", status=202, recipients=2000, template="digest_weekly", batch=b))
            tf = tm + timedelta(milliseconds=30)
            dm.add(tf, celery(tf, "INFO", proc, "Task digest.tasks.build_weekly[%s] succeeded in %.3fs: 2000" % (tid, (tf - ta).total_seconds())))
            break
        dm.add(te, celery(te, "ERROR", proc, "digest.tasks.build_weekly[%s]: batch %04d failed (attempt %d/5)\n%s" % (tid, b, attempt, tb(b))))
        if attempt < 5:
            delay = 60 * 2 ** (attempt - 1)
            dm.add(te + timedelta(milliseconds=6), celery(te + timedelta(milliseconds=6), "INFO", proc,
                                                         "Task digest.tasks.build_weekly[%s] retry: Retry in %ds: DigestBuildError('weekly digest batch %04d could not be built')" % (tid, delay, b)))
            ta = te + timedelta(seconds=delay, milliseconds=rng.randint(0, 900))
            if ta >= END:
                break
        else:
            dm.add(te + timedelta(milliseconds=6), celery(te + timedelta(milliseconds=6), "WARNING", proc,
                                                         "Task digest.tasks.build_weekly[%s] gave up after 5 attempts; batch %04d parked in digest_dead_letter" % (tid, b)))

# ---- noise ------------------------------------------------------------------------------------
for t in rng.times(START, END, 0.5):
    pf.add(t, jrec(t, "ERROR", "prefs-api", "unsubscribe token rejected: signature expired (issued %d days ago)" % rng.randint(31, 90),
                   component="prefs.unsubscribe", error_type="itsdangerous.exc.SignatureExpired", trace_id=rng.hex(32), span_id=rng.hex(16),
                   attrs={"pod": rng.choice(PF_PODS), "path": "/u/unsubscribe"}))
for t in rng.times(START, END, 0.3):
    mg.add(t, logfmt(t, "warn", "send rate near provider quota", provider="ses-eu-west-1", rate_per_s=round(11 + rng.random() * 2, 1), quota_per_s=14))
for m in range(0, 50):
    t = START + timedelta(minutes=m, seconds=21)
    if rng.random() < 0.08:
        mg.add(t, logfmt(t, "warn", "readiness probe slow", path="/readyz", duration_ms=rng.randint(1100, 2400), reason="ses quota api call"))
    mg.add(t + timedelta(seconds=30), logfmt(t + timedelta(seconds=30), "info", "queue stats", pending=rng.randint(0, 40), in_flight=rng.randint(0, 12)))
for m in range(0, 50, 15):
    t = START + timedelta(minutes=m, seconds=3)
    dm.add(t, celery(t, "WARNING", "MainProcess", "jinja2: template 'digest_weekly.html' uses deprecated filter 'datetimeformat_legacy'"))
for t in rng.times(START, END, 0.9):
    pt = t
    pf.add(pt, jrec(pt, "INFO", "prefs-api", "GET /api/prefs/me 200 in %dms" % rng.randint(5, 40), component="prefs.web.access",
                    trace_id=rng.hex(32), span_id=rng.hex(16), attrs={"pod": rng.choice(PF_PODS)}))

d = reset_logs(CASE)
dm.write(d + "/digest-mailer.log")
mg.write(d + "/mail-gateway.log")
pf.write(d + "/prefs-api.jsonl")
write_json(d + "/../alert.json", generic_alert(
    "digest-mailer", "digest-mailer: celery task failure rate 96% (digest.tasks.build_weekly)", "high", "b81e4f2a07c9d365", dt("2025-10-06T07:06:00"),
    {"env": "prod", "team": "growth", "alertname": "CeleryTaskFailureRate", "queue": "digest", "source": "flower-exporter"}))
finish(CASE, {
    "root_cause": {"service": "digest-mailer", "component": "digest/payload.py encode_batch: json.dumps on the new Decimal cashback amounts",
                   "error_type": "TypeError", "file": "digest/payload.py"},
    "category": "code",
    "symptoms": [{"service": "digest-mailer", "error_type": "DigestBuildError"},
                 {"service": "mail-gateway", "error_type": None}],
    "why": "Last week's cashback summary put SQLAlchemy Numeric values (Decimal) into the digest payload, and encode_batch serialises it with plain json.dumps, which raises TypeError 'Object of type Decimal is not JSON serializable' for every batch containing a cashback user. The task re-raises it as DigestBuildError and retries five times, so the wrapper is loudest; the TypeError names the defect (serialise Decimal explicitly).",
})
