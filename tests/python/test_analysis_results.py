# hearsay.open_results / read_cascades / scenario_value: real CLI files and hand-made files in
# the documented layout (brands, the /points table, /cascades, damaged and incomplete files).
import h5py
import numpy as np
import pytest

import hearsay
from scenario_texts import sir_text
from test_analysis_support import (brand_file, cascade_columns, merge_columns, write_results)

TINY_SIR = sir_text("tiny-sir", description="Tiny SIR for the analysis tests.", seed=42,
                    replications=4, end=20, sample_every=1, nodes=500, seeds=5)


@pytest.fixture(scope="module")
def sir_file(simulate):
    return simulate("tiny-sir", TINY_SIR, "--quiet")[0]


# --- a real file from the CLI ------------------------------------------------------------------

def test_cli_file_has_named_dimensions_and_coordinates(sir_file):
    ds = hearsay.open_results(sir_file)
    assert dict(ds.sizes) == {"point": 1, "replication": 4, "time": 21}
    assert list(ds["time"].values) == list(np.arange(21.0))
    assert ds["time"].attrs["units"] == "days"
    assert ds["final_size"].dims == ("point", "replication")
    assert ds["infected"].dims == ("point", "replication", "time")
    assert "brand" not in ds.dims


def test_cli_file_values_match_h5py(sir_file):
    ds = hearsay.open_results(sir_file)
    with h5py.File(sir_file, "r") as f:
        np.testing.assert_array_equal(ds["infected"].values, f["series/infected"][()])
        np.testing.assert_array_equal(ds["final_size"].values, f["summary/final_size"][()])
        np.testing.assert_array_equal(ds["run_status"].values, f["runs/status"][()])
        assert ds.attrs["scenario"] == f["scenario"].asstr()[()]
        assert ds["final_size"].attrs["units"] == f["summary/final_size"].attrs["units"]


def test_cli_file_attributes(sir_file):
    ds = hearsay.open_results(sir_file)
    assert ds.attrs["model"] == "sir"
    assert ds.attrs["scenario_name"] == "tiny-sir"
    assert ds.attrs["complete"] == 1
    assert ds.attrs["population"] == 500
    assert ds.attrs["has_cascades"] == 0
    assert "provenance_hdf5_version" in ds.attrs
    assert ds["infected"].attrs["kind"] == "series"
    assert ds["final_size"].attrs["kind"] == "summary"
    assert ds["final_size"].attrs["description"]
    assert hearsay.metric_names(ds, "summary")[0] == "final_size"
    assert set(hearsay.metric_names(ds, "series")) == {"susceptible", "infected", "recovered"}


def test_cli_file_without_series(sir_file):
    ds = hearsay.open_results(sir_file, series=False)
    assert "infected" not in ds and "final_size" in ds


def test_cli_file_has_no_cascades(sir_file):
    with pytest.raises(hearsay.ResultsError, match="no /cascades"):
        hearsay.read_cascades(sir_file)


# --- brands and name clashes ----------------------------------------------------------------

def test_brand_dimension_and_names(tmp_path):
    ds = hearsay.open_results(brand_file(tmp_path / "b.h5"))
    assert list(ds["brand"].values) == ["PitchCo", "PeopleCo"]
    assert ds["final_sales"].dims == ("point", "replication", "brand")
    assert ds["cumulative_sales"].dims == ("point", "replication", "brand", "time")
    assert ds["aware"].dims == ("point", "replication", "time")
    assert float(ds["final_sales"].sel(brand="PeopleCo").mean()) > float(
        ds["final_sales"].sel(brand="PitchCo").mean())


def test_a_series_and_a_summary_with_one_name_both_survive(tmp_path):
    ds = hearsay.open_results(brand_file(tmp_path / "b.h5"))
    assert hearsay.summary_name(ds, "detractors") == "detractors"
    assert hearsay.series_name(ds, "detractors") == "detractors_series"
    assert ds["detractors_series"].attrs["metric"] == "detractors"
    assert "time" in ds["detractors_series"].dims
    with pytest.raises(KeyError, match="no series metric 'nope'"):
        hearsay.series_name(ds, "nope")


# --- the points table ---------------------------------------------------------------------------

def test_points_table_becomes_point_coordinates(tmp_path):
    path = write_results(tmp_path / "p.h5", points=4, replications=3,
                         summaries={"final_sales": np.ones((4, 3))},
                         points_table={"arm": ["hard", "soft", "hard", "soft"],
                                       "model.negativity_multiplier": [1.0, 1.0, 3.0, 3.0]})
    ds = hearsay.open_results(path)
    assert list(ds["arm"].values) == ["hard", "soft", "hard", "soft"]
    assert list(ds["model.negativity_multiplier"].values) == [1.0, 1.0, 3.0, 3.0]
    assert ds["arm"].dims == ("point",)
    assert ds.attrs["swept"] == ["model.negativity_multiplier"]


