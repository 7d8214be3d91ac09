"""Networks and losses of the label-proportion studies (table 1 and appendix A), in Keras 3.

Weak supervision trains on the fraction label f_t of each event's set; full supervision on the
truth. Both use the same network (one hidden layer of sigmoid units, normal initialization), so
their comparison isolates the labels.
"""

from dataclasses import dataclass

import keras
import numpy as np


def label_proportion_loss(f_true, y_pred):
    """Eq. (A.2): |<f_t> - <y_p>| over the whole batch (one number per batch, not per event)."""
    return keras.ops.abs(keras.ops.mean(f_true) - keras.ops.mean(y_pred))


LOSSES = {
    "bce": keras.losses.BinaryCrossentropy,  # eq. (2.2)
    "mae": keras.losses.MeanAbsoluteError,  # eq. (A.1)
    "llp": lambda: label_proportion_loss,  # eq. (A.2)
}


@dataclass(frozen=True)
class NetworkSettings:
    """Table 1: hidden sigmoid units, optimizer, learning rate, batch size, epochs."""

    hidden_units: int = 30
    optimizer: str = "adam"
    learning_rate: float = 0.0015
    batch_size: int = 32
    epochs: int = 100


def dense_classifier(n_inputs: int, settings: NetworkSettings, loss: str = "bce") -> keras.Model:
    """One hidden layer of sigmoid units and a sigmoid output, normal initialization, compiled."""
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; choose one of {tuple(LOSSES)}")
    optimizers = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD}
    if settings.optimizer not in optimizers:
        raise ValueError(f"unknown optimizer {settings.optimizer!r}; choose one of {tuple(optimizers)}")
    init = keras.initializers.RandomNormal(stddev=0.05)
    model = keras.Sequential(
        [
            keras.Input((n_inputs,)),
            keras.layers.Dense(settings.hidden_units, activation="sigmoid", kernel_initializer=init),
            keras.layers.Dense(1, activation="sigmoid", kernel_initializer=init),
        ]
    )
    model.compile(optimizer=optimizers[settings.optimizer](settings.learning_rate), loss=LOSSES[loss]())
    return model


def standard_scaler(train: np.ndarray):
    """A function standardizing features with the training set's mean and std (fit on training only)."""
    mean, std = train.mean(axis=0), train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return lambda x: ((x - mean) / std).astype(np.float32)


def train_toy(data: dict, supervision: str, labels, loss: str, settings: NetworkSettings, seed: int):
    """Train one toy network; return (test truth, test scores, loss history per epoch).

    ``supervision`` "weak" trains on the fraction labels ``labels[set]`` (section 2), "full" on
    the truth. Features are standardized with the training split's mean and std (section 3).
    """
    from .label_proportions import fraction_labels

    if supervision not in ("weak", "full"):
        raise ValueError(f"unknown supervision {supervision!r}; choose weak or full")
    keras.utils.set_random_seed(seed)
    split = data["split"]
    train, validation, test = (split == "train"), (split == "validation"), (split == "test")
    target = fraction_labels(np.maximum(data["set"], 0), labels) if supervision == "weak" else data["truth"]
    target = np.asarray(target, np.float32)
    scale = standard_scaler(data["x"][train])
    model = dense_classifier(data["x"].shape[1], settings, loss)
    history = model.fit(
        scale(data["x"][train]),
        target[train],
        validation_data=(scale(data["x"][validation]), target[validation]),
        batch_size=settings.batch_size,
        epochs=settings.epochs,
        shuffle=True,
        verbose=0,
    )
    scores = model.predict(scale(data["x"][test]), batch_size=4096, verbose=0).ravel()
    return data["truth"][test], scores, {k: [float(v) for v in vals] for k, vals in history.history.items()}
