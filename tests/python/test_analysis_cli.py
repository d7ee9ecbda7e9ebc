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


def test_a_wrong_hearsay_bin_is_an_error_not_a_fallback(tmp_path, monkeypatch):
    # The repository's own build exists, but a HEARSAY_BIN that names nothing must say so.
    monkeypatch.setenv("HEARSAY_BIN", str(tmp_path / "no-such-hearsay"))
    with pytest.raises(FileNotFoundError, match="HEARSAY_BIN=.*no-such-hearsay.*not an executable"):
        hearsay.find_hearsay()
    not_executable = tmp_path / "hearsay"
    not_executable.write_text("#!/bin/sh\n")
    with pytest.raises(FileNotFoundError, match="binary=.*not an executable"):
        hearsay.find_hearsay(not_executable)
    with pytest.raises(FileNotFoundError, match="HEARSAY_BIN"):
        hearsay.run_scenario(SCENARIO, tmp_path / "bass.h5")
    assert not (tmp_path / "bass.h5").exists()


def test_run_scenario_passes_force_only_with_overwrite(tmp_path, hearsay_bin):
    out = tmp_path / "bass.h5"
    hearsay.run_scenario(SCENARIO, out, binary=hearsay_bin)
    before = out.read_bytes()
    with pytest.raises(FileExistsError):
        hearsay.run_scenario(SCENARIO, out, binary=hearsay_bin)
    assert out.read_bytes() == before
    hearsay.run_scenario(SCENARIO, out, binary=hearsay_bin, overwrite=True)
