"""What every probe generator shares: its case folder, ISO times, and writing the case out."""
import json
import os


def case_dir(name):
    """The case's folder next to this one, with its logs/ made."""
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", name)
    os.makedirs(os.path.join(out, "logs"), exist_ok=True)
    return out


def iso(t, ms=True):
    return t.strftime("%Y-%m-%dT%H:%M:%S") + (".%03dZ" % (t.microsecond // 1000) if ms else "Z")


def write_case(out, files, alert, truth):
    """files: (name, [(time, line)]) pairs, each sorted by time and written as logs/name."""
    for name, lines in files:
        lines.sort(key=lambda x: x[0])
        with open(os.path.join(out, "logs", name), "w") as f:
            f.write("\n".join(line for _, line in lines) + "\n")
    with open(os.path.join(out, "alert.json"), "w") as f:
        json.dump(alert, f)
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump(truth, f)
