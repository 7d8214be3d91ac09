"""Loss functions of both papers' networks, in Keras 3 (``keras.ops`` only).

Targets and outputs have shape (batch, R): R independent networks trained side by side (R = 1 for
the CWoLa CNN). Each network's loss is its own mean over the batch, and the networks' losses are
summed, so that each gets exactly the gradient it would get if trained alone (with any optimizer,
SGD too).
"""

import functools

import keras

from weaksup.ml.settings import LOSSES


def binary_crossentropy(f_true, y_pred):
    """Eq. (2.2) of the label-proportion paper per event, summed over networks."""
    return keras.ops.sum(keras.ops.binary_crossentropy(f_true, y_pred), axis=-1)


def mean_absolute_error(f_true, y_pred):
    """Eq. (A.1) per event, summed over networks."""
    return keras.ops.sum(keras.ops.abs(f_true - y_pred), axis=-1)


def label_proportion_loss(f_true, y_pred):
    """Eq. (A.2): |<f_t> - <y_p>| over the whole batch (one number per batch and network, not per
    event), summed over networks."""
    return keras.ops.sum(keras.ops.abs(keras.ops.mean(f_true, axis=0) - keras.ops.mean(y_pred, axis=0)))


def per_network(function):
    """``function`` on each network's column of (batch, R) on its own, summed over networks: the
    same sum, but each network's loss and gradient then run through exactly the operations it runs
    through alone. On one (batch, R) array the math library's SIMD code treats the array's last,
    partial vector of elements differently (a logarithm can differ in the last bit), and which
    elements fall there depends on R and the batch size."""

    @functools.wraps(function)
    def loss(f_true, y_pred):
        return sum(function(f_true[:, r : r + 1], y_pred[:, r : r + 1]) for r in range(y_pred.shape[-1]))

    return loss


FUNCTIONS = dict(zip(LOSSES, (binary_crossentropy, mean_absolute_error, label_proportion_loss)))


def get(name: str):
    """The loss function called ``name`` (one of ``settings.LOSSES``)."""
    if name not in FUNCTIONS:
        raise ValueError(f"unknown loss {name!r}; choose one of {LOSSES}")
    return FUNCTIONS[name]
