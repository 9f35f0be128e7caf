#!/usr/bin/env python3
"""corp-vpn-rekey-dns-timeouts

The site-to-site IPsec tunnel from the cloud VPC to the corporate network terminates on
vpn-gw-01 (strongSwan). During the corporate network team's change window the on-prem
gateway restarts with a stricter IKE proposal set; at 03:07:44 it deletes our IKE_SA and
every re-initiation from vpn-gw-01 is answered NO_PROPOSAL_CHOSEN, so 10.60.0.0/16 is
unreachable. The first thing to notice is DNS: CoreDNS forwards corp.internal to
10.60.0.53/54 over the tunnel and now logs i/o timeouts for every lookup (the loudest
errors), invoice-sync (Python) cannot resolve erp.corp.internal and hr-directory (Java)
cannot resolve ldap.corp.internal. Plain-text only (journald, CoreDNS, Python, logback),
no trace ids.
"""
import os
import sys
from datetime import timedelta

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from casegen import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish,
                     iso_us, pylog, logback, journal)

CASE = "corp-vpn-rekey-dns-timeouts"
rng = Rng(20250122)

START = dt("2025-01-22T01:40:00")
END = dt("2025-01-22T04:35:00")
DOWN = dt("2025-01-22T03:07:44.210")

vpn = LogFile()
dns = LogFile()
inv = LogFile()
hr = LogFile()

COREDNS = [("coredns-7db6d8ff4d-8hm2c", "10.244.1.12"), ("coredns-7db6d8ff4d-tq9vx", "10.244.4.9")]
UPSTREAMS = ["10.60.0.53", "10.60.0.54"]


def j(t, ident, msg):
    vpn.add(t, "%s vpn-gw-01 %s: %s" % (journal(t), ident, msg))


def charon(t, thread, msg):
    j(t, "charon[1123]", "%02d[%s" % (thread, msg))


def dns_fail(t, name):
    """one failed client lookup: CoreDNS logs A and AAAA SERVFAILs after the forward timeout"""
    pod, ip = rng.choice(COREDNS)
    for qt in ("A", "AAAA"):
        tt = t + timedelta(seconds=2, microseconds=rng.randint(0, 60000))
        dns.add(tt, "%s [ERROR] plugin/errors: 2 %s. %s: read udp %s:%d->%s:53: i/o timeout"
                % (iso_us(tt), name, qt, ip, rng.randint(32768, 60999), rng.choice(UPSTREAMS)))


# ---- vpn-gw-01 journal -------------------------------------------------------------------
t = START + timedelta(minutes=rng.randint(0, 4), seconds=17)
while t < END:
    j(t, "CRON[%d]" % rng.randint(20000, 29999), "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)")
    t += timedelta(minutes=10)
for tn in rng.times(START, END, 1 / 7.0):
    j(tn, "sshd[%d]" % rng.randint(30000, 49999), "Connection closed by authenticating user root 203.0.113.%d port %d [preauth]"
      % (rng.randint(2, 250), rng.randint(30000, 60000)))
for tn in rng.times(START, END, 1 / 40.0):
    j(tn, "systemd-timesyncd[611]", "Contacted time server 169.254.169.123:123 (169.254.169.123).")

