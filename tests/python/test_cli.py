# The command-line contract: subcommands, exit codes, messages, and that bad input writes nothing.
from pathlib import Path

import h5py
import numpy as np
import pytest
from scenario_texts import sir_text

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))

SMALL = sir_text("small", seed=7, replications=2, end=10, sample_every=1, nodes=300, seeds=3)


def write(tmp_path, text, name="s.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_models_lists_every_model_and_generator(run_hearsay):
    out = run_hearsay("models").stdout
    for name in ["bass", "sir", "independent_cascade", "sis", "threshold", "maki_thompson",
                 "daley_kendall", "hawkes", "erdos_renyi", "barabasi_albert", "edge_list",
                 "clustered_weak_ties"]:
        assert name in out


def test_describe_prints_parameters_with_units_defaults_and_ranges(run_hearsay):
    out = run_hearsay("describe", "sir").stdout
    assert "beta" in out and "1/d" in out and "0.3" in out
    assert "susceptible" in out and "final_size" in out
    gen = run_hearsay("describe", "barabasi_albert").stdout
    assert "m" in gen and "nodes" in gen


def test_describe_unknown_name_lists_the_valid_ones(run_hearsay):
    result = run_hearsay("describe", "sirr", check=False)
    assert result.returncode == 2
    assert "sir" in result.stderr and "erdos_renyi" in result.stderr


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name)
def test_every_shipped_scenario_is_valid(run_hearsay, scenario):
    out = run_hearsay("check", scenario).stdout
    assert "is valid" in out
    assert "estimated memory" in out


def test_check_prints_the_resolved_scenario_and_writes_nothing(tmp_path, run_hearsay):
    path = write(tmp_path, SMALL)
    out = run_hearsay("check", path, "--set", "replications=5").stdout
    assert "replications: 5" in out
    assert "runs: 5" in out
    assert list(tmp_path.iterdir()) == [path]


def test_set_overrides_change_the_run(tmp_path, run_hearsay):
    path = write(tmp_path, SMALL)
    run_hearsay("run", path, "-o", tmp_path / "a.h5", "--quiet")
    run_hearsay("run", path, "-o", tmp_path / "b.h5", "--quiet", "--set", "model.beta=0",
                "--set", "replications=3")
    with h5py.File(tmp_path / "a.h5") as a, h5py.File(tmp_path / "b.h5") as b:
        assert a["series/recovered"].shape[1] == 2
        assert b["series/recovered"].shape[1] == 3
        # beta = 0: only the 3 seeds are ever infected
        assert np.all(b["summary/final_size"][...] == 3)
        assert "beta: 0" in b["scenario"].asstr()[()]


def test_output_path_from_the_scenario_resolves_against_its_folder(tmp_path, run_hearsay):
    folder = tmp_path / "study"
    (folder / "out").mkdir(parents=True)
    path = write(folder, SMALL + "output: {path: out/r.h5}\n")
    run_hearsay("run", path, "--quiet")
    assert (folder / "out" / "r.h5").is_file()


@pytest.mark.parametrize("text,needle", [
    (SMALL.replace("beta: 0.5", "betta: 0.5"), "did you mean 'beta'"),
    (SMALL.replace("nodes: 300", "nodes: -3"), "network.nodes"),
    (SMALL.replace("end: 10", "end: 10x"), "time.end"),
    (SMALL.replace("name: sir", "name: sirx"), "maki_thompson"),
    (SMALL.replace("erdos_renyi", "erdos"), "barabasi_albert"),
    (SMALL.replace("count: 3", "count: 301"), "301"),
    (SMALL + "colour: blue\n", "colour"),
    (SMALL.replace("seed: 7\n", ""), "seed"),
    ("name: [unclosed\n", "s.yaml:"),
])
def test_bad_input_exits_non_zero_names_the_problem_and_writes_nothing(tmp_path, run_hearsay,
                                                                       text, needle):
    path = write(tmp_path, text)
    out = tmp_path / "never.h5"
    result = run_hearsay("run", path, "-o", out, check=False)
    assert result.returncode == 2
    assert needle in result.stderr
    assert "s.yaml" in result.stderr
    assert not out.exists()


def test_missing_scenario_file_is_a_clear_error(tmp_path, run_hearsay):
    result = run_hearsay("run", tmp_path / "nope.yaml", "-o", tmp_path / "x.h5", check=False)
    assert result.returncode != 0
    assert "nope.yaml" in result.stderr
    assert not (tmp_path / "x.h5").exists()


def test_output_folder_that_does_not_exist_is_refused(tmp_path, run_hearsay):
    path = write(tmp_path, SMALL)
    result = run_hearsay("run", path, "-o", tmp_path / "no" / "such" / "r.h5", check=False)
    assert result.returncode != 0
    assert "does not exist" in result.stderr


def test_network_prints_statistics_and_exports_a_readable_edge_list(tmp_path, run_hearsay):
    path = write(tmp_path, SMALL.replace("erdos_renyi, nodes: 300, mean_degree: 4",
                                         "barabasi_albert, nodes: 1000, m: 3"))
    edges = tmp_path / "edges.txt"
    out = run_hearsay("network", path, "--export", edges).stdout
    assert "nodes:               1000" in out
    assert "clustering" in out and "components:          1 " in out
    rows = [l for l in edges.read_text().splitlines() if l and not l.startswith("#")]
    expected_edges = 3 * (1000 - 3 - 1) + 3 * 4 // 2  # BA from a clique of m+1 nodes
    assert len(rows) == expected_edges
    # the exported list runs as a network of its own and gives the same statistics
    again = write(tmp_path, SMALL.replace("erdos_renyi, nodes: 300, mean_degree: 4",
                                          f"edge_list, path: {edges}"), "again.yaml")
    out2 = run_hearsay("network", again).stdout
    pick = lambda text: [l for l in text.splitlines() if l.startswith(("edges", "degree", "clustering"))]
    assert pick(out) == pick(out2)


def test_run_prints_a_summary_with_intervals(tmp_path, run_hearsay):
    path = write(tmp_path, SMALL)
    out = run_hearsay("run", path, "-o", tmp_path / "r.h5").stdout
    assert "final_size" in out and "±" in out
    assert "wrote" in out


def test_quiet_prints_nothing(tmp_path, run_hearsay):
    path = write(tmp_path, SMALL)
    result = run_hearsay("run", path, "-o", tmp_path / "r.h5", "--quiet")
    assert result.stdout == "" and result.stderr == ""


def test_model_without_network_runs(tmp_path, run_hearsay):
    text = """\
seed: 3
replications: 50
time: {end: 5, sample_every: 0.5}
model: {name: hawkes, branching_ratio: 0.5, kernel: exponential, kernel_rate: 1}
seeding: {count: 1}
"""
    path = write(tmp_path, text)
    run_hearsay("run", path, "-o", tmp_path / "h.h5", "--quiet")
    with h5py.File(tmp_path / "h.h5") as f:
        events = f["series/events"][0]
        assert events.shape == (50, 11)
        assert np.all(events[:, 0] >= 1)
        assert np.all(np.diff(events, axis=1) >= 0)
