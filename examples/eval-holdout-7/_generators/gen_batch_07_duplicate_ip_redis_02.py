"""batch-07-duplicate-ip-redis-02 (network): a new VM, batch-07, boots with a static address copied from
the wrong inventory line, 10.12.0.31, which is redis-02's. The app hosts' ARP entries flip between the
two MACs; whenever a host points at batch-07 its Redis connections are refused or reset. redis-02
itself is healthy; its arpwatch sees the flip-flops."""
import os
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish, jl, nginx_line, generic_alert, ip, iso_us)

CASE = "batch-07-duplicate-ip-redis-02"
rng = Rng(7009)
logs = reset_logs(CASE)
START, END = dt("2025-11-04T08:50:00"), dt("2025-11-04T10:20:00")
BOOT = dt("2025-11-04T09:14:02")
UP = dt("2025-11-04T09:14:19.400")
REDIS_IP, MAC_REDIS, MAC_BATCH = "10.12.0.31", "52:54:00:3a:8c:11", "52:54:00:7e:19:a4"

b7, rj, rl, web, wk, ing = LogFile(), LogFile(), LogFile(), LogFile(), LogFile(), LogFile()
CLIENTS = {"web-1": "10.12.0.21", "web-2": "10.12.0.22", "worker-1": "10.12.0.25"}


def arp_timeline(host):
    """[(from, to, mac)] for one client host: its ARP entry is refreshed every 30-90 s and, once batch-07
    answers too, the last ARP reply wins"""
    out, t, mac = [], START, MAC_REDIS
    while t < END:
        nxt = t + timedelta(seconds=rng.uniform(30, 90))
        out.append((t, nxt, mac))
        t = nxt
        mac = MAC_REDIS if t < UP else (MAC_BATCH if rng.random() < 0.45 else MAC_REDIS)
    return out


ARP = {h: arp_timeline(h) for h in CLIENTS}


def bad(host, t):
    return any(a <= t < b and m == MAC_BATCH for a, b, m in ARP[host])


# arpwatch on redis-02 reports each change it sees
last = MAC_REDIS
flips = sorted((a, h, m) for h, tl in ARP.items() for a, b, m in tl)
for a, h, m in flips:
    if m != last and a >= UP:
        ta = a + timedelta(milliseconds=rng.randint(5, 900))
        old = MAC_BATCH if m == MAC_REDIS else MAC_REDIS
        rj.add(ta, jl(ta, "redis-02", "arpwatch[1022]", "flip flop %s %s (%s) eth0" % (REDIS_IP, m, old)))
    last = m
ta = UP + timedelta(milliseconds=350)
rj.add(ta, jl(ta, "redis-02", "arpwatch[1022]", "changed ethernet address %s %s (%s) eth0" % (REDIS_IP, MAC_BATCH, MAC_REDIS)))


def rails(t, level, rid, msg):
    return "%s %s -- : [%s] %s" % (iso_us(t), level, rid, msg)


WEB_BT = {
    "CannotConnectError": ["/usr/local/bundle/gems/redis-client-0.22.2/lib/redis_client/ruby_connection.rb:136:in `rescue in connect'",
                           "/usr/local/bundle/gems/redis-client-0.22.2/lib/redis_client.rb:738:in `ensure_connected'",
                           "app/models/session_store.rb:27:in `fetch'",
                           "app/controllers/application_controller.rb:12:in `load_session'"],
    "ConnectionError": ["/usr/local/bundle/gems/redis-client-0.22.2/lib/redis_client/ruby_connection.rb:100:in `rescue in read'",
                        "/usr/local/bundle/gems/redis-client-0.22.2/lib/redis_client.rb:738:in `ensure_connected'",
                        "app/models/session_store.rb:27:in `fetch'",
                        "app/controllers/application_controller.rb:12:in `load_session'"],
}

