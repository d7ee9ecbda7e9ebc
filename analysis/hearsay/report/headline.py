"""The first screen: the answer, in claims that say by how much and how sure, for arms,
brands, sweep points, a single setting, or a design; and the figure under it.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .. import plots
from ..results import metric_names, scenario_value
from ..stats import interval, paired_difference
from .contest import _contest_claims, _in_short
from .design import _design_contenders
from .markup import LEVEL, NOISE_ONLY, _esc, _figure, _how_sure, _num, _signed, _units_word
from .money import _design_money_claims
from .questions import (MAX_SINGLE_HEADLINES, _MAX_CURVES, _adoption_metric, _is_design,
                        _key_metrics, _run_counts)


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


def _meta_line(ds):
    counts = _run_counts(ds)
    end = float(ds["time"].values[-1]) if ds.sizes.get("time") else 0
    divisor, unit = (365.0, "years") if end >= 2 * 365 else (1.0, "days")
    parts = [f"model <b>{_esc(ds.attrs.get('model', '?'))}</b>",
             f"{ds.sizes['replication']} replications",
             f"{ds.sizes['point']} {'design' if _is_design(ds) else 'sweep'} "
             f"point{'s' if ds.sizes['point'] != 1 else ''}"]
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
    parts = [f"<h1>{_esc(name)}</h1>"]
    if description:
        parts.append(f"<p>{_esc(description)}</p>")
    parts.append(f'<p class="meta">{_meta_line(ds)}</p>')
    parts.append(_warnings(ds))
    parts.append(answer_section(ds, mode, level))
    parts.append(_first_figure(ds, mode, level))
    return "".join(parts)


def answer_section(ds, mode, level=LEVEL):
    """The answer of the first screen without its figure: the claims, each saying by how much
    and how sure (the workbench shows it as the verdict)."""
    pct = round(level * 100)
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
        if "profit" in ds.data_vars:
            lead += (" Profit is the margin on the discounted sales minus the discounted costs "
                     "(the section 'Money' has costs, spending and return on investment).")
        if ds.sizes["point"] > 1:
            where = (plots.point_label(ds, 0) if mode == "brand" else
                     ", ".join(f"{k} = {ds.coords[k].values[0]}" for k in ds.attrs.get("swept", [])
                               if k in ds.coords))
            if where:
                lead += f" Shown at {where}; every sweep point is in the tables below."
    elif mode == "design":
        claims, lead = _design_claims(ds, level)
        claims += _design_money_claims(ds)
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
    return (f'<section class="answer" id="answer"><h2>The answer</h2>'
            f'<p class="small">{_esc(lead)}</p>{"".join(claims)}</section>')


def _design_claims(ds, level):
    """The first screen of a design: where each side wins over the uncertainty space, and what
    drives it most (the section 'What drives the answer' has the whole picture)."""
    from ..sensitivity import DesignError, read_design, sensitivity, uncertainty

    path = ds.attrs.get("path")
    design = read_design(path)
    found = _design_contenders(ds)
    metric = next((m for m, _, _ in _key_metrics(ds)), None)
    k = len(design["parameters"])
    lead = (f"This file is a {design['method']} design: its {ds.sizes['point']:,} points draw "
            f"{k} uncertain assumption{'s' if k != 1 else ''} ({', '.join(design['parameters'])}) "
            f"from the ranges the scenario gives, so the answer is a share of that space, not one "
            f"verdict. Replication noise is small next to it only when the design's points "
            f"agree; 'sure' at one point would be {NOISE_ONLY}.")
    if metric is None:
        return [], lead
    claims = []
    if found is None:
        try:
            row = uncertainty(path, metric)
            units = ds[metric].attrs.get("units", "")
            claims.append(
                f"<p class='claim'><b>{_esc(metric)}</b> over the uncertainty space: median "
                f"<span class='num'>{_num(row['q50'], units)}</span>, 90% of the space between "
                f"{_num(row['q05'], units)} and {_num(row['q95'], units)} (mean "
                f"{_num(row['mean'], units)}).</p>")
            table = sensitivity(path, metric, level=level)
            claims.append(_top_drivers(table))
        except (DesignError, KeyError, ValueError) as error:
            claims.append(f"<p class='warn'>{_esc(error)}</p>")
        return claims, lead
    by, a, b = found
    try:
        row = uncertainty(path, metric, difference=(a, b))
        claims.append(
            f"<p class='claim'><b>{_esc(metric)}</b>: {_esc(a)} does better in "
            f"<span class='num'>{100 * row[f'{a}_wins']:.0f}%</span> of the uncertainty space, "
            f"{_esc(b)} in <span class='num'>{100 * row[f'{b}_wins']:.0f}%</span> (median "
            f"difference {_esc(a)} − {_esc(b)} {_signed(row['q50'])}; 90% of the space between "
            f"{_signed(row['q05'])} and {_signed(row['q95'])}).</p>")
        table = sensitivity(path, metric, difference=(a, b), level=level)
        claims.append(_top_drivers(table))
    except (DesignError, KeyError, ValueError) as error:
        claims.append(f"<p class='warn'>{_esc(error)}</p>")
    return claims, lead


def _top_drivers(table):
    """'What decides it most: X (index), then Y (index).' from a sensitivity table."""
    key = "ST" if "ST" in table.columns else "mu_star"
    top = table[key].sort_values(ascending=False)
    if not len(top) or not np.isfinite(top.iloc[0]):
        return ""
    words = "its total Sobol' index" if key == "ST" else "its Morris mu*"
    return (f"<p class='claim'>What decides it most: <b>{_esc(top.index[0])}</b> ({words} "
            f"{top.iloc[0]:.2g})" + (f", then <b>{_esc(top.index[1])}</b> ({top.iloc[1]:.2g})"
                                      if len(top) > 1 else "")
            + ". See 'What drives the answer' below.</p>")


def _first_figure(ds, mode, level):
    if mode == "design":
        return ""
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
                       caption="Each dot is one run; grey lines join the runs of one replication "
                               "(arms share its random numbers, brands its network and "
                               "consumers); black: mean and interval.")
    metric = _adoption_metric(ds)
    if metric is None:
        return ""
    return _figure(lambda ax: plots.plot_series(ds, metric, ax=ax, level=level), width=9,
                   height=3.6, caption=f"{metric}: mean over replications with the "
                                       f"{round(level * 100)}% interval of the mean.")
