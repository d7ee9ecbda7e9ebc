"""Contenders against each other (arms, or brands): the best against the runner-up on one
figure, by how much and how sure, and the one sentence over all of them ("In short") that
names the winner in sales and in profit and says plainly when they are not the same.
"""
from __future__ import annotations

from collections import namedtuple

import numpy as np

from ..stats import paired_difference
from .markup import LEVEL, _esc, _how_sure, _num, _signed, _units_word
from .questions import PHRASE_IF_NEGATIVE, _candidates, _key_metrics

# One verdict of a claim: `subject` is `scope: who` (scope: the brand when arms are compared
# within brands, else empty), `badge` how sure ("very sure", "sure", "not sure", "cannot say").
Verdict = namedtuple("Verdict", "subject phrase badge metric scope who")
SURE = ("sure", "very sure")
# The two figures "In short" pairs, per scope: who sells more and who makes more profit.
SALES, PROFIT = "final_sales", "profit"


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


def _contest_claims(ds, mode, level=LEVEL, metrics=None):
    """Sentences comparing arms or brands: best against runner-up, per key metric (or per
    (metric, better, phrase) of `metrics`). [(Verdict or None, html)]."""
    claims = []
    for metric, better, phrase in (_key_metrics(ds) if metrics is None else metrics):
        var = ds[metric]
        for scope, contenders in _candidates(ds, var, mode):
            if len(contenders) >= 2:
                claims.append(_contest_claim(var, metric, better, phrase, scope, contenders,
                                             level, paired=mode == "arm"))
    return claims


def _contest_claim(var, metric, better, phrase, scope, contenders, level, paired=True):
    """(Verdict, html) for the best contender against the runner-up on one metric; the verdict
    is None when there is no difference at all."""
    means = [np.nanmean(v) if np.isfinite(v).any() else np.nan for _, v in contenders]
    order = sorted(range(len(contenders)), key=lambda i: (np.nan_to_num(
        means[i], nan=-np.inf if better == "higher" else np.inf)), reverse=better == "higher")
    best, second = order[0], order[1]
    result = paired_difference(contenders[best][1], contenders[second][1], level)
    units = var.attrs.get("units", "")
    prefix = f"{scope}: " if scope else ""
    if phrase is None:
        phrase = f"has the {'highest' if better == 'higher' else 'lowest'} {metric}"
    elif metric in PHRASE_IF_NEGATIVE and means[best] < 0:
        phrase = PHRASE_IF_NEGATIVE[metric]       # the best of two losses is no profit
    if result["n"] >= 1 and result["diff"] == 0 and not result["sd_diff"] > 0:
        cls, badge, how = _how_sure(result, level, paired)
        return (None, f'<p class="claim"><b>{_esc(prefix)}No difference in {_esc(metric)}</b>: '
                      f'<span class="num">{_num(means[best], units)}'
                      f'{_esc(_units_word(units))}</span> per run for '
                      f'{_esc(contenders[best][0])} and {_esc(contenders[second][0])}'
                      f'<span class="sure {cls}">{_esc(badge)}</span>'
                      f'<span class="how">{_esc(how)}</span></p>')
    who = contenders[best][0]
    verdict = Verdict(prefix + who, phrase, _how_sure(result, level, paired)[1], metric, scope,
                      who)
    return verdict, _claim_html(prefix + who, phrase, metric, units, means[best], means[second],
                                contenders[second][0], result, level, paired)


def _badge_words(badge):
    return badge if badge in SURE or badge == "not sure" else "cannot say how sure"


def _sales_and_profit(verdicts):
    """Per scope, one clause on who sells more and who makes more profit: (clauses, the
    verdicts they used). Empty when the file has no profit (or no difference in either)."""
    clauses, used = [], []
    for sales in (v for v in verdicts if v.metric == SALES):
        profit = next((v for v in verdicts if v.metric == PROFIT and v.scope == sales.scope),
                      None)
        if profit is None:
            continue
        said = (f"{sales.subject} {sales.phrase} ({_badge_words(sales.badge)})")
        losing = (", though all of them lose money"
                  if profit.phrase == PHRASE_IF_NEGATIVE.get(PROFIT) else "")
        if profit.who == sales.who:
            clauses.append(f"{said} and {profit.phrase} ({_badge_words(profit.badge)})"
                           + losing)
        else:
            settled = sales.badge in SURE and profit.badge in SURE
            clauses.append(
                f"{said}, but {profit.who} {profit.phrase} ({_badge_words(profit.badge)})"
                + losing + ": "
                + ("the sales winner is not the profit winner" if settled else
                   "the sales winner may not be the profit winner (one of the two differences "
                   "is not settled)"))
        used += [sales, profit]
    return clauses, used


def _in_short(claims, runs, level=LEVEL):
    """One sentence over the contest claims: who sells more and who makes more profit (when the
    file has profit), then what else is settled, and what is not."""
    verdicts = [v for v, _ in claims if v is not None]
    if not verdicts:
        return ""
    money, used = _sales_and_profit(verdicts)
    rest = [v for v in verdicts if not any(v is u for u in used)]
    settled = [v for v in rest if v.badge in SURE]
    unsettled = [v for v in rest if v.badge == "not sure"]
    parts = money + [f"{v.subject} {v.phrase} ({v.badge})" for v in settled]
    if not any(v.badge in SURE or v.badge == "not sure" for v in verdicts):
        text = (f"With {runs} run{'s' if runs != 1 else ''} per contender there is no interval "
                "yet: run more replications to know how sure each difference is.")
        if money:
            text = "; ".join(money) + ". " + text
    elif parts:
        text = "; ".join(parts) + "."
        if unsettled:
            text += (f" {len(unsettled)} other difference"
                     f"{'s are' if len(unsettled) > 1 else ' is'} not settled by these {runs} "
                     "runs.")
    else:
        text = (f"None of the differences is settled by these {runs} runs: each "
                f"{round(level * 100)}% interval includes 0.")
    return f'<p class="claim"><b>In short:</b> {_esc(text)}</p>'
