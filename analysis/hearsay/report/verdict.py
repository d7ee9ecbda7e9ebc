"""The verdict over time: each headline difference at every sampled day and the days the lead
changes hands; for a design, the share of the uncertainty space each side leads in.
"""
from __future__ import annotations

import numpy as np

from ..results import series_name
from ..stats import interval
from .design import _design_contenders
from .markup import _esc, _figure
from .questions import SERIES_OF, _candidates, _key_metrics


def _over_time(ds, metric):
    """(label, per-point-and-replication series) of a headline metric, or None."""
    numerator, denominator, label = SERIES_OF.get(metric, (metric, None, metric))
    try:
        top = ds[series_name(ds, numerator)]
        if denominator is None:
            return label, top
        bottom = ds[series_name(ds, denominator)]
    except KeyError:
        return None
    return label, top / bottom.where(bottom > 0)


def _runs(days, mask):
    """The runs of consecutive True in `mask` as 'a-b' day ranges."""
    runs, start = [], None
    for k, on in enumerate(mask):
        if on and start is None:
            start = k
        if start is not None and (not on or k == len(mask) - 1):
            end = k if on else k - 1
            runs.append(f"{days[start]:g}" + ("" if end == start else f"-{days[end]:g}"))
            start = None
    return runs


def _lead_text(first, second, days, diff, lo, hi, better="higher"):
    """Who leads when, in the mean and surely, from the difference first - second over time
    (leading is having more, or less where lower is better)."""
    if better == "lower":
        diff, lo, hi = -diff, -hi, -lo
    parts = []
    for who, sign in ((first, 1), (second, -1)):
        ahead = _runs(days, sign * diff > 0)
        sure = _runs(days, (lo > 0) if sign > 0 else (hi < 0))
        if not ahead:
            parts.append(f"{who} never leads")
            continue
        text = f"{who} leads on days {', '.join(ahead[:6])}{' ...' if len(ahead) > 6 else ''}"
        text += (f" (surely on days {', '.join(sure[:6])}{' ...' if len(sure) > 6 else ''})"
                 if sure else " (never surely)")
        parts.append(text)
    changes = [days[k] for k in range(1, len(diff))
               if np.sign(diff[k]) != np.sign(diff[k - 1]) and np.sign(diff[k]) != 0
               and np.sign(diff[k - 1]) != 0]
    lead = "; ".join(parts) + "."
    if changes:
        lead += (" The lead changes hands on day" + ("s " if len(changes) > 1 else " ")
                 + ", ".join(f"{d:g}" for d in changes[:8]) + (" ..." if len(changes) > 8 else "")
                 + ".")
    return lead


def headline_differences(ds, mode, level):
    """Each headline difference (best minus runner-up, per scope) at every sampled time: dicts
    of title, first, second, better, phrase, days, and the mean difference over replications
    with its interval (diff, lo, hi). Empty unless arms or brands are compared."""
    out = []
    if mode not in ("arm", "brand"):
        return out
    for metric, better, phrase in _key_metrics(ds):
        found = _over_time(ds, metric)
        if found is None or "time" not in found[1].dims:
            continue
        label, var = found
        for scope, contenders in _candidates(ds, var, mode):
            if len(contenders) < 2:
                continue
            last = [np.nanmean(v[..., -1]) for _, v in contenders]
            order = sorted(range(len(contenders)), key=lambda i: np.nan_to_num(
                last[i], nan=-np.inf if better == "higher" else np.inf),
                reverse=better == "higher")
            (first, a), (second, b) = contenders[order[0]], contenders[order[1]]
            days = np.asarray(ds["time"].values, float)
            stats = [interval(a[:, k] - b[:, k], level) for k in range(len(days))]
            out.append({"title": f"{scope + ': ' if scope else ''}{first} − {second}, {label}",
                        "first": first, "second": second, "better": better, "phrase": phrase,
                        "days": days, "diff": np.array([x["mean"] for x in stats]),
                        "lo": np.array([x["lo"] for x in stats]),
                        "hi": np.array([x["hi"] for x in stats])})
    return out


def _verdict_over_time_section(ds, mode, level):
    """The difference behind each headline verdict at every sampled time, with its band, and
    the days the lead changes hands: a verdict at one horizon can flip at another."""
    pct = round(level * 100)
    head = ('<section id="verdict-over-time"><h2>The verdict over time</h2>')
    if mode == "design":
        return head + _design_verdict_over_time(ds) + "</section>"
    if mode not in ("arm", "brand"):
        return (head + "<p class='small'>There is nothing to compare in this file (one arm, one "
                "brand): the time series below show how each figure develops.</p></section>")
    rows, panels = [], []
    for d in headline_differences(ds, mode, level):
        lead = _lead_text(d["first"], d["second"], d["days"], d["diff"], d["lo"], d["hi"],
                          d["better"])
        rows.append(f"<p class='claim'><b>{_esc(d['title'])}</b>: {_esc(lead)}</p>")
        panels.append((d["title"], d["days"], d["diff"], d["lo"], d["hi"]))
    if not panels:
        return (head + "<p class='small'>No headline figure has a time series in this file."
                "</p></section>")

    def draw(*axes):
        for ax, (title, days, diff, lo, hi) in zip(axes, panels):
            ax.plot(days, diff, color="C0")
            ax.fill_between(days, lo, hi, color="C0", alpha=0.25, linewidth=0)
            ax.axhline(0, color="black", linewidth=0.8)
            ax.set_title(title, fontsize="small")
            ax.set_xlabel("days")
            ax.grid(alpha=0.3)

    n = len(panels)
    figure = _figure(draw, width=4.2 * min(n, 3), height=3.2, ncols=min(n, 3), n=n,
                     caption=f"Each headline difference at every sampled day: mean over "
                             f"replications and its {pct}% interval (replication noise only).")
    return (head + f"<p class='small'>The headline compares the contenders at the end of the "
            f"run. Here is the same difference at every sampled day, with its {pct}% interval, "
            f"and the days on which the lead changes hands: a verdict at one horizon can flip "
            f"at another.</p>" + "".join(rows) + figure + "</section>")


