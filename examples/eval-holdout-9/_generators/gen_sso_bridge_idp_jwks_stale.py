"""sso-bridge-idp-jwks-stale (dependency).

The external identity provider IdentityCloud rolls its signing key at 07:58: ID tokens are now
signed with kid ic-2025-08-b, but its CDN keeps serving the old JWKS (age ~45 min) until 08:41.
sso-bridge refetches the JWKS on every unknown kid (at most every 60 s) and still finds only the
old keys, so every SSO login fails with BadJwtException caused by
com.nimbusds.jose.proc.BadJOSEException ("no matching key(s) found") and sso-bridge answers 401.
partner-portal retries each exchange three times and logs each attempt plus the give-up
(loudest); admin-portal raises SsoLoginException (the Sentry alert); local-account logins work.
Noise: admin-portal's report export S3 errors (since 06:00), a token clock-skew warning,
partner-portal's session-store latency, a flaky status probe.
"""
from common import *

CASE = "sso-bridge-idp-jwks-stale"
rng = Rng(90505)
T0, T1 = dt("2025-08-26T07:44:00"), dt("2025-08-26T08:50:00")
ROLL, FIXED = dt("2025-08-26T07:58:00"), dt("2025-08-26T08:41:20")

sb, ap, pp, ing = LogFile(), LogFile(), LogFile(), LogFile()
SB_PODS = [pod(rng, "sso-bridge", "69d7c8b5f") for _ in range(2)]
OLD_KIDS, NEW_KIDS = "ic-2025-02-a, ic-2025-05-a", "ic-2025-05-a, ic-2025-08-b"
ISS = "https://login.idcloud.example"
last_fetch = {p: T0 - sec(3000) for p in SB_PODS}


def sbl(t, level, trace, span, thread, logger, msg):
    return spring(t, level, "sso-bridge", trace, span, thread, logger, msg)


SB_CHAIN = [("org.springframework.security.oauth2.jwt.BadJwtException",
             "An error occurred while attempting to decode the Jwt: Signed JWT rejected: Another algorithm expected, or no matching key(s) found",
             ["org.springframework.security.oauth2.jwt.NimbusJwtDecoder.createJwt(NimbusJwtDecoder.java:180)",
              "org.springframework.security.oauth2.jwt.NimbusJwtDecoder.decode(NimbusJwtDecoder.java:137)",
              "com.acme.sso.exchange.IdTokenVerifier.verify(IdTokenVerifier.java:61)"]),
            ("com.nimbusds.jose.proc.BadJOSEException", "Signed JWT rejected: Another algorithm expected, or no matching key(s) found",
             ["com.nimbusds.jwt.proc.DefaultJWTProcessor.process(DefaultJWTProcessor.java:357)",
              "org.springframework.security.oauth2.jwt.NimbusJwtDecoder.createJwt(NimbusJwtDecoder.java:154)"])]


def jwks_fetch(p, t, trace):
    if (t - last_fetch[p]).total_seconds() < 60:
        return
    last_fetch[p] = t
    stale = t < FIXED
    age = int((t - dt("2025-08-26T07:13:40")).total_seconds()) if stale else rng.randint(5, 40)
    sb.add(t, sbl(t, "INFO", trace, rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 30), "c.a.sso.jwks.JwksCache",
                  "JWKS refreshed from %s/oauth2/v1/keys kids=[%s] (cf-cache-status: HIT, age: %d) pod=%s" % (ISS, OLD_KIDS if stale else NEW_KIDS, age, p)))