# hourly CHILD_SA rekey (works: ESP proposals unchanged)
def child_rekey(t, old, new):
    spi_o, spi_i = rng.hex(8), rng.hex(8)
    n = rng.randint(300, 340)
    charon(t, 5, "KNL] creating rekey job for CHILD_SA ESP/0x%s/198.51.100.20" % rng.hex(8))
    charon(t, 5, "ENC] generating CREATE_CHILD_SA request %d [ N(REKEY_SA) SA No KE TSi TSr ]" % n)
    charon(t, 5, "NET] sending packet: from 10.10.0.4[4500] to 198.51.100.20[4500] (368 bytes)")
    t2 = t + timedelta(milliseconds=rng.randint(18, 40))
    charon(t2, 7, "NET] received packet: from 198.51.100.20[4500] to 10.10.0.4[4500] (336 bytes)")
    charon(t2, 7, "ENC] parsed CREATE_CHILD_SA response %d [ SA No KE TSi TSr ]" % n)
    charon(t2, 7, "IKE] inbound CHILD_SA corp-net{%d} established with SPIs %s_i %s_o and TS 10.40.0.0/14 === 10.60.0.0/16" % (new, spi_i, spi_o))
    charon(t2, 7, "IKE] outbound CHILD_SA corp-net{%d} established with SPIs %s_i %s_o and TS 10.40.0.0/14 === 10.60.0.0/16" % (new, spi_i, spi_o))
    charon(t2, 7, "IKE] closing CHILD_SA corp-net{%d} with SPIs %s_i (%d bytes) %s_o (%d bytes) and TS 10.40.0.0/14 === 10.60.0.0/16"
           % (old, rng.hex(8), rng.randint(10**8, 9 * 10**8), rng.hex(8), rng.randint(10**8, 9 * 10**8)))


child_rekey(dt("2025-01-22T02:07:44.118"), 40, 41)

# 03:07:44 the peer deletes the IKE_SA and only accepts its new proposals
t = DOWN
charon(t, 11, "NET] received packet: from 198.51.100.20[4500] to 10.10.0.4[4500] (80 bytes)")
charon(t, 11, "ENC] parsed INFORMATIONAL request 2291 [ D ]")
charon(t, 11, "IKE] received DELETE for IKE_SA corp-onprem[5123]")
charon(t, 11, "IKE] deleting IKE_SA corp-onprem[5123] between 10.10.0.4[vpn-gw-01.acme-cloud.example]...198.51.100.20[gw1.corp.acme.example]")
charon(t, 11, "IKE] IKE_SA deleted")
charon(t, 11, "KNL] deleting policy 10.40.0.0/14 === 10.60.0.0/16 out")
charon(t, 11, "KNL] deleting policy 10.60.0.0/16 === 10.40.0.0/14 in")


def initiate(t, sa):
    charon(t, 11, "IKE] initiating IKE_SA corp-onprem[%d] to 198.51.100.20" % sa)
    charon(t, 11, "ENC] generating IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(REDIR_SUP) ]")
    charon(t, 11, "NET] sending packet: from 10.10.0.4[500] to 198.51.100.20[500] (464 bytes)")
    t2 = t + timedelta(milliseconds=rng.randint(15, 35))
    charon(t2, 9, "NET] received packet: from 198.51.100.20[500] to 10.10.0.4[500] (36 bytes)")
    charon(t2, 9, "ENC] parsed IKE_SA_INIT response 0 [ N(NO_PROP) ]")
    charon(t2, 9, "IKE] received NO_PROPOSAL_CHOSEN notify error")
    return t2


t2 = initiate(DOWN + timedelta(milliseconds=880), 5124)
charon(t2, 9, "IKE] restarting CHILD_SA corp-net failed, not retrying")
sa = 5125
t = dt("2025-01-22T03:10:00.402")
while t < END:  # watchdog timer every 5 minutes
    j(t, "systemd[1]", "Starting vpn-watchdog.service - re-initiate corp-onprem if down...")
    j(t + timedelta(milliseconds=90), "vpn-watchdog.sh[%d]" % rng.randint(40000, 59999),
      "corp-onprem: no IKE_SA established, running swanctl --initiate --child corp-net")
    t2 = initiate(t + timedelta(milliseconds=140), sa)
    j(t2 + timedelta(milliseconds=4), "swanctl[%d]" % rng.randint(40000, 59999), "initiate failed: establishing CHILD_SA 'corp-net' failed")
    j(t2 + timedelta(milliseconds=9), "systemd[1]", "vpn-watchdog.service: Main process exited, code=exited, status=1/FAILURE")
    j(t2 + timedelta(milliseconds=9), "systemd[1]", "vpn-watchdog.service: Failed with result 'exit-code'.")
    sa += 1
    t += timedelta(minutes=5)

