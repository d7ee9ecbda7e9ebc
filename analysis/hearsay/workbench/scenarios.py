"""What a run request means: the scenario it names or holds, its overrides, the paths it may
read (only inside the root folder), and whether the machine can run it (memory, time)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from .. import check
from ..errors import HearsayError, ScenarioError

REPOSITORY = Path(__file__).resolve().parents[3]
SHIPPED = REPOSITORY / "scenarios"
MAX_SCENARIO_BYTES = 512 * 1024
# A stated rate for the time estimate: the flagship (10^5 consumers x 365 days x 32 runs) takes
# about 30 s on 2 cores, about 2e7 consumer-days per second per core; the wom model is the
# slowest of the models, so the estimate is on the long side for the others.
CONSUMER_DAYS_PER_CORE_SECOND = 2.0e7


class RequestError(Exception):
    """A request the workbench refuses: HTTP status, message and where (key, line)."""

    def __init__(self, status, message, key="", line=0, column=0, fix=""):
        super().__init__(message)
        self.status, self.key, self.line, self.column, self.fix = status, key, line, column, fix

    def body(self):
        out = {"error": str(self)}
        if self.key:
            out["key"] = self.key
        if self.line:
            out["line"] = self.line
            out["column"] = self.column
        if self.fix:
            out["fix"] = self.fix
        return out


def is_path_key(name):
    """The engine's rule (sim/scenario/text.cpp): `path`, or a name ending in _file or _path."""
    return name == "path" or name.endswith("_file") or name.endswith("_path")


def _description(path):
    """(name, description) of a scenario file, without running anything."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return path.stem, ""
    if not isinstance(data, dict):
        return path.stem, ""
    return str(data.get("name") or path.stem), str(data.get("description") or "")


def arms_of(text):
    """A scenario text's own arms ({NAME: {KEY: VALUE}}; {} without), as written."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    arms = data.get("arms") if isinstance(data, dict) else None
    return {str(k): (v if isinstance(v, dict) else {}) for k, v in arms.items()} \
        if isinstance(arms, dict) else {}


def question_of(text):
    """The plain-words question at the top of a scenario file: its leading comment block."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        lines.append(stripped.lstrip("#").strip())
    return " ".join(" ".join(lines).split())


class Catalogue:
    """The shipped scenarios (read-only, from the repository) and the ones uploaded to the root
    folder (ROOT/scenarios/NAME.yaml)."""

    def __init__(self, root, shipped=SHIPPED):
        self.root = Path(root)
        self.shipped = Path(shipped)
        self.uploads = self.root / "scenarios"

    def entries(self):
        out = []
        for origin, folder in (("shipped", self.shipped), ("uploaded", self.uploads)):
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.yaml")):
                # An upload is a regular file in the root folder: a link there is not followed.
                if not path.is_file() or (origin == "uploaded" and path.is_symlink()):
                    continue
                title, description = _description(path)
                out.append({"name": path.stem if origin == "shipped" else f"uploaded/{path.stem}",
                            "path": str(path), "description": description, "title": title,
                            "origin": origin})
        return out

    def find(self, name):
        """The entry listed under `name` (file stem, scenario name or listed path), or None."""
        for entry in self.entries():
            if name in (entry["name"], entry["path"], entry["title"]):
                return entry
        return None


def _leaves(value, key=""):
    """(key name, value) of every scalar in a parsed YAML value, with the name of its key."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v, key)
    else:
        yield key, value


def _inside(path, root):
    real = os.path.realpath(path)
    root = os.path.realpath(root)
    return real == root or real.startswith(root + os.sep)


def confine(value, base, root, where):
    """Refuses (403) a path value that leaves the root folder: '..', absolute paths elsewhere,
    symbolic links pointing out (the path is resolved as the engine will read it)."""
    text = str(value)
    if not text:
        return
    full = text if os.path.isabs(text) else os.path.join(base, text)
    if not _inside(full, root):
        raise RequestError(403, f"{where}: the path '{text}' leaves the workbench's root folder "
                           f"({root}); files a scenario reads or writes must be inside it",
                           key=where,
                           fix="put the file in the root folder and give its path there")


def parse_sets(sets):
    """The request's `set` mapping as {key: value}, refused (400) unless keys are words."""
    if sets is None:
        return {}
    if not isinstance(sets, dict):
        raise RequestError(400, "'set' must be a mapping of scenario keys to values, e.g. "
                           "{\"replications\": 4}", key="set")
    out = {}
    for key, value in sets.items():
        if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z0-9_.\[\]\-]{1,200}", key):
            raise RequestError(400, f"set: {key!r} is not a scenario key (words joined by dots, "
                               "e.g. brands.PitchCo.pitches_per_day)", key=str(key)[:200])
        if not isinstance(value, (str, int, float, bool, list, dict)) or value is None:
            raise RequestError(400, f"set: {key}: give a number, word, list or mapping",
                               key=key)
        out[key] = value
    return out


MAX_ARMS = 8
ARM_NAME = re.compile(r"[^/.]{1,64}")


