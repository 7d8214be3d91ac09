"""Networks of the label-proportion studies (table 1; losses of appendix A in ``weaksup.ml.losses``), in Keras 3.

Weak supervision trains on the fraction label f_t of each event's set; full supervision on the
truth. Both use the same network (one hidden layer of sigmoid units, normal initialization), so
their comparison isolates the labels.
"""

import logging
import time

import keras
import numpy as np
import pandas as pd

from weaksup.analysis.evaluation import auc
from weaksup.analysis.lp import lhc as lp_lhc
from weaksup.analysis.lp.toy import fraction_labels, signal_like
from weaksup.ml import losses
from weaksup.ml.settings import DenseSettings

log = logging.getLogger(__name__)

OPTIMIZERS = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD}


def dense_classifiers(n_inputs: int, settings: DenseSettings, loss: str = "bce", replicas: int = 1) -> keras.Model:
    """``replicas`` independent networks of table 1 as one compiled model: (batch, R, inputs) -> (batch, R).

    Each network has one hidden layer of sigmoid units and a sigmoid output with normal
    initialization; their weights are separate slices of the two einsum layers, so the R
    networks train side by side at the cost of about one (the network is tiny; the step overhead
    is not). The CWoLa networks of any family stack as members of one functional model
    (``weaksup.ml.stacking.stack``); these do not, because a graph of R members costs R steps'
    overhead: training 100 of them that way took 16x the einsum model's time, 10 of them 2x
    (benchmarks/lp_toy.py, 10k events per set, 5 epochs, one thread; 1 of them 0.8x).
    """
    init = keras.initializers.RandomNormal(stddev=0.05)
    model = keras.Sequential(
        [
            keras.Input((replicas, n_inputs)),
            keras.layers.EinsumDense(
                "brf,rfh->brh",
                output_shape=(replicas, settings.hidden_units),
                bias_axes="rh",
                activation="sigmoid",
                kernel_initializer=init,
            ),
            keras.layers.EinsumDense(
                "brh,rh->br", output_shape=(replicas,), bias_axes="r", activation="sigmoid", kernel_initializer=init
            ),
        ]
    )
    model.compile(optimizer=OPTIMIZERS[settings.optimizer](settings.learning_rate), loss=losses.get(loss))
    return model


def standard_scaler(train: np.ndarray):
    """A function standardizing features with the training set's mean and std (fit on training only)."""
    mean, std = train.mean(axis=0), train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return lambda x: ((x - mean) / std).astype(np.float32)


def _progress(epochs: int) -> keras.callbacks.Callback:
    """Logs each epoch's losses (summed over the side-by-side networks) and its wall time."""
    started = time.perf_counter()

    def log_epoch(epoch, logs):
        nonlocal started
        now = time.perf_counter()
        losses_text = ", ".join(f"{key} {value:.5g}" for key, value in logs.items())
        log.info("epoch %d/%d: %s (%.1f s)", epoch + 1, epochs, losses_text, now - started)
        started = now

    return keras.callbacks.LambdaCallback(on_epoch_end=log_epoch)


def train_replicas(x, target, split, settings: DenseSettings, loss: str, replicas: int, seed: int, scored=None):
    """Train ``replicas`` networks on (x, target) rows of ``split`` "train"; score the ``scored``
    rows (a mask; by default the "test" rows).

    Each replica starts from its own initialization and sees the training events in its own
    order (an independent permutation per replica, composed with Keras' shuffle each epoch).
    Features are standardized with the training split's mean and std (section 3).
    Returns (scores (n_scored, R), history: loss and val_loss per epoch, summed over replicas).
    """
    rng = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    train, validation = (split == "train"), (split == "validation")
    scored = split == "test" if scored is None else scored
    for name, rows in (("training", train), ("scored", scored)):
        if not rows.any():
            raise ValueError(f"the {name} split is empty")
    scale = standard_scaler(x[train])
    x_train, t_train = scale(x[train]), np.asarray(target[train], np.float32)
    order = rng.permuted(np.tile(np.arange(len(x_train))[:, None], (1, replicas)), axis=0)  # (n, R)

    def replicated(values):
        return np.repeat(values[:, None], replicas, axis=1)

    model = dense_classifiers(x.shape[1], settings, loss, replicas)
    validation_data = (replicated(scale(x[validation])), replicated(np.asarray(target[validation], np.float32)))
    history = model.fit(
        x_train[order],
        t_train[order],
        validation_data=validation_data if validation.any() else None,
        batch_size=settings.batch_size,
        epochs=settings.epochs,
        shuffle=True,
        verbose=0,
        callbacks=[_progress(settings.epochs)],
    )
    scores = model.predict(replicated(scale(x[scored])), batch_size=4096, verbose=0)
    return scores, {k: [float(v) for v in vals] for k, vals in history.history.items()}


