"""One self-contained HTML page for a results file: the answer first, then the details.

    python3 -m hearsay.report RESULTS.h5 -o report.html

The first screen answers the strategist's question from the data: which arm (or brand) sells
more, keeps more followers, suffers fewer complaints, by how much and how sure (paired
differences over replications, Student-t intervals). Without arms or brands it says what the
run found, metric by metric, with intervals. Plots are embedded PNGs; the page loads nothing.
"""
from __future__ import annotations

import argparse
import base64
import html
import io
import math
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import plots, safe_write
from .bass import fit_bass_results
from .cascades import cascade_stats, largest_cascades
from .results import (STATUS_NAMES, ResultsError, metric_names, open_results, read_cascades,
                      scenario_value, series_name)
from .stats import compare_arms, interval, paired_difference, summarize

LEVEL = 0.95
# The strategist's questions, in the order the headline answers them: metric, which way is
# better, and how the winner is described.
# Counts that grow with the number of customers (complaints, detractors) are compared as rates
# per customer: a brand with more customers has more of both.
KEY_METRICS = [
    ("final_sales", "higher", "sells more"),
    ("followers_kept", "higher", "keeps more of its followers"),
    ("complaints_per_customer", "lower", "has fewer complaints per customer"),
    ("peak_complaint_cascade", "lower", "has smaller complaint cascades"),
    ("npv_sales", "higher", "earns more (net present value of sales)"),
    ("detractor_share", "lower", "ends with a smaller share of detractors among its customers"),
]
LOWER_IS_BETTER = {"complaints", "peak_complaint_cascade", "detractors", "rejecters",
                   "unfollows", "complaint_views", "churned", "time_to_half_sales",
                   "complaints_per_customer", "detractor_share", "complaints_per_bad_experience"}
# What an interval covers, said wherever the report says "sure".
NOISE_ONLY = ("sure given this scenario's parameters: the interval covers replication noise "
              "only, not uncertainty in the model's assumptions")
MAX_SINGLE_HEADLINES = 6

CSS = """
body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:0;color:#1d232a;
background:#f6f7f9;line-height:1.45}
main{max-width:1180px;margin:0 auto;padding:18px 28px 60px}
h1{font-size:26px;margin:6px 0 2px}h2{font-size:20px;margin:34px 0 8px;border-bottom:1px solid
#d5d9de;padding-bottom:4px}h3{font-size:16px;margin:18px 0 6px}
.meta{color:#56606b;font-size:14px;margin-bottom:12px}
.answer{background:#fff;border:1px solid #d5d9de;border-left:6px solid #2a6fdb;border-radius:6px;
padding:14px 20px;margin:10px 0 14px}
.answer h2{border:none;margin:0 0 6px;font-size:19px}
.claim{margin:9px 0;font-size:16px}.claim .num{font-variant-numeric:tabular-nums}
.sure{display:inline-block;font-size:12px;font-weight:600;padding:1px 7px;border-radius:9px;
margin-left:6px;vertical-align:1px}
.very-sure,.sure-yes{background:#d8f0dd;color:#17602a}.sure-no{background:#fdebd0;color:#8a5300}
.sure-none{background:#e5e7ea;color:#444}
.how{color:#56606b;font-size:13.5px;display:block;margin-top:1px}
.warn{background:#fff4e5;border:1px solid #f0c36d;border-radius:6px;padding:8px 14px;margin:8px 0}
figure{margin:10px 0;background:#fff;border:1px solid #e1e4e8;border-radius:6px;padding:6px}
figure img{max-width:100%;height:auto;display:block;margin:0 auto}
figcaption{font-size:13px;color:#56606b;padding:2px 6px}
table.data{border-collapse:collapse;font-size:13px;background:#fff;margin:6px 0 12px}
table.data th,table.data td{border:1px solid #e1e4e8;padding:3px 8px;text-align:right}
table.data th{background:#eef1f4}table.data td:first-child,table.data th:first-child{text-align:left}
pre{background:#fff;border:1px solid #e1e4e8;padding:10px;font-size:12px;overflow:auto;
max-height:480px}
details{margin:8px 0}summary{cursor:pointer;color:#2a6fdb}
.small{font-size:13px;color:#56606b}
"""


# --- numbers in words ---------------------------------------------------------------------

def _num(x, units=""):
    """A figure as people read it: thousands separators, a few significant digits."""
    if x is None or not np.isfinite(x):
        return "n/a"
    if units == "fraction":
        return f"{100 * x:.1f}%"
    a = abs(x)
    if a >= 1000:
        return f"{x:,.0f}"
    if a >= 100:
        return f"{x:.0f}"
    if a >= 10:
        return f"{x:.1f}"
    if a == 0:
        return "0"
    return f"{x:.3g}"


