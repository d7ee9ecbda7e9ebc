# Every case of issue 15 from the command line and the Python package: no result is lost or
# clobbered (one writer at a time, --force only on regular files that are no input, whole files
# only), input is bounded, and every user error is a clear exit 2 where the user made it.
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import h5py
import numpy as np
import pytest

import hearsay
import hearsay.report
from hearsay import safe_write
from results_compare import assert_same_content
from scenario_texts import LONG, sir_text

SMALL = sir_text("small", seed=5, replications=2, end="10d", sample_every="1d", nodes=200, seeds=2)
NO_LOCKING = dict(os.environ, HDF5_USE_FILE_LOCKING="FALSE")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def long(run_scenario):
    return run_scenario("long", LONG)


@pytest.fixture
def small(tmp_path, run_hearsay):
    scenario = tmp_path / "small.yaml"
    scenario.write_text(SMALL)
    out = tmp_path / "small.h5"
    run_hearsay("run", scenario, "-o", out, "--quiet")
    return scenario, out


def start(hearsay_bin, *args):
    return subprocess.Popen([str(hearsay_bin), *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=NO_LOCKING)


def wait_until_written(path, pid, timeout=60):
    """Waits until `pid` holds hearsay's lock on `path` and the file is at its path."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and f"pid {pid} " in safe_write.lock_holder(path):
            return
        time.sleep(0.01)
    pytest.fail(f"{path} was not being written by pid {pid} within {timeout} s")


def side_files(path):
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(f".{path.name}."))


def no_traceback(result):
    assert "Traceback" not in result.stderr, result.stderr


# --- one writer at a time, whatever HDF5's own locking says -----------------------------------

def test_a_second_writer_resumer_force_or_merge_is_refused_while_a_run_writes(
        long, hearsay_bin, run_hearsay, tmp_path):
    scenario, whole = long
    out = tmp_path / "out.h5"
    first = start(hearsay_bin, "run", scenario, "-o", out, "--quiet", "--threads", "1")
    wait_until_written(out, first.pid)
    for args in (["run", scenario, "-o", out, "--resume"],
                 ["run", scenario, "-o", out, "--force"],
                 ["merge", whole, "-o", out, "--force"]):
        other = subprocess.run([str(hearsay_bin), *map(str, args)], capture_output=True,
                               text=True, env=NO_LOCKING, timeout=60)
        assert other.returncode == 1, (args, other.stderr)
        assert f"{out} is in use by another hearsay process: pid {first.pid} on host" \
            in other.stderr
        assert "hearsay run" in other.stderr and "wait for it to end" in other.stderr
    # Readers are not writers: both read the file while the run writes it.
    info = run_hearsay("info", out)
    assert f"being written:   by pid {first.pid}" in info.stdout
    ds = hearsay.open_results(out, allow_incomplete=True)
    assert ds.sizes["replication"] == 24
    # Python writers take the same lock.
    with pytest.raises(safe_write.OutputBusyError, match=f"pid {first.pid}"):
        safe_write.write_text(out, "clobbered", overwrite=True)
    _, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr
    assert_same_content(whole, out)
    assert side_files(out) == []


def test_two_runs_started_together_one_writes_the_other_is_told_why(long, hearsay_bin,
                                                                      tmp_path):
    """Fresh runs together (the later one refused because the file exists or is locked, never
    an HDF5 error or a deleted temporary file), then two --force runs together."""
    scenario, whole = long
    for round_, flags in enumerate([[], [], ["--force"], ["--force"]]):
        out = tmp_path / f"together{round_ % 2}.h5"
        processes = [start(hearsay_bin, "run", scenario, "-o", out, "--quiet", "--threads", "1",
                           *flags) for _ in range(2)]
        results = [(p.wait(timeout=300), p.stderr.read()) for p in processes]
        codes = sorted(code for code, _ in results)
        assert codes == [0, 1], results
        refusal = next(text for code, text in results if code == 1)
        assert "is in use by another hearsay process" in refusal or \
            "exists; use --resume" in refusal, refusal
        assert "HDF5" not in refusal
        assert_same_content(whole, out)
        assert side_files(out) == []


def test_python_and_the_cli_keep_each_other_out(small, run_hearsay, tmp_path):
    scenario, out = small
    with safe_write.OutputLock(out):
        refused = run_hearsay("run", scenario, "-o", out, "--force", check=False)
        assert refused.returncode == 1
        assert f"is in use by another hearsay process: pid {os.getpid()}" in refused.stderr
        assert f"pid {os.getpid()} on host" in safe_write.lock_holder(out)
    assert safe_write.lock_holder(out) == ""
    assert side_files(out) == []


# --- --force replaces only a regular file, never an input -----------------------------------

def test_force_never_replaces_anything_but_a_regular_file(small, run_hearsay, tmp_path):
    scenario, out = small
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.h5"
    folder.mkdir()
    link = tmp_path / "link.h5"
    link.symlink_to(out)
    dangling = tmp_path / "dangling.h5"
    dangling.symlink_to(tmp_path / "nowhere.h5")
    before = out.read_bytes()
    for target, kind in [(fifo, "a FIFO (named pipe)"), (folder, "a folder"),
                         (link, "a symbolic link"), (dangling, "a symbolic link")]:
        for command in (["run", scenario, "-o", target, "--force"],
                        ["network", scenario, "--export", target, "--force"]):
            result = run_hearsay(*command, check=False)
            assert result.returncode == 1, (command, result.stderr)
            assert f"{target} is {kind}, not a regular file" in result.stderr
            assert "even with --force" in result.stderr
    assert fifo.is_fifo() and folder.is_dir() and link.is_symlink() and dangling.is_symlink()
    assert out.read_bytes() == before
    assert not (tmp_path / "nowhere.h5").exists()


def test_force_never_replaces_an_input_of_the_command(small, run_hearsay, tmp_path):
    scenario, out = small
    text = scenario.read_text()
    alias = tmp_path / "alias.yaml"
    os.link(scenario, alias)
    edges = tmp_path / "edges.txt"
    edges.write_text("0 1\n1 2\n2 0\n")
    listed = tmp_path / "listed.yaml"
    listed.write_text(SMALL.replace("{generator: erdos_renyi, nodes: 200, mean_degree: 4}",
                                    f"{{generator: edge_list, path: {edges}}}"))
    cases = [["run", scenario, "-o", scenario, "--force"],
             ["run", scenario, "-o", alias, "--force"],
             ["run", scenario, "-o", scenario, "--resume"],
             ["run", listed, "-o", edges, "--force"],
             ["network", scenario, "--export", scenario, "--force"],
             ["network", listed, "--export", edges, "--force"],
             ["merge", out, "-o", out, "--force"]]
    for command in cases:
        result = run_hearsay(*command, check=False)
        assert result.returncode == 1, (command, result.stderr)
        assert "this command reads" in result.stderr, (command, result.stderr)
    assert scenario.read_text() == text and alias.read_text() == text
    assert edges.read_text() == "0 1\n1 2\n2 0\n"


def test_network_export_asks_before_replacing_and_writes_whole_files(small, run_hearsay,
                                                                      tmp_path):
    scenario, _ = small
    target = tmp_path / "edges.txt"
    target.write_text("keep me\n")
    refused = run_hearsay("network", scenario, "--export", target, check=False)
    assert refused.returncode == 1 and f"{target} exists; use --force" in refused.stderr
    assert target.read_text() == "keep me\n"
    run_hearsay("network", scenario, "--export", target, "--force")
    assert target.read_text().startswith("# hearsay edge list: 200 nodes")
    gz = tmp_path / "edges.txt.gz"
    run_hearsay("network", scenario, "--export", gz)
    assert gz.read_bytes()[:2] == b"\x1f\x8b"  # the name, not the temporary one, decides gzip
    assert side_files(target) == [] and side_files(gz) == []


def test_report_never_replaces_a_results_file_or_an_existing_page(small, tmp_path):
    scenario, out = small
    other = tmp_path / "other.h5"
    other.write_bytes(out.read_bytes())
    before = other.read_bytes()

    def report(*args):
        return subprocess.run([sys.executable, "-m", "hearsay.report", *map(str, args)],
                              capture_output=True, text=True, timeout=300,
                              env=dict(os.environ, PYTHONPATH=str(REPO / "analysis")))

    refused = report(out, "-o", other)
    assert refused.returncode == 1 and f"{other} exists; use --force" in refused.stderr
    itself = report(out, "-o", out, "--force")
    assert itself.returncode == 1 and "this command reads" in itself.stderr
    folder = report(out, "-o", tmp_path)
    assert folder.returncode == 1 and "is a folder, not a regular file" in folder.stderr
    for result in (refused, itself, folder):
        no_traceback(result)
    assert other.read_bytes() == before
    page = tmp_path / "page.html"
    assert report(out, "-o", page).returncode == 0
    again = report(out, "-o", page)
    assert again.returncode == 1 and "use --force" in again.stderr
    assert report(out, "-o", page, "--force").returncode == 0
    assert page.read_text().startswith("<!DOCTYPE html>")
    assert side_files(page) == []
    with pytest.raises(FileExistsError, match="overwrite=True"):
        hearsay.report.write_report(out, page)


@pytest.mark.parametrize("level", ["1.5", "1", "0", "-0.5", "nan", "inf", "abc"])
def test_report_level_must_be_between_0_and_1(small, tmp_path, level):
    _, out = small
    result = subprocess.run([sys.executable, "-m", "hearsay.report", str(out), "-o",
                             str(tmp_path / "r.html"), "--level", level],
                            capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, PYTHONPATH=str(REPO / "analysis")))
    assert result.returncode == 2, result.stderr
    assert "between 0 and 1" in result.stderr and "0.95" in result.stderr
    no_traceback(result)
    assert not (tmp_path / "r.html").exists()
    with pytest.raises(ValueError, match="between 0 and 1"):
        hearsay.report.write_report(out, tmp_path / "r.html", level=float(level)
                                    if level != "abc" else level)


def test_run_scenario_overwrites_nothing_unless_asked(hearsay_bin, tmp_path, monkeypatch):
    monkeypatch.setenv("HEARSAY_BIN", str(hearsay_bin))
    out = tmp_path / "study.h5"
    beside = tmp_path / "study.yaml"
    beside.write_text("# my notes, not a scenario\n")
    with pytest.raises(FileExistsError, match="study.yaml exists"):
        hearsay.run_scenario(SMALL, out)
    assert beside.read_text() == "# my notes, not a scenario\n"
    assert not out.exists()
    hearsay.run_scenario(SMALL, out, overwrite=True)
    assert beside.read_text() == SMALL and out.exists()
    with pytest.raises(FileExistsError, match="overwrite=True"):
        hearsay.run_scenario(SMALL, out)
    with pytest.raises(FileExistsError):
        hearsay.run_scenario(beside, out)  # a scenario path: only the results file is written
    with pytest.raises(safe_write.OutputError, match="this command reads"):
        hearsay.run_scenario(beside, beside, overwrite=True)
    assert beside.read_text() == SMALL


# --- merge: whole files only, at the speed of the disk --------------------------------------

@pytest.fixture(scope="module")
def eight_shards(long, run_hearsay):
    scenario, whole = long
    shards = []
    for i in range(8):
        shard = scenario.parent / f"part{i}of8.h5"
        run_hearsay("run", scenario, "--shard", f"{i}/8", "-o", shard, "--quiet")
        shards.append(shard)
    return shards


def merge_and_signal(hearsay_bin, shards, out, sig):
    """Starts `hearsay merge --force`, sends `sig` as soon as its temporary file appears (the
    merge is then under way: the name carries the merge's pid), returns the process once
    ended."""
    process = start(hearsay_bin, "merge", *shards, "-o", out, "--force", "--quiet")
    mark = f".hearsay-{process.pid:08x}-"
    deadline = time.monotonic() + 60
    while not any(mark in name for name in side_files(out)):
        assert process.poll() is None, "the merge ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.0005)
    process.send_signal(sig)
    process.communicate(timeout=60)
    return process


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_merge_leaves_the_old_file_whole(long, eight_shards, hearsay_bin,
                                                        run_hearsay, tmp_path, sig):
    scenario, whole = long
    out = tmp_path / "merged.h5"
    old = out.with_name("old.h5")
    run_hearsay("run", scenario, "-o", old, "--quiet", "--set", "seed=32")
    out.write_bytes(old.read_bytes())
    before = out.read_bytes()
    process = merge_and_signal(hearsay_bin, eight_shards, out, sig)
    if process.returncode == 0:  # the signal came after the last shard: the new file, whole
        assert_same_content(whole, out)
    else:
        expected = -signal.SIGKILL if sig == signal.SIGKILL else 130
        assert process.returncode == expected
        assert out.read_bytes() == before  # the old file, untouched
    if sig != signal.SIGKILL:
        assert side_files(out) == []  # Ctrl-C and SIGTERM clean up what they made
    # The next merge removes what a killed one left, and writes the whole file.
    run_hearsay("merge", *eight_shards, "-o", out, "--force", "--quiet")
    assert_same_content(whole, out)
    assert side_files(out) == []


# --- bounded input --------------------------------------------------------------------------

def test_devices_fifos_and_huge_files_are_refused_at_once(small, run_hearsay, tmp_path):
    scenario, _ = small
    fifo = tmp_path / "scenario.fifo"
    os.mkfifo(fifo)
    big = tmp_path / "big.yaml"
    with open(big, "wb") as f:
        f.truncate(17 << 20)
    for path, phrase in [("/dev/zero", "is a device, not a regular file"),
                         (fifo, "is a FIFO (named pipe), not a regular file"),
                         (big, "at most 16777216 bytes (16.0 MiB) are read"),
                         (tmp_path, "is a folder")]:
        started = time.monotonic()
        result = run_hearsay("check", path, check=False)
        assert time.monotonic() - started < 10
        assert result.returncode == 2 and phrase in result.stderr, result.stderr
    # An edge list or degree file that is a device or FIFO: at its key, before anything runs.
    for generator in (f"{{generator: edge_list, path: {fifo}}}",
                      "{generator: configuration, degree_file: /dev/zero}"):
        bad = tmp_path / "bad.yaml"
        bad.write_text(SMALL.replace("{generator: erdos_renyi, nodes: 200, mean_degree: 4}",
                                     generator))
        result = run_hearsay("run", bad, "-o", tmp_path / "x.h5", check=False)
        assert result.returncode == 2, result.stderr
        assert f"{bad}:5:" in result.stderr and "not a regular file" in result.stderr
    assert not (tmp_path / "x.h5").exists()


def test_a_scenario_from_standard_input(small, hearsay_bin, tmp_path):
    _, out = small

    def feed(*args):
        return subprocess.run([str(hearsay_bin), *map(str, args)], input=SMALL,
                              capture_output=True, text=True, timeout=120)

    assert "# ok: - is valid" in feed("check", "-").stdout
    piped = tmp_path / "piped.h5"
    assert feed("run", "-", "-o", piped, "--quiet").returncode == 0
    assert_same_content(out, piped)
    nameless = feed("run", "-")
    assert nameless.returncode == 2 and "give the results file with -o" in nameless.stderr
    endless = subprocess.run([str(hearsay_bin), "check", "-"], stdin=open("/dev/zero", "rb"),
                             capture_output=True, text=True, timeout=60)
    assert endless.returncode == 2 and "holds more than 16.0 MiB" in endless.stderr


# --- every error is the user's, where the user made it --------------------------------------

@pytest.mark.parametrize("value, write", [("6m", "6min for minutes or 6mo for months"),
                                          ("90 m", "90min for minutes or 90mo for months")])
def test_months_and_minutes_do_not_share_a_letter(run_hearsay, tmp_path, value, write):
    bad = tmp_path / "m.yaml"
    bad.write_text(SMALL.replace("end: 10d", f"end: {value}"))
    result = run_hearsay("check", bad, check=False)
    assert result.returncode == 2
    assert f"{bad}:4:" in result.stderr and "'time.end'" in result.stderr
    assert "ambiguous" in result.stderr and write in result.stderr
    good = tmp_path / "good.yaml"
    good.write_text(SMALL.replace("end: 10d, sample_every: 1d", "end: 1mo, sample_every: 720min"))
    assert "# samples per run: 62" in run_hearsay("check", good).stdout


@pytest.mark.parametrize("network, key, phrase", [
    ("{generator: erdos_renyi, nodes: 1, mean_degree: 4}", "network.mean_degree",
     "mean_degree = 4 exceeds nodes - 1 = 0"),
    ("{generator: erdos_renyi, nodes: 2, mean_degree: 4}", "network.mean_degree",
     "mean_degree = 4 exceeds nodes - 1 = 1"),
    ("{generator: watts_strogatz, nodes: 10, k: 5, rewire: 0.1}", "network.k",
     "needs 2k < nodes = 10"),
    ("{generator: barabasi_albert, nodes: 4, m: 4}", "network.m", "must be below nodes = 4"),
    ("{generator: random_regular, nodes: 5, degree: 3}", "network.degree", "is odd"),
    ("{generator: clustered_weak_ties, nodes: 10, clique_size: 20, weak_ties: 0}",
     "network.clique_size", "exceeds nodes = 10"),
])
def test_generator_constraints_are_exit_2_at_the_key(run_hearsay, tmp_path, network, key, phrase):
    bad = tmp_path / "g.yaml"
    bad.write_text(SMALL.replace("{generator: erdos_renyi, nodes: 200, mean_degree: 4}",
                                 network).replace("count: 2", "count: 1"))
    for command in (["check", bad], ["run", bad, "-o", tmp_path / "g.h5"], ["network", bad]):
        result = run_hearsay(*command, check=False)
        assert result.returncode == 2, (command, result.stderr)
        assert f"{bad}:5:" in result.stderr and f"'{key}'" in result.stderr
        assert phrase in result.stderr and "fix:" in result.stderr
    assert not (tmp_path / "g.h5").exists()


def test_erdos_renyi_follows_one_rule_at_every_size(run_hearsay, tmp_path):
    for nodes, mean_degree in [(1, 0), (2, 1), (3, 2)]:
        good = tmp_path / f"er{nodes}.yaml"
        good.write_text(SMALL.replace("nodes: 200, mean_degree: 4",
                                      f"nodes: {nodes}, mean_degree: {mean_degree}")
                        .replace("count: 2", "count: 1"))
        run_hearsay("check", good)


def test_arm_names_with_control_characters_are_refused(run_hearsay, tmp_path):
    bad = tmp_path / "arms.yaml"
    bad.write_text(SMALL + 'arms:\n  "a\\0b": {model.beta: 0.4}\n  "a\\0c": {model.beta: 0.6}\n')
    result = run_hearsay("run", bad, "-o", tmp_path / "arms.h5", check=False)
    assert result.returncode == 2
    assert f"{bad}:9:" in result.stderr and "arm name 'a\\x00b' contains a NUL byte" \
        in result.stderr
    assert not (tmp_path / "arms.h5").exists()


@pytest.mark.parametrize("args, phrase", [
    (["run"], "hearsay run: error: scenario is required"),
    (["run", "s.yaml", "--bogus"], "The following argument was not expected: --bogus"),
    (["run", "s.yaml", "--threads", "0"], "--threads: Value 0 not in range"),
    (["run", "s.yaml", "--threads", "many"], "--threads"),
    (["info"], "hearsay info: error: results is required"),
    (["merge", "a.h5"], "--output is required"),
    ([], "A subcommand is required"),
])
def test_argument_errors_exit_2_with_a_hint(run_hearsay, args, phrase):
    result = run_hearsay(*args, check=False)
    assert result.returncode == 2, result.stderr
    assert phrase in result.stderr and "--help` lists" in result.stderr


@pytest.mark.parametrize("word, guess", [("rn", "run"), ("mrege", "merge"), ("inof", "info")])
def test_a_mistyped_command_gets_did_you_mean(run_hearsay, word, guess):
    result = run_hearsay(word, "x.yaml", check=False)
    assert result.returncode == 2
    assert f"unknown command '{word}'; did you mean '{guess}'?" in result.stderr
    assert "commands: run, calibrate, merge, check" in result.stderr


def test_help_and_version_still_succeed(run_hearsay):
    assert run_hearsay("--help").returncode == 0
    assert run_hearsay("run", "--help").returncode == 0
    assert run_hearsay("--version").stdout.startswith("hearsay ")
