# Cascade trees: structural virality against its closed forms and a brute-force distance count,
# depth and size, the largest cascade per run, the size CCDF, and damaged tables.
from collections import deque

import numpy as np
import pandas as pd
import pytest

import hearsay
from test_analysis_support import cascade_columns, merge_columns, write_results


def brute_force_virality(parents):
    """Mean shortest-path distance over all pairs, by breadth-first search from every node."""
    n = len(parents)
    neighbours = [[] for _ in range(n)]
    for child, parent in enumerate(parents):
        if parent >= 0:
            neighbours[child].append(parent)
            neighbours[parent].append(child)
    total = 0
    for source in range(n):
        dist = [-1] * n
        dist[source] = 0
        queue = deque([source])
        while queue:
            u = queue.popleft()
            for v in neighbours[u]:
                if dist[v] < 0:
                    dist[v] = dist[u] + 1
                    queue.append(v)
        total += sum(dist)
    return total / (n * (n - 1))


@pytest.mark.parametrize("n", [2, 3, 5, 10, 101])
def test_star_and_path_closed_forms(n):
    star = [-1] + [0] * (n - 1)
    path = [-1] + list(range(n - 1))
    assert hearsay.structural_virality(star) == pytest.approx(2 * (n - 1) / n)
    assert hearsay.structural_virality(path) == pytest.approx((n + 1) / 3)
    assert hearsay.tree_stats(path)["depth"] == n - 1
    assert hearsay.tree_stats(star)["depth"] == 1


def test_random_trees_match_brute_force():
    rng = np.random.default_rng(7)
    for n in (2, 7, 30, 80):
        parents = [-1] + [int(rng.integers(0, k)) for k in range(1, n)]
        order = rng.permutation(n)            # rows need not be in any particular order
        position = np.empty(n, dtype=int)
        position[order] = np.arange(n)
        shuffled = [-1] * n
        for child, parent in enumerate(parents):
            shuffled[position[child]] = position[parent] if parent >= 0 else -1
        assert hearsay.structural_virality(shuffled) == pytest.approx(
            brute_force_virality(parents))


def test_single_node_and_bad_trees():
    assert np.isnan(hearsay.structural_virality([-1]))
    assert hearsay.tree_stats([-1]) == {"size": 1, "depth": 0, "structural_virality": pytest.approx(
        np.nan, nan_ok=True)}
    with pytest.raises(ValueError, match="exactly one root"):
        hearsay.tree_stats([-1, -1])
    with pytest.raises(ValueError, match="past the end"):
        hearsay.tree_stats([-1, 5])


def _table():
    star = [(10, -1), (11, 10), (12, 10), (13, 10), (14, 10)]
    chain = [(20, -1), (21, 20), (22, 21), (23, 22)]
    single = [(30, -1)]
    return pd.DataFrame(merge_columns(
        cascade_columns([star, chain], replication=0, brand=1, valence=-1),
        cascade_columns([single], replication=0, brand=0, valence=1, start_cascade=2),
        cascade_columns([chain[:2]], replication=2, brand=0, valence=1)))


def test_cascade_stats_per_cascade():
    stats = hearsay.cascade_stats(_table())
    assert list(stats["size"]) == [5, 4, 1, 2]
    assert list(stats["depth"]) == [3 - 2, 3, 0, 1]
    assert stats["structural_virality"].iloc[0] == pytest.approx(2 * 4 / 5)
    assert stats["structural_virality"].iloc[1] == pytest.approx(5 / 3)
    assert np.isnan(stats["structural_virality"].iloc[2])
    assert list(stats["valence"]) == [-1, -1, 1, 1]
    assert list(stats["brand"]) == [1, 1, 0, 0]
    assert list(stats["root"]) == [10, 20, 30, 20]
    assert list(stats["roots"]) == [1, 1, 1, 1]
    assert stats["duration"].iloc[0] == pytest.approx(0.04)


