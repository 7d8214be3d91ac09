"""Training on a dataset: the on-the-fly input pipeline, labels, scores, determinism, backends."""

import os
import subprocess
import sys
from pathlib import Path

import awkward as ak
import numpy as np
import pytest

keras = pytest.importorskip("keras")

from test_constituents import random_jets

from weaksup.events import datasets
from weaksup.inputs import augment, pipeline
from weaksup.inputs.images import ImageSettings
from weaksup.inputs.particles import ParticleSettings
from weaksup.ml import labels, stacking, stopping, training
from weaksup.ml.networks.cnn import CNNSettings
from weaksup.ml.networks.pfn import PFNSettings
from weaksup.ml.settings import TrainingSettings

TINY = CNNSettings(conv_filters=(4, 4, 8, 8), kernel_sizes=(5, 5, 3, 3), dense_units=(8, 8, 8), dropout=0.5)
TINY_PFN = PFNSettings(phi_units=(8, 8), f_units=(8,), dropout=0.5)
#: every jet of the synthetic pools (5-60 constituents) fits
PARTICLES = ParticleSettings(max_particles=64)
FAST = TrainingSettings(batch_size=32, max_epochs=2, patience=1)


def synthetic_pool(n_events, seed):
    """A pool like the jets stage writes: m_jj (GeV), region, and two jets' constituents per event."""
    rng = np.random.default_rng(seed)
    mjj = rng.uniform(4400, 5800, n_events)
    region = np.where((mjj >= 4700) & (mjj < 5500), "SR", "SB")
    return ak.zip({"mjj": mjj, "region": region, "jets": random_jets(n_events, seed=seed)}, depth_limit=1)


def small_dataset(seed=0, replica=0):
    """A dataset table and its pools; ``replica`` draws another dataset from the same pools."""
    background, signal = synthetic_pool(160, seed), synthetic_pool(60, seed + 1)
    settings = datasets.DatasetSettings(test_signal=10, test_background=10)
    counts = datasets.Counts(b_sr=40, b_sb=60, s_sr=15, s_sb=5)
    table = datasets.build(
        ak.to_numpy(background.region),
        ak.to_numpy(signal.region),
        counts,
        settings,
        np.random.default_rng([seed, replica]),
    )
    return table, {"background": background, "signal": signal}


def train(table, pools, seed=11, supervision="cwola", k=1, **options):
    """One network on one dataset: (network, history, scores)."""
    return train_many([(table, seed)], pools, supervision=supervision, k=k, **options)[0]


def train_many(
    datasets,
    pools,
    supervision="cwola",
    k=1,
    settings=FAST,
    workers=1,
    side_by_side=False,
    network=TINY,
    representation=None,
):
    """One job's networks, one per (table, seed) of ``datasets`` (the tiny CNN on images by default)."""
    return training.train_members(
        [training.Member(table, seed) for table, seed in datasets],
        pools,
        supervision=supervision,
        augmentation=augment.Augmentation("pt_rot"),
        k=k,
        representation=representation or ImageSettings(),
        network=network,
        settings=settings,
        workers=workers,
        side_by_side=side_by_side,
    )


def test_labels():
    table, _ = small_dataset()
    cwola, full = labels.labels(table, "cwola"), labels.labels(table, "full")
    assert np.array_equal(cwola == 1, table.region == "SR")
    assert np.array_equal(full == 1, table.truth == 1)
    with pytest.raises(ValueError, match="unknown supervision"):
        labels.labels(table, "weak")


def test_label_proportion_targets_are_the_injected_region_fractions():
    table, _ = small_dataset()
    mixed = table[table.split != "test"]
    # the injected yields: s_SR = 15 of 55 SR events, s_SB = 5 of 65 SB events
    assert labels.region_signal_fractions(table) == pytest.approx({"SR": 15 / 55, "SB": 5 / 65})
    llp = labels.labels(table, "llp")
    assert np.allclose(llp[(table.region == "SR").to_numpy()], 15 / 55)
    assert mixed.truth.sum() == 20
    wrong = labels.labels(table, "llp_wrong", wrong_label_factor=3.0)
    assert np.allclose(wrong[(table.region == "SR").to_numpy()], 45 / 55)
    assert np.allclose(wrong[(table.region == "SB").to_numpy()], 15 / 65)
    assert labels.labels(table, "llp_wrong", wrong_label_factor=10.0).max() == 1.0  # a fraction


def test_trains_from_label_proportions():
    table, pools = small_dataset()
    _, history, scores = train(table, pools, supervision="llp")
    last = history["epochs"][-1]
    assert len(scores) == (table.split == "test").sum() and np.isfinite(last["val_loss"]) and "val_auc" not in last


