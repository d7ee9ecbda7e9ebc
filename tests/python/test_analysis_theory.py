# The closed forms the notebooks set simulations against: the numbers MODEL.md quotes.
import numpy as np
import pytest

import hearsay
from hearsay import theory


def test_bass_curve_values():
    t = np.array([1, 2, 5, 10, 15, 20], dtype=float)
    expected = [.0358, .0851, .3312, .8128, .9716, .9963]
    assert hearsay.bass_cumulative(t, 0.03, 0.38) == pytest.approx(expected, abs=6e-5)
    assert hearsay.bass_peak_time(0.03, 0.38) == pytest.approx(6.19, abs=0.005)
    assert hearsay.bass_peak_time(0.5, 0.1) == 0.0
    assert hearsay.bass_cumulative([1.0], 0.0, 0.3)[0] == 0.0


def test_birth_chain_adoption_times():
    times = [theory.bass_nth_adoption_time(n, 1000, 0.03, 0.38) for n in (10, 100, 500)]
    assert times == pytest.approx([.3171, 2.2607, 6.5584], abs=1e-4)


def test_newman_final_size():
    assert hearsay.newman_final_size(1.5, 1.0) == pytest.approx(.5828, abs=1e-4)
    assert hearsay.newman_final_size(2.0, 1.0) == pytest.approx(.7968, abs=1e-4)
    assert hearsay.newman_final_size(3.0, 1.0) == pytest.approx(.9405, abs=1e-4)
    assert hearsay.newman_final_size(4.0, 1 / 3) == pytest.approx(.454, abs=1e-3)
    assert hearsay.newman_final_size(0.8, 1.0) == 0.0
    assert theory.subcritical_outbreak_size(4, 0.2) == pytest.approx(5.0)


def test_maki_thompson():
    assert hearsay.maki_thompson_never_heard() == pytest.approx(.2032, abs=1e-4)
    assert theory.maki_thompson_peak_spreaders() == pytest.approx(.3069, abs=1e-4)


def test_watts_window():
    lo, hi = hearsay.watts_cascade_window(0.18)
    assert lo == pytest.approx(1.02, abs=0.01) and hi == pytest.approx(5.77, abs=0.01)
    assert hearsay.watts_cascade_condition(3, 0.18) > 1
    assert hearsay.watts_cascade_condition(8, 0.18) < 1
    assert hearsay.watts_cascade_condition(0, 0.18) == 0
