"""One workbench run, in a process of its own: ``python3 -m hearsay.workbench.worker RUN_DIR``.

Runs RUN_DIR/scenario.yaml into RUN_DIR/results.h5 with hearsay.simulate, writing its progress
to RUN_DIR/status.json (the workbench writes the report when it is first asked for). SIGINT
(the workbench's cancel) stops it within a moment and leaves the runs that finished in
results.h5; the run is then ``cancelled``, or ``interrupted`` when the workbench that started it
is gone.
"""
from __future__ import annotations

import ctypes
import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path

from .. import safe_write

TERMINAL = ("done", "failed", "cancelled", "interrupted")


def read_status(folder):
    try:
        return json.loads((Path(folder) / "status.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_status(folder, **fields):
    """Updates RUN_DIR/status.json (safe_write: the old file or the whole new one)."""
    status = read_status(folder)
    status.update(fields)
    status["updated"] = time.time()
    safe_write.write_text(Path(folder) / "status.json", json.dumps(status, indent=1),
                          overwrite=True)
    return status


def _die_with_parent():
    """Asks Linux to send SIGINT to this process when the workbench that started it dies
    (PR_SET_PDEATHSIG), so a killed server leaves no run behind it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGINT, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0]).resolve()
    parent = os.getppid()
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request to outlive it
        os.kill(os.getpid(), signal.SIGINT)
    threads = int(os.environ.get("HEARSAY_WORKBENCH_THREADS", "0")) or None
    last = [0.0]

    def progress(done, total):
        now = time.monotonic()
        if done == total or now - last[0] > 0.2:
            last[0] = now
            write_status(folder, status="running", runs_done=done, runs_total=total,
                         progress=done / total if total else 0.0)

    try:
        import hearsay
        text = (folder / "scenario.yaml").read_text(encoding="utf-8")
        write_status(folder, status="running", started=time.time(), pid=os.getpid())
        hearsay.simulate(text, output=folder / "results.h5", overwrite=False, threads=threads,
                         progress=progress)
        write_status(folder, status="done", progress=1.0, finished=time.time())
        return 0
    except KeyboardInterrupt:
        gone = os.getppid() != parent
        write_status(folder, status="interrupted" if gone else "cancelled",
                     finished=time.time(),
                     error=("the workbench stopped during the run" if gone else
                            "cancelled; the runs that finished are kept in results.h5"))
        return 130
    except BaseException as error:  # noqa: BLE001 -- any failure is the run's answer
        message = str(error) or type(error).__name__
        if not isinstance(error, (ValueError, RuntimeError, OSError)):
            message = f"{type(error).__name__}: {message}"
        write_status(folder, status="failed", finished=time.time(), error=message,
                     trace=traceback.format_exc()[-4000:])
        return 1


if __name__ == "__main__":
    sys.exit(main())
