"""merchant-import-iban-no-break-space (data).

At 02:10 merchant-import loads the December partner file from a reseller (96 merchants). The
file was exported from a spreadsheet that groups IBANs with U+00A0 no-break spaces; the import
only checks the schema, warns that the IBAN column holds non-ASCII whitespace and stores the
values as they are. At 06:00 payout-batcher builds the daily SEPA credit transfers; iban4j
rejects every one of those 96 IBANs (IbanFormatException, "invalid character"), Spring Retry
tries each merchant three times, then the payout is deferred. payout-batcher's errors are loudest
and the Sentry alert names them; the payout code is right to refuse. Noise: a missing HUF rate
(deferred HUF payouts every run), bank-gateway's EBICS key-renewal warning, payouts-api's
statement-link errors (since 05:00).
"""
from common import *

CASE = "merchant-import-iban-no-break-space"
rng = Rng(90808)
IMPORT = dt("2025-12-02T02:10:00")
RUN = dt("2025-12-02T06:00:00")
T0, T1 = dt("2025-12-02T05:40:00"), dt("2025-12-02T06:38:00")
NB = "\u00a0"

mi, pb, bg, pa = LogFile(), LogFile(), LogFile(), LogFile()


def mrec(t, level, msg, **attrs):
    return jrec(t, level, "merchant-import", msg, component="PartnerFileImport", deploy={"version": "1.9.4", "commit": "0c3d8e2"}, attrs=attrs or None)


def iban(rng, country="DE"):
    digits = "%02d" % rng.randint(10, 98) + "".join(str(rng.randint(0, 9)) for _ in range(18))
    raw = country + digits
    return raw, NB.join(raw[i:i + 4] for i in range(0, len(raw), 4))


bad = []
for i in range(96):
    raw, grouped = iban(rng, rng.choice(["DE", "DE", "AT", "NL"]))
    bad.append(("M-%d" % (640100 + i), grouped))
good_n = 5034

# the import, four hours before
t = IMPORT
for line in [("INFO", "import started", {"file": "partners/lindqvist-reseller/merchants-2025-12.csv", "run": 3318}),
             ("INFO", "decoded file as windows-1252, converted to utf-8", {"bytes": 48211, "rows": 96}),
             ("INFO", "schema check passed", {"columns": 14, "validation": "schema-only"}),
             ("WARN", "column iban: 96 of 96 values contain non-ASCII whitespace (U+00A0); stored as-is", {"column": "iban", "sample": bad[0][1]}),
             ("INFO", "merchants upserted", {"inserted": 96, "updated": 0, "rejected": 0, "payout_schedule": "daily"}),
             ("INFO", "import finished", {"run": 3318, "took_ms": 4121})]:
    t = t + ms(rng.randint(200, 1500))
    mi.add(t, mrec(t, line[0], line[1], **line[2]))
for t0, run in ((dt("2025-12-01T02:10:00"), 3317),):
    mi.add(t0, mrec(t0, "INFO", "import started", file="partners/hofmann-kassen/merchants-2025-12.csv", run=run))
    mi.add(t0 + sec(3), mrec(t0 + sec(3), "INFO", "merchants upserted", inserted=22, updated=3, rejected=0, payout_schedule="daily"))
    mi.add(t0 + sec(3), mrec(t0 + sec(3), "INFO", "import finished", run=run, took_ms=2710))


def pbl(t, level, thread, logger, msg):
    return lb(t, level, thread, logger, msg)


