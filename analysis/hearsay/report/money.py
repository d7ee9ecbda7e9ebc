"""Money: what each brand spent and earned (cost, spend, profit, return on investment) with
intervals, who earns more and how sure, the setting that pays best in a sweep, and over a
design the share of the uncertainty space where each side makes more profit.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import plots
from ..results import metric_names, scenario_value
from ..stats import compare_arms, compare_points, paired_difference, summarize
from .contest import _contest_claims
from .design import _design_contenders
from .markup import _esc, _figure, _how_sure, _num, _signed, _table, _units_word
from .questions import _groups_for_headline, _is_design

# The money figures, in the order the table shows them (npv_sales: the revenue they come from).
MONEY = ("npv_sales", "cost", "spend", "profit", "roi", "budget_left")
# Who earns more, in the section's claims: (metric, which way is better, phrase).
MONEY_CLAIMS = [
    ("profit", "higher", "makes more profit"),
    ("roi", "higher", "gets more back per unit spent (return on investment)"),
    ("cost", "lower", "spends less (net present value of its costs)"),
]
_TABLE_COLUMNS = ("metric", "units", "n", "mean", "sd", "se", "lo", "hi")
# More rows than this in the paired table go behind a 'details' fold.
_FOLD_ROWS = 24


def _has_money(ds):
    present = set(metric_names(ds, "summary"))
    return {"cost", "profit"} <= present


def _money_metrics(ds):
    """The money figures the file has; budget_left only when some brand had a budget."""
    present = set(metric_names(ds, "summary"))
    return [m for m in MONEY if m in present
            and (m != "budget_left" or bool(np.isfinite(ds[m].values).any()))]


def _wide_table(ds, metrics, level):
    """One row per contender (point labels and brand): each figure's mean over replications and
    the half-width of its Student-t interval ('±'), and the number of runs."""
    tidy = summarize(ds, metrics, level=level)
    if tidy.empty:
        return tidy
    pct = round(level * 100)
    keys = [c for c in tidy.columns if c not in _TABLE_COLUMNS]
    if ds.sizes["point"] == 1:
        keys = [k for k in keys if k != "point"]
    rows = []
    grouped = (tidy.groupby(keys if len(keys) > 1 else keys[0], sort=False, dropna=False)
               if keys else [((), tidy)])
    for key, group in grouped:
        key = key if isinstance(key, tuple) else (key,)
        row = dict(zip(keys, key))
        row["runs"] = int(group["n"].max())
        for _, r in group.iterrows():
            row[r["metric"]] = r["mean"]
            row[f"{r['metric']} ±{pct}%"] = (r["hi"] - r["lo"]) / 2
        rows.append(row)
    return pd.DataFrame(rows)


def _terms(ds):
    """The scenario's money terms per brand: price, margin, budgets (and the discount rate)."""
    brands = [str(b) for b in ds["brand"].values] if "brand" in ds.dims else []
    rows = []
    for brand in brands:
        row = {"brand": brand}
        for key in ("price", "margin", "budget", "budget_per_day"):
            value = scenario_value(ds, f"brands.{brand}.{key}")
            row[key.replace("_", " ")] = "none" if value is None else value
        rows.append(row)
    return pd.DataFrame(rows)


def _money_section(ds, level):
    """The Money section: '' when the file has no money figures (older files, other models)."""
    if not _has_money(ds):
        return ""
    pct = round(level * 100)
    rate = scenario_value(ds, "model.discount_rate")
    lead = ("What each brand spent and earned, in price units (a purchase brings the brand its "
            "price). cost: everything spent (seeds, advertising, posts, answers), discounted"
            + (f" at {rate:g} a year" if isinstance(rate, (int, float)) else "")
            + "; spend: the same, not discounted; profit: margin x the discounted sales "
              "(npv_sales) - cost; roi: profit / cost, the return on each unit spent (n/a for a "
              "run that spent nothing)"
            + ("; budget_left: what the budget left unspent" if "budget_left" in
               _money_metrics(ds) else "")
            + f". Means over replications, with the half-width of the {pct}% interval (±).")
    parts = ['<section id="money"><h2>Money</h2>', f"<p class='small'>{_esc(lead)}</p>"]
    terms = _terms(ds)
    if len(terms):
        varied = [k for k in ds.attrs.get("swept", []) if k.startswith("brands.")]
        parts.append(_table(terms) + (f"<p class='small'>As the scenario sets them; the arms "
                                      f"and sweep change {_esc(', '.join(varied))}.</p>"
                                      if varied else ""))
    if _is_design(ds):
        parts.append(_design_money(ds))
        return "".join(parts) + "</section>"
    metrics = _money_metrics(ds)
    parts.append(_table(_wide_table(ds, metrics, level)))
    mode = _groups_for_headline(ds)
    if mode in ("arm", "brand"):
        claims = [m for m in MONEY_CLAIMS if m[0] in metrics
                  and bool(np.isfinite(ds[m[0]].values).any())]
        # The return on investment reads as a percentage (differences in percentage points).
        as_share = ds.assign(roi=ds["roi"].copy().assign_attrs(units="fraction")) \
            if "roi" in metrics else ds
        parts += [html for _, html in _contest_claims(as_share, mode, level, claims)]
    if ds.sizes["point"] > 1:
        parts += _best_settings(ds, level)
    parts.append(_paired_money(ds, mode, [m for m in metrics if m not in ("npv_sales",
                                                                          "budget_left")], level))
    parts.append(_break_even_figure(ds))
    return "".join(parts) + "</section>"


