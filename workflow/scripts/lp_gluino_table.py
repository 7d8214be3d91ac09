"""Rule lp_gluino_table: table 3 of the label-proportion paper (see weaksup.evaluation)."""

import numpy as np
import pandas as pd

from weaksup import io
from weaksup.evaluation import auc, roc, signal_efficiency

io.configure_logging(snakemake.log[0])
table = io.read_frame(snakemake.input.events)
test = (table["split"] == "test").to_numpy()
truth = table["truth"].to_numpy()[test]
acceptance = snakemake.params.background_acceptance
rows = []
for network in ("full", "weak"):
    scores = io.read_frame(getattr(snakemake.input, network)).to_numpy()[test]
    curves = [roc(scores[:, r], truth)[:2] for r in range(scores.shape[1])]
    for metric, values in (
        ("auc", [auc(*curve) for curve in curves]),
        (
            f"signal_efficiency_at_background_{acceptance:g}",
            [signal_efficiency(*curve, acceptance) for curve in curves],
        ),
    ):
        n = len(values)
        rows.append(
            {
                "network": network,
                "metric": metric,
                "mean": np.mean(values),
                "std": np.std(values, ddof=1) if n > 1 else np.nan,
                "error_of_mean": np.std(values, ddof=1) / np.sqrt(n) if n > 1 else np.nan,
                "trainings": n,
                "test_signal": int(truth.sum()),
                "test_background": int((truth == 0).sum()),
            }
        )
with io.atomic_path(snakemake.output[0]) as tmp:
    pd.DataFrame(rows).to_csv(tmp, index=False, float_format="%.7g")