def test_points_as_compound_table(tmp_path):
    path = write_results(tmp_path / "p.h5", points=2, replications=2,
                         summaries={"x": np.ones((2, 2))})
    table = np.array([(b"a", 1.5), (b"b", 2.5)], dtype=[("arm", "S4"), ("model.q", "f8")])
    with h5py.File(path, "a") as f:
        f.create_dataset("points", data=table)
    ds = hearsay.open_results(path)
    assert list(ds["arm"].values) == ["a", "b"]
    assert list(ds["model.q"].values) == [1.5, 2.5]


def test_points_table_of_the_wrong_length_is_an_error(tmp_path):
    path = write_results(tmp_path / "p.h5", points=2, replications=2,
                         summaries={"x": np.ones((2, 2))}, points_table={"arm": ["a", "b", "c"]})
    with pytest.raises(hearsay.ResultsError, match="3 rows.*2 sweep points"):
        hearsay.open_results(path)


def test_without_points_table_points_are_integers(tmp_path):
    path = write_results(tmp_path / "p.h5", points=3, replications=2,
                         summaries={"x": np.ones((3, 2))})
    ds = hearsay.open_results(path)
    assert list(ds["point"].values) == [0, 1, 2]
    assert ds.attrs["swept"] == []


# --- errors -------------------------------------------------------------------------------------

def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        hearsay.open_results(tmp_path / "nope.h5")


def test_not_hdf5(tmp_path):
    path = tmp_path / "text.h5"
    path.write_text("not HDF5 at all")
    with pytest.raises(hearsay.ResultsError, match="is not an HDF5 file or is damaged"):
        hearsay.open_results(path)


def test_hdf5_but_not_hearsay(tmp_path):
    path = tmp_path / "other.h5"
    with h5py.File(path, "w") as f:
        f["x"] = [1, 2, 3]
    with pytest.raises(hearsay.ResultsError, match="is not a hearsay results file"):
        hearsay.open_results(path)
    path2 = write_results(tmp_path / "fmt.h5", fmt="something-else")
    with pytest.raises(hearsay.ResultsError, match="is not a hearsay results file"):
        hearsay.open_results(path2)


def test_newer_format_version(tmp_path):
    assert hearsay.FORMAT_VERSION == 1       # brands and cascades were additive to version 1
    path = write_results(tmp_path / "new.h5", format_version=2, summaries={"x": np.ones((1, 4))})
    for read in (hearsay.open_results, hearsay.read_cascades):
        with pytest.raises(hearsay.ResultsError,
                           match="was written by a newer hearsay \\(format version 2\\); this "
                                 "package reads version 1"):
            read(path)


def test_older_or_unknown_format_version(tmp_path):
    path = write_results(tmp_path / "old.h5", format_version=0, summaries={"x": np.ones((1, 4))})
    with pytest.raises(hearsay.ResultsError, match="format version 0; this package reads "
                                                   "version 1"):
        hearsay.open_results(path)


def test_incomplete_file_names_the_missing_runs(tmp_path):
    status = np.ones((2, 3), dtype=np.int8)
    status[0, 2] = 0
    status[1, 0] = 0
    values = np.arange(6.0).reshape(2, 3)
    values[status == 0] = np.nan
    path = write_results(tmp_path / "part.h5", points=2, replications=3, status=status,
                         complete=0, summaries={"x": values})
    with pytest.raises(hearsay.IncompleteResultsError) as error:
        hearsay.open_results(path)
    message = str(error.value)
    assert "2 of 6 runs have not finished" in message
    assert "point 0 replication 2" in message and "point 1 replication 0" in message
    assert "allow_incomplete=True" in message
    assert error.value.missing == [(0, 2), (1, 0)]
    ds = hearsay.open_results(path, allow_incomplete=True)
    assert ds.attrs["complete"] == 0
    assert np.isnan(ds["x"].values[0, 2]) and ds["x"].values[0, 1] == 1.0


def test_long_missing_list_is_shortened(tmp_path):
    status = np.zeros((1, 30), dtype=np.int8)
    path = write_results(tmp_path / "part.h5", replications=30, status=status, complete=0,
                         summaries={"x": np.full((1, 30), np.nan)})
    with pytest.raises(hearsay.IncompleteResultsError, match="and 20 more"):
        hearsay.open_results(path)


