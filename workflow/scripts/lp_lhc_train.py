"""Rule lp_lhc_train: all weakly or fully supervised networks of one labelling (see weaksup.lp_lhc)."""

import logging

import numpy as np
import pandas as pd

from weaksup import io

params, wc = snakemake.params, snakemake.wildcards
io.configure_keras(params.backend, snakemake.threads)  # before Keras is imported
io.configure_logging(snakemake.log[0])

from weaksup import lp_lhc, lp_training  # noqa: E402
from weaksup.evaluation import auc, roc  # noqa: E402

lhc, rng = params.lhc, np.random.default_rng(params.seed)
table = io.read_frame(snakemake.input.events)
truth, split = table["truth"].to_numpy(), table["split"].to_numpy()
mixed = np.isin(split, ("train", "validation"))  # the labels the analyst has; the test set keeps the truth
labels = truth.copy()
mis = lhc["mismodelling"]
if wc.variant == "random":
    labels[mixed] = lp_lhc.random_mislabel(truth[mixed], mis["random_signal_share"], rng)
elif wc.variant == "swap":
    reference = io.read_frame(snakemake.input.reference)["score_0"].to_numpy()
    labels[mixed] = lp_lhc.phase_space_swap(
        truth[mixed], reference[mixed], mis["swap_background_share"], mis["swap_signal_share"]
    )
sets = lp_lhc.assign_sets(labels, table["set_draw"].to_numpy(), lhc["background_shares"], lhc["signal_shares"])
label_fractions = lp_lhc.set_fractions(labels[mixed], sets[mixed])
true_fractions = lp_lhc.set_fractions(truth[mixed], sets[mixed])
target = np.asarray(label_fractions, np.float32)[sets] if wc.lp_supervision == "weak" else labels.astype(np.float32)
logging.info("set fractions: labels %s, true %s", label_fractions, true_fractions)

scores, history = lp_training.train_replicas(
    lp_lhc.features(table),
    target,
    split,
    lp_training.NetworkSettings(**lhc["network"]),
    "bce",
    lhc["trainings"],
    params.seed,
    scored=np.ones(len(table), bool),
)
if wc.lp_supervision == "weak" and label_fractions[1] < label_fractions[0]:
    scores = 1 - scores  # signal-like is the side of the set labelled richer in signal
test = split == "test"
aucs = [auc(*roc(scores[test, r], truth[test])[:2]) for r in range(scores.shape[1])]
logging.info("test AUC %.5f +- %.5f", np.mean(aucs), np.std(aucs))
io.write_frame(pd.DataFrame(scores, columns=[f"score_{r}" for r in range(scores.shape[1])]), snakemake.output.scores)
io.write_json(
    {"label_fractions": label_fractions, "true_fractions": true_fractions, "test_auc": aucs, "history": history},
    snakemake.output.summary,
)
