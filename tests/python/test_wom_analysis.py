# The analysis package on real wom files made by the CLI (small versions of the flagship and of
# United Breaks Guitars): dimensions and brand names, summaries per brand, the paired brand
# difference, cascade statistics against the raw rows, the tree plot and the report.
from collections import deque
from pathlib import Path

import h5py
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402

import hearsay  # noqa: E402
from hearsay.report import build_report  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SMALL = {"replications": 3, "network.nodes": 3000, "time.end": "60d"}
BROADCAST = {"model.broadcaster_node": 42, "model.broadcaster_audience": 300,
             "model.broadcaster_complaint_time": "10d"}
VIRALITY_BRUTE_FORCE_ROWS = 400   # pairwise distances by BFS are O(n^2): small trees only


@pytest.fixture(scope="module")
def flagship(tmp_path_factory, hearsay_bin):
    out = tmp_path_factory.mktemp("wom-analysis") / "hard_vs_soft.h5"
    return hearsay.run_scenario(ROOT / "scenarios" / "hard_vs_soft.yaml", out,
                                overrides=SMALL, binary=hearsay_bin)


@pytest.fixture(scope="module")
def guitars(tmp_path_factory, hearsay_bin):
    out = tmp_path_factory.mktemp("wom-analysis") / "united_breaks_guitars.h5"
    return hearsay.run_scenario(ROOT / "scenarios" / "united_breaks_guitars.yaml", out,
                                # 180 days: enough multi-node cascades (>= 10) for the
                                # structural-virality check below
                                overrides={**SMALL, "time.end": "180d", **BROADCAST},
                                binary=hearsay_bin)


@pytest.fixture(scope="module")
def guitars_rows(guitars):
    return hearsay.read_cascades(guitars)


def raw(path, name):
    with h5py.File(path) as f:
        return f[name][()]


# --- reading ------------------------------------------------------------------------------------

def test_dimensions_coordinates_and_brand_names(flagship):
    ds = hearsay.open_results(flagship)
    assert ds.attrs["format_version"] == 1 and ds.attrs["model"] == "wom"
    assert dict(ds.sizes) == {"point": 1, "replication": 3, "brand": 2, "time": 61}
    assert list(ds["brand"].values) == ["PitchCo", "PeopleCo"]
    np.testing.assert_allclose(ds["time"].values, np.arange(61.0))
    assert ds.attrs["population"] == 3000 and ds.attrs["has_cascades"] == 0
    assert ds["final_sales"].dims == ("point", "replication", "brand")
    assert ds["cumulative_sales"].dims == ("point", "replication", "brand", "time")
    assert ds["final_sales"].attrs["units"] == "purchases"
    # wom has a detractors series and a detractors summary: both survive.
    assert hearsay.summary_name(ds, "detractors") == "detractors"
    assert hearsay.series_name(ds, "detractors") == "detractors_series"
    assert ds["detractors_series"].dims[-2:] == ("brand", "time")
    np.testing.assert_array_equal(ds["cumulative_sales"].values,
                                  raw(flagship, "series/cumulative_sales"))
    np.testing.assert_array_equal(ds["followers_kept"].values,
                                  raw(flagship, "summary/followers_kept"))
    assert hearsay.scenario_value(ds, "brands.PeopleCo.style") == "soft_sell"
    with pytest.raises(hearsay.ResultsError, match="has no /cascades"):
        hearsay.read_cascades(flagship)


def test_a_newer_format_version_is_refused_with_the_documented_message(flagship, tmp_path):
    copy = tmp_path / "newer.h5"
    copy.write_bytes(Path(flagship).read_bytes())
    with h5py.File(copy, "a") as f:
        f.attrs["format_version"] = np.int64(2)
    with pytest.raises(hearsay.ResultsError,
                       match=r"was written by a newer hearsay \(format version 2\); this "
                             r"package reads version 1"):
        hearsay.open_results(copy)


