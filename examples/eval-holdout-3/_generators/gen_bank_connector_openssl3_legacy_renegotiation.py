#!/usr/bin/env python3
"""bank-connector-openssl3-legacy-renegotiation

bank-connector (Python, celery) submits payouts to two banks. Its 07:15 release 3.9.0 only
bumps the base image (python:3.11-slim-bullseye -> python:3.12-slim-bookworm), which brings
OpenSSL 3.0 instead of 1.1.1. Nordbank's legacy host-to-host gateway does not support secure
renegotiation, and OpenSSL 3 refuses it: every Nordbank submission fails with
SSLError [SSL: UNSAFE_LEGACY_RENEGOTIATION_DISABLED] (ssl.SSLError -> urllib3 SSLError ->
MaxRetryError -> requests SSLError). SEPA payouts through the other bank keep working. The
task logs the traceback on each of its 5 attempts, so here the loudest error is the cause;
payouts-api only reports payouts overdue (one ERROR per payout after 45 min).
Noise: an IBAN checksum error in payouts-api since the night, celery clock-drift warnings,
rabbitmq connection churn.
Alertmanager alert on payouts-api.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, pylog, pytb, alertmanager, uuid)

CASE = "bank-connector-openssl3-legacy-renegotiation"
rng = Rng(20251104)
START, END = dt("2025-11-04T06:40:00"), dt("2025-11-04T08:40:00")
DEPLOY = dt("2025-11-04T07:15:20")
SP = "/usr/local/lib/python3.12/site-packages"

bc, pa, mq = LogFile(), LogFile(), LogFile()
HOST = "celery@bank-connector-worker-%s"
W_OLD = [HOST % ("6b8d5c7f9-" + rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")) for _ in range(2)]
W_NEW = [HOST % ("7d9c6b8f5-" + rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")) for _ in range(2)]


def cel(t, level, proc, msg):
    return "[%s: %s/%s] %s" % (pylog(t), level, proc, msg)


for w in W_OLD:
    t = START + timedelta(seconds=rng.randint(1, 20))
    bc.add(t, cel(t, "INFO", "MainProcess", "%s ready. (bank-connector 3.8.4, Python 3.11.10, OpenSSL 1.1.1w  11 Sep 2023)" % w))
for i, w in enumerate(W_NEW):
    t = DEPLOY + timedelta(seconds=18 + 40 * i)
    bc.add(t, cel(t, "INFO", "MainProcess", "Connected to amqp://bank:**@rabbitmq.payments.svc:5672//"))
    bc.add(t + timedelta(seconds=1), cel(t + timedelta(seconds=1), "INFO", "MainProcess", "%s ready. (bank-connector 3.9.0, Python 3.12.7, OpenSSL 3.0.15 3 Sep 2024)" % w))
    mq.add(t, "%s [info] <0.%d.0> accepting AMQP connection 10.40.%d.%d:%d -> 10.40.9.12:5672" % (t.strftime("%Y-%m-%d %H:%M:%S.") + "%06d+00:00" % t.microsecond, rng.randint(20000, 30000), rng.randint(1, 4), rng.randint(2, 250), rng.randint(32768, 60999)))
    to = t + timedelta(seconds=20)
    bc.add(to, cel(to, "WARNING", "MainProcess", "Warm shutdown (MainProcess) %s (replaced by 3.9.0)" % W_OLD[i]))
    mq.add(to, "%s [warning] <0.%d.0> closing AMQP connection <0.%d.0> (10.40.2.%d:%d -> 10.40.9.12:5672, vhost: '/', user: 'bank'): client unexpectedly closed TCP connection" % (
        to.strftime("%Y-%m-%d %H:%M:%S.") + "%06d+00:00" % to.microsecond, rng.randint(20000, 30000), rng.randint(20000, 30000), rng.randint(2, 250), rng.randint(32768, 60999)))
NEW_AT = DEPLOY + timedelta(seconds=20)


def tb(pid):
    return pytb([
        ([(SP + "/urllib3/connectionpool.py", 466, "_make_request", "self._validate_conn(conn)"),
          (SP + "/urllib3/connection.py", 741, "connect", "sock_and_verified = _ssl_wrap_socket_and_match_hostname("),
          (SP + "/urllib3/util/ssl_.py", 513, "_ssl_wrap_socket_impl", "return ssl_context.wrap_socket(sock, server_hostname=server_hostname)"),
          ("/usr/local/lib/python3.12/ssl.py", 1319, "do_handshake", "self._sslobj.do_handshake()")],
         "ssl.SSLError: [SSL: UNSAFE_LEGACY_RENEGOTIATION_DISABLED] unsafe legacy renegotiation disabled (_ssl.c:1000)", "during"),
        ([(SP + "/urllib3/connectionpool.py", 789, "urlopen", "response = self._make_request("),
          (SP + "/urllib3/connectionpool.py", 490, "_make_request", "raise new_e")],
         "urllib3.exceptions.SSLError: [SSL: UNSAFE_LEGACY_RENEGOTIATION_DISABLED] unsafe legacy renegotiation disabled (_ssl.c:1000)", "cause"),
        ([(SP + "/requests/adapters.py", 667, "send", "resp = conn.urlopen("),
          (SP + "/urllib3/connectionpool.py", 843, "urlopen", "retries = retries.increment("),
          (SP + "/urllib3/util/retry.py", 519, "increment", "raise MaxRetryError(_pool, url, reason) from reason  # type: ignore[arg-type]")],
         "urllib3.exceptions.MaxRetryError: HTTPSConnectionPool(host='h2h.nordbank.example', port=443): Max retries exceeded with url: /h2h/v1/payments (Caused by SSLError(SSLError(1, '[SSL: UNSAFE_LEGACY_RENEGOTIATION_DISABLED] unsafe legacy renegotiation disabled (_ssl.c:1000)')))", "during"),
        ([("/app/bank_connector/tasks.py", 58, "submit_payout", "receipt = client.submit(payout)"),
          ("/app/bank_connector/banks/nordbank.py", 92, "submit", "resp = self._session.post(self._url(\"/h2h/v1/payments\"), data=signed, timeout=30)"),
          (SP + "/requests/sessions.py", 637, "post", "return self.request(\"POST\", url, data=data, json=json, **kwargs)"),
          (SP + "/requests/adapters.py", 698, "send", "raise SSLError(e, request=request)")],
         "requests.exceptions.SSLError: HTTPSConnectionPool(host='h2h.nordbank.example', port=443): Max retries exceeded with url: /h2h/v1/payments (Caused by SSLError(SSLError(1, '[SSL: UNSAFE_LEGACY_RENEGOTIATION_DISABLED] unsafe legacy renegotiation disabled (_ssl.c:1000)')))", None)])


ONE_LINE = ("requests.exceptions.SSLError: HTTPSConnectionPool(host='h2h.nordbank.example', port=443): Max retries exceeded with url: /h2h/v1/payments "
            "(Caused by SSLError(SSLError(1, '[SSL: UNSAFE_LEGACY_RENEGOTIATION_DISABLED] unsafe legacy renegotiation disabled (_ssl.c:1000)')))")
overdue = []
for b in range(0, 105, 15):
    tb0 = START + timedelta(minutes=b, seconds=2, milliseconds=rng.randint(0, 999))
    n = rng.randint(3, 6)
    pa.add(tb0, jrec(tb0, "INFO", "payouts-api", "payout batch %s released: %d Nordbank payouts, %d SEPA payouts" % (tb0.strftime("%H%M"), n, n + 3), component="com.acme.payouts.batch.BatchReleaser",
                     attrs={"pod": "payouts-api-6c9d8b7f5-k2x9p"}))
    for j in range(n + n + 3):
        bank = "nordbank" if j < n else "sepa-partner"
        po = "po_%d" % rng.randint(100000, 999999)
        tid = uuid(rng)
        trace = rng.hex(32)
        t = tb0 + timedelta(seconds=1 + j * 0.7, milliseconds=rng.randint(0, 500))
        for attempt in range(1, 6):
            workers = W_NEW if t >= NEW_AT else W_OLD
            proc = "ForkPoolWorker-%d" % rng.randint(1, 4)
            bc.add(t, cel(t, "INFO", "MainProcess", "Task bank_connector.tasks.submit_payout[%s] received" % tid))
            if bank == "nordbank" and t >= NEW_AT:
                te = t + timedelta(milliseconds=rng.randint(60, 140))
                if attempt < 5:
                    bc.add(te, cel(te, "ERROR", proc, "submit_payout %s to nordbank failed (attempt %d/5) trace_id=%s: %s" % (po, attempt, trace, ONE_LINE)))
                else:
                    bc.add(te, cel(te, "ERROR", proc, "submit_payout %s to nordbank failed (attempt %d/5, giving up) trace_id=%s\n%s" % (po, attempt, trace, tb(proc))))
                if attempt < 5:
                    bc.add(te + timedelta(milliseconds=2), cel(te + timedelta(milliseconds=2), "INFO", proc, "Task bank_connector.tasks.submit_payout[%s] retry: Retry in %ds: SSLError(MaxRetryError(\"HTTPSConnectionPool(host='h2h.nordbank.example', port=443): Max retries exceeded\"))" % (tid, 60 * attempt)))
                    t = te + timedelta(seconds=60 * attempt)
                    continue
                bc.add(te + timedelta(milliseconds=2), cel(te + timedelta(milliseconds=2), "WARNING", proc, "payout %s left in SUBMISSION_FAILED after 5 attempts" % po))
                overdue.append((tb0 + timedelta(minutes=45, seconds=rng.randint(0, 50), milliseconds=rng.randint(0, 999)), po))
                break
            ms = rng.lognorm_ms(900 if bank == "nordbank" else 350)
            td = t + timedelta(milliseconds=ms)
            bc.add(td, cel(td, "INFO", proc, "submit_payout %s to %s accepted ref=%s in %dms trace_id=%s" % (po, bank, rng.alnum(10, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"), ms, trace)))
            bc.add(td + timedelta(milliseconds=1), cel(td + timedelta(milliseconds=1), "INFO", proc, "Task bank_connector.tasks.submit_payout[%s] succeeded in %.3fs: None" % (tid, ms / 1000)))
            break
for t, po in overdue:
    if t < END:
        pa.add(t, jrec(t, "ERROR", "payouts-api", "payout %s overdue: not confirmed by bank 45 min after release (status SUBMISSION_FAILED)" % po, component="com.acme.payouts.sla.PayoutSlaMonitor",
                       error_type="com.acme.payouts.sla.PayoutSubmissionException", attrs={"pod": "payouts-api-6c9d8b7f5-k2x9p", "bank": "nordbank"}))

# ---- noise ---------------------------------------------------------------------------------
for t in rng.times(START, END, 0.25):
    pa.add(t, jrec(t, "ERROR", "payouts-api", "beneficiary validation failed: IBAN checksum invalid for merchant m_%d (since import at 02:10)" % rng.randint(1000, 9999),
                   component="com.acme.payouts.beneficiary.BeneficiaryValidator", error_type="com.acme.payouts.beneficiary.BeneficiaryValidationException", attrs={"pod": "payouts-api-6c9d8b7f5-k2x9p"}))
for t in rng.times(START, END, 0.12):
    bc.add(t, cel(t, "WARNING", "MainProcess", "Substantial drift from celery@reconciliation-worker-5d7b6c8f9-qw2lm may mean clocks are out of sync.  Current drift is %d seconds." % rng.randint(31, 40)))
for t in rng.times(START, END, 0.2):
    mq.add(t, "%s [info] <0.%d.0> connection <0.%d.0> (10.40.3.%d:%d -> 10.40.9.12:5672): user 'reporting' authenticated and granted access to vhost '/'" % (
        t.strftime("%Y-%m-%d %H:%M:%S.") + "%06d+00:00" % t.microsecond, rng.randint(20000, 30000), rng.randint(20000, 30000), rng.randint(2, 250), rng.randint(32768, 60999)))

d = reset_logs(CASE)
bc.write(d + "/bank-connector.log")
pa.write(d + "/payouts-api.jsonl")
mq.write(d + "/rabbitmq.log")
labels = {"alertname": "PayoutsStuckPending", "service": "payouts-api", "severity": "critical", "team": "treasury", "env": "prod"}
write_json(d + "/../alert.json", alertmanager(
    "treasury-oncall", labels, {"summary": "payouts-api: Nordbank payouts not confirmed within 45m (5 overdue)", "description": "payouts_overdue_total{bank=\"nordbank\"} rising since 08:10"},
    dt("2025-11-04T08:14:00"), "sum%28increase%28payouts_overdue_total%5B15m%5D%29%29+by+%28bank%29+%3E+5", "8d3b6e0c2f91a457"))
finish(CASE, {
    "root_cause": {"service": "bank-connector", "component": "3.9.0 base image python:3.12-slim-bookworm (OpenSSL 3.0 refuses unsafe legacy renegotiation with h2h.nordbank.example)",
                   "error_type": "SSLError", "file": "Dockerfile"},
    "category": "dependency",
    "symptoms": [{"service": "payouts-api", "error_type": "PayoutSubmissionException"}],
    "why": "bank-connector 3.9.0 (07:15) only changed the base image, moving from OpenSSL 1.1.1 to 3.0, which refuses the unsafe legacy renegotiation Nordbank's host-to-host gateway still needs; every Nordbank submission since fails its handshake with SSLError (UNSAFE_LEGACY_RENEGOTIATION_DISABLED) on all 5 attempts while SEPA payouts succeed, and payouts-api reports them overdue 45 min later. Here the loudest error is the cause; allow legacy renegotiation for that host (OP_LEGACY_SERVER_CONNECT) or roll back the image.",
})
