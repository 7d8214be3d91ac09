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

from . import losses
from .settings import Architecture

JET_INPUTS = ("leading_jet", "subleading_jet")


def subnetwork(n_pixels: int, arch: Architecture) -> keras.Model:
    """Jet image (n, n, 1) -> probability that the jet comes from the signal-enriched class."""
    image = keras.Input((n_pixels, n_pixels, 1), name="jet_image")
    x = image
    for i, (filters, kernel) in enumerate(zip(arch.conv_filters, arch.kernel_sizes)):
        x = keras.layers.Conv2D(filters, kernel, padding="same", activation="relu", name=f"conv{i + 1}")(x)
        if i < len(arch.conv_filters) - 1:  # pooling after every convolution but the last
            x = keras.layers.MaxPooling2D(2, name=f"pool{i + 1}")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    for i, units in enumerate(arch.dense_units):
        x = keras.layers.Dense(units, activation="relu", name=f"dense{i + 1}")(x)
        x = keras.layers.Dropout(arch.dropout, name=f"dropout{i + 1}")(x)
    output = keras.layers.Dense(1, activation="sigmoid", name="jet_score")(x)
    return keras.Model(image, output, name="jet_subnetwork")


def cwola_cnn(n_pixels: int, arch: Architecture) -> keras.Model:
    """The two-image network of figure 1 (uncompiled)."""
    shared = subnetwork(n_pixels, arch)
    inputs = [keras.Input((n_pixels, n_pixels, 1), name=name) for name in JET_INPUTS]
    jet_scores = [
        shared(keras.layers.BatchNormalization(name=f"batch_norm_{name}")(image))
        for name, image in zip(JET_INPUTS, inputs)
    ]
    event_score = keras.layers.Multiply(name="event_score")(jet_scores)
    return keras.Model(inputs, event_score, name="cwola_cnn")


#: network kind (config key network.kind) -> builder (n_pixels, architecture) -> uncompiled model
NETWORKS = {"cwola_cnn": cwola_cnn}  # keys: settings.NETWORK_KINDS (tests/test_network.py)


def build(n_pixels: int, arch: Architecture, learning_rate: float = 1e-4, loss: str = "bce") -> keras.Model:
    """The network of ``arch.kind``, compiled with Adam and ``loss`` (``weaksup.losses``).

    "bce" with 0/1 labels (CWoLa, full supervision) also tracks the AUC; "llp", the batch-level
    label-proportion loss of eq. (A.2) of the second paper, takes fraction labels (no AUC metric
    then, as its labels are not classes).
    """
    model = NETWORKS[arch.kind](n_pixels, arch)
    metrics = [keras.metrics.AUC(name="auc")] if loss == "bce" else []
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=losses.get(loss), metrics=metrics)
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
