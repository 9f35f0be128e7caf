#!/usr/bin/env python3
"""recommendations-gunicorn-preload-ssl

recommendations 2.4.0 (Python, Flask on gunicorn) turns on preload_app to save memory. The
app runs its embedding warm-up query at import time, so the master process opens a
PostgreSQL (TLS) connection before forking, and all four workers inherit the same SSL
session. From the rollout (16:20-16:23) about a third of the queries on the new pods fail
with psycopg2 OperationalError "SSL error: decryption failed or bad record mac" / "SSL
SYSCALL error: EOF detected" (re-raised by SQLAlchemy as sqlalchemy.exc.OperationalError);
reco-db only logs resets and unexpected EOFs. home-feed (Node) retries twice and logs every
failed attempt plus its fallback, so its RecsUpstreamError is the loudest.
Noise: an ab-test config warning, autovacuum and checkpoint lines in reco-db, a long-standing
image-cdn timeout error in home-feed, unrelated events in the namespace.
Alertmanager alert on home-feed.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, py, pytb, pg, node_line, k8s, alertmanager)

CASE = "recommendations-gunicorn-preload-ssl"
rng = Rng(20250909)
START, END = dt("2025-09-09T15:55:00"), dt("2025-09-09T16:48:00")
OLD_RS, NEW_RS = "recommendations-58d7c9b6f", "recommendations-6c4f9b8d7"
SP = "/usr/local/lib/python3.12/site-packages"

rc, db, hf, ev = LogFile(), LogFile(), LogFile(), LogFile()
old_pods = ["%s-%s" % (OLD_RS, rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")) for _ in range(3)]
new_pods = ["%s-%s" % (NEW_RS, rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")) for _ in range(3)]
STEPS = [dt("2025-09-09T16:20:31"), dt("2025-09-09T16:21:38"), dt("2025-09-09T16:22:44")]
timeline = [(START, list(old_pods))]
live = list(old_pods)
ev.add(STEPS[0] - timedelta(seconds=25), k8s(STEPS[0] - timedelta(seconds=25), "Normal", "ScalingReplicaSet", "deployment/recommendations", "Scaled up replica set %s to 1 from 0" % NEW_RS))
for i, t in enumerate(STEPS):
    p = new_pods[i]
    tc = t - timedelta(seconds=24)
    ev.add(tc, k8s(tc, "Normal", "SuccessfulCreate", "replicaset/" + NEW_RS, "Created pod: " + p))
    ev.add(tc + timedelta(seconds=1), k8s(tc + timedelta(seconds=1), "Normal", "Pulled", "pod/" + p, "Container image \"registry.acme.example/discovery/recommendations:2.4.0\" already present on machine"))
    ev.add(tc + timedelta(seconds=2), k8s(tc + timedelta(seconds=2), "Normal", "Started", "pod/" + p, "Started container recommendations"))
    ts = tc + timedelta(seconds=4)
    rc.add(ts, py(ts, "INFO", "gunicorn.error", "Starting gunicorn 22.0.0", p))
    rc.add(ts + timedelta(milliseconds=3), py(ts + timedelta(milliseconds=3), "INFO", "recommendations.app", "recommendations 2.4.0 (commit 0f3b7a2) gunicorn preload_app=True workers=4 worker_class=gthread", p))
    rc.add(ts + timedelta(milliseconds=850), py(ts + timedelta(milliseconds=850), "INFO", "recommendations.warmup", "warm-up: loaded %d item embeddings from postgres in %dms (pid 1)" % (rng.randint(18000, 18500), rng.randint(700, 900)), p))
    rc.add(ts + timedelta(milliseconds=900), py(ts + timedelta(milliseconds=900), "INFO", "gunicorn.error", "Listening at: http://0.0.0.0:8000 (1)", p))
    for w in range(4):
        tw = ts + timedelta(milliseconds=910 + 5 * w)
        rc.add(tw, py(tw, "INFO", "gunicorn.error", "Booting worker with pid: %d" % (7 + w), p))
    ev.add(t + timedelta(seconds=3), k8s(t + timedelta(seconds=3), "Normal", "ScalingReplicaSet", "deployment/recommendations", "Scaled down replica set %s to %d from %d" % (OLD_RS, 2 - i, 3 - i)))
    if i < 2:
        ev.add(t + timedelta(seconds=4), k8s(t + timedelta(seconds=4), "Normal", "ScalingReplicaSet", "deployment/recommendations", "Scaled up replica set %s to %d from %d" % (NEW_RS, i + 2, i + 1)))
    ev.add(t + timedelta(seconds=3), k8s(t + timedelta(seconds=3), "Normal", "Killing", "pod/" + old_pods[i], "Stopping container recommendations"))
    live = [x for x in live if x != old_pods[i]] + [p]
    timeline.append((t, list(live)))


def live_at(t):
    cur = timeline[0][1]
    for ts, pods in timeline:
        if ts <= t:
            cur = pods
    return cur


def tb(msg):
    return pytb([
        ([(SP + "/sqlalchemy/engine/base.py", 1967, "_exec_single_context", "self.dialect.do_execute("),
          (SP + "/sqlalchemy/engine/default.py", 941, "do_execute", "cursor.execute(statement, parameters)")],
         "psycopg2.OperationalError: " + msg, "cause"),
        ([(SP + "/flask/app.py", 880, "full_dispatch_request", "rv = self.dispatch_request()"),
          ("/app/recommendations/api.py", 63, "recs_for_user", "history = repo.recent_interactions(user_id, limit=200)"),
          ("/app/recommendations/repo.py", 41, "recent_interactions", "rows = session.execute(RECENT_SQL, {\"uid\": user_id, \"lim\": limit}).all()"),
          (SP + "/sqlalchemy/orm/session.py", 2351, "execute", "return self._execute_internal("),
          (SP + "/sqlalchemy/engine/default.py", 941, "do_execute", "cursor.execute(statement, parameters)")],
         "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) %s\n[SQL: SELECT item_id, kind, ts FROM interactions WHERE user_id = %%(uid)s ORDER BY ts DESC LIMIT %%(lim)s]\n(Background on this error at: https://sqlalche.me/e/20/e3q8)" % msg, None)])


SSL_MSGS = ["SSL error: decryption failed or bad record mac\n", "SSL SYSCALL error: EOF detected\n", "SSL error: decryption failed or bad record mac\n"]
HF_STACK = ("RecsUpstreamError: recommendations responded 500 for GET /v1/recs/{user}\n"
            "    at RecsClient.forUser (/srv/home-feed/lib/recs-client.js:47:15)\n"
            "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n"
            "    at async assembleFeed (/srv/home-feed/lib/feed.js:88:19)")


def recs(t, trace):
    p = rng.choice(live_at(t))
    ms = rng.lognorm_ms(28)
    td = t + timedelta(milliseconds=ms)
    user = rng.randint(1000000, 9999999)
    if p.startswith(NEW_RS) and rng.random() < 0.34:
        msg = rng.choice(SSL_MSGS)
        rc.add(td, py(td, "ERROR", "recommendations.api", "GET /v1/recs/%d 500 trace_id=%s pid=%d\n%s" % (user, trace, rng.randint(7, 10), tb(msg.strip() + "\n")), p))
        if rng.random() < 0.4:
            db.add(td + timedelta(milliseconds=1), "%s [%d] LOG:  could not receive data from client: Connection reset by peer" % (pg(td + timedelta(milliseconds=1)), rng.randint(40000, 48000)))
        return False, td
    rc.add(td, py(td, "INFO", "recommendations.api", "GET /v1/recs/%d 200 items=24 %dms trace_id=%s" % (user, ms, trace), p))
    return True, td


for t in rng.times(START, END, 5.5):
    trace = rng.hex(32)
    ta = t
    for attempt in (1, 2, 3):
        ok, td = recs(ta + timedelta(milliseconds=2), trace)
        if ok:
            if attempt > 1:
                hf.add(td + timedelta(milliseconds=5), node_line(td + timedelta(milliseconds=5), "error", "rail 'for-you' degraded: needed %d attempts trace_id=%s\n%s" % (attempt, trace, HF_STACK)))
            hf.add(td + timedelta(milliseconds=9), node_line(td + timedelta(milliseconds=9), "info", "GET /feed 200 %dms trace_id=%s" % (int((td - t).total_seconds() * 1000) + 9, trace)))
            break
        hf.add(td + timedelta(milliseconds=3), node_line(td + timedelta(milliseconds=3), "error", "recs attempt %d/3 failed trace_id=%s\n%s" % (attempt, trace, HF_STACK)))
        if attempt == 3:
            hf.add(td + timedelta(milliseconds=4), node_line(td + timedelta(milliseconds=4), "error", "GET /feed served trending fallback (no personalised recs) trace_id=%s\n%s" % (trace, HF_STACK)))
        ta = td + timedelta(milliseconds=80)

# ---- noise -------------------------------------------------------------------------------------
for t in rng.times(START, END, 0.6):
    rc.add(t, py(t, "WARNING", "recommendations.abtest", "experiment 'recs-diversity-v3' has no variant weights for segment 'new_users', using control", rng.choice(live_at(t))))
for t in rng.times(START, END, 0.35):
    hf.add(t, node_line(t, "error", "hero image fetch failed trace_id=%s\nImageCdnTimeoutError: image-cdn did not answer within 1500ms (/hero/%d.avif)\n    at fetchHero (/srv/home-feed/lib/hero.js:21:11)" % (rng.hex(32), rng.randint(100, 999))))
for m in range(0, 53, 5):
    t = START + timedelta(minutes=m, seconds=12)
    db.add(t, "%s [%d] LOG:  checkpoint starting: time" % (pg(t), 58))
    t2 = t + timedelta(seconds=rng.randint(20, 40))
    db.add(t2, "%s [%d] LOG:  checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, 1 recycled; write=%.3f s, sync=0.004 s, total=%.3f s" % (
        pg(t2), 58, rng.randint(800, 2400), rng.uniform(0.3, 1.5), rng.uniform(20, 28), rng.uniform(20, 29)))
for t in rng.times(START, END, 0.15):
    db.add(t, "%s [%d] LOG:  automatic vacuum of table \"recs.public.interactions\": index scans: 1" % (pg(t), rng.randint(40000, 48000)))
for m in (8, 38):
    t = START + timedelta(minutes=m, seconds=30)
    ev.add(t, k8s(t, "Warning", "Unhealthy", "pod/feature-store-5b8c7d6f9-wl4qz", "Readiness probe failed: Get \"http://10.44.3.19:8080/ready\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"))

d = reset_logs(CASE)
rc.write(d + "/recommendations.log")
db.write(d + "/reco-db.log")
hf.write(d + "/home-feed.log")
ev.write(d + "/k8s-events.log")
labels = {"alertname": "HomeFeedPersonalisationDegraded", "service": "home-feed", "namespace": "discovery", "severity": "high", "env": "prod"}
write_json(d + "/../alert.json", alertmanager(
    "discovery-oncall", labels, {"summary": "home-feed: 31% of feeds served with trending fallback", "description": "fallback ratio over 10m above 10%"},
    dt("2025-09-09T16:31:00"), "sum%28rate%28home_feed_fallback_total%5B10m%5D%29%29+%2F+sum%28rate%28home_feed_requests_total%5B10m%5D%29%29", "c5e20b8f71a4d396"))
finish(CASE, {
    "root_cause": {"service": "recommendations", "component": "2.4.0 gunicorn preload_app=True with the warm-up query at import: workers share the master's PostgreSQL SSL connection",
                   "error_type": "OperationalError", "file": "gunicorn.conf.py"},
    "category": "deploy",
    "symptoms": [{"service": "home-feed", "error_type": "RecsUpstreamError"},
                 {"service": "reco-db", "error_type": None}],
    "why": "recommendations 2.4.0 (rolled out 16:20-16:23) enabled gunicorn preload_app while the app opens a database connection at import, so the forked workers share one SSL session and about a third of their queries fail with psycopg2/SQLAlchemy OperationalError ('decryption failed or bad record mac', 'SSL SYSCALL error'); only 2.4.0 pods fail. home-feed's retries and fallbacks make its RecsUpstreamError loudest; roll back or dispose the engine after fork.",
})
