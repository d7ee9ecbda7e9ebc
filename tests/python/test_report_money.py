# The report's money and market: the first screen names the winner in profit as well as in sales
# (and says when they differ), the Money section gives each brand's cost, spend, profit and
# return on investment as the file has them, the Market section gives market share and switching
# in a shared market and says why there is no switching in independent ones, and files without
# these figures (textbook models, older files) get neither section.
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import h5py
import numpy as np
import pytest
from scipy import stats as sps

import hearsay
from hearsay.report import build_report
from hearsay.report.market import _market_section
from hearsay.report.money import _money_section
from scenario_texts import sir_text
from test_analysis_support import brand_file, write_results

ROOT = Path(__file__).resolve().parents[2]

# Two brands in one market. PitchCo buys reach with costly advertising (4x the ads at 5 a day,
# within a budget of 2,500) and sells about three times as much; PeopleCo advertises cheaply and
# posts for a tenth of the price, and makes the profit. Both sell at 10 with a margin of 0.5.
MARKET = """\
name: money-market
description: Two brands, one market; PitchCo buys reach with costly advertising.
seed: 11
replications: 6
time: {end: 90d, sample_every: 3d}
network: {generator: clustered_weak_ties, nodes: 3000, clique_size: 10, weak_ties: 6}
model: {name: wom, market: shared}
brands:
  - {name: PitchCo, style: hard_sell, advertising: 4, advertising_cost_per_day: 5, price: 10,
     margin: 0.5, budget: 2500}
  - {name: PeopleCo, style: soft_sell, advertising: 1, advertising_cost_per_day: 1,
     cost_per_pitch: 0.1, cost_per_community_post: 0.1, price: 10, margin: 0.5}
"""

# Campaign arms and a sweep in one file: 2 arms x 2 pitch rates, 3 replications each.
ARMS = """\
name: money-arms
seed: 5
replications: 3
time: {end: 45d, sample_every: 5d}
network: {generator: clustered_weak_ties, nodes: 1500, clique_size: 10, weak_ties: 6}
model: {name: wom, market: shared}
brands:
  - {name: PitchCo, style: hard_sell}
  - {name: PeopleCo, style: soft_sell}
arms:
  answers: {brands.PitchCo.answer_probability: 0.9}
  ignores: {brands.PitchCo.answer_probability: 0.0}
sweep:
  brands.PitchCo.pitches_per_day: [0.5, 4]
"""

# A small Sobol' design over two conversion rates: 8 base samples x 4 = 32 points.
DESIGN = """\
name: money-design
seed: 7
replications: 2
time: {end: 60d, sample_every: 5d}
network: {generator: clustered_weak_ties, nodes: 1500, clique_size: 10, weak_ties: 6}
model: {name: wom, market: shared}
brands:
  - {name: PitchCo, style: hard_sell}
  - {name: PeopleCo, style: soft_sell}
uncertain:
  model.pitch_conversion: {loguniform: [0.01, 0.16]}
  model.community_conversion: {loguniform: [0.0025, 0.04]}
design: {method: sobol, samples: 8}
"""

TINY_SIR = sir_text("money-sir", seed=3, replications=3, end=10, sample_every=1, nodes=1000,
                    seeds=5)


# --- helpers ------------------------------------------------------------------------------------

class _Tables(HTMLParser):
    """Every <table> of an HTML fragment as a list of rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(html.unescape(self._cell.strip()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def tables(fragment):
    """The fragment's tables as lists of {header: cell} dicts."""
    parser = _Tables()
    parser.feed(fragment)
    return [[dict(zip(t[0], row)) for row in t[1:]] for t in parser.tables if t]


def table_with(fragment, column):
    found = [t for t in tables(fragment) if t and column in t[0]]
    assert found, f"no table with a column {column!r}"
    return found[0]


def section(page, name):
    start = page.index(f'id="{name}"')
    return page[start:page.index("</section>", start)]


def text_of(fragment):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).replace(" :", ":")


def first_screen(page):
    return text_of(section(page, "answer"))


def raw(path, name):
    with h5py.File(path, "r") as f:
        return np.asarray(f[name][()], float)


def brands_of(path):
    with h5py.File(path, "r") as f:
        return [b.decode() if isinstance(b, bytes) else str(b) for b in f["brand"][()]]


def half_width(values, level=0.95):
    x = np.asarray(values, float)
    x = x[np.isfinite(x)]
    return sps.t.ppf(0.5 + level / 2, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x))


