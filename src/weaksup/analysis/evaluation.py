"""Evaluation on the pure test set: ROC, signal efficiency at background working points, sensitivity.

Section 4.3: the NN cut keeps eps_s of the signal and eps_b of the background, so s = s0 eps_s and
b = b0 eps_b pass it, and the sensitivity after the cut is eq. (4.1) (eq. (5.3) with a relative
background systematic) of s and b. eps_s at a working point eps_b is read off the test ROC by
linear interpolation between its points (the authors' code takes the first point with
fpr >= eps_b; the two agree to within one test event).
"""

import numpy as np
import pandas as pd

from weaksup.analysis.significance import asimov_significance

SENSITIVITY_COLUMNS = [
    "study",
    "network",
    "scenario",
    "supervision",
    "normalization",
    "method",
    "k",
    "sigma0",
    "replica",
    "background_systematic",
    "eps_b",
    "s0",
    "b0",
    "eps_s",
    "sigma_before",
    "sigma_after",
    "auc",
    "n_test_signal",
    "n_test_background",
]


def roc(scores, truth) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(eps_b, eps_s, thresholds): efficiencies of the cut ``score >= threshold``, thresholds descending.

    The curve starts at (0, 0) (threshold +inf) and ends at (1, 1); tied scores form one point.
    """
    scores, truth = np.asarray(scores, float), np.asarray(truth).astype(bool)
    n_signal, n_background = truth.sum(), (~truth).sum()
    if n_signal == 0 or n_background == 0:
        raise ValueError(f"a ROC needs signal and background: got {n_signal} and {n_background} test events")
    order = np.argsort(-scores, kind="stable")
    scores, truth = scores[order], truth[order]
    last_of_tie = np.r_[np.flatnonzero(np.diff(scores)), len(scores) - 1]
    signal_passing = np.cumsum(truth)[last_of_tie]
    background_passing = (last_of_tie + 1) - signal_passing
    eps_b = np.r_[0.0, background_passing / n_background]
    eps_s = np.r_[0.0, signal_passing / n_signal]
    return eps_b, eps_s, np.r_[np.inf, scores[last_of_tie]]


def auc(eps_b, eps_s) -> float:
    """Area under the ROC (trapezoids): 0.5 for a random classifier, 1 for a perfect one."""
    return float(np.sum(np.diff(eps_b) * (eps_s[1:] + eps_s[:-1]) / 2))


def signal_efficiency(eps_b, eps_s, working_point: float) -> float:
    """eps_s at background efficiency ``working_point`` (linear interpolation along the ROC)."""
    if not 0 < working_point < 1:
        raise ValueError(f"a background-efficiency working point must lie in (0, 1), got {working_point}")
    # the ROC may be vertical (several eps_s at one eps_b): take the largest eps_s there
    eps_b_unique, last = np.unique(eps_b[::-1], return_index=True)
    return float(np.interp(working_point, eps_b_unique, eps_s[::-1][last]))


def threshold_at_efficiency(scores, efficiency: float) -> float:
    """The score cut that keeps the fraction ``efficiency`` of ``scores`` (e.g. eps_SB of the SB)."""
    if not 0 < efficiency <= 1:
        raise ValueError(f"an efficiency must lie in (0, 1], got {efficiency}")
    return float(np.quantile(np.asarray(scores, float), 1 - efficiency))


def sensitivity_rows(
    scores: pd.DataFrame, model: dict, s0: float, b0: float, working_points, background_systematics=(0.0,)
) -> pd.DataFrame:
    """One row per working point and relative background systematic for one trained model.

    ``scores`` holds the test set (``truth``, ``score``); ``model`` the columns that identify
    the model (study, network, scenario, supervision, normalization, method, k, sigma0, replica);
    ``s0``, ``b0`` the SR signal and background before the NN.
    """
    test = scores[scores["split"] == "test"]
    eps_b_curve, eps_s_curve, _ = roc(test["score"], test["truth"])
    area = auc(eps_b_curve, eps_s_curve)
    n_test_signal = int(test["truth"].sum())
    rows = []
    for systematic in background_systematics:
        sigma_before = asimov_significance(s0, b0, systematic * b0)
        for eps_b in working_points:
            eps_s = signal_efficiency(eps_b_curve, eps_s_curve, eps_b)
            b = b0 * eps_b
            rows.append(
                {
                    **model,
                    "background_systematic": systematic,
                    "eps_b": eps_b,
                    "s0": s0,
                    "b0": b0,
                    "eps_s": eps_s,
                    "sigma_before": sigma_before,
                    "sigma_after": asimov_significance(s0 * eps_s, b, systematic * b),
                    "auc": area,
                    "n_test_signal": n_test_signal,
                    "n_test_background": len(test) - n_test_signal,
                }
            )
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)


def replica_summary(rows: pd.DataFrame, by) -> pd.DataFrame:
    """Mean and standard deviation over replicas of sigma_before, sigma_after, eps_s and auc.

    ``by`` lists the columns that identify a point (e.g. eps_b, sigma0); ``n_replicas`` counts
    the trainings behind it.
    """
    grouped = rows.groupby(list(by), sort=False)
    summary = grouped.agg(
        sigma_before=("sigma_before", "mean"),
        sigma_after_mean=("sigma_after", "mean"),
        sigma_after_std=("sigma_after", "std"),
        eps_s_mean=("eps_s", "mean"),
        auc_mean=("auc", "mean"),
        n_replicas=("replica", "nunique"),
    )
    return summary.fillna({"sigma_after_std": 0.0}).reset_index()
