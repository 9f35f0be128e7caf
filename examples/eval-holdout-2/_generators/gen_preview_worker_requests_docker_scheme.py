#!/usr/bin/env python3
"""preview-worker-requests-docker-scheme

preview-worker (celery, Python) renders site screenshots in throwaway containers through
docker-py (docker==6.1.3, pinned) against a docker-in-docker sidecar's unix socket. Its image
is rebuilt weekly on a fresh base image; requests is not pinned. The 2025-02-18 09:10 rebuild
(same app version 1.14.2, new digest) resolves requests 2.32.0, which no longer lets docker-py
6.1 mount its http+docker adapter, so docker.from_env() raises DockerException ("Not supported
URL scheme http+docker") on every task. Retries are INFO, the final failure is one ERROR per
task. sites-api (Node) then answers 502 for every preview image it cannot find, and the
dashboard requests one per site card, so the ingress 502s on /preview are the loudest lines.
Noise: a failing S3 analytics export in sites-api since yesterday, slow /analytics 504s,
a flaky readiness probe, celery deprecation warnings.
"""
from datetime import timedelta

from common import (Rng, dt, LogFile, reset_logs, write_json, finish, pylog, nginx_line, k8s,
                    pytb, generic_alert, iso_ms, uuid)

CASE = "preview-worker-requests-docker-scheme"
rng = Rng(20250218)
START, END = dt("2025-02-18T08:25:00"), dt("2025-02-18T10:25:00")
ROLL = dt("2025-02-18T09:10:04")
BROKEN = dt("2025-02-18T09:11:30")   # last old pod gone

pw, sa, ing, ev = LogFile(), LogFile(), LogFile(), LogFile()
OLD = ["preview-worker-6c9f7d8b5-qw2lx", "preview-worker-6c9f7d8b5-zt8rm"]
NEW = ["preview-worker-84b6c5d9f-4kxhp", "preview-worker-84b6c5d9f-m7vfn"]
SA_UP = ["10.40.2.31:3000", "10.40.5.18:3000"]
SP = "/usr/local/lib/python3.11/site-packages"
UAS = ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
       "Mozilla/5.0 (X11; Linux x86_64)"]


def celery(t, level, proc, msg):
    return "[%s: %s/%s] %s" % (pylog(t), level, proc, msg)


DOCKER_TB = pytb([
    ([(SP + "/requests/adapters.py", 532, "send", "conn = self._get_connection(request, verify, proxies=proxies, cert=cert)"),
      (SP + "/requests/adapters.py", 400, "_get_connection", "conn = self.poolmanager.connection_from_host("),
      (SP + "/urllib3/poolmanager.py", 304, "connection_from_host", "return self.connection_from_context(request_context)"),
      (SP + "/urllib3/poolmanager.py", 326, "connection_from_context", "raise URLSchemeUnknown(scheme)")],
     "urllib3.exceptions.URLSchemeUnknown: Not supported URL scheme http+docker", "during"),
    ([(SP + "/docker/api/client.py", 214, "_retrieve_server_version", 'return self.version(api_version=False)["ApiVersion"]'),
      (SP + "/docker/api/daemon.py", 181, "version", "return self._result(self._get(url), json=True)"),
      (SP + "/docker/utils/decorators.py", 46, "inner", "return f(self, *args, **kwargs)"),
      (SP + "/docker/api/client.py", 237, "_get", "return self.get(url, **self._set_request_timeout(kwargs))"),
      (SP + "/requests/sessions.py", 602, "get", 'return self.request("GET", url, **kwargs)'),
      (SP + "/requests/sessions.py", 589, "request", "resp = self.send(prep, **send_kwargs)"),
      (SP + "/requests/sessions.py", 703, "send", "r = adapter.send(request, **kwargs)"),
      (SP + "/requests/adapters.py", 534, "send", "raise InvalidURL(e, request=request)")],
     "requests.exceptions.InvalidURL: Not supported URL scheme http+docker", "during"),
    ([(SP + "/celery/app/trace.py", 477, "trace_task", "R = retval = fun(*args, **kwargs)"),
      (SP + "/celery/app/trace.py", 760, "__protected_call__", "return self.run(*args, **kwargs)"),
      ("/app/preview_worker/tasks.py", 38, "render_preview", "with sandbox() as client:"),
      ("/app/preview_worker/sandbox.py", 22, "sandbox", "client = docker.from_env(timeout=30)"),
      (SP + "/docker/client.py", 96, "from_env", "return cls("),
      (SP + "/docker/client.py", 45, "__init__", "self.api = APIClient(*args, **kwargs)"),
      (SP + "/docker/api/client.py", 197, "__init__", "self._version = self._retrieve_server_version()"),
      (SP + "/docker/api/client.py", 221, "_retrieve_server_version", "raise DockerException(")],
     "docker.errors.DockerException: Error while fetching server API version: Not supported URL scheme http+docker", None),
])
EXC = "DockerException('Error while fetching server API version: Not supported URL scheme http+docker')"


