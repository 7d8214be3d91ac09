"""The particle-array representation: padding, masks, features, and the augmentations acting on it."""

import numpy as np
import pytest
from test_constituents import random_jets

from weaksup.inputs import augment
from weaksup.inputs.constituents import flatten_jets, preprocess
from weaksup.inputs.particles import FEATURES, ParticleSettings
from weaksup.inputs.pipeline import make_inputs

PARTICLES = ParticleSettings(max_particles=64)


@pytest.fixture(scope="module")
def pool():
    return flatten_jets(random_jets(30, seed=4))  # 5-60 constituents per jet


def particles(pool, method="none", copies=0, settings=PARTICLES, seed=7):
    ids = np.arange(30)
    return make_inputs(pool, ids, np.full(30, copies), augment.Augmentation(method), seed, settings)


def test_every_constituent_once_hardest_first_the_rest_masked(pool):
    out = particles(pool)
    assert out["particles"].shape == (30, 2, 64, len(FEATURES)) and out["mask"].shape == (30, 2, 64)
    counts = np.diff(pool.starts).reshape(30, 2)
    np.testing.assert_array_equal(out["mask"].sum(axis=2), counts)
    assert np.all(out["mask"][:, :, :-1] >= out["mask"][:, :, 1:])  # real particles first
    log_pt = out["particles"][..., FEATURES.index("log_pt_fraction")]
    real = out["mask"] > 0
    assert np.all(np.diff(np.where(real, log_pt, -1e9), axis=2)[real[:, :, 1:]] <= 0)
    assert np.all(out["particles"][~real] == 0)


def test_features_are_the_jet_frame_of_the_images(pool):
    out = particles(pool)
    x, y = preprocess(pool)
    first = pool.starts[0]  # jet 0 of event 0: its hardest constituent
    hardest = first + np.argmax(pool.pt[pool.jet == 0])
    f = dict(zip(FEATURES, out["particles"][0, 0, 0]))
    assert f["eta"] == pytest.approx(x[hardest], abs=1e-6) and f["phi"] == pytest.approx(y[hardest], abs=1e-6)
    assert f["delta_r"] == pytest.approx(np.hypot(x[hardest], y[hardest]), abs=1e-6)
    assert "log_pt" not in FEATURES  # no absolute scale: it follows m_jj (CWoLa's sculpting)
    jet_pt = pool.pt[pool.jet == 0].sum()
    assert f["log_pt_fraction"] == pytest.approx(np.log(pool.pt[hardest] / jet_pt), abs=1e-6)


@pytest.mark.parametrize("method", ["pt_smear", "rotation", "pt_rot", "eta_phi_smear"])
def test_augmentations_act_on_the_constituents_of_copies_only(pool, method):
    original, copy0 = particles(pool), particles(pool, method, copies=0)
    np.testing.assert_array_equal(copy0["particles"], original["particles"])
    augmented = particles(pool, method, copies=1)
    assert not np.allclose(augmented["particles"], original["particles"])
    again = particles(pool, method, copies=1)
    np.testing.assert_array_equal(again["particles"], augmented["particles"])  # determinism by seed
    assert not np.array_equal(particles(pool, method, copies=1, seed=8)["particles"], augmented["particles"])
    if method == "rotation":  # a rotation keeps every constituent's pT and distance from the axis
        for feature in ("log_pt_fraction", "delta_r"):
            i = FEATURES.index(feature)
            np.testing.assert_allclose(augmented["particles"][..., i], original["particles"][..., i], atol=1e-5)


def test_image_noise_is_refused():
    with pytest.raises(ValueError, match="acts on jet images"):
        particles(flatten_jets(random_jets(30, seed=4)), "noise", copies=1)


def test_a_short_padding_is_an_error_naming_the_key_unless_truncation_is_allowed(pool):
    short = ParticleSettings(max_particles=10)
    with pytest.raises(ValueError, match="'particles.max_particles' = 10 is smaller than the .* constituents"):
        short.check(pool)
    truncated = particles(pool, settings=ParticleSettings(max_particles=10, truncate=True))
    full = particles(pool)
    assert np.all(truncated["mask"].sum(axis=2) == np.minimum(np.diff(pool.starts).reshape(30, 2), 10))
    np.testing.assert_array_equal(truncated["particles"], full["particles"][:, :, :10])  # the hardest 10 kept
