"""storefront-fpm-static-max-children (config).

At 18:41 an Argo CD sync rolls a values change into the storefront-fpm pool ConfigMap: the
staging overlay's `pm = static` / `pm.max_children = 5` lands in production (was dynamic, 40).
The config reloader re-execs php-fpm in every pod with 5 workers. At the evening peak the pools
are full; requests queue on the unix socket until its backlog overflows, and nginx answers 502
("connect() ... (11: Resource temporarily unavailable)") or 504. php-fpm itself logs no error, only
"server reached max_children setting (5)". The 502s in the storefront access log are loudest;
mobile-bff logs the failures it retries. Noise: an HPA metrics warning, mobile-bff's
recommendations timeouts (since 17:50), login scanners, an fpm "seems busy" warning before.
"""
from common import *

CASE = "storefront-fpm-static-max-children"
rng = Rng(90404)
T0, T1 = dt("2025-07-14T18:24:00"), dt("2025-07-14T19:18:00")
SYNC = dt("2025-07-14T18:41:05.000")

acc, err, fpm, mb, k8 = LogFile(), LogFile(), LogFile(), LogFile(), LogFile()
PODS = [pod(rng, "storefront", "84f6c9d7b") for _ in range(4)]


def fpmts(t):
    return "%s [%s] " % (iso_us(t), t.strftime("%d-%b-%Y %H:%M:%S"))


# the sync and the reload
k8.add(SYNC, k8s(SYNC, "Normal", "OperationStarted", "application/storefront", "Initiated automated sync to '8c1f2e07' (values-prod.yaml: fpm.pool)"))
k8.add(SYNC + ms(900), k8s(SYNC + ms(900), "Normal", "ResourceUpdated", "application/storefront", "Updated sync status: OutOfSync -> Synced; ConfigMap storefront/storefront-fpm-pool configured"))
k8.add(SYNC + sec(1), k8s(SYNC + sec(1), "Normal", "OperationCompleted", "application/storefront", "Sync operation to 8c1f2e07 succeeded"))
for i, p in enumerate(PODS):
    r = SYNC + sec(58 + 3 * i) + ms(rng.randint(0, 900))
    fpm.add(r - ms(30), fpmts(r - ms(30)) + "NOTICE: [%s] config-reloader: /usr/local/etc/php-fpm.d/www.conf changed, testing" % p)
    for j, line in enumerate(["NOTICE: [www] user = www-data", "NOTICE: [www] listen = /run/php/fpm.sock", "NOTICE: [www] listen.backlog = 511",
                              "NOTICE: [www] pm = static", "NOTICE: [www] pm.max_children = 5", "NOTICE: [www] pm.max_requests = 500",
                              "NOTICE: [www] request_terminate_timeout = 30s",
                              "NOTICE: configuration file /usr/local/etc/php-fpm.conf test is successful"]):
        fpm.add(r - ms(25 - j), fpmts(r - ms(25 - j)) + line)
    fpm.add(r, fpmts(r) + "NOTICE: Reloading in progress ...")
    fpm.add(r + ms(4), fpmts(r + ms(4)) + 'NOTICE: reloading: execvp("/usr/local/sbin/php-fpm", {"php-fpm", "--nodaemonize", "--force-stderr"})')
    fpm.add(r + ms(60), fpmts(r + ms(60)) + 'NOTICE: using inherited socket fd=7, "/run/php/fpm.sock"')
    fpm.add(r + ms(62), fpmts(r + ms(62)) + "NOTICE: fpm is running, pid 1")
    fpm.add(r + ms(63), fpmts(r + ms(63)) + "NOTICE: ready to handle connections")
FULL = SYNC + sec(75)


def load(t):  # fraction of requests that fail, grows with the evening peak
    if t < FULL:
        return 0.0
    return min(0.42, 0.12 + 0.30 * (t - FULL).total_seconds() / 1800)


PAGES = ["/", "/category/garden", "/category/kitchen/knives", "/p/%d" % 0, "/search?q=%s", "/cart", "/checkout/shipping"]
UAS = ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
       "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"]


def request(t, path, ua, client, rid=None):
    rid = rid or rng.hex(32)
    p = rng.choice(PODS)
    cid = rng.randint(100000, 999999)
    if rng.random() < load(t):
        if rng.random() < 0.75:
            e = t + ms(rng.randint(1, 8))
            err.add(e, '%s [error] 23#23: *%d connect() to unix:/run/php/fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream, client: %s, server: shop.gartenhaus.example, request: "GET %s HTTP/1.1", upstream: "fastcgi://unix:/run/php/fpm.sock:", host: "shop.gartenhaus.example"' % (
                e.strftime("%Y/%m/%d %H:%M:%S"), cid, client, path))
            acc.add(e, nginx_line(e, client, "GET", path, 502, 552, ua, (e - t).total_seconds(), "storefront-storefront-80", "unix:/run/php/fpm.sock", rid))
        else:
            e = t + sec(30)
            err.add(e, '%s [error] 23#23: *%d upstream timed out (110: Connection timed out) while reading response header from upstream, client: %s, server: shop.gartenhaus.example, request: "GET %s HTTP/1.1", upstream: "fastcgi://unix:/run/php/fpm.sock:", host: "shop.gartenhaus.example"' % (
                e.strftime("%Y/%m/%d %H:%M:%S"), cid, client, path))
            acc.add(e, nginx_line(e, client, "GET", path, 504, 562, ua, 30.001, "storefront-storefront-80", "unix:/run/php/fpm.sock", rid))
        return False
    d = rng.lognorm_ms(180 if t < FULL else 900) / 1000
    acc.add(t + sec(d), nginx_line(t + sec(d), client, "GET", path, 200, rng.randint(4000, 90000), ua, d, "storefront-storefront-80", "unix:/run/php/fpm.sock", rid))
    return True


