"""Weak supervision from label proportions (Cohen, Freytsis, Ostdiek): the toy model and its analysis.

Section 3: three independent features, each a 50/50 mixture of two Gaussians per class (eq. 3.1,
table 2); training sets that differ only in their class-1 fraction; a network trained against
the fraction label of each event's set. Section 4: the optimal classifier from histogram
inversion (eqs. 4.1, 4.2) and the mislabelling bound (eq. 4.6). Appendix A: the loss functions.
"""

import numpy as np

from weaksup.analysis.evaluation import roc

#: table 2: per feature, ((mu, sigma) of mode 1, (mu, sigma) of mode 2) for class 1 and class 0
TOY_MODES = {
    1: (((26.0, 8.0), (5.0, 4.0)), ((0.09, 0.04), (-0.01, 0.03)), ((0.45, 0.04), (0.08, 0.05))),
    0: (((18.0, 7.0), (38.0, 9.0)), ((-0.06, 0.04), (0.15, 0.03)), ((0.23, 0.05), (0.04, 0.08))),
}
N_FEATURES = 3


def toy_features(n: int, label: int, rng: np.random.Generator) -> np.ndarray:
    """(n, 3) features of class ``label``: each feature from its own two-mode mixture (eq. 3.1)."""
    modes = np.asarray(TOY_MODES[label])  # (feature, mode, [mu, sigma])
    choice = rng.integers(0, 2, size=(n, N_FEATURES))  # each feature picks its mode independently
    picked = modes[np.arange(N_FEATURES), choice]  # (n, feature, [mu, sigma])
    return picked[..., 0] + picked[..., 1] * rng.standard_normal((n, N_FEATURES))


def toy_sample(n: int, fraction: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(features (n, 3), truth (n,)) of a set with exactly round(fraction n) class-1 events, shuffled."""
    if not 0 <= fraction <= 1:
        raise ValueError(f"a class-1 fraction must lie in [0, 1], got {fraction}")
    n1 = int(round(fraction * n))
    x = np.concatenate([toy_features(n1, 1, rng), toy_features(n - n1, 0, rng)])
    y = np.r_[np.ones(n1), np.zeros(n - n1)]
    order = rng.permutation(n)
    return x[order], y[order]


def toy_pdf(x, feature: int, label: int) -> np.ndarray:
    """Probability density of one feature for one class (eq. 3.1), at the values ``x``."""
    x = np.asarray(x, dtype=float)
    return sum(
        0.5 * np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))
        for mu, sigma in TOY_MODES[label][feature]
    )


def invert_histograms(h_a, h_b, f_a: float, f_b: float) -> tuple[np.ndarray, np.ndarray]:
    """(h0, h1): class histograms from two mixed ones with class-1 fractions f_a != f_b (eq. 4.1)."""
    if f_a == f_b:
        raise ValueError("the two sets need different class-1 fractions")
    h_a, h_b = np.asarray(h_a, float), np.asarray(h_b, float)
    h0 = (f_a * h_b - f_b * h_a) / (f_a - f_b)
    h1 = ((1 - f_b) * h_a - (1 - f_a) * h_b) / (f_a - f_b)
    return h0, h1


def optimal_classifier(h0, h1) -> np.ndarray:
    """z_i = h1 / (h0 + h1) per bin (eq. 4.2); NaN where a bin is empty."""
    h0, h1 = np.asarray(h0, float), np.asarray(h1, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return h1 / (h0 + h1)


def mislabelling_bound(f_a: float, f_b: float, min_coefficient: float = 2) -> float:
    """Eq. (4.6): the mislabelling delta of set A's fraction label (set B labelled correctly)
    beyond which the deformed classifier stops being monotonic, to first order in delta.

    The paper prints |f_A - f_B| / (3 - 2 min(f_B, 1 - f_B)) (``min_coefficient`` = 2). Minimizing
    the first-order term of eq. (4.5) over 0 <= z <= 1 gives 1 + 2|1 - 2 f_B| = 3 - 4 min(f_B,
    1 - f_B) instead (``min_coefficient`` = 4): a wider band. Both agree at f_B = 0 or 1.
    """
    return abs(f_a - f_b) / (3 - min_coefficient * min(f_b, 1 - f_b))


def toy_datasets(n_per_set: int, fractions, test_fraction: float, validation_fraction: float, rng) -> dict:
    """Section 3's data: sets A and B (class-1 fractions ``fractions``), mixed and split, and a test set.

    Returns columns (numpy arrays): ``x`` (n, 3), ``truth``, ``set`` (0 = A, 1 = B, -1 = test) and
    ``split`` ("train", "validation", "test"). The test set has the size of one training set.
    """
    sets = [toy_sample(n_per_set, fraction, rng) for fraction in fractions]
    x = np.concatenate([s[0] for s in sets])
    truth = np.concatenate([s[1] for s in sets])
    membership = np.repeat(np.arange(len(sets)), n_per_set)
    order = rng.permutation(len(x))  # combined and shuffled, then 20% set aside for validation
    split = np.where(np.arange(len(x)) < validation_fraction * len(x), "validation", "train")[np.argsort(order)]
    x_test, truth_test = toy_sample(n_per_set, test_fraction, rng)
    return {
        "x": np.concatenate([x, x_test]),
        "truth": np.r_[truth, truth_test],
        "set": np.r_[membership, np.full(n_per_set, -1)],
        "split": np.r_[split, np.full(n_per_set, "test")],
    }


def fraction_labels(sets: np.ndarray, labels) -> np.ndarray:
    """The weak-supervision target of each event: the fraction label of its set (``labels[set]``)."""
    return np.asarray(labels, dtype=np.float32)[sets]


def signal_like(scores, supervision: str, labels) -> np.ndarray:
    """Network outputs oriented as the analyst cuts on them: weak supervision learns "more like the
    set labelled richer in class 1", so the output is flipped (1 - output) when set B's fraction
    label is below set A's; full supervision's output is kept."""
    scores = np.asarray(scores)
    return 1 - scores if supervision == "weak" and labels[1] < labels[0] else scores


def efficiencies(table) -> tuple[np.ndarray, np.ndarray]:
    """(eps_b, eps_s) of a score table's ROC (columns ``signal_score``, ``truth``)."""
    eps_b, eps_s, _ = roc(table["signal_score"], table["truth"])
    return eps_b, eps_s


def background_at(table, signal_efficiency: float) -> float:
    """Background efficiency (false positive rate) at a fixed signal efficiency (figure 6)."""
    eps_b, eps_s = efficiencies(table)
    return float(np.interp(signal_efficiency, eps_s, eps_b))
