"""Read a hearsay results file (sim/RESULTS_FORMAT.md) into an xarray.Dataset, and its cascades."""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import xarray as xr

from . import safe_write

FORMAT_NAME = "hearsay-results"
# The format version this reader knows: exactly 1 (sim/RESULTS_FORMAT.md). The brand dimension
# and /cascades were added to version 1 without raising it (they are additive: a file without
# them is laid out as before), so they are read whenever present. A newer version may have
# changed a path, shape or meaning, so it is refused, as is anything below 1.
FORMAT_VERSION = 1
STATUS_NAMES = {0: "pending", 1: "done", 2: "truncated", 3: "failed"}
# Runs whose figures are usable (RESULTS_FORMAT.md, "Run status and completeness").
USABLE_STATUS = (1, 2)
CASCADE_COLUMNS = ("point", "replication", "cascade", "node", "parent", "time", "valence",
                   "brand")
_LIST_MISSING = 10  # runs named in an "incomplete" message before "and N more"


class ResultsError(ValueError):
    """The file is not a hearsay results file this package can read (the message says why)."""


class IncompleteResultsError(ResultsError):
    """The file's runs have not all finished. `missing` lists (point, replication) pairs."""

    def __init__(self, message, missing):
        super().__init__(message)
        self.missing = list(missing)


