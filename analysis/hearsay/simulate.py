"""Run scenarios in this Python process (the compiled engine, ``hearsay._core``): simulate,
check, describe, models. Same engine, same files, same messages as the CLI."""
from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from . import _native, safe_write
from .results import open_results

_TEXT_NAME = "<scenario>"  # what messages call a scenario given as a dict or YAML text


def _yaml_scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise ValueError(f"{value} is not a finite number: scenarios take finite numbers")
        return repr(float(value))
    if isinstance(value, str):
        return value
    if isinstance(value, Path):
        return os.fspath(value)
    return None


def _yaml_text(data):
    """YAML text of a scenario dict (a flow-free block layout; PyYAML when it is there)."""
    def plain(value):
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if isinstance(value, np.ndarray):
            return [plain(v) for v in value.tolist()]
        scalar = _yaml_scalar(value)
        if scalar is None and value is not None:
            raise TypeError(f"a scenario holds numbers, words, lists and mappings, not "
                            f"{type(value).__name__} ({value!r})")
        if isinstance(value, (np.integer, np.floating)):
            return value.item()
        if isinstance(value, Path):
            return os.fspath(value)
        return value
    import yaml  # python3-yaml (a dependency of the Debian packages this package needs)
    return yaml.safe_dump(plain(data), sort_keys=False, allow_unicode=True)


def _source(scenario):
    """(ScenarioSource, display name, path or None) of a dict, YAML text or a path."""
    core = _native.core()
    if isinstance(scenario, dict):
        return core.ScenarioSource(_yaml_text(scenario), False, _TEXT_NAME), None
    if isinstance(scenario, os.PathLike):
        return core.ScenarioSource(os.fspath(scenario), True, ""), os.fspath(scenario)
    if isinstance(scenario, str):
        # YAML text holds a newline or a "key: value"; a path holds neither.
        looks_like_text = "\n" in scenario or ": " in scenario or scenario.lstrip().startswith("{")
        if looks_like_text:
            return core.ScenarioSource(scenario, False, _TEXT_NAME), None
        return core.ScenarioSource(scenario, True, ""), scenario
    raise TypeError(f"scenario: expected a dict, YAML text or a path, not "
                    f"{type(scenario).__name__}")


def _overrides(overrides):
    """``--set KEY=VALUE`` strings of a mapping (values as YAML flow text)."""
    sets = []
    for key, value in (overrides or {}).items():
        scalar = _yaml_scalar(value)
        if scalar is None:
            scalar = json.dumps(value)  # lists and mappings: JSON is YAML flow text
        sets.append(f"{key}={scalar}")
    return sets


def _graph_edges(graph):
    """(edges (E, 2) int64 of positions in graph.nodes, weights or None, labels, directed)."""
    labels = list(graph.nodes)
    position = {label: i for i, label in enumerate(labels)}
    weighted = any("weight" in data for _, _, data in graph.edges(data=True))
    pairs, weights = [], []
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue  # the engine drops self-loops; leave them out before counting nodes
        pairs.append((position[u], position[v]))
        if weighted:
            w = data.get("weight", 1.0)
            try:
                w = float(w)
            except (TypeError, ValueError):
                raise ValueError(f"network: edge ({u!r}, {v!r}) has weight {w!r}, not a "
                                 "number") from None
            if not math.isfinite(w):
                raise ValueError(f"network: edge ({u!r}, {v!r}) has weight {w}: weights must "
                                 "be finite numbers")
            weights.append(w)
    edges = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return edges, (np.asarray(weights) if weighted else None), labels, graph.is_directed()


def _labels_array(labels):
    """Node labels as a 1-D array: a plain dtype when they allow one (ints, strings)."""
    array = np.empty(len(labels), dtype=object)
    array[:] = list(labels)
    try:
        plain = np.asarray(array.tolist())
        if plain.ndim == 1:
            return plain
    except (ValueError, TypeError):
        pass
    return array


def _graph_segments(graph):
    """The node attribute ``segment`` as text per node in graph order, or None without it."""
    having = [node for node, data in graph.nodes(data=True) if "segment" in data]
    if not having:
        return None
    if len(having) != graph.number_of_nodes():
        missing = [n for n in graph.nodes if "segment" not in graph.nodes[n]][:5]
        raise ValueError(f"network: {graph.number_of_nodes() - len(having)} node(s) have no "
                         f"'segment' attribute (e.g. {missing}); give every node one or none")
    return [str(data["segment"]) for _, data in graph.nodes(data=True)]


