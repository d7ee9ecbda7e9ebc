"""Run the hearsay CLI from Python (notebooks, tests): find the binary, run a scenario."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from . import safe_write

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the repository (analysis/hearsay/..)


def find_hearsay(binary=None):
    """Path of the hearsay CLI: `binary`, else $HEARSAY_BIN, else
    ../build/release/bin/hearsay (from the working directory, as notebooks run in notebooks/),
    else build/release/bin/hearsay in the repository holding this package.

    A path given (`binary` or $HEARSAY_BIN) that is not an executable file raises
    FileNotFoundError naming it: it never falls back to another build silently."""
    for given, what in ((binary, "binary"), (os.environ.get("HEARSAY_BIN"), "HEARSAY_BIN")):
        if given:
            path = Path(given)
            if not path.is_file() or not os.access(path, os.X_OK):
                raise FileNotFoundError(
                    f"{what}={given} is not an executable file: build the CLI (scripts/build "
                    "release) or correct the path" + (" (unset HEARSAY_BIN to use the build "
                                                     "in this repository)"
                                                     if what == "HEARSAY_BIN" else ""))
            return path.resolve()
    for candidate in (Path("..") / "build" / "release" / "bin" / "hearsay",
                      _PACKAGE_ROOT / "build" / "release" / "bin" / "hearsay"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate.resolve()
    raise FileNotFoundError("cannot find the hearsay CLI: set HEARSAY_BIN or build it with "
                            "scripts/build release")


def run_scenario(scenario, output, overrides=None, binary=None, threads=None, timeout=600,
                 overwrite=False):
    """Run `scenario` (a YAML path, or YAML text when it contains a newline) with
    ``hearsay run ... --quiet`` and return the results path.

    YAML text is first written to OUTPUT with the suffix .yaml. Like the CLI, nothing is
    replaced unless ``overwrite=True`` (then ``--force``): an existing results file, or an
    existing .yaml beside it, raises FileExistsError before anything is written; an input is
    never replaced. `overrides` maps keys to values (``{"replications": 4, "model.beta": 0.4}``),
    passed as ``--set KEY=VALUE``. A failure of the CLI raises RuntimeError with its message.
    """
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    text = scenario if isinstance(scenario, str) and "\n" in scenario else None
    inputs = [] if text is not None else [scenario]
    if text is not None:
        path = output.with_suffix(".yaml")
        if path == output:
            raise ValueError(f"{output}: the results file needs another suffix than .yaml (the "
                             "scenario text is written to OUTPUT.yaml)")
        # Both are checked before either is written: a refusal leaves nothing behind.
        safe_write.check_replaceable(path, overwrite)
        safe_write.check_replaceable(output, overwrite, [path])
        safe_write.write_text(path, text, overwrite=overwrite)
        scenario = path
    else:
        safe_write.check_replaceable(output, overwrite, inputs)
    command = [str(find_hearsay(binary)), "run", str(scenario), "-o", str(output), "--quiet"]
    if overwrite:
        command.append("--force")
    for key, value in (overrides or {}).items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        command += ["--set", f"{key}={value}"]
    if threads:
        command += ["--threads", str(threads)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n"
                           f"{result.stderr.strip() or result.stdout.strip()}")
    return output