# shop-web (Rails, 2 hosts): sessions and carts live in redis-02
PATHS = [("GET", "/"), ("GET", "/products/%d"), ("POST", "/cart/items"), ("GET", "/cart"), ("GET", "/search?q=%s")]
for t in rng.times(START, END, 4.0):
    host = rng.choice(["web-1", "web-2"])
    method, path = rng.choice(PATHS)
    path = path % (rng.randint(1000, 9999) if "%d" in path else rng.choice(["boots", "scarf", "coat", "gloves"])) if "%" in path else path
    rid = "%s-%s-%s" % (rng.hex(8), rng.hex(4), rng.hex(4))
    client = ip(rng, "77.%d" % rng.randint(0, 200))
    ms = rng.lognorm_ms(45)
    te = t + timedelta(milliseconds=ms)
    if bad(host, t):
        kind = "CannotConnectError" if rng.random() < 0.7 else "ConnectionError"
        detail = ("Error connecting to Redis on %s:6379 (Errno::ECONNREFUSED)" % REDIS_IP if kind == "CannotConnectError"
                  else "Connection lost (ECONNRESET) (redis://%s:6379)" % REDIS_IP)
        web.add(te, rails(te, "ERROR", rid, "host=%s %s %s 500 in %dms\nRedis::%s (%s):\n  %s" % (
            host, method, path.split("?")[0], ms, kind, detail, "\n  ".join(WEB_BT[kind]))))
        ing.add(te, nginx_line(te, client, method, path, 500, 1634, "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0", ms / 1000.0 + 0.001,
                               "shop-web", "%s:3000" % CLIENTS[host], rid.replace("-", "")[:32]))
    else:
        st = 302 if method == "POST" else 200
        web.add(te, rails(te, "INFO", rid, "host=%s %s %s %d in %dms (Views: %.1fms | ActiveRecord: %.1fms)" % (
            host, method, path.split("?")[0], st, ms, ms * 0.4, ms * 0.3)))
        ing.add(te, nginx_line(te, client, method, path, st, rng.randint(2000, 40000) if st == 200 else 0, "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
                               ms / 1000.0 + 0.001, "shop-web", "%s:3000" % CLIENTS[host], rid.replace("-", "")[:32]))

# shop-worker (Sidekiq on worker-1): fetch errors while worker-1 points at batch-07, jobs otherwise
t = START
while t < END:
    if bad("worker-1", t):
        wk.add(t, "%s pid=9 tid=%s ERROR: Error fetching job: Redis::CannotConnectError: Error connecting to Redis on %s:6379 (Errno::ECONNREFUSED)" % (
            iso_us(t), rng.alnum(4), REDIS_IP))
        t += timedelta(seconds=rng.uniform(5.0, 10.0))
    else:
        cls = rng.choice(["OrderConfirmationMailerJob", "StockSyncJob", "AbandonedCartJob"])
        jid, tid = rng.hex(24), rng.alnum(4)
        wk.add(t, "%s pid=9 tid=%s class=%s jid=%s INFO: start" % (iso_us(t), tid, cls, jid))
        te = t + timedelta(milliseconds=rng.randint(40, 900))
        wk.add(te, "%s pid=9 tid=%s class=%s jid=%s elapsed=%.3f INFO: done" % (iso_us(te), tid, cls, jid, (te - t).total_seconds()))
        t += timedelta(seconds=rng.uniform(6, 20))

