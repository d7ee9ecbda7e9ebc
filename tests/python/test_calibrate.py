# `hearsay calibrate` end to end: the file it writes, the posterior in Python, thread-count
# independence, a kill and --resume giving the uninterrupted posterior bit for bit, refusals and
# bad input with their exit codes.
import signal
import subprocess
import time

import h5py
import numpy as np
import pytest

import hearsay
from calibration_data import BASS_FIT, BASS_TRUTH, series_csv

def observed_csv(run_hearsay, folder, seed, nodes=300, every=1):
    """Adopters of one Bass run (p = .03, q = .38 per year) as DATA.csv, every `every` years."""
    scenario = folder / f"truth{seed}.yaml"
    scenario.write_text(BASS_TRUTH.format(seed=seed, nodes=nodes))
    run_hearsay("run", scenario, "-o", folder / f"truth{seed}.h5", "--quiet")
    return series_csv(folder / f"truth{seed}.h5", folder / f"data{seed}.csv", ["adopters"],
                      every=every)


def fit_scenario(folder, seed=3, nodes=300, particles=100, generations=3):
    path = folder / "fit.yaml"
    path.write_text(BASS_FIT.format(seed=seed, nodes=nodes, particles=particles,
                               generations=generations))
    return path


def calibration_arrays(path):
    """Every dataset and attribute under /calibration, for bit-for-bit comparisons."""
    out = {}
    with h5py.File(path) as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                out[name] = obj[()]
            for key, value in obj.attrs.items():
                out[f"{name}@{key}"] = value
        f["calibration"].visititems(visit)
        for key, value in f["calibration"].attrs.items():
            out[f"@{key}"] = value
    return out


def assert_same(a, b):
    assert a.keys() == b.keys()
    for key in a:
        x, y = np.asarray(a[key]), np.asarray(b[key])
        if x.dtype.kind == "f":
            assert x.tobytes() == y.tobytes(), key
        else:
            assert np.array_equal(x, y), key


@pytest.fixture(scope="module")
def fitted(tmp_path_factory, run_hearsay):
    folder = tmp_path_factory.mktemp("calibrate")
    data = observed_csv(run_hearsay, folder, seed=1)
    scenario = fit_scenario(folder)
    out = folder / "fit.h5"
    result = run_hearsay("calibrate", scenario, "--observed", data, "-o", out, "--threads", "2")
    return folder, scenario, data, out, result


def test_calibration_file_holds_every_generation_and_the_data(fitted):
    folder, scenario, data, out, result = fitted
    assert "posterior" in result.stdout and "model.p" in result.stdout
    with h5py.File(out) as f:
        assert f.attrs["format"] == "hearsay-calibration"
        c = f["calibration"]
        assert c.attrs["stop_reason"] == "generations"
        assert c.attrs["generations"] == 3
        assert c["particles"].shape == (3, 100, 2)
        assert list(c["parameters"].asstr()[:]) == ["model.p", "model.q"]
        assert np.isinf(c["tolerance"][0]) and np.all(np.diff(c["tolerance"][1:]) < 0)
        np.testing.assert_allclose(c["weights"][:].sum(axis=1), 1, rtol=1e-12)
        for g in range(1, 3):  # accepted particles are within their generation's tolerance
            assert np.all(c["distances"][g] <= c["tolerance"][g])
        assert list(c["observed/columns"].asstr()[:]) == ["adopters"]
        assert c["observed/time"][-1] == 15 * 365
    frame = hearsay.posterior(out)
    assert list(frame.columns) == ["model.p", "model.q", "weight", "distance"]
    assert len(frame) == 100 and frame.attrs["generation"] == 2
    assert len(hearsay.posterior(out, generation=0)) == 100
    summary = hearsay.posterior_summary(out)
    assert list(summary.index) == ["model.p", "model.q"]
    assert np.all(summary["low"] <= summary["mean"]) and np.all(summary["mean"] <= summary["high"])


def test_posterior_predictive_simulates_at_posterior_draws(fitted):
    folder, scenario, data, out, result = fitted
    predictive = hearsay.posterior_predictive(out, draws=4, output=folder / "pp.h5")
    assert list(predictive.columns) == ["adopters", "model.p", "model.q"]
    assert predictive.index.names == ["draw", "time"]
    assert len(predictive) == 4 * 16
    frame = hearsay.posterior(out)
    assert set(predictive["model.p"]) <= set(frame["model.p"])


def test_the_posterior_does_not_depend_on_the_thread_count(fitted, run_hearsay):
    folder, scenario, data, out, result = fitted
    one = folder / "one-thread.h5"
    run_hearsay("calibrate", scenario, "--observed", data, "-o", one, "--threads", "1", "--quiet")
    assert_same(calibration_arrays(out), calibration_arrays(one))


