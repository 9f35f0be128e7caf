#!/usr/bin/env python3
"""filer-02-raid-rebuild-nfs-hang

filer-02 serves the product-image originals over NFS to the Kubernetes nodes. At 09:12 one
disk of its RAID 6 array fails (smartd had warned since 08:30), md kicks it out and starts
rebuilding onto the hot spare at up to 200 MB/s; the rebuild starves the array, nfsd threads
block for minutes (hung-task warnings) and the NFS clients on the nodes report "server
filer-02 not responding, still trying" / "OK" in waves. media-api (Spring, async streaming)
reads originals from the mount; its requests hang until Spring's 30 s async timeout
(AsyncRequestTimeoutException); image-resizer (Go) gives up after 10 s and retries once, and
the CDN edge answers 504. The host has no exception of its own: the root cause is the storage
server's failed disk and the rebuild's I/O.
Noise: EXIF metadata errors in media-api since yesterday, unsupported colour profile warnings
in image-resizer, 404s for deleted images at the edge, routine journal lines.
Generic alert on image-resizer.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, lb, logfmt, nginx_line, jl, generic_alert, ip)

CASE = "filer-02-raid-rebuild-nfs-hang"
rng = Rng(20260217)
START, END = dt("2026-02-17T08:25:00"), dt("2026-02-17T09:45:00")
FAIL = dt("2026-02-17T09:12:38.000")
REBUILD = dt("2026-02-17T09:13:52.000")
FILER, NODE = "filer-02", "ip-10-7-1-21"

fj, nj, ma, ir, cdn = LogFile(), LogFile(), LogFile(), LogFile(), LogFile()

# ---- filer-02 -------------------------------------------------------------------------------------
for m in range(5, 80, 30):
    t = START + timedelta(minutes=m, seconds=11)
    if t < FAIL:
        fj.add(t, jl(t, FILER, "smartd[911]", "Device: /dev/sdf [SAT], %d Currently unreadable (pending) sectors" % (8 + m)))
        fj.add(t, jl(t, FILER, "smartd[911]", "Device: /dev/sdf [SAT], SMART Usage Attribute: 5 Reallocated_Sector_Ct changed from 100 to 98"))
fj.add(FAIL, jl(FAIL, FILER, "kernel", "sd 6:0:5:0: [sdf] tag#17 FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=30s"))
fj.add(FAIL, jl(FAIL, FILER, "kernel", "blk_update_request: I/O error, dev sdf, sector 5860532224 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0"))
fj.add(FAIL + timedelta(seconds=1), jl(FAIL + timedelta(seconds=1), FILER, "kernel", "md/raid:md0: Disk failure on sdf, disabling device."))
fj.add(FAIL + timedelta(seconds=1), jl(FAIL + timedelta(seconds=1), FILER, "kernel", "md/raid:md0: Operation continuing on 7 devices."))
fj.add(FAIL + timedelta(seconds=2), jl(FAIL + timedelta(seconds=2), FILER, "mdadm[1022]", "Fail event detected on md device /dev/md0, component device /dev/sdf"))
fj.add(FAIL + timedelta(seconds=40), jl(FAIL + timedelta(seconds=40), FILER, "smartd[911]", "Device: /dev/sdf [SAT], FAILED SMART self-check. BACK UP DATA NOW!"))
fj.add(REBUILD, jl(REBUILD, FILER, "mdadm[1022]", "SpareActive event detected on md device /dev/md0, component device /dev/sdi"))
fj.add(REBUILD, jl(REBUILD, FILER, "kernel", "md: recovery of RAID array md0"))
fj.add(REBUILD, jl(REBUILD, FILER, "kernel", "md: minimum _guaranteed_  speed: 1000 KB/sec/disk."))
fj.add(REBUILD, jl(REBUILD, FILER, "kernel", "md: using maximum available idle IO bandwidth (but not more than 200000 KB/sec) for recovery."))
fj.add(REBUILD, jl(REBUILD, FILER, "kernel", "md: using 128k window, over a total of 7814036992k."))
t = REBUILD + timedelta(minutes=2, seconds=10)
while t < END:
    pid = rng.choice([2217, 2218, 2221, 2224, 2230])
    fj.add(t, jl(t, FILER, "kernel", "INFO: task nfsd:%d blocked for more than %d seconds." % (pid, rng.choice([122, 245, 368]))))
    fj.add(t, jl(t, FILER, "kernel", "      Not tainted 5.14.0-427.31.1.el9_4.x86_64 #1"))
    fj.add(t, jl(t, FILER, "kernel", "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message."))
    fj.add(t, jl(t, FILER, "kernel", "task:nfsd           state:D stack:0     pid:%d  ppid:2     flags:0x00004000" % pid))
    t += timedelta(seconds=rng.randint(60, 150))
for m in range(0, 30, 10):
    t = REBUILD + timedelta(minutes=m + 5, seconds=3)
    fj.add(t, jl(t, FILER, "mdadm[1022]", "RebuildProgress event detected on md device /dev/md0 (%d%% done, speed=%dK/sec)" % (1 + m // 10, rng.randint(180000, 199000))))
for t in rng.times(START, END, 0.2):
    fj.add(t, jl(t, FILER, "systemd-logind[802]", "New session %d of user nagios." % rng.randint(4000, 4999)))


def nfs_bad(t):
    """waves of unresponsiveness during the rebuild"""
    if t < REBUILD + timedelta(seconds=90):
        return False
    s = int((t - REBUILD).total_seconds())
    return (s // 60) % 5 != 4  # 4 minutes bad, 1 minute of relief


# node NFS client messages
state = False
t = START
while t < END:
    b = nfs_bad(t)
    if b != state:
        nj.add(t, jl(t, NODE, "kernel", "nfs: server filer-02.storage.internal not responding, still trying" if b else "nfs: server filer-02.storage.internal OK"))
        state = b
    t += timedelta(seconds=15)
for t in rng.times(START, END, 0.1):
    nj.add(t, jl(t, NODE, "containerd[1104]", "time=\"%s\" level=info msg=\"ImageUpdate event name:\\\"registry.acme.example/pause:3.9\\\"\"" % t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")))

# ---- requests: cdn -> image-resizer -> media-api ---------------------------------------------------------
TO = ("org.springframework.web.context.request.async.AsyncRequestTimeoutException: null\n"
      "\tat org.springframework.web.context.request.async.TimeoutDeferredResultProcessingInterceptor.handleTimeout(TimeoutDeferredResultProcessingInterceptor.java:42)\n"
      "\tat org.springframework.web.context.request.async.WebAsyncManager.lambda$startCallableProcessing$2(WebAsyncManager.java:327)\n"
      "\tat org.apache.catalina.core.AsyncContextImpl.timeout(AsyncContextImpl.java:135)")


def media(t, trace, path):
    th = "http-nio-8080-exec-%d" % rng.randint(1, 200)
    if nfs_bad(t) and rng.random() < 0.85:
        td = t + timedelta(seconds=30, milliseconds=rng.randint(1, 30))
        ma.add(td, lb(td, "ERROR", th, "c.a.media.web.OriginalsController", "GET %s timed out after 30000ms reading /mnt/media/originals (trace %s)\n%s" % (path, trace, TO)))
        return None
    ms = rng.lognorm_ms(60) if not nfs_bad(t) else rng.lognorm_ms(6000)
    td = t + timedelta(milliseconds=ms)
    ma.add(td, lb(td, "INFO", th, "c.a.media.web.RequestLog", "GET %s 200 in %dms (%d bytes, trace %s)" % (path, ms, rng.randint(300000, 4000000), trace)))
    return ms


for t in rng.times(START, END, 5.0):
    trace = rng.hex(32)
    img = "%d" % rng.randint(1000000, 9999999)
    w = rng.choice([320, 640, 1080, 1600])
    path = "/originals/%s/%s.jpg" % (img[:2], img)
    ta = t
    ok = False
    for attempt in (1, 2):
        ms = media(ta, trace, path)
        if ms is not None and ms <= 10000:
            ok = True
            td = ta + timedelta(milliseconds=ms + rng.lognorm_ms(80))
            ir.add(td, logfmt(td, "info", "resized", image=img, width=w, origin_ms=ms, trace_id=trace))
            break
        tt = ta + timedelta(seconds=10)
        ir.add(tt, logfmt(tt, "error", "fetch original failed", image=img, attempt="%d/2" % attempt, err="Get \"http://media-api.media.svc:8080%s\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)" % path, trace_id=trace))
        ta = tt + timedelta(milliseconds=50)
    te = td if ok else ta
    cdn.add(te + timedelta(milliseconds=3), nginx_line(te + timedelta(milliseconds=3), ip(rng), "GET", "/img/%s/w%d.webp" % (img, w), 200 if ok else 504, rng.randint(20000, 180000) if ok else 160,
                                                      rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"]),
                                                      (te - t).total_seconds() + 0.003, "media-image-resizer-8080", "10.7.%d.%d:8080" % (rng.randint(1, 3), rng.randint(2, 250)), trace))

# ---- noise ------------------------------------------------------------------------------------------
for t in rng.times(START, END, 0.3):
    ma.add(t, lb(t, "ERROR", "http-nio-8080-exec-%d" % rng.randint(1, 200), "c.a.media.meta.ExifReader",
                 "EXIF metadata unreadable, serving without orientation\ncom.drew.imaging.ImageProcessingException: File format could not be determined\n\tat com.drew.imaging.ImageMetadataReader.readMetadata(ImageMetadataReader.java:166)\n\tat com.acme.media.meta.ExifReader.read(ExifReader.java:38)"))
for t in rng.times(START, END, 0.5):
    ir.add(t, logfmt(t, "warn", "unsupported colour profile, converting to sRGB", profile="Display P3", image=rng.randint(1000000, 9999999)))
for t in rng.times(START, END, 0.4):
    cdn.add(t, nginx_line(t, ip(rng), "GET", "/img/%d/w640.webp" % rng.randint(1000000, 9999999), 404, 153, "Mozilla/5.0 (compatible; bingbot/2.0)", 0.011, "media-image-resizer-8080", "10.7.2.14:8080", rng.hex(32)))

d = reset_logs(CASE)
fj.write(d + "/%s.journal.log" % FILER)
nj.write(d + "/%s.journal.log" % NODE)
ma.write(d + "/media-api.log")
ir.write(d + "/image-resizer.log")
cdn.write(d + "/cdn-edge.access.log")
write_json(d + "/../alert.json", generic_alert(
    "image-resizer", "image-resizer: origin fetch errors 46% and p95 latency 20s on /img", "critical", "5b9e2d7c0a3f8146", dt("2026-02-17T09:19:00"),
    {"env": "prod", "team": "media", "alertname": "ImageOriginErrors", "source": "grafana", "namespace": "media"}))
finish(CASE, {
    "root_cause": {"service": FILER, "component": "RAID 6 md0: disk sdf failed at 09:12, rebuild onto spare sdi at up to 200 MB/s starves nfsd (hung tasks)",
                   "error_type": None, "file": None},
    "category": "infra",
    "symptoms": [{"service": "image-resizer", "error_type": None},
                 {"service": "media-api", "error_type": "AsyncRequestTimeoutException"},
                 {"service": "cdn-edge", "error_type": "HTTP_504"},
                 {"service": NODE, "error_type": None}],
    "why": "filer-02 lost disk sdf at 09:12 (smartd had warned since 08:30) and md started rebuilding RAID 6 onto the spare at full speed, which starves the array: nfsd threads hang for minutes and the nodes report the NFS server not responding in waves. media-api's reads of /mnt/media block until its 30 s async timeout, image-resizer times out and retries, and the CDN answers 504; cap the rebuild speed (dev.raid.speed_limit_max) and replace the disk, the applications are fine.",
})