def _paired_money(ds, mode, metrics, level):
    """The paired differences of the money figures, as the report's comparison table gives
    them for every figure: arms, or brands within each point; in a sweep, each point against
    the first."""
    if mode in ("arm", "brand"):
        table = compare_arms(ds, metrics, level=level)
    elif ds.sizes["point"] > 1:
        table = compare_points(ds, metrics, baseline=0, level=level)
    else:
        return ""
    if table.empty:
        return ""
    by = table["by"].iloc[0]
    pct = round(level * 100)
    shown = table.drop(columns=[c for c in ("by", "sd_diff", "rel_lo", "rel_hi", "point_a",
                                            "point_b") if c in table.columns])
    shown = shown.rename(columns={"lo": f"{pct}% lo", "hi": f"{pct}% hi",
                                  "rel": "diff / mean b"})
    head = (f"<h3>Paired differences in money ({_esc(by)} a minus {_esc(by)} b)</h3>"
            f"<p class='small'>Replication r of one {_esc(by)} against replication r of the "
            f"other; 'sure' means the {pct}% interval excludes 0.</p>")
    if len(shown) > _FOLD_ROWS:
        return (head + f"<details><summary>{len(shown)} comparisons</summary>"
                + _table(shown) + "</details>")
    return head + _table(shown)


def _best_settings(ds, level):
    """In a sweep: per arm and brand, the point with the highest mean profit against the
    runner-up point (paired: sweep points share their random numbers)."""
    var = ds["profit"]
    arms = ([str(a) for a in ds.coords["arm"].values] if "arm" in ds.coords
            else [None] * ds.sizes["point"])
    brands = [str(b) for b in var.coords["brand"].values] if "brand" in var.dims else [None]
    units = var.attrs.get("units", "")
    claims = []
    for arm in dict.fromkeys(arms):
        points = [k for k in range(ds.sizes["point"]) if arms[k] == arm]
        if len(points) < 2:
            continue
        for brand in brands:
            v = var if brand is None else var.sel(brand=brand)
            values = [v.isel(point=k).values for k in points]
            means = [np.nanmean(x) if np.isfinite(x).any() else -np.inf for x in values]
            order = np.argsort(means)[::-1]
            best, second = points[order[0]], points[order[1]]
            result = paired_difference(values[order[0]], values[order[1]], level)
            cls, badge, how = _how_sure(result, level)
            who = " / ".join(x for x in (brand, arm) if x)
            word = "loses least" if means[order[0]] < 0 else "makes most profit"
            claims.append(
                f"<p class='claim'><b>{_esc(who + ': ' if who else '')}{word} at "
                f"{_esc(plots.point_label(ds, best))}</b>: <span class='num'>"
                f"{_num(means[order[0]], units)}{_esc(_units_word(units))} per run, "
                f"{_signed(result['diff'], units)} against the runner-up "
                f"{_esc(plots.point_label(ds, second))} ({round(level * 100)}% interval "
                f"{_signed(result['lo'], units)} to {_signed(result['hi'], units)})</span>"
                f"<span class='sure {cls}'>{_esc(badge)}</span><span class='how'>"
                f"{_esc(how)}</span></p>")
    return claims


