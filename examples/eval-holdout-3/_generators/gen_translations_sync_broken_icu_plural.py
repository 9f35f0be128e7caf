#!/usr/bin/env python3
"""translations-sync-broken-icu-plural

translations-sync (a nightly job, jsonl) pulls strings from the translation management system
and publishes locale bundles through translations-api. At 05:00 it imports a translator's edit
of de-DE "cart.items_count" that lost a closing brace: "{count, plural, one {# Artikel}
other {# Artikel}". ICU validation is off for this project, so the job reports success.
web-ssr (Node, Next.js) refreshes its bundles every 5 minutes; from 05:05 every German page
(the cart badge sits in the header) fails to format that message, and the page answers 500.
en/fr/nl pages are fine. The job has no error of its own; the evidence is the changed key in
its import summary, the bundle etag web-ssr loads at 05:05, and errors only for de-* locales
naming cart.items_count.
Noise: a recommendations widget socket hang-up error in web-ssr since the evening, missing
fr-FR keys, a flaky uptime probe at the edge, translations-api cache stats.
Sentry issue alert on web-ssr (Node).
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, node_line, nginx_line, sentry_alert, pod, ip)

CASE = "translations-sync-broken-icu-plural"
rng = Rng(20251202)
START, END = dt("2025-12-02T04:40:00"), dt("2025-12-02T05:35:00")
SYNC = dt("2025-12-02T05:00:00.412")
ETAG_OLD, ETAG_NEW = "W/\"de-DE-7c1e09b2\"", "W/\"de-DE-a54f3d8e\""

ts_, ws, ta, edge = LogFile(), LogFile(), LogFile(), LogFile()
WS_PODS = [pod(rng, "web-ssr", "6f8b7c9d5") for _ in range(3)]
TA_POD = pod(rng, "translations-api", "5c9d8b6f7")

# ---- the sync job ------------------------------------------------------------------------------
def job(t, level, msg, **attrs):
    ts_.add(t, jrec(t, level, "translations-sync", msg, component="sync.runner", attrs=dict({"job": "translations-sync-29411340", "project": "webshop"}, **attrs)))


job(SYNC, "INFO", "sync started: project webshop, locales de-DE,en-GB,fr-FR,nl-NL,de-AT,de-CH (source: TMS export 2025-12-02T04:58:10Z)")
job(SYNC + timedelta(seconds=3), "INFO", "pulled 4 locales with changes, 2 unchanged")
job(SYNC + timedelta(seconds=4), "WARN", "ICU syntax validation disabled for project webshop (validate_icu=false), skipping", setting="validate_icu")
job(SYNC + timedelta(seconds=6), "INFO", "imported de-DE: 14 keys changed (cart.items_count, checkout.cta_pay, checkout.delivery_hint, account.orders.empty, ...) by translator lena.h", locale="de-DE", changed=14)
job(SYNC + timedelta(seconds=6, milliseconds=40), "INFO", "diff de-DE cart.items_count: \"{count, plural, one {# Artikel} other {# Artikel}}\" -> \"{count, plural, one {# Artikel} other {# Artikel}\"", locale="de-DE", key="cart.items_count")
job(SYNC + timedelta(seconds=7), "INFO", "imported fr-FR: 3 keys changed (footer.shipping, pdp.size_guide, cart.empty)", locale="fr-FR", changed=3)
job(SYNC + timedelta(seconds=7, milliseconds=500), "INFO", "imported nl-NL: 1 key changed (pdp.size_guide)", locale="nl-NL", changed=1)
job(SYNC + timedelta(seconds=8), "INFO", "imported en-GB: 2 keys changed (pdp.size_guide, checkout.delivery_hint)", locale="en-GB", changed=2)
job(SYNC + timedelta(seconds=31), "INFO", "published bundles to translations-api: de-DE %s, fr-FR W/\"fr-FR-19b0c6d4\", nl-NL W/\"nl-NL-e20a7f51\", en-GB W/\"en-GB-3d7c9a10\"" % ETAG_NEW)
job(SYNC + timedelta(seconds=32), "INFO", "sync finished in 31.6s: 20 keys changed, 0 errors")
ta.add(SYNC + timedelta(seconds=30), jrec(SYNC + timedelta(seconds=30), "INFO", "translations-api", "bundle de-DE published %s (previous %s), 2,841 keys" % (ETAG_NEW, ETAG_OLD),
                                          component="bundles.store", attrs={"pod": TA_POD, "publisher": "translations-sync"}))
ta.add(SYNC + timedelta(seconds=30), jrec(SYNC + timedelta(seconds=30), "INFO", "translations-api", "bundle de-AT, de-CH inherit de-DE (no own changes)", component="bundles.store", attrs={"pod": TA_POD}))

# ---- web-ssr bundle refresh every 5 minutes per pod ---------------------------------------------
refreshed = {}
for i, p in enumerate(WS_PODS):
    off = timedelta(seconds=rng.randint(5, 250))
    t = START + off
    while t < END:
        new = t > SYNC + timedelta(seconds=30)
        etag = ETAG_NEW if new else ETAG_OLD
        if new and p not in refreshed:
            refreshed[p] = t
            tc = t + timedelta(milliseconds=rng.randint(5, 20))
            ws.add(tc, node_line(tc, "error", "[i18n] precompiling messages for de-DE failed, will format lazily pod=%s\nSyntaxError: EXPECT_ARGUMENT_CLOSING_BRACE (message \"cart.items_count\", offset 55)\n"
                                           "    at parse (/app/node_modules/@formatjs/icu-messageformat-parser/lib/index.js:37:19)\n"
                                           "    at precompile (/app/.next/server/chunks/1180.js:1:2231)" % p))
        ws.add(t, node_line(t, "info", "[i18n] bundles refreshed pod=%s de-DE=%s fr-FR=%s (%dms)" % (p, etag, "W/\"fr-FR-19b0c6d4\"" if new else "W/\"fr-FR-88a1e3c0\"", rng.randint(40, 90))))
        ta.add(t - timedelta(milliseconds=30), jrec(t - timedelta(milliseconds=30), "INFO", "translations-api", "GET /v1/bundles?project=webshop 200 (%d locales)" % 6, component="bundles.http", attrs={"pod": TA_POD, "client": p}))
        t += timedelta(minutes=5)

PAGES_DE = ["/de/", "/de/warenkorb", "/de/p/%d", "/de/c/damen/jacken", "/de/suche?q=mantel", "/de-at/", "/de-ch/p/%d"]
PAGES_OTHER = ["/en/", "/en/p/%d", "/fr/", "/fr/p/%d", "/nl/c/heren", "/en/basket"]


def stack(locale):
    return ("Error: [@formatjs/intl Error FORMAT_ERROR] Error formatting message: \"cart.items_count\" for locale: \"%s\"\n"
            "SyntaxError: EXPECT_ARGUMENT_CLOSING_BRACE\n"
            "    at parse (/app/node_modules/@formatjs/icu-messageformat-parser/lib/index.js:37:19)\n"
            "    at new IntlMessageFormat (/app/node_modules/intl-messageformat/lib/src/core.js:191:46)\n"
            "    at formatMessage (/app/node_modules/@formatjs/intl/lib/src/message.js:69:25)\n"
            "    at CartBadge (/app/.next/server/chunks/7321.js:1:4410)\n"
            "    at renderWithHooks (/app/node_modules/react-dom/cjs/react-dom-server.node.production.min.js:79:302)\n"
            "    at Header (/app/.next/server/chunks/7321.js:1:9876)" % locale)


for t in rng.times(START, END, 14.0):
    p = rng.choice(WS_PODS)
    de = rng.random() < 0.46
    page = rng.choice(PAGES_DE if de else PAGES_OTHER)
    if "%d" in page:
        page = page % rng.randint(100000, 999999)
    locale = "de-AT" if page.startswith("/de-at") else "de-CH" if page.startswith("/de-ch") else "de-DE" if de else {"e": "en-GB", "f": "fr-FR", "n": "nl-NL"}[page[1]]
    trace = rng.hex(32)
    ms = rng.lognorm_ms(140)
    td = t + timedelta(milliseconds=ms)
    ua = rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"])
    if de and p in refreshed and t >= refreshed[p]:
        ws.add(td, node_line(td, "error", "render failed GET %s locale=%s status=500 trace_id=%s pod=%s\n%s" % (page, locale, trace, p, stack(locale))))
        st, size = 500, 1620
    else:
        ws.add(td, node_line(td, "info", "GET %s 200 %dms locale=%s trace_id=%s" % (page, ms, locale, trace)))
        st, size = 200, rng.randint(38000, 96000)
    edge.add(td + timedelta(milliseconds=3), nginx_line(td + timedelta(milliseconds=3), ip(rng), "GET", page, st, size, ua, (ms + 3) / 1000.0, "shop-web-ssr-3000",
                                                       "10.44.%d.%d:3000" % (rng.randint(1, 5), rng.randint(2, 250)), trace))

# ---- noise ----------------------------------------------------------------------------------------
for t in rng.times(START, END, 0.6):
    ws.add(t, node_line(t, "error", "recommendations widget failed trace_id=%s\nFetchError: request to http://recs-widget.discovery.svc/v1/widget failed, reason: socket hang up\n    at ClientRequest.<anonymous> (/app/node_modules/node-fetch/lib/index.js:1501:11)" % rng.hex(32)))
for t in rng.times(START, END, 0.8):
    ws.add(t, node_line(t, "warn", "[i18n] missing key footer.imprint for fr-FR, falling back to en-GB"))
for m in range(0, 55):
    t = START + timedelta(minutes=m, seconds=20, milliseconds=rng.randint(0, 999))
    st = 502 if rng.random() < 0.07 else 200
    edge.add(t, nginx_line(t, "198.51.100.%d" % rng.randint(10, 40), "HEAD", "/status/legacy-storelocator", st, 0, "UptimeRobot/2.0", 0.004 if st == 200 else 2.0, "shop-storelocator-8080", "10.44.7.12:8080", rng.hex(32), 180))
for m in range(0, 55, 10):
    t = START + timedelta(minutes=m, seconds=2)
    ta.add(t, jrec(t, "INFO", "translations-api", "cache stats: %d bundles, hit ratio 0.9%d" % (24, rng.randint(1, 9)), component="bundles.cache", attrs={"pod": TA_POD}))

d = reset_logs(CASE)
ts_.write(d + "/translations-sync.jsonl")
ws.write(d + "/web-ssr.log")
ta.write(d + "/translations-api.jsonl")
edge.write(d + "/edge-nginx.access.log")

when = dt("2025-12-02T05:06:41.118")
frames = [
    {"filename": "/app/.next/server/chunks/7321.js", "abs_path": "/app/.next/server/chunks/7321.js", "module": "chunks:7321", "function": "Header", "lineno": 1, "in_app": True},
    {"filename": "/app/.next/server/chunks/7321.js", "abs_path": "/app/.next/server/chunks/7321.js", "module": "chunks:7321", "function": "CartBadge", "lineno": 1, "in_app": True},
    {"filename": "/app/node_modules/@formatjs/intl/lib/src/message.js", "abs_path": "/app/node_modules/@formatjs/intl/lib/src/message.js", "module": "@formatjs.intl.lib.src:message",
     "function": "formatMessage", "lineno": 69, "in_app": False},
    {"filename": "/app/node_modules/@formatjs/icu-messageformat-parser/lib/index.js", "abs_path": "/app/node_modules/@formatjs/icu-messageformat-parser/lib/index.js",
     "module": "@formatjs.icu-messageformat-parser.lib:index", "function": "parse", "lineno": 37, "in_app": False},
]
write_json(d + "/../alert.json", sentry_alert(
    event_id="a91e5c3f7d0b42e8b6f1c4d9e2a7053b", project=4508277, release="web-ssr@2025.11.28-1", platform="node", when=when, logger="",
    title="Error: [@formatjs/intl Error FORMAT_ERROR] Error formatting message: \"cart.items_count\" for locale: \"de-DE\"", culprit="CartBadge(chunks:7321)",
    location="/app/.next/server/chunks/7321.js",
    tags=[("environment", "production"), ("handled", "no"), ("level", "error"), ("mechanism", "onunhandledrejection"), ("release", "web-ssr@2025.11.28-1"),
          ("server_name", WS_PODS[1]), ("transaction", "GET /de/warenkorb"), ("url", "https://www.acme-fashion.example/de/warenkorb")],
    request={"method": "GET", "url": "https://www.acme-fashion.example/de/warenkorb", "headers": [["Accept", "text/html"], ["User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)"]]},
    exc_type="Error", exc_value="[@formatjs/intl Error FORMAT_ERROR] Error formatting message: \"cart.items_count\" for locale: \"de-DE\"", exc_module="@formatjs.intl.lib.src:message",
    mechanism="onunhandledrejection", frames=frames, org="acme-fashion", slug="web-ssr", issue_id="6611904325", rule="web-ssr: new issue",
    installation="6c2e9f1a-8b47-4d05-93e6-0a5f7b1c3d28"))
finish(CASE, {
    "root_cause": {"service": "translations-sync", "component": "05:00 import of de-DE cart.items_count with an unbalanced ICU plural (missing closing brace), ICU validation disabled (validate_icu=false)",
                   "error_type": None, "file": None},
    "category": "data",
    "symptoms": [{"service": "web-ssr", "error_type": "SyntaxError"},
                 {"service": "edge-nginx", "error_type": "HTTP_500"},
                 {"service": "translations-api", "error_type": None}],
    "why": "The 05:00 translations-sync run imported a de-DE edit of cart.items_count that lost its closing brace and, with ICU validation off, published it as a 'success'; when web-ssr loads the new de-DE bundle (05:05) every German page fails to format the header's cart badge and answers 500, while en/fr/nl pages work. web-ssr's errors are loudest but its code is unchanged; fix the string in the TMS, re-sync, and turn validation on.",
})
