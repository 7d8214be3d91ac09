"""Training on a dataset: the on-the-fly input pipeline, labels, scores, determinism, backends."""

import os
import subprocess
import sys
from pathlib import Path

import awkward as ak
import numpy as np
import pytest

keras = pytest.importorskip("keras")

from test_images import random_jets  # noqa: E402

from weaksup import augment, datasets, training  # noqa: E402
from weaksup.images import ImageSettings  # noqa: E402
from weaksup.settings import Architecture, TrainingSettings  # noqa: E402

TINY = Architecture(conv_filters=(4, 4, 8, 8), kernel_sizes=(5, 5, 3, 3), dense_units=(8, 8, 8), dropout=0.5)
FAST = TrainingSettings(batch_size=32, max_epochs=2, patience=1)


def synthetic_pool(n_events, seed):
    """A pool like the jets stage writes: m_jj (GeV), region, and two jets' constituents per event."""
    rng = np.random.default_rng(seed)
    mjj = rng.uniform(4400, 5800, n_events)
    region = np.where((mjj >= 4700) & (mjj < 5500), "SR", "SB")
    return ak.zip({"mjj": mjj, "region": region, "jets": random_jets(n_events, seed=seed)}, depth_limit=1)


def small_dataset(seed=0):
    background, signal = synthetic_pool(160, seed), synthetic_pool(60, seed + 1)
    settings = datasets.DatasetSettings(test_signal=10, test_background=10)
    counts = datasets.Counts(b_sr=40, b_sb=60, s_sr=15, s_sb=5)
    table = datasets.build(
        ak.to_numpy(background.region), ak.to_numpy(signal.region), counts, settings, np.random.default_rng(seed)
    )
    return table, {"background": background, "signal": signal}


def train(table, pools, seed=11, supervision="cwola", k=1):
    return training.train_on_dataset(
        table,
        pools,
        supervision=supervision,
        augmentation=augment.Augmentation("pt_rot"),
        k=k,
        image=ImageSettings(),
        architecture=TINY,
        settings=FAST,
        seed=seed,
    )


def test_labels():
    table, _ = small_dataset()
    cwola, full = training.labels(table, "cwola"), training.labels(table, "full")
    assert np.array_equal(cwola == 1, table.region == "SR")
    assert np.array_equal(full == 1, table.truth == 1)
    with pytest.raises(ValueError, match="unknown supervision"):
        training.labels(table, "weak")


def test_label_proportion_targets_are_the_injected_region_fractions():
    table, _ = small_dataset()
    mixed = table[table.split != "test"]
    # the injected yields: s_SR = 15 of 55 SR events, s_SB = 5 of 65 SB events
    assert training.region_signal_fractions(table) == pytest.approx({"SR": 15 / 55, "SB": 5 / 65})
    llp = training.labels(table, "llp")
    assert np.allclose(llp[(table.region == "SR").to_numpy()], 15 / 55)
    assert mixed.truth.sum() == 20
    wrong = training.labels(table, "llp_wrong", wrong_label_factor=3.0)
    assert np.allclose(wrong[(table.region == "SR").to_numpy()], 45 / 55)
    assert np.allclose(wrong[(table.region == "SB").to_numpy()], 15 / 65)
    assert training.labels(table, "llp_wrong", wrong_label_factor=10.0).max() == 1.0  # a fraction


def test_trains_from_label_proportions():
    table, pools = small_dataset()
    model, history, scores = train(table, pools, supervision="llp")
    assert model.loss.__name__ == "label_proportion_loss"
    assert len(scores) == (table.split == "test").sum() and np.all(np.isfinite(history["epochs"][-1]["loss"]))


def test_dataset_events_follow_the_table_order():
    table, pools = small_dataset()
    events, mjj = training.dataset_events(table, pools)
    assert events.n_jets == 2 * len(table)
    for row in (0, 7, len(table) - 1):
        pool = pools[table["sample"].iloc[row]][table["index"].iloc[row]]
        assert mjj[row] == pool.mjj
        leading = pool.jets[0].constituents.pt
        assert np.allclose(events.pt[events.jet == 2 * row], ak.to_numpy(leading))


def test_batches_hold_k_plus_one_copies_and_do_not_depend_on_workers():
    table, pools = small_dataset()
    events, _ = training.dataset_events(table, pools)
    rows = np.flatnonzero(table.split == "train")
    common = dict(augmentation=augment.Augmentation("pt_rot"), image=ImageSettings(), seed=3, batch_size=16, k=3)
    one = training.ImageBatches(events, rows, np.ones(len(rows)), shuffle=True, **common)
    two = training.ImageBatches(events, rows, np.ones(len(rows)), shuffle=True, workers=2, **common)
    assert len(one.ids) == 4 * len(rows) and set(one.ids) == set(rows)
    assert sum(len(one[i][1]) for i in range(len(one))) == 4 * len(rows)
    for i in (0, len(one) - 1):
        for name, image in one[i][0].items():
            np.testing.assert_array_equal(image, two[i][0][name])
    first = one[0][0]["leading_jet"]
    one.on_epoch_end()  # a new epoch reshuffles
    assert not np.array_equal(first, one[0][0]["leading_jet"])


def test_training_scores_the_test_set_and_repeats_with_a_seed():
    table, pools = small_dataset()
    model, history, scores = train(table, pools)
    test = table[table.split == "test"]
    assert len(scores) == len(test) and set(scores.split) == {"test"}
    assert np.all((scores.score >= 0) & (scores.score <= 1))
    assert len(history["epochs"]) == 2 and history["examples_per_epoch"] == 2 * (table.split == "train").sum()
    _, _, again = train(table, pools)
    np.testing.assert_allclose(again.score, scores.score, rtol=1e-5)
    _, _, other = train(table, pools, seed=12)
    assert not np.allclose(other.score, scores.score)


def test_empty_training_split_is_an_error():
    table, pools = small_dataset()
    with pytest.raises(ValueError, match="no validation events"):
        train(table[table.split != "validation"], pools)


@pytest.mark.slow
def test_trains_on_the_pytorch_backend(tmp_path):
    """The network and the input pipeline are backend-agnostic: one job on PyTorch, saved and reloaded."""
    script = f"""
import sys, numpy as np, keras
sys.path.insert(0, {str(Path(__file__).parent)!r})
assert keras.backend.backend() == "torch"
from test_training import small_dataset, train
table, pools = small_dataset()
model, history, scores = train(table, pools)
assert np.isfinite(history["epochs"][-1]["loss"]) and len(scores) == (table.split == "test").sum()
model.save({str(tmp_path / "model.keras")!r})
again = keras.models.load_model({str(tmp_path / "model.keras")!r})
from weaksup.network import model_inputs
x = model_inputs(np.random.default_rng(0).normal(size=(3, 2, 25, 25)).astype("float32"))
out, reloaded = (keras.ops.convert_to_numpy(m(x, training=False)) for m in (model, again))
np.testing.assert_allclose(reloaded, out, rtol=1e-5)
print("ok", keras.backend.backend())
"""
    env = {**os.environ, "KERAS_BACKEND": "torch"}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ok torch" in result.stdout