# --- summaries and the paired brand difference ---------------------------------------------------

def test_summaries_per_brand(flagship):
    ds = hearsay.open_results(flagship)
    table = hearsay.summarize(ds)
    sales = raw(flagship, "summary/final_sales")[0]                  # (R, B)
    rows = table[table["metric"] == "final_sales"].set_index("brand")
    assert list(rows.index) == ["PitchCo", "PeopleCo"]
    for b, brand in enumerate(["PitchCo", "PeopleCo"]):
        assert rows.loc[brand, "n"] == 3
        assert rows.loc[brand, "mean"] == pytest.approx(sales[:, b].mean())
        assert rows.loc[brand, "sd"] == pytest.approx(sales[:, b].std(ddof=1))
        assert rows.loc[brand, "lo"] < rows.loc[brand, "mean"] < rows.loc[brand, "hi"]
    # every per-brand summary appears once per brand
    assert (table.groupby("metric").size() == 2).all()
    assert set(table["metric"]) == set(hearsay.metric_names(ds, "summary"))


def test_paired_brand_difference(flagship):
    ds = hearsay.open_results(flagship)
    table = hearsay.compare_arms(ds)
    assert set(table["by"]) == {"brand"}
    row = table[table["metric"] == "final_sales"].iloc[0]
    assert (row["a"], row["b"]) == ("PitchCo", "PeopleCo")
    sales = raw(flagship, "summary/final_sales")[0]
    d = sales[:, 0] - sales[:, 1]
    assert row["n"] == 3
    assert row["diff"] == pytest.approx(d.mean())
    assert row["sd_diff"] == pytest.approx(d.std(ddof=1))
    half = 4.302652729911275 * d.std(ddof=1) / np.sqrt(3)           # t(0.975, 2)
    assert (row["lo"], row["hi"]) == pytest.approx((d.mean() - half, d.mean() + half))
    assert row["rel"] == pytest.approx(d.mean() / sales[:, 1].mean())
    assert row["sure"] == bool(row["lo"] > 0 or row["hi"] < 0)


# --- cascades against the raw rows -------------------------------------------------------------

def reference_trees(rows):
    """Per cascade, built row by row in time order with plain Python: each row hangs on the
    first earlier row of its parent agent. Returns {(point, replication, cascade): parents}."""
    trees = {}
    ordered = rows.reset_index(drop=True)
    ordered = ordered.iloc[np.lexsort((np.arange(len(ordered)), ordered["time"].to_numpy()))]
    for key, cascade in ordered.groupby(["point", "replication", "cascade"], sort=False):
        first_row, parents = {}, []
        for node, parent in zip(cascade["node"].tolist(), cascade["parent"].tolist()):
            parents.append(first_row.get(parent, -1) if parent >= 0 else -1)
            first_row.setdefault(node, len(parents) - 1)
        trees[key] = parents
    return trees


def depth_and_virality(parents, brute_force):
    depth = [0] * len(parents)
    for i, p in enumerate(parents):
        depth[i] = depth[p] + 1 if p >= 0 else 0
    if not brute_force or len(parents) < 2:
        return max(depth), None
    neighbours = [[] for _ in parents]
    for child, parent in enumerate(parents):
        if parent >= 0:
            neighbours[child].append(parent)
            neighbours[parent].append(child)
    total = 0
    for source in range(len(parents)):
        dist = {source: 0}
        queue = deque([source])
        while queue:
            u = queue.popleft()
            for v in neighbours[u]:
                if v not in dist:
                    dist[v] = dist[u] + 1
                    queue.append(v)
        total += sum(dist.values())
    n = len(parents)
    return max(depth), total / (n * (n - 1))


