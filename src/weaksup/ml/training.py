"""Training networks on CWoLa datasets, several per job, with the +k augmentation made on the fly.

A job trains several networks (``Member``: the replicas of one model point, each with its own
dataset and seed): one process start, one pool read, one compiled training step for all. On a
GPU they train side by side, as the members of one stack (``weaksup.ml.stacking``): one step
trains them all, each on its own batch of its own examples in its own order, with its own early
stopping and best weights; a member that stops leaves the stack and the others go on with their
optimizer moments. On CPUs, where a stack of R costs R times one network in the steps, they train
one after another in one compiled network (``stacking.Trainer``), each loaded with its own initial
weights, dropout seeds and a fresh optimizer. Either way a member gives the scores it gives alone
(tested bit for bit). Any network family trains here (``weaksup.ml.networks``); its
representation (``weaksup.inputs.representations``) makes its inputs.

Inputs of the training examples are made from the events' constituents (``weaksup.inputs.pipeline``),
so augmented copies never touch the disk: once for the whole training when they fit in memory (the
paper's fixed +k copies; once per epoch with fresh copies), else piece by piece, made ahead by
the worker processes while the network trains. Validation and test events are the unaugmented
originals, made once and scored in one call.
"""

import logging
import time
from dataclasses import dataclass

import awkward as ak
import numpy as np
import pandas as pd

from weaksup.analysis.evaluation import auc, roc
from weaksup.inputs import augment, pipeline, representations
from weaksup.inputs.constituents import JETS_PER_EVENT, Constituents, flatten_jets
from weaksup.ml import networks, stacking
from weaksup.ml.labels import labels, loss_of
from weaksup.ml.scoring import predict, score
from weaksup.ml.settings import TrainingSettings
from weaksup.ml.stopping import EarlyStopping, validation_loss
from weaksup.seeds import rng

log = logging.getLogger(__name__)


def dataset_events(table: pd.DataFrame, pools: dict[str, ak.Array]) -> tuple[Constituents, np.ndarray]:
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
    return flatten_jets(jets[:, :JETS_PER_EVENT]), mjj


#: bytes of training inputs a job keeps in memory (all members); beyond, they are made per piece
IN_MEMORY_BYTES = 2**30
#: training steps per piece of inputs made ahead by the workers, when the inputs do not fit
PIECE_STEPS = 16


@dataclass(frozen=True)
class Member:
    """One network of a job: its dataset table and its seed (initialization, dropout, batch order,
    augmentation keys)."""

    table: pd.DataFrame
    seed: int


@dataclass
class _Data:
    """A member's events and labels: its index in the job (and its ``InputMaker``), constituents,
    m_jj (GeV), targets, train/validation rows, seed."""

    member: int
    events: Constituents
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


