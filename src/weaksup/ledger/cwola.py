"""The measures of the first paper's claims (data augmentation for CWoLa): cross sections and
efficiencies from the run's yields and pools, sensitivities from the studies' tables.

Definitions used by the measures (first paper, section 4.3 and figure 3):

- *learning threshold*: the sensitivity before the NN cut, sigma_before (eq. 4.1), at which the
  network first beats no cut: the first upward zero crossing of g = max over the working points
  of the replica-mean sigma_after, minus sigma_before, linearly interpolated between the scanned
  sigma0 > 0 points (sigma0 = 0 has nothing to learn). Its uncertainty is half the distance
  between the crossings of g + SEM and g - SEM (SEM: standard error of the replica mean at the
  chosen working point).
- *saturation point* (figure 7): the smallest scanned +k whose best-working-point mean
  sigma_after reaches the largest one over the scan minus its SEM; uncertainty: half the step to
  the next scanned k. A saturation point at the last scanned k is no plateau (missing).
"""

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from weaksup.ledger.verdict import Ours, missing, selected

PAPER_LUMINOSITY_FB = 139.0


# --- first paper: cross sections and efficiencies (yields.csv, the pools' summaries)


def cross_section(region: str) -> Callable:
    def measure(inputs, run):
        row = inputs["yields"].set_index(["sample", "region"]).loc[(run["background"], region)]
        note = f"k-factor {row.k_factor:g} applied"
        return Ours(row.sigma_fb, row.sigma_err_fb, f"{int(row.n_pool)} selected {region} events", note)

    return measure


def expected_events(region: str) -> Callable:
    def measure(inputs, run):
        ours = cross_section(region)(inputs, run)
        return Ours(
            ours.value * PAPER_LUMINOSITY_FB, ours.uncertainty * PAPER_LUMINOSITY_FB, ours.statistics, ours.note
        )

    return measure


def selection_efficiency(scenario: str | None) -> Callable:
    """Fraction of generated events selected into SR + SB (binomial error)."""

    def measure(inputs, run):
        sample = run["background"] if scenario is None else run["scenarios"].get(scenario)
        if sample is None:
            return missing(f"no scenario {scenario} in the config")
        pool = inputs["pools"][sample]
        return selected(sum(pool["n_selected"].values()), pool["n_generated"], "generated events")

    return measure


# --- first paper: sensitivities (the studies' tables of sensitivity rows)


def best_curve(rows: pd.DataFrame, x: str) -> pd.DataFrame:
    """Per x: the best working point's replica-mean sigma_after, its SEM and the mean sigma_before."""
    summary = (
        rows.groupby([x, "eps_b"])
        .agg(
            mean=("sigma_after", "mean"),
            std=("sigma_after", "std"),
            n=("replica", "nunique"),
            before=("sigma_before", "mean"),
        )
        .reset_index()
    )
    best = summary.loc[summary.groupby(x)["mean"].idxmax()].sort_values(x, ignore_index=True)
    return best.assign(sem=best["std"] / np.sqrt(best["n"]))


def _first_crossing(x: np.ndarray, g: np.ndarray) -> float:
    """The first x where g goes from <= 0 to > 0 (linear interpolation); NaN when it never does or
    is already > 0 at the first point."""
    for i in range(1, len(x)):
        if g[i - 1] <= 0 < g[i]:
            return float(x[i - 1] + (x[i] - x[i - 1]) * -g[i - 1] / (g[i] - g[i - 1]))
    return math.nan


def learning_threshold(rows: pd.DataFrame) -> tuple[float, float]:
    """(threshold, uncertainty) in sigma_before units for one curve's rows (module docstring)."""
    curve = best_curve(rows[rows.sigma0 > 0], "sigma0")
    x = curve["before"].to_numpy()
    g = (curve["mean"] - curve["before"]).to_numpy()
    sem = curve["sem"].to_numpy()
    central = _first_crossing(x, g)
    low, high = _first_crossing(x, g + sem), _first_crossing(x, g - sem)
    return central, abs(high - low) / 2


def saturation_point(rows: pd.DataFrame) -> tuple[float, float]:
    """(k, uncertainty) where one curve of sensitivity against +k reaches its plateau."""
    curve = best_curve(rows, "k")
    top = curve["mean"].idxmax()
    if not np.isfinite(curve["sem"][top]):  # one replica: the plateau is not resolved
        return math.nan, math.nan
    reached = curve.index[curve["mean"] >= curve["mean"][top] - curve["sem"][top]][0]
    ks = curve["k"].to_numpy()
    if reached == len(ks) - 1:
        return math.nan, math.nan
    return float(ks[reached]), (ks[reached + 1] - ks[reached]) / 2


