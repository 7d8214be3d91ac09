"""Networks and losses of the label-proportion studies (table 1 and appendix A), in Keras 3.

Weak supervision trains on the fraction label f_t of each event's set; full supervision on the
truth. Both use the same network (one hidden layer of sigmoid units, normal initialization), so
their comparison isolates the labels.
"""

from dataclasses import dataclass

import keras
import numpy as np

# Losses of a stack of R independent networks: targets and outputs have shape (batch, R). Each
# replica's loss is its own mean over the batch, and the replicas' losses are summed, so that each
# network gets exactly the gradient it would get if trained alone (with any optimizer, SGD too).


def binary_crossentropy(f_true, y_pred):
    """Eq. (2.2) per event, summed over replicas."""
    return keras.ops.sum(keras.ops.binary_crossentropy(f_true, y_pred), axis=-1)


def mean_absolute_error(f_true, y_pred):
    """Eq. (A.1) per event, summed over replicas."""
    return keras.ops.sum(keras.ops.abs(f_true - y_pred), axis=-1)


def label_proportion_loss(f_true, y_pred):
    """Eq. (A.2): |<f_t> - <y_p>| over the whole batch (one number per batch and replica, not per
    event), summed over replicas."""
    return keras.ops.sum(keras.ops.abs(keras.ops.mean(f_true, axis=0) - keras.ops.mean(y_pred, axis=0)))


LOSSES = {"bce": binary_crossentropy, "mae": mean_absolute_error, "llp": label_proportion_loss}
OPTIMIZERS = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD}


@dataclass(frozen=True)
class NetworkSettings:
    """Table 1: hidden sigmoid units, optimizer, learning rate, batch size, epochs."""

    hidden_units: int = 30
    optimizer: str = "adam"
    learning_rate: float = 0.0015
    batch_size: int = 32
    epochs: int = 100

    def __post_init__(self):
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"unknown optimizer {self.optimizer!r}; choose one of {tuple(OPTIMIZERS)}")


def dense_classifiers(n_inputs: int, settings: NetworkSettings, loss: str = "bce", replicas: int = 1) -> keras.Model:
    """``replicas`` independent networks of table 1 as one compiled model: (batch, R, inputs) -> (batch, R).

    Each network has one hidden layer of sigmoid units and a sigmoid output with normal
    initialization; their weights are separate slices of the two einsum layers, so the R
    networks train side by side at the cost of about one (the network is tiny; the step overhead
    is not).
    """
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; choose one of {tuple(LOSSES)}")
    init = keras.initializers.RandomNormal(stddev=0.05)
    model = keras.Sequential(
        [
            keras.Input((replicas, n_inputs)),
            keras.layers.EinsumDense(
                "brf,rfh->brh",
                output_shape=(replicas, settings.hidden_units),
                bias_axes="rh",
                activation="sigmoid",
                kernel_initializer=init,
            ),
            keras.layers.EinsumDense(
                "brh,rh->br", output_shape=(replicas,), bias_axes="r", activation="sigmoid", kernel_initializer=init
            ),
        ]
    )
    model.compile(optimizer=OPTIMIZERS[settings.optimizer](settings.learning_rate), loss=LOSSES[loss])
    return model


def standard_scaler(train: np.ndarray):
    """A function standardizing features with the training set's mean and std (fit on training only)."""
    mean, std = train.mean(axis=0), train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return lambda x: ((x - mean) / std).astype(np.float32)


def train_replicas(x, target, split, settings: NetworkSettings, loss: str, replicas: int, seed: int, scored=None):
    """Train ``replicas`` networks on (x, target) rows of ``split`` "train"; score the ``scored``
    rows (a mask; by default the "test" rows).

    Each replica starts from its own initialization and sees the training events in its own
    order (an independent permutation per replica, composed with Keras' shuffle each epoch).
    Features are standardized with the training split's mean and std (section 3).
    Returns (scores (n_scored, R), history: loss and val_loss per epoch, summed over replicas).
    """
    rng = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    train, validation = (split == "train"), (split == "validation")
    scored = split == "test" if scored is None else scored
    for name, rows in (("training", train), ("scored", scored)):
        if not rows.any():
            raise ValueError(f"the {name} split is empty")
    scale = standard_scaler(x[train])
    x_train, t_train = scale(x[train]), np.asarray(target[train], np.float32)
    order = rng.permuted(np.tile(np.arange(len(x_train))[:, None], (1, replicas)), axis=0)  # (n, R)

    def replicated(values):
        return np.repeat(values[:, None], replicas, axis=1)

    model = dense_classifiers(x.shape[1], settings, loss, replicas)
    validation_data = (replicated(scale(x[validation])), replicated(np.asarray(target[validation], np.float32)))
    history = model.fit(
        x_train[order],
        t_train[order],
        validation_data=validation_data if validation.any() else None,
        batch_size=settings.batch_size,
        epochs=settings.epochs,
        shuffle=True,
        verbose=0,
    )
    scores = model.predict(replicated(scale(x[scored])), batch_size=4096, verbose=0)
    return scores, {k: [float(v) for v in vals] for k, vals in history.history.items()}


def train_toy(data: dict, supervision: str, labels, loss: str, settings: NetworkSettings, replicas: int, seed: int):
    """Train ``replicas`` toy networks; return (test truth, test scores (n_test, R), history).

    ``supervision`` "weak" trains on the fraction labels ``labels[set]`` (section 2), "full" on
    the truth.
    """
    from .label_proportions import fraction_labels

    if supervision not in ("weak", "full"):
        raise ValueError(f"unknown supervision {supervision!r}; choose weak or full")
    target = fraction_labels(np.maximum(data["set"], 0), labels) if supervision == "weak" else data["truth"]
    scores, history = train_replicas(data["x"], target, data["split"], settings, loss, replicas, seed)
    return data["truth"][data["split"] == "test"], scores, history
