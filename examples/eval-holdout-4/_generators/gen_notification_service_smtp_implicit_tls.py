#!/usr/bin/env python3
"""notification-service-smtp-implicit-tls

The mail team moved notification-service to the new internal relay smtp-relay-01 on port 587
(STARTTLS). The Helm values change applied by Argo CD at 09:31:40 set
spring.mail.properties.mail.smtp.ssl.enable=true (implicit TLS, for port 465) instead of
starttls.enable; the reloader restarts the pods and from 09:32 every SMTP connection sends a
TLS ClientHello to a plaintext SMTP greeting: javax.net.ssl.SSLException "Unsupported or
unrecognized SSL message", wrapped in MessagingException and MailSendException. postfix on
smtp-relay-01 logs "non-SMTP command" / "lost connection after UNKNOWN". The startup line
shows ssl=true starttls=false on port 587.
auth-service sends login OTP e-mails synchronously through notification-service and retries
three times, logging an ERROR per attempt (OtpDeliveryException), which is the loudest.
Queued mails are retried quietly (WARN). Noise: reCAPTCHA failures in auth-service, APNs
certificate expiry warning, postfix reverse-DNS warnings, a flaky push-gateway probe.
Alertmanager alert on auth-service.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, spring, spring_err, jl, k8s,
                    alertmanager, pod)

CASE = "notification-service-smtp-implicit-tls"
rng = Rng(20251104)
START, END = dt("2025-11-04T09:18:00"), dt("2025-11-04T09:56:00")
PUSH = dt("2025-11-04T09:31:40")

ns, au, rel, ev = LogFile(), LogFile(), LogFile(), LogFile()
AU_PODS = [pod(rng, "auth-service", "68f9d7c5b") for _ in range(3)]
OLD_RS, NEW_RS = "7c9b5d8f4", "5f7d6c9b8"
NS_OLD = [pod(rng, "notification-service", OLD_RS) for _ in range(2)]
NS_NEW = [pod(rng, "notification-service", NEW_RS) for _ in range(2)]
AU_DEPLOY = {"version": "14.2.0", "commit": "0c4e19b"}
SWITCH = [PUSH + timedelta(seconds=22), PUSH + timedelta(seconds=51)]   # new pod i ready

t = PUSH
ev.add(t, k8s(t, "Normal", "ConfigMapUpdated", "configmap/notification-service-config", "argocd: sync to revision 41d7e0a (values-prod.yaml: mail relay smtp-relay-01:587)"))
for i in range(2):
    t0 = PUSH + timedelta(seconds=2 + 29 * i)
    ev.add(t0, k8s(t0, "Normal", "ScalingReplicaSet", "deployment/notification-service", "Scaled up replica set notification-service-%s to %d from %d" % (NEW_RS, i + 1, i)))
    ev.add(t0, k8s(t0 + timedelta(seconds=1), "Normal", "Started", "pod/" + NS_NEW[i], "Started container notification-service"))
    ts = t0 + timedelta(seconds=14)
    ns.add(ts, spring(ts, "INFO", "notification-service", "", "", "main", "c.a.notify.mail.MailSenderConfig",
                      "mail sender: host=smtp-relay-01.mail.internal port=587 protocol=smtp ssl=true starttls=false auth=true timeout=5000ms (pod %s)" % NS_NEW[i]))
    ns.add(ts + timedelta(seconds=4), spring(ts + timedelta(seconds=4), "INFO", "notification-service", "", "", "main", "c.a.notify.NotificationApplication",
                                             "Started NotificationApplication in 17.9 seconds (process running for 19.2)"))
    tk = SWITCH[i] + timedelta(seconds=2)
    ev.add(tk, k8s(tk, "Normal", "ScalingReplicaSet", "deployment/notification-service", "Scaled down replica set notification-service-%s to %d from %d" % (OLD_RS, 1 - i, 2 - i)))
    ev.add(tk, k8s(tk, "Normal", "Killing", "pod/" + NS_OLD[i], "Stopping container notification-service"))

CHAIN_MSG = "Could not connect to SMTP host: smtp-relay-01.mail.internal, port: 587"


def mail_fail_stack():
    return [("org.springframework.mail.MailSendException", "Mail server connection failed. Failed messages: jakarta.mail.MessagingException: %s;\n  nested exception is:\n\tjavax.net.ssl.SSLException: Unsupported or unrecognized SSL message" % CHAIN_MSG,
             ["org.springframework.mail.javamail.JavaMailSenderImpl.doSend(JavaMailSenderImpl.java:439)",
              "org.springframework.mail.javamail.JavaMailSenderImpl.send(JavaMailSenderImpl.java:361)",
              "com.acme.notify.mail.MailChannel.deliver(MailChannel.java:64)",
              ]),
            ("jakarta.mail.MessagingException", CHAIN_MSG,
             ["org.eclipse.angus.mail.smtp.SMTPTransport.openServer(SMTPTransport.java:2263)",
              "org.eclipse.angus.mail.smtp.SMTPTransport.protocolConnect(SMTPTransport.java:729)",
              "jakarta.mail.Service.connect(Service.java:345)"]),
            ("javax.net.ssl.SSLException", "Unsupported or unrecognized SSL message",
             ["java.base/sun.security.ssl.SSLSocketInputRecord.handleUnknownRecord(SSLSocketInputRecord.java:462)",
              "java.base/sun.security.ssl.SSLSocketInputRecord.decode(SSLSocketInputRecord.java:175)",
              "java.base/sun.security.ssl.SSLSocketImpl.startHandshake(SSLSocketImpl.java:451)",
              "org.eclipse.angus.mail.util.SocketFetcher.configureSSLSocket(SocketFetcher.java:642)",
              "org.eclipse.angus.mail.util.SocketFetcher.createSocket(SocketFetcher.java:395)"])]


def is_new(t):
    return t >= SWITCH[0] and (t >= SWITCH[1] or rng.random() < 0.5)


def relay_conn(t, src, ok):
    pid = rng.randint(20000, 39999)
    rel.add(t, jl(t, "smtp-relay-01", "postfix/smtpd[%d]" % pid, "connect from unknown[%s]" % src))
    if ok:
        q = rng.hex(10).upper()
        rel.add(t + timedelta(milliseconds=40), jl(t + timedelta(milliseconds=40), "smtp-relay-01", "postfix/smtpd[%d]" % pid, "%s: client=unknown[%s], sasl_method=PLAIN, sasl_username=notify" % (q, src)))
        rel.add(t + timedelta(milliseconds=90), jl(t + timedelta(milliseconds=90), "smtp-relay-01", "postfix/smtpd[%d]" % pid, "disconnect from unknown[%s] ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8" % src))
    else:
        rel.add(t + timedelta(milliseconds=3), jl(t + timedelta(milliseconds=3), "smtp-relay-01", "postfix/smtpd[%d]" % pid, "warning: non-SMTP command from unknown[%s]: \\026\\003\\001\\002\\000\\001\\000\\001\\374\\003\\003" % src))
        rel.add(t + timedelta(milliseconds=4), jl(t + timedelta(milliseconds=4), "smtp-relay-01", "postfix/smtpd[%d]" % pid, "disconnect from unknown[%s] unknown=0/1 commands=0/1" % src))


for t in rng.times(START, END, 1.4):
    trace, span, ap = rng.hex(32), rng.hex(16), rng.choice(AU_PODS)
    ta, ok = t, False
    for attempt in (1, 2, 3):
        new = is_new(ta)
        np = rng.choice(NS_NEW if new else NS_OLD)
        relay_conn(ta + timedelta(milliseconds=8), "10.42.%d.%d" % (3 if new else 5, 17 + NS_NEW.index(np) if new else 80 + NS_OLD.index(np)), not new)
        done = ta + timedelta(milliseconds=rng.randint(30, 120))
        if not new:
            ok = True
            break
        ns.add(done, spring_err(done, "ERROR", "notification-service", trace, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 30),
                                "c.a.notify.web.SendController", "sync send failed for template login-otp (channel=mail); answering 502", mail_fail_stack()))
        e = done + timedelta(milliseconds=5)
        au.add(e, jrec(e, "ERROR", "auth-service", "OTP e-mail delivery failed (attempt %d/3): 502 Bad Gateway from POST http://notification-service/v1/send?sync=true" % attempt,
                       component="com.acme.auth.otp.OtpMailer", error_type="com.acme.auth.otp.OtpDeliveryException", trace_id=trace, span_id=span,
                       deploy=AU_DEPLOY, attrs={"pod": ap, "attempt": attempt}))
        ta = e + timedelta(milliseconds=300 * attempt)
    tend = ta + timedelta(milliseconds=rng.randint(20, 60))
    if ok:
        au.add(tend, jrec(tend, "INFO", "auth-service", "POST /v1/login/otp 200: code sent by mail", component="com.acme.auth.web.RequestLog", trace_id=trace, span_id=span,
                          deploy=AU_DEPLOY, attrs={"pod": ap}))
    else:
        au.add(tend, jrec(tend, "ERROR", "auth-service", "POST /v1/login/otp 503: could not deliver OTP after 3 attempts, user asked to retry", component="com.acme.auth.web.OtpController",
                          error_type="com.acme.auth.otp.OtpDeliveryException", trace_id=trace, span_id=span, deploy=AU_DEPLOY, attrs={"pod": ap}))

# queued (async) mails: quiet retries with WARN
for t in rng.times(START, END, 1):
    new = is_new(t)
    np = rng.choice(NS_NEW if new else NS_OLD)
    relay_conn(t, "10.42.%d.%d" % (3 if new else 5, 17 + NS_NEW.index(np) if new else 80 + NS_OLD.index(np)), not new)
    mid = "ob_" + rng.hex(10)
    if new:
        ns.add(t + timedelta(milliseconds=60), spring(t + timedelta(milliseconds=60), "WARN", "notification-service", "", "", "outbox-poller-1", "c.a.notify.outbox.OutboxRelay",
                                                      "outbox message %s (template %s) not delivered: MailSendException: Mail server connection failed; retry %d/12 in 120s" % (
                                                          mid, rng.choice(["order-confirmation", "invoice-ready", "password-reset"]), rng.randint(1, 6))))
    else:
        ns.add(t + timedelta(milliseconds=60), spring(t + timedelta(milliseconds=60), "INFO", "notification-service", "", "", "outbox-poller-1", "c.a.notify.outbox.OutboxRelay",
                                                      "outbox message %s delivered (channel=mail)" % mid))

# ---- noise ------------------------------------------------------------------------------------
for t in rng.times(START, END, 0.4):
    au.add(t, jrec(t, "ERROR", "auth-service", "reCAPTCHA verification failed: score 0.1 below 0.3 for signup", component="com.acme.auth.captcha.RecaptchaVerifier",
                   error_type="com.acme.auth.captcha.RecaptchaVerificationException", trace_id=rng.hex(32), span_id=rng.hex(16), deploy=AU_DEPLOY, attrs={"pod": rng.choice(AU_PODS)}))
for m in range(0, 38, 10):
    t = START + timedelta(minutes=m, seconds=44)
    ns.add(t, spring(t, "WARN", "notification-service", "", "", "scheduling-1", "c.a.notify.push.ApnsCertificateCheck", "APNs client certificate expires in 21 days (2025-11-25T00:00:00Z)"))
for t in rng.times(START, END, 0.5):
    rel.add(t, jl(t, "smtp-relay-01", "postfix/smtpd[%d]" % rng.randint(20000, 39999), "warning: hostname ip-10-42-%d-%d.eu-central-1.compute.internal does not resolve to address 10.42.%d.%d" % ((rng.randint(1, 7), rng.randint(2, 250)) * 2)))
for m in range(0, 38, 3):
    if rng.random() < 0.35:
        t = START + timedelta(minutes=m, seconds=rng.randint(0, 59))
        ev.add(t, k8s(t, "Warning", "Unhealthy", "pod/push-gateway-6d4f8b7c9-qm2xt", "Readiness probe failed: Get \"http://10.42.6.33:8081/ready\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"))

d = reset_logs(CASE)
ns.write(d + "/notification-service.log")
au.write(d + "/auth-service.jsonl")
rel.write(d + "/smtp-relay-01.journal.log")
ev.write(d + "/k8s-events.log")
labels = {"alertname": "AuthOtpDeliveryFailures", "service": "auth-service", "namespace": "identity", "severity": "critical", "env": "prod"}
write_json(d + "/../alert.json", alertmanager("identity-oncall", labels,
                                              {"summary": "auth-service: 100% of OTP e-mails failing for 5m",
                                               "description": "OtpDeliveryException rate 7/min; users cannot complete e-mail login"},
                                              dt("2025-11-04T09:37:00"), "sum%28rate%28auth_otp_delivery_failures_total%5B5m%5D%29%29+%2F+sum%28rate%28auth_otp_requests_total%5B5m%5D%29%29+%3E+0.2",
                                              "07c3d9e1a5b2f864"))
finish(CASE, {
    "root_cause": {"service": "notification-service", "component": "values-prod.yaml spring.mail.properties.mail.smtp.ssl.enable=true on port 587 (needs starttls.enable), synced 09:31:40",
                   "error_type": "SSLException", "file": None},
    "category": "config",
    "symptoms": [{"service": "auth-service", "error_type": "OtpDeliveryException"},
                 {"service": "smtp-relay-01", "error_type": None}],
    "why": "The 09:31:40 Argo CD sync pointed notification-service at smtp-relay-01:587 with ssl.enable=true (implicit TLS) instead of STARTTLS, so after the restart every SMTP connection sends a TLS ClientHello to a plaintext greeting and fails with SSLException 'Unsupported or unrecognized SSL message' (wrapped in MessagingException/MailSendException); postfix sees non-SMTP commands. auth-service's three OTP attempts per login make its OtpDeliveryException loudest.",
})