def _write_graphml(path, edges, weights, segments, nodes, directed):
    """A minimal GraphML file (nodes n0, n1, ... in order; weight and segment attributes)."""
    from xml.sax.saxutils import escape
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n'
                '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
                '<key id="w" for="edge" attr.name="weight" attr.type="double"/>\n'
                '<key id="s" for="node" attr.name="segment" attr.type="string"/>\n'
                f'<graph edgedefault="{"directed" if directed else "undirected"}">\n')
        for i in range(nodes):
            segment = "" if segments is None else f'<data key="s">{escape(segments[i])}</data>'
            f.write(f'<node id="n{i}">{segment}</node>\n')
        for k, (u, v) in enumerate(edges.tolist()):
            weight = "" if weights is None else f'<data key="w">{weights[k]!r}</data>'
            f.write(f'<edge source="n{u}" target="n{v}">{weight}</edge>\n')
        f.write("</graph>\n</graphml>\n")


def _write_network(network, folder):
    """Writes the network for the engine in `folder`; returns (scenario override, labels):
    labels[i] is the node that is agent i.

    A networkx graph with nodes without edges or a ``segment`` node attribute goes as GraphML
    (agents numbered in graph order, segments as community labels); any other network as an
    edge list, faster to write and read (agents numbered in the order edges first name them)."""
    directed = False
    if hasattr(network, "nodes") and hasattr(network, "edges") and hasattr(network, "is_directed"):
        if network.is_multigraph():
            raise ValueError("network: a multigraph has parallel edges, which the engine merges; "
                             "give a Graph or DiGraph (networkx.Graph(multigraph))")
        edges, weights, labels, directed = _graph_edges(network)
        segments = _graph_segments(network)
        used = np.zeros(len(labels), dtype=bool)
        used[edges.ravel()] = True
        if len(edges) == 0:
            raise ValueError("network: it has no edges (self-loops are left out)")
        if segments is not None or not used.all():
            path = os.path.join(folder, "network.graphml")
            _write_graphml(path, edges, weights, segments, len(labels), directed)
            override = ("network={generator: graphml, path: " + json.dumps(path) +
                        f", directed: {'true' if directed else 'false'}}}")
            return override, _labels_array(labels)
    else:
        array = np.asarray(network)
        if array.ndim != 2 or array.shape[1] != 2 or array.shape[0] == 0:
            raise ValueError(f"network: expected a networkx graph or an (E, 2) array of node "
                             f"ids with at least one edge, not an array of shape {array.shape}")
        if array.dtype.kind not in "iu":
            raise ValueError(f"network: node ids must be integers, not {array.dtype}")
        if (array < 0).any():
            raise ValueError("network: node ids must be non-negative integers")
        array = array.astype(np.int64)
        edges, weights, labels = array[array[:, 0] != array[:, 1]], None, None
        if len(edges) == 0:
            raise ValueError("network: it has no edges (self-loops are left out)")
    path = os.path.join(folder, "network.edges")
    with open(path, "w", encoding="ascii") as f:
        if weights is None:
            np.savetxt(f, edges, fmt="%d")
        else:
            np.savetxt(f, np.column_stack([edges, weights]), fmt=["%d", "%d", "%.17g"])
    first_seen = pd.unique(edges.ravel())
    node_labels = (np.asarray(first_seen) if labels is None
                   else _labels_array([labels[i] for i in first_seen]))
    override = ("network={generator: edge_list, path: " + json.dumps(path) +
                f", directed: {'true' if directed else 'false'}}}")
    return override, node_labels


class _ProgressBar:
    """tqdm's bar (the notebook widget when ipywidgets is there, text otherwise), or a callable
    the user gave: called as f(runs_done, runs_total)."""

    def __init__(self, progress, total, name):
        self.bar, self.call = None, None
        if callable(progress):
            self.call = progress
        elif progress:
            try:
                from tqdm.auto import tqdm
                try:
                    import ipywidgets  # noqa: F401  (tqdm.auto needs it in a notebook)
                except ImportError:
                    from tqdm import tqdm
            except ImportError:
                return  # no tqdm (python3-tqdm): no bar
            self.bar = tqdm(total=total, desc=name, unit="run", file=sys.stderr, leave=True)

    def __call__(self, done, total, before, events, elapsed):
        if self.call is not None:
            self.call(done, total)
        if self.bar is not None:
            self.bar.total = total
            self.bar.update(done - self.bar.n)
            self.bar.set_postfix(events=events, refresh=False)

    def close(self):
        if self.bar is not None:
            self.bar.close()