def parse_arms(arms):
    """The request's `arms` ({NAME: {KEY: VALUE}}) checked for shape (400): None keeps the
    scenario's own arms, {} means none. Names follow the CLI's rule (1 to 64 characters
    without '/' or '.'); keys and values are checked by the engine."""
    if arms is None:
        return None
    if not isinstance(arms, dict):
        raise RequestError(400, "'arms' must be a mapping of arm names to the keys each sets, "
                           "e.g. {\"answers\": {\"brands.PitchCo.answer_probability\": 0.9}}",
                           key="arms")
    if len(arms) > MAX_ARMS:
        raise RequestError(400, f"arms: {len(arms)} arms; the workbench runs at most {MAX_ARMS} "
                           "side by side", key="arms", fix="remove some arms")
    out = {}
    for name, keys in arms.items():
        if not isinstance(name, str) or not ARM_NAME.fullmatch(name) or not name.strip():
            raise RequestError(400, f"arms: arm name {str(name)[:80]!r} must be 1 to 64 "
                               "characters without '/' or '.'", key=f"arms.{str(name)[:80]}",
                               fix="use a name without '/' or '.' (e.g. '_' instead): arm "
                               "names label results")
        try:
            out[name] = parse_sets(keys if keys is not None else {})
        except RequestError as error:
            raise RequestError(400, f"arms: {name}: {error}".replace(": set: ", ": "),
                               key=f"arms.{name}") from None
    return out


def _set_leaves(key, value):
    """(key name, value) of every scalar an override sets (text values are read as YAML, as the
    CLI's --set reads them)."""
    last = key.split(".")[-1]
    if isinstance(value, str):
        try:
            value = yaml.safe_load(value)
        except yaml.YAMLError:
            pass
    if isinstance(value, (dict, list)):
        yield from _leaves(value, last)
    else:
        yield last, value


class Resolved:
    """A checked request: the engine's plan (check()), the reproducing scenario text, estimates."""

    def __init__(self, source, sets, plan, origin, listed, arms=None):
        self.source, self.sets, self.plan = source, sets, plan
        self.origin, self.listed, self.arms = origin, listed, arms

    @property
    def text(self):
        """The resolved scenario with the overrides applied; its results file is results.h5
        beside it (the workbench never writes where a scenario's output.path points)."""
        return re.sub(r"^(output:\n  path: ).*$", r"\1results.h5", self.plan["resolved"],
                      count=1, flags=re.M)

    def data(self):
        return yaml.safe_load(self.plan["resolved"]) or {}

    def estimated_seconds(self, cores=None):
        """runs x consumers x days at a stated rate (CONSUMER_DAYS_PER_CORE_SECOND), or None."""
        data = self.data()
        nodes = (data.get("network") or {}).get("nodes")
        days = (data.get("time") or {}).get("end")
        if not isinstance(nodes, (int, float)) or not isinstance(days, (int, float)):
            return None
        cores = cores or os.cpu_count() or 1
        return self.plan["runs"] * nodes * days / (CONSUMER_DAYS_PER_CORE_SECOND * cores)


