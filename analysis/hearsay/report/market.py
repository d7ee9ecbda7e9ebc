"""Market: with two or more brands, each brand's share of the customers over time (with bands),
who holds the larger share at the end and how sure, and in a shared market the customers won
from and lost to rivals; in independent markets, what market share means there instead.
"""
from __future__ import annotations

import numpy as np

from .. import plots
from ..results import metric_names, scenario_value, series_name
from .contest import _contest_claim
from .markup import _esc, _figure, _table
from .money import _wide_table
from .questions import _is_design

SWITCHES = ("switches_in", "switches_out", "won_at_rival_churn")
# End-of-run share claims the section makes at most (a large sweep: evenly spread points).
_MAX_SHARE_CLAIMS = 4


def _markets(ds):
    """Per point: 'shared' or 'independent' (a swept model.market, else the scenario's)."""
    if "model.market" in ds.coords:
        return [str(m) for m in ds.coords["model.market"].values]
    market = str(scenario_value(ds, "model.market", "independent") or "independent")
    return [market] * ds.sizes["point"]


def _market_section(ds, level):
    """The Market section: '' without 2+ brands or a market_share series."""
    from .sections import _shown_points

    if "brand" not in ds.dims or ds.sizes["brand"] < 2:
        return ""
    try:
        name = series_name(ds, "market_share")
    except KeyError:
        return ""
    markets = _markets(ds)
    shared = [k for k, m in enumerate(markets) if m == "shared"]
    independent = [k for k, m in enumerate(markets) if m != "shared"]
    pct = round(level * 100)
    parts = ['<section id="market"><h2>Market</h2>',
             f"<p class='small'>{_esc(_lead(shared, independent))}</p>"]
    shown = _shown_points(ds)
    brands = ds.sizes["brand"]

    def draw(ax):
        plots.plot_series(ds, name, ax=ax, level=level, points=shown)
        ax.axhline(1 / brands, color="black", linewidth=0.8, linestyle=":")
        ax.set_ylim(0, 1)
        ax.set_title("market share", fontsize="medium")
        ax.legend(fontsize="x-small")
        ax.grid(alpha=0.3)

    which = ("" if len(shown) == ds.sizes["point"] else
             f" ({len(shown)} of the {ds.sizes['point']} points, evenly spread)")
    parts.append(_figure(draw, width=9, height=3.8,
                         caption=f"Each brand's share of all brands' current customers: mean "
                                 f"over replications with the {pct}% interval of the mean"
                                 f"{which}; dotted: equal shares."))
    if _is_design(ds):
        parts.append("<p class='small'>Over a design the share at each point says little on "
                     "its own: the per-point claims and switch tables are left out; 'What "
                     "drives the answer' gives the verdict over the uncertainty space.</p>")
        return "".join(parts) + "</section>"
    parts += _share_claims(ds, name, shown, level, markets)
    parts.append(_switches(ds, shared, independent, level))
    return "".join(parts) + "</section>"


def _lead(shared, independent):
    if shared and not independent:
        return ("The brands compete for one market (model.market: shared): a consumer is a "
                "customer of one brand at a time, and a brand wins customers from its rivals. "
                "Market share is each brand's share of all brands' current customers.")
    text = ("The brands do not compete for the same purchase (model.market: independent): each "
            "is a market of its own on the same people, and a consumer can be a customer of "
            "every brand. Market share here is only each brand's share of the customers counted "
            "brand by brand, not customers taken from a rival.")
    if shared:
        text += (" The sweep runs both: the switch table covers the points with a shared "
                 "market.")
    return text


def _share_claims(ds, name, shown, level, markets):
    """Who holds the larger share at the end, brand against brand, at a few points."""
    var = ds[name].isel(time=-1)
    claims = []
    points = shown[:: max(1, -(-len(shown) // _MAX_SHARE_CLAIMS))]
    for k in points:
        v = var.isel(point=k)
        contenders = [(str(b), v.sel(brand=b).values) for b in v.coords["brand"].values]
        scope = plots.point_label(ds, k) if ds.sizes["point"] > 1 else ""
        phrase = ("holds the larger market share at the end" if markets[k] == "shared" else
                  "has the larger share of the customers counted brand by brand at the end")
        claims.append(_contest_claim(var, "market_share", "higher", phrase, scope, contenders,
                                     level, paired=False)[1])
    return claims


def _switches(ds, shared, independent, level):
    """Customers won from and lost to rivals, per brand, in a shared market; in independent
    markets, why there are none."""
    present = [m for m in SWITCHES if m in metric_names(ds, "summary")]
    moved = bool(independent) and any(
        float(np.nansum(np.abs(ds[m].isel(point=independent).values))) > 0 for m in present)
    parts = []
    if independent and not moved:
        parts.append("<p class='claim'>No customer switches brands here: in an independent "
                     "market every brand keeps its own customers (switches in and out are 0), "
                     "so there is no switch table"
                     + (" for those points" if shared else "") + ".</p>")
    elif moved:
        parts.append("<p class='warn'>The file has customers switching brands in an "
                     "independent market, which that market does not allow: the table below "
                     "shows them.</p>")
    if (not shared and not moved) or {"switches_in", "switches_out"} - set(present):
        return "".join(parts)
    keep = list(range(ds.sizes["point"])) if moved else shared
    net = ds["switches_in"] - ds["switches_out"]
    net.attrs.update(units="agents", kind="summary", metric="net_switches")
    with_net = ds.assign(net_switches=net)
    with_net = with_net.isel(point=keep)
    table = _wide_table(with_net, present + ["net_switches"], level)
    pct = round(level * 100)
    parts.append("<h3>Customers won from and lost to rivals</h3><p class='small'>Per run: "
                 "switches_in, customers won who were last a rival's; switches_out, customers "
                 "lost to a rival; net_switches, the two's difference; won_at_rival_churn, "
                 "customers won as they left a rival. Means over replications with the "
                 f"half-width of the {pct}% interval (±).</p>" + _table(table))
    return "".join(parts)