def test_resume_after_a_kill_gives_the_uninterrupted_posterior_bit_for_bit(
        tmp_path, run_hearsay, hearsay_bin):
    data = observed_csv(run_hearsay, tmp_path, seed=2)
    scenario = fit_scenario(tmp_path, seed=5, particles=100, generations=5)
    whole = tmp_path / "whole.h5"
    run_hearsay("calibrate", scenario, "--observed", data, "-o", whole, "--quiet")
    for how in (signal.SIGKILL, signal.SIGINT):
        killed = tmp_path / f"killed-{how.name}.h5"
        process = subprocess.Popen([str(hearsay_bin), "calibrate", str(scenario), "--observed",
                                    str(data), "-o", str(killed), "--quiet"])
        # Wait for the first generations to be in the file, then stop it mid-generation.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if killed.exists() and hearsay.calibration_info(killed)["schedule"].shape[0] >= 2:
                break
            time.sleep(0.02)
        process.send_signal(how)
        code = process.wait(timeout=120)
        if code == 0:
            pytest.skip("the calibration ended before the signal: the machine is too fast")
        assert code == (-signal.SIGKILL if how == signal.SIGKILL else 130)
        assert killed.exists()
        partial = hearsay.calibration_info(killed)
        assert partial["stop_reason"] == ""
        assert 2 <= partial["schedule"].shape[0] < 5
        run_hearsay("calibrate", scenario, "--observed", data, "-o", killed, "--resume", "--quiet")
        assert_same(calibration_arrays(whole), calibration_arrays(killed))


def test_existing_output_is_refused_without_force_or_resume(fitted, run_hearsay):
    folder, scenario, data, out, result = fitted
    before = out.read_bytes()
    refused = run_hearsay("calibrate", scenario, "--observed", data, "-o", out, check=False)
    assert refused.returncode == 1
    assert "exists; use --resume" in refused.stderr
    assert out.read_bytes() == before
    both = run_hearsay("calibrate", scenario, "--observed", data, "-o", out, "--force",
                       "--resume", check=False)
    assert both.returncode == 2
    # A finished calibration resumed: nothing to do, the same file.
    done = run_hearsay("calibrate", scenario, "--observed", data, "-o", out, "--resume")
    assert "stopped after 3 generations" in done.stdout
    assert out.read_bytes() == before
    # Resuming with other data is refused.
    other = folder / "other.csv"
    other.write_text(data.read_text().replace("\n0,", "\n0.5,", 1))
    mismatch = run_hearsay("calibrate", scenario, "--observed", other, "-o", out, "--resume",
                           check=False)
    assert mismatch.returncode == 1
    assert "another observed data" in mismatch.stderr


@pytest.mark.parametrize("text, message", [
    ("", "the file is empty"),
    ("adopters\n1\n", ":1:1: the header has no 'time' column"),
    ("time,adopters\n0,1\n1,x\n", ":3:3: 'x' in column adopters is not a number"),
    ("time,adopters,sales\n0,1,2\n", ":1:15: column 'sales' is not a matched metric"),
    ("time,adopters\n0,1\n0,2\n", ":3:1: time 0 does not come after the previous row's 0"),
    ("time,adopters\n0,1\n9999,2\n", "is after the scenario's end"),
])
def test_bad_observed_data_exits_2_naming_file_line_and_column(fitted, run_hearsay, tmp_path,
                                                               text, message):
    folder, scenario, data, out, result = fitted
    bad = tmp_path / "bad.csv"
    bad.write_text(text)
    refused = run_hearsay("calibrate", scenario, "--observed", bad, "-o", tmp_path / "x.h5",
                          check=False)
    assert refused.returncode == 2
    assert str(bad) in refused.stderr and message in refused.stderr
    assert not (tmp_path / "x.h5").exists()


def test_run_refuses_a_calibration_scenario(fitted, run_hearsay, tmp_path):
    folder, scenario, data, out, result = fitted
    refused = run_hearsay("run", scenario, "-o", tmp_path / "r.h5", check=False)
    assert refused.returncode == 2
    assert "hearsay calibrate" in refused.stderr


def test_report_of_a_calibration_file_has_its_section(fitted, tmp_path):
    folder, scenario, data, out, result = fitted
    from hearsay.report import write_report
    page = write_report(out, tmp_path / "calibration.html").read_text()
    assert '<section id="calibration">' in page
    assert "90% credible interval" in page and "model.p" in page and "model.q" in page
    assert "most generations allowed" in page
    assert page.count("<img") == 2   # the marginals and the predictive band
    assert "could not be" not in page


def test_info_describes_a_calibration_file(fitted, run_hearsay):
    folder, scenario, data, out, result = fitted
    text = run_hearsay("info", out).stdout
    assert "hearsay calibration file" in text
    assert "prior model.p" in text and "generation 2:" in text and "stopped: generations" in text
