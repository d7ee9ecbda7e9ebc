# Consumer segments through the CLI: the per-segment series and the `segment` dimension in the
# file and in xarray, `info`, kill -9 then --resume, shards merged, the report's Segments section,
# and bad `segments:` refused with file, line and key before anything is written.
import re
import subprocess

import h5py
import numpy as np
import pytest

import hearsay
from hearsay.report import build_report
from results_compare import assert_same_content
from run_watch import wait_for_runs

SCENARIO = """\
name: segmented
seed: 23
replications: 6
time: {end: 90d, sample_every: 3d}
network: {generator: clustered_weak_ties, nodes: 3000, clique_size: 10, weak_ties: 6}
model:
  name: wom
  market: shared
brands:
  - {name: PitchCo, style: hard_sell, failure_probability: 0.2}
  - {name: PeopleCo, style: soft_sell, failure_probability: 0.2}
segments:
  - {name: skeptics, share: 0.3, pk_alpha: 6, trust_brand_mean: 0.4}
  - {name: talkers, share: 0.2, tell_rate: 0.3}
  - {name: rest, share: 0.5}
"""
SEGMENT_SERIES = ("aware_by_segment", "adopters_by_segment", "sales_by_segment",
                  "won_by_segment", "won_by_wom_by_segment", "complaints_by_segment",
                  "churned_by_segment")
TOTALS = ("aware", "adopters", "cumulative_sales", "customers_won", "won_by_wom", "complaints",
          "churned")


@pytest.fixture(scope="module")
def segmented(tmp_path_factory, run_hearsay):
    folder = tmp_path_factory.mktemp("segments")
    path = folder / "segmented.yaml"
    path.write_text(SCENARIO)
    out = folder / "segmented.h5"
    run_hearsay("run", path, "-o", out, "--quiet")
    return path, out


def test_segment_dimension_and_series_that_add_up(segmented):
    _, out = segmented
    with h5py.File(out) as f:
        assert list(f["segment"].asstr()[()]) == ["skeptics", "talkers", "rest"]
        for name, total in zip(SEGMENT_SERIES, TOTALS):
            data = f["series"][name]
            assert data.shape == (1, 6, 2, 3, 31), name
            assert data.attrs["dimensions"] == "point replication brand segment time"
            assert data.dims[3][0].name == "/segment"
            values = data[()]
            assert np.array_equal(values.sum(axis=3), f["series"][total][()]), name
        # Word of mouth and sales happen in every segment.
        assert (f["series/won_by_segment"][0, :, :, :, -1] > 0).all()


def test_xarray_has_segment_coordinates(segmented):
    _, out = segmented
    ds = hearsay.open_results(out)
    var = ds["adopters_by_segment"]
    assert var.dims == ("point", "replication", "brand", "segment", "time")
    assert list(ds["segment"].values) == ["skeptics", "talkers", "rest"]
    skeptics = var.sel(brand="PeopleCo", segment="skeptics").isel(time=-1)
    assert skeptics.sizes == {"point": 1, "replication": 6}
    # Brand series keep their shape.
    assert ds["adopters"].dims == ("point", "replication", "brand", "time")


def test_info_lists_the_segments(segmented, run_hearsay):
    _, out = segmented
    text = run_hearsay("info", out).stdout
    assert "segments:        skeptics, talkers, rest" in text
    assert "adopters_by_segment" in text and "(per brand and segment)" in text


def test_without_segments_no_segment_series(tmp_path, run_hearsay):
    path = tmp_path / "plain.yaml"
    path.write_text(SCENARIO.split("segments:")[0].replace("replications: 6", "replications: 1"))
    out = tmp_path / "plain.h5"
    run_hearsay("run", path, "-o", out, "--quiet")
    with h5py.File(out) as f:
        assert "segment" not in f
        assert not [name for name in f["series"] if name.endswith("_by_segment")]


