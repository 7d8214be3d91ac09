"""Rule study_sensitivity: the sensitivity rows of every model of one study (see weaksup.evaluation)."""

import logging

import pandas as pd

from weaksup import evaluation, io

io.configure_logging(snakemake.log[0])
params, study = snakemake.params, snakemake.wildcards.study
blocks = []
for model, scores, dataset in zip(params.models, snakemake.input.scores, snakemake.input.datasets):
    summary = io.read_json(dataset)
    blocks.append(
        evaluation.sensitivity_rows(
            io.read_frame(scores),
            {"study": study, **model},
            summary["s0"],
            summary["b0"],
            params.evaluation["working_points"],
            params.evaluation["background_systematics"],
        )
    )
table = pd.concat(blocks, ignore_index=True)
logging.info("%s: %d rows from %d models", study, len(table), len(params.models))
with io.atomic_path(snakemake.output[0]) as tmp:
    table.to_csv(tmp, index=False, float_format="%.8g")