# The share of a design's space one side must lead in for the report to call it the majority.
CLEAR_MAJORITY = 0.55


def _design_verdict_over_time(ds):
    """For a design: at every sampled day, the share of the uncertainty space where each side
    leads (the mean over replications of the paired difference, at each design point)."""
    from ..sensitivity import read_design

    found = _design_contenders(ds)
    if found is None:
        return "<p class='small'>The design has nothing to compare.</p>"
    by, a, b = found
    design = read_design(ds.attrs.get("path"))
    keep = (np.isin(design["role"], (0, 1)) if design["method"] == "sobol"
            else np.ones(design["unit"].shape[0], bool))
    days = np.asarray(ds["time"].values, float)
    rows, panels = [], []
    for metric, better, _ in _key_metrics(ds):
        found_series = _over_time(ds, metric)
        if found_series is None or "time" not in found_series[1].dims:
            continue
        label, var = found_series
        if by == "brand":
            diff = (var.sel(brand=a) - var.sel(brand=b)).mean("replication").values  # (P, T)
            rows_of = design["row"]
        else:
            arms = np.asarray([str(x) for x in ds.coords["arm"].values])
            mean = var.mean("replication").values
            if "brand" in var.dims:
                continue  # arms within brands: the section below has it brand by brand
            diff = mean[arms == a] - mean[arms == b]
            rows_of = design["row"][arms == a]
        by_row = np.full((design["unit"].shape[0], len(days)), np.nan)
        by_row[rows_of] = diff
        by_row = by_row[keep]
        valid = np.isfinite(by_row)
        sign = 1 if better == "higher" else -1
        a_leads = np.sum((sign * by_row > 0) & valid, axis=0) / np.maximum(valid.sum(axis=0), 1)
        b_leads = np.sum((sign * by_row < 0) & valid, axis=0) / np.maximum(valid.sum(axis=0), 1)
        # A clear majority (at least CLEAR_MAJORITY of the space), so that a share hovering
        # near one half does not list every sampled day.
        majority = np.where(a_leads >= CLEAR_MAJORITY, a,
                            np.where(b_leads >= CLEAR_MAJORITY, b, "no clear majority"))
        changes = [f"day {days[t]:g} ({majority[t - 1]} → {majority[t]})"
                   for t in range(1, len(days)) if majority[t] != majority[t - 1]]
        listed = ", ".join(changes[:6]) + (f" and {len(changes) - 6} more" if len(changes) > 6
                                           else "")
        rows.append(f"<p class='claim'><b>{_esc(label)}</b>: at the end {_esc(a)} leads in "
                    f"{100 * a_leads[-1]:.0f}% of the space and {_esc(b)} in "
                    f"{100 * b_leads[-1]:.0f}%; "
                    + (f"a clear majority (≥ {100 * CLEAR_MAJORITY:.0f}%) changes at "
                       f"{_esc(listed)}." if changes else
                       f"the majority stays {_esc(majority[-1])} all along.") + "</p>")
        panels.append((label, a_leads, b_leads))
    if not panels:
        return "<p class='small'>No headline figure has a time series in this file.</p>"

    def draw(*axes):
        for ax, (label, a_leads, b_leads) in zip(axes, panels):
            ax.plot(days, 100 * a_leads, color="C0", label=f"{a} leads")
            ax.plot(days, 100 * b_leads, color="C3", label=f"{b} leads")
            ax.axhline(50, color="black", linewidth=0.8)
            ax.set_ylim(0, 100)
            ax.set_title(label, fontsize="small")
            ax.set_xlabel("days")
            ax.set_ylabel("% of the uncertainty space")
            ax.legend(fontsize="x-small")
            ax.grid(alpha=0.3)

    n = len(panels)
    return ("<p class='small'>A design's answer at one horizon is a share of the uncertainty "
            "space. Here is that share at every sampled day: the part of the space where each "
            "side leads (mean over replications at each design point), and the days the "
            "majority changes hands.</p>" + "".join(rows)
            + _figure(draw, width=4.2 * min(n, 3), height=3.2, ncols=min(n, 3), n=n))
