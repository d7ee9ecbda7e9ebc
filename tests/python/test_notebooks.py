# The notebooks: committed without outputs, and each runs top to bottom in under two minutes
# (nbclient, working directory notebooks/, the CLI from HEARSAY_BIN); the quickstart also from
# another working folder without PYTHONPATH.
import os
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TIMEOUT_SECONDS = 120


def test_there_are_notebooks():
    names = [path.name for path in NOTEBOOKS]
    for name in ("01_quickstart.ipynb", "02_hard_vs_soft.ipynb", "03_validation.ipynb",
                 "04_complaints.ipynb", "05_sensitivity.ipynb", "06_calibration.ipynb"):
        assert name in names


@pytest.mark.parametrize("name, scenario", [("02_hard_vs_soft.ipynb", "hard_vs_soft.yaml"),
                                            ("04_complaints.ipynb", "united_breaks_guitars.yaml")])
def test_reduced_notebooks_say_so_and_show_the_full_run(name, scenario):
    # They run a scenario with smaller settings to stay under two minutes: the text must say
    # so, and give the command for the full run.
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    assert "Reduced run" in text and "network.nodes=20000" in text
    assert f"build/release/bin/hearsay run scenarios/{scenario}" in text
    assert "hearsay.run_scenario(" in code and "find_hearsay()" in code


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a cell has outputs; clear them"
            assert cell.execution_count is None, f"{path.name}: clear the execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, hearsay_bin, monkeypatch):
    monkeypatch.setenv("HEARSAY_BIN", str(hearsay_bin))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        filter(None, [str(ROOT / "analysis"), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=TIMEOUT_SECONDS, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.monotonic()
    client.execute()   # a failing cell raises CellExecutionError with its traceback
    elapsed = time.monotonic() - start
    assert elapsed < TIMEOUT_SECONDS, f"{path.name} took {elapsed:.0f} s"
    images = sum("image/png" in output.get("data", {})
                 for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs)
    assert images >= 2, f"{path.name} drew {images} figures"


def test_quickstart_runs_from_another_working_folder(hearsay_bin, monkeypatch):
    # No PYTHONPATH: the notebook finds analysis/ above its working folder (here sim/).
    monkeypatch.setenv("HEARSAY_BIN", str(hearsay_bin))
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    nb = nbformat.read(ROOT / "notebooks" / "01_quickstart.ipynb", as_version=4)
    client = NotebookClient(nb, timeout=TIMEOUT_SECONDS, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "sim")}})
    client.execute()
