"""Training the CWoLa CNN on a dataset, with the +k augmentation made on the fly.

CWoLa (section 4): label 1 for SR events and 0 for SB events, whatever they truly are; the fully
supervised benchmark trains the same network on the same events with the true labels. Learning
from label proportions (the second paper on the dijet data) labels each event with the signal
fraction of its region, from the injected yields (``llp``) or deliberately scaled (``llp_wrong``),
and trains with the batch-level loss of its eq. (A.2). Images of
the training split are built batch by batch from the events' constituents (``augment.batch_images``)
inside a ``keras.utils.PyDataset``, so augmented copies never touch the disk; validation and test
events are always the unaugmented originals.
"""

import logging
import math
import time

import awkward as ak
import keras
import numpy as np
import pandas as pd

from . import augment, images, network
from .images import ImageSettings
from .network import model_inputs
from .seeds import rng
from .settings import Architecture, TrainingSettings
from .studies import SUPERVISIONS

log = logging.getLogger(__name__)


def region_signal_fractions(table: pd.DataFrame) -> dict[str, float]:
    """Signal fraction s / (s + b) of each region among the training and validation events
    (the injected yields: the test set is pure and apart)."""
    mixed = table[table["split"].isin(("train", "validation"))]
    return {region: float(events["truth"].mean()) for region, events in mixed.groupby("region")}


def labels(table: pd.DataFrame, supervision: str, wrong_label_factor: float | None = None) -> np.ndarray:
    """Training targets: SR = 1 / SB = 0 for CWoLa, truth for full supervision, the region's signal
    fraction for ``llp`` (times ``wrong_label_factor``, capped at 1, for ``llp_wrong``)."""
    if supervision == "cwola":
        return (table["region"].to_numpy() == "SR").astype(np.float32)
    if supervision == "full":
        return table["truth"].to_numpy().astype(np.float32)
    if supervision in ("llp", "llp_wrong"):
        factor = 1.0
        if supervision == "llp_wrong":
            if wrong_label_factor is None:
                raise ValueError("supervision llp_wrong needs a wrong_label_factor")
            factor = wrong_label_factor
        fractions = {region: min(1.0, factor * f) for region, f in region_signal_fractions(table).items()}
        return table["region"].map(fractions).to_numpy(np.float32)
    raise ValueError(f"unknown supervision {supervision!r}; choose one of {SUPERVISIONS}")


def dataset_events(table: pd.DataFrame, pools: dict[str, ak.Array]) -> tuple[images.Constituents, np.ndarray]:
    """Constituents and m_jj (GeV) of the dataset's events, in the table's row order.

    ``pools`` maps a table ``sample`` ("background", "signal") to its pool. A row's position in
    the table is its event id for the augmentation's random keys.
    """
    parts, mjj = [], np.empty(len(table))
    for sample, pool in pools.items():
        rows = np.flatnonzero(table["sample"].to_numpy() == sample)
        events = pool[table["index"].to_numpy()[rows]]
        parts.append((rows, events))
        mjj[rows] = ak.to_numpy(events.mjj)
    order = np.concatenate([rows for rows, _ in parts])
    jets = ak.concatenate([events.jets for _, events in parts])[np.argsort(order)]
    return images.flatten_jets(jets[:, : images.JETS_PER_EVENT]), mjj


class ImageBatches(keras.utils.PyDataset):
    """Batches ({leading_jet, subleading_jet}, label) made from constituents when Keras asks.

    ``event_ids`` index the events of ``pool``; with ``k`` > 0 every event also appears as k
    augmented copies (section 5.1's "+k"). The order is reshuffled every epoch from
    (seed, epoch), and a batch depends only on (epoch, index), so parallel workers give the
    same batches as one.
    """

    def __init__(
        self,
        pool: images.Constituents,
        event_ids,
        targets,
        *,
        augmentation: augment.Augmentation,
        image: ImageSettings,
        seed: int,
        batch_size: int,
        k: int = 0,
        shuffle: bool = False,
        fresh_copies_every_epoch: bool = False,
        workers: int = 1,
    ):
        super().__init__(workers=workers, use_multiprocessing=False)
        self.pool, self.augmentation, self.image = pool, augmentation, image
        self.seed, self.batch_size, self.k, self.shuffle = seed, batch_size, k, shuffle
        self.fresh = fresh_copies_every_epoch
        self.event_ids, self.event_targets = np.asarray(event_ids, np.int64), np.asarray(targets, np.float32)
        self.epoch = -1
        self.on_epoch_end()

    def on_epoch_end(self):
        self.epoch += 1
        self.ids, self.copies = augment.training_examples(self.event_ids, self.k, self.epoch if self.fresh else None)
        self.targets = np.repeat(self.event_targets, self.k + 1)
        n = len(self.ids)
        self.order = rng(self.seed, "shuffle", self.epoch).permutation(n) if self.shuffle else np.arange(n)

    def __len__(self):
        return math.ceil(len(self.ids) / self.batch_size)

    def __getitem__(self, i):
        rows = self.order[i * self.batch_size : (i + 1) * self.batch_size]
        return model_inputs(self.images(rows)), self.targets[rows]

    def images(self, rows) -> np.ndarray:
        """(len(rows), 2, n, n) images of the examples at ``rows``."""
        return augment.batch_images(
            self.pool,
            self.ids[rows],
            self.copies[rows],
            self.augmentation,
            self.seed,
            self.image.n_pixels,
            self.image.normalization,
            self.image.flip_rule,
        )


