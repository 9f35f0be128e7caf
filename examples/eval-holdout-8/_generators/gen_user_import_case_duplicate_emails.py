#!/usr/bin/env python3
"""user-import-case-duplicate-emails

At 07:31 the user-import job loads an HR CSV for the enterprise tenant northwind-logistics. It
matches existing users by exact email, and 1,187 rows differ from the accounts created earlier by
SSO just-in-time provisioning only in letter case (Maria.Lopez@ vs maria.lopez@), so it creates a
second user for each; it warns about the first 50 and reports success. From ~08:00, when those
employees log in, auth-service's case-insensitive lookup finds two users and Spring Data throws
IncorrectResultSizeDataAccessException (Caused by Hibernate NonUniqueResultException); web-bff
logs every failed login twice (client + error middleware, the loudest), users retry, the ingress
answers 500. Other tenants and the northwind users without a case difference are fine.
Noise: auth-service JWKS refresh warnings, an older web-bff CSP-report error, ingress probes,
import-job warnings about unknown cost centres.
Sentry issue alert (java) on auth-service.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, spring, spring_err, node_line, nginx_line,
                    sentry_alert, uuid, trace, span)

CASE = "user-import-case-duplicate-emails"
rng = Rng(20251006)
START, END = dt("2025-10-06T07:26:00"), dt("2025-10-06T08:24:00")
RUN = dt("2025-10-06T07:31:04")
ui, au, wb, ng = LogFile(), LogFile(), LogFile(), LogFile()
UI_DEP = {"version": "2.3.1", "commit": "be04d7c"}
FIRST = ["maria", "jonas", "li", "ahmed", "sofia", "piotr", "emma", "lukas", "noah", "aisha", "tomasz", "elena", "omar", "julia", "marco"]
LAST = ["lopez", "berg", "wei", "khan", "rossi", "nowak", "schmidt", "weber", "fischer", "ibrahim", "novak", "petrov", "silva", "larsen"]
DUPS = []
while len(DUPS) < 140:
    f, l = rng.choice(FIRST), rng.choice(LAST)
    e = "%s.%s%s" % (f, l, rng.choice(["", "", str(rng.randint(2, 9))]))
    if e not in DUPS:
        DUPS.append(e)
uid = {e: rng.randint(400000, 460000) for e in DUPS}
rid = "imp_" + rng.alnum(12)
ui.add(RUN, jrec(RUN, "INFO", "user-import", "import started", component="importer.run", deploy=UI_DEP,
                 attrs={"run_id": rid, "tenant": "northwind-logistics", "source": "sftp://hr-exports/northwind/users-20251006.csv", "rows": 3904, "match_mode": "exact"}))
t = RUN + timedelta(seconds=2)
for i, e in enumerate(DUPS[:50]):
    t += timedelta(milliseconds=rng.randint(80, 3000))
    shown = "%s@Northwind-Logistics.com" % ".".join(p.capitalize() for p in e.split("."))
    new_id = rng.randint(910000, 960000)
    ui.add(t, jrec(t, "WARN", "user-import", "possible duplicate: %s differs only in case from existing user %d (%s@northwind-logistics.com); created user %d" % (shown, uid[e], e, new_id),
                   component="importer.users", deploy=UI_DEP, attrs={"run_id": rid, "tenant": "northwind-logistics", "row": rng.randint(2, 3905)}))
for k in range(7):
    t += timedelta(milliseconds=rng.randint(200, 6000))
    ui.add(t, jrec(t, "WARN", "user-import", "unknown cost centre '%s', leaving empty" % rng.choice(["CC-4410", "CC-0917", "CC-7702"]), component="importer.users", deploy=UI_DEP,
                   attrs={"run_id": rid, "row": rng.randint(2, 3905)}))
t += timedelta(seconds=4)
ui.add(t, jrec(t, "WARN", "user-import", "1137 more 'possible duplicate' warnings suppressed", component="importer.users", deploy=UI_DEP, attrs={"run_id": rid}))
ui.add(t + timedelta(milliseconds=300), jrec(t + timedelta(milliseconds=300), "INFO", "user-import", "import finished", component="importer.run", deploy=UI_DEP,
       attrs={"run_id": rid, "tenant": "northwind-logistics", "rows": 3904, "created": 1187, "updated": 2717, "errors": 0, "duration_s": int((t - RUN).total_seconds())}))

CHAIN = [
    ("org.springframework.dao.IncorrectResultSizeDataAccessException", "Query did not return a unique result: 2 results were returned",
     ["org.springframework.orm.jpa.EntityManagerFactoryUtils.convertJpaAccessExceptionIfPossible(EntityManagerFactoryUtils.java:423)",
      "com.acme.auth.users.UserRepository.findByEmailIgnoreCase(Unknown Source)",
      "com.acme.auth.login.PasswordLoginService.authenticate(PasswordLoginService.java:52)"]),
    ("org.hibernate.NonUniqueResultException", "Query did not return a unique result: 2 results were returned",
     ["org.hibernate.query.spi.AbstractSelectionQuery.uniqueElement(AbstractSelectionQuery.java:574)"])]
TENANTS = ["acme-retail", "globex", "initech", "umbrella-health", "northwind-logistics"]


def login(t, tenant, email=None):
    """one password login; email is set for a northwind user that now has a case duplicate"""
    dup = email is not None
    tr = trace(rng)
    cip = "85.%d.%d.%d" % (rng.randint(10, 250), rng.randint(0, 255), rng.randint(1, 254))
    th = "http-nio-8080-exec-%d" % rng.randint(1, 80)
    if not dup:
        d = rng.lognorm_ms(160)
        te = t + timedelta(milliseconds=d)
        au.add(te, spring(te, "INFO", "auth-service", tr, span(rng), th, "c.a.auth.login.PasswordLoginService", "login ok tenant=%s user=%d" % (tenant, rng.randint(100000, 999999))))
        wb.add(te + timedelta(milliseconds=4), node_line(te + timedelta(milliseconds=4), "info", "POST /api/login 200 %dms tenant=%s" % (d + 4, tenant)))
        ng.add(te + timedelta(milliseconds=6), nginx_line(te + timedelta(milliseconds=6), cip, "POST", "/api/login", 200, 812, "Mozilla/5.0", (d + 6) / 1000, "web-web-bff-3000", "10.46.3.%d:3000" % rng.randint(2, 250), rng.hex(32)))
        return True
    te = t + timedelta(milliseconds=rng.lognorm_ms(40))
    au.add(te, spring_err(te, "ERROR", "auth-service", tr, span(rng), th, "c.a.auth.web.ApiExceptionHandler",
                          "POST /v1/login failed tenant=%s email=%s@northwind-logistics.com" % (tenant, e_mask(email)), CHAIN))
    wb.add(te + timedelta(milliseconds=3), node_line(te + timedelta(milliseconds=3), "error", "AuthServiceError: auth-service POST /v1/login answered 500 trace=%s" % tr))
    wb.add(te + timedelta(milliseconds=4), node_line(te + timedelta(milliseconds=4), "error", "POST /api/login 500 AuthServiceError: login temporarily unavailable tenant=%s trace=%s\n"
                                                     "    at AuthClient.login (/srv/app/dist/clients/auth.js:39:13)\n"
                                                     "    at async loginHandler (/srv/app/dist/routes/session.js:27:18)" % (tenant, tr)))
    ng.add(te + timedelta(milliseconds=6), nginx_line(te + timedelta(milliseconds=6), cip, "POST", "/api/login", 500, 96, "Mozilla/5.0", 0.05, "web-web-bff-3000", "10.46.3.%d:3000" % rng.randint(2, 250), rng.hex(32)))
    return False


def e_mask(e):
    return e[0] + "***"


for t in rng.times(START, END, 5):
    tenant = rng.choice(TENANTS)
    login(t, tenant)
fails = []
for t in rng.times(dt("2025-10-06T07:52:00"), END, 1.7):
    e = rng.choice(DUPS)
    ta = t
    for a in range(rng.choice([1, 2, 2, 3, 3, 4])):
        if ta >= END:
            break
        login(ta, "northwind-logistics", e)
        fails.append(ta)
        ta += timedelta(seconds=rng.randint(4, 40))
# noise
for t in rng.times(START, END, 0.3):
    au.add(t, spring(t, "WARN", "auth-service", "", "", "jwks-refresh-1", "c.a.auth.oidc.JwksCache", "JWKS refresh for idp=okta-globex took %dms (>1000ms)" % rng.randint(1100, 2900)))
for t in rng.times(START, END, 0.4):
    wb.add(t, node_line(t, "error", "csp-report: SyntaxError: Unexpected token < in JSON at position 0 (body from %s)" % rng.choice(["Safari/17.4", "Chrome/129.0"])))
for k in range(int((END - START).total_seconds() // 30)):
    tt = START + timedelta(seconds=30 * k + 17)
    ng.add(tt, nginx_line(tt, "10.46.0.1", "GET", "/healthz", 200, 2, "kube-probe/1.30", 0.001, "web-web-bff-3000", "10.46.3.40:3000", rng.hex(32)))

d = reset_logs(CASE)
ui.write(d + "/user-import.jsonl")
au.write(d + "/auth-service.log")
wb.write(d + "/web-bff.log")
ng.write(d + "/ingress-nginx.access.log")
when = min(fails)
ev = rng.hex(32)
write_json(d + "/../alert.json", sentry_alert(
    event_id=ev, project=4507902, release="auth-service@8.14.0", platform="java", when=when, logger="com.acme.auth.web.ApiExceptionHandler",
    title="IncorrectResultSizeDataAccessException: Query did not return a unique result: 2 results were returned", culprit="com.acme.auth.login.PasswordLoginService in authenticate",
    location="PasswordLoginService.java",
    tags=[("environment", "production"), ("handled", "no"), ("level", "error"), ("mechanism", "UncaughtExceptionHandler"), ("release", "auth-service@8.14.0"),
          ("server_name", "auth-service-7b9d6c5f8-wq4zn"), ("transaction", "POST /v1/login"), ("url", "http://auth-service.identity.svc:8080/v1/login")],
    request={"method": "POST", "url": "http://auth-service.identity.svc:8080/v1/login", "headers": [["Content-Type", "application/json"], ["User-Agent", "web-bff/6.2.0"]]},
    exc_type="IncorrectResultSizeDataAccessException", exc_value="Query did not return a unique result: 2 results were returned", exc_module="org.springframework.dao",
    mechanism="UncaughtExceptionHandler",
    frames=[{"filename": "PasswordLoginService.java", "module": "com.acme.auth.login.PasswordLoginService", "function": "authenticate", "lineno": 52, "in_app": True},
            {"filename": "EntityManagerFactoryUtils.java", "module": "org.springframework.orm.jpa.EntityManagerFactoryUtils", "function": "convertJpaAccessExceptionIfPossible", "lineno": 423, "in_app": False}],
    org="acme", slug="auth-service", issue_id="6188302215", rule="auth-service: new issue or >20 events in 5m", installation="7a3c9e15-0d2b-4f86-b1e4-5c8d2a7f9e03"))
finish(CASE, {
    "root_cause": {"service": "user-import", "component": "run %s for tenant northwind-logistics: exact-case email matching created 1,187 duplicate users" % rid,
                   "error_type": None, "file": None},
    "category": "data",
    "symptoms": [{"service": "auth-service", "error_type": "IncorrectResultSizeDataAccessException"}, {"service": "web-bff", "error_type": "AuthServiceError"},
                 {"service": "ingress-nginx", "error_type": "HTTP_500"}],
    "why": "The 07:31 user-import run for northwind-logistics matched users by exact email and created 1,187 second accounts whose address differs from an existing one only in case (it warned and reported success); when those employees log in, auth-service's case-insensitive lookup returns two users and throws IncorrectResultSizeDataAccessException, which web-bff and the ingress report as 500s. The duplicate rows need merging; the login code is only where they surface.",
})
