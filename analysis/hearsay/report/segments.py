"""Segments: with consumer segments (`segments:`), each brand's customers in each segment over
time (with bands), who holds more of each segment at the end and how sure, and a table of
customers, penetration, word-of-mouth wins and complaints per segment and brand.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..results import metric_names, scenario_value
from ..stats import interval
from .contest import _contest_claim
from .markup import _esc, _figure, _table
from .questions import _is_design

# Points the section covers at most (a large sweep: evenly spread points).
_MAX_POINTS = 4


def segment_sizes(ds):
    """Consumers in each segment, as the model assigns them: the rounded cumulative shares of
    the population (the last segment takes the rest); None when the population is unknown."""
    n = ds.attrs.get("population")
    segments = scenario_value(ds, "segments", [])
    if scenario_value(ds, "segment_by") is not None:
        return None  # a node file says who is in which segment
    if not isinstance(n, int) or not isinstance(segments, list) or not segments:
        return None
    sizes, start, cumulative = [], 0, 0.0
    for k, segment in enumerate(segments):
        cumulative += float(segment.get("share", 0)) if isinstance(segment, dict) else 0.0
        end = n if k == len(segments) - 1 else int(min(n, np.floor(cumulative * n + 0.5)))
        sizes.append(end - start)
        start = end
    return sizes


def _segments_section(ds, level):
    """The Segments section: '' without a segment dimension."""
    from .sections import _shown_points

    if "segment" not in ds.dims or "adopters_by_segment" not in metric_names(ds, "series"):
        return ""
    pct = round(level * 100)
    names = [str(s) for s in ds["segment"].values]
    sizes = segment_sizes(ds)
    parts = ['<section id="segments"><h2>Segments</h2>',
             "<p class='small'>The consumers fall into segments (<code>segments:</code>), each "
             "with its own values of some consumer parameters; every consumer belongs to one. "
             f"Sizes: {_esc(_sizes_text(names, sizes))}.</p>"]
    shown = _shown_points(ds)[:_MAX_POINTS]
    parts.append(_curves(ds, names, sizes, shown[0], level))
    if _is_design(ds):
        parts.append("<p class='small'>Over a design the per-segment claims at each point say "
                     "little on their own; they are left out.</p>")
        return "".join(parts) + "</section>"
    for k in shown:
        parts += _claims(ds, names, k, level)
        where = f"Point {k}: at" if ds.sizes["point"] > 1 else "At"
        parts.append(f"<p class='small'>{where} the end of the run, per segment and brand: "
                     f"current customers (mean over replications, ±{pct}% interval of the mean), "
                     f"their share of the segment, the share of the segment's customers won by "
                     f"a friend's tell or share, and complaints per 1,000 purchases (pooled "
                     f"over replications).</p>")
        parts.append(_table(_segment_table(ds, names, sizes, k, level)))
    return "".join(parts) + "</section>"


def _sizes_text(names, sizes):
    if sizes is None:
        return ", ".join(names)
    return ", ".join(f"{name} {size:,} consumers" for name, size in zip(names, sizes))


def _curves(ds, names, sizes, point, level):
    var = ds["adopters_by_segment"].isel(point=point)
    brands = [str(b) for b in ds["brand"].values]
    time = ds["time"].values

    def draw(*axes):
        for j, (segment, axis) in enumerate(zip(names, axes)):
            for brand in brands:
                runs = var.sel(segment=segment, brand=brand).values
                if sizes is not None and sizes[j] > 0:
                    runs = runs / sizes[j]
                mean = np.nanmean(runs, axis=0)
                bands = [interval(runs[:, t], level) for t in range(runs.shape[1])]
                lo = [b["lo"] for b in bands]
                hi = [b["hi"] for b in bands]
                axis.plot(time, mean, label=brand)
                axis.fill_between(time, lo, hi, alpha=0.25)
            axis.set_title(segment, fontsize="medium")
            axis.set_xlabel("days")
            axis.grid(alpha=0.3)
        top = max(axis.get_ylim()[1] for axis in axes)  # one scale: segments compare by eye
        for axis in axes:
            axis.set_ylim(0, top)
        axes[0].set_ylabel("share of the segment who are customers" if sizes is not None
                           else "customers")
        axes[0].legend(fontsize="x-small")

    pct = round(level * 100)
    return _figure(draw, width=min(12, 3.2 * len(names) + 1), height=3.4, ncols=len(names),
                   n=len(names),
                   caption=f"Each brand's current customers in each segment"
                           f"{' as a share of the segment' if sizes is not None else ''}: mean "
                           f"over replications with the {pct}% interval of the mean.")


def _claims(ds, names, k, level):
    """Per segment: who holds more of its consumers at the end, brand against brand."""
    if ds.sizes["brand"] < 2:
        return []
    var = ds["adopters_by_segment"].isel(point=k, time=-1)
    claims = []
    for segment in names:
        v = var.sel(segment=segment)
        contenders = [(str(b), v.sel(brand=b).values) for b in v.coords["brand"].values]
        scope = segment if ds.sizes["point"] == 1 else f"point {k}, {segment}"
        claims.append(_contest_claim(v, "adopters_by_segment", "higher",
                                     "has more customers in the segment at the end", scope,
                                     contenders, level, paired=False)[1])
    return claims


def _segment_table(ds, names, sizes, k, level):
    present = set(metric_names(ds, "series"))
    pct = round(level * 100)
    rows = []
    for j, segment in enumerate(names):
        for brand in [str(b) for b in ds["brand"].values]:
            def final(metric):
                if metric not in present:
                    return None
                return ds[metric].isel(point=k, time=-1).sel(segment=segment,
                                                              brand=brand).values
            row = {"segment": segment, "brand": brand}
            customers = final("adopters_by_segment")
            summary = interval(customers, level)
            mean = summary["mean"]
            row["customers"] = mean
            row[f"customers ±{pct}%"] = (summary["hi"] - summary["lo"]) / 2
            if sizes is not None and sizes[j] > 0:
                row["share of segment"] = mean / sizes[j]
            won, wom = final("won_by_segment"), final("won_by_wom_by_segment")
            if won is not None and wom is not None and np.nansum(won) > 0:
                row["won by word of mouth"] = np.nansum(wom) / np.nansum(won)
            complaints = final("complaints_by_segment")
            sales = final("sales_by_segment")
            if complaints is not None and sales is not None and np.nansum(sales) > 0:
                row["complaints per 1000 purchases"] = 1000 * np.nansum(complaints) / np.nansum(sales)
            rows.append(row)
    return pd.DataFrame(rows)
