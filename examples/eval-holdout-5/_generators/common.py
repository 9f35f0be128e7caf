"""Helpers shared by the eval-holdout-5 generators: line formats and alert shapes.

Imports casegen from ../../eval-tools (seeded, stdlib only). Nothing here draws random
numbers on its own: every generator passes its own seeded Rng, so output is byte-stable.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from casegen import (Rng, dt, LogFile, reset_logs, write_json, case_dir, finish, jrec,  # noqa: F401
                     logback, pylog, pg, nginx, journal, iso_ms, iso_s, iso_us)


def spring(t, level, app, trace, span, thread, logger, msg, pid=1):
    """Spring Boot console line with Micrometer tracing ids."""
    return "%s %5s [%s,%s,%s] %d --- [%15s] %-40s : %s" % (
        logback(t), level, app, trace or "", span or "", pid, thread[-15:], logger[:40], msg)


def lb(t, level, thread, logger, msg):
    """Plain logback pattern: date level [thread] logger - msg."""
    return "%s %-5s [%s] %s - %s" % (logback(t), level, thread, logger, msg)


def jstack(chain):
    """chain: [(fqcn, message, [frames])...] outermost first -> Java stack text."""
    out = []
    for i, (cls, msg, frames) in enumerate(chain):
        head = "%s: %s" % (cls, msg) if msg is not None else cls
        out.append(head if i == 0 else "Caused by: " + head)
        for f in frames:
            out.append("\tat " + f)
        if i > 0 and frames:
            out.append("\t... %d common frames omitted" % (20 + 3 * i))
    return "\n".join(out)


def pytb(parts):
    """parts: [(frames, exc_line, link)] innermost first; frames [(file, line, func, code)];
    link joins to the next part: 'during' or 'cause'. Returns traceback text."""
    out = []
    for i, (frames, exc, link) in enumerate(parts):
        out.append("Traceback (most recent call last):")
        for f in frames:
            out.append('  File "%s", line %d, in %s' % f[:3])
            if f[3]:
                out.append("    " + f[3])
        out.append(exc)
        if i < len(parts) - 1:
            out.append("")
            out.append("During handling of the above exception, another exception occurred:"
                       if link == "during" else
                       "The above exception was the direct cause of the following exception:")
            out.append("")
    return "\n".join(out)


def nginx_line(t, ip, method, path, status, size, ua, rt, upstream_name, upstream, req_id, req_len=420):
    """ingress-nginx default log format."""
    ups_rt = "%.3f" % rt if upstream != "-" else "-"
    return '%s - - [%s] "%s %s HTTP/1.1" %d %d "-" "%s" %d %.3f [%s] [] %s %d %s %d %s' % (
        ip, nginx(t), method, path, status, size, ua, req_len, rt, upstream_name, upstream, size,
        ups_rt, status, req_id)


def envoy_line(t, method, path, status, flags, details, rx, tx, dur, ups_dur, client, ua, req_id, host, upstream):
    """Envoy default access log format."""
    return '[%s] "%s %s HTTP/1.1" %d %s %s - "-" %d %d %d %s "%s" "%s" "%s" "%s" "%s"' % (
        iso_ms(t), method, path, status, flags, details, rx, tx, dur,
        ups_dur if ups_dur is not None else "-", client, ua, req_id, host, upstream)


def k8s(t, typ, reason, obj, msg):
    return "%s  %-7s  %-22s %-48s %s" % (iso_s(t), typ, reason, obj, msg)


def jl(t, host, unit, msg):
    return "%s %s %s: %s" % (journal(t), host, unit, msg)


def uuid(rng):
    h = rng.hex(32)
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


# ---- alerts ------------------------------------------------------------------

def generic_alert(service, title, severity, fingerprint, starts, labels):
    return {"source": "generic", "service": service, "title": title, "severity": severity,
            "fingerprint": fingerprint, "startsAt": iso_s(starts), "labels": labels}


def alertmanager(receiver, labels, annotations, starts, expr, fingerprint, group_by=("alertname",)):
    group = {k: labels[k] for k in group_by}
    key = "{}:{%s}" % ",".join('%s="%s"' % (k, v) for k, v in group.items())
    return {
        "receiver": receiver, "status": "firing", "version": "4", "groupKey": key,
        "truncatedAlerts": 0,
        "alerts": [{"status": "firing", "labels": labels, "annotations": annotations,
                    "startsAt": iso_s(starts), "endsAt": "0001-01-01T00:00:00Z",
                    "generatorURL": "http://prometheus.monitoring:9090/graph?g0.expr=" + expr,
                    "fingerprint": fingerprint}],
        "groupLabels": group, "commonLabels": labels,
        "commonAnnotations": {"summary": annotations["summary"]},
        "externalURL": "http://alertmanager.monitoring:9093",
    }


def sentry_alert(*, event_id, project, release, platform, when, logger, title, culprit, location,
                 tags, request, exc_type, exc_value, exc_module, mechanism, frames, org, slug,
                 issue_id, rule, installation):
    """Sentry issue-alert webhook, the shape Sentry sends (event.url/web_url/issue_url, tags as pairs)."""
    return {
        "action": "triggered",
        "installation": {"uuid": installation},
        "data": {
            "event": {
                "event_id": event_id, "project": project, "release": release, "dist": None,
                "platform": platform, "message": "", "datetime": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "timestamp": round(when.timestamp(), 3), "level": "error", "logger": logger,
                "title": title, "culprit": culprit, "location": location, "environment": "production",
                "tags": [list(p) for p in tags], "request": request,
                "exception": {"values": [{
                    "type": exc_type, "value": exc_value, "module": exc_module,
                    "mechanism": {"type": mechanism, "handled": False},
                    "stacktrace": {"frames": frames}}]},
                "url": "https://sentry.io/api/0/projects/%s/%s/events/%s/" % (org, slug, event_id),
                "web_url": "https://sentry.io/organizations/%s/issues/%s/events/%s/" % (org, issue_id, event_id),
                "issue_url": "https://sentry.io/api/0/issues/%s/" % issue_id,
                "issue_id": issue_id,
            },
            "triggered_rule": rule,
        },
        "actor": {"type": "application", "id": "sentry", "name": "Sentry"},
    }


# ---- eval-holdout-5 additions ----------------------------------------------------

def pod(rng, name, rs=None):
    """a Kubernetes pod name: <name>-<replicaset hash>-<5 chars>"""
    return "%s-%s-%s" % (name, rs or rng.alnum(9, "bcdfghjklmnpqrstvwxz2456789"), rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789"))


def ip(rng, prefix="100.64"):
    return "%s.%d.%d" % (prefix, rng.randint(0, 63), rng.randint(1, 254))


def py(t, level, logger, msg, extra=""):
    """Python logging: 2025-02-01 00:07:12,331 ERROR [logger] msg"""
    return "%s %s [%s]%s %s" % (pylog(t), level, logger, (" " + extra) if extra else "", msg)


def logfmt(t, level, msg, **kv):
    """Go logfmt line (time first so it parses as a record header)."""
    parts = ['time=%s' % iso_ms(t), 'level=%s' % level, 'msg="%s"' % msg]
    for k, v in kv.items():
        s = str(v)
        quoted = " " in s or "=" in s or '"' in s or not s
        parts.append('%s=%s' % (k, ('"%s"' % s.replace('\\', '\\\\').replace('"', '\\"')) if quoted else s))
    return " ".join(parts)


def node_line(t, level, msg):
    """Node service console line: ISO time, level, message."""
    return "%s %s %s" % (iso_ms(t), level.upper().ljust(5), msg)


def spring_err(t, level, app, trace, span, thread, logger, msg, chain, pid=1):
    """Spring Boot console line followed by its stack trace (Caused by chain)."""
    return spring(t, level, app, trace, span, thread, logger, msg, pid) + "\n" + jstack(chain)


def pgline(t, pid, level, msg, user="app", db="app", app="[unknown]"):
    """postgres log_line_prefix '%m [%p] %q%u@%d %a '"""
    return "%s [%d] %s@%s %s %s:  %s" % (pg(t), pid, user, db, app, level, msg)


def ramp(points):
    """points [(datetime, per_min)...] -> per-minute rate at t, linear in between"""
    def rate(t):
        if t <= points[0][0]:
            return points[0][1]
        for (a, ra), (b, rb) in zip(points, points[1:]):
            if a <= t <= b:
                f = (t - a).total_seconds() / max(1.0, (b - a).total_seconds())
                return ra + (rb - ra) * f
        return points[-1][1]
    return rate


def arrivals(rng, start, end, rate):
    """Poisson arrivals with a time-varying per-minute rate, drawn minute by minute"""
    from datetime import timedelta
    out = []
    t = start
    while t < end:
        nxt = min(end, t + timedelta(minutes=1))
        out += rng.times(t, nxt, rate(t))
        t = nxt
    return out