def test_threads_do_not_change_the_file(segmented, run_hearsay, tmp_path):
    path, out = segmented
    one = tmp_path / "one.h5"
    run_hearsay("run", path, "-o", one, "--quiet", "--threads", "1")
    assert_same_content(out, one)


def test_kill_9_then_resume_equals_an_uninterrupted_run(hearsay_bin, run_hearsay, tmp_path):
    # Longer runs than the module's, so that the kill comes mid-plan.
    path = tmp_path / "long.yaml"
    path.write_text(SCENARIO.replace("replications: 6", "replications: 12")
                    .replace("nodes: 3000", "nodes: 20000")
                    .replace("{end: 90d, sample_every: 3d}", "{end: 150d, sample_every: 6h}"))
    whole = tmp_path / "whole.h5"
    run_hearsay("run", path, "-o", whole, "--quiet")
    killed = tmp_path / "killed.h5"
    process = subprocess.Popen([str(hearsay_bin), "run", str(path), "-o", str(killed), "--quiet",
                                "--threads", "1"])
    wait_for_runs(killed, 2)
    process.kill()  # SIGKILL: no chance to clean up
    process.wait()
    with h5py.File(killed, "r") as f:
        done = np.count_nonzero(f["runs/status"][()])
    assert 2 <= done < 12, "the kill came too late to test"
    result = run_hearsay("run", path, "-o", killed, "--resume", "--threads", "2")
    assert "resuming" in result.stderr
    assert_same_content(whole, killed)


def test_shards_merge_into_the_single_run_file(segmented, run_hearsay, tmp_path):
    path, out = segmented
    shards = []
    for i in range(3):
        shard = tmp_path / f"s{i}.h5"
        run_hearsay("run", path, "--shard", f"{i}/3", "-o", shard, "--quiet")
        shards.append(shard)
    merged = tmp_path / "merged.h5"
    run_hearsay("merge", *shards, "-o", merged, "--quiet")
    assert_same_content(out, merged)


def test_resume_refuses_other_segments(segmented, run_hearsay, tmp_path):
    path, out = segmented
    other = tmp_path / "other.yaml"
    other.write_text(SCENARIO.replace("name: talkers", "name: chatters"))
    copy = tmp_path / "copy.h5"
    copy.write_bytes(out.read_bytes())
    result = run_hearsay("run", other, "-o", copy, "--resume", check=False)
    assert result.returncode != 0
    assert copy.read_bytes() == out.read_bytes()


def test_report_has_a_segments_section(segmented, tmp_path):
    _, out = segmented
    page = build_report(hearsay.open_results(out))
    assert '<section id="segments">' in page
    section = page.split('<section id="segments">')[1].split("</section>")[0]
    for name in ("skeptics", "talkers", "rest"):
        assert name in section
    assert "could not be drawn" not in page
    assert "has more customers in the segment at the end" in section


@pytest.mark.parametrize("old, new, line, key, words", [
    ("  - {name: rest, share: 0.5}\n", "  - {name: rest, share: 0.4}\n", 13, "segments",
     "add up to 0.9"),
    ("  - {name: rest, share: 0.5}\n", "  - {name: rest, share: 0.5, min_delay: 1s}\n", 15,
     "segments[2].min_delay", "same for every consumer"),
    ("  - {name: rest, share: 0.5}\n", "  - {name: rest, share: 0.5, tell_rate: -1}\n", 15,
     "segments[2].tell_rate", "out of range"),
    ("  - {name: rest, share: 0.5}\n", "  - {name: talkers, share: 0.5}\n", 15,
     "segments[2].name", "used twice"),
    ("  - {name: rest, share: 0.5}\n", "  - {name: rest, shares: 0.5}\n", 15,
     "segments[2].shares", "did you mean 'share'"),
])
def test_bad_segments_name_file_line_and_key(tmp_path, run_hearsay, old, new, line, key, words):
    assert old in SCENARIO
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.replace(old, new))
    out = tmp_path / "never.h5"
    result = run_hearsay("run", path, "-o", out, check=False)
    assert result.returncode == 2, result.stderr
    assert re.search(rf"s\.yaml:{line}:\d+: error: '{re.escape(key)}'", result.stderr), \
        result.stderr
    assert words in result.stderr, result.stderr
    assert not out.exists()


