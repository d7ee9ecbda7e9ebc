# `hearsay export RESULTS.h5 --csv DIR`: tidy CSV tables that hold what the Dataset holds.
import numpy as np
import pandas as pd
import pytest

import hearsay
from scenario_texts import sir_text, wom_text

SIR_SWEEP = sir_text("sir-export", seed=4, replications=2, end="5d", sample_every="1d",
                     nodes=500, seeds=3) + "sweep:\n  model.beta: [0.3, 0.6]\n"
WOM_ARMS = wom_text("wom-export", seed=6, replications=2, end="4d", sample_every="1d",
                    network="{generator: barabasi_albert, nodes: 600, m: 2}",
                    plan="arms:\n  first: {}\n  second: {brands.PeopleCo.pitches_per_day: 2}\n"
                    ).replace("name: PitchCo", 'name: "Pitch, Co"')


def long_table(ds, names, keys):
    """The Dataset's variables `names` as one long table indexed by `keys` (the round trip
    analysis/README describes: Dataset.to_dataframe())."""
    return ds[names].to_dataframe().reset_index().set_index(keys)[names]


def read_csv(path, keys):
    """A table as the CSV reader sees it; numbers as floats (whole ones are written as "3")."""
    table = pd.read_csv(path, keep_default_na=False, na_values=[""],
                        float_precision="round_trip")
    if "time" in table:
        table["time"] = table["time"].astype(float)
    return table.set_index(keys)


def test_series_and_summaries_round_trip(tmp_path, simulate, run_hearsay):
    results, _ = simulate("sir-export", SIR_SWEEP)
    run_hearsay("export", results, "--csv", tmp_path / "csv")
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["series.csv", "summary.csv"]
    ds = hearsay.open_results(results)
    series = read_csv(tmp_path / "csv" / "series.csv", ["point", "replication", "time"])
    assert "model.beta" in series.columns  # the swept value of each point
    names = hearsay.metric_names(ds, "series")
    expected = long_table(ds, names, ["point", "replication", "time"])
    pd.testing.assert_frame_equal(series[names].sort_index(), expected.sort_index(),
                                  check_exact=True, check_dtype=False)
    summary = read_csv(tmp_path / "csv" / "summary.csv", ["point", "replication"])
    names = hearsay.metric_names(ds, "summary")
    pd.testing.assert_frame_equal(summary[names].sort_index(),
                                  long_table(ds, names, ["point", "replication"]).sort_index(),
                                  check_exact=True, check_dtype=False)
    assert set(summary["status"]) == {"done"}
    assert len(summary) == 2 * 2


def test_brand_tables_round_trip(tmp_path, simulate, run_hearsay):
    results, _ = simulate("wom-export", WOM_ARMS)
    run = run_hearsay("export", results, "--csv", tmp_path / "csv")
    assert "4 runs" in run.stdout
    ds = hearsay.open_results(results)
    table = read_csv(tmp_path / "csv" / "brand_series.csv",
                     ["point", "replication", "brand", "time"])
    assert set(table.index.get_level_values("brand")) == {"Pitch, Co", "PeopleCo"}
    assert set(table["arm"]) == {"first", "second"}
    per_brand = [n for n in hearsay.metric_names(ds, "series") if "brand" in ds[n].dims]
    expected = long_table(ds, per_brand, ["point", "replication", "brand", "time"])
    columns = [ds[n].attrs["metric"] for n in per_brand]
    got = table[columns].set_axis(per_brand, axis=1)
    pd.testing.assert_frame_equal(got.sort_index(), expected.sort_index(), check_exact=True,
                                  check_dtype=False)
    summary = read_csv(tmp_path / "csv" / "brand_summary.csv", ["point", "replication", "brand"])
    assert np.array_equal(summary["final_sales"].sort_index().values,
                          long_table(ds, ["final_sales"], ["point", "replication", "brand"])
                          ["final_sales"].sort_index().values)


def test_existing_tables_are_refused_before_any_is_written(tmp_path, simulate, run_hearsay):
    results, _ = simulate("sir-export-refuse", SIR_SWEEP)
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "summary.csv").write_text("precious")
    refused = run_hearsay("export", results, "--csv", folder, check=False)
    assert refused.returncode == 1
    assert "summary.csv exists; use --force" in refused.stderr
    assert (folder / "summary.csv").read_text() == "precious"
    assert not (folder / "series.csv").exists()  # nothing written
    run_hearsay("export", results, "--csv", folder, "--force", "--quiet")
    assert (folder / "summary.csv").read_text().startswith("point,")


def test_bad_targets(tmp_path, simulate, run_hearsay):
    results, _ = simulate("sir-export-bad", SIR_SWEEP)
    a_file = tmp_path / "file"
    a_file.write_text("x")
    refused = run_hearsay("export", results, "--csv", a_file, check=False)
    assert refused.returncode == 1 and "not a folder" in refused.stderr
    refused = run_hearsay("export", results, "--csv", tmp_path / "no" / "csv", check=False)
    assert refused.returncode == 1 and "parent folder must exist" in refused.stderr
    refused = run_hearsay("export", tmp_path / "missing.h5", "--csv", tmp_path / "c",
                          check=False)
    assert refused.returncode != 0 and "missing.h5" in refused.stderr
    refused = run_hearsay("export", results, check=False)
    assert refused.returncode == 2 and "--csv" in refused.stderr


def test_version_flag(run_hearsay):
    for flag in ("-V", "--version"):
        assert run_hearsay(flag).stdout.strip() == f"hearsay {hearsay.engine_version()}"