def _text(value):
    """Attributes are variable-length UTF-8 (str) but H5LT writes fixed strings (bytes)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray) and value.shape == (1,):
        return _text(value[0])
    return value if isinstance(value, str) else str(value)


def _scalar(value):
    """An integer attribute; H5LT writes them as one-element arrays."""
    return np.asarray(value).reshape(-1)[0].item()


def _strings(dataset):
    """A dataset of strings (variable-length or fixed) as a numpy array of str."""
    if h5py.check_string_dtype(dataset.dtype) is not None:
        return np.asarray(dataset.asstr()[()], dtype=object).astype(str)
    values = dataset[()]
    return np.array([_text(v) for v in np.asarray(values).reshape(-1)], dtype=str)


def _open_file(path):
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file")
    # Without HDF5's file lock: a run may be writing the file (hearsay's own lock keeps writers
    # apart, readers take none). Between two of the run's commits the file can fail to open
    # (HDF5 has no snapshot reads): while hearsay's lock says a writer is at work, try again.
    for attempt in range(21):
        try:
            return h5py.File(path, "r", locking=False)
        except OSError as error:
            reason = str(error)
            writer = safe_write.lock_holder(path)
            if writer and attempt < 20:
                time.sleep(0.1)
                continue
            if writer:
                raise ResultsError(f"{path} could not be read while {writer} writes it ({reason});"
                                   " try again") from None
            if "lock" in reason.lower():
                raise ResultsError(f"{path} is open for writing by another process; "
                                   "wait for it to finish") from None
            raise ResultsError(f"{path} is not an HDF5 file or is damaged ({reason})") from None


def _check_format(f, path):
    fmt = _text(f.attrs["format"]) if "format" in f.attrs else None
    if fmt != FORMAT_NAME:
        raise ResultsError(f"{path} is not a hearsay results file (its root has no "
                           f"format = \"{FORMAT_NAME}\" attribute)")
    if "format_version" not in f.attrs:
        raise ResultsError(f"{path} is not a hearsay results file (it has no format_version)")
    version = int(_scalar(f.attrs["format_version"]))
    if version > FORMAT_VERSION:
        raise ResultsError(f"{path} was written by a newer hearsay (format version {version}); "
                           f"this package reads version {FORMAT_VERSION}: update analysis/")
    if version < FORMAT_VERSION:
        raise ResultsError(f"{path} is not a hearsay results file this package can read "
                           f"(format version {version}; this package reads version "
                           f"{FORMAT_VERSION})")
    return version


def _missing_runs_message(path, status):
    pending = np.argwhere(status == 0)
    total = status.size
    names = [f"point {p} replication {r}" for p, r in pending[:_LIST_MISSING]]
    more = len(pending) - len(names)
    listed = ", ".join(names) + (f" and {more} more" if more > 0 else "")
    if len(pending) == 0:
        return (f"{path} is incomplete: every run finished but the writer did not mark the file "
                "complete (it stopped before writing provenance)"), []
    return (f"{path} is incomplete: {len(pending)} of {total} runs have not finished "
            f"(pending: {listed}). Run the scenario again to finish them, or pass "
            "allow_incomplete=True to read the finished runs only"), [tuple(x) for x in pending]


def _dims_of(dataset, default):
    text = _text(dataset.attrs.get("dimensions", "")).split()
    return tuple(text) if len(text) == dataset.ndim else default[:dataset.ndim]


def _read_points(f, n_points):
    """The optional /points table: {column: values (P,)} and the attributes of each column.

    Format version 1 has no /points (RESULTS_FORMAT.md, "Not in version 1"); a file that has
    one (the tests write it to exercise arms) gets its columns as point coordinates."""
    if "points" not in f:
        return {}, {}
    node = f["points"]
    columns, attrs = {}, {}
    if isinstance(node, h5py.Group):
        items = [(name, node[name]) for name in node if isinstance(node[name], h5py.Dataset)]
        for name, dataset in items:
            if h5py.check_string_dtype(dataset.dtype) is not None or dataset.dtype.kind == "S":
                values = _strings(dataset)
            else:
                values = dataset[()]
            columns[name] = np.asarray(values).reshape(-1)
            attrs[name] = {k: _text(v) for k, v in dataset.attrs.items()
                           if k in ("units", "description")}
    elif isinstance(node, h5py.Dataset) and node.dtype.names:  # a compound table
        table = node[()]
        for name in node.dtype.names:
            values = table[name]
            if values.dtype.kind in "SO":
                values = np.array([_text(v) for v in values], dtype=str)
            columns[name] = np.asarray(values).reshape(-1)
            attrs[name] = {}
    for name, values in columns.items():
        if len(values) != n_points:
            raise ResultsError(f"/points/{name} has {len(values)} rows, but the file has "
                               f"{n_points} sweep points")
    return columns, attrs


def open_results(path, *, allow_incomplete=False, series=True):
    """Read a results file into an ``xarray.Dataset``.

    Dimensions: ``point``, ``replication``, ``time`` (days) and, for models with brands,
    ``brand`` (coordinate: brand names); with consumer segments (``segments:``), the
    per-segment series (``*_by_segment``) also have ``segment`` (coordinate: segment names). With a ``/points`` table the point dimension also
    carries its columns as coordinates (``arm`` and each swept key; ``ds.attrs["swept"]`` lists
    the swept keys).

    Variables: one per metric, with attributes ``units``, ``description``, ``kind``
    (``"series"`` or ``"summary"``) and ``metric`` (the name in the file). A summary keeps its
    name; a series keeps its name too unless a summary has the same one, then it is
    ``<name>_series`` (use :func:`series_name` / :func:`summary_name` to look them up). Runs
    not finished (pending) or failed read as NaN. ``run_status``, ``run_seed``, ``run_events``
    and ``run_wall_seconds`` describe each run.

    Attributes: ``scenario`` (the resolved YAML text), ``model``, ``scenario_name``,
    ``format_version``, ``hearsay_version``, ``complete``, ``path``, ``population`` (when the
    scenario says how many agents), ``has_cascades``, and ``provenance_<key>`` strings.

    Raises FileNotFoundError for a missing path, ResultsError for a file that is not a hearsay
    result or is from a newer format, and IncompleteResultsError (naming the runs missing) for
    a file whose runs have not all finished, unless ``allow_incomplete``. ``series=False`` skips
    the time series (faster for large files).
    """
    path = os.fspath(path)
    try:
        return _open_results(path, allow_incomplete, series)
    except (ResultsError, FileNotFoundError):
        raise
    except (OSError, KeyError, IndexError, TypeError, ValueError, RuntimeError) as error:
        # h5py's errors on a damaged file (unreadable chunks, missing or misshapen datasets).
        raise ResultsError(f"{path} is damaged: {error}") from None


def _open_results(path, allow_incomplete, series):
    with _open_file(path) as f:
        version = _check_format(f, path)
        for required in ("time", "point", "replication", "runs/status"):
            if required not in f:
                raise ResultsError(f"{path} is damaged: it has no /{required}")
        status = np.asarray(f["runs/status"][()], dtype=np.int8)
        if status.shape != (len(f["point"]), len(f["replication"])):
            raise ResultsError(f"{path} is damaged: /runs/status has shape {status.shape}, not "
                               f"(points, replications)")
        shard = _text(f.attrs.get("shard", ""))
        if shard and not allow_incomplete:
            raise ResultsError(f"{path} is shard {shard} of a split run: join every shard with "
                               f"`hearsay merge SHARDS... -o OUT.h5` and open OUT.h5 (or pass "
                               f"allow_incomplete=True to read this shard's runs alone)")
        complete = int(_scalar(f.attrs.get("complete", 0)))
        if complete != 1 and not allow_incomplete:
            message, missing = _missing_runs_message(path, status)
            raise IncompleteResultsError(message, missing)

        time = np.asarray(f["time"][()], dtype=float)
        points = np.asarray(f["point"][()])
        replications = np.asarray(f["replication"][()])
        coords = {
            "point": ("point", points, {"description": "sweep point index"}),
            "replication": ("replication", replications,
                            {"description": "replication index (paired across points)"}),
            "time": ("time", time, {"units": "days", "description": "sampling time"}),
        }
        brands = _strings(f["brand"]) if "brand" in f else None
        if brands is not None:
            coords["brand"] = ("brand", brands, {"description": "brand name"})
        segments = _strings(f["segment"]) if "segment" in f else None
        if segments is not None:
            coords["segment"] = ("segment", segments,
                                 {"description": "consumer segment name (`segments:`)"})
        columns, column_attrs = _read_points(f, len(points))
        for name, values in columns.items():
            coords[name] = ("point", values, column_attrs.get(name, {}))

        usable = np.isin(status, USABLE_STATUS)
        data_vars = {}
        summary_names = list(f["summary"]) if "summary" in f else []
        default_dims = ("point", "replication", "brand")
        for name in summary_names:
            dataset = f["summary"][name]
            dims = _dims_of(dataset, default_dims)
            values = np.array(dataset[()], dtype=float)
            _mask_runs(values, usable)
            data_vars[name] = (dims, values, _metric_attrs(dataset, name, "summary"))
        if series and "series" in f:
            for name in f["series"]:
                dataset = f["series"][name]
                default = {5: ("point", "replication", "brand", "segment", "time"),
                           4: ("point", "replication", "brand", "time")}.get(
                               dataset.ndim, ("point", "replication", "time"))
                dims = _dims_of(dataset, default)
                values = np.array(dataset[()], dtype=float)
                _mask_runs(values, usable)
                key = name if name not in data_vars else f"{name}_series"
                data_vars[key] = (dims, values, _metric_attrs(dataset, name, "series"))
        runs = f["runs"]
        data_vars["run_status"] = (("point", "replication"), status, {
            "description": "how the run ended", "codes": "0 pending, 1 done, 2 truncated, 3 failed"})
        for column, kind in (("seed", np.uint64), ("events", np.uint64),
                             ("wall_seconds", float)):
            if column in runs:
                attrs = {k: _text(v) for k, v in runs[column].attrs.items()
                         if k in ("units", "description")}
                data_vars[f"run_{column}"] = (("point", "replication"),
                                              np.asarray(runs[column][()], dtype=kind), attrs)

        scenario = f["scenario"].asstr()[()] if "scenario" in f else ""
        attrs = {
            "format": FORMAT_NAME,
            "format_version": version,
            "hearsay_version": _text(f.attrs.get("hearsay_version", "")),
            "complete": complete,
            "model": _text(f.attrs.get("model", "")),
            "scenario_name": _text(f.attrs.get("scenario_name", "")),
            "scenario": scenario,
            "path": str(Path(path).resolve()),
            "has_cascades": int("cascades" in f),
            "swept": [name for name in columns if name != "arm"],
        }
        if "cascades" in f and "rows" in f["cascades"].attrs:
            attrs["cascade_rows"] = int(_scalar(f["cascades"].attrs["rows"]))
        population = scenario_value(scenario, "network.nodes")
        if isinstance(population, (int, float)) and not isinstance(population, bool):
            attrs["population"] = int(population)
        if "provenance" in f:
            for key, value in f["provenance"].attrs.items():
                attrs[f"provenance_{key}"] = _text(value)

    ds = xr.Dataset(data_vars={k: xr.Variable(*v) for k, v in data_vars.items()},
                    coords={k: xr.Variable(*v) for k, v in coords.items()}, attrs=attrs)
    return ds


def _mask_runs(values, usable):
    """NaN out runs that are pending or failed (their values are fill values or partial)."""
    if values.ndim >= 2 and not usable.all():
        values[~usable] = np.nan


def _metric_attrs(dataset, name, kind):
    return {
        "units": _text(dataset.attrs.get("units", "")),
        "description": _text(dataset.attrs.get("description", "")),
        "kind": kind,
        "metric": name,
    }


def metric_names(ds, kind=None):
    """Variable names of the metrics in `ds`, in file order; `kind` = "series" or "summary"."""
    return [name for name, var in ds.data_vars.items()
            if var.attrs.get("kind") in (("series", "summary") if kind is None else (kind,))]


def _lookup(ds, metric, kind):
    for name, var in ds.data_vars.items():
        if var.attrs.get("kind") == kind and var.attrs.get("metric") == metric:
            return name
    available = ", ".join(var.attrs["metric"] for var in ds.data_vars.values()
                          if var.attrs.get("kind") == kind) or "none"
    raise KeyError(f"no {kind} metric '{metric}' in this file (it has: {available})")


def series_name(ds, metric):
    """The variable holding the time series `metric` (``metric`` or ``metric_series``)."""
    return _lookup(ds, metric, "series")


def summary_name(ds, metric):
    """The variable holding the per-run figure `metric`."""
    return _lookup(ds, metric, "summary")


def read_cascades(source):
    """The ``/cascades`` table as a DataFrame, one row per step of a cascade.

    Columns: point, replication, cascade, node, parent (-1 at the root), time (days), valence
    (+1 recommendation, -1 complaint), brand (index), and ``brand_name`` when the file has
    brands. Only the first ``rows`` rows (the group's attribute) are trusted, and only rows of
    runs that finished (done or truncated). `source` is a path or a Dataset from
    :func:`open_results`.
    """
    path = source.attrs["path"] if isinstance(source, xr.Dataset) else os.fspath(source)
    with _open_file(path) as f:
        _check_format(f, path)
        if "cascades" not in f:
            raise ResultsError(f"{path} has no /cascades: run the scenario with "
                               "output: {cascades: true} to record who told whom")
        group = f["cascades"]
        rows = None
        if "rows" in group.attrs:
            rows = int(_scalar(group.attrs["rows"]))
        columns = {}
        for name in CASCADE_COLUMNS:
            if name not in group:
                if name == "brand":
                    continue
                raise ResultsError(f"{path} is damaged: /cascades has no column '{name}'")
            columns[name] = group[name][()] if rows is None else group[name][:rows]
        lengths = {len(v) for v in columns.values()}
        if len(lengths) > 1:
            n = min(lengths)
            columns = {k: v[:n] for k, v in columns.items()}
        table = pd.DataFrame({
            "point": columns["point"].astype(np.int64),
            "replication": columns["replication"].astype(np.int64),
            "cascade": columns["cascade"].astype(np.int64),
            "node": columns["node"].astype(np.int64),
            "parent": columns["parent"].astype(np.int64),
            "time": columns["time"].astype(float),
            "valence": columns["valence"].astype(np.int8),
            "brand": (columns["brand"].astype(np.int64) if "brand" in columns
                      else np.zeros(len(columns["point"]), dtype=np.int64)),
        })
        status = np.asarray(f["runs/status"][()])
        if len(table):
            ok = np.isin(status[table["point"].to_numpy(), table["replication"].to_numpy()],
                         USABLE_STATUS)
            table = table[ok].reset_index(drop=True)
        if "brand" in f:
            names = _strings(f["brand"])
            table["brand_name"] = pd.Categorical.from_codes(table["brand"].to_numpy(),
                                                            categories=list(names))
    return table


# --- the resolved scenario text ------------------------------------------------------------

def scenario_value(source, key, default=None):
    """A value from the scenario text by dotted path, e.g. ``"network.nodes"``, ``"model.p"``,
    ``"brands.0.name"`` (list items by index, or by their ``name``: ``"brands.PitchCo.style"``).

    `source` is a Dataset from :func:`open_results` or the YAML text. Understands the block
    YAML that hearsay writes (mappings, lists, scalars, simple flow collections); returns
    `default` when the key is absent.
    """
    text = source.attrs.get("scenario", "") if isinstance(source, xr.Dataset) else source
    try:
        node = parse_scenario(text or "")
    except ValueError:
        return default
    for part in key.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list):
            if re.fullmatch(r"-?\d+", part) and -len(node) <= int(part) < len(node):
                node = node[int(part)]
            else:
                named = [item for item in node if isinstance(item, dict)
                         and str(item.get("name")) == part]
                if not named:
                    return default
                node = named[0]
        else:
            return default
    return node


def parse_scenario(text):
    """Parse the block-style YAML subset hearsay writes into dicts, lists and scalars."""
    lines = []
    for raw in text.splitlines():
        stripped = _strip_comment(raw).rstrip()
        if not stripped.strip() or stripped.strip() in ("---", "..."):
            continue
        indent = len(stripped) - len(stripped.lstrip(" "))
        lines.append([indent, stripped.strip()])
    if not lines:
        return {}
    value, _ = _parse_block(lines, 0, lines[0][0])
    return value


def _parse_block(lines, i, indent):
    if lines[i][1].startswith("- ") or lines[i][1] == "-":
        items = []
        while i < len(lines) and lines[i][0] == indent and (lines[i][1].startswith("- ")
                                                           or lines[i][1] == "-"):
            rest = lines[i][1][1:].strip()
            if not rest:
                i += 1
                if i < len(lines) and lines[i][0] > indent:
                    value, i = _parse_block(lines, i, lines[i][0])
                else:
                    value = None
                items.append(value)
                continue
            if _is_key(rest):
                # "- key: value" opens a mapping whose keys sit two columns further in.
                lines[i] = [indent + 2, rest]
                value, i = _parse_block(lines, i, indent + 2)
            else:
                value, i = _scalar_value(rest), i + 1
            items.append(value)
        return items, i
    mapping = {}
    while i < len(lines) and lines[i][0] == indent:
        content = lines[i][1]
        if not _is_key(content):
            raise ValueError(f"unexpected line: {content}")
        key, _, rest = _split_key(content)
        rest = rest.strip()
        i += 1
        if rest:
            mapping[key] = _scalar_value(rest)
        elif i < len(lines) and (lines[i][0] > indent or (lines[i][0] == indent
                                                          and lines[i][1].startswith("- "))):
            mapping[key], i = _parse_block(lines, i, lines[i][0])
        else:
            mapping[key] = None
    return mapping, i


def _split_key(content):
    if content[0] in "\"'":
        end = content.index(content[0], 1)
        return content[1:end], ":", content[end + 2:]
    key, sep, rest = content.partition(": ") if ": " in content else content.partition(":")
    return key.strip(), sep, rest


def _is_key(content):
    if content[0] in "{[":
        return False
    if content[0] in "\"'":
        end = content.find(content[0], 1)
        return end > 0 and content[end + 1:end + 2] == ":"
    return bool(re.match(r"[^:#]+:(\s|$)", content))


def _unquoted(text):
    """(index, character) of each character of `text` outside single or double quotes, the
    quote marks themselves left out."""
    quote = None
    for k, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        else:
            yield k, ch


def _strip_comment(line):
    for k, ch in _unquoted(line):
        if ch == "#" and (k == 0 or line[k - 1] in " \t"):
            return line[:k]
    return line


def _split_flow(body):
    parts, depth, start = [], 0, 0
    for k, ch in _unquoted(body):
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(body[start:k])
            start = k + 1
    parts.append(body[start:])
    return [p.strip() for p in parts if p.strip()]


def _scalar_value(text):
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        return [_scalar_value(p) for p in _split_flow(text[1:-1])]
    if text.startswith("{") and text.endswith("}"):
        out = {}
        for part in _split_flow(text[1:-1]):
            key, _, value = _split_key(part)
            out[key] = _scalar_value(value)
        return out
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("null", "~"):
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text
