# hearsay.sensitivity and hearsay.uncertainty on results files with a design: the /design group
# (sim/RESULTS_FORMAT.md) mapped back to Saltelli's matrices or Morris trajectories, with arms,
# brands and differences, and the errors for questions the file cannot answer.
import h5py
import numpy as np
import pytest

import hearsay
from hearsay.sensitivity import DesignError, read_design
from test_analysis_support import write_results
from test_sensitivity_estimators import (Z999, g_function, g_truth, ishigami, ishigami_truth,
                                         morris_design, saltelli_design)

STRING = h5py.string_dtype()


def add_design(path, method, parameters, unit, role, sample, rows):
    with h5py.File(path, "a") as f:
        g = f.create_group("design")
        g.attrs.create("method", method, dtype=STRING)
        g.create_dataset("parameters", data=np.array(parameters, dtype=object), dtype=STRING)
        g.create_dataset("distributions",
                         data=np.array(["uniform [0, 1]"] * len(parameters), dtype=object),
                         dtype=STRING)
        g.create_dataset("unit", data=unit)
        g.create_dataset("role", data=np.asarray(role, np.int32))
        g.create_dataset("sample", data=np.asarray(sample, np.int64))
        f["points"].create_dataset("design_row", data=np.asarray(rows, np.int64))


def sobol_rows(k, n, seed):
    """The design rows of hearsay's Saltelli layout: blocks A, B, A_B^1..A_B^k."""
    a, b, ab = saltelli_design(k, n, seed)
    unit = np.concatenate([a, b, *ab])
    role = np.repeat(np.arange(k + 2), n)
    sample = np.tile(np.arange(n), k + 2)
    return unit, role, sample


def sobol_file(path, f, k, n=2 ** 12, arms=None, replications=2):
    unit, role, sample = sobol_rows(k, n, seed=11)
    d = len(role)
    arms = arms or {None: f}
    values = []
    names = []
    for name, fun in arms.items():
        y = fun(unit)
        values.append(np.repeat(y[:, None], replications, axis=1))
        names += [name] * d
    summary = np.concatenate(values)                                # (P, R)
    table = {"x1": np.tile(unit[:, 0], len(arms))}
    if list(arms) != [None]:
        table["arm"] = np.array(names, dtype=object)
    path = write_results(path, points=len(arms) * d, replications=replications,
                         summaries={"y": summary}, points_table=table)
    add_design(path, "sobol", [f"p{i + 1}" for i in range(k)], unit, role, sample,
               np.tile(np.arange(d), len(arms)))
    return path


def within(table, first, total):
    assert np.all(np.abs(table["S1"] - first) <= Z999 * table["S1_conf"] / 1.96), table
    assert np.all(np.abs(table["ST"] - total) <= Z999 * table["ST_conf"] / 1.96), table


def test_sobol_file_gives_the_ishigami_indices(tmp_path):
    path = sobol_file(tmp_path / "s.h5", ishigami, 3)
    table = hearsay.sensitivity(path, "y")
    assert list(table.index) == ["p1", "p2", "p3"]
    within(table, *ishigami_truth())
    design = read_design(path)
    assert design["method"] == "sobol" and design["unit"].shape == (5 * 2 ** 12, 3)


def test_difference_of_arms_has_indices_of_its_own(tmp_path):
    # Arm "plain" is the g-function, arm "zero" is 0: the difference plain - zero is the
    # g-function, whose indices are known; each arm alone has its own.
    coefficients = np.array([0.0, 1.0, 9.0])
    g = lambda u: g_function(u, coefficients)  # noqa: E731
    path = sobol_file(tmp_path / "a.h5", None, 3,
                      arms={"plain": g, "zero": lambda u: np.zeros(len(u))})
    within(hearsay.sensitivity(path, "y", difference=("plain", "zero")), *g_truth(coefficients))
    within(hearsay.sensitivity(path, "y", arm="plain"), *g_truth(coefficients))
    with pytest.raises(DesignError, match="give arm= or difference"):
        hearsay.sensitivity(path, "y")
    with pytest.raises(DesignError, match="no arm 'other'"):
        hearsay.sensitivity(path, "y", arm="other")


def test_difference_of_brands(tmp_path):
    unit, role, sample = sobol_rows(3, 2 ** 11, seed=12)
    d = len(role)
    y = np.stack([ishigami(unit), np.full(d, 5.0)], axis=-1)[:, None, :]  # (P, 1, B)
    path = write_results(tmp_path / "b.h5", points=d, replications=1, brands=["A", "B"],
                         summaries={"y": y}, points_table={"x1": unit[:, 0]})
    add_design(path, "sobol", ["p1", "p2", "p3"], unit, role, sample, np.arange(d))
    within(hearsay.sensitivity(path, "y", difference=("A", "B")), *ishigami_truth())
    with pytest.raises(DesignError, match="is per brand: give brand="):
        hearsay.sensitivity(path, "y")
    row = hearsay.uncertainty(path, "y", difference=("A", "B"))
    # Ishigami values lie in about [-10.7, 17.9]: A - B = f - 5 is positive on a part of the space
    share = np.mean(ishigami(unit[np.isin(role, (0, 1))]) > 5)
    assert row["A_wins"] == pytest.approx(share) and row["B_wins"] == pytest.approx(1 - share)


