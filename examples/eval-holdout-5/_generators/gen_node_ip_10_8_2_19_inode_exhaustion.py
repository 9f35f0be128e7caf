#!/usr/bin/env python3
"""node-ip-10-8-2-19-inode-exhaustion

Worker node ip-10-8-2-19 has been up for 143 days; its 50 GB root volume (ext4, default inode
ratio) holds containerd snapshots and kubelet pod dirs, and at 10:12 it runs out of inodes while
only 41% of the blocks are used. kubelet's eviction manager reports inode pressure and evicts
pods; every write that creates a file on that node fails with ENOSPC. search-api pods on the node
fail index-segment spills with IOException "No space left on device" (the loudest);
thumbnailer (Python, JSONL) fails with OSError [Errno 28]; new pods cannot start there
(FailedCreatePodSandBox). Pods on other nodes are fine. The node itself logs no exception,
only its journal (kubelet, containerd, df checks) shows the inode exhaustion.
Noise: routine kubelet image GC lines, search-api slow-query warnings, an older recurring
search-api SynonymLoadException, thumbnailer unsupported-format warnings.
Sentry issue alert on thumbnailer.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, jrec, jl, k8s, spring, spring_err, sentry_alert, pod)

CASE = "node-ip-10-8-2-19-inode-exhaustion"
rng = Rng(20260420)
START, END = dt("2026-04-20T09:50:00"), dt("2026-04-20T10:40:00")
FULL = dt("2026-04-20T10:12:38")
NODE = "ip-10-8-2-19"
nd, ev, sa, th = LogFile(), LogFile(), LogFile(), LogFile()
SA_BAD = pod(rng, "search-api", "6d9c7b5f8")
SA_OK = [pod(rng, "search-api", "6d9c7b5f8") for _ in range(3)]
TH_BAD = pod(rng, "thumbnailer", "77b8c9d6f")
TH_OK = pod(rng, "thumbnailer", "77b8c9d6f")
for m in range(0, 50, 5):
    t = START + timedelta(minutes=m, seconds=1)
    used = min(100, 92 + m // 4) if t < FULL else 100
    nd.add(t, jl(t, NODE, "node-problem-detector[977]", "fs check /: blocks 41%% used, inodes %d%% used (%d/3276800)" % (used, 3276800 * used // 100 - rng.randint(0, 400) if used < 100 else 3276800)))
nd.add(FULL, jl(FULL, NODE, "kernel", "EXT4-fs warning (device nvme0n1p1): ext4_mkdir:2977: Directory index full, or inodes exhausted"))
for t in rng.times(FULL, END, 3):
    nd.add(t, jl(t, NODE, "kubelet[1423]", "E%s    1423 eviction_manager.go:367] \"Eviction manager: attempting to reclaim\" resourceName=\"ephemeral-storage\" signal=\"nodefs.inodesFree\"" % t.strftime("%m%d %H:%M:%S.%f")))
for t in rng.times(FULL, END, 2):
    nd.add(t, jl(t, NODE, "containerd[1102]", 'time="%s" level=error msg="failed to prepare extraction snapshot" error="mkdir /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/%d: no space left on device"' % (t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), rng.randint(9000, 9999))))
for m in range(0, 50, 10):
    t = START + timedelta(minutes=m, seconds=17)
    nd.add(t, jl(t, NODE, "kubelet[1423]", "I%s    1423 image_gc_manager.go:312] \"Disk usage on image filesystem is below the high threshold\" usage=41 highThreshold=85" % t.strftime("%m%d %H:%M:%S.%f")))
for i, t in enumerate(rng.times(FULL, END, 0.4)):
    p = pod(rng, rng.choice(["batch-report", "search-api", "thumbnailer"]))
    ev.add(t, k8s(t, "Warning", "FailedCreatePodSandBox", "pod/" + p, 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to create containerd task: mkdir /run/containerd/io.containerd.runtime.v2.task/k8s.io/%s: no space left on device' % rng.hex(16)))
t = FULL + timedelta(minutes=2)
ev.add(t, k8s(t, "Warning", "EvictionThresholdMet", "node/" + NODE, "Attempting to reclaim inodes"))
ev.add(t + timedelta(seconds=30), k8s(t + timedelta(seconds=30), "Warning", "Evicted", "pod/" + pod(rng, "batch-report"), "The node was low on resource: inodes."))
ev.add(t + timedelta(seconds=31), k8s(t + timedelta(seconds=31), "Normal", "NodeHasDiskPressure", "node/" + NODE, "Node %s status is now: NodeHasDiskPressure" % NODE))
for t in rng.times(START, END, 20):
    bad = rng.random() < 0.25
    p = SA_BAD if bad else rng.choice(SA_OK)
    tr = rng.hex(32)
    th_ = "search-exec-%d" % rng.randint(1, 16)
    q = rng.choice(["drill", "m8 bolt", "garden hose", "paint white", "ladder 3m", "led panel"])
    if bad and t >= FULL and rng.random() < 0.8:
        sa.add(t, spring_err(t, "ERROR", "search-api", tr, rng.hex(16), th_, "c.a.search.index.SegmentSpiller", "facet spill failed q=\"%s\" pod=%s" % (q, p),
               [("java.io.IOException", "No space left on device",
                 ["java.base/java.io.FileOutputStream.open0(Native Method)",
                  "java.base/java.io.FileOutputStream.<init>(FileOutputStream.java:235)",
                  "com.acme.search.index.SegmentSpiller.spill(SegmentSpiller.java:58)",
                  "com.acme.search.facets.FacetCollector.finish(FacetCollector.java:131)"])]))
    else:
        sa.add(t, spring(t, "INFO", "search-api", tr, rng.hex(16), th_, "c.a.search.web.SearchController", "q=\"%s\" hits=%d took=%dms pod=%s" % (q, rng.randint(0, 4000), rng.lognorm_ms(35), p)))
TDEP = {"version": "1.9.3", "commit": "d0c3b7a"}
for t in rng.times(START, END, 6):
    bad = rng.random() < 0.5
    p = TH_BAD if bad else TH_OK
    img = "%s.jpg" % rng.hex(12)
    if bad and t >= FULL:
        th.add(t, jrec(t, "ERROR", "thumbnailer", "thumbnail job failed for uploads/%s: [Errno 28] No space left on device: '/tmp/thumbs/%s_480.webp'" % (img, img[:-4]),
                       component="thumbnailer.worker", error_type="OSError", trace_id=rng.hex(32),
                       stack=["thumbnailer/worker.py:88 in handle", "thumbnailer/render.py:41 in render_variant", "PIL/Image.py:2410 in save"],
                       file="thumbnailer/render.py", line=41, deploy=TDEP, attrs={"pod": p, "node": NODE}))
    else:
        th.add(t, jrec(t, "INFO", "thumbnailer", "thumbnails done for uploads/%s (3 variants)" % img, component="thumbnailer.worker", deploy=TDEP, attrs={"pod": p}))
# noise
for t in rng.times(START, END, 0.6):
    sa.add(t, spring(t, "WARN", "search-api", None, None, "search-exec-%d" % rng.randint(1, 16), "c.a.search.web.SlowQueryLog", "slow query took %dms (threshold 500ms)" % rng.randint(500, 1600)))
for t in rng.times(START, END, 0.3):
    sa.add(t, spring_err(t, "ERROR", "search-api", None, None, "synonyms-reload", "c.a.search.synonyms.SynonymReloader", "synonym reload skipped, keeping previous set",
                         [("com.acme.search.synonyms.SynonymLoadException", "line 412: empty right-hand side in 'gardening =>'", ["com.acme.search.synonyms.SynonymParser.parse(SynonymParser.java:77)"])]))
for t in rng.times(START, END, 0.5):
    th.add(t, jrec(t, "WARN", "thumbnailer", "unsupported format image/heic-sequence, original kept", component="thumbnailer.worker", deploy=TDEP))

d = reset_logs(CASE)
nd.write(d + "/%s.journal.log" % NODE)
ev.write(d + "/k8s-events.log")
sa.write(d + "/search-api.log")
th.write(d + "/thumbnailer.jsonl")
when = dt("2026-04-20T10:13:05.772")
frames = [
    {"filename": "thumbnailer/worker.py", "abs_path": "/app/thumbnailer/worker.py", "module": "thumbnailer.worker", "function": "handle", "lineno": 88,
     "context_line": "        render_variant(src, spec)", "in_app": True},
    {"filename": "thumbnailer/render.py", "abs_path": "/app/thumbnailer/render.py", "module": "thumbnailer.render", "function": "render_variant", "lineno": 41,
     "context_line": "    img.save(out_path, format=\"WEBP\", quality=82)", "in_app": True},
    {"filename": "PIL/Image.py", "abs_path": "/usr/local/lib/python3.12/site-packages/PIL/Image.py", "module": "PIL.Image", "function": "save", "lineno": 2410,
     "context_line": "            fp = builtins.open(filename, \"w+b\")", "in_app": False},
]
write_json(d + "/../alert.json", sentry_alert(
    event_id="9b1f3e5d7c2a4b6e8d0f1a3c5e7b9d2f", project=4507209, release="thumbnailer@1.9.3", platform="python", when=when, logger="thumbnailer.worker",
    title="OSError: [Errno 28] No space left on device: '/tmp/thumbs/…_480.webp'", culprit="thumbnailer.render in render_variant", location="thumbnailer/render.py",
    tags=[("environment", "production"), ("handled", "no"), ("level", "error"), ("mechanism", "celery"), ("release", "thumbnailer@1.9.3"),
          ("server_name", TH_BAD), ("transaction", "thumbnailer.worker.handle"), ("url", "http://thumbnailer.media.svc/jobs")],
    request={"method": "POST", "url": "http://thumbnailer.media.svc/jobs", "headers": [["Content-Type", "application/json"], ["User-Agent", "media-upload/4.0.2"]]},
    exc_type="OSError", exc_value="[Errno 28] No space left on device: '/tmp/thumbs/5c0e9a1d2b7f_480.webp'", exc_module="builtins", mechanism="celery", frames=frames,
    org="acme", slug="thumbnailer", issue_id="6402218790", rule="thumbnailer: new issue", installation="3f7a1c9e-2b4d-4e6f-8a0c-5d7e9f1b3a24"))
finish(CASE, {
    "root_cause": {"service": NODE, "component": "root filesystem inodes exhausted (ext4 on nvme0n1p1; containerd snapshots and pod dirs)",
                   "error_type": None, "file": None},
    "category": "infra",
    "symptoms": [{"service": "search-api", "error_type": "IOException"}, {"service": "thumbnailer", "error_type": "OSError"},
                 {"service": "k8s-events", "error_type": None}],
    "why": "Worker node ip-10-8-2-19 ran out of inodes at 10:12 (blocks only 41% used), so every file creation on that node fails with ENOSPC: the search-api and thumbnailer pods scheduled there fail with IOException / OSError [Errno 28] and new pods cannot start on it, while the same services on other nodes are fine.",
})