# ---- CoreDNS ------------------------------------------------------------------------------
for tn in rng.times(START, END, 1 / 25.0):  # a vendor APM endpoint's resolver flakes now and then
    tn = tn + timedelta(microseconds=rng.randint(0, 999))
    pod, ip = rng.choice(COREDNS)
    dns.add(tn, "%s [ERROR] plugin/errors: 2 telemetry.apm-vendor.example. AAAA: read udp %s:%d->1.1.1.1:53: i/o timeout"
            % (iso_us(tn), ip, rng.randint(32768, 60999)))
for pod, ip in COREDNS:
    tn = START + timedelta(minutes=rng.randint(10, 50))
    dns.add(tn, "%s [INFO] plugin/reload: Running configuration SHA512 = %s" % (iso_us(tn), rng.hex(128)))
# admin-portal refreshes SSO metadata from sso.corp.internal every 5 minutes (no logs of its own here)
t = START + timedelta(seconds=23)
while t < END:
    if t >= DOWN:
        dns_fail(t, "sso.corp.internal")
    t += timedelta(minutes=5)

# ---- invoice-sync (Python, exports invoices to the on-prem ERP every 3 minutes) -----------
VENV = "/opt/invoice-sync/venv/lib/python3.11/site-packages"
TB = '''Traceback (most recent call last):
  File "{v}/urllib3/connection.py", line 198, in _new_conn
    sock = connection.create_connection(
  File "{v}/urllib3/util/connection.py", line 60, in create_connection
    for res in socket.getaddrinfo(host, port, family, socket.SOCK_STREAM):
  File "/usr/local/lib/python3.11/socket.py", line 962, in getaddrinfo
    for res in _socket.getaddrinfo(host, port, family, type, proto, flags):
socket.gaierror: [Errno -3] Temporary failure in name resolution

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "{v}/urllib3/connectionpool.py", line 787, in urlopen
    response = self._make_request(
  File "{v}/urllib3/connection.py", line 205, in _new_conn
    raise NameResolutionError(self.host, self, e) from e
urllib3.exceptions.NameResolutionError: <urllib3.connection.HTTPSConnection object at 0x{a}>: Failed to resolve 'erp.corp.internal' ([Errno -3] Temporary failure in name resolution)

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "{v}/requests/adapters.py", line 667, in send
    resp = conn.urlopen(
  File "{v}/urllib3/util/retry.py", line 519, in increment
    raise MaxRetryError(_pool, url, reason) from reason  # type: ignore[arg-type]
urllib3.exceptions.MaxRetryError: HTTPSConnectionPool(host='erp.corp.internal', port=443): Max retries exceeded with url: /api/v2/invoices (Caused by NameResolutionError("<urllib3.connection.HTTPSConnection object at 0x{a}>: Failed to resolve 'erp.corp.internal' ([Errno -3] Temporary failure in name resolution)"))

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/opt/invoice-sync/app/invoice_sync/export.py", line 61, in run_batch
    self.erp.post_invoice(doc)
  File "/opt/invoice-sync/app/invoice_sync/erp.py", line 44, in post_invoice
    r = self.session.post(f"{{self.base}}/api/v2/invoices", json=doc, timeout=15)
  File "{v}/requests/adapters.py", line 700, in send
    raise ConnectionError(e, request=request)
requests.exceptions.ConnectionError: HTTPSConnectionPool(host='erp.corp.internal', port=443): Max retries exceeded with url: /api/v2/invoices (Caused by NameResolutionError("<urllib3.connection.HTTPSConnection object at 0x{a}>: Failed to resolve 'erp.corp.internal' ([Errno -3] Temporary failure in name resolution)"))'''

