"""Settings of the training stages, each a frozen dataclass built by one ``from_config`` from its
config block: the CWoLa trainings' optimizer and stopping (``training``) and the label-proportion
networks of table 1 (``label_proportions.*.network``). The CWoLa networks' own settings live with
their family (``weaksup.ml.networks``).

Keras-free on purpose: the Snakefile builds a training job's params from these, and a job reruns
exactly when one of them changes, without the workflow loading a Keras backend to parse.
"""

from dataclasses import dataclass, fields

BACKENDS = ("tensorflow", "jax", "torch")
OPTIMIZERS = ("adam", "sgd")
#: losses of the label-proportion paper (``weaksup.ml.losses``); the CWoLa CNN uses bce, or llp with fraction labels
LOSSES = ("bce", "mae", "llp")


def _from_block(cls, block: dict):
    """``cls`` from the keys of a config block that are its fields (lists become tuples)."""
    values = {f.name: block[f.name] for f in fields(cls) if f.name in block}
    return cls(**{key: tuple(v) if isinstance(v, list) else v for key, v in values.items()})


@dataclass(frozen=True)
class TrainingSettings:
    """What a CWoLa training's result depends on in the ``training`` block (section 4.1): optimizer,
    batching, stopping. ``threads`` and ``gpus`` say where a job runs, not what it computes: they
    are the rule's threads and resources, never its params."""

    batch_size: int = 512
    learning_rate: float = 1e-4
    max_epochs: int = 100
    patience: int = 10
    fresh_copies_every_epoch: bool = False

    @classmethod
    def from_config(cls, training: dict) -> "TrainingSettings":
        return _from_block(cls, training)


@dataclass(frozen=True)
class DenseSettings:
    """Table 1 of the label-proportion paper: hidden sigmoid units, optimizer, learning rate, batch
    size, epochs (a ``label_proportions.*.network`` block)."""

    hidden_units: int = 30
    optimizer: str = "adam"
    learning_rate: float = 0.0015
    batch_size: int = 32
    epochs: int = 100

    def __post_init__(self):
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"unknown optimizer {self.optimizer!r}; choose one of {OPTIMIZERS}")

    @classmethod
    def from_config(cls, network: dict) -> "DenseSettings":
        return _from_block(cls, network)
