"""The strategists' workbench: a local web page (FastAPI + uvicorn) on top of hearsay.simulate
to pick or upload a scenario, edit brands, run with progress and cancel, and read the answer.

Start it with ``python3 -m hearsay.workbench [--port 8765] [--host 127.0.0.1] [--root DIR]``
(or ``scripts/workbench``); ``create_app`` (hearsay.workbench.server) builds the ASGI app.
The web libraries are imported only when the server starts, so the worker stays light.
"""
from __future__ import annotations

DEFAULT_PORT = 8765
DEFAULT_ROOT = "results/workbench"
