"""The CWoLa CNN of figure 1, written against ``keras`` and ``keras.ops`` only.

It runs unchanged on the TensorFlow (default), JAX and PyTorch backends; pick one with the
``KERAS_BACKEND`` environment variable before the first ``import keras``.

Two jet images (leading, subleading) -> a BatchNormalization per image -> ONE shared subnetwork
(conv layers with max-pooling after all but the last; dense layers with dropout on all but the
output; ReLU; sigmoid output) -> the product of the two outputs. The product of two per-jet
probabilities is an event probability: the event is signal-like only if both jets are. Widths not
in the figure follow the authors' public code (CNN/train_CNN.py): conv 64 (5x5), 64 (5x5),
128 (3x3), 128 (3x3), 'same' padding, 2x2 pooling, dense 128-128-128-1.
"""

import keras

from weaksup.ml import losses
from weaksup.ml.settings import Architecture

JET_INPUTS = ("leading_jet", "subleading_jet")


class Seeds:
    """Successive integer seeds from a network's seed, one per initializer and dropout layer, so a
    network's initial weights and dropout masks depend on its seed alone (not on what else the
    process built)."""

    def __init__(self, seed: int):
        self.next = int(seed)

    def __call__(self) -> int:
        self.next += 1
        return self.next


def subnetwork(n_pixels: int, arch: Architecture, seeds: Seeds) -> keras.Model:
    """Jet image (n, n, 1) -> probability that the jet comes from the signal-enriched class."""

    def init():
        return {"kernel_initializer": keras.initializers.GlorotUniform(seeds())}

    image = keras.Input((n_pixels, n_pixels, 1), name="jet_image")
    x = image
    for i, (filters, kernel) in enumerate(zip(arch.conv_filters, arch.kernel_sizes)):
        x = keras.layers.Conv2D(filters, kernel, padding="same", activation="relu", name=f"conv{i + 1}", **init())(x)
        if i < len(arch.conv_filters) - 1:  # pooling after every convolution but the last
            x = keras.layers.MaxPooling2D(2, name=f"pool{i + 1}")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    for i, units in enumerate(arch.dense_units):
        x = keras.layers.Dense(units, activation="relu", name=f"dense{i + 1}", **init())(x)
        x = keras.layers.Dropout(arch.dropout, seed=seeds(), name=f"dropout{i + 1}")(x)
    output = keras.layers.Dense(1, activation="sigmoid", name="jet_score", **init())(x)
    return keras.Model(image, output, name="jet_subnetwork")


def cwola_cnn(n_pixels: int, arch: Architecture, seed: int = 0, name: str = "cwola_cnn") -> keras.Model:
    """The two-image network of figure 1 (uncompiled), its initial weights and dropout from ``seed``."""
    shared = subnetwork(n_pixels, arch, Seeds(seed))
    inputs = [keras.Input((n_pixels, n_pixels, 1), name=name) for name in JET_INPUTS]
    jet_scores = [
        shared(keras.layers.BatchNormalization(name=f"batch_norm_{name}")(image))
        for name, image in zip(JET_INPUTS, inputs)
    ]
    event_score = keras.layers.Multiply(name="event_score")(jet_scores)
    return keras.Model(inputs, event_score, name=name)


#: network kind (config key network.kind) -> builder (n_pixels, architecture, seed, name) -> uncompiled model
NETWORKS = {"cwola_cnn": cwola_cnn}  # keys: settings.NETWORK_KINDS (tests/test_network.py)


def build(n_pixels: int, arch: Architecture, seed: int = 0, name: str = "member0") -> keras.Model:
    """The network of ``arch.kind`` (uncompiled), initialized from ``seed``."""
    return NETWORKS[arch.kind](n_pixels, arch, seed, name)


def stack(members: list[keras.Model], n_pixels: int) -> keras.Model:
    """R networks side by side as one model: event images (batch, R, 2, n, n) -> scores (batch, R).

    Member r sees only slice r of the input and keeps its own weights: the R networks train in one
    compiled step, each exactly as it would alone (the losses sum the members' own losses).
    """
    shapes = {tuple(tuple(w.shape) for w in member.weights) for member in members}
    if len(shapes) > 1:
        raise ValueError("the members of a stack must share one architecture (config key 'network')")
    images = keras.Input((len(members), 2, n_pixels, n_pixels), name="images")
    scores = [member(model_inputs(images[:, r])) for r, member in enumerate(members)]
    return keras.Model(images, keras.layers.Concatenate(name="member_scores")(scores), name="stack")


def compile_stack(model: keras.Model, learning_rate: float, loss: str, optimizer=None) -> keras.Model:
    """Compile a ``stack`` with Adam (or an ``optimizer`` carried over from a larger stack of the same
    members, with its per-weight moments) and ``loss`` of ``weaksup.ml.losses`` ("bce" with 0/1
    labels; "llp", eq. (A.2) of the second paper, with fraction labels), evaluated network by
    network (``losses.per_network``: each member's step is then bit for bit its step alone)."""
    optimizer = optimizer or keras.optimizers.Adam(learning_rate)
    model.compile(optimizer=optimizer, loss=losses.per_network(losses.get(loss)))
    return model


def model_inputs(images):
    """Split (N, 2, n, n) event images into the network's two (N, n, n, 1) inputs."""
    return {name: images[:, j, :, :, None] for j, name in enumerate(JET_INPUTS)}


def flops_per_sample(n_pixels: int, arch: Architecture) -> int:
    """Multiply-adds x 2 of one forward pass of the two-image network (both jets), per event.

    Convolutions count n_out_pixels x k^2 x c_in x c_out, dense layers n_in x n_out; pooling,
    normalization and activations are neglected. Training costs about three times this.
    """
    flops, size, channels = 0, n_pixels, 1
    for i, (filters, kernel) in enumerate(zip(arch.conv_filters, arch.kernel_sizes)):
        flops += 2 * size * size * kernel * kernel * channels * filters
        channels = filters
        if i < len(arch.conv_filters) - 1:
            size //= 2
    width = size * size * channels
    for units in (*arch.dense_units, 1):
        flops += 2 * width * units
        width = units
    return 2 * flops  # two jets per event