def test_cascade_stats_rows_in_any_order():
    table = _table()
    shuffled = table.sample(frac=1.0, random_state=3).reset_index(drop=True)
    a = hearsay.cascade_stats(table)
    b = hearsay.cascade_stats(shuffled)
    pd.testing.assert_frame_equal(a.drop(columns=["duration", "start"]),
                                  b.drop(columns=["duration", "start"]))


def test_cascade_stats_from_a_file_with_brand_names(tmp_path):
    path = write_results(tmp_path / "c.h5", replications=3, brands=["PitchCo", "PeopleCo"],
                         summaries={"x": np.ones((1, 3, 2))}, cascades=_table().to_dict("list"))
    stats = hearsay.cascade_stats(path)
    assert list(stats["brand_name"]) == ["PeopleCo", "PeopleCo", "PitchCo", "PitchCo"]
    assert list(stats["size"]) == [5, 4, 1, 2]


def test_orphans_and_loops_do_not_break_the_table():
    table = pd.DataFrame(merge_columns(
        cascade_columns([[(1, -1), (2, 1), (3, 99)]]),                # 3's parent is missing
        cascade_columns([[(5, 6), (6, 5)]], start_cascade=1)))        # agents that name each other
    stats = hearsay.cascade_stats(table)
    assert list(stats["size"]) == [3, 2]
    assert list(stats["roots"]) == [2, 1]   # 5 heard from 6 before 6 was in the cascade: a root
    assert list(stats["root"]) == [1, 5]
    assert list(stats["depth"]) == [1, 1]


def test_a_parent_is_the_first_row_of_its_agent():
    # Agent 2 sees the cascade twice (as in wom with one complaint per brand); 3 and 4 hear
    # from 2, before and after its second view: both hang on 2's first row, where it entered
    # the tree. 1 (the root) also appears again with itself as parent (a resharer seeing its
    # own post): that row hangs on the root and takes no children.
    rows = [(1, -1), (2, 1), (3, 2), (2, 1), (4, 2), (1, 1), (5, 1)]
    table = pd.DataFrame(cascade_columns([rows]))
    stats = hearsay.cascade_stats(table)
    assert stats["size"].iloc[0] == 7 and stats["nodes"].iloc[0] == 5
    assert stats["roots"].iloc[0] == 1 and stats["depth"].iloc[0] == 2
    expected = [-1, 0, 1, 0, 1, 0, 0]     # parents by position
    assert stats["structural_virality"].iloc[0] == pytest.approx(
        hearsay.structural_virality(expected))
    tree = hearsay.cascade_tree(table)
    assert list(tree["row_parent"]) == expected
    assert list(tree["depth"]) == [0, 1, 2, 1, 2, 1, 1]


def test_loops_in_positions_are_cut_with_a_warning():
    with pytest.warns(RuntimeWarning, match="loop"):
        with pytest.raises(ValueError, match="exactly one root"):
            hearsay.tree_stats([1, 0, -1])


def test_empty_table():
    empty = pd.DataFrame({k: [] for k in ("point", "replication", "cascade", "node", "parent",
                                           "time", "valence", "brand")})
    assert hearsay.cascade_stats(empty).empty


def test_largest_cascade_per_run(tmp_path):
    stats = hearsay.cascade_stats(_table())
    largest = hearsay.largest_cascades(stats, by=("valence",))
    assert list(zip(largest["replication"], largest["valence"], largest["size"])) == [
        (0, -1, 5), (0, 1, 1), (2, 1, 2)]
    path = write_results(tmp_path / "l.h5", replications=3, summaries={"x": np.ones((1, 3))})
    ds = hearsay.open_results(path)
    filled = hearsay.largest_cascades(stats, ds, by=())
    assert list(filled["size"]) == [5, 0, 2]        # replication 1 had no cascade at all


def test_size_ccdf():
    x, p = hearsay.size_ccdf([1, 1, 2, 5, 5, 5, 0, np.nan])
    assert list(x) == [1, 2, 5]
    assert list(p) == pytest.approx([1.0, 4 / 6, 3 / 6])
    x, p = hearsay.size_ccdf([])
    assert len(x) == 0 and len(p) == 0


