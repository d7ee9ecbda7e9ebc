# The results file as external readers see it (h5py): layout, types, determinism, CLI behaviour.
import h5py
import numpy as np
import pytest
from results_compare import assert_same_content as _assert_same
from scenario_texts import sir_text

TINY_SIR = sir_text("tiny-sir", seed=42, replications=3, end=20, sample_every=1, nodes=500, seeds=5)
NODES = 500
REPLICATIONS = 3
TIMES = 21
SIR_SERIES = ("susceptible", "infected", "recovered")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    path = tmp_path_factory.mktemp("scenario") / "tiny-sir.yaml"
    path.write_text(TINY_SIR)
    return path


@pytest.fixture(scope="module")
def results(tmp_path_factory, scenario, run_hearsay):
    """One finished run of the tiny scenario, shared by the read-only layout tests."""
    out = tmp_path_factory.mktemp("results") / "tiny-sir.h5"
    run_hearsay("run", scenario, "-o", out, "--quiet")
    return out


def assert_same_content(a, b):
    # Row order of /cascades is checked exactly by the ensemble tests; here, content.
    _assert_same(a, b, canonical_cascades=True)


# --- layout -----------------------------------------------------------------------------------

def test_root_attributes_are_typed_for_readers(results):
    with h5py.File(results, "r") as f:
        attrs = f.attrs
        assert isinstance(attrs["format"], str) and attrs["format"] == "hearsay-results"
        # A true scalar (not a 1-element array), so `== 1` and int() behave as expected.
        assert np.ndim(attrs["format_version"]) == 0
        assert np.issubdtype(type(attrs["format_version"]), np.integer)
        assert attrs["format_version"] == 1
        assert np.ndim(attrs["complete"]) == 0 and attrs["complete"] == 1
        assert isinstance(attrs["hearsay_version"], str) and attrs["hearsay_version"]
        assert attrs["model"] == "sir"
        assert attrs["scenario_name"] == "tiny-sir"


def test_scenario_text_is_stored(results):
    with h5py.File(results, "r") as f:
        ds = f["scenario"]
        assert ds.shape == ()
        # h5py 3 reads variable-length string datasets as bytes unless asked for str.
        assert h5py.check_string_dtype(ds.dtype).encoding == "utf-8"
        text = ds.asstr()[()]
        assert isinstance(text, str)
        assert "tiny-sir" in text


def test_coordinates(results):
    with h5py.File(results, "r") as f:
        time = f["time"]
        assert time.shape == (TIMES,) and time.dtype == np.float64
        assert np.array_equal(time[()], np.arange(TIMES, dtype=float))
        assert time.attrs["units"] == "days"
        assert np.array_equal(f["point"][()], [0])
        assert np.array_equal(f["replication"][()], np.arange(REPLICATIONS))
        assert f["point"].dtype == np.int64 and f["replication"].dtype == np.int64