backlog = 0
t = START + timedelta(seconds=5)
batch_no = 0
while t < END:
    new = rng.randint(9, 22)
    backlog += new
    bid = t.strftime("%Y%m%d-%H%M")
    inv.add(t, "%s INFO [invoice_sync.export] batch %s: %d invoices pending" % (pylog(t), bid, backlog))
    if t < DOWN:
        took = 0.0
        sent = 0
        for k in range(backlog):
            took += rng.uniform(0.12, 0.35)
            if rng.random() < 0.015:
                tt = t + timedelta(seconds=took)
                inv.add(tt, "%s ERROR [invoice_sync.erp] ERP rejected invoice INV-2025-%06d: 422 Unprocessable Entity (duplicate external_id); parking it"
                        % (pylog(tt), rng.randint(30000, 99999)))
            else:
                sent += 1
        tt = t + timedelta(seconds=took)
        inv.add(tt, "%s INFO [invoice_sync.export] batch %s: exported %d invoices to erp.corp.internal in %.1fs" % (pylog(tt), bid, sent, took))
        backlog = 0
    else:
        # urllib3 retries=3 with backoff: four lookups, each failing after the resolver timeout
        tt = t
        for k in range(4):
            dns_fail(tt, "erp.corp.internal")
            tt += timedelta(seconds=2.1 + [0, 0.5, 1, 2][k])
        addr = "7f%s" % rng.hex(10)
        inv.add(tt, "%s ERROR [invoice_sync.export] batch %s aborted after 0/%d invoices; will retry next cycle\n%s"
                % (pylog(tt), bid, backlog, TB.format(v=VENV, a=addr)))
        if backlog > 200 and rng.random() < 0.5:
            inv.add(tt + timedelta(milliseconds=3), "%s WARNING [invoice_sync.export] backlog %d invoices exceeds 200" % (pylog(tt + timedelta(milliseconds=3)), backlog))
    t += timedelta(minutes=3, milliseconds=rng.randint(0, 900))
for tn in rng.times(START, END, 1 / 9.0):
    inv.add(tn, "%s WARNING [invoice_sync.vat] invoice INV-2025-%06d has no buyer VAT id; exporting as B2C" % (pylog(tn), rng.randint(30000, 99999)))

# ---- hr-directory (Java: org-chart sync from LDAP every 10 min, live manager lookups) ----------
def lbk(t, level, thread, logger, msg):
    return "%s %5s 1 --- [hr-directory] [%15s] %-40s : %s" % (logback(t), level, thread[-15:], logger[:40], msg)


LDAP_ERR = """org.springframework.ldap.CommunicationException: ldap.corp.internal:636; nested exception is javax.naming.CommunicationException: ldap.corp.internal:636 [Root exception is java.net.UnknownHostException: ldap.corp.internal: Temporary failure in name resolution]
	at org.springframework.ldap.support.LdapUtils.convertLdapException(LdapUtils.java:108)
	at org.springframework.ldap.core.support.AbstractContextSource.createContext(AbstractContextSource.java:362)
	at org.springframework.ldap.core.LdapTemplate.search(LdapTemplate.java:328)
	at {frame}
Caused by: javax.naming.CommunicationException: ldap.corp.internal:636
	at java.naming/com.sun.jndi.ldap.Connection.<init>(Connection.java:251)
	at java.naming/com.sun.jndi.ldap.LdapClient.<init>(LdapClient.java:141)
	... 14 more
Caused by: java.net.UnknownHostException: ldap.corp.internal: Temporary failure in name resolution
	at java.base/java.net.Inet6AddressImpl.lookupAllHostAddr(Native Method)
	at java.base/java.net.InetAddress$PlatformResolver.lookupByName(InetAddress.java:1211)
	... 20 more"""

t = dt("2025-01-22T01:40:00")
last_ok = None
while t < END:
    tt = t + timedelta(milliseconds=rng.randint(2, 40))
    if tt < DOWN:
        hr.add(tt, lbk(tt, "INFO", "scheduling-1", "c.a.hr.sync.DirectorySyncJob", "directory sync started (ldaps://ldap.corp.internal:636, base ou=people,dc=corp,dc=acme)"))
        te = tt + timedelta(seconds=rng.uniform(6, 11))
        hr.add(te, lbk(te, "INFO", "scheduling-1", "c.a.hr.sync.DirectorySyncJob", "directory sync finished: %d people, %d changed in %.1fs"
                       % (rng.randint(4810, 4830), rng.randint(0, 9), (te - tt).total_seconds())))
        last_ok = t
    else:
        dns_fail(tt, "ldap.corp.internal")
        te = tt + timedelta(seconds=2, milliseconds=rng.randint(100, 300))
        hr.add(te, lbk(te, "ERROR", "scheduling-1", "c.a.hr.sync.DirectorySyncJob", "directory sync failed, keeping snapshot from %s"
                       % last_ok.strftime("%H:%M:%S")) + "\n" + LDAP_ERR.format(frame="com.acme.hr.sync.DirectorySyncJob.run(DirectorySyncJob.java:54)"))
    t += timedelta(minutes=10)