# --- segments by a node attribute (segment_by, a node file beside an edge list) ----------------

def _network_files(folder, deaf_nodes):
    """A ring of 400 circles of 5 (ids 1000 + i, so dense ids differ from the file's), and a
    node file putting `deaf_nodes` in segment 'deaf', the rest in 'listening'."""
    edges, rows = [], ["node,segment,age"]
    n = 2000
    for i in range(n):
        circle = i // 5
        for j in range(i + 1, (circle + 1) * 5):
            edges.append(f"{1000 + i} {1000 + j}")
        edges.append(f"{1000 + i} {1000 + (i + 7) % n}")
    for i in reversed(range(n)):  # rows in another order than the edge list
        rows.append(f"{1000 + i},{'deaf' if i in deaf_nodes else 'listening'},{20 + i % 50}")
    (folder / "edges.txt").write_text("\n".join(edges) + "\n")
    (folder / "nodes.csv").write_text("\n".join(rows) + "\n")


BY_ATTRIBUTE = """\
seed: 29
replications: 2
time: {end: 120d, sample_every: 10d}
network: {generator: edge_list, path: edges.txt, node_file: nodes.csv}
model: {name: wom, adopt_prob_strong: 0.5, adopt_prob_weak: 0.3, tell_rate: 0.5, advocate_prob: 0.9}
brands:
  - {name: A, style: soft_sell, seed_count: 40}
segment_by: segment
segments:
  - {name: deaf, adopt_prob_strong: 0, adopt_prob_weak: 0, pitch_conversion: 0, community_conversion: 0}
  - {name: listening}
"""


def test_segments_by_node_attribute(tmp_path, run_hearsay):
    deaf = set(range(0, 2000, 2))  # every other consumer
    _network_files(tmp_path, deaf)
    path = tmp_path / "by.yaml"
    path.write_text(BY_ATTRIBUTE)
    out = tmp_path / "by.h5"
    run_hearsay("run", path, "-o", out, "--quiet")
    with h5py.File(out) as f:
        assert list(f["segment"].asstr()[()]) == ["deaf", "listening"]
        won_by_wom = f["series/won_by_wom_by_segment"][0, :, 0, :, -1]
        aware = f["series/aware_by_segment"][0, :, 0, :, -1]
    assert (won_by_wom[:, 0] == 0).all()          # the deaf: no word-of-mouth customer
    assert (won_by_wom[:, 1] > 20).all()          # the listening: many
    assert (aware <= 1000).all()                  # 1000 consumers in each segment
    # The resolved scenario keeps segment_by and writes no shares.
    text = run_hearsay("check", path, "--no-pilot").stdout
    assert "segment_by: segment" in text and "share:" not in text.split("segments:")[1]


@pytest.mark.parametrize("edit, line, key, words", [
    (lambda s, f: s.replace("  - {name: listening}", "  - {name: hearing}"), 8, "segment_by",
     "the value 'listening', which names no segment"),
    (lambda s, f: s.replace("segment_by: segment", "segment_by: income"), 8, "segment_by",
     "no node attribute 'income' (it has: segment, age)"),
    (lambda s, f: s.replace("  - {name: listening}", "  - {name: listening, share: 0.5}"), 11,
     "segments[1].share", "no share when segments are given by a node attribute"),
])
def test_bad_segments_by_attribute(tmp_path, run_hearsay, edit, line, key, words):
    _network_files(tmp_path, set(range(0, 2000, 2)))
    path = tmp_path / "by.yaml"
    path.write_text(edit(BY_ATTRIBUTE, tmp_path))
    out = tmp_path / "never.h5"
    result = run_hearsay("run", path, "-o", out, check=False)
    assert result.returncode == 2, result.stderr
    assert re.search(rf"by\.yaml:{line}:\d+: error: '{re.escape(key)}'", result.stderr), \
        result.stderr
    assert words in result.stderr, result.stderr
    assert not out.exists()


