"""This set's generators import `common`: the shared ../../eval-tools/caselines.py."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval-tools"))
from caselines import *  # noqa: E402,F401,F403
