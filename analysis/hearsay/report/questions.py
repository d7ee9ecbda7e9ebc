"""What the page asks of a results file: which contenders it holds, the headline figures and
which way is better for each, the series behind them, the runs' outcomes.
"""
from __future__ import annotations

import numpy as np

from .. import plots
from ..results import STATUS_NAMES, metric_names


# The strategist's questions, in the order the headline answers them: metric, which way is
# better, and how the winner is described.
# Counts that grow with the number of customers (complaints, detractors) are compared as rates
# per customer: a brand with more customers has more of both.
KEY_METRICS = [
    ("final_sales", "higher", "sells more"),
    ("profit", "higher", "makes more profit"),
    ("followers_kept", "higher", "keeps more of its followers"),
    ("complaints_per_customer", "lower", "has fewer complaints per customer"),
    ("peak_complaint_cascade", "lower", "has smaller complaint cascades"),
    ("npv_sales", "higher", "takes in more revenue (net present value of sales)"),
    ("detractor_share", "lower", "ends with a smaller share of detractors among its customers"),
]
LOWER_IS_BETTER = {"complaints", "peak_complaint_cascade", "detractors", "rejecters",
                   "unfollows", "complaint_views", "churned", "time_to_half_sales",
                   "complaints_per_customer", "detractor_share", "complaints_per_bad_experience",
                   "cost", "spend", "switches_out"}
# How a winner is described when even its figure is negative (the best of two losses).
PHRASE_IF_NEGATIVE = {"profit": "loses less money"}
MAX_SINGLE_HEADLINES = 6
# The series that show each headline figure over time: (numerator, denominator or None).
SERIES_OF = {
    "final_sales": ("cumulative_sales", None, "cumulative sales"),
    "followers_kept": ("followers", None, "followers"),
    "complaints_per_customer": ("complaints", "customers_won", "complaints per customer won"),
    "detractor_share": ("detractors", "adopters", "detractors per customer"),
}
# Curves (points x brands) one panel can show legibly; a larger sweep shows a spread of points.
_MAX_CURVES = 8


def _is_design(ds):
    """Whether the file's points are the rows of a design (uncertain: and design:)."""
    return "design_row" in ds.coords


def _groups_for_headline(ds):
    """How the headline compares: 'design', 'arm', 'brand', 'point' or 'single'."""
    if _is_design(ds):
        return "design"
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


def _adoption_metric(ds):
    present = [v.attrs.get("metric") for v in ds.data_vars.values()
               if v.attrs.get("kind") == "series"]
    return next((m for m in plots.ADOPTION_METRICS if m in present),
                present[0] if present else None)


def _run_counts(ds):
    status = ds["run_status"].values.reshape(-1)
    return {name: int(np.sum(status == code)) for code, name in STATUS_NAMES.items()}
