#!/usr/bin/python3
"""ctest: `mpirun -np 2 hearsay run` writes the same file as one process (and so does a shard);
`mpirun -np 2 hearsay calibrate` writes the same calibration as one process, goes on with one
that a single process started, and refuses an existing output once, on every rank.

usage: mpi_check.py HEARSAY MPIEXEC
A sweep with two arms and cascades, so that every part of the file is exercised: the runs of the
two ranks interleave in the plan, and rank 0 must write them in the plan's order.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import h5py

sys.path.insert(0, str(Path(__file__).resolve().parent / "python"))
from calibration_data import BASS_FIT, BASS_TRUTH, series_csv  # noqa: E402
from results_compare import differences  # noqa: E402
from scenario_texts import wom_text  # noqa: E402

SCENARIO = wom_text("mpi-check", seed=11, replications=5, end="60d", sample_every="1d",
                    network="{generator: watts_strogatz, nodes: 3000, k: 6, rewire: 0.1}",
                    plan="arms:\n"
                         "  listens: {brands.PitchCo.answer_probability: 0.9}\n"
                         "  ignores: {brands.PitchCo.answer_probability: 0.0}\n"
                         "sweep:\n"
                         "  brands.PitchCo.pitches_per_day: [1, 4]\n")

def generations_in(path):
    try:
        with h5py.File(path, "r") as f:
            return f["calibration/tolerance"].shape[0]
    except (OSError, KeyError):
        return 0


def check_calibrate(hearsay, mpiexec, env, folder):
    """The failures found, as text."""
    (folder / "truth.yaml").write_text(BASS_TRUTH.format(seed=1, nodes=300))
    (folder / "fit.yaml").write_text(BASS_FIT.format(seed=3, nodes=300, particles=300,
                                                     generations=6))
    subprocess.run([hearsay, "run", str(folder / "truth.yaml"), "-o", str(folder / "truth.h5"),
                    "--quiet"], check=True, timeout=600)
    series_csv(folder / "truth.h5", folder / "data.csv", ["adopters"])

    def calibrate(output, *args, mpi=False, check=True):
        command = ([mpiexec, "-np", "2"] if mpi else []) + [
            hearsay, "calibrate", str(folder / "fit.yaml"), "--observed",
            str(folder / "data.csv"), "-o", str(folder / output), *args]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        if check and done.returncode != 0:
            sys.exit(f"FAIL: {' '.join(command)} exited with {done.returncode}\n"
                     f"{done.stdout}\n{done.stderr}")
        return done

    failures = []
    calibrate("one.h5", "--threads", "2", "--quiet")
    calibrate("mpi.h5", "--threads", "1", "--quiet", mpi=True)
    bad = differences(folder / "one.h5", folder / "mpi.h5")
    if bad:
        failures.append(f"calibrate: one process and 2 ranks differ in {bad[:8]}")

    # Stopped (Ctrl-C) by one process after two generations, finished by two ranks.
    part = folder / "part.h5"
    process = subprocess.Popen([hearsay, "calibrate", str(folder / "fit.yaml"), "--observed",
                                str(folder / "data.csv"), "-o", str(part), "--quiet",
                                "--threads", "1"], env=env)
    deadline = time.monotonic() + 300
    while process.poll() is None and generations_in(part) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    code = process.wait(timeout=600)
    if code != 130 or not 2 <= generations_in(part) < 6:
        failures.append(f"calibrate: the run to stop ended with {code} and "
                        f"{generations_in(part)} generations (expected 130, 2 to 5)")
    else:
        calibrate("part.h5", "--resume", "--quiet", mpi=True)
        bad = differences(folder / "one.h5", part)
        if bad:
            failures.append(f"calibrate: resumed by 2 ranks, it differs in {bad[:8]}")

    # An output that exists: refused once (rank 0 says why), every rank ends.
    refused = calibrate("one.h5", mpi=True, check=False)
    if refused.returncode == 0 or refused.stderr.count("exists; use --resume") != 1:
        failures.append(f"calibrate: an existing output under 2 ranks gave "
                        f"{refused.returncode}: {refused.stderr}")
    return failures


def main():
    hearsay, mpiexec = sys.argv[1], sys.argv[2]
    # Root in CI containers; more ranks than cores on small machines.
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        scenario = folder / "mpi.yaml"
        scenario.write_text(SCENARIO)

        def run(*args, mpi=False):
            command = ([mpiexec, "-np", "2"] if mpi else []) + [hearsay, "run", str(scenario),
                                                                 "--quiet", *args]
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                sys.exit(f"FAIL: {' '.join(command)} exited with {done.returncode}\n"
                         f"{done.stdout}\n{done.stderr}")

        run("-o", folder / "one.h5", "--threads", "2")
        run("-o", folder / "mpi.h5", "--threads", "1", mpi=True)
        run("-o", folder / "shard.h5", "--shard", "1/2", "--threads", "1")
        run("-o", folder / "mpi-shard.h5", "--shard", "1/2", "--threads", "1", mpi=True)
        failures = []
        for a, b in (("one.h5", "mpi.h5"), ("shard.h5", "mpi-shard.h5")):
            bad = differences(folder / a, folder / b)
            if bad:
                failures.append(f"{a} and {b} differ in {bad[:8]}")
        calibration = folder / "calibration"
        calibration.mkdir()
        failures += check_calibrate(hearsay, mpiexec, env, calibration)
        if failures:
            sys.exit("FAIL: " + "; ".join(failures))
        print("ok: 2 MPI ranks wrote the same files as one process (whole plan and shard 1/2), "
              "and the same calibration (whole, and resumed from one process's)")


if __name__ == "__main__":
    main()