def login(t, portal):
    trace = rng.hex(32)
    user = "%s.%s@%s" % (rng.choice(["anna", "lars", "mehmet", "julia", "tom", "sara", "piet"]), rng.choice(["k", "m", "b", "v"]),
                         rng.choice(["acme-partners.example", "acme.example", "nordlog.example"]))
    p = rng.choice(SB_PODS)
    kid = "ic-2025-08-b" if t >= ROLL else "ic-2025-05-a"
    bad = ROLL <= t < FIXED
    attempts = 3 if portal == "partner-portal" else 1
    tt = t
    for a in range(1, attempts + 1):
        span = rng.hex(16)
        th = "http-nio-8080-exec-%d" % rng.randint(1, 30)
        if bad:
            jwks_fetch(p, tt, trace)
            sb.add(tt + ms(2), sbl(tt + ms(2), "WARN", trace, span, th, "c.a.sso.exchange.IdTokenVerifier",
                                   "id_token rejected: kid=%s not in JWKS, iss=%s alg=RS256 client=%s" % (kid, ISS, portal)))
            sb.add(tt + ms(3), sbl(tt + ms(3), "ERROR", trace, span, th, "c.a.sso.web.ExchangeExceptionHandler",
                                   "POST /v1/exchange failed, answering 401 client=%s" % portal) + "\n" + jstack(SB_CHAIN))
            e = tt + ms(rng.randint(6, 20))
            if portal == "partner-portal":
                pp.add(e, "%s ERROR [partner-portal] SsoExchangeError: sso-bridge POST /v1/exchange -> 401 (attempt %d/3) trace=%s" % (iso_ms(e), a, trace))
                tt = e + ms(300 * a)
            else:
                ap.add(e, spring(e, "ERROR", "admin-portal", trace, rng.hex(16), th, "c.a.admin.auth.SsoCallbackController",
                                 "SSO callback failed for %s" % user) + "\n" + jstack([
                    ("com.acme.admin.auth.SsoLoginException", "login callback failed: sso-bridge answered 401 Unauthorized",
                     ["com.acme.admin.auth.SsoClient.exchange(SsoClient.java:72)", "com.acme.admin.auth.SsoCallbackController.callback(SsoCallbackController.java:41)"]),
                    ("org.springframework.web.client.HttpClientErrorException$Unauthorized", '401 Unauthorized: "{"error":"invalid_token","error_description":"id_token signature not verifiable"}"',
                     ["org.springframework.web.client.HttpClientErrorException.create(HttpClientErrorException.java:106)",
                      "com.acme.admin.auth.SsoClient.exchange(SsoClient.java:66)"])]))
        else:
            sb.add(tt + ms(20), sbl(tt + ms(20), "INFO", trace, span, th, "c.a.sso.exchange.ExchangeController",
                                    "exchange ok sub=%s client=%s kid=%s" % (rng.hex(12), portal, kid)))
            e = tt + ms(rng.randint(25, 60))
            if portal == "partner-portal":
                pp.add(e, "%s INFO  [partner-portal] login ok user=%s trace=%s" % (iso_ms(e), user, trace))
            else:
                ap.add(e, spring(e, "INFO", "admin-portal", trace, rng.hex(16), th, "c.a.admin.auth.SsoCallbackController", "login ok %s via SSO" % user))
            break
    end = tt + ms(5)
    if bad and portal == "partner-portal":
        pp.add(end, "%s ERROR [partner-portal] SsoExchangeError: giving up SSO login for %s after 3 attempts, showing /login?error=sso trace=%s" % (iso_ms(end), user, trace))
    host = "partners.acme.example" if portal == "partner-portal" else "admin.acme.example"
    st = (502 if portal == "partner-portal" else 500) if bad else 302
    ing.add(end, nginx_line(end, "%d.%d.%d.%d" % (rng.choice([62, 80, 93, 145]), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)),
                            "GET", "/login/callback?code=%s&state=%s" % (rng.alnum(24), rng.alnum(10)), st, 0 if st == 302 else 320,
                            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15",
                            (end - t).total_seconds(), "portals-%s-8080" % portal, ip(rng, "10.42") + ":8080", trace))


for t in rng.times(T0, T1, 0.85):
    login(t, "partner-portal")
for t in rng.times(T0, T1, 0.7):
    login(t, "admin-portal")
for t in rng.times(T0, T1, 0.3):
    ap.add(t, spring(t, "INFO", "admin-portal", rng.hex(32), rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 30), "c.a.admin.auth.LocalLoginController", "login ok ops-admin-%d via local account" % rng.randint(1, 4)))

# ordinary traffic
for t in rng.times(T0, T1, 5):
    u = rng.choice(["/api/shipments?page=%d" % rng.randint(1, 9), "/api/invoices", "/api/me", "/dashboard"])
    who = rng.choice(["partner-portal", "admin-portal"])
    ing.add(t, nginx_line(t, "%d.%d.%d.%d" % (rng.choice([62, 80, 93]), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)), "GET", u, 200,
                          rng.randint(800, 24000), "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/128.0 Safari/537.36", rng.lognorm_ms(60) / 1000,
                          "portals-%s-8080" % who, ip(rng, "10.42") + ":8080", rng.hex(32)))
    if who == "partner-portal":
        pp.add(t, "%s INFO  [partner-portal] GET %s 200 %dms" % (iso_ms(t), u, rng.lognorm_ms(60)))
for t in every(T0, T1, 60, rng, 3000):
    sb.add(t, sbl(t, "INFO", "", "", "scheduling-1", "c.a.sso.health.IdpProbe", "idp discovery %s/.well-known/openid-configuration 200 in %dms" % (ISS, rng.lognorm_ms(90))))

