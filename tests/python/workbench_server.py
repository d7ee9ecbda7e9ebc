# A real workbench server in a process of its own, for the workbench's API and browser tests.
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ANALYSIS = str(Path(__file__).resolve().parents[2] / "analysis")
# The flagship at a size that runs in a fraction of a second (2 runs of 2,000 consumers).
SMALL = {"network.nodes": 2000, "replications": 2, "time.end": "30d"}
# The flagship at a size that keeps a run busy for tens of seconds (cancelled long before).
SLOW = {"network.nodes": 100000, "replications": 48, "time.end": "365d"}
STARTUP_SECONDS = 60
TERMINAL = ("done", "failed", "cancelled", "interrupted")


class Workbench:
    """`python3 -m hearsay.workbench --port 0 --root ROOT [args]`, its address and a client."""

    def __init__(self, root, *args, token=None):
        self.root = Path(root)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([ANALYSIS] + [p for p in env.get(
            "PYTHONPATH", "").split(os.pathsep) if p])
        env["HEARSAY_WORKBENCH_THREADS"] = "2"
        command = [sys.executable, "-m", "hearsay.workbench", "--port", "0", "--root",
                   str(root), *args]
        if token:
            command += ["--token", token]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, env=env)
        line = self.process.stdout.readline()
        if not line.startswith("hearsay workbench: "):
            self.process.kill()
            pytest.fail(f"the workbench did not start: {line}{self.process.stderr.read()}",
                        pytrace=False)
        self.address = line.split(": ", 1)[1].strip()
        self.url = self.address.split("?")[0].rstrip("/")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = httpx.Client(base_url=self.url, headers=headers, timeout=60)

    def post(self, path, body, **kw):
        return self.client.post(path, json=body, **kw)

    def start(self, scenario="hard_vs_soft", sets=None):
        response = self.post("/api/runs", {"scenario": scenario,
                                            "set": SMALL if sets is None else sets})
        assert response.status_code == 201, response.text
        return response.json()["id"]

    def status(self, run_id):
        response = self.client.get(f"/api/runs/{run_id}")
        assert response.status_code == 200, response.text
        return response.json()

    def wait(self, run_id, until=TERMINAL, timeout=120, progress=None):
        """The run's status once it is one of `until` (and, given, progress >= `progress`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status(run_id)
            if status["status"] in until and (progress is None or
                                              (status["progress"] or 0) >= progress):
                return status
            time.sleep(0.1)
        pytest.fail(f"run {run_id} did not reach {until} in {timeout} s: {status}")

    def kill(self):
        """kill -9: the server dies without cleaning anything up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.client.close()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.client.close()
        self.process.stdout.close()
        self.process.stderr.close()