for t in rng.times(T0, T1, 16):
    path = rng.choice(PAGES).replace("/p/0", "/p/%d" % rng.randint(10000, 99999)).replace("%s", rng.choice(["rake", "hose", "planter", "shears"]))
    request(t, path, rng.choice(UAS), "%d.%d.%d.%d" % (rng.choice([84, 91, 178, 217]), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)))

# mobile-bff: app calls the storefront JSON API, 3 attempts, logs only the final failure
for t in rng.times(T0, T1, 6):
    path = rng.choice(["/api/v1/home", "/api/v1/category/garden", "/api/v1/product/%d" % rng.randint(10000, 99999)])
    rid = rng.hex(32)
    tt = t
    for a in range(1, 4):
        if request(tt, path, "mobile-bff/4.2.0 undici", "10.42.%d.%d" % (rng.randint(0, 9), rng.randint(2, 250)), rid):
            mb.add(tt + ms(300), "[%s] INFO mobile-bff: GET %s 200 (storefront attempt %d) req=%s" % (iso_ms(tt + ms(300)), path, a, rid))
            break
        tt = tt + ms(rng.randint(40, 200) + 250 * a)
    else:
        mb.add(tt, "[%s] ERROR mobile-bff: StorefrontUpstreamError: GET %s -> 502 Bad Gateway from storefront after 3 attempts req=%s" % (iso_ms(tt), path, rid))

# php-fpm pressure after the reload
for p in PODS:
    for t in rng.times(FULL, T1, 1.6):
        fpm.add(t, fpmts(t) + "WARNING: [pool www] server reached max_children setting (5), consider raising it")
    for t in rng.times(FULL, T1, 0.5):
        fpm.add(t, fpmts(t) + "WARNING: [pool www] child %d, script '/var/www/html/public/index.php' (request: \"GET /index.php\") executing too slow (%.6f sec), logging" % (
            rng.randint(20, 400), rng.randint(5000, 9000) / 1000))
    for t in rng.times(T0, SYNC, 0.12):
        fpm.add(t, fpmts(t) + "WARNING: [pool www] seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning 8 children, there are 3 idle, and 22 total children")

# noise
for t in every(dt("2025-07-14T17:50:00"), T1, 200, rng, 80000):
    if t >= T0:
        mb.add(t, "[%s] ERROR mobile-bff: RecommendationsTimeoutError: recs-api did not answer within 800ms (GET /v2/recs/home)" % iso_ms(t))
for t in every(T0, T1, 120, rng, 20000):
    k8.add(t, k8s(t, "Warning", "FailedGetResourceMetric", "horizontalpodautoscaler/storefront", "failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API"))
for t in rng.times(T0, T1, 0.5):
    acc.add(t, nginx_line(t, "45.148.%d.%d" % (rng.randint(0, 255), rng.randint(1, 254)), "GET", rng.choice(["/wp-login.php", "/.env", "/xmlrpc.php"]), 404, 162,
                          "Mozilla/5.0 zgrab/0.x", 0.0, "storefront-storefront-80", "-", rng.hex(32)))
for t in every(T0, T1, 15, rng, 600):
    acc.add(t, nginx_line(t, "10.0.0.12", "GET", "/nginx-health", 200, 2, "kube-probe/1.30", 0.0, "storefront-storefront-80", "-", rng.hex(32), 110))

alert = alertmanager("web-oncall", {"alertname": "StorefrontHigh5xx", "service": "storefront", "namespace": "storefront", "severity": "critical", "env": "prod"},
                     {"summary": "storefront 5xx ratio above 10% for 5m", "description": "nginx 5xx ratio 23% (5m), mostly 502"},
                     dt("2025-07-14T18:52:00"), "sum(rate(nginx_ingress_controller_requests%7Bstatus%3D~%225..%22%2Cservice%3D%22storefront%22%7D%5B5m%5D))+%3E+0.1",
                     "2d7f0c4e9a1b3865")
write_case(CASE, {"storefront-nginx.access.log": acc, "storefront-nginx.error.log": err, "storefront-fpm.log": fpm,
                  "mobile-bff.log": mb, "k8s-events.log": k8}, alert)
finish(CASE, {
    "root_cause": {"service": "storefront-fpm", "component": "php-fpm pool www (ConfigMap storefront-fpm-pool: pm = static, pm.max_children = 5 from the staging overlay)",
                   "error_type": None, "file": "values-prod.yaml"},
    "category": "config",
    "symptoms": [{"service": "storefront-nginx", "error_type": "HTTP_502"}, {"service": "storefront-nginx", "error_type": "HTTP_504"},
                 {"service": "mobile-bff", "error_type": "StorefrontUpstreamError"}],
    "why": "The 18:41 Argo CD sync put the staging pool settings (pm = static, max_children 5; was dynamic 40) into production and every php-fpm re-execed with 5 workers; at the evening peak the pools stay full (\"server reached max_children setting (5)\"), the socket backlog overflows and nginx answers 502/504. nginx and mobile-bff only report it.",
})
