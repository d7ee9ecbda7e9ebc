"""Run the hearsay CLI from Python (notebooks, tests): find the binary, run a scenario."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the repository (analysis/hearsay/..)


def find_hearsay(binary=None):
    """Path of the hearsay CLI: `binary`, else $HEARSAY_BIN, else
    ../build/release/bin/hearsay (from the working directory, as notebooks run in notebooks/),
    else build/release/bin/hearsay in the repository holding this package."""
    candidates = [binary, os.environ.get("HEARSAY_BIN"),
                  Path("..") / "build" / "release" / "bin" / "hearsay",
                  _PACKAGE_ROOT / "build" / "release" / "bin" / "hearsay"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate).resolve()
    raise FileNotFoundError("cannot find the hearsay CLI: set HEARSAY_BIN or build it with "
                            "scripts/build release")


def run_scenario(scenario, output, overrides=None, binary=None, threads=None, timeout=600):
    """Run `scenario` (a YAML path, or YAML text when it contains a newline) with
    ``hearsay run ... --quiet --force`` and return the results path.

    `overrides` maps keys to values (``{"replications": 4, "model.beta": 0.4}``), passed as
    ``--set KEY=VALUE``. A failure raises RuntimeError with the CLI's message.
    """
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(scenario, str) and "\n" in scenario:
        path = output.with_suffix(".yaml")
        path.write_text(scenario)
        scenario = path
    command = [str(find_hearsay(binary)), "run", str(scenario), "-o", str(output), "--quiet",
               "--force"]
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
