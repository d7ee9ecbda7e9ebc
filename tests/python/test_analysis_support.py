# Shared helpers for the analysis tests (no tests here): small results files written with h5py
# in exactly the layout of sim/results/RESULTS_FORMAT.md, plus the parts announced for later (the brand
# dimension, the /points table, /cascades), so the readers are tested before the CLI writes them.
import h5py
import numpy as np

STRING = h5py.string_dtype("utf-8")

SCENARIO = """\
name: toy
description: "A toy file made by the analysis tests."
seed: 1
replications: {replications}
time:
  end: {end}
  sample_every: 1
network:
  generator: erdos_renyi
  fixed: false
  nodes: 1000
  mean_degree: 4
model:
  name: {model}
  p: 0.001
brands:
  - name: PitchCo
    style: hard_sell
    pitches_per_day: 4
  - name: PeopleCo
    style: soft_sell
sweep: {{brands.PitchCo.pitches_per_day: [1, 2, 4]}}
"""


def _attr(obj, name, value):
    if isinstance(value, str):
        obj.attrs.create(name, value, dtype=STRING)
    else:
        obj.attrs[name] = value


def _scale(f, name, values, description, dtype=None):
    dataset = f.create_dataset(name, data=np.asarray(values, dtype=dtype))
    _attr(dataset, "description", description)
    dataset.make_scale(name)
    return dataset


def write_results(path, *, points=1, replications=4, times=11, brands=None, series=None,
                  summaries=None, units=None, points_table=None, cascades=None, cascade_rows=None,
                  status=None, complete=1, format_version=1, model="toy", fmt="hearsay-results",
                  scenario=None):
    """Write a results file. `series` / `summaries` map a metric name to an array of shape
    (P, R, [B,] T) / (P, R, [B]); the brand axis is recognised by the array's rank. `units` maps
    metric names to units (default "agents"). `points_table` maps column names to length-P
    arrays (strings allowed, e.g. "arm"). `cascades` maps the /cascades column names to 1-D
    arrays; `cascade_rows` sets the group's `rows` attribute (default: the column length)."""
    series = series or {}
    summaries = summaries or {}
    units = units or {}
    brands = list(brands) if brands else []
    status = np.ones((points, replications), dtype=np.int8) if status is None else np.asarray(
        status, dtype=np.int8)
    with h5py.File(path, "w", track_order=True) as f:
        _attr(f, "format", fmt)
        f.attrs.create("format_version", np.int64(format_version))
        _attr(f, "hearsay_version", "0.1.0")
        f.attrs.create("complete", np.int8(complete))
        _attr(f, "model", model)
        _attr(f, "scenario_name", "toy")
        text = scenario if scenario is not None else SCENARIO.format(
            replications=replications, end=times - 1, model=model)
        f.create_dataset("scenario", data=text, dtype=STRING)
        time = _scale(f, "time", np.arange(times, dtype=float), "sampling times of the series")
        _attr(time, "units", "days")
        point = _scale(f, "point", np.arange(points), "sweep point index", np.int64)
        replication = _scale(f, "replication", np.arange(replications),
                             "replication index within a sweep point", np.int64)
        brand = None
        if brands:
            brand = f.create_dataset("brand", data=np.array(brands, dtype=object), dtype=STRING)
            _attr(brand, "description", "brand names, in the scenario's order")
            brand.make_scale("brand")
        if points_table is not None:
            group = f.create_group("points", track_order=True)
            for name, values in points_table.items():
                values = np.asarray(values)
                if values.dtype.kind in "UO":
                    group.create_dataset(name, data=values.astype(object), dtype=STRING)
                else:
                    group.create_dataset(name, data=values)
        for group_name, metrics, base in (("series", series, ("point", "replication", "time")),
                                          ("summary", summaries, ("point", "replication"))):
            group = f.create_group(group_name, track_order=True)
            for name, values in metrics.items():
                values = np.asarray(values, dtype=float)
                per_brand = values.ndim == len(base) + 1
                dims = list(base)
                if per_brand:
                    dims.insert(2, "brand")
                dataset = group.create_dataset(name, data=values)
                _attr(dataset, "units", units.get(name, "agents"))
                _attr(dataset, "description", f"{name} made by the tests")
                _attr(dataset, "dimensions", " ".join(dims))
                scales = {"point": point, "replication": replication, "time": time,
                          "brand": brand}
                for axis, dim in enumerate(dims):
                    dataset.dims[axis].attach_scale(scales[dim])
        runs = f.create_group("runs", track_order=True)
        shape = (points, replications)
        runs.create_dataset("seed", data=np.arange(np.prod(shape), dtype=np.uint64).reshape(shape))
        runs.create_dataset("events", data=np.full(shape, 100, dtype=np.uint64))
        wall = runs.create_dataset("wall_seconds", data=np.full(shape, 0.01))
        _attr(wall, "units", "s")
        st = runs.create_dataset("status", data=status)
        _attr(st, "codes", "0 pending, 1 done, 2 truncated, 3 failed")
        if complete:
            provenance = f.create_group("provenance")
            _attr(provenance, "compiler", "tests")
            _attr(provenance, "hdf5_version", h5py.version.hdf5_version)
        if cascades is not None:
            group = f.create_group("cascades", track_order=True)
            types = {"point": np.uint32, "replication": np.uint32, "cascade": np.uint32,
                     "node": np.uint32, "parent": np.int64, "time": np.float64,
                     "valence": np.int8, "brand": np.uint8}
            length = None
            for name, kind in types.items():
                if name in cascades:
                    column = np.asarray(cascades[name], dtype=kind)
                    group.create_dataset(name, data=column, maxshape=(None,), chunks=True)
                    length = len(column)
            group.attrs["rows"] = np.uint64(length if cascade_rows is None else cascade_rows)
    return path


