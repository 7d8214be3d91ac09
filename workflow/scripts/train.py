"""Rule train: every replica of a model point in one job, side by side on a GPU, else one after
another (see weaksup.ml.training)."""

import logging

from weaksup import io

if __name__ == "__main__":  # the input workers are spawned processes: they must not rerun the job
    params, wc, inputs = snakemake.params, snakemake.wildcards, snakemake.input
    io.configure_keras(params.backend, snakemake.threads)  # before Keras is imported
    io.configure_logging(snakemake.log[0])

    from weaksup.inputs import representations
    from weaksup.inputs.augment import Augmentation
    from weaksup.ml import networks, training
    from weaksup.ml.settings import TrainingSettings

    members = [training.Member(io.read_frame(path), seed) for path, seed in zip(inputs.datasets, params.seeds)]
    results = training.train_members(
        members,
        {"background": io.read_parquet(inputs.background), "signal": io.read_parquet(inputs.signal)},
        supervision=wc.supervision,
        augmentation=Augmentation(**params.augmentation),
        k=int(wc.k),
        representation=representations.from_tracked(params.representation),
        network=networks.settings_from_config(params.network),
        settings=TrainingSettings(**params.training),
        workers=snakemake.resources.workers,
        side_by_side=snakemake.resources.gpu > 0,
        score_splits=params.score_splits,
        wrong_label_factor=params.wrong_label_factor,
    )
    # every replica's files at once: an interrupted job leaves no replica half written
    with io.atomic_directory(snakemake.output[0]) as tmp:
        for replica, (network, history, scores) in enumerate(results):
            logging.info("replica %d: best epoch %d of %d", replica, history["best_epoch"], len(history["epochs"]))
            (tmp / f"replica{replica}").mkdir()
            network.save(tmp / f"replica{replica}/model.keras")
            io.write_frame(scores, tmp / f"replica{replica}/scores.parquet")
            io.write_json(history, tmp / f"replica{replica}/history.json")
