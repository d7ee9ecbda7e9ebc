"""Finds and loads the compiled engine module ``hearsay._core`` (sim/python/module.cpp).

The build writes it to ``<build>/python/hearsay/_core.<abi>.so``, outside this package, so the
package in ``analysis/`` keeps working from a source checkout. Where it looks, in order:

1. ``$HEARSAY_MODULE_PATH``: a folder holding ``_core*.so`` (set, it must hold one);
2. this package's own folder (an installed package: ``cmake --install`` or pip);
3. ``python/hearsay`` beside the folder of ``$HEARSAY_BIN`` (``build/release/bin/hearsay``
   -> ``build/release/python/hearsay``);
4. ``build/release/python/hearsay`` in the repository holding this package.
"""
from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPOSITORY = _PACKAGE.parents[1]  # analysis/hearsay -> the repository
_SUFFIXES = tuple(importlib.machinery.EXTENSION_SUFFIXES)
_module = None


class ModuleNotBuiltError(ImportError):
    """The compiled module is missing: build it, or say where it is."""


def _candidates(folder):
    folder = Path(folder)
    paths = (folder / f"_core{suffix}" for suffix in _SUFFIXES)
    return [path for path in paths if path.is_file()]


def module_path():
    """Path of the compiled module this package loads; ModuleNotBuiltError when there is none."""
    override = os.environ.get("HEARSAY_MODULE_PATH")
    if override:
        found = _candidates(override)
        if not found:
            raise ModuleNotBuiltError(
                f"HEARSAY_MODULE_PATH={override} holds no _core module for this Python "
                f"({_SUFFIXES[0]}): point it at <build>/python/hearsay, or unset it")
        return found[0]
    folders = [_PACKAGE]
    binary = os.environ.get("HEARSAY_BIN")
    if binary:
        folders.append(Path(binary).resolve().parent.parent / "python" / "hearsay")
    folders.append(_REPOSITORY / "build" / "release" / "python" / "hearsay")
    for folder in folders:
        found = _candidates(folder)
        if found:
            return found[0]
    raise ModuleNotBuiltError(
        "hearsay's compiled module (_core) is not built: run scripts/build release (it needs "
        "Debian's pybind11-dev and python3-dev), or set HEARSAY_MODULE_PATH to the folder "
        f"holding _core{_SUFFIXES[0]}; looked in {', '.join(str(f) for f in folders)}")


def core():
    """The loaded ``hearsay._core`` module (loaded once)."""
    global _module
    if _module is None:
        name = "hearsay._core"
        if name in sys.modules:
            _module = sys.modules[name]
        else:
            path = module_path()
            spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[name]
                raise
            _module = module
    return _module