def test_cascade_rows_match_the_file(guitars, guitars_rows):
    ds = hearsay.open_results(guitars)
    assert ds.attrs["has_cascades"] == 1
    assert len(guitars_rows) == ds.attrs["cascade_rows"] == int(raw(guitars, "cascades/node").size)
    assert list(guitars_rows["brand_name"].cat.categories) == ["IgnoresCo", "AnswersCo"]
    assert set(guitars_rows["valence"]) == {-1, 1}
    # a cascade id is unique within a run: one brand and one valence per id
    per_cascade = guitars_rows.groupby(["point", "replication", "cascade"])
    assert (per_cascade["brand"].nunique() == 1).all()
    assert (per_cascade["valence"].nunique() == 1).all()
    assert ((guitars_rows["parent"] == -1).groupby(
        [guitars_rows["replication"], guitars_rows["cascade"]]).sum() <= 1).all()


def test_cascade_stats_match_trees_built_from_the_raw_rows(guitars_rows):
    stats = hearsay.cascade_stats(guitars_rows).set_index(["point", "replication", "cascade"])
    trees = reference_trees(guitars_rows)
    assert set(trees) == set(stats.index)
    assert (stats["roots"] == 1).all()
    checked = 0
    for key, parents in trees.items():
        row = stats.loc[key]
        assert row["size"] == len(parents)
        assert sum(p < 0 for p in parents) == 1
        brute = len(parents) <= VIRALITY_BRUTE_FORCE_ROWS
        depth, virality = depth_and_virality(parents, brute)
        assert row["depth"] == depth, key
        if virality is not None:
            assert row["structural_virality"] == pytest.approx(virality), key
            checked += len(parents) > 2
        cascade = guitars_rows[(guitars_rows["replication"] == key[1])
                               & (guitars_rows["cascade"] == key[2])]
        assert row["nodes"] == cascade["node"].nunique()
        assert row["start"] == pytest.approx(cascade["time"].min())
    assert checked >= 10


def test_cascades_agree_with_the_model_summaries(guitars, guitars_rows):
    ds = hearsay.open_results(guitars)
    stats = hearsay.cascade_stats(guitars_rows)
    complaints = stats[stats["valence"] == -1]
    broadcaster = hearsay.scenario_value(ds, "model.broadcaster_node")
    for r in range(ds.sizes["replication"]):
        for b, brand in enumerate(ds["brand"].values):
            mine = complaints[(complaints["replication"] == r) & (complaints["brand"] == b)]
            figure = lambda m: float(ds[m].isel(point=0, replication=r).sel(brand=brand))  # noqa
            assert len(mine) == figure("complaints")
            assert mine["size"].max() == figure("peak_complaint_cascade")
            assert (mine["size"] - 1).sum() == figure("complaint_views")
            # the broadcaster's complaint about every brand, on day 10, is the largest
            top = mine.loc[mine["size"].idxmax()]
            assert top["root"] == broadcaster and top["start"] == pytest.approx(10.0)
    largest = hearsay.largest_cascades(stats, ds)
    assert len(largest) == ds.sizes["replication"] * 2 * 2       # runs x brands x valences


def test_cascade_tree_and_layout(guitars_rows):
    tree = hearsay.cascade_tree(guitars_rows, replication=1, brand="IgnoresCo", valence=-1)
    assert tree["time"].is_monotonic_increasing
    assert (tree["row_parent"] < np.arange(len(tree))).all()       # parents come first
    assert tree["depth"].iloc[0] == 0 and tree["since_start"].iloc[0] == 0
    parents = tree["row_parent"].to_numpy()
    x, y = hearsay.tree_layout(parents, "radial")
    np.testing.assert_allclose(np.hypot(x, y), tree["depth"].to_numpy(), atol=1e-9)
    lx, ly = hearsay.tree_layout(parents, "layered")
    np.testing.assert_array_equal(ly, -tree["depth"].to_numpy())
    assert (lx > 0).all() and (lx < 1).all()
    # siblings never overlap: distinct positions on each layer
    assert len(set(zip(np.round(lx, 12), ly))) == len(tree)
    with pytest.raises(ValueError, match="no cascade"):
        hearsay.cascade_tree(guitars_rows, replication=99)


