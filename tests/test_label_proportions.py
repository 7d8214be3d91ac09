import numpy as np
import pytest

from weaksup.analysis.lp import toy as lp


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


def test_toy_datasets_split_before_and_test_apart():
    data = lp.toy_datasets(1000, (0.4, 0.7), 0.55, 0.2, np.random.default_rng(4))
    assert data["x"].shape == (3000, 3)
    mixed = data["set"] >= 0
    assert np.mean(data["split"][mixed] == "validation") == pytest.approx(0.2)
    assert (data["split"][~mixed] == "test").all() and data["truth"][~mixed].sum() == 550
    for s, fraction in enumerate((0.4, 0.7)):
        assert data["truth"][data["set"] == s].mean() == pytest.approx(fraction)
    targets = lp.fraction_labels(data["set"][mixed], [0.4, 0.2])
    assert set(targets[data["set"][mixed] == 1]) == {np.float32(0.2)}


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
    # the first-order term of eq. (4.5), minimized over z in [0, 1] numerically: 3 - 4 min(f_B, 1 - f_B)
    z = np.linspace(0, 1, 10_001)
    for f_a, f_b in ((0.7, 0.4), (0.4, 0.7), (0.9, 0.2)):
        slope = ((1 - 2 * f_b) * (4 * z - 2) - 1) / (f_a - f_b)  # d z'/d z = 1 + delta * slope
        delta_max = 1 / np.max(np.abs(slope))  # the smallest |delta| that makes d z'/d z vanish
        assert lp.mislabelling_bound(f_a, f_b, min_coefficient=4) == pytest.approx(delta_max, rel=1e-6)


def test_label_proportion_loss_is_batch_level_not_per_event():
    keras = pytest.importorskip("keras")
    from weaksup.ml.losses import label_proportion_loss, mean_absolute_error

    f_true = np.array([[0.0], [1.0]], "float32")  # (batch, replica)
    y_pred = np.array([[1.0], [0.0]], "float32")
    # batch means agree (0.5 = 0.5): eq. (A.2) is 0, while a per-event |f - y| averages to 1
    assert float(keras.ops.convert_to_numpy(label_proportion_loss(f_true, y_pred))) == 0.0
    assert np.mean(keras.ops.convert_to_numpy(mean_absolute_error(f_true, y_pred))) == 1.0


@pytest.mark.parametrize("loss", ["bce", "mae", "llp"])
def test_replicated_loss_is_the_sum_of_each_replicas_own_loss(loss):
    keras = pytest.importorskip("keras")
    from weaksup.ml.losses import get

    rng = np.random.default_rng(5)
    f_true = rng.choice([0.4, 0.7], size=(16, 3)).astype("float32")
    y_pred = rng.uniform(0.05, 0.95, size=(16, 3)).astype("float32")

    def batch_loss(t, p):  # as Keras reduces it: the mean over the batch of per-event values
        return float(np.mean(keras.ops.convert_to_numpy(get(loss)(t, p))))

    alone = sum(batch_loss(f_true[:, [r]], y_pred[:, [r]]) for r in range(3))
    assert batch_loss(f_true, y_pred) == pytest.approx(alone, rel=1e-5)


def test_weak_supervision_learns_the_toy_classes_in_independent_replicas():
    pytest.importorskip("keras")
    from weaksup.analysis.evaluation import auc, roc
    from weaksup.analysis.lp.training import train_toy
    from weaksup.ml.settings import DenseSettings

    data = lp.toy_datasets(4000, (0.4, 0.7), 0.55, 0.2, np.random.default_rng(0))
    settings = DenseSettings(batch_size=64, learning_rate=0.01, epochs=5)
    table, history = train_toy(data, "weak", [0.4, 0.7], "bce", settings, replicas=2, seed=1)
    assert len(table) == 2 * 4000 and len(history["loss"]) == 5
    assert set(table.label) == {0.7} and set(table.supervision) == {"weak"}
    truth = table.truth.to_numpy()[table.replica == 0]
    scores = np.column_stack([table.score[table.replica == r] for r in range(2)])
    assert np.array_equal(table.signal_score, table.score)  # set B labelled richer: no flip
    # far from random (0.5) after 500 steps; the paper's 0.973 takes 320k events x 100 epochs
    # (the optimal classifier, the likelihood ratio of table 2, has 0.977)
    assert min(auc(*roc(scores[:, r], truth)[:2]) for r in range(2)) > 0.75
    assert not np.allclose(scores[:, 0], scores[:, 1], atol=1e-3)  # own initialization and event order


def test_empty_training_split_is_named():
    pytest.importorskip("keras")
    from weaksup.analysis.lp.training import train_replicas
    from weaksup.ml.settings import DenseSettings

    x, target = np.zeros((10, 3)), np.zeros(10)
    with pytest.raises(ValueError, match="training split is empty"):
        train_replicas(x, target, np.full(10, "test"), DenseSettings(epochs=1), "bce", 1, 0)


def test_weak_outputs_are_flipped_when_set_b_is_labelled_poorer():
    scores = np.array([[0.2, 0.9]])
    assert np.array_equal(lp.signal_like(scores, "weak", [0.7, 0.4]), 1 - scores)
    assert np.array_equal(lp.signal_like(scores, "weak", [0.4, 0.7]), scores)
    assert np.array_equal(lp.signal_like(scores, "full", [0.7, 0.4]), scores)
