"""This set's generators import `common`: the shared ../../eval-tools/caselines.py, plus a few
helpers every generator here uses (periodic times, ids, writing a case's files)."""
import os
import sys
from datetime import timedelta

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from caselines import *  # noqa: E402,F401,F403
from caselines import Rng, LogFile, reset_logs, write_json, case_dir  # noqa: E402


def every(start, end, seconds, rng=None, jitter_ms=0):
    """times from start to end every `seconds`, each moved by up to jitter_ms (seeded)"""
    out = []
    t = start
    while t < end:
        j = rng.randint(0, jitter_ms) if (rng and jitter_ms) else 0
        out.append(t + timedelta(milliseconds=j))
        t = t + timedelta(seconds=seconds)
    return out


def ms(n):
    return timedelta(milliseconds=n)


def sec(n):
    return timedelta(seconds=n)


def write_case(case_id, files, alert):
    """files {file name: LogFile}; writes logs/ and alert.json"""
    d = reset_logs(case_id)
    for fn, lf in sorted(files.items()):
        lf.write(os.path.join(d, fn))
    write_json(os.path.join(case_dir(case_id), "alert.json"), alert)
