"""This set's generators import `common`: the shared ../../eval-tools/caselines.py plus two id helpers."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from caselines import *  # noqa: E402,F401,F403


def trace(rng):
    """a W3C trace id (32 hex)"""
    return rng.hex(32)


def span(rng):
    """a W3C span id (16 hex)"""
    return rng.hex(16)
