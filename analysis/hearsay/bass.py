"""Bass model fits: p (innovation) and q (imitation), with intervals, from an adoption curve.

The fit is nonlinear least squares on cumulative adoptions at the sampled (discrete) times
(Srinivasan & Mason 1986). The default model is the Bass curve itself evaluated at those times,
so coarse sampling adds no discretisation error; ``form="discrete"`` fits the difference
equation N[k+1] = N[k] + (p + q N[k]/m)(m - N[k]) per sampling step instead.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize
from scipy import stats as sps

from .results import series_name
from .theory import bass_cumulative, bass_peak_time

DAYS_PER_YEAR = 365.0


@dataclass
class BassFit:
    """A fitted Bass curve. Rates are per day (``p_per_year`` etc. convert); m in adopters."""

    p: float
    q: float
    m: float
    p_interval: tuple
    q_interval: tuple
    m_interval: tuple
    level: float
    method: str          # how the intervals were made
    m_fixed: bool
    form: str            # "closed" or "discrete"
    n_times: int
    n_curves: int
    rmse: float          # root mean square residual of the fitted (mean) curve, in adopters
    t: np.ndarray = field(repr=False, default=None)   # the times fitted (days since launch)
    y: np.ndarray = field(repr=False, default=None)   # the (mean) cumulative curve fitted

    def predict(self, t):
        """Cumulative adoptions of the fitted curve at times `t` (days since launch)."""
        if self.form == "discrete" and self.t is not None:
            return np.interp(t, self.t, _discrete_curve(self.t, self.p, self.q, self.m))
        return bass_cumulative(t, self.p, self.q, self.m)

    @property
    def peak_time(self):
        """Days from launch to the adoption peak, ln(q/p)/(p+q)."""
        return bass_peak_time(self.p, self.q)

    @property
    def p_per_year(self):
        return self.p * DAYS_PER_YEAR

    @property
    def q_per_year(self):
        return self.q * DAYS_PER_YEAR

    def covers(self, p=None, q=None, m=None):
        """True when every value given lies inside its interval."""
        checks = [(p, self.p_interval), (q, self.q_interval), (m, self.m_interval)]
        return all(lo <= v <= hi for v, (lo, hi) in checks if v is not None)

    def table(self):
        """The estimates and intervals, per day and per year, as a DataFrame."""
        rows = []
        for name, value, (lo, hi), unit in (("p", self.p, self.p_interval, "1/d"),
                                            ("q", self.q, self.q_interval, "1/d")):
            rows.append({"parameter": name, "estimate": value, "lo": lo, "hi": hi,
                         "units": unit, "per_year": value * DAYS_PER_YEAR,
                         "per_year_lo": lo * DAYS_PER_YEAR, "per_year_hi": hi * DAYS_PER_YEAR})
        rows.append({"parameter": "m", "estimate": self.m, "lo": self.m_interval[0],
                     "hi": self.m_interval[1], "units": "adopters" + (" (fixed)" if self.m_fixed
                                                                      else "")})
        return pd.DataFrame(rows)

    def __str__(self):
        pct = round(100 * self.level)
        return (f"Bass fit ({self.method}): p = {self.p_per_year:.4g}/y "
                f"[{self.p_interval[0] * DAYS_PER_YEAR:.4g}, "
                f"{self.p_interval[1] * DAYS_PER_YEAR:.4g}], q = {self.q_per_year:.4g}/y "
                f"[{self.q_interval[0] * DAYS_PER_YEAR:.4g}, "
                f"{self.q_interval[1] * DAYS_PER_YEAR:.4g}], m = {self.m:.6g}"
                f"{' (fixed)' if self.m_fixed else ''} ({pct}% intervals)")


def _discrete_curve(t, p, q, m):
    """The Bass difference equation stepped over the sampling intervals of `t` (from 0 at t=0)."""
    t = np.asarray(t, dtype=float)
    out = np.empty_like(t)
    n, last = 0.0, 0.0
    for k, tk in enumerate(t):
        dt = tk - last
        if dt > 0:
            n = n + (p * dt + q * dt * n / m) * (m - n)
            n = min(n, m)
        out[k] = n
        last = tk
    return out


def _model(form, m_fixed):
    curve = bass_cumulative if form == "closed" else _discrete_curve

    if m_fixed is not None:
        def f(tau, p, q):
            return curve(tau, p, q, m_fixed)
    else:
        def f(tau, p, q, m):
            return curve(tau, p, q, m)
    return f


def _start(tau, y, form, m_fixed):
    """A starting point from a coarse grid (for free m, the best m is linear least squares)."""
    curve = bass_cumulative if form == "closed" else _discrete_curve
    best, best_sse = None, np.inf
    for p in np.logspace(-3, 1, 17):
        for q in np.concatenate(([0.0], np.logspace(-2, 2, 17))):
            f = curve(tau, p, q, 1.0)
            if m_fixed is not None:
                m = m_fixed
            else:
                denom = float(f @ f)
                if denom <= 0:
                    continue
                m = max(float(f @ y) / denom, 1e-9)
            sse = float(np.sum((m * f - y) ** 2))
            if sse < best_sse:
                best, best_sse = (p, q, m), sse
    p, q, m = best
    return [p, max(q, 1e-6)] + ([] if m_fixed is not None else [m])


def _fit_one(t, y, m, form, start=None):
    """Least-squares fit of one curve. Works in scaled units (time / span, y / scale) so the
    optimiser sees numbers near 1. Returns (params [p, q, m], covariance of params, rmse)."""
    span = float(np.max(t)) if np.max(t) > 0 else 1.0
    scale = float(m) if m is not None else max(float(np.max(np.abs(y))), 1.0)
    tau, yy = t / span, y / scale
    m_fixed = 1.0 if m is not None else None
    if start is None:
        p0 = _start(tau, yy, form, m_fixed)
    else:
        p0 = [start[0] * span, start[1] * span] + ([] if m is not None else [start[2] / scale])
    f = _model(form, m_fixed)
    popt, pcov = optimize.curve_fit(f, tau, yy, p0=p0, bounds=(0, np.inf), method="trf",
                                    max_nfev=20000)
    factors = np.array([1 / span, 1 / span] + ([] if m is not None else [scale]))
    params = popt * factors
    cov = pcov * np.outer(factors, factors)
    residual = yy - f(tau, *popt)
    rmse = float(np.sqrt(np.mean(residual ** 2))) * scale
    if m is not None:
        params = np.append(params, m)
    return params, cov, rmse


def _wild_bootstrap(t, y, params, m, form, draws, seed, alpha):
    """Intervals for one curve: the adoptions of each period (increments of the cumulative
    curve) are the fitted ones plus the residual times a random sign (a wild bootstrap, which
    keeps each period's own noise level); each resample is summed back up and refitted."""
    curve = bass_cumulative if form == "closed" else _discrete_curve
    fitted = curve(t, params[0], params[1], params[2])
    fitted_steps = np.diff(fitted, prepend=0.0)
    residuals = np.diff(y, prepend=0.0) - fitted_steps
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(draws):
        signs = rng.choice((-1.0, 1.0), size=len(t))
        resampled = np.cumsum(fitted_steps + residuals * signs)
        try:
            out.append(_fit_one(t, resampled, m, form, start=params)[0])
        except (RuntimeError, ValueError):
            continue
    out = np.array(out)
    return np.quantile(out, alpha, axis=0), np.quantile(out, 1 - alpha, axis=0), len(out)


def fit_bass(t, cumulative, m=None, level=0.95, bootstrap=200, seed=0, form="closed"):
    """Fit Bass p, q (and m unless given) to cumulative adoptions at times `t` (days since
    launch; rates come out per day).

    `cumulative` is one curve (T,) or one per replication (R, T); the estimate fits the (mean)
    curve. Intervals are percentile intervals of `bootstrap` refits (deterministic for a given
    `seed`): with three or more curves, on replications resampled with replacement (which
    respects whatever dependence a run has over time); with one curve, on a wild bootstrap of
    the adoptions per period (period noise independent). ``bootstrap=0`` gives Student-t
    intervals from the least-squares covariance instead: residuals of a cumulative curve are
    correlated, so those are optimistic.
    """
    if form not in ("closed", "discrete"):
        raise ValueError("form must be 'closed' or 'discrete'")
    t = np.asarray(t, dtype=float)
    y2 = np.atleast_2d(np.asarray(cumulative, dtype=float))
    if y2.shape[-1] != t.shape[0]:
        raise ValueError(f"{y2.shape[-1]} cumulative values for {t.shape[0]} times")
    y2 = y2[~np.all(np.isnan(y2), axis=1)]
    if len(y2) == 0:
        raise ValueError("no adoption curve to fit (every value is NaN)")
    with np.errstate(invalid="ignore"):
        mean = np.nanmean(y2, axis=0)
    keep = np.isfinite(mean) & (t >= 0)
    t, y2, mean = t[keep], y2[:, keep], mean[keep]
    k = 2 if m is not None else 3
    if len(t) <= k:
        raise ValueError(f"need more than {k} sampling times to fit, got {len(t)}")
    params, cov, rmse = _fit_one(t, mean, m, form)
    n_curves = len(y2)
    alpha = (1 - level) / 2
    if n_curves >= 3 and bootstrap and bootstrap > 0:
        rng = np.random.default_rng(seed)
        draws = []
        for _ in range(int(bootstrap)):
            rows = y2[rng.integers(0, n_curves, n_curves)]
            with np.errstate(invalid="ignore"):
                resampled = np.nanmean(rows, axis=0)
            ok = np.isfinite(resampled)
            try:
                draws.append(_fit_one(t[ok], resampled[ok], m, form, start=params)[0])
            except (RuntimeError, ValueError):
                continue
        draws = np.array(draws)
        lo = np.quantile(draws, alpha, axis=0)
        hi = np.quantile(draws, 1 - alpha, axis=0)
        method = f"bootstrap over {n_curves} replications ({len(draws)} resamples)"
    elif bootstrap and bootstrap > 0:
        lo, hi, used = _wild_bootstrap(t, mean, params, m, form, int(bootstrap), seed, alpha)
        method = f"wild bootstrap of the adoptions per period ({used} resamples)"
    else:
        tq = sps.t.ppf(1 - alpha, max(len(t) - k, 1))
        sd = np.sqrt(np.maximum(np.diag(cov), 0))
        if m is not None:
            sd = np.append(sd, 0.0)
        lo, hi = params - tq * sd, params + tq * sd
        lo[:2] = np.maximum(lo[:2], 0)
        method = "least-squares covariance"
    return BassFit(p=float(params[0]), q=float(params[1]), m=float(params[2]),
                   p_interval=(float(lo[0]), float(hi[0])),
                   q_interval=(float(lo[1]), float(hi[1])),
                   m_interval=(float(lo[2]), float(hi[2])) if m is None else (m, m),
                   level=level, method=method, m_fixed=m is not None, form=form,
                   n_times=len(t), n_curves=n_curves, rmse=rmse, t=t, y=mean)


def fit_bass_results(ds, metric="adopters", point=0, brand=None, m=None, level=0.95,
                     bootstrap=200, seed=0, form="closed"):
    """Fit the Bass model to a simulated cumulative series (default ``adopters``) of one sweep
    point (and brand), every replication a curve. Pass ``m=ds.attrs["population"]`` to fix the
    market size at the number of agents."""
    name = metric if metric in ds.data_vars else series_name(ds, metric)
    var = ds[name].isel(point=point)
    if "brand" in var.dims:
        if brand is None:
            raise ValueError(f"'{metric}' has one curve per brand: say which brand")
        var = var.sel(brand=brand)
    var = var.transpose("replication", "time")
    return fit_bass(ds["time"].values, var.values, m=m, level=level, bootstrap=bootstrap,
                    seed=seed, form=form)


def read_adoption_csv(path, date_column=None, count_column=None, cumulative=False, launch=None):
    """Read observed adoptions from a CSV of dates and counts.

    Returns a DataFrame with date, days (since launch), adoptions (in the period ending at that
    date) and cumulative. The date column is the first that parses as dates, the count column
    the first other numeric one, unless named. Counts are per period unless ``cumulative``.
    Launch defaults to one period (the median spacing) before the first date.
    """
    table = pd.read_csv(path)
    if table.empty:
        raise ValueError(f"{path} has no rows")
    if date_column is None:
        for column in table.columns:
            if table[column].dtype.kind in "if":
                continue
            try:
                pd.to_datetime(table[column])
            except (ValueError, TypeError):
                continue
            date_column = column
            break
        if date_column is None:
            raise ValueError(f"{path}: no column of dates (name it with date_column=)")
    if count_column is None:
        numeric = [c for c in table.columns if c != date_column and table[c].dtype.kind in "if"]
        if not numeric:
            raise ValueError(f"{path}: no numeric column of counts (name it with count_column=)")
        count_column = numeric[0]
    dates = pd.to_datetime(table[date_column])
    counts = table[count_column].astype(float).to_numpy()
    order = np.argsort(dates.to_numpy(), kind="stable")
    dates = dates.iloc[order].reset_index(drop=True)
    counts = counts[order]
    if launch is None:
        spacing = dates.diff().dropna()
        step = spacing.median() if len(spacing) else pd.Timedelta(days=1)
        launch = dates.iloc[0] - step
    days = (dates - pd.Timestamp(launch)).dt.total_seconds().to_numpy() / 86400.0
    if cumulative:
        total = counts
        adoptions = np.diff(counts, prepend=0.0)
    else:
        adoptions = counts
        total = np.cumsum(counts)
    return pd.DataFrame({"date": dates, "days": days, "adoptions": adoptions,
                         "cumulative": total})


def fit_bass_csv(path, m=None, level=0.95, bootstrap=200, seed=0, form="closed",
                 **csv_options):
    """Fit the Bass model to observed adoptions in a CSV (see :func:`read_adoption_csv`), with
    wild-bootstrap intervals (see :func:`fit_bass`). Rates are per day (``.p_per_year``)."""
    data = read_adoption_csv(path, **csv_options)
    return fit_bass(data["days"].to_numpy(), data["cumulative"].to_numpy(), m=m, level=level,
                    bootstrap=bootstrap, seed=seed, form=form)