def _break_even_figure(ds):
    """Each run as a dot: what it cost against the margin its sales brought; above the
    diagonal a run made a profit."""
    from .sections import _shown_points

    points = _shown_points(ds)
    cost, profit = ds["cost"], ds["profit"]
    groups = plots._groups(ds, cost, points)

    def runs(var, sel):
        v = var.isel(point=sel["point"])
        return np.asarray(v.sel(brand=sel["brand"]).values if "brand" in sel else v.values, float)

    def draw(ax):
        top = 0.0
        for label, sel in groups:
            c, p = runs(cost, sel), runs(profit, sel)
            ax.scatter(c, p + c, s=16, alpha=0.75, label=label.replace("\n", " "))
            finite = np.concatenate([c[np.isfinite(c)], (p + c)[np.isfinite(p + c)]])
            top = max(top, float(finite.max()) if len(finite) else 0.0)
        ax.plot([0, top * 1.05], [0, top * 1.05], color="black", linewidth=0.8,
                label="break-even")
        ax.set_xlabel("cost (price units, discounted)")
        ax.set_ylabel("margin x discounted sales")
        ax.legend(fontsize="x-small")
        ax.grid(alpha=0.3)

    return _figure(draw, width=6.5, height=4.2,
                   caption="Each dot is one run: what it cost against the margin its sales "
                           "brought (profit + cost). Above the line the run made a profit; its "
                           "height above the line is the profit.")


def _design_outputs_pair(ds, a, b):
    """(sales difference, profit difference) a - b per random design row, or None."""
    from ..sensitivity import DesignError, _design_outputs, read_design

    try:
        design = read_design(ds)
        keep = (np.isin(design["role"], (0, 1)) if design["method"] == "sobol"
                else np.ones(design["unit"].shape[0], bool))
        sales = _design_outputs(ds, design, "final_sales", difference=(a, b))[keep]
        profit = _design_outputs(ds, design, "profit", difference=(a, b))[keep]
    except (DesignError, KeyError, OSError, ValueError):
        return None
    ok = np.isfinite(sales) & np.isfinite(profit)
    return (sales[ok], profit[ok]) if ok.any() else None


def _design_money_claims(ds):
    """For a design's first screen: the share of the uncertainty space where each side makes
    more profit, and where the side that sells more is not the one that profits more."""
    found = _design_contenders(ds)
    if not _has_money(ds) or "final_sales" not in ds.data_vars or found is None:
        return []
    _, a, b = found
    pair = _design_outputs_pair(ds, a, b)
    if pair is None:
        return []
    sales, profit = pair
    units = ds["profit"].attrs.get("units", "")
    q05, q50, q95 = np.quantile(profit, [0.05, 0.5, 0.95])
    differ = np.mean(np.sign(sales) * np.sign(profit) < 0)
    return [f"<p class='claim'><b>profit</b>: {_esc(a)} has the higher profit in "
            f"<span class='num'>{100 * np.mean(profit > 0):.0f}%</span> of the uncertainty "
            f"space, {_esc(b)} in "
            f"<span class='num'>{100 * np.mean(profit < 0):.0f}%</span> (median difference "
            f"{_esc(a)} − {_esc(b)} {_signed(q50, units)}; 90% of the space between "
            f"{_signed(q05, units)} and {_signed(q95, units)}). The side that sells more is "
            f"not the one that makes more profit in <span class='num'>{100 * differ:.0f}%"
            f"</span> of the space.</p>"]


def _design_money(ds):
    """A design's Money section: each money figure's spread over the uncertainty space, and
    where profit and sales disagree; the per-point tables are left out."""
    rows = []
    for name in _money_metrics(ds):
        var = ds[name].mean("replication")
        brands = list(var.coords["brand"].values) if "brand" in var.dims else [None]
        for brand in brands:
            v = np.asarray((var if brand is None else var.sel(brand=brand)).values, float)
            v = v[np.isfinite(v)]
            if len(v):
                q = np.quantile(v, [0.05, 0.5, 0.95])
                rows.append({"metric": name, "brand": "" if brand is None else str(brand),
                             "mean": float(np.mean(v)), "5%": q[0], "median": q[1],
                             "95%": q[2]})
    text = ("<p class='small'>Over a design the answer is a share of the uncertainty space, "
            "not one interval per point: each money figure's mean over replications at every "
            "design point, summarised over the points (mean, 5%, 50% and 95% quantiles); the "
            "per-point tables and paired differences are left out.</p>")
    return text + (_table(pd.DataFrame(rows)) if rows else "") + "".join(
        _design_money_claims(ds))
