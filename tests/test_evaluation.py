import numpy as np
import pandas as pd
import pytest

from weaksup.analysis.evaluation import auc, roc, sensitivity_rows, signal_efficiency, threshold_at_efficiency
from weaksup.analysis.significance import asimov_significance


def test_auc_equals_the_mann_whitney_probability():
    rng = np.random.default_rng(0)
    signal, background = rng.normal(1, 1, 400), rng.normal(0, 1, 500)
    signal[:50] = background[:50]  # ties count one half
    scores, truth = np.r_[signal, background], np.r_[np.ones(400), np.zeros(500)]
    pairs = (signal[:, None] > background[None, :]) + 0.5 * (signal[:, None] == background[None, :])
    assert auc(*roc(scores, truth)[:2]) == pytest.approx(pairs.mean(), rel=1e-12)


def test_roc_limits_and_perfect_classifier():
    eps_b, eps_s, thresholds = roc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])
    assert (eps_b[0], eps_s[0], eps_b[-1], eps_s[-1]) == (0, 0, 1, 1)
    assert np.all(np.diff(thresholds) < 0)
    assert auc(eps_b, eps_s) == 1.0
    assert signal_efficiency(eps_b, eps_s, 0.01) == 1.0


def test_signal_efficiency_interpolates_between_roc_points():
    eps_b, eps_s = np.array([0, 0.1, 0.2, 1]), np.array([0, 0.5, 0.6, 1])
    assert signal_efficiency(eps_b, eps_s, 0.1) == pytest.approx(0.5)
    assert signal_efficiency(eps_b, eps_s, 0.15) == pytest.approx(0.55)
    with pytest.raises(ValueError, match=r"working point must lie in \(0, 1\)"):
        signal_efficiency(eps_b, eps_s, 1.5)


def test_threshold_keeps_the_requested_fraction():
    scores = np.random.default_rng(1).uniform(size=100_000)
    for eff in (0.1, 0.01, 0.001):
        assert np.mean(scores > threshold_at_efficiency(scores, eff)) == pytest.approx(eff, rel=0.05)


def test_rows_satisfy_eq41_from_their_own_columns():
    rng = np.random.default_rng(2)
    scores = pd.DataFrame(
        {
            "split": "test",
            "truth": np.r_[np.ones(1000), np.zeros(3000)],
            "score": np.r_[rng.normal(1, 1, 1000), rng.normal(0, 1, 3000)],
        }
    )
    model = {"study": "cwola", "scenario": "ID", "sigma0": 3.0, "replica": 0}
    rows = sensitivity_rows(scores, model, 400.0, 19_000.0, [0.1, 0.01], background_systematics=[0, 0.01])
    assert len(rows) == 4 and (rows.study == "cwola").all()
    plain = rows[rows.background_systematic == 0]
    assert np.allclose(plain.sigma_after, asimov_significance(plain.s0 * plain.eps_s, plain.b0 * plain.eps_b))
    assert np.allclose(plain.sigma_before, asimov_significance(400.0, 19_000.0))
    systematic = rows[rows.background_systematic > 0]
    assert (systematic.sigma_after.to_numpy() < plain.sigma_after.to_numpy()).all()