def test_tree_layout_of_a_star_a_path_and_a_forest():
    star = [-1] + [0] * 8
    x, y = hearsay.tree_layout(star, "radial")
    assert (x[0], y[0]) == (0.0, 0.0)
    np.testing.assert_allclose(np.hypot(x[1:], y[1:]), 1.0)
    angles = np.sort(np.mod(np.arctan2(y[1:], x[1:]), 2 * np.pi))
    np.testing.assert_allclose(np.diff(angles), 2 * np.pi / 8)      # evenly around the root
    lx, ly = hearsay.tree_layout([-1, 0, 1, 2], "layered")
    np.testing.assert_allclose(lx, 0.5)                              # a path hangs straight down
    np.testing.assert_array_equal(ly, [0, -1, -2, -3])
    fx, fy = hearsay.tree_layout([-1, -1, 0, 1], "radial")           # two roots: ring 1
    np.testing.assert_allclose(np.hypot(fx, fy), [1, 1, 2, 2])
    assert hearsay.tree_layout([], "radial")[0].size == 0
    with pytest.raises(ValueError, match="layout"):
        hearsay.tree_layout(star, "spiral")


def test_tree_layout_children_stay_inside_their_parent_share():
    rng = np.random.default_rng(5)
    n = 3000
    parents = np.array([-1] + [int(rng.integers(max(0, k - 50), k)) for k in range(1, n)])
    x, y = hearsay.tree_layout(parents, "layered")
    depth = -y
    assert (depth[1:] == depth[parents[1:]] + 1).all()
    # every subtree occupies an interval of x that no other subtree on its layer enters
    order = np.lexsort((x, depth))
    for d in np.unique(depth):
        on_layer = order[depth[order] == d]
        owners = parents[on_layer]
        if d > 0:   # children of one parent are contiguous on their layer, in parent order
            changes = np.flatnonzero(np.diff(owners)) + 1
            assert len(set(owners[np.r_[0, changes]])) == len(changes) + 1
    rx, ry = hearsay.tree_layout(parents, "radial")
    np.testing.assert_allclose(np.hypot(rx, ry), depth, atol=1e-9)


def test_cascade_tree_picks_the_largest_and_filters(tmp_path):
    table = _table()
    tree = hearsay.cascade_tree(table, replication=0)
    assert list(tree["node"]) == [10, 11, 12, 13, 14] and list(tree["depth"]) == [0, 1, 1, 1, 1]
    chain = hearsay.cascade_tree(table, replication=0, cascade=1)
    assert list(chain["row_parent"]) == [-1, 0, 1, 2]
    assert chain["since_start"].iloc[-1] == pytest.approx(0.03)
    assert list(hearsay.cascade_tree(table, replication=0, valence=1)["node"]) == [30]
    assert list(hearsay.cascade_tree(table, replication=0, brand=0)["node"]) == [30]
    with pytest.raises(ValueError, match="no cascade"):
        hearsay.cascade_tree(table, replication=1)
    with pytest.raises(ValueError, match="no brand names"):
        hearsay.cascade_tree(table, replication=0, brand="PitchCo")


def test_ccdf_across_runs_by_hand():
    stats = pd.DataFrame({"point": 0, "replication": [0, 0, 0, 1, 1], "brand": 0,
                          "size": [1, 2, 4, 2, 2]})
    table = hearsay.ccdf_across_runs(stats, level=1.0)
    assert list(table["size"]) == [1, 2, 4]
    assert list(table["pooled"]) == pytest.approx([1, 4 / 5, 1 / 5])
    # run 0: [1, 2/3, 1/3], run 1: [1, 1, 0]
    assert list(table["mean"]) == pytest.approx([1, 5 / 6, 1 / 6])
    assert list(table["q_lo"]) == pytest.approx([1, 2 / 3, 0])
    assert list(table["q_hi"]) == pytest.approx([1, 1, 1 / 3])
    assert set(table["runs"]) == {2} and set(table["cascades"]) == {5}
    assert hearsay.ccdf_across_runs(stats.iloc[:0]).empty
