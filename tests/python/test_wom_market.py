# Market structure through the CLI: a shared market's series and summaries in the results file and
# in xarray, money metrics, `describe wom`, and every new key's bad values refused with file, line
# and key, before anything is written.
import re

import h5py
import numpy as np
import pytest

import hearsay

SCENARIO = """\
name: shared-market
seed: 17
replications: 3
time: {end: 120d, sample_every: 5d}
network: {generator: clustered_weak_ties, nodes: 3000, clique_size: 10, weak_ties: 6}
model:
  name: wom
  market: shared
  churn_dissatisfaction: 0.02
brands:
  - name: PitchCo
    style: hard_sell
    failure_probability: 0.2
    budget: 300
  - {name: PeopleCo, style: soft_sell, failure_probability: 0.2, seed_count: 20, seed_posts: 2}
"""


@pytest.fixture(scope="module")
def shared(simulate):
    out, _ = simulate("shared", SCENARIO)
    return out


def test_customers_never_exceed_consumers_and_shares_sum_to_one(shared):
    with h5py.File(shared) as f:
        adopters = f["series/adopters"][...]        # point, replication, brand, time
        share = f["series/market_share"][...]
    total = adopters.sum(axis=2)
    assert total.max() <= 3000
    busy = total > 0
    assert busy.sum() > 0
    assert np.allclose(share.sum(axis=2)[busy], 1.0, atol=1e-12)


def test_switches_balance_and_money_adds_up(shared):
    with h5py.File(shared) as f:
        s_in = f["summary/switches_in"][...].sum(axis=2)
        s_out = f["summary/switches_out"][...].sum(axis=2)
        profit = f["summary/profit"][...]
        npv = f["summary/npv_sales"][...]
        cost = f["summary/cost"][...]
        roi = f["summary/roi"][...]
        left = f["summary/budget_left"][...]
    assert np.array_equal(s_in, s_out)
    assert np.allclose(profit, 0.3 * npv - cost, rtol=1e-12)
    assert np.allclose(roi, profit / cost, rtol=1e-12)
    # PitchCo has a budget (never overspent), PeopleCo none (NaN).
    assert np.all(left[:, :, 0] >= -1e-9)
    assert np.all(np.isnan(left[:, :, 1]))


def test_new_metrics_load_in_xarray(shared):
    ds = hearsay.open_results(shared)
    names = set(hearsay.metric_names(ds, "series")) | set(hearsay.metric_names(ds, "summary"))
    for metric in ("market_share", "cost", "spend", "profit", "roi", "budget_left",
                   "switches_in", "switches_out", "won_at_rival_churn", "won_by_influencer",
                   "press_pickups"):
        assert metric in names, metric


def test_describe_lists_every_new_key_with_unit_default_and_source(run_hearsay):
    text = run_hearsay("describe", "wom").stdout
    for key in ("market", "loyalty", "rival_consideration", "cost_per_pitch",
                "cost_per_community_post", "cost_per_answer", "advertising_cost_per_day",
                "cost_per_seed", "margin", "budget", "budget_per_day", "seed_posts",
                "seed_post_days", "press_threshold", "press_pickup_prob", "press_reach",
                "press_delay", "press_growth"):
        line = next((l for l in text.splitlines() if re.match(rf"\s*{key}\b", l)), None)
        assert line is not None, key
    assert "price units" in text and "[assumption]" in text


@pytest.mark.parametrize("old, new, line, key, words", [
    ("  market: shared\n", "  market: share\n", 8, "model.market", "did you mean 'shared'"),
    ("  market: shared\n", "  market: shared\n  loyalty: 1.5\n", 9, "model.loyalty", "out of range"),
    ("  market: shared\n", "  market: shared\n  single_transition: true\n", 8, "model.market",
     "single_transition"),
    ("    budget: 300\n", "    budget: -5\n", 14, "brands[0].budget", "out of range"),
    ("    budget: 300\n", "    budget: lots\n", 14, "brands[0].budget", "expected a number"),
    ("    budget: 300\n", "    budget_per_day: -1\n", 14, "brands[0].budget_per_day",
     "out of range"),
    ("    budget: 300\n", "    seed_posts: 1.5\n", 14, "brands[0].seed_posts", "whole number"),
    ("    budget: 300\n", "    margin: 2\n", 14, "brands[0].margin", "out of range"),
    ("    budget: 300\n", "    cost_per_pitch: -0.1\n", 14, "brands[0].cost_per_pitch",
     "out of range"),
    ("    budget: 300\n", "    seed_post_days: 0s\n", 14, "brands[0].seed_post_days",
     "out of range"),
    ("  market: shared\n", "  market: shared\n  press_threshold: 0\n", 9, "model.press_threshold",
     "out of range"),
    ("  market: shared\n", "  market: shared\n  press_pickup_prob: 1.2\n", 9,
     "model.press_pickup_prob", "out of range"),
    ("  market: shared\n", "  market: shared\n  press_reach: -0.1\n", 9, "model.press_reach",
     "out of range"),
    ("  market: shared\n", "  market: shared\n  press_growth: 0.5\n", 9, "model.press_growth",
     "out of range"),
    ("  market: shared\n", "  market: shared\n  press_delay: soon\n", 9, "model.press_delay",
     "soon"),
])
def test_bad_market_and_money_keys_name_file_line_and_key(tmp_path, run_hearsay, old, new, line,
                                                          key, words):
    assert old in SCENARIO
    path = tmp_path / "m.yaml"
    path.write_text(SCENARIO.replace(old, new))
    out = tmp_path / "never.h5"
    result = run_hearsay("run", path, "-o", out, check=False)
    assert result.returncode == 2, result.stderr
    assert re.search(rf"m\.yaml:{line}:\d+: error: '{re.escape(key)}'", result.stderr), result.stderr
    assert words in result.stderr, result.stderr
    assert not out.exists()
