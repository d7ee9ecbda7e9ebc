# Scenarios with uncertain: and design:, run by the CLI: the file's /design and /points, common
# random numbers, identical results at any thread count, and shards merged into the same file.
import h5py
import numpy as np

import hearsay
from hearsay.sensitivity import read_design

SIR = """\
name: sir-design
seed: 77
replications: 2
time: {end: 20d, sample_every: 1d}
network: {generator: erdos_renyi, nodes: 300, mean_degree: 5}
model: {name: sir}
seeding: {count: 3}
"""


def summaries(path):
    with h5py.File(path, "r") as f:
        return {name: f["summary"][name][()] for name in f["summary"]}


def test_a_design_file_holds_its_rows_and_each_points_values(simulate):
    path, _ = simulate("design", SIR + "uncertain:\n"
                       "  model.beta: {uniform: [0.05, 0.4]}\n"
                       "  model.gamma: {loguniform: [0.1, 1]}\n"
                       "design: {method: sobol, samples: 8}\n", "--quiet")
    design = read_design(str(path))
    assert design["method"] == "sobol"
    assert design["parameters"] == ["model.beta", "model.gamma"]
    assert design["unit"].shape == (32, 2)
    assert list(design["row"]) == list(range(32))
    with h5py.File(path, "r") as f:
        assert f["design"].attrs["common_random_numbers"] == 1
        beta = f["points/model.beta"][()]
        gamma = f["points/model.gamma"][()]
    u = design["unit"]
    np.testing.assert_allclose(beta, 0.05 + 0.35 * u[:, 0], rtol=1e-12)
    np.testing.assert_allclose(gamma, 0.1 * 10 ** u[:, 1], rtol=1e-12)
    # Replication r of every row ran with one seed: the runs' seeds are a function of r alone.
    with h5py.File(path, "r") as f:
        seeds = f["runs/seed"][()]
    assert np.all(seeds == seeds[:1, :])
    assert seeds[0, 0] != seeds[0, 1]


def test_common_random_numbers_make_equal_rows_equal(simulate):
    # A "choice" of one value twice: every row has the same parameters, so with common random
    # numbers every row gives the same result, and without them the rows differ.
    design = "uncertain: {model.beta: {choice: [0.3, 0.3]}}\ndesign: {method: latin, samples: 6"
    same, _ = simulate("crn", SIR + design + "}\n", "--quiet")
    apart, _ = simulate("no-crn", SIR + design + ", common_random_numbers: false}\n", "--quiet")
    for name, values in summaries(same).items():
        assert np.all(values == values[:1]), name
    assert len(np.unique(summaries(apart)["final_size"][:, 0])) > 1


def test_threads_and_shards_give_the_same_design_file(simulate, run_hearsay, tmp_path):
    text = SIR + ("uncertain:\n"
                  "  model.beta: {triangular: [0.05, 0.1, 0.4]}\n"
                  "  model.gamma: {uniform: [0.2, 1]}\n"
                  "design: {method: morris, trajectories: 5, levels: 4}\n")
    one, _ = simulate("one-thread", text, "--quiet", "--threads", "1")
    two, _ = simulate("two-threads", text, "--quiet", "--threads", "2")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(text)
    shards = [tmp_path / f"part{i}.h5" for i in range(3)]
    for i, shard in enumerate(shards):
        run_hearsay("run", scenario, "-o", shard, "--shard", f"{i}/3", "--quiet")
    merged = tmp_path / "merged.h5"
    run_hearsay("merge", *shards, "-o", merged, "--quiet")
    reference = summaries(one)
    for other in (two, merged):
        for name, values in summaries(other).items():
            assert np.array_equal(values, reference[name], equal_nan=True), (other, name)
        a, b = read_design(str(one)), read_design(str(other))
        for key in ("method", "parameters", "distributions"):
            assert a[key] == b[key]
        for key in ("unit", "role", "sample", "row"):
            assert np.array_equal(a[key], b[key])
    table = hearsay.sensitivity(str(merged), "final_size")
    assert list(table.index) == ["model.beta", "model.gamma"]
    assert {"mu_star", "sigma"} <= set(table.columns)