def test_failed_runs_read_as_nan(tmp_path):
    status = np.array([[1, 3, 2, 1]], dtype=np.int8)
    path = write_results(tmp_path / "failed.h5", status=status,
                         summaries={"x": np.array([[1.0, 99.0, 3.0, 4.0]])})
    ds = hearsay.open_results(path)
    np.testing.assert_array_equal(ds["x"].values, [[1.0, np.nan, 3.0, 4.0]])
    assert list(ds["run_status"].values[0]) == [1, 3, 2, 1]


def test_fixed_string_and_array_attributes_are_read(tmp_path):
    # H5LT writes fixed strings (bytes) and one-element integer arrays (TOOLCHAIN.md pitfall 4).
    path = write_results(tmp_path / "h5lt.h5", summaries={"x": np.ones((1, 4))})
    with h5py.File(path, "a") as f:
        f.attrs["format"] = np.bytes_("hearsay-results")
        f.attrs["format_version"] = np.array([1], dtype=np.int64)
        f.attrs["complete"] = np.array([1], dtype=np.int8)
        f.attrs["model"] = np.bytes_("toy")
    ds = hearsay.open_results(path)
    assert ds.attrs["model"] == "toy" and ds.attrs["complete"] == 1


# --- cascades -----------------------------------------------------------------------------------

def _cascade_file(path, **kwargs):
    star = [(10, -1), (11, 10), (12, 10), (13, 10)]
    path_tree = [(20, -1), (21, 20), (22, 21)]
    columns = merge_columns(
        cascade_columns([star, path_tree], replication=0, brand=1, valence=-1),
        cascade_columns([[(30, -1)]], replication=1, brand=0, valence=1),
        cascade_columns([[(40, -1), (41, 40)]], replication=2, brand=0, valence=1))
    return write_results(path, replications=3, brands=["PitchCo", "PeopleCo"],
                         summaries={"x": np.ones((1, 3, 2))}, cascades=columns, **kwargs)


def test_read_cascades_columns_and_brand_names(tmp_path):
    table = hearsay.read_cascades(_cascade_file(tmp_path / "c.h5"))
    assert list(table.columns) == ["point", "replication", "cascade", "node", "parent", "time",
                                   "valence", "brand", "brand_name"]
    assert len(table) == 10
    assert list(table["brand_name"][:2]) == ["PeopleCo", "PeopleCo"]
    assert table["parent"].iloc[0] == -1 and table["valence"].iloc[0] == -1


def test_read_cascades_trusts_only_rows(tmp_path):
    table = hearsay.read_cascades(_cascade_file(tmp_path / "c.h5", cascade_rows=7))
    assert len(table) == 7


def test_read_cascades_drops_runs_not_finished(tmp_path):
    status = np.array([[1, 0, 1]], dtype=np.int8)
    path = _cascade_file(tmp_path / "c.h5", status=status, complete=0)
    table = hearsay.read_cascades(path)
    assert 1 not in set(table["replication"])
    assert len(table) == 9
    ds = hearsay.open_results(path, allow_incomplete=True)
    assert ds.attrs["has_cascades"] == 1 and ds.attrs["cascade_rows"] == 10
    assert len(hearsay.read_cascades(ds)) == 9


# --- the scenario text --------------------------------------------------------------------------

def test_scenario_value_paths(tmp_path):
    ds = hearsay.open_results(brand_file(tmp_path / "b.h5"))
    assert hearsay.scenario_value(ds, "network.nodes") == 1000
    assert hearsay.scenario_value(ds, "model.p") == 0.001
    assert hearsay.scenario_value(ds, "network.fixed") is False
    assert hearsay.scenario_value(ds, "brands.0.name") == "PitchCo"
    assert hearsay.scenario_value(ds, "brands.PeopleCo.style") == "soft_sell"
    assert hearsay.scenario_value(ds, "brands.PitchCo.pitches_per_day") == 4
    assert hearsay.scenario_value(ds, "sweep") == {"brands.PitchCo.pitches_per_day": [1, 2, 4]}
    assert hearsay.scenario_value(ds, "description") == "A toy file made by the analysis tests."
    assert hearsay.scenario_value(ds, "model.nope", default="x") == "x"
    assert hearsay.scenario_value(ds, "brands.Nobody.style") is None


def test_scenario_value_from_text_with_comments_and_flow():
    text = ("# a comment\nname: x  # trailing\ntime: {end: 20y, sample_every: 1w}\n"
            "list:\n- 1\n- two\n- {a: 1}\n")
    assert hearsay.scenario_value(text, "name") == "x"
    assert hearsay.scenario_value(text, "time.end") == "20y"
    assert hearsay.scenario_value(text, "list") == [1, "two", {"a": 1}]
    assert hearsay.scenario_value(text, "list.2.a") == 1
