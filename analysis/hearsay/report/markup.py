"""The page's building blocks: numbers in words, how sure a difference is, embedded figures,
tables, and the style sheet.
"""
from __future__ import annotations

import base64
import html
import io
import math

import numpy as np
from matplotlib.figure import Figure


LEVEL = 0.95
# What an interval covers, said wherever the report says "sure".
NOISE_ONLY = ("sure given this scenario's parameters: the interval covers replication noise "
              "only, not uncertainty in the model's assumptions")


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
