#!/usr/bin/env python3
"""coredns-upstream-resolver-timeouts

At 11:19 an Argo CD sync of the platform-netpol application adds an egress policy in kube-system
that lets CoreDNS reach the API server and pods but not the VPC resolver 10.0.0.2:53. From 11:20
every forwarded (non-cluster) query times out; CoreDNS answers SERVFAIL and its errors plugin
prints consolidated "N errors like '...->10.0.0.2:53: i/o timeout'" warnings every 30 s per pod.
Cluster-internal names keep resolving, so only calls to external hosts fail:
notification-service (Spring) cannot resolve api.mailgrid.io and retries each email 3 times
(ResourceAccessException / UnknownHostException, the loudest), image-proxy (Go) cannot look up
S3, webhook-sender (Node) gets EAI_AGAIN.
Noise: CoreDNS errors for a retired corp stub domain (since before), notification template warnings, an older
webhook-sender 410 error, image-proxy cache eviction warnings, probe events.
Alertmanager alert on notification-service.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, spring, spring_err, logfmt, node_line, k8s, coredns,
                    alertmanager, pod, trace, span)

CASE = "coredns-upstream-resolver-timeouts"
rng = Rng(20250218)
START, END = dt("2025-02-18T11:02:00"), dt("2025-02-18T11:46:00")
SYNC = dt("2025-02-18T11:19:41")
CUT = dt("2025-02-18T11:20:03")
cd, ns, ip_, wh, ke = LogFile(), LogFile(), LogFile(), LogFile(), LogFile()
DNS_PODS = [pod(rng, "coredns", "5d78c9869") for _ in range(2)]
failed = {p: 0 for p in DNS_PODS}


def dns_fail(t, n=2):
    """n forwarded queries time out at a random CoreDNS pod"""
    failed[rng.choice(DNS_PODS)] += n


ke.add(SYNC, k8s(SYNC, "Normal", "OperationStarted", "application/platform-netpol", "Initiated automated sync to '4c1d2e9'"))
ke.add(SYNC + timedelta(seconds=4), k8s(SYNC + timedelta(seconds=4), "Normal", "OperationCompleted", "application/platform-netpol", "Sync operation to 4c1d2e9 succeeded"))
ke.add(SYNC + timedelta(seconds=5), k8s(SYNC + timedelta(seconds=5), "Normal", "ResourceUpdated", "application/platform-netpol", "Updated sync status: OutOfSync -> Synced"))
# an old stub domain whose corp resolver is gone: errors long before the incident
for t in rng.times(START, END, 0.5):
    cd.add(t, coredns(t, "ERROR", "plugin/errors: 2 legacy-ldap.corp.internal. %s: dial udp 10.20.0.53:53: connect: network is unreachable" % rng.choice(["A", "AAAA"])))

# notification-service: emails through the external API
CHAIN = [("org.springframework.web.client.ResourceAccessException", 'I/O error on POST request for "https://api.mailgrid.io/v3/mail/send": api.mailgrid.io',
          ["org.springframework.web.client.RestTemplate.createResourceAccessException(RestTemplate.java:915)",
           "com.acme.notify.mail.MailgridSender.send(MailgridSender.java:63)"]),
         ("java.net.UnknownHostException", "api.mailgrid.io: Temporary failure in name resolution",
          ["java.base/java.net.Inet6AddressImpl.lookupAllHostAddr(Native Method)"])]
for t in rng.times(START, END, 3.4):
    tr = trace(rng)
    kind = rng.choice(["order-confirmation", "shipping-update", "password-reset", "order-confirmation"])
    th = "mail-sender-%d" % rng.randint(1, 8)
    if t < CUT:
        d = rng.lognorm_ms(180)
        ns.add(t + timedelta(milliseconds=d), spring(t + timedelta(milliseconds=d), "INFO", "notification-service", tr, span(rng), th, "c.a.notify.mail.MailgridSender",
                                                     "mail sent template=%s provider=mailgrid status=202 %dms" % (kind, d)))
        continue
    ta = t
    for a in range(3):
        ta += timedelta(milliseconds=rng.randint(5000, 5100))
        dns_fail(ta)
        ns.add(ta, spring_err(ta, "ERROR", "notification-service", tr, span(rng), th, "c.a.notify.mail.MailDispatcher",
                              "send attempt %d/3 failed template=%s" % (a + 1, kind), CHAIN))
        ta += timedelta(seconds=2 * (a + 1))
    ns.add(ta, spring(ta, "WARN", "notification-service", tr, span(rng), th, "c.a.notify.mail.MailDispatcher", "mail parked for redelivery in 10m template=%s" % kind))
# internal calls keep working
for t in rng.times(START, END, 1.5):
    ns.add(t, spring(t, "INFO", "notification-service", trace(rng), span(rng), "http-nio-8080-exec-%d" % rng.randint(1, 30), "c.a.notify.prefs.PreferencesClient",
                     "GET http://customer-prefs.shop.svc.cluster.local:8080/v1/prefs/%d 200 %dms" % (rng.randint(10 ** 6, 10 ** 7), rng.lognorm_ms(12))))
# image-proxy: origin S3
for t in rng.times(START, END, 5):
    key = "products/%s/%s.jpg" % (rng.hex(2), rng.hex(10))
    if rng.random() < 0.8:  # cache hit
        ip_.add(t, logfmt(t, "info", "served", key=key, cache="hit", bytes=rng.randint(20000, 300000), duration_ms=rng.lognorm_ms(4)))
    elif t < CUT:
        ip_.add(t, logfmt(t, "info", "served", key=key, cache="miss", origin="s3", bytes=rng.randint(20000, 300000), duration_ms=rng.lognorm_ms(90)))
    else:
        te = t + timedelta(milliseconds=rng.randint(5000, 5050))
        dns_fail(te)
        ip_.add(te, logfmt(te, "error", "origin fetch failed", key=key,
                           err='Get "https://acme-media-prod.s3.eu-central-1.amazonaws.com/%s": dial tcp: lookup acme-media-prod.s3.eu-central-1.amazonaws.com on 10.96.0.10:53: server misbehaving' % key,
                           status=502))
# webhook-sender: partner webhooks
for t in rng.times(START, END, 2):
    host = rng.choice(["hooks.partner-one.example", "erp.northwind.example", "api.shopsync.example"])
    if t < CUT:
        wh.add(t, node_line(t, "info", "delivered webhook order.updated to https://%s/acme 200 %dms" % (host, rng.lognorm_ms(240))))
        continue
    ta = t
    for a in range(2):
        ta += timedelta(milliseconds=rng.randint(5000, 5100))
        dns_fail(ta)
        wh.add(ta, node_line(ta, "error", "webhook delivery to https://%s/acme failed (attempt %d/2): Error: getaddrinfo EAI_AGAIN %s\n"
                             "    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:109:26)" % (host, a + 1, host)))
        ta += timedelta(seconds=3)
# CoreDNS consolidated warnings, one per pod per 30 s window that had failures
w = CUT
windows = []
while w < END:
    windows.append(w)
    w += timedelta(seconds=30)
# the client failures are spread evenly, so each window gets its share plus other clients' lookups
for p in DNS_PODS:
    for w in windows:
        n = max(2, int(failed[p] / max(1, len(windows)) * rng.uniform(0.6, 1.4)) + rng.randint(8, 30))
        tw = w + timedelta(seconds=30, milliseconds=rng.randint(0, 400))
        if tw < END:
            cd.add(tw, coredns(tw, "WARNING", "plugin/errors: %d errors like '^read udp .*->10.0.0.2:53: i/o timeout$' occurred in last 30s" % n))
# noise
for t in rng.times(START, END, 0.5):
    ns.add(t, spring(t, "WARN", "notification-service", "", "", "mail-sender-%d" % rng.randint(1, 8), "c.a.notify.templates.TemplateRenderer",
                     "template shipping-update: variable 'carrier_eta' missing, rendering without it"))
for t in rng.times(START, END, 0.35):
    wh.add(t, node_line(t, "error", "webhook delivery to https://old.partner-two.example/hooks failed: 410 Gone, subscription %s disabled" % rng.hex(8)))
for t in rng.times(START, END, 0.4):
    ip_.add(t, logfmt(t, "warn", "cache eviction pressure", used_mb=rng.randint(1900, 2040), limit_mb=2048))
for t in rng.times(START, END, 0.15):
    ke.add(t, k8s(t, "Warning", "Unhealthy", "pod/webhook-sender-6b7c9d8f5-m2kq7", 'Readiness probe failed: Get "http://10.42.6.88:3000/ready": context deadline exceeded'))

d = reset_logs(CASE)
cd.write(d + "/coredns.log")
ns.write(d + "/notification-service.log")
ip_.write(d + "/image-proxy.log")
wh.write(d + "/webhook-sender.log")
ke.write(d + "/k8s-events.log")
labels = {"alertname": "NotificationSendFailures", "service": "notification-service", "severity": "high", "team": "messaging", "env": "prod"}
write_json(d + "/../alert.json", alertmanager("messaging-oncall", labels,
    {"summary": "notification-service: 100% of mail sends failing", "description": "mail_send_failures_total rate 0.31/s, success rate 0 over 10m"},
    dt("2025-02-18T11:28:00"), "sum(rate(mail_send_failures_total%5B10m%5D))+%3E+0.05", "8b2e5d0c7a4f1963"))
finish(CASE, {
    "root_cause": {"service": "coredns", "component": "forwarding to VPC resolver 10.0.0.2:53 blocked by the egress NetworkPolicy from Argo CD sync 4c1d2e9 (platform-netpol)",
                   "error_type": None, "file": None},
    "category": "network",
    "symptoms": [{"service": "notification-service", "error_type": "UnknownHostException"}, {"service": "image-proxy", "error_type": None},
                 {"service": "webhook-sender", "error_type": None}],
    "why": "From 11:20, right after the platform-netpol sync, CoreDNS's forwarded queries to the VPC resolver 10.0.0.2 all time out (consolidated i/o timeout warnings), so every external name fails to resolve while cluster names still work: notification-service's mail API, image-proxy's S3 origin and webhook-sender's partner hosts all fail name resolution. The fix is to allow CoreDNS egress to 10.0.0.2:53.",
})
