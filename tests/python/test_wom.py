# The wom model end to end through the CLI: brand dimension, cascades, the per-brand table.
import re
from pathlib import Path

import h5py
import numpy as np
import pytest

SCENARIO = """\
name: small-market
seed: 11
replications: 3
time: {end: 60d, sample_every: 1d}
network: {generator: clustered_weak_ties, nodes: 5000, clique_size: 10, weak_ties: 6}
model:
  name: wom
  broadcaster_node: 7
  broadcaster_audience: 500
  broadcaster_complaint_time: 5d
  broadcaster_brand: -1
brands:
  - {name: PitchCo, style: hard_sell, failure_probability: 0.2}
  - name: PeopleCo
    style: soft_sell
    failure_probability: 0.2
    campaign:
      - {start: 0d, end: 14d, pitches_per_day: 2}
output: {cascades: true}
"""


@pytest.fixture(scope="module")
def market(simulate):
    out, result = simulate("market", SCENARIO)
    return out, result.stdout


def test_brand_dimension(market):
    path, _ = market
    with h5py.File(path) as f:
        brands = [b.decode() if isinstance(b, bytes) else b for b in f["brand"][...]]
        assert brands == ["PitchCo", "PeopleCo"]
        assert f["series/adopters"].shape == (1, 3, 2, 61)
        assert f["summary/final_sales"].shape == (1, 3, 2)
        assert "brand" in f["series/adopters"].attrs["dimensions"]
        sales = f["series/cumulative_sales"][0]
        assert np.all(np.diff(sales, axis=-1) >= 0)  # cumulative
        assert np.all(f["summary/final_sales"][0] == sales[:, :, -1])
        followers = f["series/followers"][0]
        assert np.all(followers[:, :, 0] == 500)  # 10% of 5000 at the start


def test_hard_sell_posts_more_pitches(market):
    path, _ = market
    with h5py.File(path) as f:
        pitches = f["series/pitch_posts"][0, :, :, -1]  # (replication, brand)
        # 2 a day vs .25 a day after a 14-day burst of 2: 120 vs about 39.5 expected
        # (Poisson: 4 sd is 44 and 25).
        assert np.all(pitches[:, 0] > 120 - 44)
        assert np.all(pitches[:, 1] < 39.5 + 25)


def test_cascades_are_trees(market):
    path, _ = market
    with h5py.File(path) as f:
        c = {k: f["cascades"][k][...] for k in f["cascades"]}
    assert len(c["node"]) > 0
    assert set(np.unique(c["valence"])) <= {-1, 1}
    assert set(np.unique(c["brand"])) <= {0, 1}
    # every complaint cascade has exactly one root, and parents joined the cascade before
    complaints = c["valence"] == -1
    assert complaints.sum() > 500  # the broadcaster's audience
    for rep in np.unique(c["replication"]):
        for cid in np.unique(c["cascade"][complaints & (c["replication"] == rep)]):
            rows = complaints & (c["replication"] == rep) & (c["cascade"] == cid)
            roots = rows & (c["parent"] == -1)
            assert roots.sum() == 1
            members = set(c["node"][rows].tolist())
            assert set(c["parent"][rows & (c["parent"] >= 0)].tolist()) <= members


def test_run_prints_a_per_brand_table(market):
    _, stdout = market
    assert "PitchCo" in stdout and "PeopleCo" in stdout
    assert "final_sales" in stdout and "followers_kept" in stdout and "±" in stdout


def test_describe_wom_lists_styles_and_brand_parameters(run_hearsay):
    out = run_hearsay("describe", "wom").stdout
    for word in ["hard_sell", "soft_sell", "pitches_per_day", "answer_median_delay",
                 "negativity_multiplier", "campaign"]:
        assert word in out