def worker_boot(t, pod, reqs):
    pw.add(t, celery(t, "INFO", "MainProcess", "Connected to redis://preview-broker.sites.svc:6379/0"))
    pw.add(t + timedelta(milliseconds=40), celery(t + timedelta(milliseconds=40), "INFO", "MainProcess",
           "preview-worker 1.14.2 on %s: python 3.11.8, docker==6.1.3, requests==%s, urllib3==2.2.1, DOCKER_HOST=unix:///var/run/dind/docker.sock" % (pod, reqs)))
    t2 = t + timedelta(milliseconds=120)
    pw.add(t2, celery(t2, "WARNING", "MainProcess", "/usr/local/lib/python3.11/site-packages/celery/worker/consumer/consumer.py:507: CPendingDeprecationWarning: The broker_connection_retry configuration setting will no longer determine\nwhether broker connection retries are made during startup in Celery 6.0 and above.\nIf you wish to retain the existing behavior for retrying connections on startup,\nyou should set broker_connection_retry_on_startup to True."))
    t3 = t + timedelta(milliseconds=300)
    pw.add(t3, celery(t3, "INFO", "MainProcess", "celery@%s ready." % pod))


worker_boot(START + timedelta(seconds=2), OLD[0], "2.31.0")
# rollout of the rebuilt image (same tag, new digest)
ev.add(ROLL, k8s(ROLL, "Normal", "ScalingReplicaSet", "deployment/preview-worker", "Scaled up replica set preview-worker-84b6c5d9f to 1"))
for i, pod in enumerate(NEW):
    t = ROLL + timedelta(seconds=1 + 38 * i)
    ev.add(t, k8s(t, "Normal", "Scheduled", "pod/" + pod, "Successfully assigned sites/%s to ip-10-40-%d-%d" % (pod, 3 + i, 77 + i)))
    ev.add(t + timedelta(seconds=4), k8s(t + timedelta(seconds=4), "Normal", "Pulling", "pod/" + pod, 'Pulling image "registry.acme.io/sites/preview-worker:1.14.2"'))
    ev.add(t + timedelta(seconds=9), k8s(t + timedelta(seconds=9), "Normal", "Pulled", "pod/" + pod, 'Successfully pulled image "registry.acme.io/sites/preview-worker:1.14.2" in 5.1s (image digest sha256:7be41f0c92d3aa81e55d0c3f8a9e1d2b74c6f05e9ab3d128c4f7e6a1b0d9c3e2)'))
    ev.add(t + timedelta(seconds=10), k8s(t + timedelta(seconds=10), "Normal", "Started", "pod/" + pod, "Started container worker"))
    worker_boot(t + timedelta(seconds=12), pod, "2.32.0")
    tk = t + timedelta(seconds=30)
    ev.add(tk, k8s(tk, "Normal", "Killing", "pod/" + OLD[i], "Stopping container worker"))
    pw.add(tk + timedelta(seconds=1), celery(tk + timedelta(seconds=1), "INFO", "MainProcess", "worker: Warm shutdown (MainProcess)"))
ev.add(ROLL + timedelta(seconds=80), k8s(ROLL + timedelta(seconds=80), "Normal", "ScalingReplicaSet", "deployment/preview-worker", "Scaled down replica set preview-worker-6c9f7d8b5 to 0 from 1"))

