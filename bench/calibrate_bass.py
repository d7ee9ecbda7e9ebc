#!/usr/bin/python3
"""Time to a posterior: `hearsay calibrate` on the Bass recovery case (a complete graph of 1,000
agents, p = .03 and q = .38 per year, adopters observed yearly for 15 years), 1,000 particles.

Usage: bench/calibrate_bass.py [THREADS [PARTICLES [GENERATIONS]]]   (defaults 2, 1000, 8)
Prints the wall time, CPU time, runs, runs/s and the posterior (mean, 90% interval / truth).
"""
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "analysis"))
import h5py  # noqa: E402

import hearsay  # noqa: E402

defaults = [2, 1000, 8]
threads, particles, generations = [int(a) for a in sys.argv[1:4]] + defaults[len(sys.argv[1:4]):]
binary = os.environ.get("HEARSAY_BIN", str(ROOT / "build/release/bin/hearsay"))
truth = {"model.p": 0.03 / 365, "model.q": 0.38 / 365}
common = """time: {end: 15y, sample_every: 1y}
network: {generator: complete, nodes: 1000, fixed: true}
seeding: {count: 0}
"""
with tempfile.TemporaryDirectory() as tmp:
    tmp = Path(tmp)
    (tmp / "truth.yaml").write_text(f"name: truth\nseed: 1\n{common}"
                                    f"model: {{name: bass, p: {truth['model.p']}, "
                                    f"q: {truth['model.q']}}}\n")
    subprocess.run([binary, "run", tmp / "truth.yaml", "-o", tmp / "truth.h5", "--quiet"],
                   check=True)
    with h5py.File(tmp / "truth.h5") as f:
        rows = zip(f["time"][:], f["series/adopters"][0, 0])
        (tmp / "data.csv").write_text("time,adopters\n" + "".join(f"{t:g},{a:g}\n"
                                                                  for t, a in rows))
    (tmp / "fit.yaml").write_text(
        f"name: fit\nseed: 2\n{common}model: {{name: bass}}\n"
        "uncertain:\n  model.p: {uniform: [0.00001, 0.0003]}\n"
        "  model.q: {uniform: [0.0002, 0.003]}\n"
        f"calibrate: {{match: [{{metric: adopters}}], particles: {particles}, "
        f"generations: {generations}}}\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run([binary, "calibrate", tmp / "fit.yaml", "--observed", tmp / "data.csv",
                    "-o", tmp / "fit.h5", "--threads", str(threads), "--quiet"], check=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    info = hearsay.calibration_info(tmp / "fit.h5")
    runs = int(info["schedule"]["proposed"].sum())
    simulated = int(info["schedule"]["simulated"].sum())
    summary = hearsay.posterior_summary(tmp / "fit.h5")
    print(f"calibrate bass (1000 agents, complete graph): {particles} particles, "
          f"{len(info['schedule'])} generations (stop: {info['stop_reason']}), {threads} threads")
    print(f"  wall {wall:.1f} s, cpu {cpu:.1f} s, {runs} proposals, {simulated} runs simulated, "
          f"{simulated / wall:.0f} runs/s, "
          f"final tolerance {info['schedule']['tolerance'].iloc[-1]:.4f}, "
          f"load average {os.getloadavg()[0]:.1f}")
    for key, value in truth.items():
        row = summary.loc[key]
        print(f"  {key}: mean/truth {row['mean'] / value:.3f}, 90% interval "
              f"[{row['low'] / value:.3f}, {row['high'] / value:.3f}] x truth")
