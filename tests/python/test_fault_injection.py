# Fault injection: writers, resumers and mergers of one results file started together, with HDF5's
# own file locking off (as on NFS and Lustre), killed at random (SIGKILL, SIGTERM; seeded), then
# --resume to the end: the file must equal an uninterrupted run's, every time. hearsay's own lock
# must keep the processes apart, and nothing may ever leave a partial or mixed file at the path.
import os
import signal
import subprocess
import time

import numpy as np
import pytest

from results_compare import assert_same_content
from scenario_texts import wom_text

# About a second on 2 threads: long enough to be caught mid-write, short enough to repeat.
SCENARIO = wom_text("chaos", seed=77, replications=16, end="90d", sample_every="6h",
                    network="{generator: barabasi_albert, nodes: 30000, m: 4}")
TRIALS = 8
EVENTS_PER_TRIAL = 10
SEED = 20261207
# What a refused process may say (exit 1): another holds the lock, or a plain run found a file.
REFUSALS = ("is in use by another hearsay process", "exists; use --resume")


@pytest.fixture(scope="module")
def chaos(run_scenario, run_hearsay):
    scenario, whole = run_scenario("chaos", SCENARIO)
    folder = scenario.parent
    shards = [folder / f"part{i}.h5" for i in range(2)]
    for i, shard in enumerate(shards):
        run_hearsay("run", scenario, "--shard", f"{i}/2", "-o", shard, "--quiet")
    return scenario, whole, shards


def leftovers(folder, name):
    """Side files of `name` in `folder`: its lock file and temporary files."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


def test_concurrent_writers_resumers_and_mergers_killed_at_random(chaos, hearsay_bin,
                                                                  run_hearsay, tmp_path):
    scenario, whole, shards = chaos
    out = tmp_path / "out.h5"
    env = dict(os.environ, HDF5_USE_FILE_LOCKING="FALSE")
    commands = {
        "run": [hearsay_bin, "run", scenario, "-o", out, "--quiet", "--threads", "1"],
        "resume": [hearsay_bin, "run", scenario, "-o", out, "--quiet", "--threads", "1",
                   "--resume"],
        "force": [hearsay_bin, "run", scenario, "-o", out, "--quiet", "--threads", "1",
                  "--force"],
        "merge": [hearsay_bin, "merge", *shards, "-o", out, "--force", "--quiet"],
    }
    rng = np.random.default_rng(SEED)
    outcomes = {"finished": 0, "refused": 0, "stopped": 0, "killed": 0}
    started = time.monotonic()

    def check_ended(kind, process):
        _, stderr = process.communicate(timeout=120)
        code = process.returncode
        if code == 0:
            outcomes["finished"] += 1
        elif code == 1:
            assert any(r in stderr for r in REFUSALS), f"{kind} failed: {stderr}"
            outcomes["refused"] += 1
        elif code == 130:  # SIGTERM: stopped cleanly
            outcomes["stopped"] += 1
        elif code in (-signal.SIGKILL, -signal.SIGTERM):  # (SIGTERM before its handler is set)
            outcomes["killed"] += 1
        else:
            pytest.fail(f"{kind} exited with {code}: {stderr}")

    for trial in range(TRIALS):
        if rng.random() < 0.5 and out.exists():
            out.unlink()  # start some trials from nothing
        live = []
        for _ in range(EVENTS_PER_TRIAL):
            roll = rng.random()
            running = [p for _, p in live if p.poll() is None]
            if roll < 0.5 or not running:
                kind = str(rng.choice(list(commands)))
                live.append((kind, subprocess.Popen([str(c) for c in commands[kind]], env=env,
                                                    stdout=subprocess.PIPE,
                                                    stderr=subprocess.PIPE, text=True)))
            elif roll < 0.9:
                process = running[rng.integers(len(running))]
                process.send_signal(signal.SIGKILL if rng.random() < 0.6 else signal.SIGTERM)
            else:
                # A reader at any moment: `info` works while others write.
                if out.exists():
                    info = run_hearsay("info", out, check=False)
                    assert info.returncode == 0 or "no such file" in info.stderr, info.stderr
            time.sleep(rng.uniform(0.02, 0.35))
        for kind, process in live:
            check_ended(kind, process)
        # Whatever was killed when, the path holds a whole results file (or nothing).
        if out.exists():
            assert run_hearsay("info", out, check=False).returncode == 0
        run_hearsay("run", scenario, "-o", out, "--resume", "--quiet")
        assert_same_content(whole, out)
        # The last writer cleaned up what killed ones left: no lock, no temporary file.
        assert leftovers(tmp_path, out.name) == [], trial

    # About 25 s on an idle 2-core machine; the bound catches a hang, not a slow machine.
    elapsed = time.monotonic() - started
    assert elapsed < 300, f"{TRIALS} trials took {elapsed:.0f} s"
    # The trials did what they are for: processes were refused, killed and stopped.
    assert outcomes["refused"] > 0 and outcomes["killed"] > 0 and outcomes["stopped"] > 0, outcomes
    print(f"{TRIALS} trials in {elapsed:.0f} s: {outcomes}")
