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


def _parent_rows(group, node, parent, time):
    """For each row, the row of its parent in the same cascade (group), or -1.

    The parent's row is the first row of the parent agent in that cascade, where the agent
    entered the tree, if it comes before the child in the order (time, position in the table).
    An agent can appear more than once in a cascade (it saw the complaint twice); its later
    rows hang on the tree like any view, but its children hang on its first row. A parent whose
    rows all come later (or who has none) is not the child's parent in this tree, so the child
    becomes a root: in wom a cascade started by a friend's share keeps the sharer as the parent
    of its first row even when the sharer is in no cascade yet. Since every parent row
    precedes its child, parent chains cannot loop.
    """
    n = len(node)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), time, group))] = np.arange(n)
    width = int(max(node.max(), parent.max())) + 2
    pair = group * width + node                        # (cascade, agent) of each row
    pairs, pair_id = np.unique(pair, return_inverse=True)
    first = np.full(len(pairs), n, dtype=np.int64)     # rank of each pair's first row
    np.minimum.at(first, pair_id, rank)
    row_of_rank = np.empty(n, dtype=np.int64)
    row_of_rank[rank] = np.arange(n)
    wanted = group * width + parent
    at = np.clip(np.searchsorted(pairs, wanted), 0, len(pairs) - 1)
    found = (parent >= 0) & (pairs[at] == wanted) & (first[at] < rank)
    return np.where(found, row_of_rank[np.minimum(first[at], n - 1)], -1).astype(np.int64)


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
    root node, start time, duration, size (rows of the tree: the root plus every view or
    adoption it led to), nodes (distinct agents: fewer than size when an agent saw the same
    cascade twice), depth (hops from the root to the deepest row) and structural_virality
    (mean distance between two rows of the tree, Goel et al. 2016; NaN for a cascade of one).

    `cascades` is the table from :func:`read_cascades`, or a path / Dataset to read it from.
    A row hangs on the first row of its parent agent in the same cascade, when that comes
    earlier (see :func:`cascade_tree`). ``roots`` counts rows with no such parent row (parent -1, or a
    parent outside the cascade, or only later): 1 for a proper tree.
    """
    table = cascades if isinstance(cascades, pd.DataFrame) else read_cascades(cascades)
    columns = CASCADE_KEYS + ["brand", "valence", "root", "start", "duration", "size", "nodes",
                              "depth", "structural_virality", "roots"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    group = table.groupby(CASCADE_KEYS, sort=True).ngroup().to_numpy().astype(np.int64)
    node = table["node"].to_numpy(np.int64)
    parent = table["parent"].to_numpy(np.int64)
    prow = _parent_rows(group, node, parent, table["time"].to_numpy(float))
    n, depth, virality, roots, row_depth = _tree_measures(group, prow)
    nodes = (pd.Series(node).groupby(group).nunique().to_numpy().astype(np.int64))

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
        "size": n, "nodes": nodes, "depth": depth, "structural_virality": virality,
        "roots": roots,
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


# --- one tree: its rows and a layout for drawing --------------------------------------------

def _select_run(table, point, replication, brand, valence):
    rows = table[(table["point"] == point) & (table["replication"] == replication)]
    if brand is not None:
        if isinstance(brand, str):
            if "brand_name" not in rows.columns:
                raise ValueError(f"brand '{brand}': this table has no brand names")
            rows = rows[rows["brand_name"].astype(str) == brand]
        else:
            rows = rows[rows["brand"] == int(brand)]
    if valence is not None:
        rows = rows[rows["valence"] == int(valence)]
    return rows


def cascade_tree(cascades, point=0, replication=0, cascade=None, brand=None, valence=None):
    """The rows of one cascade as a tree, in time order, ready to measure or draw.

    `cascades` is the table from :func:`read_cascades` (or a path / Dataset). The run is
    (`point`, `replication`); `cascade` is its id, or None for the largest cascade of the run
    among those of `brand` (index or name) and `valence` (+1 / -1) when given.

    Returns a DataFrame with the table's columns plus ``row_parent`` (position of the parent
    row in this frame, -1 at a root), ``depth`` (hops from the root) and ``since_start``
    (days since the cascade's first row). A row's parent is the first row of its parent agent
    in the cascade, where that agent entered the tree; a row whose parent agent is absent (or
    only appears later) is a root, so a damaged cascade is a forest.
    """
    table = cascades if isinstance(cascades, pd.DataFrame) else read_cascades(cascades)
    if cascade is None:
        rows = _select_run(table, point, replication, brand, valence)
        if rows.empty:
            raise ValueError(f"point {point} replication {replication} has no cascade"
                             + (f" of brand {brand}" if brand is not None else "")
                             + (f" with valence {valence:+d}" if valence is not None else ""))
        cascade = int(rows.groupby("cascade").size().sort_index().idxmax())
    else:
        rows = table[(table["point"] == point) & (table["replication"] == replication)]
    tree = rows[rows["cascade"] == cascade]
    if tree.empty:
        raise ValueError(f"point {point} replication {replication} has no cascade {cascade}")
    order = np.lexsort((np.arange(len(tree)), tree["time"].to_numpy(float)))
    tree = tree.iloc[order].reset_index(drop=True)
    group = np.zeros(len(tree), dtype=np.int64)
    prow = _parent_rows(group, tree["node"].to_numpy(np.int64),
                        tree["parent"].to_numpy(np.int64), tree["time"].to_numpy(float))
    depth, prow = _depths(prow)
    tree["row_parent"] = prow
    tree["depth"] = depth
    tree["since_start"] = tree["time"] - tree["time"].min()
    return tree


def tree_layout(parents, layout="radial"):
    """Coordinates (x, y) to draw a tree (or forest) given each node's parent position (-1 at
    a root), in O(n).

    Every node gets a share of the leaves below it; children sit side by side in their
    parent's share, in the order given (time order for :func:`cascade_tree`), and a node is
    drawn at the middle of its share. ``layout="layered"``: x is that position (0..1), y is
    minus the depth, the root on top. ``"radial"``: the root at the centre, depth as the
    radius, the share as the angle, so a broadcast is a ring around its root and a long
    person-to-person chain reaches far out. A forest's roots sit on ring 1 around an empty
    centre.
    """
    prow = np.asarray(parents, dtype=np.int64)
    n = len(prow)
    if n == 0:
        return np.zeros(0), np.zeros(0)
    if np.any(prow >= n):
        raise ValueError("a parent position is past the end of the tree")
    depth, prow = _depths(prow)
    # Leaves below each node, deepest level first.
    has_children = np.zeros(n, dtype=bool)
    has_children[prow[prow >= 0]] = True
    leaves = (~has_children).astype(np.int64)
    levels = np.argsort(-depth, kind="stable")
    bounds = np.flatnonzero(np.diff(depth[levels])) + 1
    for rows in np.split(levels, bounds):
        rows = rows[prow[rows] >= 0]
        if len(rows):
            np.add.at(leaves, prow[rows], leaves[rows])
    # Each node's first leaf slot, level by level from the top: siblings in their given order.
    start = np.zeros(n, dtype=np.int64)
    for d in range(int(depth.max()) + 1):
        rows = np.flatnonzero(depth == d)
        owner = prow[rows]
        order = np.lexsort((rows, owner))
        rows, owner = rows[order], owner[order]
        widths = leaves[rows]
        before = np.cumsum(widths) - widths              # leaves of earlier rows at this level
        first_of_owner = np.r_[True, owner[1:] != owner[:-1]]
        group_start = np.maximum.accumulate(np.where(first_of_owner, np.arange(len(rows)), 0))
        offset = before - before[group_start]            # within the same parent
        base = np.where(owner >= 0, start[np.maximum(owner, 0)], 0)
        start[rows] = base + offset
    total = float(leaves[prow < 0].sum())
    centre = (start + leaves / 2.0) / total
    if layout == "layered":
        return centre, -depth.astype(float)
    if layout != "radial":
        raise ValueError(f"layout is 'radial' or 'layered', not {layout!r}")
    radius = depth.astype(float) + (1.0 if np.sum(prow < 0) > 1 else 0.0)
    angle = 2 * np.pi * centre
    return radius * np.cos(angle), radius * np.sin(angle)


def ccdf_across_runs(stats, by=None, level=0.95):
    """Cascade-size CCDF pooled over runs and run by run, on a common grid of sizes.

    `stats` is a table from :func:`cascade_stats` (filter it first, e.g. to complaints).
    Returns a tidy DataFrame with, per group of `by` (a column name, a list, or None) and per
    distinct size s of the group: ``pooled`` (share of all the group's cascades with size >= s),
    ``mean`` (mean over runs of each run's share), ``q_lo``/``q_hi`` (the central `level`
    share of the runs' values), ``runs`` (runs with at least one cascade in the group) and
    ``cascades``.
    """
    by = [] if by is None else ([by] if isinstance(by, str) else list(by))
    columns = by + ["size", "pooled", "mean", "q_lo", "q_hi", "runs", "cascades"]
    if stats.empty:
        return pd.DataFrame(columns=columns)
    frames = []
    groups = (stats.groupby(by if len(by) > 1 else by[0], observed=True, sort=True) if by
              else [((), stats)])
    tail = (1 - level) / 2
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        sizes = group["size"].to_numpy(float)
        grid, pooled = size_ccdf(sizes)
        if len(grid) == 0:
            continue
        per_run = []
        for _, run in group.groupby(RUN_KEYS, sort=True):
            s = np.sort(run["size"].to_numpy(float))
            per_run.append(1.0 - np.searchsorted(s, grid, side="left") / len(s))
        per_run = np.array(per_run)
        frame = pd.DataFrame({"size": grid, "pooled": pooled, "mean": per_run.mean(axis=0),
                              "q_lo": np.quantile(per_run, tail, axis=0),
                              "q_hi": np.quantile(per_run, 1 - tail, axis=0),
                              "runs": len(per_run), "cascades": len(sizes)})
        for name, value in zip(by, key):
            frame.insert(by.index(name), name, value)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
