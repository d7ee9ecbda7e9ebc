"""Posteriors of a calibration (``hearsay calibrate``): the particles of any generation as a
DataFrame, weighted summaries with credible intervals, and the posterior predictive series
(simulated by the CLI at particles drawn by weight).

The file's layout is documented in sim/results/RESULTS_FORMAT.md ("Calibration files").
"""
from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import yaml

from . import cli

CALIBRATION_FORMAT = "hearsay-calibration"


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def _open(path):
    f = h5py.File(path, "r")
    if _text(f.attrs.get("format", "")) != CALIBRATION_FORMAT or "calibration" not in f:
        f.close()
        raise ValueError(f"{path} is not a calibration file (written by hearsay calibrate)")
    return f


def is_calibration(path):
    """True when `path` is a file written by ``hearsay calibrate``."""
    try:
        with h5py.File(path, "r") as f:
            return "calibration" in f
    except OSError:
        return False


def posterior(path, generation=None):
    """The particles of a calibration: one column per uncertain key (as the scenario wrote
    it, e.g. ``model.p``), then ``weight`` (summing to 1) and ``distance``. `generation`: which
    one (0 = drawn from the prior; negative counts from the end); default the last, the
    posterior."""
    with _open(path) as f:
        c = f["calibration"]
        names = [_text(s) for s in c["parameters"][:]]
        generations = int(c.attrs["generations"])
        g = generations - 1 if generation is None else generation
        if g < 0:
            g += generations
        if not 0 <= g < generations:
            raise IndexError(f"{path} holds generations 0 to {generations - 1}, not {generation}")
        frame = pd.DataFrame(c["particles"][g], columns=names)
        frame["weight"] = c["weights"][g]
        frame["distance"] = c["distances"][g]
        frame.attrs.update(generation=g, tolerance=float(c["tolerance"][g]),
                           stop_reason=_text(c.attrs["stop_reason"]))
        return frame


def calibration_info(path):
    """What a calibration file holds apart from the particles: parameters, priors, the observed
    data (a DataFrame indexed by time), the tolerance schedule and acceptance per generation
    (with the runs simulated, which include the discarded rest of the last batch),
    and why it stopped ("" while unfinished)."""
    with _open(path) as f:
        c = f["calibration"]
        o = c["observed"]
        columns = [_text(s) for s in o["columns"][:]]
        observed = pd.DataFrame(o["values"][:].T, columns=columns,
                                index=pd.Index(o["time"][:], name="time"))
        schedule = pd.DataFrame({"tolerance": c["tolerance"][:], "proposed": c["proposed"][:],
                                 "accepted": c["accepted"][:], "simulated": c["simulated"][:]})
        schedule["acceptance"] = schedule["accepted"] / schedule["proposed"]
        schedule.index.name = "generation"
        return {"parameters": [_text(s) for s in c["parameters"][:]],
                "priors": [_text(s) for s in c["priors"][:]],
                "observed": observed, "schedule": schedule,
                "stop_reason": _text(c.attrs["stop_reason"]),
                "scenario": _text(f["scenario"][()]), "model": _text(f.attrs["model"])}


def weighted_quantile(values, weights, q):
    """Quantile q of `values` under normalised `weights` (the smallest value whose cumulative
    weight reaches q)."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(np.asarray(weights, float)[order])
    cumulative /= cumulative[-1]
    return float(np.asarray(values, float)[order][np.searchsorted(cumulative, q)])


def posterior_summary(path_or_frame, level=0.9, generation=None):
    """Weighted mean, sd and central credible interval (`level`, default 90%) of each
    parameter: a DataFrame indexed by parameter with mean, sd, low, high."""
    frame = (path_or_frame if isinstance(path_or_frame, pd.DataFrame)
             else posterior(path_or_frame, generation))
    w = frame["weight"].to_numpy()
    rows = {}
    for name in frame.columns:
        if name in ("weight", "distance"):
            continue
        x = frame[name].to_numpy()
        mean = float(np.sum(w * x) / np.sum(w))
        rows[name] = {"mean": mean, "sd": float(np.sqrt(np.sum(w * (x - mean) ** 2) / np.sum(w))),
                      "low": weighted_quantile(x, w, (1 - level) / 2),
                      "high": weighted_quantile(x, w, (1 + level) / 2)}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "parameter"
    return out


def posterior_predictive(path, draws=50, *, output=None, seed=0, binary=None, threads=None,
                         overwrite=False, timeout=3600):
    """Series simulated at `draws` particles of the posterior drawn by weight (with
    replacement; numpy's generator seeded by `seed`), through ``hearsay run`` on a zipped sweep
    of the draws. Returns a DataFrame indexed by (draw, time) with one column per matched
    series (as the observed data names them) and one per parameter. The results file goes to
    `output` (default: beside the calibration file, ``<stem>-predictive.h5``)."""
    info = calibration_info(path)
    frame = posterior(path)
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(frame), size=draws, replace=True,
                       p=frame["weight"].to_numpy() / frame["weight"].sum())
    scenario = yaml.safe_load(info["scenario"])
    calibrate = scenario.pop("calibrate")
    scenario.pop("uncertain", None)
    scenario.pop("output", None)
    scenario["replications"] = 1
    scenario["sweep"] = {"zip": {name: [float(frame[name].iloc[i]) for i in picks]
                                 for name in info["parameters"]}}
    output = Path(output) if output else Path(path).with_name(Path(path).stem + "-predictive.h5")
    cli.run_scenario(yaml.safe_dump(scenario, sort_keys=False), output, binary=binary,
                     threads=threads, timeout=timeout, overwrite=overwrite)
    with h5py.File(output, "r") as f:
        times = f["time"][:]
        brands = [_text(b) for b in f["brand"][:]] if "brand" in f else []
        data = {}
        for match, column in zip(calibrate["match"], info["observed"].columns):
            values = f["series"][match["metric"]][:, 0]  # (point, [brand,] time)
            if "brand" in match:
                values = values[:, brands.index(match["brand"])]
            data[column] = values.reshape(-1)
    index = pd.MultiIndex.from_product([range(draws), times], names=["draw", "time"])
    out = pd.DataFrame(data, index=index)
    for name in info["parameters"]:
        out[name] = np.repeat(frame[name].to_numpy()[picks], len(times))
    return out
