"""R networks side by side as one Keras model: the one way this package trains several networks.

Member r of a stack sees only slice r of every input and keeps its own weights: the R networks
train in one compiled step, each exactly as it would alone (the losses sum the members' own
losses, ``losses.per_network``). On a GPU the replicas of a point train side by side in one
stack; on CPUs a ``Trainer`` (a stack of one, traced once) trains them one after another.
"""

import keras

from weaksup.ml import losses, networks


def stack(members: list[keras.Model], shapes: dict, settings=None) -> keras.Model:
    """Named inputs (batch, R, *shape) for each of the representation's ``shapes`` -> scores
    (batch, R) of the R ``members`` (networks of ``settings``' family, which maps the named inputs
    to a member's; None: the members take the named inputs as they are)."""
    weights = {tuple(tuple(w.shape) for w in member.weights) for member in members}
    if len(weights) > 1:
        raise ValueError("the members of a stack must share one network (config key 'networks')")
    inputs = {name: keras.Input((len(members), *shape), name=name) for name, shape in shapes.items()}
    member_inputs = networks.member_inputs(settings)
    scores = [member(member_inputs({name: x[:, r] for name, x in inputs.items()})) for r, member in enumerate(members)]
    return keras.Model(inputs, keras.layers.Concatenate(name="member_scores")(scores), name="stack")


def compile_stack(model: keras.Model, learning_rate: float, loss: str, optimizer=None) -> keras.Model:
    """Compile a ``stack`` with Adam (or an ``optimizer`` carried over from a larger stack of the same
    members, with its per-weight moments) and ``loss`` of ``weaksup.ml.losses`` ("bce" with 0/1
    labels; "llp", eq. (A.2) of the second paper, with fraction labels), evaluated network by
    network (``losses.per_network``: each member's step is then bit for bit its step alone)."""
    optimizer = optimizer or keras.optimizers.Adam(learning_rate)
    model.compile(optimizer=optimizer, loss=losses.per_network(losses.get(loss)))
    return model


def should_rebuild(waste: float, compile_seconds: float | None, n_learning: int) -> bool:
    """Whether to recompile a stack without its stopped members: once the seconds of steps they
    wasted reach the cost of tracing a stack of the ``n_learning`` others (``compile_seconds`` per
    network, measured on the first epoch; None: not yet known). Ski rental: at most twice the
    cheaper of never and at once."""
    return compile_seconds is not None and waste >= compile_seconds * n_learning


class Trainer:
    """A compiled stack of R networks that trains set after set of R members: traced once, then
    loaded with each set's networks (weights and dropout seed states) and a fresh optimizer (the
    state it had before its first step: no moments, step 0), so a member trains exactly as in a
    stack of its own."""

    def __init__(self, nets: list[keras.Model], shapes: dict, settings, learning_rate: float, loss: str):
        self.nets = nets
        self.model = compile_stack(stack(nets, shapes, settings), learning_rate, loss)
        self.model.optimizer.build(self.model.trainable_variables)
        self.fresh_optimizer = [keras.ops.convert_to_numpy(v) for v in self.model.optimizer.variables]

    def load(self, nets: list[keras.Model]) -> keras.Model:
        """The compiled stack, its members set to ``nets`` and its optimizer fresh."""
        for target, source in zip(self.nets, nets):
            for variable, value in zip(target.variables, source.variables):
                variable.assign(value)
        for variable, value in zip(self.model.optimizer.variables, self.fresh_optimizer):
            variable.assign(value)
        return self.model
