"""Training targets of each supervision, from a dataset table.

CWoLa (section 4 of the first paper): label 1 for SR events and 0 for SB events, whatever they
truly are; the fully supervised benchmark trains the same network on the same events with the
true labels. Learning from label proportions (the second paper on the dijet data) labels each
event with the signal fraction of its region, from the injected yields (``llp``) or deliberately
scaled (``llp_wrong``), and trains with the batch-level loss of its eq. (A.2).
"""

import numpy as np
import pandas as pd

#: training labels: SR/SB (CWoLa), truth, region signal fractions (injected or scaled)
SUPERVISIONS = ("cwola", "full", "llp", "llp_wrong")


def region_signal_fractions(table: pd.DataFrame) -> dict[str, float]:
    """Signal fraction s / (s + b) of each region among the training and validation events
    (the injected yields: the test set is pure and apart)."""
    mixed = table[table["split"].isin(("train", "validation"))]
    return {region: float(events["truth"].mean()) for region, events in mixed.groupby("region")}


def labels(table: pd.DataFrame, supervision: str, wrong_label_factor: float | None = None) -> np.ndarray:
    """Training targets: SR = 1 / SB = 0 for CWoLa, truth for full supervision, the region's signal
    fraction for ``llp`` (times ``wrong_label_factor``, capped at 1, for ``llp_wrong``)."""
    if supervision == "cwola":
        return (table["region"].to_numpy() == "SR").astype(np.float32)
    if supervision == "full":
        return table["truth"].to_numpy().astype(np.float32)
    if supervision in ("llp", "llp_wrong"):
        factor = 1.0
        if supervision == "llp_wrong":
            if wrong_label_factor is None:
                raise ValueError("supervision llp_wrong needs a wrong_label_factor")
            factor = wrong_label_factor
        fractions = {region: min(1.0, factor * f) for region, f in region_signal_fractions(table).items()}
        return table["region"].map(fractions).to_numpy(np.float32)
    raise ValueError(f"unknown supervision {supervision!r}; choose one of {SUPERVISIONS}")


def loss_of(supervision: str) -> str:
    """The loss a supervision trains with: eq. (A.2) for label proportions, else cross entropy."""
    return "llp" if supervision.startswith("llp") else "bce"
