"""What the page draws from a finished run: the report's verdict, curves per brand with bands,
the verdict over time, money and market share (JSON for the charts)."""
from __future__ import annotations

import contextlib
import math
import warnings

import numpy as np

from ..plots import _fmt, point_label
from ..report.headline import answer_section
from ..report.questions import _groups_for_headline
from ..report.verdict import headline_differences
from ..results import open_results
from ..stats import interval, summarize_series

LEVEL = 0.95
# Curves the page shows first, when the model has them (the rest follow in file order).
FIRST_SERIES = ("cumulative_sales", "adopters", "market_share", "followers", "complaints",
                "mean_trust", "infected", "recovered", "informed")
MONEY = ("profit", "roi", "spend", "cost", "npv_sales")


def _clean(values):
    return [None if not math.isfinite(x) else round(float(x), 6) for x in np.ravel(values)]


@contextlib.contextmanager
def _opened(path):
    """open_results(path), with warnings silenced while it is used (runs not finished are NaN:
    all-NaN slices are expected)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield open_results(path)


def answer_html(path):
    """The report's answer for a results file: its claims, each with how sure it is."""
    with _opened(path) as ds:
        return answer_section(ds, _groups_for_headline(ds), LEVEL)


def _band(summary):
    """A summarize_series band (mean and the central 90% of runs) as the page's JSON."""
    return {"mean": _clean(summary["mean"].values), "lo": _clean(summary["q_lo"].values),
            "hi": _clean(summary["q_hi"].values)}


def series(path, point=0):
    """{time, series: [{name, units, help, brands: [{brand, mean, lo, hi}]}], verdict: [...],
    money: [...]} of a results file, for the page's charts."""
    with _opened(path) as ds:
        point = min(point, ds.sizes["point"] - 1)
        labels = [point_label(ds, k) for k in range(ds.sizes["point"])]
        one = ds.isel(point=[point])
        ds = one.isel(point=0)
        out = {"time": _clean(ds["time"].values) if "time" in ds.dims else [],
               "replications": int(ds.sizes.get("replication", 0)), "series": [],
               "verdict": [], "money": [], "brands": [], "point": point, "points": labels,
               "arm": str(ds.coords["arm"].values) if "arm" in ds.coords else None}
        if "brand" in ds.dims:
            out["brands"] = [str(b) for b in ds["brand"].values]
        names = [v for v in ds.data_vars if "time" in ds[v].dims and "replication" in ds[v].dims]
        names.sort(key=lambda v: (FIRST_SERIES.index(v) if v in FIRST_SERIES
                                  else len(FIRST_SERIES)))
        for name in names:
            var = ds[name]
            entry = {"name": name, "units": var.attrs.get("units", ""),
                     "help": var.attrs.get("long_name") or var.attrs.get("description", ""),
                     "brands": []}
            if any(d not in ("replication", "time", "brand") for d in var.dims):
                continue
            band = summarize_series(ds, name, level=0.9)
            if "brand" in var.dims:
                for b in var["brand"].values:
                    entry["brands"].append({"brand": str(b), **_band(band.sel(brand=b))})
            else:
                entry["brands"].append({"brand": "", **_band(band)})
            out["series"].append(entry)
        out["verdict"] = _verdict_over_time(one)
        for name in MONEY:
            if name in ds.data_vars and "brand" in ds[name].dims:
                rows = []
                for b in ds["brand"].values:
                    ci = interval(np.asarray(ds[name].sel(brand=b).values, float), LEVEL)
                    rows.append({"brand": str(b), "mean": _clean([ci["mean"]])[0],
                                 "lo": _clean([ci["lo"]])[0], "hi": _clean([ci["hi"]])[0]})
                out["money"].append({"name": name, "units": ds[name].attrs.get("units", ""),
                                     "rows": rows})
    return out


def _verdict_over_time(ds):
    """Each headline difference (best minus runner-up) at every sampled time, with its 95%
    interval over replications, as the report's section 'The verdict over time' has it."""
    if "time" not in ds.dims:
        return []
    return [{"title": d["title"], "first": str(d["first"]), "second": str(d["second"]),
             "better": d["better"], "phrase": d["phrase"], "mean": _clean(d["diff"]),
             "lo": _clean(d["lo"]), "hi": _clean(d["hi"])}
            for d in headline_differences(ds, _groups_for_headline(ds), LEVEL)]


def arms_view(path):
    """{arms, swept, groups: [{label, points: {arm: point}}], html}: a file's arms, the point of
    each arm per sweep combination (arms are outermost), and the report's paired differences
    (arm a minus arm b, each with its interval and whether it is sure)."""
    from ..report.sections import _comparison_section
    with _opened(path) as ds:
        if "arm" not in ds.coords:
            return {"arms": [], "swept": [], "groups": [], "html": ""}
        arms = [str(a) for a in ds.coords["arm"].values]
        names = list(dict.fromkeys(arms))
        swept = [n for n in ds.attrs.get("swept", []) if n in ds.coords]
        groups = {}
        for k, arm in enumerate(arms):
            key = ", ".join(f"{n} = {_fmt(ds.coords[n].values[k])}" for n in swept)
            groups.setdefault(key, {})[arm] = k
        return {"arms": names, "swept": swept,
                "groups": [{"label": label, "points": points}
                           for label, points in groups.items()],
                "html": _comparison_section(ds, LEVEL) if len(names) > 1 else ""}