def _signed(x, units=""):
    if x is None or not np.isfinite(x):
        return "n/a"
    if units == "fraction":
        text = f"{100 * abs(x):.1f} percentage points"
    else:
        text = _num(abs(x), units)
    return ("+" if x > 0 else "−" if x < 0 else "±") + text


def _units_word(units):
    return "" if units in ("", "fraction") else f" {units}"


def _esc(text):
    return html.escape(str(text))


def _how_sure(result, level=LEVEL, paired=True):
    """(css class, badge text, explanation) for a difference taken replication by replication:
    between arms (paired runs on common random numbers) or, with paired=False, between brands
    of one run (same network and consumers, their own random draws)."""
    pct = round(level * 100)
    n = result["n"]
    runs = "paired runs" if paired else "replications"
    difference = ("the paired difference" if paired else
                  "the difference (taken replication by replication)")
    if n < 2:
        return "sure-none", "cannot say", f"only one of the {runs}: no interval is possible"
    if result["sd_diff"] == 0 and result["diff"] == 0:
        return ("sure-none", "no difference",
                f"every one of the {n} {runs} gives the same value")
    if result["sure"]:
        strength = ("very sure" if result["p_value"] < 0.001 else "sure")
        return ("very-sure" if strength == "very sure" else "sure-yes", strength,
                f"the {pct}% interval of {difference} excludes 0 "
                f"({n} {runs}, p {_p(result['p_value'])}); {NOISE_ONLY}")
    return ("sure-no", "not sure",
            f"the {pct}% interval of {difference} includes 0 ({n} {runs}, "
            f"p {_p(result['p_value'])}): the gap may be noise; more replications would tell")


def _p(p):
    if not np.isfinite(p):
        return "n/a"
    return "< 0.001" if p < 0.001 else f"= {p:.2g}"


# --- figures ----------------------------------------------------------------------------------

