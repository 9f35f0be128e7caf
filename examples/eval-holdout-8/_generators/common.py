"""This set's generators import `common`: the shared ../../eval-tools/caselines.py plus a few
line formats the shared module does not have (gunicorn, celery, rabbitmq, Elasticsearch, CoreDNS,
nginx error log)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from caselines import *  # noqa: E402,F401,F403
from caselines import iso_ms  # noqa: E402


def trace(rng):
    """a W3C trace id (32 hex)"""
    return rng.hex(32)


def span(rng):
    """a W3C span id (16 hex)"""
    return rng.hex(16)


def gunicorn(t, pid, level, msg):
    """gunicorn's own log: [2025-06-02 08:14:22 +0000] [1] [ERROR] msg"""
    return "[%s +0000] [%d] [%s] %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), pid, level, msg)


def celery(t, level, proc, msg):
    """celery worker log: [2025-03-11 10:04:12,331: ERROR/ForkPoolWorker-3] msg"""
    return "[%s,%03d: %s/%s] %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, level, proc, msg)


def rabbit(t, level, erl_pid, msg):
    """RabbitMQ 3.12 log: 2025-04-08 09:14:02.114412+00:00 [warning] <0.483.0> msg"""
    return "%s+00:00 [%s] <%s> %s" % (t.strftime("%Y-%m-%d %H:%M:%S.%f"), level, erl_pid, msg)


def es(t, level, logger, node, msg):
    """Elasticsearch log: [2025-05-20T09:12:03,118][WARN ][o.e.c.r.a.DiskThresholdMonitor] [es-master-1] msg"""
    return "[%s,%03d][%-5s][%s] [%s] %s" % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000, level, logger, node, msg)


def coredns(t, level, msg):
    """CoreDNS log line as printed with kubectl logs --timestamps"""
    return "%s [%s] %s" % (iso_ms(t), level, msg)


def nginx_err(t, level, pid, conn, msg):
    """nginx error log: 2025/03/11 14:06:02 [error] 24#24: *8812 msg"""
    return "%s [%s] %d#%d: %s%s" % (t.strftime("%Y/%m/%d %H:%M:%S"), level, pid, pid, ("*%d " % conn) if conn else "", msg)
