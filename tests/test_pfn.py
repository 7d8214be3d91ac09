"""The particle-flow network (Deep Sets): permutation invariance, masking, seeding, stacking, cost."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from weaksup.ml import networks
from weaksup.ml.networks.common import JET_INPUTS
from weaksup.ml.networks.pfn import PFNSettings, flops_per_sample, member_inputs
from weaksup.ml.stacking import stack

TINY = PFNSettings(phi_units=(8, 6), f_units=(5,), dropout=0.5)
SHAPES = {"particles": (2, 12, 5), "mask": (2, 12)}


def event_inputs(n_events=6, seed=0):
    """Random particle features with 3-12 real particles per jet, the padding filled with junk."""
    rng = np.random.default_rng(seed)
    particles = rng.normal(size=(n_events, 2, 12, 5)).astype("float32")
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


def test_the_score_is_invariant_under_permutations_of_the_particles():
    net, x = networks.build(SHAPES, TINY, seed=3), event_inputs()
    order = np.random.default_rng(1).permutation(12)
    shuffled = {"particles": x["particles"][:, :, order], "mask": x["mask"][:, :, order]}
    np.testing.assert_allclose(scores(net, shuffled), scores(net, x), rtol=1e-5)


def test_padding_is_masked_out():
    net, x = networks.build(SHAPES, TINY, seed=3), event_inputs()
    junk = {"particles": np.where(x["mask"][..., None] > 0, x["particles"], 1e3).astype("float32"), "mask": x["mask"]}
    np.testing.assert_allclose(scores(net, junk), scores(net, x), rtol=1e-6)
    unmasked = {"particles": x["particles"], "mask": np.ones_like(x["mask"])}
    assert not np.allclose(scores(net, unmasked), scores(net, x))  # the mask does something


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


def test_flop_count_matches_the_built_layers():
    shared = networks.build(SHAPES, TINY).get_layer("jet_subnetwork")
    count = 0
    for layer in shared.layers:
        if type(layer).__name__ == "Dense":
            per_particle = layer.name.startswith("phi")
            count += 2 * int(np.prod(layer.kernel.shape)) * (12 if per_particle else 1)
    assert flops_per_sample(SHAPES, TINY) == 2 * count


def test_bad_settings():
    with pytest.raises(ValueError, match="phi_units"):
        PFNSettings(phi_units=())
    with pytest.raises(ValueError, match="dropout"):
        PFNSettings(dropout=1.0)
