"""This set's generators import `common`: the shared ../../eval-tools/caselines.py, plus a few
line formats this set needs (mysql 8, redis, klog, nginx error log, gunicorn, celery)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from caselines import *  # noqa: E402,F401,F403
from caselines import iso_us, logback, journal  # noqa: E402


def mysql8(t, thread, prio, code, msg):
    """MySQL 8 error log: 2026-05-04T02:14:07.123456Z 3312 [Warning] [MY-010055] [Server] msg"""
    return "%s %d [%s] [%s] [Server] %s" % (iso_us(t), thread, prio, code, msg)


def redis(t, role, msg, pid=1, mark="*"):
    """redis server log: 1:M 04 May 2026 02:14:07.123 * msg"""
    return "%d:%s %s %s %s" % (pid, role, t.strftime("%d %b %Y %H:%M:%S.") + "%03d" % (t.microsecond // 1000), mark, msg)


def klog(t, sev, pid, src, msg):
    """klog header: I0504 02:14:07.123456       7 controller.go:190] msg"""
    return "%s%s %7d %s] %s" % (sev, t.strftime("%m%d %H:%M:%S.%f"), pid, src, msg)


def nginx_err(t, level, pid, conn, msg):
    """nginx error log: 2026/05/04 02:14:07 [error] 31#31: *5512 msg"""
    return "%s [%s] %d#%d: *%d %s" % (t.strftime("%Y/%m/%d %H:%M:%S"), level, pid, pid, conn, msg)


def gunicorn(t, pid, level, msg):
    """gunicorn's own log: [2026-05-04 02:14:07 +0000] [7] [INFO] msg"""
    return "[%s +0000] [%d] [%s] %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), pid, level, msg)


def celery(t, level, proc, msg):
    """celery worker: [2026-05-04 02:14:07,123: ERROR/ForkPoolWorker-3] msg"""
    return "[%s: %s/%s] %s" % (t.strftime("%Y-%m-%d %H:%M:%S,") + "%03d" % (t.microsecond // 1000), level, proc, msg)
