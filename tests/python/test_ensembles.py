# Ensembles from the command line: sweeps and arms in the file, progress output, Ctrl-C, kill -9
# and --resume, shards and `hearsay merge`. Files are compared exactly (row order included).
import os
import resource
import signal
import subprocess
import time

import h5py
import numpy as np
import pytest

import hearsay
from results_compare import assert_same_content
from run_watch import wait_for_runs
from scenario_texts import LONG, wom_text

PLAN = wom_text("plan", seed=8, replications=3, end="30d", sample_every="1d",
                network="{generator: watts_strogatz, nodes: 2000, k: 6, rewire: 0.1}",
                plan="arms:\n  soft: {brands.PitchCo.style: soft_sell}\n  hard: {}\n"
                     "sweep:\n  brands.PitchCo.pitches_per_day: [1, 2, 8]\n")


@pytest.fixture(scope="module")
def long_scenario(tmp_path_factory):
    folder = tmp_path_factory.mktemp("long")
    path = folder / "long.yaml"
    path.write_text(LONG)
    return path


@pytest.fixture(scope="module")
def long_whole(long_scenario, run_hearsay):
    out = long_scenario.parent / "whole.h5"
    run_hearsay("run", long_scenario, "-o", out, "--quiet")
    return out


@pytest.fixture(scope="module")
def plan(run_scenario):
    return run_scenario("plan", PLAN, "plan.h5")


