"""Rule lp_lhc_train: all weakly or fully supervised networks of one labelling (see weaksup.analysis.lp.training)."""

import pandas as pd

from weaksup import io

params, wc, inputs = snakemake.params, snakemake.wildcards, snakemake.input
io.configure_keras(params.backend, snakemake.threads)  # before Keras is imported
io.configure_logging(snakemake.log[0])

from weaksup.analysis.lp import training as lp_training  # noqa: E402

reference = io.read_frame(inputs.reference)["score_0"].to_numpy() if inputs.reference else None
scores, summary = lp_training.train_lhc(
    io.read_frame(inputs.events), wc.lp_supervision, wc.variant, params.lhc, params.seed, reference
)
io.write_frame(pd.DataFrame(scores, columns=[f"score_{r}" for r in range(scores.shape[1])]), snakemake.output.scores)
io.write_json(summary, snakemake.output.summary)
