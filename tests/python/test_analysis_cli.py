# Running the CLI from Python (what the notebooks do).
import pytest

import hearsay

SCENARIO = """\
name: tiny-bass
seed: 3
replications: 2
time: {end: 30, sample_every: 1}
network: {generator: complete, nodes: 50, fixed: true}
model: {name: bass, p: 0.01, q: 0.2}
seeding: {count: 0}
"""


def test_find_hearsay_uses_the_environment(hearsay_bin, monkeypatch):
    monkeypatch.setenv("HEARSAY_BIN", str(hearsay_bin))
    assert hearsay.find_hearsay() == hearsay_bin
    assert hearsay.find_hearsay(hearsay_bin) == hearsay_bin


def test_run_scenario_text_with_overrides(tmp_path, hearsay_bin):
    out = hearsay.run_scenario(SCENARIO, tmp_path / "out" / "bass.h5",
                               overrides={"replications": 3, "model.q": 0.3},
                               binary=hearsay_bin)
    ds = hearsay.open_results(out)
    assert ds.sizes["replication"] == 3
    assert hearsay.scenario_value(ds, "model.q") == 0.3


def test_run_scenario_failure_says_why(tmp_path, hearsay_bin):
    with pytest.raises(RuntimeError, match="model.nope|nope"):
        hearsay.run_scenario(SCENARIO, tmp_path / "bad.h5", overrides={"model.nope": 1},
                             binary=hearsay_bin)
