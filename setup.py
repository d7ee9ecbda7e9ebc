"""Copies the compiled engine module into the package when pip builds it (pyproject.toml holds
the metadata): from $HEARSAY_MODULE_PATH, else build/release/python/hearsay. Without it the
package installs without hearsay.simulate, and says so."""
import glob
import importlib.machinery
import os
import shutil
import sys

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = os.path.dirname(os.path.abspath(__file__))


class BuildWithModule(build_py):
    def run(self):
        super().run()
        folder = os.environ.get("HEARSAY_MODULE_PATH") or os.path.join(
            ROOT, "build", "release", "python", "hearsay")
        suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
        found = glob.glob(os.path.join(folder, f"_core{suffix}"))
        if not found:
            print(f"hearsay-sim: no compiled module _core{suffix} in {folder}: installing "
                  "without hearsay.simulate (build it with scripts/build release, or set "
                  "HEARSAY_MODULE_PATH)", file=sys.stderr)
            return
        target = os.path.join(self.build_lib, "hearsay")
        os.makedirs(target, exist_ok=True)
        shutil.copy2(found[0], target)


setup(cmdclass={"build_py": BuildWithModule})
