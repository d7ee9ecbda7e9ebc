"""The workbench's web server (FastAPI): the page, the API, and the guard in front of both
(host, token, cross-site requests, body size)."""
from __future__ import annotations

import hmac
import io
import json
import os
import re
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import describe, safe_write
from ..errors import UnknownNameError
from .runs import RunManager
from .scenarios import (Catalogue, RequestError, arms_of, is_path_key, question_of,
                        refuse_if_too_big, resolve)

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY_BYTES = 1024 * 1024
COOKIE = "hearsay_token"
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def _error(status, message, **where):
    return JSONResponse({"error": message, **{k: v for k, v in where.items() if v}},
                        status_code=status)


class Guard:
    """ASGI middleware in front of everything: a Host header naming this server (no DNS
    rebinding), the token when there is one, POST/PUT/DELETE only from the page's own origin
    (and POST only as JSON), and bodies up to MAX_BODY_BYTES (413)."""

    def __init__(self, app, token=None, hosts=(), max_body=MAX_BODY_BYTES):
        self.app, self.token, self.hosts, self.max_body = app, token, set(hosts), max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        refusal, set_cookie = self._refusal(scope, headers)
        if refusal is not None:
            return await refusal(scope, receive, send)
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return await _too_big(self.max_body)(scope, receive, send)
        # The whole body is read here, up to the limit, and handed on: a body sent in chunks
        # without a length is held to the same limit.
        body, more = [], True
        size = 0
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return await _too_big(self.max_body)(scope, receive, send)
            body.append(chunk)
            more = message.get("more_body", False)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(body), "more_body": False}
            return await receive()

        async def with_cookie(message):
            if message["type"] == "http.response.start" and set_cookie:
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + [
                    (b"set-cookie", f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; "
                                    "Path=/".encode())]
            await send(message)

        await self.app(scope, replay, with_cookie)

    def _refusal(self, scope, headers):
        """(response refusing the request or None, whether to set the token cookie)."""
        host = headers.get("host", "")
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        if self.hosts and name not in self.hosts:
            return _error(403, f"this workbench does not answer for the host '{host}'"), False
        set_cookie = False
        if self.token:
            given = headers.get("x-hearsay-token", "")
            auth = headers.get("authorization", "")
            if not given and auth.lower().startswith("bearer "):
                given = auth[7:].strip()
            if not given:
                for part in headers.get("cookie", "").split(";"):
                    key, _, value = part.strip().partition("=")
                    if key == COOKIE:
                        given = value
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            if not given and scope["method"] == "GET" and query.get("token"):
                given = query["token"][0]
                set_cookie = hmac.compare_digest(given.encode(), self.token.encode())
            if not given:
                return _error(401, "this workbench needs its token: send the header "
                              "'Authorization: Bearer TOKEN' (or X-Hearsay-Token), or open "
                              "the page once as /?token=TOKEN"), False
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                return _error(401, "wrong token"), False
        if scope["method"] in ("POST", "PUT", "PATCH", "DELETE"):
            origin = headers.get("origin")
            fetch_site = headers.get("sec-fetch-site")
            own = f"{scope.get('scheme', 'http')}://{host}"
            if origin is not None and origin != own:
                return _error(403, f"cross-site request refused (Origin {origin} is not "
                              f"{own})"), False
            if fetch_site is not None and fetch_site not in ("same-origin", "none"):
                return _error(403, f"cross-site request refused (Sec-Fetch-Site: "
                              f"{fetch_site})"), False
            if scope["method"] != "DELETE":
                kind = headers.get("content-type", "").split(";")[0].strip().lower()
                if kind != "application/json":
                    return _error(403, "send the request body as JSON (Content-Type: "
                                  "application/json); other kinds are refused, as a "
                                  "cross-site form could send them"), False
        return None, set_cookie


def _too_big(limit):
    return _error(413, f"the request body is over {limit} bytes ({limit // 1024} KiB)")