def _png(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(draw, width=7.0, height=4.0, caption="", ncols=1, n=1):
    """Render `draw(axes...)` into an embedded <figure>; a failing plot becomes a note."""
    nrows = max(1, math.ceil(n / ncols))
    fig = Figure(figsize=(width, height * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).reshape(-1)
    try:
        draw(*axes[:n])
        for ax in axes[n:]:
            ax.set_visible(False)
        data = _png(fig)
    except Exception as error:  # a report shows what it can; it never dies on one figure
        return f'<p class="warn">This figure could not be drawn: {_esc(error)}</p>'
    alt = caption or "figure"
    cap = f"<figcaption>{_esc(caption)}</figcaption>" if caption else ""
    return f'<figure><img alt="{_esc(alt)}" src="data:image/png;base64,{data}">{cap}</figure>'


def _table(frame, float_format=None):
    def fmt(x):
        if isinstance(x, (float, np.floating)):
            return "" if not np.isfinite(x) else (f"{x:.4g}" if float_format is None
                                                   else float_format(x))
        return x

    shown = frame.copy()
    for column in shown.columns:
        shown[column] = shown[column].map(fmt)
    return shown.to_html(index=False, classes="data", border=0, escape=True)


# --- what the page says ---------------------------------------------------------------------

def _groups_for_headline(ds):
    """How the headline compares: 'arm', 'brand', 'point' or 'single'."""
    if "arm" in ds.coords and len(set(map(str, ds.coords["arm"].values))) > 1:
        return "arm"
    if "brand" in ds.dims and ds.sizes["brand"] > 1:
        return "brand"
    if ds.sizes["point"] > 1:
        return "point"
    return "single"


def _key_metrics(ds):
    present = set(metric_names(ds, "summary"))
    keys = [(m, better, phrase) for m, better, phrase in KEY_METRICS if m in present]
    if keys:
        return keys
    return [(m, "lower" if m in LOWER_IS_BETTER else "higher", None)
            for m in metric_names(ds, "summary")[:MAX_SINGLE_HEADLINES]]


def _candidates(ds, var, mode):
    """Groups of contenders for the headline: [(scope, [(label, values per replication)])].

    Arms are compared at the first sweep setting, within each brand; brands at point 0."""
    groups = []
    if mode == "arm":
        arms = [str(a) for a in ds.coords["arm"].values]
        swept = [k for k in ds.attrs.get("swept", []) if k in ds.coords]
        first = {k: ds.coords[k].values[0] for k in swept}
        points = [k for k in range(ds.sizes["point"])
                  if all(ds.coords[s].values[k] == first[s] for s in swept)]
        brands = list(var.coords["brand"].values) if "brand" in var.dims else [None]
        for brand in brands:
            contenders = []
            for k in points:
                v = var.isel(point=k)
                contenders.append((arms[k], (v if brand is None else v.sel(brand=brand)).values))
            groups.append(("" if brand is None or len(brands) == 1 else str(brand), contenders))
    elif mode == "brand":
        v = var.isel(point=0)
        if "brand" in v.dims:
            groups.append(("", [(str(b), v.sel(brand=b).values) for b in v.coords["brand"].values]))
    return groups


def _claim_html(subject, phrase, metric, units, a_mean, b_mean, other, result, level=LEVEL,
                paired=True):
    cls, badge, how = _how_sure(result, level, paired)
    pct = round(level * 100)
    rel = ""
    if units != "fraction" and np.isfinite(result["rel"]):
        rel = f", {100 * result['rel']:+.0f}%".replace("-", "−")
    numbers = (f"{_num(a_mean, units)}{_units_word(units)} per run against "
               f"{_num(b_mean, units)} for {_esc(other)} (difference "
               f"{_signed(result['diff'], units)}{rel}; {pct}% interval "
               f"{_signed(result['lo'], units)} to {_signed(result['hi'], units)})")
    return (f'<p class="claim"><b>{_esc(subject)} {_esc(phrase)}</b>: '
            f'<span class="num">{numbers}</span><span class="sure {cls}">{_esc(badge)}</span>'
            f'<span class="how">{_esc(metric)}: {how}</span></p>')


def _contest_claims(ds, mode, level=LEVEL):
    """Headline sentences comparing arms or brands: best against runner-up, per key metric."""
    claims = []
    for metric, better, phrase in _key_metrics(ds):
        var = ds[metric]
        for scope, contenders in _candidates(ds, var, mode):
            if len(contenders) >= 2:
                claims.append(_contest_claim(var, metric, better, phrase, scope, contenders,
                                             level, paired=mode == "arm"))
    return claims


def _contest_claim(var, metric, better, phrase, scope, contenders, level, paired=True):
    """(verdict, html) for the best contender against the runner-up on one metric."""
    means = [np.nanmean(v) if np.isfinite(v).any() else np.nan for _, v in contenders]
    order = sorted(range(len(contenders)), key=lambda i: (np.nan_to_num(
        means[i], nan=-np.inf if better == "higher" else np.inf)), reverse=better == "higher")
    best, second = order[0], order[1]
    result = paired_difference(contenders[best][1], contenders[second][1], level)
    units = var.attrs.get("units", "")
    prefix = f"{scope}: " if scope else ""
    if phrase is None:
        phrase = f"has the {'highest' if better == 'higher' else 'lowest'} {metric}"
    if result["n"] >= 1 and result["diff"] == 0 and not result["sd_diff"] > 0:
        cls, badge, how = _how_sure(result, level, paired)
        return (None, f'<p class="claim"><b>{_esc(prefix)}No difference in {_esc(metric)}</b>: '
                      f'<span class="num">{_num(means[best], units)}'
                      f'{_esc(_units_word(units))}</span> per run for '
                      f'{_esc(contenders[best][0])} and {_esc(contenders[second][0])}'
                      f'<span class="sure {cls}">{_esc(badge)}</span>'
                      f'<span class="how">{_esc(how)}</span></p>')
    subject = prefix + contenders[best][0]
    verdict = (subject, phrase, _how_sure(result, level, paired)[1])
    return verdict, _claim_html(subject, phrase, metric, units, means[best], means[second],
                                contenders[second][0], result, level, paired)


def _in_short(claims, runs, level=LEVEL):
    """One sentence over the contest claims: what is settled, what is not."""
    verdicts = [v for v, _ in claims if v is not None]
    settled = [v for v in verdicts if v[2] in ("sure", "very sure")]
    unsettled = [v for v in verdicts if v[2] == "not sure"]
    if not verdicts:
        return ""
    if len(settled) + len(unsettled) == 0:
        text = (f"With {runs} run{'s' if runs != 1 else ''} per contender there is no interval "
                "yet: run more replications to know how sure each difference is.")
    elif settled:
        text = "; ".join(f"{who} {phrase} ({badge})" for who, phrase, badge in settled) + "."
        if unsettled:
            text += (f" {len(unsettled)} other difference"
                     f"{'s are' if len(unsettled) > 1 else ' is'} not settled by these {runs} "
                     "runs.")
    else:
        text = (f"None of the differences is settled by these {runs} runs: each "
                f"{round(level * 100)}% interval includes 0.")
    return f'<p class="claim"><b>In short:</b> {_esc(text)}</p>'


def _single_claims(ds, level=LEVEL):
    """Headline sentences for a file with nothing to compare: each figure with its interval."""
    claims = []
    pct = round(level * 100)
    population = ds.attrs.get("population")
    for metric in metric_names(ds, "summary")[:MAX_SINGLE_HEADLINES]:
        var = ds[metric].isel(point=0)
        if "brand" in var.dims:
            var = var.isel(brand=0)
        units = var.attrs.get("units", "")
        ci = interval(var.values, level)
        share = ""
        if population and units == "agents" and np.isfinite(ci["mean"]):
            share = f" ({100 * ci['mean'] / population:.1f}% of the {population:,} agents)"
        elif units == "d" and np.isfinite(ci["mean"]) and abs(ci["mean"]) >= 2 * 365:
            share = f" ({ci['mean'] / 365:.2f} years)"
        if ci["n"] == 0:
            cls, badge = "sure-none", "no data"
            how = "no finished run has this figure"
        elif ci["n"] >= 2 and np.isfinite(ci["lo"]):
            half = (ci["hi"] - ci["lo"]) / 2
            relative = half / abs(ci["mean"]) if ci["mean"] else np.inf
            if relative < 0.05:
                cls, badge = "sure-yes", "precise"
            elif relative < 0.2:
                cls, badge = "sure-yes", "fairly precise"
            else:
                cls, badge = "sure-no", "rough"
            how = (f"{pct}% interval {_num(ci['lo'], units)} to {_num(ci['hi'], units)}"
                   + (f", ±{100 * relative:.2g}% of the mean" if np.isfinite(relative) else "")
                   + f", over {ci['n']} runs; the runs themselves spread with standard "
                     f"deviation {_num(ci['sd'], units)}")
        else:
            cls, badge = "sure-none", "one run"
            how = "one run only: no interval; run more replications to know how sure"
        description = var.attrs.get("description", "")
        claims.append(
            f'<p class="claim"><b>{_esc(metric)}</b>: <span class="num">'
            f'{_num(ci["mean"], units)}{_esc(_units_word(units))}{_esc(share)}</span> on average'
            f'<span class="sure {cls}">{_esc(badge)}</span><span class="how">'
            f'{_esc(description)}. {_esc(how)}</span></p>')
    return claims


def _sweep_claims(ds, level=LEVEL):
    """Headline sentences for a sweep without arms: last point against the first."""
    claims = []
    last = ds.sizes["point"] - 1
    for metric, better, _ in _key_metrics(ds):
        var = ds[metric]
        brands = list(var.coords["brand"].values) if "brand" in var.dims else [None]
        for brand in brands:
            v = var if brand is None else var.sel(brand=brand)
            means = [np.nanmean(v.isel(point=k).values) for k in range(ds.sizes["point"])]
            result = paired_difference(v.isel(point=last).values, v.isel(point=0).values, level)
            units = var.attrs.get("units", "")
            top = int(np.nanargmax(means)) if np.isfinite(means).any() else 0
            cls, badge, how = _how_sure(result, level)
            who = f"{brand}: " if brand is not None else ""
            claims.append(
                f'<p class="claim"><b>{_esc(who)}{_esc(metric)}</b> goes from '
                f'<span class="num">{_num(means[0], units)}</span> at '
                f'{_esc(plots.point_label(ds, 0))} to <span class="num">'
                f'{_num(means[last], units)}</span> at {_esc(plots.point_label(ds, last))} '
                f'(difference {_signed(result["diff"], units)}; {round(level * 100)}% interval '
                f'{_signed(result["lo"], units)} to {_signed(result["hi"], units)}); highest at '
                f'{_esc(plots.point_label(ds, top))}<span class="sure {cls}">{_esc(badge)}</span>'
                f'<span class="how">{_esc(how)}</span></p>')
    return claims


def _run_counts(ds):
    status = ds["run_status"].values.reshape(-1)
    return {name: int(np.sum(status == code)) for code, name in STATUS_NAMES.items()}


def _meta_line(ds):
    counts = _run_counts(ds)
    end = float(ds["time"].values[-1]) if ds.sizes.get("time") else 0
    divisor, unit = (365.0, "years") if end >= 2 * 365 else (1.0, "days")
    parts = [f"model <b>{_esc(ds.attrs.get('model', '?'))}</b>",
             f"{ds.sizes['replication']} replications",
             f"{ds.sizes['point']} sweep point{'s' if ds.sizes['point'] != 1 else ''}"]
    if "brand" in ds.dims:
        parts.append(f"brands: {_esc(', '.join(map(str, ds['brand'].values)))}")
    if "population" in ds.attrs:
        parts.append(f"{ds.attrs['population']:,} agents")
    parts.append(f"horizon {end / divisor:.3g} {unit}")
    parts.append(", ".join(f"{v} {k}" for k, v in counts.items() if v) + " runs")
    return " · ".join(parts)


def _warnings(ds):
    counts = _run_counts(ds)
    out = []
    if counts["pending"]:
        out.append(f"{counts['pending']} runs have not finished: the figures use the finished "
                   "runs only.")
    if counts["failed"]:
        out.append(f"{counts['failed']} runs failed and are left out.")
    if counts["truncated"]:
        out.append(f"{counts['truncated']} runs hit the event limit (truncated): their figures "
                   "describe the run up to that point.")
    return "".join(f'<p class="warn">{_esc(w)}</p>' for w in out)


def _first_screen(ds, mode, level):
    name = ds.attrs.get("scenario_name") or Path(ds.attrs.get("path", "results")).stem
    description = scenario_value(ds, "description") or ""
    pct = round(level * 100)
    parts = [f"<h1>{_esc(name)}</h1>"]
    if description:
        parts.append(f"<p>{_esc(description)}</p>")
    parts.append(f'<p class="meta">{_meta_line(ds)}</p>')
    parts.append(_warnings(ds))
    if mode in ("arm", "brand"):
        contest = _contest_claims(ds, mode, level)
        claims = [_in_short(contest, ds.sizes["replication"], level)] + [c for _, c in contest]
        who = "arm" if mode == "arm" else "brand"
        how = ("paired runs share their random numbers" if mode == "arm" else
               "the brands of a replication share its network and consumers, not their random "
               "draws")
        lead = (f"Which {who} does better, by how much, and how sure: each line compares the "
                f"best {who} with the runner-up, replication by replication ({how}), with the "
                f"{pct}% interval of the difference. Counts that grow with the number of "
                f"customers (complaints, detractors) are compared per customer. 'Sure' is "
                f"{NOISE_ONLY}.")
        if ds.sizes["point"] > 1:
            where = (plots.point_label(ds, 0) if mode == "brand" else
                     ", ".join(f"{k} = {ds.coords[k].values[0]}" for k in ds.attrs.get("swept", [])
                               if k in ds.coords))
            if where:
                lead += f" Shown at {where}; every sweep point is in the tables below."
    elif mode == "point":
        claims = _sweep_claims(ds, level)
        lead = (f"How the outcome moves across the {ds.sizes['point']} sweep points: the last "
                f"against the first, replication by replication, with the {pct}% interval.")
    else:
        claims = _single_claims(ds, level)
        lead = ("This file has one scenario setting and "
                + ("one brand" if "brand" in ds.dims else "no brands")
                + ", so there is nothing to pit against each other: here is what the runs "
                  f"found, with {pct}% intervals over replications.")
    if not claims:
        claims = ['<p class="claim">The file holds no per-run figures to compare.</p>']
    parts.append(f'<section class="answer" id="answer"><h2>The answer</h2>'
                 f'<p class="small">{_esc(lead)}</p>{"".join(claims)}</section>')
    parts.append(_first_figure(ds, mode, level))
    return "".join(parts)


def _adoption_metric(ds):
    present = [v.attrs.get("metric") for v in ds.data_vars.values()
               if v.attrs.get("kind") == "series"]
    return next((m for m in plots.ADOPTION_METRICS if m in present),
                present[0] if present else None)


def _first_figure(ds, mode, level):
    if mode in ("arm", "brand"):
        keys = [m for m, _, _ in _key_metrics(ds)][:3]
        if not keys:
            return ""
        if ds.sizes["point"] * ds.sizes.get("brand", 1) > 2 * _MAX_CURVES:
            # A large sweep: one response curve per arm and brand says more than 100s of dots.
            return _figure(lambda *axes: [plots.plot_sweep(ds, m, ax=ax, level=level)
                                          for m, ax in zip(keys, axes)],
                           width=4.0 * len(keys), height=3.4, ncols=len(keys), n=len(keys),
                           caption="Mean over replications at each swept value, with its "
                                   f"{round(level * 100)}% interval; one curve per arm and "
                                   "brand.")
        return _figure(lambda *axes: [plots.plot_arms(ds, m, ax=ax, level=level)
                                      for m, ax in zip(keys, axes)],
                       width=4.0 * len(keys), height=3.4, ncols=len(keys), n=len(keys),
                       caption="Each dot is one run; grey lines join the runs that share random "
                               "numbers; black: mean and interval.")
    metric = _adoption_metric(ds)
    if metric is None:
        return ""
    return _figure(lambda ax: plots.plot_series(ds, metric, ax=ax, level=level), width=9,
                   height=3.6, caption=f"{metric}: mean over replications with the "
                                       f"{round(level * 100)}% interval of the mean.")


def _interval_columns(level, **more):
    """Column renames for a table with an interval: lo and hi named for its level."""
    pct = round(level * 100)
    return {"lo": f"{pct}% lo", "hi": f"{pct}% hi", **more}


def _summary_section(ds, level):
    table = summarize(ds, level=level)
    if table.empty:
        return ""
    pct = round(level * 100)
    table = table.drop(columns=["se"]).rename(columns=_interval_columns(level))
    descriptions = "".join(
        f"<li><b>{_esc(m)}</b> ({_esc(ds[m].attrs.get('units', '') or 'no unit')}): "
        f"{_esc(ds[m].attrs.get('description', ''))}</li>" for m in metric_names(ds, "summary"))
    return (f"<h2>Per-run figures over replications</h2><p class='small'>Mean, standard "
            f"deviation over runs, and the {pct}% Student-t interval of the mean.</p>"
            f"{_table(table)}<details><summary>What each figure means</summary><ul>"
            f"{descriptions}</ul></details>")


def _comparison_section(ds, level):
    table = compare_arms(ds, level=level)
    if table.empty:
        return ""
    pct = round(level * 100)
    by = table["by"].iloc[0]
    shown = table.drop(columns=[c for c in ("by", "sd_diff", "rel_lo", "rel_hi", "point_a",
                                            "point_b") if c in table.columns])
    shown = shown.rename(columns=_interval_columns(level, rel="diff / mean b"))
    return (f"<h2>Paired differences ({_esc(by)} a minus {_esc(by)} b)</h2><p class='small'>"
            f"Replication r of one {_esc(by)} against replication r of the other; 'sure' means "
            f"the {pct}% interval excludes 0.</p>{_table(shown)}")


# Curves (points x brands) one panel can show legibly; a larger sweep shows a spread of points.
_MAX_CURVES = 8


def _shown_points(ds):
    """Every point, or for a large sweep about _MAX_CURVES of them evenly spread (first and
    last included) so each panel stays readable."""
    brands = ds.sizes.get("brand", 1)
    n = ds.sizes["point"]
    most = max(1, _MAX_CURVES // brands)
    if n <= most:
        return list(range(n))
    return sorted(set(int(round(x)) for x in np.linspace(0, n - 1, most)))


def _series_section(ds, level):
    names = metric_names(ds, "series")
    if not names:
        return ""
    ncols = 3 if len(names) >= 3 else len(names)
    shown = _shown_points(ds)
    which = ("sweep point" if len(shown) == ds.sizes["point"] else
             f"sweep point, for {len(shown)} of the {ds.sizes['point']} points (evenly spread; "
             "the sweep response curves below cover them all)")
    html_parts = ["<h2>Time series</h2><p class='small'>Mean over replications with the "
                  f"{round(level * 100)}% interval of the mean, per "
                  + ("brand and " if "brand" in ds.dims else "") + _esc(which) + ".</p>"]
    html_parts.append(_figure(
        lambda *axes: [_small_series(ds, name, ax, level, shown)
                       for name, ax in zip(names, axes)],
        width=4.2 * ncols, height=3.0, ncols=ncols, n=len(names)))
    metric = _adoption_metric(ds)
    if metric is not None:
        html_parts.append("<h3>Adoption heat strip</h3>")
        html_parts.append(_figure(lambda ax: plots.plot_heat_strip(ds, metric, ax=ax),
                                  width=10, height=min(9.0, 1.4 + 0.11 * _rows(ds, metric)),
                                  caption="Every run is a row: how far it had spread at each "
                                          "time."))
    return "".join(html_parts)


def _rows(ds, metric):
    var = ds[series_name(ds, metric)]
    return ds.sizes["point"] * ds.sizes["replication"] * (var.sizes.get("brand", 1))


def _small_series(ds, name, ax, level, points=None):
    plots.plot_series(ds, name, ax=ax, level=level, points=points)
    ax.set_title(ds[name].attrs.get("metric", name), fontsize="medium")
    if ax.get_legend() is not None:
        ax.legend(fontsize="x-small")


def _arms_section(ds, level):
    names = metric_names(ds, "summary")
    if not names or (ds.sizes["point"] == 1 and "brand" not in ds.dims):
        return ""
    groups = ds.sizes["point"] * ds.sizes.get("brand", 1)
    if groups > 2 * _MAX_CURVES:
        return ("<h2>Arm against arm, every figure</h2><p class='small'>"
                f"{groups} arms, points and brands are too many for one panel each: the paired "
                "comparison table above and the sweep response curves below (one curve per arm "
                "and brand) compare them.</p>")
    ncols = min(3, len(names))
    return ("<h2>Arm against arm, every figure</h2>"
            + _figure(lambda *axes: [plots.plot_arms(ds, m, ax=ax, level=level)
                                     for m, ax in zip(names, axes)],
                      width=4.2 * ncols, height=3.3, ncols=ncols, n=len(names)))


def _sweep_section(ds, level):
    if ds.sizes["point"] < 2:
        return ""
    names = metric_names(ds, "summary")
    ncols = min(3, len(names))
    return ("<h2>Sweep response curves</h2>"
            + _figure(lambda *axes: [plots.plot_sweep(ds, m, ax=ax, level=level)
                                     for m, ax in zip(names, axes)],
                      width=4.2 * ncols, height=3.3, ncols=ncols, n=len(names)))


def _cascade_section(ds):
    if not ds.attrs.get("has_cascades"):
        return ""
    try:
        rows = read_cascades(ds)
        stats = cascade_stats(rows)
    except (ResultsError, ValueError) as error:
        return f"<h2>Cascades</h2><p class='warn'>{_esc(error)}</p>"
    if stats.empty:
        return "<h2>Cascades</h2><p>The file records cascades, but no run had any.</p>"
    by = [c for c in ("brand_name", "valence") if c in stats.columns]
    table = stats.groupby(by, observed=True).agg(
        cascades=("size", "size"), mean_size=("size", "mean"), largest=("size", "max"),
        mean_depth=("depth", "mean"), deepest=("depth", "max"),
        mean_virality=("structural_virality", "mean")).reset_index()
    if "valence" in table.columns:
        table["valence"] = table["valence"].map({1: "recommendation", -1: "complaint"})
    largest = largest_cascades(stats, ds)
    per_run = largest.groupby([c for c in ("brand", "valence") if c in largest.columns]).agg(
        runs=("size", "size"), mean_largest=("size", "mean"),
        max_largest=("size", "max")).reset_index()
    if "brand" in per_run.columns and "brand" in ds.dims:
        per_run["brand"] = [str(ds["brand"].values[b]) if b < ds.sizes["brand"] else b
                            for b in per_run["brand"]]
    if "valence" in per_run.columns:
        per_run["valence"] = per_run["valence"].map({1: "recommendation", -1: "complaint"})
    return ("<h2>Cascades</h2><p class='small'>Who told whom: size (people in the tree), depth "
            "(hops from the first teller) and structural virality (mean distance between two "
            "people in the tree, Goel et al. 2016: about 2 for a broadcast, large for "
            "person-to-person chains).</p>" + _table(table)
            + "<h3>Largest cascade per run</h3>" + _table(per_run)
            + _figure(lambda ax: plots.plot_ccdf(stats, ax=ax, by="valence"), width=6.5,
                      height=4.0, caption="Share of cascades at least this large (log axes).")
            + _largest_trees(rows, stats))


def _largest_trees(table, stats, max_nodes=5000):
    """The largest complaint cascade of each brand (else the largest cascade), as trees."""
    complaints = stats[stats["valence"] == -1]
    pool = complaints if len(complaints) else stats
    by = "brand" if "brand" in pool.columns else None
    picks = (pool.sort_values(["size", "replication", "cascade"], ascending=[False, True, True])
             .groupby(by, sort=True).head(1) if by else pool.nlargest(1, "size"))
    picks = picks[picks["size"] >= 2].head(4)
    if picks.empty:
        return ""
    what = "complaint cascade" if len(complaints) else "cascade"

    def draw(*axes):
        for ax, (_, row) in zip(axes, picks.iterrows()):
            plots.plot_cascade_tree(table, int(row["point"]), int(row["replication"]),
                                    int(row["cascade"]), ax=ax, max_nodes=max_nodes)

    return (f"<h3>The largest {what}{'s' if len(picks) > 1 else ''}"
            + (" of each brand" if by and len(picks) > 1 else "") + "</h3>"
            + _figure(draw, width=5.2 * len(picks), height=5.0, ncols=len(picks), n=len(picks),
                      caption="Who told whom: the first post at the centre (black), each "
                              "ring one more hop; colour: days since the first post."))


def _bass_section(ds, level):
    if ds.attrs.get("model") != "bass" or "adopters" not in ds.data_vars:
        return ""
    population = ds.attrs.get("population")
    try:
        fit = fit_bass_results(ds, "adopters", m=population, level=level)
    except (RuntimeError, ValueError) as error:
        return f"<h2>Bass fit</h2><p class='warn'>The fit failed: {_esc(error)}</p>"
    p_true = scenario_value(ds, "model.p")
    q_true = scenario_value(ds, "model.q")
    rows = fit.table()
    text = (f"Fitted to the mean adoption curve of point 0 ({fit.method}); rates per year "
            f"(x 365).")
    if isinstance(p_true, (int, float)) and isinstance(q_true, (int, float)):
        inside = fit.covers(p=p_true, q=q_true)
        text += (f" The scenario's own p = {p_true * 365:.3g}/y and q = {q_true * 365:.3g}/y are "
                 + ("inside" if inside else "not both inside")
                 + f" the {round(level * 100)}% intervals (on a network other than the complete "
                   "graph the Bass curve is only an approximation).")
    return ("<h2>Bass fit</h2>" + f"<p class='small'>{_esc(text)}</p>" + _table(rows)
            + _figure(lambda ax: plots.plot_bass_fit(fit, ax=ax, label="simulated (mean)"),
                      width=7, height=3.8))


def _runs_section(ds):
    counts = _run_counts(ds)
    events = ds["run_events"].values.astype(float) if "run_events" in ds else np.array([np.nan])
    wall = ds["run_wall_seconds"].values if "run_wall_seconds" in ds else np.array([np.nan])
    runs = pd.DataFrame([{**counts, "events (mean per run)": float(np.nanmean(events)),
                          "wall seconds (total)": float(np.nansum(wall))}])
    provenance = pd.DataFrame([(k[len("provenance_"):], v) for k, v in ds.attrs.items()
                               if k.startswith("provenance_")], columns=["key", "value"])
    return ("<h2>Runs and provenance</h2>" + _table(runs)
            + f"<p class='small'>File: {_esc(ds.attrs.get('path', ''))} (format version "
              f"{ds.attrs.get('format_version')}, hearsay {_esc(ds.attrs.get('hearsay_version'))})"
              "</p>"
            + (_table(provenance) if len(provenance) else "")
            + "<details><summary>The resolved scenario</summary><pre>"
            + _esc(ds.attrs.get("scenario", "")) + "</pre></details>")


def build_report(ds, level=LEVEL):
    """The whole page as an HTML string, for a Dataset from :func:`open_results`."""
    mode = _groups_for_headline(ds)
    title = ds.attrs.get("scenario_name") or "hearsay results"
    body = [
        _first_screen(ds, mode, level),
        _summary_section(ds, level),
        _comparison_section(ds, level),
        _arms_section(ds, level),
        _sweep_section(ds, level),
        _series_section(ds, level),
        _cascade_section(ds),
        _bass_section(ds, level),
        _runs_section(ds),
    ]
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{_esc(title)} — hearsay report</title><style>{CSS}</style></head>"
            f"<body><main>{''.join(body)}<p class='small'>Made by hearsay.report.</p>"
            "</main></body></html>")


def check_level(level):
    """The confidence level as a float in (0, 1); ValueError saying what to give otherwise."""
    try:
        value = float(level)
    except (TypeError, ValueError):
        raise ValueError(f"the confidence level must be a number between 0 and 1, e.g. 0.95; "
                         f"got {level!r}") from None
    if not 0 < value < 1:  # NaN fails too
        raise ValueError(f"the confidence level must be between 0 and 1 (exclusive), e.g. 0.95 "
                         f"for 95% intervals; got {level!r}")
    return value


def write_report(results, output, allow_incomplete=False, level=LEVEL, overwrite=False):
    """Read `results`, write the page to `output`, return its path.

    The page is written like every hearsay output (hearsay.safe_write): an existing `output` is
    replaced only with ``overwrite=True``, and never the results file itself or anything but a
    regular file; the page appears whole or not at all.
    """
    level = check_level(level)
    output = Path(output)
    if not output.parent.is_dir():
        output.parent.mkdir(parents=True, exist_ok=True)
    # Refused before the (slow) page is made; checked again, under the lock, when it is written.
    safe_write.check_replaceable(output, overwrite, [results])
    ds = open_results(results, allow_incomplete=allow_incomplete)
    page = build_report(ds, level=level)
    safe_write.write_text(output, page, overwrite=overwrite, inputs=[results])
    return output


def _level_argument(text):
    try:
        return check_level(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 -m hearsay.report",
        description="Write one self-contained HTML report for a hearsay results file.")
    parser.add_argument("results", help="results file (.h5) written by hearsay run")
    parser.add_argument("-o", "--output", help="HTML file to write (default: RESULTS.html)")
    parser.add_argument("--force", action="store_true",
                        help="replace an existing output file (never the results file itself)")
    parser.add_argument("--allow-incomplete", action="store_true",
                        help="report the finished runs of a file whose runs have not all finished")
    parser.add_argument("--level", type=_level_argument, default=LEVEL,
                        help="confidence level of the intervals, between 0 and 1 (default 0.95)")
    args = parser.parse_args(argv)
    output = args.output or str(Path(args.results).with_suffix(".html"))
    if os.path.lexists(output) and not args.force and not os.path.isdir(output):
        print(f"error: {output} exists; use --force to replace it", file=sys.stderr)
        return 1
    try:
        path = write_report(args.results, output, allow_incomplete=args.allow_incomplete,
                            level=args.level, overwrite=args.force)
    except (FileNotFoundError, ResultsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except FileExistsError as error:
        print(f"error: {error.strerror}", file=sys.stderr)
        return 1
    except safe_write.OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
