# hearsay.simulate and friends: the engine in process gives the CLI's files, messages and care.
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
import xarray as xr

import hearsay
from results_compare import assert_same_content
from scenario_texts import sir_text, wom_text

SIR = sir_text("sir-py", seed=5, replications=3, end="20d", sample_every="1d", nodes=2000,
               seeds=5)
WOM = wom_text("wom-py", seed=9, replications=2, end="30d", sample_every="1d",
               network="{generator: barabasi_albert, nodes: 3000, m: 3}")
ANALYSIS = str(Path(__file__).resolve().parents[2] / "analysis")


def without_paths(ds):
    """The Dataset without what names where it was read from and how it was made."""
    ds = ds.copy()
    for key in list(ds.attrs):
        if key == "path" or key.startswith("provenance_"):
            del ds.attrs[key]
    return ds.drop_vars("run_wall_seconds")


@pytest.fixture(scope="module")
def sir_file(tmp_path_factory, run_hearsay):
    folder = tmp_path_factory.mktemp("sir-py")
    scenario = folder / "sir-py.yaml"
    scenario.write_text(SIR)
    out = folder / "cli.h5"
    run_hearsay("run", scenario, "-o", out, "--quiet")
    return scenario, out


@pytest.mark.parametrize("text", [SIR, WOM], ids=["sir", "wom-with-cascades"])
def test_same_file_as_the_cli_bit_for_bit(text, tmp_path, run_hearsay):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(text)
    run_hearsay("run", scenario, "-o", tmp_path / "cli.h5", "--quiet")
    ds = hearsay.simulate(scenario, output=tmp_path / "py.h5", progress=False, threads=2)
    assert_same_content(tmp_path / "cli.h5", tmp_path / "py.h5")
    assert ds.attrs["path"] == str(tmp_path / "py.h5")


def test_in_memory_dataset_equals_open_results_of_the_cli_file(sir_file):
    scenario, cli = sir_file
    ds = hearsay.simulate(str(scenario), progress=False)
    assert ds.attrs["path"] == ""
    xr.testing.assert_identical(without_paths(ds), without_paths(hearsay.open_results(cli)))


def test_dict_and_text_give_the_file_results(sir_file):
    scenario, cli = sir_file
    expected = without_paths(hearsay.open_results(cli))
    from_text = hearsay.simulate(SIR, progress=False)
    import yaml
    from_dict = hearsay.simulate(yaml.safe_load(SIR), progress=False)
    for ds in (from_text, from_dict):
        xr.testing.assert_identical(without_paths(ds), expected)


def test_overrides_and_threads_do_not_change_results(sir_file):
    scenario, _ = sir_file
    one = hearsay.simulate(scenario, overrides={"replications": 2}, threads=1, progress=False)
    two = hearsay.simulate(scenario, overrides={"replications": 2}, threads=2, progress=False)
    assert one.sizes["replication"] == 2
    xr.testing.assert_identical(without_paths(one), without_paths(two))


def karate():
    graph = nx.karate_club_graph()
    graph = nx.relabel_nodes(graph, {i: f"member-{i}" for i in graph.nodes})
    for k, (u, v) in enumerate(graph.edges):
        graph.edges[u, v]["weight"] = 1.0 + (k % 3)
    return graph


NETWORK_SCENARIO = {
    "name": "karate-py", "seed": 11, "replications": 2,
    "time": {"end": "10d", "sample_every": "1d"},
    "network": {"generator": "ring", "nodes": 10, "k": 2},
    "model": {"name": "sir", "beta": 0.8, "gamma": 0.5},
    "seeding": {"count": 2},
}


def test_networkx_graph_replaces_the_generator(tmp_path, run_hearsay):
    graph = karate()
    ds = hearsay.simulate(NETWORK_SCENARIO, network=graph, progress=False)
    # Agent i is node_label[i]: every member is there once, labels kept as given.
    assert sorted(ds.node_label.values.tolist()) == sorted(graph.nodes)
    assert ds.sizes["node"] == 34
    # The same network as an edge list through the CLI gives the same numbers.
    order = {label: i for i, label in enumerate(graph.nodes)}
    edges = tmp_path / "karate.txt"
    edges.write_text("".join(f"{order[u]} {order[v]} {d['weight']}\n"
                             for u, v, d in graph.edges(data=True)))
    scenario = dict(NETWORK_SCENARIO, network={"generator": "edge_list", "path": str(edges)})
    expected = hearsay.simulate(scenario, progress=False)
    for name in ("infected", "recovered"):
        np.testing.assert_array_equal(ds[name].values, expected[name].values)


