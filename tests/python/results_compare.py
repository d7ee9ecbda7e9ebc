# Compares two results files the way the determinism contract reads (sim/results/RESULTS_FORMAT.md):
# every dataset value and attribute, except provenance and wall-clock times.
import h5py
import numpy as np

NOT_DETERMINISTIC = ("/provenance", "/runs/wall_seconds")
CASCADE_COLUMNS = ("point", "replication", "cascade", "node", "parent", "time", "valence", "brand")


def comparable_content(path, canonical_cascades=False):
    """{path or path@attribute: value}. With `canonical_cascades`, /cascades rows are sorted by
    run first (for files whose row order is allowed to differ); otherwise row order counts."""
    content = {}

    def add_attributes(name, obj):
        for key, value in obj.attrs.items():
            if key in ("DIMENSION_LIST", "REFERENCE_LIST"):
                continue  # object references: addresses, compared through the scale names below
            content[f"{name}@{key}"] = value

    def visit(name, obj):
        name = "/" + name
        if name.startswith(NOT_DETERMINISTIC):
            return
        add_attributes(name, obj)
        if isinstance(obj, h5py.Dataset):
            content[name] = obj.asstr()[()] if h5py.check_string_dtype(obj.dtype) else obj[()]
            content[f"{name}#dims"] = [[scale.name for scale in dim.values()] for dim in obj.dims]

    with h5py.File(path, "r") as f:
        add_attributes("/", f)
        f.visititems(visit)
        if "cascades" in f:
            rows = f["cascades"].attrs["rows"]
            columns = {name: f["cascades"][name][:rows] for name in CASCADE_COLUMNS}
            if canonical_cascades:
                order = np.lexsort((columns["replication"], columns["point"]))
                columns = {name: values[order] for name, values in columns.items()}
            for name, values in columns.items():
                content[f"/cascades/{name}"] = values
    return content


def differences(a, b, canonical_cascades=False):
    """Keys whose values differ (or exist in one file only)."""
    first = comparable_content(a, canonical_cascades)
    second = comparable_content(b, canonical_cascades)
    keys = sorted(set(first) | set(second))
    bad = []
    for key in keys:
        if key not in first or key not in second:
            bad.append(key)
            continue
        x, y = first[key], second[key]
        floating = isinstance(x, np.ndarray) and x.dtype.kind == "f"
        if not np.array_equal(x, y, equal_nan=floating):
            bad.append(key)
    return bad


def assert_same_content(a, b, canonical_cascades=False):
    bad = differences(a, b, canonical_cascades)
    assert not bad, f"{a} and {b} differ in {bad[:10]}"