def cascade_columns(trees, point=0, replication=0, brand=0, valence=1, start_cascade=0):
    """/cascades columns for trees given as lists of (node, parent node) with the root first."""
    columns = {k: [] for k in ("point", "replication", "cascade", "node", "parent", "time",
                               "valence", "brand")}
    for c, tree in enumerate(trees):
        for step, (node, parent) in enumerate(tree):
            columns["point"].append(point)
            columns["replication"].append(replication)
            columns["cascade"].append(start_cascade + c)
            columns["node"].append(node)
            columns["parent"].append(parent)
            columns["time"].append(float(c) + 0.01 * step)
            columns["valence"].append(valence)
            columns["brand"].append(brand)
    return columns


def merge_columns(*parts):
    return {k: np.concatenate([np.asarray(p[k]) for p in parts]) for k in parts[0]}


def brand_file(path, replications=8, times=11, seed=0, gap=100.0, noise=10.0, **kwargs):
    """Two brands where PeopleCo sells `gap` more than PitchCo per run (paired noise), keeps
    more followers and has the same complaints (per customer too); 'detractors' is both a series
    and a summary."""
    rng = np.random.default_rng(seed)
    base = 1000 + 50 * rng.standard_normal((1, replications))
    pitch = base + noise * rng.standard_normal((1, replications))
    people = base + gap + noise * rng.standard_normal((1, replications))
    sales = np.stack([pitch, people], axis=-1)                       # (1, R, 2)
    kept = np.stack([np.full((1, replications), 0.6) + 0.01 * rng.standard_normal(
        (1, replications)), np.full((1, replications), 0.9)], axis=-1)
    complaints = np.ones((1, replications, 2))
    complaints_per_customer = np.full((1, replications, 2), 0.01)
    t = np.arange(times, dtype=float)
    curve = sales[..., None] * (t / t[-1])                             # (1, R, 2, T)
    detractors_series = np.broadcast_to(t, (1, replications, 2, times)).copy()
    return write_results(
        path, replications=replications, times=times, brands=["PitchCo", "PeopleCo"],
        series={"cumulative_sales": curve, "detractors": detractors_series,
                "aware": np.broadcast_to(t * 10, (1, replications, times)).copy()},
        summaries={"final_sales": sales, "followers_kept": kept, "complaints": complaints,
                   "complaints_per_customer": complaints_per_customer,
                   "detractors": np.zeros((1, replications, 2))},
        units={"final_sales": "purchases", "followers_kept": "fraction",
               "complaints": "complaints", "cumulative_sales": "purchases"},
        model="wom", **kwargs)
