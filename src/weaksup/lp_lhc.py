"""The label-proportion paper's LHC example (section 5): gluino pairs against Z(-> nu nu~) + jet.

Selected events of every sample in one table (``met.FEATURES``, ``sample``, ``truth``,
``weight_fb``); the splits and the two weak-supervision sets of section 5.1; the mislabellings of
section 5.2 (table 4). The background samples are exclusive pT_hat bins: the networks train on
the lowest (150-500 GeV by default, where almost all of the cross section is), and figure 9 weighs
all of them by their own cross sections, reaching missing energies no training event has.
"""

import numpy as np
import pandas as pd

from .met import FEATURES

VARIANTS = ("nominal", "random", "swap")  # section 5.2: labels as generated, random 15%, phase-space swap


def events_table(samples: dict[str, pd.DataFrame], summaries: dict[str, dict], signal: str) -> pd.DataFrame:
    """All samples' selected events in one table, each weighted by sigma / N_generated (fb per event)."""
    parts = []
    for name, events in samples.items():
        summary = summaries[name]
        if summary["n_generated"] == 0:
            raise ValueError(f"sample {name}: no generated events")
        parts.append(
            events.assign(
                sample=name, truth=int(name == signal), weight_fb=summary["sigma_fb"] / summary["n_generated"]
            )
        )
    return pd.concat(parts, ignore_index=True)


def assign_splits(n: int, test_fraction: float, validation_fraction: float, rng) -> np.ndarray:
    """'test' for a random ``test_fraction``, then 'validation' for ``validation_fraction`` of the rest."""
    u = rng.random(n)
    rest = (u - test_fraction) / (1 - test_fraction)
    return np.where(u < test_fraction, "test", np.where(rest < validation_fraction, "validation", "train"))


def assign_sets(labels: np.ndarray, draws: np.ndarray, background_shares, signal_shares) -> np.ndarray:
    """Set 0 (A) or 1 (B) per event from uniform ``draws``: A gets ``background_shares[0]`` of the
    events labelled background and ``signal_shares[0]`` of those labelled signal (80% and 40% in
    the paper), B the rest. Mislabelled data are split by their (wrong) labels, as in section 5.2."""
    share_a = np.where(labels == 1, signal_shares[0], background_shares[0])
    return (draws >= share_a).astype(np.int8)


def random_mislabel(labels: np.ndarray, signal_share: float, rng) -> np.ndarray:
    """Section 5.2, first test: a random ``signal_share`` of the signal labelled as background."""
    flip = (labels == 1) & (rng.random(len(labels)) < signal_share)
    return np.where(flip, 0, labels)


def phase_space_swap(labels: np.ndarray, full_scores: np.ndarray, background_share: float, signal_share: float):
    """Section 5.2, second test: the most signal-like ``background_share`` of the background and the
    most background-like ``signal_share`` of the signal (by a fully supervised network's scores)
    exchange their labels."""
    out = labels.copy()
    for label, share, most_like_other in ((0, background_share, -1), (1, signal_share, 1)):
        rows = np.flatnonzero(labels == label)
        order = rows[np.argsort(most_like_other * full_scores[rows], kind="stable")]
        out[order[: int(round(share * len(rows)))]] = 1 - label
    return out


def set_fractions(labels: np.ndarray, sets: np.ndarray) -> list[float]:
    """The fraction label f_t of each set: its share of (possibly mislabelled) signal."""
    fractions = []
    for s in (0, 1):
        members = labels[sets == s]
        if len(members) == 0:
            raise ValueError(f"weak-supervision set {'AB'[s]} is empty")
        fractions.append(float(members.mean()))
    if fractions[0] == fractions[1]:
        raise ValueError(f"sets A and B have the same signal fraction {fractions[0]:.3f}: nothing to learn")
    return fractions


def features(table: pd.DataFrame) -> np.ndarray:
    """The 11 network inputs (GeV): missing ET and the pT of up to 10 jets."""
    return table[FEATURES].to_numpy(np.float32)


def evaluation_weights(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(mask, weights in fb) of the events that represent each sample's cross section in figures 9
    and 11: the test events of the trained samples (reweighted to their sample's whole selected
    cross section) and every event of the tail samples."""
    mask = np.isin(table["split"].to_numpy(), ("test", "tail"))
    weights = table["weight_fb"].to_numpy(float).copy()
    for name, rows in table.groupby("sample").indices.items():
        kept = mask[rows].sum()
        weights[rows] *= len(rows) / kept if kept else 0.0
    return mask, weights


def logistic_combination(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, iterations: int = 50):
    """A logistic regression of labels ``y`` on standardized features ``x`` (n, d), by Newton's
    method with a small L2 penalty (the classes may be separable); the fit for ``combine``. Its
    score, the linear logit, is float64 and never saturates as a sigmoid output does."""
    mean, std = x.mean(axis=0), np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
    design = np.column_stack([np.ones(len(x)), (x - mean) / std])
    beta = np.zeros(design.shape[1])
    penalty = l2 * len(x) * np.diag([0.0] + [1.0] * x.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-design @ beta))
        gradient = design.T @ (p - y) + penalty @ beta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return beta, mean, std


def combine(fit, x: np.ndarray) -> np.ndarray:
    """The logit of ``logistic_combination``'s fit at the features ``x``."""
    beta, mean, std = fit
    return beta[0] + ((x - mean) / std) @ beta[1:]
