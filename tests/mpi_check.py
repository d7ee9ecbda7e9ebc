#!/usr/bin/python3
"""ctest: `mpirun -np 2 hearsay run` writes the same file as one process (and so does a shard).

usage: mpi_check.py HEARSAY MPIEXEC
A sweep with two arms and cascades, so that every part of the file is exercised: the runs of the
two ranks interleave in the plan, and rank 0 must write them in the plan's order.
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "python"))
from results_compare import differences  # noqa: E402
from scenario_texts import wom_text  # noqa: E402

SCENARIO = wom_text("mpi-check", seed=11, replications=5, end="60d", sample_every="1d",
                    network="{generator: watts_strogatz, nodes: 3000, k: 6, rewire: 0.1}",
                    plan="arms:\n"
                         "  listens: {brands.PitchCo.answer_probability: 0.9}\n"
                         "  ignores: {brands.PitchCo.answer_probability: 0.0}\n"
                         "sweep:\n"
                         "  brands.PitchCo.pitches_per_day: [1, 4]\n")


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
        if failures:
            sys.exit("FAIL: " + "; ".join(failures))
        print("ok: 2 MPI ranks wrote the same files as one process (whole plan and shard 1/2)")


if __name__ == "__main__":
    main()