def train_toy(data: dict, supervision: str, labels, loss: str, settings: DenseSettings, replicas: int, seed: int):
    """Train ``replicas`` toy networks of one point; return (test scores table, history).

    ``supervision`` "weak" trains on the fraction labels ``labels[set]`` (section 2), "full" on
    the truth. The table has one row per (training, test event): ``replica``, ``truth``, ``score``
    (the output), ``signal_score`` (oriented by the labels, ``label_proportions.signal_like``),
    and the point: ``supervision``, ``loss``, ``label`` (set B's).
    """
    if supervision not in ("weak", "full"):
        raise ValueError(f"unknown supervision {supervision!r}; choose weak or full")
    target = fraction_labels(np.maximum(data["set"], 0), labels) if supervision == "weak" else data["truth"]
    scores, history = train_replicas(data["x"], target, data["split"], settings, loss, replicas, seed)
    truth = data["truth"][data["split"] == "test"]
    table = pd.DataFrame(
        {
            "replica": np.repeat(np.arange(replicas), len(truth)),
            "truth": np.tile(truth, replicas),
            "score": scores.T.ravel(),
            "signal_score": signal_like(scores, supervision, labels).T.ravel(),
        }
    )
    return table.assign(supervision=supervision, loss=loss, label=float(labels[1])), history


def train_lhc(table: pd.DataFrame, supervision: str, variant: str, lhc: dict, seed: int, reference_scores=None):
    """Section 5: ``lhc["trainings"]`` networks of one supervision and labelling on the events table
    (``lp_lhc``); return (scores (events, R), summary).

    The labels are the truth or its mislabelling ``variant`` (section 5.2; ``reference_scores``
    rank events for the swap); sets A and B are drawn from the labels with ``lhc``'s shares, and
    weak supervision trains on each set's fraction of signal labels. The scores, oriented by the
    labels, cover every event; the summary has the sets' label and true fractions and test AUCs.
    """
    rng = np.random.default_rng(seed)
    truth, split = table["truth"].to_numpy(), table["split"].to_numpy()
    labels = lp_lhc.training_labels(truth, split, variant, lhc["mismodelling"], rng, reference_scores)
    sets = lp_lhc.assign_sets(labels, table["set_draw"].to_numpy(), lhc["background_shares"], lhc["signal_shares"])
    mixed = np.isin(split, ("train", "validation"))  # the labels the analyst has; the test set keeps the truth
    label_fractions = lp_lhc.set_fractions(labels[mixed], sets[mixed])
    true_fractions = lp_lhc.set_fractions(truth[mixed], sets[mixed])
    weak = supervision == "weak"
    target = np.asarray(label_fractions, np.float32)[sets] if weak else labels.astype(np.float32)
    log.info("set fractions: labels %s, true %s", label_fractions, true_fractions)
    settings = DenseSettings.from_config(lhc["network"])
    everything = np.ones(len(table), bool)
    scores, history = train_replicas(
        lp_lhc.features(table), target, split, settings, "bce", lhc["trainings"], seed, scored=everything
    )
    scores = signal_like(scores, supervision, label_fractions)
    test = split == "test"
    aucs = [auc(*curve) for curve in lp_lhc.training_rocs(scores[test], truth[test])]
    log.info("test AUC %.5f +- %.5f", np.mean(aucs), np.std(aucs))
    summary = {
        "label_fractions": label_fractions,
        "true_fractions": true_fractions,
        "test_auc": aucs,
        "history": history,
    }
    return scores, summary
