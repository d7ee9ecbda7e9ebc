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
        cascade_columns([[(5, 6), (6, 5)]], start_cascade=1)))        # a loop: no root at all
    with pytest.warns(RuntimeWarning, match="loop"):
        stats = hearsay.cascade_stats(table)
    assert list(stats["size"]) == [3, 2]
    assert list(stats["roots"]) == [2, 2]


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
