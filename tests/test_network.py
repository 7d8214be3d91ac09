"""The CNN of figure 1, the network registry and stacking (the PFN: tests/test_pfn.py)."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from weaksup.ml import losses, networks
from weaksup.ml.networks.cnn import CNNSettings, cwola_cnn, flops_per_sample, member_inputs
from weaksup.ml.networks.common import JET_INPUTS
from weaksup.ml.settings import LOSSES
from weaksup.ml.stacking import compile_stack, stack

TINY = CNNSettings(conv_filters=(4, 4, 8, 8), kernel_sizes=(5, 5, 3, 3), dense_units=(8, 8, 8), dropout=0.5)
SHAPES = {"images": (2, 25, 25)}


def model_inputs(images):
    return member_inputs({"images": images})


def test_the_output_is_the_product_of_one_shared_subnetwork_applied_to_each_jet():
    model = cwola_cnn(25, TINY)
    subnetworks = [layer for layer in model.layers if layer.name == "jet_subnetwork"]
    assert len(subnetworks) == 1  # one set of weights serves both jets
    shared = subnetworks[0]
    rng = np.random.default_rng(0)
    inputs = model_inputs(rng.normal(size=(6, 2, 25, 25)).astype("float32"))
    # move the batch norms away from the identity so that their order matters
    for name, shift in zip(JET_INPUTS, (0.3, -0.7)):
        norm = model.get_layer(f"batch_norm_{name}")
        norm.set_weights([w + shift for w in norm.get_weights()[:2]] + norm.get_weights()[2:])
    jets = [shared(model.get_layer(f"batch_norm_{name}")(inputs[name], training=False)) for name in JET_INPUTS]
    expected = keras.ops.convert_to_numpy(jets[0] * jets[1])
    output = keras.ops.convert_to_numpy(model(inputs, training=False))
    np.testing.assert_allclose(output, expected, rtol=1e-5)
    assert np.all((output >= 0) & (output <= 1))


def test_subnetwork_layers_follow_figure_1():
    shared = cwola_cnn(25, CNNSettings()).get_layer("jet_subnetwork")
    kinds = [type(layer).__name__ for layer in shared.layers]
    assert kinds.count("Conv2D") == 4 and kinds.count("MaxPooling2D") == 3 and kinds.count("Dropout") == 3
    convs = [layer for layer in shared.layers if type(layer).__name__ == "Conv2D"]
    assert [c.filters for c in convs] == [64, 64, 128, 128]
    assert [c.kernel_size for c in convs] == [(5, 5), (5, 5), (3, 3), (3, 3)]
    assert all(c.padding == "same" for c in convs)
    assert kinds.index("MaxPooling2D") == kinds.index("Conv2D") + 1  # pooling follows a convolution
    dense = [layer for layer in shared.layers if type(layer).__name__ == "Dense"]
    assert [d.units for d in dense] == [128, 128, 128, 1]
    assert dense[-1].activation.__name__ == "sigmoid"


def test_flop_count_matches_the_built_layers():
    arch = CNNSettings()
    shared = cwola_cnn(25, arch).get_layer("jet_subnetwork")
    count = 0
    for layer in shared.layers:
        if type(layer).__name__ in ("Conv2D", "Dense"):
            spatial = int(np.prod(layer.output.shape[1:-1])) if type(layer).__name__ == "Conv2D" else 1
            count += 2 * int(np.prod(layer.kernel.shape)) * spatial
    assert flops_per_sample(SHAPES, arch) == 2 * count


def test_bad_architecture():
    with pytest.raises(ValueError, match="same, non-zero length"):
        CNNSettings(conv_filters=(4, 4), kernel_sizes=(3,))


def test_the_config_kind_picks_the_network_family_and_the_seed_its_weights():
    assert set(networks.FAMILIES) == {"cwola_cnn", "pfn"}
    for kind, module in networks.FAMILIES.items():
        assert module.SETTINGS.KIND == kind and module.SETTINGS.REPRESENTATION in ("images", "particles")
    first = networks.build(SHAPES, TINY, seed=5)
    again, other = networks.build(SHAPES, TINY, seed=5, name="other"), networks.build(SHAPES, TINY, seed=6)
    assert first.name == "member0" and again.name == "other"
    for a, b, c in zip(first.get_weights(), again.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(a, b)
        assert a.shape == c.shape
    assert not all(np.array_equal(a, c) for a, c in zip(first.get_weights(), other.get_weights()))
    with pytest.raises(ValueError, match="unknown network kind 'resnet'"):
        networks.settings_from_config({"kind": "resnet"})
    entry = {"kind": "cwola_cnn", "conv_filters": [4], "kernel_sizes": [3], "dense_units": [], "dropout": 0.1}
    settings = networks.settings_from_config(entry)
    assert settings == CNNSettings((4,), (3,), (), 0.1)
    assert networks.settings_from_config(networks.tracked(settings)) == settings  # the param round trip


def test_a_stack_scores_each_member_on_its_own_slice_with_its_own_loss():
    members = [networks.build(SHAPES, TINY, seed=r, name=f"member{r}") for r in range(3)]
    model = compile_stack(stack(members, SHAPES, TINY), 1e-3, "llp")
    assert model.loss.__name__ == "label_proportion_loss"
    x = np.random.default_rng(0).normal(size=(4, 3, 2, 25, 25)).astype("float32")
    scores = keras.ops.convert_to_numpy(model({"images": x}, training=False))
    assert scores.shape == (4, 3)
    for r, member in enumerate(members):
        alone = keras.ops.convert_to_numpy(member(model_inputs(x[:, r]), training=False))
        np.testing.assert_array_equal(scores[:, r], alone[:, 0])


@pytest.mark.parametrize("name", LOSSES)
def test_a_loss_network_by_network_is_the_loss_of_all_networks(name):
    rng = np.random.default_rng(1)
    targets, outputs = rng.random((5, 3)).astype("float32"), rng.uniform(0.01, 0.99, (5, 3)).astype("float32")
    function = losses.get(name)
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(losses.per_network(function)(targets, outputs)),
        keras.ops.convert_to_numpy(function(targets, outputs)),
        rtol=1e-6,
    )


def test_members_of_different_architectures_cannot_stack():
    wider = CNNSettings(conv_filters=(8, 4, 8, 8), kernel_sizes=(5, 5, 3, 3), dense_units=(8, 8, 8))
    with pytest.raises(ValueError, match="one network.*'networks'"):
        stack([networks.build(SHAPES, TINY, name="a"), networks.build(SHAPES, wider, name="b")], SHAPES, TINY)
