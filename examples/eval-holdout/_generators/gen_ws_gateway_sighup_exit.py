#!/usr/bin/env python3
"""ws-gateway-sighup-exit

ws-gateway (Node, pino) terminates the WebSocket connections of the apps on three VMs
(ws-01..03) behind HAProxy ws-lb-01 (TCP mode). Its log file /var/log/ws-gateway/app.log is
rotated nightly by logrotate.timer, whose postrotate step has always been
`systemctl kill -s HUP ws-gateway.service` (the old logger reopened its file on SIGHUP).
Release 4.0.0 (Friday) replaced the logger with pino and added a lifecycle module that registers
one graceful-shutdown handler for SIGINT, SIGTERM *and* SIGHUP. At each host's rotation
(00:00:03, 00:04:41, 00:11:26, RandomizedDelaySec) ws-gateway logs "received SIGHUP, shutting
down gracefully", closes its sockets and exits with code 0; systemd's Restart=on-failure does not
restart a clean exit ("Deactivated successfully"), so the three gateways go away one by one and
stay down. HAProxy marks them DOWN and finally has no server; push-notifier's publishes are
refused and retried (the loudest errors), chat-api cannot fan out typing/presence events.
ws-gateway itself logs no error. Noise: APNs BadDeviceToken errors, a UFW-blocked scanner,
systemd-resolved degraded-feature warnings, an auth WARN stream, an earlier manual restart
of ws-02. No trace ids. Generic alert on the load balancer.
"""
import os
import sys
from datetime import timedelta

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from casegen import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish,
                     iso_ms, journal, pylog)

CASE = "ws-gateway-sighup-exit"
rng = Rng(20250614)

START = dt("2025-06-14T23:18:00")
END = dt("2025-06-15T01:06:00")
HOSTS = ["ws-01", "ws-02", "ws-03"]
IPS = {"ws-01": "10.30.0.11", "ws-02": "10.30.0.12", "ws-03": "10.30.0.13"}
ROTATE = {"ws-01": dt("2025-06-15T00:00:03.114"), "ws-02": dt("2025-06-15T00:04:41.530"), "ws-03": dt("2025-06-15T00:11:26.208")}
RESTART2 = dt("2025-06-14T23:41:17.402")
PIDS = {"ws-01": 21877, "ws-02": 22410, "ws-03": 20963}

gw = LogFile()
jr = {h: LogFile() for h in HOSTS}
lb = LogFile()
pn = LogFile()
chat = LogFile()

down_at = {}      # host -> time its gateway exited