def create_app(root, token=None, hosts=(), parallel=1, threads=None, max_minutes=60.0,
               shipped=None):
    """The workbench app serving ROOT (created if missing; it becomes the working folder, so
    the relative paths of uploaded scenarios are read in it)."""
    root = Path(root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    os.chdir(root)
    os.environ.setdefault("MPLBACKEND", "Agg")  # the report draws without a display
    catalogue = Catalogue(root, **({"shipped": shipped} if shipped else {}))
    manager = RunManager(root, parallel=parallel, threads=threads)
    app = FastAPI(title="hearsay workbench", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.manager, app.state.catalogue, app.state.root = manager, catalogue, root
    app.add_event_handler("shutdown", manager.shutdown)
    max_seconds = float(max_minutes) * 60

    @app.exception_handler(RequestError)
    async def _refused(request, error):
        return JSONResponse(error.body(), status_code=error.status)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request, error):
        message = {404: "no such page or run", 405: "this method is not allowed here"}.get(
            error.status_code, str(error.detail))
        return JSONResponse({"error": message}, status_code=error.status_code)

    async def _json(request):
        try:
            body = json.loads(await request.body() or b"null")
        except (ValueError, UnicodeDecodeError) as error:
            raise RequestError(400, f"the body is not valid JSON: {error}") from None
        if not isinstance(body, dict):
            raise RequestError(400, "the body must be a JSON object")
        return body

    def _folder(run_id):
        folder = manager.path(run_id)
        if folder is None:
            raise RequestError(404, f"no run '{run_id}'")
        return folder

    def _done(run_id):
        """The folder of a finished run (404 unknown, 409 not finished)."""
        folder = _folder(run_id)
        status = manager.status(run_id).get("status")
        if status != "done":
            raise RequestError(409, f"run {run_id} is {status}: it has not finished")
        return folder

    @app.get("/", response_class=HTMLResponse)
    async def page():
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    @app.get("/answer.css")
    async def answer_css():
        """The report's styles for what the page shows of it (claims, badges), scoped to
        .verdict so that they leave the rest of the page alone."""
        return Response(_scoped_report_css(), media_type="text/css")

    @app.get("/favicon.ico")
    async def favicon():
        return Response(status_code=204)

    @app.get("/api/scenarios")
    async def scenarios():
        return [{k: e[k] for k in ("name", "path", "description", "title", "origin")}
                for e in catalogue.entries()]

    @app.get("/api/scenarios/{name:path}")
    async def scenario(name: str):
        entry = catalogue.find(name)
        if entry is None:
            raise RequestError(404, f"no listed scenario is called '{name}'")
        text = Path(entry["path"]).read_text(encoding="utf-8")
        return {**entry, "text": text, "question": question_of(text) or entry["description"],
                "arms": arms_of(text)}

    @app.post("/api/scenarios")
    async def upload(request: Request):
        """Keeps an uploaded scenario as ROOT/scenarios/NAME.yaml once the engine accepts it."""
        body = await _json(request)
        name, text = body.get("name"), body.get("text")
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,80}", name):
            raise RequestError(400, "name: give a file name of letters, digits, - and _",
                               key="name")
        if not isinstance(text, str) or "\n" not in text and ": " not in text:
            raise RequestError(400, "text: give the scenario's YAML text", key="text")
        await run_in_threadpool(resolve, catalogue, text, {})
        catalogue.uploads.mkdir(exist_ok=True)
        try:
            safe_write.write_text(catalogue.uploads / f"{name}.yaml", text,
                                  overwrite=bool(body.get("overwrite")))
        except FileExistsError:
            raise RequestError(409, f"an uploaded scenario '{name}' exists; give another name "
                               "or overwrite: true", key="name") from None
        except safe_write.OutputError as error:  # not a regular file there, or being written
            raise RequestError(409, str(error), key="name") from None
        return JSONResponse({"name": f"uploaded/{name}"}, status_code=201)

    @app.get("/api/models/{name}")
    def model(name: str):
        try:
            table = describe(name)
        except UnknownNameError as error:
            raise RequestError(404, str(error)) from None
        params = json.loads(table.to_json(orient="records"))
        for p in params:
            p["path_key"] = is_path_key(p["name"])
        return {"name": table.attrs["describes"], "kind": table.attrs["kind"],
                "summary": table.attrs["summary"], "params": params,
                "presets": _presets(catalogue, name)}

    @app.post("/api/check")
    async def check_request(request: Request):
        body = await _json(request)
        return await run_in_threadpool(_check, body)

    def _check(body):
        resolved = resolve(catalogue, body.get("scenario"), body.get("set"), body.get("arms"))
        plan = resolved.plan
        try:
            estimates = refuse_if_too_big(resolved, max_seconds)
            fits, why = True, ""
        except RequestError as error:
            estimates, fits, why = {"memory_bytes": plan["memory_bytes"]}, False, str(error)
        data = resolved.data()
        return {"name": plan["name"], "model": plan["model"], "runs": plan["runs"],
                "brands": list(plan["brands"]), "resolved": resolved.text, "values": data,
                "description": data.get("description", ""), "fits": fits, "refusal": why,
                "arms": data.get("arms") or {},
                **estimates}

    @app.post("/api/runs", status_code=201)
    async def start(request: Request):
        body = await _json(request)
        return await run_in_threadpool(_start, body)

    def _start(body):
        resolved = resolve(catalogue, body.get("scenario"), body.get("set"), body.get("arms"))
        estimates = refuse_if_too_big(resolved, max_seconds)
        run_id = manager.create(body, resolved, estimates)
        return {"id": run_id}

    @app.get("/api/runs")
    async def runs():
        return manager.all()

    @app.get("/api/runs/{run_id}")
    async def run(run_id: str):
        _folder(run_id)
        return manager.summary(run_id)

    @app.delete("/api/runs/{run_id}")
    async def cancel(run_id: str):
        _folder(run_id)
        status = manager.cancel(run_id)
        return {"id": run_id, "status": status.get("status"), "error": status.get("error")}

    def _file(run_id, name, media, download=None, need_done=True):
        folder = _folder(run_id)
        path = folder / name
        status = manager.status(run_id).get("status")
        # A stopped run's file holds the runs that finished (resumable); a running one's is
        # still being written.
        stopped = name == "results.h5" and status in ("cancelled", "interrupted", "failed")
        if need_done and status != "done" and not (stopped and path.is_file()):
            raise RequestError(409, f"run {run_id} is {status}: it has no {name} yet")
        if not path.is_file():
            raise RequestError(404, f"run {run_id} has no {name}")
        return FileResponse(path, media_type=media, filename=download)

    report_lock = threading.Lock()  # one report at a time: matplotlib is not thread-safe

    @app.get("/api/runs/{run_id}/report")
    def report(run_id: str):
        """The strategist report (hearsay.report), written on first request and kept."""
        folder = _done(run_id)
        target = folder / "report.html"
        with report_lock:
            if not target.is_file():
                from ..report.page import write_report
                write_report(folder / "results.h5", target)
        return FileResponse(target, media_type="text/html")

    @app.get("/api/runs/{run_id}/results.h5")
    async def results(run_id: str):
        return _file(run_id, "results.h5", "application/x-hdf5", f"{run_id}.h5")

    @app.get("/api/runs/{run_id}/scenario.yaml")
    async def scenario_text(run_id: str):
        return _file(run_id, "scenario.yaml", "application/yaml", f"{run_id}.yaml",
                     need_done=False)

    @app.get("/api/runs/{run_id}/verdict")
    def verdict(run_id: str):
        folder = _done(run_id)
        from .views import answer_html
        return {"html": answer_html(folder / "results.h5")}

    @app.get("/api/runs/{run_id}/series")
    def series(run_id: str, point: int = 0):
        folder = _done(run_id)
        from .views import series as read_series
        return read_series(folder / "results.h5", max(point, 0))

    @app.get("/api/runs/{run_id}/arms")
    def arms(run_id: str):
        """The arms side by side: the report's paired differences (arm a minus arm b), the
        arms and, per sweep combination, the point of each arm."""
        folder = _done(run_id)
        from .views import arms_view
        return arms_view(folder / "results.h5")

    @app.get("/api/runs/{run_id}/export.zip")
    def export(run_id: str):
        """The CLI's CSV export (hearsay export --csv), zipped; made once, kept in the run."""
        folder = _done(run_id)
        target = folder / "export.zip"
        if not target.is_file():
            _export_zip(folder, target)
        return FileResponse(target, media_type="application/zip", filename=f"{run_id}-csv.zip")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return Guard(app, token=token, hosts=hosts)


