# Watching a results file that a `hearsay run` in another process is writing.
import time

import h5py
import numpy as np
import pytest


def wait_for_runs(path, at_least, timeout=120):
    """Waits until the file being written has `at_least` finished runs (read from /runs/status)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with h5py.File(path, "r", locking=False) as f:
                done = int(np.count_nonzero(f["runs/status"][()]))
            if done >= at_least:
                return done
        except (OSError, KeyError):
            pass  # not created yet, or caught mid-write
        time.sleep(0.02)
    pytest.fail(f"{path} did not reach {at_least} finished runs in {timeout} s")