def cell(value):
    return float(value) if value != "" else np.nan


# --- fixtures -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shared_file(simulate):
    return simulate("money-shared", MARKET, "--quiet")[0]


@pytest.fixture(scope="module")
def shared_page(shared_file):
    return build_report(hearsay.open_results(shared_file))


@pytest.fixture(scope="module")
def independent_file(simulate):
    return simulate("money-independent", MARKET, "--quiet", "--set",
                    "model.market=independent")[0]


# --- the first screen: who wins in sales and in profit ----------------------------------------

def test_in_short_names_the_profit_winner_and_says_it_is_not_the_sales_winner(shared_file,
                                                                               shared_page):
    brands = brands_of(shared_file)
    sales = raw(shared_file, "summary/final_sales")[0]            # (R, B)
    profit = raw(shared_file, "summary/profit")[0]
    seller = brands[int(np.argmax(sales.mean(axis=0)))]
    earner = brands[int(np.argmax(profit.mean(axis=0)))]
    # The scenario is made so that they differ, clearly: every replication agrees.
    assert seller != earner
    assert np.all(np.sign(profit[:, brands.index(earner)] - profit[:, brands.index(seller)]) > 0)
    head = first_screen(shared_page)
    assert f"{earner} makes more profit:" in head
    assert re.search(rf"In short: {seller} sells more \((very )?sure\), but {earner} makes more "
                     rf"profit \((very )?sure\): the sales winner is not the profit winner", head)
    # The profit claim carries the same numbers as the file: the mean and the paired difference.
    diff = hearsay.paired_difference(profit[:, brands.index(earner)],
                                     profit[:, brands.index(seller)])
    claim = head[head.index(f"{earner} makes more profit:"):]
    numbers = re.match(r"[^:]+: ([−\-\d,.]+) price units per run against ([−\-\d,.]+) for "
                       rf"{seller} \(difference \+([\d,.]+)", claim)
    assert numbers, claim[:300]
    assert float(numbers.group(1).replace(",", "")) == pytest.approx(
        profit[:, brands.index(earner)].mean(), rel=5e-3)
    assert float(numbers.group(3).replace(",", "")) == pytest.approx(diff["diff"], rel=5e-3)
    assert "profit: the 95% interval of the difference (taken replication by replication) " \
           "excludes 0" in claim


@pytest.mark.parametrize("case", ["same winner", "profit not settled", "both lose"])
def test_in_short_wording_of_sales_and_profit(case, tmp_path):
    # Synthetic files where the answer is known exactly: PeopleCo sells 100 more per run.
    rng = np.random.default_rng(4)
    reps = 10
    base = 1000 + 30 * rng.standard_normal(reps)
    sales = np.stack([base, base + 100 + rng.standard_normal(reps)], axis=-1)[None]
    if case == "same winner":
        profit = np.stack([base / 10, base / 10 + 50 + rng.standard_normal(reps)], axis=-1)[None]
    elif case == "profit not settled":         # PitchCo ahead by 2 in the mean, noise 20
        noise = rng.standard_normal((2, reps))
        noise -= noise.mean(axis=1, keepdims=True)
        profit = np.stack([base / 10 + 2 + 20 * noise[0], base / 10 + 20 * noise[1]],
                          axis=-1)[None]
    else:                                      # both lose money; PeopleCo loses less
        profit = np.stack([-base, -base + 60 + rng.standard_normal(reps)], axis=-1)[None]
    cost = np.full_like(sales, 200.0)
    path = write_results(tmp_path / f"{case}.h5", replications=reps,
                         brands=["PitchCo", "PeopleCo"], model="wom",
                         summaries={"final_sales": sales, "profit": profit, "cost": cost,
                                    "spend": cost * 1.02, "roi": profit / cost},
                         units={"final_sales": "purchases", "profit": "price units",
                                "cost": "price units", "spend": "price units", "roi": "ratio"})
    page = build_report(hearsay.open_results(path))
    short = "In short: " + html.unescape(re.search(r"<b>In short:</b> ([^<]*)</p>",
                                                   page).group(1))
    if case == "same winner":
        assert short.startswith("In short: PeopleCo sells more (very sure) and makes more profit "
                                "(very sure).")
    elif case == "profit not settled":
        assert profit[0, :, 0].mean() > profit[0, :, 1].mean()
        assert ("PeopleCo sells more (very sure), but PitchCo makes more profit (not sure): the "
                "sales winner may not be the profit winner") in short
    else:
        assert ("PeopleCo sells more (very sure) and loses less money (very sure), though all "
                "of them lose money") in short
        assert "<b>PeopleCo loses less money</b>" in page


