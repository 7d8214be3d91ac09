"""Rule lp_toy_train: all weakly or fully supervised toy networks of one point (see weaksup.lp_training)."""

import numpy as np
import pandas as pd

from weaksup import io

params, wc = snakemake.params, snakemake.wildcards
io.configure_keras(params.backend, snakemake.threads)  # before Keras is imported
io.configure_logging(snakemake.log[0])

from weaksup import lp_training  # noqa: E402

table = io.read_frame(snakemake.input[0])
features = [c for c in table.columns if c.startswith("x")]
data = {"x": table[features].to_numpy(), **{c: table[c].to_numpy() for c in ("truth", "set", "split")}}
settings = lp_training.NetworkSettings(**params.network)
truth, scores, history = lp_training.train_toy(
    data, wc.lp_supervision, params.labels, wc.loss, settings, params.replicas, params.seed
)
# the analyst's cut direction follows the labels: signal-like is the better-labelled set's side
flipped = wc.lp_supervision == "weak" and params.labels[1] < params.labels[0]
n_test, replicas = scores.shape
scores_table = pd.DataFrame(
    {
        "replica": np.repeat(np.arange(replicas), n_test),
        "truth": np.tile(truth, replicas),
        "score": scores.T.ravel(),
        "signal_score": (1 - scores if flipped else scores).T.ravel(),
    }
)
scores_table = scores_table.assign(supervision=wc.lp_supervision, loss=wc.loss, label=float(wc.label))
io.write_frame(scores_table, snakemake.output.scores)
io.write_json(history, snakemake.output.history)