def train_stack(data: list[_Data], maker: pipeline.InputMaker, *, k, network, settings, loss, trainer=None):
    """Train the members ``data`` (equal numbers of training and validation events) side by side,
    in ``trainer`` (a ``stacking.Trainer`` of as many networks) or in a stack compiled for them;
    return (networks with their best weights, histories). ``network``: the networks' settings."""
    representation = maker.state[3]
    shapes = representation.input_shapes()
    nets = [networks.build(shapes, network, d.seed, name=f"member{i}") for i, d in enumerate(data)]
    if trainer is None:
        trainer = stacking.Trainer(nets, shapes, network, settings.learning_rate, loss)
    trained, model = trainer.nets, trainer.load(nets)  # the networks that learn, in the compiled stack
    n_examples, batch = (k + 1) * len(data[0].train), settings.batch_size
    in_memory = len(data) * n_examples * representations.bytes_per_event(representation) <= IN_MEMORY_BYTES
    validation = [maker.inputs(d.member, d.validation, np.zeros_like(d.validation)) for d in data]
    stopping = [EarlyStopping(settings.patience) for _ in data]
    histories = [[] for _ in data]
    # members in the compiled stack, and those of them still learning: a member that stopped keeps
    # training (its best weights are kept) until the compute it wastes pays for recompiling without it
    stacked = active = list(range(len(data)))
    compile_seconds, waste, first_steps = None, 0.0, 0.0  # tracing per network; wasted steps
    cache = {}

    def pieces(epoch):
        """(inputs {name: (n, R, ...)}, targets (n, R)) of the stacked members, piece by piece."""
        fresh = settings.fresh_copies_every_epoch
        examples = {i: epoch_examples(data[i].train, k, data[i].seed, epoch, fresh) for i in stacked}
        targets = np.stack([data[i].targets[ids[order]] for i, (ids, _, order) in examples.items()], axis=1)
        if in_memory:
            # the +k set's inputs once (fresh copies: once per epoch), then each member's order
            if epoch == 0 or fresh:
                for i, (ids, copies, _) in examples.items():
                    cache[i] = maker.inputs(data[i].member, ids, copies)
            yield pipeline.stacked([pipeline.take(cache[i], order) for i, (_, _, order) in examples.items()]), targets
            return
        step = PIECE_STEPS * batch
        made = maker.stream(
            (data[i].member, ids[order[start : start + step]], copies[order[start : start + step]])
            for start in range(0, n_examples, step)
            for i, (ids, copies, order) in examples.items()
        )
        for start in range(0, n_examples, step):
            yield pipeline.stacked([next(made) for _ in stacked]), targets[start : start + step]

    for epoch in range(settings.max_epochs):
        seconds = {"inputs": 0.0, "steps": 0.0, "validation": 0.0}
        clock = time.perf_counter()
        for x, y in pieces(epoch):
            now = time.perf_counter()
            seconds["inputs"] += now - clock
            for start in range(0, len(y), batch):
                model.train_on_batch(pipeline.take(x, slice(start, start + batch)), y[start : start + batch])
            clock = time.perf_counter()
            seconds["steps"] += clock - now
        if epoch == 0:  # the first epoch traces the step: its extra time is the cost of a stack
            first_steps = seconds["steps"]
        elif epoch == 1:
            compile_seconds = max(first_steps - seconds["steps"], 0.0) / len(stacked)
        waste += seconds["steps"] * (len(stacked) - len(active)) / len(stacked)
        scores = predict(model, pipeline.stacked([validation[i] for i in stacked]))
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
            "epoch %d:%s val_loss %s (%.2f s: inputs %.2f, steps %.2f, validation %.2f; %.0f examples/s)",
            epoch + 1,
            f" {len(stacked)} networks in the step ({len(active)} learning)," if len(data) > 1 else "",
            " ".join(f"{histories[i][-1]['val_loss']:.4f}" for i in active),
            total,
            seconds["inputs"],
            seconds["steps"],
            seconds["validation"],
            len(stacked) * n_examples / total,
        )
        active = [i for i in active if i not in done]
        if not active:
            break
        if len(active) < len(stacked) and stacking.should_rebuild(waste, compile_seconds, len(active)):
            # the stopped members leave the stack; the others keep their optimizer moments
            stacked, waste = active, 0.0
            model = stacking.compile_stack(
                stacking.stack([trained[i] for i in stacked], shapes, network),
                settings.learning_rate,
                loss,
                model.optimizer,
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


def train_members(
    members: list[Member],
    pools: dict[str, ak.Array],
    *,
    supervision: str,
    augmentation: augment.Augmentation,
    k: int,
    representation,
    network,
    settings: TrainingSettings,
    workers: int = 1,
    side_by_side: bool = False,
    score_splits=("test",),
    wrong_label_factor: float | None = None,
):
    """Train one network of ``network`` (its settings; ``representation`` makes its inputs) per
    member on its dataset table; return, per member, (network, history, scores of ``score_splits``).

    ``side_by_side`` (for GPUs): members with equal numbers of training and validation events train
    side by side in one stack (the replicas of a point do, unless their yields are Poisson-drawn);
    else one after another in one compiled network. The scores table holds the dataset's columns
    for the scored events plus ``mjj`` (GeV) and ``score``.
    """
    if network.REPRESENTATION != representation.KIND:
        raise ValueError(f"a {network.KIND} network reads {network.REPRESENTATION}, not {representation.KIND}")
    data = [_prepare(i, m, pools, supervision, wrong_label_factor) for i, m in enumerate(members)]
    loss = loss_of(supervision)
    if side_by_side:
        sizes = {}
        for i, d in enumerate(data):
            sizes.setdefault((len(d.train), len(d.validation)), []).append(i)
        groups, trainer = list(sizes.values()), None
    else:
        groups = [[i] for i in range(len(data))]
        shapes = representation.input_shapes()
        trainer = stacking.Trainer([networks.build(shapes, network)], shapes, network, settings.learning_rate, loss)
    results = [None] * len(members)
    events, seeds = [d.events for d in data], [d.seed for d in data]
    with pipeline.InputMaker(events, seeds, augmentation, representation, workers) as maker:
        for group in groups:
            n_train, names = len(data[group[0]].train), ", ".join(map(str, group))
            log.info(
                "training %s %s of %d on %d events (+%d copies each: %d examples), validating on %d",
                network.KIND,
                f"networks {names} side by side" if side_by_side else f"network {names}",
                len(data),
                n_train,
                k,
                (k + 1) * n_train,
                len(data[group[0]].validation),
            )
            nets, histories = train_stack(
                [data[i] for i in group], maker, k=k, network=network, settings=settings, loss=loss, trainer=trainer
            )
            for i, net, history in zip(group, nets, histories):
                split = members[i].table["split"].to_numpy()
                scored = np.flatnonzero(np.isin(split, score_splits))
                scores = (
                    members[i]
                    .table.iloc[scored]
                    .assign(mjj=data[i].mjj[scored], score=score(net, network, maker, i, scored))
                )
                results[i] = (net, history, scores.reset_index(drop=True))
    return results
