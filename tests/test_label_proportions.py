import numpy as np
import pytest

from weaksup import label_proportions as lp


def test_toy_features_follow_table_2():
    rng = np.random.default_rng(0)
    for label in (0, 1):
        x = lp.toy_features(200_000, label, rng)
        for feature, ((mu1, s1), (mu2, s2)) in enumerate(lp.TOY_MODES[label]):
            mean = (mu1 + mu2) / 2
            variance = (s1**2 + s2**2) / 2 + (mu1 - mu2) ** 2 / 4  # 50/50 mixture
            assert x[:, feature].mean() == pytest.approx(mean, abs=5 * np.sqrt(variance / 200_000))
            assert x[:, feature].var() == pytest.approx(variance, rel=0.02)
    # features are independent
    assert abs(np.corrcoef(x.T)[0, 1]) < 0.01


def test_toy_pdf_is_normalized_and_matches_samples():
    grid = np.linspace(-40, 90, 20_001)
    assert np.trapezoid(lp.toy_pdf(grid, 0, 0), grid) == pytest.approx(1, abs=1e-6)
    x = lp.toy_features(100_000, 1, np.random.default_rng(1))[:, 2]
    counts, edges = np.histogram(x, bins=40, range=(-0.2, 0.6), density=True)
    centres = (edges[1:] + edges[:-1]) / 2
    assert np.allclose(counts, lp.toy_pdf(centres, 2, 1), atol=0.15)


def test_toy_sample_has_the_requested_fraction():
    x, y = lp.toy_sample(1000, 0.7, np.random.default_rng(2))
    assert x.shape == (1000, 3) and y.sum() == 700
    with pytest.raises(ValueError, match=r"fraction must lie in \[0, 1\]"):
        lp.toy_sample(10, 1.2, np.random.default_rng(0))


def test_histogram_inversion_recovers_the_class_histograms_exactly():
    rng = np.random.default_rng(3)
    h0, h1 = rng.uniform(0, 100, 50), rng.uniform(0, 100, 50)
    f_a, f_b = 0.7, 0.4
    h_a, h_b = f_a * h1 + (1 - f_a) * h0, f_b * h1 + (1 - f_b) * h0
    got0, got1 = lp.invert_histograms(h_a, h_b, f_a, f_b)
    np.testing.assert_allclose(got0, h0, rtol=1e-12)
    np.testing.assert_allclose(got1, h1, rtol=1e-12)
    np.testing.assert_allclose(lp.optimal_classifier(got0, got1), h1 / (h0 + h1))
    with pytest.raises(ValueError, match="different class-1 fractions"):
        lp.invert_histograms(h_a, h_b, 0.5, 0.5)


def test_mislabelling_bound_of_the_label_scan():
    # 0.7 set mislabelled, 0.4 set correct: (0.7 - 0.4) / (3 - 2 x 0.4)
    assert lp.mislabelling_bound(0.7, 0.4) == pytest.approx(0.3 / 2.2)
    assert lp.mislabelling_bound(0.4, 0.4) == 0