# noise
for t in every(dt("2025-08-26T06:00:00"), T1, 720, rng, 60000):
    if t >= T0:
        ap.add(t, spring(t, "ERROR", "admin-portal", rng.hex(32), rng.hex(16), "export-1", "c.a.admin.reports.ReportExportJob", "weekly export upload failed") + "\n" + jstack([
            ("com.acme.admin.reports.ReportExportException", "upload of weekly-shipments.xlsx failed", ["com.acme.admin.reports.ReportExportJob.run(ReportExportJob.java:88)"]),
            ("software.amazon.awssdk.services.s3.model.S3Exception", "The bucket you are attempting to access must be addressed using the specified endpoint. (Service: S3, Status Code: 301)",
             ["software.amazon.awssdk.services.s3.DefaultS3Client.putObject(DefaultS3Client.java:10628)"])]))
for t in rng.times(T0, T1, 0.15):
    sb.add(t, sbl(t, "WARN", rng.hex(32), rng.hex(16), "http-nio-8080-exec-%d" % rng.randint(1, 30), "c.a.sso.exchange.IdTokenVerifier", "id_token iat %ds in the future, within 30s leeway" % rng.randint(1, 3)))
for t in rng.times(T0, T1, 0.4):
    pp.add(t, "%s WARN  [partner-portal] session store slow: redis GET took %dms" % (iso_ms(t), rng.randint(120, 400)))
for t in every(T0, T1, 30, rng, 800):
    st = 503 if rng.random() < 0.03 else 200
    ing.add(t, nginx_line(t, "10.0.0.21", "GET", "/status", st, 2 if st == 200 else 190, "Blackbox-Exporter/0.25.0", 0.002 if st == 200 else 0.0, "portals-status-8080", ip(rng, "10.42") + ":8080", rng.hex(32)))

frames = [{"filename": "SsoCallbackController.java", "abs_path": "SsoCallbackController.java", "module": "com.acme.admin.auth.SsoCallbackController",
           "function": "callback", "lineno": 41, "context_line": "        SsoSession session = ssoClient.exchange(code, state);", "in_app": True},
          {"filename": "SsoClient.java", "abs_path": "SsoClient.java", "module": "com.acme.admin.auth.SsoClient",
           "function": "exchange", "lineno": 72, "context_line": "            throw new SsoLoginException(\"login callback failed: sso-bridge answered \" + e.getStatusText(), e);", "in_app": True}]
when = dt("2025-08-26T08:03:12.904")
alert = sentry_alert(
    event_id="c41e9a07b2d54f3e9a8c7d6b5e4f3a21", project=4507990, release="admin-portal@7.4.2", platform="java", when=when,
    logger="com.acme.admin.auth.SsoCallbackController", title="SsoLoginException: login callback failed: sso-bridge answered 401 Unauthorized",
    culprit="com.acme.admin.auth.SsoClient in exchange", location="SsoClient.java",
    tags=[("environment", "production"), ("handled", "no"), ("level", "error"), ("mechanism", "UncaughtExceptionHandler"),
          ("release", "admin-portal@7.4.2"), ("server_name", pod(rng, "admin-portal", "7c9d5f8b6")), ("transaction", "/login/callback"),
          ("url", "https://admin.acme.example/login/callback")],
    request={"method": "GET", "url": "https://admin.acme.example/login/callback",
             "headers": [["Accept", "text/html"], ["User-Agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15"]]},
    exc_type="SsoLoginException", exc_value="login callback failed: sso-bridge answered 401 Unauthorized", exc_module="com.acme.admin.auth",
    mechanism="UncaughtExceptionHandler", frames=frames, org="acme", slug="admin-portal", issue_id="6233018874",
    rule="admin-portal: >10 events in 5m", installation="5a2d8e1f-7c3b-4d9a-b6e0-1f4c8a2e9d73")
write_case(CASE, {"sso-bridge.log": sb, "admin-portal.log": ap, "partner-portal.log": pp, "ingress-nginx.access.log": ing}, alert)
finish(CASE, {
    "root_cause": {"service": "sso-bridge", "component": "ID token verification against IdentityCloud's JWKS (new signing key ic-2025-08-b not in the JWKS its CDN serves)",
                   "error_type": "BadJOSEException", "file": None},
    "category": "dependency",
    "symptoms": [{"service": "sso-bridge", "error_type": "BadJwtException"}, {"service": "partner-portal", "error_type": "SsoExchangeError"},
                 {"service": "admin-portal", "error_type": "SsoLoginException"}, {"service": "ingress-nginx", "error_type": "HTTP_502"}],
    "why": "From 07:58 the external IdP signs ID tokens with the new key ic-2025-08-b while its CDN keeps serving the old JWKS (kids ic-2025-02-a, ic-2025-05-a; age over 45 min) until 08:41, so sso-bridge cannot verify any token (BadJOSEException: no matching key) and answers 401; the portals' login failures and partner-portal's retries are symptoms, local logins work.",
})