def _without_arms(text):
    """The scenario text without its own `arms:` (the request asked for none); its output goes
    to the root folder (the run writes results.h5 anyway)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return text  # the engine says where the YAML is wrong
    if not isinstance(data, dict) or "arms" not in data:
        return text
    data.pop("arms")
    if isinstance(data.get("output"), dict):
        data["output"] = {**data["output"], "path": "results.h5"}
    elif "output" in data:
        data["output"] = {"path": "results.h5"}
    return yaml.safe_dump(data, sort_keys=False)


def resolve(catalogue, scenario, sets, arms=None):
    """Checks a request ({scenario: listed name or YAML text, set: {...}, arms: {...}}) as the
    CLI would, with every path it reads or writes confined to the root folder. `arms` replaces
    the scenario's own arms (as --set arms=... does; {} removes them, None keeps them).
    Raises RequestError."""
    root = str(catalogue.root)
    listed = ""
    if not isinstance(scenario, str) or not scenario.strip():
        raise RequestError(400, "'scenario' must be the name of a listed scenario or YAML text",
                           key="scenario")
    if len(scenario.encode("utf-8", "replace")) > MAX_SCENARIO_BYTES:
        raise RequestError(413, f"the scenario text is over {MAX_SCENARIO_BYTES // 1024} KiB",
                           key="scenario")
    sets = parse_sets(sets)
    arms = parse_arms(arms)
    if arms is not None and "arms" in sets:
        raise RequestError(400, "give the arms either in 'arms' or in 'set', not both",
                           key="arms")
    entry = None if "\n" in scenario or ": " in scenario else catalogue.find(scenario.strip())
    if entry is None and "\n" not in scenario and ": " not in scenario:
        raise RequestError(404, f"no listed scenario is called '{scenario.strip()}' (GET "
                           "/api/scenarios lists them); or give the scenario's YAML text",
                           key="scenario")
    if entry is not None and entry["origin"] == "uploaded":
        scenario = Path(entry["path"]).read_text(encoding="utf-8")
        entry = None
    if arms == {}:
        text = Path(entry["path"]).read_text(encoding="utf-8") if entry else scenario
        if entry is None or "arms" in (yaml.safe_load(text) or {}):
            scenario, listed = _without_arms(text), entry["name"] if entry else ""
            entry = None
    # The paths the request itself gives are screened before the engine sees them, so that no
    # file outside the root folder is ever opened; the shipped files' own paths are trusted.
    if entry is None:
        try:
            data = yaml.safe_load(scenario)
        except yaml.YAMLError:
            data = None  # the engine says where the YAML is wrong
        for key, value in _leaves(data if isinstance(data, (dict, list)) else {}):
            if is_path_key(key) and isinstance(value, str):
                confine(value, root, root, key)
    base = str(Path(entry["path"]).parent) if entry else root
    arm_sets = [(f"arms.{arm}.{k}", k, v) for arm, keys in (arms or {}).items()
                for k, v in keys.items()]
    for where, key, value in [(k, k, v) for k, v in sets.items()] + arm_sets:
        for name, leaf in _set_leaves(key, value):
            if is_path_key(name) and isinstance(leaf, str):
                confine(leaf, base, root, where)
    source = Path(entry["path"]) if entry else scenario
    overrides = {**sets, "arms": arms} if arms else sets
    try:
        plan = check(source, overrides=overrides)
    except ScenarioError as error:
        raise RequestError(422, str(error), key=error.key, line=error.line,
                           column=error.column, fix=error.fix) from None
    except HearsayError as error:
        raise RequestError(422, str(error)) from None
    except (ValueError, TypeError) as error:
        raise RequestError(400, str(error)) from None
    resolved = Resolved(source, sets, plan, "shipped" if entry else "text",
                        entry["name"] if entry else listed, arms)
    # Again on what the engine resolved: every input and every path key of the plan.
    trusted = set()
    if entry:
        trusted = {os.path.realpath(entry["path"])} | _shipped_inputs(entry)
    for path in plan.get("inputs", []):
        if os.path.realpath(path) not in trusted:
            confine(path, root, root, "input")
    data = resolved.data()
    for key, value in _leaves({k: v for k, v in data.items() if k != "output"}):
        if is_path_key(key) and isinstance(value, str) and value and \
                os.path.realpath(value if os.path.isabs(value) else os.path.join(base, value)) \
                not in trusted:
            confine(value, base, root, key)
    if entry is None or any(k.split(".")[0] == "output" for k in sets):
        confine(plan["output_path"], root, root, "output.path")
    return resolved


_SHIPPED_INPUTS = {}


def _shipped_inputs(entry):
    """The real paths a shipped scenario reads without overrides (trusted: the repository's)."""
    if entry["path"] not in _SHIPPED_INPUTS:
        try:
            plan = check(Path(entry["path"]))
            _SHIPPED_INPUTS[entry["path"]] = {os.path.realpath(p) for p in plan["inputs"]}
        except HearsayError:
            _SHIPPED_INPUTS[entry["path"]] = set()
    return _SHIPPED_INPUTS[entry["path"]]


def available_memory_bytes():
    """MemAvailable capped by a cgroup limit, as the CLI reads it (0 when unknown)."""
    available = 0
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    available = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        pass
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = Path(path).read_text().strip()
        except OSError:
            continue
        if text != "max" and text.isdigit():
            limit = int(text)
            if limit > 0 and (available == 0 or limit < available):
                available = limit
    return available


def human_bytes(n):
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024


def human_seconds(s):
    if s < 120:
        return f"{s:.0f} s"
    if s < 7200:
        return f"{s / 60:.0f} min"
    return f"{s / 3600:.1f} h"


def refuse_if_too_big(resolved, max_seconds, available=None):
    """Refuses (422) a run that needs more memory than the machine has now, or longer than
    `max_seconds` at the stated rate; returns the estimates otherwise."""
    needed = int(resolved.plan["memory_bytes"])
    available = available_memory_bytes() if available is None else available
    seconds = resolved.estimated_seconds()
    if available and needed > available:
        raise RequestError(422, f"this run needs about {human_bytes(needed)} of memory and the "
                           f"machine has {human_bytes(available)} available: it would not fit. "
                           "Make it smaller (fewer consumers: network.nodes)",
                           key="network.nodes")
    if seconds is not None and seconds > max_seconds:
        raise RequestError(422, f"this run would take about {human_seconds(seconds)} "
                           f"({resolved.plan['runs']} runs at about "
                           f"{CONSUMER_DAYS_PER_CORE_SECOND:.0e} consumer-days per second per "
                           f"core), over the workbench's limit of {human_seconds(max_seconds)}. "
                           "Make it smaller (replications, network.nodes, time.end) or start the "
                           "workbench with a larger --max-minutes", key="replications")
    return {"memory_bytes": needed, "available_bytes": available, "estimated_seconds": seconds}
