#!/usr/bin/env python3
"""Independent implementation of the naive frequency baseline described in
/work/shared/eval/cases/README.md ("The naive baseline"):

most frequent (service, error_type) over ERROR/FATAL records; ties go to the pair
seen first, files read in name order.

  .jsonl  level ERROR or FATAL; error_type = simple name of `error_type` or null.
  .log    a record starts at a timestamp-like header line; the record is an error
          when its header carries ERROR/FATAL/CRITICAL/PANIC/SEVERE (klog E/F,
          logfmt level=error), when it is an access-log line with status >= 500
          (error_type HTTP_<status>), or when it is a bare Python traceback.
          error_type: Python traceback -> last `Name: message` line; otherwise the
          first ...Exception/...Error class name in the record.

Usage: baseline.py <case-dir> [<case-dir> ...]   prints service/error_type per case.
"""
import json
import os
import re
import sys
from collections import OrderedDict

TS_HEADER = re.compile(
    r"^(?:"
    r"\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}"          # ISO-ish, optionally bracketed
    r"|\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"
    r"|time=\"?\d{4}-\d{2}-\d{2}T"                          # logfmt
    r"|ts=\"?\d{4}-\d{2}-\d{2}T"
    r"|\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}"                 # Go log
    r"|[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2}"            # syslog / journald
    r"|[IWEF]\d{4} \d{2}:\d{2}:\d{2}"                       # klog
    r"|\d+:[CMSX] \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}"  # redis
    r"|\S+ - \S+ \[\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2}"   # nginx combined
    r")"
)
ACCESS = re.compile(r'"(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+ HTTP/[\d.]+" (\d{3}) ')
LEVEL = re.compile(r"\b(ERROR|FATAL|CRITICAL|PANIC|SEVERE)\b")
LOGFMT_ERR = re.compile(r"\blevel=\"?(error|fatal|panic|crit|critical)\b", re.I)
KLOG_ERR = re.compile(r"^[EF]\d{4} ")
CLASS = re.compile(r"(?<![\w$.])((?:[A-Za-z_$][\w$]*\.)*([A-Z][\w$]*(?:Exception|Error)))\b")
PY_EXC_LINE = re.compile(r"^([A-Za-z_][\w.]*)(?::\s|:$|$)")


def simple(name):
    if name is None:
        return None
    name = name.strip().lstrip("*")
    name = re.split(r"[.$]", name)[-1]
    return name or None


def records_plain(path):
    recs = []
    cur = None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if TS_HEADER.match(line):
                if cur is not None:
                    recs.append(cur)
                cur = [line]
            else:
                if cur is None:
                    cur = [line]
                else:
                    cur.append(line)
    if cur is not None:
        recs.append(cur)
    return recs


def py_outermost(lines):
    """last unindented `Name: message` line after a Traceback header"""
    if not any(l.startswith("Traceback (most recent call last):") for l in lines):
        return None
    last = None
    in_tb = False
    for l in lines:
        if l.startswith("Traceback (most recent call last):"):
            in_tb = True
            continue
        if not in_tb or not l or l[0] in " \t":
            continue
        if l.startswith("During handling of the above exception") or l.startswith("The above exception was"):
            continue
        m = PY_EXC_LINE.match(l)
        if m and re.match(r"^[A-Za-z_][\w.]*$", m.group(1)):
            last = m.group(1)
    return last


def classify_plain(rec):
    head = rec[0]
    m = ACCESS.search(head)
    if m and TS_HEADER.match(head):
        st = int(m.group(1))
        if st >= 500:
            return True, "HTTP_%d" % st
        return False, None
    is_err = bool(LEVEL.search(head) or LOGFMT_ERR.search(head) or KLOG_ERR.match(head))
    bare_tb = (not TS_HEADER.match(head)) and head.startswith("Traceback (most recent call last):")
    if not (is_err or bare_tb):
        return False, None
    py = py_outermost(rec)
    if py:
        return True, simple(py)
    for l in rec:
        c = CLASS.search(l)
        if c:
            return True, simple(c.group(1))
    return True, None


def baseline(case_dir):
    counts = OrderedDict()
    logs = os.path.join(case_dir, "logs")
    for fn in sorted(os.listdir(logs)):
        p = os.path.join(logs, fn)
        if fn.endswith(".jsonl"):
            with open(p, encoding="utf-8") as fh:
                for line in fh:
                    line = line.strip()
                    if not line:
                        continue
                    r = json.loads(line)
                    if str(r.get("level", "")).upper() in ("ERROR", "FATAL"):
                        k = (r["service"], simple(r.get("error_type")))
                        counts[k] = counts.get(k, 0) + 1
        elif fn.endswith(".log"):
            svc = fn.split(".")[0]
            for rec in records_plain(p):
                err, et = classify_plain(rec)
                if err:
                    k = (svc, et)
                    counts[k] = counts.get(k, 0) + 1
    best = None
    for k, v in counts.items():  # insertion order = first seen
        if best is None or v > counts[best]:
            best = k
    return best, counts


if __name__ == "__main__":
    verbose = "-v" in sys.argv
    for d in [a for a in sys.argv[1:] if a != "-v"]:
        if not os.path.isdir(os.path.join(d, "logs")):
            continue
        best, counts = baseline(d)
        line = "%-32s %s/%s (%d)" % (os.path.basename(d.rstrip("/")), best[0], best[1] or "-", counts[best])
        tp = os.path.join(d, "truth.json")
        if os.path.exists(tp):
            fb = json.load(open(tp))["frequency_baseline"]
            ok = fb["service"] == best[0] and (fb["error_type"] or None) == best[1]
            line += "   truth: %s/%s %s" % (fb["service"], fb["error_type"] or "-", "OK" if ok else "MISMATCH")
        print(line)
        if verbose:
            for k, v in sorted(counts.items(), key=lambda kv: -kv[1])[:8]:
                print("      %5d  %s/%s" % (v, k[0], k[1] or "-"))
