# Every figure draws what it says on the axes it is given (Agg backend, no display needed).
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import hearsay  # noqa: E402
from test_analysis_support import (brand_file, cascade_columns, merge_columns,  # noqa: E402
                                   write_results)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def brands(tmp_path):
    return hearsay.open_results(brand_file(tmp_path / "b.h5"))


@pytest.fixture
def sweep(tmp_path):
    rng = np.random.default_rng(0)
    x = np.array([1.0, 2.0, 4.0, 8.0])
    values = 10 * x[:, None] + rng.normal(0, 1, (4, 5))
    curve = values[..., None] * np.linspace(0, 1, 11)
    path = write_results(tmp_path / "s.h5", points=4, replications=5,
                         summaries={"final": values}, series={"adopters": curve},
                         points_table={"model.q": x})
    return hearsay.open_results(path)


def test_plot_series_one_line_and_band_per_brand(brands):
    ax = hearsay.plot_series(brands, "cumulative_sales")
    assert [line.get_label() for line in ax.get_lines()] == ["PitchCo", "PeopleCo"]
    assert len(ax.collections) == 2                      # the two bands
    mean = brands["cumulative_sales"].isel(point=0).sel(brand="PeopleCo").mean("replication")
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), mean.values)
    assert "purchases" in ax.get_ylabel() and ax.get_xlabel() == "time (days)"


def test_plot_series_options(brands):
    ax = hearsay.plot_series(brands, "aware", band="runs", share=True, runs=True)
    runs = brands.sizes["replication"]
    assert len(ax.get_lines()) == runs + 1
    assert ax.get_lines()[-1].get_ydata()[-1] == pytest.approx(100 / 1000)
    assert "share of agents" in ax.get_ylabel()
    ax = hearsay.plot_series(brands, "detractors", band=None)   # the series of a shared name
    assert len(ax.collections) == 0 and len(ax.get_lines()) == 2


def test_plot_series_over_points(sweep):
    ax = hearsay.plot_series(sweep, "adopters")
    assert [line.get_label() for line in ax.get_lines()] == [
        "q=1", "q=2", "q=4", "q=8"]


def test_plot_arms_dots_pairs_and_means(brands):
    ax = hearsay.plot_arms(brands, "final_sales")
    runs = brands.sizes["replication"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["PitchCo", "PeopleCo"]
    assert len(ax.get_lines()) >= runs                   # one grey line per paired run
    dots = [c for c in ax.collections if c.get_offsets().shape[0] == runs]
    assert len(dots) == 2


def test_plot_arms_with_arms_table(tmp_path):
    path = write_results(tmp_path / "a.h5", points=2, replications=3,
                         summaries={"x": np.arange(6.0).reshape(2, 3)},
                         points_table={"arm": ["hard", "soft"]})
    ax = hearsay.plot_arms(hearsay.open_results(path), "x")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["hard", "soft"]


def test_plot_sweep_response_curve(sweep):
    ax = hearsay.plot_sweep(sweep, "final")
    line = ax.get_lines()[0]
    np.testing.assert_allclose(line.get_xdata(), [1, 2, 4, 8])
    np.testing.assert_allclose(line.get_ydata(), sweep["final"].mean("replication").values)
    assert ax.get_xlabel() == "model.q"
    assert len(ax.collections) == 1
    ax2 = hearsay.plot_sweep(sweep, "adopters")          # a series: its last value
    np.testing.assert_allclose(ax2.get_lines()[0].get_ydata(),
                               sweep["adopters"].isel(time=-1).mean("replication").values)


def test_plot_ccdf_log_axes_per_valence():
    table = merge_columns(
        cascade_columns([[(1, -1), (2, 1), (3, 1)], [(4, -1)]], valence=-1),
        cascade_columns([[(5, -1), (6, 5)]], valence=1, start_cascade=2))
    import pandas as pd
    stats = hearsay.cascade_stats(pd.DataFrame(table))
    ax = hearsay.plot_ccdf(stats)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["complaints (-1) (2)", "recommendations (+1) (1)"]
    ax = hearsay.plot_ccdf(np.array([1, 2, 2, 10]))
    np.testing.assert_allclose(ax.get_lines()[0].get_xdata(), [1, 2, 10])


def test_plot_heat_strip_one_row_per_run(brands):
    ax = hearsay.plot_heat_strip(brands, "cumulative_sales", share=False)
    image = ax.get_images()[0].get_array()
    assert image.shape == (2 * brands.sizes["replication"], brands.sizes["time"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["PitchCo", "PeopleCo"]
    default = hearsay.plot_heat_strip(brands)             # picks an adoption-like series
    assert "cumulative_sales" in default.get_title()


def test_plot_bass_fit():
    t = np.arange(0, 3650.0, 30.0)
    fit = hearsay.fit_bass(t, hearsay.bass_cumulative(t, 1e-4, 1e-3, 100), bootstrap=0)
    ax = hearsay.plot_bass_fit(fit)
    assert len(ax.get_lines()) == 2
    assert "p = 0.0365/y" in ax.get_lines()[1].get_label()


def test_plots_draw_on_given_axes(brands):
    fig, axes = plt.subplots(1, 2)
    assert hearsay.plot_series(brands, "aware", ax=axes[0]) is axes[0]
    assert hearsay.plot_arms(brands, "followers_kept", ax=axes[1]) is axes[1]