# readiness flake of sites-api and a cronjob, all day
for t in rng.times(START, END, 0.07):
    ev.add(t, k8s(t, "Warning", "Unhealthy", "pod/sites-api-5d7b9c6f8-hx4tq", "Readiness probe failed: Get \"http://10.40.2.31:3000/readyz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"))
for m in range(0, 150, 30):
    t = START + timedelta(minutes=m, seconds=1)
    ev.add(t, k8s(t, "Normal", "SuccessfulCreate", "job/sitemap-refresh-%d" % (28990000 + m), "Created pod: sitemap-refresh-%d-%s" % (28990000 + m, rng.alnum(5))))

sites_ok = set()
failed_sites = []
# publishes -> preview tasks
for t in rng.times(START, END, 0.5):
    site = "st_%05d" % rng.randint(10000, 99999)
    tid, trace = uuid(rng), rng.hex(32)
    proc = "ForkPoolWorker-%d" % rng.randint(1, 4)
    sa.add(t, "[%s] INFO sites-api: POST /api/sites/%s/publish 202 %dms trace=%s" % (iso_ms(t), site, rng.lognorm_ms(40), trace))
    ing.add(t, nginx_line(t, "100.64.%d.%d" % (rng.randint(0, 40), rng.randint(1, 254)), "POST", "/api/sites/%s/publish" % site,
                          202, 61, rng.choice(UAS), 0.05, "sites-sites-api-3000", rng.choice(SA_UP), trace))
    tr = t + timedelta(milliseconds=rng.randint(30, 300))
    pw.add(tr, celery(tr, "INFO", "MainProcess", "Task preview_worker.tasks.render_preview[%s] received" % tid))
    if tr < BROKEN:
        d = rng.uniform(3.0, 9.0)
        te = tr + timedelta(seconds=d)
        pw.add(te, celery(te, "INFO", proc, "Task preview_worker.tasks.render_preview[%s] succeeded in %.3fs: 's3://acme-site-previews/%s/1280x800.png'" % (tid, d, site)))
        sites_ok.add(site)
    else:
        ta = tr
        for attempt in range(1, 3):
            ta = ta + timedelta(milliseconds=rng.randint(20, 80))
            pw.add(ta, celery(ta, "INFO", proc, "Task preview_worker.tasks.render_preview[%s] retry: Retry in %ds: %s" % (tid, 10 * attempt, EXC)))
            ta = ta + timedelta(seconds=10 * attempt, milliseconds=rng.randint(5, 90))
            pw.add(ta, celery(ta, "INFO", "MainProcess", "Task preview_worker.tasks.render_preview[%s] received" % tid))
        ta = ta + timedelta(milliseconds=rng.randint(20, 80))
        pw.add(ta, celery(ta, "ERROR", proc, "Task preview_worker.tasks.render_preview[%s] raised unexpected: %s\n%s" % (tid, EXC, DOCKER_TB)))
        tw = ta + timedelta(milliseconds=rng.randint(200, 900))
        sa.add(tw, "[%s] WARN sites-api: preview job %s for site %s failed (state=FAILURE); site published without preview trace=%s" % (iso_ms(tw), tid, site, trace))
        failed_sites.append(site)