def test_same_seed_same_file(tmp_path, run_hearsay):
    path = tmp_path / "m.yaml"
    path.write_text(SCENARIO.replace("replications: 3", "replications: 2"))
    run_hearsay("run", path, "-o", tmp_path / "a.h5", "--quiet", "--threads", "1")
    run_hearsay("run", path, "-o", tmp_path / "b.h5", "--quiet", "--threads", "2")
    with h5py.File(tmp_path / "a.h5") as a, h5py.File(tmp_path / "b.h5") as b:
        for name in a["series"]:
            assert np.array_equal(a["series"][name][...], b["series"][name][...], equal_nan=True)
        for name in a["cascades"]:  # written in replication order: identical row for row
            assert np.array_equal(a["cascades"][name][...], b["cascades"][name][...])


def test_broadcaster_outside_the_network_is_refused_before_writing(tmp_path, run_hearsay):
    path = tmp_path / "m.yaml"
    path.write_text(SCENARIO)
    out = tmp_path / "never.h5"
    result = run_hearsay("run", path, "-o", out, "--set", "model.broadcaster_node=5000",
                         check=False)
    assert result.returncode == 2
    assert "'model.broadcaster_node': 5000 does not exist" in result.stderr
    assert "m.yaml" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("key, value, message", [
    ("brands.PeopleCo.seed_count", 5001,
     "'brands[1].seed_count': brand PeopleCo seeds 5001 consumers, more than the 5000"),
    ("model.broadcaster_audience", 6000,
     "'model.broadcaster_audience': 6000 is more than the 5000 consumers"),
])
def test_more_than_the_population_is_refused_not_clamped(tmp_path, run_hearsay, key, value,
                                                          message):
    path = tmp_path / "m.yaml"
    path.write_text(SCENARIO)
    out = tmp_path / "never.h5"
    result = run_hearsay("run", path, "-o", out, "--set", f"{key}={value}", check=False)
    assert result.returncode == 2
    assert message in result.stderr and "m.yaml" in result.stderr
    assert not out.exists()


def test_a_check_against_the_network_names_the_line_of_the_key(tmp_path, run_hearsay):
    path = tmp_path / "m.yaml"
    path.write_text(SCENARIO.replace("broadcaster_audience: 500", "broadcaster_audience: 9000"))
    result = run_hearsay("run", path, "-o", tmp_path / "never.h5", check=False)
    assert result.returncode == 2
    assert re.search(r"m\.yaml:9:\d+: error: 'model.broadcaster_audience': 9000 is more than",
                     result.stderr), result.stderr


@pytest.mark.parametrize("line, key", [
    ("exposure_half_life: 0s", "model.exposure_half_life"),      # half-lives are at least a minute
    ("complaint_delay: -1d", "model.complaint_delay"),
    ("wear_peak: -1", "model.wear_peak"),
    ("strong_weight: 1", "model.strong_weight"),                   # gone: the network owns weights
])
def test_bad_values_of_the_model_keys_name_file_line_and_key(tmp_path, run_hearsay, line, key):
    path = tmp_path / "m.yaml"
    path.write_text(SCENARIO.replace("  broadcaster_node: 7\n", f"  broadcaster_node: 7\n  {line}\n"))
    out = tmp_path / "never.h5"
    result = run_hearsay("run", path, "-o", out, check=False)
    assert result.returncode == 2, result.stderr
    assert re.search(r"m\.yaml:9:\d+: error: '" + re.escape(key) + "'", result.stderr)
    assert not out.exists()


def test_each_consumer_sees_a_complaint_once(market):
    path, _ = market
    with h5py.File(path) as f:
        c = {k: f["cascades"][k][...] for k in ("replication", "cascade", "node", "valence")}
    complaints = c["valence"] == -1
    keys = np.stack([c["replication"][complaints], c["cascade"][complaints],
                     c["node"][complaints]], axis=1)
    assert len(np.unique(keys, axis=0)) == len(keys)


def test_recommendation_cascades_have_one_root_each(market):
    path, _ = market
    with h5py.File(path) as f:
        c = {k: f["cascades"][k][...] for k in ("replication", "cascade", "parent", "valence")}
    praise = c["valence"] == 1
    for rep in np.unique(c["replication"]):
        rows = praise & (c["replication"] == rep)
        ids, roots = np.unique(c["cascade"][rows & (c["parent"] == -1)], return_counts=True)
        assert np.all(roots == 1)
        assert set(np.unique(c["cascade"][rows])) == set(ids)
