"""hearsay: read, summarise, compare, fit and plot the results of the hearsay simulator.

Everything a notebook needs is importable from here::

    import hearsay
    ds = hearsay.simulate("scenarios/sir_erdos_renyi.yaml")   # in process, or
    ds = hearsay.open_results("results/sir.h5")               # a file the CLI wrote
    hearsay.summarize(ds)
"""
from .results import (FORMAT_NAME, FORMAT_VERSION, STATUS_NAMES, IncompleteResultsError,
                      ResultsError, metric_names, open_results, read_cascades, scenario_value,
                      series_name, summary_name)
from .stats import (compare_arms, compare_brands, compare_points, interval, paired_difference,
                    proportion_interval, summarize, summarize_series)
from .bass import BassFit, fit_bass, fit_bass_csv, fit_bass_results, read_adoption_csv
from .cascades import (cascade_stats, cascade_tree, ccdf_across_runs, largest_cascades,
                       size_ccdf, structural_virality, tree_layout, tree_stats)
from .theory import (bass_cumulative, bass_peak_time, maki_thompson_never_heard,
                     newman_final_size, watts_cascade_condition, watts_cascade_window)
from .plots import (plot_arms, plot_bass_fit, plot_cascade_tree, plot_ccdf, plot_heat_strip,
                    plot_series, plot_sweep)
from .cli import find_hearsay, run_scenario
from .errors import (HearsayError, InputFileError, OutputBusyError, OutputError, ScenarioError,
                     SimulationError, UnknownNameError)
from .simulate import check, describe, engine_version, models, simulate
from .sensitivity import morris_indices, sensitivity, sobol_indices, uncertainty
from .calibration import (calibration_info, is_calibration, posterior, posterior_predictive,
                          posterior_summary, weighted_quantile)

__all__ = [
    "calibration_info", "is_calibration", "posterior", "posterior_predictive",
    "posterior_summary", "weighted_quantile",
    "sensitivity", "uncertainty", "sobol_indices", "morris_indices",
    "FORMAT_NAME", "FORMAT_VERSION", "STATUS_NAMES", "IncompleteResultsError", "ResultsError",
    "metric_names", "open_results", "read_cascades", "scenario_value", "series_name",
    "summary_name",
    "compare_arms", "compare_brands", "compare_points", "interval", "paired_difference",
    "proportion_interval",
    "summarize", "summarize_series",
    "BassFit", "fit_bass", "fit_bass_csv", "fit_bass_results", "read_adoption_csv",
    "cascade_stats", "cascade_tree", "ccdf_across_runs", "largest_cascades", "size_ccdf",
    "structural_virality", "tree_layout", "tree_stats",
    "bass_cumulative", "bass_peak_time", "maki_thompson_never_heard", "newman_final_size",
    "watts_cascade_condition", "watts_cascade_window",
    "plot_arms", "plot_bass_fit", "plot_cascade_tree", "plot_ccdf", "plot_heat_strip",
    "plot_series", "plot_sweep",
    "find_hearsay", "run_scenario", "OutputBusyError", "OutputError",
    "simulate", "check", "describe", "models", "engine_version",
    "HearsayError", "ScenarioError", "InputFileError", "UnknownNameError", "SimulationError",
]
