# Summaries over replications and paired comparisons: numbers checked against scipy and numpy.
import numpy as np
import pytest
from scipy import stats as sps

import hearsay
from test_analysis_support import brand_file, write_results


def t_interval(x, level=0.95):
    x = np.asarray(x, dtype=float)
    return sps.t.interval(level, len(x) - 1, loc=x.mean(), scale=sps.sem(x))


def test_interval_matches_scipy():
    x = [3.0, 5.0, 4.0, 8.0, 6.5]
    got = hearsay.interval(x)
    lo, hi = t_interval(x)
    assert got["n"] == 5
    assert got["mean"] == pytest.approx(np.mean(x))
    assert got["sd"] == pytest.approx(np.std(x, ddof=1))
    assert (got["lo"], got["hi"]) == pytest.approx((lo, hi))
    lo90, hi90 = t_interval(x, 0.9)
    assert (hearsay.interval(x, 0.9)["lo"], hearsay.interval(x, 0.9)["hi"]) == pytest.approx(
        (lo90, hi90))


def test_interval_ignores_nan_and_handles_tiny_samples():
    assert hearsay.interval([1.0, np.nan, 3.0])["n"] == 2
    one = hearsay.interval([2.0])
    assert one["mean"] == 2.0 and np.isnan(one["lo"]) and np.isnan(one["sd"])
    none = hearsay.interval([np.nan])
    assert none["n"] == 0 and np.isnan(none["mean"])


def test_summarize_per_point_and_brand(tmp_path):
    values = np.arange(2 * 5 * 2, dtype=float).reshape(2, 5, 2) ** 1.5
    path = write_results(tmp_path / "s.h5", points=2, replications=5, brands=["A", "B"],
                         summaries={"sales": values, "plain": values[..., 0]},
                         points_table={"arm": ["x", "y"]}, units={"sales": "purchases"})
    table = hearsay.summarize(hearsay.open_results(path))
    sales = table[table.metric == "sales"]
    assert len(sales) == 4 and set(sales["brand"]) == {"A", "B"}
    row = sales[(sales.point == 1) & (sales.brand == "B")].iloc[0]
    assert row["arm"] == "y" and row["units"] == "purchases"
    assert row["mean"] == pytest.approx(values[1, :, 1].mean())
    assert row["sd"] == pytest.approx(values[1, :, 1].std(ddof=1))
    assert (row["lo"], row["hi"]) == pytest.approx(t_interval(values[1, :, 1]))
    plain = table[table.metric == "plain"]
    assert len(plain) == 2 and (plain["brand"] == "").all()


def test_summarize_a_series_uses_its_last_value(tmp_path):
    ds = hearsay.open_results(brand_file(tmp_path / "b.h5"))
    table = hearsay.summarize(ds, "cumulative_sales")
    final = ds["final_sales"].sel(brand="PeopleCo").values
    assert table[table.brand == "PeopleCo"]["mean"].iloc[0] == pytest.approx(final.mean())


def test_summarize_series_band(tmp_path):
    ds = hearsay.open_results(brand_file(tmp_path / "b.h5", replications=6))
    band = hearsay.summarize_series(ds, "cumulative_sales")
    assert band["mean"].dims == ("point", "brand", "time")
    at_end = ds["cumulative_sales"].isel(point=0, time=-1).sel(brand="PitchCo").values
    lo, hi = t_interval(at_end)
    end = band.isel(point=0, time=-1).sel(brand="PitchCo")
    assert float(end["mean"]) == pytest.approx(at_end.mean())
    assert (float(end["lo"]), float(end["hi"])) == pytest.approx((lo, hi))
    assert float(end["q_lo"]) >= at_end.min() and float(end["q_hi"]) <= at_end.max()
    assert int(end["n"]) == 6


def test_paired_difference_matches_paired_t_test():
    rng = np.random.default_rng(3)
    a = rng.normal(10, 2, 12)
    b = a - 0.8 + rng.normal(0, 0.5, 12)
    got = hearsay.paired_difference(a, b)
    assert got["diff"] == pytest.approx(np.mean(a - b))
    assert (got["lo"], got["hi"]) == pytest.approx(t_interval(a - b))
    assert got["p_value"] == pytest.approx(sps.ttest_rel(a, b).pvalue)
    assert got["rel"] == pytest.approx(np.mean(a - b) / np.mean(b))
    assert got["sure"] is True