@pytest.mark.parametrize("rows, line, words", [
    ("node,segment\n1000,deaf\n1000,listening\n", 3, "node 1000 is listed twice"),
    ("node,segment\n1000,deaf\n5,listening\n", 3, "node 5 is not in the edge list"),
    ("node,segment\nabc,deaf\n", 2, "'abc' is not a node id"),
    ("id,segment\n1000,deaf\n", 1, "must start with 'node'"),
])
def test_bad_node_files_name_the_file_and_line(tmp_path, run_hearsay, rows, line, words):
    _network_files(tmp_path, set())
    (tmp_path / "nodes.csv").write_text(rows)
    path = tmp_path / "by.yaml"
    path.write_text(BY_ATTRIBUTE)
    out = tmp_path / "never.h5"
    result = run_hearsay("run", path, "-o", out, check=False)
    assert result.returncode == 2, result.stderr
    assert f"nodes.csv:{line}:" in result.stderr and words in result.stderr, result.stderr
    assert not out.exists()


def test_segments_by_a_graphml_node_attribute(tmp_path, run_hearsay):
    nx = pytest.importorskip("networkx")
    graph = nx.connected_caveman_graph(200, 5)
    for node, data in graph.nodes(data=True):
        if node % 3:
            data["segment"] = "deaf" if node % 2 else "listening"
        else:
            data["segment"] = "listening"
    nx.write_graphml(graph, tmp_path / "net.graphml")
    path = tmp_path / "by.yaml"
    path.write_text(BY_ATTRIBUTE.replace("{generator: edge_list, path: edges.txt, node_file: "
                                         "nodes.csv}", "{generator: graphml, path: net.graphml}"))
    out = tmp_path / "by.h5"
    run_hearsay("run", path, "-o", out, "--quiet")
    with h5py.File(out) as f:
        won_by_wom = f["series/won_by_wom_by_segment"][0, :, 0, :, -1]
    assert (won_by_wom[:, 0] == 0).all() and (won_by_wom[:, 1] > 10).all()
    # segment_by must be the attribute the GraphML reader keeps.
    path.write_text(path.read_text().replace("segment_by: segment", "segment_by: club"))
    result = run_hearsay("run", path, "-o", tmp_path / "never.h5", check=False)
    assert result.returncode == 2 and "network.segment_attribute" in result.stderr, result.stderr


def test_export_writes_a_segment_table_that_round_trips(segmented, run_hearsay, tmp_path):
    import pandas as pd
    _, out = segmented
    run_hearsay("export", out, "--csv", tmp_path / "csv")
    table = pd.read_csv(tmp_path / "csv" / "segment_series.csv", float_precision="round_trip")
    table = table.set_index(["point", "replication", "brand", "segment", "time"]).sort_index()
    ds = hearsay.open_results(out)
    expected = (ds[list(SEGMENT_SERIES)].to_dataframe()
                [list(SEGMENT_SERIES)].sort_index())
    assert list(table.columns) == list(SEGMENT_SERIES)
    assert np.array_equal(table.values, expected.values)
    assert list(table.index.names) == list(expected.index.names)
    # The brand table holds the brands' own series only.
    brand = pd.read_csv(tmp_path / "csv" / "brand_series.csv")
    assert not [c for c in brand.columns if c.endswith("_by_segment")]
    assert np.array_equal(
        brand.set_index(["point", "replication", "brand", "time"]).sort_index()["adopters"].values,
        ds["adopters"].to_dataframe()["adopters"].sort_index().values)
