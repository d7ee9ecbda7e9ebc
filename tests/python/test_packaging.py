# The Python side installs offline as the distribution hearsay-sim (pip, Debian's setuptools),
# its compiled module inside, and works away from the source tree.
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_pip_installs_the_package_with_its_module(tmp_path, hearsay_bin):
    module_folder = hearsay_bin.parent.parent / "python" / "hearsay"
    target = tmp_path / "site"
    env = dict(os.environ, HEARSAY_MODULE_PATH=str(module_folder), PIP_NO_CACHE_DIR="1")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-deps",
         "--no-index", "--target", str(target), str(ROOT)],
        capture_output=True, text=True, env=env, timeout=300)
    assert install.returncode == 0, install.stdout + install.stderr
    assert list(target.glob("hearsay_sim-0.1.0.dist-info"))
    assert list((target / "hearsay").glob("_core*.so"))
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "HEARSAY_BIN", "HEARSAY_MODULE_PATH")}
    env["PYTHONPATH"] = str(target)
    code = ("import hearsay, hearsay._native as n; p = str(n.module_path()); "
            f"assert p.startswith({str(target)!r}), p; "
            f"ds = hearsay.simulate({str(ROOT / 'scenarios' / 'sir_erdos_renyi.yaml')!r}, "
            "overrides={'replications': 1, 'network.nodes': 300}, progress=False); "
            "print(ds.sizes['replication'])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=300)
    assert run.returncode == 0 and run.stdout.strip() == "1", run.stdout + run.stderr
    # pip builds in the source tree (build/, analysis/*.egg-info): nothing of it to commit.
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, cwd=ROOT).stdout
    assert "egg-info" not in status and "build/" not in status, status