# dashboards load a preview per site card; missing previews -> 502 from sites-api
neg_cache = {}
for t in rng.times(START, END, 5.0):
    site = None
    if t > BROKEN + timedelta(minutes=1) and failed_sites and rng.random() < 0.8:
        site = rng.choice(failed_sites[-25:])
    else:
        site = "st_%05d" % rng.randint(10000, 99999)
    trace, up, ua = rng.hex(32), rng.choice(SA_UP), rng.choice(UAS)
    ip = "100.64.%d.%d" % (rng.randint(0, 40), rng.randint(1, 254))
    if site in failed_sites:
        ms = rng.lognorm_ms(25)
        # sites-api logs a missing preview once a minute per site (negative cache), the ingress every time
        if site not in neg_cache or t - neg_cache[site] > timedelta(seconds=60):
            neg_cache[site] = t
            sa.add(t, "[%s] ERROR sites-api: GET /api/sites/%s/preview -> 502 PreviewUnavailableError: no preview object for %s (last job FAILURE) trace=%s\n"
                      "    at PreviewService.fetch (/app/dist/previews/service.js:88:13)\n"
                      "    at async PreviewController.get (/app/dist/previews/controller.js:31:19)" % (iso_ms(t), site, site, trace))
        ing.add(t, nginx_line(t, ip, "GET", "/api/sites/%s/preview" % site, 502, 87, ua, ms / 1000, "sites-sites-api-3000", up, trace, 390))
    else:
        ms = rng.lognorm_ms(60)
        sa.add(t, "[%s] INFO sites-api: GET /api/sites/%s/preview 200 %dms" % (iso_ms(t), site, ms))
        ing.add(t, nginx_line(t, ip, "GET", "/api/sites/%s/preview" % site, 200, rng.randint(90000, 400000), ua, ms / 1000, "sites-sites-api-3000", up, trace, 390))

# noise: analytics export failing since yesterday, slow analytics endpoint
for m in range(3, 120, 5):
    t = START + timedelta(minutes=m, seconds=12, milliseconds=rng.randint(0, 999))
    sa.add(t, "[%s] ERROR sites-api: analytics export failed: AccessDenied: Access Denied (bucket acme-sites-analytics-export, since 2025-02-17T16:05Z)\n"
              "    at Object.deserializeAws_restXmlPutObjectCommandError (/app/node_modules/@aws-sdk/client-s3/dist-cjs/protocols/Aws_restXml.js:5772:41)" % iso_ms(t))
for t in rng.times(START, END, 0.25):
    trace = rng.hex(32)
    if rng.random() < 0.3:
        ing.add(t, nginx_line(t, "100.64.%d.%d" % (rng.randint(0, 40), rng.randint(1, 254)), "GET", "/api/analytics/summary?range=90d", 504, 160,
                              rng.choice(UAS), 60.001, "sites-sites-api-3000", rng.choice(SA_UP), trace))
    else:
        ms = rng.lognorm_ms(9000)
        sa.add(t, "[%s] WARN sites-api: slow query analytics.summary range=90d took %dms" % (iso_ms(t), ms))
        ing.add(t, nginx_line(t, "100.64.%d.%d" % (rng.randint(0, 40), rng.randint(1, 254)), "GET", "/api/analytics/summary?range=90d", 200, 5120,
                              rng.choice(UAS), ms / 1000, "sites-sites-api-3000", rng.choice(SA_UP), trace))

d = reset_logs(CASE)
pw.write(d + "/preview-worker.log")
sa.write(d + "/sites-api.log")
ing.write(d + "/ingress-nginx.access.log")
ev.write(d + "/k8s-events.log")
write_json(d + "/../alert.json", generic_alert(
    "sites-api", "sites-api: 5xx ratio on GET /api/sites/{id}/preview above 25% for 10m", "high",
    "e4b19c07d2a35f68", dt("2025-02-18T09:24:00"),
    {"env": "prod", "team": "sites", "alertname": "SitesPreview5xx", "route": "/api/sites/{id}/preview",
     "source": "loki-ruler", "namespace": "sites"}))
finish(CASE, {
    "root_cause": {"service": "preview-worker",
                   "component": "image rebuild 09:10 (same tag 1.14.2): unpinned requests resolved to 2.32.0, incompatible with docker==6.1.3 (http+docker adapter)",
                   "error_type": "DockerException", "file": None},
    "category": "dependency",
    "symptoms": [{"service": "ingress-nginx", "error_type": "HTTP_502"},
                 {"service": "sites-api", "error_type": "PreviewUnavailableError"}],
    "why": "The 09:10 weekly rebuild of preview-worker kept app version 1.14.2 but pulled requests 2.32.0 (startup line: requests==2.32.0, was 2.31.0), with which docker-py 6.1.3 cannot use its http+docker socket adapter, so every render task fails in docker.from_env() with DockerException and no preview is stored. sites-api then answers 502 for every missing preview the dashboards ask for; pin requests<2.32 (or upgrade docker-py to 7.1) and re-run the failed tasks.",
})