for tn in rng.times(START, END, 1 / 4.5):
    th = "http-nio-8080-exec-%d" % rng.randint(1, 30)
    if tn < DOWN:
        hr.add(tn, lbk(tn, "INFO", th, "c.a.hr.web.RequestLog", "GET /api/people/%d/manager 200 in %dms" % (rng.randint(1000, 9999), rng.randint(30, 120))))
    else:
        dns_fail(tn, "ldap.corp.internal")
        te = tn + timedelta(seconds=2, milliseconds=rng.randint(100, 300))
        hr.add(te, lbk(te, "ERROR", th, "c.a.hr.web.ApiExceptionHandler", "GET /api/people/%d/manager failed -> 503" % rng.randint(1000, 9999))
               + "\n" + LDAP_ERR.format(frame="com.acme.hr.people.ManagerLookup.managerOf(ManagerLookup.java:37)"))
for tn in rng.times(START, END, 1.1):
    hr.add(tn, lbk(tn, "INFO", "http-nio-8080-exec-%d" % rng.randint(1, 30), "c.a.hr.web.RequestLog",
                   "GET /api/people/%d 200 in %dms (snapshot)" % (rng.randint(1000, 9999), rng.randint(3, 20))))
for tn in rng.times(START, END, 1 / 30.0):
    hr.add(tn, lbk(tn, "WARN", "http-nio-8080-exec-%d" % rng.randint(1, 30), "o.h.engine.jdbc.spi.SqlExceptionHelper", "SQL Warning Code: 0, SQLState: 00000"))

# ---- write ---------------------------------------------------------------------------------
logs = reset_logs(CASE)
dns.write(os.path.join(logs, "coredns.log"))
hr.write(os.path.join(logs, "hr-directory.log"))
inv.write(os.path.join(logs, "invoice-sync.log"))
vpn.write(os.path.join(logs, "vpn-gw-01.journal.log"))

write_json(os.path.join(case_dir(CASE), "alert.json"), {
    "source": "generic",
    "service": "invoice-sync",
    "title": "invoice-sync: ERP export backlog 214 invoices (threshold 200), last successful batch 03:04",
    "severity": "high",
    "fingerprint": "7e21c4b09d5a3f18",
    "startsAt": "2025-01-22T03:45:00Z",
    "labels": {"env": "prod", "team": "finance-integrations", "alertname": "InvoiceExportBacklog",
               "namespace": "finance", "source": "prometheus"},
})

finish(CASE, {
    "root_cause": {
        "service": "vpn-gw-01",
        "component": "strongSwan connection corp-onprem: our IKE proposal (aes256-sha256-modp2048) no longer matches the on-prem gateway after its 03:07 restart; every re-initiation gets NO_PROPOSAL_CHOSEN and the tunnel to 10.60.0.0/16 stays down",
        "error_type": None,
        "file": None,
    },
    "category": "network",
    "symptoms": [
        {"service": "coredns", "error_type": None},
        {"service": "invoice-sync", "error_type": "ConnectionError"},
        {"service": "hr-directory", "error_type": "CommunicationException"},
    ],
    "why": "At 03:07:44 the on-prem gateway deleted the IKE_SA and now rejects vpn-gw-01's proposal (NO_PROPOSAL_CHOSEN on every retry), so the IPsec tunnel to the corporate network is down. CoreDNS forwards corp.internal to 10.60.0.53/54 through that tunnel, so every corp lookup times out: invoice-sync cannot resolve erp.corp.internal and hr-directory cannot resolve ldap.corp.internal. DNS is the loudest symptom, not the cause; adding the new proposal on vpn-gw-01 restores it.",
})