def test_series_shape_storage_and_conservation(results):
    with h5py.File(results, "r") as f:
        assert set(SIR_SERIES) <= set(f["series"])
        arrays = {}
        for name in SIR_SERIES:
            ds = f["series"][name]
            assert ds.shape == (1, REPLICATIONS, TIMES)
            assert ds.dtype == np.float64
            # Whole runs, about 4096 values a chunk (at most 64 runs), consecutive runs.
            assert ds.chunks == (1, min(REPLICATIONS, 4096 // TIMES, 64), TIMES)
            assert ds.compression == "gzip" and ds.shuffle
            assert np.isnan(ds.fillvalue)
            arrays[name] = ds[()]
            assert not np.isnan(arrays[name]).any(), f"{name} has unwritten (NaN) values"
        total = arrays["susceptible"] + arrays["infected"] + arrays["recovered"]
        assert np.array_equal(total, np.full_like(total, NODES))


def test_metric_attributes_are_str(results):
    with h5py.File(results, "r") as f:
        for group in ("series", "summary"):
            for name, ds in f[group].items():
                assert isinstance(ds.attrs["units"], str), f"/{group}/{name}@units"
                assert isinstance(ds.attrs["description"], str), f"/{group}/{name}@description"
        for name in SIR_SERIES:
            assert f["series"][name].attrs["units"] == "agents"
            assert f["series"][name].attrs["description"]


def test_dimension_scales_are_attached(results):
    with h5py.File(results, "r") as f:
        for name in SIR_SERIES:
            ds = f["series"][name]
            assert ds.attrs["dimensions"] == "point replication time"
            # h5py gives the scale dataset, whose .name is its absolute path.
            assert [ds.dims[i][0].name for i in range(3)] == ["/point", "/replication", "/time"]
            assert ds.dims[2][0].name.endswith("time")
        for group in ("summary", "runs"):
            for name, ds in f[group].items():
                assert ds.attrs["dimensions"] == "point replication"
                assert [ds.dims[i][0].name for i in range(2)] == ["/point", "/replication"]


def test_a_model_without_brands_has_no_brand_dimension_and_no_cascades(results):
    # Brands and cascades are additive to format version 1: files of other models are unchanged.
    with h5py.File(results, "r") as f:
        assert f.attrs["format_version"] == 1
        assert "brand" not in f and "cascades" not in f
        for group in ("series", "summary"):
            for name, ds in f[group].items():
                assert "brand" not in ds.attrs["dimensions"], f"/{group}/{name}"


def test_summary_shape(results):
    with h5py.File(results, "r") as f:
        for name, ds in f["summary"].items():
            assert ds.shape == (1, REPLICATIONS) and ds.dtype == np.float64, name
            assert not np.isnan(ds[()]).any(), f"/summary/{name} has unwritten values"


def test_runs_table(results):
    with h5py.File(results, "r") as f:
        runs = f["runs"]
        for name in ("seed", "events", "wall_seconds", "status"):
            assert runs[name].shape == (1, REPLICATIONS), name
        assert runs["seed"].dtype == np.uint64 and runs["events"].dtype == np.uint64
        assert runs["status"].dtype == np.int8
        assert runs["status"].attrs["codes"] == "0 pending, 1 done, 2 truncated, 3 failed"
        assert (runs["status"][()] == 1).all()
        assert (runs["events"][()] > 0).all()
        assert (runs["wall_seconds"][()] >= 0).all()
        seeds = runs["seed"][()].ravel()
        assert len(set(seeds.tolist())) == REPLICATIONS, f"replications share seeds: {seeds}"


def test_provenance_is_text(results):
    with h5py.File(results, "r") as f:
        provenance = f["provenance"].attrs
        assert "hdf5_version" in provenance
        for key, value in provenance.items():
            assert isinstance(value, str), f"/provenance@{key} is {type(value).__name__}"


# --- determinism ------------------------------------------------------------------------------

def test_same_scenario_gives_identical_series(tmp_path, scenario, results, run_hearsay):
    again = tmp_path / "again.h5"
    run_hearsay("run", scenario, "-o", again, "--quiet")
    with h5py.File(results, "r") as a, h5py.File(again, "r") as b:
        for group in ("series", "summary"):
            assert sorted(a[group]) == sorted(b[group])
            for name in a[group]:
                assert np.array_equal(a[group][name][()], b[group][name][()]), f"/{group}/{name}"
        for name in ("seed", "events", "status"):
            assert np.array_equal(a["runs"][name][()], b["runs"][name][()]), f"/runs/{name}"


def test_thread_count_changes_nothing_but_provenance_and_wall_time(tmp_path, scenario,
                                                                   run_hearsay):
    one, two = tmp_path / "one.h5", tmp_path / "two.h5"
    run_hearsay("run", scenario, "-o", one, "--quiet", "--threads", "1")
    run_hearsay("run", scenario, "-o", two, "--quiet", "--threads", "2")
    assert_same_content(one, two)


# --- CLI behaviour around the file ------------------------------------------------------------

def test_info_describes_the_file(results, run_hearsay):
    result = run_hearsay("info", results)
    for name in SIR_SERIES:
        assert name in result.stdout, f"`hearsay info` does not mention {name}"


def test_info_mentions_brands_and_cascades_only_when_the_file_has_them(results, run_hearsay):
    out = run_hearsay("info", results).stdout
    assert f"dimensions:      point 1 x replication {REPLICATIONS} x time {TIMES}" in out
    assert "brands:" not in out and "cascades:" not in out
    assert "(per brand)" not in out


@pytest.mark.parametrize("extra, message", [
    ("brands: [{name: PitchCo}]\n", "'brands': model sir has no brands"),
    ("output: {cascades: true}\n", "'output.cascades': model sir does not record cascades"),
])
def test_brands_and_cascades_are_refused_for_a_model_without_them(tmp_path, run_hearsay, extra,
                                                                 message):
    path = tmp_path / "with-extra.yaml"
    path.write_text(TINY_SIR + extra)
    out = tmp_path / "never.h5"
    result = run_hearsay("run", path, "-o", out, "--quiet", check=False)
    assert result.returncode == 2
    assert message in result.stderr
    assert "fix: remove" in result.stderr
    assert not out.exists()


def test_existing_output_is_kept_without_force(tmp_path, scenario, results, run_hearsay):
    out = tmp_path / "kept.h5"
    out.write_bytes(results.read_bytes())
    before = out.read_bytes()

    refused = run_hearsay("run", scenario, "-o", out, "--quiet", check=False)
    assert refused.returncode != 0
    assert "--force" in refused.stderr + refused.stdout
    assert out.read_bytes() == before

    run_hearsay("run", scenario, "-o", out, "--quiet", "--force")
    with h5py.File(out, "r") as f:
        assert f.attrs["complete"] == 1


def test_info_on_files_that_are_not_results(tmp_path, run_hearsay):
    text = tmp_path / "notes.txt"
    text.write_text("not HDF5\n")
    result = run_hearsay("info", text, check=False)
    assert result.returncode != 0
    assert "is not an HDF5 file or is damaged" in result.stderr + result.stdout

    missing = run_hearsay("info", tmp_path / "missing.h5", check=False)
    assert missing.returncode != 0
    assert "no such file" in missing.stderr + missing.stdout

    foreign = tmp_path / "foreign.h5"
    with h5py.File(foreign, "w") as f:
        f["x"] = np.arange(3)
    result = run_hearsay("info", foreign, check=False)
    assert result.returncode != 0
    assert "is not a hearsay results file" in result.stderr + result.stdout