# --- the Money section -------------------------------------------------------------------------

def test_money_table_holds_the_file_means_and_intervals(shared_file, shared_page):
    money = section(shared_page, "money")
    rows = table_with(money, "profit")
    brands = brands_of(shared_file)
    assert [row["brand"] for row in rows] == brands
    for metric in ("npv_sales", "cost", "spend", "profit", "roi", "budget_left"):
        values = raw(shared_file, f"summary/{metric}")[0]         # (R, B)
        for b, row in enumerate(rows):
            v = values[:, b]
            if not np.isfinite(v).any():                          # PeopleCo has no budget
                assert metric == "budget_left" and row[metric] == ""
                continue
            assert cell(row[metric]) == pytest.approx(np.nanmean(v), rel=1e-3, abs=1e-9), metric
            assert cell(row[f"{metric} ±95%"]) == pytest.approx(half_width(v), rel=1e-3,
                                                                abs=1e-9), metric
        assert all(int(row["runs"]) == 6 for row in rows)
    # The terms the scenario set, per brand.
    terms = table_with(money, "margin")
    assert [(t["brand"], t["price"], t["margin"], t["budget"]) for t in terms] == [
        ("PitchCo", "10", "0.5", "2500"), ("PeopleCo", "10", "0.5", "none")]


def test_money_compares_the_brands_run_by_run(shared_file, shared_page):
    money = section(shared_page, "money")
    text = text_of(money)
    brands = brands_of(shared_file)
    profit = raw(shared_file, "summary/profit")[0]
    roi = raw(shared_file, "summary/roi")[0]
    earner = brands[int(np.argmax(profit.mean(axis=0)))]
    assert f"{earner} makes more profit:" in text
    assert f"{brands[int(np.argmax(roi.mean(axis=0)))]} gets more back per unit spent" in text
    paired = table_with(money, "diff")
    assert {row["metric"] for row in paired} == {"cost", "spend", "profit", "roi"}
    row = next(r for r in paired if r["metric"] == "profit")
    assert (row["a"], row["b"]) == (brands[0], brands[1])
    expected = hearsay.paired_difference(profit[:, 0], profit[:, 1])
    assert cell(row["diff"]) == pytest.approx(expected["diff"], rel=1e-3)
    assert cell(row["95% lo"]) == pytest.approx(expected["lo"], rel=1e-3)
    assert row["sure"] == str(expected["sure"])
    assert "<img" in money                                        # the break-even figure


# --- the Market section ------------------------------------------------------------------------

def test_market_section_for_a_shared_market(shared_file, shared_page):
    market = section(shared_page, "market")
    text = text_of(market)
    assert "model.market: shared" in text
    assert "<img" in market                                       # market share over time
    brands = brands_of(shared_file)
    share = raw(shared_file, "series/market_share")[0, :, :, -1]  # (R, B) at the end
    assert np.allclose(share.sum(axis=1), 1.0)
    leader = brands[int(np.argmax(share.mean(axis=0)))]
    assert f"{leader} holds the larger market share at the end:" in text
    rows = table_with(market, "switches_in")
    into = raw(shared_file, "summary/switches_in")[0]
    out = raw(shared_file, "summary/switches_out")[0]
    assert into.sum() > 0                                         # customers did switch
    for b, row in enumerate(rows):
        assert row["brand"] == brands[b]
        assert cell(row["switches_in"]) == pytest.approx(into[:, b].mean(), rel=1e-3)
        assert cell(row["switches_out"]) == pytest.approx(out[:, b].mean(), rel=1e-3)
        assert cell(row["net_switches"]) == pytest.approx((into - out)[:, b].mean(), rel=1e-3,
                                                          abs=1e-9)
    assert "No customer switches brands" not in text


def test_independent_market_says_why_there_is_no_switching(independent_file):
    for name in ("switches_in", "switches_out", "won_at_rival_churn"):
        assert not raw(independent_file, f"summary/{name}").any()
    ds = hearsay.open_results(independent_file)
    market = _market_section(ds, 0.95)
    text = text_of(market)
    assert "model.market: independent" in text
    assert "a consumer can be a customer of every brand" in text
    assert "No customer switches brands here" in text and "switches in and out are 0" in text
    assert "Customers won from and lost to rivals" not in text and "switches_in" not in market
    assert "has the larger share of the customers counted brand by brand at the end" in text
    assert "<img" in market
    # The money section does not depend on the market.
    assert "profit" in text_of(_money_section(ds, 0.95))