# batch-07 boots from the cloned template with the copied static address
boot = [
    ("kernel", "Linux version 6.8.0-48-generic (buildd@lcy02-amd64-010) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0) #48-Ubuntu SMP PREEMPT_DYNAMIC"),
    ("kernel", "Command line: BOOT_IMAGE=/vmlinuz-6.8.0-48-generic root=LABEL=cloudimg-rootfs ro console=ttyS0"),
    ("systemd[1]", "Hostname set to <batch-07>."),
    ("systemd-networkd[598]", "eth0: Link UP"),
    ("systemd-networkd[598]", "eth0: Gained carrier"),
    ("cloud-init[712]", "Cloud-init v. 24.3.1-0ubuntu0~24.04.2 running 'init' at Tue, 04 Nov 2025 09:14:09 +0000. Up 7.41 seconds."),
    ("cloud-init[712]", "ci-info: ++++++++++++++++++++++++++++++++++++++Net device info+++++++++++++++++++++++++++++++++++++++"),
    ("cloud-init[712]", "ci-info: +--------+------+----------------------------+---------------+--------+-------------------+"),
    ("cloud-init[712]", "ci-info: | Device |  Up  |          Address           |      Mask     | Scope  |     Hw-Address    |"),
    ("cloud-init[712]", "ci-info: +--------+------+----------------------------+---------------+--------+-------------------+"),
    ("cloud-init[712]", "ci-info: |  eth0  | True |         %s         | 255.255.255.0 | global | %s |" % (REDIS_IP, MAC_BATCH)),
    ("cloud-init[712]", "ci-info: |   lo   | True |         127.0.0.1          |   255.0.0.0   |  host  |         .         |"),
    ("cloud-init[712]", "ci-info: +--------+------+----------------------------+---------------+--------+-------------------+"),
    ("systemd-networkd[598]", "eth0: Configuring with /run/systemd/network/10-netplan-eth0.network."),
    ("systemd[1]", "Reached target network-online.target - Network is Online."),
    ("cloud-init[930]", "Cloud-init v. 24.3.1-0ubuntu0~24.04.2 running 'modules:final' at Tue, 04 Nov 2025 09:14:16 +0000. Up 14.02 seconds."),
    ("cloud-init[930]", "Cloud-init v. 24.3.1-0ubuntu0~24.04.2 finished at Tue, 04 Nov 2025 09:14:19 +0000. Datasource DataSourceNoCloud [seed=/dev/sr0][dsmode=net].  Up 17.38 seconds"),
    ("systemd[1]", "Started batch-agent.service - Acme batch agent."),
    ("batch-agent[1011]", "batch-agent 1.9.0 starting, role=reporting-batch, inventory=vm-inventory.csv@3f2a91c"),
    ("batch-agent[1011]", "registered with scheduler at 10.12.0.40:7070 as batch-07"),
]
t = BOOT
for unit, msg in boot:
    t += timedelta(milliseconds=rng.randint(50, 1400))
    b7.add(t, jl(t, "batch-07", unit, msg))
for t in rng.times(UP, END, 1 / 5.0):
    b7.add(t, jl(t, "batch-07", "batch-agent[1011]", "idle, no jobs assigned (queue=reporting)"))
for t in rng.times(UP, END, 1 / 20.0):
    b7.add(t, jl(t, "batch-07", "systemd[1]", "Starting sysstat-collect.service - system activity accounting tool..."))

