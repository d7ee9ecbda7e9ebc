"""The exceptions hearsay's Python API raises, with the messages the CLI prints.

``ScenarioError`` (bad scenario: file, line, column, key, what is wrong, how to fix it),
``InputFileError`` (a bad edge list or degree file: file and line), ``UnknownNameError`` (no
such model or generator), ``OutputError`` / ``OutputBusyError`` (an output that may not be
written, or another process writing it) and ``SimulationError`` (a failure while running:
I/O, HDF5). ``FileExistsError`` is raised for an existing output without ``overwrite=True``.
"""
from __future__ import annotations

from .safe_write import OutputBusyError, OutputError


class HearsayError(Exception):
    """Base of the errors the engine reports (OutputError is a RuntimeError of its own)."""


class ScenarioError(HearsayError, ValueError):
    """A scenario the engine refuses; ``str(error)`` is the CLI's message
    (``file:line:column: error: 'key': problem; fix``)."""

    def __init__(self, message, file="", line=0, column=0, key="", problem="", fix=""):
        super().__init__(message)
        self.file, self.line, self.column = file, line, column
        self.key, self.problem, self.fix = key, problem, fix


class InputFileError(HearsayError, ValueError):
    """A data file the scenario reads (edge list, degree file) is malformed or not a file."""


class UnknownNameError(HearsayError, LookupError):
    """No model or network generator has this name (the message suggests the closest)."""

    def __str__(self):  # LookupError subclasses would show the message quoted, as KeyError does
        return str(self.args[0]) if self.args else ""


class SimulationError(HearsayError, RuntimeError):
    """The run failed for a reason outside the scenario (I/O, HDF5, memory)."""


__all__ = ["HearsayError", "ScenarioError", "InputFileError", "UnknownNameError",
           "SimulationError", "OutputError", "OutputBusyError"]
