"""The particle- and energy-flow networks (Deep Sets): permutation invariance, masking, IRC safety of
the EFN, seeding, stacking, cost."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from weaksup.inputs.particles import FEATURES
from weaksup.ml import networks
from weaksup.ml.networks.common import JET_INPUTS
from weaksup.ml.networks.pfn import POOLINGS, PFNSettings, flops_per_sample, member_inputs
from weaksup.ml.stacking import stack

TINY = PFNSettings(phi_units=(8, 6), f_units=(5,), dropout=0.5)
EFN = PFNSettings(phi_units=(8, 6), f_units=(5,), dropout=0.5, pooling="pt_weighted")
SHAPES = {"particles": (2, 12, len(FEATURES)), "mask": (2, 12)}
LOG_Z = FEATURES.index("log_pt_fraction")


def event_inputs(n_events=6, seed=0):
    """Random particle features with 3-12 real particles per jet, the padding filled with junk."""
    rng = np.random.default_rng(seed)
    particles = rng.normal(size=(n_events, 2, 12, len(FEATURES))).astype("float32")
    mask = (np.arange(12) < rng.integers(3, 13, (n_events, 2, 1))).astype("float32")
    return {"particles": particles, "mask": mask}


def scores(net, inputs):
    return keras.ops.convert_to_numpy(net(member_inputs(inputs), training=False))[:, 0]


def test_the_event_score_is_the_product_of_one_shared_jet_network():
    net = networks.build(SHAPES, TINY, seed=3)
    assert [layer.name for layer in net.layers].count("jet_subnetwork") == 1
    x = event_inputs()
    shared = net.get_layer("jet_subnetwork")
    jets = [
        keras.ops.convert_to_numpy(shared([x["particles"][:, j], x["mask"][:, j]], training=False))[:, 0]
        for j in range(len(JET_INPUTS))
    ]
    np.testing.assert_allclose(scores(net, x), jets[0] * jets[1], rtol=1e-6)
    assert np.all((scores(net, x) > 0) & (scores(net, x) < 1))


@pytest.mark.parametrize("pooling", POOLINGS)
def test_the_score_is_invariant_under_permutations_of_the_particles(pooling):
    net, x = networks.build(SHAPES, PFNSettings((8, 6), (5,), pooling=pooling), seed=3), event_inputs()
    order = np.random.default_rng(1).permutation(12)
    shuffled = {"particles": x["particles"][:, :, order], "mask": x["mask"][:, :, order]}
    np.testing.assert_allclose(scores(net, shuffled), scores(net, x), rtol=1e-5)


@pytest.mark.parametrize("pooling", POOLINGS)
def test_padding_is_masked_out(pooling):
    net, x = networks.build(SHAPES, PFNSettings((8, 6), (5,), pooling=pooling), seed=3), event_inputs()
    junk = {"particles": np.where(x["mask"][..., None] > 0, x["particles"], 1e3).astype("float32"), "mask": x["mask"]}
    np.testing.assert_allclose(scores(net, junk), scores(net, x), rtol=1e-6)
    unmasked = {"particles": x["particles"], "mask": np.ones_like(x["mask"])}
    assert not np.allclose(scores(net, unmasked), scores(net, x))  # the mask does something


def add_particle(x, features):
    """The events with one more particle, of ``features`` (events, jets, features), in each jet's
    first empty slot (every jet has one)."""
    particles, mask = x["particles"].copy(), x["mask"].copy()
    slot = mask.sum(-1).astype(int)
    events, jets = np.indices(slot.shape)
    particles[events, jets, slot] = features
    mask[events, jets, slot] = 1.0
    return {"particles": particles, "mask": mask}


def split_hardest(x, fraction):
    """The events with each jet's first particle split in two collinear ones carrying ``fraction``
    and 1 - ``fraction`` of its pT."""
    second = x["particles"][:, :, 0].copy()
    second[..., LOG_Z] += np.log(1 - fraction)
    split = add_particle(x, second)
    split["particles"][:, :, 0, LOG_Z] += np.log(fraction)
    return split


def with_soft_particle(x, log_z):
    """The events with a particle of pT fraction exp(``log_z``) added to every jet, anywhere."""
    features = np.random.default_rng(2).normal(size=(*x["mask"].shape[:2], len(FEATURES)))
    features[..., LOG_Z] = log_z
    return add_particle(x, features)


def test_the_efn_is_infrared_and_collinear_safe_and_the_pfn_is_not():
    """eq. (1.1): the EFN's latent sum_i z_i Phi(angles_i) is unchanged by a collinear splitting and
    by a particle of vanishing z; the PFN's sum counts particles, so both change it."""
    x = event_inputs(n_events=8)
    x["mask"][..., -1] = 0.0  # a free slot in every jet
    efn, pfn = networks.build(SHAPES, EFN, seed=3), networks.build(SHAPES, TINY, seed=3)
    for changed in (split_hardest(x, 0.3), with_soft_particle(x, log_z=-30.0)):
        np.testing.assert_allclose(scores(efn, changed), scores(efn, x), rtol=1e-5)
        assert not np.allclose(scores(pfn, changed), scores(pfn, x), rtol=1e-3)
    assert not np.allclose(scores(efn, with_soft_particle(x, log_z=0.0)), scores(efn, x), rtol=1e-3)


def test_the_seed_fixes_the_weights():
    first, again, other = (networks.build(SHAPES, TINY, seed=s) for s in (5, 5, 6))
    for a, b in zip(first.get_weights(), again.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert not all(np.array_equal(a, c) for a, c in zip(first.get_weights(), other.get_weights()))


def test_a_stack_of_pfns_scores_each_member_on_its_own_slice():
    members = [networks.build(SHAPES, TINY, seed=r, name=f"member{r}") for r in range(2)]
    model = stack(members, SHAPES, TINY)
    events = [event_inputs(seed=r) for r in range(2)]
    x = {name: np.stack([e[name] for e in events], axis=1) for name in SHAPES}
    out = keras.ops.convert_to_numpy(model(x, training=False))
    for r, member in enumerate(members):
        np.testing.assert_array_equal(out[:, r], scores(member, events[r]))


@pytest.mark.parametrize("settings", [TINY, EFN])
def test_flop_count_matches_the_built_layers(settings):
    shared = networks.build(SHAPES, settings).get_layer("jet_subnetwork")
    count = 0
    for layer in shared.layers:
        if type(layer).__name__ == "Dense":
            per_particle = layer.name.startswith("phi")
            count += 2 * int(np.prod(layer.kernel.shape)) * (12 if per_particle else 1)
    assert flops_per_sample(SHAPES, settings) == 2 * count


def test_bad_settings():
    with pytest.raises(ValueError, match="phi_units"):
        PFNSettings(phi_units=())
    with pytest.raises(ValueError, match="dropout"):
        PFNSettings(dropout=1.0)
    with pytest.raises(ValueError, match="pooling"):
        PFNSettings(pooling="mean")
