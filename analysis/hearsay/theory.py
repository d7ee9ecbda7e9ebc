"""Closed forms and fixed points from the literature, to set simulations against (MODEL.md)."""
from __future__ import annotations

import numpy as np
from scipy import optimize, stats as sps


def bass_cumulative(t, p, q, m=1.0):
    """Bass (1969) cumulative adoptions m F(t), F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}).

    `p`, `q` are rates per unit of `t` (per day for hearsay times). p = 0 gives 0.
    """
    t = np.asarray(t, dtype=float)
    if p <= 0:
        return np.zeros_like(t)
    e = np.exp(-(p + q) * np.maximum(t, 0))
    return m * (1 - e) / (1 + (q / p) * e)


def bass_peak_time(p, q):
    """Time of the Bass adoption peak, ln(q/p)/(p+q) (0 when q <= p: adoptions only fall)."""
    return float(np.log(q / p) / (p + q)) if q > p > 0 else 0.0


def bass_nth_adoption_time(n, agents, p, q):
    """Expected time of the n-th adoption in the exact birth chain on the complete graph:
    sum_{k<n} 1/((N-k)(p + q k/(N-1)))."""
    k = np.arange(n)
    return float(np.sum(1.0 / ((agents - k) * (p + q * k / (agents - 1)))))


def newman_final_size(mean_degree, transmissibility):
    """Share of an Erdos-Renyi network reached by a large outbreak (Newman 2002): the root
    S > 0 of S = 1 - exp(-c T S), or 0 at or below the threshold c T <= 1."""
    r = float(mean_degree) * float(transmissibility)
    if r <= 1:
        return 0.0
    return float(optimize.brentq(lambda s: s - 1 + np.exp(-r * s), 1e-12, 1.0))


def subcritical_outbreak_size(mean_degree, transmissibility):
    """Mean outbreak size from one seed below threshold, 1/(1 - c T) (Newman 2002)."""
    r = float(mean_degree) * float(transmissibility)
    return 1.0 / (1.0 - r) if r < 1 else np.inf


def maki_thompson_never_heard():
    """Share of a well-mixed population that never hears a Maki-Thompson rumour: the root x
    in (0, 1) of x = exp(-2 (1 - x)), about .2032 (Sudbury 1985)."""
    return float(optimize.brentq(lambda x: x - np.exp(-2 * (1 - x)), 1e-9, 0.5))


def maki_thompson_peak_spreaders():
    """Mean-field peak share of spreaders in the Maki-Thompson rumour: 1 - ln 2."""
    return 1.0 - float(np.log(2.0))


def watts_cascade_condition(z, phi):
    """Watts (2002) cascade condition on an Erdos-Renyi graph of mean degree `z` with every
    threshold `phi`: G = sum_k k (k-1) rho_k p_k / z, rho_k = 1 if k <= 1/phi (a vulnerable
    node adopts when one neighbour does). Global cascades from one seed are possible when
    G > 1."""
    z = float(z)
    if z <= 0:
        return 0.0
    kmax = int(np.floor(1.0 / phi + 1e-12))
    k = np.arange(1, kmax + 1)
    return float(np.sum(k * (k - 1) * sps.poisson.pmf(k, z)) / z)


def watts_cascade_window(phi):
    """Mean degrees (z_lo, z_hi) between which the Watts cascade condition holds on
    Erdos-Renyi graphs; for phi = .18 about (1.02, 5.77)."""
    zs = np.linspace(0.01, 4 / phi, 4000)
    g = np.array([watts_cascade_condition(z, phi) for z in zs]) - 1
    inside = np.nonzero(g > 0)[0]
    if len(inside) == 0:
        return (np.nan, np.nan)
    i, j = inside[0], inside[-1]

    def f(z):
        return watts_cascade_condition(z, phi) - 1

    lo = optimize.brentq(f, zs[i - 1], zs[i]) if i > 0 else zs[0]
    hi = optimize.brentq(f, zs[j], zs[j + 1]) if j + 1 < len(zs) else zs[-1]
    return (float(lo), float(hi))
