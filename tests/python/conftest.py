# Shared pytest fixtures: where the hearsay CLI is, and a way to run it with readable failures.
import os
import subprocess
from pathlib import Path

import pytest

# Generous: a test scenario runs in well under a second, but CI machines can be slow and busy.
HEARSAY_TIMEOUT_SECONDS = 300


@pytest.fixture(scope="session")
def hearsay_bin():
    """Path of the `hearsay` CLI, from the HEARSAY_BIN environment variable.

    Missing is a failure, not a skip: a test run that silently skips the CLI tests looks green.
    """
    value = os.environ.get("HEARSAY_BIN")
    if not value:
        pytest.fail(
            "HEARSAY_BIN is not set: point it at the built CLI, e.g. "
            "HEARSAY_BIN=build/bin/hearsay /usr/bin/python3 -m pytest tests/python",
            pytrace=False,
        )
    path = Path(value)
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(f"HEARSAY_BIN={value} is not an executable file (build the CLI first)",
                    pytrace=False)
    return path.resolve()


@pytest.fixture(scope="session")
def run_hearsay(hearsay_bin):
    """run_hearsay(*args, check=True) -> subprocess.CompletedProcess with text stdout/stderr.

    With check=True a non-zero exit fails the test, showing the command and both streams.
    """

    def run(*args, check=True):
        command = [str(hearsay_bin), *map(str, args)]
        result = subprocess.run(command, capture_output=True, text=True,
                                timeout=HEARSAY_TIMEOUT_SECONDS)
        if check and result.returncode != 0:
            pytest.fail(
                f"{' '.join(command)} exited with {result.returncode}\n"
                f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}",
                pytrace=False,
            )
        return result

    return run


@pytest.fixture(scope="session")
def simulate(tmp_path_factory, run_hearsay):
    """simulate(name, scenario_text, *cli_args) -> (results path, CompletedProcess).

    Writes the scenario into a fresh folder and runs it; the results file is NAME.h5 beside it.
    """

    def run(name, text, *args):
        folder = tmp_path_factory.mktemp(name)
        scenario = folder / f"{name}.yaml"
        scenario.write_text(text)
        out = folder / f"{name}.h5"
        return out, run_hearsay("run", scenario, "-o", out, *args)

    return run


@pytest.fixture(scope="session")
def run_scenario(tmp_path_factory, run_hearsay):
    """run_scenario(name, text, output="whole.h5") -> (scenario path, results path).

    Writes the scenario as NAME.yaml into a fresh folder and runs it quietly into OUTPUT beside it.
    """

    def run(name, text, output="whole.h5"):
        folder = tmp_path_factory.mktemp(name)
        scenario = folder / f"{name}.yaml"
        scenario.write_text(text)
        out = folder / output
        run_hearsay("run", scenario, "-o", out, "--quiet")
        return scenario, out

    return run
