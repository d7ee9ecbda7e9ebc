"""The workbench's runs: each a folder ROOT/runs/<id>/ (request.json, scenario.yaml,
status.json, results.h5, report.html), a queue that starts them one at a time (or `parallel`
at a time) in worker processes, cancel, and the recovery of runs a killed server left behind."""
from __future__ import annotations

import collections
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from .. import safe_write
from .worker import TERMINAL, read_status, write_status

RUN_ID = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9a-f]{16}$")


def new_run_id():
    """Sortable by time, unguessable by its 64 random bits, safe as a file name."""
    return time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + "-" + secrets.token_hex(8)


class RunManager:
    def __init__(self, root, parallel=1, threads=None):
        self.root = Path(root)
        self.folder = self.root / "runs"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.parallel = max(1, int(parallel))
        self.threads = threads
        self._lock = threading.Condition()
        self._queue = collections.deque()
        self._processes = {}
        self._cancelling = set()
        self._stopping = False
        self._recover()
        self._workers = [threading.Thread(target=self._serve, name=f"workbench-run-{k}",
                                          daemon=True) for k in range(self.parallel)]
        for worker in self._workers:
            worker.start()

    # -- the folders ---------------------------------------------------------------------------

    def path(self, run_id):
        """The folder of a known run, or None (the id is checked before any path is made)."""
        if not isinstance(run_id, str) or not RUN_ID.fullmatch(run_id):
            return None
        folder = self.folder / run_id
        return folder if (folder / "request.json").is_file() else None

    def _recover(self):
        """Runs a previous server left queued or running were stopped with it: interrupted."""
        for folder in sorted(self.folder.iterdir()):
            if not RUN_ID.fullmatch(folder.name) or not (folder / "request.json").is_file():
                continue
            status = read_status(folder)
            if status.get("status") not in TERMINAL:
                write_status(folder, status="interrupted", finished=time.time(),
                             error="the workbench stopped before this run finished; the runs "
                                   "that finished are kept in results.h5")

    def create(self, request, resolved, estimates):
        run_id = new_run_id()
        folder = self.folder / run_id
        folder.mkdir()
        plan = resolved.plan
        safe_write.write_text(folder / "scenario.yaml", resolved.text)
        write_status(folder, status="queued", progress=0.0, runs_done=0, runs_total=plan["runs"],
                     error=None, created=time.time())
        record = {"id": run_id, "scenario": request.get("scenario"), "set": resolved.sets,
                  "arms": resolved.arms,
                  "listed": resolved.listed, "name": plan["name"], "model": plan["model"],
                  "brands": list(plan["brands"]), "runs": plan["runs"], "created": time.time(),
                  **estimates}
        # request.json last: a folder without it is not a run (a crash in between leaves junk,
        # not a half run)
        safe_write.write_text(folder / "request.json", json.dumps(record, indent=1))
        with self._lock:
            self._queue.append(run_id)
            self._lock.notify_all()
        return run_id

    def request(self, run_id):
        return json.loads((self.folder / run_id / "request.json").read_text(encoding="utf-8"))

    def status(self, run_id):
        status = read_status(self.folder / run_id)
        with self._lock:
            if run_id in self._queue:
                status["queue_position"] = list(self._queue).index(run_id) + 1
        return status

    def summary(self, run_id):
        """What the API says of a run: its request and its status."""
        status = self.status(run_id)
        record = self.request(run_id)
        return {"id": run_id, "status": status.get("status"),
                "progress": status.get("progress", 0.0), "error": status.get("error"),
                "runs_done": status.get("runs_done"), "runs_total": status.get("runs_total"),
                "queue_position": status.get("queue_position"), "stage": status.get("stage"),
                "name": record.get("name"), "listed": record.get("listed"),
                "set": record.get("set"), "arms": record.get("arms"),
                "brands": record.get("brands"),
                "created": record.get("created"), "started": status.get("started"),
                "finished": status.get("finished"),
                "estimated_seconds": record.get("estimated_seconds"),
                "memory_bytes": record.get("memory_bytes")}

    def all(self):
        """Every run's summary, newest first (a folder whose request cannot be read is left
        out)."""
        out = []
        for folder in sorted(self.folder.iterdir(), reverse=True):
            if RUN_ID.fullmatch(folder.name) and (folder / "request.json").is_file():
                try:
                    out.append(self.summary(folder.name))
                except (OSError, ValueError):
                    continue
        return out

    # -- the queue -----------------------------------------------------------------------------

    def cancel(self, run_id):
        """Cancels a queued run at once, a running one with SIGINT (its finished runs stay in
        results.h5); returns the status after the request."""
        folder = self.folder / run_id
        with self._lock:
            if run_id in self._queue:
                self._queue.remove(run_id)
                return write_status(folder, status="cancelled", finished=time.time(),
                                    error="cancelled before it started")
            process = self._processes.get(run_id)
            if process is not None:
                self._cancelling.add(run_id)
                try:
                    process.send_signal(signal.SIGINT)
                except ProcessLookupError:
                    pass
        return read_status(folder)

    def _serve(self):
        while True:
            with self._lock:
                while not self._queue and not self._stopping:
                    self._lock.wait()
                if self._stopping:
                    return
                run_id = self._queue.popleft()
                folder = self.folder / run_id
                env = dict(os.environ)
                package_parent = str(Path(__file__).resolve().parents[2])
                env["PYTHONPATH"] = os.pathsep.join(
                    [package_parent] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep)
                                        if p])
                if self.threads:
                    env["HEARSAY_WORKBENCH_THREADS"] = str(self.threads)
                try:
                    # The worker is started from this long-lived thread: Linux signals it when
                    # the thread that started it ends (PR_SET_PDEATHSIG), i.e. with the server.
                    process = subprocess.Popen(
                        [sys.executable, "-m", "hearsay.workbench.worker", str(folder)],
                        cwd=self.root, env=env, stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                except OSError as error:
                    write_status(folder, status="failed", error=f"cannot start the run: {error}")
                    continue
                self._processes[run_id] = process
            _, errors = process.communicate()  # stderr read to its end: no full pipe
            code = process.returncode
            with self._lock:
                self._processes.pop(run_id, None)
                cancelled = run_id in self._cancelling
                self._cancelling.discard(run_id)
            status = read_status(folder)
            if status.get("status") not in TERMINAL:
                if cancelled:
                    write_status(folder, status="cancelled", finished=time.time(),
                                 error="cancelled; the runs that finished are kept in results.h5")
                else:
                    said = errors.decode("utf-8", "replace").strip()[-2000:]
                    write_status(folder, status="failed", finished=time.time(),
                                 error=f"the run's process ended with code {code}"
                                       + (f": {said}" if said else ""))

    def busy(self):
        with self._lock:
            return len(self._queue) + len(self._processes)

    def shutdown(self):
        """Stops the queue and cancels what runs (SIGINT), waiting for the workers to end."""
        with self._lock:
            self._stopping = True
            processes = list(self._processes.items())
            self._lock.notify_all()
        for _, process in processes:
            try:
                process.send_signal(signal.SIGINT)
            except ProcessLookupError:
                pass
        for run_id, process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
            write_status(self.folder / run_id, status="interrupted", finished=time.time(),
                         error="the workbench stopped during the run; the runs that finished "
                               "are kept in results.h5")
