import numpy as np
import pytest

from weaksup.analysis.significance import asimov_significance, signal_for_significance


def test_eq41_large_background_limit_is_s_over_sqrt_b():
    # for s << b, eq. (4.1) -> s / sqrt(b)
    assert asimov_significance(10.0, 1e6) == pytest.approx(10.0 / 1e3, rel=1e-5)


def test_eq41_known_value():
    # s = b = 1: sqrt(2 (2 ln 2 - 1))
    assert asimov_significance(1.0, 1.0) == pytest.approx(np.sqrt(2 * (2 * np.log(2) - 1)))


def test_eq53_reduces_to_eq41_and_is_smaller_with_systematics():
    s, b = 300.0, 19_000.0
    plain = asimov_significance(s, b)
    assert asimov_significance(s, b, sigma_b=1e-6 * b) == pytest.approx(plain, rel=1e-6)
    assert asimov_significance(s, b, sigma_b=0.01 * b) < plain
    assert asimov_significance(s, b, sigma_b=0.05 * b) < asimov_significance(s, b, sigma_b=0.01 * b)


def test_vectorized():
    z = asimov_significance(np.array([0.0, 10.0, 100.0]), 100.0)
    assert z.shape == (3,) and z[0] == 0 and np.all(np.diff(z) > 0)


@pytest.mark.parametrize("z", [0.5, 1.0, 3.0, 6.0, 10.0])
@pytest.mark.parametrize("b", [50.0, 19_000.0, 1e6])
def test_injection_solver_round_trips(z, b):
    s0 = signal_for_significance(z, b)
    assert asimov_significance(s0, b) == pytest.approx(z, rel=1e-9)


def test_sqrt_b_rule_is_about_one_percent_low_at_paper_yields():
    b0 = 19_000.0
    exact, approx = signal_for_significance(5.0, b0), signal_for_significance(5.0, b0, rule="sqrt_b")
    assert approx == pytest.approx(5.0 * np.sqrt(b0))
    assert 0.001 < (exact - approx) / exact < 0.02


def test_injection_solver_is_monotonic():
    s = [signal_for_significance(z, 1000.0) for z in np.linspace(0, 10, 21)]
    assert np.all(np.diff(s) > 0)


def test_bad_input():
    with pytest.raises(ValueError, match="b > 0"):
        asimov_significance(1.0, 0.0)
    with pytest.raises(ValueError, match="unknown injection rule"):
        signal_for_significance(1.0, 10.0, rule="nope")
    with pytest.raises(ValueError, match="background > 0"):
        signal_for_significance(1.0, 0.0)