def test_paired_difference_edge_cases():
    same = hearsay.paired_difference([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    assert same["diff"] == 0 and same["lo"] == 0 and same["hi"] == 0
    assert same["p_value"] == 1.0 and same["sure"] is False
    shifted = hearsay.paired_difference([2.0, 3.0, 4.0], [1.0, 2.0, 3.0])
    assert shifted["sure"] is True and shifted["lo"] == shifted["hi"] == 1.0
    with_nan = hearsay.paired_difference([1.0, np.nan, 5.0, 2.0], [0.0, 1.0, np.nan, 1.0])
    assert with_nan["n"] == 2
    noisy = hearsay.paired_difference([1.0, -1.0, 2.0, -2.0], [0.0, 0.0, 0.0, 0.0])
    assert noisy["sure"] is False


def test_compare_brands_pairs_runs_within_replication(tmp_path):
    ds = hearsay.open_results(brand_file(tmp_path / "b.h5", gap=100.0, noise=1.0))
    table = hearsay.compare_brands(ds)
    sales = table[table.metric == "final_sales"].iloc[0]
    assert (sales["a"], sales["b"]) == ("PitchCo", "PeopleCo")
    expected = (ds["final_sales"].sel(brand="PitchCo") - ds["final_sales"].sel(brand="PeopleCo"))
    assert sales["diff"] == pytest.approx(float(expected.mean()))
    assert sales["sure"] and sales["hi"] < 0
    # Paired: the shared per-run noise (sd 50) cancels, so the interval is narrow.
    assert sales["hi"] - sales["lo"] < 5
    assert set(table["metric"]) == {"final_sales", "followers_kept", "complaints",
                                    "complaints_per_customer", "detractors"}


def test_compare_brands_three_brands_all_pairs(tmp_path):
    values = np.random.default_rng(0).normal(size=(1, 5, 3))
    path = write_results(tmp_path / "3.h5", replications=5, brands=["A", "B", "C"],
                         summaries={"x": values})
    table = hearsay.compare_brands(hearsay.open_results(path))
    assert [(r.a, r.b) for r in table.itertuples()] == [("A", "B"), ("A", "C"), ("B", "C")]


def test_compare_points_by_replication(tmp_path):
    rng = np.random.default_rng(1)
    base = rng.normal(100, 10, (1, 6))
    values = np.concatenate([base, base + 5, base + 10 + rng.normal(0, 1, (1, 6))])
    path = write_results(tmp_path / "p.h5", points=3, replications=6,
                         summaries={"x": values})
    ds = hearsay.open_results(path)
    all_pairs = hearsay.compare_points(ds)
    assert [(r.a, r.b) for r in all_pairs.itertuples()] == [(0, 1), (0, 2), (1, 2)]
    first = all_pairs.iloc[0]
    assert first["diff"] == pytest.approx(-5) and first["lo"] == pytest.approx(-5)
    baseline = hearsay.compare_points(ds, baseline=0)
    assert [(r.a, r.b) for r in baseline.itertuples()] == [(1, 0), (2, 0)]
    assert hearsay.compare_arms(ds)["by"].iloc[0] == "point"


def test_compare_points_per_brand(tmp_path):
    values = np.random.default_rng(2).normal(size=(2, 4, 2))
    path = write_results(tmp_path / "pb.h5", points=2, replications=4, brands=["A", "B"],
                         summaries={"x": values})
    table = hearsay.compare_points(hearsay.open_results(path))
    assert list(table["brand"]) == ["A", "B"]
    assert table.iloc[1]["diff"] == pytest.approx(np.mean(values[0, :, 1] - values[1, :, 1]))


def test_compare_arms_within_equal_sweep_values(tmp_path):
    rng = np.random.default_rng(4)
    base = rng.normal(50, 5, (1, 5))
    values = np.concatenate([base, base + 3, base + 10, base + 20])
    path = write_results(tmp_path / "arms.h5", points=4, replications=5,
                         summaries={"sales": values},
                         points_table={"arm": ["hard", "soft", "hard", "soft"],
                                       "model.mu": [1.0, 1.0, 2.0, 2.0]})
    table = hearsay.compare_arms(hearsay.open_results(path))
    assert list(table["by"]) == ["arm", "arm"]
    assert list(zip(table["a"], table["b"])) == [("hard", "soft"), ("hard", "soft")]
    assert list(table["model.mu"]) == [1.0, 2.0]
    assert list(table["diff"]) == pytest.approx([-3.0, -10.0])


def test_compare_arms_falls_back_to_brands_then_nothing(tmp_path):
    ds = hearsay.open_results(brand_file(tmp_path / "b.h5"))
    assert set(hearsay.compare_arms(ds)["by"]) == {"brand"}
    single = write_results(tmp_path / "one.h5", summaries={"x": np.ones((1, 4))})
    assert hearsay.compare_arms(hearsay.open_results(single)).empty


def test_proportion_interval_is_wilson():
    got = hearsay.proportion_interval([1] * 3 + [0] * 47)
    assert got["share"] == pytest.approx(0.06) and got["successes"] == 3 and got["n"] == 50
    # Wilson score interval for 3 of 50 (z = 1.96): (0.0206, 0.1622).
    assert (got["lo"], got["hi"]) == pytest.approx((0.0206, 0.1622), abs=5e-4)
    none = hearsay.proportion_interval([0.0] * 10)
    assert none["lo"] == 0.0 and 0 < none["hi"] < 0.35
    assert hearsay.proportion_interval([np.nan])["n"] == 0
    every = hearsay.proportion_interval([1.0] * 50)
    assert every["lo"] <= every["share"] == 1.0 <= every["hi"]