def test_edge_array_network():
    edges = np.array([[10, 11], [11, 12], [12, 13], [13, 10], [10, 12]])
    ds = hearsay.simulate(NETWORK_SCENARIO, network=edges, progress=False)
    assert ds.node_label.values.tolist() == [10, 11, 12, 13]


@pytest.mark.parametrize("network, message", [
    (np.array([[0, 1, 2]]), r"\(E, 2\) array"),
    (np.array([[0.5, 1]]), "integers"),
    (np.array([[-1, 1]]), "non-negative"),
    (np.array([[1, 1]]), "no edges"),
], ids=["three-columns", "floats", "negative", "only-self-loops"])
def test_bad_networks_are_refused(network, message):
    with pytest.raises(ValueError, match=message):
        hearsay.simulate(NETWORK_SCENARIO, network=network, progress=False)


def test_isolated_nodes_and_segments_go_as_graphml():
    graph = karate()
    graph.add_node("alone")
    ds = hearsay.simulate(NETWORK_SCENARIO, network=graph, progress=False)
    # GraphML keeps every node, in graph order, and the agent count is the graph's.
    assert ds.node_label.values.tolist() == list(graph.nodes)
    agents = ds["susceptible"] + ds["infected"] + ds["recovered"]
    assert (agents == 35).all()
    assert "generator: graphml" in ds.attrs["scenario"]
    for node, data in graph.nodes(data=True):
        data["segment"] = "far" if node == "alone" else data["club"]
    with_segments = hearsay.simulate(NETWORK_SCENARIO, network=graph, progress=False)
    np.testing.assert_array_equal(with_segments["infected"].values, ds["infected"].values)
    del graph.nodes["alone"]["segment"]
    with pytest.raises(ValueError, match="1 node.*no 'segment' attribute.*alone"):
        hearsay.simulate(NETWORK_SCENARIO, network=graph, progress=False)


def test_bad_weights_are_refused():
    graph = nx.path_graph(4)
    graph.edges[0, 1]["weight"] = "heavy"
    with pytest.raises(ValueError, match="weight 'heavy'"):
        hearsay.simulate(NETWORK_SCENARIO, network=graph, progress=False)
    graph.edges[0, 1]["weight"] = float("inf")
    with pytest.raises(ValueError, match="finite"):
        hearsay.simulate(NETWORK_SCENARIO, network=graph, progress=False)
    with pytest.raises(ValueError, match="multigraph"):
        hearsay.simulate(NETWORK_SCENARIO, network=nx.MultiGraph(graph), progress=False)


def test_scenario_error_carries_the_cli_message(tmp_path, run_hearsay):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SIR.replace("beta: 0.5", "beta: -2"))
    cli = run_hearsay("check", bad, "--no-pilot", check=False)
    assert cli.returncode == 2
    out = tmp_path / "never.h5"
    with pytest.raises(hearsay.ScenarioError) as error:
        hearsay.simulate(bad, output=out, progress=False)
    assert str(error.value) == cli.stderr.strip()
    assert error.value.file == str(bad) and error.value.line == 6
    assert error.value.key == "model.beta"
    assert isinstance(error.value, ValueError)
    assert not out.exists()
    with pytest.raises(hearsay.ScenarioError, match=r"<scenario>:6:\d+: .*model.beta"):
        hearsay.check(SIR.replace("beta: 0.5", "beta: -2"))
    with pytest.raises(hearsay.ScenarioError, match="model.nope"):
        hearsay.simulate(SIR, overrides={"model.nope": 1}, progress=False)
    with pytest.raises(hearsay.ScenarioError, match="does not exist"):
        hearsay.simulate(tmp_path / "missing.yaml", progress=False)


def test_bad_edge_list_names_file_and_line(tmp_path):
    edges = tmp_path / "edges.txt"
    edges.write_text("0 1\n1 2\n2 x\n")
    scenario = dict(NETWORK_SCENARIO, network={"generator": "edge_list", "path": str(edges)})
    out = tmp_path / "out.h5"
    with pytest.raises(hearsay.InputFileError, match=r"edges.txt:3: expected two node ids"):
        hearsay.simulate(scenario, output=out, progress=False)
    assert not out.exists()