def test_validation_loss_is_the_batch_weighted_mean_of_batch_losses():
    targets, scores = np.array([1.0, 0.0, 1.0, 1.0, 0.0]), np.array([0.9, 0.2, 0.6, 0.7, 0.4])
    bce = -np.log([0.9, 0.8, 0.6, 0.7, 0.6])
    assert stopping.validation_loss(targets, scores, "bce", 2) == pytest.approx(bce.mean(), rel=1e-5)
    # eq. (A.2): |<f> - <y>| per batch of 2, 2 and 1 events, weighted by their sizes
    llp = (2 * abs(0.5 - 0.55) + 2 * abs(1.0 - 0.65) + 1 * abs(0.0 - 0.4)) / 5
    assert stopping.validation_loss(targets, scores, "llp", 2) == pytest.approx(llp, rel=1e-5)


def test_dataset_events_follow_the_table_order():
    table, pools = small_dataset()
    events, mjj = training.dataset_events(table, pools)
    assert events.n_jets == 2 * len(table)
    for row in (0, 7, len(table) - 1):
        pool = pools[table["sample"].iloc[row]][table["index"].iloc[row]]
        assert mjj[row] == pool.mjj
        leading = pool.jets[0].constituents.pt
        assert np.allclose(events.pt[events.jet == 2 * row], ak.to_numpy(leading))


def in_order(rows, k, epoch, fresh=False, seed=3):
    """A member's (event ids, copies) of ``epoch`` in the order it sees them."""
    ids, copies, order = training.epoch_examples(rows, k, seed, epoch, fresh)
    return ids[order], copies[order]


def test_epoch_examples_hold_k_plus_one_copies_and_reshuffle():
    rows = np.arange(10, 30)
    ids, copies = in_order(rows, 3, epoch=0)
    assert len(ids) == 4 * len(rows) and set(ids) == set(rows) and set(copies) == {0, 1, 2, 3}
    again, next_epoch = (in_order(rows, 3, epoch=e) for e in (0, 1))
    assert np.array_equal(again[0], ids) and not np.array_equal(next_epoch[0], ids)
    assert set(zip(*next_epoch)) == set(zip(ids, copies))  # the same fixed +k set, reordered
    fresh = in_order(rows, 3, epoch=1, fresh=True)
    assert set(fresh[1]) == {0, 4, 5, 6}


def test_images_do_not_depend_on_the_number_of_workers():
    table, pools = small_dataset()
    events, _ = training.dataset_events(table, pools)
    ids, copies = in_order(np.flatnonzero(table.split == "train"), 3, epoch=0)
    recipe = (augment.Augmentation("pt_rot"), ImageSettings())
    with (
        pipeline.InputMaker([events], [3], *recipe) as one,
        pipeline.InputMaker([events], [3], *recipe, workers=2) as two,
    ):
        reference = one.inputs(0, ids, copies)["images"]
        np.testing.assert_array_equal(two.inputs(0, ids, copies)["images"], reference)
        pieces = [(0, ids[i : i + 50], copies[i : i + 50]) for i in range(0, len(ids), 50)]
        np.testing.assert_array_equal(np.concatenate([part["images"] for part in two.stream(pieces)]), reference)
    assert reference.shape == (len(ids), 2, 25, 25) and np.isfinite(reference).all()


def test_training_scores_the_test_set_and_repeats_with_a_seed():
    table, pools = small_dataset()
    model, history, scores = train(table, pools)
    test = table[table.split == "test"]
    assert len(scores) == len(test) and set(scores.split) == {"test"}
    assert np.all((scores.score >= 0) & (scores.score <= 1))
    assert len(history["epochs"]) == 2 and history["examples_per_epoch"] == 2 * (table.split == "train").sum()
    assert history["best_epoch"] in (1, 2) and history["stacked_with"] == 0
    _, _, again = train(table, pools)
    np.testing.assert_array_equal(again.score, scores.score)
    _, _, other = train(table, pools, seed=12)
    assert not np.allclose(other.score, scores.score)


