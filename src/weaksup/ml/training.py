"""Training the CWoLa CNN on datasets, several networks per job, with the +k augmentation made on the fly.

CWoLa (section 4): label 1 for SR events and 0 for SB events, whatever they truly are; the fully
supervised benchmark trains the same network on the same events with the true labels. Learning
from label proportions (the second paper on the dijet data) labels each event with the signal
fraction of its region, from the injected yields (``llp``) or deliberately scaled (``llp_wrong``),
and trains with the batch-level loss of its eq. (A.2).

A job trains several networks (``Member``: the replicas of one model point, each with its own
dataset and seed): one process start, one pool read, one compiled training step for all. On a
GPU they train side by side, as the members of one stacked Keras model (``network.stack``): one
step trains them all, each on its own batch of its own examples in its own order, with its own
early stopping and best weights; a member that stops leaves the stack and the others go on with
their optimizer moments. On CPUs, where a stack of R costs R times one network in the steps, they
train one after another in one compiled network (``Trainer``), each loaded with its own initial
weights, dropout seeds and a fresh optimizer. Either way a member gives the scores it gives alone
(tested bit for bit).

Images of the training examples are made from the events' constituents (``weaksup.inputs.pipeline``), so
augmented copies never touch the disk: once for the whole training when they fit in memory (the
paper's fixed +k copies; once per epoch with fresh copies), else piece by piece, made ahead by
the worker processes while the network trains. Validation and test events are the unaugmented
originals, made once and scored in one call.
"""

import logging
import time
from dataclasses import dataclass, field

import awkward as ak
import keras
import numpy as np
import pandas as pd

from weaksup.analysis.cwola.studies import SUPERVISIONS
from weaksup.analysis.evaluation import auc, roc
from weaksup.inputs import augment, images
from weaksup.inputs import pipeline as inputs
from weaksup.inputs.images import ImageSettings
from weaksup.ml import losses, network
from weaksup.ml.network import model_inputs
from weaksup.ml.settings import Architecture, TrainingSettings
from weaksup.seeds import rng

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


#: bytes of training images a job keeps in memory (all members); beyond, they are made per piece
IN_MEMORY_BYTES = 2**30
#: training steps per piece of images made ahead by the workers, when the images do not fit
PIECE_STEPS = 16
#: events per call when scoring (inference only)
SCORE_BATCH = 4096


@dataclass(frozen=True)
class Member:
    """One network of a job: its dataset table and its seed (initialization, dropout, batch order,
    augmentation keys)."""

    table: pd.DataFrame
    seed: int


@dataclass
class _Data:
    """A member's events and labels: its index in the job (and its ``ImageMaker``), constituents,
    m_jj (GeV), targets, train/validation rows, seed."""

    member: int
    events: images.Constituents
    mjj: np.ndarray
    targets: np.ndarray
    train: np.ndarray
    validation: np.ndarray
    seed: int


def _prepare(index: int, member: Member, pools, supervision: str, wrong_label_factor) -> _Data:
    table = member.table
    targets = labels(table, supervision, wrong_label_factor)
    split = table["split"].to_numpy()
    for name in ("train", "validation"):
        if not (split == name).any():
            raise ValueError(f"the dataset has no {name} events: nothing to train on")
    events, mjj = dataset_events(table, pools)
    return _Data(
        index,
        events,
        mjj,
        targets,
        np.flatnonzero(split == "train"),
        np.flatnonzero(split == "validation"),
        member.seed,
    )