def test_outputs_are_never_clobbered(sir_file, tmp_path):
    scenario, _ = sir_file
    out = tmp_path / "out.h5"
    out.write_text("precious")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        hearsay.simulate(scenario, output=out, progress=False)
    assert out.read_text() == "precious"
    ds = hearsay.simulate(scenario, output=out, overwrite=True, progress=False)
    assert ds.sizes["replication"] == 3 and hearsay.open_results(out).sizes["replication"] == 3
    with pytest.raises(hearsay.OutputError, match="reads"):
        hearsay.simulate(scenario, output=scenario, overwrite=True, progress=False)
    assert scenario.read_text() == SIR
    with pytest.raises(hearsay.OutputError, match="does not exist"):
        hearsay.simulate(scenario, output=tmp_path / "no" / "out.h5", progress=False)
    folder = tmp_path / "folder.h5"
    folder.mkdir()
    with pytest.raises(hearsay.OutputError, match="not a regular file|folder"):
        hearsay.simulate(scenario, output=folder, overwrite=True, progress=False)


@pytest.mark.parametrize("kwargs, error", [
    ({"threads": 0}, ValueError), ({"threads": 1.5}, ValueError), ({"threads": True}, ValueError),
    ({"overwrite": "yes"}, TypeError),
], ids=["zero-threads", "fractional-threads", "bool-threads", "overwrite-not-bool"])
def test_bad_arguments(sir_file, kwargs, error):
    with pytest.raises(error):
        hearsay.simulate(sir_file[0], progress=False, **kwargs)


def test_bad_scenario_argument():
    with pytest.raises(TypeError, match="dict, YAML text or a path"):
        hearsay.simulate(42)