@pytest.mark.parametrize("rebuild", [True, False])
def test_a_network_trained_side_by_side_equals_the_same_network_trained_alone(monkeypatch, rebuild):
    """Three replicas in one stack: each gives bit for bit the scores and validation losses it gives
    alone, also when another member stops earlier, and then leaves the stack at once (a new stack
    carries the optimizer's moments over) or goes on training in it. Batches of 20 events (96
    training events: a partial last batch) are no multiple of the CPU's vector width: the
    members' columns of the stack's loss do not fall where a lone network's do."""
    monkeypatch.setattr(stacking, "should_rebuild", lambda *_: rebuild)
    settings = TrainingSettings(batch_size=20, max_epochs=8, patience=2, learning_rate=1e-3)
    pools = small_dataset()[1]
    replicas = [(small_dataset(replica=r)[0], 11 + r) for r in range(3)]  # own datasets, same pools
    stacked = train_many(replicas, pools, settings=settings, side_by_side=True)
    epochs = [len(history["epochs"]) for _, history, _ in stacked]
    assert len(set(epochs)) > 1, "no member stopped before another: the test would not cover leaving the stack"
    for r, (_, history, scores) in enumerate(stacked):
        _, alone_history, alone = train_many([replicas[r]], pools, settings=settings)[0]
        np.testing.assert_array_equal(scores.score, alone.score)
        assert [e["val_loss"] for e in history["epochs"]] == [e["val_loss"] for e in alone_history["epochs"]]
        assert history["stacked_with"] == 2 and alone_history["stacked_with"] == 0


def test_networks_trained_one_after_another_equal_the_same_networks_trained_alone():
    """Three replicas one after another in one compiled network: each gives bit for bit the scores
    and validation losses it gives alone, in a network compiled for it (the network is reloaded,
    not retraced)."""
    settings = TrainingSettings(batch_size=32, max_epochs=4, patience=2, learning_rate=1e-3)
    pools = small_dataset()[1]
    replicas = [(small_dataset(replica=r)[0], 11 + r) for r in range(3)]
    for r, (_, history, scores) in enumerate(train_many(replicas, pools, settings=settings)):
        _, alone_history, alone = train_many([replicas[r]], pools, settings=settings, side_by_side=True)[0]
        np.testing.assert_array_equal(scores.score, alone.score)
        assert [e["val_loss"] for e in history["epochs"]] == [e["val_loss"] for e in alone_history["epochs"]]


def test_a_stopped_member_leaves_the_stack_once_its_waste_pays_for_the_tracing():
    assert not stacking.should_rebuild(100.0, None, 2)  # the tracing cost is not measured yet
    assert not stacking.should_rebuild(2.9, 1.5, 2) and stacking.should_rebuild(3.0, 1.5, 2)


def test_scores_do_not_depend_on_workers_or_on_images_held_in_memory(monkeypatch):
    table, pools = small_dataset()
    _, _, reference = train(table, pools, k=2)
    _, _, with_workers = train(table, pools, k=2, workers=2)
    monkeypatch.setattr(training, "IN_MEMORY_BYTES", 0)  # images made piece by piece, ahead
    monkeypatch.setattr(training, "PIECE_STEPS", 2)
    _, _, streamed = train(table, pools, k=2, workers=2)
    np.testing.assert_array_equal(with_workers.score, reference.score)
    np.testing.assert_array_equal(streamed.score, reference.score)


def test_empty_training_split_is_an_error():
    table, pools = small_dataset()
    with pytest.raises(ValueError, match="no validation events"):
        train(table[table.split != "validation"], pools)


@pytest.mark.slow
@pytest.mark.parametrize("network", ["TINY", "TINY_PFN"])
def test_trains_on_the_pytorch_backend(tmp_path, network):
    """The networks and the input pipeline are backend-agnostic: one job on PyTorch, saved and reloaded."""
    script = f"""
import sys, numpy as np, keras
sys.path.insert(0, {str(Path(__file__).parent)!r})
assert keras.backend.backend() == "torch"
from test_training import small_dataset, train, TINY, TINY_PFN, PARTICLES
from weaksup.inputs.pipeline import make_inputs
from weaksup.inputs.augment import Augmentation
from weaksup.inputs.images import ImageSettings
from weaksup.ml.networks import family
from weaksup.ml.training import dataset_events
network = {network}
representation = PARTICLES if network is TINY_PFN else None
table, pools = small_dataset()
model, history, scores = train(table, pools, network=network, representation=representation or ImageSettings())
assert np.isfinite(history["epochs"][-1]["val_loss"]) and len(scores) == (table.split == "test").sum()
model.save({str(tmp_path / "model.keras")!r})
again = keras.models.load_model({str(tmp_path / "model.keras")!r})
events, _ = dataset_events(table, pools)
inputs = make_inputs(events, [0, 1, 2], [0, 0, 0], Augmentation(), 1, representation or ImageSettings())
x = family(network).member_inputs(inputs)
out, reloaded = (keras.ops.convert_to_numpy(m(x, training=False)) for m in (model, again))
np.testing.assert_allclose(reloaded, out, rtol=1e-5)
print("ok", keras.backend.backend())
"""
    env = {**os.environ, "KERAS_BACKEND": "torch"}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ok torch" in result.stdout