def epoch_examples(train, k: int, seed: int, epoch: int, fresh: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(event ids, copies, order) of a member's +k training examples in ``epoch`` (0-based): the
    +k set (fresh copies every epoch if ``fresh``) and the permutation, drawn from (seed, epoch),
    in which the member sees it."""
    ids, copies = augment.training_examples(train, k, epoch if fresh else None)
    return ids, copies, rng(seed, "shuffle", epoch).permutation(len(ids))


def validation_loss(targets, scores, loss: str, batch_size: int) -> float:
    """A member's validation loss as Keras reports it: the loss of each batch of ``batch_size``
    events, averaged with the batch sizes as weights (eq. (A.2) is a batch-level loss)."""
    function, values, sizes = losses.get(loss), [], []
    for start in range(0, len(targets), batch_size):
        t, s = (np.asarray(a[start : start + batch_size], np.float32)[:, None] for a in (targets, scores))
        values.append(float(keras.ops.convert_to_numpy(keras.ops.mean(function(t, s)))))
        sizes.append(len(t))
    return float(np.average(values, weights=sizes))


@dataclass
class EarlyStopping:
    """Keras's early stopping on the validation loss, for one member: stop after ``patience``
    epochs without improvement and keep the weights of the best epoch."""

    patience: int
    best: float = np.inf
    best_epoch: int = 0
    wait: int = 0
    weights: list = field(default_factory=list)

    def update(self, epoch: int, loss: float, net: keras.Model) -> bool:
        """Record ``epoch`` (1-based); True when the member is done."""
        if loss < self.best:
            self.best, self.best_epoch, self.wait, self.weights = loss, epoch, 0, net.get_weights()
        else:
            self.wait += 1
        return self.wait >= self.patience


def should_rebuild(waste: float, compile_seconds: float | None, n_learning: int) -> bool:
    """Whether to recompile a stack without its stopped members: once the seconds of steps they
    wasted reach the cost of tracing a stack of the ``n_learning`` others (``compile_seconds`` per
    network, measured on the first epoch; None: not yet known). Ski rental: at most twice the
    cheaper of never and at once."""
    return compile_seconds is not None and waste >= compile_seconds * n_learning


def _stacked(arrays: list[np.ndarray]) -> np.ndarray:
    """Members' arrays (n, ...) side by side: (n, R, ...)."""
    return np.stack(arrays, axis=1)


class Trainer:
    """A compiled stack of R networks that trains set after set of R members: traced once, then
    loaded with each set's networks (weights and dropout seed states) and a fresh optimizer (the
    state it had before its first step: no moments, step 0), so a member trains exactly as in a
    stack of its own."""

    def __init__(self, nets: list[keras.Model], n_pixels: int, learning_rate: float, loss: str):
        self.nets = nets
        self.model = network.compile_stack(network.stack(nets, n_pixels), learning_rate, loss)
        self.model.optimizer.build(self.model.trainable_variables)
        self.fresh_optimizer = [keras.ops.convert_to_numpy(v) for v in self.model.optimizer.variables]

    def load(self, nets: list[keras.Model]) -> keras.Model:
        """The compiled stack, its members set to ``nets`` and its optimizer fresh."""
        for target, source in zip(self.nets, nets):
            for variable, value in zip(target.variables, source.variables):
                variable.assign(value)
        for variable, value in zip(self.model.optimizer.variables, self.fresh_optimizer):
            variable.assign(value)
        return self.model


def train_stack(
    data: list[_Data], maker: inputs.ImageMaker, *, k, n_pixels, architecture, settings, loss, trainer=None
):
    """Train the members ``data`` (equal numbers of training and validation events) side by side,
    in ``trainer`` (a ``Trainer`` of as many networks) or in a stack compiled for them; return
    (networks with their best weights, histories)."""
    nets = [network.build(n_pixels, architecture, d.seed, name=f"member{i}") for i, d in enumerate(data)]
    if trainer is None:
        trainer = Trainer(nets, n_pixels, settings.learning_rate, loss)
    trained, model = trainer.nets, trainer.load(nets)  # the networks that learn, in the compiled stack
    n_examples, batch = (k + 1) * len(data[0].train), settings.batch_size
    in_memory = len(data) * n_examples * 2 * n_pixels**2 * 4 <= IN_MEMORY_BYTES
    validation = [maker.images(d.member, d.validation, np.zeros_like(d.validation)) for d in data]
    stopping = [EarlyStopping(settings.patience) for _ in data]
    histories = [[] for _ in data]
    # members in the compiled stack, and those of them still learning: a member that stopped keeps
    # training (its best weights are kept) until the compute it wastes pays for recompiling without it
    stacked = active = list(range(len(data)))
    compile_seconds, waste, first_steps = None, 0.0, 0.0  # tracing per network; wasted steps
    cache = {}

    def pieces(epoch):
        """(images (n, R, 2, n, n), targets (n, R)) of the stacked members, piece by piece."""
        fresh = settings.fresh_copies_every_epoch
        examples = {i: epoch_examples(data[i].train, k, data[i].seed, epoch, fresh) for i in stacked}
        targets = _stacked([data[i].targets[ids[order]] for i, (ids, _, order) in examples.items()])
        if in_memory:
            # the +k set's images once (fresh copies: once per epoch), then each member's order
            if epoch == 0 or fresh:
                for i, (ids, copies, _) in examples.items():
                    cache[i] = maker.images(data[i].member, ids, copies)
            yield _stacked([cache[i][order] for i, (_, _, order) in examples.items()]), targets
            return
        step = PIECE_STEPS * batch
        made = maker.stream(
            (data[i].member, ids[order[start : start + step]], copies[order[start : start + step]])
            for start in range(0, n_examples, step)
            for i, (ids, copies, order) in examples.items()
        )
        for start in range(0, n_examples, step):
            yield _stacked([next(made) for _ in stacked]), targets[start : start + step]

    for epoch in range(settings.max_epochs):
        seconds = {"images": 0.0, "steps": 0.0, "validation": 0.0}
        clock = time.perf_counter()
        for x, y in pieces(epoch):
            now = time.perf_counter()
            seconds["images"] += now - clock
            for start in range(0, len(x), batch):
                model.train_on_batch(x[start : start + batch], y[start : start + batch])
            clock = time.perf_counter()
            seconds["steps"] += clock - now
        if epoch == 0:  # the first epoch traces the step: its extra time is the cost of a stack
            first_steps = seconds["steps"]
        elif epoch == 1:
            compile_seconds = max(first_steps - seconds["steps"], 0.0) / len(stacked)
        waste += seconds["steps"] * (len(stacked) - len(active)) / len(stacked)
        scores = predict(model, _stacked([validation[i] for i in stacked]))
        done = []
        for i in active:
            column, targets = stacked.index(i), data[i].targets[data[i].validation]
            record = {"epoch": epoch + 1, "val_loss": validation_loss(targets, scores[:, column], loss, batch)}
            if loss == "bce":
                record["val_auc"] = auc(*roc(scores[:, column], targets)[:2])
            histories[i].append(record)
            if stopping[i].update(epoch + 1, record["val_loss"], trained[i]):
                done.append(i)
        seconds["validation"] = time.perf_counter() - clock
        total = sum(seconds.values())
        for i in active:
            histories[i][-1].update(
                seconds=total, **{f"seconds_{part}": t for part, t in seconds.items()}, networks=len(stacked)
            )
        log.info(
            "epoch %d:%s val_loss %s (%.2f s: images %.2f, steps %.2f, validation %.2f; %.0f examples/s)",
            epoch + 1,
            f" {len(stacked)} networks in the step ({len(active)} learning)," if len(data) > 1 else "",
            " ".join(f"{histories[i][-1]['val_loss']:.4f}" for i in active),
            total,
            seconds["images"],
            seconds["steps"],
            seconds["validation"],
            len(stacked) * n_examples / total,
        )
        active = [i for i in active if i not in done]
        if not active:
            break
        if len(active) < len(stacked) and should_rebuild(waste, compile_seconds, len(active)):
            # the stopped members leave the stack; the others keep their optimizer moments
            stacked, waste = active, 0.0
            model = network.compile_stack(
                network.stack([trained[i] for i in stacked], n_pixels), settings.learning_rate, loss, model.optimizer
            )
    for net, learned, stop in zip(nets, trained, stopping):
        # the best weights; if no validation loss was ever finite, the last
        net.set_weights(stop.weights or learned.get_weights())
    summaries = [
        {
            "epochs": history,
            "best_epoch": stop.best_epoch,
            "stopped_early": len(history) < settings.max_epochs,
            "examples_per_epoch": n_examples,
            "stacked_with": len(data) - 1,
        }
        for history, stop in zip(histories, stopping)
    ]
    return nets, summaries


def predict(model: keras.Model, images: np.ndarray, split_jets: bool = False) -> np.ndarray:
    """``model``'s outputs for ``images`` (``split_jets``: event images of one network, given as its
    two inputs), ``SCORE_BATCH`` events per call of its compiled prediction (``predict_on_batch``:
    ``predict`` costs ~40 ms per call more, as much as an epoch's steps at the default sizes)."""
    outputs = [
        model.predict_on_batch(model_inputs(chunk) if split_jets else chunk)
        for chunk in (images[start : start + SCORE_BATCH] for start in range(0, len(images), SCORE_BATCH))
    ]
    return np.concatenate([keras.ops.convert_to_numpy(o) for o in outputs])


def score(net: keras.Model, maker: inputs.ImageMaker, member: int, rows) -> np.ndarray:
    """A network's scores in [0, 1] for the unaugmented events ``rows`` of member ``member``."""
    if not len(rows):
        return np.empty(0, np.float32)
    return np.ravel(predict(net, maker.images(member, rows, np.zeros_like(rows)), split_jets=True))


def train_members(
    members: list[Member],
    pools: dict[str, ak.Array],
    *,
    supervision: str,
    augmentation: augment.Augmentation,
    k: int,
    image: ImageSettings,
    architecture: Architecture,
    settings: TrainingSettings,
    workers: int = 1,
    side_by_side: bool = False,
    score_splits=("test",),
    wrong_label_factor: float | None = None,
):
    """Train one network per member on its dataset table; return, per member, (network, history,
    scores of ``score_splits``).

    ``side_by_side`` (for GPUs): members with equal numbers of training and validation events train
    side by side in one stack (the replicas of a point do, unless their yields are Poisson-drawn);
    else one after another in one compiled network. The scores table holds the dataset's columns
    for the scored events plus ``mjj`` (GeV) and ``score``.
    """
    data = [_prepare(i, m, pools, supervision, wrong_label_factor) for i, m in enumerate(members)]
    loss = "llp" if supervision.startswith("llp") else "bce"
    if side_by_side:
        sizes = {}
        for i, d in enumerate(data):
            sizes.setdefault((len(d.train), len(d.validation)), []).append(i)
        groups, trainer = list(sizes.values()), None
    else:
        groups = [[i] for i in range(len(data))]
        trainer = Trainer([network.build(image.n_pixels, architecture)], image.n_pixels, settings.learning_rate, loss)
    results = [None] * len(members)
    with inputs.ImageMaker([d.events for d in data], [d.seed for d in data], augmentation, image, workers) as maker:
        for group in groups:
            n_train, names = len(data[group[0]].train), ", ".join(map(str, group))
            log.info(
                "training %s of %d on %d events (+%d copies each: %d examples), validating on %d",
                f"networks {names} side by side" if side_by_side else f"network {names}",
                len(data),
                n_train,
                k,
                (k + 1) * n_train,
                len(data[group[0]].validation),
            )
            nets, histories = train_stack(
                [data[i] for i in group],
                maker,
                k=k,
                n_pixels=image.n_pixels,
                architecture=architecture,
                settings=settings,
                loss=loss,
                trainer=trainer,
            )
            for i, net, history in zip(group, nets, histories):
                split = members[i].table["split"].to_numpy()
                scored = np.flatnonzero(np.isin(split, score_splits))
                scores = (
                    members[i].table.iloc[scored].assign(mjj=data[i].mjj[scored], score=score(net, maker, i, scored))
                )
                results[i] = (net, history, scores.reset_index(drop=True))
    return results
