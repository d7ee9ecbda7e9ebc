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


def test_plot_sweep_over_words_and_decades(tmp_path):
    # A swept word (a style) is a category on the axis, in point order; values spanning
    # decades get a log axis.
    words = write_results(tmp_path / "w.h5", points=2, replications=3,
                          summaries={"x": np.array([[1.0, 2, 3], [4, 5, 6]])},
                          points_table={"brands.A.style": ["soft_sell", "hard_sell"]})
    ax = hearsay.plot_sweep(hearsay.open_results(words), "x")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["soft_sell", "hard_sell"]
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [2, 5])
    decades = write_results(tmp_path / "d.h5", points=3, replications=2,
                            summaries={"x": np.ones((3, 2))},
                            points_table={"model.rate": [0.1, 1.0, 10.0]})
    assert hearsay.plot_sweep(hearsay.open_results(decades), "x").get_xscale() == "log"


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


def _random_cascade(n, seed=3):
    """One cascade of n rows as a /cascades table: a broadcast root with chains below it."""
    import pandas as pd
    rng = np.random.default_rng(seed)
    parent_row = [-1] + [0 if rng.random() < 0.6 else int(rng.integers(0, k))
                         for k in range(1, n)]
    nodes = rng.permutation(10 * n)[:n]
    times = np.cumsum(rng.exponential(0.01, n))
    return pd.DataFrame({"point": 0, "replication": 0, "cascade": 7, "node": nodes,
                         "parent": [nodes[p] if p >= 0 else -1 for p in parent_row],
                         "time": times, "valence": -1, "brand": 0}), parent_row


def test_plot_cascade_tree_draws_a_few_thousand_nodes_quickly():
    import time
    from matplotlib.collections import LineCollection
    table, parent_row = _random_cascade(4000)
    fig, axes = plt.subplots(1, 2, figsize=(12, 6))
    start = time.monotonic()
    ax = hearsay.plot_cascade_tree(table, ax=axes[0])
    hearsay.plot_cascade_tree(table, ax=axes[1], layout="layered", color="valence")
    fig.canvas.draw()
    assert time.monotonic() - start < 10
    edges = [c for c in ax.collections if isinstance(c, LineCollection)][0]
    assert len(edges.get_segments()) == 3999
    assert "complaint cascade 7" in ax.get_title() and "4,000 rows" in ax.get_title()
    assert any("days since the first post" in a.get_ylabel() for a in fig.axes)  # colour bar
    labels = [t.get_text() for t in axes[1].get_legend().get_texts()]
    assert labels == ["complaints (-1)", "root"]
    tree = hearsay.cascade_tree(table)
    np.testing.assert_array_equal(tree["row_parent"], parent_row)   # rows were in time order


def test_plot_cascade_tree_keeps_the_shape_of_a_big_tree():
    from matplotlib.collections import LineCollection
    table, _ = _random_cascade(3000)
    tree = hearsay.cascade_tree(table)
    internal = len(set(tree["row_parent"][tree["row_parent"] >= 0]))
    ax = hearsay.plot_cascade_tree(tree, max_nodes=internal + 100)
    drawn = internal + 100
    assert f"3,000 rows, {drawn:,} drawn" in ax.get_title()
    edges = [c for c in ax.collections if isinstance(c, LineCollection)][0]
    assert len(edges.get_segments()) == drawn - 1        # every row with children, one tree
    assert f"depth {tree['depth'].max()}" in ax.get_title()
    with pytest.raises(ValueError, match="color"):
        hearsay.plot_cascade_tree(tree, color="rainbow")


def test_plot_ccdf_across_runs_with_band():
    import pandas as pd
    stats = pd.DataFrame({"point": 0, "replication": [0, 0, 0, 1, 1, 2], "brand": 0,
                          "valence": -1, "size": [1, 2, 4, 2, 2, 9]})
    ax = hearsay.plot_ccdf(stats, runs=True, band=True)
    labels = [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert labels == ["cascades (6 cascades, 3 runs)"]
    assert len(ax.get_lines()) == 1 + 3
    assert len(ax.collections) == 1                         # the band
    assert "central 95% of runs" in ax.get_title()