def simulate(scenario, *, network=None, output=None, overwrite=False, threads=None,
             progress=True, overrides=None):
    """Run a scenario in this process and return its results as an ``xarray.Dataset``, the
    same Dataset ``open_results`` gives for the file the CLI writes (bit for bit the same
    numbers for the same scenario and seed).

    scenario: a dict, YAML text or the path of a scenario file. Relative paths in a dict or
        text resolve against the working folder, in a file against the file's folder.
    network: a networkx graph (any hashable node labels, kept as the coordinate
        ``node_label`` on dimension ``node``: agent i is ``ds.node_label[i]``, as cascades
        number them; edge attribute ``weight`` used when present; node attribute ``segment``
        kept as the community label; a DiGraph reads as arcs) or an (E, 2) integer array of
        node ids; it replaces the scenario's ``network:`` section. It reaches the engine as a
        temporary edge list, or as GraphML when the graph has nodes without edges or segments.
    output: the results file to write; None writes a temporary file, reads it into memory and
        deletes it (``ds.attrs["path"]`` is then empty). The scenario's ``output.path`` is not
        used: pass it here to keep that file. An existing file is replaced only with
        ``overwrite=True`` (FileExistsError otherwise, before anything runs), and never a file
        the scenario reads.
    threads: worker threads (None: all cores); the results do not depend on it.
    progress: True shows a progress bar (tqdm), False nothing, a callable is called as
        f(runs_done, runs_total) after each run.
    overrides: ``{"model.beta": 0.4, "replications": 4}``, as the CLI's ``--set``.

    The engine runs with the GIL released. Ctrl-C (KeyboardInterrupt) stops it within about
    a tenth of a second plus the time to reach the next check in the runs in progress; an
    `output` file then holds the runs that finished (``hearsay run SCENARIO -o OUTPUT
    --resume`` finishes it), a temporary one is deleted.

    Raises ScenarioError (file, line, column, key, as the CLI says), InputFileError (a bad
    edge list), OutputError / OutputBusyError / FileExistsError (an output that may not be
    written; nothing is written then), SimulationError (I/O, HDF5), ValueError / TypeError
    for arguments of the wrong kind.
    """
    if threads is not None:
        if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or not (
                1 <= threads <= 4096):
            raise ValueError(f"threads: expected a whole number from 1 to 4096, or None, not "
                             f"{threads!r}")
    if not isinstance(overwrite, bool):
        raise TypeError(f"overwrite: expected True or False, not {overwrite!r}")
    core = _native.core()
    source, scenario_path = _source(scenario)
    sets = _overrides(overrides)
    with tempfile.TemporaryDirectory(prefix="hearsay-") as folder:
        labels = None
        if network is not None:
            override, labels = _write_network(network, folder)
            sets.append(override)
        plan = core.check(source, sets)  # ScenarioError before anything is written
        if output is None:
            target = os.path.join(folder, "results.h5")
        else:
            target = os.path.abspath(os.fspath(output))
            safe_write.check_replaceable(target, overwrite, plan["inputs"])
        provenance = {"command_line": "hearsay.simulate() from Python " +
                      ".".join(map(str, sys.version_info[:3]))}
        bar = _ProgressBar(progress, plan["runs"], plan["name"])
        try:
            core.run(source, sets, target, overwrite and output is not None,
                     int(threads or 0), bar, provenance)
        finally:
            bar.close()
        ds = open_results(target)
        if output is None:
            ds.attrs["path"] = ""
    if labels is not None:
        ds = ds.assign_coords(node_label=("node", labels))
    return ds


def check(scenario, *, overrides=None):
    """Validate a scenario without running it, as ``hearsay check --no-pilot`` does. Returns a
    dict: name, model, resolved (the resolved YAML), points, replications, runs, point_texts,
    brands, samples (per run), inputs (files it reads), output_path, memory_bytes (estimated
    peak with memory_threads threads). Raises ScenarioError / InputFileError like simulate."""
    source, _ = _source(scenario)
    return dict(_native.core().check(source, _overrides(overrides)))


def describe(name):
    """A model's (or network generator's) parameters as a DataFrame: name, unit, default,
    range, kind, source, help and section ("model", "brand" for per-brand keys, "network").
    ``df.attrs`` holds kind, summary, reference, and the metrics (series, summaries) as
    lists of dicts. UnknownNameError (a LookupError) names the closest match."""
    info = _native.core().describe(str(name))
    columns = ["name", "unit", "default", "range", "kind", "source", "help", "section"]
    table = pd.DataFrame(info["params"], columns=columns)
    for key in ("kind", "summary", "reference", "series", "summaries"):
        table.attrs[key] = info[key]
    table.attrs["describes"] = info["name"]
    return table


def models():
    """Every model and network generator: a DataFrame of name, kind ("model" or
    "generator") and summary."""
    return pd.DataFrame(_native.core().models(), columns=["name", "kind", "summary"])


def engine_version():
    """The version of the compiled engine this package loads."""
    return _native.core().__version__
