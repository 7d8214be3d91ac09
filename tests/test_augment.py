"""On-the-fly +k augmentation: keyed randomness, determinism, the size of the training set."""

import numpy as np
import pytest
from test_constituents import random_jets

from weaksup.inputs import augment, images
from weaksup.inputs.constituents import flatten_jets, preprocess
from weaksup.inputs.images import ImageSettings
from weaksup.inputs.pipeline import make_inputs


@pytest.fixture(scope="module")
def jets():
    return random_jets(30, seed=3)


@pytest.fixture(scope="module")
def pool(jets):
    return flatten_jets(jets)


def batch_images(pool, ids, copies, augmentation, seed, normalization="en"):
    """The CNN's images of the examples: their constituents augmented, then pixelated."""
    return make_inputs(pool, ids, copies, augmentation, seed, ImageSettings(normalization=normalization))["images"]


def test_keyed_uniforms_are_uniform_and_depend_on_every_key():
    u = augment.keyed_uniform(7, np.arange(200_000))
    assert 0 < u.min() and u.max() < 1
    assert u.mean() == pytest.approx(0.5, abs=0.003) and u.var() == pytest.approx(1 / 12, rel=0.01)
    assert not np.array_equal(augment.keyed_uniform(7, 1, np.arange(10)), augment.keyed_uniform(7, 2, np.arange(10)))
    assert not np.array_equal(augment.keyed_uniform(7, np.arange(10)), augment.keyed_uniform(8, np.arange(10)))


def test_keyed_normals_are_standard_normal():
    z = augment.keyed_normal(1, np.arange(400_000))
    assert z.mean() == pytest.approx(0, abs=0.005) and z.std() == pytest.approx(1, rel=0.005)


def test_taking_events_gives_their_constituents(jets, pool):
    taken = pool.take_events([5, 2, 5])
    assert np.array_equal(taken.starts, flatten_jets(jets[[5, 2, 5]]).starts)
    assert np.array_equal(taken.pt, flatten_jets(jets[[5, 2, 5]]).pt)


def test_copy_zero_is_the_original(jets, pool):
    ids = np.arange(len(jets))
    x, y = preprocess(pool)
    for method in augment.METHODS:
        augmentation = augment.Augmentation(method)
        jets_in_frame, examples = augment.augment(pool, ids, np.zeros_like(ids), augmentation, seed=1)
        assert not examples.augmented.any(), method
        for got, want in ((jets_in_frame.pt, pool.pt), (jets_in_frame.eta, x), (jets_in_frame.phi, y)):
            assert np.array_equal(got, want), method
        assert np.array_equal(batch_images(pool, ids, np.zeros_like(ids), augmentation, 1), images.jet_images(jets))


@pytest.mark.parametrize("method", [m for m in augment.METHODS if m != "none"])
def test_an_example_is_the_same_in_any_batch(pool, method):
    aug = augment.Augmentation(method)
    ids, copies = np.array([4, 9, 4, 17]), np.array([1, 2, 3, 1])
    together = batch_images(pool, ids, copies, aug, seed=11)
    for r in range(4):
        alone = batch_images(pool, ids[r : r + 1], copies[r : r + 1], aug, seed=11)
        assert np.array_equal(alone[0], together[r])
    assert not np.array_equal(together[0], together[2])  # copies 1 and 3 of event 4 differ
    assert not np.array_equal(together[0], batch_images(pool, ids[:1], copies[:1], aug, seed=12)[0])


def test_rotation_keeps_the_pt_inside_a_circle(jets, pool):
    ids = np.arange(len(jets))
    raw = batch_images(pool, ids, np.ones_like(ids), augment.Augmentation("rotation"), 1, "raw")
    c = flatten_jets(jets)
    x, y = preprocess(c)
    inside_circle = np.bincount(c.jet, weights=c.pt * (np.hypot(x, y) < 1), minlength=c.n_jets).reshape(-1, 2)
    # everything within radius 1 stays in the [-1, 1]^2 window whatever the angle
    assert np.all(raw.sum(axis=(2, 3)) >= inside_circle * (1 - 1e-5))


def test_plus_k_has_k_plus_one_copies_of_each_training_event_only():
    train, validation = np.arange(0, 80), np.arange(80, 100)
    events, copies = augment.training_examples(train, k=5)
    assert len(events) == 6 * len(train)
    assert np.array_equal(np.bincount(events, minlength=100)[:80], np.full(80, 6))
    assert not np.isin(validation, events).any()
    assert set(copies) == set(range(6))
    with pytest.raises(ValueError, match="k >= 0"):
        augment.training_examples(train, k=-1)


def test_fresh_copies_per_epoch_keep_the_size_and_the_originals():
    train = np.arange(10)
    first = augment.training_examples(train, k=3, epoch=0)
    second = augment.training_examples(train, k=3, epoch=1)
    assert len(second[0]) == len(first[0]) == 40
    assert np.array_equal(first[1], augment.training_examples(train, k=3)[1])  # epoch 0 = the fixed set
    originals = second[1] == 0
    assert originals.sum() == 10 and not set(second[1][~originals]) & set(first[1])


def test_unknown_method_or_resolution_is_named():
    with pytest.raises(ValueError, match="pt_rot"):
        augment.Augmentation("mixup")
    with pytest.raises(ValueError, match="delphes_cms"):
        augment.Augmentation("pt_smear", resolution="atlas")
