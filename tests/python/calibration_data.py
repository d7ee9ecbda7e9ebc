# What the calibration tests fit: Bass on a complete graph (p = .03, q = .38 per year) and a fit
# of its p and q, as scenario templates, and a run's series written as the observed-data CSV
# `hearsay calibrate --observed` reads.
from pathlib import Path

import h5py

BASS_TRUTH = """name: truth
seed: {seed}
replications: 1
time: {{end: 15y, sample_every: 1y}}
network: {{generator: complete, nodes: {nodes}, fixed: true}}
model: {{name: bass, p: 0.0000822, q: 0.00104}}
seeding: {{count: 0}}
"""

BASS_FIT = """name: fit
seed: {seed}
time: {{end: 15y, sample_every: 1y}}
network: {{generator: complete, nodes: {nodes}, fixed: true}}
model: {{name: bass}}
seeding: {{count: 0}}
uncertain:
  model.p: {{loguniform: [0.00001, 0.001]}}
  model.q: {{uniform: [0.0001, 0.003]}}
calibrate: {{match: [{{metric: adopters}}], method: abc-smc, particles: {particles},
            generations: {generations}}}
"""


def series_csv(results, path, metrics, every=1):
    """Writes the series `metrics` of a results file's first run (a per-brand one: its first
    brand) as DATA.csv: a column `time` and one per metric, every `every`-th sample. Returns
    the path."""
    with h5py.File(results) as f:
        times = f["time"][:]
        columns = [f["series"][m][0, 0, 0] if f["series"][m].ndim == 4 else f["series"][m][0, 0]
                   for m in metrics]
    rows = [",".join(f"{v:g}" for v in row) for row in zip(times, *columns)][::every]
    Path(path).write_text(",".join(["time", *metrics]) + "\n" + "\n".join(rows) + "\n")
    return path