def pino(t, level, host, msg, pid=None):
    pid = pid or PIDS[host]
    s = t.strftime("%Y-%m-%d %H:%M:%S.") + "%03d +0000" % (t.microsecond // 1000)
    gw.add(t, "[%s] %s (ws-gateway/%d on %s): %s" % (s, level, pid, host, msg))


def j(host, t, ident, msg):
    jr[host].add(t, "%s %s %s: %s" % (journal(t), host, ident, msg))


def hap(t, msg):
    lb.add(t, "%s ws-lb-01 haproxy[2211]: %s" % (journal(t), msg))


def alive(host, t):
    return not (host in down_at and t >= down_at[host])


def up_hosts(t):
    return [h for h in HOSTS if alive(h, t) and not (RESTART2 <= t < RESTART2 + timedelta(seconds=4) and h == "ws-02")]


conns = {"ws-01": 5120, "ws-02": 5076, "ws-03": 5231}

# ---- the earlier manual restart of ws-02 (config tweak) ------------------------------------
j("ws-02", RESTART2 - timedelta(milliseconds=300), "sudo[31877]", "   deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart ws-gateway.service")
j("ws-02", RESTART2, "systemd[1]", "Stopping ws-gateway.service - ws-gateway WebSocket edge...")
pino(RESTART2 + timedelta(milliseconds=2), "INFO", "ws-02", "received SIGTERM, shutting down gracefully")
pino(RESTART2 + timedelta(milliseconds=5), "WARN", "ws-02", "closing %d websocket connections (1001 going away)" % conns["ws-02"])
pino(RESTART2 + timedelta(milliseconds=940), "INFO", "ws-02", "shutdown complete, exiting with code 0")
j("ws-02", RESTART2 + timedelta(milliseconds=960), "systemd[1]", "ws-gateway.service: Deactivated successfully.")
j("ws-02", RESTART2 + timedelta(milliseconds=961), "systemd[1]", "Stopped ws-gateway.service - ws-gateway WebSocket edge.")
j("ws-02", RESTART2 + timedelta(milliseconds=962), "systemd[1]", "ws-gateway.service: Consumed 1d 2h 4min 11.871s CPU time.")
j("ws-02", RESTART2 + timedelta(milliseconds=980), "systemd[1]", "Started ws-gateway.service - ws-gateway WebSocket edge.")
PIDS["ws-02"] = 31902
t = RESTART2 + timedelta(seconds=1, milliseconds=420)
pino(t, "INFO", "ws-02", "ws-gateway 4.0.0 starting (node v20.14.0, NODE_ENV=production)")
pino(t + timedelta(milliseconds=12), "INFO", "ws-02", "config loaded from /etc/ws-gateway/config.yaml (max_connections=12000, ping_interval=25s, idle_timeout=90s)")
pino(t + timedelta(milliseconds=15), "INFO", "ws-02", "logger: pino -> /var/log/ws-gateway/app.log (sync=false)")
pino(t + timedelta(milliseconds=17), "INFO", "ws-02", "lifecycle: graceful shutdown registered for SIGINT, SIGTERM, SIGHUP")
pino(t + timedelta(milliseconds=30), "INFO", "ws-02", "listening on :8443 (wss) and :8090 (internal publish)")
hap(RESTART2 + timedelta(seconds=1), "[WARNING]  (2211) : Server be_ws_gateway/ws-02 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.")
hap(RESTART2 + timedelta(seconds=5), "[WARNING]  (2211) : Server be_ws_gateway/ws-02 is UP, reason: Layer4 check passed, check duration: 0ms. 3 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.")

# ---- the nightly rotations ------------------------------------------------------------------
for h in HOSTS:
    r = ROTATE[h]
    j(h, r, "systemd[1]", "Starting logrotate.service - Rotate log files...")
    pino(r + timedelta(milliseconds=31), "INFO", h, "received SIGHUP, shutting down gracefully")
    pino(r + timedelta(milliseconds=33), "INFO", h, "draining: refusing new connections, publish API closed")
    pino(r + timedelta(milliseconds=36), "WARN", h, "closing %d websocket connections (1001 going away)" % conns[h])
    pino(r + timedelta(milliseconds=1210), "INFO", h, "http server closed")
    pino(r + timedelta(milliseconds=1215), "INFO", h, "shutdown complete, exiting with code 0")
    j(h, r + timedelta(milliseconds=60), "systemd[1]", "logrotate.service: Deactivated successfully.")
    j(h, r + timedelta(milliseconds=61), "systemd[1]", "Finished logrotate.service - Rotate log files.")
    j(h, r + timedelta(milliseconds=1240), "systemd[1]", "ws-gateway.service: Deactivated successfully.")
    j(h, r + timedelta(milliseconds=1241), "systemd[1]", "ws-gateway.service: Consumed %dh %dmin %.3fs CPU time." % (rng.randint(1, 30), rng.randint(0, 59), rng.uniform(0, 59)))
    down_at[h] = r + timedelta(milliseconds=40)
    left = [x for x in HOSTS if x not in down_at]
    hap(r + timedelta(seconds=2, milliseconds=rng.randint(0, 900)),
        "[WARNING]  (2211) : Server be_ws_gateway/%s is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms. %d active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."
        % (h, len(left)))
    if not left:
        hap(r + timedelta(seconds=2, milliseconds=950), "[ALERT]    (2211) : backend 'be_ws_gateway' has no server available!")

# ---- ws-gateway steady state ----------------------------------------------------------------
for h in HOSTS:
    t = START + timedelta(seconds=rng.randint(0, 59))
    while t < END:
        if alive(h, t) and not (h == "ws-02" and RESTART2 <= t < RESTART2 + timedelta(seconds=2)):
            if h == "ws-02" and t > RESTART2:
                conns[h] = min(5100, conns[h] + 900) if conns[h] < 5000 else conns[h]
            conns[h] = max(0, conns[h] + rng.randint(-40, 45))
            pino(t, "INFO", h, "stats connections=%d msgs_in_1m=%d msgs_out_1m=%d heap_mb=%d" % (conns[h], rng.randint(9000, 14000), rng.randint(30000, 52000), rng.randint(180, 260)))
        t += timedelta(seconds=60)
    for tn in rng.times(START, END, 1.3):
        if alive(h, tn):
            pino(tn, "WARN", h, "upgrade rejected: invalid or expired session token (client=%s/%s)" % (rng.choice(["ios", "android", "web"]), rng.choice(["6.2.0", "6.1.4", "2025.06.2"])))
conns["ws-02"] = 0  # reset; only used above

# ---- HAProxy (TCP mode) ---------------------------------------------------------------------
def tcplog(t, server, status_ok):
    c = "%s.%d:%d" % (rng.choice(["198.51.100", "203.0.113", "192.0.2"]), rng.randint(2, 250), rng.randint(1024, 65000))
    acc = t.strftime("%d/%b/%Y:%H:%M:%S.") + "%03d" % (t.microsecond // 1000)
    if status_ok:
        hap(t, "%s [%s] fe_wss be_ws_gateway/%s 1/0/%d %d -- %d/%d/%d/%d/0 0/0" % (
            c, acc, server, rng.randint(2000, 3600000), rng.randint(800, 900000), rng.randint(14000, 15500), rng.randint(14000, 15500), rng.randint(14000, 15500), rng.randint(4500, 5300)))
    else:
        hap(t, "%s [%s] fe_wss be_ws_gateway/<NOSRV> -1/-1/0 0 SC %d/%d/0/0/0 0/0" % (c, acc, rng.randint(1, 40), rng.randint(1, 40)))


for tn in rng.times(START, END, 7.0):   # ordinary session ends
    ups = up_hosts(tn)
    if ups:
        tcplog(tn, rng.choice(ups), True)
for h in HOSTS:
    # dropped clients reconnect with jittered exponential backoff; while others are up they land there
    base = down_at[h]
    for k in range(140):
        tn = base + timedelta(seconds=rng.uniform(0.5, 1.0) * (2 ** min(rng.randint(0, 9), 8)) + rng.uniform(0, 600) * (k % 3))
        if tn >= END:
            continue
        ups = up_hosts(tn)
        tcplog(tn, rng.choice(ups) if ups else None, bool(ups))
for tn in rng.times(ROTATE["ws-03"], END, 6.0):
    tcplog(tn, None, False)
t = START + timedelta(seconds=3)
while t < END:
    hap(t, "Connect from 10.30.9.4:%d to 10.30.0.5:8404 (stats/HTTP)" % rng.randint(30000, 60000))
    t += timedelta(seconds=30)

# ---- push-notifier (Go, logfmt) ------------------------------------------------------------
def lf(t, level, msg, **kv):
    extra = "".join(' %s=%s' % (k, ('"%s"' % v.replace('"', '\\"')) if isinstance(v, str) and (" " in v or '"' in v or ":" in v) else v) for k, v in kv.items())
    pn.add(t, 'time=%s level=%s msg="%s"%s' % (iso_ms(t), level, msg, extra))


for tn in rng.times(START, END, 22.0):
    h = rng.choice(HOSTS)   # the recipient's live connection sits on this gateway (from redis)
    if alive(h, tn):
        lf(tn, "info", "delivered", kind=rng.choice(["chat.message", "presence", "typing"]), gateway=h, latency_ms=rng.lognorm_ms(6))
        continue
    if tn >= down_at[h] + timedelta(minutes=3):
        # routing entry expired: the user is offline as far as realtime is concerned
        lf(tn, "info", "recipient offline, sent mobile push", kind="chat.message", provider=rng.choice(["apns", "fcm"]))
        continue
    tt = tn
    for att in (1, 2, 3):
        lf(tt, "error", "publish to gateway failed", gateway=h, attempt=att,
           err='Post "http://%s.internal:8090/internal/publish": dial tcp %s:8090: connect: connection refused' % (h, IPS[h]))
        tt += timedelta(milliseconds=200 * 2 ** att)
    lf(tt, "warn", "giving up on realtime delivery, falling back to mobile push", gateway=h)
for tn in rng.times(START, END, 1 / 1.5):
    lf(tn, "error", "apns send failed", reason="BadDeviceToken", status=400, device=rng.hex(8) + "...")
t = START + timedelta(seconds=20)
while t < END:
    lf(t, "info", "routing table refreshed", entries=sum(1 for h in HOSTS if alive(h, t)) * rng.randint(4900, 5200), source="redis://presence-redis:6379/2")
    t += timedelta(minutes=1)

# ---- chat-api (Python) ---------------------------------------------------------------------
TB = '''Traceback (most recent call last):
  File "/srv/chat/.venv/lib/python3.12/site-packages/httpx/_transports/default.py", line 72, in map_httpcore_exceptions
    yield
  File "/srv/chat/.venv/lib/python3.12/site-packages/httpx/_transports/default.py", line 236, in handle_request
    resp = self._pool.handle_request(req)
httpcore.ConnectError: [Errno 111] Connection refused

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/srv/chat/chat/realtime/fanout.py", line 58, in publish_typing
    r = self.client.post(f"http://{{gateway}}.internal:8090/internal/publish", json=evt, timeout=0.5)
  File "/srv/chat/.venv/lib/python3.12/site-packages/httpx/_transports/default.py", line 89, in map_httpcore_exceptions
    raise mapped_exc(message) from exc
httpx.ConnectError: [Errno 111] Connection refused

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/srv/chat/chat/api/views.py", line 131, in typing
    fanout.publish_typing(room_id, user_id)
  File "/srv/chat/chat/realtime/fanout.py", line 64, in publish_typing
    raise GatewayUnavailableError(gateway) from e
chat.realtime.fanout.GatewayUnavailableError: ws-gateway {gw} unavailable'''

for tn in rng.times(START, END, 8.0):
    h = rng.choice(HOSTS)
    room = rng.randint(10000, 99999)
    if alive(h, tn):
        chat.add(tn, "%s INFO [chat.api] POST /v2/rooms/%d/typing 204 %dms" % (pylog(tn), room, rng.lognorm_ms(9)))
    elif tn < down_at[h] + timedelta(minutes=3):
        chat.add(tn, "%s ERROR [chat.api] typing fan-out failed for room %d\n%s" % (pylog(tn), room, TB.format(gw=h)))
    else:
        chat.add(tn, "%s INFO [chat.api] POST /v2/rooms/%d/typing 204 %dms (no realtime recipients)" % (pylog(tn), room, rng.lognorm_ms(5)))
for tn in rng.times(START, END, 3.0):
    chat.add(tn, "%s INFO [chat.api] POST /v2/rooms/%d/messages 201 %dms" % (pylog(tn), rng.randint(10000, 99999), rng.lognorm_ms(25)))
for tn in rng.times(START, END, 1 / 9.0):
    chat.add(tn, "%s WARNING [chat.moderation] classifier latency %dms above 400ms budget" % (pylog(tn), rng.randint(410, 1400)))

# ---- host noise -----------------------------------------------------------------------------
for h in HOSTS:
    for tn in rng.times(START, END, 1 / 4.0):
        j(h, tn, "kernel", "[UFW BLOCK] IN=ens5 OUT= MAC=%s SRC=%s DST=%s LEN=44 TOS=0x00 PREC=0x00 TTL=%d ID=%d PROTO=TCP SPT=%d DPT=%d WINDOW=1024 RES=0x00 SYN URGP=0"
          % (":".join(rng.hex(2) for _ in range(14)), "45.%d.%d.%d" % (rng.randint(1, 250), rng.randint(1, 250), rng.randint(1, 250)), IPS[h], rng.randint(40, 250), rng.randint(1, 65000), rng.randint(1024, 65000), rng.choice([22, 23, 3389, 5900, 6379, 9200])))
    for tn in rng.times(START, END, 1 / 12.0):
        j(h, tn, "systemd-resolved[512]", "Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 10.30.0.2.")
    t = START + timedelta(minutes=rng.randint(0, 9), seconds=1)
    while t < END:
        j(h, t, "CRON[%d]" % rng.randint(30000, 39999), "(root) CMD (/usr/local/bin/node-metrics-push >/dev/null 2>&1)")
        t += timedelta(minutes=10)
    t = START + timedelta(minutes=rng.randint(0, 29), seconds=rng.randint(0, 59))
    j(h, t, "systemd-timesyncd[498]", "Initial synchronization to time server 169.254.169.123:123 (169.254.169.123).")

# ---- write ---------------------------------------------------------------------------------
logs = reset_logs(CASE)
chat.write(os.path.join(logs, "chat-api.log"))
pn.write(os.path.join(logs, "push-notifier.log"))
for h in HOSTS:
    jr[h].write(os.path.join(logs, "%s.journal.log" % h))
gw.write(os.path.join(logs, "ws-gateway.log"))
lb.write(os.path.join(logs, "ws-lb-01.haproxy.log"))

write_json(os.path.join(case_dir(CASE), "alert.json"), {
    "source": "generic",
    "service": "ws-lb-01",
    "title": "HAProxy be_ws_gateway: 0 of 3 servers UP",
    "severity": "critical",
    "fingerprint": "5f0e2b8c7a1d4936",
    "startsAt": "2025-06-15T00:12:30Z",
    "labels": {"env": "prod", "team": "realtime", "alertname": "HAProxyBackendDown", "backend": "be_ws_gateway",
               "instance": "ws-lb-01:8404", "source": "prometheus"},
})

finish(CASE, {
    "root_cause": {
        "service": "ws-gateway",
        "component": "4.0.0 lifecycle module registers the graceful-shutdown handler for SIGHUP too; logrotate's postrotate `systemctl kill -s HUP ws-gateway.service` now makes every gateway exit 0, which Restart=on-failure does not restart",
        "error_type": None,
        "file": "src/lifecycle/shutdown.ts",
    },
    "category": "code",
    "symptoms": [
        {"service": "push-notifier", "error_type": None},
        {"service": "chat-api", "error_type": "GatewayUnavailableError"},
        {"service": "ws-lb-01", "error_type": None},
    ],
    "why": "Since 4.0.0, ws-gateway treats SIGHUP like SIGTERM; when the nightly logrotate on each host sends its usual HUP (00:00, 00:04, 00:11), the gateway shuts down cleanly and exits 0, so systemd (Restart=on-failure) leaves it stopped. With all three down HAProxy has no server, push-notifier's publishes are refused and retried, and chat-api cannot fan out. Handling SIGHUP as 'reopen logs' (or using copytruncate) and restarting the units fixes it; the hosts and HAProxy are fine.",
})