def test_tree_plot_of_a_real_cascade(guitars_rows):
    tree = hearsay.cascade_tree(guitars_rows, replication=0, brand="AnswersCo", valence=-1)
    fig, axes = plt.subplots(1, 3, figsize=(15, 5))
    try:
        ax = hearsay.plot_cascade_tree(guitars_rows, replication=0, brand="AnswersCo",
                                       valence=-1, ax=axes[0])
        assert ax is axes[0]
        edges = [c for c in ax.collections if isinstance(c, LineCollection)]
        assert len(edges) == 1 and len(edges[0].get_segments()) == len(tree) - 1
        drawn = sum(len(c.get_offsets()) for c in ax.collections
                    if not isinstance(c, LineCollection))
        assert drawn == len(tree) + 1                               # every row, and the root ring
        assert "AnswersCo complaint cascade" in ax.get_title()
        assert f"{len(tree):,} rows" in ax.get_title()
        hearsay.plot_cascade_tree(tree, ax=axes[1], layout="layered", color="depth")
        small = hearsay.plot_cascade_tree(tree, ax=axes[2], color="valence", max_nodes=50)
        assert f"{len(tree):,} rows, 50 drawn" in small.get_title()
        segments = [c for c in small.collections if isinstance(c, LineCollection)][0]
        assert len(segments.get_segments()) == 49                   # still one tree
        with pytest.raises(ValueError, match="layout"):
            hearsay.plot_cascade_tree(tree, layout="spiral")
    finally:
        plt.close("all")


def test_ccdf_across_runs(guitars_rows):
    stats = hearsay.cascade_stats(guitars_rows)
    complaints = stats[stats["valence"] == -1]
    table = hearsay.ccdf_across_runs(complaints, by="brand_name")
    assert set(table["brand_name"]) == {"IgnoresCo", "AnswersCo"}
    for brand, curve in table.groupby("brand_name", observed=True):
        sizes = complaints.loc[complaints["brand_name"] == brand, "size"].to_numpy()
        assert curve["pooled"].iloc[0] == 1.0 and curve["cascades"].iloc[0] == len(sizes)
        for s, p in zip(curve["size"], curve["pooled"]):
            assert p == pytest.approx(np.mean(sizes >= s))
        assert (curve["q_lo"] <= curve["mean"] + 1e-12).all()
        assert (curve["mean"] <= curve["q_hi"] + 1e-12).all()
        assert curve["runs"].iloc[0] == 3
    ax = hearsay.plot_ccdf(complaints, by="brand_name", runs=True, band=True)
    try:
        labels = [line.get_label() for line in ax.get_lines() if not line.get_label()
                  .startswith("_")]
        assert any(label.startswith("IgnoresCo (") and "3 runs" in label for label in labels)
        assert len(ax.get_lines()) == 2 + 2 * 3                    # pooled + one per run
    finally:
        plt.close("all")


# --- the report ---------------------------------------------------------------------------------

def test_report_first_screen_names_the_brands(guitars):
    ds = hearsay.open_results(guitars)
    page = build_report(ds)
    first = page[:page.index("</section>")]
    assert "brands: IgnoresCo, AnswersCo" in first
    peak = raw(guitars, "summary/peak_complaint_cascade")[0]       # (R, B)
    smaller = ["IgnoresCo", "AnswersCo"][int(np.argmin(peak.mean(axis=0)))]
    assert f"<b>{smaller} has smaller complaint cascades</b>" in first
    sales = raw(guitars, "summary/final_sales")[0]
    more = ["IgnoresCo", "AnswersCo"][int(np.argmax(sales.mean(axis=0)))]
    assert f"<b>{more} sells more</b>" in first
    cascades = page[page.index("<h2>Cascades"):]
    assert "The largest complaint cascades of each brand" in cascades
    assert cascades.count("<img") >= 2
