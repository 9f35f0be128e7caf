"""Shared helpers for the incident case generators (seeded, stdlib only).

A generator lives in <cases>/_generators/ and writes its case into <cases>/<case-id>/.
"""
import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone

# the cases folder of the generator being run: its _generators/ folder's parent
CASES = os.path.dirname(os.path.dirname(os.path.abspath(sys.argv[0])))

UTC = timezone.utc


def dt(s):
    """'2024-11-19T13:42:05.120' -> aware UTC datetime"""
    return datetime.fromisoformat(s).replace(tzinfo=UTC)


class Rng(random.Random):
    def hex(self, n):
        return "".join(self.choice("0123456789abcdef") for _ in range(n))

    def alnum(self, n, alphabet="abcdefghijklmnopqrstuvwxyz0123456789"):
        return "".join(self.choice(alphabet) for _ in range(n))

    def times(self, start, end, per_min, jitter_ms=True):
        """Poisson arrivals between start and end at per_min events per minute."""
        out = []
        t = start
        if per_min <= 0:
            return out
        mean = 60.0 / per_min
        while True:
            t = t + timedelta(seconds=self.expovariate(1.0 / mean))
            if t >= end:
                break
            if jitter_ms:
                t = t.replace(microsecond=self.randrange(0, 1000) * 1000)
            out.append(t)
        return out

    def lognorm_ms(self, median, sigma=0.45, lo=1, hi=None):
        import math
        v = int(round(median * math.exp(self.gauss(0, sigma))))
        v = max(lo, v)
        if hi is not None:
            v = min(hi, v)
        return v


# ---- timestamp formats -------------------------------------------------------

def iso_ms(t):  # 2024-11-19T13:42:05.120Z
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def iso_s(t):  # 2024-11-19T13:42:05Z
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_us(t):  # 2025-01-22T03:09:12.443210Z (k8s --timestamps, truncated to us)
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def logback(t):  # 2024-09-18 08:41:12.345
    return t.strftime("%Y-%m-%d %H:%M:%S.") + "%03d" % (t.microsecond // 1000)


def pylog(t):  # 2025-02-01 00:07:12,331
    return t.strftime("%Y-%m-%d %H:%M:%S,") + "%03d" % (t.microsecond // 1000)


def pg(t):  # 2025-02-01 00:07:12.318 UTC
    return t.strftime("%Y-%m-%d %H:%M:%S.") + "%03d UTC" % (t.microsecond // 1000)


def nginx(t):  # 18/Sep/2024:08:41:12 +0000
    return t.strftime("%d/%b/%Y:%H:%M:%S +0000")


def journal(t):  # Jan 22 03:07:44
    return t.strftime("%b %d %H:%M:%S")


# ---- writers -----------------------------------------------------------------

class LogFile:
    """Collects (time, text) entries and writes them in time order (stable)."""

    def __init__(self):
        self.entries = []

    def add(self, t, text):
        self.entries.append((t, len(self.entries), text))

    def write(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.entries.sort(key=lambda e: (e[0], e[1]))
        with open(path, "w", encoding="utf-8") as fh:
            for _, _, text in self.entries:
                fh.write(text.rstrip("\n") + "\n")
        return len(self.entries)


def jrec(t, level, service, message, **kw):
    """A structured record with the field order of FORMAT.md."""
    r = {"ts": iso_ms(t), "level": level, "service": service, "message": message}
    for k in ("component", "error_type", "trace_id", "span_id", "parent_span_id",
              "caused_by", "stack", "file", "line", "deploy", "attrs"):
        if k in kw and kw[k] is not None:
            r[k] = kw[k]
    return json.dumps(r, separators=(",", ":"), ensure_ascii=False)


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=2, ensure_ascii=False)
        fh.write("\n")


def case_dir(case_id):
    return os.path.join(CASES, case_id)


def reset_logs(case_id):
    d = os.path.join(case_dir(case_id), "logs")
    if os.path.isdir(d):
        for fn in os.listdir(d):
            os.remove(os.path.join(d, fn))
    os.makedirs(d, exist_ok=True)
    return d


def finish(case_id, truth):
    """Fill truth.frequency_baseline with the README's naive count and write truth.json."""
    import baseline as bl
    best, counts = bl.baseline(case_dir(case_id))
    truth = dict(truth)
    truth["frequency_baseline"] = {"service": best[0], "error_type": best[1]}
    write_json(os.path.join(case_dir(case_id), "truth.json"), truth)
    total = 0
    logs = os.path.join(case_dir(case_id), "logs")
    for fn in sorted(os.listdir(logs)):
        with open(os.path.join(logs, fn), encoding="utf-8") as fh:
            n = sum(1 for _ in fh)
        total += n
        print("  %-40s %5d lines" % (fn, n))
    print("  total %d lines; baseline %s/%s (%d); root %s/%s" % (
        total, best[0], best[1] or "-", counts[best],
        truth["root_cause"]["service"], truth["root_cause"]["error_type"] or "-"))
    for k, v in sorted(counts.items(), key=lambda kv: -kv[1])[:6]:
        print("      %5d  %s/%s" % (v, k[0], k[1] or "-"))
