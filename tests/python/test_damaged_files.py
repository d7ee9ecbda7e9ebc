# Results files that are truncated, corrupted or not ours: `hearsay info`, `hearsay run --resume`
# and the Python loader give a clear error (or, for damage they cannot see, a normal answer),
# never a crash.
import shutil

import h5py
import numpy as np
import pytest

import hearsay
from scenario_texts import sir_text

SCENARIO = sir_text("damaged", seed=3, replications=4, end=20, sample_every=1, nodes=800, seeds=4)


@pytest.fixture(scope="module")
def good(simulate):
    out, _ = simulate("damaged", SCENARIO, "--quiet")
    return out


def truncate(fraction):
    def damage(path):
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * fraction)])
    return damage


def flip_bytes(start_fraction):
    def damage(path):
        data = bytearray(path.read_bytes())
        start = int(len(data) * start_fraction)
        for i in range(start, min(start + 512, len(data))):
            data[i] ^= 0x5A
        path.write_bytes(bytes(data))
    return damage


def empty(path):
    path.write_bytes(b"")


def random_bytes(path):
    path.write_bytes(np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8).tobytes())


def text_file(path):
    path.write_text("name: not a results file\n")


def foreign_hdf5(path):
    path.unlink()
    with h5py.File(path, "w") as f:
        f["data"] = np.arange(10)


def newer_version(path):
    with h5py.File(path, "r+") as f:
        f.attrs["format_version"] = np.int64(99)


def no_status(path):
    with h5py.File(path, "r+") as f:
        del f["runs/status"]


def misshapen_status(path):
    with h5py.File(path, "r+") as f:
        del f["runs/status"]
        f["runs/status"] = np.ones(3, dtype=np.int8)


def bad_status_code(path):
    with h5py.File(path, "r+") as f:
        f["runs/status"][0, 0] = 9


def no_series_group(path):
    with h5py.File(path, "r+") as f:
        del f["series"]


DAMAGE = {
    "empty": empty,
    "random bytes": random_bytes,
    "text file": text_file,
    "foreign HDF5": foreign_hdf5,
    "newer format version": newer_version,
    "truncated to 10%": truncate(0.10),
    "truncated to 50%": truncate(0.50),
    "truncated to 95%": truncate(0.95),
    "bytes flipped at 1%": flip_bytes(0.01),
    "bytes flipped at 40%": flip_bytes(0.40),
    "bytes flipped at 80%": flip_bytes(0.80),
    "no /runs/status": no_status,
    "misshapen /runs/status": misshapen_status,
    "unknown status code": bad_status_code,
    "no /series": no_series_group,
}


@pytest.fixture(params=sorted(DAMAGE), ids=sorted(DAMAGE))
def damaged(request, good, tmp_path):
    path = tmp_path / "damaged.h5"
    shutil.copyfile(good, path)
    DAMAGE[request.param](path)
    return path


def assert_clean_exit(result):
    """Exit 0, or 1 with one `error:` line naming the file; never a signal or a trace."""
    assert result.returncode in (0, 1), (result.returncode, result.stderr)
    if result.returncode == 1:
        assert result.stderr.startswith("error: "), result.stderr
        assert "damaged.h5" in result.stderr
        assert "Traceback" not in result.stderr and "terminate called" not in result.stderr


def test_info_gives_a_clear_error(damaged, run_hearsay):
    assert_clean_exit(run_hearsay("info", damaged, check=False))


def test_resume_gives_a_clear_error(damaged, good, run_hearsay):
    scenario = good.with_suffix(".yaml")
    result = run_hearsay("run", scenario, "-o", damaged, "--resume", "--quiet", check=False)
    assert_clean_exit(result)
    if result.returncode == 0:
        # Damage resume could not see (e.g. inside compressed data it rewrites) is repaired
        # only if the file reads back; it must at least be a readable results file now.
        run_hearsay("info", damaged)


def test_python_loader_gives_a_clear_error(damaged):
    try:
        hearsay.open_results(damaged, allow_incomplete=True)
    except hearsay.ResultsError as error:
        assert "damaged.h5" in str(error)


def test_undamaged_file_reads(good, run_hearsay):
    # The control: the same checks pass on the file before damage.
    assert run_hearsay("info", good).returncode == 0
    assert hearsay.open_results(good).sizes["replication"] == 4