def _scoped_report_css(scope=".verdict"):
    from ..report.markup import CSS
    rules = []
    for rule in CSS.replace("\n", "").split("}"):
        selectors, _, body = rule.partition("{")
        names = [n.strip() for n in selectors.split(",") if n.strip()]
        if body and names and all(n.startswith(".") for n in names):
            rules.append(",".join(f"{scope} {n}" for n in names) + "{" + body + "}")
    return "\n".join(rules) + "\n"


def _export_zip(folder, target):
    from ..cli import find_hearsay
    try:
        binary = find_hearsay()
    except FileNotFoundError as error:
        raise RequestError(503, f"the CSV export needs the hearsay CLI: {error}") from None
    with tempfile.TemporaryDirectory(prefix="hearsay-export-") as temp:
        done = subprocess.run([str(binary), "export", str(folder / "results.h5"), "--csv",
                               temp, "--quiet"], capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise RequestError(500, f"hearsay export failed: {done.stderr.strip()}")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(temp).iterdir()):
                archive.write(path, path.name)
    try:
        with safe_write.staged_file(target) as temp_path:
            Path(temp_path).write_bytes(buffer.getvalue())
    except FileExistsError:
        pass  # another request made it meanwhile: the same content


_PRESETS = {}


def _presets(catalogue, model):
    """Starting points for a brand: each style the model's brands take in the shipped
    scenarios (hard sell, soft sell: the model's defaults with the style), then each shipped
    brand as it is set there."""
    if model in _PRESETS:
        return _PRESETS[model]
    import yaml

    from .. import check
    from ..errors import HearsayError

    def brand_values(brand):
        return {k: v for k, v in brand.items() if k not in ("name", "campaign")}

    styles, brands = {}, []
    for entry in catalogue.entries():
        if entry["origin"] != "shipped":
            continue
        try:
            plan = check(Path(entry["path"]))
        except (HearsayError, ValueError):
            continue
        if plan["model"] != model:
            continue
        data = yaml.safe_load(plan["resolved"]) or {}
        for brand in data.get("brands") or []:
            style = brand.get("style")
            if style and style not in styles:
                bare = {k: v for k, v in data.items() if k not in ("output", "brands")}
                bare["brands"] = [{"name": "preset", "style": style}]
                try:
                    styled = yaml.safe_load(check(yaml.safe_dump(bare))["resolved"])
                    styles[style] = {"label": style.replace("_", " "),
                                     "values": brand_values(styled["brands"][0])}
                except (HearsayError, ValueError, KeyError, IndexError, TypeError):
                    pass
            brands.append({"label": f"{brand.get('name')} ({entry['name']})",
                           "values": brand_values(brand)})
    _PRESETS[model] = list(styles.values()) + brands
    return _PRESETS[model]


__all__ = ["create_app", "Guard"]