class EpochLog(keras.callbacks.Callback):
    """One line per epoch in the job's log: losses, AUCs, time and examples per second."""

    def __init__(self, examples_per_epoch: int):
        super().__init__()
        self.examples, self.history = examples_per_epoch, []

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        seconds = time.perf_counter() - self.start
        record = {"epoch": epoch + 1, "seconds": seconds, **{k: float(v) for k, v in (logs or {}).items()}}
        self.history.append(record)
        log.info(
            "epoch %d: loss %.4f val_loss %.4f val_auc %.3f (%.1f s, %.0f examples/s)",
            epoch + 1,
            record.get("loss", np.nan),
            record.get("val_loss", np.nan),
            record.get("val_auc", np.nan),
            seconds,
            self.examples / seconds,
        )


def fit(model: keras.Model, train: ImageBatches, validation: ImageBatches, settings: TrainingSettings) -> dict:
    """Train with early stopping on the validation loss (best weights restored); the history as a dict."""
    stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=settings.patience, restore_best_weights=True)
    epoch_log = EpochLog(len(train.ids))
    log.info(
        "training on %d examples (%d events, +%d), validating on %d",
        len(train.ids),
        len(train.event_ids),
        train.k,
        len(validation.ids),
    )
    model.fit(train, validation_data=validation, epochs=settings.max_epochs, callbacks=[stopping, epoch_log], verbose=0)
    val_losses = [e["val_loss"] for e in epoch_log.history]
    return {
        "epochs": epoch_log.history,
        "best_epoch": int(np.argmin(val_losses)) + 1,
        "stopped_early": len(val_losses) < settings.max_epochs,
        "examples_per_epoch": len(train.ids),
    }


def predict(model: keras.Model, batches: ImageBatches) -> np.ndarray:
    """Network scores in [0, 1] for every example of ``batches``, in order."""
    scores = [np.ravel(keras.ops.convert_to_numpy(model(batches[i][0], training=False))) for i in range(len(batches))]
    return np.concatenate(scores) if scores else np.empty(0, np.float32)


def train_on_dataset(
    table: pd.DataFrame,
    pools: dict[str, ak.Array],
    *,
    supervision: str,
    augmentation: augment.Augmentation,
    k: int,
    image: ImageSettings,
    architecture: Architecture,
    settings: TrainingSettings,
    seed: int,
    score_splits=("test",),
    wrong_label_factor: float | None = None,
):
    """Train one network on a dataset table; return (model, history, scores of ``score_splits``).

    The scores table holds the dataset's columns for the scored events plus ``mjj`` (GeV) and
    ``score``.
    """
    targets = labels(table, supervision, wrong_label_factor)
    for split in ("train", "validation"):
        if not (table["split"] == split).any():
            raise ValueError(f"the dataset has no {split} events: nothing to train on")
    keras.utils.set_random_seed(seed)
    events, mjj = dataset_events(table, pools)

    def batches(rows, **options):
        return ImageBatches(
            events,
            rows,
            targets[rows],
            augmentation=augmentation,
            image=image,
            seed=seed,
            batch_size=settings.batch_size,
            **options,
        )

    split = table["split"].to_numpy()
    train = batches(
        np.flatnonzero(split == "train"),
        k=k,
        shuffle=True,
        fresh_copies_every_epoch=settings.fresh_copies_every_epoch,
    )
    validation = batches(np.flatnonzero(split == "validation"))
    loss = "llp" if supervision.startswith("llp") else "bce"
    model = network.build(image.n_pixels, architecture, settings.learning_rate, loss)
    history = fit(model, train, validation, settings)
    scored = np.flatnonzero(np.isin(split, score_splits))
    scores = table.iloc[scored].assign(mjj=mjj[scored], score=predict(model, batches(scored)))
    return model, history, scores.reset_index(drop=True)