def test_morris_file(tmp_path):
    unit, trajectory = morris_design(3, 25, 4, seed=13)
    y = unit @ np.array([2.0, 0.0, -1.0])
    path = write_results(tmp_path / "m.h5", points=len(y), replications=1,
                         summaries={"y": y[:, None]}, points_table={"x1": unit[:, 0]})
    role = np.concatenate([np.arange(4)] * 25)
    add_design(path, "morris", ["p1", "p2", "p3"], unit, role, trajectory, np.arange(len(y)))
    table = hearsay.sensitivity(path, "y")
    assert np.allclose(table["mu_star"], [2.0, 0.0, 1.0])


def test_files_without_a_design_say_so(tmp_path):
    path = write_results(tmp_path / "plain.h5", summaries={"y": np.zeros((1, 4))})
    with pytest.raises(DesignError, match="has no design"):
        hearsay.sensitivity(path, "y")


def test_the_report_says_what_drives_the_verdict(tmp_path):
    # Brand A beats brand B by log(p1 / p2) sales (p1, p2, p3 loguniform on [0.01, 0.1]; p3 does
    # nothing): A wins exactly where p1 exceeds p2, and p3 has no effect.
    from hearsay.report import build_report

    unit, role, sample = sobol_rows(3, 2 ** 9, seed=14)
    values = 0.01 * 10 ** unit
    d = len(role)
    gap = np.log(values[:, 0] / values[:, 1])
    sales = np.stack([1000 + 100 * gap, np.full(d, 1000.0)], axis=-1)[:, None, :]
    path = write_results(tmp_path / "r.h5", points=d, replications=1, brands=["A", "B"],
                         summaries={"final_sales": sales}, units={"final_sales": "purchases"},
                         points_table={"p1": values[:, 0], "p2": values[:, 1], "p3": values[:, 2]},
                         model="wom")
    add_design(path, "sobol", ["p1", "p2", "p3"], unit, role, sample, np.arange(d))
    page = build_report(hearsay.open_results(path))
    start = page.index('id="sensitivity"')
    section = page[start:page.index("</section>", start)]
    assert "What drives the answer" in section
    assert "<img" in section                                       # the ranked bars
    import re
    text = re.sub(r"<[^>]+>", " ", section)
    match = re.search(r"A wins when p1 / p2 exceeds about ([\d.]+) \(that rule is right at "
                      r"(\d+)% of", text)
    assert match, text[:2000]
    assert 0.9 < float(match.group(1)) < 1.1 and int(match.group(2)) >= 97
    assert re.search(r"A wins in (4\d|5\d)% of the uncertainty space", text)


def test_a_design_report_speaks_of_the_space_not_of_points(tmp_path):
    # The same market as above: the first screen gives the share of the space where each brand
    # wins and the parameter that decides it; no point-by-point sections (sweep curves, paired
    # tables) for thousands of design points.
    from hearsay.report import build_report

    unit, role, sample = sobol_rows(3, 2 ** 8, seed=15)
    values = 0.01 * 10 ** unit
    d = len(role)
    gap = np.log(values[:, 0] / values[:, 1])
    sales = np.stack([1000 + 100 * gap, np.full(d, 1000.0)], axis=-1)[:, None, :]
    path = write_results(tmp_path / "r.h5", points=d, replications=1, brands=["A", "B"],
                         summaries={"final_sales": sales}, units={"final_sales": "purchases"},
                         points_table={"p1": values[:, 0], "p2": values[:, 1], "p3": values[:, 2]},
                         model="wom")
    add_design(path, "sobol", ["p1", "p2", "p3"], unit, role, sample, np.arange(d))
    page = build_report(hearsay.open_results(path))
    import re
    answer = re.sub(r"<[^>]+>", " ", page[page.index('id="answer"'):page.index("</section>")])
    assert "sobol design" in answer and f"{d:,} points" in answer
    shares = re.search(r"A does better in\s+(\d+)%\s+of the uncertainty space, B in\s+(\d+)%",
                       answer)
    assert shares, answer
    # A wins where p1 > p2: half the space, up to the design's sampling error.
    assert 40 <= int(shares.group(1)) <= 60 and int(shares.group(1)) + int(shares.group(2)) <= 100
    decides = re.search(r"What decides it most:\s+(p\d)", answer)
    assert decides and decides.group(1) in ("p1", "p2")
    for section in ("Sweep response curves", "Paired differences", "Arm against arm"):
        assert section not in page
    assert "Per-run figures over the design" in page
    assert "design point" in page
