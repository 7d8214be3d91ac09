"""Rule train: one network on one dataset (see weaksup.training)."""

import logging

from weaksup import io

params, wc = snakemake.params, snakemake.wildcards
io.configure_keras(params.training["backend"], snakemake.threads)  # before Keras is imported
io.configure_logging(snakemake.log[0])

from weaksup import augment, training  # noqa: E402
from weaksup.network import Architecture  # noqa: E402

settings = {key: value for key, value in params.training.items() if key not in ("backend", "threads")}
model, history, scores = training.train_on_dataset(
    io.read_frame(snakemake.input.dataset),
    {"background": io.read_parquet(snakemake.input.background), "signal": io.read_parquet(snakemake.input.signal)},
    supervision=wc.supervision,
    augmentation=augment.Augmentation.from_config(wc.method, params.augmentation),
    k=int(wc.k),
    image=training.ImageSettings(**params.images),
    architecture=Architecture.from_config(params.network),
    settings=training.TrainingSettings(**settings),
    seed=params.seed,
    score_splits=params.score_splits,
    wrong_label_factor=params.wrong_label_factor,
)
logging.info("best epoch %d of %d", history["best_epoch"], len(history["epochs"]))
with io.atomic_path(snakemake.output.model, suffix=".keras") as tmp:
    model.save(tmp)
io.write_frame(scores, snakemake.output.scores)
io.write_json(history, snakemake.output.history)
