"""Rule study_sensitivity: the sensitivity rows of every model of one study (see weaksup.analysis.evaluation)."""

import logging

import pandas as pd

from weaksup import io
from weaksup.analysis import evaluation
from weaksup.analysis.cwola import studies

io.configure_logging(snakemake.log[0])
params, study = snakemake.params, snakemake.wildcards.study
blocks = []
for model in params.models:  # each model's files by its identity (declared inputs of the rule)
    summary = io.read_json(studies.dataset_path(model, ".json"))
    blocks.append(
        evaluation.sensitivity_rows(
            io.read_frame(f"{studies.training_dir(model)}/scores.parquet"),
            {"study": study, **model},
            summary["s0"],
            summary["b0"],
            params.evaluation["working_points"],
            params.evaluation["background_systematics"],
        )
    )
table = pd.concat(blocks, ignore_index=True)
logging.info("%s: %d rows from %d models", study, len(table), len(params.models))
io.write_csv(table, snakemake.output[0])
