"""Our number for a claim and the verdict rule that sets it beside the paper's, with the small
statistics the measures share (binomial and AUC errors).

The verdict rule (``verdict``; docs/explanation/ledger.md), with u = sqrt(u_paper^2 + u_ours^2) and a
missing paper uncertainty counted as 0:

- ``not comparable`` when the paper prints no number, when ours or its uncertainty is missing
  (NaN: no run, one replica, a scan that does not reach the claim), or when our statistics cannot
  resolve the paper's value: u >= |paper| / 2 (a nonzero value), or our uncertainty more than 10
  times the paper's printed one;
- for a value: ``agrees`` when |ours - paper| <= 2u, else ``deviates``;
- for a bound ">x" (``<x``): ``agrees`` when ours >= x - 2u (ours <= x + 2u), else ``deviates``.
"""

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Ours:
    """Our number for a claim: value, uncertainty (NaN when it cannot be estimated), what it rests
    on, and a note (why it is missing, or what to know when reading it)."""

    value: float = math.nan
    uncertainty: float = math.nan
    statistics: str = ""
    note: str = ""


def missing(note: str) -> Ours:
    return Ours(note=note)


def parse_value(paper_value: str) -> tuple[str, float]:
    """("=", x), (">", x) or ("<", x) from a paper value as the ledger prints it."""
    text = str(paper_value).strip()
    if text[:1] in "<>":
        return text[0], float(text[1:])
    return "=", float(text)


def verdict(paper_value, paper_uncertainty: float, ours: float, ours_uncertainty: float) -> str:
    """The verdict of one row from its own columns (the rule of the module docstring)."""
    kind, value = parse_value(paper_value)
    if not (np.isfinite(value) and np.isfinite(ours) and np.isfinite(ours_uncertainty)):
        return "not comparable"
    paper_u = paper_uncertainty if np.isfinite(paper_uncertainty) else 0.0
    u = math.hypot(paper_u, ours_uncertainty)
    if (value != 0 and u >= abs(value) / 2) or ours_uncertainty > 10 * paper_u > 0:
        return "not comparable"
    if kind == ">":
        return "agrees" if ours >= value - 2 * u else "deviates"
    if kind == "<":
        return "agrees" if ours <= value + 2 * u else "deviates"
    return "agrees" if abs(ours - value) <= 2 * u else "deviates"


def auc_test_error(area: float, n_signal: int, n_background: int) -> float:
    """Standard error of an AUC from a finite test set (Hanley and McNeil 1982), never below one
    test event's resolution 1 / min(n_signal, n_background) (an AUC of 1 is not exact)."""
    q1, q2 = area / (2 - area), 2 * area**2 / (1 + area)
    variance = area * (1 - area) + (n_signal - 1) * (q1 - area**2) + (n_background - 1) * (q2 - area**2)
    return max(math.sqrt(variance / (n_signal * n_background)), 1 / min(n_signal, n_background))


def binomial_error(fraction: float, n: int) -> float:
    """Binomial error of a fraction of ``n`` events, never below one event's worth 1 / n."""
    return max(math.sqrt(fraction * (1 - fraction) / n), 1 / n)


def selected(k: int, n: int, what: str) -> Ours:
    """The selected share of ``n`` events (%), ``k`` of them, with its binomial error."""
    return Ours(100 * k / n, 100 * binomial_error(k / n, n), f"{k} of {n} {what}")