pb.add(RUN, pbl(RUN, "INFO", "scheduling-1", "c.a.payouts.batch.DailyPayoutJob", "daily payout run 2025-12-02 started: %d merchants due, chunk size 100" % (good_n + len(bad))))
order = [None] * good_n + bad
rng.shuffle(order)
t = RUN + sec(2)
chunk_ok = chunk_fail = 0
failed_total = 0
for i, m in enumerate(order, 1):
    t = t + ms(rng.randint(60, 160))
    if m is not None:
        mid, ib = m
        for a in range(1, 4):
            pb.add(t, pbl(t, "ERROR", "payout-worker-%d" % rng.randint(1, 4), "c.a.payouts.sepa.CreditTransferBuilder",
                          "building credit transfer failed for merchant %s (attempt %d/3)" % (mid, a)) + "\n" + jstack([
                ("org.iban4j.IbanFormatException", "Iban's characters must be alphanumeric (invalid character '%s' at index 4): '%s'" % (NB, ib),
                 ["org.iban4j.IbanUtil.validateCharacters(IbanUtil.java:416)",
                  "org.iban4j.Iban.valueOf(Iban.java:160)", "com.acme.payouts.sepa.CreditTransferBuilder.creditor(CreditTransferBuilder.java:93)",
                  "com.acme.payouts.batch.PayoutItemProcessor.process(PayoutItemProcessor.java:48)"])]))
            t = t + ms(rng.randint(400, 700) * a)
        pb.add(t, pbl(t, "WARN", "payout-worker-1", "c.a.payouts.batch.PayoutItemProcessor",
                      "payout for merchant %s deferred after 3 attempts: invalid creditor IBAN (merchant source: partner-import lindqvist-reseller)" % mid))
        chunk_fail += 1
        failed_total += 1
    else:
        chunk_ok += 1
    if i % 100 == 0 or i == len(order):
        pb.add(t + ms(5), pbl(t + ms(5), "INFO", "payout-worker-1", "c.a.payouts.batch.DailyPayoutJob",
                              "chunk %d/%d written: ok=%d deferred=%d" % ((i + 99) // 100, (len(order) + 99) // 100, chunk_ok, chunk_fail)))
        chunk_ok = chunk_fail = 0
        if rng.random() < 0.12:
            pb.add(t + ms(7), pbl(t + ms(7), "ERROR", "payout-worker-2", "c.a.payouts.fx.FxConverter",
                                  "no EUR/HUF rate for 2025-12-02, HUF payouts deferred") + "\n" + jstack([
                ("com.acme.payouts.fx.ExchangeRateNotFoundException", "EUR/HUF 2025-12-02", ["com.acme.payouts.fx.FxConverter.rate(FxConverter.java:57)"])]))
END = t + sec(2)
pb.add(END, pbl(END, "INFO", "scheduling-1", "c.a.payouts.batch.DailyPayoutJob", "daily payout run 2025-12-02 finished: paid=%d deferred=%d" % (good_n, failed_total)))

# bank-gateway submits the SEPA file
s = END + sec(20)
bg.add(s, logfmt(s, "info", "pain.001 received", file="payouts-20251202-01.xml", transactions=good_n, control_sum="%.2f" % (rng.randint(80000000, 90000000) / 100)))
bg.add(s + sec(1), logfmt(s + sec(1), "warn", "payout file smaller than 7-day average", transactions=good_n, avg_7d=5141))
bg.add(s + sec(4), logfmt(s + sec(4), "info", "EBICS upload ok", order_type="CCT", bank="HELADEF1", order_id="A%s" % rng.alnum(3, "0123456789ABCDEF")))
for t in every(T0, T1, 300, rng, 20000):
    bg.add(t, logfmt(t, "info", "EBICS HPB keys ok", bank="HELADEF1"))
for t in every(T0, T1, 900, rng, 20000):
    bg.add(t, logfmt(t, "warn", "EBICS key renewal due", bank="HELADEF1", days_left=12))
for t in every(T0, T1, 60, rng, 2000):
    bg.add(t, logfmt(t, "info", "poll status reports", new=0))

# payouts-api: merchants look at their payouts
for t in rng.times(T0, T1, 5):
    mid = rng.choice(bad)[0] if (t > RUN + sec(120) and rng.random() < 0.2) else "M-%d" % rng.randint(100000, 639999)
    st = "deferred" if mid.startswith("M-64") else "scheduled"
    pa.add(t, "%s INFO  payouts-api: GET /v1/merchants/%s/payouts 200 %dms status=%s" % (iso_ms(t), mid, rng.lognorm_ms(30), st))
for t in every(dt("2025-12-02T05:00:00"), T1, 180, rng, 60000):
    if t >= T0:
        pa.add(t, "%s ERROR payouts-api: StatementLinkError: could not presign statement URL for merchant M-%d: RequestTimeTooSkewed" % (iso_ms(t), rng.randint(100000, 639999)))
for t in rng.times(T0, T1, 0.3):
    pa.add(t, "%s WARN  payouts-api: rate limit near for partner key pk_live_%s (87%%)" % (iso_ms(t), rng.alnum(6)))

frames = [{"filename": "PayoutItemProcessor.java", "abs_path": "PayoutItemProcessor.java", "module": "com.acme.payouts.batch.PayoutItemProcessor",
           "function": "process", "lineno": 48, "context_line": "        CreditTransfer ct = builder.build(item);", "in_app": True},
          {"filename": "CreditTransferBuilder.java", "abs_path": "CreditTransferBuilder.java", "module": "com.acme.payouts.sepa.CreditTransferBuilder",
           "function": "creditor", "lineno": 93, "context_line": "        Iban iban = Iban.valueOf(merchant.getIban());", "in_app": True},
          {"filename": "Iban.java", "abs_path": "Iban.java", "module": "org.iban4j.Iban", "function": "valueOf", "lineno": 160,
           "context_line": "        IbanUtil.validate(iban);", "in_app": False}]
when = dt("2025-12-02T06:01:07.220")
alert = sentry_alert(
    event_id="9d2e4f6a8b0c41d3a5e7f90b1c3d5e7f", project=4506127, release="payout-batcher@2.22.0", platform="java", when=when,
    logger="com.acme.payouts.sepa.CreditTransferBuilder", title="IbanFormatException: Iban's characters must be alphanumeric (invalid character ' ' at index 4)",
    culprit="com.acme.payouts.sepa.CreditTransferBuilder in creditor", location="CreditTransferBuilder.java",
    tags=[("environment", "production"), ("handled", "yes"), ("level", "error"), ("mechanism", "logback"),
          ("release", "payout-batcher@2.22.0"), ("server_name", "payout-batcher-0"), ("transaction", "DailyPayoutJob"),
          ("url", "batch://payout-batcher/daily")],
    request={"method": "POST", "url": "batch://payout-batcher/daily", "headers": [["X-Job", "DailyPayoutJob"], ["User-Agent", "spring-batch/5.1"]]},
    exc_type="IbanFormatException", exc_value="Iban's characters must be alphanumeric (invalid character ' ' at index 4)", exc_module="org.iban4j",
    mechanism="logback", frames=frames, org="acme", slug="payout-batcher", issue_id="6301778420",
    rule="payout-batcher: new issue", installation="b8e2c5d1-0f4a-4c7e-93d6-2a1f7e5c9b80")
write_case(CASE, {"merchant-import.jsonl": mi, "payout-batcher.log": pb, "bank-gateway.log": bg, "payouts-api.log": pa}, alert)
finish(CASE, {
    "root_cause": {"service": "merchant-import", "component": "partner file import run 3318 (lindqvist-reseller merchants-2025-12.csv, IBANs with U+00A0 stored as-is, validation schema-only)",
                   "error_type": None, "file": None},
    "category": "data",
    "symptoms": [{"service": "payout-batcher", "error_type": "IbanFormatException"}],
    "why": "merchant-import run 3318 stored 96 partner IBANs grouped with U+00A0 no-break spaces (it warned and stored them as-is); at 06:00 payout-batcher correctly rejects each of them (IbanFormatException, three attempts per merchant) and defers the payouts. The bad data entered at the import, not in the payout code.",
})
