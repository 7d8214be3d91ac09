"""Early stopping on the validation loss, member by member, as Keras's callback does it."""

from dataclasses import dataclass, field

import keras
import numpy as np

from weaksup.ml import losses


def validation_loss(targets, scores, loss: str, batch_size: int) -> float:
    """A member's validation loss as Keras reports it: the loss of each batch of ``batch_size``
    events, averaged with the batch sizes as weights (eq. (A.2) is a batch-level loss)."""
    function, values, sizes = losses.get(loss), [], []
    for start in range(0, len(targets), batch_size):
        t, s = (np.asarray(a[start : start + batch_size], np.float32)[:, None] for a in (targets, scores))
        values.append(float(keras.ops.convert_to_numpy(keras.ops.mean(function(t, s)))))
        sizes.append(len(t))
    return float(np.average(values, weights=sizes))


@dataclass
class EarlyStopping:
    """Keras's early stopping on the validation loss, for one member: stop after ``patience``
    epochs without improvement and keep the weights of the best epoch."""

    patience: int
    best: float = np.inf
    best_epoch: int = 0
    wait: int = 0
    weights: list = field(default_factory=list)

    def update(self, epoch: int, loss: float, net: keras.Model) -> bool:
        """Record ``epoch`` (1-based); True when the member is done."""
        if loss < self.best:
            self.best, self.best_epoch, self.wait, self.weights = loss, epoch, 0, net.get_weights()
        else:
            self.wait += 1
        return self.wait >= self.patience
