"""Rule train: one network on one dataset (see weaksup.training)."""

import logging

from weaksup import io

params, wc, inputs = snakemake.params, snakemake.wildcards, snakemake.input
io.configure_keras(params.backend, snakemake.threads)  # before Keras is imported
io.configure_logging(snakemake.log[0])

from weaksup import training  # noqa: E402
from weaksup.augment import Augmentation  # noqa: E402
from weaksup.images import ImageSettings  # noqa: E402
from weaksup.settings import Architecture, TrainingSettings  # noqa: E402

model, history, scores = training.train_on_dataset(
    io.read_frame(inputs.dataset),
    {"background": io.read_parquet(inputs.background), "signal": io.read_parquet(inputs.signal)},
    supervision=wc.supervision,
    augmentation=Augmentation(**params.augmentation),
    k=int(wc.k),
    image=ImageSettings(**params.images),
    architecture=Architecture(**params.network),
    settings=TrainingSettings(**params.training),
    seed=params.seed,
    score_splits=params.score_splits,
    wrong_label_factor=params.wrong_label_factor,
)
logging.info("best epoch %d of %d", history["best_epoch"], len(history["epochs"]))
with io.atomic_path(snakemake.output.model, suffix=".keras") as tmp:
    model.save(tmp)
io.write_frame(scores, snakemake.output.scores)
io.write_json(history, snakemake.output.history)
