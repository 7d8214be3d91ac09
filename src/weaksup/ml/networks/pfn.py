"""A particle-flow network (Deep Sets / Energy Flow Network, Komiske, Metodiev and Thaler,
arXiv:1810.05165, eq. 1.2) reading particle arrays, beside the CNN under the same trainings.

A jet's score is F(sum_i Phi(p_i)): one per-particle network Phi (dense layers acting on every
constituent's features alike), a sum over the jet's real constituents (padding is masked out, so
the sum is permutation invariant and blind to the padding), a BatchNormalization of the sum (it
grows with the multiplicity; the CNN normalizes its images the same way) and a network F on it,
ending in a sigmoid. As in the CNN of figure 1, ONE subnetwork is shared by both jets and the event score is
the product of the two jet scores: the event is signal-like only if both jets are.
"""

from dataclasses import dataclass

from weaksup.ml.networks.common import JET_INPUTS, Seeds


@dataclass(frozen=True)
class PFNSettings:
    """A ``networks`` entry of kind ``pfn``: the widths of Phi (per particle; the last is the
    latent dimension) and of F (on the sum), and the dropout after each layer of F. The defaults
    are the Energy Flow Networks paper's (Phi 100-100-128, F 100-100-100) with the CNN's dropout."""

    phi_units: tuple = (100, 100, 128)
    f_units: tuple = (100, 100, 100)
    dropout: float = 0.5

    KIND = "pfn"
    REPRESENTATION = "particles"

    def __post_init__(self):
        if not self.phi_units:
            raise ValueError("phi_units needs at least one layer (the latent space)")
        if not 0 <= self.dropout < 1:
            raise ValueError(f"dropout must lie in [0, 1), got {self.dropout}")


SETTINGS = PFNSettings


def subnetwork(n_particles: int, n_features: int, settings: PFNSettings, seeds: Seeds):
    """A jet's particles (P, features) and mask (P,) -> probability that the jet comes from the
    signal-enriched class."""
    import keras

    def init():
        return {"kernel_initializer": keras.initializers.GlorotUniform(seeds())}

    particles = keras.Input((n_particles, n_features), name="jet_particles")
    mask = keras.Input((n_particles,), name="jet_mask")
    x = particles
    for i, units in enumerate(settings.phi_units):  # a Dense layer on (P, features) acts per particle
        x = keras.layers.Dense(units, activation="relu", name=f"phi{i + 1}", **init())(x)
    latent = keras.ops.sum(x * keras.ops.expand_dims(mask, -1), axis=1)  # eq. (1.2): the sum over particles
    # the sum grows with the multiplicity (~100 particles): standardized, as the CNN's images are
    x = keras.layers.BatchNormalization(name="latent_norm")(latent)
    for i, units in enumerate(settings.f_units):
        x = keras.layers.Dense(units, activation="relu", name=f"f{i + 1}", **init())(x)
        x = keras.layers.Dropout(settings.dropout, seed=seeds(), name=f"dropout{i + 1}")(x)
    output = keras.layers.Dense(1, activation="sigmoid", name="jet_score", **init())(x)
    return keras.Model([particles, mask], output, name="jet_subnetwork")


def build(shapes: dict, settings: PFNSettings, seed: int = 0, name: str = "pfn"):
    """The two-jet network for inputs of ``shapes`` (the particles representation's), from ``seed``."""
    import keras

    _, n_particles, n_features = shapes["particles"]
    shared = subnetwork(n_particles, n_features, settings, Seeds(seed))
    inputs = {}
    for jet in JET_INPUTS:
        inputs[jet] = keras.Input((n_particles, n_features), name=jet)
        inputs[f"{jet}_mask"] = keras.Input((n_particles,), name=f"{jet}_mask")
    jet_scores = [shared([inputs[jet], inputs[f"{jet}_mask"]]) for jet in JET_INPUTS]
    return keras.Model(inputs, keras.layers.Multiply(name="event_score")(jet_scores), name=name)


def member_inputs(inputs: dict) -> dict:
    """The network's per-jet inputs from (N, 2, P, features) particles and (N, 2, P) masks."""
    out = {}
    for j, jet in enumerate(JET_INPUTS):
        out[jet], out[f"{jet}_mask"] = inputs["particles"][:, j], inputs["mask"][:, j]
    return out


def flops_per_sample(shapes: dict, settings: PFNSettings) -> int:
    """Multiply-adds x 2 of one forward pass (both jets), per event: Phi on every padded slot, F once."""
    _, n_particles, width = shapes["particles"]
    flops = 0
    for units in settings.phi_units:
        flops += 2 * n_particles * width * units
        width = units
    for units in (*settings.f_units, 1):
        flops += 2 * width * units
        width = units
    return 2 * flops  # two jets per event
