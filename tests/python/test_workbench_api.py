# The workbench's API on a real server process: every endpoint, every refusal, the queue,
# cancel, and runs that survive a restart or a server killed mid-run.
import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import h5py
import numpy as np
import pytest
import yaml

import hearsay
from run_watch import wait_for_runs
from workbench_server import ANALYSIS, SLOW, SMALL, Workbench

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "scenarios" / "hard_vs_soft.yaml"
TINY_SIR = ("name: tiny-sir\nseed: 3\nreplications: 2\ntime: {end: 10d, sample_every: 1d}\n"
            "network: {generator: erdos_renyi, nodes: 300, mean_degree: 4}\n"
            "model: {name: sir}\nseeding: {count: 3}\n")


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    server = Workbench(tmp_path_factory.mktemp("workbench-root"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def finished(bench):
    """A small flagship run with PitchCo's pitch rate changed, finished."""
    run_id = bench.start(sets={**SMALL, "brands.PitchCo.pitches_per_day": 3.5})
    assert bench.wait(run_id)["status"] == "done"
    return run_id


def test_scenarios_are_listed_with_their_question(bench):
    listed = bench.client.get("/api/scenarios").json()
    names = {s["name"]: s for s in listed}
    assert {"name", "path", "description"} <= set(names["hard_vs_soft"])
    assert Path(names["hard_vs_soft"]["path"]) == FLAGSHIP
    assert names["hard_vs_soft"]["description"].startswith("Hard sell versus soft sell")
    one = bench.client.get("/api/scenarios/hard_vs_soft").json()
    assert one["question"].startswith("Question: does hard selling on social networks pay?")
    assert bench.client.get("/api/scenarios/no_such_thing").status_code == 404


def test_model_declarations_and_presets(bench):
    wom = bench.client.get("/api/models/wom").json()
    pitch = next(p for p in wom["params"] if p["name"] == "pitches_per_day")
    assert pitch["section"] == "brand" and pitch["unit"] == "1/d" and pitch["range"] == ">= 0"
    assert pitch["help"] and pitch["source"] and pitch["default"]
    presets = {p["label"]: p["values"] for p in wom["presets"]}
    assert presets["hard sell"]["pitches_per_day"] == 2
    assert presets["soft sell"]["answer_probability"] == 0.9
    assert "PitchCo (hard_vs_soft)" in presets
    missing = bench.client.get("/api/models/wam")
    assert missing.status_code == 404 and "wom" in missing.json()["error"]


def test_check_gives_values_and_estimates(bench):
    checked = bench.post("/api/check", {"scenario": "hard_vs_soft", "set": SMALL}).json()
    assert checked["runs"] == 2 and checked["brands"] == ["PitchCo", "PeopleCo"]
    assert checked["values"]["network"]["nodes"] == 2000 and checked["fits"]
    assert checked["memory_bytes"] > 0 and checked["estimated_seconds"] < 5
    campaign = "[{start: 0, end: 10, pitches_per_day: 4}]"
    checked = bench.post("/api/check", {"scenario": "hard_vs_soft",
                                        "set": {**SMALL, "brands.PitchCo.campaign": campaign}})
    assert checked.json()["values"]["brands"][0]["campaign"] == [
        {"start": 0, "end": 10, "pitches_per_day": 4}]


def test_a_run_finishes_with_every_download(bench, finished, tmp_path):
    status = bench.status(finished)
    assert status["status"] == "done" and status["progress"] == 1.0 and status["error"] is None
    assert status["runs_done"] == status["runs_total"] == 2
    listed = {r["id"]: r for r in bench.client.get("/api/runs").json()}
    assert listed[finished]["status"] == "done"

    results = bench.client.get(f"/api/runs/{finished}/results.h5")
    assert results.status_code == 200 and results.content[:8] == b"\x89HDF\r\n\x1a\n"
    (tmp_path / "r.h5").write_bytes(results.content)
    ds = hearsay.open_results(tmp_path / "r.h5")
    assert ds.sizes["replication"] == 2 and list(ds["brand"].values) == ["PitchCo", "PeopleCo"]

    text = bench.client.get(f"/api/runs/{finished}/scenario.yaml").text
    scenario = yaml.safe_load(text)
    assert scenario["brands"][0]["pitches_per_day"] == 3.5
    assert scenario["network"]["nodes"] == 2000 and scenario["output"]["path"] == "results.h5"
    # The downloaded scenario reproduces the run bit for bit.
    again = hearsay.simulate(text, progress=False)
    np.testing.assert_array_equal(again["final_sales"].values, ds["final_sales"].values)

    archive = zipfile.ZipFile(io.BytesIO(bench.client.get(f"/api/runs/{finished}/export.zip")
                                         .content))
    assert {"brand_summary.csv", "brand_series.csv"} <= set(archive.namelist())
    assert b"PitchCo" in archive.read("brand_summary.csv")

    verdict = bench.client.get(f"/api/runs/{finished}/verdict").json()["html"]
    assert "The answer" in verdict and "In short" in verdict
    series = bench.client.get(f"/api/runs/{finished}/series").json()
    assert series["brands"] == ["PitchCo", "PeopleCo"] and len(series["time"]) == 31
    sales = next(s for s in series["series"] if s["name"] == "cumulative_sales")
    band = sales["brands"][0]
    assert all(lo <= m <= hi for lo, m, hi in zip(band["lo"], band["mean"], band["hi"]))
    assert series["verdict"] and {m["name"] for m in series["money"]} >= {"roi", "profit"}
    assert any(s["name"] == "market_share" for s in series["series"])

    report = bench.client.get(f"/api/runs/{finished}/report")
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert "The verdict over time" in report.text
    assert (bench.root / "runs" / finished / "report.html").is_file()


def test_the_page_and_its_libraries_are_served_locally(bench):
    page = bench.client.get("/")
    assert page.status_code == 200 and "hearsay workbench" in page.text
    assert "http" not in page.text.split("<body>")[1].replace("http-equiv", "")
    assert bench.client.get("/static/vendor/uPlot.iife.min.js").status_code == 200
    assert bench.client.get("/static/workbench.js").status_code == 200


def cli_message(*args):
    done = subprocess.run([os.environ["HEARSAY_BIN"], "check", *args, "--no-pilot"],
                          capture_output=True, text=True)
    assert done.returncode != 0
    return done.stderr.split("error: ", 1)[1].strip()


def test_out_of_range_value_is_refused_with_the_cli_message(bench):
    response = bench.post("/api/runs", {"scenario": "hard_vs_soft",
                                        "set": {"brands.PitchCo.pitches_per_day": -1}})
    assert response.status_code == 422
    body = response.json()
    assert body["key"] == "brands[0].pitches_per_day"
    assert body["error"].split("error: ", 1)[1] == cli_message(
        str(FLAGSHIP), "--set", "brands.PitchCo.pitches_per_day=-1")
    assert bench.post("/api/check", {"scenario": "hard_vs_soft",
                                     "set": {"brands.PitchCo.pitches_per_day": -1}}).json() \
        == body


def test_bad_yaml_is_refused_with_its_line(bench, tmp_path):
    text = "name: x\nseed: 1\nmodel: {name: wom\n"
    response = bench.post("/api/runs", {"scenario": text})
    assert response.status_code == 422
    body = response.json()
    assert body["line"] == 4 and "invalid YAML" in body["error"]
    (tmp_path / "bad.yaml").write_text(text)
    assert body["error"].split("error: ", 1)[1] == cli_message(str(tmp_path / "bad.yaml"))


def test_a_run_of_yaml_text_and_an_upload(bench):
    run_id = bench.start(TINY_SIR, sets={})
    assert bench.wait(run_id)["status"] == "done"
    saved = bench.post("/api/scenarios", {"name": "tiny", "text": TINY_SIR})
    assert saved.status_code == 201 and saved.json()["name"] == "uploaded/tiny"
    assert (bench.root / "scenarios" / "tiny.yaml").read_text() == TINY_SIR
    names = [s["name"] for s in bench.client.get("/api/scenarios").json()]
    assert "uploaded/tiny" in names
    assert bench.post("/api/scenarios", {"name": "tiny", "text": TINY_SIR}).status_code == 409
    assert bench.post("/api/scenarios", {"name": "../x", "text": TINY_SIR}).status_code == 400
    assert bench.post("/api/scenarios", {"name": "x²", "text": TINY_SIR}).status_code == 400
    # A link among the uploads is not followed (it could point anywhere).
    (bench.root / "scenarios" / "linked.yaml").symlink_to("/etc/hostname")
    assert "uploaded/linked" not in [s["name"] for s in bench.client.get("/api/scenarios").json()]
    assert bench.client.get("/api/scenarios/uploaded/linked").status_code == 404
    replaced = bench.post("/api/scenarios", {"name": "linked", "text": TINY_SIR,
                                             "overwrite": True})
    assert replaced.status_code == 409 and "symbolic link" in replaced.json()["error"]
    run_id = bench.start("uploaded/tiny", sets={"replications": 1})
    assert bench.wait(run_id)["status"] == "done"


EDGE_LIST_RUN = ("name: edges\nseed: 3\nreplications: 1\ntime: {end: 5d, sample_every: 1d}\n"
                 "network: {generator: edge_list, path: PATH}\nmodel: {name: sir}\n"
                 "seeding: {count: 2}\n")


@pytest.mark.parametrize("how", ["dotdot", "absolute", "symlink", "set", "set-mapping",
                                 "output"])
def test_paths_that_leave_the_root_are_refused(bench, how, tmp_path):
    outside = tmp_path / "edges.txt"
    outside.write_text("0 1\n1 2\n2 0\n")
    if how == "symlink":
        link = bench.root / "escape.txt"
        if not link.is_symlink():
            link.symlink_to(outside)
    paths = {"dotdot": "../" * 12 + str(outside).lstrip("/"), "absolute": str(outside),
             "symlink": "escape.txt"}
    if how in paths:
        body = {"scenario": EDGE_LIST_RUN.replace("PATH", paths[how])}
    elif how == "set":
        body = {"scenario": "karate_word_of_mouth", "set": {"network.path": "../../etc/passwd"}}
    elif how == "set-mapping":
        body = {"scenario": "hard_vs_soft",
                "set": {"network": {"generator": "edge_list", "path": "/etc/passwd"}}}
    else:
        body = {"scenario": TINY_SIR + f"output: {{path: {tmp_path / 'out.h5'}}}\n"}
    for endpoint in ("/api/check", "/api/runs"):
        response = bench.post(endpoint, body)
        assert response.status_code == 403, response.text
        assert "leaves the workbench's root folder" in response.json()["error"]


def test_a_file_inside_the_root_may_be_read(bench):
    (bench.root / "data").mkdir(exist_ok=True)
    (bench.root / "data" / "edges.txt").write_text("0 1\n1 2\n2 0\n2 3\n")
    response = bench.post("/api/check", {"scenario": EDGE_LIST_RUN.replace("PATH",
                                                                           "data/edges.txt")})
    assert response.status_code == 200, response.text
    # The shipped scenario's own data file (in the repository) is trusted.
    assert bench.post("/api/check", {"scenario": "karate_word_of_mouth"}).status_code == 200


def test_runs_too_big_for_the_machine_are_refused_before_they_start(bench):
    before = len(bench.client.get("/api/runs").json())
    memory = bench.post("/api/runs", {"scenario": "hard_vs_soft",
                                      "set": {"network.nodes": 2_000_000_000}})
    assert memory.status_code == 422 and "memory" in memory.json()["error"]
    slow = bench.post("/api/runs", {"scenario": "hard_vs_soft",
                                    "set": {"network.nodes": 1_000_000, "replications": 2000}})
    assert slow.status_code == 422 and "would take about" in slow.json()["error"]
    assert len(bench.client.get("/api/runs").json()) == before


@pytest.mark.parametrize("case", ["cross-origin", "cross-site-fetch", "text-plain", "form",
                                  "no-content-type"])
def test_cross_site_and_non_json_posts_are_refused(bench, case):
    body = b'{"scenario": "hard_vs_soft"}'
    headers = {"Content-Type": "application/json"}
    if case == "cross-origin":
        headers["Origin"] = "http://evil.example"
    elif case == "cross-site-fetch":
        headers["Sec-Fetch-Site"] = "cross-site"
    elif case == "text-plain":
        headers["Content-Type"] = "text/plain"
    elif case == "form":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    else:
        headers = {}
    response = bench.client.post("/api/runs", content=body, headers=headers)
    assert response.status_code == 403, response.text
    assert "error" in response.json()
    # The page's own origin is welcome.
    same = bench.client.post("/api/check", content=body, headers={
        "Content-Type": "application/json", "Origin": bench.url,
        "Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 200


def test_cross_site_delete_is_refused(bench, finished):
    response = bench.client.delete(f"/api/runs/{finished}",
                                   headers={"Origin": "http://evil.example"})
    assert response.status_code == 403


def test_bad_bodies(bench):
    big = b'{"scenario": "' + b"x" * (1024 * 1024) + b'"}'
    response = bench.client.post("/api/runs", content=big,
                                 headers={"Content-Type": "application/json"})
    assert response.status_code == 413

    def chunks():
        for _ in range(20):
            yield b"x" * 65536
    response = bench.client.post("/api/runs", content=chunks(),
                                 headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    bad = bench.client.post("/api/runs", content=b"{not json",
                            headers={"Content-Type": "application/json"})
    assert bad.status_code == 400 and "JSON" in bad.json()["error"]
    assert bench.post("/api/runs", ["a list"]).status_code == 400
    assert bench.post("/api/runs", {"scenario": 3}).status_code == 400
    assert bench.post("/api/runs", {"scenario": "hard_vs_soft", "set": [1]}).status_code == 400
    unknown = bench.post("/api/runs", {"scenario": "no_such_scenario"})
    assert unknown.status_code == 404 and "no listed scenario" in unknown.json()["error"]
    unknown_key = bench.post("/api/runs", {"scenario": "hard_vs_soft",
                                           "set": {"model.pitch_reech": 0.1}})
    assert unknown_key.status_code == 422 and "pitch_reach" in unknown_key.json()["error"]


@pytest.mark.parametrize("run_id", ["20990101-000000-0123456789abcdef", "nope", "..",
                                    "%2e%2e%2f%2e%2e%2fetc", "20261207-182945-608ece7ab7f1e6d8x"])
def test_unknown_runs_are_404(bench, run_id):
    for path in ("", "/report", "/results.h5", "/scenario.yaml", "/series", "/export.zip"):
        response = bench.client.get(f"/api/runs/{run_id}{path}")
        assert response.status_code == 404, (path, response.text)
        assert "error" in response.json()
    assert bench.client.delete(f"/api/runs/{run_id}").status_code == 404


def test_a_foreign_host_name_is_refused(bench):
    response = bench.client.get("/api/scenarios", headers={"Host": "evil.example:80"})
    assert response.status_code == 403


def test_queue_one_at_a_time_and_cancel(bench):
    slow = bench.start(sets=SLOW)
    queued = bench.start()
    assert bench.status(queued)["status"] == "queued"
    bench.wait(slow, until=("running",))
    assert bench.client.get(f"/api/runs/{slow}/results.h5").status_code == 409  # being written
    status = bench.status(queued)
    assert status["status"] == "queued" and status["queue_position"] == 1
    cancelled = bench.client.delete(f"/api/runs/{queued}").json()
    assert cancelled["status"] == "cancelled"
    later = bench.start()
    assert bench.status(later)["status"] == "queued"
    assert bench.client.delete(f"/api/runs/{slow}").status_code == 200
    status = bench.wait(slow)
    assert status["status"] == "cancelled" and "kept" in status["error"]
    assert bench.wait(later)["status"] == "done"
    assert bench.client.get(f"/api/runs/{slow}/report").status_code == 409
    assert bench.client.get(f"/api/runs/{queued}/results.h5").status_code == 409


def test_token_and_the_loopback_rule(tmp_path):
    refused = subprocess.run([sys.executable, "-m", "hearsay.workbench", "--host", "0.0.0.0",
                              "--root", str(tmp_path / "r0"), "--port", "0"],
                             capture_output=True, text=True, timeout=60,
                             env=dict(os.environ, PYTHONPATH=ANALYSIS))
    assert refused.returncode != 0 and "--token" in refused.stderr
    assert not (tmp_path / "r0").exists()
    token = "s3cret-token-for-the-test"
    server = Workbench(tmp_path / "root", token=token)
    try:
        assert server.address.endswith(f"?token={token}")
        plain = server.client.get("/api/scenarios", headers={"Authorization": ""})
        assert plain.status_code == 401
        assert server.client.get("/", headers={"Authorization": ""}).status_code == 401
        wrong = server.client.get("/api/scenarios", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        assert server.client.get("/api/scenarios").status_code == 200
        assert server.client.get("/api/scenarios", headers={
            "Authorization": "", "X-Hearsay-Token": token}).status_code == 200
        posted = server.client.post("/api/check", json={"scenario": "hard_vs_soft"},
                                    headers={"Authorization": ""})
        assert posted.status_code == 401
        # The address printed logs the page in once; a cookie carries the token after that.
        import httpx
        with httpx.Client(base_url=server.url) as browser:
            first = browser.get(f"/?token={token}")
            assert first.status_code == 200 and "hearsay_token" in first.headers["set-cookie"]
            assert browser.get("/api/scenarios").status_code == 200
            assert browser.get("/api/scenarios?token=nope").status_code == 200  # the cookie
        with httpx.Client(base_url=server.url) as stranger:
            assert stranger.get("/?token=nope").status_code == 401
    finally:
        server.stop()


def test_restart_keeps_finished_runs_and_marks_the_killed_one_interrupted(tmp_path):
    server = Workbench(tmp_path)
    done = server.start()
    assert server.wait(done)["status"] == "done"
    busy = server.start(sets=SLOW)
    waiting = server.start()
    status = server.wait(busy, until=("running",))
    results = tmp_path / "runs" / busy / "results.h5"
    finished_before = wait_for_runs(results, 1)
    worker = int((yaml.safe_load((tmp_path / "runs" / busy / "status.json").read_text()))
                 ["pid"])
    server.kill()
    # The worker follows its server (PR_SET_PDEATHSIG), keeping the runs that finished.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Path(f"/proc/{worker}").exists():
        time.sleep(0.05)
    assert not Path(f"/proc/{worker}").exists()
    with h5py.File(results, "r") as f:
        assert np.count_nonzero(f["runs/status"][()]) >= finished_before
    server = Workbench(tmp_path)
    try:
        assert server.status(busy)["status"] == "interrupted"
        assert server.status(waiting)["status"] == "interrupted"
        assert server.status(done)["status"] == "done"
        assert server.client.get(f"/api/runs/{done}/verdict").status_code == 200
        assert server.client.get(f"/api/runs/{busy}/results.h5").status_code == 200
        # and the restarted server runs new work
        assert server.wait(server.start())["status"] == "done"
    finally:
        server.stop()
    assert status["runs_total"] == 48


def test_a_run_that_fails_says_why(bench):
    (bench.root / "data").mkdir(exist_ok=True)
    (bench.root / "data" / "broken.txt").write_text("0 1\n1 two\n")
    run_id = bench.start(EDGE_LIST_RUN.replace("PATH", "data/broken.txt"), sets={})
    status = bench.wait(run_id)
    assert status["status"] == "failed" and "broken.txt" in status["error"]
    assert bench.client.get(f"/api/runs/{run_id}/report").status_code == 409


TWO_ARMS = {"answers": {"brands.PitchCo.answer_probability": 0.9},
            "ignores": {"brands.PitchCo.answer_probability": 0.0}}


def test_a_run_with_arms_side_by_side(bench, tmp_path):
    assert bench.client.get("/api/scenarios/pitch_sweep").json()["arms"] == TWO_ARMS
    assert bench.client.get("/api/scenarios/hard_vs_soft").json()["arms"] == {}
    checked = bench.post("/api/check", {"scenario": "hard_vs_soft", "set": SMALL,
                                        "arms": TWO_ARMS}).json()
    assert checked["runs"] == 4 and checked["arms"] == TWO_ARMS
    response = bench.post("/api/runs", {"scenario": "hard_vs_soft", "set": SMALL,
                                        "arms": TWO_ARMS})
    assert response.status_code == 201, response.text
    run_id = response.json()["id"]
    assert bench.wait(run_id)["status"] == "done"
    assert bench.status(run_id)["arms"] == TWO_ARMS
    (tmp_path / "r.h5").write_bytes(bench.client.get(f"/api/runs/{run_id}/results.h5").content)
    ds = hearsay.open_results(tmp_path / "r.h5")
    assert list(ds.coords["arm"].values) == ["answers", "ignores"]
    text = bench.client.get(f"/api/runs/{run_id}/scenario.yaml").text
    assert yaml.safe_load(text)["arms"] == TWO_ARMS
    again = hearsay.simulate(text, progress=False)
    np.testing.assert_array_equal(again["final_sales"].values, ds["final_sales"].values)
    arms = bench.client.get(f"/api/runs/{run_id}/arms").json()
    assert arms["arms"] == ["answers", "ignores"]
    assert arms["groups"] == [{"label": "", "points": {"answers": 0, "ignores": 1}}]
    assert "Paired differences (arm a minus arm b)" in arms["html"]
    series = bench.client.get(f"/api/runs/{run_id}/series?point=1").json()
    assert series["point"] == 1 and series["arm"] == "ignores"
    assert series["points"] == ["answers", "ignores"]
    assert "arm" in bench.client.get(f"/api/runs/{run_id}/verdict").json()["html"]


def test_arms_replace_or_remove_the_scenarios_own(bench):
    small = {**SMALL, "replications": 1, "sweep": "{brands.PitchCo.pitches_per_day: [1, 2]}"}
    one = {"only": {"brands.PitchCo.answer_probability": 0.5}}
    checked = bench.post("/api/check", {"scenario": "pitch_sweep", "set": SMALL,
                                        "arms": one}).json()
    assert checked["arms"] == one and checked["runs"] == 2 * 50
    kept = bench.post("/api/check", {"scenario": "pitch_sweep", "set": small}).json()
    assert kept["arms"] == TWO_ARMS and kept["runs"] == 4
    # A sweep with arms: the arms of each sweep combination, and each point's curves.
    run_id = bench.start("pitch_sweep", sets={**small, "network.nodes": 300})
    assert bench.wait(run_id)["status"] == "done"
    arms = bench.client.get(f"/api/runs/{run_id}/arms").json()
    assert arms["swept"] == ["brands.PitchCo.pitches_per_day"]
    assert [g["points"] for g in arms["groups"]] == [{"answers": 0, "ignores": 2},
                                                     {"answers": 1, "ignores": 3}]
    series = bench.client.get(f"/api/runs/{run_id}/series?point=3").json()
    assert series["point"] == 3 and series["points"][3] == "ignores, pitches_per_day=2"
    gone = bench.post("/api/check", {"scenario": "pitch_sweep", "set": small, "arms": {}})
    assert gone.status_code == 200, gone.text
    assert "arms" not in gone.json()["values"] and gone.json()["runs"] == 2


@pytest.mark.parametrize("case", ["unknown-key", "out-of-range", "bad-name", "too-many",
                                  "not-a-mapping"])
def test_bad_arms_are_refused(bench, case):
    arms = {"unknown-key": {"a": {"brands.PitchCo.nope": 0.9}},
            "out-of-range": {"a": {"brands.PitchCo.answer_probability": 2}},
            "bad-name": {"a.b": {"brands.PitchCo.answer_probability": 0.5}},
            "too-many": {f"arm{k}": {"brands.PitchCo.answer_probability": k / 10}
                         for k in range(9)},
            "not-a-mapping": ["a", "b"]}[case]
    response = bench.post("/api/runs", {"scenario": "hard_vs_soft", "set": SMALL,
                                        "arms": arms})
    body = response.json()
    if case in ("unknown-key", "out-of-range"):
        assert response.status_code == 422
        value = "0.9" if case == "unknown-key" else "2"
        key = "nope" if case == "unknown-key" else "answer_probability"
        assert body["key"] == f"brands[0].{key}"
        # The CLI's message from "in arm 'a'" on (its start quotes the --set text as given).
        cli = cli_message(str(FLAGSHIP), "--set",
                          f"arms={{a: {{brands.PitchCo.{key}: {value}}}}}")
        assert "in arm 'a': " in body["error"]
        assert body["error"].split("in arm 'a': ", 1)[1] == cli.split("in arm 'a': ", 1)[1]
    else:
        assert response.status_code == 400
        assert {"bad-name": "without '/' or '.'", "too-many": "at most 8",
                "not-a-mapping": "must be a mapping"}[case] in body["error"]
    assert bench.post("/api/check", {"scenario": "hard_vs_soft", "set": SMALL,
                                     "arms": arms}).json() == body
