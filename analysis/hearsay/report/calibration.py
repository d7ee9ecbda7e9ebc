"""The page of a calibration file (``hearsay calibrate``): the posterior of each parameter
(weighted histograms, mean and credible interval), how the calibration went (tolerance and
acceptance per generation, why it stopped), and the posterior predictive band over the observed
points (series simulated at posterior draws with the CLI).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from ..calibration import calibration_info, posterior, posterior_predictive, posterior_summary
from .markup import CSS, _esc, _figure, _table

CREDIBLE = 0.9
PREDICTIVE_DRAWS = 20

STOP_WORDS = {
    "generations": "it reached the most generations allowed (calibrate.generations)",
    "acceptance": "a generation accepted too few of its proposals (calibrate.min_acceptance): "
                  "the tolerance cannot usefully fall further",
    "tolerance": "the tolerance stopped falling (calibrate.min_tolerance_change)",
    "": "it has not finished (stopped early): hearsay calibrate --resume goes on",
}


def _predictive_figure(path, info, draws):
    """The band of series simulated at posterior draws, over the observed points."""
    try:
        with tempfile.TemporaryDirectory(prefix="hearsay-report-") as folder:
            predictive = posterior_predictive(path, draws=draws,
                                              output=Path(folder) / "predictive.h5")
    except (FileNotFoundError, RuntimeError) as error:
        return (f"<p class='warn'>The predictive band could not be simulated: "
                f"{_esc(error)}</p>")
    observed = info["observed"]

    def draw(*axes):
        for ax, column in zip(axes, observed.columns):
            band = predictive[column].unstack("draw")
            ax.fill_between(band.index, band.quantile(0.05, axis=1),
                            band.quantile(0.95, axis=1), alpha=0.3, color="C0",
                            label="90% of the predictive draws")
            ax.plot(band.index, band.median(axis=1), color="C0", label="median draw")
            ax.plot(observed.index, observed[column], "ko", ms=4, label="observed")
            ax.set_xlabel("time (d)")
            ax.set_ylabel(column)
            ax.legend(fontsize=8)

    return _figure(draw, width=7, height=3.4, n=len(observed.columns),
                   caption=f"The posterior predictive: {draws} particles drawn by weight, "
                           "each simulated once, against the observed data.")


def _calibration_section(path, level=CREDIBLE, draws=PREDICTIVE_DRAWS):
    """The section (id "calibration") for a calibration file."""
    info = calibration_info(path)
    frame = posterior(path)
    summary = posterior_summary(frame, level=level)
    pct = round(level * 100)
    schedule = info["schedule"]
    parameters = info["parameters"]
    table = pd.DataFrame({
        "parameter": parameters, "prior": info["priors"],
        "posterior mean": summary["mean"].to_numpy(), "sd": summary["sd"].to_numpy(),
        f"{pct}% credible interval": [f"{lo:.4g} to {hi:.4g}" for lo, hi in
                                      zip(summary["low"], summary["high"])]})

    def marginals(*axes):
        for ax, key in zip(axes, parameters):
            ax.hist(frame[key], bins=30, weights=frame["weight"], color="C0", alpha=0.8)
            ax.axvline(summary.loc[key, "mean"], color="k", lw=1, label="mean")
            for edge in ("low", "high"):
                ax.axvline(summary.loc[key, edge], color="k", lw=1, ls="--")
            ax.set_xlabel(key)
            ax.set_ylabel("posterior weight")

    shown = schedule.reset_index()
    shown["acceptance"] = [f"{a:.1%}" for a in shown["acceptance"]]
    stop = info["stop_reason"]
    return "".join([
        '<section id="calibration"><h2>Calibration: what the data say about the parameters</h2>',
        f"<p>ABC-SMC fitted {len(parameters)} parameter{'s' if len(parameters) != 1 else ''} "
        f"of model <b>{_esc(info['model'])}</b> to {len(info['observed'])} observation times of "
        f"{_esc(', '.join(info['observed'].columns))}. The posterior is the last of "
        f"{len(schedule)} generations ({len(frame)} weighted particles). It stopped because "
        f"{_esc(STOP_WORDS.get(stop, stop))}.</p>",
        _table(table),
        _figure(marginals, width=7, height=2.8, ncols=2, n=len(parameters),
                caption=f"Marginal posteriors (weighted histograms); solid line the mean, dashed "
                        f"the {pct}% credible interval."),
        "<h3>How the calibration went</h3>",
        "<p class='small'>Each generation keeps the proposals whose distance to the data (root "
        "mean square of the scaled differences) is within its tolerance; the tolerance is a "
        "quantile of the previous generation's distances (inf: drawn from the prior).</p>",
        _table(shown),
        "<h3>The posterior predictive</h3>",
        _predictive_figure(path, info, draws) if draws > 0 else "",
        "</section>",
    ])


def build_calibration_report(path, level=CREDIBLE, draws=PREDICTIVE_DRAWS):
    """The whole page for a calibration file, as an HTML string."""
    info = calibration_info(path)
    title = f"calibration of {info['model']}"
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{_esc(title)} — hearsay report</title><style>{CSS}</style></head>"
            f"<body><main><h1>{_esc(title)}</h1>{_calibration_section(path, level, draws)}"
            "<p class='small'>Made by hearsay.report.</p></main></body></html>")


__all__ = ["build_calibration_report"]
