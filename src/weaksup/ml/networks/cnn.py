"""The CWoLa CNN of figure 1 (the first paper), reading jet images.

Two jet images (leading, subleading) -> a BatchNormalization per image -> ONE shared subnetwork
(conv layers with max-pooling after all but the last; dense layers with dropout on all but the
output; ReLU; sigmoid output) -> the product of the two outputs. The product of two per-jet
probabilities is an event probability: the event is signal-like only if both jets are. Widths not
in the figure follow the authors' public code (CNN/train_CNN.py): conv 64 (5x5), 64 (5x5),
128 (3x3), 128 (3x3), 'same' padding, 2x2 pooling, dense 128-128-128-1.
"""

from dataclasses import dataclass

from weaksup.ml.networks.common import JET_INPUTS, Seeds


@dataclass(frozen=True)
class CNNSettings:
    """A ``networks`` entry of kind ``cwola_cnn``: the widths of the shared jet subnetwork of
    figure 1 (the paper's by default)."""

    conv_filters: tuple = (64, 64, 128, 128)
    kernel_sizes: tuple = (5, 5, 3, 3)
    dense_units: tuple = (128, 128, 128)
    dropout: float = 0.5

    KIND = "cwola_cnn"
    REPRESENTATION = "images"

    def __post_init__(self):
        if len(self.conv_filters) != len(self.kernel_sizes) or not self.conv_filters:
            raise ValueError("conv_filters and kernel_sizes need the same, non-zero length")
        if not 0 <= self.dropout < 1:
            raise ValueError(f"dropout must lie in [0, 1), got {self.dropout}")


SETTINGS = CNNSettings


def subnetwork(n_pixels: int, arch: CNNSettings, seeds: Seeds):
    """Jet image (n, n, 1) -> probability that the jet comes from the signal-enriched class."""
    import keras

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


def cwola_cnn(n_pixels: int, arch: CNNSettings, seed: int = 0, name: str = "cwola_cnn"):
    """The two-image network of figure 1 (uncompiled), its initial weights and dropout from ``seed``."""
    import keras

    shared = subnetwork(n_pixels, arch, Seeds(seed))
    inputs = [keras.Input((n_pixels, n_pixels, 1), name=name) for name in JET_INPUTS]
    jet_scores = [
        shared(keras.layers.BatchNormalization(name=f"batch_norm_{name}")(image))
        for name, image in zip(JET_INPUTS, inputs)
    ]
    event_score = keras.layers.Multiply(name="event_score")(jet_scores)
    return keras.Model(inputs, event_score, name=name)


def build(shapes: dict, settings: CNNSettings, seed: int = 0, name: str = "cwola_cnn"):
    """The network for inputs of ``shapes`` (the images representation's), from ``seed``."""
    return cwola_cnn(shapes["images"][-1], settings, seed, name)


def member_inputs(inputs: dict) -> dict:
    """The network's two (N, n, n, 1) inputs from (N, 2, n, n) event images."""
    images = inputs["images"]
    return {name: images[:, j, :, :, None] for j, name in enumerate(JET_INPUTS)}


def flops_per_sample(shapes: dict, arch: CNNSettings) -> int:
    """Multiply-adds x 2 of one forward pass of the two-image network (both jets), per event.

    Convolutions count n_out_pixels x k^2 x c_in x c_out, dense layers n_in x n_out; pooling,
    normalization and activations are neglected. Training costs about three times this.
    """
    flops, size, channels = 0, shapes["images"][-1], 1
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