# redis-02: server log (healthy) and host journal
t = START + timedelta(seconds=22)
while t < END:
    rl.add(t, "1124:M %s * 100 changes in 300 seconds. Saving..." % (t.strftime("%d %b %Y %H:%M:%S.") + "%03d" % (t.microsecond // 1000)))
    rl.add(t, "1124:M %s * Background saving started by pid %d" % (t.strftime("%d %b %Y %H:%M:%S.") + "%03d" % (t.microsecond // 1000), rng.randint(30000, 39999)))
    t2 = t + timedelta(milliseconds=rng.randint(300, 900))
    rl.add(t2, "%d:C %s * DB saved on disk" % (rng.randint(30000, 39999), t2.strftime("%d %b %Y %H:%M:%S.") + "%03d" % (t2.microsecond // 1000)))
    rl.add(t2, "1124:M %s * Background saving terminated with success" % (t2.strftime("%d %b %Y %H:%M:%S.") + "%03d" % (t2.microsecond // 1000)))
    t += timedelta(seconds=300 + rng.uniform(-2, 2))
for t in rng.times(START, END, 1 / 10.0):
    rl.add(t, "1124:M %s # WARNING: The TCP backlog setting of 511 cannot be enforced because /proc/sys/net/core/somaxconn is set to the lower value of 128." % (
        t.strftime("%d %b %Y %H:%M:%S.") + "%03d" % (t.microsecond // 1000)))
for t in rng.times(START, END, 1 / 15.0):
    rj.add(t, jl(t, "redis-02", "CRON[%d]" % rng.randint(40000, 49999), "(root) CMD (/usr/local/bin/redis-backup-check.sh >/dev/null 2>&1)"))
for t in rng.times(START, END, 1 / 12.0):
    rj.add(t, jl(t, "redis-02", "systemd[1]", "Started sysstat-collect.service - system activity accounting tool."))

# benign noise in the app
for t in rng.times(START, END, 1 / 3.0):
    rid = "%s-%s-%s" % (rng.hex(8), rng.hex(4), rng.hex(4))
    p = rng.choice(["/wp-login.php", "/.env", "/xmlrpc.php", "/admin/config.php"])
    web.add(t, rails(t, "FATAL", rid, 'host=%s ActionController::RoutingError (No route matches [GET] "%s"):' % (rng.choice(["web-1", "web-2"]), p)))
    ing.add(t, nginx_line(t, ip(rng, "185.%d" % rng.randint(100, 250)), "GET", p, 404, 1722, "Mozilla/5.0 zgrab/0.x", 0.004, "shop-web", "10.12.0.21:3000", rid.replace("-", "")[:32]))
for t in rng.times(START, END, 1 / 8.0):
    web.add(t, rails(t, "WARN", "-", "DEPRECATION WARNING: Calling `ActiveRecord::Base.clear_active_connections!` is deprecated. Use `clear_active_connections!` on the connection handler instead."))
for t in rng.times(START, END, 0.5):
    st = 502 if rng.random() < 0.03 else 200
    ing.add(t, nginx_line(t, "10.12.0.5", "GET", "/up", st, 73 if st == 200 else 150, "Consul Health Check", 0.003 if st == 200 else 0.0, "shop-web",
                          "10.12.0.22:3000" if st == 200 else "-", rng.hex(32)))

b7.write(os.path.join(logs, "batch-07.journal.log"))
rj.write(os.path.join(logs, "redis-02.journal.log"))
rl.write(os.path.join(logs, "redis-02.log"))
web.write(os.path.join(logs, "shop-web.log"))
wk.write(os.path.join(logs, "shop-worker.log"))
ing.write(os.path.join(logs, "nginx.access.log"))

write_json(os.path.join(case_dir(CASE), "alert.json"), generic_alert(
    "shop-web", "shop-web intermittent 500s (18% over 10m), Redis connection errors", "high", "c21f7a90e4b3d658",
    dt("2025-11-04T09:27:00"), {"env": "prod", "team": "shop", "alertname": "ShopWeb5xx", "site": "dc-fra-1"}))

finish(CASE, {
    "root_cause": {"service": "batch-07", "component": "static address 10.12.0.31/24 from the cloned VM template's NoCloud network-config (duplicate of redis-02)",
                   "error_type": None, "file": None},
    "category": "network",
    "symptoms": [{"service": "shop-web", "error_type": "CannotConnectError"},
                 {"service": "shop-worker", "error_type": "CannotConnectError"},
                 {"service": "nginx", "error_type": "HTTP_500"}],
    "why": "batch-07, booted at 09:14, was given redis-02's address 10.12.0.31 (its cloud-init net table shows the address with its own MAC); from then the app hosts' ARP entries flip between the two MACs (redis-02's arpwatch logs each flip-flop), and whenever a host resolves to batch-07 its Redis connections are refused or reset. Redis itself is healthy; the errors come and go per host with the ARP entry.",
})