def test_progress_callback_and_bar(sir_file, capsys):
    seen = []
    hearsay.simulate(sir_file[0], progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (3, 3)
    hearsay.simulate(sir_file[0])
    assert "3/3" in capsys.readouterr().err  # tqdm's bar on standard error


def test_gil_is_released_while_it_runs(tmp_path):
    text = wom_text("gil", seed=3, replications=2, end="60d", sample_every="1d",
                    network="{generator: barabasi_albert, nodes: 20000, m: 4}")
    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(1)
            time.sleep(0.005)

    thread = threading.Thread(target=tick)
    thread.start()
    try:
        start = time.monotonic()
        hearsay.simulate(text, progress=False, threads=1)
        took = time.monotonic() - start
    finally:
        done.set()
        thread.join()
    # The other thread kept running: at least a third of the ticks a free interpreter makes.
    assert len(ticks) >= took / 0.005 / 3 * 0.5, (len(ticks), took)


def test_ctrl_c_raises_keyboard_interrupt_promptly(tmp_path, hearsay_bin):
    text = wom_text("ctrl-c", seed=31, replications=24, end="90d", sample_every="6h",
                    network="{generator: barabasi_albert, nodes: 40000, m: 4}")
    scenario = tmp_path / "ctrl-c.yaml"
    scenario.write_text(text)
    out = tmp_path / "ctrl-c.h5"
    script = textwrap.dedent(f"""
        import sys, time, hearsay
        def started(done, total):
            print("run", done, flush=True)
        try:
            hearsay.simulate({str(scenario)!r}, output={str(out)!r}, threads=2,
                             progress=started)
        except KeyboardInterrupt:
            print("interrupted", time.monotonic(), flush=True)
            sys.exit(3)
        print("finished", flush=True)
    """)
    env = dict(os.environ, PYTHONPATH=ANALYSIS)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    line = child.stdout.readline()  # the first run has finished
    assert line.startswith("run"), line + child.stderr.read()
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 3, stdout + stderr
    stopped = float(stdout.split("interrupted")[1].split()[0])
    assert stopped - sent < 5, f"took {stopped - sent:.1f} s to stop"
    # The file keeps the finished runs and says it is incomplete; the CLI finishes it.
    with pytest.raises(hearsay.IncompleteResultsError):
        hearsay.open_results(out)
    finish = subprocess.run([str(hearsay_bin), "run", str(scenario), "-o", str(out), "--resume",
                             "--quiet"], capture_output=True, text=True, timeout=300)
    assert finish.returncode == 0, finish.stderr
    assert hearsay.open_results(out).sizes["replication"] == 24


def test_describe_models_check():
    table = hearsay.describe("sir")
    assert list(table.columns[:7]) == ["name", "unit", "default", "range", "kind", "source",
                                       "help"]
    beta = table.set_index("name").loc["beta"]
    assert beta.kind == "real" and beta.unit == "1/d"
    assert "infected" in [m["name"] for m in table.attrs["series"]]
    wom = hearsay.describe("wom")
    assert set(wom.section) == {"model", "brand"}
    assert "nodes" in hearsay.describe("erdos_renyi").name.values
    with pytest.raises(hearsay.UnknownNameError, match="did you mean 'sir'"):
        hearsay.describe("sri")
    listed = hearsay.models()
    assert {"sir", "wom"} <= set(listed[listed.kind == "model"].name)
    assert "barabasi_albert" in set(listed[listed.kind == "generator"].name)
    plan = hearsay.check(SIR, overrides={"replications": 4})
    assert plan["runs"] == 4 and plan["model"] == "sir" and plan["name"] == "sir-py"
    assert "replications: 4" in plan["resolved"]
    assert hearsay.engine_version() == hearsay.simulate(SIR, progress=False).attrs[
        "hearsay_version"]


def test_networkx_edge_list_files_read_as_written(tmp_path, run_hearsay):
    # networkx.write_edgelist's default (data=True) writes "u v {'weight': w}" lines; the
    # engine reads them, weights included, as the graph passed in memory.
    graph = nx.convert_node_labels_to_integers(karate())
    path = tmp_path / "karate.edgelist"
    nx.write_edgelist(graph, path)
    assert "{'weight': " in path.read_text()
    scenario = dict(NETWORK_SCENARIO, network={"generator": "edge_list", "path": str(path)})
    from_file = hearsay.simulate(scenario, progress=False)
    in_memory = hearsay.simulate(NETWORK_SCENARIO, network=graph, progress=False)
    for name in ("infected", "recovered"):
        np.testing.assert_array_equal(from_file[name].values, in_memory[name].values)
    (tmp_path / "bad.yaml").write_text(
        f"seed: 1\ntime: {{end: 5d}}\n"
        f"network: {{generator: edge_list, path: {tmp_path / 'broken.edgelist'}}}\n"
        "model: {name: sir}\nseeding: {count: 1}\n")
    (tmp_path / "broken.edgelist").write_text("0 1 {'weight': 1.0}\n1 2 {'weight': 'x'}\n")
    failed = run_hearsay("run", tmp_path / "bad.yaml", "-o", tmp_path / "bad.h5", check=False)
    assert failed.returncode == 2
    assert "broken.edgelist:2: the weight must be a number" in failed.stderr
    with pytest.raises(hearsay.InputFileError, match="broken.edgelist:2: the weight must be"):
        hearsay.simulate(tmp_path / "bad.yaml", progress=False)


def test_graphml_from_networkx_keeps_weights_and_segments(tmp_path, run_hearsay):
    graph = nx.convert_node_labels_to_integers(karate())
    for node, data in graph.nodes(data=True):
        data["segment"] = data["club"]
    path = tmp_path / "karate.graphml"
    nx.write_graphml(graph, path)
    nx.write_edgelist(graph, tmp_path / "karate.edgelist")
    # The same network as the edge list (GraphML numbers nodes as declared, an edge list as
    # first seen: the statistics agree, the agent ids need not).
    stats = {}
    for kind, name in (("graphml", "karate.graphml"), ("edge_list", "karate.edgelist")):
        (tmp_path / f"{kind}.yaml").write_text(
            f"seed: 1\ntime: {{end: 5d}}\nnetwork: {{generator: {kind}, path: {name}}}\n"
            "model: {name: sir}\nseeding: {count: 1}\n")
        out = run_hearsay("network", tmp_path / f"{kind}.yaml").stdout
        stats[kind] = [line for line in out.splitlines()
                       if line.split(":")[0] in ("nodes", "edges", "degree", "clustering")]
    assert stats["graphml"] == stats["edge_list"] and "34" in stats["graphml"][0]
    scenario = dict(NETWORK_SCENARIO, network={"generator": "graphml", "path": str(path)})
    ds = hearsay.simulate(scenario, progress=False)
    assert (ds["final_size"] >= 2).all()
    (tmp_path / "broken.graphml").write_text(path.read_text()[:400])
    with pytest.raises(hearsay.InputFileError, match=r"broken.graphml: not a GraphML file"):
        hearsay.simulate(dict(scenario, network={"generator": "graphml",
                                                 "path": str(tmp_path / "broken.graphml")}),
                         progress=False)