def _rows(inputs, study, scenario, method, k, systematic=0.0):
    table = inputs[f"study:{study}"]
    return table[
        (table.scenario == scenario)
        & (table.supervision == "cwola")
        & (table.method == method)
        & (table.k == k)
        & np.isclose(table.background_systematic, systematic)
    ]


def _replica_statistics(rows: pd.DataFrame) -> str:
    points = rows.groupby("sigma0")["replica"].nunique()
    return f"{len(points)} sigma0 points ({', '.join(f'{s:g}' for s in points.index)}), {points.min()} replicas each"


def threshold(study: str, scenario: str, method: str, k: int) -> Callable:
    def measure(inputs, run):
        rows = _rows(inputs, study, scenario, method, k)
        if rows.empty:
            return missing(f"the {study} study has no {method} +{k} rows for {scenario}")
        value, error = learning_threshold(rows)
        note = "" if np.isfinite(value) else "no crossing inside the scanned sigma0 (it lies below or above)"
        if np.isfinite(value) and not np.isfinite(error):
            note = "replica spread unresolved (one replica, or the crossing leaves the scan within one SEM)"
        return Ours(value, error, _replica_statistics(rows), note)

    return measure


def spread_ratio(scenario: str) -> Callable:
    """Section 5.2: replica standard deviation of sigma_after with pt_rot +5 over that without,
    averaged over the study's sigma0 > 0 points at each one's best working point."""

    def measure(inputs, run):
        augmented, plain = (_rows(inputs, "augmentation", scenario, m, k) for m, k in (("pt_rot", 5), ("none", 0)))
        if augmented.empty or plain.empty:
            return missing(f"the augmentation study has no pt_rot +5 and +0 rows for {scenario}")
        a, p = best_curve(augmented, "sigma0"), best_curve(plain, "sigma0")
        a, p = a[a.sigma0 > 0], p[p.sigma0 > 0]
        n = int(min(a.n.min(), p.n.min()))
        if n < 3 or (p["std"] <= 0).any():
            return missing("needs >= 3 replicas per point and a nonzero spread without augmentation")
        ratio = (a["std"].to_numpy() / p["std"].to_numpy()).mean()
        # relative error of a standard deviation from n draws: 1 / sqrt(2 (n - 1)), twice in a ratio
        error = ratio * math.sqrt(2 / (2 * (n - 1)) / len(a))
        return Ours(ratio, error, f"{len(a)} sigma0 points, {n} replicas each")

    return measure


def saturation(scenario: str, method: str, sigma0: float = 5) -> Callable:
    def measure(inputs, run):
        table = inputs["study:asymptotic"]
        rows = table[
            (table.scenario == scenario)
            & (table.method == method)
            & np.isclose(table.sigma0, sigma0)
            & (table.background_systematic == 0)
        ]
        if rows.empty:
            return missing(f"the asymptotic study has no {method} rows for {scenario} at sigma0 = {sigma0:g}")
        value, error = saturation_point(rows)
        ks = ", ".join(f"+{k}" for k in sorted(rows.k.unique()))
        note = "" if np.isfinite(value) else "no plateau resolved inside the scan (or one replica)"
        return Ours(value, error, f"k scan {ks}; {rows.replica.nunique()} replicas", note)

    return measure


def systematic_gain(scenario: str, systematic: float = 0.01) -> Callable:
    """Figure 8: mean sigma_after with pt_rot +5 minus without, with a 1% background systematic
    (eq. 5.3), at the study's largest sigma0 and each one's best working point."""

    def measure(inputs, run):
        augmented, plain = (
            _rows(inputs, "augmentation", scenario, m, k, systematic) for m, k in (("pt_rot", 5), ("none", 0))
        )
        if augmented.empty or plain.empty:
            return missing(
                f"the augmentation study has no pt_rot +5 and +0 rows for {scenario} with a {systematic:g} systematic"
            )
        a, p = (best_curve(rows, "sigma0").iloc[-1] for rows in (augmented, plain))
        statistics = f"sigma0 = {a['sigma0']:g}, {int(a['n'])} replicas"
        return Ours(a["mean"] - p["mean"], math.hypot(a["sem"], p["sem"]), statistics)

    return measure
