#!/usr/bin/env python3
"""gw-dc2-tunnel-mtu-mss-clamp

At 02:10 an ansible run on gw-dc2 (the IPsec gateway between the cloud and data centre 2) set the
vti-cloud tunnel MTU to 1500 and re-rendered nftables without the TCP MSS clamp rule. Small
packets still pass; full-size segments no longer fit the tunnel and are dropped (ICMP
fragmentation-needed is filtered on the cloud side), so any TCP flow with large responses
stalls. reporting-service (cloud, Spring) reads big result sets from dc2-postgres: its large
queries fail with PSQLException caused by SocketTimeoutException (the loudest, with retries),
short queries work. dc2-postgres logs clients vanishing. gw-dc2 itself logs no error: only the
ansible changes and the MTU change in its journal.
Noise: routine IKE rekeys on gw-dc2, reporting-service slow-render warnings and an older
recurring MailDeliveryException, postgres checkpoint lines and autovacuum warnings.
Alertmanager alert on reporting-service.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jl, spring, spring_err, pgline, alertmanager)

CASE = "gw-dc2-tunnel-mtu-mss-clamp"
rng = Rng(20260414)
START, END = dt("2026-04-14T01:50:00"), dt("2026-04-14T02:42:00")
CHG = dt("2026-04-14T02:10:11")
gw, rs, pg_ = LogFile(), LogFile(), LogFile()
for i, (dtm, unit, msg) in enumerate([
        (0, "ansible-playbook[48211]", "PLAY [dc2 gateways] ***"),
        (2, "ansible-playbook[48211]", "TASK [netplan : render tunnel config] changed: [gw-dc2]"),
        (3, "ansible-playbook[48211]", "TASK [firewall : render nftables ruleset] changed: [gw-dc2]"),
        (3.1, "ansible-playbook[48211]", "--- before: /etc/nftables.conf +++ after: /etc/nftables.conf @@ -41,3 +41,0 @@ -table inet mangle { chain forward { type filter hook forward priority mangle; oifname \"vti-cloud\" tcp flags syn tcp option maxseg size set 1360 } }"),
        (3.3, "ansible-playbook[48211]", "--- before: /etc/netplan/60-vti.yaml +++ after: /etc/netplan/60-vti.yaml @@ -9 +9 @@ -      mtu: 1400 +      mtu: 1500"),
        (4, "nft[48390]", "ruleset loaded from /etc/nftables.conf (tables: inet filter, ip nat)"),
        (5, "systemd-networkd[612]", "vti-cloud: Reconfiguring with /run/systemd/network/10-netplan-vti-cloud.netdev."),
        (5.2, "systemd-networkd[612]", "vti-cloud: MTU changed from 1400 to 1500"),
        (5.3, "systemd-networkd[612]", "vti-cloud: Link UP"),
        (9, "ansible-playbook[48211]", "PLAY RECAP gw-dc2 : ok=31 changed=2 unreachable=0 failed=0")]):
    t = CHG + timedelta(seconds=dtm)
    gw.add(t, jl(t, "gw-dc2", unit, msg))
for t in [START + timedelta(minutes=m) for m in range(3, 52, 12)]:
    gw.add(t, jl(t, "gw-dc2", "charon[1088]", "09[IKE] CHILD_SA cloud-dc2{%d} established with SPIs c%s_i c%s_o and TS 10.40.0.0/16 === 10.120.0.0/16" % (rng.randint(100, 999), rng.hex(7), rng.hex(7))))
    gw.add(t + timedelta(seconds=1), jl(t + timedelta(seconds=1), "gw-dc2", "charon[1088]", "11[IKE] closing CHILD_SA cloud-dc2{%d} with SPIs (rekeyed)" % rng.randint(100, 999)))
for t in rng.times(START, END, 0.4):
    gw.add(t, jl(t, "gw-dc2", "kernel", "nf_conntrack: nf_conntrack: table usage %d%%" % rng.randint(8, 14)))
REPORTS = [("daily-revenue-by-store", True), ("open-invoices", True), ("stock-aging", True), ("kpi-tiles", False), ("user-count", False), ("last-sync", False)]
DEP = "reporting-service"
for t in rng.times(START, END, 4.5):
    rep, big = rng.choice(REPORTS)
    tr, sp = rng.hex(32), rng.hex(16)
    th = "http-nio-8080-exec-%d" % rng.randint(1, 30)
    ppid = rng.randint(20000, 39999)
    if big and t >= CHG and rng.random() < 0.9:
        for a in range(2):
            ta = t + timedelta(seconds=30 * a + 30)
            rs.add(ta, spring_err(ta, "ERROR", DEP, tr, sp, th, "c.a.reporting.query.ReportRunner", "report %s failed (attempt %d/2)" % (rep, a + 1),
                   [("org.springframework.dao.DataAccessResourceFailureException", "PreparedStatementCallback; SQL [select * from rpt.%s where day >= ?]; An I/O error occurred while sending to the backend." % rep.replace("-", "_"),
                     ["org.springframework.jdbc.support.SQLStateSQLExceptionTranslator.doTranslate(SQLStateSQLExceptionTranslator.java:107)",
                      "org.springframework.jdbc.core.JdbcTemplate.query(JdbcTemplate.java:732)",
                      "com.acme.reporting.query.ReportRunner.run(ReportRunner.java:66)"]),
                    ("org.postgresql.util.PSQLException", "An I/O error occurred while sending to the backend.",
                     ["org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:395)",
                      "org.postgresql.jdbc.PgStatement.executeInternal(PgStatement.java:498)"]),
                    ("java.net.SocketTimeoutException", "Read timed out",
                     ["java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)",
                      "org.postgresql.core.VisibleBufferedInputStream.read(VisibleBufferedInputStream.java:161)"])]))
            tp = ta + timedelta(milliseconds=rng.randint(100, 900))
            pg_.add(tp, pgline(tp, ppid + a, "LOG", "could not receive data from client: Connection reset by peer", user="reporting", db="dwh", app="PostgreSQL JDBC Driver"))
            pg_.add(tp + timedelta(milliseconds=1), pgline(tp + timedelta(milliseconds=1), ppid + a, "LOG", "could not send data to client: Connection timed out", user="reporting", db="dwh", app="PostgreSQL JDBC Driver"))
    else:
        d = rng.lognorm_ms(2200 if big else 60)
        rs.add(t + timedelta(milliseconds=d), spring(t + timedelta(milliseconds=d), "INFO", DEP, tr, sp, th, "c.a.reporting.query.ReportRunner", "report %s done rows=%d in %dms" % (rep, rng.randint(20000, 400000) if big else rng.randint(1, 40), d)))
# noise
for t in rng.times(START, END, 0.6):
    rs.add(t, spring(t, "WARN", DEP, None, None, "render-%d" % rng.randint(1, 4), "c.a.reporting.render.XlsxRenderer", "sheet has %d rows; autosize skipped" % rng.randint(20000, 90000)))
for t in rng.times(START, END, 0.3):
    rs.add(t, spring_err(t, "ERROR", DEP, None, None, "scheduling-1", "c.a.reporting.mail.ReportMailer", "scheduled report mail not delivered",
                         [("org.springframework.mail.MailSendException", "Mail server connection failed", ["org.springframework.mail.javamail.JavaMailSenderImpl.doSend(JavaMailSenderImpl.java:463)"]),
                          ("jakarta.mail.MessagingException", "554 5.7.1 Recipient address rejected: mailbox disabled", ["com.sun.mail.smtp.SMTPTransport.rcptTo(SMTPTransport.java:2057)"])]))
for m in range(0, 52, 5):
    t = START + timedelta(minutes=m, seconds=30)
    pg_.add(t, pgline(t, 88, "LOG", "checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, 1 recycled" % (rng.randint(200, 2000), rng.random() * 3), user="", db="", app=""))
for t in rng.times(START, END, 0.2):
    pg_.add(t, pgline(t, rng.randint(40000, 49999), "WARNING", "skipping vacuum of \"rpt_daily_revenue_by_store\" --- lock not available", user="", db="dwh", app=""))

d = reset_logs(CASE)
gw.write(d + "/gw-dc2.journal.log")
rs.write(d + "/reporting-service.log")
pg_.write(d + "/dc2-postgres.log")
labels = {"alertname": "ReportFailuresHigh", "severity": "warning", "service": "reporting-service", "namespace": "analytics", "team": "bi"}
write_json(d + "/../alert.json", alertmanager("bi-oncall", labels,
    {"summary": "reporting-service report failures above 15% for 10m", "description": "report_failed_total rising for daily-revenue-by-store, open-invoices, stock-aging"},
    dt("2026-04-14T02:24:10"), "rate(report_failed_total%5B10m%5D)+%3E+0.1", "e5b2c8a1f0d94736"))
finish(CASE, {
    "root_cause": {"service": "gw-dc2", "component": "vti-cloud tunnel MTU 1500 and missing TCP MSS clamp after the 02:10 ansible run",
                   "error_type": None, "file": None},
    "category": "network",
    "symptoms": [{"service": "reporting-service", "error_type": "SocketTimeoutException"}, {"service": "dc2-postgres", "error_type": None}],
    "why": "The 02:10 ansible run on gw-dc2 raised the vti-cloud tunnel MTU from 1400 to 1500 and dropped the MSS clamp, so full-size TCP segments between the cloud and DC2 are silently dropped; only flows with large responses stall, so reporting-service's big queries time out (PSQLException caused by SocketTimeoutException) while small queries work and dc2-postgres sees clients vanish.",
})
