"""Cascade trees from /cascades: sizes, depth, structural virality (Goel et al. 2016)."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .results import read_cascades

RUN_KEYS = ["point", "replication"]
CASCADE_KEYS = ["point", "replication", "cascade"]


def _depths(prow):
    """Hops from each row to its root, by pointer jumping (log2 of the depth passes).

    Rows whose parent chain loops (a damaged or inconsistent table) never reach a root: they
    are cut loose from their parent (each becomes the root of its own piece), with a warning.
    """
    passes = max(1, int(np.ceil(np.log2(max(len(prow), 2))))) + 2
    d = (prow >= 0).astype(np.int64)
    a = prow.copy()
    for _ in range(passes):
        active = np.nonzero(a >= 0)[0]
        if len(active) == 0:
            return d, prow
        up = a[active]
        d_new, a_new = d.copy(), a.copy()
        d_new[active] = d[active] + d[up]
        a_new[active] = a[up]
        d, a = d_new, a_new
    looping = a >= 0
    warnings.warn(f"{int(looping.sum())} cascade rows have parent chains that loop; they are "
                  "cut from their parents and counted as roots", RuntimeWarning, stacklevel=3)
    prow = np.where(looping, -1, prow)
    return _depths(prow)


def _subtree_sizes(prow, depth):
    """Rows in the subtree below each row (itself included): children add into parents,
    deepest level first, so every tree costs O(n)."""
    size = np.ones(len(prow), dtype=np.int64)
    if len(prow) == 0:
        return size
    order = np.argsort(-depth, kind="stable")
    levels = depth[order]
    bounds = np.flatnonzero(np.diff(levels)) + 1
    for rows in np.split(order, bounds):
        rows = rows[prow[rows] >= 0]
        if len(rows):
            np.add.at(size, prow[rows], size[rows])
    return size


def _tree_measures(group, prow):
    """Per tree (group id per row): size, depth, Wiener index / structural virality."""
    depth, prow = _depths(prow)
    size = _subtree_sizes(prow, depth)
    n_groups = int(group.max()) + 1 if len(group) else 0
    n = np.bincount(group, minlength=n_groups).astype(float)
    has_parent = prow >= 0
    # The Wiener index of a tree (sum of distances over pairs) is the sum over edges of
    # s (n - s), s the size of the subtree below the edge.
    wiener = np.bincount(group[has_parent],
                         weights=size[has_parent] * (n[group[has_parent]] - size[has_parent]),
                         minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        virality = np.where(n >= 2, 2 * wiener / (n * (n - 1)), np.nan)
    max_depth = np.zeros(n_groups, dtype=np.int64)
    np.maximum.at(max_depth, group, depth)
    roots = np.bincount(group[~has_parent], minlength=n_groups)
    return n.astype(np.int64), max_depth, virality, roots, depth


def tree_stats(parents):
    """Size, depth and structural virality of one tree given, per node, the position of its
    parent (-1 for the root). A star of n nodes has virality 2(n-1)/n, a path (n+1)/3."""
    prow = np.asarray(parents, dtype=np.int64)
    if np.any(prow >= len(prow)):
        raise ValueError("a parent position is past the end of the tree")
    group = np.zeros(len(prow), dtype=np.int64)
    n, depth, virality, roots, _ = _tree_measures(group, prow)
    if len(prow) and roots[0] != 1:
        raise ValueError(f"a tree has exactly one root (parent -1); this one has {roots[0]}")
    return {"size": int(n[0]) if len(prow) else 0, "depth": int(depth[0]) if len(prow) else 0,
            "structural_virality": float(virality[0]) if len(prow) else np.nan}


def structural_virality(parents):
    """Mean distance between pairs of nodes of a tree (Goel et al. 2016), in O(n)."""
    return tree_stats(parents)["structural_virality"]


def cascade_stats(cascades):
    """One row per cascade: point, replication, cascade, brand (and brand_name), valence,
    root node, start time, duration, size (nodes), depth (hops from the root to the deepest
    node) and structural_virality (NaN for a cascade of one node).

    `cascades` is the table from :func:`read_cascades`, or a path / Dataset to read it from.
    ``roots`` counts rows whose parent is -1 or absent from the cascade: 1 for a proper tree.
    """
    table = cascades if isinstance(cascades, pd.DataFrame) else read_cascades(cascades)
    columns = CASCADE_KEYS + ["brand", "valence", "root", "start", "duration", "size", "depth",
                              "structural_virality", "roots"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    group = table.groupby(CASCADE_KEYS, sort=True).ngroup().to_numpy().astype(np.int64)
    node = table["node"].to_numpy(np.int64)
    parent = table["parent"].to_numpy(np.int64)
    width = int(max(node.max(), parent.max())) + 2
    key = group * width + node
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    parent_key = group * width + parent
    pos = np.clip(np.searchsorted(sorted_keys, parent_key), 0, len(key) - 1)
    found = (parent >= 0) & (sorted_keys[pos] == parent_key)
    prow = np.where(found, order[pos], -1)
    n, depth, virality, roots, row_depth = _tree_measures(group, prow)

    time = table["time"].to_numpy(float)
    n_groups = len(n)
    first = np.full(n_groups, len(table), dtype=np.int64)
    root_rows = np.flatnonzero(row_depth == 0)
    np.minimum.at(first, group[root_rows], root_rows)
    first = np.where(first == len(table), 0, first)
    start = np.full(n_groups, np.inf)
    end = np.full(n_groups, -np.inf)
    np.minimum.at(start, group, time)
    np.maximum.at(end, group, time)
    keys = table[CASCADE_KEYS].to_numpy()[np.unique(group, return_index=True)[1]]
    out = pd.DataFrame({
        "point": keys[:, 0], "replication": keys[:, 1], "cascade": keys[:, 2],
        "brand": table["brand"].to_numpy()[first],
        "valence": table["valence"].to_numpy()[first],
        "root": node[first],
        "start": start, "duration": end - start,
        "size": n, "depth": depth, "structural_virality": virality, "roots": roots,
    })
    if "brand_name" in table.columns:
        categories = table["brand_name"].cat.categories
        out.insert(4, "brand_name", pd.Categorical.from_codes(out["brand"].to_numpy(),
                                                              categories=categories))
    return out


def largest_cascades(stats, ds=None, by=("brand", "valence")):
    """The largest cascade of each run (per brand and valence by default): its size, depth and
    structural virality. With the Dataset `ds`, runs that had no cascade appear with size 0."""
    by = [b for b in by if b in stats.columns]
    keys = RUN_KEYS + by
    if stats.empty:
        largest = pd.DataFrame(columns=keys + ["cascade", "size", "depth",
                                               "structural_virality"])
    else:
        ranked = stats.sort_values(keys + ["size", "cascade"], ascending=[True] * len(keys)
                                   + [False, True])
        largest = ranked.groupby(keys, sort=True).head(1)
        largest = largest[keys + ["cascade", "size", "depth", "structural_virality"]]
    if ds is not None:
        levels = {"point": ds["point"].values, "replication": ds["replication"].values}
        if "brand" in by:
            levels["brand"] = (np.arange(ds.sizes["brand"]) if "brand" in ds.dims
                               else np.unique(stats["brand"]))
        if "valence" in by:
            levels["valence"] = sorted(stats["valence"].unique()) if not stats.empty else [1]
        grid = pd.MultiIndex.from_product([levels[k] for k in keys], names=keys).to_frame(
            index=False)
        for k in keys:
            grid[k] = grid[k].astype(np.int64)
            if k in largest.columns and len(largest):
                largest[k] = largest[k].astype(np.int64)
        largest = grid.merge(largest, on=keys, how="left")
        largest["size"] = largest["size"].fillna(0).astype(np.int64)
        largest["depth"] = largest["depth"].fillna(0).astype(np.int64)
    return largest.reset_index(drop=True)


def size_ccdf(sizes):
    """Complementary cumulative distribution of cascade sizes: (x, P(size >= x)) over the
    distinct sizes, for a log-log plot."""
    sizes = np.asarray(sizes, dtype=float)
    sizes = np.sort(sizes[np.isfinite(sizes) & (sizes > 0)])
    if len(sizes) == 0:
        return np.array([]), np.array([])
    x, first = np.unique(sizes, return_index=True)
    return x, 1.0 - first / len(sizes)
