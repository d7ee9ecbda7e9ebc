# Bass fits: exact recovery on noise-free curves, a CSV of observed counts, and the validation
# that matters: on a simulated complete-graph Bass run the fit recovers the true p and q.
import numpy as np
import pandas as pd
import pytest

import hearsay
from hearsay.bass import _discrete_curve
from test_analysis_support import brand_file

YEAR = 365.0
P, Q = 0.03 / YEAR, 0.38 / YEAR   # Sultan, Farley & Lehmann (1990) means, per day


def test_noise_free_closed_form_is_recovered_exactly():
    t = np.arange(0, 20 * YEAR, 30.0)
    y = hearsay.bass_cumulative(t, P, Q, 5000)
    fit = hearsay.fit_bass(t, y, bootstrap=0)
    assert fit.p == pytest.approx(P, rel=1e-4)
    assert fit.q == pytest.approx(Q, rel=1e-4)
    assert fit.m == pytest.approx(5000, rel=1e-4)
    assert fit.method == "least-squares covariance"
    assert fit.rmse < 1e-3


def test_noise_free_with_known_market_size():
    t = np.arange(0, 10 * YEAR, 14.0)
    fit = hearsay.fit_bass(t, hearsay.bass_cumulative(t, P, Q, 1000), m=1000)
    assert fit.m_fixed and fit.m == 1000 and fit.m_interval == (1000, 1000)
    assert (fit.p, fit.q) == pytest.approx((P, Q), rel=1e-4)


def test_discrete_form_recovers_its_own_recursion():
    t = np.arange(0, 15 * YEAR, 30.0)
    y = _discrete_curve(t, P, Q, 2000)
    fit = hearsay.fit_bass(t, y, form="discrete")
    assert (fit.p, fit.q, fit.m) == pytest.approx((P, Q, 2000), rel=1e-3)
    assert fit.predict(t) == pytest.approx(y, rel=1e-3, abs=1e-3)
    with pytest.raises(ValueError, match="form"):
        hearsay.fit_bass(t, y, form="other")


def test_fit_result_helpers():
    t = np.arange(0, 20 * YEAR, 30.0)
    fit = hearsay.fit_bass(t, hearsay.bass_cumulative(t, P, Q, 1000))
    assert fit.p_per_year == pytest.approx(0.03, rel=1e-3)
    assert fit.peak_time / YEAR == pytest.approx(6.19, abs=0.01)
    table = fit.table()
    assert list(table["parameter"]) == ["p", "q", "m"]
    assert table.loc[1, "per_year"] == pytest.approx(0.38, rel=1e-3)
    assert "p = 0.03" in str(fit) and "q = 0.38" in str(fit)
    assert fit.covers(p=fit.p, q=fit.q) and not fit.covers(p=10 * P)


def test_too_few_points_or_no_data():
    with pytest.raises(ValueError, match="more than"):
        hearsay.fit_bass([0, 1, 2], [0, 1, 2])
    with pytest.raises(ValueError, match="NaN"):
        hearsay.fit_bass([0, 1, 2, 3, 4], [np.nan] * 5)


@pytest.fixture(scope="module")
def complete_graph_run(tmp_path_factory, run_hearsay):
    """The Bass validation scenario as it is: N = 1000, complete graph, 20 replications."""
    out = tmp_path_factory.mktemp("bass") / "bass.h5"
    run_hearsay("run", "scenarios/bass_complete_graph.yaml", "-o", out, "--quiet")
    return hearsay.open_results(out)


def test_simulated_complete_graph_recovers_true_p_and_q(complete_graph_run):
    ds = complete_graph_run
    assert ds.attrs["population"] == 1000
    fit = hearsay.fit_bass_results(ds, "adopters", m=1000)
    assert fit.n_curves == 20 and fit.method.startswith("bootstrap")
    assert fit.p_interval[0] <= P <= fit.p_interval[1], str(fit)
    assert fit.q_interval[0] <= Q <= fit.q_interval[1], str(fit)
    # ... and the intervals say something: narrower than 15% (p) and 10% (q) of the truth.
    assert fit.p_interval[1] - fit.p_interval[0] < 0.15 * P
    assert fit.q_interval[1] - fit.q_interval[0] < 0.10 * Q


def test_simulated_with_free_market_size(complete_graph_run):
    fit = hearsay.fit_bass_results(complete_graph_run, "adopters", bootstrap=100)
    assert fit.covers(p=P, q=Q, m=1000), str(fit)


def test_fit_is_deterministic_for_a_seed(complete_graph_run):
    a = hearsay.fit_bass_results(complete_graph_run, m=1000, bootstrap=30, seed=5)
    b = hearsay.fit_bass_results(complete_graph_run, m=1000, bootstrap=30, seed=5)
    assert a.p_interval == b.p_interval and a.q_interval == b.q_interval


def test_per_brand_series_needs_a_brand(tmp_path):
    ds = hearsay.open_results(brand_file(tmp_path / "b.h5"))
    with pytest.raises(ValueError, match="say which brand"):
        hearsay.fit_bass_results(ds, "cumulative_sales")


def _observed(tmp_path, cumulative=False, noise=0.01):
    dates = pd.date_range("2010-01-31", periods=120, freq="M")
    days = (dates - pd.Timestamp("2010-01-01")).days.to_numpy(float)
    m, p, q = 50_000, 0.02 / YEAR, 0.5 / YEAR
    total = hearsay.bass_cumulative(days, p, q, m)
    counts = np.diff(total, prepend=0.0)
    counts *= 1 + noise * np.random.default_rng(0).standard_normal(len(counts))
    values = np.cumsum(counts) if cumulative else counts
    path = tmp_path / "sales.csv"
    pd.DataFrame({"month": dates.strftime("%Y-%m-%d"), "units": values.round(1)}).to_csv(
        path, index=False)
    return path, (p, q, m)


def test_read_adoption_csv(tmp_path):
    path, _ = _observed(tmp_path)
    data = hearsay.read_adoption_csv(path)
    assert list(data.columns) == ["date", "days", "adoptions", "cumulative"]
    assert len(data) == 120
    assert data["days"].iloc[0] == pytest.approx(31.0)   # one month before the first date
    assert data["cumulative"].iloc[-1] == pytest.approx(data["adoptions"].sum())
    cumulative_path, _ = _observed(tmp_path, cumulative=True)
    again = hearsay.read_adoption_csv(cumulative_path, cumulative=True)
    assert again["adoptions"].iloc[5] == pytest.approx(data["adoptions"].iloc[5], rel=0.05)


def test_fit_observed_csv(tmp_path):
    path, (p, q, m) = _observed(tmp_path)
    fit = hearsay.fit_bass_csv(path)
    assert fit.method.startswith("wild bootstrap")
    assert fit.covers(p=p, q=q, m=m), str(fit)
    assert fit.p == pytest.approx(p, rel=0.1) and fit.q == pytest.approx(q, rel=0.05)


def test_csv_without_dates_is_an_error(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n3,4\n")
    with pytest.raises(ValueError, match="no column of dates"):
        hearsay.read_adoption_csv(path)