# --- sweeps, arms and designs -------------------------------------------------------------------

def test_arms_and_sweep_money_and_market(simulate):
    path = simulate("money-arms", ARMS, "--quiet")[0]
    ds = hearsay.open_results(path)
    money = _money_section(ds, 0.95)
    rows = table_with(money, "profit")
    assert len(rows) == 4 * 2                                     # 4 points x 2 brands
    assert {(r["arm"], r["brands.PitchCo.pitches_per_day"]) for r in rows} == {
        ("answers", "0.5"), ("answers", "4"), ("ignores", "0.5"), ("ignores", "4")}
    assert "Paired differences in money (arm a minus arm b)" in money
    text = text_of(money)
    # The best-paying pitch rate, per brand and arm, is the one with the larger mean profit.
    profit = raw(path, "summary/profit")                          # (P, R, B)
    arms = [str(a) for a in ds.coords["arm"].values]
    rates = ds.coords["brands.PitchCo.pitches_per_day"].values
    for b, brand in enumerate(brands_of(path)):
        for arm in ("answers", "ignores"):
            points = [k for k in range(len(arms)) if arms[k] == arm]
            best = max(points, key=lambda k: profit[k, :, b].mean())
            assert re.search(rf"{brand} / {arm}: (makes most profit|loses least) at {arm}, "
                             rf"pitches_per_day={rates[best]:g}:", text), text[-3000:]
    market = text_of(_market_section(ds, 0.95))
    assert "answers, pitches_per_day=0.5: " in market and "Customers won from" in market


def test_design_states_profit_over_the_uncertainty_space(simulate):
    path = simulate("money-design", DESIGN, "--quiet")[0]
    page = build_report(hearsay.open_results(path))
    head = first_screen(page)
    # Independently of the report: per random design row, the mean over replications of the
    # PitchCo - PeopleCo difference in profit and in sales.
    profit = raw(path, "summary/profit")
    sales = raw(path, "summary/final_sales")
    with h5py.File(path, "r") as f:
        role = np.asarray(f["design/role"][()])[np.asarray(f["points/design_row"][()], int)]
    keep = np.isin(role, (0, 1))
    d_profit = (profit[..., 0] - profit[..., 1]).mean(axis=1)[keep]
    d_sales = (sales[..., 0] - sales[..., 1]).mean(axis=1)[keep]
    a_wins = round(100 * np.mean(d_profit > 0))
    differ = round(100 * np.mean(np.sign(d_profit) * np.sign(d_sales) < 0))
    assert (f"profit: PitchCo has the higher profit in {a_wins}% of the uncertainty space, "
            f"PeopleCo in {round(100 * np.mean(d_profit < 0))}%") in head
    assert (f"The side that sells more is not the one that makes more profit in {differ}% of "
            "the space") in head
    money = text_of(section(page, "money"))
    assert "per-point tables and paired differences are left out" in money
    market = text_of(section(page, "market"))
    assert "per-point claims and switch tables are left out" in market


# --- files without money or a market ------------------------------------------------------------

def test_no_money_or_market_sections_without_the_figures(simulate, tmp_path, run_hearsay):
    sir = simulate("money-sir", TINY_SIR, "--quiet")[0]
    page = build_report(hearsay.open_results(sir))
    assert 'id="money"' not in page and 'id="market"' not in page
    assert "profit" not in first_screen(page)
    # An older wom file: brands, sales, no money and no market share.
    old = hearsay.open_results(brand_file(tmp_path / "old.h5", replications=10, gap=100.0,
                                          noise=5.0))
    page = build_report(old)
    assert 'id="money"' not in page and 'id="market"' not in page
    assert "In short: PeopleCo sells more (very sure); PeopleCo keeps more" in first_screen(page)
    # A Bass file (one market, no brands).
    bass = tmp_path / "bass.h5"
    run_hearsay("run", ROOT / "scenarios/bass_complete_graph.yaml", "-o", bass, "--quiet")
    ds = hearsay.open_results(bass)
    assert _money_section(ds, 0.95) == "" and _market_section(ds, 0.95) == ""
