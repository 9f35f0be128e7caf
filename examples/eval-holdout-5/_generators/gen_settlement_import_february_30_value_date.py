#!/usr/bin/env python3
"""settlement-import-february-30-value-date

The acquiring bank's weekend settlement file (camt.053, 18,244 entries) carries one entry with
value date 2026-02-30. settlement-import (Spring batch CronJob, logback) parses the whole file
in one transaction, throws DateTimeParseException on that entry and rolls back; its two retries
(06:10, 06:20) fail the same way. At 07:00 payouts-service (JSONL) finds no settlements for
the weekend and logs SettlementNotFoundException for every merchant payout (the loudest);
merchant-portal (Node) shows merchants "payout delayed" errors.
Noise: settlement-import currency-rounding warnings, payouts-service bank-holiday warnings, an
older recurring payouts-service IbanValidationException, merchant-portal session warnings.
Generic alert on payouts-service.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, lb, jstack, node_line, generic_alert)

CASE = "settlement-import-february-30-value-date"
rng = Rng(20260302)
START, END = dt("2026-03-02T05:55:00"), dt("2026-03-02T07:40:00")
si, po, mp = LogFile(), LogFile(), LogFile()
FILE = "CAMT053_NORDBANK_20260301_0412.xml"
for k, run in enumerate([dt("2026-03-02T06:00:02"), dt("2026-03-02T06:10:02"), dt("2026-03-02T06:20:02")]):
    t = run
    si.add(t, lb(t, "INFO", "main", "c.a.settle.SettlementImportApplication", "Started SettlementImportApplication in 4.2 seconds (attempt %d/3)" % (k + 1)))
    si.add(t + timedelta(seconds=1), lb(t + timedelta(seconds=1), "INFO", "main", "c.a.settle.sftp.Inbox", "picked up %s (41.7 MB) from sftp://sftp.nordbank.example/outbox" % FILE))
    for w in range(rng.randint(3, 6)):
        tw = t + timedelta(seconds=2 + w)
        si.add(tw, lb(tw, "WARN", "main", "c.a.settle.parse.AmountNormalizer", "entry %d: amount 0.005 rounded HALF_EVEN for currency JPY" % rng.randint(1, 18000)))
    tp = t + timedelta(seconds=38)
    si.add(tp, lb(tp, "INFO", "main", "c.a.settle.parse.Camt053Reader", "parsed 11200/18244 entries"))
    te = t + timedelta(seconds=61, milliseconds=rng.randint(0, 900))
    si.add(te, lb(te, "ERROR", "main", "c.a.settle.batch.ImportJob", "import of %s failed at entry 13571 (NtryRef NB26030100013571, merchant M-40877)\n" % FILE + jstack([
        ("java.time.format.DateTimeParseException", "Text '2026-02-30' could not be parsed: Invalid date 'FEBRUARY 30'",
         ["java.base/java.time.format.DateTimeFormatter.createError(DateTimeFormatter.java:2108)",
          "java.base/java.time.format.DateTimeFormatter.parse(DateTimeFormatter.java:2010)",
          "java.base/java.time.LocalDate.parse(LocalDate.java:435)",
          "com.acme.settle.parse.Camt053Reader.valueDate(Camt053Reader.java:142)",
          "com.acme.settle.parse.Camt053Reader.entry(Camt053Reader.java:97)",
          "com.acme.settle.batch.ImportJob.run(ImportJob.java:58)"]),
        ("java.time.DateTimeException", "Invalid date 'FEBRUARY 30'",
         ["java.base/java.time.LocalDate.create(LocalDate.java:459)",
          "java.base/java.time.LocalDate.of(LocalDate.java:273)"])])))
    si.add(te + timedelta(milliseconds=40), lb(te + timedelta(milliseconds=40), "INFO", "main", "c.a.settle.batch.ImportJob", "transaction rolled back: 0 of 18244 entries committed"))
    si.add(te + timedelta(milliseconds=60), lb(te + timedelta(milliseconds=60), "INFO", "main", "c.a.settle.SettlementImportApplication", "exit code 1"))
DEP = {"version": "3.17.2", "commit": "b82f0c1"}
MERCH = ["M-%05d" % rng.randint(10000, 99999) for _ in range(420)]
t0 = dt("2026-03-02T07:00:00")
po.add(t0, jrec(t0, "INFO", "payouts-service", "payout run 2026-03-02 started: %d merchants, settlement window 2026-02-27..2026-03-01" % len(MERCH),
                component="com.acme.payouts.run.PayoutRun", deploy=DEP))
t = t0
for m in MERCH:
    t = t + timedelta(milliseconds=rng.randint(400, 1500))
    tr = rng.hex(32)
    if rng.random() < 0.94:
        po.add(t, jrec(t, "ERROR", "payouts-service", "no settlement for merchant %s in window 2026-02-27..2026-03-01; payout deferred" % m,
                       component="com.acme.payouts.run.PayoutCalculator", error_type="com.acme.payouts.SettlementNotFoundException", trace_id=tr, deploy=DEP, attrs={"merchant": m}))
    else:
        po.add(t, jrec(t, "INFO", "payouts-service", "merchant %s has no card volume in window, nothing to pay" % m, component="com.acme.payouts.run.PayoutCalculator", trace_id=tr, deploy=DEP))
po.add(t + timedelta(seconds=1), jrec(t + timedelta(seconds=1), "WARN", "payouts-service", "payout run 2026-03-02 finished: 0 paid, %d deferred" % len(MERCH), component="com.acme.payouts.run.PayoutRun", deploy=DEP))
for t in rng.times(dt("2026-03-02T07:05:00"), END, 9):
    m = rng.choice(MERCH)
    mp.add(t, node_line(t, "error", "GET /api/payouts/latest merchant=%s -> PayoutDelayedError: payout for 2026-03-02 deferred (no settlement)\n"
                        "    at PayoutsController.latest (/srv/portal/dist/payouts/controller.js:41:15)" % m))
for t in rng.times(START, END, 3):
    mp.add(t, node_line(t, "info", "GET /api/dashboard merchant=%s 200 %dms" % (rng.choice(MERCH), rng.lognorm_ms(80))))
# noise
for t in rng.times(START, END, 0.15):
    po.add(t, jrec(t, "WARN", "payouts-service", "2026-03-02 is not a bank holiday in any configured calendar; skipping holiday shift", component="com.acme.payouts.calendar.HolidayCalendar", deploy=DEP))
for t in rng.times(START, END, 0.2):
    po.add(t, jrec(t, "ERROR", "payouts-service", "merchant bank account change rejected: IBAN checksum invalid", component="com.acme.payouts.accounts.BankAccountService",
                   error_type="com.acme.payouts.accounts.IbanValidationException", deploy=DEP))
for t in rng.times(START, END, 0.8):
    mp.add(t, node_line(t, "warn", "session refresh failed (expired refresh token), redirecting to login"))

d = reset_logs(CASE)
si.write(d + "/settlement-import.log")
po.write(d + "/payouts-service.jsonl")
mp.write(d + "/merchant-portal.log")
write_json(d + "/../alert.json", generic_alert("payouts-service", "payout run deferred more than 50% of merchants", "critical",
           "payouts-run-deferred", dt("2026-03-02T07:09:40"), {"team": "payments-ops", "env": "production", "run": "2026-03-02"}))
finish(CASE, {
    "root_cause": {"service": "settlement-import", "component": "Camt053Reader.valueDate (file CAMT053_NORDBANK_20260301_0412.xml, entry 13571)",
                   "error_type": "DateTimeParseException", "file": None},
    "category": "data",
    "symptoms": [{"service": "payouts-service", "error_type": "SettlementNotFoundException"}, {"service": "merchant-portal", "error_type": "PayoutDelayedError"}],
    "why": "The bank's weekend settlement file has one entry with value date 2026-02-30; settlement-import parses the file in one transaction, fails with DateTimeParseException and rolls everything back on all three attempts, so at 07:00 payouts-service finds no settlements and defers every merchant payout (SettlementNotFoundException).",
})
