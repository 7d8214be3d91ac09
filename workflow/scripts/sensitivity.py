"""Rule sensitivity: the tidy sensitivity table of every trained model (see weaksup.evaluation)."""

import logging

import pandas as pd

from weaksup import evaluation, io, studies

io.configure_logging(snakemake.log[0])
params = snakemake.params
blocks = []
for study, models in params.study_models.items():
    for model in models:
        scores = io.read_frame(f"{studies.training_dir(model)}/scores.parquet")
        dataset = io.read_json(studies.dataset_path(model, ".json"))
        blocks.append(
            evaluation.sensitivity_rows(
                scores,
                {"study": study, **model},
                dataset["s0"],
                dataset["b0"],
                params.evaluation["working_points"],
                params.evaluation["background_systematics"],
            )
        )
table = pd.concat(blocks, ignore_index=True)
logging.info("%d rows from %d study models", len(table), sum(map(len, params.study_models.values())))
with io.atomic_path(snakemake.output[0]) as tmp:
    table.to_csv(tmp, index=False, float_format="%.8g")
