#!/usr/bin/env python3
"""Format checks for a folder of held-out incident cases (stdlib only; runs no diagnosis).

- every .jsonl line parses, has ts/level/service/message, a known level, and service = file name
- every plain .log file starts with a timestamp-like record header (no orphan first line)
- alert.json has the same key structure as a public example of the same source
- truth.json has the FORMAT.md fields; root and symptom services have a log file; a non-null
  root error_type occurs literally in the root service's logs
Usage: validate.py <cases-dir> [<public-cases-dir>]   (the public one defaults to /work/shared/eval/cases)
"""
import json
import os
import re
import sys

import baseline as bl  # noqa: E402  (beside this file)

CASES = sys.argv[1]
PUBLIC = sys.argv[2] if len(sys.argv) > 2 else "/work/shared/eval/cases"
CATEGORIES = {"config", "code", "dependency", "resource", "data", "network", "deploy", "infra"}
errors = []


def shape(o):
    if isinstance(o, dict):
        return {k: shape(v) for k, v in o.items()}
    if isinstance(o, list):
        return [shape(o[0])] if o and isinstance(o[0], (dict, list)) else "list"
    return type(o).__name__ if o is not None else "null"


FREE = ("labels", "annotations", "groupLabels", "commonLabels", "commonAnnotations", "vars")
OPTIONAL = re.compile(r"(frames\.\[\]\.(context_line|abs_path|vars)|mechanism\.(source|exception_id|parent_id))$")


def keys(o, prefix=""):
    """nested key paths; the contents of free-form maps (labels, annotations) are not compared"""
    out = set()
    if isinstance(o, dict):
        for k, v in o.items():
            out.add(prefix + k)
            if k in FREE:
                if not all(isinstance(x, str) for x in v.values()):
                    out.add(prefix + k + ".<non-string value>")
                continue
            out |= keys(v, prefix + k + ".")
    elif isinstance(o, list) and o and isinstance(o[0], dict):
        out |= keys(o[0], prefix + "[].")
    return out


def source(a):
    if a.get("version") == "4" and "alerts" in a:
        return "alertmanager"
    if a.get("actor", {}).get("id") == "sentry":
        return "sentry"
    if a.get("source") == "generic":
        return "generic"
    return None


refs = {}
for c in sorted(os.listdir(PUBLIC)):
    p = os.path.join(PUBLIC, c, "alert.json")
    if os.path.exists(p):
        a = json.load(open(p))
        refs.setdefault(source(a), set()).update(keys(a))

for case in sorted(os.listdir(CASES)):
    cdir = os.path.join(CASES, case)
    if case.startswith("_") or not os.path.isdir(cdir):
        continue
    logs = os.path.join(cdir, "logs")
    services = {}
    for fn in sorted(os.listdir(logs)):
        svc = fn.split(".")[0]
        path = os.path.join(logs, fn)
        text = open(path, encoding="utf-8").read()
        services.setdefault(svc, []).append(text)
        if fn.endswith(".jsonl"):
            for i, line in enumerate(text.splitlines(), 1):
                try:
                    r = json.loads(line)
                except ValueError as e:
                    errors.append("%s/%s:%d not JSON: %s" % (case, fn, i, e))
                    continue
                for k in ("ts", "level", "service", "message"):
                    if k not in r:
                        errors.append("%s/%s:%d missing %s" % (case, fn, i, k))
                if r.get("level") not in ("ERROR", "WARN", "INFO", "FATAL"):
                    errors.append("%s/%s:%d level %r" % (case, fn, i, r.get("level")))
                if r.get("service") != svc:
                    errors.append("%s/%s:%d service %r != %s" % (case, fn, i, r.get("service"), svc))
                if not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", r.get("ts", "")):
                    errors.append("%s/%s:%d ts %r" % (case, fn, i, r.get("ts")))
        elif fn.endswith(".log"):
            first = text.splitlines()[0] if text else ""
            if not bl.TS_HEADER.match(first):
                errors.append("%s/%s first line is not a record header: %r" % (case, fn, first[:80]))
        else:
            errors.append("%s/%s: neither .jsonl nor .log" % (case, fn))
    a = json.load(open(os.path.join(cdir, "alert.json")))
    src = source(a)
    if src not in refs:
        errors.append("%s: alert.json source not recognised" % case)
    else:
        missing = {k for k in refs[src] - keys(a) if not OPTIONAL.search(k)}
        extra = {k for k in keys(a) - refs[src] if not OPTIONAL.search(k)}
        if missing:
            errors.append("%s: alert.json (%s) lacks %s" % (case, src, sorted(missing)))
        # extra keys are allowed only inside Sentry frames/mechanism (chained exceptions, vars)
        if extra:
            errors.append("%s: alert.json (%s) has unexpected %s" % (case, src, sorted(extra)))
    t = json.load(open(os.path.join(cdir, "truth.json")))
    for k in ("root_cause", "category", "symptoms", "why", "frequency_baseline"):
        if k not in t:
            errors.append("%s: truth lacks %s" % (case, k))
    rc = t["root_cause"]
    if set(rc) != {"service", "component", "error_type", "file"}:
        errors.append("%s: root_cause keys %s" % (case, sorted(rc)))
    if t["category"] not in CATEGORIES:
        errors.append("%s: category %s" % (case, t["category"]))
    if rc["service"] not in services:
        errors.append("%s: root service %s has no log file" % (case, rc["service"]))
    elif rc["error_type"] and not any(rc["error_type"] in s for s in services[rc["service"]]) \
            and not any(rc["error_type"] in x and rc["service"] in x for xs in services.values() for x in xs):
        # a workload's own state (ErrImagePull) may be only in the events that name it
        errors.append("%s: root error_type %s not in %s's logs" % (case, rc["error_type"], rc["service"]))
    for s in t["symptoms"]:
        if s["service"] not in services:
            errors.append("%s: symptom service %s has no log file" % (case, s["service"]))
        elif s["error_type"] and s["error_type"].startswith("HTTP_"):
            if not any(re.search(r'HTTP/[\d.]+" %s ' % s["error_type"][5:], x) for x in services[s["service"]]):
                errors.append("%s: symptom %s has no %s access-log line" % (case, s["service"], s["error_type"]))
        elif s["error_type"] and not any(s["error_type"] in x for x in services[s["service"]]):
            errors.append("%s: symptom error_type %s not in %s's logs" % (case, s["error_type"], s["service"]))
    try:
        best, _ = bl.baseline(cdir)
    except (KeyError, ValueError) as e:
        errors.append("%s: baseline.py cannot read the logs: %r" % (case, e))
        best = None
    fb = t["frequency_baseline"]
    if best is not None and (fb["service"], fb["error_type"]) != best:
        errors.append("%s: frequency_baseline %s != %s" % (case, fb, best))
    print("%-46s %-10s %-12s %5d lines  ok" % (case, t["category"], src, sum(x.count("\n") for v in services.values() for x in v)))

for e in errors:
    print("ERROR", e)
sys.exit(1 if errors else 0)