def start(hearsay_bin, *args):
    return subprocess.Popen([str(hearsay_bin), "run", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


# --- sweeps and arms in the file -------------------------------------------------------------

def test_points_table_and_named_dimensions(plan):
    _, out = plan
    with h5py.File(out, "r") as f:
        assert f["series/cumulative_sales"].shape == (6, 3, 2, 31)
        assert f["summary/final_sales"].shape == (6, 3, 2)
        table = f["points"]
        assert list(table) == ["arm", "brands.PitchCo.pitches_per_day"]
        assert list(table["arm"].asstr()[()]) == ["soft"] * 3 + ["hard"] * 3
        assert list(table["brands.PitchCo.pitches_per_day"][()]) == [1, 2, 8, 1, 2, 8]
        assert table["arm"].dims[0][0].name == "/point"
    ds = hearsay.open_results(out)
    assert dict(ds.sizes) == {"point": 6, "replication": 3, "brand": 2, "time": 31}
    assert list(ds.coords["arm"].values) == ["soft"] * 3 + ["hard"] * 3
    assert ds.attrs["swept"] == ["brands.PitchCo.pitches_per_day"]


def test_arms_are_paired_on_the_same_draws(plan):
    """Common random numbers: replication r of every arm has the same seed; the arms differ
    only by what the arm changes (PeopleCo's own parameters are the same in both)."""
    _, out = plan
    with h5py.File(out, "r") as f:
        seeds = f["runs/seed"][()]
    assert np.array_equal(seeds[:3], seeds[3:])  # soft vs hard, same sweep values
    assert len(np.unique(seeds[:3])) == 9  # independent across sweep values and replications
    comparison = hearsay.compare_arms(hearsay.open_results(out), ["final_sales"])
    assert set(comparison["by"]) == {"arm"}
    assert len(comparison) == 3 * 2  # 3 sweep values x 2 brands, soft vs hard


def test_check_lists_the_points(plan, run_hearsay):
    scenario, _ = plan
    text = run_hearsay("check", scenario).stdout
    assert "# runs: 18 (6 points x 3 replications)" in text
    assert "point 5: arm hard, brands.PitchCo.pitches_per_day = 8" in text


def test_threads_do_not_change_the_file(plan, run_hearsay, tmp_path):
    scenario, out = plan
    for threads in (1, 4):
        other = tmp_path / f"t{threads}.h5"
        run_hearsay("run", scenario, "-o", other, "--quiet", "--threads", threads)
        assert_same_content(out, other)


# --- progress -------------------------------------------------------------------------------

def test_progress_lines_when_not_a_terminal(plan, run_hearsay, tmp_path):
    scenario, _ = plan
    result = run_hearsay("run", scenario, "-o", tmp_path / "p.h5")
    lines = [line for line in result.stderr.splitlines() if line.startswith("progress:")]
    assert lines, result.stderr
    assert lines[-1].startswith("progress: 18/18 runs")
    assert "events/s" in lines[-1] and "elapsed" in lines[-1] and "left" in lines[-1]
    assert "\r" not in result.stderr  # no bar redraws into a log file


def test_progress_bar_on_a_terminal(plan, hearsay_bin, tmp_path):
    """With a terminal on stderr, one bar is redrawn in place (carriage return, erase to the end
    of the line) and ends at the full count with a newline."""
    import pty

    scenario, _ = plan
    master, slave = pty.openpty()
    process = subprocess.Popen([str(hearsay_bin), "run", str(scenario), "-o",
                                str(tmp_path / "tty.h5"), "--threads", "1"],
                               stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the terminal closes when the process ends
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert process.wait(timeout=300) == 0
    text = b"".join(chunks).decode("utf-8", "replace")
    assert "\r[" in text and "\x1b[K" in text, text
    assert "progress:" not in text  # the plain-line form is for logs only
    assert "[########################] 18/18 runs" in text
    assert text.endswith("left\x1b[K\r\n")  # the finished bar ends its line (the terminal adds \r)


def test_quiet_prints_nothing(plan, run_hearsay, tmp_path):
    scenario, _ = plan
    result = run_hearsay("run", scenario, "-o", tmp_path / "q.h5", "--quiet")
    assert result.stdout == "" and result.stderr == ""


def peak_rss_mb(command):
    """Runs a command and returns its peak resident memory (MB), from the kernel's accounting."""
    process = subprocess.Popen([str(c) for c in command], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, process.stderr.read()
    return usage.ru_maxrss / 1024


def test_memory_stays_bounded_however_many_runs(hearsay_bin, tmp_path):
    """Runs stream to the file: 30x more runs must not hold 30x more series in memory. Holding
    every series of the 1500 runs would take 1500 x 3 x 3001 x 8 B = 108 MB; streaming adds
    only the per-run summary figures and HDF5's bounded caches."""
    scenario = tmp_path / "many.yaml"
    scenario.write_text(
        "name: many\nseed: 1\nreplications: 50\ntime: {end: 30, sample_every: 0.01}\n"
        "network: {generator: erdos_renyi, nodes: 2000, mean_degree: 5}\n"
        "model: {name: sir, beta: 0.4, gamma: 1.0}\nseeding: {count: 3}\n")
    few = peak_rss_mb([hearsay_bin, "run", scenario, "-o", tmp_path / "few.h5", "--quiet"])
    many = peak_rss_mb([hearsay_bin, "run", scenario, "-o", tmp_path / "many.h5", "--quiet",
                        "--set", "replications=1500"])
    assert many < few + 40, f"peak memory {few:.0f} MB with 50 runs, {many:.0f} MB with 1500"


# --- never lose work ------------------------------------------------------------------------

def test_kill_9_then_resume_equals_an_uninterrupted_run(long_scenario, long_whole, hearsay_bin,
                                                        run_hearsay, tmp_path):
    out = tmp_path / "killed.h5"
    process = start(hearsay_bin, long_scenario, "-o", out, "--quiet", "--threads", "2")
    wait_for_runs(out, 6)
    process.kill()  # SIGKILL: no chance to clean up
    process.wait()
    with h5py.File(out, "r") as f:
        status = f["runs/status"][()]
        assert f.attrs["complete"] == 0
        assert 6 <= np.count_nonzero(status) < status.size, "the kill came too late to test"
    result = run_hearsay("run", long_scenario, "-o", out, "--resume", "--threads", "1")
    assert "resuming" in result.stderr
    assert_same_content(long_whole, out)


def test_cascade_chunks_are_rewritten_in_place(long_whole):
    """/cascades grows by every run, so its last chunk is rewritten by every run. Uncompressed
    chunks keep their file address; compressed ones move and HDF5 may reuse the old space before
    the next flush, which left the committed rows unreadable after a kill -9 (about 1 kill in
    30 on this plan, found by the test below)."""
    with h5py.File(long_whole, "r") as f:
        for name, column in f["cascades"].items():
            assert column.chunks is not None and column.maxshape == (None,), name
            assert column.compression is None and not column.shuffle, name
            assert column.id.get_create_plist().get_nfilters() == 0, name


def test_repeated_kill_9_at_random_moments_then_resume(long_scenario, long_whole, hearsay_bin,
                                                       run_hearsay, tmp_path):
    """kill -9 five times at random moments (from the start, mid-run, mid-write), resuming each
    time; the final file equals an uninterrupted run."""
    out = tmp_path / "killed-often.h5"
    delays = np.random.default_rng(20261124).uniform(0.05, 1.2, size=5)
    for round_, delay in enumerate(delays):
        args = [long_scenario, "-o", out, "--quiet", "--threads", "2"]
        if round_ > 0:
            args.append("--resume")
        process = start(hearsay_bin, *args)
        time.sleep(delay)
        process.kill()
        process.wait()
    run_hearsay("run", long_scenario, "-o", out, "--resume", "--quiet")
    assert_same_content(long_whole, out)


def test_ctrl_c_keeps_finished_runs_and_says_how_to_resume(long_scenario, long_whole,
                                                           hearsay_bin, run_hearsay, tmp_path):
    out = tmp_path / "interrupted.h5"
    process = start(hearsay_bin, long_scenario, "-o", out, "--threads", "2")
    wait_for_runs(out, 4)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 130, stderr
    assert "stopping after the runs in progress" in stderr
    assert "--resume -o" in stderr
    with h5py.File(out, "r") as f:
        assert f.attrs["complete"] == 0
        kept = np.count_nonzero(f["runs/status"][()])
        assert kept >= 4
    # The kept runs are exactly those of the uninterrupted run.
    with h5py.File(out, "r") as a, h5py.File(long_whole, "r") as b:
        done = a["runs/status"][()] != 0
        assert np.array_equal(a["summary/final_sales"][()][done], b["summary/final_sales"][()][done])
    run_hearsay("run", long_scenario, "-o", out, "--resume", "--quiet")
    assert_same_content(long_whole, out)


def test_full_disk_keeps_finished_runs_readable(long_scenario, long_whole, hearsay_bin,
                                                run_hearsay, tmp_path):
    """A file size limit (ulimit -f) stands in for a full disk: the run stops with a clear error
    before writing a run it has no room for, the file stays readable, and --resume finishes it."""
    out = tmp_path / "full.h5"
    # A run needs room for its chunk of runs uncompressed and 1 MiB of metadata: give that and
    # about a third of the file.
    with h5py.File(long_whole, "r") as f:
        chunk_bytes = sum(8 * int(np.prod(d.chunks)) for d in f["series"].values())
    limit = (1 << 20) + chunk_bytes + long_whole.stat().st_size // 3

    def small_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run([str(hearsay_bin), "run", str(long_scenario), "-o", str(out),
                             "--quiet"], capture_output=True, text=True, timeout=300,
                            preexec_fn=small_disk)
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "cannot write run" in result.stderr and "ulimit -f" in result.stderr
    assert "--resume" in result.stderr
    with h5py.File(out, "r") as f:
        done = np.count_nonzero(f["runs/status"][()])
        assert 0 < done < f["runs/status"].size
        assert f.attrs["complete"] == 0
    run_hearsay("run", long_scenario, "-o", out, "--resume", "--quiet")
    assert_same_content(long_whole, out)


def test_resume_refuses_another_scenario(plan, run_hearsay, tmp_path):
    scenario, out = plan
    copy = tmp_path / "copy.h5"
    copy.write_bytes(out.read_bytes())
    result = run_hearsay("run", scenario, "-o", copy, "--resume", "--set", "seed=9", check=False)
    assert result.returncode == 1
    assert "cannot resume" in result.stderr and "different scenario" in result.stderr
    assert copy.read_bytes() == out.read_bytes()


def test_existing_file_needs_resume_or_force(plan, run_hearsay):
    scenario, out = plan
    result = run_hearsay("run", scenario, "-o", out, check=False)
    assert result.returncode == 1 and "--resume" in result.stderr and "--force" in result.stderr
    both = run_hearsay("run", scenario, "-o", out, "--resume", "--force", check=False)
    assert both.returncode == 2 and "give one of them" in both.stderr


# --- shards and merge -----------------------------------------------------------------------

def test_shards_merge_into_the_single_run_file(plan, run_hearsay, tmp_path):
    scenario, out = plan
    shards = []
    for i in range(4):
        shard = tmp_path / f"s{i}.h5"
        run_hearsay("run", scenario, "--shard", f"{i}/4", "-o", shard, "--quiet")
        with h5py.File(shard, "r") as f:
            assert f.attrs["shard"] == f"{i}/4"
        shards.append(shard)
    merged = tmp_path / "merged.h5"
    result = run_hearsay("merge", *reversed(shards), "-o", merged)
    assert "from 4 shards" in result.stdout
    assert_same_content(out, merged)
    missing = run_hearsay("merge", *shards[:3], "-o", tmp_path / "m.h5", check=False)
    assert missing.returncode == 1 and "shard 3 of 4 is missing" in missing.stderr
    assert not (tmp_path / "m.h5").exists()


def test_shard_default_output_name_and_bad_shard(plan, run_hearsay):
    scenario, _ = plan
    run_hearsay("run", scenario, "--shard", "1/2", "--quiet", "--set", "output.path=named.h5")
    assert (scenario.parent / "named.shard-1-of-2.h5").is_file()
    bad = run_hearsay("run", scenario, "--shard", "2/2", check=False)
    assert bad.returncode == 2 and "expected i/n with 0 <= i < n" in bad.stderr  # bad input


# --- refusals before anything starts --------------------------------------------------------

def test_a_plan_that_does_not_fit_in_memory_is_refused(plan, run_hearsay, tmp_path):
    scenario, _ = plan
    out = tmp_path / "big.h5"
    result = run_hearsay("run", scenario, "-o", out, "--max-memory", "1M", check=False)
    assert result.returncode == 1
    assert "would need about" in result.stderr and "--max-memory limit" in result.stderr
    assert not out.exists()
    # The default limit is the memory available now: a billion-node network does not fit.
    huge = run_hearsay("run", scenario, "-o", out, "--set", "network.nodes=2000000000",
                       check=False)
    assert huge.returncode == 1 and "would need about" in huge.stderr
    assert "are available" in huge.stderr
    assert not out.exists()
    bad = run_hearsay("run", scenario, "-o", out, "--max-memory", "lots", check=False)
    assert bad.returncode == 2 and "expected a size such as 500M" in bad.stderr  # bad input
